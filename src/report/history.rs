//! « Depuis le dossier précédent »: what the committee reads of a cooperative's movement from
//! one year to the next — decision and score then and now, per principle, the findings fixed,
//! new and persisting, the key figures side by side, and with three years or more a chart.
//! Built once from the result model; `markdown`, `html` and `human` only render it. Texts are
//! not escaped here: each format escapes what it writes.

use rust_decimal::Decimal;

use crate::history::{Figures, History, Tracked, YearPoint};
use crate::lang::Lang;
use crate::numfmt::{amount, amount_change, number, number_change, percent};
use crate::rules::RuleSet;
use crate::tr;
use crate::verdict::DossierResult;

/// One compared line: a label, then, now, and the change in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Compared {
    /// What is compared.
    pub label: String,
    /// Last year's value.
    pub then: String,
    /// This year's value.
    pub now: String,
    /// The change (`+3`, `−12,5 %`, `=`), empty when one side is unknown.
    pub change: String,
}

/// A finding of a change list: its code, the rule's title, where, and (for this year's) its
/// message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ChangeLine {
    /// Rule code.
    pub code: String,
    /// The rule's title (or the code when the rule is not in this run's packs).
    pub title: String,
    /// JSON pointer.
    pub pointer: String,
    /// This year's message (none for a fixed finding).
    pub message: Option<String>,
}

/// The section « Depuis le dossier précédent ».
#[derive(Debug, Clone)]
pub(crate) struct HistoryView<'a> {
    /// The history it shows.
    pub history: &'a History,
    /// Decision and score, then and now.
    pub verdict: Vec<Compared>,
    /// Per principle.
    pub principles: Vec<Compared>,
    /// Key figures.
    pub figures: Vec<Compared>,
    /// Findings gone since.
    pub fixed: Vec<ChangeLine>,
    /// Findings that appeared.
    pub new: Vec<ChangeLine>,
    /// Findings still there.
    pub persisting: Vec<ChangeLine>,
}

impl<'a> HistoryView<'a> {
    /// The view of a result's history, if it has one.
    pub(crate) fn new(r: &'a DossierResult, rules: &RuleSet, lang: Lang) -> Option<Self> {
        let h = r.history.as_deref()?;
        let p = &h.previous;
        let score = |s: Option<Decimal>| s.map_or_else(|| "—".to_string(), |s| percent(s, lang));
        let verdict = vec![
            Compared {
                label: lang.pick("Décision", "Decision").into(),
                then: p.decision.human(r.stage, lang).into(),
                now: r.decision.human(r.stage, lang).into(),
                change: if p.decision == r.decision {
                    "=".into()
                } else {
                    lang.pick("changée", "changed").into()
                },
            },
            Compared {
                label: lang.pick("Score", "Score").into(),
                then: score(p.score),
                now: score(r.score),
                change: points(p.score, r.score, lang),
            },
        ];
        let mut principles: Vec<Compared> = r
            .principles
            .iter()
            .map(|now| {
                let then = p
                    .principles
                    .iter()
                    .find(|(id, _, _)| *id == now.id)
                    .map(|t| t.2);
                Compared {
                    label: now.title.clone(),
                    then: score(then),
                    now: percent(now.score, lang),
                    change: points(then, Some(now.score), lang),
                }
            })
            .collect();
        // A principle scored last year and not applicable now still shows.
        for (id, title, s) in &p.principles {
            if !r.principles.iter().any(|n| &n.id == id) {
                principles.push(Compared {
                    label: title.clone(),
                    then: percent(*s, lang),
                    now: "—".into(),
                    change: String::new(),
                });
            }
        }
        let figures = figures(&p.figures, r.figures.as_ref(), lang);
        let line = |t: &Tracked, with_message: bool| ChangeLine {
            code: t.code.clone(),
            title: rules
                .find(&t.code)
                .map_or_else(|| t.code.clone(), |rule| rule.title.get(lang).clone()),
            pointer: t.pointer.clone(),
            message: with_message
                .then(|| {
                    r.findings
                        .iter()
                        .find(|f| f.code == t.code && f.pointer == t.pointer)
                        .map(|f| f.message.clone())
                })
                .flatten(),
        };
        Some(HistoryView {
            history: h,
            verdict,
            principles,
            figures,
            fixed: h.changes.fixed.iter().map(|t| line(t, false)).collect(),
            new: h.changes.new.iter().map(|t| line(t, true)).collect(),
            persisting: h.changes.persisting.iter().map(|t| line(t, true)).collect(),
        })
    }

