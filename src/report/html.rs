//! `--format html`: the label committee's report as one self-contained HTML file, to open in a
//! browser, print or send: inline CSS (with print rules: A4, one dossier per page), an inline SVG
//! bar chart of the scores, no script, no external resource. The content is the Markdown
//! report's (`committee`); every text from a dossier or a rule is HTML-escaped.

use super::history::{self, ChangeLine, Compared, HistoryView};
use super::text::{Inline, inline, waiver_heading, waiver_text};
use std::io::{self, Write};

use rust_decimal::Decimal;

use super::batch;
use super::committee::{DossierView, Heading, RuleGroup, Section};
use super::place::location_text;
use super::record::{self, EXCERPTS_PER_RULE, Excerpt};
use super::{ReportOptions, Reporter, Summary};
use crate::lang::Lang;
use crate::numfmt::{number, percent};
use crate::tr;
use crate::verdict::score::{recommended_reached, share};
use crate::verdict::{Decision, DossierResult};

/// The style sheet: screen first, then print (also served by `cooplabel serve` as a file).
pub(crate) const STYLE: &str = r#"
:root { --ink: #1f2328; --muted: #59636e; --line: #d0d7de; --accent: #1d4f73;
  --ok: #1a7f37; --ok-bg: #e6f4ea; --warn: #9a6700; --warn-bg: #fff8c5;
  --bad: #b42318; --bad-bg: #fdecea; --info: #3b5b7a; --info-bg: #eef3f8; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 15px/1.5 "Segoe UI", "Noto Sans", "DejaVu Sans", Helvetica, Arial, sans-serif; }
main { max-width: 62rem; margin: 0 auto; padding: 1.5rem 2rem 3rem; }
h1 { font-size: 1.7rem; margin: .2rem 0 1rem; line-height: 1.25; }
h2 { font-size: 1.3rem; margin: 2rem 0 .6rem; padding-bottom: .25rem; border-bottom: 2px solid var(--line); }
h3 { font-size: 1.1rem; margin: 1.6rem 0 .4rem; color: var(--accent); }
h4 { font-size: 1rem; margin: 0 0 .2rem; }
p { margin: .4rem 0; }
code { font: .88em/1.3 "DejaVu Sans Mono", Menlo, Consolas, monospace; background: #f3f4f6;
  padding: .05em .3em; border-radius: 3px; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0 1rem; }
th, td { border: 1px solid var(--line); padding: .3rem .55rem; text-align: left; vertical-align: top; }
thead th { background: #f6f8fa; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding-bottom: .3rem; }
.kicker { margin: 0; color: var(--muted); text-transform: uppercase; letter-spacing: .06em; font-size: .8rem; }
table.identity th { width: 14rem; background: #f6f8fa; font-weight: 600; }
.badge { display: inline-block; padding: .1rem .6rem; border-radius: 999px; font-weight: 700; }
.decision-conforming .badge { color: var(--ok); background: var(--ok-bg); border: 1px solid var(--ok); }
.decision-conditional .badge { color: var(--warn); background: var(--warn-bg); border: 1px solid var(--warn); }
.decision-non_conforming .badge, .decision-not_evaluable .badge { color: var(--bad); background: var(--bad-bg); border: 1px solid var(--bad); }
.reason { font-size: 1.05rem; }
figure { margin: 1rem 0; }
figcaption { color: var(--muted); font-size: .85rem; }
svg.chart { width: 100%; height: auto; max-width: 46rem; display: block; }
svg.chart text { font: 13px "Segoe UI", "Noto Sans", "DejaVu Sans", Helvetica, Arial, sans-serif; fill: var(--ink); }
svg.chart .track { fill: #eef1f4; }
svg.chart .bar { fill: var(--accent); }
svg.chart .bar.low { fill: #c27c0e; }
svg.chart .overall .bar { fill: #0f2f47; }
svg.chart .overall .bar.low { fill: #8a4b00; }
svg.chart .overall text { font-weight: 700; }
svg.chart .threshold { stroke: var(--bad); stroke-width: 3; }
section.since .charts { display: flex; flex-wrap: wrap; gap: 1rem 2rem; align-items: flex-start; }
section.since .charts figcaption { flex-basis: 100%; }
/* Two side by side on a wide screen or an A4 page, one under the other on a phone; drawn
   440 units wide with 15-unit text, so that labels read at the body's size. */
svg.history-chart { flex: 1 1 20rem; width: 100%; max-width: 30rem; height: auto; display: block; }
svg.history-chart text { font: 15px "Segoe UI", "Noto Sans", "DejaVu Sans", Helvetica, Arial, sans-serif; fill: var(--ink); }
svg.history-chart .ctitle { font-weight: 700; }
svg.history-chart .grid { stroke: var(--line); stroke-width: 1; }
svg.history-chart .line { fill: none; stroke-width: 2; }
svg.history-chart .s0 { stroke: #0f2f47; fill: #0f2f47; }
svg.history-chart .s1 { stroke: #1d6fa5; fill: #1d6fa5; }
svg.history-chart .s2 { stroke: #c27c0e; fill: #c27c0e; }
svg.history-chart .s3 { stroke: #1a7f37; fill: #1a7f37; }
svg.history-chart .s4 { stroke: #8250df; fill: #8250df; }
svg.history-chart .s5 { stroke: #b42318; fill: #b42318; }
svg.history-chart path.line { fill: none; }
table.since td.change { white-space: nowrap; }
/* A table wider than a phone scrolls inside its own box: a labelled region the keyboard
   reaches (Tab) and scrolls (arrows), not the whole page sideways. */
.scroll { overflow-x: auto; margin: .6rem 0 1rem; }
.scroll > table { margin: 0; }
.scroll:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
ul.changes li { margin: .15rem 0; }
.rule { border: 1px solid var(--line); border-left: 5px solid var(--info); border-radius: 4px;
  padding: .6rem .9rem; margin: .7rem 0; }
.rule.blocking { border-left-color: var(--bad); }
.rule.warning { border-left-color: var(--warn); }
.rule.waived, .rule.note { border-left-color: var(--line); background: #fafbfc; }
.rule .status { color: var(--muted); font-size: .88rem; margin: 0 0 .3rem; }
.rule ul { margin: .3rem 0; padding-left: 1.3rem; }
.rule li { margin: .15rem 0; }
.where { color: var(--muted); font-size: .88rem; white-space: nowrap; }
.sources { font-size: .88rem; color: var(--muted); }
.sources-head { margin: .4rem 0 0; }
.sources ul { margin-top: .1rem; }
.none { color: var(--muted); font-style: italic; }
pre.excerpt { font: .82em/1.35 "DejaVu Sans Mono", Menlo, Consolas, monospace; background: #f6f8fa;
  border: 1px solid var(--line); border-radius: 4px; padding: .35rem .6rem; margin: .35rem 0 .5rem;
  white-space: pre-wrap; overflow-wrap: anywhere; }
pre.excerpt .ln { color: var(--muted); user-select: none; }
pre.excerpt mark { background: #ffe08a; color: var(--ink); font-weight: 700; }
pre.excerpt .caret { color: var(--bad); }
p.previous-file { margin: .3rem 0 0; font-size: .9em; color: var(--muted); }
p.formula { font-size: 1.05rem; padding: .4rem .7rem; border-left: 4px solid var(--accent); background: #f6f8fa; }
table.computation th { width: 12rem; background: #f6f8fa; }
table.criteria tr.fail td { background: var(--bad-bg); }
table.criteria tr.waived td { background: var(--warn-bg); }
table.criteria tr.na td { color: var(--muted); }
table.files code { white-space: nowrap; }
table.files td.digest code, code.digest { font-size: .72em; white-space: normal; overflow-wrap: anywhere; word-break: break-all; }
table.sign th { width: 12rem; }
table.sign td { height: 2.2rem; }
table.sign tr.tall td { height: 5rem; }
table.signatures td { height: 3rem; }
.box { margin-right: 1.4rem; white-space: nowrap; }
ol.blocking { margin: .3rem 0 1rem; padding-left: 1.6rem; }
ol.blocking li { margin: .15rem 0; }
td.path code { font-size: .8em; overflow-wrap: normal; }
td.path .seg { white-space: nowrap; }
td.nowrap { white-space: nowrap; }
table.stats { width: auto; }
table.stats td, table.stats th { padding-left: 1.2rem; }
.dossier + .dossier, .batch { margin-top: 3rem; padding-top: 1.5rem; border-top: 4px double var(--line); }
footer { margin-top: 3rem; color: var(--muted); font-size: .8rem; border-top: 1px solid var(--line); padding-top: .5rem; }
/* On a phone the criteria table becomes stacked rows: code, level and status on one line (the
   code and level never wrap, a status wraps between its words), the criterion below. The
   header row stays for screen readers. */
@media screen and (max-width: 40rem) {
  main { padding: 1rem .8rem 2rem; }
  table.criteria thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  table.criteria, table.criteria tbody { display: block; }
  table.criteria tr { display: flex; flex-wrap: wrap; gap: 0 .8rem; border: 1px solid var(--line); border-radius: 4px; margin: .4rem 0; padding: .3rem .5rem; }
  table.criteria td { border: 0; padding: 0; background: none !important; }
  table.criteria td:nth-child(2) { order: 4; flex-basis: 100%; }
  table.criteria tr.fail { background: var(--bad-bg); }
  table.criteria tr.waived { background: var(--warn-bg); }
  /* The charts fill the phone's width, drawn smaller: their text a little larger to match. */
  svg.history-chart text { font-size: 17px; }
  /* A long pointer after a finding wraps rather than pushing the page sideways. */
  .where { white-space: normal; }
}
@page { size: A4; margin: 14mm 13mm 16mm; }
@media print {
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  h1 { font-size: 18pt; }
  h2 { font-size: 13pt; margin-top: 1.2rem; }
  /* A heading never ends a page apart from its section. Chromium honours `break-after: avoid`
     between blocks (a pseudo-element reserving room below a heading made it break there);
     a section's first paragraph stays with what follows it too (« Depuis le dossier
     précédent » and its first table), a table's caption and header with its first row. */
  h2, h3, h4, caption { break-after: avoid; page-break-after: avoid; }
  h2 + p { break-after: avoid; page-break-after: avoid; break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; break-after: avoid; }
  tbody > tr:first-child { break-before: avoid; page-break-before: avoid; }
  section.signature, .criteria-group > p, pre.excerpt { break-inside: avoid; page-break-inside: avoid; }
  section.signature { break-before: auto; }
  footer { break-before: avoid; page-break-before: avoid; }
  .scroll { overflow: visible; }
  .dossier + .dossier, .batch { break-before: page; page-break-before: always; margin-top: 0; padding-top: 0; border-top: 0; }
  figure, tr, li, table.identity, table.scores, .rule p, svg.history-chart { break-inside: avoid; page-break-inside: avoid; }
  /* A long rule may continue on the next page, its frame repeated; its title never stays alone. */
  .rule { padding: .35rem .7rem; -webkit-box-decoration-break: clone; box-decoration-break: clone; }
  .rule-head { break-inside: avoid; page-break-inside: avoid; }
  .rule-head, .score-line, .sources-head { break-after: avoid; page-break-after: avoid; }
}
"#;

/// Widths of the chart, in SVG units.
const CHART_WIDTH: i64 = 640;
const BAR_MAX: i64 = 540;
const ROW: i64 = 46;

/// Writes the HTML report.
pub(crate) struct Html<'a> {
    options: ReportOptions<'a>,
    count: usize,
    head_written: bool,
}

impl<'a> Html<'a> {
    /// A new HTML reporter.
    pub(crate) fn new(options: ReportOptions<'a>) -> Self {
        Html {
            options,
            count: 0,
            head_written: false,
        }
    }

    /// The title of a report of several dossiers (or none).
    fn batch_title(&self) -> String {
        let lang = self.options.lang;
        let charter = &self.options.rules.charter.charte;
        let network = match lang {
            Lang::En => charter.name_en.as_deref().unwrap_or(&charter.nom),
            Lang::Fr => &charter.nom,
        };
        tr!(
            lang,
            "Rapports de labellisation — {network} — {} dossier(s)",
            "Label reports — {network} — {} dossier(s)",
            self.options.dossiers
        )
    }
}

/// Escapes text for HTML content and attribute values (see [`super::escape::html`]).
pub(crate) fn escape(s: &str) -> String {
    super::escape::html(s)
}

/// Running text with its `code` spans as `<code>`.
/// A line break in it is the tool's (a help of several sentences): kept, as HTML whitespace.
fn text(s: &str) -> String {
    s.split('\n')
        .map(|line| {
            inline(line)
                .into_iter()
                .map(|part| match part {
                    Inline::Text(t) => escape(t),
                    Inline::Code(c) => format!("<code>{}</code>", escape(c)),
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A decimal in SVG units, without floating point.
fn units(d: Decimal) -> String {
    d.round_dp(1).normalize().to_string()
}

/// One bar of the chart: its title, its share, whether it falls short, a threshold tick.
struct Bar {
    title: String,
    score: Decimal,
    low: bool,
    overall: bool,
    threshold: Option<Decimal>,
}

/// The inline SVG bar chart: each principle's share of criteria met (and the line without a
/// principle), the overall score, then the two shares that decide — mandatory (all needed) and
/// recommended (with a tick at the threshold). Every bar carries its title and value as text,
/// and the chart has a title and a description for screen readers.
fn chart(view: &DossierView<'_>, id: &str, options: &ReportOptions<'_>) -> String {
    let lang = options.lang;
    let r = view.result;
    let mut rows: Vec<Bar> = view
        .principle_rows()
        .into_iter()
        .map(|(n, p)| Bar {
            title: if n == 0 {
                p.title.clone()
            } else {
                format!("{n}. {}", p.title)
            },
            score: p.score,
            low: p.failed > 0,
            overall: false,
            threshold: None,
        })
        .collect();
    if let Some(s) = r.score {
        rows.push(Bar {
            title: lang.pick("Score global", "Overall score").to_string(),
            score: s,
            low: false,
            overall: true,
            threshold: None,
        });
    }
    if let Some(c) = &r.criteria {
        if let Some(s) = share(&c.mandatory) {
            rows.push(Bar {
                title: lang
                    .pick(
                        "Critères obligatoires (tous exigés)",
                        "Mandatory criteria (all needed)",
                    )
                    .to_string(),
                score: s,
                low: c.mandatory.failed > 0,
                overall: true,
                threshold: None,
            });
        }
        if let Some(s) = share(&c.recommended) {
            rows.push(Bar {
                title: tr!(
                    lang,
                    "Critères recommandés (seuil {})",
                    "Recommended criteria (threshold {})",
                    percent(c.threshold, lang)
                ),
                score: s,
                low: !recommended_reached(c),
                overall: true,
                threshold: Some(c.threshold),
            });
        }
    }
    let height = ROW * rows.len() as i64 + 8;
    let max = Decimal::from(BAR_MAX);
    let mut svg = String::new();
    let desc = rows
        .iter()
        .map(|b| {
            format!(
                "{}{}{}",
                b.title,
                lang.pick(" : ", ": "),
                percent(b.score, lang)
            )
        })
        .collect::<Vec<_>>()
        .join(" ; ");
    svg.push_str(&format!(
        "<svg class=\"chart\" viewBox=\"0 0 {CHART_WIDTH} {height}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\">\n<title id=\"{id}-t\">{}</title>\n<desc id=\"{id}-d\">{}</desc>\n",
        escape(lang.pick(
            "Part des critères respectés, par principe et par niveau",
            "Share of criteria met, per principle and per level"
        )),
        escape(&desc)
    ));
    for (i, b) in rows.iter().enumerate() {
        let y = ROW * i as i64;
        let w = units(b.score * max);
        let low = if b.low { " low" } else { "" };
        let class = if b.overall { " class=\"overall\"" } else { "" };
        svg.push_str(&format!(
            "<g{class}><text x=\"0\" y=\"{}\">{}</text><rect class=\"track\" x=\"0\" y=\"{}\" width=\"{BAR_MAX}\" height=\"18\" rx=\"3\"/><rect class=\"bar{low}\" x=\"0\" y=\"{}\" width=\"{w}\" height=\"18\" rx=\"3\"/><text x=\"{}\" y=\"{}\">{}</text>",
            y + 14,
            escape(&b.title),
            y + 20,
            y + 20,
            BAR_MAX + 8,
            y + 34,
            escape(&percent(b.score, lang))
        ));
        if let Some(t) = b.threshold {
            let x = units(t * max);
            svg.push_str(&format!(
                "<line class=\"threshold\" x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\"/>",
                y + 16,
                y + 42
            ));
        }
        svg.push_str("</g>\n");
    }
    svg.push_str("</svg>");
    svg
}

fn identity(out: &mut dyn Write, view: &DossierView<'_>) -> io::Result<()> {
    writeln!(out, "<table class=\"identity\"><tbody>")?;
    for (label, value, c) in &view.identity {
        let value = match (value.is_empty(), c) {
            (true, Some(c)) => format!("<code>{}</code>", escape(c)),
            (false, Some(c)) => format!("{} <code>{}</code>", escape(value), escape(c)),
            (_, None) => escape(value),
        };
        writeln!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{value}</td></tr>",
            escape(label)
        )?;
    }
    writeln!(out, "</tbody></table>")
}

fn decision(
    out: &mut dyn Write,
    view: &DossierView<'_>,
    id: &str,
    options: &ReportOptions<'_>,
) -> io::Result<()> {
    let lang = options.lang;
    let r = view.result;
    writeln!(
        out,
        "<section class=\"decision decision-{}\">\n<h2>{} <span class=\"badge\">{}</span></h2>\n<p class=\"reason\">{}</p>",
        r.decision.as_str(),
        escape(lang.pick("Décision :", "Decision:")),
        escape(view.decision),
        text(&view.reason)
    )?;
    if !view.blocking.is_empty() {
        writeln!(out, "<ol class=\"blocking\">")?;
        for (code, title, at) in &view.blocking {
            let at = at
                .map(|l| {
                    format!(
                        " <span class=\"where\">{}</span>",
                        escape(&tr!(lang, "ligne {l}", "line {l}"))
                    )
                })
                .unwrap_or_default();
            writeln!(
                out,
                "<li><strong>{}</strong> — {}{at}</li>",
                escape(code),
                text(title)
            )?;
        }
        writeln!(out, "</ol>")?;
    }
    if let Some(f) = &view.formula {
        writeln!(
            out,
            "<p class=\"formula\"><strong>{}</strong> {}</p>\n<table class=\"computation\"><caption>{}</caption><tbody>",
            escape(lang.pick("Calcul :", "Computation:")),
            escape(f),
            escape(lang.pick(
                "Comment la décision découle des critères",
                "How the decision follows from the criteria"
            )),
        )?;
        for (label, value) in &view.computation {
            writeln!(
                out,
                "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
                escape(label),
                text(value)
            )?;
        }
        writeln!(out, "</tbody></table>")?;
    }
    if !r.principles.is_empty() {
        writeln!(
            out,
            "<figure>\n{}\n<figcaption>{}</figcaption>\n</figure>",
            chart(view, id, options),
            escape(lang.pick(
                "Chaque barre : part des critères obligatoires et recommandés respectés (ou couverts par une dérogation), sans pondération. Le trait marque le seuil des critères recommandés.",
                "Each bar: share of mandatory and recommended criteria met (or waived), unweighted. The tick marks the recommended threshold."
            ))
        )?;
        writeln!(
            out,
            "<div class=\"scroll\" role=\"region\" aria-label=\"{0}\" tabindex=\"0\"><table class=\"scores\"><caption>{}</caption>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\" class=\"num\">Score</th><th scope=\"col\" class=\"num\">{}</th><th scope=\"col\" class=\"num\">{}</th><th scope=\"col\" class=\"num\">{}</th><th scope=\"col\" class=\"num\">{}</th></tr></thead>\n<tbody>",
            escape(lang.pick(
                "Score par principe de la charte",
                "Score per charter principle"
            )),
            escape(lang.pick("Principe de la charte", "Charter principle")),
            escape(lang.pick("Applicables", "Applicable")),
            escape(lang.pick("Respectés", "Met")),
            escape(lang.pick("Par dérogation", "Waived")),
            escape(lang.pick("En échec", "Failing")),
        )?;
        for (n, p) in view.principle_rows() {
            let name = if n == 0 {
                escape(&p.title)
            } else {
                format!("{n}. {}", escape(&p.title))
            };
            writeln!(
                out,
                "<tr><th scope=\"row\">{name}</th><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                escape(&percent(p.score, lang)),
                p.applicable,
                p.passed,
                p.waived,
                p.failed
            )?;
        }
        if let (Some(s), Some(c)) = (r.score, r.criteria.as_ref()) {
            writeln!(
                out,
                "<tr class=\"total\"><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                escape(lang.pick("Score global", "Overall score")),
                escape(&percent(s, lang)),
                c.mandatory.applicable + c.recommended.applicable,
                c.mandatory.passed + c.recommended.passed,
                c.mandatory.waived + c.recommended.waived,
                c.mandatory.failed + c.recommended.failed
            )?;
        }
        writeln!(out, "</tbody></table></div>")?;
    }
    writeln!(out, "</section>")
}

/// « Pour passer à l'étape suivante »: the next stage's criteria, before `suivi`.
fn next_stage(
    out: &mut dyn Write,
    r: &DossierResult,
    options: &ReportOptions<'_>,
) -> io::Result<()> {
    let lang = options.lang;
    let Some(next) = super::next_stage::view(r, options.rules, lang) else {
        return Ok(());
    };
    writeln!(
        out,
        "<section class=\"next-stage\">\n<h2>{}</h2>\n<p>{}</p>\n<div class=\"scroll\" role=\"region\" aria-label=\"{0}\" tabindex=\"0\"><table><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>",
        escape(&next.heading),
        escape(&next.counts),
        escape(lang.pick("Règle", "Rule")),
        escape(lang.pick("Critère", "Criterion")),
        escape(lang.pick("État", "State")),
    )?;
    for row in &next.rows {
        let mark = if row.mandatory {
            format!(
                " <strong>{}</strong>",
                escape(lang.pick("(obligatoire)", "(mandatory)"))
            )
        } else {
            String::new()
        };
        let fields = row
            .fields
            .iter()
            .map(|f| format!("<code>{}</code>", escape(f)))
            .collect::<Vec<_>>()
            .join(", ");
        let fields = if fields.is_empty() {
            String::new()
        } else {
            format!("{} {fields}", escape(lang.pick(" :", ":")))
        };
        writeln!(
            out,
            "<tr class=\"standing-{}\"><td class=\"nowrap\">{}</td><td>{}{mark}</td><td>{}{fields}</td></tr>",
            crate::report::next_stage::standing_word(row.standing, crate::lang::Lang::En)
                .replace(' ', "-"),
            escape(row.code),
            text(row.title),
            escape(crate::report::next_stage::standing_word(row.standing, lang)),
        )?;
    }
    writeln!(out, "</tbody></table></div>\n</section>")
}

/// The dossier's own lines under a finding, the value marked (every piece escaped).
fn excerpt(out: &mut dyn Write, ex: &Excerpt, lang: Lang) -> io::Result<()> {
    excerpt_of(out, ex, None, lang)
}

/// The lines of the same cooperative's previous dossier that a finding compared with, under
/// the dossier's own (HI002, HI004): the file named, its lines shown like the dossier's.
fn previous_excerpts(
    out: &mut dyn Write,
    f: &crate::finding::Finding,
    lang: Lang,
) -> io::Result<()> {
    for (path, ex) in record::previous_excerpts(f) {
        writeln!(
            out,
            "<p class=\"previous-file\">{} <code>{}</code></p>",
            escape(lang.pick("Dans le dossier précédent,", "In the previous dossier,")),
            escape(path)
        )?;
        excerpt_of(out, &ex, Some(path), lang)?;
    }
    Ok(())
}

/// An excerpt of the dossier, or of the previous dossier `previous` (named in its label).
fn excerpt_of(
    out: &mut dyn Write,
    ex: &Excerpt,
    previous: Option<&str>,
    lang: Lang,
) -> io::Result<()> {
    let width = ex
        .lines
        .iter()
        .map(|l| l.number.to_string().len())
        .max()
        .unwrap_or(1);
    let first = ex.lines.first().map_or(0, |l| l.number);
    let last = ex.lines.last().map_or(0, |l| l.number);
    write!(
        out,
        "<pre class=\"excerpt\" aria-label=\"{}\">",
        escape(&match previous {
            None => tr!(
                lang,
                "extrait du dossier, lignes {first} à {last}",
                "dossier excerpt, lines {first} to {last}"
            ),
            Some(path) => tr!(
                lang,
                "extrait du dossier précédent {path}, lignes {first} à {last}",
                "excerpt of the previous dossier {path}, lines {first} to {last}"
            ),
        })
    )?;
    for l in &ex.lines {
        write!(
            out,
            "<span class=\"ln\">{:>width$}</span> {}",
            l.number,
            super::escape::html_code(&l.before)
        )?;
        if !l.marked.is_empty() {
            write!(out, "<mark>{}</mark>", super::escape::html_code(&l.marked))?;
        }
        writeln!(out, "{}", super::escape::html_code(&l.after))?;
        if !l.marked.is_empty() {
            writeln!(
                out,
                "<span class=\"ln\">{:>width$}</span> {}<span class=\"caret\">{} {}</span>",
                "",
                " ".repeat(l.before.chars().count()),
                "^".repeat(l.marked.chars().count().max(1)),
                super::escape::html_code(&ex.label)
            )?;
        }
    }
    writeln!(out, "</pre>")
}

fn rule_group(
    out: &mut dyn Write,
    g: &RuleGroup<'_>,
    r: &DossierResult,
    lang: Lang,
) -> io::Result<()> {
    let colon = lang.pick(" :", ":");
    let class = if g.is_waived() {
        "waived"
    } else if g.is_note() {
        "note"
    } else if g.blocking {
        "blocking"
    } else {
        match g.severity {
            crate::finding::Severity::Error => "blocking",
            crate::finding::Severity::Warning => "warning",
            crate::finding::Severity::Info => "note",
        }
    };
    writeln!(
        out,
        "<div class=\"rule {class}\">\n<div class=\"rule-head\"><h4>{} — {}</h4>\n<p class=\"status\">{} · <code>{}</code></p></div>\n<ul>",
        escape(g.code),
        escape(&g.title),
        escape(&g.status(lang)),
        escape(g.name)
    )?;
    let help_label = if g.is_note() {
        lang.pick("Remarque", "Remark")
    } else {
        lang.pick("Pour corriger", "How to fix")
    };
    // One help for the rule, or, when they differ, each finding's own under it.
    let per_finding = g.helps.len() > 1;
    for (i, f) in g.findings.iter().enumerate() {
        let at = match location_text(f, r, lang) {
            Some(at) if !f.pointer.is_empty() => format!(
                " <span class=\"where\">— {} <code>{}</code></span>",
                escape(&at),
                escape(&f.pointer)
            ),
            Some(at) => format!(" <span class=\"where\">— {}</span>", escape(&at)),
            None => String::new(),
        };
        let own = match f.help.as_deref().filter(|_| per_finding) {
            Some(h) => format!("<br><em>{}{colon}</em> {}", escape(help_label), text(h)),
            None => String::new(),
        };
        write!(out, "<li>{}{at}{own}", text(&f.message))?;
        if i < EXCERPTS_PER_RULE
            && let Some(ex) = record::excerpt(f, r)
        {
            writeln!(out)?;
            excerpt(out, &ex, lang)?;
            previous_excerpts(out, f, lang)?;
        }
        writeln!(out, "</li>")?;
    }
    writeln!(out, "</ul>")?;
    if g.findings.len() > EXCERPTS_PER_RULE {
        writeln!(
            out,
            "<p class=\"none\">{}</p>",
            escape(&tr!(
                lang,
                "Extraits du dossier montrés pour les {} premiers constats de la règle.",
                "Dossier excerpts shown for the rule's first {} findings.",
                EXCERPTS_PER_RULE
            ))
        )?;
    }
    for h in g.helps.iter().filter(|_| !per_finding) {
        writeln!(
            out,
            "<p><strong>{}{colon}</strong> {}</p>",
            escape(help_label),
            text(h)
        )?;
    }
    if let Some(w) = g.waiver {
        writeln!(
            out,
            "<p><strong>{}{colon}</strong> {}</p>",
            escape(waiver_heading(lang)),
            escape(&waiver_text(w, lang))
        )?;
    }
    if !g.sources.is_empty() {
        writeln!(
            out,
            "<div class=\"sources\"><p class=\"sources-head\"><strong>{}{colon}</strong></p><ul>",
            escape(lang.pick("Sources", "Sources"))
        )?;
        for s in g.sources {
            writeln!(out, "<li>{}</li>", text(s))?;
        }
        writeln!(out, "</ul></div>")?;
    }
    writeln!(out, "</div>")
}

fn section(out: &mut dyn Write, s: &Section<'_>, r: &DossierResult, lang: Lang) -> io::Result<()> {
    writeln!(
        out,
        "<section class=\"group\">\n<h3>{}</h3>",
        escape(&s.heading.text(lang))
    )?;
    if let Heading::Principle { .. } = s.heading {
        let line = match s.score {
            Some(p) => tr!(
                lang,
                "Score {} : {} critère(s) obligatoire(s) ou recommandé(s) respecté(s) sur {}.",
                "Score {}: {} of {} mandatory or recommended criteria met.",
                percent(p.score, lang),
                p.passed + p.waived,
                p.applicable
            ),
            None => lang
                .pick(
                    "Aucune règle de ce principe ne s'applique à ce dossier (étape, type, pays ou date).",
                    "No rule of this principle applies to this dossier (stage, type, country or date).",
                )
                .to_string(),
        };
        writeln!(out, "<p class=\"score-line\">{}</p>", escape(&line))?;
    }
    // "No findings" would add nothing to "no rule applies".
    let inapplicable = matches!(s.heading, Heading::Principle { .. }) && s.score.is_none();
    if s.rules.is_empty() && !inapplicable {
        writeln!(
            out,
            "<p class=\"none\">{}</p>",
            escape(lang.pick("Aucun constat.", "No findings."))
        )?;
    }
    for g in &s.rules {
        rule_group(out, g, r, lang)?;
    }
    writeln!(out, "</section>")
}

fn criteria(out: &mut dyn Write, view: &DossierView<'_>, lang: Lang) -> io::Result<()> {
    if view.criteria.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "<section class=\"criteria\">\n<h2>{}</h2>\n<p>{}</p>",
        escape(lang.pick("Critères vérifiés", "Criteria checked")),
        escape(lang.pick(
            "Chaque règle du jeu de règles, avec son niveau et ce qu'elle a donné pour ce dossier.",
            "Every rule of the rule set, with its level and what it gave for this dossier."
        ))
    )?;
    for g in &view.criteria {
        writeln!(
            out,
            "<div class=\"criteria-group\">\n<h3>{}</h3>\n<p class=\"score-line\">{}</p>\n<table class=\"criteria\"><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>",
            escape(&g.heading),
            escape(&record::tally_text(&g.tally, lang)),
            escape(lang.pick("Code", "Code")),
            escape(lang.pick("Critère", "Criterion")),
            escape(lang.pick("Niveau", "Level")),
            escape(lang.pick("Statut", "Status")),
        )?;
        for row in &g.rows {
            let mut status = escape(record::status_word(row.status, lang));
            if let Some(w) = row.waiver {
                status.push_str(&format!(
                    " <span class=\"where\">({})</span>",
                    escape(super::text::waiver_word(w, lang))
                ));
            }
            let class = match row.status {
                crate::outcome::Status::Fail => "fail",
                crate::outcome::Status::Waived => "waived",
                crate::outcome::Status::NotApplicable => "na",
                _ => "pass",
            };
            writeln!(
                out,
                "<tr class=\"{class}\"><td class=\"nowrap\">{}</td><td>{}</td><td class=\"nowrap\">{}</td><td>{status}</td></tr>",
                escape(row.code),
                text(row.title),
                escape(row.level.word(lang)),
            )?;
        }
        writeln!(out, "</tbody></table>\n</div>")?;
    }
    writeln!(out, "</section>")
}

fn register(out: &mut dyn Write, view: &DossierView<'_>, lang: Lang) -> io::Result<()> {
    if view.register.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "<section class=\"waivers\">\n<h2>{}</h2>\n<div class=\"scroll\" role=\"region\" aria-label=\"{0}\" tabindex=\"0\"><table><thead><tr>",
        escape(lang.pick(
            "Dérogations du registre du comité",
            "Waivers of the committee's register"
        ))
    )?;
    for h in [
        lang.pick("Règle", "Rule"),
        lang.pick("Ligne", "Line"),
        lang.pick("Motif", "Reason"),
        lang.pick("Accordée par", "Granted by"),
        lang.pick("Décidée le", "Decided on"),
        lang.pick("Jusqu'au", "Until"),
        lang.pick("État", "State"),
    ] {
        write!(out, "<th scope=\"col\">{}</th>", escape(h))?;
    }
    writeln!(out, "</tr></thead>\n<tbody>")?;
    for (u, state) in &view.register {
        let e = &u.entry;
        writeln!(
            out,
            "<tr><td>{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td><td class=\"nowrap\">{}</td><td class=\"nowrap\">{}</td><td>{}</td></tr>",
            escape(&e.rule),
            e.line,
            escape(&e.reason),
            escape(&e.granted_by),
            e.decision,
            e.until,
            escape(state)
        )?;
    }
    writeln!(out, "</tbody></table></div>\n</section>")
}

fn provenance(out: &mut dyn Write, view: &DossierView<'_>, lang: Lang) -> io::Result<()> {
    writeln!(
        out,
        "<section class=\"provenance\">\n<h2>{}</h2>\n<table class=\"identity\"><tbody>",
        escape(lang.pick("Cadre de l'évaluation", "Evaluation record"))
    )?;
    for (label, value) in &view.provenance {
        // A digest is code, and may break anywhere (a path and a digest never overflow).
        let value = match value.find("sha256:") {
            Some(i) => format!(
                "{}<code class=\"digest\">{}</code>",
                escape(&value[..i]),
                escape(&value[i..])
            ),
            None => escape(value),
        };
        writeln!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{value}</td></tr>",
            escape(label)
        )?;
    }
    writeln!(
        out,
        "</tbody></table>\n<div class=\"scroll\" role=\"region\" aria-label=\"{0}\" tabindex=\"0\"><table class=\"files\"><caption>{}</caption><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>",
        escape(lang.pick("Fichiers du jeu de règles", "Files of the rule set")),
        escape(lang.pick("Fichier", "File")),
        escape(lang.pick("Origine", "Origin")),
        escape(lang.pick("Empreinte", "Digest")),
    )?;
    for f in view.files {
        let origin = if f.embedded {
            lang.pick("livré avec l'outil", "shipped with the tool")
        } else {
            lang.pick("ajouté par --rules", "added with --rules")
        };
        writeln!(
            out,
            "<tr><td><code>{}</code></td><td>{}</td><td class=\"digest\"><code>{}</code></td></tr>",
            escape(&f.name),
            escape(origin),
            escape(&f.digest)
        )?;
    }
    writeln!(out, "</tbody></table></div>\n</section>")
}

fn signature(out: &mut dyn Write, view: &DossierView<'_>, lang: Lang) -> io::Result<()> {
    let choices = record::vote_choices(view.result, lang)
        .map(|c| format!("<span class=\"box\">☐ {}</span>", escape(c)))
        .join(" ");
    writeln!(
        out,
        "<section class=\"signature\">\n<h2>{}</h2>\n<p class=\"none\">{}</p>\n<table class=\"identity sign\"><tbody>\n<tr><th scope=\"row\">{}</th><td></td></tr>\n<tr><th scope=\"row\">{}</th><td></td></tr>\n<tr><th scope=\"row\">{}</th><td>{choices}</td></tr>\n<tr class=\"tall\"><th scope=\"row\">{}</th><td></td></tr>\n</tbody></table>",
        escape(lang.pick(
            "Délibération du comité de labellisation",
            "Deliberation of the label committee"
        )),
        escape(lang.pick(
            "À remplir à la main par le comité.",
            "To be filled in by hand by the committee."
        )),
        escape(lang.pick("Comité", "Committee")),
        escape(lang.pick("Date de la séance", "Date of the meeting")),
        escape(lang.pick("Décision votée", "Decision voted")),
        escape(lang.pick("Observations", "Remarks")),
    )?;
    writeln!(
        out,
        "<table class=\"signatures\"><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>",
        escape(lang.pick("Nom", "Name")),
        escape(lang.pick("Qualité", "Capacity")),
        escape(lang.pick("Signature", "Signature")),
    )?;
    for _ in 0..4 {
        writeln!(out, "<tr><td></td><td></td><td></td></tr>")?;
    }
    writeln!(out, "</tbody></table>\n</section>")
}

/// The document's head, with its `<title>`.
fn head(out: &mut dyn Write, title: &str, lang: Lang) -> io::Result<()> {
    writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"cooplabel {}\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>",
        lang.code(),
        env!("CARGO_PKG_VERSION"),
        escape(title)
    )
}

impl<'a> Html<'a> {
    /// A reporter that writes each dossier's article only, never the document's head: for a
    /// page that has its own head and serves the style sheet as a file (`cooplabel serve`).
    pub(crate) fn fragment(options: ReportOptions<'a>) -> Self {
        Html {
            options,
            count: 0,
            head_written: true,
        }
    }
}

/// « Depuis le dossier précédent »: the tables then/now, the lists of changes and, with three
/// years or more, the charts (inline SVG, no script).
fn since(out: &mut dyn Write, h: &HistoryView<'_>, lang: Lang) -> io::Result<()> {
    writeln!(
        out,
        "<section class=\"since\">\n<h2>{}</h2>\n<p>{}</p>",
        escape(HistoryView::heading(lang)),
        escape(&h.intro(lang))
    )?;
    let table = |out: &mut dyn Write, caption: &str, rows: &[Compared]| -> io::Result<()> {
        writeln!(
            out,
            "<div class=\"scroll\" role=\"region\" aria-label=\"{0}\" tabindex=\"0\"><table class=\"since\"><caption>{}</caption><thead><tr><th scope=\"col\"></th><th scope=\"col\" class=\"num\">{}</th><th scope=\"col\" class=\"num\">{}</th><th scope=\"col\" class=\"num\">{}</th></tr></thead>\n<tbody>",
            escape(caption),
            escape(lang.pick("Dossier précédent", "Previous dossier")),
            escape(lang.pick("Ce dossier", "This dossier")),
            escape(lang.pick("Évolution", "Change"))
        )?;
        for c in rows {
            writeln!(
                out,
                "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num change\">{}</td></tr>",
                escape(&c.label),
                escape(&c.then),
                escape(&c.now),
                escape(&c.change)
            )?;
        }
        writeln!(out, "</tbody></table></div>")
    };
    let mut verdict = h.verdict.clone();
    verdict.extend(h.principles.iter().cloned());
    table(
        out,
        lang.pick("Décision et scores", "Decision and scores"),
        &verdict,
    )?;
    if !h.figures.is_empty() {
        table(out, lang.pick("Chiffres clés", "Key figures"), &h.figures)?;
    }
    if h.has_chart() {
        writeln!(
            out,
            "<figure class=\"charts\">{}<figcaption>{}</figcaption></figure>",
            history::chart_svg(&h.history.years, lang, escape),
            escape(lang.pick(
                "Année par année : les scores par principe, puis la réserve légale (après la dotation de l'exercice) et le capital le plus élevé atteint.",
                "Year by year: the scores per principle, then the legal reserve (after the year's allocation) and the highest capital reached."
            ))
        )?;
    }
    let list = |out: &mut dyn Write, title: &str, items: &[ChangeLine]| -> io::Result<()> {
        writeln!(out, "<h3>{} ({})</h3>", escape(title), items.len())?;
        if items.is_empty() {
            return writeln!(
                out,
                "<p class=\"none\">{}</p>",
                escape(lang.pick("Aucun.", "None."))
            );
        }
        writeln!(out, "<ul class=\"changes\">")?;
        for c in items {
            let msg = c
                .message
                .as_deref()
                .map(|m| format!(" — {}", escape(m)))
                .unwrap_or_default();
            writeln!(
                out,
                "<li><strong>{}</strong> {} <code>{}</code>{msg}</li>",
                escape(&c.code),
                escape(&c.title),
                escape(&c.pointer)
            )?;
        }
        writeln!(out, "</ul>")
    };
    list(out, lang.pick("Corrigés depuis", "Fixed since"), &h.fixed)?;
    list(out, lang.pick("Nouveaux", "New"), &h.new)?;
    list(out, lang.pick("Toujours là", "Persisting"), &h.persisting)?;
    writeln!(out, "</section>")
}

impl Reporter for Html<'_> {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        // A lone dossier's report is titled after it (cooperative and year): its head waits for
        // the dossier. A batch is titled after the network.
        if self.options.dossiers == 1 {
            return Ok(());
        }
        self.head_written = true;
        let lang = self.options.lang;
        let title = self.batch_title();
        head(out, &title, lang)
    }

    fn dossier(&mut self, out: &mut dyn Write, r: &DossierResult) -> io::Result<()> {
        let lang = self.options.lang;
        self.count += 1;
        let id = format!("d{}", self.count);
        let view = DossierView::new(r, self.options.rules, self.options.register, lang);
        if !self.head_written {
            self.head_written = true;
            head(out, &view.title(lang), lang)?;
        }
        writeln!(
            out,
            "<article class=\"dossier\" aria-labelledby=\"{id}-h\">\n<header>\n<p class=\"kicker\">{}</p>\n<h1 id=\"{id}-h\">{}</h1>",
            escape(&view.kind(lang)),
            escape(&view.heading())
        )?;
        identity(out, &view)?;
        writeln!(out, "</header>")?;
        decision(out, &view, &id, &self.options)?;
        if let Some(h) = HistoryView::new(r, self.options.rules, lang) {
            since(out, &h, lang)?;
        }
        next_stage(out, r, &self.options)?;
        writeln!(
            out,
            "<section class=\"findings\">\n<h2>{}</h2>",
            escape(lang.pick("Constats", "Findings"))
        )?;
        if !view.evaluated && r.decision != Decision::NotEvaluable {
            writeln!(
                out,
                "<p>{}</p>",
                escape(lang.pick(
                    "Les règles n'ont pas été évaluées : corrigez d'abord la structure du dossier.",
                    "The rules were not evaluated: fix the structure of the dossier first."
                ))
            )?;
        }
        if view.sections.is_empty() {
            writeln!(
                out,
                "<p class=\"none\">{}</p>",
                escape(lang.pick("Aucun constat.", "No findings."))
            )?;
        }
        for s in &view.sections {
            section(out, s, r, lang)?;
        }
        writeln!(out, "</section>")?;
        criteria(out, &view, lang)?;
        register(out, &view, lang)?;
        provenance(out, &view, lang)?;
        signature(out, &view, lang)?;
        writeln!(out, "</article>")
    }

    fn end(&mut self, out: &mut dyn Write, s: &Summary) -> io::Result<()> {
        let lang = self.options.lang;
        if !self.head_written {
            self.head_written = true;
            let title = self.batch_title();
            head(out, &title, lang)?;
        }
        if s.dossiers > 1 {
            writeln!(
                out,
                "<section class=\"batch\" aria-labelledby=\"batch-h\">\n<h1 id=\"batch-h\">{}</h1>\n<div class=\"scroll\" role=\"region\" aria-label=\"{0}\" tabindex=\"0\"><table><thead><tr>",
                escape(lang.pick("Synthèse du réseau", "Network summary"))
            )?;
            for (i, h) in batch::batch_head(lang).iter().enumerate() {
                let num = if i >= 4 { " class=\"num\"" } else { "" };
                write!(out, "<th scope=\"col\"{num}>{}</th>", escape(h))?;
            }
            writeln!(out, "</tr></thead>\n<tbody>")?;
            for row in batch::batch_rows(s, lang) {
                let [path, name, stage, decision, score, blocking, to_fix] = row;
                writeln!(
                    out,
                    "<tr><td class=\"path\"><code>{}</code></td><th scope=\"row\">{}</th><td>{}</td><td class=\"nowrap\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                    // A long path breaks after a slash, never inside a name.
                    path.split('/')
                        .map(|seg| format!("<span class=\"seg\">{}</span>", escape(seg)))
                        .collect::<Vec<_>>()
                        .join("/<wbr>"),
                    escape(&name),
                    escape(&stage),
                    escape(&decision),
                    escape(&score),
                    blocking,
                    to_fix
                )?;
            }
            writeln!(
                out,
                "</tbody></table></div>\n<p><strong>{}</strong></p>",
                escape(&batch::counts_text(s, lang))
            )?;
            if !s.accueils.is_zero() || !s.chiffre_affaires.is_empty() {
                let ca = s
                    .chiffre_affaires
                    .iter()
                    .map(|(c, v)| crate::numfmt::amount(*v, Some(c), lang))
                    .collect::<Vec<_>>()
                    .join(" + ");
                writeln!(
                    out,
                    "<h2>{}</h2>\n<div class=\"scroll\" role=\"region\" aria-label=\"{0}\" tabindex=\"0\"><table class=\"stats\"><thead><tr><th scope=\"col\" class=\"num\">{}</th><th scope=\"col\" class=\"num\">{}</th><th scope=\"col\" class=\"num\">{}</th><th scope=\"col\" class=\"num\">{}</th></tr></thead>\n<tbody><tr><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr></tbody></table></div>",
                    escape(lang.pick("État des lieux", "State of the network")),
                    escape(lang.pick("Accueils", "Welcomed")),
                    escape(lang.pick("Accompagnements", "Supported")),
                    escape(lang.pick("Salariés", "Salaried")),
                    escape(lang.pick("Chiffre d'affaires", "Turnover")),
                    number(s.accueils, lang),
                    number(s.accompagnements, lang),
                    number(s.salaries, lang),
                    escape(&ca)
                )?;
            }
            let years = history::by_year_rows(s, lang);
            if !years.is_empty() {
                writeln!(
                    out,
                    "<h2>{}</h2>\n<div class=\"scroll\" role=\"region\" aria-label=\"{0}\" tabindex=\"0\"><table class=\"stats by-year\"><thead><tr>",
                    escape(lang.pick(
                        "État des lieux année par année",
                        "State of the network year by year"
                    ))
                )?;
                for (i, h) in history::by_year_head(lang).iter().enumerate() {
                    let num = if i > 0 { " class=\"num\"" } else { "" };
                    write!(out, "<th scope=\"col\"{num}>{}</th>", escape(h))?;
                }
                writeln!(out, "</tr></thead>\n<tbody>")?;
                for row in years {
                    let [year, rest @ ..] = row;
                    write!(out, "<tr><th scope=\"row\">{}</th>", escape(&year))?;
                    for c in rest {
                        write!(out, "<td class=\"num\">{}</td>", escape(&c))?;
                    }
                    writeln!(out, "</tr>")?;
                }
                writeln!(out, "</tbody></table></div>")?;
            }
            writeln!(out, "</section>")?;
        }
        writeln!(
            out,
            "<footer><p>{}</p></footer>\n</main>\n</body>\n</html>",
            escape(&tr!(
                lang,
                "Rapport produit par cooplabel {} à partir des dossiers et des règles du réseau ; chaque constat renvoie à la ligne du dossier qui l'a décidé.",
                "Report produced by cooplabel {} from the dossiers and the network's rules; each finding points at the line of the dossier that decided it.",
                env!("CARGO_PKG_VERSION")
            ))
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_html() {
        assert_eq!(
            escape("<a href=\"x\">l'«&»</a>"),
            "&lt;a href=&quot;x&quot;&gt;l&#39;«&amp;»&lt;/a&gt;"
        );
        assert_eq!(text("écrire `<b>`"), "écrire <code>&lt;b&gt;</code>");
        assert_eq!(
            escape("18 500 000 FRF, 43 % : « oui »"),
            "18\u{a0}500\u{a0}000 FRF, 43\u{a0}%\u{a0}: «\u{a0}oui\u{a0}»"
        );
        assert_eq!(units(Decimal::new(3, 1) * Decimal::from(540)), "162");
    }
}
