//! Step 4 of the pipeline: the rules evaluated on a dossier at its date and stage. Pure: no
//! I/O, no clock; the reference date comes from the dossier or `--date`.

pub(crate) mod builtins;
pub(crate) mod eval;
pub mod missing;
pub(crate) mod union;
pub(crate) mod value;
pub(crate) mod waivers;

use jiff::civil::Date;

use crate::dossier::Stage;
use crate::finding::{Finding, FindingStatus, WaiverState};
use crate::lang::Lang;
use crate::load::{Document, Node};
use crate::register::Entry;
use crate::rules::template::{Fmt, Part, Template};
use crate::rules::{Kind, ParamValue, Rule, RuleSet};
use crate::tr;
use crate::verdict::{RegisterUse, RuleOutcome, Status};
use eval::{Ctx, Culprit, Scope};
use value::{Loc, Val, loc_pointer};

/// What the rules say about a dossier.
#[derive(Debug, Clone, Default)]
pub(crate) struct Evaluation {
    /// One outcome per enabled rule, in evaluation order.
    pub outcomes: Vec<RuleOutcome>,
    /// Failed, waived and noted results: the most important ones, at most about twice the
    /// `max_findings` asked for (the caller sorts and cuts them).
    pub findings: Vec<Finding>,
    /// How many more findings there were, counted but not kept.
    pub left_out: usize,
    /// What became of each of the register's entries for this cooperative.
    pub waivers: Vec<RegisterUse>,
}

/// How a dossier is judged: at which date and stage, in which language, with which of the
/// committee's waivers.
#[derive(Debug, Clone)]
pub(crate) struct Judging<'r> {
    /// The reference date (the dossier's `periode.fin`, or `--date`).
    pub date: Date,
    /// The stage judged.
    pub stage: Stage,
    /// The day of the evaluation (`--evaluated-on`, or today): a waiver decided later does not
    /// apply. `None` (the rule tests, the library): no such check.
    pub evaluated_on: Option<Date>,
    /// Language of messages.
    pub lang: Lang,
    /// About how many findings to keep.
    pub max_findings: usize,
    /// The register's entries for this dossier's cooperative.
    pub waivers: Vec<&'r Entry>,
    /// What the same cooperative's previous dossier left (the values the rules across years
    /// read, the criteria the committee waived), if one is known.
    pub previous: Option<&'r crate::history::Carried>,
    /// Another dossier of the same cooperative for the same period in the run (HI006).
    pub twin: Option<&'r crate::history::Twin>,
}

/// Where a rule's findings go: at most `max` are built per rule (a rule's findings differ only
/// by their place, and come in the file's order), and past `2 × max` in all, the list is cut
/// to the `max` most important, so that memory stays bounded by the limit, not by the
/// dossier: 35 000 entrepreneurs failing four rules each made 140 000 findings, 370 MB.
pub(crate) struct Sink<'f> {
    findings: &'f mut Vec<Finding>,
    left_out: &'f mut usize,
    max: usize,
    rule_start: usize,
}

impl Sink<'_> {
    /// Builds and keeps a finding of the current rule, or only counts it past the limit.
    fn push(&mut self, make: impl FnOnce() -> Finding) {
        if self.findings.len() - self.rule_start < self.max {
            self.findings.push(make());
        } else {
            *self.left_out += 1;
        }
    }

    /// The current rule's findings.
    fn of_rule(&mut self) -> &mut [Finding] {
        &mut self.findings[self.rule_start..]
    }

    /// Closes a rule: cuts the list when it grew past twice the limit.
    fn end_rule(&mut self) {
        if self.findings.len() > self.max.saturating_mul(2) {
            crate::verdict::score::sort_findings(self.findings);
            *self.left_out += self.findings.len() - self.max;
            self.findings.truncate(self.max);
        }
        self.rule_start = self.findings.len();
    }
}

