//! `--format markdown`: the label committee's report of each dossier, to read, print or send —
//! identity, decision and why, scores per charter principle, findings grouped by principle,
//! waivers — and for a batch, the table of all dossiers and the network's statistics. What it
//! says comes from `committee`; this file only writes it in Markdown (GitHub-flavoured tables).

use super::history::{self, ChangeLine, Compared, HistoryView};
use super::text::{Inline, inline, waiver_heading, waiver_text};
use std::io::{self, Write};

use super::batch;
use super::committee::{DossierView, Heading, RuleGroup, Section};
use super::place::location_text;
use super::record::{self, EXCERPTS_PER_RULE};
use super::{ReportOptions, Reporter, Summary};
use crate::lang::Lang;
use crate::numfmt::percent;
use crate::tr;
use crate::verdict::DossierResult;

/// Writes the Markdown report.
pub(crate) struct Markdown<'a> {
    options: ReportOptions<'a>,
    first: bool,
}

impl<'a> Markdown<'a> {
    /// A new Markdown reporter.
    pub(crate) fn new(options: ReportOptions<'a>) -> Self {
        Markdown {
            options,
            first: true,
        }
    }
}

/// Escapes plain text so that Markdown shows it as written (see [`super::escape::markdown`]).
pub(crate) fn escape(text: &str) -> String {
    super::escape::markdown(text)
}

/// Running text with its `code` spans kept as code.
pub(crate) fn text(s: &str) -> String {
    inline(s)
        .into_iter()
        .map(|part| match part {
            Inline::Text(t) => escape(t),
            Inline::Code(c) => code(c),
        })
        .collect()
}

/// A code span holding its text exactly, whatever backticks it contains; a `|` is escaped
/// for tables.
fn code(c: &str) -> String {
    super::escape::markdown_code(c)
}

/// Text for a single line (a list item, a table cell) of the tool's making: its line breaks
/// become spaces. A dossier's or a register's own values (a name, a reason) go through [`text`],
/// which shows their line breaks escaped.
fn line(s: &str) -> String {
    text(&s.replace('\n', " "))
}

fn identity(out: &mut dyn Write, view: &DossierView<'_>, lang: Lang) -> io::Result<()> {
    let colon = lang.pick(" :", ":");
    for (label, value, c) in &view.identity {
        let value = match (value.is_empty(), c) {
            (true, Some(c)) => code(c),
            (false, Some(c)) => format!("{} ({})", text(value), code(c)),
            (_, None) => text(value),
        };
        writeln!(out, "- **{label}**{colon} {value}")?;
    }
    writeln!(out)
}

fn decision(out: &mut dyn Write, view: &DossierView<'_>, lang: Lang) -> io::Result<()> {
    let colon = lang.pick(" :", ":");
    let r = view.result;
    writeln!(
        out,
        "## {} {}\n",
        lang.pick("Décision :", "Decision:"),
        view.decision
    )?;
    writeln!(out, "{}\n", line(&view.reason))?;
    if !view.blocking.is_empty() {
        for (code, title, at) in &view.blocking {
            let at = at
                .map(|l| tr!(lang, " (ligne {l})", " (line {l})"))
                .unwrap_or_default();
            writeln!(out, "- **{}** — {}{at}", escape(code), line(title))?;
        }
        writeln!(out)?;
    }
    if let Some(f) = &view.formula {
        writeln!(
            out,
            "**{}**{colon} {}\n",
            lang.pick("Calcul", "Computation"),
            line(f)
        )?;
        writeln!(out, "| | |\n|:---|:---|")?;
        for (label, text) in &view.computation {
            writeln!(out, "| {} | {} |", line(label), line(text))?;
        }
        writeln!(out)?;
    }
    if r.principles.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "| {} | Score | {} | {} | {} | {} |\n|:---|---:|---:|---:|---:|---:|",
        lang.pick("Principe de la charte", "Charter principle"),
        lang.pick("Applicables", "Applicable"),
        lang.pick("Respectés", "Met"),
        lang.pick("Par dérogation", "Waived"),
        lang.pick("En échec", "Failing"),
    )?;
    for (n, p) in view.principle_rows() {
        let name = if n == 0 {
            line(&p.title)
        } else {
            format!("{n}. {}", line(&p.title))
        };
        writeln!(
            out,
            "| {name} | {} | {} | {} | {} | {} |",
            percent(p.score, lang),
            p.applicable,
            p.passed,
            p.waived,
            p.failed
        )?;
    }
    if let (Some(s), Some(c)) = (r.score, r.criteria.as_ref()) {
        writeln!(
            out,
            "| **{}** | **{}** | {} | {} | {} | {} |",
            lang.pick("Score global", "Overall score"),
            percent(s, lang),
            c.mandatory.applicable + c.recommended.applicable,
            c.mandatory.passed + c.recommended.passed,
            c.mandatory.waived + c.recommended.waived,
            c.mandatory.failed + c.recommended.failed
        )?;
    }
    writeln!(out)
}

