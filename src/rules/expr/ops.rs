//! The operators of the rule language, each declared once in [`OPERATORS`]: its name, how it
//! takes its argument, its options, what it gives, its documentation, and the function that
//! compiles it. The compiler dispatches through this table; the rule-file schema's expression
//! part ([`schema_expr`]) and the operator tables of `rules/README.md` ([`readme_table`]) are
//! generated from it, and `tests/operators.rs` fails when the committed ones are stale.
//!
//! Adding an operator: a row here with its compile function, its `Expr` variant and
//! evaluation (`evaluate/eval.rs`), and its tests (CONTRIBUTING.md « add an operator »).

use serde_json::{Map, Value as Json, json};

use super::{Arith, Base, Cmp, Compiler, ContextKey, Expr, Lit, PathRef, Quantifier, Year};
use crate::codes::Code;
use crate::schema::messages::did_you_mean;
use crate::tr;

/// What an argument or a result is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Type {
    /// A decimal number (an amount, a rate, a count).
    Number,
    /// A date.
    Date,
    /// A text.
    Text,
    /// A condition: true, false or unknown (rules/README.md § 3).
    Condition,
    /// A list.
    List,
    /// Any value.
    Any,
}

impl Type {
    /// Its name in the documentation.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Type::Number => "nombre",
            Type::Date => "date",
            Type::Text => "texte",
            Type::Condition => "condition",
            Type::List => "liste",
            Type::Any => "valeur",
        }
    }
}

/// How an operator takes the value of its key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Args {
    /// One expression.
    One(Type),
    /// A list of exactly two expressions.
    Two(Type, Type),
    /// A list of at least one expression.
    Many(Type),
    /// A path (`/…` or `.…`).
    Path,
    /// A path, or a computed value (`present`, `absent`).
    PathOrValue,
    /// A list of rule codes.
    Codes,
    /// A name: of a parameter, a `let` value, a context key.
    Name,
    /// A value taken as it is written.
    Literal,
    /// A mapping of named arguments.
    Mapping(&'static [&'static str]),
}

impl Args {
    /// How many expressions a list argument holds (`None`: at least one), for the operators
    /// whose argument is a list of expressions.
    fn arity(self) -> Option<Option<usize>> {
        match self {
            Args::Two(..) => Some(Some(2)),
            Args::Many(_) => Some(None),
            _ => None,
        }
    }

    /// Its description in the documentation.
    pub(crate) fn describe(self) -> String {
        match self {
            Args::One(t) => t.name().into(),
            Args::Two(a, b) => format!("[{}, {}]", a.name(), b.name()),
            Args::Many(t) => format!("[{}, …]", t.name()),
            Args::Path => "chemin".into(),
            Args::PathOrValue => "chemin ou valeur calculée".into(),
            Args::Codes => "[code de règle, …]".into(),
            Args::Name => "nom".into(),
            Args::Literal => "valeur".into(),
            Args::Mapping(keys) => format!("{{ {} }}", keys.join(", ")),
        }
    }
}

/// Where an operator is documented: values or conditions (rules/README.md § 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// It computes a value.
    Value,
    /// It is a condition.
    Condition,
}

/// One operator of the rule language.
pub struct Operator {
    /// Its key in a rule file.
    pub name: &'static str,
    /// How it takes the value of its key.
    pub(crate) args: Args,
    /// The other keys its mapping accepts (`where`, `of`…).
    pub options: &'static [&'static str],
    /// What it gives.
    pub(crate) result: Type,
    /// Where it is documented.
    pub section: Section,
    /// How it is written, as an example.
    pub example: &'static str,
    /// What it does, in French (rules/README.md).
    pub doc: &'static str,
    /// What it does, in English (the schema's `x-help-en`).
    pub doc_en: &'static str,
    /// Its compilation from a rule file.
    pub(crate) compile: fn(&mut Compiler<'_>, &Call<'_>) -> Expr,
}

/// An operator found in a rule file, being compiled.
pub(crate) struct Call<'j> {
    /// Its declaration.
    pub op: &'static Operator,
    /// The value of its key.
    pub value: &'j Json,
    /// Its whole mapping (its options).
    pub map: &'j Map<String, Json>,
    /// Where its mapping is, in the rule file.
    pub pointer: &'j str,
    /// Where the value of its key is.
    pub at: String,
}

