//! The interpreter of rule expressions: values, conditions, and the culprit of a failure (the
//! value to show, and the one it was compared with).

use std::borrow::Cow;
use std::cmp::Ordering;

use jiff::civil::Date;
use rust_decimal::Decimal;

use super::union;
use super::value::{Loc, Scalar, Val};
use crate::dossier::Stage;
use crate::lang::Lang;
use crate::load::Node;
use crate::rules::expr::{Arith, Base, Cmp, ContextKey, Expr, Lit, PathRef, Quantifier, Year};
use crate::rules::{ParamValue, RuleSet};
use crate::verdict::Status;

/// What a rule is evaluated against.
pub(crate) struct Ctx<'a> {
    /// The dossier's root.
    pub root: &'a Node,
    /// The rules (for `failed_titles`).
    pub set: &'a RuleSet,
    /// Reference date.
    pub date: Date,
    /// Stage judged.
    pub stage: Stage,
    /// `cooperative.pays`.
    pub country: Option<&'a str>,
    /// `type`.
    pub kind: Option<&'a str>,
    /// Parameter values at the date, by index.
    pub params: Vec<Option<&'a ParamValue>>,
    /// Status of the rules evaluated so far, by index.
    pub status: Vec<Option<Status>>,
    /// The parameters read (index, date of the value) since the evaluation of the current
    /// item began: the thresholds its finding shows « défini ici ». Only the branch taken
    /// counts (a French dossier reads the French limit, not the Belgian one).
    pub params_read: std::cell::RefCell<Vec<(usize, Date)>>,
    /// Language of messages.
    pub lang: Lang,
    /// What the rules across years read of the same cooperative's previous dossier (a compact
    /// summary, `crate::history::Carried`), given as data: evaluation stays pure.
    pub previous: Option<&'a Node>,
    /// The rules the committee's register waived for the previous dossier (HI005).
    pub previous_waived: &'a [String],
    /// The previous dossier's summary, for a label on the value a rule compared with there.
    pub previous_file: Option<&'a crate::history::Carried>,
    /// Another dossier of the same cooperative for the same period in the run (HI006).
    pub twin: Option<&'a crate::history::Twin>,
}

/// Named values and the current item, innermost last.
pub(crate) struct Scope<'s, 'a> {
    /// The current item, if inside a list.
    pub item: Option<Val<'a>>,
    /// `let` values, with the expression each came from (to locate a failure through it).
    pub vars: Vec<(&'a str, Val<'a>, &'a Expr)>,
    /// The enclosing scope.
    pub parent: Option<&'s Scope<'s, 'a>>,
}

impl<'s, 'a> Scope<'s, 'a> {
    /// The outermost scope (the dossier).
    pub(crate) fn root() -> Self {
        Scope {
            item: None,
            vars: Vec::new(),
            parent: None,
        }
    }

    /// A scope for one item of a list.
    pub(crate) fn child(&'s self, item: Val<'a>) -> Scope<'s, 'a> {
        Scope {
            item: Some(item),
            vars: Vec::new(),
            parent: Some(self),
        }
    }

    fn item(&self) -> Option<&Val<'a>> {
        self.item
            .as_ref()
            .or_else(|| self.parent.and_then(|p| p.item()))
    }

    /// A `let` value by name, innermost first.
    pub(crate) fn var(&self, name: &str) -> Option<&Val<'a>> {
        self.vars
            .iter()
            .rev()
            .find(|(n, _, _)| *n == name)
            .map(|(_, v, _)| v)
            .or_else(|| self.parent.and_then(|p| p.var(name)))
    }

    fn var_expr(&self, name: &str) -> Option<&'a Expr> {
        self.vars
            .iter()
            .rev()
            .find(|(n, _, _)| *n == name)
            .map(|(_, _, e)| *e)
            .or_else(|| self.parent.and_then(|p| p.var_expr(name)))
    }
}

/// What made a condition false.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Culprit<'a> {
    /// The value to show.
    pub primary: Option<Loc<'a>>,
    /// The value it was compared with.
    pub secondary: Option<Loc<'a>>,
}

/// The result of a condition, in three values (rules/README.md § 3): true, false, or unknown
/// when it compares a missing value. A rule's check, `when` and `where` hold only when it is
/// true; `not` keeps an unknown unknown, so that `not` of a comparison on a missing value never
/// passes by accident.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Outcome<'a> {
    /// Whether it holds (false when unknown).
    pub ok: bool,
    /// Whether it is unknown: a value it compares is missing (then `ok` is false).
    pub unknown: bool,
    /// Why not.
    pub culprit: Culprit<'a>,
}

