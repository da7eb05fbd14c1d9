//! The questionnaire's questions and answers, independent of HTTP: which questions a stage
//! asks (from the rules' inputs, `evaluate::missing`, and the dossier schema's titles, help
//! texts and types), how a typed answer becomes a dossier value (French decimal commas,
//! percentages, spaces pasted from a spreadsheet), and the dossier written as YAML.

use std::collections::BTreeMap;

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::Value as Json;

use crate::dossier::{Country, Stage};
use crate::evaluate::missing::{RuleInputs, Step};
use crate::lang::Lang;
use crate::load::{Node, Value};
use crate::rules::{Kind as RuleKind, RuleSet};

/// What an answer is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Kind {
    /// Free text.
    Text,
    /// Oui / non.
    Bool,
    /// A calendar date.
    Date,
    /// An amount in the dossier's currency.
    Amount,
    /// A rate, typed as a percentage, stored as a fraction.
    Rate,
    /// A whole number.
    Integer,
    /// A decimal number (months).
    Number,
    /// One of a list of values.
    Choice,
    /// A list of rows.
    List,
    /// A list of single values (keywords, years), typed on one line, separated by commas.
    Words,
}

/// One question: a dossier value, or a list of rows.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Question {
    /// The dossier pointer (`/creation/faisabilite/structure_appui`); for a list, the list's.
    pub pointer: String,
    /// For a list's column: its key in each row.
    pub key: String,
    /// An HTML id made from the pointer.
    pub anchor: String,
    /// The schema's title.
    pub title: String,
    /// The schema's description.
    pub help: String,
    /// The schema's advice on how to write it.
    pub advice: String,
    /// What the answer is.
    pub kind: Kind,
    /// The allowed values of a choice.
    pub choices: Vec<String>,
    /// The rules that read it (codes), mandatory first.
    pub needed_by: Vec<String>,
    /// How many of them are mandatory.
    pub mandatory: usize,
    /// The schema requires it (the dossier is not valid without it).
    pub required: bool,
    /// A list's columns.
    pub columns: Vec<Question>,
    /// The kind of each value of a `Words` list.
    pub item: Option<Box<Kind>>,
}

/// The dossier schema, parsed once.
pub(crate) struct Schema {
    root: Json,
}

impl Default for Schema {
    fn default() -> Self {
        Self::new()
    }
}

impl Schema {
    /// The embedded dossier schema.
    pub(crate) fn new() -> Self {
        Schema {
            root: serde_json::from_str(crate::schema::DOSSIER_SCHEMA).unwrap_or(Json::Null),
        }
    }