impl Call<'_> {
    /// An option (`where`, `of`…), compiled in the compiler's current scope.
    pub(crate) fn option(&self, c: &mut Compiler<'_>, key: &str) -> Option<Box<Expr>> {
        self.map
            .get(key)
            .map(|v| Box::new(c.expr(v, &format!("{}/{key}", self.pointer))))
    }

    /// The operand expressions, checked against the operator's arity (an error and `None` when
    /// the list is wrong); a single expression for `Args::One`.
    pub(crate) fn operands(&self, c: &mut Compiler<'_>) -> Option<Vec<Expr>> {
        let name = self.op.name;
        match self.op.args.arity() {
            Some(n) => {
                let items = c.args(self.value, n, name, &self.at)?;
                Some(
                    items
                        .iter()
                        .enumerate()
                        .map(|(i, it)| c.expr(it, &format!("{}/{i}", self.at)))
                        .collect(),
                )
            }
            None => Some(vec![c.expr(self.value, &self.at)]),
        }
    }

    /// The single operand of an `Args::One` operator.
    fn one(&self, c: &mut Compiler<'_>) -> Box<Expr> {
        Box::new(c.expr(self.value, &self.at))
    }

    /// The two operands, checked against the dossier's format (`check_operands`).
    fn pair(&self, c: &mut Compiler<'_>) -> Option<(Box<Expr>, Box<Expr>)> {
        let mut v = self.operands(c)?;
        let (b, a) = (v.pop()?, v.pop()?);
        c.check_operands(self.op.name, &a, &b, &self.at);
        Some((Box::new(a), Box::new(b)))
    }

    /// A list and the compiler's scope moved into its items, for `where`, `of`, `check`.
    fn over_list<T>(
        &self,
        c: &mut Compiler<'_>,
        f: impl FnOnce(&mut Compiler<'_>, Box<Expr>) -> T,
    ) -> T {
        let list = c.expr(self.value, &self.at);
        let item = c.list_item(&list, &self.at);
        c.within(item, |c| f(c, Box::new(list)))
    }

    /// The error of a missing option (`total` without `of`…).
    fn missing(&self, c: &mut Compiler<'_>, fr: &str, en: &str) -> Expr {
        let message = c.lang.pick(fr, en).to_string();
        c.error(self.pointer, Code::Rf029, message, None)
    }
}

const NULL: Expr = Expr::Lit(Lit::Null);

