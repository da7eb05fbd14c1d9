//! The expression language of the rules (rules/README.md §3–4): its syntax tree, and its
//! compiler from the JSON of a rule file, which reports every mistake at its JSON pointer.

use crate::codes::Code;
use crate::lang::Lang;
use crate::tr;
use std::collections::{BTreeSet, HashMap};

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde_json::Value as Json;

use super::params::Parameter;
use super::shape::{Kind, Shape};
use crate::load::scalar::parse_date;
use crate::schema::messages::did_you_mean;

/// A literal value.
#[derive(Debug, Clone, PartialEq)]
pub enum Lit {
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
pub enum Base {
    /// `/…`: the dossier's root.
    Root,
    /// `.…`: the current item.
    Item,
}

/// Which year's dossier a path reads (rules across years, `{ previous: … }`, `{ history: … }`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Year {
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
pub struct PathRef {
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
pub enum ContextKey {
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
pub enum Arith {
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
pub enum Cmp {
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
pub enum Quantifier {
    /// Every item.
    Each,
    /// At least one item.
    Some,
    /// No item.
    None,
}

/// A compiled expression (a value or a condition).
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
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
pub struct UnionArgs {
    /// The members list.
    pub members: Expr,
    /// Share of group B members above which the collège B is formed.
    pub threshold: Expr,
    /// Share of votes of the collège B.
    pub college_share: Expr,
    /// The members whose share of votes is computed (`where`), instead of a group.
    pub filter: Option<Expr>,
}

/// A mistake in a rule file, at a JSON pointer of that file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompileError {
    /// Where, in the rule file.
    pub pointer: String,
    /// Stable code (`RF…`).
    pub code: Code,
    /// French message.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

/// Names of the operators, for "did you mean".
pub const OPERATORS: &[&str] = &[
    "value",
    "param",
    "var",
    "context",
    "add",
    "sub",
    "mul",
    "div",
    "abs",
    "min",
    "max",
    "count",
    "total",
    "share",
    "months",
    "days",
    "add_months",
    "add_days",
    "day_after",
    "coalesce",
    "year",
    "previous",
    "history",
    "find",
    "switch",
    "missing",
    "failed",
    "failed_titles",
    "union_votes",
    "union_vote_table",
    "eq",
    "ne",
    "lt",
    "le",
    "gt",
    "ge",
    "in",
    "contains",
    "present",
    "absent",
    "not_empty",
    "mentions",
    "all",
    "any",
    "not",
    "each",
    "some",
    "none",
];

/// Operators of other languages that authors write from habit.
fn synonym(op: &str) -> Option<&'static str> {
    Some(match op {
        "gte" | ">=" | "min_value" => "ge",
        "lte" | "<=" | "max_value" => "le",
        ">" => "gt",
        "<" => "lt",
        "==" | "=" | "equals" | "is" => "eq",
        "!=" | "<>" | "neq" => "ne",
        "and" | "et" | "tous" => "all",
        "or" | "ou" => "any",
        "exists" | "existe" | "has" => "present",
        "forall" | "every" | "chaque" => "each",
        "sum" | "plus" => "add",
        "one_of" | "among" => "in",
        _ => return None,
    })
}

/// Option keys an operator accepts besides its own.
fn options_of(op: &str) -> &'static [&'static str] {
    match op {
        "count" => &["where"],
        "find" => &["by", "where", "of"],
        "total" => &["of", "where"],
        "share" => &["of", "where"],
        "each" | "some" | "none" => &["where", "check"],
        "switch" => &["cases", "default"],
        "param" => &["at"],
        _ => &[],
    }
}

/// Compiles expressions, collecting errors, used parameters and referenced rules.
pub struct Compiler<'p> {
    params: &'p HashMap<String, usize>,
    /// The parameters themselves (their units and values, for the checks against the format).
    pub(crate) param_info: &'p [Parameter],
    /// Variables visible (the rule's `let` names).
    pub vars: BTreeSet<String>,
    /// What each variable holds, as far as known (see `typecheck`).
    pub(crate) var_kinds: HashMap<String, Kind>,
    /// The schema of the current list item, innermost last (`None`: not known, as for a list
    /// computed by the rule); empty outside any list.
    pub(crate) items: Vec<Option<Shape>>,
    /// Paths already followed in the schema, by where they start and how they read: a rule
    /// asks for the same path several times (its check, its kinds, its message).
    pub(crate) shapes: std::cell::RefCell<HashMap<(usize, String), Option<Shape>>>,
    /// Errors found so far.
    pub errors: Vec<CompileError>,
    /// Parameters used.
    pub used_params: BTreeSet<usize>,
    /// Rules referenced by `failed` / `failed_titles`, with where.
    pub rule_refs: Vec<(String, String)>,
    /// The language of the errors (`--lang`).
    pub(crate) lang: Lang,
}

impl<'p> Compiler<'p> {
    /// A compiler that knows these parameters (by name, and as loaded).
    pub fn new(
        params: &'p HashMap<String, usize>,
        param_info: &'p [Parameter],
        lang: Lang,
    ) -> Self {
        Compiler {
            params,
            param_info,
            vars: BTreeSet::new(),
            var_kinds: HashMap::new(),
            items: Vec::new(),
            shapes: std::cell::RefCell::new(HashMap::new()),
            errors: Vec::new(),
            used_params: BTreeSet::new(),
            rule_refs: Vec::new(),
            lang,
        }
    }

