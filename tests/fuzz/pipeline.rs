//! The whole `check` pipeline on arbitrary bytes — load → schema → rules → verdict → JSON and
//! human reports — and the invariants every result must keep. Shared, with `#[path]`, by the
//! fuzz target (`tests/fuzz/fuzz_targets/check.rs`) and its replay in the normal test suite
//! (`tests/fuzz_regressions.rs`), so that both run exactly the same code.

#![allow(dead_code)] // Each includer uses a different subset.

use std::sync::{Arc, LazyLock};

use cooplabel::check::{CheckOptions, check_document, not_evaluable};
use cooplabel::lang::Lang;
use cooplabel::load::load_bytes;
use cooplabel::report::{self, Format, ReportOptions, Summary};
use cooplabel::rules::RuleSet;
use cooplabel::source::SourceFile;
use cooplabel::verdict::{Decision, DossierResult};

/// The embedded rule packs, compiled once per process (as the CLI does once per run).
pub(crate) static RULES: LazyLock<RuleSet> = LazyLock::new(|| {
    cooplabel::rules::load(None, &[], Lang::Fr).expect("the embedded rule packs load")
});

/// The name the input is reported under.
pub(crate) const NAME: &str = "fuzz.yaml";

/// Checks bytes as `cooplabel check` checks a file's bytes, with the default limits.
pub(crate) fn check(bytes: &[u8]) -> DossierResult {
    check_options(bytes, CheckOptions::default())
}

/// The same with `--max-findings max`.
pub(crate) fn check_with(bytes: &[u8], max: usize) -> DossierResult {
    check_options(
        bytes,
        CheckOptions {
            max_findings: Some(max),
            ..CheckOptions::default()
        },
    )
}

fn check_options(bytes: &[u8], options: CheckOptions) -> DossierResult {
    check_keeping_source(bytes, options).0
}

/// Checks bytes, and also gives the text the result's spans point into.
fn check_keeping_source(
    bytes: &[u8],
    options: CheckOptions,
) -> (DossierResult, Option<Arc<SourceFile>>) {
    match load_bytes(NAME, bytes.to_vec(), &options.limits) {
        Ok(doc) => {
            let source = doc.source.clone();
            (check_document(NAME, doc, &RULES, &options), Some(source))
        }
        Err(failure) => {
            let source = failure.source.clone();
            (not_evaluable(NAME, failure, options.lang), source)
        }
    }
}

/// The report of one dossier in `format`, as the CLI writes it (no colour).
pub(crate) fn report(result: &DossierResult, format: Format) -> Vec<u8> {
    let mut out = Vec::new();
    let mut reporter = report::reporter(
        format,
        ReportOptions {
            lang: Lang::Fr,
            color: false,
            rules: &RULES,
            register: None,
            dossiers: 1,
        },
    );
    let mut summary = Summary::default();
    summary.add(result);
    reporter.begin(&mut out).expect("write to a Vec");
    reporter.dossier(&mut out, result).expect("write to a Vec");
    reporter.end(&mut out, &summary).expect("write to a Vec");
    out
}

/// Runs the pipeline and both reports, asserting the invariants; returns the decision.
pub(crate) fn run(bytes: &[u8]) -> Decision {
    let (result, source) = check_keeping_source(bytes, CheckOptions::default());
    assert_result_in(&result, source.as_deref());
    let json = report(&result, Format::Json);
    assert_json_report(&json, &result);
    let human = report(&result, Format::Human);
    let human = String::from_utf8(human).expect("the human report is UTF-8");
    assert!(
        human.contains(NAME),
        "the human report names the file:\n{human}"
    );
    assert_safe_for_a_terminal(&human);
    result.decision
}

/// Nothing in a report for people is interpreted by a terminal or a CI runner: no control
/// character but the line breaks, no bidi control, and no line that starts a workflow command.
pub(crate) fn assert_safe_for_a_terminal(report: &str) {
    for line in report.split('\n') {
        assert!(
            !line.chars().any(cooplabel::report::escape::is_hostile),
            "a raw control, bidi or noncharacter in the line {line:?}"
        );
        let t = line.trim_start();
        assert!(
            !t.starts_with("::") && !t.starts_with("##[") && !t.starts_with("##vso["),
            "a line reads as a runner command: {line:?}"
        );
    }
}