/// Every operator of the rule language, in the order of the documentation.
pub const OPERATORS: &[Operator] = &[
    Operator {
        name: "param",
        args: Args::Name,
        options: &["at"],
        result: Type::Any,
        section: Section::Value,
        example: "{ param: scop.reserve_legale.taux_min }",
        doc: "le paramètre à la date de référence (§ 5) ; avec `at: date` (`{ param: cae.periode_essai_max_mois, at: .contrat_debut }`), à la date d'un événement, absent si le texte n'existait pas encore ce jour-là",
        doc_en: "the parameter at the reference date (§ 5); with `at: date`, at the date of an event, absent if the text did not exist yet that day",
        compile: param,
    },
    Operator {
        name: "var",
        args: Args::Name,
        options: &[],
        result: Type::Any,
        section: Section::Value,
        example: "{ var: minimum }",
        doc: "une valeur nommée par `let`",
        doc_en: "a value named by `let`",
        compile: var,
    },
    Operator {
        name: "context",
        args: Args::Name,
        options: &[],
        result: Type::Any,
        section: Section::Value,
        example: "{ context: date }",
        doc: "la date de référence ; aussi `stage`, `country`, `type`",
        doc_en: "the reference date; also `stage`, `country`, `type`",
        compile: context,
    },
    Operator {
        name: "value",
        args: Args::Literal,
        options: &[],
        result: Type::Any,
        section: Section::Value,
        example: "{ value: X }",
        doc: "X tel quel (littéral) : `{ value: \"/texte\" }` est un texte, pas un chemin",
        doc_en: "X as written (a literal): `{ value: \"/text\" }` is a text, not a path",
        compile: value,
    },
    Operator {
        name: "add",
        args: Args::Many(Type::Number),
        options: &[],
        result: Type::Number,
        section: Section::Value,
        example: "{ add: [a, b, …] }",
        doc: "somme, en décimaux exacts",
        doc_en: "sum, in exact decimals",
        compile: |c, call| arith(c, call, Arith::Add),
    },
    Operator {
        name: "sub",
        args: Args::Two(Type::Number, Type::Number),
        options: &[],
        result: Type::Number,
        section: Section::Value,
        example: "{ sub: [a, b] }",
        doc: "différence",
        doc_en: "difference",
        compile: |c, call| arith(c, call, Arith::Sub),
    },
    Operator {
        name: "mul",
        args: Args::Many(Type::Number),
        options: &[],
        result: Type::Number,
        section: Section::Value,
        example: "{ mul: [a, b, …] }",
        doc: "produit",
        doc_en: "product",
        compile: |c, call| arith(c, call, Arith::Mul),
    },
    Operator {
        name: "div",
        args: Args::Two(Type::Number, Type::Number),
        options: &[],
        result: Type::Number,
        section: Section::Value,
        example: "{ div: [a, b] }",
        doc: "quotient ; une division par zéro est absente",
        doc_en: "quotient; a division by zero is absent",
        compile: |c, call| arith(c, call, Arith::Div),
    },
    Operator {
        name: "abs",
        args: Args::One(Type::Number),
        options: &[],
        result: Type::Number,
        section: Section::Value,
        example: "{ abs: a }",
        doc: "valeur absolue",
        doc_en: "absolute value",
        compile: |c, call| Expr::Abs(call.one(c)),
    },
    Operator {
        name: "min",
        args: Args::Many(Type::Any),
        options: &[],
        result: Type::Any,
        section: Section::Value,
        example: "{ min: [a, b, …] }",
        doc: "le plus petit de ces nombres, ou la plus ancienne de ces dates",
        doc_en: "the smallest of these numbers, or the earliest of these dates",
        compile: |c, call| arith(c, call, Arith::Min),
    },
    Operator {
        name: "max",
        args: Args::Many(Type::Any),
        options: &[],
        result: Type::Any,
        section: Section::Value,
        example: "{ max: [a, b, …] }",
        doc: "le plus grand de ces nombres, ou la plus récente de ces dates",
        doc_en: "the largest of these numbers, or the latest of these dates",
        compile: |c, call| arith(c, call, Arith::Max),
    },
    Operator {
        name: "count",
        args: Args::One(Type::List),
        options: &["where"],
        result: Type::Number,
        section: Section::Value,
        example: "{ count: LISTE, where: C }",
        doc: "nombre d'éléments (qui vérifient `C`, facultatif)",
        doc_en: "number of items (that meet `C`, optional)",
        compile: count,
    },
    Operator {
        name: "total",
        args: Args::One(Type::List),
        options: &["of", "where"],
        result: Type::Number,
        section: Section::Value,
        example: "{ total: LISTE, of: E, where: C }",
        doc: "somme de `E` sur les éléments (qui vérifient `C`)",
        doc_en: "sum of `E` over the items (that meet `C`)",
        compile: total,
    },
    Operator {
        name: "share",
        args: Args::One(Type::List),
        options: &["of", "where"],
        result: Type::Number,
        section: Section::Value,
        example: "{ share: LISTE, of: E, where: C }",
        doc: "part des éléments qui vérifient `C` : en nombre, ou pondérée par `E` (`of` facultatif) — part des voix, du capital ; absente si le total est nul",
        doc_en: "share of the items that meet `C`: by number, or weighted by `E` (`of` optional) — share of votes, of capital; absent if the total is zero",
        compile: share,
    },
    Operator {
        name: "months",
        args: Args::Two(Type::Date, Type::Date),
        options: &[],
        result: Type::Number,
        section: Section::Value,
        example: "{ months: [début, fin] }",
        doc: "nombre de mois entiers du calendrier entre deux dates",
        doc_en: "number of whole calendar months between two dates",
        compile: |c, call| binary(c, call, Expr::Months),
    },
    Operator {
        name: "days",
        args: Args::Two(Type::Date, Type::Date),
        options: &[],
        result: Type::Number,
        section: Section::Value,
        example: "{ days: [début, fin] }",
        doc: "nombre de jours de la première date à la seconde",
        doc_en: "number of days from the first date to the second",
        compile: |c, call| binary(c, call, Expr::Days),
    },
    Operator {
        name: "add_months",
        args: Args::Two(Type::Date, Type::Number),
        options: &[],
        result: Type::Date,
        section: Section::Value,
        example: "{ add_months: [date, n] }",
        doc: "la date décalée de n mois du calendrier (le 31 janvier + 1 mois est le dernier jour de février)",
        doc_en: "the date moved by n calendar months (31 January + 1 month is the last day of February)",
        compile: |c, call| binary(c, call, Expr::AddMonths),
    },
    Operator {
        name: "add_days",
        args: Args::Two(Type::Date, Type::Number),
        options: &[],
        result: Type::Date,
        section: Section::Value,
        example: "{ add_days: [date, n] }",
        doc: "la date décalée de n jours (n négatif : en arrière)",
        doc_en: "the date moved by n days (n negative: backwards)",
        compile: |c, call| binary(c, call, Expr::AddDays),
    },
    Operator {
        name: "day_after",
        args: Args::One(Type::Date),
        options: &[],
        result: Type::Date,
        section: Section::Value,
        example: "{ day_after: date }",
        doc: "le lendemain : la fin d'une période donnée par son dernier jour (`{ days: [.cape/debut, { day_after: .cape/fin }] }` compte ses deux bouts)",
        doc_en: "the day after: the end of a period given by its last day (both ends counted)",
        compile: |c, call| Expr::DayAfter(call.one(c)),
    },
    Operator {
        name: "coalesce",
        args: Args::Many(Type::Any),
        options: &[],
        result: Type::Any,
        section: Section::Value,
        example: "{ coalesce: [a, b, …] }",
        doc: "la première de ces valeurs qui est présente (`.contrat_debut`, à défaut `.entree`)",
        doc_en: "the first of these values that is present",
        compile: |c, call| Expr::Coalesce(call.operands(c).unwrap_or_default()),
    },
    Operator {
        name: "year",
        args: Args::One(Type::Date),
        options: &[],
        result: Type::Number,
        section: Section::Value,
        example: "{ year: date }",
        doc: "l'année d'une date",
        doc_en: "the year of a date",
        compile: |c, call| Expr::Year(call.one(c)),
    },
    Operator {
        name: "previous",
        args: Args::Path,
        options: &[],
        result: Type::Any,
        section: Section::Value,
        example: "{ previous: /exercices }",
        doc: "la valeur au même chemin dans le **dossier précédent** de la même coopérative (dans le lot, ou `--previous`) ; absente sans dossier précédent. Un chemin relatif (`{ previous: .entree }` dans un parcours de `/entrepreneurs`) lit l'élément qui est le même l'an dernier : l'entrepreneur de même `id`, l'exercice de même `annee`, le sociétaire ou partenaire de même `nom` — jamais le même rang de liste",
        doc_en: "the value at the same path in the same cooperative's **previous dossier** (in the batch, or `--previous`); absent without a previous dossier. A relative path reads the item that is the same last year (same `id`, `annee` or `nom`), never the same rank",
        compile: |c, call| year_path(c, call, Year::Previous),
    },
    Operator {
        name: "history",
        args: Args::Path,
        options: &[],
        result: Type::List,
        section: Section::Value,
        example: "{ history: /exercices }",
        doc: "les éléments de cette liste dans ce dossier, puis ceux des dossiers précédents de la coopérative qu'il ne donne pas (reconnus par `annee`, `id`, `nom`) : les exercices connus de toutes les années",
        doc_en: "the items of this list in this dossier, then those of the cooperative's previous dossiers it does not hold (known by `annee`, `id`, `nom`): the exercices known from every year",
        compile: |c, call| year_path(c, call, Year::History),
    },
    Operator {
        name: "find",
        args: Args::One(Type::List),
        options: &["by", "where", "of"],
        result: Type::Any,
        section: Section::Value,
        example: "{ find: LISTE, by: { annee: { sub: [.annee, 1] } }, of: .reserve_legale }",
        doc: "le premier élément de la liste dont les champs de `by` valent les valeurs données — calculées là où `find` est écrit (ici, l'exercice de l'année d'avant celui qu'on parcourt) —, et qui vérifie `where` s'il est donné ; avec `of`, la valeur lue dans cet élément ; absent si aucun ne convient",
        doc_en: "the first item of the list whose `by` fields equal the given values — computed where `find` is written — and that meets `where` if given; with `of`, the value read in that item; absent if none fits",
        compile: find,
    },
    Operator {
        name: "switch",
        args: Args::One(Type::Any),
        options: &["cases", "default"],
        result: Type::Any,
        section: Section::Value,
        example: "{ switch: E, cases: { valeur: E1, … }, default: E0 }",
        doc: "selon la valeur de `E`",
        doc_en: "by the value of `E`",
        compile: switch,
    },
    Operator {
        name: "missing",
        args: Args::Two(Type::List, Type::List),
        options: &[],
        result: Type::List,
        section: Section::Value,
        example: "{ missing: [LISTE, [a, b]] }",
        doc: "les valeurs de `[a, b]` absentes de `LISTE` (pour un message)",
        doc_en: "the values of `[a, b]` absent from `LIST` (for a message)",
        compile: |c, call| binary(c, call, Expr::Missing),
    },
    Operator {
        name: "failed",
        args: Args::Codes,
        options: &[],
        result: Type::Number,
        section: Section::Value,
        example: "{ failed: [PT001, PT002] }",
        doc: "nombre de ces règles en échec (non couvertes par une dérogation)",
        doc_en: "number of these rules that failed (not covered by a waiver)",
        compile: |c, call| Expr::Failed(c.codes(call.value, call.op.name, &call.at)),
    },
    Operator {
        name: "failed_titles",
        args: Args::Codes,
        options: &[],
        result: Type::List,
        section: Section::Value,
        example: "{ failed_titles: [PT001, PT002] }",
        doc: "leurs codes et titres, pour le message",
        doc_en: "their codes and titles, for the message",
        compile: |c, call| Expr::FailedTitles(c.codes(call.value, call.op.name, &call.at)),
    },
    Operator {
        name: "union_votes",
        args: Args::Mapping(&["members", "group", "where", "threshold", "college_share"]),
        options: &[],
        result: Type::Number,
        section: Section::Value,
        example: "{ union_votes: { members: /societaires, group: A, threshold: P, college_share: P } }",
        doc: "la part des voix du groupe A ou B selon l'article 18 des statuts de l'UES (collège B) ; avec `where: C` au lieu de `group`, la part des voix des sociétaires qui vérifient `C`",
        doc_en: "the share of votes of group A or B under article 18 of the UES statutes (collège B); with `where: C` instead of `group`, the share of votes of the members that meet `C`",
        compile: |c, call| match c.union_args(call.value, call.op.name, &call.at, true) {
            Some((args, group)) => Expr::UnionVotes(Box::new(args), group),
            None => NULL,
        },
    },
    Operator {
        name: "union_vote_table",
        args: Args::Mapping(&["members", "threshold", "college_share"]),
        options: &[],
        result: Type::Text,
        section: Section::Value,
        example: "{ union_vote_table: { members: /societaires, threshold: P, college_share: P } }",
        doc: "le tableau des voix correspondant, en texte",
        doc_en: "the matching table of votes, as text",
        compile: |c, call| match c.union_args(call.value, call.op.name, &call.at, false) {
            Some((args, _)) => Expr::UnionVoteTable(Box::new(args)),
            None => NULL,
        },
    },
    Operator {
        name: "eq",
        args: Args::Two(Type::Any, Type::Any),
        options: &[],
        result: Type::Condition,
        section: Section::Condition,
        example: "{ eq: [a, b] }",
        doc: "`a` égale `b` : nombres, dates, textes, booléens",
        doc_en: "`a` equals `b`: numbers, dates, texts, booleans",
        compile: |c, call| compare(c, call, Cmp::Eq),
    },
    Operator {
        name: "ne",
        args: Args::Two(Type::Any, Type::Any),
        options: &[],
        result: Type::Condition,
        section: Section::Condition,
        example: "{ ne: [a, b] }",
        doc: "`a` diffère de `b`",
        doc_en: "`a` differs from `b`",
        compile: |c, call| compare(c, call, Cmp::Ne),
    },
    Operator {
        name: "lt",
        args: Args::Two(Type::Any, Type::Any),
        options: &[],
        result: Type::Condition,
        section: Section::Condition,
        example: "{ lt: [a, b] }",
        doc: "`a` < `b` : nombres, dates ou textes",
        doc_en: "`a` < `b`: numbers, dates or texts",
        compile: |c, call| compare(c, call, Cmp::Lt),
    },
    Operator {
        name: "le",
        args: Args::Two(Type::Any, Type::Any),
        options: &[],
        result: Type::Condition,
        section: Section::Condition,
        example: "{ le: [a, b] }",
        doc: "`a` ≤ `b`",
        doc_en: "`a` ≤ `b`",
        compile: |c, call| compare(c, call, Cmp::Le),
    },
    Operator {
        name: "gt",
        args: Args::Two(Type::Any, Type::Any),
        options: &[],
        result: Type::Condition,
        section: Section::Condition,
        example: "{ gt: [a, b] }",
        doc: "`a` > `b`",
        doc_en: "`a` > `b`",
        compile: |c, call| compare(c, call, Cmp::Gt),
    },
    Operator {
        name: "ge",
        args: Args::Two(Type::Any, Type::Any),
        options: &[],
        result: Type::Condition,
        section: Section::Condition,
        example: "{ ge: [a, b] }",
        doc: "`a` ≥ `b`",
        doc_en: "`a` ≥ `b`",
        compile: |c, call| compare(c, call, Cmp::Ge),
    },
    Operator {
        name: "in",
        args: Args::Two(Type::Any, Type::List),
        options: &[],
        result: Type::Condition,
        section: Section::Condition,
        example: "{ in: [a, [x, y]] }",
        doc: "`a` est l'une des valeurs",
        doc_en: "`a` is one of the values",
        compile: |c, call| binary(c, call, Expr::In),
    },
    Operator {
        name: "contains",
        args: Args::Two(Type::List, Type::Any),
        options: &[],
        result: Type::Condition,
        section: Section::Condition,
        example: "{ contains: [LISTE, a] }",
        doc: "la liste contient `a` (ou toutes les valeurs si `a` est une liste)",
        doc_en: "the list contains `a` (or all the values if `a` is a list)",
        compile: |c, call| binary(c, call, Expr::Contains),
    },
    Operator {
        name: "present",
        args: Args::PathOrValue,
        options: &[],
        result: Type::Condition,
        section: Section::Condition,
        example: "{ present: chemin }",
        doc: "la valeur existe et n'est pas `~` (jamais inconnue) ; aussi d'une valeur calculée : `{ present: { param: …, at: … } }`",
        doc_en: "the value exists and is not `~` (never unknown); also of a computed value",
        compile: |c, call| presence(c, call, Expr::Present, true),
    },
    Operator {
        name: "absent",
        args: Args::PathOrValue,
        options: &[],
        result: Type::Condition,
        section: Section::Condition,
        example: "{ absent: chemin }",
        doc: "la valeur n'existe pas, ou vaut `~` (jamais inconnue) ; aussi d'une valeur calculée",
        doc_en: "the value does not exist, or is `~` (never unknown); also of a computed value",
        compile: |c, call| presence(c, call, Expr::Absent, false),
    },
    Operator {
        name: "not_empty",
        args: Args::Path,
        options: &[],
        result: Type::Condition,
        section: Section::Condition,
        example: "{ not_empty: chemin }",
        doc: "présente et non vide (texte, liste, table)",
        doc_en: "present and not empty (text, list, mapping)",
        compile: |c, call| match c.path_arg(call.value, call.op.name, &call.at) {
            Some(path) => Expr::NotEmpty(path),
            None => NULL,
        },
    },
    Operator {
        name: "mentions",
        args: Args::Two(Type::Text, Type::Text),
        options: &[],
        result: Type::Condition,
        section: Section::Condition,
        example: "{ mentions: [texte, \"FOREM\"] }",
        doc: "le texte contient le mot, sans tenir compte des majuscules ni des accents",
        doc_en: "the text contains the word, ignoring case and accents",
        compile: |c, call| binary(c, call, Expr::Mentions),
    },
    Operator {
        name: "all",
        args: Args::Many(Type::Condition),
        options: &[],
        result: Type::Condition,
        section: Section::Condition,
        example: "{ all: [C1, C2] }",
        doc: "et : fausse dès qu'une condition est fausse, sinon inconnue si l'une l'est",
        doc_en: "and: false as soon as one condition is false, else unknown if one is",
        compile: |c, call| Expr::All(call.operands(c).unwrap_or_default()),
    },
    Operator {
        name: "any",
        args: Args::Many(Type::Condition),
        options: &[],
        result: Type::Condition,
        section: Section::Condition,
        example: "{ any: [C1, C2] }",
        doc: "ou : vraie dès qu'une condition est vraie, sinon inconnue si l'une l'est",
        doc_en: "or: true as soon as one condition is true, else unknown if one is",
        compile: |c, call| Expr::Any(call.operands(c).unwrap_or_default()),
    },
    Operator {
        name: "not",
        args: Args::One(Type::Condition),
        options: &[],
        result: Type::Condition,
        section: Section::Condition,
        example: "{ not: C }",
        doc: "non ; `not` d'une condition inconnue (une comparaison sur une valeur absente) reste inconnue (§ 3)",
        doc_en: "not; `not` of an unknown condition (a comparison on a missing value) stays unknown",
        compile: |c, call| Expr::Not(call.one(c)),
    },
    Operator {
        name: "each",
        args: Args::One(Type::List),
        options: &["where", "check"],
        result: Type::Condition,
        section: Section::Condition,
        example: "{ each: LISTE, where: C, check: C2 }",
        doc: "chaque élément (qui vérifie `C`) vérifie `C2`",
        doc_en: "each item (that meets `C`) meets `C2`",
        compile: |c, call| quantifier(c, call, Quantifier::Each),
    },
    Operator {
        name: "some",
        args: Args::One(Type::List),
        options: &["where", "check"],
        result: Type::Condition,
        section: Section::Condition,
        example: "{ some: LISTE, where: C, check: C2 }",
        doc: "au moins un élément (qui vérifie `C`) vérifie `C2`",
        doc_en: "at least one item (that meets `C`) meets `C2`",
        compile: |c, call| quantifier(c, call, Quantifier::Some),
    },
    Operator {
        name: "none",
        args: Args::One(Type::List),
        options: &["where", "check"],
        result: Type::Condition,
        section: Section::Condition,
        example: "{ none: LISTE, where: C, check: C2 }",
        doc: "aucun élément (qui vérifie `C`) ne vérifie `C2` : le contraire de `some`",
        doc_en: "no item (that meets `C`) meets `C2`: the opposite of `some`",
        compile: |c, call| quantifier(c, call, Quantifier::None),
    },
];

