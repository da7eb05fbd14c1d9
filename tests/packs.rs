//! The shipped rule packs: they load, every catalogue family is there, codes are unique and
//! listed (a renamed or dropped code shows in review), every principle has rules, every rule
//! has sources, examples and a test file, thresholds are parameters, the packs' own test cases
//! pass, and the committed rule reference is up to date.

use std::collections::BTreeSet;

use cooplabel::dossier::Country;
use cooplabel::lang::Lang;
use cooplabel::rules::{self, RuleSet, numeric_literals, unused_params};
use cooplabel::testing;

fn shipped() -> RuleSet {
    match rules::load(None, &[], Lang::Fr) {
        Ok(s) => s,
        Err(e) => panic!(
            "the shipped packs do not load: {:#?}",
            e.diagnostics
                .iter()
                .map(|(f, s)| (
                    &f.code,
                    &f.message,
                    s.as_ref().map(|s| s.name().to_string())
                ))
                .collect::<Vec<_>>()
        ),
    }
}

#[test]
fn codes_are_unique_and_listed() {
    let set = shipped();
    let mut codes: Vec<String> = set
        .rules
        .iter()
        .map(|r| format!("{} {}", r.code, r.name))
        .collect();
    codes.sort();
    let unique: BTreeSet<&str> = set.rules.iter().map(|r| r.code.as_str()).collect();
    assert_eq!(unique.len(), set.rules.len(), "duplicate codes");
    let names: BTreeSet<&str> = set.rules.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names.len(), set.rules.len(), "duplicate names");
    insta::assert_snapshot!(codes.join("\n"));
}

/// The engine's own codes (LD, SC, RF, RE, IM, RP): each listed once with its name and titles,
/// neither code nor name shared with another code or a rule of the packs (`cooplabel explain`
/// finds each by either), and each documented in both languages.
#[test]
fn engine_codes_are_unique_documented_and_listed() {
    use cooplabel::codes::Code;
    let set = shipped();
    let mut codes = BTreeSet::new();
    let mut names = BTreeSet::new();
    for r in &set.rules {
        codes.insert(r.code.clone());
        names.insert(r.name.clone());
    }
    let mut listed = Vec::new();
    for &c in Code::ALL {
        assert!(codes.insert(c.as_str().to_string()), "code {c} twice");
        assert!(
            names.insert(c.name().to_string()),
            "name {} twice",
            c.name()
        );
        assert_eq!(Code::find(c.as_str()), Some(c));
        assert_eq!(Code::find(c.name()), Some(c));
        let (fr, en) = (c.texts(Lang::Fr), c.texts(Lang::En));
        for t in [fr.title, fr.doc, en.title, en.doc] {
            assert!(!t.trim().is_empty(), "{c} undocumented");
        }
        assert_ne!(
            fr.doc, en.doc,
            "{c}: the English text is a copy of the French"
        );
        listed.push(format!("{c} {} | {} | {}", c.name(), fr.title, en.title));
    }
    insta::assert_snapshot!(listed.join("\n"));
}

/// The shipped rule files are not validated at every start (they are in the binary): they are
/// validated here, against the schema a rule author's files meet.
#[test]
fn shipped_rule_files_meet_the_rule_schema() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/rules");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let doc =
            cooplabel::load::load_str(&path.display().to_string(), &text, &Default::default())
                .unwrap_or_else(|_| panic!("{} parses", path.display()));
        let kind = rules::RuleFileKind::of(&doc.root);
        let findings = rules::validate(&doc, kind, Lang::Fr);
        assert!(
            findings.is_empty(),
            "{}: {:#?}",
            path.display(),
            findings
                .iter()
                .map(|f| (&f.code, &f.message, &f.pointer))
                .collect::<Vec<_>>()
        );
        checked += 1;
    }
    assert!(checked >= 9, "{checked} files");
}

