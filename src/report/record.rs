//! What makes the committee's report a record it can sign: how the decision follows from the
//! criteria (in words and figures), every criterion checked with its level and status, the
//! committee register's entries and what became of them, the rule set and the day of the
//! evaluation, the dossier's own lines under each finding, and the signature block. Built from
//! the result model; `markdown` and `html` render it.

use rust_decimal::Decimal;

use crate::finding::{Finding, WaiverState};
use crate::lang::Lang;
use crate::numfmt::percent;
use crate::outcome::{RegisterUse, Status};
use crate::register::Register;
use crate::rules::{Level, RuleFile, RuleSet};
use crate::tr;
use crate::verdict::score::{general_title, recommended_reached};
use crate::verdict::{Criteria, Decision, DossierResult, GENERAL, Tally};

/// A status in words.
pub(crate) fn status_word(status: Status, lang: Lang) -> &'static str {
    match status {
        Status::Pass => lang.pick("respecté", "met"),
        Status::Note => lang.pick("noté", "noted"),
        Status::Fail => lang.pick("non respecté", "not met"),
        Status::Waived => lang.pick("couvert par une dérogation", "waived"),
        Status::NotApplicable => lang.pick("ne s'applique pas", "not applicable"),
    }
}

/// `met/applicable`.
fn ratio(t: &Tally) -> String {
    format!("{}/{}", t.met(), t.applicable)
}

/// The decision's computation in one line, as the network states its rule: « obligatoires :
/// 31/31 ; recommandés : 18/24 = 75 % ≥ 50 % ».
pub(crate) fn formula(c: &Criteria, lang: Lang) -> String {
    let m = &c.mandatory;
    let r = &c.recommended;
    let t = percent(c.threshold, lang);
    let recommended = if r.applicable == 0 {
        lang.pick("aucun ne s'applique", "none applies").to_string()
    } else {
        let share = Decimal::from(r.met()) / Decimal::from(r.applicable);
        let cmp = if recommended_reached(c) { "≥" } else { "<" };
        format!("{} = {} {cmp} {t}", ratio(r), percent(share, lang))
    };
    tr!(
        lang,
        "obligatoires : {} ; recommandés : {recommended}",
        "mandatory: {}; recommended: {recommended}",
        ratio(m)
    )
}

/// ` (dont 2 par dérogation)` when some of a tally's criteria were waived.
fn waived_text(t: &Tally, lang: Lang) -> String {
    if t.waived > 0 {
        tr!(
            lang,
            " (dont {} par dérogation)",
            " ({} of them waived)",
            t.waived
        )
    } else {
        String::new()
    }
}

/// The computation's line of the mandatory criteria: how many are met, and whether the
/// condition holds.
fn mandatory_line(m: &Tally, lang: Lang) -> String {
    if m.failed == 0 {
        tr!(
            lang,
            "{} respecté(s) sur {} applicable(s){} : aucun en échec, la condition est remplie",
            "{} met of {} applicable{}: none fails, the condition holds",
            m.met(),
            m.applicable,
            waived_text(m, lang)
        )
    } else {
        tr!(
            lang,
            "{} respecté(s) sur {} applicable(s){} : {} en échec, or le label les exige tous",
            "{} met of {} applicable{}: {} failing, and the label needs them all",
            m.met(),
            m.applicable,
            waived_text(m, lang),
            m.failed
        )
    }
}

/// The computation's line of the recommended criteria: their share against the threshold `t`
/// (in words).
fn recommended_line(c: &Criteria, t: &str, lang: Lang) -> String {
    let rec = &c.recommended;
    if rec.applicable == 0 {
        lang.pick(
            "aucun ne s'applique à ce dossier : la condition est remplie",
            "none applies to this dossier: the condition holds",
        )
        .to_string()
    } else {
        let share = percent(
            Decimal::from(rec.met()) / Decimal::from(rec.applicable),
            lang,
        );
        if recommended_reached(c) {
            tr!(
                lang,
                "{} respecté(s) sur {}{} = {share}, au moins le seuil de {t} : la condition est remplie",
                "{} met of {}{} = {share}, at least the threshold of {t}: the condition holds",
                rec.met(),
                rec.applicable,
                waived_text(rec, lang)
            )
        } else {
            tr!(
                lang,
                "{} respecté(s) sur {}{} = {share}, sous le seuil de {t}",
                "{} met of {}{} = {share}, below the threshold of {t}",
                rec.met(),
                rec.applicable,
                waived_text(rec, lang)
            )
        }
    }
}

