//! `--format junit`: JUnit XML for GitLab, Jenkins and other CI test reports, written with
//! `quick-junit` (the nextest project's writer).
//!
//! One test suite per dossier; one test case per rule that could apply (passed, failed,
//! waived = passed with a note, not applicable = skipped), plus one case for the file's own
//! reading and structure. The root element carries the run's totals, known only at the end:
//! each suite is serialized when its dossier arrives and kept in an anonymous temporary file,
//! so that memory does not grow with the number of dossiers.
//!
//! `quick-junit` escapes markup; every text is neutralized first ([`xml`]), which also removes
//! the characters XML forbids (a U+FFFF in one dossier's name would make the whole file
//! unreadable, and the CI would lose every result).

use std::fs::File;
use std::io::{self, Seek, Write};

use quick_junit::{NonSuccessKind, Property, Report, TestCase, TestCaseStatus, TestSuite};

use super::committee::position;
use super::escape::{xml, xml_lines};
use super::{ReportOptions, Reporter, Summary};
use crate::finding::{Finding, Origin};
use crate::lang::Lang;
use crate::numfmt::percent;
use crate::tr;
use crate::verdict::{Decision, DossierResult, Status};

/// Streams a JUnit report.
pub(crate) struct Junit<'a> {
    options: ReportOptions<'a>,
    /// The serialized suites, until the totals are known.
    spill: Option<File>,
    /// The totals (no suites are kept in it).
    totals: Report,
}

impl<'a> Junit<'a> {
    /// A new JUnit reporter.
    pub(crate) fn new(options: ReportOptions<'a>) -> Self {
        Junit {
            options,
            spill: None,
            totals: Report::new("cooplabel"),
        }
    }
}

fn xml_error(e: quick_junit::SerializeError) -> io::Error {
    io::Error::other(e.to_string())
}

/// One finding as a line of a failure's text: `path:line:column: message`, then its help.
fn finding_line(f: &Finding, r: &DossierResult, lang: Lang) -> String {
    let at = match position(f, r) {
        Some((p, _)) => format!("{}:{}:{}", xml(&r.path), p.line, p.column),
        None => xml(&r.path),
    };
    let mut line = format!("{at}: {} {}", xml(&f.code), xml(&f.message));
    if let Some(h) = &f.help {
        line.push_str(&format!(
            "\n    {} {}",
            lang.pick("aide :", "help:"),
            xml_lines(h).replace('\n', "\n    ")
        ));
    }
    if let Some(w) = f.waiver.as_ref().filter(|w| !w.active) {
        line.push_str(&format!(
            "\n    {}",
            xml(&super::text::waiver_line(w, lang))
        ));
    }
    line
}

/// The failure of several findings: the first message (or a count), then every finding.
fn failure(
    findings: &[&Finding],
    r: &DossierResult,
    kind: NonSuccessKind,
    lang: Lang,
) -> TestCaseStatus {
    let mut status = TestCaseStatus::non_success(kind);
    let message = match findings {
        [one] => xml(&one.message),
        [first, ..] => tr!(
            lang,
            "{} constats ; le premier : {}",
            "{} findings; the first: {}",
            findings.len(),
            xml(&first.message)
        ),
        [] => String::new(),
    };
    status.set_message(message);
    if let Some(f) = findings.first() {
        status.set_type(f.severity.as_str());
    }
    let mut text: Vec<String> = findings.iter().map(|f| finding_line(f, r, lang)).collect();
    if let Some(f) = findings.first()
        && !f.sources.is_empty()
    {
        text.push(xml(&tr!(
            lang,
            "source : {}",
            "source: {}",
            f.sources.join(" ; ")
        )));
    }
    status.set_description(text.join("\n"));
    status
}

/// The test case of the file's own reading and structure: it fails with the load and schema
/// findings (an unreadable file is an error: the dossier could not be checked at all).
fn structure_case(r: &DossierResult, lang: Lang) -> TestCase {
    let findings: Vec<&Finding> = r
        .findings
        .iter()
        .filter(|f| f.origin != Origin::Rule)
        .collect();
    let name = lang.pick(
        "structure du dossier (lecture et schéma)",
        "dossier structure (reading and schema)",
    );
    let status = if findings.is_empty() {
        TestCaseStatus::success()
    } else if r.decision == Decision::NotEvaluable {
        failure(&findings, r, NonSuccessKind::Error, lang)
    } else {
        failure(&findings, r, NonSuccessKind::Failure, lang)
    };
    let mut case = TestCase::new(name, status);
    locate(&mut case, &findings, r);
    // Reading, the schema and the rules run as one: the whole check's time is this case's.
    if let Some(t) = r.elapsed {
        case.set_time(t);
    }
    case
}

