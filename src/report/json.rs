//! `--format json`: the JSON document of DESIGN §7 (a contract), written one dossier at a time.
//! Strings are the data as written in the dossier; the characters that a terminal or a log
//! viewer would interpret (controls, bidi overrides) are written as `\uXXXX` escapes.

use std::io::{self, Write};

use rust_decimal::Decimal;
use serde::{Serialize, Serializer};
use serde_json::{Map, Value as Json, json};

use super::{ReportOptions, Reporter, Summary};
use crate::finding::Finding;
use crate::rules::RuleSet;
use crate::schema::json::decimal;
use crate::verdict::{DossierResult, Tally};

/// The JSON Schema of the report (`cooplabel schema report`); a test validates every JSON
/// report snapshot against it, so that a key added to the report without its description fails.
pub const REPORT_SCHEMA: &str = include_str!("report.schema.json");

/// Streams the JSON report.
pub(crate) struct JsonReporter<'a> {
    options: ReportOptions<'a>,
    first: bool,
    /// One dossier's JSON, reused: serde_json's many small writes go to memory, and the output
    /// gets one write per dossier.
    buf: Vec<u8>,
}

impl<'a> JsonReporter<'a> {
    /// A new JSON reporter.
    pub(crate) fn new(options: ReportOptions<'a>) -> Self {
        JsonReporter {
            options,
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
    /// What it means for the dossier (`failed`, `note`, `waived`, `report`).
    status: &'static str,
    /// The finding's stable identity (`Finding::fingerprint`).
    fingerprint: &'a str,
    /// Places in another file that explain it: the same cooperative's previous dossier, whose
    /// value a rule across years compared (HI002, HI004). An extension of DESIGN §7.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related: Vec<RelatedView<'a>>,
}

/// A place in another file (`related` of a finding).
#[derive(Serialize)]
struct RelatedView<'a> {
    path: &'a str,
    line: usize,
    column: usize,
    message: &'a str,
}

#[derive(Serialize)]
struct WaiverView<'a> {
    reason: &'a str,
    granted_by: &'a str,
    until: &'a str,
    decision: &'a str,
    active: bool,
    state: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    refusal: Option<&'a str>,
}

/// A shipped pack replaced with `--replace-pack`.
#[derive(Serialize)]
struct ReplacedView<'a> {
    pack: &'a str,
    file: &'a str,
}

#[derive(Serialize)]
struct PrincipleView<'a> {
    id: &'a str,
    score: Exact,
    applicable: usize,
    passed: usize,
    failed: usize,
    waived: usize,
}

/// A level's criteria (DESIGN §7, 2026-11).
#[derive(Serialize)]
struct TallyView {
    applicable: usize,
    passed: usize,
    failed: usize,
    waived: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    threshold: Option<String>,
}

#[derive(Serialize)]
struct CriteriaView {
    mandatory: TallyView,
    recommended: TallyView,
}

#[derive(Serialize)]
struct RuleStatusView<'a> {
    code: &'a str,
    level: &'static str,
    status: &'static str,
}

#[derive(Serialize)]
struct WithoutWaiversView {
    decision: &'static str,
    score: Option<Exact>,
}

/// An entry of the committee's register for this cooperative, and what became of it.
#[derive(Serialize)]
struct RegisterEntryView<'a> {
    rule: &'a str,
    line: usize,
    reason: &'a str,
    granted_by: &'a str,
    decision: String,
    until: String,
    state: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    refusal: Option<&'a str>,
    expires_soon: bool,
}

/// A dossier as the JSON report writes it (DESIGN §7, extended).
#[derive(Serialize)]
struct DossierView<'a> {
    path: &'a str,
    cooperative: Option<&'a str>,
    stage: Option<&'static str>,
    date: Option<String>,
    evaluated_on: Option<String>,
    rules_digest: &'a str,
    /// The shipped packs replaced for this run (empty: the official packs as shipped).
    replaced_packs: Vec<ReplacedView<'a>>,
    decision: &'static str,
    score: Option<Exact>,
    criteria: Option<CriteriaView>,
    without_waivers: Option<WithoutWaiversView>,
    principles: Vec<PrincipleView<'a>>,
    rules: Vec<RuleStatusView<'a>>,
    waivers: Vec<RegisterEntryView<'a>>,
    findings: Vec<FindingView<'a>>,
    missing: Vec<MissingView<'a>>,
    /// The same cooperative's previous dossier (in the run, or `--previous`).
    previous: Option<PreviousView<'a>>,
    /// What changed since, by fingerprint.
    changes: Option<ChangesView<'a>>,
}

/// The previous dossier, as the JSON report names it.
#[derive(Serialize)]
struct PreviousView<'a> {
    path: &'a str,
    date: Option<String>,
    decision: &'static str,
    score: Option<Exact>,
}

/// New, fixed and persisting findings.
#[derive(Serialize)]
struct ChangesView<'a> {
    new: &'a [crate::history::Tracked],
    fixed: &'a [crate::history::Tracked],
    persisting: &'a [crate::history::Tracked],
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
        related: f
            .elsewhere
            .iter()
            .map(|l| {
                let at = l.source.line_col(l.span.start);
                RelatedView {
                    path: &l.path,
                    line: at.line,
                    column: at.column,
                    message: &l.text,
                }
            })
            .collect(),
        help: f.help.as_deref(),
        principle: f.principle.as_deref(),
        sources: &f.sources,
        waived: f.waiver.as_ref().map(|_| f.is_waived()),
        waiver: f.waiver.as_ref().map(|w| WaiverView {
            reason: &w.reason,
            granted_by: &w.granted_by,
            until: &w.until,
            decision: &w.decision,
            active: w.active,
            state: w.state.as_str(),
            refusal: w.refusal.as_deref(),
        }),
        status: f.status.as_str(),
        fingerprint: &f.fingerprint,
    }
}

