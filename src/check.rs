//! The whole pipeline for one input: load → schema → rules → verdict.

use jiff::civil::Date;

use crate::dossier::{Identity, Stage};
use crate::evaluate::{evaluate, missing};
use crate::finding::{Finding, Origin, Severity};
use crate::lang::Lang;
use crate::load::{self, Document, Input, Limits, LoadFailure};
use crate::rules::RuleSet;
use crate::schema;
use crate::tr;
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
    /// Most findings kept per dossier (the decision and scores count them all).
    pub max_findings: Option<usize>,
}

/// Default of `--max-findings`: a 400-entrepreneur dossier failing two rules on everyone
/// still fits.
pub const DEFAULT_MAX_FINDINGS: usize = 1000;

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
    let max_findings = options.max_findings.unwrap_or(DEFAULT_MAX_FINDINGS);
    // At least one schema finding is built, whatever the limit: it decides `non_conforming`.
    let schema = schema::check_dossier(&doc, options.lang, max_findings.max(1));
    let mut findings = schema.findings;
    let mut left_out = schema.left_out;
    let mut outcomes = Vec::new();
    let (mut score, mut principles) = (None, Vec::new());
    let mut evaluated = false;
    if findings.is_empty()
        && let (Some(date), Some(stage)) = (date, stage)
    {
        evaluated = true;
        let evaluation = evaluate(rules, &doc, date, stage, options.lang, max_findings);
        findings = evaluation.findings;
        left_out += evaluation.left_out;
        outcomes = evaluation.outcomes;
        (score, principles) = scores(rules, &outcomes, options.lang);
    }
    let (missing, next) = match (date, stage) {
        (Some(date), Some(stage)) => (
            missing::missing(
                rules,
                &doc,
                date,
                stage,
                options.lang,
                evaluated.then_some(&outcomes[..]),
            ),
            stage
                .next()
                .map(|next| missing::progress(rules, &doc, date, next, options.lang, true)),
        ),
        _ => (Vec::new(), None),
    };
    sort_findings(&mut findings);
    let decision = decide(rules, &findings, score);
    truncate(&mut findings, max_findings, left_out, options.lang);
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
        missing,
        next,
    }
}

/// Keeps the first `max` findings (the most important: they are sorted) and says how many
/// were left out (`not_built` more were counted but never built), so that a dossier failing a
/// rule on every line cannot flood the report.
fn truncate(findings: &mut Vec<Finding>, max: usize, not_built: usize, lang: Lang) {
    if findings.len() + not_built <= max {
        return;
    }
    let left_out = findings.len() + not_built - max;
    findings.truncate(max);
    findings.push(
        Finding::new(
            "RP001",
            "constats-limites",
            Severity::Info,
            Origin::Rule,
            tr!(
                lang,
                "{left_out} autre(s) constat(s) non affiché(s) : limite de {max} par dossier",
                "{left_out} more finding(s) not shown: limit of {max} per dossier"
            ),
        )
        .help(tr!(
            lang,
            "corrigez d'abord ceux-ci, ou relevez la limite avec --max-findings",
            "fix these first, or raise the limit with --max-findings"
        )),
    );
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
        missing: Vec::new(),
        next: None,
    }
}