/// The computation line by line: each level's count, the rule applied, the overall score, and
/// the decision without the register's waivers when some applied.
pub(crate) fn computation(r: &DossierResult, c: &Criteria, lang: Lang) -> Vec<(String, String)> {
    let m = &c.mandatory;
    let rec = &c.recommended;
    let mandatory = mandatory_line(m, lang);
    let t = percent(c.threshold, lang);
    let recommended = recommended_line(c, &t, lang);
    let mut lines = vec![
        (
            lang.pick("Critères obligatoires", "Mandatory criteria")
                .to_string(),
            mandatory,
        ),
        (
            lang.pick("Critères recommandés", "Recommended criteria")
                .to_string(),
            recommended,
        ),
        (
            lang.pick("Règle de décision", "Decision rule").to_string(),
            tr!(
                lang,
                "100 % des critères obligatoires et au moins {t} des recommandés : {} ; tous les obligatoires mais moins de {t} des recommandés : {} ; un obligatoire en échec : {}",
                "100% of the mandatory criteria and at least {t} of the recommended: {}; every mandatory but less than {t} of the recommended: {}; a mandatory failing: {}",
                Decision::Conforming.human(r.stage, lang),
                Decision::Conditional.human(r.stage, lang),
                Decision::NonConforming.human(r.stage, lang)
            ),
        ),
    ];
    if let Some(s) = r.score {
        let met = m.met() + rec.met();
        let all = m.applicable + rec.applicable;
        lines.push((
            lang.pick("Score global", "Overall score").to_string(),
            tr!(
                lang,
                "({} + {}) / ({} + {}) = {met}/{all} = {} (part des critères obligatoires et recommandés respectés, sans pondération)",
                "({} + {}) / ({} + {}) = {met}/{all} = {} (share of mandatory and recommended criteria met, unweighted)",
                m.met(),
                rec.met(),
                m.applicable,
                rec.applicable,
                percent(s, lang)
            ),
        ));
    }
    lines.push((
        lang.pick("Décision", "Decision").to_string(),
        r.decision.human(r.stage, lang).to_string(),
    ));
    if m.waived + rec.waived > 0
        && let Some((d, s)) = r.without_waivers
    {
        let bare = c.without_waivers();
        lines.push((
            lang.pick("Sans les dérogations", "Without the waivers")
                .to_string(),
            tr!(
                lang,
                "{} — score {} : {}",
                "{} — score {}: {}",
                formula(&bare, lang),
                s.map(|s| percent(s, lang)).unwrap_or_default(),
                d.human(r.stage, lang)
            ),
        ));
    }
    lines
}

/// One criterion of the table: a rule that ran, with its level and status.
#[derive(Debug, Clone)]
pub(crate) struct CriterionRow<'a> {
    /// Code.
    pub code: &'a str,
    /// Title.
    pub title: &'a str,
    /// Level.
    pub level: Level,
    /// How it ended.
    pub status: Status,
    /// What became of a register entry for it.
    pub waiver: Option<WaiverState>,
}

/// The criteria of one principle (or of the line without a principle).
#[derive(Debug, Clone)]
pub(crate) struct CriteriaGroup<'a> {
    /// Heading: `1. Une logique entrepreneuriale`, or the line without a principle.
    pub heading: String,
    /// The principle's number, for a principle.
    pub number: Option<String>,
    /// The principle's title, or the line without a principle.
    pub title: String,
    /// Its tally over mandatory and recommended criteria.
    pub tally: Tally,
    /// Every rule of the group that ran, in code order.
    pub rows: Vec<CriterionRow<'a>>,
}

