//! The whole pipeline for one input: load → schema → rules → verdict.

use crate::codes::Code;
use std::sync::Arc;

use jiff::civil::Date;

use crate::dossier::{Identity, Stage};
use crate::evaluate::{Judging, evaluate, missing};
use crate::finding::{Finding, Origin, Severity};
use crate::history::{Carried, Figures, Link};
use crate::lang::Lang;
use crate::load::{self, Document, Input, Limits, LoadFailure};
use crate::register::Register;
use crate::rules::RuleSet;
use crate::schema;
use crate::tr;
use crate::verdict::score::{self, decide, sort_findings};
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
    /// The day of the evaluation (`--evaluated-on`, today on the command line): recorded in the
    /// report, and a register entry decided later does not apply. `None` (the rule tests): not
    /// recorded, and no such check.
    pub evaluated_on: Option<Date>,
    /// The committee's waiver register (`--derogations`).
    pub register: Option<Arc<Register>>,
}

/// Default of `--max-findings`: a 400-entrepreneur dossier failing two rules on everyone
/// still fits.
pub const DEFAULT_MAX_FINDINGS: usize = 1000;

/// Checks one input. Never fails: an unreadable input is a `not_evaluable` result.
pub fn check_input(input: &Input, rules: &RuleSet, options: &CheckOptions) -> DossierResult {
    check_input_after(input, rules, options, Link::default(), false).0
}

/// Checks one input after the same cooperative's previous dossier (its compact summary), and,
/// with `carry`, returns what this one leaves for the next year.
pub fn check_input_after(
    input: &Input,
    rules: &RuleSet,
    options: &CheckOptions,
    link: Link<'_>,
    carry: bool,
) -> (DossierResult, Option<Carried>) {
    let previous = link.previous;
    match load::load(input, &options.limits) {
        Ok(doc) => check_document_after(&input.display_name(), doc, rules, options, link, carry),
        Err(failure) => {
            let mut r = not_evaluable(&input.display_name(), failure, options.lang);
            // The report records the day it was made, whatever the file.
            r.evaluated_on = options.evaluated_on;
            let carried = carry.then(|| Carried::of(&r, None, previous));
            (r, carried)
        }
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
    check_document_after(path, doc, rules, options, Link::default(), false).0
}

/// [`check_document`] after the same cooperative's previous dossier: the rules across years
/// read it, and the result carries the history (what changed since). With `carry`, also
/// returns what this dossier leaves for the next year.
pub fn check_document_after(
    path: &str,
    doc: Document,
    rules: &RuleSet,
    options: &CheckOptions,
    link: Link<'_>,
    carry: bool,
) -> (DossierResult, Option<Carried>) {
    let previous = link.previous;
    let identity = Identity::read(&doc.root, doc.source.text());
    let date = options.date.or(identity.period_end);
    let stage = options.stage.or(identity.stage);
    let max_findings = options.max_findings.unwrap_or(DEFAULT_MAX_FINDINGS);
    // At least one schema finding is built, whatever the limit: it decides `non_conforming`.
    let schema = schema::check_dossier(&doc, options.lang, max_findings.max(1));
    let mut findings = schema.findings;
    let mut left_out = schema.left_out;
    let mut outcomes = Vec::new();
    let mut waivers = Vec::new();
    let mut criteria = None;
    let mut principles = Vec::new();
    let mut evaluated = false;
    if findings.is_empty()
        && let (Some(date), Some(stage)) = (date, stage)
    {
        evaluated = true;
        let judging = Judging {
            date,
            stage,
            evaluated_on: options.evaluated_on,
            lang: options.lang,
            max_findings,
            waivers: options
                .register
                .as_deref()
                .map(|r| r.for_identity(&identity))
                .unwrap_or_default(),
            previous,
            twin: link.twin,
        };
        let evaluation = evaluate(rules, &doc, &judging);
        findings = evaluation.findings;
        left_out += evaluation.left_out;
        outcomes = evaluation.outcomes;
        waivers = evaluation.waivers;
        criteria = Some(score::criteria(rules, &outcomes, date));
        principles = score::principles(rules, &outcomes, options.lang);
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
    let decision = decide(&findings, criteria.as_ref());
    let without_waivers = criteria.map(|c| {
        let bare = c.without_waivers();
        (decide(&findings, Some(&bare)), score::overall(&bare))
    });
    truncate(&mut findings, max_findings, left_out, options.lang);
    // The report keeps the lines around the findings, not the text: a batch's memory does not
    // grow with the size of the files waiting to be written.
    let excerpt = doc.source.excerpt(findings.iter().flat_map(Finding::spans));
    let mut result = DossierResult {
        path: path.to_string(),
        date,
        evaluated_on: options.evaluated_on,
        stage,
        identity,
        source: Some(Arc::new(excerpt)),
        decision,
        score: criteria.as_ref().and_then(score::overall),
        criteria,
        without_waivers,
        principles,
        waivers,
        findings,
        outcomes,
        missing,
        next,
        figures: Some(Figures::read(&doc.root)),
        history: None,
    };
    if let Some(p) = previous {
        result.history = Some(Box::new(p.history_of(&result)));
    }
    let carried = carry.then(|| Carried::of(&result, Some(&doc), previous));
    (result, carried)
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
            Code::Rp001,
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
    let finding = failure.error.to_finding(lang);
    DossierResult {
        path: path.to_string(),
        source: failure.source.map(|s| Arc::new(s.excerpt(finding.spans()))),
        identity: Identity::default(),
        date: None,
        evaluated_on: None,
        stage: None,
        decision: Decision::NotEvaluable,
        score: None,
        criteria: None,
        without_waivers: None,
        principles: Vec::new(),
        waivers: Vec::new(),
        findings: vec![finding],
        outcomes: Vec::new(),
        missing: Vec::new(),
        next: None,
        figures: None,
        history: None,
    }
}