fn tally(t: &Tally, threshold: Option<Decimal>) -> TallyView {
    TallyView {
        applicable: t.applicable,
        passed: t.passed,
        failed: t.failed,
        waived: t.waived,
        threshold: threshold.map(|d| d.normalize().to_string()),
    }
}

fn dossier_view<'a>(r: &'a DossierResult, rules: &'a RuleSet) -> DossierView<'a> {
    // Every rule of the packs in use, in code order; none when the rules did not run (a
    // structural error, an unreadable file).
    let mut statuses: Vec<RuleStatusView<'a>> = r
        .outcomes
        .iter()
        .filter_map(|o| {
            let rule = rules.rules.get(o.index)?;
            Some(RuleStatusView {
                code: &rule.code,
                level: rule.level.as_json(),
                status: o.status.as_str(),
            })
        })
        .collect();
    statuses.sort_by(|a, b| a.code.cmp(b.code));
    DossierView {
        path: &r.path,
        cooperative: r.identity.name.as_deref(),
        stage: r.stage.map(|s| s.as_str()),
        date: r.date.map(|d| d.to_string()),
        evaluated_on: r.evaluated_on.map(|d| d.to_string()),
        rules_digest: &rules.digest,
        replaced_packs: rules
            .replaced
            .iter()
            .map(|p| ReplacedView {
                pack: &p.name,
                file: &p.by,
            })
            .collect(),
        decision: r.decision.as_str(),
        score: r.score.map(Exact),
        criteria: r.criteria.as_ref().map(|c| CriteriaView {
            mandatory: tally(&c.mandatory, None),
            recommended: tally(&c.recommended, Some(c.threshold)),
        }),
        without_waivers: r.without_waivers.map(|(d, s)| WithoutWaiversView {
            decision: d.as_str(),
            score: s.map(Exact),
        }),
        principles: r
            .principles
            .iter()
            .map(|p| PrincipleView {
                id: &p.id,
                score: Exact(p.score),
                applicable: p.applicable,
                passed: p.passed,
                failed: p.failed,
                waived: p.waived,
            })
            .collect(),
        rules: statuses,
        waivers: r
            .waivers
            .iter()
            .map(|u| RegisterEntryView {
                rule: &u.entry.rule,
                line: u.entry.line,
                reason: &u.entry.reason,
                granted_by: &u.entry.granted_by,
                decision: u.entry.decision.to_string(),
                until: u.entry.until.to_string(),
                state: u.state.as_str(),
                refusal: u.refusal.as_deref(),
                expires_soon: u.expires_soon,
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
        previous: r.history.as_ref().map(|h| PreviousView {
            path: &h.previous.path,
            date: h.previous.date.map(|d| d.to_string()),
            decision: h.previous.decision.as_str(),
            score: h.previous.score.map(Exact),
        }),
        changes: r.history.as_ref().map(|h| ChangesView {
            new: &h.changes.new,
            fixed: &h.changes.fixed,
            persisting: &h.changes.persisting,
        }),
    }
}

/// The `summary` object.
pub(crate) fn summary_json(s: &Summary) -> Json {
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
        },
        "statistics_by_year": s.by_year.iter().map(|(year, y)| {
            let ca: Map<String, Json> = y
                .chiffre_affaires
                .iter()
                .map(|(c, v)| (c.clone(), json!(v.to_string())))
                .collect();
            (year.to_string(), json!({
                "dossiers": y.dossiers,
                "cooperatives": y.cooperatives.len(),
                "accueils": decimal(&y.accueils),
                "accompagnements": decimal(&y.accompagnements),
                "salaries": decimal(&y.salaries),
                "chiffre_affaires": ca,
            }))
        }).collect::<Map<String, Json>>(),
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
    // The data stays exact; only the characters a terminal would interpret are written as
    // `\uXXXX` escapes (serde_json writes DEL, C1 and bidi controls raw).
    out.write_all(&super::escape::json_bytes(buf))
}

impl Reporter for JsonReporter<'_> {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        // The rule set and the register, once for the run (each dossier repeats the digest, as
        // DESIGN §7 asks, so that a dossier's entry stands alone).
        let rules = self.options.rules;
        let run = json!({
            "rules_digest": rules.digest,
            "rule_files": rules.files.iter().map(|f| json!({
                "name": f.name, "embedded": f.embedded, "digest": f.digest,
            })).collect::<Vec<_>>(),
            "replaced_packs": rules.replaced.iter().map(|p| json!({
                "pack": p.name, "file": p.by,
            })).collect::<Vec<_>>(),
            "rules_disabled": rules.disabled_codes(),
            "register": self.options.register.map(|r| json!({ "path": r.path, "digest": r.digest })),
        });
        write!(
            out,
            "{{\n  \"version\": \"{}\",\n  \"run\": ",
            env!("CARGO_PKG_VERSION")
        )?;
        write_indented(out, &run, b"  ", &mut self.buf)?;
        write!(out, ",\n  \"dossiers\": [")
    }

    fn dossier(&mut self, out: &mut dyn Write, result: &DossierResult) -> io::Result<()> {
        let sep = if self.first { "" } else { "," };
        self.first = false;
        write!(out, "{sep}\n    ")?;
        write_indented(
            out,
            &dossier_view(result, self.options.rules),
            b"    ",
            &mut self.buf,
        )
    }

    fn end(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        let close = if self.first { "]" } else { "\n  ]" };
        write!(out, "{close},\n  \"summary\": ")?;
        write_indented(out, &summary_json(summary), b"  ", &mut self.buf)?;
        writeln!(out, "\n}}")
    }
}