/// Every criterion checked, grouped by principle in the charter's order, then the criteria
/// without a principle; not only the failures.
pub(crate) fn criteria_groups<'a>(
    r: &'a DossierResult,
    rules: &'a RuleSet,
    lang: Lang,
) -> Vec<CriteriaGroup<'a>> {
    let mut keys: Vec<(String, Option<String>, String)> = rules
        .charter
        .principes
        .iter()
        .map(|p| {
            (
                p.id.clone(),
                Some(p.numero.to_string()),
                p.title(lang).to_string(),
            )
        })
        .collect();
    keys.push((GENERAL.to_string(), None, general_title(lang).to_string()));
    keys.into_iter()
        .filter_map(|(id, number, title)| {
            let mut rows: Vec<CriterionRow<'a>> = r
                .outcomes
                .iter()
                .filter_map(|o| {
                    let rule = rules.rules.get(o.index)?;
                    (rule.principle.as_deref().unwrap_or(GENERAL) == id).then(|| CriterionRow {
                        code: &rule.code,
                        title: rule.title.get(lang),
                        level: rule.level,
                        status: o.status,
                        waiver: r
                            .waivers
                            .iter()
                            .filter(|u| u.entry.rule == rule.code)
                            .map(|u| u.state)
                            .min_by_key(|s| *s != WaiverState::Applied),
                    })
                })
                .collect();
            if rows.is_empty() {
                return None;
            }
            rows.sort_by(|a, b| a.code.cmp(b.code));
            let mut tally = Tally::default();
            for row in rows.iter().filter(|row| row.level.counts()) {
                match row.status {
                    Status::NotApplicable => continue,
                    Status::Pass | Status::Note => tally.passed += 1,
                    Status::Fail => tally.failed += 1,
                    Status::Waived => tally.waived += 1,
                }
                tally.applicable += 1;
            }
            let heading = match &number {
                Some(n) => format!("{n}. {title}"),
                None => title.clone(),
            };
            Some(CriteriaGroup {
                heading,
                number,
                title,
                tally,
                rows,
            })
        })
        .collect()
}

/// A group's tally in words: `12 applicables : 11 respectés, 1 par dérogation, 0 en échec`.
pub(crate) fn tally_text(t: &Tally, lang: Lang) -> String {
    if t.applicable == 0 {
        return lang
            .pick(
                "aucun critère obligatoire ou recommandé ne s'applique",
                "no mandatory or recommended criterion applies",
            )
            .to_string();
    }
    tr!(
        lang,
        "{} critère(s) applicable(s) : {} respecté(s), {} par dérogation, {} en échec",
        "{} applicable criteria: {} met, {} waived, {} failing",
        t.applicable,
        t.passed,
        t.waived,
        t.failed
    )
}