#[test]
fn every_catalogue_family_is_encoded() {
    let set = shipped();
    for family in [
        "LE", "AS", "DL", "CJ", "CH", "RS", "PT", "ET", "GV", "UE", "DG",
    ] {
        assert!(
            set.rules.iter().any(|r| r.family() == family),
            "no rule of family {family}"
        );
    }
    // The catalogue's rows (CATALOGUE.md), each encoded under its suggested code.
    for code in [
        "CH001", "CH002", "LE001", "LE002", "LE003", "AS001", "AS002", "AS003", "AS004", "AS005",
        "AS006", "AS007", "DL001", "DL002", "DL003", "CJ001", "CJ002", "CJ003", "CJ004", "CJ005",
        "RS001", "RS002", "RS003", "RS004", "RS005", "RS006", "RS007", "RS008", "RS009", "PT001",
        "PT002", "PT003", "PT004", "PT005", "PT010", "ET001", "ET002", "ET003", "ET010", "ET011",
        "ET012", "ET020", "ET021", "ET022", "ET030", "GV001", "GV002", "GV003", "GV004", "UE001",
        "UE002", "UE003", "DG001", "DG002", "DG003",
        // Corrections and additions (2026-11): the Comité technique recommended in France, the
        // second limit of art. 3 bis, the Scop articles 15 and 24, the révision coopérative, the
        // SCIC reserves, art. 19 bis for the union.
        "DL005", "GV005", "GV006", "GV007", "GV008", "GV009", "RS010", "UE004",
    ] {
        assert!(set.find(code).is_some(), "catalogue rule {code} is missing");
    }
}

/// CATALOGUE, "Decision levels": the law and the charter's own commitments are mandatory (this
/// list), practice, secondary-source and interpretive rules recommended; notes are for
/// information. Every rule says why in its explanation, and a rule that cites a law is never
/// waivable.
///
/// The legal checks of the corrections (2026-11) read in the law's text are mandatory: art. 3
/// bis's second limit (GV005), art. 15 (GV006), the révision coopérative (GV008), art. 19 bis
/// (UE004); DL003, now Belgian only, is « an error for BE ». Their rows' secondary or unverified
/// parts are recommended: the SCIC's own reserve split (RS010; art. 16 for SCIC is RS009), art.
/// 24 whose scope is not verified (GV007), the révision's triggers (GV009), the Comité technique
/// in France (DL005).
#[test]
fn levels_follow_the_catalogue_and_the_law_is_never_waivable() {
    use cooplabel::rules::Level;
    let set = shipped();
    let mandatory: BTreeSet<&str> = [
        "CH001", "CH002", "LE001", "RS001", "RS002", "RS003", "RS004", "RS005", "RS009", "GV001",
        "GV003", "GV004", "CJ001", "CJ002", "CJ003", "CJ005", "AS006", "PT010", "ET001", "ET002",
        "ET010", "UE001", "UE002", // Corrections and additions (2026-11):
        "GV005", "GV006", "GV008", "UE004", "DL003",
    ]
    .into_iter()
    .collect();
    for r in &set.rules {
        let expected = if mandatory.contains(r.code.as_str()) {
            Level::Mandatory
        } else if r.kind == cooplabel::rules::Kind::Note
            || r.severity == cooplabel::finding::Severity::Info
            || r.code.starts_with("DR")
            || r.code == "DG001"
            // The engine's notes on the history: a lapsed waiver (its criterion already counts),
            // two dossiers for one period.
            || r.code == "HI005"
            || r.code == "HI006"
        {
            Level::Information
        } else {
            Level::Recommended
        };
        assert_eq!(r.level, expected, "{} has the level {:?}", r.code, r.level);
        let word = match r.level {
            Level::Mandatory => "Niveau obligatoire",
            Level::Recommended => "Niveau recommandé",
            Level::Information => "Niveau information",
        };
        assert!(
            r.explanation.fr.contains(word),
            "{}'s explanation does not justify its level (« {word} : … »)",
            r.code
        );
        if r.cites_law() {
            assert!(!r.waivable, "{} cites a law but is waivable", r.code);
        }
    }
}

