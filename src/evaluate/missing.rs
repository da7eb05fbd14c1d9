//! What a dossier still lacks: the inputs that the applicable rules read and did not find,
//! computed from the compiled rules' expressions (the paths they read), not from a hand-written
//! list. The questionnaire of `cooplabel serve` asks these questions, the JSON report lists them
//! (`missing`), and the reports of a stage before `suivi` say what the next stage needs.
//!
//! This module only reads the rules and the dossier: the evaluator's behaviour is unchanged.
//! A path read only through `present` / `absent` is not an input: for those rules the absence
//! is itself an answer (`statuts.contribution` absent means no contribution is levied).

use std::collections::BTreeMap;

use jiff::civil::Date;

use super::eval::{Ctx, Scope};
use super::value::Val;
use super::{Judging, applies_statically, evaluate};
use crate::dossier::Stage;
use crate::lang::Lang;
use crate::load::tree::escape_segment;
use crate::load::{Document, Node, Value};
use crate::rules::expr::{Base, ContextKey, Expr, Lit, PathRef};
use crate::rules::{Kind, Rule, RuleSet};
use crate::verdict::{RuleOutcome, Status};

/// Most missing inputs listed per criterion: a list whose every item lacks a value needs no
/// more to be understood, and a dossier of 100 000 empty items must not build 100 000 strings.
pub(crate) const MAX_PER_CRITERION: usize = 20;

/// Most missing inputs listed per dossier.
pub(crate) const MAX_MISSING: usize = 200;

/// One step of an input's path: a key, or every item of a list (kept by its filter).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Step {
    /// A mapping key.
    Key(String),
    /// Every item of a list that passes the filter (a rule's `where`).
    Each(Option<Box<Expr>>),
}

/// A dossier input a rule reads, as a pattern over list items
/// (`/territoire/partenaires/*/type`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Pattern {
    /// The steps from the dossier's root.
    pub steps: Vec<Step>,
    /// Read only through `present` / `absent`, or next to such a test of the same path (`any:
    /// [{ absent: .sortie }, …]`): its absence is an answer, not a gap.
    pub presence_only: bool,
    /// Read only inside alternatives (`any`): needed only while the rule does not pass.
    pub alternative: bool,
    /// Read only in one case of a `switch` on a dossier value: needed only when the value
    /// selects that case.
    pub case: Option<(PathRef, Lit)>,
}

impl Pattern {
    /// The pattern as a pointer with `*` for list items (`/territoire/partenaires/*/type`).
    pub(crate) fn text(&self) -> String {
        let mut out = String::new();
        for s in &self.steps {
            out.push('/');
            match s {
                Step::Key(k) => out.push_str(&escape_segment(k)),
                Step::Each(_) => out.push('*'),
            }
        }
        out
    }
}

/// An input missing from a dossier, with the criteria that need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    /// Where it goes (`/creation/faisabilite/structure_appui`, `/entrepreneurs/2/contrat`, or a
    /// whole list, `/territoire/partenaires`).
    pub pointer: String,
    /// The codes of the rules that read it, mandatory ones first, then in evaluation order.
    pub needed_by: Vec<String>,
    /// How many of them are mandatory (a failure blocks the decision).
    pub mandatory: usize,
}

/// How a criterion stands on a possibly partial dossier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Every input is given and the rule holds.
    Passes,
    /// Every input is given and the rule fails.
    Fails,
    /// The rule fails, but the committee waived it.
    Waived,
    /// Some input it reads is still missing: not decided yet.
    Missing,
}

/// One criterion of a stage on a partial dossier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Criterion {
    /// Index of the rule in the run's `RuleSet::rules`.
    pub index: usize,
    /// How it stands.
    pub standing: Standing,
    /// The inputs it still lacks.
    pub missing: Vec<String>,
}

/// Where a dossier stands for one stage: each criterion, and the inputs still missing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageProgress {
    /// The stage.
    pub stage: Stage,
    /// The criteria (check rules that apply at this stage), in evaluation order.
    pub criteria: Vec<Criterion>,
    /// The missing inputs, ordered by how many criteria they decide (mandatory first).
    pub missing: Vec<Missing>,
}

