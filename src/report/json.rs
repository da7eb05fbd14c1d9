//! `--format json`: the JSON document of DESIGN §7 (a contract), written one dossier at a time.

use std::io::{self, Write};

use rust_decimal::Decimal;
use serde::{Serialize, Serializer};
use serde_json::{Map, Value as Json, json};

use super::{ReportOptions, Reporter, Summary};
use crate::finding::Finding;
use crate::schema::json::decimal;
use crate::verdict::DossierResult;

/// Streams the JSON report.
pub struct JsonReporter {
    first: bool,
    /// One dossier's JSON, reused: serde_json's many small writes go to memory, and the output
    /// gets one write per dossier.
    buf: Vec<u8>,
}

impl JsonReporter {
    /// A new JSON reporter.
    pub fn new(_options: ReportOptions<'_>) -> Self {
        JsonReporter {
            first: true,
            buf: Vec::new(),
        }
    }
}

/// A decimal written as an exact JSON number (`serde_json` keeps its digits).
struct Exact(Decimal);

impl Serialize for Exact {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        decimal(&self.0).serialize(s)
    }
}

/// A finding as the JSON report writes it (field order is the document's).
#[derive(Serialize)]
struct FindingView<'a> {
    code: &'a str,
    name: &'a str,
    severity: &'static str,
    blocking: bool,
    message: &'a str,
    pointer: &'a str,
    line: Option<usize>,
    column: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    principle: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    sources: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    waived: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    waiver: Option<WaiverView<'a>>,
}

#[derive(Serialize)]
struct WaiverView<'a> {
    reason: &'a str,
    granted_by: &'a str,
    until: &'a str,
    active: bool,
}

#[derive(Serialize)]
struct PrincipleView<'a> {
    id: &'a str,
    score: Exact,
    applicable: usize,
    passed: usize,
}

/// A dossier as the JSON report writes it (DESIGN §7, extended).
#[derive(Serialize)]
struct DossierView<'a> {
    path: &'a str,
    cooperative: Option<&'a str>,
    stage: Option<&'static str>,
    date: Option<String>,
    decision: &'static str,
    score: Option<Exact>,
    principles: Vec<PrincipleView<'a>>,
    findings: Vec<FindingView<'a>>,
    missing: Vec<MissingView<'a>>,
}

/// An input the applicable rules need and the dossier does not give.
#[derive(Serialize)]
struct MissingView<'a> {
    pointer: &'a str,
    needed_by: &'a [String],
}

fn finding_view<'a>(f: &'a Finding, result: &DossierResult) -> FindingView<'a> {
    let position = f
        .primary
        .as_ref()
        .zip(result.source.as_ref())
        .map(|(l, s)| s.line_col(l.span.start));
    FindingView {
        code: &f.code,
        name: &f.name,
        severity: f.severity.as_str(),
        blocking: f.blocking,
        message: &f.message,
        pointer: &f.pointer,
        line: position.map(|p| p.line),
        column: position.map(|p| p.column),
        help: f.help.as_deref(),
        principle: f.principle.as_deref(),
        sources: &f.sources,
        waived: f.waiver.as_ref().map(|w| w.active),
        waiver: f.waiver.as_ref().map(|w| WaiverView {
            reason: &w.reason,
            granted_by: &w.granted_by,
            until: &w.until,
            active: w.active,
        }),
    }
}

fn dossier_view(r: &DossierResult) -> DossierView<'_> {
    DossierView {
        path: &r.path,
        cooperative: r.identity.name.as_deref(),
        stage: r.stage.map(|s| s.as_str()),
        date: r.date.map(|d| d.to_string()),
        decision: r.decision.as_str(),
        score: r.score.map(Exact),
        principles: r
            .principles
            .iter()
            .map(|p| PrincipleView {
                id: &p.id,
                score: Exact(p.score),
                applicable: p.applicable,
                passed: p.passed,
            })
            .collect(),
        findings: r.findings.iter().map(|f| finding_view(f, r)).collect(),
        missing: r
            .missing
            .iter()
            .map(|m| MissingView {
                pointer: &m.pointer,
                needed_by: &m.needed_by,
            })
            .collect(),
    }
}

/// The `summary` object.
pub fn summary_json(s: &Summary) -> Json {
    use crate::verdict::Decision as D;
    let ca: Map<String, Json> = s
        .chiffre_affaires
        .iter()
        .map(|(c, v)| (c.clone(), json!(v.to_string())))
        .collect();
    json!({
        "dossiers": s.dossiers,
        "conforming": s.count(D::Conforming),
        "conditional": s.count(D::Conditional),
        "non_conforming": s.count(D::NonConforming),
        "not_evaluable": s.count(D::NotEvaluable),
        "statistics": {
            "accueils": decimal(&s.accueils),
            "accompagnements": decimal(&s.accompagnements),
            "salaries": decimal(&s.salaries),
            "chiffre_affaires": ca,
        }
    })
}

/// A writer that indents every line after the first, so that a pretty-printed value can be
/// nested in the document as it streams, without being formatted twice.
struct Indent<'w> {
    out: &'w mut Vec<u8>,
    indent: &'static [u8],
}

impl Write for Indent<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut rest = buf;
        while let Some(i) = rest.iter().position(|&b| b == b'\n') {
            self.out.extend_from_slice(&rest[..=i]);
            self.out.extend_from_slice(self.indent);
            rest = &rest[i + 1..];
        }
        self.out.extend_from_slice(rest);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Writes `value` pretty-printed, every line after the first indented by `indent`, through
/// `buf` (cleared first).
fn write_indented(
    out: &mut dyn Write,
    value: &impl Serialize,
    indent: &'static [u8],
    buf: &mut Vec<u8>,
) -> io::Result<()> {
    buf.clear();
    serde_json::to_writer_pretty(Indent { out: buf, indent }, value).map_err(io::Error::other)?;
    out.write_all(buf)
}

impl Reporter for JsonReporter {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        write!(
            out,
            "{{\n  \"version\": \"{}\",\n  \"dossiers\": [",
            env!("CARGO_PKG_VERSION")
        )
    }

    fn dossier(&mut self, out: &mut dyn Write, result: &DossierResult) -> io::Result<()> {
        let sep = if self.first { "" } else { "," };
        self.first = false;
        write!(out, "{sep}\n    ")?;
        write_indented(out, &dossier_view(result), b"    ", &mut self.buf)
    }

    fn end(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        let close = if self.first { "]" } else { "\n  ]" };
        write!(out, "{close},\n  \"summary\": ")?;
        write_indented(out, &summary_json(summary), b"  ", &mut self.buf)?;
        writeln!(out, "\n}}")
    }
}
