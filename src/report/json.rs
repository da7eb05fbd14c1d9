//! `--format json`: the JSON document of DESIGN §7 (a contract), written one dossier at a time.

use std::io::{self, Write};

use serde_json::{Map, Value as Json, json};

use super::{ReportOptions, Reporter, Summary};
use crate::finding::Finding;
use crate::schema::json::decimal;
use crate::verdict::DossierResult;

/// Streams the JSON report.
pub struct JsonReporter {
    first: bool,
}

impl JsonReporter {
    /// A new JSON reporter.
    pub fn new(_options: ReportOptions<'_>) -> Self {
        JsonReporter { first: true }
    }
}

/// The JSON object of one finding.
pub fn finding_json(f: &Finding, result: &DossierResult) -> Json {
    let mut o = Map::new();
    o.insert("code".into(), json!(f.code));
    o.insert("name".into(), json!(f.name));
    o.insert("severity".into(), json!(f.severity.as_str()));
    o.insert("blocking".into(), json!(f.blocking));
    o.insert("message".into(), json!(f.message));
    o.insert("pointer".into(), json!(f.pointer));
    let position = f
        .primary
        .as_ref()
        .zip(result.source.as_ref())
        .map(|(l, s)| s.line_col(l.span.start));
    o.insert("line".into(), json!(position.map(|p| p.line)));
    o.insert("column".into(), json!(position.map(|p| p.column)));
    if let Some(h) = &f.help {
        o.insert("help".into(), json!(h));
    }
    if let Some(p) = &f.principle {
        o.insert("principle".into(), json!(p));
    }
    if !f.sources.is_empty() {
        o.insert("sources".into(), json!(f.sources));
    }
    if let Some(w) = &f.waiver {
        o.insert("waived".into(), json!(w.active));
        o.insert(
            "waiver".into(),
            json!({ "reason": w.reason, "granted_by": w.granted_by, "until": w.until, "active": w.active }),
        );
    }
    Json::Object(o)
}

/// The JSON object of one dossier.
pub fn dossier_json(r: &DossierResult) -> Json {
    json!({
        "path": r.path,
        "cooperative": r.identity.name,
        "stage": r.stage.map(|s| s.as_str()),
        "date": r.date.map(|d| d.to_string()),
        "decision": r.decision.as_str(),
        "score": r.score.as_ref().map(decimal),
        "principles": r.principles.iter().map(|p| json!({
            "id": p.id, "score": decimal(&p.score), "applicable": p.applicable, "passed": p.passed,
        })).collect::<Vec<_>>(),
        "findings": r.findings.iter().map(|f| finding_json(f, r)).collect::<Vec<_>>(),
    })
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

/// Pretty JSON indented by `indent` spaces after the first line.
fn indented(value: &Json, indent: &str) -> io::Result<String> {
    let text = serde_json::to_string_pretty(value).map_err(io::Error::other)?;
    Ok(text.replace('\n', &format!("\n{indent}")))
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
        write!(
            out,
            "{sep}\n    {}",
            indented(&dossier_json(result), "    ")?
        )
    }

    fn end(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        let close = if self.first { "]" } else { "\n  ]" };
        writeln!(
            out,
            "{close},\n  \"summary\": {}\n}}",
            indented(&summary_json(summary), "  ")?
        )
    }
}
