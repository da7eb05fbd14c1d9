//! `--format github`: GitHub Actions workflow commands, which the runner turns into
//! annotations on the dossier's lines: one command per finding, then a plain line summing up
//! each dossier (and the run, for a batch), and, when `GITHUB_STEP_SUMMARY` names a file, the
//! Markdown summary of the run appended to it (the job's summary page).
//!
//! GitHub shows only ten annotations of each kind per step: the commands are written errors
//! first, then warnings, then notices, and within each kind the first of every dossier before
//! the others, so that the ten slots show ten dossiers' most important problems rather than
//! the first file's. The commands wait in spooled temporary files (in memory up to 1 MiB
//! each, on disk beyond): the memory of a run does not grow with its number of findings.
//! Summaries are plain log lines, never annotations: they would take the notices' slots.
//!
//! Syntax: `::error file=F,line=L,col=C,endLine=…,endColumn=…,title=T::message`. Values are
//! neutralized (a line break or an escape sequence from a dossier is shown, escaped), then
//! escaped as the Actions toolkit does (`%`, CR and LF everywhere; `:` and `,` in properties
//! too), so that nothing from a dossier can end the command or start another one.

use std::io::{self, Read, Seek, Write};
use std::path::PathBuf;

use tempfile::SpooledTempFile;

use super::committee::{self, position, to_fix};
use super::escape::{github_data, github_property, markdown, markdown_code, neutral};
use super::{ReportOptions, Reporter, Summary};
use crate::finding::{Finding, Severity};
use crate::numfmt::percent;
use crate::tr;
use crate::verdict::DossierResult;

/// Bytes of commands kept in memory per rank before spilling to disk.
const SPOOL_IN_MEMORY: usize = 1 << 20;

/// Rows of the step summary's table: GitHub accepts 1 MiB of summary per step.
const SUMMARY_ROWS: usize = 1000;

/// Entries of the step summary's "to fix first" list, and per dossier (the first, in the order
/// to fix them: blocking first).
const FIX_FIRST: usize = 100;
const FIX_FIRST_PER_DOSSIER: usize = 3;

/// The three kinds of annotation, in the order they are written.
const KINDS: [&str; 3] = ["error", "warning", "notice"];

/// Prints workflow commands.
pub(crate) struct Github<'a> {
    options: ReportOptions<'a>,
    /// The commands waiting, by rank: for each kind, the first of each dossier, then the others.
    ranks: Vec<SpooledTempFile>,
    /// The plain summary line of each dossier.
    lines: SpooledTempFile,
    /// `GITHUB_STEP_SUMMARY`.
    step_summary: Option<PathBuf>,
    /// The step summary's "to fix first" entries (Markdown), bounded: those that block a
    /// dossier (a mandatory criterion, its structure), then the others.
    fix_first: [Vec<String>; 2],
    /// Entries left out of `fix_first`.
    fix_first_left_out: usize,
}

impl<'a> Github<'a> {
    /// A new GitHub reporter that appends the run's Markdown summary to `step_summary`.
    pub(crate) fn with_summary(options: ReportOptions<'a>, step_summary: Option<PathBuf>) -> Self {
        Github {
            options,
            ranks: (0..KINDS.len() * 2)
                .map(|_| SpooledTempFile::new(SPOOL_IN_MEMORY))
                .collect(),
            lines: SpooledTempFile::new(SPOOL_IN_MEMORY),
            step_summary,
            fix_first: [Vec::new(), Vec::new()],
            fix_first_left_out: 0,
        }
    }
}

/// The workflow command of a finding: waived findings and notes ask for nothing, and are
/// notices.
fn command(f: &Finding) -> &'static str {
    if f.is_waived() || f.is_note() {
        "notice"
    } else {
        match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        }
    }
}

/// Copies a spool to the output.
fn drain(spool: &mut SpooledTempFile, out: &mut dyn Write) -> io::Result<()> {
    spool.rewind()?;
    let mut buf = [0u8; 64 * 1024];
    loop {
        let n = spool.read(&mut buf)?;
        if n == 0 {
            return Ok(());
        }
        out.write_all(&buf[..n])?;
    }
}