/// Evaluates every enabled rule of `set` on `doc` as `judging` says, keeping about
/// `max_findings` findings (see [`Evaluation::findings`]; at least one per failing rule).
pub(crate) fn evaluate(set: &RuleSet, doc: &Document, judging: &Judging<'_>) -> Evaluation {
    let root = &doc.root;
    let form = root
        .pointer("/cooperative/forme_juridique")
        .and_then(Node::as_str);
    let date = judging.date;
    let lang = judging.lang;
    let mut ctx = Ctx::new(set, doc, date, judging.stage, lang);
    ctx.previous = judging.previous.map(|p| &p.tree);
    ctx.previous_waived = judging.previous.map_or(&[][..], |p| &p.waived[..]);
    ctx.previous_file = judging.previous;
    ctx.twin = judging.twin;
    let dates = waivers::Dates {
        reference: date,
        evaluated_on: judging.evaluated_on,
        notice_days: set.verdict.notice_days_at(date),
        country: ctx.country,
    };
    let mut out = Evaluation::default();
    let mut uses = Vec::new();
    let mut sink = Sink {
        findings: &mut out.findings,
        left_out: &mut out.left_out,
        max: judging.max_findings.max(1),
        rule_start: 0,
    };
    let mut deferred = Vec::new();
    for (i, rule) in set.rules.iter().enumerate() {
        if !set.enabled[i] {
            continue;
        }
        if rule.kind == Kind::Builtin && builtins::DEFERRED.contains(&rule.code.as_str()) {
            deferred.push(i);
            continue;
        }
        let status = if !applies(rule, &ctx, form) {
            Status::NotApplicable
        } else {
            match rule.kind {
                Kind::Builtin => builtins::run(rule, &ctx, doc, &mut sink),
                Kind::Note | Kind::Check => run(rule, &ctx, doc, &mut sink),
            }
        };
        mark_notes(sink.of_rule(), status);
        let status = waivers::apply(
            rule,
            status,
            &judging.waivers,
            dates,
            sink.of_rule(),
            &mut uses,
            lang,
        );
        sink.end_rule();
        ctx.status[i] = Some(status);
        out_push(&mut out.outcomes, i, rule, status);
    }
    // Entries for a rule that did not run (left out by --select / --ignore, or unknown to
    // this run's packs) waive nothing; one for a rule the committee may not waive is refused
    // all the same, so that the register gets corrected.
    for e in &judging.waivers {
        if uses.iter().any(|u: &RegisterUse| u.entry == **e) {
            continue;
        }
        let refused = set
            .find(&e.rule)
            .and_then(|r| waivers::refusal(r, dates.country, date, lang));
        uses.push(RegisterUse {
            entry: (*e).clone(),
            state: if refused.is_some() {
                WaiverState::Refused
            } else {
                WaiverState::Unused
            },
            refusal: refused,
            expires_soon: false,
        });
    }
    // What became of the register's entries, once every rule has run.
    for i in deferred {
        let rule = &set.rules[i];
        let status = if applies(rule, &ctx, form) {
            builtins::register(rule, &ctx, doc, &uses, &mut sink, dates.notice_days)
        } else {
            Status::NotApplicable
        };
        mark_notes(sink.of_rule(), status);
        sink.end_rule();
        ctx.status[i] = Some(status);
        out_push(&mut out.outcomes, i, rule, status);
    }
    out.waivers = uses;
    out
}

/// A rule that reports facts (a note) gives findings that ask for nothing: they say so.
fn mark_notes(findings: &mut [Finding], status: Status) {
    if status == Status::Note {
        for f in findings {
            f.status = FindingStatus::Note;
        }
    }
}

fn out_push(outcomes: &mut Vec<RuleOutcome>, index: usize, rule: &Rule, status: Status) {
    outcomes.push(RuleOutcome {
        index,
        code: rule.code.clone(),
        name: rule.name.clone(),
        status,
    });
}

/// Whether a rule applies to this dossier (stage, country, type, form, dates, parameters,
/// `when`).
fn applies(rule: &Rule, ctx: &Ctx<'_>, form: Option<&str>) -> bool {
    applies_statically(rule, ctx, form, false)
        && rule
            .when
            .as_ref()
            .is_none_or(|w| ctx.test(w, &Scope::root()).ok)
}

/// Whether a rule applies by its stage, country, type, form, dates and parameters (not its
/// `when`). With `unknown_applies`, a country or form the dossier does not give yet counts as
/// one the rule applies to (the missing-inputs analysis then asks for it).
pub(crate) fn applies_statically(
    rule: &Rule,
    ctx: &Ctx<'_>,
    form: Option<&str>,
    unknown_applies: bool,
) -> bool {
    let listed = |list: &Option<Vec<String>>, v: Option<&str>| {
        list.as_ref().is_none_or(|l| match v {
            Some(v) => l.iter().any(|x| x == v),
            None => unknown_applies,
        })
    };
    ctx.stage >= rule.stage
        && listed(&rule.countries, ctx.country)
        && rule
            .types
            .iter()
            .any(|t| Some(t.as_str()) == ctx.kind.or(Some("cooperative")))
        && listed(&rule.forms, form)
        && rule.from.is_none_or(|f| ctx.date >= f)
        && rule.until.is_none_or(|u| ctx.date <= u)
        && rule
            .params
            .iter()
            .all(|&p| ctx.params.get(p).copied().flatten().is_some())
}