impl StageProgress {
    /// How many criteria stand this way.
    pub(crate) fn count(&self, standing: Standing) -> usize {
        self.criteria
            .iter()
            .filter(|c| c.standing == standing)
            .count()
    }
}

/// Collects the input patterns of expressions.
struct Walker<'a> {
    set: &'a RuleSet,
    out: Vec<Pattern>,
    /// How many `any` enclose the expression walked.
    in_any: usize,
    /// Paths tested for presence by the enclosing `all` / `any` (their other reads are guarded).
    guards: Vec<Vec<Step>>,
    /// The `switch` case enclosing the expression walked.
    case: Option<(&'a PathRef, &'a Lit)>,
    /// Rules already walked through `failed` (a rule over other rules' outcomes needs their
    /// inputs too); the loader refuses cycles, this only avoids walking one rule twice.
    seen: Vec<usize>,
    /// The `let` values of the rule walked, and the item they are computed on: a named value
    /// is walked where it is used, so that what encloses the use (an `any`, a presence test)
    /// applies to what it reads, and a value only quoted in a message is no input.
    lets: Vec<(&'a str, &'a Expr)>,
    let_item: Option<Vec<Step>>,
    /// How many optional reads enclose the expression walked (a `coalesce` value that is not
    /// the last, `present` of a computed value): their absence is an answer, not a gap.
    optional: usize,
}

impl<'a> Walker<'a> {
    fn push(&mut self, steps: Vec<Step>, presence_only: bool) {
        if steps.is_empty() {
            return;
        }
        let presence_only = presence_only || self.optional > 0 || self.guards.contains(&steps);
        let alternative = self.in_any > 0;
        match self.out.iter_mut().find(|p| p.steps == steps) {
            // Read once for its value, anywhere: it is an input, whatever else reads it.
            Some(p) => {
                p.presence_only &= presence_only;
                p.alternative &= alternative;
                if p.case.as_ref().map(|(a, b)| (a, b)) != self.case {
                    p.case = None;
                }
            }
            None => self.out.push(Pattern {
                steps,
                presence_only,
                alternative,
                case: self.case.map(|(p, l)| (p.clone(), l.clone())),
            }),
        }
    }

    /// `all` / `any`: a presence test among the conditions guards the other reads of its path.
    fn conditions(&mut self, items: &'a [Expr], item: Option<&[Step]>, any: bool) {
        let guards = items.iter().filter_map(|c| match c {
            Expr::Present(p) | Expr::Absent(p) => Self::steps(p, item),
            _ => None,
        });
        let before = self.guards.len();
        self.guards.extend(guards.collect::<Vec<_>>());
        self.in_any += usize::from(any);
        for c in items {
            self.expr(c, item, false);
        }
        self.in_any -= usize::from(any);
        self.guards.truncate(before);
    }

    /// The steps of a path, from the root or from the current item.
    fn steps(p: &'a PathRef, item: Option<&[Step]>) -> Option<Vec<Step>> {
        // The previous year's dossier is not an input this dossier could give.
        if p.year == crate::rules::expr::Year::Previous {
            return None;
        }
        let mut steps = match p.base {
            Base::Root => Vec::new(),
            Base::Item => item?.to_vec(),
        };
        steps.extend(p.segments.iter().map(|s| Step::Key(s.clone())));
        Some(steps)
    }

    fn path(&mut self, p: &'a PathRef, item: Option<&[Step]>, presence_only: bool) {
        if let Some(steps) = Self::steps(p, item) {
            self.push(steps, presence_only);
        }
    }

    /// The item steps of a list expression: a path's items, kept by `filter`.
    fn items_of(
        list: &'a Expr,
        filter: Option<&'a Expr>,
        item: Option<&[Step]>,
    ) -> Option<Vec<Step>> {
        let Expr::Path(p) = list else { return None };
        let mut steps = Self::steps(p, item)?;
        steps.push(Step::Each(filter.map(|f| Box::new(f.clone()))));
        Some(steps)
    }