/// The command's properties: where, and the title.
fn properties(f: &Finding, r: &DossierResult) -> Vec<(&'static str, String)> {
    let mut props = Vec::new();
    if r.path != "<stdin>" {
        // Relative to the repository's root, as GitHub matches it (`check .` walks `./…`).
        props.push(("file", r.path.trim_start_matches("./").to_string()));
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

    fn dossier(&mut self, _out: &mut dyn Write, r: &DossierResult) -> io::Result<()> {
        let lang = self.options.lang;
        let mut seen = [false; KINDS.len()];
        for f in &r.findings {
            let command = command(f);
            let kind = KINDS.iter().position(|k| *k == command).unwrap_or(2);
            let rank = kind * 2 + usize::from(std::mem::replace(&mut seen[kind], true));
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
                self.ranks[rank],
                "::{command} {props}::{}",
                github_data(lines.iter().map(String::as_str))
            )?;
        }
        self.note_fix_first(r);
        // A plain line, never a command: it starts with the tool's name, and nothing of the
        // dossier can start a line.
        writeln!(self.lines, "cooplabel: {}", neutral(&dossier_line(r, lang)))
    }

    fn end(&mut self, out: &mut dyn Write, s: &Summary) -> io::Result<()> {
        let lang = self.options.lang;
        for rank in &mut self.ranks {
            drain(rank, out)?;
        }
        drain(&mut self.lines, out)?;
        if s.dossiers > 1 {
            writeln!(out, "cooplabel: {}", neutral(&run_line(s, lang)))?;
        }
        if let Some(path) = self.step_summary.take() {
            let text = self.step_summary_text(s);
            // The runner creates the file; appending keeps what earlier steps wrote.
            let written = std::fs::OpenOptions::new()
                .append(true)
                .create(true)
                .open(&path)
                .and_then(|mut f| f.write_all(text.as_bytes()));
            if let Err(e) = written {
                // The annotations and the exit status stand: say it, and go on.
                eprintln!(
                    "{}",
                    tr!(
                        lang,
                        "cooplabel : GITHUB_STEP_SUMMARY « {} » : impossible d'y écrire le résumé ({e})",
                        "cooplabel: GITHUB_STEP_SUMMARY \"{}\": cannot write the summary there ({e})",
                        neutral(&path.display().to_string())
                    )
                );
            }
        }
        Ok(())
    }
}

/// A dossier's summary: decision, score, the formula, what is left to fix.
fn dossier_line(r: &DossierResult, lang: crate::lang::Lang) -> String {
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
    line
}

/// The run's summary: the count per decision and the network's statistics.
fn run_line(s: &Summary, lang: crate::lang::Lang) -> String {
    let mut line = committee::counts_text(s, lang);
    if !s.accueils.is_zero() || !s.chiffre_affaires.is_empty() {
        line.push_str(" — ");
        line.push_str(&committee::summary_statistics(s, lang));
    }
    line
}

impl Github<'_> {
    /// Keeps the first findings to fix of a dossier for the step summary, within bounds.
    fn note_fix_first(&mut self, r: &DossierResult) {
        if self.step_summary.is_none() {
            return;
        }
        let lang = self.options.lang;
        for f in to_fix(r).take(FIX_FIRST_PER_DOSSIER) {
            let list = &mut self.fix_first[usize::from(!f.blocking)];
            if list.len() >= FIX_FIRST {
                self.fix_first_left_out += 1;
                continue;
            }
            let at = position(f, r)
                .map(|(p, _)| tr!(lang, ", ligne {}", ", line {}", p.line))
                .unwrap_or_default();
            list.push(format!(
                "- {}{at} — **{}** {}",
                markdown_code(&r.path),
                markdown(&f.code),
                markdown(&f.message)
            ));
        }
    }

    /// The Markdown appended to `GITHUB_STEP_SUMMARY`: the decisions, the table per dossier,
    /// what to fix first.
    fn step_summary_text(&self, s: &Summary) -> String {
        let lang = self.options.lang;
        let mut text = format!(
            "## cooplabel — {}\n\n",
            markdown(&committee::counts_text(s, lang))
        );
        let head = committee::batch_head(lang);
        text.push_str(&format!("| {} |\n", head.join(" | ")));
        text.push_str(&format!("|{}\n", "---|".repeat(head.len())));
        let rows = committee::batch_rows(s, lang);
        for row in rows.iter().take(SUMMARY_ROWS) {
            let cells: Vec<String> = row
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    if i == 0 {
                        markdown_code(c)
                    } else {
                        markdown(c)
                    }
                })
                .collect();
            text.push_str(&format!("| {} |\n", cells.join(" | ")));
        }
        if rows.len() > SUMMARY_ROWS {
            text.push_str(&tr!(
                lang,
                "\n… et {} autre(s) dossier(s) (voir le journal de l'étape)\n",
                "\n… and {} more dossier(s) (see the step's log)\n",
                rows.len() - SUMMARY_ROWS
            ));
        }
        // The blocking problems of every dossier first (they decide a refusal), then the others.
        let entries: Vec<&String> = self.fix_first.iter().flatten().collect();
        if !entries.is_empty() {
            text.push_str(lang.pick("\n### À corriger d'abord\n\n", "\n### To fix first\n\n"));
            for line in entries.iter().take(FIX_FIRST) {
                text.push_str(line);
                text.push('\n');
            }
            let left_out = self.fix_first_left_out + entries.len().saturating_sub(FIX_FIRST);
            if left_out > 0 {
                text.push_str(&tr!(
                    lang,
                    "\n… et {} autre(s) (voir les annotations)\n",
                    "\n… and {} more (see the annotations)\n",
                    left_out
                ));
            }
        }
        text.push('\n');
        text
    }
}