    /// The heading of the section.
    pub(crate) fn heading(lang: Lang) -> &'static str {
        lang.pick("Depuis le dossier précédent", "Since the previous dossier")
    }

    /// The sentence under the heading: which dossier, of which date.
    pub(crate) fn intro(&self, lang: Lang) -> String {
        let p = &self.history.previous;
        let date = p.date.map_or_else(|| "?".into(), |d| d.to_string());
        tr!(
            lang,
            "Comparé au dossier précédent de la même coopérative : {} (arrêté au {date}).",
            "Compared with the same cooperative's previous dossier: {} (ending {date}).",
            p.path
        )
    }

    /// Whether the chart is drawn: three years or more.
    pub(crate) fn has_chart(&self) -> bool {
        self.history.years.len() >= 3
    }
}

/// The change of a score in points (`+5 pts`).
fn points(then: Option<Decimal>, now: Option<Decimal>, lang: Lang) -> String {
    match (then, now) {
        (Some(a), Some(b)) => {
            let d = ((b - a) * Decimal::from(100)).round();
            match number_change(d, lang) {
                same if d.is_zero() => same,
                signed => format!("{signed} {}", lang.pick("pts", "pts")),
            }
        }
        _ => String::new(),
    }
}

/// The key figures, then and now, with their change (absolute, and in % when both are
/// non-zero). A figure unknown both years is left out.
fn figures(then: &Figures, now: Option<&Figures>, lang: Lang) -> Vec<Compared> {
    let empty = Figures::default();
    let now = now.unwrap_or(&empty);
    // French label, English label, then, now, whether an amount in the currency.
    type Row<'l> = (&'l str, &'l str, Option<Decimal>, Option<Decimal>, bool);
    let rows: [Row<'_>; 7] = [
        (
            "Entrepreneurs",
            "Entrepreneurs",
            then.entrepreneurs,
            now.entrepreneurs,
            false,
        ),
        (
            "Associés (sociétaires)",
            "Members",
            then.associes,
            now.associes,
            false,
        ),
        (
            "Chiffre d'affaires des entrepreneurs",
            "Entrepreneurs' turnover",
            then.chiffre_affaires,
            now.chiffre_affaires,
            true,
        ),
        (
            "Contributions des entrepreneurs",
            "Entrepreneurs' contributions",
            then.contributions,
            now.contributions,
            true,
        ),
        (
            "Réserve légale (après la dotation de l'exercice)",
            "Legal reserve (after the year's allocation)",
            then.reserve_legale,
            now.reserve_legale,
            true,
        ),
        (
            "Capital social",
            "Share capital",
            then.capital_social,
            now.capital_social,
            true,
        ),
        (
            "Capital le plus élevé atteint",
            "Highest capital reached",
            then.capital_max_atteint,
            now.capital_max_atteint,
            true,
        ),
    ];
    rows.into_iter()
        .filter(|(_, _, a, b, _)| a.is_some() || b.is_some())
        .map(|(fr, en, a, b, money)| {
            let show = |v: Option<Decimal>, f: &Figures| match v {
                Some(v) if money => amount(v, f.currency.as_deref(), lang),
                Some(v) => number(v, lang),
                None => "—".into(),
            };
            Compared {
                label: lang.pick(fr, en).into(),
                then: show(a, then),
                now: show(b, now),
                change: change(a, b, money, lang),
            }
        })
        .collect()
}

/// `+12 000 (+8,5 %)`, `=`, or empty when a side is unknown; the change of an amount (`money`)
/// is written like the amounts themselves ([`amount_change`]), that of a count like a number.
pub(crate) fn change(a: Option<Decimal>, b: Option<Decimal>, money: bool, lang: Lang) -> String {
    let (Some(a), Some(b)) = (a, b) else {
        return String::new();
    };
    let Some(d) = b.checked_sub(a) else {
        return String::new();
    };
    let mut s = if money {
        amount_change(d, lang)
    } else {
        number_change(d, lang)
    };
    if s == "=" {
        return s;
    }
    if !a.is_zero()
        && let Some(rate) = d.checked_div(a.abs())
    {
        let sign = if d.is_sign_negative() { "−" } else { "+" };
        let p = percent(rate.abs(), lang);
        s.push_str(&format!(" ({sign}{p})"));
    }
    s
}

