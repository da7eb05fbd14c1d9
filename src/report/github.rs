//! `--format github`: GitHub Actions workflow commands, which the runner turns into
//! annotations on the dossier's lines: one command per finding, then a notice summing up each
//! dossier (and the run, for a batch).
//!
//! Syntax: `::error file=F,line=L,col=C,endLine=…,endColumn=…,title=T::message`. Values are
//! neutralized (a line break or an escape sequence from a dossier is shown, escaped), then
//! escaped as the Actions toolkit does (`%`, CR and LF everywhere; `:` and `,` in properties
//! too), so that nothing from a dossier can end the command or start another one.

use std::io::{self, Write};

use super::committee::{self, is_note, position, to_fix};
use super::escape::{github_data, github_property};
use super::{ReportOptions, Reporter, Summary};
use crate::finding::{Finding, Severity};
use crate::numfmt::percent;
use crate::tr;
use crate::verdict::DossierResult;

/// Prints workflow commands.
pub struct Github<'a> {
    options: ReportOptions<'a>,
}

impl<'a> Github<'a> {
    /// A new GitHub reporter.
    pub fn new(options: ReportOptions<'a>) -> Self {
        Github { options }
    }
}

/// The command's properties: where, and the title.
fn properties(f: &Finding, r: &DossierResult) -> Vec<(&'static str, String)> {
    let mut props = Vec::new();
    if r.path != "<stdin>" {
        props.push(("file", r.path.clone()));
    }
    if let Some((start, end)) = position(f, r) {
        props.push(("line", start.line.to_string()));
        // Columns only mean something on a single line; the end column is the last character.
        if start.line == end.line {
            props.push(("col", start.column.to_string()));
            if end.column > start.column {
                props.push(("endLine", end.line.to_string()));
                props.push(("endColumn", (end.column - 1).to_string()));
            }
        } else {
            props.push(("endLine", end.line.to_string()));
        }
    }
    props.push(("title", format!("{} {}", f.code, f.name)));
    props
}

impl Reporter for Github<'_> {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        match committee::replaced_packs_text(self.options.rules, self.options.lang) {
            Some(text) => writeln!(out, "::warning::{}", github_data([text.as_str()])),
            None => Ok(()),
        }
    }

    fn dossier(&mut self, out: &mut dyn Write, r: &DossierResult) -> io::Result<()> {
        let lang = self.options.lang;
        for f in &r.findings {
            let command = if f.is_waived() || is_note(f, r) {
                "notice"
            } else {
                match f.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                    Severity::Info => "notice",
                }
            };
            let props = properties(f, r)
                .into_iter()
                .map(|(k, v)| format!("{k}={}", github_property(&v)))
                .collect::<Vec<_>>()
                .join(",");
            // The message, then the waiver and the help: each line neutralized, the tool's
            // line breaks kept (GitHub shows them).
            let mut lines = vec![f.message.clone()];
            if let Some(w) = &f.waiver {
                lines.push(super::text::waiver_line(w, lang));
            }
            if let Some(h) = &f.help {
                let mut help = h.split('\n');
                if let Some(first) = help.next() {
                    lines.push(tr!(lang, "aide : {first}", "help: {first}"));
                }
                lines.extend(help.map(str::to_string));
            }
            writeln!(
                out,
                "::{command} {props}::{}",
                github_data(lines.iter().map(String::as_str))
            )?;
        }
        let mut line = r.path.clone();
        if let Some(n) = &r.identity.name {
            line.push_str(&format!(" — {n}"));
        }
        line.push_str(lang.pick(" : ", ": "));
        line.push_str(r.decision.human(r.stage, lang));
        if let Some(s) = r.score {
            line.push_str(&format!(", score {}", percent(s, lang)));
        }
        if let Some(c) = &r.criteria {
            line.push_str(&format!(" ({})", super::record::formula(c, lang)));
        }
        let open = to_fix(r).count();
        let blocking = to_fix(r).filter(|f| f.blocking).count();
        line.push_str(&match (open, blocking) {
            (0, _) => lang
                .pick(" ; rien à corriger", "; nothing to fix")
                .to_string(),
            (n, 0) => tr!(lang, " ; à corriger : {n}", "; to fix: {n}"),
            (n, b) => tr!(
                lang,
                " ; à corriger : {n}, dont {b} sur des critères obligatoires ou de structure",
                "; to fix: {n}, {b} of them on mandatory criteria or structure"
            ),
        });
        writeln!(out, "::notice::{}", github_data([line.as_str()]))
    }

    fn end(&mut self, out: &mut dyn Write, s: &Summary) -> io::Result<()> {
        let lang = self.options.lang;
        if s.dossiers > 1 {
            let mut line = committee::counts_text(s, lang);
            if !s.accueils.is_zero() || !s.chiffre_affaires.is_empty() {
                line.push_str(" — ");
                line.push_str(&committee::summary_statistics(s, lang));
            }
            writeln!(out, "::notice::{}", github_data([line.as_str()]))?;
        }
        Ok(())
    }
}