/// A fenced block of plain text: the fence is longer than any run of backticks inside, so
/// that nothing from a dossier can close it early.
fn fenced(out: &mut dyn Write, lines: &[String], indent: &str) -> io::Result<()> {
    let longest = lines
        .iter()
        .flat_map(|l| l.split(|c| c != '`'))
        .map(str::len)
        .max()
        .unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    writeln!(out, "{indent}{fence}text")?;
    for l in lines {
        writeln!(out, "{indent}{l}")?;
    }
    writeln!(out, "{indent}{fence}")
}

fn rule_group(
    out: &mut dyn Write,
    g: &RuleGroup<'_>,
    r: &DossierResult,
    lang: Lang,
) -> io::Result<()> {
    let colon = lang.pick(" :", ":");
    writeln!(out, "#### {} — {}\n", escape(g.code), line(&g.title))?;
    writeln!(out, "*{}* · {}\n", g.status(lang), code(g.name))?;
    let help_label = if g.is_note() {
        lang.pick("Remarque", "Remark")
    } else {
        lang.pick("Pour corriger", "How to fix")
    };
    // One help for the rule, or, when they differ, each finding's own under it.
    let per_finding = g.helps.len() > 1;
    for (i, f) in g.findings.iter().enumerate() {
        let mut item = line(&f.message);
        if let Some(at) = location_text(f, r, lang) {
            item.push_str(&format!(" — {at}"));
            if !f.pointer.is_empty() {
                item.push_str(&format!(" ({})", code(&f.pointer)));
            }
        }
        writeln!(out, "- {item}")?;
        if let Some(h) = f.help.as_deref().filter(|_| per_finding) {
            writeln!(out, "  - *{help_label}*{colon} {}", line(h))?;
        }
        if i < EXCERPTS_PER_RULE
            && let Some(ex) = record::excerpt(f, r)
        {
            writeln!(out)?;
            fenced(out, &record::excerpt_plain(&ex), "  ")?;
            for (path, previous) in record::previous_excerpts(f) {
                writeln!(
                    out,
                    "\n  *{}* {}\n",
                    lang.pick("Dans le dossier précédent,", "In the previous dossier,"),
                    code(path)
                )?;
                fenced(out, &record::excerpt_plain(&previous), "  ")?;
            }
        }
    }
    if g.findings.len() > EXCERPTS_PER_RULE {
        writeln!(
            out,
            "\n*{}*",
            tr!(
                lang,
                "Extraits du dossier montrés pour les {} premiers constats de la règle.",
                "Dossier excerpts shown for the rule's first {} findings.",
                EXCERPTS_PER_RULE
            )
        )?;
    }
    writeln!(out)?;
    if !per_finding {
        for h in &g.helps {
            writeln!(out, "**{help_label}**{colon} {}\n", line(h))?;
        }
    }
    if let Some(w) = g.waiver {
        writeln!(
            out,
            "**{}**{colon} {}\n",
            waiver_heading(lang),
            text(&waiver_text(w, lang))
        )?;
    }
    if !g.sources.is_empty() {
        writeln!(out, "**{}**{colon}\n", lang.pick("Sources", "Sources"))?;
        for s in g.sources {
            writeln!(out, "- {}", line(s))?;
        }
        writeln!(out)?;
    }
    Ok(())
}