    /// A list operation: the list, its filter on every item, the rest on the kept items.
    fn over_list(
        &mut self,
        list: &'a Expr,
        filter: Option<&'a Expr>,
        rest: &[&'a Expr],
        item: Option<&[Step]>,
    ) {
        self.expr(list, item, false);
        let every = Self::items_of(list, None, item);
        if let Some(f) = filter {
            self.expr(f, every.as_deref(), false);
        }
        let kept = Self::items_of(list, filter, item);
        for e in rest {
            self.expr(e, kept.as_deref(), false);
        }
    }

    fn expr(&mut self, e: &'a Expr, item: Option<&[Step]>, presence_only: bool) {
        match e {
            Expr::Lit(_) | Expr::Param(_) => {}
            Expr::Var(name) => {
                // Lets only name earlier lets: the walk ends.
                if let Some(&(_, value)) = self.lets.iter().find(|(n, _)| n == name) {
                    let item = self.let_item.clone();
                    self.expr(value, item.as_deref(), presence_only);
                }
            }
            Expr::Context(k) => match k {
                ContextKey::Country => self.push(
                    vec![Step::Key("cooperative".into()), Step::Key("pays".into())],
                    false,
                ),
                ContextKey::Type => self.push(vec![Step::Key("type".into())], false),
                ContextKey::Date | ContextKey::Stage => {}
            },
            Expr::Path(p) => self.path(p, item, presence_only),
            Expr::Present(p) | Expr::Absent(p) => self.path(p, item, true),
            Expr::NotEmpty(p) => self.path(p, item, false),
            Expr::All(items) => self.conditions(items, item, false),
            Expr::Any(items) => self.conditions(items, item, true),
            Expr::List(items) | Expr::Arith(_, items) => {
                for i in items {
                    self.expr(i, item, presence_only);
                }
            }
            Expr::Abs(a) | Expr::Year(a) | Expr::Not(a) | Expr::DayAfter(a) => {
                self.expr(a, item, presence_only)
            }
            // The date of the event a parameter is read at is an input, like any operand.
            Expr::ParamAt(_, at) => self.expr(at, item, presence_only),
            // Whether a computed value exists: its absence is an answer, as for `present`.
            Expr::Defined(a, _) => {
                self.optional += 1;
                self.expr(a, item, true);
                self.optional -= 1;
            }
            // The first present value: every value but the last may be absent, its absence
            // choosing the next (`coalesce: [.contrat_debut, .entree]`, a CAPE's duration or 0).
            Expr::Coalesce(items) => {
                if let Some((last, first)) = items.split_last() {
                    self.optional += 1;
                    for i in first {
                        self.expr(i, item, true);
                    }
                    self.optional -= 1;
                    self.expr(last, item, presence_only);
                }
            }
            Expr::Months(a, b)
            | Expr::Days(a, b)
            | Expr::AddMonths(a, b)
            | Expr::AddDays(a, b)
            | Expr::Missing(a, b)
            | Expr::Cmp(_, a, b)
            | Expr::In(a, b)
            | Expr::Contains(a, b)
            | Expr::Mentions(a, b) => {
                self.expr(a, item, false);
                self.expr(b, item, false);
            }
            Expr::Count { list, filter } => self.over_list(list, filter.as_deref(), &[], item),
            // A lookup (last year's exercice): finding nothing is an answer, not a gap.
            Expr::Find {
                list,
                by,
                filter,
                of,
            } => {
                self.optional += 1;
                for (_, v) in by {
                    self.expr(v, item, false);
                }
                let of: Vec<&'a Expr> = of.iter().map(|e| &**e).collect();
                self.over_list(list, filter.as_deref(), &of, item);
                self.optional -= 1;
            }
            Expr::Total { list, of, filter } => {
                self.over_list(list, filter.as_deref(), &[of], item)
            }
            Expr::Share { list, of, filter } => {
                // A share weighs every item, and selects some: both read every item.
                self.over_list(list, None, &[], item);
                let every = Self::items_of(list, None, item);
                for e in of.iter().chain(filter.iter()) {
                    self.expr(e, every.as_deref(), false);
                }
            }
            Expr::Quant {
                list,
                filter,
                check,
                ..
            } => self.over_list(list, filter.as_deref(), &[check], item),
            Expr::Switch { on, cases, default } => {
                self.expr(on, item, false);
                let outer = self.case;
                for (lit, c) in cases {
                    if let Expr::Path(p) = on.as_ref()
                        && p.base == Base::Root
                    {
                        self.case = Some((p, lit));
                    }
                    self.expr(c, item, presence_only);
                    self.case = outer;
                }
                if let Some(d) = default {
                    self.expr(d, item, presence_only);
                }
            }
            Expr::Failed(codes) | Expr::FailedTitles(codes) => {
                for code in codes {
                    if let Some(i) = self.set.index_of(code)
                        && !self.seen.contains(&i)
                    {
                        self.seen.push(i);
                        self.rule(&self.set.rules[i]);
                    }
                }
            }
            Expr::UnionVotes(args, _) | Expr::UnionVoteTable(args) => {
                self.expr(&args.threshold, item, false);
                self.expr(&args.college_share, item, false);
                self.expr(&args.members, item, false);
                // The vote table reads each member's group (and shares): the engine's own code;
                // `where` (art. 19 bis) reads what it tests on every member.
                if let Some(every) = Self::items_of(&args.members, None, item) {
                    if let Some(f) = &args.filter {
                        self.expr(f, Some(&every), false);
                    }
                    let mut groupe = every;
                    groupe.push(Step::Key("groupe".into()));
                    self.push(groupe, false);
                }
            }
        }
    }

    /// Every input of a rule: its `when`, list, filter, named values and check.
    fn rule(&mut self, rule: &'a Rule) {
        if let Some(w) = &rule.when {
            self.expr(w, None, false);
        }
        let (every, kept) = match &rule.for_each {
            Some(list) => {
                self.expr(list, None, false);
                (
                    Self::items_of(list, None, None),
                    Self::items_of(list, rule.filter.as_ref(), None),
                )
            }
            None => (None, None),
        };
        if let Some(f) = &rule.filter {
            self.expr(f, every.as_deref(), false);
        }
        // The lets are walked where the check uses them (a rule read through `failed` has its
        // own).
        let lets = std::mem::replace(
            &mut self.lets,
            rule.lets.iter().map(|(n, e)| (n.as_str(), e)).collect(),
        );
        let let_item = std::mem::replace(&mut self.let_item, kept.clone());
        if let Some(c) = &rule.check {
            self.expr(c, kept.as_deref(), false);
        }
        self.lets = lets;
        self.let_item = let_item;
    }
}

/// How the analysis runs the rules: at the dossier's date and stage, without the committee's
/// register (a waiver changes whether a criterion counts, not what it needs), keeping one
/// finding (only the statuses are read).
fn judging(date: Date, stage: Stage, lang: Lang) -> Judging<'static> {
    Judging {
        date,
        stage,
        evaluated_on: None,
        lang,
        max_findings: 1,
        waivers: Vec::new(),
        previous: None,
        twin: None,
    }
}

