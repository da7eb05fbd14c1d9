//! The rule compiler's checks against the dossier format (`shape`): every path a rule reads is
//! defined by the dossier schema, an enumerated field is compared only with values it can take,
//! and a date is never compared with a number. Each mistake is a located rule-file error with a
//! "did you mean"; without these checks a misspelt path loads, then tells every dossier to add a
//! key that does not exist.

use super::expr::{Arith, Base, CompileError, Compiler, ContextKey, Expr, Lit, PathRef};
use super::params::ParamValue;
use super::shape::{Enum, Kind, PathError, Shape};
use crate::codes::Code;
use crate::lang::Lang;
use crate::schema::messages::did_you_mean;
use crate::tr;

/// An unknown path, or a path below a value that has no keys.
const UNKNOWN_PATH: Code = Code::Rf020;
/// A value an enumerated field can never take.
const IMPOSSIBLE_VALUE: Code = Code::Rf021;
/// Two values of kinds that never compare (a date and a number).
const KIND_MISMATCH: Code = Code::Rf022;

impl Compiler<'_> {
    fn push_error(&mut self, pointer: &str, code: Code, message: String, help: String) {
        self.errors.push(CompileError {
            pointer: pointer.to_string(),
            code,
            message,
            help: Some(help),
        });
    }

    /// Where a path starts in the schema: the dossier, or the current list item (`None` when
    /// that item's schema is not known).
    fn start_of(&self, path: &PathRef) -> Result<Option<Shape>, ()> {
        match path.base {
            Base::Root => Ok(Some(Shape::root())),
            Base::Item => self.items.last().copied().ok_or(()),
        }
    }

    /// The schema of the value a path reads, when known.
    pub(crate) fn path_shape(&self, path: &PathRef) -> Option<Shape> {
        let start = self.start_of(path).ok().flatten()?;
        let key = (start.id(), path.text.clone());
        if let Some(known) = self.shapes.borrow().get(&key) {
            return *known;
        }
        let found = start.follow(&path.segments).ok();
        self.shapes.borrow_mut().insert(key, found);
        found
    }

    /// Checks that the dossier schema defines the path.
    pub(crate) fn check_path(&mut self, path: &PathRef, pointer: &str) {
        let start = match self.start_of(path) {
            Ok(Some(s)) => s,
            Ok(None) => return,
            Err(()) => {
                let text = &path.text;
                let message = tr!(
                    self.lang,
                    "le chemin relatif « {text} » est lu hors de toute liste : il n'a pas d'élément courant",
                    "the relative path \"{text}\" is read outside any list: it has no current item"
                );
                let help = self.lang.pick(
                    "un chemin qui commence par . se lit dans `for_each` ou dans la condition d'un \
                     parcours (each, some, none, count, total, share) ; ailleurs, écrivez le chemin \
                     depuis la racine du dossier (/…)",
                    "a path that starts with . is read in `for_each` or in the condition of a walk \
                     over a list (each, some, none, count, total, share); elsewhere, write the path \
                     from the dossier's root (/…)",
                );
                return self.push_error(pointer, UNKNOWN_PATH, message, help.into());
            }
        };
        // Known paths are remembered (the rule reads them again for their kinds).
        if self.path_shape(path).is_some() {
            return;
        }
        if let Err(e) = start.follow(&path.segments) {
            let (message, help) = describe(path, &e, self.lang);
            self.push_error(pointer, UNKNOWN_PATH, message, help);
        }
    }

    /// Compiles with `item` as the current list item.
    pub(crate) fn within<T>(&mut self, item: Option<Shape>, f: impl FnOnce(&mut Self) -> T) -> T {
        self.items.push(item);
        let out = f(self);
        self.items.pop();
        out
    }

    /// The schema of a list's items; a path to a value that is not a list is an error.
    pub(crate) fn list_item(&mut self, list: &Expr, pointer: &str) -> Option<Shape> {
        let Expr::Path(path) = list else {
            return None;
        };
        let shape = self.path_shape(path)?;
        match shape.kind() {
            Kind::List => shape.items(),
            Kind::Unknown => None,
            other => {
                let (text, kind) = (&path.text, other.name(self.lang));
                let message = tr!(
                    self.lang,
                    "« {text} » n'est pas une liste dans le format du dossier : c'est {kind}",
                    "\"{text}\" is not a list in the dossier format: it is {kind}"
                );
                let help = self.lang.pick(
                    "un parcours (for_each, each, some, none, count, total, share) lit une liste, \
                     par exemple /entrepreneurs ou /exercices",
                    "a walk over a list (for_each, each, some, none, count, total, share) reads a \
                     list, for example /entrepreneurs or /exercices",
                );
                self.push_error(pointer, UNKNOWN_PATH, message, help.into());
                None
            }
        }
    }

    /// The same as [`Self::list_item`], for the item of the rule's `for_each`.
    pub(crate) fn item_of(&mut self, list: &Expr) -> Option<Shape> {
        match list {
            Expr::Path(p) => self.path_shape(p).and_then(Shape::items),
            _ => None,
        }
    }

    /// What an expression yields, as far as the format and the parameters' units say.
    pub(crate) fn kind_of(&self, e: &Expr) -> Kind {
        match e {
            Expr::Lit(l) => match l {
                Lit::Null => Kind::Unknown,
                Lit::Bool(_) => Kind::Bool,
                Lit::Num(_) => Kind::Number,
                Lit::Date(_) => Kind::Date,
                Lit::Str(_) => Kind::Text(None),
            },
            Expr::List(_) | Expr::Missing(..) | Expr::FailedTitles(_) => Kind::List,
            Expr::Path(p) => self.path_shape(p).map_or(Kind::Unknown, Shape::kind),
            Expr::Param(i) | Expr::ParamAt(i, _) => self.param_kind(*i),
            Expr::Var(name) => self.var_kinds.get(name).cloned().unwrap_or(Kind::Unknown),
            Expr::Context(ContextKey::Date) => Kind::Date,
            Expr::Context(_) | Expr::UnionVoteTable(_) => Kind::Text(None),
            Expr::Arith(Arith::Min | Arith::Max, args) => match args.first() {
                Some(first) if self.kind_of(first) == Kind::Date => Kind::Date,
                Some(first) if self.kind_of(first) == Kind::Unknown => Kind::Unknown,
                _ => Kind::Number,
            },
            Expr::Arith(..)
            | Expr::Abs(_)
            | Expr::Count { .. }
            | Expr::Total { .. }
            | Expr::Share { .. }
            | Expr::Months(..)
            | Expr::Days(..)
            | Expr::Year(_)
            | Expr::Failed(_)
            | Expr::UnionVotes(..) => Kind::Number,
            Expr::AddMonths(..) | Expr::AddDays(..) | Expr::DayAfter(_) => Kind::Date,
            // An item of a list, or a value read from it in the item's scope: not known here.
            Expr::Find { .. } => Kind::Unknown,
            Expr::Coalesce(items) => items
                .iter()
                .map(|i| self.kind_of(i))
                .find(|k| *k != Kind::Unknown)
                .unwrap_or(Kind::Unknown),
            Expr::Switch { cases, default, .. } => {
                let mut kinds = cases
                    .iter()
                    .map(|(_, e)| e)
                    .chain(default.as_deref())
                    .map(|e| self.kind_of(e));
                match kinds.next() {
                    Some(first) if kinds.all(|k| k == first) => first,
                    _ => Kind::Unknown,
                }
            }
            _ => Kind::Bool,
        }
    }

    fn param_kind(&self, i: usize) -> Kind {
        match self.param_info.get(i).map(|p| p.unit.as_str()) {
            Some("rate" | "months" | "amount" | "count") => Kind::Number,
            Some("date") => Kind::Date,
            Some("list") => Kind::List,
            Some("text") => Kind::Text(None),
            _ => Kind::Unknown,
        }
    }

    /// The values an enumerated path can take, if the expression is such a path.
    fn enum_values<'e>(&self, e: &'e Expr) -> Option<(&'e PathRef, Enum)> {
        match e {
            Expr::Path(p) => match self.path_shape(p)?.kind() {
                Kind::Text(Some(values)) => Some((p, values)),
                _ => None,
            },
            _ => None,
        }
    }

    /// The values of a list of an enumerated field's items (`/accompagnement/domaines` if its
    /// items were enumerated).
    fn item_enum_values<'e>(&self, e: &'e Expr) -> Option<(&'e PathRef, Enum)> {
        match e {
            Expr::Path(p) => match self.path_shape(p)?.items()?.kind() {
                Kind::Text(Some(values)) => Some((p, values)),
                _ => None,
            },
            _ => None,
        }
    }

    /// Checks the two operands of a binary operation (`op` at `pointer`).
    pub(crate) fn check_operands(&mut self, op: &str, a: &Expr, b: &Expr, pointer: &str) {
        match op {
            "eq" | "ne" | "lt" | "le" | "gt" | "ge" => {
                let (ka, kb) = (self.kind_of(a), self.kind_of(b));
                if ka.incompatible(&kb) {
                    let (da, db) = (self.describe_operand(a, &ka), self.describe_operand(b, &kb));
                    let message = tr!(
                        self.lang,
                        "`{op}` compare {da} à {db} : la comparaison serait toujours fausse",
                        "`{op}` compares {da} with {db}: the comparison would always be false"
                    );
                    let help = self.lang.pick(
                        "comparez des valeurs de même nature : deux dates (une date et \
                         { context: date }, ou { add_months: [date, n] }), deux nombres \
                         ({ months: [date, date] } compte les mois entre deux dates)",
                        "compare values of the same kind: two dates (a date and \
                         { context: date }, or { add_months: [date, n] }), two numbers \
                         ({ months: [date, date] } counts the months between two dates)",
                    );
                    self.push_error(pointer, KIND_MISMATCH, message, help.into());
                }
                if matches!(op, "eq" | "ne") {
                    self.check_value(a, b, &format!("{pointer}/1"));
                    self.check_value(b, a, &format!("{pointer}/0"));
                }
            }
            "in" => self.check_values(a, b, &format!("{pointer}/1")),
            "contains" => {
                if let Some((path, values)) = self.item_enum_values(a) {
                    let path = path.clone();
                    self.check_literals(&path, values, b, &format!("{pointer}/1"));
                }
            }
            "months" | "days" => {
                for (e, i) in [(a, 0), (b, 1)] {
                    self.expect_date(op, e, &format!("{pointer}/{i}"));
                }
            }
            "add_months" | "add_days" => {
                self.expect_date(op, a, &format!("{pointer}/0"));
                let kb = self.kind_of(b);
                if !matches!(kb, Kind::Number | Kind::Unknown) {
                    let db = self.describe_operand(b, &kb);
                    let message = tr!(
                        self.lang,
                        "`{op}` ajoute un nombre à une date, pas {db}",
                        "`{op}` adds a number to a date, not {db}"
                    );
                    let help = tr!(
                        self.lang,
                        "écrivez `{op}: [date, nombre]`",
                        "write `{op}: [date, number]`"
                    );
                    self.push_error(&format!("{pointer}/1"), KIND_MISMATCH, message, help);
                }
            }
            _ => {}
        }
    }

    fn expect_date(&mut self, op: &str, e: &Expr, pointer: &str) {
        let k = self.kind_of(e);
        if !matches!(k, Kind::Date | Kind::Text(None) | Kind::Unknown) {
            let de = self.describe_operand(e, &k);
            let message = tr!(
                self.lang,
                "`{op}` compte le temps entre des dates, pas {de}",
                "`{op}` counts the time between dates, not {de}"
            );
            let help = self.lang.pick(
                "donnez une date du dossier (/periode/fin, .entree…), { context: date } ou un \
                 paramètre de type date",
                "give a date of the dossier (/periode/fin, .entree…), { context: date } or a \
                 parameter of unit date",
            );
            self.push_error(pointer, KIND_MISMATCH, message, help.into());
        }
    }

    fn describe_operand(&self, e: &Expr, kind: &Kind) -> String {
        let name = kind.name(self.lang);
        match e {
            Expr::Path(p) => format!("{name} ({})", p.text),
            Expr::Param(i) | Expr::ParamAt(i, _) => match self.param_info.get(*i) {
                Some(p) => {
                    let param = &p.name;
                    tr!(
                        self.lang,
                        "{name} (le paramètre {param})",
                        "{name} (the parameter {param})"
                    )
                }
                None => name.to_string(),
            },
            Expr::Lit(Lit::Num(d)) => format!("{name} ({d})"),
            Expr::Lit(Lit::Date(d)) => format!("{name} ({d})"),
            _ => name.to_string(),
        }
    }

    /// `value` compared with `field` for equality: when `field` is enumerated, `value` (a
    /// literal text) must be one of its values.
    fn check_value(&mut self, field: &Expr, value: &Expr, pointer: &str) {
        if let Some((path, values)) = self.enum_values(field) {
            let path = path.clone();
            self.check_literals(&path, values, value, pointer);
        }
    }

    /// `list` is what `field` is looked up in (`in`).
    fn check_values(&mut self, field: &Expr, list: &Expr, pointer: &str) {
        if let Some((path, values)) = self.enum_values(field) {
            let path = path.clone();
            self.check_literals(&path, values, list, pointer);
        }
    }

    /// Every literal text in `e` (a text, a list of texts, a list parameter's values at every
    /// date) must be one of `values`.
    fn check_literals(&mut self, path: &PathRef, values: Enum, e: &Expr, pointer: &str) {
        match e {
            Expr::Lit(Lit::Str(s)) => self.check_literal(path, values, s, pointer),
            Expr::List(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.check_literals(path, values, item, &format!("{pointer}/{i}"));
                }
            }
            Expr::Param(i) | Expr::ParamAt(i, _) => {
                let Some(param) = self.param_info.get(*i) else {
                    return;
                };
                let texts: Vec<String> = param
                    .values
                    .iter()
                    .flat_map(|(_, v)| match v {
                        ParamValue::List(items) => items.clone(),
                        ParamValue::Text(t) => vec![t.clone()],
                        _ => Vec::new(),
                    })
                    .collect();
                let name = param.name.clone();
                for t in texts.iter().filter(|t| !values.contains(t)) {
                    let text = &path.text;
                    let message = tr!(
                        self.lang,
                        "le paramètre {name} contient « {t} », une valeur que {text} ne prend jamais",
                        "the parameter {name} holds \"{t}\", a value {text} never takes"
                    );
                    let help = suggestion(t, values, self.lang);
                    self.push_error(pointer, IMPOSSIBLE_VALUE, message, help);
                }
            }
            _ => {}
        }
    }

    fn check_literal(&mut self, path: &PathRef, values: Enum, s: &str, pointer: &str) {
        if !values.contains(s) {
            let text = &path.text;
            let message = tr!(
                self.lang,
                "{text} ne prend jamais la valeur « {s} » dans le format du dossier",
                "{text} never takes the value \"{s}\" in the dossier format"
            );
            let help = suggestion(s, values, self.lang);
            self.push_error(pointer, IMPOSSIBLE_VALUE, message, help);
        }
    }

    /// The keys of a `switch` on an enumerated field are values it can take (`true` and
    /// `false` are the keys of a switch on a condition).
    pub(crate) fn check_cases(&mut self, on: &Expr, cases: &[(Lit, Expr)], pointer: &str) {
        let Some((path, values)) = self.enum_values(on) else {
            return;
        };
        let path = path.clone();
        for (lit, _) in cases {
            if let Lit::Str(s) = lit {
                let at = format!("{pointer}/cases/{}", crate::load::tree::escape_segment(s));
                self.check_literal(&path, values, s, &at);
            }
        }
    }
}