/// The operator of this name.
pub(crate) fn operator(name: &str) -> Option<&'static Operator> {
    OPERATORS.iter().find(|o| o.name == name)
}

/// Operators of other languages that authors write from habit.
pub(crate) fn synonym(op: &str) -> Option<&'static str> {
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

fn arith(c: &mut Compiler<'_>, call: &Call<'_>, op: Arith) -> Expr {
    match call.operands(c) {
        Some(v) => Expr::Arith(op, v),
        // `many` compiled nothing; a two-operand operator with a wrong list is absent.
        None if call.op.args.arity() == Some(None) => Expr::Arith(op, Vec::new()),
        None => NULL,
    }
}

fn binary(c: &mut Compiler<'_>, call: &Call<'_>, make: fn(Box<Expr>, Box<Expr>) -> Expr) -> Expr {
    call.pair(c).map_or(NULL, |(a, b)| make(a, b))
}

fn compare(c: &mut Compiler<'_>, call: &Call<'_>, op: Cmp) -> Expr {
    call.pair(c).map_or(NULL, |(a, b)| Expr::Cmp(op, a, b))
}

fn value(c: &mut Compiler<'_>, call: &Call<'_>) -> Expr {
    match call.value {
        Json::String(s) => Expr::Lit(Lit::Str(s.clone())),
        other => c.expr(other, &call.at),
    }
}