fn section(out: &mut dyn Write, s: &Section<'_>, r: &DossierResult, lang: Lang) -> io::Result<()> {
    writeln!(out, "### {}\n", line(&s.heading.text(lang)))?;
    if let Heading::Principle { .. } = s.heading {
        match s.score {
            Some(p) => writeln!(
                out,
                "{}\n",
                tr!(
                    lang,
                    "Score {} : {} critère(s) obligatoire(s) ou recommandé(s) respecté(s) sur {}.",
                    "Score {}: {} of {} mandatory or recommended criteria met.",
                    percent(p.score, lang),
                    p.passed + p.waived,
                    p.applicable
                )
            )?,
            None => writeln!(
                out,
                "{}\n",
                lang.pick(
                    "Aucune règle de ce principe ne s'applique à ce dossier (étape, type, pays ou date).",
                    "No rule of this principle applies to this dossier (stage, type, country or date)."
                )
            )?,
        }
    }
    // "No findings" would add nothing to "no rule applies".
    let inapplicable = matches!(s.heading, Heading::Principle { .. }) && s.score.is_none();
    if s.rules.is_empty() && !inapplicable {
        writeln!(out, "{}\n", lang.pick("Aucun constat.", "No findings."))?;
    }
    for g in &s.rules {
        rule_group(out, g, r, lang)?;
    }
    Ok(())
}

fn criteria(out: &mut dyn Write, view: &DossierView<'_>, lang: Lang) -> io::Result<()> {
    if view.criteria.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "## {}\n",
        lang.pick("Critères vérifiés", "Criteria checked")
    )?;
    writeln!(
        out,
        "{}\n",
        lang.pick(
            "Chaque règle du jeu de règles, avec son niveau et ce qu'elle a donné pour ce dossier.",
            "Every rule of the rule set, with its level and what it gave for this dossier."
        )
    )?;
    for g in &view.criteria {
        // The number is the tool's: written as it is (escaped, `1.` would read `1\.`).
        let heading = match &g.number {
            Some(n) => format!("{n}. {}", line(&g.title)),
            None => line(&g.title),
        };
        writeln!(out, "### {heading}\n")?;
        writeln!(out, "{}\n", record::tally_text(&g.tally, lang))?;
        writeln!(
            out,
            "| {} | {} | {} | {} |\n|:---|:---|:---|:---|",
            lang.pick("Code", "Code"),
            lang.pick("Critère", "Criterion"),
            lang.pick("Niveau", "Level"),
            lang.pick("Statut", "Status"),
        )?;
        for row in &g.rows {
            let mut status = record::status_word(row.status, lang).to_string();
            if let Some(w) = row.waiver {
                status.push_str(&format!(" ({})", super::text::waiver_word(w, lang)));
            }
            writeln!(
                out,
                "| {} | {} | {} | {} |",
                escape(row.code),
                line(row.title),
                row.level.word(lang),
                status
            )?;
        }
        writeln!(out)?;
    }
    Ok(())
}

fn register(out: &mut dyn Write, view: &DossierView<'_>, lang: Lang) -> io::Result<()> {
    if view.register.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "## {}\n",
        lang.pick(
            "Dérogations du registre du comité",
            "Waivers of the committee's register"
        )
    )?;
    writeln!(
        out,
        "| {} | {} | {} | {} | {} | {} | {} |\n|:---|---:|:---|:---|:---|:---|:---|",
        lang.pick("Règle", "Rule"),
        lang.pick("Ligne", "Line"),
        lang.pick("Motif", "Reason"),
        lang.pick("Accordée par", "Granted by"),
        lang.pick("Décidée le", "Decided on"),
        lang.pick("Jusqu'au", "Until"),
        lang.pick("État", "State"),
    )?;
    for (u, state) in &view.register {
        let e = &u.entry;
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |",
            escape(&e.rule),
            e.line,
            text(&e.reason),
            text(&e.granted_by),
            e.decision,
            e.until,
            line(state)
        )?;
    }
    writeln!(out)
}