    pub(crate) fn error(
        &mut self,
        pointer: &str,
        code: Code,
        message: String,
        help: Option<String>,
    ) -> Expr {
        self.errors.push(CompileError {
            pointer: pointer.to_string(),
            code,
            message,
            help,
        });
        Expr::Lit(Lit::Null)
    }

    /// Compiles an expression found at `pointer`.
    pub fn expr(&mut self, json: &Json, pointer: &str) -> Expr {
        match json {
            Json::Null => Expr::Lit(Lit::Null),
            Json::Bool(b) => Expr::Lit(Lit::Bool(*b)),
            Json::Number(n) => match n.to_string().parse::<Decimal>() {
                Ok(d) => Expr::Lit(Lit::Num(d)),
                Err(_) => self.error(
                    pointer,
                    Code::Rf025,
                    tr!(
                        self.lang,
                        "nombre illisible : {n}",
                        "unreadable number: {n}"
                    ),
                    None,
                ),
            },
            Json::String(s) => self.string(s, pointer),
            Json::Array(items) => Expr::List(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| self.expr(item, &format!("{pointer}/{i}")))
                    .collect(),
            ),
            Json::Object(map) => self.operation(map, pointer),
        }
    }

    fn string(&mut self, s: &str, pointer: &str) -> Expr {
        if s.starts_with('/') || s.starts_with('.') {
            match self.path(s, pointer) {
                Some(p) => Expr::Path(p),
                None => Expr::Lit(Lit::Null),
            }
        } else if let Some(d) = parse_date(s) {
            Expr::Lit(Lit::Date(d))
        } else {
            Expr::Lit(Lit::Str(s.to_string()))
        }
    }

    /// Compiles a path (`/a/b`, `.a/b`, `.`).
    pub fn path(&mut self, s: &str, pointer: &str) -> Option<PathRef> {
        let (base, rest) = if let Some(rest) = s.strip_prefix('/') {
            (Base::Root, rest)
        } else if let Some(rest) = s.strip_prefix('.') {
            (Base::Item, rest)
        } else {
            self.error(
                pointer,
                Code::Rf005,
                tr!(self.lang, "« {s} » n'est pas un chemin", "\"{s}\" is not a path"),
                Some(self.lang.pick("un chemin commence par / (depuis la racine du dossier) ou par . (depuis l'élément courant)", "a path starts with / (from the dossier's root) or . (from the current item)").into()),
            );
            return None;
        };
        let segments: Vec<String> = if rest.is_empty() {
            Vec::new()
        } else {
            rest.split('/').map(str::to_string).collect()
        };
        if segments.iter().any(String::is_empty) || (base == Base::Root && segments.is_empty()) {
            self.error(
                pointer,
                Code::Rf005,
                tr!(self.lang, "chemin invalide : « {s} »", "invalid path: \"{s}\""),
                Some(self.lang.pick("séparez les clés par un seul /, par exemple /statuts/dotation_reserves_min ou .excedent_net", "separate keys with a single /, for example /statuts/dotation_reserves_min or .excedent_net").into()),
            );
            return None;
        }
        let path = PathRef {
            base,
            year: Year::This,
            segments,
            text: s.to_string(),
        };
        self.check_path(&path, pointer);
        Some(path)
    }