fn param(c: &mut Compiler<'_>, call: &Call<'_>) -> Expr {
    let found = call
        .value
        .as_str()
        .and_then(|name| c.params.get(name).copied());
    if let Some(index) = found {
        c.used_params.insert(index);
        return match call.map.get("at") {
            Some(at) => Expr::ParamAt(index, Box::new(c.expr(at, &format!("{}/at", call.pointer)))),
            None => Expr::Param(index),
        };
    }
    let name = call.value.as_str().unwrap_or_default().to_string();
    let help = match did_you_mean(&name, c.params.keys().map(String::as_str)) {
        Some(s) => tr!(
            c.lang,
            "vouliez-vous écrire `{s}` ? Les paramètres sont déclarés dans parameters.yaml",
            "did you mean `{s}`? Parameters are declared in parameters.yaml"
        ),
        None => tr!(
            c.lang,
            "déclarez-le dans parameters.yaml, avec sa valeur datée et sa source",
            "declare it in parameters.yaml, with its dated value and its source"
        ),
    };
    let message = tr!(
        c.lang,
        "paramètre inconnu : `{name}`",
        "unknown parameter: `{name}`"
    );
    c.error(&call.at, Code::Rf003, message, Some(help))
}

fn var(c: &mut Compiler<'_>, call: &Call<'_>) -> Expr {
    let name = call.value.as_str().unwrap_or_default().to_string();
    if c.vars.contains(&name) {
        return Expr::Var(name);
    }
    let help = match did_you_mean(&name, c.vars.iter().map(String::as_str)) {
        Some(s) => tr!(c.lang, "vouliez-vous écrire `{s}` ?", "did you mean `{s}`?"),
        None => tr!(
            c.lang,
            "nommez la valeur dans le `let` de la règle",
            "name the value in the rule's `let`"
        ),
    };
    let message = tr!(
        c.lang,
        "valeur nommée inconnue : `{name}`",
        "unknown named value: `{name}`"
    );
    c.error(&call.at, Code::Rf004, message, Some(help))
}