fn provenance(out: &mut dyn Write, view: &DossierView<'_>, lang: Lang) -> io::Result<()> {
    writeln!(
        out,
        "## {}\n",
        lang.pick("Cadre de l'évaluation", "Evaluation record")
    )?;
    writeln!(out, "| | |\n|:---|:---|")?;
    for (label, value) in &view.provenance {
        writeln!(out, "| {} | {} |", line(label), text(value))?;
    }
    writeln!(
        out,
        "\n**{}**{}\n",
        lang.pick("Fichiers du jeu de règles", "Files of the rule set"),
        lang.pick(" :", ":")
    )?;
    for f in view.files {
        let origin = if f.embedded {
            lang.pick("livré avec l'outil", "shipped with the tool")
        } else {
            lang.pick("ajouté par --rules", "added with --rules")
        };
        writeln!(out, "- {} ({origin}) — {}", code(&f.name), code(&f.digest))?;
    }
    writeln!(out)
}

fn signature(out: &mut dyn Write, view: &DossierView<'_>, lang: Lang) -> io::Result<()> {
    writeln!(
        out,
        "## {}\n",
        lang.pick(
            "Délibération du comité de labellisation",
            "Deliberation of the label committee"
        )
    )?;
    writeln!(
        out,
        "{}\n",
        lang.pick(
            "À remplir à la main par le comité.",
            "To be filled in by hand by the committee."
        )
    )?;
    let choices = record::vote_choices(view.result, lang)
        .map(|c| format!("☐ {c}"))
        .join("  ");
    writeln!(out, "| | |\n|:---|:---|")?;
    writeln!(out, "| {} | |", lang.pick("Comité", "Committee"))?;
    writeln!(
        out,
        "| {} | |",
        lang.pick("Date de la séance", "Date of the meeting")
    )?;
    writeln!(
        out,
        "| {} | {choices} |",
        lang.pick("Décision votée", "Decision voted")
    )?;
    writeln!(out, "| {} | |\n", lang.pick("Observations", "Remarks"))?;
    writeln!(
        out,
        "| {} | {} | {} |\n|:---|:---|:---|",
        lang.pick("Nom", "Name"),
        lang.pick("Qualité", "Capacity"),
        lang.pick("Signature", "Signature")
    )?;
    for _ in 0..4 {
        writeln!(out, "| | | |")?;
    }
    writeln!(out)
}

