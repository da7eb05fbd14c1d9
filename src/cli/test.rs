//! `cooplabel test [DIR]`: runs the rule packs' test cases and examples.

use std::io::Write;
use std::path::Path;

use crate::lang::Lang;
use crate::testing::{self, CaseResult};
use crate::tr;

/// Runs the tests and returns the exit status: 0 all pass, 1 a case differs, 2 the rules or
/// the test files are invalid.
pub fn run(dir: Option<&Path>, replace: &[String], lang: Lang, color: bool) -> u8 {
    let Some(set) = super::load_rules(dir, replace, &[], &[], lang, color) else {
        return 2;
    };
    let (results, errors) = testing::run(&set, dir.is_some(), lang);
    let mut out = std::io::stdout().lock();
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
            "{mark} {group} ({}/{})",
            cases.len() - failed.len(),
            cases.len()
        );
        for case in failed {
            let _ = writeln!(out, "    {} {}", paint("✗", "31"), case.name);
            if let Some(e) = &case.error {
                let _ = writeln!(
                    out,
                    "        {}",
                    tr!(lang, "cas invalide : {e}", "invalid case: {e}")
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
                    paint(&format!("- {}", observed(o, lang)), "31")
                );
            }
            for o in case.actual.iter().filter(|a| {
                case.expectation.is_empty() && !case.expected.contains(a)
                    || !case.expectation.is_empty()
            }) {
                let message = case
                    .messages
                    .get(&(o.code.clone(), o.pointer.clone()))
                    .map(|m| format!("  « {m} »"))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "        {}{message}",
                    paint(&format!("+ {}", observed(o, lang)), "32")
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
    if !errors.is_empty() {
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