fn context(c: &mut Compiler<'_>, call: &Call<'_>) -> Expr {
    match call.value.as_str() {
        Some("date") => Expr::Context(ContextKey::Date),
        Some("stage") => Expr::Context(ContextKey::Stage),
        Some("country") => Expr::Context(ContextKey::Country),
        Some("type") => Expr::Context(ContextKey::Type),
        _ => {
            let message = c
                .lang
                .pick(
                    "`context` vaut date, stage, country ou type",
                    "`context` is date, stage, country or type",
                )
                .into();
            c.error(&call.at, Code::Rf006, message, None)
        }
    }
}

fn count(c: &mut Compiler<'_>, call: &Call<'_>) -> Expr {
    call.over_list(c, |c, list| Expr::Count {
        list,
        filter: call.option(c, "where"),
    })
}

fn total(c: &mut Compiler<'_>, call: &Call<'_>) -> Expr {
    if !call.map.contains_key("of") {
        return call.missing(
            c,
            "`total` attend `of` : la valeur à additionner",
            "`total` expects `of`: the value to add up",
        );
    }
    call.over_list(c, |c, list| Expr::Total {
        list,
        of: call.option(c, "of").unwrap_or(Box::new(NULL)),
        filter: call.option(c, "where"),
    })
}

fn share(c: &mut Compiler<'_>, call: &Call<'_>) -> Expr {
    if !call.map.contains_key("where") {
        call.missing(
            c,
            "`share` attend `where` : les éléments dont on calcule la part",
            "`share` expects `where`: the items whose share is computed",
        );
    }
    call.over_list(c, |c, list| Expr::Share {
        list,
        of: call.option(c, "of"),
        filter: call.option(c, "where"),
    })
}

