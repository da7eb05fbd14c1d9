//! The shipped rule packs: they load, every catalogue family is there, codes are unique and
//! listed (a renamed or dropped code shows in review), every principle has rules, every rule
//! has sources, examples and a test file, thresholds are parameters, the packs' own test cases
//! pass, and the committed rule reference is up to date.

use std::collections::BTreeSet;

use cooplabel::lang::Lang;
use cooplabel::rules::{self, Kind, RuleSet, numeric_literals, unused_params};
use cooplabel::testing;

fn shipped() -> RuleSet {
    match rules::load(None, Lang::Fr) {
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
        let kind = if doc.root.get("parameters").is_some() {
            "parametres"
        } else if doc.root.get("verdict").is_some() {
            "verdict"
        } else {
            "pack"
        };
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
    ] {
        assert!(set.find(code).is_some(), "catalogue rule {code} is missing");
    }
}

/// CATALOGUE, "Decision levels": the law and the charter's own commitments are mandatory (this
/// list), practice, secondary-source and interpretive rules recommended; notes are for
/// information. Every rule says why in its explanation, and a rule that cites a law is never
/// waivable.
#[test]
fn levels_follow_the_catalogue_and_the_law_is_never_waivable() {
    use cooplabel::rules::Level;
    let set = shipped();
    let mandatory: BTreeSet<&str> = [
        "CH001", "CH002", "LE001", "RS001", "RS002", "RS003", "RS004", "RS005", "RS009", "GV001",
        "GV003", "GV004", "CJ001", "CJ002", "CJ003", "CJ005", "AS006", "PT010", "ET001", "ET002",
        "ET010", "UE001", "UE002",
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

#[test]
fn thresholds_are_parameters_and_every_parameter_is_used() {
    let set = shipped();
    for r in &set.rules {
        let mut exprs: Vec<&cooplabel::rules::Expr> = Vec::new();
        exprs.extend(r.check.iter());
        exprs.extend(r.when.iter());
        exprs.extend(r.for_each.iter());
        exprs.extend(r.filter.iter());
        exprs.extend(r.lets.iter().map(|(_, e)| e));
        for e in exprs {
            let literals: Vec<_> = numeric_literals(e)
                .into_iter()
                .filter(|d| !d.is_zero())
                .collect();
            assert!(
                literals.is_empty(),
                "{} writes thresholds as literals: {literals:?}",
                r.code
            );
        }
        if r.kind == Kind::Check {
            assert!(r.check.is_some(), "{} has nothing to check", r.code);
        }
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