fn suggestion(s: &str, values: Enum, lang: Lang) -> String {
    let values = values.names();
    let list = values.join(", ");
    match did_you_mean(s, values.iter().map(String::as_str)) {
        Some(v) => tr!(
            lang,
            "vouliez-vous écrire `{v}` ? Valeurs possibles : {list}",
            "did you mean `{v}`? Possible values: {list}"
        ),
        None => tr!(
            lang,
            "valeurs possibles : {list}",
            "possible values: {list}"
        ),
    }
}

/// The message and help of a path that does not fit the schema.
fn describe(path: &PathRef, e: &PathError, lang: Lang) -> (String, String) {
    let seg = &path.segments[e.segment];
    let text = &path.text;
    let above = if e.segment == 0 {
        match path.base {
            Base::Root => lang
                .pick("la racine du dossier", "the dossier's root")
                .to_string(),
            Base::Item => lang
                .pick("l'élément courant", "the current item")
                .to_string(),
        }
    } else {
        let prefix = path.segments[..e.segment].join("/");
        match path.base {
            Base::Root => format!("/{prefix}"),
            Base::Item => format!(".{prefix}"),
        }
    };
    if e.keys.is_empty() {
        let parent = e.parent.name(lang);
        let message = tr!(
            lang,
            "chemin inconnu du format du dossier : « {text} » — {above} est {parent}, sans clé `{seg}`",
            "path unknown to the dossier format: \"{text}\" — {above} is {parent}, without key `{seg}`"
        );
        let help = lang.pick(
            "cooplabel schema dossier montre le format ; un indice de liste s'écrit en chiffres (/entrepreneurs/0)",
            "cooplabel schema dossier shows the format; a list index is written in digits (/entrepreneurs/0)",
        );
        return (message, help.into());
    }
    let message = tr!(
        lang,
        "chemin inconnu du format du dossier : « {text} » — {above} n'a pas de clé `{seg}`",
        "path unknown to the dossier format: \"{text}\" — {above} has no key `{seg}`"
    );
    let keys = e.keys.join(", ");
    let help = match did_you_mean(seg, e.keys.iter().map(String::as_str)) {
        Some(k) => tr!(
            lang,
            "vouliez-vous écrire `{k}` ? Clés possibles ici : {keys}",
            "did you mean `{k}`? Possible keys here: {keys}"
        ),
        None => tr!(
            lang,
            "clés possibles ici : {keys}",
            "possible keys here: {keys}"
        ),
    };
    (message, help)
}