fn switch(c: &mut Compiler<'_>, call: &Call<'_>) -> Expr {
    let on = call.one(c);
    let pointer = call.pointer;
    let mut cases = Vec::new();
    match call.map.get("cases").and_then(Json::as_object) {
        Some(map) => {
            for (k, v) in map {
                let lit = match c.string(k, &format!("{pointer}/cases")) {
                    Expr::Lit(l) => l,
                    _ => Lit::Str(k.clone()),
                };
                let at = format!("{pointer}/cases/{}", crate::load::tree::escape_segment(k));
                cases.push((lit, c.expr(v, &at)));
            }
        }
        None => {
            call.missing(
                c,
                "`switch` attend `cases` : une table valeur → expression",
                "`switch` expects `cases`: a mapping value → expression",
            );
        }
    }
    c.check_cases(&on, &cases, pointer);
    Expr::Switch {
        on,
        cases,
        default: call.option(c, "default"),
    }
}

/// `previous` and `history`: a path read in another year's dossier.
fn year_path(c: &mut Compiler<'_>, call: &Call<'_>, year: Year) -> Expr {
    let Some(mut path) = c.path_arg(call.value, call.op.name, &call.at) else {
        return NULL;
    };
    if year == Year::History && path.base != Base::Root {
        let message = c
            .lang
            .pick(
                "`history` attend le chemin absolu d'une liste (/exercices)",
                "`history` expects the absolute path of a list (/exercices)",
            )
            .into();
        c.error(&call.at, Code::Rf026, message, None);
    }
    path.year = year;
    Expr::Path(path)
}

