//! The whole pipeline for one input: load → schema → rules → verdict.

use jiff::civil::Date;

use crate::dossier::{Identity, Stage};
use crate::finding::Finding;
use crate::lang::Lang;
use crate::load::{self, Document, Input, Limits, LoadFailure};
use crate::schema;
use crate::verdict::{Decision, DossierResult};

/// Options of a `check` run that change how a dossier is judged.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Language of messages.
    pub lang: Lang,
    /// Input limits.
    pub limits: Limits,
    /// Judge at this date instead of the dossier's `periode.fin`.
    pub date: Option<Date>,
    /// Judge at this stage instead of the dossier's `etape`.
    pub stage: Option<Stage>,
}

/// Checks one input. Never fails: an unreadable input is a `not_evaluable` result.
pub fn check_input(input: &Input, options: &CheckOptions) -> DossierResult {
    match load::load(input, &options.limits) {
        Ok(doc) => check_document(&input.display_name(), doc, options),
        Err(failure) => not_evaluable(&input.display_name(), failure, options.lang),
    }
}

/// Checks a parsed dossier.
pub fn check_document(path: &str, doc: Document, options: &CheckOptions) -> DossierResult {
    let identity = Identity::read(&doc.root);
    let findings = schema::check_dossier(&doc, options.lang);
    let decision = if findings.iter().any(|f| f.blocking) {
        Decision::NonConforming
    } else {
        Decision::Conforming
    };
    DossierResult {
        path: path.to_string(),
        date: options.date.or(identity.period_end),
        stage: options.stage.or(identity.stage),
        identity,
        source: Some(doc.source),
        decision,
        score: None,
        principles: Vec::new(),
        findings,
        outcomes: Vec::new(),
    }
}

/// The result for an input that could not be loaded.
pub fn not_evaluable(path: &str, failure: LoadFailure, lang: Lang) -> DossierResult {
    let finding: Finding = failure.error.to_finding(lang);
    DossierResult {
        path: path.to_string(),
        source: failure.source,
        identity: Identity::default(),
        date: None,
        stage: None,
        decision: Decision::NotEvaluable,
        score: None,
        principles: Vec::new(),
        findings: vec![finding],
        outcomes: Vec::new(),
    }
}