/// The text a result's spans point into: the text `load` made of the bytes (without a BOM,
/// lossily decoded for a file that is not UTF-8), if any.
pub(crate) fn source_of(bytes: &[u8]) -> Option<Arc<SourceFile>> {
    match load_bytes(NAME, bytes.to_vec(), &Default::default()) {
        Ok(doc) => Some(doc.source),
        Err(failure) => failure.source,
    }
}

/// Invariants of one result, whatever the input; `bytes` is what was checked.
pub(crate) fn assert_result(r: &DossierResult, bytes: &[u8]) {
    assert_result_in(r, source_of(bytes).as_deref());
}

/// Invariants of one result, whose spans point into `full`.
pub(crate) fn assert_result_in(r: &DossierResult, full: Option<&SourceFile>) {
    let load_errors = r
        .findings
        .iter()
        .filter(|f| f.code.starts_with("LD"))
        .count();
    for f in &r.findings {
        assert!(!f.code.is_empty(), "a finding without a code: {f:#?}");
        if let (Some(label), Some(excerpt), Some(source)) = (&f.primary, &r.source, full) {
            let text = source.text();
            for span in std::iter::once(label.span).chain(f.secondary.iter().map(|l| l.span)) {
                assert!(
                    span.start <= span.end && span.end <= text.len(),
                    "{}: span {span:?} outside the {}-byte text",
                    f.code,
                    text.len()
                );
                assert!(
                    text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
                    "{}: span {span:?} cuts a character",
                    f.code
                );
            }
            let lines = source.lines();
            let at = excerpt.line_col(label.span.start);
            assert!(
                (1..=lines).contains(&at.line) && at.column >= 1,
                "{}: line {} of a {lines}-line text",
                f.code,
                at.line
            );
            // The excerpt a report keeps gives the text's own positions.
            for span in f.spans() {
                for offset in [span.start, span.end] {
                    assert_eq!(
                        excerpt.position(offset),
                        Some(source.line_col(offset)),
                        "{}: position of {offset}",
                        f.code
                    );
                }
            }
        }
    }
    match r.decision {
        Decision::NotEvaluable => assert!(
            load_errors == 1 && r.findings.len() == 1,
            "not_evaluable holds exactly its load error: {:#?}",
            r.findings
        ),
        _ => assert_eq!(load_errors, 0, "a load error but {:?}", r.decision),
    }
    let blocking = r.findings.iter().any(|f| f.blocking && !f.is_waived());
    assert_eq!(
        blocking,
        matches!(r.decision, Decision::NonConforming | Decision::NotEvaluable),
        "decision {:?} against findings {:#?}",
        r.decision,
        r.findings
    );
}

/// The JSON report is JSON, has the one dossier with its decision, and its summary adds up.
pub(crate) fn assert_json_report(bytes: &[u8], r: &DossierResult) {
    let json: serde_json::Value = serde_json::from_slice(bytes).unwrap_or_else(|e| {
        panic!(
            "the JSON report is not JSON ({e}):\n{}",
            String::from_utf8_lossy(bytes)
        )
    });
    let dossiers = json["dossiers"].as_array().expect("`dossiers` is an array");
    assert_eq!(dossiers.len(), 1);
    assert_eq!(dossiers[0]["decision"], r.decision.as_str());
    let findings = dossiers[0]["findings"].as_array().expect("`findings`");
    assert_eq!(findings.len(), r.findings.len());
    for f in findings {
        assert!(f["code"].as_str().is_some_and(|c| !c.is_empty()), "{f}");
    }
    let s = &json["summary"];
    let count = |k: &str| s[k].as_u64().unwrap_or_else(|| panic!("summary.{k}: {s}"));
    assert_eq!(count("dossiers"), 1);
    assert_eq!(
        count("conforming")
            + count("conditional")
            + count("non_conforming")
            + count("not_evaluable"),
        1,
        "{s}"
    );
    assert_eq!(count(r.decision.as_str()), 1, "{s}");
}
