//! `--format gitlab`: GitLab's Code Quality report, the JSON array a merge request's widget
//! and its diff annotations read (`artifacts: reports: codequality:`).
//!
//! One issue per finding that asks for something: a failed rule or a problem of the file.
//! Waived findings are left out (the committee accepted them: they are no issue to fix), and
//! notes are `info`. Each issue carries the fields GitLab documents as required —
//! `description`, `check_name`, `fingerprint`, `severity`, `location.path`,
//! `location.lines.begin` — and a stable `fingerprint` (the finding's, with the dossier's path:
//! GitLab's is unique in the report), so that GitLab tells a new issue from one that moved. Streamed one dossier at a time, like the JSON report.

use std::collections::HashMap;
use std::io::{self, Write};

use serde::Serialize;

use super::committee::position;
use super::escape::neutral;
use super::{ReportOptions, Reporter, Summary};
use crate::finding::{Finding, Severity};
use crate::verdict::DossierResult;

/// One Code Quality issue.
#[derive(Debug, Serialize)]
struct Issue {
    /// GitLab shows it as the issue's text.
    description: String,
    /// The rule: code and name.
    check_name: String,
    /// Unique per issue, stable across commits.
    fingerprint: String,
    /// `info`, `minor`, `major`, `critical` or `blocker`.
    severity: &'static str,
    location: Location,
}

#[derive(Debug, Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Debug, Serialize)]
struct Lines {
    begin: usize,
}

/// Streams a Code Quality report.
pub(crate) struct Gitlab<'a> {
    options: ReportOptions<'a>,
    first: bool,
}

impl<'a> Gitlab<'a> {
    /// A new Code Quality reporter.
    pub(crate) fn new(options: ReportOptions<'a>) -> Self {
        Gitlab {
            options,
            first: true,
        }
    }
}

/// GitLab's severity: a blocking finding (a mandatory criterion, a structural problem) is
/// `blocker`, other errors `major`, warnings `minor`, notes and information `info`.
fn severity(f: &Finding) -> &'static str {
    if f.is_note() {
        return "info";
    }
    match f.severity {
        Severity::Error if f.blocking => "blocker",
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}

impl Reporter for Gitlab<'_> {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        write!(out, "[")
    }

    fn dossier(&mut self, out: &mut dyn Write, r: &DossierResult) -> io::Result<()> {
        let lang = self.options.lang;
        // The same problem twice on the same thing (the same fingerprint) stays two issues:
        // GitLab keeps one issue per fingerprint.
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for f in r.findings.iter().filter(|f| !f.is_waived()) {
            let count = seen.entry(f.fingerprint.as_str()).or_default();
            *count += 1;
            let mut description = neutral(&f.message).into_owned();
            if let Some(h) = &f.help {
                description.push_str(lang.pick(" — aide : ", " — help: "));
                description.push_str(&neutral(h));
            }
            let issue = Issue {
                description,
                check_name: format!("{} {}", f.code, f.name),
                fingerprint: super::repository_fingerprint(&r.path, &f.fingerprint, *count),
                severity: severity(f),
                location: Location {
                    // GitLab matches it against the repository's files: the path as walked,
                    // without `./`.
                    path: r.path.trim_start_matches("./").to_string(),
                    lines: Lines {
                        begin: position(f, r).map_or(1, |(p, _)| p.line),
                    },
                },
            };
            let json = serde_json::to_vec(&issue).map_err(io::Error::other)?;
            let sep = if self.first { "\n  " } else { ",\n  " };
            self.first = false;
            out.write_all(sep.as_bytes())?;
            out.write_all(&super::escape::json_bytes(&json))?;
        }
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        if self.first {
            writeln!(out, "]")
        } else {
            writeln!(out, "\n]")
        }
    }
}