/// The dossier inputs a rule reads (through `failed`, the inputs of the rules it reads too),
/// in the order its expressions read them.
pub(crate) fn rule_inputs(set: &RuleSet, rule: &Rule) -> Vec<Pattern> {
    let mut w = Walker {
        set,
        out: Vec::new(),
        in_any: 0,
        guards: Vec::new(),
        case: None,
        seen: Vec::new(),
        lets: Vec::new(),
        let_item: None,
        optional: 0,
    };
    w.rule(rule);
    w.out
}

/// The inputs of every rule of a set, and of every `when`, computed once per set.
#[derive(Debug, Clone, Default)]
pub(crate) struct RuleInputs {
    /// Per rule (index in `RuleSet::rules`), its input patterns.
    pub rules: Vec<Vec<Pattern>>,
    /// Per rule, the patterns its `when` reads (as `*` pointers).
    pub when: Vec<Vec<String>>,
}

impl RuleInputs {
    /// The inputs of a set's rules, computed on first use and kept with the set.
    pub(crate) fn of(set: &RuleSet) -> std::sync::Arc<RuleInputs> {
        set.inputs
            .get_or_init(|| {
                std::sync::Arc::new(RuleInputs {
                    rules: set.rules.iter().map(|r| rule_inputs(set, r)).collect(),
                    when: set
                        .rules
                        .iter()
                        .map(|r| {
                            r.when
                                .as_ref()
                                .map(|w| when_inputs(set, w))
                                .unwrap_or_default()
                        })
                        .collect(),
                })
            })
            .clone()
    }
}