impl<'a> Outcome<'a> {
    fn pass() -> Self {
        Outcome {
            ok: true,
            unknown: false,
            culprit: Culprit::default(),
        }
    }

    fn fail(primary: Option<Loc<'a>>, secondary: Option<Loc<'a>>) -> Self {
        Outcome {
            ok: false,
            unknown: false,
            culprit: Culprit { primary, secondary },
        }
    }

    fn unknown(primary: Option<Loc<'a>>, secondary: Option<Loc<'a>>) -> Self {
        Outcome {
            unknown: true,
            ..Self::fail(primary, secondary)
        }
    }

    /// False or unknown, as `missing` says: an operand of a comparison is absent.
    fn fail_if(missing: bool, primary: Option<Loc<'a>>, secondary: Option<Loc<'a>>) -> Self {
        if missing {
            Self::unknown(primary, secondary)
        } else {
            Self::fail(primary, secondary)
        }
    }

    /// The conjunction of outcomes in Kleene's logic: false if one is false, else unknown if
    /// one is unknown, else true. The culprit is the first that does not hold, as an author
    /// reads the list; evaluation stops at the first false.
    fn all(outcomes: impl Iterator<Item = Self>) -> Self {
        let mut first_unknown: Option<Self> = None;
        for o in outcomes {
            if o.ok {
                continue;
            }
            if !o.unknown {
                // A false after an unknown: false, shown where the author's eye stops first.
                return match first_unknown {
                    Some(u) => Self {
                        unknown: false,
                        ..u
                    },
                    None => o,
                };
            }
            first_unknown.get_or_insert(o);
        }
        first_unknown.unwrap_or_else(Self::pass)
    }

    /// The disjunction: true if one is true, else unknown if one is unknown, else false (shown
    /// on the first failure).
    fn any(outcomes: impl Iterator<Item = Self>) -> Self {
        let mut first_failure: Option<Self> = None;
        let mut unknown = false;
        for o in outcomes {
            if o.ok {
                return o;
            }
            unknown |= o.unknown;
            first_failure.get_or_insert(o);
        }
        match first_failure {
            Some(f) => Self { unknown, ..f },
            None => Self::pass(),
        }
    }

    fn from(ok: bool, primary: Option<Loc<'a>>, secondary: Option<Loc<'a>>) -> Self {
        if ok {
            Self::pass()
        } else {
            Self::fail(primary, secondary)
        }
    }
}

impl<'a> Ctx<'a> {
    /// The context of a dossier judged at `date` and `stage`, before any rule ran.
    pub(crate) fn new(
        set: &'a RuleSet,
        doc: &'a crate::load::Document,
        date: Date,
        stage: Stage,
        lang: Lang,
    ) -> Self {
        let root = &doc.root;
        let text = |p: &str| root.pointer(p).and_then(Node::as_str);
        Ctx {
            root,
            set,
            date,
            stage,
            country: text("/cooperative/pays"),
            kind: text("/type"),
            params: set.params.iter().map(|p| p.at(date)).collect(),
            status: vec![None; set.rules.len()],
            params_read: Default::default(),
            lang,
            previous: None,
            previous_waived: &[],
            previous_file: None,
            twin: None,
        }
    }