/// « Depuis le dossier précédent »: the tables then/now and the lists of changes (the chart is
/// the HTML report's).
fn since(out: &mut dyn Write, h: &HistoryView<'_>, lang: Lang) -> io::Result<()> {
    writeln!(out, "## {}\n", HistoryView::heading(lang))?;
    writeln!(out, "{}\n", text(&h.intro(lang)))?;
    let table = |out: &mut dyn Write, first: &str, rows: &[Compared]| -> io::Result<()> {
        writeln!(
            out,
            "| {} | {} | {} | {} |\n|:---|---:|---:|---:|",
            line(first),
            lang.pick("Dossier précédent", "Previous dossier"),
            lang.pick("Ce dossier", "This dossier"),
            lang.pick("Évolution", "Change")
        )?;
        for c in rows {
            writeln!(
                out,
                "| {} | {} | {} | {} |",
                line(&c.label),
                line(&c.then),
                line(&c.now),
                line(&c.change)
            )?;
        }
        writeln!(out)
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
    let list = |out: &mut dyn Write, title: &str, items: &[ChangeLine]| -> io::Result<()> {
        writeln!(out, "### {} ({})\n", line(title), items.len())?;
        if items.is_empty() {
            return writeln!(out, "{}\n", lang.pick("Aucun.", "None."));
        }
        for c in items {
            let msg = c
                .message
                .as_deref()
                .map(|m| format!(" — {}", line(m)))
                .unwrap_or_default();
            writeln!(
                out,
                "- **{}** {} ({}){msg}",
                escape(&c.code),
                line(&c.title),
                code(&c.pointer)
            )?;
        }
        writeln!(out)
    };
    list(out, lang.pick("Corrigés depuis", "Fixed since"), &h.fixed)?;
    list(out, lang.pick("Nouveaux", "New"), &h.new)?;
    list(out, lang.pick("Toujours là", "Persisting"), &h.persisting)
}

impl Reporter for Markdown<'_> {
    fn dossier(&mut self, out: &mut dyn Write, r: &DossierResult) -> io::Result<()> {
        let lang = self.options.lang;
        if !self.first {
            writeln!(out, "---\n")?;
        }
        self.first = false;
        let view = DossierView::new(r, self.options.rules, self.options.register, lang);
        writeln!(out, "# {}\n", text(&view.title(lang)))?;
        identity(out, &view, lang)?;
        decision(out, &view, lang)?;
        if let Some(h) = HistoryView::new(r, self.options.rules, lang) {
            since(out, &h, lang)?;
        }
        writeln!(out, "## {}\n", lang.pick("Constats", "Findings"))?;
        if !view.evaluated && r.decision != crate::verdict::Decision::NotEvaluable {
            writeln!(
                out,
                "{}\n",
                lang.pick(
                    "Les règles n'ont pas été évaluées : corrigez d'abord la structure du dossier.",
                    "The rules were not evaluated: fix the structure of the dossier first."
                )
            )?;
        }
        if view.sections.is_empty() {
            writeln!(out, "{}\n", lang.pick("Aucun constat.", "No findings."))?;
        }
        for s in &view.sections {
            section(out, s, r, lang)?;
        }
        criteria(out, &view, lang)?;
        register(out, &view, lang)?;
        provenance(out, &view, lang)?;
        signature(out, &view, lang)
    }

    fn end(&mut self, out: &mut dyn Write, s: &Summary) -> io::Result<()> {
        let lang = self.options.lang;
        if s.dossiers < 2 {
            return Ok(());
        }
        writeln!(out, "---\n")?;
        writeln!(
            out,
            "# {}\n",
            lang.pick("Synthèse du réseau", "Network summary")
        )?;
        let head = batch::batch_head(lang);
        writeln!(out, "| {} |", head.join(" | "))?;
        writeln!(out, "|:---|:---|:---|:---|---:|---:|---:|")?;
        for row in batch::batch_rows(s, lang) {
            let [path, name, stage, decision, score, blocking, to_fix] = row;
            writeln!(
                out,
                "| {} | {} | {} | {decision} | {score} | {blocking} | {to_fix} |",
                code(&path),
                text(&name),
                stage
            )?;
        }
        writeln!(out, "\n**{}**\n", batch::counts_text(s, lang))?;
        if !s.accueils.is_zero() || !s.chiffre_affaires.is_empty() {
            writeln!(
                out,
                "## {}\n",
                lang.pick("État des lieux", "State of the network")
            )?;
            writeln!(
                out,
                "| {} | {} | {} | {} |\n|---:|---:|---:|---:|",
                lang.pick("Accueils", "Welcomed"),
                lang.pick("Accompagnements", "Supported"),
                lang.pick("Salariés", "Salaried"),
                lang.pick("Chiffre d'affaires", "Turnover"),
            )?;
            let ca = s
                .chiffre_affaires
                .iter()
                .map(|(c, v)| crate::numfmt::amount(*v, Some(c), lang))
                .collect::<Vec<_>>()
                .join(" + ");
            writeln!(
                out,
                "| {} | {} | {} | {} |\n",
                crate::numfmt::number(s.accueils, lang),
                crate::numfmt::number(s.accompagnements, lang),
                crate::numfmt::number(s.salaries, lang),
                ca
            )?;
        }
        let years = history::by_year_rows(s, lang);
        if !years.is_empty() {
            writeln!(
                out,
                "## {}\n",
                lang.pick(
                    "État des lieux année par année",
                    "State of the network year by year"
                )
            )?;
            writeln!(out, "| {} |", history::by_year_head(lang).join(" | "))?;
            writeln!(out, "|:---|---:|---:|---:|---:|---:|")?;
            for row in years {
                writeln!(out, "| {} |", row.map(|c| line(&c)).join(" | "))?;
            }
            writeln!(out)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn running_text_keeps_its_code_spans() {
        assert_eq!(text("écrivez `a|b: *1*`"), "écrivez `a\\|b: *1*`");
        assert_eq!(line("a\nb"), "a b");
    }
}