/// Appends `/segment` to a pointer, escaped only when it must be (a key is rarely `~` or `/`).
fn push_segment(pointer: &mut String, segment: &str) {
    pointer.push('/');
    if segment.contains(['~', '/']) {
        pointer.push_str(&escape_segment(segment));
    } else {
        pointer.push_str(segment);
    }
}

/// Whether a node holds a value (`~` is no value, as for the rules).
fn given(node: &Node) -> bool {
    !matches!(node.value, Value::Null)
}

/// Appends to `out` the pointers where `steps` finds nothing below `node` (at `pointer`). A
/// missing key is reported as the full path of keys that should lead to the value, up to the
/// first list (a missing list is one input: its items are asked for as rows).
fn absent_below<'a>(
    ctx: &Ctx<'a>,
    node: &'a Node,
    steps: &'a [Step],
    path: &mut Vec<Seg<'a>>,
    out: &mut Vec<String>,
) {
    let Some((first, rest)) = steps.split_first() else {
        return;
    };
    if out.len() >= MAX_PER_CRITERION {
        return;
    }
    match first {
        Step::Key(k) => {
            let Value::Map(_) = node.value else {
                // A scalar or a list where a table belongs: the schema reports it.
                return;
            };
            match node.get(k).filter(|n| given(n)) {
                Some(child) => {
                    path.push(Seg::Key(k));
                    absent_below(ctx, child, rest, path, out);
                    path.pop();
                }
                None => {
                    // Only a gap builds a pointer: the path down to it, then its keys.
                    let mut missing = String::new();
                    for seg in path.iter() {
                        match seg {
                            Seg::Key(k) => push_segment(&mut missing, k),
                            Seg::Index(i) => {
                                missing.push('/');
                                missing.push_str(&i.to_string());
                            }
                        }
                    }
                    push_segment(&mut missing, k);
                    for s in rest {
                        match s {
                            Step::Key(k) => push_segment(&mut missing, k),
                            Step::Each(_) => break,
                        }
                    }
                    out.push(missing);
                }
            }
        }
        Step::Each(filter) => {
            for (i, item) in node.items().iter().enumerate() {
                if out.len() >= MAX_PER_CRITERION {
                    return;
                }
                let kept = filter.as_deref().is_none_or(|f| {
                    let root = Scope::root();
                    ctx.test(f, &root.child(Val::Node(item))).ok
                });
                if !kept {
                    continue;
                }
                path.push(Seg::Index(i));
                absent_below(ctx, item, rest, path, out);
                path.pop();
            }
        }
    }
}

/// One segment of the path walked down to a value.
#[derive(Clone, Copy)]
enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

/// The inputs a rule reads that the dossier does not give (document order of the patterns,
/// then of the items), and the dossier context it lacks to decide whether the rule applies.
fn rule_missing<'a>(set: &'a RuleSet, index: usize, ctx: &Ctx<'a>, passes: bool) -> Vec<String> {
    let rule = &set.rules[index];
    let mut out = Vec::new();
    let root = ctx.root;
    if rule.countries.is_some() && ctx.country.is_none() {
        out.push("/cooperative/pays".to_string());
    }
    if rule.forms.is_some() && form_of(ctx).is_none() {
        out.push("/cooperative/forme_juridique".to_string());
    }
    let mut path = Vec::new();
    for p in RuleInputs::of(set)
        .rules
        .get(index)
        .map_or(&[][..], Vec::as_slice)
    {
        let case = p.case.as_ref().map(|(on, lit)| (on, lit));
        if p.presence_only || (p.alternative && passes) || !case_selected(ctx, case) {
            continue;
        }
        absent_below(ctx, root, &p.steps, &mut path, &mut out);
    }
    // Two patterns may meet at the same gap (a missing list); the lists are short.
    let mut unique: Vec<String> = Vec::with_capacity(out.len());
    for p in out {
        if !unique.contains(&p) {
            unique.push(p);
        }
    }
    unique
}