/// The record of the evaluation: dates, tool, rule set, register.
pub(crate) fn provenance(
    r: &DossierResult,
    rules: &RuleSet,
    register: Option<&Register>,
    lang: Lang,
) -> Vec<(String, String)> {
    let mut rows = Vec::new();
    if let Some(d) = r.evaluated_on {
        rows.push((
            lang.pick("Date de l'évaluation", "Evaluation date")
                .to_string(),
            d.to_string(),
        ));
    }
    if let Some(d) = r.date {
        rows.push((
            lang.pick(
                "Date de référence (règles en vigueur au)",
                "Reference date (rules in force on)",
            )
            .to_string(),
            d.to_string(),
        ));
    }
    rows.push((
        lang.pick("Outil", "Tool").to_string(),
        format!("cooplabel {}", env!("CARGO_PKG_VERSION")),
    ));
    rows.push((
        lang.pick("Jeu de règles (empreinte)", "Rule set (digest)")
            .to_string(),
        rules.digest.clone(),
    ));
    // The digest covers the packs used; a shipped pack replaced is said in words beside it.
    if let Some(text) = super::text::replaced_packs_text(rules, lang) {
        rows.push((
            lang.pick("Paquets livrés remplacés", "Shipped packs replaced")
                .to_string(),
            text,
        ));
    }
    if let Some(d) = r.date {
        // The model's source, briefly: what it is and how sure (the verdict file says more).
        let source = rules
            .verdict
            .recommended_threshold
            .sources
            .iter()
            .filter_map(|s| {
                let what = s.practice.as_deref().or(s.law.as_deref())?;
                Some(if s.secondary {
                    tr!(
                        lang,
                        "{what} (source secondaire)",
                        "{what} (secondary source)"
                    )
                } else {
                    what.to_string()
                })
            })
            .collect::<Vec<_>>()
            .join(" ; ");
        rows.push((
            lang.pick("Modèle de décision", "Decision model").to_string(),
            tr!(
                lang,
                "100 % des critères obligatoires et au moins {} des recommandés (rules/verdict.yaml) — {}",
                "100% of the mandatory criteria and at least {} of the recommended (rules/verdict.yaml) — {}",
                percent(rules.verdict.threshold_at(d), lang),
                source
            ),
        ));
    }
    let disabled = rules.disabled_codes();
    if !disabled.is_empty() {
        rows.push((
            lang.pick(
                "Règles écartées pour cette exécution (--select, --ignore)",
                "Rules left out of this run (--select, --ignore)",
            )
            .to_string(),
            disabled.join(", "),
        ));
    }
    rows.push(match register {
        Some(reg) => (
            lang.pick("Registre des dérogations", "Waiver register")
                .to_string(),
            format!("{} — {}", reg.path, reg.digest),
        ),
        None => (
            lang.pick("Registre des dérogations", "Waiver register")
                .to_string(),
            lang.pick(
                "aucun (aucune dérogation ne s'applique)",
                "none (no waiver applies)",
            )
            .to_string(),
        ),
    });
    rows
}

/// The rule files of the set, for the record.
pub(crate) fn rule_files(rules: &RuleSet) -> &[RuleFile] {
    &rules.files
}

/// The register's entries for this cooperative, with their fate in words.
pub(crate) fn register_rows(r: &DossierResult, lang: Lang) -> Vec<(&RegisterUse, String)> {
    r.waivers
        .iter()
        .map(|u| {
            let mut state = super::text::waiver_word(u.state, lang).to_string();
            if let Some(why) = &u.refusal {
                state.push_str(lang.pick(" : ", ": "));
                state.push_str(why);
            }
            if u.expires_soon {
                state.push_str(lang.pick(" ; échéance proche", "; ending soon"));
            }
            (u, state)
        })
        .collect()
}

/// The choices of the signature block's "decision voted".
pub(crate) fn vote_choices(r: &DossierResult, lang: Lang) -> [&'static str; 3] {
    if r.stage.is_none_or(|s| s == crate::dossier::Stage::Suivi) {
        [
            lang.pick("label accordé", "label granted"),
            lang.pick("label refusé", "label refused"),
            lang.pick("ajourné", "adjourned"),
        ]
    } else {
        [
            lang.pick("étape validée", "stage validated"),
            lang.pick("étape non validée", "stage not validated"),
            lang.pick("ajourné", "adjourned"),
        ]
    }
}

/// How many excerpts of the dossier a rule shows under its findings; past that, the others
/// are listed by line, so that a rule failing on 400 entrepreneurs keeps the report readable.
pub(crate) const EXCERPTS_PER_RULE: usize = 25;

/// One line of an excerpt: its number, and its text split around the marked value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ExcerptLine {
    /// Line number, from 1.
    pub number: usize,
    /// Text before the mark (the whole line when nothing is marked on it).
    pub before: String,
    /// The marked value.
    pub marked: String,
    /// Text after the mark.
    pub after: String,
}

/// The dossier's own lines around a finding's value, the value marked: one line before and
/// one after, long lines cut around the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Excerpt {
    /// The lines.
    pub lines: Vec<ExcerptLine>,
    /// The label under the mark.
    pub label: String,
}

