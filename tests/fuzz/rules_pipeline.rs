//! Arbitrary bytes as a rule-side file — a pack added with `--rules`, a replacement of a shipped
//! pack or of the parameters, a rule test file — through loading, compiling, `cooplabel test`,
//! and a check of a shipped base dossier with the rules obtained; with the invariants every
//! outcome must keep. Shared, with `#[path]`, by the fuzz target
//! (`tests/fuzz/fuzz_targets/rules.rs`) and its replay in the normal test suite
//! (`tests/fuzz_regressions.rs`).

#![allow(dead_code)] // Each includer uses a different subset.

use cooplabel::check::{CheckOptions, check_document};
use cooplabel::lang::Lang;
use cooplabel::load::{Limits, load_str};
use cooplabel::report::diagnostic::render_in;
use cooplabel::report::escape::is_hostile;
use cooplabel::report::{self, Format, ReportOptions, Summary};
use cooplabel::rules::{RuleSource, embedded_sources, load_sources};

/// Where the fuzzed file goes, chosen by its first byte.
const ROLES: [&str; 4] = [
    "fuzz.yaml",
    "portage.yaml",
    "parameters.yaml",
    "tests/FZ001.yaml",
];

/// The role of an input and its text (the rest of the bytes, lossily decoded: `--rules`
/// refuses a file that is not UTF-8 before parsing it).
pub fn split(data: &[u8]) -> Option<(&'static str, String)> {
    let (role, bytes) = data.split_first()?;
    let rel = ROLES[usize::from(*role) % ROLES.len()];
    Some((rel, String::from_utf8_lossy(bytes).into_owned()))
}

/// Runs one input; panics when an invariant breaks.
pub fn run(data: &[u8]) {
    let Some((rel, text)) = split(data) else {
        return;
    };
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
            check_a_base(&set);
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
            let kind = if doc.root.get("parameters").is_some() {
                "parametres"
            } else if doc.root.get("severity_weights").is_some() {
                "verdict"
            } else {
                "pack"
            };
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

/// Checks the shipped `suivi-fr` base with the rules, and writes its human and JSON reports.
fn check_a_base(set: &cooplabel::rules::RuleSet) {
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
    let result = check_document("suivi-fr.yaml", doc, set, &CheckOptions::default());
    for format in [Format::Human, Format::Json] {
        let mut out = Vec::new();
        let mut reporter = report::reporter(
            format,
            ReportOptions {
                lang: Lang::Fr,
                color: false,
                rules: set,
            },
        );
        let mut summary = Summary::default();
        summary.add(&result);
        reporter.begin(&mut out).expect("write to a Vec");
        reporter.dossier(&mut out, &result).expect("write to a Vec");
        reporter.end(&mut out, &summary).expect("write to a Vec");
        if format == Format::Human {
            assert_safe(&String::from_utf8(out).expect("the human report is UTF-8"));
        } else {
            serde_json::from_slice::<serde_json::Value>(&out).expect("the JSON report is JSON");
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
