//! The whole pipeline for one input: load → schema → rules → verdict.

use jiff::civil::Date;

use crate::dossier::{Identity, Stage};
use crate::evaluate::evaluate;
use crate::lang::Lang;
use crate::load::{self, Document, Input, Limits, LoadFailure};
use crate::rules::RuleSet;
use crate::schema;
use crate::verdict::score::{decide, scores, sort_findings};
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
pub fn check_input(input: &Input, rules: &RuleSet, options: &CheckOptions) -> DossierResult {
    match load::load(input, &options.limits) {
        Ok(doc) => check_document(&input.display_name(), doc, rules, options),
        Err(failure) => not_evaluable(&input.display_name(), failure, options.lang),
    }
}

/// Checks a parsed dossier. The rules run only on a dossier whose structure is valid: they
/// read its values, and a structural error would make them report noise.
pub fn check_document(
    path: &str,
    doc: Document,
    rules: &RuleSet,
    options: &CheckOptions,
) -> DossierResult {
    let identity = Identity::read(&doc.root);
    let date = options.date.or(identity.period_end);
    let stage = options.stage.or(identity.stage);
    let mut findings = schema::check_dossier(&doc, options.lang);
    let mut outcomes = Vec::new();
    let (mut score, mut principles) = (None, Vec::new());
    if findings.is_empty()
        && let (Some(date), Some(stage)) = (date, stage)
    {
        let evaluation = evaluate(rules, &doc, date, stage, options.lang);
        findings = evaluation.findings;
        outcomes = evaluation.outcomes;
        (score, principles) = scores(rules, &outcomes, options.lang);
    }
    sort_findings(&mut findings);
    let decision = decide(rules, &findings, score);
    DossierResult {
        path: path.to_string(),
        date,
        stage,
        identity,
        source: Some(doc.source),
        decision,
        score,
        principles,
        findings,
        outcomes,
    }
}

/// The result for an input that could not be loaded.
pub fn not_evaluable(path: &str, failure: LoadFailure, lang: Lang) -> DossierResult {
    DossierResult {
        path: path.to_string(),
        source: failure.source,
        identity: Identity::default(),
        date: None,
        stage: None,
        decision: Decision::NotEvaluable,
        score: None,
        principles: Vec::new(),
        findings: vec![failure.error.to_finding(lang)],
        outcomes: Vec::new(),
    }
}