    /// Follows a `$ref` to its definition; returns the definition's name too.
    fn resolve<'s>(&'s self, node: &'s Json) -> (&'s Json, Option<&'s str>) {
        match node.get("$ref").and_then(Json::as_str) {
            Some(r) => {
                let name = r.rsplit('/').next();
                let def = name
                    .and_then(|n| self.root.get("$defs").and_then(|d| d.get(n)))
                    .unwrap_or(&Json::Null);
                (def, name)
            }
            None => (node, None),
        }
    }

    /// The schema node of a pointer pattern (keys, and `*` for list items), with the name of
    /// its definition and the node as the parent declares it (its own title).
    pub(crate) fn at(&self, steps: &[&str]) -> Option<(&Json, &Json, Option<&str>)> {
        let mut declared = &self.root;
        let (mut node, mut name) = (&self.root, None);
        for s in steps {
            declared = if *s == "*" {
                node.get("items")?
            } else {
                node.get("properties")?.get(*s)?
            };
            (node, name) = self.resolve(declared);
        }
        Some((declared, node, name))
    }

    /// The question for a pointer pattern, from the schema.
    pub(crate) fn question(&self, pointer: &str, lang: Lang) -> Option<Question> {
        let steps: Vec<&str> = pointer.split('/').skip(1).collect();
        let (declared, node, name) = self.at(&steps)?;
        let text = |k: &str| {
            // English from the schema's `x-title-en` / `x-description-en` (keywords the
            // validator ignores), French where a text has no translation yet.
            let english = format!("x-{k}-en");
            let keys: &[&str] = match lang {
                Lang::En => &[english.as_str(), k],
                Lang::Fr => &[k],
            };
            keys.iter()
                .find_map(|k| {
                    declared
                        .get(*k)
                        .or_else(|| node.get(*k))
                        .and_then(Json::as_str)
                })
                .unwrap_or_default()
                .to_string()
        };
        let advice_key = match lang {
            Lang::Fr => "x-aide",
            Lang::En => "x-help-en",
        };
        let choices: Vec<String> = node
            .get("enum")
            .and_then(Json::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        let ty = node.get("type").and_then(Json::as_str).unwrap_or_default();
        let kind = match (name, ty) {
            (Some("date"), _) => Kind::Date,
            (Some("montant" | "montant_positif"), _) => Kind::Amount,
            (Some("taux"), _) => Kind::Rate,
            (Some("booleen"), _) | (_, "boolean") => Kind::Bool,
            _ if !choices.is_empty() => Kind::Choice,
            (_, "array") => {
                let items = node.get("items").map(|i| self.resolve(i));
                let scalar = items.is_some_and(|(n, _)| {
                    n.get("type")
                        .and_then(Json::as_str)
                        .is_some_and(|t| t != "object" && t != "array")
                });
                if scalar { Kind::Words } else { Kind::List }
            }
            (_, "integer") => Kind::Integer,
            (_, "number") => Kind::Number,
            (_, "object") => return None,
            _ => Kind::Text,
        };
        let key = steps.last().copied().unwrap_or_default().to_string();
        // The schema speaks to people writing YAML (« true si … »); the form asks oui / non.
        let help = text("description");
        let help = match (kind.clone(), lang) {
            (Kind::Bool, Lang::Fr) => help.replacen("true si ", "Oui si ", 1),
            (Kind::Bool, Lang::En) => help.replacen("true if ", "Yes if ", 1),
            _ => help,
        };
        Some(Question {
            anchor: anchor(pointer),
            pointer: pointer.to_string(),
            key,
            title: text("title"),
            help,
            advice: declared
                .get(advice_key)
                .or_else(|| node.get(advice_key))
                .and_then(Json::as_str)
                .unwrap_or_default()
                .to_string(),
            kind,
            choices,
            needed_by: Vec::new(),
            mandatory: 0,
            required: false,
            columns: Vec::new(),
            item: None,
        })
        .map(|mut q| {
            if q.kind == Kind::Words {
                let item = self.question(&format!("{pointer}/*"), lang);
                q.item = Some(Box::new(item.map_or(Kind::Text, |i| i.kind)));
                if let Some((_, n, _)) = self.at(&[steps.as_slice(), &["*"]].concat())
                    && let Some(e) = n.get("enum").and_then(Json::as_array)
                {
                    q.choices = e
                        .iter()
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .collect();
                }
            }
            q
        })
    }

    /// The keys an object at a pattern requires.
    pub(crate) fn required(&self, pointer: &str) -> Vec<String> {
        let steps: Vec<&str> = pointer.split('/').skip(1).collect();
        self.at(&steps)
            .and_then(|(_, node, _)| node.get("required"))
            .and_then(Json::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The order of an object's keys in the schema (the order the YAML is written in).
    pub(crate) fn key_order(&self, steps: &[&str]) -> Vec<String> {
        self.at(steps)
            .and_then(|(_, node, _)| node.get("properties"))
            .and_then(Json::as_object)
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default()
    }

    /// The sections a cooperative's dossier must contain at a stage (the schema's
    /// conditionals on `etape`), as pointers with whether each is a list.
    pub(crate) fn sections_at(&self, stage: Stage) -> Vec<(String, bool)> {
        let mut out = Vec::new();
        let Some(all) = self.root.get("allOf").and_then(Json::as_array) else {
            return out;
        };
        for branch in all {
            let props = branch.get("if").and_then(|i| i.get("properties"));
            let stages = props
                .and_then(|p| p.get("etape"))
                .and_then(|e| e.get("enum"))
                .and_then(Json::as_array);
            let Some(stages) = stages else { continue };
            if !stages.iter().any(|s| s.as_str() == Some(stage.as_str())) {
                continue;
            }
            let kind = props
                .and_then(|p| p.get("type"))
                .and_then(|t| t.get("const"))
                .and_then(Json::as_str);
            if kind.is_some_and(|k| k != "cooperative") {
                continue;
            }
            let then = branch.get("then");
            let list = |v: Option<&Json>| -> Vec<String> {
                v.and_then(Json::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(|s| s.as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default()
            };
            for key in list(then.and_then(|t| t.get("required"))) {
                let nested = then
                    .and_then(|t| t.get("properties"))
                    .and_then(|p| p.get(&key))
                    .and_then(|p| p.get("required"));
                let pointer = format!("/{key}");
                self.push_section(&mut out, &pointer);
                for sub in list(nested) {
                    self.push_section(&mut out, &format!("{pointer}/{sub}"));
                }
            }
        }
        out
    }

    fn push_section(&self, out: &mut Vec<(String, bool)>, pointer: &str) {
        let steps: Vec<&str> = pointer.split('/').skip(1).collect();
        let ty = self
            .at(&steps)
            .and_then(|(_, n, _)| n.get("type").and_then(Json::as_str));
        if let Some(t @ ("object" | "array")) = ty
            && !out.iter().any(|(p, _)| p == pointer)
        {
            out.push((pointer.to_string(), t == "array"));
        }
    }
}

/// An HTML id for a pointer (`q-creation-faisabilite-structure_appui`).
pub(crate) fn anchor(pointer: &str) -> String {
    let mut out = String::from("q");
    for c in pointer.chars() {
        out.push(if c.is_ascii_alphanumeric() || c == '_' {
            c
        } else {
            '-'
        });
    }
    out
}

/// The pointers of the dossier's envelope, asked first and apart.
pub(crate) const ENVELOPE: &[&str] = &["/cooperative/nom", "/periode/debut", "/periode/fin"];

/// Asked apart (fixed by the page) or never (the format's own keys).
const NOT_ASKED: &[&str] = &[
    "/dossier",
    "/type",
    "/etape",
    "/cooperative/pays",
    "/cooperative/nom",
    "/periode/debut",
    "/periode/fin",
    "/derogations",
];

/// The questions of a stage for a country, at a date: one per input that the stage's criteria
/// read (`evaluate::missing::rule_inputs`), ordered by how many criteria they decide
/// (mandatory first); lists as rows whose columns are the inputs read on their items, plus the
/// keys the schema requires in each row.
pub(crate) fn questions(
    set: &RuleSet,
    schema: &Schema,
    stage: Stage,
    country: Country,
    date: Date,
    only_new: bool,
    lang: Lang,
) -> Vec<Question> {
    let scope = Scope {
        stage,
        country,
        date,
        only_new,
    };
    let asked = asked_inputs(set, schema, &scope, lang);
    let mut out: Vec<(usize, Question)> = asked
        .into_iter()
        .filter(|(pointer, _)| !NOT_ASKED.contains(&pointer.as_str()))
        .filter_map(|(pointer, a)| Some((a.order, question_of(set, schema, &pointer, &a, lang)?)))
        .collect();
    let extra = required_next_to(schema, &out, lang);
    out.extend(extra);
    out.sort_by(|(oa, a), (ob, b)| {
        b.mandatory
            .cmp(&a.mandatory)
            .then(b.needed_by.len().cmp(&a.needed_by.len()))
            .then(oa.cmp(ob))
    });
    out.into_iter().map(|(_, q)| q).collect()
}

/// Which criteria a questionnaire asks for: the stage's (or only its own), the country's, at a
/// date.
struct Scope {
    stage: Stage,
    country: Country,
    date: Date,
    only_new: bool,
}

/// An input some criteria read: when it was first seen, by which rules, and for a list, the
/// keys read on its items (its columns) with their rules.
struct Asked {
    order: usize,
    rules: Vec<usize>,
    columns: Vec<(String, Vec<usize>)>,
}

/// The inputs read by the rules in `scope`, by pointer (a list's items as `/*`).
fn asked_inputs(
    set: &RuleSet,
    schema: &Schema,
    scope: &Scope,
    lang: Lang,
) -> BTreeMap<String, Asked> {
    let mut acc: BTreeMap<String, Asked> = BTreeMap::new();
    let mut seen = 0;
    let mut note =
        |acc: &mut BTreeMap<String, Asked>, pointer: String, column: Option<String>, i: usize| {
            let e = acc.entry(pointer).or_insert_with(|| {
                seen += 1;
                Asked {
                    order: seen,
                    rules: Vec::new(),
                    columns: Vec::new(),
                }
            });
            if !e.rules.contains(&i) {
                e.rules.push(i);
            }
            if let Some(c) = column {
                match e.columns.iter_mut().find(|(k, _)| *k == c) {
                    Some((_, r)) if !r.contains(&i) => r.push(i),
                    Some(_) => {}
                    None => e.columns.push((c, vec![i])),
                }
            }
        };
    let keys = |steps: &[Step]| -> String {
        steps
            .iter()
            .map(|s| match s {
                Step::Key(k) => format!("/{k}"),
                Step::Each(_) => "/*".into(),
            })
            .collect()
    };
    for (i, rule) in set.rules.iter().enumerate() {
        let applies = set.enabled[i]
            && rule.kind == RuleKind::Check
            && rule.stage <= scope.stage
            && (!scope.only_new || rule.stage == scope.stage)
            && rule
                .countries
                .as_ref()
                .is_none_or(|c| c.contains(&scope.country))
            && rule
                .types
                .contains(&crate::dossier::DossierType::Cooperative)
            && rule.from.is_none_or(|f| scope.date >= f)
            && rule.until.is_none_or(|u| scope.date <= u);
        if !applies {
            continue;
        }
        if rule.forms.is_some() {
            note(&mut acc, "/cooperative/forme_juridique".into(), None, i);
        }
        for p in &RuleInputs::of(set).rules[i] {
            match p.steps.iter().position(|s| matches!(s, Step::Each(_))) {
                None => {
                    // Asked only when it is a value (its absence is an answer).
                    if p.presence_only && schema.question(&keys(&p.steps), lang).is_none() {
                        continue;
                    }
                    note(&mut acc, keys(&p.steps), None, i);
                }
                Some(e) => {
                    let column = match p.steps.get(e + 1) {
                        Some(Step::Key(k)) => Some(k.to_string()),
                        _ => None,
                    };
                    note(&mut acc, keys(&p.steps[..e]), column, i);
                }
            }
        }
    }
    acc
}

/// The question for one asked input: the rules that need it (blocking first), and for a list,
/// its columns (the keys the schema requires in a row, then those the rules read).
fn question_of(
    set: &RuleSet,
    schema: &Schema,
    pointer: &str,
    a: &Asked,
    lang: Lang,
) -> Option<Question> {
    let mut q = schema.question(pointer, lang)?;
    let mut rules = a.rules.clone();
    rules.sort_by_key(|&i| (!set.rules[i].blocking(), i));
    q.mandatory = rules.iter().filter(|&&i| set.rules[i].blocking()).count();
    q.needed_by = rules.iter().map(|&i| set.rules[i].code.clone()).collect();
    if q.kind == Kind::List {
        let required = schema.required(&format!("{pointer}/*"));
        let mut keys: Vec<String> = required.clone();
        for (c, _) in &a.columns {
            if !keys.contains(c) {
                keys.push(c.clone());
            }
        }
        for k in keys {
            let Some(mut c) = schema.question(&format!("{pointer}/*/{k}"), lang) else {
                continue;
            };
            if c.kind == Kind::List {
                continue;
            }
            c.required = required.contains(&k);
            c.anchor = anchor(&format!("{pointer}/{k}"));
            out_columns(&mut q, c);
        }
    }
    Some(q)
}

/// The keys the schema requires next to an asked value (`assiette` with `taux`), not asked
/// already, each placed with the value that calls for it.
fn required_next_to(
    schema: &Schema,
    out: &[(usize, Question)],
    lang: Lang,
) -> Vec<(usize, Question)> {
    let mut extra: Vec<(usize, Question)> = Vec::new();
    for (order, q) in out {
        if let Some((parent, _)) = q.pointer.rsplit_once('/')
            && !parent.is_empty()
        {
            for k in schema.required(parent) {
                let p = format!("{parent}/{k}");
                if !NOT_ASKED.contains(&p.as_str())
                    && !out.iter().any(|(_, o)| o.pointer == p)
                    && !extra.iter().any(|(_, o)| o.pointer == p)
                    && let Some(mut r) = schema.question(&p, lang)
                {
                    r.required = true;
                    extra.push((*order, r));
                }
            }
        }
    }
    extra
}

fn out_columns(q: &mut Question, c: Question) {
    q.columns.push(c);
}

/// A typed answer turned into a dossier value, or why it cannot be.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Parsed {
    /// Nothing typed.
    Empty,
    /// The value as YAML text (a quoted string, a number, a date, a boolean).
    Value(String),
    /// A French message.
    Invalid(String),
}

/// Text as typed or pasted: no-break spaces (spreadsheets, word processors) become spaces,
/// ends trimmed.
pub(crate) fn clean(s: &str) -> String {
    s.replace(['\u{a0}', '\u{202f}', '\u{2007}'], " ")
        .trim()
        .to_string()
}

/// A number as a French person writes it: `10 413 000,50`, `16384.40`, `15 %`, `1 200 €`.
pub fn french_number(s: &str) -> Option<Decimal> {
    let compact: String = clean(s)
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '€' | '%' | '\''))
        .collect();
    let normal = if compact.contains(',') && compact.contains('.') {
        // 1.234,56 (a dot between thousands) or 1,234.56: the last separator is decimal.
        let last_comma = compact.rfind(',');
        let last_dot = compact.rfind('.');
        if last_comma > last_dot {
            compact.replace('.', "").replace(',', ".")
        } else {
            compact.replace(',', "")
        }
    } else {
        compact.replace(',', ".")
    };
    if normal.is_empty() || normal.len() > 40 {
        return None;
    }
    normal.parse::<Decimal>().ok()
}

/// A date typed `AAAA-MM-JJ` (a date field) or `JJ/MM/AAAA`.
pub fn french_date(s: &str) -> Option<Date> {
    let s = clean(s);
    if let Some(d) = crate::load::scalar::parse_date(&s) {
        return Some(d);
    }
    let parts: Vec<&str> = s.split(['/', '.', '-']).collect();
    if let [d, m, y] = parts[..]
        && y.len() == 4
    {
        let (d, m, y) = (
            d.parse::<i8>().ok()?,
            m.parse::<i8>().ok()?,
            y.parse::<i16>().ok()?,
        );
        return Date::new(y, m, d).ok();
    }
    None
}

/// Turns an answer into a dossier value.
pub(crate) fn parse(q: &Question, raw: &str, lang: Lang) -> Parsed {
    let text = clean(raw);
    if text.is_empty() {
        return Parsed::Empty;
    }
    let invalid = |fr: String, en: String| Parsed::Invalid(if lang == Lang::En { en } else { fr });
    match q.kind {
        Kind::Text | Kind::List => Parsed::Value(serde_json::to_string(&text).unwrap_or_default()),
        Kind::Bool => match text.to_lowercase().as_str() {
            "oui" | "true" | "yes" => Parsed::Value("true".into()),
            "non" | "false" | "no" => Parsed::Value("false".into()),
            _ => invalid("répondez oui ou non".into(), "answer yes or no".into()),
        },
        Kind::Date => match french_date(&text) {
            Some(d) => Parsed::Value(d.to_string()),
            None => invalid(
                format!("« {text} » n'est pas une date (JJ/MM/AAAA ou AAAA-MM-JJ)"),
                format!("\"{text}\" is not a date (DD/MM/YYYY or YYYY-MM-DD)"),
            ),
        },
        Kind::Amount | Kind::Number | Kind::Integer | Kind::Rate => {
            let Some(mut d) = french_number(&text) else {
                return invalid(
                    format!("« {text} » n'est pas un nombre (par exemple 12 500,50)"),
                    format!("\"{text}\" is not a number (e.g. 12500.50)"),
                );
            };
            if q.kind == Kind::Rate {
                d /= Decimal::ONE_HUNDRED;
                if d < Decimal::ZERO || d > Decimal::ONE {
                    return invalid(
                        "un pourcentage est compris entre 0 et 100".into(),
                        "a percentage is between 0 and 100".into(),
                    );
                }
            }
            if q.kind == Kind::Integer && (d.fract() != Decimal::ZERO || d < Decimal::ZERO) {
                return invalid(
                    "un nombre entier positif, sans virgule".into(),
                    "a whole number, zero or more".into(),
                );
            }
            Parsed::Value(d.normalize().to_string())
        }
        Kind::Words => {
            let item = Question {
                kind: q.item.as_deref().cloned().unwrap_or(Kind::Text),
                item: None,
                ..q.clone()
            };
            let mut values = Vec::new();
            for piece in text
                .split([',', ';', '\n'])
                .map(str::trim)
                .filter(|p| !p.is_empty())
            {
                match parse(&item, piece, lang) {
                    Parsed::Value(v) => values.push(v),
                    Parsed::Empty => {}
                    invalid @ Parsed::Invalid(_) => return invalid,
                }
            }
            if values.is_empty() {
                Parsed::Empty
            } else {
                Parsed::Value(format!("[{}]", values.join(", ")))
            }
        }
        Kind::Choice => {
            if q.choices.contains(&text) {
                Parsed::Value(text)
            } else {
                invalid(
                    format!("choisissez parmi : {}", q.choices.join(", ")),
                    format!("choose one of: {}", q.choices.join(", ")),
                )
            }
        }
    }
}

/// A dossier value as the questionnaire shows it back (a rate as a percentage, a decimal with
/// a comma in French).
pub(crate) fn shown(q: &Question, node: &Node, lang: Lang) -> String {
    match &node.value {
        Value::Bool(b) => if *b { "true" } else { "false" }.into(),
        Value::Number(d) => {
            let d = if q.kind == Kind::Rate {
                *d * Decimal::ONE_HUNDRED
            } else {
                *d
            };
            let s = d.normalize().to_string();
            if lang == Lang::Fr {
                s.replace('.', ",")
            } else {
                s
            }
        }
        Value::Date(d) => d.to_string(),
        Value::String(s) => s.clone(),
        Value::Seq(items) if q.kind == Kind::Words => {
            let item = Question {
                kind: q.item.as_deref().cloned().unwrap_or(Kind::Text),
                item: None,
                ..q.clone()
            };
            items
                .iter()
                .map(|n| shown(&item, n, lang))
                .collect::<Vec<_>>()
                .join(", ")
        }
        _ => String::new(),
    }
}

/// A YAML tree being written: maps keep their order, scalars are YAML text already.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tree {
    /// A mapping.
    Map(Vec<(String, Tree)>),
    /// A sequence.
    Seq(Vec<Tree>),
    /// A scalar as YAML text.
    Scalar(String),
}