    fn args<'j>(
        &mut self,
        value: &'j Json,
        n: Option<usize>,
        op: &str,
        pointer: &str,
    ) -> Option<&'j [Json]> {
        let ok = match value {
            Json::Array(items) => match n {
                Some(n) => items.len() == n,
                None => !items.is_empty(),
            },
            _ => false,
        };
        if !ok {
            let lang = self.lang;
            let wanted = match n {
                Some(2) => tr!(
                    lang,
                    "une liste de deux expressions, par exemple [.a, .b]",
                    "a list of two expressions, for example [.a, .b]"
                ),
                Some(k) => tr!(
                    lang,
                    "une liste de {k} expressions",
                    "a list of {k} expressions"
                ),
                None => tr!(
                    lang,
                    "une liste d'au moins une expression",
                    "a list of at least one expression"
                ),
            };
            self.error(
                pointer,
                Code::Rf026,
                tr!(lang, "`{op}` attend {wanted}", "`{op}` expects {wanted}"),
                Some(tr!(lang, "écrivez `{op}: [...]`", "write `{op}: [...]`")),
            );
            return None;
        }
        value.as_array().map(Vec::as_slice)
    }

    fn two(&mut self, value: &Json, op: &str, pointer: &str) -> Option<(Expr, Expr)> {
        let items = self.args(value, Some(2), op, pointer)?;
        let a = self.expr(&items[0], &format!("{pointer}/0"));
        let b = self.expr(&items[1], &format!("{pointer}/1"));
        Some((a, b))
    }

    fn many(&mut self, value: &Json, op: &str, pointer: &str) -> Vec<Expr> {
        match self.args(value, None, op, pointer) {
            Some(items) => items
                .iter()
                .enumerate()
                .map(|(i, it)| self.expr(it, &format!("{pointer}/{i}")))
                .collect(),
            None => Vec::new(),
        }
    }

    fn path_arg(&mut self, value: &Json, op: &str, pointer: &str) -> Option<PathRef> {
        match value.as_str() {
            Some(s) => self.path(s, pointer),
            None => {
                self.error(
                    pointer,
                    Code::Rf027,
                    tr!(
                        self.lang,
                        "`{op}` attend un chemin (/… ou .…)",
                        "`{op}` expects a path (/… or .…)"
                    ),
                    None,
                );
                None
            }
        }
    }

    fn codes(&mut self, value: &Json, op: &str, pointer: &str) -> Vec<String> {
        let items = self.args(value, None, op, pointer).unwrap_or_default();
        let mut codes = Vec::new();
        for (i, item) in items.iter().enumerate() {
            match item.as_str() {
                Some(c) => {
                    self.rule_refs
                        .push((c.to_string(), format!("{pointer}/{i}")));
                    codes.push(c.to_string());
                }
                None => {
                    self.error(
                        &format!("{pointer}/{i}"),
                        Code::Rf028,
                        self.lang
                            .pick("un code de règle est attendu", "a rule code is expected")
                            .into(),
                        None,
                    );
                }
            }
        }
        codes
    }

    fn union_args(
        &mut self,
        value: &Json,
        op: &str,
        pointer: &str,
        with_group: bool,
    ) -> Option<(UnionArgs, String)> {
        let Some(map) = value.as_object() else {
            self.error(
                pointer,
                Code::Rf026,
                tr!(
                    self.lang,
                    "`{op}` attend une table {{ members, threshold, college_share{} }}",
                    "`{op}` expects a mapping {{ members, threshold, college_share{} }}",
                    if with_group {
                        self.lang.pick(", group ou where", ", group or where")
                    } else {
                        ""
                    }
                ),
                None,
            );
            return None;
        };
        let get = |c: &mut Self, key: &str| -> Expr {
            match map.get(key) {
                Some(v) => c.expr(v, &format!("{pointer}/{key}")),
                None => c.error(
                    pointer,
                    Code::Rf029,
                    tr!(
                        c.lang,
                        "`{op}` : il manque `{key}`",
                        "`{op}`: `{key}` is missing"
                    ),
                    None,
                ),
            }
        };
        let members = get(self, "members");
        let threshold = get(self, "threshold");
        let college_share = get(self, "college_share");
        // `where` is a condition on each member: its paths are relative to a member.
        let filter = match (with_group, map.get("where")) {
            (true, Some(w)) => {
                let item = self.item_of(&members);
                Some(self.within(item, |c| c.expr(w, &format!("{pointer}/where"))))
            }
            _ => None,
        };
        let group = match (with_group, map.get("group"), &filter) {
            (false, _, _) => String::new(),
            (true, Some(Json::String(g)), None) if g == "A" || g == "B" => g.clone(),
            (true, None, Some(_)) => String::new(),
            (true, _, _) => {
                self.error(
                    pointer,
                    Code::Rf031,
                    tr!(self.lang, "`{op}` : `group` vaut A ou B, ou bien `where` choisit les sociétaires (l'un ou l'autre)", "`{op}`: `group` is A or B, or else `where` chooses the members (one or the other)"),
                    None,
                );
                String::new()
            }
        };
        let allowed: &[&str] = if with_group {
            &["members", "threshold", "college_share", "group", "where"]
        } else {
            &["members", "threshold", "college_share"]
        };
        for key in map.keys() {
            if !allowed.contains(&key.as_str()) {
                self.error(
                    &format!("{pointer}/{key}"),
                    Code::Rf030,
                    tr!(
                        self.lang,
                        "`{op}` ne connaît pas `{key}`",
                        "`{op}` does not know `{key}`"
                    ),
                    None,
                );
            }
        }
        let args = UnionArgs {
            members,
            threshold,
            college_share,
            filter,
        };
        Some((args, group))
    }

    fn operation(&mut self, map: &serde_json::Map<String, Json>, pointer: &str) -> Expr {
        let Some(op) = map
            .keys()
            .find(|k| OPERATORS.contains(&k.as_str()))
            .cloned()
        else {
            let first = map.keys().next().cloned().unwrap_or_default();
            let help =
                match synonym(&first).or_else(|| did_you_mean(&first, OPERATORS.iter().copied())) {
                    Some(s) => tr!(
                        self.lang,
                        "vouliez-vous écrire `{s}` ? (voir rules/README.md § 4)",
                        "did you mean `{s}`? (see rules/README.md § 4)"
                    ),
                    None => tr!(
                        self.lang,
                        "les opérations sont décrites dans rules/README.md § 4",
                        "the operations are described in rules/README.md § 4"
                    ),
                };
            return self.error(
                &format!("{pointer}/{}", crate::load::tree::escape_segment(&first)),
                Code::Rf001,
                tr!(
                    self.lang,
                    "opération inconnue : `{first}`",
                    "unknown operation: `{first}`"
                ),
                Some(help),
            );
        };
        let allowed = options_of(&op);
        for key in map.keys() {
            if key != &op && !allowed.contains(&key.as_str()) {
                let help = if allowed.is_empty() {
                    tr!(
                        self.lang,
                        "`{op}` s'écrit seul dans sa table",
                        "`{op}` is written alone in its mapping"
                    )
                } else {
                    tr!(
                        self.lang,
                        "`{op}` accepte : {}",
                        "`{op}` accepts: {}",
                        allowed.join(", ")
                    )
                };
                self.error(
                    &format!("{pointer}/{}", crate::load::tree::escape_segment(key)),
                    Code::Rf030,
                    tr!(
                        self.lang,
                        "`{key}` n'a pas de sens à côté de `{op}`",
                        "`{key}` makes no sense beside `{op}`"
                    ),
                    Some(help),
                );
            }
        }
        let value = &map[&op];
        let p = format!("{pointer}/{op}");
        let opt = |c: &mut Self, key: &str| -> Option<Box<Expr>> {
            map.get(key)
                .map(|v| Box::new(c.expr(v, &format!("{pointer}/{key}"))))
        };
        match op.as_str() {
            "value" => match value {
                Json::String(s) => Expr::Lit(Lit::Str(s.clone())),
                other => self.expr(other, &p),
            },
            "param" => {
                match value
                    .as_str()
                    .and_then(|name| self.params.get(name).copied().map(|i| (name, i)))
                {
                    Some((_, index)) => {
                        self.used_params.insert(index);
                        match map.get("at") {
                            Some(at) => Expr::ParamAt(
                                index,
                                Box::new(self.expr(at, &format!("{pointer}/at"))),
                            ),
                            None => Expr::Param(index),
                        }
                    }
                    None => {
                        let name = value.as_str().unwrap_or_default().to_string();
                        let help = match did_you_mean(&name, self.params.keys().map(String::as_str))
                        {
                            Some(s) => tr!(
                                self.lang,
                                "vouliez-vous écrire `{s}` ? Les paramètres sont déclarés dans parameters.yaml",
                                "did you mean `{s}`? Parameters are declared in parameters.yaml"
                            ),
                            None => tr!(
                                self.lang,
                                "déclarez-le dans parameters.yaml, avec sa valeur datée et sa source",
                                "declare it in parameters.yaml, with its dated value and its source"
                            ),
                        };
                        self.error(
                            &p,
                            Code::Rf003,
                            tr!(
                                self.lang,
                                "paramètre inconnu : `{name}`",
                                "unknown parameter: `{name}`"
                            ),
                            Some(help),
                        )
                    }
                }
            }
            "var" => {
                let name = value.as_str().unwrap_or_default().to_string();
                if self.vars.contains(&name) {
                    Expr::Var(name)
                } else {
                    let help = match did_you_mean(&name, self.vars.iter().map(String::as_str)) {
                        Some(s) => tr!(
                            self.lang,
                            "vouliez-vous écrire `{s}` ?",
                            "did you mean `{s}`?"
                        ),
                        None => tr!(
                            self.lang,
                            "nommez la valeur dans le `let` de la règle",
                            "name the value in the rule's `let`"
                        ),
                    };
                    self.error(
                        &p,
                        Code::Rf004,
                        tr!(
                            self.lang,
                            "valeur nommée inconnue : `{name}`",
                            "unknown named value: `{name}`"
                        ),
                        Some(help),
                    )
                }
            }
            "context" => match value.as_str() {
                Some("date") => Expr::Context(ContextKey::Date),
                Some("stage") => Expr::Context(ContextKey::Stage),
                Some("country") => Expr::Context(ContextKey::Country),
                Some("type") => Expr::Context(ContextKey::Type),
                _ => self.error(
                    &p,
                    Code::Rf006,
                    self.lang
                        .pick(
                            "`context` vaut date, stage, country ou type",
                            "`context` is date, stage, country or type",
                        )
                        .into(),
                    None,
                ),
            },
            "add" | "mul" | "min" | "max" => {
                let kind = match op.as_str() {
                    "add" => Arith::Add,
                    "mul" => Arith::Mul,
                    "min" => Arith::Min,
                    _ => Arith::Max,
                };
                Expr::Arith(kind, self.many(value, &op, &p))
            }
            "sub" | "div" => match self.two(value, &op, &p) {
                Some((a, b)) => Expr::Arith(
                    if op == "sub" { Arith::Sub } else { Arith::Div },
                    vec![a, b],
                ),
                None => Expr::Lit(Lit::Null),
            },
            "abs" => Expr::Abs(Box::new(self.expr(value, &p))),
            "day_after" => Expr::DayAfter(Box::new(self.expr(value, &p))),
            "coalesce" => Expr::Coalesce(self.many(value, &op, &p)),
            "year" => Expr::Year(Box::new(self.expr(value, &p))),
            "previous" | "history" => match self.path_arg(value, &op, &p) {
                Some(mut path) => {
                    if op == "history" && path.base != Base::Root {
                        self.error(
                            &p,
                            Code::Rf026,
                            "`history` attend le chemin absolu d'une liste (/exercices)".into(),
                            None,
                        );
                    }
                    path.year = if op == "previous" {
                        Year::Previous
                    } else {
                        Year::History
                    };
                    Expr::Path(path)
                }
                None => Expr::Lit(Lit::Null),
            },
            "find" => {
                let by_json = map.get("by").and_then(Json::as_object);
                if by_json.is_none() && !map.contains_key("where") {
                    return self.error(
                        pointer,
                        Code::Rf029,
                        "`find` attend `by` (champ de l'élément → valeur) ou `where` : l'élément cherché".into(),
                        None,
                    );
                }
                let list = self.expr(value, &p);
                let item = self.list_item(&list, &p);
                let mut by = Vec::new();
                for (k, v) in by_json.into_iter().flatten() {
                    let at = format!("{pointer}/by/{}", crate::load::tree::escape_segment(k));
                    // The value is computed where the lookup is written; the key is the item's.
                    let value = self.expr(v, &at);
                    if let Some(key) = self.within(item, |c| c.path(&format!(".{k}"), &at)) {
                        by.push((key, value));
                    }
                }
                self.within(item, |c| Expr::Find {
                    list: Box::new(list),
                    by,
                    filter: opt(c, "where"),
                    of: opt(c, "of"),
                })
            }
            "not" => Expr::Not(Box::new(self.expr(value, &p))),
            "count" => {
                let list = self.expr(value, &p);
                let item = self.list_item(&list, &p);
                Expr::Count {
                    list: Box::new(list),
                    filter: self.within(item, |c| opt(c, "where")),
                }
            }
            "total" => match map.get("of") {
                Some(of) => {
                    let list = self.expr(value, &p);
                    let item = self.list_item(&list, &p);
                    self.within(item, |c| Expr::Total {
                        list: Box::new(list),
                        of: Box::new(c.expr(of, &format!("{pointer}/of"))),
                        filter: opt(c, "where"),
                    })
                }
                None => self.error(
                    pointer,
                    Code::Rf029,
                    self.lang
                        .pick(
                            "`total` attend `of` : la valeur à additionner",
                            "`total` expects `of`: the value to add up",
                        )
                        .into(),
                    None,
                ),
            },
            "share" => {
                if !map.contains_key("where") {
                    self.error(
                        pointer,
                        Code::Rf029,
                        self.lang
                            .pick(
                                "`share` attend `where` : les éléments dont on calcule la part",
                                "`share` expects `where`: the items whose share is computed",
                            )
                            .into(),
                        None,
                    );
                }
                let list = self.expr(value, &p);
                let item = self.list_item(&list, &p);
                self.within(item, |c| Expr::Share {
                    list: Box::new(list),
                    of: opt(c, "of"),
                    filter: opt(c, "where"),
                })
            }
            "months" | "days" | "add_months" | "add_days" | "missing" | "eq" | "ne" | "lt"
            | "le" | "gt" | "ge" | "in" | "contains" | "mentions" => {
                let Some((a, b)) = self.two(value, &op, &p) else {
                    return Expr::Lit(Lit::Null);
                };
                // Against the dossier's format: enumerated values, dates against numbers.
                self.check_operands(&op, &a, &b, &p);
                let (a, b) = (Box::new(a), Box::new(b));
                match op.as_str() {
                    "months" => Expr::Months(a, b),
                    "days" => Expr::Days(a, b),
                    "add_months" => Expr::AddMonths(a, b),
                    "add_days" => Expr::AddDays(a, b),
                    "missing" => Expr::Missing(a, b),
                    "in" => Expr::In(a, b),
                    "contains" => Expr::Contains(a, b),
                    "mentions" => Expr::Mentions(a, b),
                    cmp => Expr::Cmp(
                        match cmp {
                            "eq" => Cmp::Eq,
                            "ne" => Cmp::Ne,
                            "lt" => Cmp::Lt,
                            "le" => Cmp::Le,
                            "gt" => Cmp::Gt,
                            _ => Cmp::Ge,
                        },
                        a,
                        b,
                    ),
                }
            }
            "switch" => {
                let on = Box::new(self.expr(value, &p));
                let mut cases = Vec::new();
                match map.get("cases").and_then(Json::as_object) {
                    Some(c) => {
                        for (k, v) in c {
                            let lit = match self.string(k, &format!("{pointer}/cases")) {
                                Expr::Lit(l) => l,
                                _ => Lit::Str(k.clone()),
                            };
                            let case_ptr =
                                format!("{pointer}/cases/{}", crate::load::tree::escape_segment(k));
                            cases.push((lit, self.expr(v, &case_ptr)));
                        }
                    }
                    None => {
                        self.error(
                            pointer,
                            Code::Rf029,
                            self.lang
                                .pick(
                                    "`switch` attend `cases` : une table valeur → expression",
                                    "`switch` expects `cases`: a mapping value → expression",
                                )
                                .into(),
                            None,
                        );
                    }
                }
                self.check_cases(&on, &cases, pointer);
                Expr::Switch {
                    on,
                    cases,
                    default: opt(self, "default"),
                }
            }
            "failed" => Expr::Failed(self.codes(value, &op, &p)),
            "failed_titles" => Expr::FailedTitles(self.codes(value, &op, &p)),
            "union_votes" => match self.union_args(value, &op, &p, true) {
                Some((args, group)) => Expr::UnionVotes(Box::new(args), group),
                None => Expr::Lit(Lit::Null),
            },
            "union_vote_table" => match self.union_args(value, &op, &p, false) {
                Some((args, _)) => Expr::UnionVoteTable(Box::new(args)),
                None => Expr::Lit(Lit::Null),
            },
            // `present` and `absent` also take a computed value (a parameter at an event's date).
            "present" | "absent" if value.is_object() => {
                Expr::Defined(Box::new(self.expr(value, &p)), op == "present")
            }
            "present" | "absent" | "not_empty" => match self.path_arg(value, &op, &p) {
                Some(path) => match op.as_str() {
                    "present" => Expr::Present(path),
                    "absent" => Expr::Absent(path),
                    _ => Expr::NotEmpty(path),
                },
                None => Expr::Lit(Lit::Null),
            },
            "all" => Expr::All(self.many(value, &op, &p)),
            "any" => Expr::Any(self.many(value, &op, &p)),
            "each" | "some" | "none" => {
                let q = match op.as_str() {
                    "each" => Quantifier::Each,
                    "some" => Quantifier::Some,
                    _ => Quantifier::None,
                };
                let list = self.expr(value, &p);
                let item = self.list_item(&list, &p);
                self.within(item, |c| {
                    let check = match map.get("check") {
                        Some(ch) => Box::new(c.expr(ch, &format!("{pointer}/check"))),
                        None => Box::new(c.error(
                            pointer,
                            Code::Rf029,
                            tr!(
                                c.lang,
                                "`{op}` attend `check` : la condition sur chaque élément",
                                "`{op}` expects `check`: the condition on each item"
                            ),
                            None,
                        )),
                    };
                    Expr::Quant {
                        q,
                        list: Box::new(list),
                        filter: opt(c, "where"),
                        check,
                    }
                })
            }
            _ => self.error(
                &p,
                Code::Rf001,
                tr!(
                    self.lang,
                    "opération inconnue : `{op}`",
                    "unknown operation: `{op}`"
                ),
                None,
            ),
        }
    }
}

impl Expr {
    /// The direct sub-expressions.
    pub fn children(&self) -> Vec<&Expr> {
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
    pub fn walk<'e>(&'e self, f: &mut dyn FnMut(&'e Expr)) {
        f(self);
        for c in self.children() {
            c.walk(f);
        }
    }

    /// How many list iterations nest in this expression: `count`, `sum`, `share`, `each` /
    /// `any` / `none` evaluate their condition once per item, so an expression of depth k costs
    /// n^k on a list of n items. The union's vote table goes over its members once.
    pub fn iteration_depth(&self) -> usize {
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
    pub fn first_path(&self) -> Option<&PathRef> {
        match self {
            Expr::Path(p) | Expr::Present(p) | Expr::Absent(p) | Expr::NotEmpty(p) => Some(p),
            other => other.children().into_iter().find_map(Expr::first_path),
        }
    }
}
