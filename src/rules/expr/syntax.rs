//! The syntax tree of the rule language (rules/README.md § 3–4): literals, paths, and the
//! compiled expressions the evaluator (`evaluate/eval.rs`) runs, with the walks over them.

use jiff::civil::Date;
use rust_decimal::Decimal;

/// A literal value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Lit {
    /// `~`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A decimal.
    Num(Decimal),
    /// A date.
    Date(Date),
    /// A text.
    Str(String),
}

/// Where a path starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Base {
    /// `/…`: the dossier's root.
    Root,
    /// `.…`: the current item.
    Item,
}

/// Which year's dossier a path reads (rules across years, `{ previous: … }`, `{ history: … }`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Year {
    /// The dossier judged.
    #[default]
    This,
    /// The same cooperative's previous dossier (a relative path: the same list item, matched by
    /// its identity — an entrepreneur's `id`, an exercice's `annee`, a member's `nom`).
    Previous,
    /// A list of the dossier judged followed by the earlier years' items it does not hold
    /// (matched by identity): the exercices known from this dossier and the previous ones.
    History,
}

/// A path in the dossier.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PathRef {
    /// Where it starts.
    pub base: Base,
    /// Which year's dossier it reads.
    pub year: Year,
    /// Its segments (keys or indices).
    pub segments: Vec<String>,
    /// As written.
    pub text: String,
}

/// What `{ context: … }` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ContextKey {
    /// The reference date.
    Date,
    /// The stage judged.
    Stage,
    /// `cooperative.pays`.
    Country,
    /// `type`.
    Type,
}

/// Arithmetic operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Arith {
    /// Sum.
    Add,
    /// Difference.
    Sub,
    /// Product.
    Mul,
    /// Quotient.
    Div,
    /// Smallest.
    Min,
    /// Largest.
    Max,
}

/// Comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cmp {
    /// `eq`.
    Eq,
    /// `ne`.
    Ne,
    /// `lt`.
    Lt,
    /// `le`.
    Le,
    /// `gt`.
    Gt,
    /// `ge`.
    Ge,
}

/// Quantifiers over a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Quantifier {
    /// Every item.
    Each,
    /// At least one item.
    Some,
    /// No item.
    None,
}

/// A compiled expression (a value or a condition).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Expr {
    /// A literal.
    Lit(Lit),
    /// A list of expressions.
    List(Vec<Expr>),
    /// A path in the dossier.
    Path(PathRef),
    /// A parameter, by index in the parameter table, at the reference date.
    Param(usize),
    /// A parameter at the date of an event (a contract's start): absent when the parameter had
    /// no value then, so that a text is applied to what happened while it was in force.
    ParamAt(usize, Box<Expr>),
    /// A `let` value.
    Var(String),
    /// The run's context.
    Context(ContextKey),
    /// Arithmetic.
    Arith(Arith, Vec<Expr>),
    /// Absolute value.
    Abs(Box<Expr>),
    /// Number of items.
    Count {
        /// The list.
        list: Box<Expr>,
        /// Items counted.
        filter: Option<Box<Expr>>,
    },
    /// Sum over items.
    Total {
        /// The list.
        list: Box<Expr>,
        /// The value summed.
        of: Box<Expr>,
        /// Items summed.
        filter: Option<Box<Expr>>,
    },
    /// Share of items (weighted by `of`) that meet `filter`.
    Share {
        /// The list.
        list: Box<Expr>,
        /// The weight.
        of: Option<Box<Expr>>,
        /// The items whose share is computed.
        filter: Option<Box<Expr>>,
    },
    /// Whole calendar months between two dates.
    Months(Box<Expr>, Box<Expr>),
    /// Whole days from the first date to the second.
    Days(Box<Expr>, Box<Expr>),
    /// A date plus a number of calendar months (the end of a month is kept: 31 January + 1
    /// month is the last day of February).
    AddMonths(Box<Expr>, Box<Expr>),
    /// A date plus a number of days (negative: before).
    AddDays(Box<Expr>, Box<Expr>),
    /// The day after a date: the end of a period given by its last day (`cape.fin`), for
    /// durations counted with both ends included.
    DayAfter(Box<Expr>),
    /// The first of these values that is present.
    Coalesce(Vec<Expr>),
    /// The year of a date.
    Year(Box<Expr>),
    /// A choice by value.
    Switch {
        /// The value.
        on: Box<Expr>,
        /// Value → expression.
        cases: Vec<(Lit, Expr)>,
        /// Otherwise.
        default: Option<Box<Expr>>,
    },
    /// Values absent from a list.
    Missing(Box<Expr>, Box<Expr>),
    /// The first item of a list whose fields equal values computed where the lookup is
    /// written (`by`: last year's exercice, `annee` = this one's − 1) and that meets `filter`;
    /// or `of` evaluated on it.
    Find {
        /// The list.
        list: Box<Expr>,
        /// Item field → value, the value evaluated in the enclosing scope.
        by: Vec<(PathRef, Expr)>,
        /// A condition on the item.
        filter: Option<Box<Expr>>,
        /// The value read from it, if any.
        of: Option<Box<Expr>>,
    },
    /// Number of these rules that failed.
    Failed(Vec<String>),
    /// Codes and titles of these rules that failed.
    FailedTitles(Vec<String>),
    /// Share of votes of a group of the union (UES statutes art. 18), or of the members that
    /// meet the args' `filter`.
    UnionVotes(Box<UnionArgs>, String),
    /// The union's vote table as text.
    UnionVoteTable(Box<UnionArgs>),
    /// A comparison.
    Cmp(Cmp, Box<Expr>, Box<Expr>),
    /// Value in a list.
    In(Box<Expr>, Box<Expr>),
    /// List contains a value (or all values of a list).
    Contains(Box<Expr>, Box<Expr>),
    /// The path has a value.
    Present(PathRef),
    /// The path has no value.
    Absent(PathRef),
    /// The path has a non-empty value.
    NotEmpty(PathRef),
    /// A computed value is present (`true`) or absent (`false`): `{ present: { param: …, at: … } }`.
    Defined(Box<Expr>, bool),
    /// Text contains a word, ignoring case and accents.
    Mentions(Box<Expr>, Box<Expr>),
    /// And.
    All(Vec<Expr>),
    /// Or.
    Any(Vec<Expr>),
    /// Not.
    Not(Box<Expr>),
    /// Each / some / none of a list's items.
    Quant {
        /// Which quantifier.
        q: Quantifier,
        /// The list.
        list: Box<Expr>,
        /// Items considered.
        filter: Option<Box<Expr>>,
        /// The condition on each item.
        check: Box<Expr>,
    },
}