impl Tree {
    /// A loaded dossier value as a tree (strings quoted, numbers and dates as read).
    pub(crate) fn from_node(node: &Node) -> Tree {
        match &node.value {
            Value::Null => Tree::Scalar("~".into()),
            Value::Bool(b) => Tree::Scalar(b.to_string()),
            Value::Number(d) => Tree::Scalar(d.to_string()),
            Value::Date(d) => Tree::Scalar(d.to_string()),
            Value::String(s) => Tree::Scalar(serde_json::to_string(s).unwrap_or_default()),
            Value::Seq(items) => Tree::Seq(items.iter().map(Tree::from_node).collect()),
            Value::Map(entries) => Tree::Map(
                entries
                    .iter()
                    .map(|e| (e.key.clone(), Tree::from_node(&e.node)))
                    .collect(),
            ),
        }
    }

    /// The child at a key of a map, created as `make` if missing (a non-map is replaced).
    pub(crate) fn entry(&mut self, key: &str, make: impl FnOnce() -> Tree) -> &mut Tree {
        if !matches!(self, Tree::Map(_)) {
            *self = Tree::Map(Vec::new());
        }
        let Tree::Map(entries) = self else {
            unreachable!("just made a map")
        };
        let i = match entries.iter().position(|(k, _)| k == key) {
            Some(i) => i,
            None => {
                entries.push((key.to_string(), make()));
                entries.len() - 1
            }
        };
        &mut entries[i].1
    }