/// Whether the `switch` case a pattern is read in is the one the dossier selects (or may be:
/// the value it switches on is not given yet).
fn case_selected(ctx: &Ctx<'_>, case: Option<(&PathRef, &Lit)>) -> bool {
    let Some((on, lit)) = case else { return true };
    let v = ctx.path(on, &Scope::root());
    v.is_absent() || v.equals(&Val::lit(lit)) == Some(true)
}

/// Whether a rule is a criterion: a check (notes inform, builtins check the dossier's own
/// waivers) that the stage, country, type, form and date make applicable. Its `when` is left
/// to the caller. A rule restricted to countries or forms the dossier does not give yet is a
/// criterion: the missing country or form is asked for.
fn is_criterion(rule: &Rule, ctx: &Ctx<'_>, form: Option<&str>) -> bool {
    rule.kind == Kind::Check && applies_statically(rule, ctx, form, true)
}

/// The dossier's legal form, read once per analysis (every rule may ask).
fn form_of<'a>(ctx: &Ctx<'a>) -> Option<&'a str> {
    ctx.root
        .get("cooperative")
        .and_then(|c| c.get("forme_juridique"))
        .and_then(Node::as_str)
}

/// Where a dossier stands at `stage`, judged at `date`: each criterion of the stage (only those
/// that start at this stage when `only_new`) passes, fails, or waits for inputs; and the inputs
/// still missing, ordered by how many criteria they decide, mandatory first.
///
/// The rules run on the dossier as it is, even when its structure is incomplete: a criterion
/// is decided only once every input it reads is given, so an incomplete structure shows as
/// missing inputs, never as failures.
pub fn progress(
    set: &RuleSet,
    doc: &Document,
    date: Date,
    stage: Stage,
    lang: Lang,
    only_new: bool,
) -> StageProgress {
    let evaluation = evaluate(set, doc, &judging(date, stage, lang));
    let mut status = vec![None; set.rules.len()];
    for o in &evaluation.outcomes {
        status[o.index] = Some(o.status);
    }
    let ctx = Ctx::new(set, doc, date, stage, lang);
    let criteria: Vec<Criterion> = pending(set, &ctx, only_new, &status)
        .into_iter()
        .filter_map(|(index, missing)| {
            let standing = match status[index] {
                _ if !missing.is_empty() => Standing::Missing,
                Some(Status::Pass) => Standing::Passes,
                Some(Status::Fail) => Standing::Fails,
                Some(Status::Waived) => Standing::Waived,
                _ => return None,
            };
            Some(Criterion {
                index,
                standing,
                missing,
            })
        })
        .collect();
    let missing = rank(set, &criteria);
    StageProgress {
        stage,
        criteria,
        missing,
    }
}

/// The inputs missing for `stage` (its criteria and those of the earlier stages), ordered by
/// how many criteria they decide, mandatory first. Needs no evaluation: a dossier whose
/// structure is incomplete, and that the rules therefore do not judge, gets its list too.
pub fn missing(
    set: &RuleSet,
    doc: &Document,
    date: Date,
    stage: Stage,
    lang: Lang,
    outcomes: Option<&[RuleOutcome]>,
) -> Vec<Missing> {
    let evaluated;
    let outcomes = match outcomes {
        Some(o) => o,
        None => {
            evaluated = evaluate(set, doc, &judging(date, stage, lang)).outcomes;
            &evaluated
        }
    };
    let mut status = vec![None; set.rules.len()];
    for o in outcomes {
        status[o.index] = Some(o.status);
    }
    let ctx = Ctx::new(set, doc, date, stage, lang);
    let criteria: Vec<Criterion> = pending(set, &ctx, false, &status)
        .into_iter()
        .map(|(index, missing)| Criterion {
            index,
            standing: Standing::Missing,
            missing,
        })
        .collect();
    rank(set, &criteria)
}