/// Evaluates a `check` or `note` rule; pushes its findings and returns its status.
fn run<'a>(rule: &'a Rule, ctx: &Ctx<'a>, doc: &Document, sink: &mut Sink<'_>) -> Status {
    let root_scope = Scope::root();
    let items: Vec<Option<Val<'a>>> = match &rule.for_each {
        Some(list) => {
            let items = ctx
                .eval(list, &root_scope)
                .items()
                .into_iter()
                .filter(|item| {
                    rule.filter
                        .as_ref()
                        .is_none_or(|f| ctx.test(f, &root_scope.child(item.clone())).ok)
                })
                .map(Some)
                .collect::<Vec<_>>();
            if items.is_empty() {
                return Status::NotApplicable;
            }
            items
        }
        None => vec![None],
    };
    let mut failed = false;
    for item in items {
        ctx.params_read.borrow_mut().clear();
        let mut scope = match &item {
            Some(v) => root_scope.child(v.clone()),
            None => Scope::root(),
        };
        for (name, e) in &rule.lets {
            let v = ctx.eval(e, &scope);
            scope.vars.push((name.as_str(), v, e));
        }
        let culprit = match (rule.kind, &rule.check) {
            (Kind::Check, Some(check)) => {
                let o = ctx.test(check, &scope);
                if o.ok {
                    continue;
                }
                o.culprit
            }
            // A note reports where it applies.
            _ => Culprit::default(),
        };
        failed = true;
        sink.push(|| finding(rule, ctx, doc, &scope, culprit, item.as_ref()));
    }
    match (rule.kind, failed) {
        (Kind::Note, _) => Status::Note,
        (_, true) => Status::Fail,
        (_, false) => Status::Pass,
    }
}

/// Builds the finding of a failed item (or of the whole dossier).
fn finding<'a>(
    rule: &'a Rule,
    ctx: &Ctx<'a>,
    doc: &Document,
    scope: &Scope<'_, 'a>,
    culprit: Culprit<'a>,
    item: Option<&Val<'a>>,
) -> Finding {
    let lang = ctx.lang;
    let primary: Option<Loc<'a>> = match &rule.at {
        Some(at) => ctx.path(at, scope).loc(),
        None => culprit.primary,
    }
    .or_else(|| item.and_then(Val::loc));
    // A missing value is reported at the mapping that should hold it (DESIGN §7), and its
    // label names the missing key.
    let (pointer, missing) = match primary {
        Some(Loc::Missing(parent, rest)) => (
            value::pointer_of(ctx.root, parent).unwrap_or_default(),
            rest.first().map(String::as_str),
        ),
        Some(l) => (loc_pointer(ctx.root, l).unwrap_or_default(), None),
        None => (String::new(), None),
    };
    let value = primary.map(|l| match l {
        Loc::Node(n) => Val::Node(n),
        Loc::Missing(..) => Val::Absent(Some(l)),
    });
    let render = |t: &'a Template| render(t, ctx, scope, value.as_ref());
    let message = render(rule.message.get(lang));
    let (span, _) = doc.span_of(&pointer);
    let label = match (missing, &rule.label) {
        (Some(key), _) => tr!(lang, "il manque `{key}` ici", "`{key}` is missing here"),
        (None, Some(l)) => render(l.get(lang)),
        (None, None) => rule.title.get(lang).clone(),
    };
    let mut f = Finding::rule(&rule.code, &rule.name, rule.severity, message)
        .pointer_in(&doc.root, pointer.clone())
        .at(span, label)
        .help(render(rule.help.get(lang)));
    f.blocking = rule.blocking();
    f.principle = rule.principle.clone();
    f.sources = rule.sources_for(ctx.country, ctx.date, lang);
    f.defined = defined_here(ctx);
    // An item of last year's list (`for_each: { previous: … }`) is shown in this dossier, but
    // the finding is about that item: its identity makes the fingerprint (one per entrepreneur
    // gone, not one for the list).
    if let Some(Val::Node(n)) = item
        && value::pointer_of(ctx.root, n).is_none()
    {
        let who = ["id", "annee", "nom"]
            .iter()
            .find_map(|k| {
                n.get(k)
                    .map(|v| format!("{k}={}", Val::Node(v).display(false, Lang::Fr)))
            })
            .unwrap_or_default();
        let here = crate::finding::identity_path(&doc.root, &pointer);
        f = f.about(&format!("{here}@previous[{who}]"));
        // And it is shown where it was, in last year's file.
        if let Some(label) = ctx.previous_file.and_then(|p| {
            let at = n.get("id").unwrap_or(n);
            p.place(
                at,
                tr!(lang, "dans le dossier précédent", "in the previous dossier"),
            )
        }) {
            f.elsewhere.push(label);
        }
    }
    // The value compared with, when it is last year's: shown in last year's file (the lines
    // its summary kept), whatever the rule's `at`.
    if let Some(Loc::Node(n)) = culprit.secondary
        && value::pointer_of(ctx.root, n).is_none()
        && let Some(label) = ctx.previous_file.and_then(|p| {
            p.place(
                n,
                tr!(
                    lang,
                    "comparé à cette valeur du dossier précédent",
                    "compared with this value of the previous dossier"
                ),
            )
        })
    {
        f.elsewhere.push(label);
    }
    if rule.at.is_none()
        && let Some(other) = culprit.secondary.and_then(|l| loc_pointer(ctx.root, l))
        && other != pointer
    {
        let (other_span, other_exact) = doc.span_of(&other);
        if other_exact && other_span != span {
            f = f.also(
                other_span,
                tr!(lang, "comparé à cette valeur", "compared with this value"),
            );
        }
    }
    f
}