/// Characters kept before the marked value, of the value, and after it, on a long line; and of
/// a line around it: an excerpt line stays under about 95 characters, what an A4 page prints
/// without wrapping (a wrapped line would put the carets under the wrong text).
const EXCERPT_BEFORE: usize = 28;
const EXCERPT_VALUE: usize = 36;
const EXCERPT_AFTER: usize = 20;
const EXCERPT_CONTEXT: usize = 72;

/// Cuts `text` to at most `max` characters, keeping its end (`…` marks the cut).
fn keep_end(text: &str, max: usize) -> String {
    let n = text.chars().count();
    if n <= max {
        return text.to_string();
    }
    let tail: String = text.chars().skip(n - max).collect();
    format!("…{tail}")
}

/// Cuts `text` to at most `max` characters, keeping its start.
fn keep_start(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let head: String = text.chars().take(max).collect();
    format!("{head}…")
}

/// The excerpt of a finding, when it has a place in a readable source: the lines around its
/// value from the lines the result kept (already escaped: nothing a terminal or a document
/// reader would act on), the value marked on its first line.
pub(crate) fn excerpt(f: &Finding, r: &DossierResult) -> Option<Excerpt> {
    let label = f.primary.as_ref()?;
    excerpt_in(r.source.as_ref()?, label.span, &label.text)
}

/// The lines of the same cooperative's previous dossier around the value a rule across years
/// compared (HI002, HI004), as [`excerpt`] shows the dossier's own: each with that file's name.
pub(crate) fn previous_excerpts(f: &Finding) -> Vec<(&str, Excerpt)> {
    f.elsewhere
        .iter()
        .filter_map(|l| Some((l.path.as_str(), excerpt_in(&l.source, l.span, &l.text)?)))
        .collect()
}

/// The lines of `source` around `span`, the value marked and labelled.
fn excerpt_in(
    source: &crate::source::Excerpt,
    span: crate::source::Span,
    label: &str,
) -> Option<Excerpt> {
    let marked = source.marked(span, 1)?;
    let mut lines = Vec::new();
    for (i, &(number, raw)) in marked.lines.iter().enumerate() {
        if i != marked.at {
            lines.push(ExcerptLine {
                number,
                before: keep_start(raw, EXCERPT_CONTEXT),
                marked: String::new(),
                after: String::new(),
            });
            continue;
        }
        // Byte offsets within the line, on character boundaries (the excerpt keeps them so).
        let (before, rest) = raw.split_at(marked.from.min(raw.len()));
        let (value, after) = rest.split_at((marked.to - marked.from).min(rest.len()));
        lines.push(ExcerptLine {
            number,
            before: keep_end(before, EXCERPT_BEFORE),
            marked: keep_start(value, EXCERPT_VALUE),
            after: keep_start(after, EXCERPT_AFTER),
        });
    }
    Some(Excerpt {
        lines,
        label: crate::report::escape::neutral(label).into_owned(),
    })
}

/// An excerpt as plain lines, the value marked by carets under it and labelled, as the
/// terminal shows it: `  51 │   reunions: 10` then `     │             ^^ label`.
pub(crate) fn excerpt_plain(ex: &Excerpt) -> Vec<String> {
    let width = ex
        .lines
        .iter()
        .map(|l| l.number.to_string().len())
        .max()
        .unwrap_or(1);
    let mut out = Vec::new();
    for l in &ex.lines {
        out.push(format!(
            "{:>width$} │ {}{}{}",
            l.number, l.before, l.marked, l.after
        ));
        if !l.marked.is_empty() {
            let pad = " ".repeat(l.before.chars().count());
            let carets = "^".repeat(l.marked.chars().count().max(1));
            out.push(format!("{:>width$} │ {pad}{carets} {}", "", ex.label));
        }
    }
    out
}

#[cfg(test)]
#[path = "record_tests.rs"]
mod tests;
