//! The compiler of expressions from the JSON of a rule file: literals, paths, argument lists,
//! and the dispatch of an operation to its operator (`ops`); every mistake is reported at its
//! JSON pointer, with its code and a help.

use std::collections::{BTreeSet, HashMap};

use rust_decimal::Decimal;
use serde_json::Value as Json;

use super::ops::{self, OPERATORS};
use super::syntax::{Base, Expr, Lit, PathRef, UnionArgs, Year};
use crate::codes::Code;
use crate::lang::Lang;
use crate::load::scalar::parse_date;
use crate::rules::params::Parameter;
use crate::rules::shape::{Kind, Shape};
use crate::schema::messages::did_you_mean;
use crate::tr;

/// A mistake in a rule file, at a JSON pointer of that file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CompileError {
    /// Where, in the rule file.
    pub pointer: String,
    /// Stable code (`RF…`).
    pub code: Code,
    /// French message.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

/// Compiles expressions, collecting errors, used parameters and referenced rules.
pub(crate) struct Compiler<'p> {
    pub(super) params: &'p HashMap<String, usize>,
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
    pub(crate) fn new(
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
    pub(crate) fn expr(&mut self, json: &Json, pointer: &str) -> Expr {
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

    pub(super) fn string(&mut self, s: &str, pointer: &str) -> Expr {
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
    pub(crate) fn path(&mut self, s: &str, pointer: &str) -> Option<PathRef> {
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

    pub(super) fn args<'j>(
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

    pub(super) fn path_arg(&mut self, value: &Json, op: &str, pointer: &str) -> Option<PathRef> {
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

    pub(super) fn codes(&mut self, value: &Json, op: &str, pointer: &str) -> Vec<String> {
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

    pub(super) fn union_args(
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

    /// Compiles a mapping of one operation: finds its operator in the table, checks the
    /// options beside it, and hands it to the operator's compile function.
    fn operation(&mut self, map: &serde_json::Map<String, Json>, pointer: &str) -> Expr {
        let Some((key, op)) = map.keys().find_map(|k| ops::operator(k).map(|op| (k, op))) else {
            return self.unknown_operation(map, pointer);
        };
        for key in map.keys() {
            if key != op.name && !op.options.contains(&key.as_str()) {
                self.misplaced_option(op, key, pointer);
            }
        }
        let call = ops::Call {
            op,
            value: &map[key],
            map,
            pointer,
            at: format!("{pointer}/{}", op.name),
        };
        (op.compile)(self, &call)
    }

    fn unknown_operation(&mut self, map: &serde_json::Map<String, Json>, pointer: &str) -> Expr {
        let first = map.keys().next().cloned().unwrap_or_default();
        let names = OPERATORS.iter().map(|o| o.name);
        let help = match ops::synonym(&first).or_else(|| did_you_mean(&first, names)) {
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
        self.error(
            &format!("{pointer}/{}", crate::load::tree::escape_segment(&first)),
            Code::Rf001,
            tr!(
                self.lang,
                "opération inconnue : `{first}`",
                "unknown operation: `{first}`"
            ),
            Some(help),
        )
    }

    fn misplaced_option(&mut self, op: &ops::Operator, key: &str, pointer: &str) {
        let name = op.name;
        let help = if op.options.is_empty() {
            tr!(
                self.lang,
                "`{name}` s'écrit seul dans sa table",
                "`{name}` is written alone in its mapping"
            )
        } else {
            tr!(
                self.lang,
                "`{name}` accepte : {}",
                "`{name}` accepts: {}",
                op.options.join(", ")
            )
        };
        self.error(
            &format!("{pointer}/{}", crate::load::tree::escape_segment(key)),
            Code::Rf030,
            tr!(
                self.lang,
                "`{key}` n'a pas de sens à côté de `{name}`",
                "`{key}` makes no sense beside `{name}`"
            ),
            Some(help),
        );
    }
}