fn find(c: &mut Compiler<'_>, call: &Call<'_>) -> Expr {
    let by_json = call.map.get("by").and_then(Json::as_object);
    if by_json.is_none() && !call.map.contains_key("where") {
        return call.missing(
            c,
            "`find` attend `by` (champ de l'élément → valeur) ou `where` : l'élément cherché",
            "`find` expects `by` (item field → value) or `where`: the item looked for",
        );
    }
    let pointer = call.pointer;
    let list = c.expr(call.value, &call.at);
    let item = c.list_item(&list, &call.at);
    let mut by = Vec::new();
    for (k, v) in by_json.into_iter().flatten() {
        let at = format!("{pointer}/by/{}", crate::load::tree::escape_segment(k));
        // The value is computed where the lookup is written; the key is the item's.
        let value = c.expr(v, &at);
        if let Some(key) = c.within(item, |c| c.path(&format!(".{k}"), &at)) {
            by.push((key, value));
        }
    }
    c.within(item, |c| Expr::Find {
        list: Box::new(list),
        by,
        filter: call.option(c, "where"),
        of: call.option(c, "of"),
    })
}

/// `present` and `absent`: of a path, or of a computed value (a parameter at an event's date).
fn presence(
    c: &mut Compiler<'_>,
    call: &Call<'_>,
    of_path: fn(PathRef) -> Expr,
    present: bool,
) -> Expr {
    if call.value.is_object() {
        return Expr::Defined(call.one(c), present);
    }
    match c.path_arg(call.value, call.op.name, &call.at) {
        Some(path) => of_path(path),
        None => NULL,
    }
}

fn quantifier(c: &mut Compiler<'_>, call: &Call<'_>, q: Quantifier) -> Expr {
    let name = call.op.name;
    call.over_list(c, |c, list| {
        let check = match call.map.get("check") {
            Some(ch) => Box::new(c.expr(ch, &format!("{}/check", call.pointer))),
            None => {
                let message = tr!(
                    c.lang,
                    "`{name}` attend `check` : la condition sur chaque élément",
                    "`{name}` expects `check`: the condition on each item"
                );
                Box::new(c.error(call.pointer, Code::Rf029, message, None))
            }
        };
        Expr::Quant {
            q,
            list,
            filter: call.option(c, "where"),
            check,
        }
    })
}

/// The expression part of the rule-file schema (`$defs/expr`): any JSON value, and on a
/// mapping each operator documented, for the editors that complete a rule file from the
/// schema. The compiler checks the rest, with errors that name the operator (RF001, RF026…).
pub fn schema_expr() -> Json {
    let mut properties = Map::new();
    for op in OPERATORS {
        let mut doc = format!(
            "{} — {} → {}",
            op.example,
            op.args.describe(),
            op.result.name()
        );
        if !op.options.is_empty() {
            doc.push_str(&format!(" (options : {})", op.options.join(", ")));
        }
        doc.push_str(&format!(" : {}.", op.doc));
        properties.insert(
            op.name.into(),
            json!({ "description": doc, "x-help-en": format!("{}.", op.doc_en) }),
        );
    }
    json!({
        "description": "Une expression (rules/README.md § 4) : un littéral, un chemin (/… ou .…), une liste, ou une table d'une opération. Le détail est vérifié au chargement.",
        "type": ["string", "number", "boolean", "array", "object", "null"],
        "properties": properties,
    })
}

/// The table of one section's operators in `rules/README.md` (Markdown, generated).
pub fn readme_table(section: Section) -> String {
    let (head, meaning) = match section {
        Section::Value => ("expression", "valeur"),
        Section::Condition => ("condition", "vraie quand"),
    };
    let mut out = format!("| {head} | arguments → résultat | {meaning} |\n|---|---|---|\n");
    for op in OPERATORS.iter().filter(|o| o.section == section) {
        let mut args = op.args.describe();
        if !op.options.is_empty() {
            args.push_str(&format!(" ; {}", op.options.join(", ")));
        }
        out.push_str(&format!(
            "| `{}` | {} → {} | {} |\n",
            op.example,
            args,
            op.result.name(),
            op.doc.replace('|', "\\|")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operator_names_are_unique_and_options_never_shadow_an_operator() {
        for (i, op) in OPERATORS.iter().enumerate() {
            assert!(
                OPERATORS[i + 1..].iter().all(|o| o.name != op.name),
                "{} declared twice",
                op.name
            );
            for option in op.options {
                assert!(operator(option).is_none(), "option {option} is an operator");
            }
        }
        for s in ["gte", "and", "sum", "one_of"] {
            assert!(synonym(s).and_then(operator).is_some());
        }
    }
}