    /// Follows a path from the dossier's root or the current item.
    pub(crate) fn path(&self, p: &'a PathRef, scope: &Scope<'_, 'a>) -> Val<'a> {
        match p.year {
            Year::This => {}
            Year::Previous => return self.previous_path(p, scope),
            Year::History => return self.history(p),
        }
        let start = match p.base {
            Base::Root => Val::Node(self.root),
            Base::Item => match scope.item() {
                Some(item) => item.clone(),
                None => return Val::Absent(None),
            },
        };
        if p.segments.is_empty() {
            return start;
        }
        let Val::Node(mut node) = start else {
            return Val::Absent(None);
        };
        for (i, seg) in p.segments.iter().enumerate() {
            match node.child(seg) {
                Some(child) => node = child,
                None => return Val::Absent(Some(Loc::Missing(node, &p.segments[i..]))),
            }
        }
        Val::Node(node)
    }

    /// A path in the previous dossier: from its root, or from the item that is the current
    /// item's counterpart there (the same entrepreneur, the same exercice).
    fn previous_path(&self, p: &'a PathRef, scope: &Scope<'_, 'a>) -> Val<'a> {
        let Some(prev) = self.previous else {
            return Val::Absent(None);
        };
        let start = match p.base {
            Base::Root => prev,
            Base::Item => {
                let Some(Val::Node(item)) = scope.item() else {
                    return Val::Absent(None);
                };
                let Some(pointer) = super::value::pointer_of(self.root, item) else {
                    // Already an item of the previous dossier (a list read with `previous`).
                    return Val::Absent(None);
                };
                match crate::history::counterpart(self.root, prev, &pointer) {
                    Some(n) => n,
                    None => return Val::Absent(None),
                }
            }
        };
        p.segments
            .iter()
            .try_fold(start, |node, seg| node.child(seg))
            .map_or(Val::Absent(None), Val::Node)
    }

    /// A list of this dossier followed by the previous years' items it does not hold.
    fn history(&self, p: &'a PathRef) -> Val<'a> {
        let at = |root: &'a Node| p.segments.iter().try_fold(root, |n, seg| n.child(seg));
        let here = at(self.root);
        let mut items: Vec<Val<'a>> = here
            .map(|n| n.items().iter().map(Val::Node).collect())
            .unwrap_or_default();
        if let (Some(prev), Some(key)) = (
            self.previous.and_then(at),
            crate::history::item_key(&p.segments),
        ) {
            let known = |n: &Node| {
                let k = n.get(key).map(|k| &k.value);
                here.is_some_and(|h| {
                    h.items()
                        .iter()
                        .any(|i| k.is_some() && i.get(key).map(|v| &v.value) == k)
                })
            };
            items.extend(prev.items().iter().filter(|n| !known(n)).map(Val::Node));
        }
        Val::List(items)
    }

    /// The items of a list expression that pass an optional filter.
    fn filtered(
        &self,
        list: &'a Expr,
        filter: Option<&'a Expr>,
        scope: &Scope<'_, 'a>,
    ) -> Vec<Val<'a>> {
        let items = self.eval(list, scope).items();
        match filter {
            None => items,
            Some(f) => items
                .into_iter()
                .filter(|item| self.test(f, &scope.child(item.clone())).ok)
                .collect(),
        }
    }

    /// Records that the current item read parameter `i` at `date` (once).
    pub(crate) fn read_param(&self, i: usize, date: Date) {
        let mut read = self.params_read.borrow_mut();
        if !read.contains(&(i, date)) {
            read.push((i, date));
        }
    }

    /// Evaluates an expression to a value.
    pub(crate) fn eval(&self, e: &'a Expr, scope: &Scope<'_, 'a>) -> Val<'a> {
        match e {
            Expr::Lit(l) => Val::lit(l),
            Expr::List(items) => Val::List(items.iter().map(|i| self.eval(i, scope)).collect()),
            Expr::Path(p) => self.path(p, scope),
            Expr::Param(i) => {
                self.read_param(*i, self.date);
                param_val(self.params.get(*i).copied().flatten())
            }
            Expr::ParamAt(i, at) => match self.eval(at, scope).date() {
                Some(d) => {
                    self.read_param(*i, d);
                    param_val(self.set.params.get(*i).and_then(|p| p.at(d)))
                }
                None => Val::Absent(None),
            },
            Expr::Var(name) => scope.var(name).cloned().unwrap_or(Val::Absent(None)),
            Expr::Context(k) => match k {
                ContextKey::Date => Val::Date(self.date),
                ContextKey::Stage => Val::Str(Cow::Borrowed(self.stage.as_str())),
                ContextKey::Country => self
                    .country
                    .map_or(Val::Absent(None), |c| Val::Str(Cow::Borrowed(c))),
                ContextKey::Type => self
                    .kind
                    .map_or(Val::Absent(None), |c| Val::Str(Cow::Borrowed(c))),
            },
            Expr::Arith(op, args) => self.arith(*op, args, scope),
            Expr::Abs(a) => match self.eval(a, scope).num() {
                Some(d) => Val::Num(d.abs()),
                None => Val::Absent(None),
            },
            Expr::Count { list, filter } => Val::Num(Decimal::from(
                self.filtered(list, filter.as_deref(), scope).len(),
            )),
            Expr::Total { list, of, filter } => {
                let mut sum = Decimal::ZERO;
                for item in self.filtered(list, filter.as_deref(), scope) {
                    match self
                        .eval(of, &scope.child(item))
                        .num()
                        .and_then(|d| sum.checked_add(d))
                    {
                        Some(s) => sum = s,
                        None => return Val::Absent(None),
                    }
                }
                Val::Num(sum)
            }
            Expr::Share { list, of, filter } => {
                let weight = |item: &Val<'a>| -> Option<Decimal> {
                    match of {
                        Some(of) => self.eval(of, &scope.child(item.clone())).num(),
                        None => Some(Decimal::ONE),
                    }
                };
                let (mut part, mut total) = (Decimal::ZERO, Decimal::ZERO);
                for item in self.eval(list, scope).items() {
                    let Some(w) = weight(&item) else {
                        return Val::Absent(None);
                    };
                    // Values come from the dossier: an overflow is an absent result, not a panic.
                    let Some(t) = total.checked_add(w) else {
                        return Val::Absent(None);
                    };
                    total = t;
                    let selected = filter
                        .as_ref()
                        .is_none_or(|f| self.test(f, &scope.child(item.clone())).ok);
                    if selected {
                        match part.checked_add(w) {
                            Some(p) => part = p,
                            None => return Val::Absent(None),
                        }
                    }
                }
                if total.is_zero() {
                    Val::Absent(None)
                } else {
                    part.checked_div(total).map_or(Val::Absent(None), Val::Num)
                }
            }
            Expr::Months(a, b) => match (self.eval(a, scope).date(), self.eval(b, scope).date()) {
                (Some(from), Some(to)) => from
                    .until((jiff::Unit::Month, to))
                    .map_or(Val::Absent(None), |span| {
                        Val::Num(Decimal::from(span.get_months()))
                    }),
                _ => Val::Absent(None),
            },
            Expr::Days(a, b) => match (self.eval(a, scope).date(), self.eval(b, scope).date()) {
                (Some(from), Some(to)) => from
                    .until((jiff::Unit::Day, to))
                    .map_or(Val::Absent(None), |span| {
                        Val::Num(Decimal::from(span.get_days()))
                    }),
                _ => Val::Absent(None),
            },
            Expr::AddMonths(a, n) | Expr::AddDays(a, n) => {
                let unit = if matches!(e, Expr::AddMonths(..)) {
                    jiff::Unit::Month
                } else {
                    jiff::Unit::Day
                };
                match (self.eval(a, scope).date(), self.eval(n, scope).num()) {
                    (Some(d), Some(n)) => shift(d, n, unit).map_or(Val::Absent(None), Val::Date),
                    _ => Val::Absent(None),
                }
            }
            Expr::DayAfter(a) => match self.eval(a, scope).date().map(|d| d.tomorrow()) {
                Some(Ok(d)) => Val::Date(d),
                _ => Val::Absent(None),
            },
            Expr::Coalesce(items) => items
                .iter()
                .map(|i| self.eval(i, scope))
                .find(|v| !v.is_absent())
                .unwrap_or(Val::Absent(None)),
            Expr::Find {
                list,
                by,
                filter,
                of,
            } => {
                let wanted: Vec<Val<'a>> = by.iter().map(|(_, v)| self.eval(v, scope)).collect();
                let found = self.eval(list, scope).items().into_iter().find(|item| {
                    let inner = scope.child(item.clone());
                    by.iter()
                        .zip(&wanted)
                        .all(|((k, _), w)| self.path(k, &inner).equals(w) == Some(true))
                        && filter.as_ref().is_none_or(|f| self.test(f, &inner).ok)
                });
                match (found, of) {
                    (Some(item), Some(of)) => self.eval(of, &scope.child(item)),
                    (Some(item), None) => item,
                    (None, _) => Val::Absent(None),
                }
            }
            Expr::Year(a) => match self.eval(a, scope).date() {
                Some(d) => Val::Num(Decimal::from(d.year())),
                None => Val::Absent(None),
            },
            Expr::Switch { on, cases, default } => {
                match self.switch(on, cases, default.as_deref(), scope) {
                    Some(chosen) => self.eval(chosen, scope),
                    None => Val::Absent(None),
                }
            }
            Expr::Missing(list, values) => {
                let have = self.eval(list, scope).items();
                let wanted = self.eval(values, scope).items();
                Val::List(
                    wanted
                        .into_iter()
                        .filter(|w| !have.iter().any(|h| h.equals(w) == Some(true)))
                        .collect(),
                )
            }
            Expr::Failed(codes) => Val::Num(Decimal::from(self.failed(codes).count())),
            Expr::FailedTitles(codes) => Val::List(
                self.failed(codes)
                    .map(|i| {
                        let r = &self.set.rules[i];
                        Val::Str(Cow::Owned(format!(
                            "{} ({})",
                            r.code,
                            r.title.get(self.lang)
                        )))
                    })
                    .collect(),
            ),
            Expr::UnionVotes(args, group) => match self.union_table(args, scope) {
                Some(table) => match &args.filter {
                    // The members that meet the condition, by their place in the list.
                    Some(filter) => {
                        let members = self.eval(&args.members, scope).items();
                        Val::Num(table.share_where(|index| {
                            members
                                .get(index)
                                .is_some_and(|m| self.test(filter, &scope.child(m.clone())).ok)
                        }))
                    }
                    None => Val::Num(table.share(group)),
                },
                None => Val::Absent(None),
            },
            Expr::UnionVoteTable(args) => match self.union_table(args, scope) {
                Some(table) => Val::Str(Cow::Owned(table.describe(self.lang))),
                None => Val::Absent(None),
            },
            // Conditions used as values: an unknown one is an absent value.
            _ => {
                let o = self.test(e, scope);
                if o.unknown {
                    Val::Absent(None)
                } else {
                    Val::Bool(o.ok)
                }
            }
        }
    }

    fn union_table(
        &self,
        args: &'a crate::rules::expr::UnionArgs,
        scope: &Scope<'_, 'a>,
    ) -> Option<union::VoteTable> {
        let members = self.eval(&args.members, scope).items();
        let threshold = self.eval(&args.threshold, scope).num()?;
        let share = self.eval(&args.college_share, scope).num()?;
        union::VoteTable::compute(&members, threshold, share)
    }

    fn failed<'c>(&'c self, codes: &'c [String]) -> impl Iterator<Item = usize> + 'c {
        codes.iter().filter_map(move |c| {
            let i = self.set.index_of(c)?;
            (self.status.get(i).copied().flatten() == Some(Status::Fail)).then_some(i)
        })
    }

    fn switch(
        &self,
        on: &'a Expr,
        cases: &'a [(Lit, Expr)],
        default: Option<&'a Expr>,
        scope: &Scope<'_, 'a>,
    ) -> Option<&'a Expr> {
        let v = self.eval(on, scope);
        cases
            .iter()
            .find(|(lit, _)| v.equals(&Val::lit(lit)) == Some(true))
            .map(|(_, e)| e)
            .or(default)
    }

    fn arith(&self, op: Arith, args: &'a [Expr], scope: &Scope<'_, 'a>) -> Val<'a> {
        // The earliest or latest of dates (`max: [.entree, 2016-01-01]`).
        if matches!(op, Arith::Min | Arith::Max)
            && let Some(first) = args.first()
            && self.eval(first, scope).date().is_some()
        {
            let dates: Option<Vec<Date>> =
                args.iter().map(|a| self.eval(a, scope).date()).collect();
            let dates = dates.unwrap_or_default();
            let pick = if op == Arith::Min {
                dates.iter().min()
            } else {
                dates.iter().max()
            };
            return pick.map_or(Val::Absent(None), |d| Val::Date(*d));
        }
        let mut values = Vec::with_capacity(args.len());
        for a in args {
            match self.eval(a, scope).num() {
                Some(d) => values.push(d),
                None => return Val::Absent(None),
            }
        }
        let Some((&first, rest)) = values.split_first() else {
            return Val::Absent(None);
        };
        let result = rest.iter().try_fold(first, |acc, &x| match op {
            Arith::Add => acc.checked_add(x),
            Arith::Sub => acc.checked_sub(x),
            Arith::Mul => acc.checked_mul(x),
            Arith::Div => acc.checked_div(x),
            Arith::Min => Some(acc.min(x)),
            Arith::Max => Some(acc.max(x)),
        });
        result.map_or(Val::Absent(None), Val::Num)
    }

    /// The location of the first path inside an expression: what a failure of a computed
    /// value is shown on (`excedent_net` in `excedent_net × 15 %`).
    pub(crate) fn first_loc(&self, e: &'a Expr, scope: &Scope<'_, 'a>) -> Option<Loc<'a>> {
        if let Expr::Var(name) = e {
            // A named value is located where its own expression reads the dossier.
            return scope.var_expr(name).and_then(|v| self.first_loc(v, scope));
        }
        e.first_path().and_then(|p| self.path(p, scope).loc())
    }

    fn loc_of(&self, v: &Val<'a>, e: &'a Expr, scope: &Scope<'_, 'a>) -> Option<Loc<'a>> {
        v.loc().or_else(|| self.first_loc(e, scope))
    }

    /// Tests a condition, and says what failed.
    pub(crate) fn test(&self, e: &'a Expr, scope: &Scope<'_, 'a>) -> Outcome<'a> {
        match e {
            Expr::Cmp(op, a, b) => {
                let (va, vb) = (self.eval(a, scope), self.eval(b, scope));
                let ok = match op {
                    Cmp::Eq => va.equals(&vb) == Some(true),
                    Cmp::Ne => va.equals(&vb) == Some(false),
                    _ => match va.order(&vb) {
                        Some(o) => match op {
                            Cmp::Lt => o == Ordering::Less,
                            Cmp::Le => o != Ordering::Greater,
                            Cmp::Gt => o == Ordering::Greater,
                            _ => o != Ordering::Less,
                        },
                        None => false,
                    },
                };
                if ok {
                    return Outcome::pass();
                }
                Outcome::fail_if(
                    va.is_absent() || vb.is_absent(),
                    self.loc_of(&va, a, scope),
                    self.loc_of(&vb, b, scope),
                )
            }
            Expr::In(a, list) => {
                let v = self.eval(a, scope);
                let l = self.eval(list, scope);
                let ok = l.items().iter().any(|i| v.equals(i) == Some(true));
                let missing = v.is_absent() || l.is_absent();
                self.outcome(ok, missing, self.loc_of(&v, a, scope))
            }
            Expr::Contains(list, wanted) => {
                let l = self.eval(list, scope);
                let have = l.items();
                let w = self.eval(wanted, scope);
                let wanted: Vec<Val<'a>> = if w.is_list() { w.items() } else { vec![w] };
                let missing = l.is_absent() || wanted.iter().any(Val::is_absent);
                let ok = !missing
                    && wanted
                        .iter()
                        .all(|w| have.iter().any(|h| h.equals(w) == Some(true)));
                self.outcome(ok, missing, self.loc_of(&l, list, scope))
            }
            Expr::Defined(inner, want) => {
                let v = self.eval(inner, scope);
                let ok = v.is_absent() != *want;
                Outcome::from(ok, self.loc_of(&v, inner, scope), None)
            }
            Expr::Present(p) | Expr::Absent(p) | Expr::NotEmpty(p) => {
                let v = self.path(p, scope);
                let present = !v.is_absent();
                let ok = match e {
                    Expr::Present(_) => present,
                    Expr::Absent(_) => !present,
                    _ => present && not_empty(&v),
                };
                Outcome::from(ok, v.loc(), None)
            }
            Expr::Mentions(text, needle) => {
                let t = self.eval(text, scope);
                let n = self.eval(needle, scope);
                let ok = match (t.scalar(), n.scalar()) {
                    (Scalar::Str(t), Scalar::Str(n)) => fold(t).contains(&fold(n)),
                    _ => false,
                };
                let missing = t.is_absent() || n.is_absent();
                self.outcome(ok, missing, self.loc_of(&t, text, scope))
            }
            Expr::All(items) => Outcome::all(items.iter().map(|c| self.test(c, scope))),
            Expr::Any(items) => Outcome::any(items.iter().map(|c| self.test(c, scope))),
            // Three-valued: `not` of an unknown (a comparison on a missing value) stays unknown.
            Expr::Not(inner) => {
                let o = self.test(inner, scope);
                if o.ok {
                    Outcome::fail(self.first_loc(inner, scope), None)
                } else if o.unknown {
                    o
                } else {
                    Outcome::pass()
                }
            }
            Expr::Quant {
                q,
                list,
                filter,
                check,
            } => self.quantifier(*q, list, filter.as_deref(), check, scope),
            Expr::Switch { on, cases, default } => {
                match self.switch(on, cases, default.as_deref(), scope) {
                    Some(chosen) => self.test(chosen, scope),
                    None => {
                        let missing = self.eval(on, scope).is_absent();
                        Outcome::fail_if(missing, self.first_loc(on, scope), None)
                    }
                }
            }
            other => {
                let v = self.eval(other, scope);
                self.outcome(v.truthy(), v.is_absent(), self.loc_of(&v, other, scope))
            }
        }
    }

    /// True, or false (unknown when `missing`) shown at `at`.
    fn outcome(&self, ok: bool, missing: bool, at: Option<Loc<'a>>) -> Outcome<'a> {
        if ok {
            Outcome::pass()
        } else {
            Outcome::fail_if(missing, at, None)
        }
    }

    /// `each`, `some`, `none` over the items that pass `filter`, in three values: `each` is
    /// the conjunction of the checks, `some` their disjunction, `none` the negation of `some`.
    fn quantifier(
        &self,
        q: Quantifier,
        list: &'a Expr,
        filter: Option<&'a Expr>,
        check: &'a Expr,
        scope: &Scope<'_, 'a>,
    ) -> Outcome<'a> {
        let items = self.filtered(list, filter, scope);
        match q {
            Quantifier::Each => Outcome::all(items.into_iter().map(|item| {
                let o = self.test(check, &scope.child(item.clone()));
                let primary = o.culprit.primary.or_else(|| item.loc());
                Outcome {
                    culprit: Culprit {
                        primary,
                        secondary: o.culprit.secondary,
                    },
                    ..o
                }
            })),
            Quantifier::Some => {
                let o = Outcome::any(
                    items
                        .into_iter()
                        .map(|item| self.test(check, &scope.child(item))),
                );
                if o.ok {
                    return o;
                }
                let l = self.eval(list, scope);
                Outcome::fail_if(o.unknown, self.loc_of(&l, list, scope), None)
            }
            Quantifier::None => {
                let mut unknown = None;
                for item in items {
                    let child = scope.child(item.clone());
                    let o = self.test(check, &child);
                    if o.ok {
                        let primary = self.first_loc(check, &child).or_else(|| item.loc());
                        return Outcome::fail(primary, None);
                    }
                    if o.unknown {
                        unknown.get_or_insert(Outcome::unknown(
                            o.culprit.primary.or_else(|| item.loc()),
                            None,
                        ));
                    }
                }
                unknown.unwrap_or_else(Outcome::pass)
            }
        }
    }
}

fn not_empty(v: &Val<'_>) -> bool {
    match v.clone().resolve() {
        Val::Str(s) => !s.trim().is_empty(),
        Val::Node(n) => match &n.value {
            crate::load::Value::Seq(items) => !items.is_empty(),
            crate::load::Value::Map(entries) => !entries.is_empty(),
            _ => true,
        },
        Val::List(items) => !items.is_empty(),
        Val::Absent(_) => false,
        _ => true,
    }
}

/// Lower case without accents, for `mentions`.
fn fold(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' => 'a',
            'ç' => 'c',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' | 'í' | 'ì' => 'i',
            'ô' | 'ö' | 'ó' | 'ò' | 'õ' => 'o',
            'ù' | 'û' | 'ü' | 'ú' => 'u',
            'ÿ' => 'y',
            other => other,
        })
        .collect()
}

/// A parameter's value as an evaluated value (absent when it has none at the date).
fn param_val(v: Option<&ParamValue>) -> Val<'_> {
    match v {
        Some(ParamValue::Num(d)) => Val::Num(*d),
        Some(ParamValue::Date(d)) => Val::Date(*d),
        Some(ParamValue::Text(t)) => Val::Str(Cow::Borrowed(t)),
        Some(ParamValue::List(items)) => {
            Val::List(items.iter().map(|s| Val::Str(Cow::Borrowed(s))).collect())
        }
        None => Val::Absent(None),
    }
}

/// A date moved by a whole number of months or days; a fraction, or a date out of the
/// calendar's range, gives nothing (values come from the dossier: never a panic).
fn shift(d: Date, n: Decimal, unit: jiff::Unit) -> Option<Date> {
    if !n.fract().is_zero() {
        return None;
    }
    let n = rust_decimal::prelude::ToPrimitive::to_i32(&n)?;
    let span = match unit {
        jiff::Unit::Month => jiff::Span::new().try_months(n).ok()?,
        _ => jiff::Span::new().try_days(n).ok()?,
    };
    d.checked_add(span).ok()
}
