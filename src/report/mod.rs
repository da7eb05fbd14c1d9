//! Step 6 of the pipeline: reports. One reporter per output format, behind one trait, all fed
//! from the same result model (`verdict::DossierResult`) one dossier at a time, so that output
//! streams and memory does not grow with the number of files.

pub mod committee;
pub mod diagnostic;
pub mod escape;
pub mod github;
pub mod history;
pub mod html;
pub mod human;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod next_stage;
pub mod progress;
pub mod record;
pub mod sarif;
pub mod summary;
pub mod text;

use std::io::{self, Write};

use crate::lang::Lang;
use crate::rules::RuleSet;
use crate::verdict::DossierResult;

pub use summary::Summary;

/// Output formats of `check --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// miette diagnostics and a summary, for people.
    Human,
    /// The JSON document of DESIGN §7.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
    /// JUnit XML, for GitLab and Jenkins.
    Junit,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// The label committee's report, in Markdown.
    Markdown,
    /// The label committee's report, as one printable HTML file.
    Html,
}

/// What every reporter may need besides the results.
#[derive(Debug, Clone, Copy)]
pub struct ReportOptions<'a> {
    /// Language of the tool's own text.
    pub lang: Lang,
    /// ANSI colours.
    pub color: bool,
    /// The rules of the run: their titles, explanations and sources (SARIF's rule metadata),
    /// the charter's principles, the decision model, the rule set's digest (the committee's
    /// report).
    pub rules: &'a RuleSet,
    /// The committee's waiver register, when one is used.
    pub register: Option<&'a crate::register::Register>,
    /// How many inputs the run checks (the HTML report's title names a lone dossier).
    pub dossiers: usize,
}

/// A report format: called once before the first dossier, once per dossier in output order,
/// and once at the end with the run's totals.
pub trait Reporter {
    /// Before the first dossier.
    fn begin(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
    /// One dossier.
    fn dossier(&mut self, out: &mut dyn Write, result: &DossierResult) -> io::Result<()>;
    /// After the last dossier.
    fn end(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()>;
}

/// The reporter for a format.
pub fn reporter<'a>(format: Format, options: ReportOptions<'a>) -> Box<dyn Reporter + 'a> {
    match format {
        Format::Human => Box::new(human::Human::new(options)),
        Format::Json => Box::new(json::JsonReporter::new(options)),
        Format::Sarif => Box::new(sarif::Sarif::new(options)),
        Format::Junit => Box::new(junit::Junit::new(options)),
        Format::Github => Box::new(github::Github::new(options)),
        Format::Markdown => Box::new(markdown::Markdown::new(options)),
        Format::Html => Box::new(html::Html::new(options)),
    }
}