/// The parameter values the failed item read (its thresholds, in force at the dossier's date
/// or at the date the rule asked for), each at its line of `parameters.yaml`: « défini ici ».
fn defined_here(ctx: &Ctx<'_>) -> Vec<crate::finding::Defined> {
    let lang = ctx.lang;
    let mut shown: Vec<&crate::source::Location> = Vec::new();
    ctx.params_read
        .borrow()
        .iter()
        .filter_map(|&(i, date)| {
            let p = ctx.set.params.get(i)?;
            let dated = p.in_force(date)?;
            // Read at two dates of one period (two contracts' starts): one value, shown once.
            if shown.contains(&&dated.at) {
                return None;
            }
            shown.push(&dated.at);
            let value = dated.value.display(p.unit, lang);
            let text = match dated.from {
                Some(from) => tr!(
                    lang,
                    "défini ici : {} = {value}, depuis le {from}",
                    "defined here: {} = {value}, since {from}",
                    p.name
                ),
                None => tr!(
                    lang,
                    "défini ici : {} = {value}",
                    "defined here: {} = {value}",
                    p.name
                ),
            };
            Some(crate::finding::Defined {
                at: dated.at.clone(),
                text,
            })
        })
        .collect()
}

/// Writes a template with the values it quotes.
fn render<'a>(
    t: &'a Template,
    ctx: &Ctx<'a>,
    scope: &Scope<'_, 'a>,
    value: Option<&Val<'a>>,
) -> String {
    let lang = ctx.lang;
    let mut out = String::new();
    for part in &t.parts {
        match part {
            Part::Text(s) => out.push_str(s),
            Part::Var(name, fmt) => {
                let text = scope.var(name).map_or_else(
                    || Val::Absent(None).display(false, lang),
                    |v| v.display(*fmt == Fmt::Percent, lang),
                );
                out.push_str(&text);
            }
            Part::Path(p, fmt) => {
                out.push_str(&ctx.path(p, scope).display(*fmt == Fmt::Percent, lang))
            }
            Part::Param(i, fmt) => {
                ctx.read_param(*i, ctx.date);
                let text = match ctx.params.get(*i).copied().flatten() {
                    Some(ParamValue::Num(d)) if *fmt == Fmt::Percent => {
                        crate::numfmt::percent(*d, lang)
                    }
                    Some(v) => v.display(ctx.set.params[*i].unit, lang),
                    None => lang
                        .pick("(non défini à cette date)", "(not defined at this date)")
                        .to_string(),
                };
                out.push_str(&text);
            }
            Part::Value(fmt) => match value {
                Some(v) => out.push_str(&v.display(*fmt == Fmt::Percent, lang)),
                None => out.push_str(lang.pick("(non renseigné)", "(not given)")),
            },
        }
    }
    out
}