/// The short line of the human report: « Depuis le dossier précédent (…) : décision, score ;
/// n corrigé(s), n nouveau(x), n persistant(s) ».
pub(crate) fn one_line(r: &DossierResult, lang: Lang) -> Option<String> {
    let h = r.history.as_deref()?;
    let p = &h.previous;
    let score = |s: Option<Decimal>| s.map_or_else(|| "—".to_string(), |s| percent(s, lang));
    let date = p.date.map_or_else(|| "?".into(), |d| d.to_string());
    Some(tr!(
        lang,
        "Depuis l'an dernier ({date}) : {} {} → {} {} ; {} corrigé(s), {} nouveau(x), {} persistant(s)",
        "Since last year ({date}): {} {} → {} {}; {} fixed, {} new, {} persisting",
        p.decision.human(r.stage, lang),
        score(p.score),
        r.decision.human(r.stage, lang),
        score(r.score),
        h.changes.fixed.len(),
        h.changes.new.len(),
        h.changes.persisting.len()
    ))
}

/// The SVG charts of a history (three years or more): the principle scores year by year, and
/// the legal reserve against the highest capital reached. No script; colours and a legend in
/// text, so that it prints in black and white too (dashes tell the series apart). Each chart
/// is narrow (its legend under the plot, not beside it) so that two sit side by side on a wide
/// screen and one fills a phone, its labels at the size of the text around it.
pub(crate) fn chart_svg(
    years: &[YearPoint],
    lang: Lang,
    escape: impl Fn(&str) -> String,
) -> String {
    if years.len() < 3 {
        return String::new();
    }
    let mut out = scores_chart(years, lang, &escape);
    out.push_str(&capital_chart(years, lang, &escape));
    out
}

/// One line of a chart: its name and its value each year, as a fraction of the plot's height.
type Series<'n> = (&'n str, Vec<Option<f64>>);

/// Drawing coordinates only: the figures themselves stay decimals everywhere else.
fn to_f64(d: Decimal) -> f64 {
    rust_decimal::prelude::ToPrimitive::to_f64(&d).unwrap_or(0.0)
}

/// The principle scores, 0–100 %, with the overall score first.
fn scores_chart(years: &[YearPoint], lang: Lang, escape: &impl Fn(&str) -> String) -> String {
    let mut ids: Vec<(&str, &str)> = Vec::new();
    for y in years {
        for (id, title, _) in &y.principles {
            if !ids.iter().any(|(i, _)| i == id) {
                ids.push((id, title));
            }
        }
    }
    let mut series: Vec<Series<'_>> = vec![(
        lang.pick("Score global", "Overall score"),
        years.iter().map(|y| y.score.map(to_f64)).collect(),
    )];
    for (id, title) in ids {
        let points = years
            .iter()
            .map(|y| y.principles.iter().find(|p| p.0 == id).map(|p| to_f64(p.2)))
            .collect();
        series.push((title, points));
    }
    let ticks =
        [Decimal::ZERO, Decimal::new(5, 1), Decimal::ONE].map(|v| (to_f64(v), percent(v, lang)));
    chart(
        years,
        (
            lang.pick("Scores par principe", "Scores per principle"),
            lang.pick(
                "Scores par principe, année par année",
                "Scores per principle, year by year",
            ),
        ),
        &ticks,
        &series,
        escape,
    )
}