/// Arguments of the union's vote computation.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct UnionArgs {
    /// The members list.
    pub members: Expr,
    /// Share of group B members above which the collège B is formed.
    pub threshold: Expr,
    /// Share of votes of the collège B.
    pub college_share: Expr,
    /// The members whose share of votes is computed (`where`), instead of a group.
    pub filter: Option<Expr>,
}

impl Expr {
    /// The direct sub-expressions.
    pub(crate) fn children(&self) -> Vec<&Expr> {
        let mut out: Vec<&Expr> = Vec::new();
        match self {
            Expr::Lit(_)
            | Expr::Path(_)
            | Expr::Param(_)
            | Expr::Var(_)
            | Expr::Context(_)
            | Expr::Failed(_)
            | Expr::FailedTitles(_)
            | Expr::Present(_)
            | Expr::Absent(_)
            | Expr::NotEmpty(_) => {}
            Expr::List(v) | Expr::Arith(_, v) | Expr::All(v) | Expr::Any(v) | Expr::Coalesce(v) => {
                out.extend(v)
            }
            Expr::Abs(a)
            | Expr::Year(a)
            | Expr::Not(a)
            | Expr::DayAfter(a)
            | Expr::ParamAt(_, a)
            | Expr::Defined(a, _) => out.push(a),
            Expr::Count { list, filter } => {
                out.push(list);
                out.extend(filter.as_deref());
            }
            Expr::Find {
                list,
                by,
                filter,
                of,
            } => {
                out.push(list);
                out.extend(by.iter().map(|(_, v)| v));
                out.extend(filter.as_deref());
                out.extend(of.as_deref());
            }
            Expr::Total { list, of, filter } => {
                out.push(list);
                out.push(of);
                out.extend(filter.as_deref());
            }
            Expr::Share { list, of, filter } => {
                out.push(list);
                out.extend(of.as_deref());
                out.extend(filter.as_deref());
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
                out.push(a);
                out.push(b);
            }
            Expr::Switch { on, cases, default } => {
                out.push(on);
                out.extend(cases.iter().map(|(_, e)| e));
                out.extend(default.as_deref());
            }
            Expr::UnionVotes(args, _) | Expr::UnionVoteTable(args) => {
                out.push(&args.members);
                out.push(&args.threshold);
                out.push(&args.college_share);
                out.extend(args.filter.as_ref());
            }
            Expr::Quant {
                list,
                filter,
                check,
                ..
            } => {
                out.push(list);
                out.extend(filter.as_deref());
                out.push(check);
            }
        }
        out
    }

    /// Visits this expression and all its sub-expressions, depth first.
    pub(crate) fn walk<'e>(&'e self, f: &mut dyn FnMut(&'e Expr)) {
        f(self);
        for c in self.children() {
            c.walk(f);
        }
    }

    /// How many list iterations nest in this expression: `count`, `sum`, `share`, `each` /
    /// `any` / `none` evaluate their condition once per item, so an expression of depth k costs
    /// n^k on a list of n items. The union's vote table goes over its members once.
    pub(crate) fn iteration_depth(&self) -> usize {
        let inner = |es: &[Option<&Expr>]| {
            es.iter()
                .flatten()
                .map(|e| e.iteration_depth())
                .max()
                .unwrap_or(0)
        };
        match self {
            Expr::Count { list, filter } => {
                list.iteration_depth().max(1 + inner(&[filter.as_deref()]))
            }
            Expr::Find {
                list,
                by,
                filter,
                of,
            } => list
                .iteration_depth()
                .max(
                    by.iter()
                        .map(|(_, v)| v.iteration_depth())
                        .max()
                        .unwrap_or(0),
                )
                .max(1 + inner(&[filter.as_deref(), of.as_deref()])),
            Expr::Total { list, of, filter } => list
                .iteration_depth()
                .max(1 + inner(&[Some(of), filter.as_deref()])),
            Expr::Share { list, of, filter } => list
                .iteration_depth()
                .max(1 + inner(&[of.as_deref(), filter.as_deref()])),
            Expr::Quant {
                list,
                filter,
                check,
                ..
            } => list
                .iteration_depth()
                .max(1 + inner(&[filter.as_deref(), Some(check)])),
            Expr::UnionVotes(..) | Expr::UnionVoteTable(..) => {
                1 + inner(&self.children().iter().map(|e| Some(*e)).collect::<Vec<_>>())
            }
            other => other
                .children()
                .into_iter()
                .map(Expr::iteration_depth)
                .max()
                .unwrap_or(0),
        }
    }

    /// The first path this expression reads, depth first.
    pub(crate) fn first_path(&self) -> Option<&PathRef> {
        match self {
            Expr::Path(p) | Expr::Present(p) | Expr::Absent(p) | Expr::NotEmpty(p) => Some(p),
            other => other.children().into_iter().find_map(Expr::first_path),
        }
    }
}
