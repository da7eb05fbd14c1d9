//! « Depuis le dossier précédent »: what the committee reads of a cooperative's movement from
//! one year to the next — decision and score then and now, per principle, the findings fixed,
//! new and persisting, the key figures side by side, and with three years or more a chart.
//! Built once from the result model; `markdown`, `html` and `human` only render it. Texts are
//! not escaped here: each format escapes what it writes.

use rust_decimal::Decimal;

use crate::history::{Figures, History, Tracked, YearPoint};
use crate::lang::Lang;
use crate::numfmt::{number, percent};
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
            if d.is_zero() {
                "=".into()
            } else {
                let sign = if d > Decimal::ZERO { "+" } else { "−" };
                format!(
                    "{sign}{} {}",
                    number(d.abs(), lang),
                    lang.pick("pts", "pts")
                )
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
    let cur = |f: &Figures| {
        f.currency
            .clone()
            .map(|c| format!(" {c}"))
            .unwrap_or_default()
    };
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
                Some(v) if money => format!("{}{}", number(v, lang), cur(f)),
                Some(v) => number(v, lang),
                None => "—".into(),
            };
            Compared {
                label: lang.pick(fr, en).into(),
                then: show(a, then),
                now: show(b, now),
                change: change(a, b, lang),
            }
        })
        .collect()
}