/// Every criterion of the context's stage (only those starting at it when `only_new`) with
/// the inputs it lacks, leaving out the rules whose `when` is false on given inputs.
fn pending(
    set: &RuleSet,
    ctx: &Ctx<'_>,
    only_new: bool,
    status: &[Option<Status>],
) -> Vec<(usize, Vec<String>)> {
    let mut out = Vec::new();
    let form = form_of(ctx);
    for (i, rule) in set.rules.iter().enumerate() {
        if !set.enabled[i]
            || (only_new && rule.stage != ctx.stage)
            || !is_criterion(rule, ctx, form)
        {
            continue;
        }
        let passes = status.get(i).copied().flatten() == Some(Status::Pass);
        let missing = rule_missing(set, i, ctx, passes);
        if let Some(w) = &rule.when {
            let inputs = &RuleInputs::of(set).when[i];
            let decidable = !missing.iter().any(|m| inputs.iter().any(|p| covers(p, m)));
            if decidable && !ctx.test(w, &Scope::root()).ok {
                continue;
            }
        }
        out.push((i, missing));
    }
    out
}

/// The inputs a `when` reads, as pointer patterns.
fn when_inputs(set: &RuleSet, when: &Expr) -> Vec<String> {
    let mut w = Walker {
        set,
        out: Vec::new(),
        in_any: 0,
        guards: Vec::new(),
        case: None,
        seen: Vec::new(),
        lets: Vec::new(),
        let_item: None,
        optional: 0,
    };
    w.expr(when, None, false);
    w.out.iter().map(Pattern::text).collect()
}

/// Whether a pattern (`/a/*/b`) covers a pointer (`/a/3/b`), or the pointer is a list the
/// pattern goes through (`/a`).
fn covers(pattern: &str, pointer: &str) -> bool {
    let mut p = pattern.split('/');
    let mut q = pointer.split('/');
    loop {
        match (p.next(), q.next()) {
            (_, None) => return true,
            (None, Some(_)) => return false,
            (Some("*"), Some(seg)) if seg.parse::<usize>().is_ok() => {}
            (Some(a), Some(b)) if a == b => {}
            _ => return false,
        }
    }
}

/// The missing inputs of the criteria, each with the criteria that need it, ordered by the
/// number of mandatory criteria, then of all criteria, then by first appearance.
fn rank(set: &RuleSet, criteria: &[Criterion]) -> Vec<Missing> {
    let mut by_pointer: BTreeMap<&str, (usize, Vec<usize>)> = BTreeMap::new();
    let mut order = 0;
    for c in criteria {
        for m in &c.missing {
            let entry = by_pointer.entry(m.as_str()).or_insert_with(|| {
                order += 1;
                (order, Vec::new())
            });
            entry.1.push(c.index);
        }
    }
    let mut list: Vec<(usize, Missing)> = by_pointer
        .into_iter()
        .map(|(pointer, (order, mut rules))| {
            rules.sort_by_key(|&i| (!set.rules[i].blocking(), i));
            let mandatory = rules.iter().filter(|&&i| set.rules[i].blocking()).count();
            (
                order,
                Missing {
                    pointer: pointer.to_string(),
                    needed_by: rules.iter().map(|&i| set.rules[i].code.clone()).collect(),
                    mandatory,
                },
            )
        })
        .collect();
    list.sort_by(|(oa, a), (ob, b)| {
        b.mandatory
            .cmp(&a.mandatory)
            .then(b.needed_by.len().cmp(&a.needed_by.len()))
            .then(oa.cmp(ob))
    });
    list.truncate(MAX_MISSING);
    list.into_iter().map(|(_, m)| m).collect()
}