/// The legal reserve against the highest capital reached, on a scale from zero to the
/// largest of them; nothing when neither is known.
fn capital_chart(years: &[YearPoint], lang: Lang, escape: &impl Fn(&str) -> String) -> String {
    let max = years
        .iter()
        .flat_map(|y| [y.reserve_legale, y.capital_max_atteint])
        .flatten()
        .fold(Decimal::ZERO, Decimal::max);
    if max <= Decimal::ZERO {
        return String::new();
    }
    let share = |v: Option<Decimal>| v.and_then(|v| v.checked_div(max)).map(to_f64);
    let series: [Series<'_>; 2] = [
        (
            lang.pick("Réserve légale", "Legal reserve"),
            years.iter().map(|y| share(y.reserve_legale)).collect(),
        ),
        (
            lang.pick("Capital le plus élevé", "Highest capital"),
            years.iter().map(|y| share(y.capital_max_atteint)).collect(),
        ),
    ];
    let half = (max / Decimal::TWO).round();
    let ticks = [Decimal::ZERO, half, max.round()]
        .map(|v| (share(Some(v)).unwrap_or(0.0), amount(v, None, lang)));
    let title = lang.pick(
        "Réserve légale et capital le plus élevé atteint",
        "Legal reserve and highest capital reached",
    );
    chart(years, (title, title), &ticks, &series, escape)
}

/// The geometry of a chart, in the SVG's own units: text is 15 units high, the body's size
/// when the chart is drawn at its natural width of 440 px.
struct Frame {
    n: usize,
    left: f64,
    top: f64,
    plot_w: f64,
    plot_h: f64,
    width: f64,
}

impl Frame {
    const WIDTH: f64 = 440.0;
    const LEGEND_ROW: f64 = 22.0;

    fn new(n: usize) -> Self {
        let (left, right, top, plot_h) = (84.0, 28.0, 34.0, 150.0);
        Frame {
            n,
            left,
            top,
            plot_w: Self::WIDTH - left - right,
            plot_h,
            width: Self::WIDTH,
        }
    }

    /// Where year `i` is drawn.
    fn x(&self, i: usize) -> f64 {
        self.left + self.plot_w * (i as f64) / ((self.n.max(2) - 1) as f64)
    }

    /// Where a fraction of the scale is drawn (clamped to the plot).
    fn y(&self, v: f64) -> f64 {
        self.top + self.plot_h * (1.0 - v.clamp(0.0, 1.0))
    }

    /// The baseline of the years under the plot.
    fn years_line(&self) -> f64 {
        self.top + self.plot_h + 22.0
    }

    /// The middle of legend row `k`, under the years.
    fn legend_row(&self, k: usize) -> f64 {
        self.years_line() + 14.0 + Self::LEGEND_ROW * (k as f64 + 0.5)
    }
}

/// One chart: title, grid and ticks, the years, then each series and its legend row; the
/// pair is its visible title and its accessible name.
fn chart(
    years: &[YearPoint],
    (title, label): (&str, &str),
    ticks: &[(f64, String)],
    series: &[Series<'_>],
    escape: &impl Fn(&str) -> String,
) -> String {
    let frame = Frame::new(years.len());
    let height = frame.legend_row(series.len()) - Frame::LEGEND_ROW / 2.0 + 6.0;
    let mut out = format!(
        "<svg class=\"history-chart\" viewBox=\"0 0 {} {height:.0}\" role=\"img\" aria-label=\"{}\" xmlns=\"http://www.w3.org/2000/svg\">",
        frame.width,
        escape(label)
    );
    axes(&mut out, &frame, years, title, ticks, escape);
    for (k, (name, points)) in series.iter().enumerate() {
        line(&mut out, &frame, k, points);
        legend(&mut out, &frame, k, name, escape);
    }
    out.push_str("</svg>");
    out
}

/// The dash pattern of series `k` (with its colour class `s{k % 6}`).
fn dash(k: usize) -> &'static str {
    const DASHES: [&str; 6] = ["", "6 3", "2 3", "8 3 2 3", "1 2", "10 4"];
    DASHES[k % DASHES.len()]
}

/// The chart's title, the horizontal grid with its tick labels, and the years.
fn axes(
    out: &mut String,
    frame: &Frame,
    years: &[YearPoint],
    title: &str,
    ticks: &[(f64, String)],
    escape: &impl Fn(&str) -> String,
) {
    out.push_str(&format!(
        "<text x=\"0\" y=\"16\" class=\"ctitle\">{}</text>",
        escape(title)
    ));
    for (v, t) in ticks {
        let y = frame.y(*v);
        out.push_str(&format!(
            "<line x1=\"{}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\" class=\"grid\"/><text x=\"{}\" y=\"{:.1}\" class=\"tick\" text-anchor=\"end\">{}</text>",
            frame.left,
            frame.left + frame.plot_w,
            frame.left - 6.0,
            y + 5.0,
            escape(t)
        ));
    }
    for (i, y) in years.iter().enumerate() {
        let year = y.date.map_or_else(|| "?".into(), |d| d.year().to_string());
        out.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" class=\"tick\" text-anchor=\"middle\">{}</text>",
            frame.x(i),
            frame.years_line(),
            escape(&year)
        ));
    }
}