#[test]
fn every_principle_has_rules_and_every_rule_sources_examples_and_tests() {
    let set = shipped();
    for p in &set.charter.principes {
        assert!(
            set.rules
                .iter()
                .any(|r| r.principle.as_deref() == Some(p.id.as_str())),
            "principle {} has no rule",
            p.id
        );
    }
    let test_files: BTreeSet<&str> = set.test_files.iter().map(|f| f.rel.as_str()).collect();
    for r in &set.rules {
        assert!(!r.sources.is_empty(), "{} has no source", r.code);
        assert!(r.examples.is_some(), "{} has no examples", r.code);
        assert!(
            !r.explanation.fr.trim().is_empty(),
            "{} has no explanation",
            r.code
        );
        assert!(
            test_files.contains(format!("tests/{}.yaml", r.code).as_str()),
            "{} has no rules/tests/{}.yaml",
            r.code,
            r.code
        );
    }
}

/// A finding always cites a text in force: wherever and whenever a rule can apply (each
/// country it names, dates around every text's start and end), at least one of its sources
/// applies there and then; and no text is cited to a dossier judged before it existed.
#[test]
fn every_applicable_rule_cites_a_text_in_force_in_the_dossiers_country_and_date() {
    let set = shipped();
    let day = |s: &str| s.parse::<jiff::civil::Date>().unwrap();
    // Every date a source or a rule starts or ends, the day before and the day itself, and the
    // samples' years.
    let mut dates: BTreeSet<jiff::civil::Date> = ["1995-12-31", "2000-12-31", "2021-12-31"]
        .iter()
        .map(|d| day(d))
        .collect();
    for r in &set.rules {
        let bounds = r
            .sources
            .iter()
            .flat_map(|s| [s.from.as_deref(), s.until.as_deref()])
            .flatten()
            .map(day)
            .chain(r.from)
            .chain(r.until);
        for d in bounds {
            dates.insert(d);
            dates.insert(d.yesterday().unwrap());
            dates.insert(d.tomorrow().unwrap());
        }
    }
    let mut missing = Vec::new();
    for r in &set.rules {
        let countries = r.countries.clone().unwrap_or_else(|| Country::ALL.to_vec());
        for country in &countries {
            for &d in &dates {
                let in_force =
                    set.in_force_from(r).is_none_or(|f| d >= f) && r.until.is_none_or(|u| d <= u);
                if !in_force {
                    continue;
                }
                if r.sources_for(Some(*country), d, Lang::Fr).is_empty() {
                    missing.push(format!("{} ({country}, {d})", r.code));
                }
            }
        }
    }
    // The texts whose date the catalogue gives: each citation of one is dated no earlier.
    let known = [
        ("78-763", "1978-07-20"),
        ("92-643", "1992-07-14"),
        ("2001-624", "2001-07-17"),
        ("2014-856", "2014-08-02"),
        ("L7331", "2014-08-02"),
        ("L7332", "2014-08-02"),
        ("2015-706", "2015-07-01"),
        ("2015-1363", "2016-01-01"),
        ("Code des sociétés et des associations", "2019-05-01"),
        ("23 mars 2019", "2019-05-01"),
    ];
    let sources = set
        .rules
        .iter()
        .map(|r| (r.code.as_str(), &r.sources))
        .chain(set.params.iter().map(|p| (p.name.as_str(), &p.sources)));
    let mut undated = Vec::new();
    for (owner, list) in sources {
        for s in list {
            let cited = format!(
                "{} {}",
                s.law.as_deref().unwrap_or_default(),
                s.article.as_deref().unwrap_or_default()
            );
            for (text, date) in known {
                if cited.contains(text) && s.from.as_deref().is_none_or(|f| day(f) < day(date)) {
                    undated.push(format!("{owner}: « {cited} » (in force from {date})"));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "rules that apply but cite no text in force: {missing:?}"
    );
    assert!(
        undated.is_empty(),
        "texts cited without the date they took effect: {undated:#?}"
    );
}

/// People read the network's texts by author, title and date, never by their file number.
#[test]
fn no_user_facing_text_names_a_seed_file() {
    let set = shipped();
    for lang in [Lang::Fr, Lang::En] {
        for r in &set.rules {
            let texts = r
                .sources_text(lang)
                .into_iter()
                .chain([r.explanation.get(lang).clone(), r.title.get(lang).clone()]);
            for t in texts {
                let lower = t.to_lowercase();
                assert!(
                    !lower.contains("seed:") && !lower.contains("seed 0"),
                    "{}: {t}",
                    r.code
                );
            }
        }
        for p in &set.params {
            for t in p
                .sources_text(lang)
                .into_iter()
                .chain([p.describe(lang).to_string()])
            {
                let lower = t.to_lowercase();
                assert!(
                    !lower.contains("seed:") && !lower.contains("seed 0"),
                    "{}: {t}",
                    p.name
                );
            }
        }
    }
}

#[test]
fn thresholds_are_parameters_and_every_parameter_is_used() {
    let set = shipped();
    for r in &set.rules {
        let literals: Vec<_> = numeric_literals(r)
            .into_iter()
            .filter(|d| !d.is_zero())
            .collect();
        assert!(
            literals.is_empty(),
            "{} writes thresholds as literals: {literals:?}",
            r.code
        );
    }
    assert_eq!(
        unused_params(&set),
        BTreeSet::new(),
        "parameters used by no rule"
    );
}

#[test]
fn the_packs_own_test_cases_and_examples_pass() {
    let set = shipped();
    let (results, errors) = testing::run(&set, false, Lang::Fr);
    assert!(
        errors.is_empty(),
        "invalid test files: {:?}",
        errors.iter().map(|(f, _)| &f.message).collect::<Vec<_>>()
    );
    let failed: Vec<String> = results
        .iter()
        .filter(|r| !r.ok)
        .map(|r| {
            format!(
                "{} / {}: expected {:?}{}, got {:?} {}",
                r.group,
                r.name,
                r.expected,
                r.expectation,
                r.actual,
                r.error.clone().unwrap_or_default()
            )
        })
        .collect();
    assert!(
        failed.is_empty(),
        "{} failing cases:\n{}",
        failed.len(),
        failed.join("\n")
    );
    // Two examples per rule, and at least two cases per test file.
    assert!(
        results.len() >= set.rules.len() * 4,
        "only {} cases",
        results.len()
    );
}

#[test]
fn the_committed_rule_reference_is_up_to_date() {
    let set = shipped();
    let generated = cooplabel::explain::reference(&set, Lang::Fr);
    let committed =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/rules/REFERENCE.md"))
            .unwrap_or_default();
    assert!(
        generated == committed,
        "rules/REFERENCE.md is out of date: run `cargo run -- rules --format markdown > rules/REFERENCE.md`"
    );
}

#[test]
fn every_rule_message_starts_with_a_capital() {
    // A rule's message is a sentence in both languages, the builtin rules' (DG, DR) as much
    // as those written in the packs; the engine's own diagnostics (SC, LD…) are not rules.
    let set = shipped();
    for lang in [Lang::Fr, Lang::En] {
        let (results, _) = testing::run(&set, false, lang);
        let lower: BTreeSet<String> = results
            .iter()
            .flat_map(|r| &r.messages)
            .filter(|((code, _), _)| set.index_of(code).is_some())
            .filter(|(_, m)| m.chars().next().is_some_and(char::is_lowercase))
            .map(|((code, _), m)| format!("{code} ({lang:?}): {m}"))
            .collect();
        assert!(lower.is_empty(), "messages in lower case:\n{lower:#?}");
    }
}
