//! `--format human`: the miette diagnostics of each dossier, then its summary (principles,
//! scores, decision, what to fix first), then for a batch a table of all dossiers.

use std::io::{self, Write};

use super::diagnostic::render;
use super::escape::{guard_lines, neutral};
use super::{ReportOptions, Reporter, Summary, committee, next_stage, record};
use crate::numfmt::percent;
use crate::tr;
use crate::verdict::{Decision, DossierResult};

/// How many findings the summary of a dossier lists under "fix first".
const FIX_FIRST: usize = 5;

/// The human reporter.
pub(crate) struct Human<'a> {
    options: ReportOptions<'a>,
}

impl<'a> Human<'a> {
    /// A new human reporter.
    pub(crate) fn new(options: ReportOptions<'a>) -> Self {
        Human { options }
    }

    fn paint(&self, text: &str, code: &str) -> String {
        if self.options.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    fn decision_text(&self, r: &DossierResult) -> String {
        let words = r.decision.human(r.stage, self.options.lang);
        let colour = match r.decision {
            Decision::Conforming => "1;32",
            Decision::Conditional => "1;33",
            Decision::NonConforming | Decision::NotEvaluable => "1;31",
        };
        self.paint(words, colour)
    }
}

impl Reporter for Human<'_> {
    fn dossier(&mut self, out: &mut dyn Write, r: &DossierResult) -> io::Result<()> {
        let lang = self.options.lang;
        for f in &r.findings {
            write!(
                out,
                "{}",
                render(f, r.source.as_deref(), self.options.color, lang)
            )?;
            writeln!(out)?;
        }
        // The summary is written to a buffer first, so that no line of it can start a CI
        // runner command, whatever a path or a name holds.
        let mut text = Vec::new();
        self.summary(&mut text, r)?;
        out.write_all(guard_lines(&String::from_utf8_lossy(&text)).as_bytes())
    }

    fn end(&mut self, out: &mut dyn Write, s: &Summary) -> io::Result<()> {
        let mut text = Vec::new();
        self.totals(&mut text, s)?;
        out.write_all(guard_lines(&String::from_utf8_lossy(&text)).as_bytes())
    }
}