/// A test case's class and place: the dossier's path as `classname` (its dots written as
/// U+2024 ONE DOT LEADER, which looks the same: Jenkins splits a class name at its last dot,
/// and would show every dossier as class `yaml`), and GitLab's `file` and `line` attributes
/// (the first finding's line).
fn locate(case: &mut TestCase, findings: &[&Finding], r: &DossierResult) {
    case.set_classname(xml(&r.path).replace('.', "\u{2024}"));
    if r.path != "<stdin>" {
        case.extra
            .insert("file".into(), xml(r.path.trim_start_matches("./")).into());
    }
    if let Some((p, _)) = findings.iter().find_map(|f| position(f, r)) {
        case.extra.insert("line".into(), p.line.to_string().into());
    }
}

fn suite(r: &DossierResult, options: &ReportOptions<'_>) -> TestSuite {
    let lang = options.lang;
    let mut suite = TestSuite::new(xml(&r.path));
    // The time the dossier took to read and check: the rules' cases share it (they are
    // evaluated together, not one by one).
    if let Some(t) = r.elapsed {
        suite.set_time(t);
    }
    if let Some(n) = &r.identity.name {
        suite.add_property(Property::new("cooperative", xml(n)));
    }
    if let Some(s) = r.stage {
        suite.add_property(Property::new("stage", s.as_str()));
    }
    if let Some(d) = r.date {
        suite.add_property(Property::new("date", d.to_string()));
    }
    for p in &options.rules.replaced {
        suite.add_property(Property::new(
            "replaced_pack",
            xml(&format!("{} ({})", p.name, p.by)),
        ));
    }
    suite.add_property(Property::new("decision", r.decision.as_str()));
    suite.add_property(Property::new(
        "decision_text",
        r.decision.human(r.stage, lang),
    ));
    if let Some(s) = r.score {
        suite.add_property(Property::new("score", percent(s, lang)));
    }
    suite.add_test_case(structure_case(r, lang));
    // What no rule outcome carries (findings left out past --max-findings) goes to the output.
    let unattached: Vec<String> = r
        .findings
        .iter()
        .filter(|f| f.status == crate::finding::FindingStatus::Report)
        .map(|f| finding_line(f, r, lang))
        .collect();
    if !unattached.is_empty() {
        suite.set_system_out(unattached.join("\n"));
    }
    for o in &r.outcomes {
        let findings: Vec<&Finding> = r.findings.iter().filter(|f| f.code == o.code).collect();
        let status = match o.status {
            Status::Pass | Status::Note | Status::Waived => TestCaseStatus::success(),
            Status::Fail => failure(&findings, r, NonSuccessKind::Failure, lang),
            Status::NotApplicable => {
                let mut s = TestCaseStatus::skipped();
                s.set_message(lang.pick(
                    "ne s'applique pas à ce dossier (étape, pays, forme, type ou date)",
                    "does not apply to this dossier (stage, country, form, type or date)",
                ));
                s
            }
        };
        let mut case = TestCase::new(xml(&format!("{} {}", o.code, o.name)), status);
        locate(&mut case, &findings, r);
        let mut out: Vec<String> = Vec::new();
        if o.status == Status::Waived
            && let Some(w) = findings.iter().find_map(|f| f.waiver.as_ref())
        {
            out.push(xml(&super::text::waiver_line(w, lang)));
        }
        if o.status != Status::Fail {
            for f in findings.iter().filter(|f| f.is_note() || f.is_waived()) {
                out.push(finding_line(f, r, lang));
            }
        }
        if !out.is_empty() {
            case.set_system_out(out.join("\n"));
        }
        suite.add_test_case(case);
    }
    suite
}

/// The `<testsuite>` element of a one-suite report, without the declaration and root element.
fn suite_fragment(suite: TestSuite) -> io::Result<String> {
    let mut one = Report::new("cooplabel");
    one.add_test_suite(suite);
    let text = one.to_string().map_err(xml_error)?;
    let start = text.find("<testsuite ").and_then(|i| text[..i].rfind('\n'));
    let end = text.rfind("</testsuites>");
    match (start, end) {
        (Some(s), Some(e)) if s < e => Ok(text[s + 1..e].to_string()),
        _ => Err(io::Error::other("unexpected JUnit serialization")),
    }
}

impl Reporter for Junit<'_> {
    fn dossier(&mut self, _out: &mut dyn Write, r: &DossierResult) -> io::Result<()> {
        let suite = suite(r, &self.options);
        self.totals.tests += suite.tests;
        self.totals.failures += suite.failures;
        self.totals.errors += suite.errors;
        self.totals.skipped += suite.skipped;
        if let Some(t) = suite.time {
            self.totals.time = Some(self.totals.time.unwrap_or_default() + t);
        }
        let fragment = suite_fragment(suite)?;
        let spill = match &mut self.spill {
            Some(f) => f,
            None => self.spill.insert(tempfile::tempfile()?),
        };
        spill.write_all(fragment.as_bytes())
    }

    fn end(&mut self, out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        let text = self.totals.to_string().map_err(xml_error)?;
        let close = text.rfind("</testsuites>").unwrap_or(text.len());
        out.write_all(&text.as_bytes()[..close])?;
        if let Some(mut spill) = self.spill.take() {
            spill.rewind()?;
            io::copy(&mut spill, out)?;
        }
        writeln!(out, "</testsuites>")
    }
}