    /// Sets the value at a path of keys, creating maps on the way.
    pub(crate) fn set(&mut self, keys: &[&str], value: Tree) {
        match keys.split_first() {
            None => *self = value,
            Some((k, rest)) => self.entry(k, || Tree::Map(Vec::new())).set(rest, value),
        }
    }

    /// Removes the value at a path of keys.
    pub(crate) fn remove(&mut self, keys: &[&str]) {
        let Tree::Map(entries) = self else { return };
        match keys {
            [] => {}
            [k] => entries.retain(|(key, _)| key != k),
            [k, rest @ ..] => {
                if let Some((_, child)) = entries.iter_mut().find(|(key, _)| key == k) {
                    child.remove(rest);
                }
            }
        }
    }

    /// The value at a path of keys.
    pub(crate) fn get(&self, keys: &[&str]) -> Option<&Tree> {
        match keys.split_first() {
            None => Some(self),
            Some((k, rest)) => match self {
                Tree::Map(entries) => entries
                    .iter()
                    .find(|(key, _)| key == k)
                    .and_then(|(_, v)| v.get(rest)),
                _ => None,
            },
        }
    }

    /// Orders every map's keys as the schema declares them (unknown keys after).
    pub(crate) fn order(&mut self, schema: &Schema, path: &mut Vec<String>) {
        match self {
            Tree::Map(entries) => {
                let steps: Vec<&str> = path.iter().map(String::as_str).collect();
                let order = schema.key_order(&steps);
                entries
                    .sort_by_key(|(k, _)| order.iter().position(|o| o == k).unwrap_or(usize::MAX));
                for (k, v) in entries.iter_mut() {
                    path.push(k.clone());
                    v.order(schema, path);
                    path.pop();
                }
            }
            Tree::Seq(items) => {
                path.push("*".into());
                for i in items {
                    i.order(schema, path);
                }
                path.pop();
            }
            Tree::Scalar(_) => {}
        }
    }