/// `+12 000 (+8,5 %)`, `=`, or empty when a side is unknown.
pub(crate) fn change(a: Option<Decimal>, b: Option<Decimal>, lang: Lang) -> String {
    let (Some(a), Some(b)) = (a, b) else {
        return String::new();
    };
    let Some(d) = b.checked_sub(a) else {
        return String::new();
    };
    if d.is_zero() {
        return "=".into();
    }
    let sign = if d > Decimal::ZERO { "+" } else { "−" };
    let mut s = format!("{sign}{}", number(d.abs(), lang));
    if !a.is_zero()
        && let Some(rate) = d.checked_div(a.abs())
    {
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

/// The SVG chart of a history (three years or more): the principle scores year by year, and
/// the legal reserve against the highest capital reached. No script; colours and a legend in
/// text, so that it prints in black and white too (dashes tell the series apart).
pub(crate) fn chart_svg(
    years: &[YearPoint],
    lang: Lang,
    escape: impl Fn(&str) -> String,
) -> String {
    let mut out = String::new();
    let n = years.len();
    if n < 3 {
        return out;
    }
    let (w, h, left, right, top, bottom) = (700.0_f64, 230.0_f64, 56.0, 250.0, 30.0, 28.0);
    let plot_w = w - left - right;
    let plot_h = h - top - bottom;
    let x = |i: usize| left + plot_w * (i as f64) / ((n - 1) as f64);
    let label_year = |y: &YearPoint| y.date.map_or_else(|| "?".into(), |d| d.year().to_string());
    let dashes = ["", "6 3", "2 3", "8 3 2 3", "1 2", "10 4"];
    // Principle scores, 0–100 %.
    let mut ids: Vec<(&str, &str)> = Vec::new();
    for y in years {
        for (id, title, _) in &y.principles {
            if !ids.iter().any(|(i, _)| i == id) {
                ids.push((id, title));
            }
        }
    }
    let axis = |out: &mut String, title: &str, ticks: &[(f64, String)]| {
        out.push_str(&format!(
            "<text x=\"{left}\" y=\"12\" class=\"ctitle\">{}</text>",
            escape(title)
        ));
        for (v, t) in ticks {
            let yy = top + plot_h * (1.0 - v);
            out.push_str(&format!(
                "<line x1=\"{left}\" x2=\"{}\" y1=\"{yy:.1}\" y2=\"{yy:.1}\" class=\"grid\"/><text x=\"{}\" y=\"{:.1}\" class=\"tick\" text-anchor=\"end\">{}</text>",
                left + plot_w,
                left - 6.0,
                yy + 4.0,
                escape(t)
            ));
        }
        for (i, y) in years.iter().enumerate() {
            out.push_str(&format!(
                "<text x=\"{:.1}\" y=\"{}\" class=\"tick\" text-anchor=\"middle\">{}</text>",
                x(i),
                h - 8.0,
                escape(&label_year(y))
            ));
        }
    };
    let series = |out: &mut String, k: usize, name: &str, points: Vec<Option<f64>>| {
        let dash = dashes[k % dashes.len()];
        let mut d = String::new();
        for (i, p) in points.iter().enumerate() {
            if let Some(v) = p {
                let yy = top + plot_h * (1.0 - v.clamp(0.0, 1.0));
                d.push_str(&format!(
                    "{}{:.1},{:.1} ",
                    if d.is_empty() { "M" } else { "L" },
                    x(i),
                    yy
                ));
                out.push_str(&format!(
                    "<circle cx=\"{:.1}\" cy=\"{yy:.1}\" r=\"3\" class=\"s{}\"/>",
                    x(i),
                    k % 6
                ));
            }
        }
        out.push_str(&format!(
            "<path d=\"{}\" class=\"line s{}\" stroke-dasharray=\"{dash}\"/>",
            d.trim_end(),
            k % 6
        ));
        let ly = top + 14.0 * k as f64 + 8.0;
        let lx = left + plot_w + 12.0;
        out.push_str(&format!(
            "<line x1=\"{lx}\" x2=\"{}\" y1=\"{ly}\" y2=\"{ly}\" class=\"line s{}\" stroke-dasharray=\"{dash}\"/><text x=\"{}\" y=\"{}\" class=\"legend\">{}</text>",
            lx + 18.0,
            k % 6,
            lx + 22.0,
            ly + 4.0,
            escape(&shorten(name, 30))
        ));
    };
    // Drawing coordinates only: the figures themselves stay decimals everywhere else.
    let f = |d: Decimal| -> f64 { rust_decimal::prelude::ToPrimitive::to_f64(&d).unwrap_or(0.0) };
    // Chart 1: scores.
    out.push_str(&format!(
        "<svg class=\"history-chart\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{}\" xmlns=\"http://www.w3.org/2000/svg\">",
        escape(lang.pick("Scores par principe, année par année", "Scores per principle, year by year"))
    ));
    let ticks: Vec<(f64, String)> = [0.0, 0.5, 1.0]
        .iter()
        .map(|v| (*v, format!("{} %", (v * 100.0) as i64)))
        .collect();
    axis(
        &mut out,
        lang.pick("Scores par principe", "Scores per principle"),
        &ticks,
    );
    series(
        &mut out,
        0,
        lang.pick("Score global", "Overall score"),
        years.iter().map(|y| y.score.map(f)).collect(),
    );
    for (k, (id, title)) in ids.iter().enumerate() {
        let pts = years
            .iter()
            .map(|y| y.principles.iter().find(|p| p.0 == *id).map(|p| f(p.2)))
            .collect();
        series(&mut out, k + 1, title, pts);
    }
    out.push_str("</svg>");
    // Chart 2: reserves against the highest capital.
    let max = years
        .iter()
        .flat_map(|y| [y.reserve_legale, y.capital_max_atteint])
        .flatten()
        .map(f)
        .fold(0.0_f64, f64::max);
    if max > 0.0 {
        out.push_str(&format!(
            "<svg class=\"history-chart\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{}\" xmlns=\"http://www.w3.org/2000/svg\">",
            escape(lang.pick("Réserve légale et capital le plus élevé atteint", "Legal reserve and highest capital reached"))
        ));
        let ticks: Vec<(f64, String)> = [0.0, 0.5, 1.0]
            .iter()
            .map(|v| {
                (
                    *v,
                    number(
                        Decimal::from_f64_retain(max * v)
                            .unwrap_or_default()
                            .round(),
                        lang,
                    ),
                )
            })
            .collect();
        axis(
            &mut out,
            lang.pick(
                "Réserve légale et capital le plus élevé atteint",
                "Legal reserve and highest capital reached",
            ),
            &ticks,
        );
        series(
            &mut out,
            0,
            lang.pick("Réserve légale", "Legal reserve"),
            years
                .iter()
                .map(|y| y.reserve_legale.map(|v| f(v) / max))
                .collect(),
        );
        series(
            &mut out,
            1,
            lang.pick("Capital le plus élevé", "Highest capital"),
            years
                .iter()
                .map(|y| y.capital_max_atteint.map(|v| f(v) / max))
                .collect(),
        );
        out.push_str("</svg>");
    }
    out
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
            let c = change(then, Some(now), lang);
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
                let c = change(then, Some(*v), lang);
                if c.is_empty() {
                    format!("{} {cur}", number(*v, lang))
                } else {
                    format!("{} {cur} ({})", number(*v, lang), flat(c))
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
