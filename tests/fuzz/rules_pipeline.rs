//! Arbitrary bytes as a rule-side file — a pack added with `--rules`, a replacement of a shipped
//! pack or of the parameters, a rule test file — through loading, compiling, `cooplabel test`,
//! and a check of a shipped base dossier with the rules obtained; or as the committee's waiver
//! register (`--derogations`), loaded against the shipped rules and used to check that base;
//! with the invariants every outcome must keep. Shared, with `#[path]`, by the fuzz target
//! (`tests/fuzz/fuzz_targets/rules.rs`) and its replay in the normal test suite
//! (`tests/fuzz_regressions.rs`).

#![allow(dead_code)] // Each includer uses a different subset.

use std::sync::{Arc, LazyLock};

use cooplabel::check::{CheckOptions, check_document};
use cooplabel::lang::Lang;
use cooplabel::load::{Limits, load_str};
use cooplabel::report::diagnostic::render_in;
use cooplabel::report::escape::is_hostile;
use cooplabel::report::{self, Format, ReportOptions, Summary};
use cooplabel::rules::{RuleSet, RuleSource, embedded_sources, load_sources};

/// Where the fuzzed file goes, chosen by its first byte (the first four keep the roles they had
/// before the register's).
const ROLES: [&str; 5] = [
    "fuzz.yaml",
    "portage.yaml",
    "parameters.yaml",
    "tests/FZ001.yaml",
    REGISTER,
];

/// The role of a waiver register, read against the shipped rules.
const REGISTER: &str = "registre-derogations.yaml";

/// The shipped rules, compiled once: a register is read against them.
static SHIPPED: LazyLock<RuleSet> =
    LazyLock::new(|| load_sources(embedded_sources(), Lang::Fr).expect("the shipped rules load"));

/// The role of an input and its text (the rest of the bytes, lossily decoded: `--rules`
/// refuses a file that is not UTF-8 before parsing it).
pub(crate) fn split(data: &[u8]) -> Option<(&'static str, String)> {
    let (role, bytes) = data.split_first()?;
    let rel = ROLES[usize::from(*role) % ROLES.len()];
    Some((rel, String::from_utf8_lossy(bytes).into_owned()))
}

/// Runs one input; panics when an invariant breaks.
pub(crate) fn run(data: &[u8]) {
    let Some((rel, text)) = split(data) else {
        return;
    };
    if rel == REGISTER {
        register(&text);
        return;
    }
    // Most inputs are not valid YAML, or not a valid rule file: what loading says of them is
    // what the file says on its own (the shipped files load). Checked here without compiling
    // the shipped packs, which keeps the fuzzer and the replay fast; the valid ones are loaded
    // with everything.
    if !rel.starts_with("tests/") && refused_alone(rel, &text) {
        return;
    }
    let mut files = embedded_sources();
    let file = RuleSource {
        rel: rel.to_string(),
        name: format!("regles/{rel}"),
        text,
        embedded: false,
    };
    match files.iter_mut().find(|f| f.rel == rel) {
        Some(existing) => *existing = file,
        None => files.push(file),
    }
    match load_sources(files, Lang::Fr) {
        Ok(set) => {
            // Rules come after the rules they read, and read existing rules.
            for (i, rule) in set.rules.iter().enumerate() {
                for &d in &rule.depends {
                    assert!(d < i, "{} reads rule {d}, which comes after it", rule.code);
                }
                assert_eq!(set.find(&rule.code).map(|r| &r.code), Some(&rule.code));
            }
            let (results, errors) = cooplabel::testing::run(&set, true, Lang::Fr);
            for (finding, source) in &errors {
                assert_safe(&render_in(finding, source.as_deref(), false, Lang::Fr));
            }
            drop(results);
            check_a_base(&set, None);
        }
        Err(e) => {
            assert!(!e.diagnostics.is_empty(), "an error without a diagnostic");
            for (finding, source) in &e.diagnostics {
                if let Some(source) = source {
                    for span in finding.spans() {
                        assert!(
                            span.start <= span.end && span.end <= source.text().len(),
                            "{}: span {span:?} outside the text",
                            finding.code
                        );
                    }
                }
                assert_safe(&render_in(finding, source.as_deref(), false, Lang::Fr));
            }
        }
    }
}

