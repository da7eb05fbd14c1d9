//! `--format human`: the miette diagnostics of each dossier, then its summary (principles,
//! scores, decision, what to fix first), then for a batch a table of all dossiers.

use std::io::{self, Write};

use super::diagnostic::render;
use super::{ReportOptions, Reporter, Summary};
use crate::numfmt::{number, percent};
use crate::tr;
use crate::verdict::{Decision, DossierResult};

/// The human reporter.
pub struct Human {
    options: ReportOptions,
}

impl Human {
    /// A new human reporter.
    pub fn new(options: ReportOptions) -> Self {
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

impl Reporter for Human {
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
        let mut title = r.path.clone();
        if let Some(n) = &r.identity.name {
            title.push_str(&format!(" — {n}"));
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
        if !context.is_empty() {
            writeln!(out, "  {}", context.join(" · "))?;
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
        if !r.principles.is_empty() {
            let width = r
                .principles
                .iter()
                .map(|p| p.title.chars().count())
                .max()
                .unwrap_or(0);
            for p in &r.principles {
                let pad = width - p.title.chars().count();
                writeln!(
                    out,
                    "    {}{}  {:>6}  ({}/{} {})",
                    p.title,
                    " ".repeat(pad),
                    percent(p.score, lang),
                    p.passed,
                    p.applicable,
                    lang.pick("règles", "rules"),
                )?;
            }
        }
        let open: Vec<_> = r.findings.iter().filter(|f| !f.is_waived()).collect();
        if !open.is_empty() && r.decision != Decision::NotEvaluable {
            writeln!(
                out,
                "  {}",
                lang.pick("À corriger en premier :", "Fix first:")
            )?;
            for (i, f) in open.iter().take(5).enumerate() {
                let mark = if f.blocking {
                    lang.pick(" [bloquant]", " [blocking]")
                } else {
                    ""
                };
                writeln!(out, "    {}. {}{mark} {}", i + 1, f.code, f.message)?;
            }
            if open.len() > 5 {
                writeln!(
                    out,
                    "    {}",
                    tr!(lang, "… et {} autre(s)", "… and {} more", open.len() - 5)
                )?;
            }
        }
        writeln!(out)
    }

    fn end(&mut self, out: &mut dyn Write, s: &Summary) -> io::Result<()> {
        let lang = self.options.lang;
        if s.dossiers > 1 {
            let head = [
                lang.pick("Dossier", "Dossier"),
                lang.pick("Coopérative", "Cooperative"),
                lang.pick("Étape", "Stage"),
                lang.pick("Décision", "Decision"),
                "Score",
                lang.pick("Constats", "Findings"),
            ];
            let rows: Vec<[String; 6]> = s
                .rows
                .iter()
                .map(|r| {
                    [
                        r.path.clone(),
                        r.name.clone().unwrap_or_default(),
                        r.stage.map(|s| s.as_str().to_string()).unwrap_or_default(),
                        r.decision.human(r.stage, lang).to_string(),
                        r.score
                            .map(|x| percent(x, lang))
                            .unwrap_or_else(|| "—".into()),
                        r.problems.to_string(),
                    ]
                })
                .collect();
            let mut widths = head.map(|h| h.chars().count());
            for row in &rows {
                for (w, cell) in widths.iter_mut().zip(row) {
                    *w = (*w).max(cell.chars().count());
                }
            }
            let line = |cells: &[String]| {
                cells
                    .iter()
                    .zip(widths)
                    .map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count())))
                    .collect::<Vec<_>>()
                    .join("  ")
                    .trim_end()
                    .to_string()
            };
            writeln!(out, "{}", self.paint(&line(&head.map(String::from)), "1"))?;
            for row in &rows {
                writeln!(out, "{}", line(row))?;
            }
            writeln!(out)?;
        }
        let counts = [
            (Decision::Conforming, lang.pick("conforme(s)", "conforming")),
            (
                Decision::Conditional,
                lang.pick("sous conditions", "conditional"),
            ),
            (
                Decision::NonConforming,
                lang.pick("non conforme(s)", "non-conforming"),
            ),
            (
                Decision::NotEvaluable,
                lang.pick("non évaluable(s)", "not evaluable"),
            ),
        ]
        .iter()
        .filter(|(d, _)| s.count(*d) > 0)
        .map(|(d, w)| format!("{} {w}", s.count(*d)))
        .collect::<Vec<_>>()
        .join(", ");
        writeln!(
            out,
            "{} {counts}",
            tr!(lang, "{} dossier(s) :", "{} dossier(s):", s.dossiers)
        )?;
        if s.dossiers > 1 && (!s.accueils.is_zero() || !s.chiffre_affaires.is_empty()) {
            let ca = s
                .chiffre_affaires
                .iter()
                .map(|(c, v)| format!("{} {c}", number(*v, lang)))
                .collect::<Vec<_>>()
                .join(" + ");
            writeln!(
                out,
                "{}",
                tr!(
                    lang,
                    "Statistiques cumulées : {} accueils, {} accompagnements, {} salariés, chiffre d'affaires {ca}",
                    "Totals: {} welcomed, {} supported, {} salaried, turnover {ca}",
                    number(s.accueils, lang),
                    number(s.accompagnements, lang),
                    number(s.salaries, lang)
                )
            )?;
        }
        Ok(())
    }
}
