//! Step 6 of the pipeline: reports. One reporter per output format, behind one trait, all fed
//! from the same result model (`verdict::DossierResult`) one dossier at a time, so that output
//! streams and memory does not grow with the number of files.

pub mod diagnostic;
pub mod human;
pub mod json;
pub mod summary;

use std::io::{self, Write};

use crate::lang::Lang;
use crate::verdict::DossierResult;

pub use summary::Summary;

/// Output formats of `check --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// miette diagnostics and a summary, for people.
    Human,
    /// The JSON document of DESIGN §7.
    Json,
}

/// What every reporter may need besides the results.
#[derive(Debug, Clone, Copy)]
pub struct ReportOptions {
    /// Language of the tool's own text.
    pub lang: Lang,
    /// ANSI colours.
    pub color: bool,
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
pub fn reporter(format: Format, options: ReportOptions) -> Box<dyn Reporter> {
    match format {
        Format::Human => Box::new(human::Human::new(options)),
        Format::Json => Box::new(json::JsonReporter::new(options)),
    }
}