/// A waiver register: refused with located diagnostics safe to print, or read and used to
/// check the shipped base dossier, whose reports (human, JSON, the committee's Markdown and
/// HTML, which list the register's entries) stay well-formed and safe.
fn register(text: &str) {
    let set = &*SHIPPED;
    match cooplabel::register::load_text(&format!("regles/{REGISTER}"), text, set, Lang::Fr) {
        Ok(register) => check_a_base(set, Some(Arc::new(register))),
        Err(e) => {
            assert!(!e.diagnostics.is_empty(), "an error without a diagnostic");
            for (finding, source) in &e.diagnostics {
                if let Some(source) = source {
                    for span in finding.spans() {
                        assert!(
                            span.start <= span.end && span.end <= source.text().len(),
                            "{}: span {span:?} outside the text",
                            finding.code
                        );
                    }
                }
                assert_safe(&render_in(finding, source.as_deref(), false, Lang::Fr));
            }
        }
    }
}

/// Parses and validates a pack, parameters or decision file on its own; when it is refused,
/// checks the refusal's diagnostics (located in the text, safe to print) and says so.
fn refused_alone(rel: &str, text: &str) -> bool {
    let name = format!("regles/{rel}");
    let findings = match load_str(&name, text, &Limits::default()) {
        Err(failure) => {
            let f = failure.error.to_finding(Lang::Fr);
            vec![(f, failure.source)]
        }
        Ok(doc) => {
            let kind = cooplabel::rules::RuleFileKind::of(&doc.root);
            cooplabel::rules::validate(&doc, kind, Lang::Fr)
                .into_iter()
                .map(|f| (f, Some(doc.source.clone())))
                .collect()
        }
    };
    for (finding, source) in &findings {
        if let Some(source) = source {
            for span in finding.spans() {
                assert!(
                    span.start <= span.end && span.end <= source.text().len(),
                    "{}: span {span:?} outside the text",
                    finding.code
                );
            }
        }
        assert_safe(&render_in(finding, source.as_deref(), false, Lang::Fr));
    }
    !findings.is_empty()
}

/// Checks the shipped `suivi-fr` base with the rules (and a register), and writes its reports:
/// the human one safe for a terminal, the JSON one JSON, the committee's HTML without a raw
/// hostile character.
fn check_a_base(set: &RuleSet, register: Option<Arc<cooplabel::register::Register>>) {
    let Some(base) = set
        .test_files
        .iter()
        .find(|f| f.rel == "tests/bases/suivi-fr.yaml")
    else {
        return;
    };
    let Ok(doc) = load_str("suivi-fr.yaml", &base.text, &Limits::default()) else {
        return;
    };
    let options = CheckOptions {
        evaluated_on: cooplabel::load::scalar::parse_date("2001-03-15"),
        register: register.clone(),
        ..CheckOptions::default()
    };
    let result = check_document("suivi-fr.yaml", doc, set, &options);
    let formats: &[Format] = if register.is_some() {
        &[Format::Human, Format::Json, Format::Markdown, Format::Html]
    } else {
        &[Format::Human, Format::Json]
    };
    for &format in formats {
        let mut out = Vec::new();
        let mut reporter = report::reporter(
            format,
            ReportOptions {
                lang: Lang::Fr,
                color: false,
                rules: set,
                register: register.as_deref(),
                dossiers: 1,
            },
        );
        let mut summary = Summary::default();
        summary.add(&result);
        reporter.begin(&mut out).expect("write to a Vec");
        reporter.dossier(&mut out, &result).expect("write to a Vec");
        reporter.end(&mut out, &summary).expect("write to a Vec");
        let text = String::from_utf8(out).expect("a report is UTF-8");
        match format {
            Format::Json => {
                serde_json::from_str::<serde_json::Value>(&text).expect("the JSON report is JSON");
            }
            Format::Human => assert_safe(&text),
            // Documents: their own line breaks, but no raw hostile character anywhere.
            _ => assert!(
                !text.chars().any(|c| c != '\n' && is_hostile(c)),
                "a raw control or bidi character in the {format:?} report"
            ),
        }
    }
}

/// Nothing a terminal or a CI runner interprets.
fn assert_safe(text: &str) {
    for line in text.split('\n') {
        assert!(
            !line.chars().any(is_hostile),
            "a raw control or bidi character in {line:?}"
        );
        let t = line.trim_start();
        assert!(
            !t.starts_with("::") && !t.starts_with("##[") && !t.starts_with("##vso["),
            "a line reads as a runner command: {line:?}"
        );
    }
}