    /// Writes the tree as block YAML.
    pub(crate) fn write(&self, out: &mut String, indent: usize) {
        let pad = " ".repeat(indent);
        match self {
            Tree::Map(entries) => {
                for (k, v) in entries {
                    let key = yaml_key(k);
                    match v {
                        Tree::Scalar(s) => out.push_str(&format!("{pad}{key}: {s}\n")),
                        Tree::Map(m) if m.is_empty() => {
                            out.push_str(&format!("{pad}{key}: {{}}\n"))
                        }
                        Tree::Seq(s) if s.is_empty() => out.push_str(&format!("{pad}{key}: []\n")),
                        Tree::Map(_) => {
                            out.push_str(&format!("{pad}{key}:\n"));
                            v.write(out, indent + 2);
                        }
                        Tree::Seq(_) => {
                            out.push_str(&format!("{pad}{key}:\n"));
                            v.write(out, indent + 2);
                        }
                    }
                }
            }
            Tree::Seq(items) => {
                for item in items {
                    match item {
                        Tree::Scalar(s) => out.push_str(&format!("{pad}- {s}\n")),
                        Tree::Map(m) if m.is_empty() => out.push_str(&format!("{pad}- {{}}\n")),
                        Tree::Seq(s) if s.is_empty() => out.push_str(&format!("{pad}- []\n")),
                        _ => {
                            let mut inner = String::new();
                            item.write(&mut inner, indent + 2);
                            // The first line goes after the dash.
                            let body = inner
                                .strip_prefix(&" ".repeat(indent + 2))
                                .unwrap_or(&inner);
                            out.push_str(&format!("{pad}- {body}"));
                        }
                    }
                }
            }
            Tree::Scalar(s) => out.push_str(&format!("{pad}{s}\n")),
        }
    }
}

/// A key as YAML: plain when it is a dossier key, quoted otherwise.
fn yaml_key(k: &str) -> String {
    if !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        k.to_string()
    } else {
        serde_json::to_string(k).unwrap_or_default()
    }
}