/// Series `k`: a dot for each known year, and the line through them.
fn line(out: &mut String, frame: &Frame, k: usize, points: &[Option<f64>]) {
    let mut d = String::new();
    for (i, p) in points.iter().enumerate() {
        let Some(v) = p else { continue };
        let (x, y) = (frame.x(i), frame.y(*v));
        d.push_str(&format!(
            "{}{x:.1},{y:.1} ",
            if d.is_empty() { "M" } else { "L" }
        ));
        out.push_str(&format!(
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"3.5\" class=\"s{}\"/>",
            k % 6
        ));
    }
    out.push_str(&format!(
        "<path d=\"{}\" class=\"line s{}\" stroke-dasharray=\"{}\"/>",
        d.trim_end(),
        k % 6,
        dash(k)
    ));
}

/// The legend row of series `k`: a sample of its line, and its name.
fn legend(out: &mut String, frame: &Frame, k: usize, name: &str, escape: &impl Fn(&str) -> String) {
    let y = frame.legend_row(k);
    out.push_str(&format!(
        "<line x1=\"0\" x2=\"28\" y1=\"{y:.1}\" y2=\"{y:.1}\" class=\"line s{}\" stroke-dasharray=\"{}\"/><text x=\"36\" y=\"{:.1}\" class=\"legend\">{}</text>",
        k % 6,
        dash(k),
        y + 5.0,
        escape(&shorten(name, 44))
    ));
}

/// A legend text cut to `max` characters.
fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}

/// The network's état des lieux year by year, each figure with its change from the year
/// before: `[year, cooperatives, accueils, accompagnements, salariés, chiffre d'affaires]`.
/// Empty with fewer than two years (the single-year table says it all).
pub(crate) fn by_year_rows(s: &super::Summary, lang: Lang) -> Vec<[String; 6]> {
    if s.by_year.len() < 2 {
        return Vec::new();
    }
    let mut rows = Vec::new();
    let mut before: Option<&super::summary::YearTotals> = None;
    for (year, y) in &s.by_year {
        // « 38 (+2 ; +5,56 %) »: the change and its rate in one bracket.
        let flat = |c: String| c.replacen(" (", " ; ", 1).trim_end_matches(')').to_string();
        let with = |now: Decimal, then: Option<Decimal>| {
            let c = change(then, Some(now), false, lang);
            if c.is_empty() {
                number(now, lang)
            } else {
                format!("{} ({})", number(now, lang), flat(c))
            }
        };
        let coops = Decimal::from(y.cooperatives.len());
        let ca = y
            .chiffre_affaires
            .iter()
            .map(|(cur, v)| {
                let then = before.and_then(|b| b.chiffre_affaires.get(cur).copied());
                let c = change(then, Some(*v), true, lang);
                let shown = amount(*v, Some(cur), lang);
                if c.is_empty() {
                    shown
                } else {
                    format!("{shown} ({})", flat(c))
                }
            })
            .collect::<Vec<_>>()
            .join(" + ");
        rows.push([
            year.to_string(),
            with(coops, before.map(|b| Decimal::from(b.cooperatives.len()))),
            with(y.accueils, before.map(|b| b.accueils)),
            with(y.accompagnements, before.map(|b| b.accompagnements)),
            with(y.salaries, before.map(|b| b.salaries)),
            ca,
        ]);
        before = Some(y);
    }
    rows
}

/// The head of the by-year table.
pub(crate) fn by_year_head(lang: Lang) -> [&'static str; 6] {
    [
        lang.pick("Année", "Year"),
        lang.pick("Coopératives", "Cooperatives"),
        lang.pick("Accueils", "Welcomed"),
        lang.pick("Accompagnements", "Supported"),
        lang.pick("Salariés", "Salaried"),
        lang.pick("Chiffre d'affaires", "Turnover"),
    ]
}