impl Human<'_> {
    /// A dossier's summary: title, context, decision, scores, what to fix first. Every text of
    /// the dossier in it is neutralized.
    fn summary(&self, out: &mut dyn Write, r: &DossierResult) -> io::Result<()> {
        let lang = self.options.lang;
        let mut title = neutral(&r.path).into_owned();
        if let Some(n) = &r.identity.name {
            title.push_str(&format!(" — {}", neutral(n)));
        }
        writeln!(out, "{}", self.paint(&format!("■ {title}"), "1"))?;
        let mut context = Vec::new();
        if let Some(s) = r.stage {
            context.push(tr!(
                lang,
                "étape : {} ({})",
                "stage: {} ({})",
                s.as_str(),
                s.title(lang)
            ));
        }
        if let Some(d) = r.date {
            context.push(tr!(lang, "jugé au {d}", "judged at {d}"));
        }
        if let Some(d) = r.evaluated_on {
            context.push(tr!(lang, "évalué le {d}", "evaluated on {d}"));
        }
        if !context.is_empty() {
            writeln!(out, "  {}", context.join(" · "))?;
        }
        if let Some(replaced) = committee::replaced_packs_text(self.options.rules, lang) {
            writeln!(out, "  {}", self.paint(&neutral(&replaced), "1;33"))?;
        }
        let score = r
            .score
            .map(|s| tr!(lang, " — score {}", " — score {}", percent(s, lang)))
            .unwrap_or_default();
        writeln!(
            out,
            "  {} {}{score}",
            lang.pick("Décision :", "Decision:"),
            self.decision_text(r)
        )?;
        if let Some(c) = &r.criteria {
            writeln!(
                out,
                "  {} {}",
                lang.pick("Calcul :", "Computation:"),
                record::formula(c, lang)
            )?;
            if c.mandatory.waived + c.recommended.waived > 0
                && let Some((d, _)) = r.without_waivers
            {
                writeln!(
                    out,
                    "  {} {} → {}",
                    lang.pick("Sans les dérogations :", "Without the waivers:"),
                    record::formula(&c.without_waivers(), lang),
                    d.human(r.stage, lang)
                )?;
            }
        }
        if let Some(since) = super::history::one_line(r, lang) {
            // The previous dossier's path is the user's: neutralized like every input text.
            writeln!(out, "  {}", neutral(&since))?;
        }
        if !r.principles.is_empty() {
            // Titles come from the charter, which `--rules` may replace: shown neutralized.
            let titles: Vec<_> = r.principles.iter().map(|p| neutral(&p.title)).collect();
            let width = titles.iter().map(|t| t.chars().count()).max().unwrap_or(0);
            for (p, title) in r.principles.iter().zip(&titles) {
                let pad = width - title.chars().count();
                writeln!(
                    out,
                    "    {}{}  {:>6}  ({}/{} {})",
                    title,
                    " ".repeat(pad),
                    percent(p.score, lang),
                    p.passed + p.waived,
                    p.applicable,
                    lang.pick("critères", "criteria"),
                )?;
            }
        }
        if !r.waivers.is_empty() {
            writeln!(
                out,
                "  {}",
                lang.pick(
                    "Registre des dérogations du comité :",
                    "Committee's waiver register:"
                )
            )?;
            for (u, state) in record::register_rows(r, lang) {
                writeln!(
                    out,
                    "    {} ({}){}{}",
                    neutral(&u.entry.rule),
                    tr!(lang, "ligne {}", "line {}", u.entry.line),
                    lang.pick(" : ", ": "),
                    neutral(&state)
                )?;
            }
        }
        if r.decision != Decision::NotEvaluable {
            let open: Vec<_> = committee::to_fix(r).collect();
            if open.is_empty() {
                writeln!(
                    out,
                    "  {}",
                    lang.pick("Rien à corriger.", "Nothing to fix.")
                )?;
            } else {
                writeln!(
                    out,
                    "  {}",
                    lang.pick("À corriger en premier :", "Fix first:")
                )?;
            }
            for (i, f) in open.iter().take(FIX_FIRST).enumerate() {
                let mark = match (f.blocking, f.origin) {
                    (true, crate::finding::Origin::Rule) => {
                        lang.pick(" [obligatoire]", " [mandatory]")
                    }
                    (true, _) => lang.pick(" [bloquant]", " [blocking]"),
                    (false, _) => "",
                };
                let at = committee::position(f, r)
                    .map(|(p, _)| tr!(lang, " ligne {} :", " line {}:", p.line))
                    .unwrap_or_default();
                writeln!(
                    out,
                    "    {}. {}{mark}{at} {}",
                    i + 1,
                    neutral(&f.code),
                    neutral(&f.message)
                )?;
            }
            if open.len() > FIX_FIRST {
                writeln!(
                    out,
                    "    {}",
                    tr!(
                        lang,
                        "… et {} autre(s)",
                        "… and {} more",
                        open.len() - FIX_FIRST
                    )
                )?;
            }
        }
        if let Some(next) = next_stage::view(r, self.options.rules, lang) {
            writeln!(out, "  {}", self.paint(&neutral(&next.heading), "1"))?;
            writeln!(out, "    {}", neutral(&next.counts))?;
            for row in &next.rows {
                let mark = if row.mandatory {
                    lang.pick(" [obligatoire]", " [mandatory]")
                } else {
                    ""
                };
                let fields = if row.fields.is_empty() {
                    String::new()
                } else {
                    format!(
                        "{}{}",
                        lang.pick(" : ", ": "),
                        neutral(&row.fields.join(", "))
                    )
                };
                writeln!(
                    out,
                    "    {}{mark} {} — {}{fields}",
                    neutral(row.code),
                    neutral(row.title),
                    next_stage::standing_word(row.standing, lang)
                )?;
            }
        }
        writeln!(out)
    }

    /// The batch table and the run's totals.
    fn totals(&self, out: &mut dyn Write, s: &Summary) -> io::Result<()> {
        let lang = self.options.lang;
        if s.dossiers > 1 {
            let head = committee::batch_head(lang).map(String::from);
            let rows: Vec<[String; 7]> = committee::batch_rows(s, lang)
                .into_iter()
                .map(|row| row.map(|cell| neutral(&cell).into_owned()))
                .collect();
            let mut widths = head.clone().map(|h| h.chars().count());
            for row in &rows {
                for (w, cell) in widths.iter_mut().zip(row) {
                    *w = (*w).max(cell.chars().count());
                }
            }
            // Scores and counts are right-aligned, so that their digits line up.
            let right = [false, false, false, false, true, true, true];
            let line = |cells: &[String]| {
                cells
                    .iter()
                    .zip(widths)
                    .zip(right)
                    .map(|((c, w), r)| {
                        let pad = " ".repeat(w - c.chars().count());
                        if r {
                            format!("{pad}{c}")
                        } else {
                            format!("{c}{pad}")
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("  ")
                    .trim_end()
                    .to_string()
            };
            writeln!(out, "{}", self.paint(&line(&head), "1"))?;
            for row in &rows {
                writeln!(out, "{}", line(row))?;
            }
            writeln!(out)?;
        }
        writeln!(out, "{}", committee::counts_text(s, lang))?;
        if s.dossiers > 1 && (!s.accueils.is_zero() || !s.chiffre_affaires.is_empty()) {
            writeln!(
                out,
                "{} {}",
                lang.pick("Statistiques cumulées :", "Totals:"),
                committee::summary_statistics(s, lang)
            )?;
        }
        Ok(())
    }
}
