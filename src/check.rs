//! The whole pipeline for one input: load → schema → rules → verdict.

use crate::codes::Code;
use std::sync::Arc;

use jiff::civil::Date;

use crate::dossier::{Identity, Stage};
use crate::evaluate::{Judging, evaluate, missing};
use crate::finding::{Finding, FindingStatus, Origin, Severity};
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
pub(crate) const DEFAULT_MAX_FINDINGS: usize = 1000;

/// Checks one input after the same cooperative's previous dossier (its compact summary), and,
/// with `carry`, returns what this one leaves for the next year.
pub(crate) fn check_input_after(
    input: &Input,
    rules: &RuleSet,
    options: &CheckOptions,
    link: Link<'_>,
    carry: bool,
) -> (DossierResult, Option<Carried>) {
    let start = std::time::Instant::now();
    let loaded = load_dossier(input, &options.limits);
    let (mut r, carried) = judge(input, loaded, rules, options, link, carry);
    r.elapsed = Some(start.elapsed());
    (r, carried)
}

/// Checks an input found while walking a directory, after the same cooperative's previous
/// dossier: a YAML file there that is not a dossier (another tool's file) is no business of
/// this run, and is skipped (`None`). Anything else, including a file that cannot be parsed, is
/// checked as [`check_input_after`] does: a broken dossier is never passed over in silence.
pub(crate) fn check_found_after(
    input: &Input,
    rules: &RuleSet,
    options: &CheckOptions,
    link: Link<'_>,
) -> Option<DossierResult> {
    let start = std::time::Instant::now();
    let loaded = match load_dossier(input, &options.limits) {
        Err(failure) if is_other_yaml(&failure.error) => return None,
        loaded => loaded,
    };
    let (mut r, _) = judge(input, loaded, rules, options, link, false);
    r.elapsed = Some(start.elapsed());
    Some(r)
}

/// Judges a loaded input (or says why it could not be loaded) after its previous year.
fn judge(
    input: &Input,
    loaded: Result<Document, LoadFailure>,
    rules: &RuleSet,
    options: &CheckOptions,
    link: Link<'_>,
    carry: bool,
) -> (DossierResult, Option<Carried>) {
    match loaded {
        Ok(doc) => check_document_after(&input.display_name(), doc, rules, options, link, carry),
        Err(failure) => {
            let r = failed(input, failure, options);
            let carried = carry.then(|| Carried::of(&r, None, link.previous));
            (r, carried)
        }
    }
}

/// Whether a load failure means "some YAML, not a dossier" (a list, a text, a mapping with no
/// `dossier:` key at its root), rather than "a dossier that cannot be read".
fn is_other_yaml(error: &load::LoadError) -> bool {
    matches!(
        error,
        load::LoadError::NotADossier { .. } | load::LoadError::NotAMapping { .. }
    )
}

/// Loads an input and requires the root `dossier:` key (the format's version, DESIGN §4),
/// which every dossier has and no other YAML file does.
fn load_dossier(input: &Input, limits: &Limits) -> Result<Document, LoadFailure> {
    let doc = load::load(input, limits)?;
    if doc.root.get("dossier").is_some() {
        return Ok(doc);
    }
    let at = match &doc.root.value {
        crate::load::Value::Map(entries) if !entries.is_empty() => entries[0].key_span,
        _ => doc.root.span,
    };
    Err(LoadFailure {
        source: Some(doc.source),
        error: load::LoadError::NotADossier { at },
    })
}

/// The result of an input that could not be loaded.
fn failed(input: &Input, failure: LoadFailure, options: &CheckOptions) -> DossierResult {
    let mut r = not_evaluable(&input.display_name(), failure, options.lang);
    // The report records the day it was made, whatever the file.
    r.evaluated_on = options.evaluated_on;
    r
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
pub(crate) fn check_document_after(
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
        elapsed: None,
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
        ))
        .status(FindingStatus::Report),
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
        elapsed: None,
    }
}
