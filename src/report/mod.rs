//! Step 6 of the pipeline: reports. One reporter per output format, behind one trait, all fed
//! from the same result model (`verdict::DossierResult`) one dossier at a time, so that output
//! streams and memory does not grow with the number of files.

pub(crate) mod committee;
pub mod diagnostic;
pub mod escape;
pub(crate) mod github;
pub(crate) mod gitlab;
pub(crate) mod history;
pub(crate) mod html;
pub(crate) mod human;
pub mod json;
pub(crate) mod junit;
pub(crate) mod markdown;
pub(crate) mod next_stage;
pub(crate) mod progress;
pub(crate) mod record;
pub(crate) mod sarif;
pub(crate) mod summary;
pub(crate) mod text;

use std::io::{self, Write};

use crate::lang::Lang;
use crate::rules::RuleSet;
use crate::verdict::DossierResult;

pub use summary::Summary;

/// Output formats of `check --format` (the command line reads this enum itself: the help of
/// each value, in French, is what `--help` shows).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// miette diagnostics and a summary, for people.
    #[default]
    #[value(help = "Diagnostics et bilan, pour une personne")]
    Human,
    /// The JSON document of DESIGN §7.
    #[value(help = "Un document JSON (pour les scripts)")]
    Json,
    /// SARIF 2.1.0, for GitHub code scanning.
    #[value(help = "SARIF 2.1.0, pour l'analyse de code de GitHub")]
    Sarif,
    /// JUnit XML, for GitLab and Jenkins.
    #[value(help = "JUnit XML, pour les rapports de tests de GitLab et Jenkins")]
    Junit,
    /// GitHub Actions workflow commands (annotations), and the step summary.
    #[value(
        help = "Annotations GitHub Actions (et le résumé de l'étape, si GITHUB_STEP_SUMMARY est définie)"
    )]
    Github,
    /// GitLab's Code Quality report (JSON).
    #[value(help = "Rapport Code Quality de GitLab (JSON), pour les merge requests")]
    Gitlab,
    /// The label committee's report, in Markdown.
    #[value(help = "Le rapport du comité de labellisation, en Markdown")]
    Markdown,
    /// The label committee's report, as one printable HTML file.
    #[value(help = "Le rapport du comité de labellisation, en un fichier HTML imprimable")]
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

/// What the CI formats take from the command line or the configuration besides the results.
#[derive(Debug, Clone, Default)]
pub(crate) struct CiSettings {
    /// Most results written to a SARIF log (`--max-sarif-results`); `0`: the default.
    pub max_sarif_results: usize,
    /// The base URL of the rule reference (`rules_url` in `cooplabel.toml`): a rule's page is
    /// `{base}{code}`, SARIF's `helpUri`.
    pub rules_url: Option<String>,
    /// A file the GitHub format appends its Markdown summary to (`GITHUB_STEP_SUMMARY`).
    pub step_summary: Option<std::path::PathBuf>,
}

/// A finding's fingerprint in a report of the whole repository (SARIF's `partialFingerprints`,
/// GitLab's `fingerprint`): the finding's own says which problem on which thing of its dossier
/// (its rule and subject, never its line), so the dossier's path is added — the same problem in
/// two dossiers is two alerts — and, past the first, the rank of a repeat in its dossier.
pub(crate) fn repository_fingerprint(path: &str, finding: &str, rank: usize) -> String {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    hash.update(path.trim_start_matches("./").as_bytes());
    hash.update([0]);
    hash.update(finding.as_bytes());
    if rank > 1 {
        hash.update([0]);
        hash.update(rank.to_string().as_bytes());
    }
    hash.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
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
    reporter_for_ci(format, options, &CiSettings::default())
}

/// The reporter for a format, with the CI formats' settings.
pub(crate) fn reporter_for_ci<'a>(
    format: Format,
    options: ReportOptions<'a>,
    ci: &CiSettings,
) -> Box<dyn Reporter + 'a> {
    match format {
        Format::Human => Box::new(human::Human::new(options)),
        Format::Json => Box::new(json::JsonReporter::new(options)),
        Format::Sarif => Box::new(sarif::Sarif::with_settings(options, ci)),
        Format::Junit => Box::new(junit::Junit::new(options)),
        Format::Github => Box::new(github::Github::with_summary(
            options,
            ci.step_summary.clone(),
        )),
        Format::Gitlab => Box::new(gitlab::Gitlab::new(options)),
        Format::Markdown => Box::new(markdown::Markdown::new(options)),
        Format::Html => Box::new(html::Html::new(options)),
    }
}
