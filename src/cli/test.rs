//! `cooplabel test [DIR]`: runs the rule packs' test cases and examples.

use std::io::Write;
use std::path::Path;

use crate::lang::Lang;
use crate::report::escape::{guard_lines, neutral};
use crate::testing::{self, CaseResult};
use crate::tr;

/// Runs the tests and returns the exit status: 0 all pass, 1 a case differs, 2 the rules or
/// the test files are invalid.
pub(super) fn run(dir: Option<&Path>, replace: &[String], lang: Lang, color: bool) -> u8 {
    let Some(set) = super::load_rules(dir, replace, &[], &[], lang, color) else {
        return 2;
    };
    let (results, errors) = testing::run(&set, dir.is_some(), lang);
    // Case names, messages and paths come from rule and test files, a repository's content
    // like any dossier: the report is built, then neutralized line by line.
    let mut out: Vec<u8> = Vec::new();
    for (finding, source) in &errors {
        eprint!(
            "{}",
            crate::report::diagnostic::render_in(finding, source.as_deref(), color, lang)
        );
    }
    let paint = |text: &str, code: &str| {
        if color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    };
    let mut groups: Vec<&str> = results.iter().map(|r| r.group.as_str()).collect();
    groups.dedup();
    for group in &groups {
        let cases: Vec<&CaseResult> = results.iter().filter(|r| r.group == *group).collect();
        let failed: Vec<&&CaseResult> = cases.iter().filter(|c| !c.ok).collect();
        let mark = if failed.is_empty() {
            paint("✓", "32")
        } else {
            paint("✗", "31")
        };
        let _ = writeln!(
            out,
            "{mark} {} ({}/{})",
            neutral(group),
            cases.len() - failed.len(),
            cases.len()
        );
        for case in failed {
            let _ = writeln!(out, "    {} {}", paint("✗", "31"), neutral(&case.name));
            if let Some(e) = &case.error {
                let _ = writeln!(
                    out,
                    "        {}",
                    neutral(&tr!(lang, "cas invalide : {e}", "invalid case: {e}"))
                );
                continue;
            }
            if !case.expectation.is_empty() {
                let _ = writeln!(
                    out,
                    "        {} {}",
                    lang.pick("attendu :", "expected:"),
                    case.expectation
                );
            }
            for o in case.expected.iter().filter(|e| !case.actual.contains(e)) {
                let _ = writeln!(
                    out,
                    "        {}",
                    paint(&format!("- {}", neutral(&observed(o, lang))), "31")
                );
            }
            for o in case.actual.iter().filter(|a| {
                case.expectation.is_empty() && !case.expected.contains(a)
                    || !case.expectation.is_empty()
            }) {
                let message = case
                    .messages
                    .get(&(o.code.clone(), o.pointer.clone()))
                    .map(|m| format!("  « {} »", neutral(m)))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "        {}{message}",
                    paint(&format!("+ {}", neutral(&observed(o, lang))), "32")
                );
            }
            if case.actual.is_empty() && !case.expectation.is_empty() {
                let _ = writeln!(
                    out,
                    "        {}",
                    lang.pick("obtenu : aucun constat", "got: no finding")
                );
            }
        }
    }
    let failed = results.iter().filter(|r| !r.ok).count();
    let _ = writeln!(
        out,
        "\n{}",
        tr!(
            lang,
            "{} cas : {} réussi(s), {failed} en écart",
            "{} cases: {} passed, {failed} failed",
            results.len(),
            results.len() - failed
        )
    );
    let status = super::print(&guard_lines(&String::from_utf8_lossy(&out)));
    if !errors.is_empty() || status != 0 {
        2
    } else if failed > 0 {
        1
    } else {
        0
    }
}

fn observed(o: &testing::Observed, lang: Lang) -> String {
    let pointer = if o.pointer.is_empty() {
        "/"
    } else {
        &o.pointer
    };
    let waived = if o.waived {
        lang.pick(" (dérogation)", " (waived)")
    } else {
        ""
    };
    format!("{} {pointer}{waived}", o.code)
}
