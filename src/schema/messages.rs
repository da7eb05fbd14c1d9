//! JSON Schema errors in plain French (or English), each located on the dossier's own line,
//! with the schema's `x-aide` help texts and "did you mean" suggestions.

use crate::codes::Code;
use std::collections::HashMap;

use jsonschema::ValidationError;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use serde_json::Value as Json;

use crate::finding::{Finding, Origin, Severity};
use crate::lang::Lang;
use crate::load::tree::escape_segment;
use crate::load::{Document, Node, Value};
use crate::source::Span;
use crate::tr;

/// The code a validation error becomes (one code per kind of error), known before the finding
/// is built, so that errors past `--max-findings` are counted without building their text.
pub(crate) fn code_of(kind: &ValidationErrorKind) -> Code {
    match kind {
        ValidationErrorKind::AdditionalProperties { .. }
        | ValidationErrorKind::UnevaluatedProperties { .. } => Code::Sc003,
        ValidationErrorKind::Required { .. } => Code::Sc002,
        ValidationErrorKind::Type { .. } => Code::Sc001,
        ValidationErrorKind::Enum { .. } => Code::Sc004,
        ValidationErrorKind::Minimum { .. }
        | ValidationErrorKind::Maximum { .. }
        | ValidationErrorKind::ExclusiveMinimum { .. }
        | ValidationErrorKind::ExclusiveMaximum { .. } => Code::Sc005,
        ValidationErrorKind::Format { .. } => Code::Sc006,
        ValidationErrorKind::Constant { .. } => Code::Sc007,
        ValidationErrorKind::Pattern { .. } => Code::Sc008,
        _ => Code::Sc009,
    }
}

/// How many findings one validation error stands for: one per unknown key for
/// `additionalProperties`, one otherwise.
pub(crate) fn finding_count(kind: &ValidationErrorKind) -> usize {
    match kind {
        ValidationErrorKind::AdditionalProperties { unexpected }
        | ValidationErrorKind::UnevaluatedProperties { unexpected } => unexpected.len(),
        _ => 1,
    }
}

/// Turns one validation error into at most `budget` findings (it stands for
/// [`finding_count`] of them: one per unknown key for `additionalProperties`).
/// `at` is the pointer of the node the error's validator was given (see [`super::parts`]),
/// `schema` the schema document its paths point into.
pub(crate) fn error_to_finding(
    error: &ValidationError<'_>,
    at: &str,
    schema: &Json,
    doc: &Document,
    lang: Lang,
    budget: usize,
) -> Vec<Finding> {
    if budget == 0 {
        return Vec::new();
    }
    let pointer = format!("{at}{}", error.instance_path().as_str());
    let keyword_path = error.schema_path().as_str().to_string();
    let evaluation = error.evaluation_path().as_str().to_string();
    let ctx = Ctx {
        schema,
        lang,
        keyword_path: &keyword_path,
        evaluation: &evaluation,
    };
    let (node, _) = doc.root.locate(&pointer);
    let (value_span, _) = doc.span_of(&pointer);
    let failing = Failing {
        doc,
        ctx,
        lang,
        shown: quote(doc, node, lang),
        node,
        value_span,
        pointer,
    };
    let finding = match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected }
        | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
            return failing.unknown_keys(unexpected, budget);
        }
        ValidationErrorKind::Required { property } => failing.required(property),
        ValidationErrorKind::Type { kind } => failing.wrong_type(kind),
        ValidationErrorKind::Enum { options } => failing.not_allowed(options),
        ValidationErrorKind::Minimum { limit }
        | ValidationErrorKind::Maximum { limit }
        | ValidationErrorKind::ExclusiveMinimum { limit }
        | ValidationErrorKind::ExclusiveMaximum { limit } => {
            failing.out_of_bounds(error.kind(), limit)
        }
        ValidationErrorKind::Format { format } => failing.bad_format(format),
        ValidationErrorKind::Constant { expected_value } => failing.not_constant(expected_value),
        ValidationErrorKind::Pattern { .. } => failing.bad_pattern(),
        other => failing.other(other),
    };
    vec![finding]
}

/// One validation error's place in the dossier, and what every message about it needs.
struct Failing<'a> {
    doc: &'a Document,
    ctx: Ctx<'a>,
    lang: Lang,
    /// The JSON pointer of the failing value (or of the parent of a missing key).
    pointer: String,
    node: &'a Node,
    value_span: Span,
    /// The failing value as written, quoted for a message.
    shown: String,
}

impl Failing<'_> {
    /// A blocking schema finding at the failing value.
    fn finding(&self, code: Code, message: String) -> Finding {
        let mut f = Finding::new(code, Severity::Error, Origin::Schema, message)
            .pointer_in(&self.doc.root, self.pointer.clone());
        f.blocking = true;
        f
    }

    /// `additionalProperties`: one SC003 per unknown key (at most `budget`), with the keys allowed
    /// there and the closest one.
    fn unknown_keys(&self, unexpected: &[String], budget: usize) -> Vec<Finding> {
        let &Failing {
            lang,
            ref pointer,
            value_span,
            ref ctx,
            doc,
            ..
        } = self;
        let known = ctx.sibling_properties();
        // Built once per error, not once per key: a mapping may hold thousands of them.
        let known_list = list(&known);
        let key_spans = KeySpans::of(doc.root.pointer(pointer));
        unexpected
            .iter()
            .take(budget)
            .map(|key| {
                let key_pointer = format!("{pointer}/{}", escape_segment(key));
                let span = key_spans.get(key).unwrap_or(value_span);
                let suggestion = did_you_mean(key, known.iter().map(String::as_str));
                let mut finding = self
                    .finding(
                        Code::Sc003,
                        tr!(lang, "clé inconnue : `{key}`", "unknown key: `{key}`"),
                    )
                    .pointer_in(&doc.root, key_pointer)
                    .at(span, tr!(lang, "clé inconnue", "unknown key"));
                finding.help = Some(match suggestion {
                    Some(s) => tr!(
                        lang,
                        "vouliez-vous écrire `{s}` ? Clés possibles ici : {known_list}",
                        "did you mean `{s}`? Keys allowed here: {known_list}"
                    ),
                    None if known.is_empty() => tr!(
                        lang,
                        "supprimez cette clé : elle ne fait pas partie du format",
                        "remove this key: it is not part of the format"
                    ),
                    None => tr!(
                        lang,
                        "supprimez cette clé ou corrigez-la ; clés possibles ici : {known_list}",
                        "remove or correct this key; keys allowed here: {known_list}"
                    ),
                });
                finding
            })
            .collect()
    }

    /// `required`: SC002 at the parent of the missing key, with the schema's help for it.
    fn required(&self, property: &Json) -> Finding {
        let &Failing {
            lang,
            ref pointer,
            value_span,
            ref ctx,
            ..
        } = self;
        let name = property.as_str().unwrap_or_default().to_string();
        let what = ctx.property_title(&name);
        let help = ctx
            .required_help(&name)
            .unwrap_or_else(|| tr!(lang, "ajoutez la clé `{name}`", "add the key `{name}`"));
        let parent = if pointer.is_empty() {
            tr!(lang, "à la racine du dossier", "at the root of the dossier")
        } else {
            let place = readable(pointer, lang);
            tr!(lang, "dans {place}", "in {place}")
        };
        self.finding(
            Code::Sc002,
            tr!(
                lang,
                "clé obligatoire manquante {parent} : `{name}`{what}",
                "missing required key {parent}: `{name}`{what}"
            ),
        )
        .at(
            value_span,
            tr!(lang, "il manque `{name}` ici", "`{name}` is missing here"),
        )
        .help(help)
    }

    /// `type`: SC001, with what was found and how to write what is expected.
    fn wrong_type(&self, kind: &TypeKind) -> Finding {
        let &Failing {
            lang,
            ref pointer,
            node,
            value_span,
            ref shown,
            ref ctx,
            ..
        } = self;
        let expected = type_names(kind, lang);
        let found = found_kind(&node.value, lang);
        self.finding(
            Code::Sc001,
            tr!(
                lang,
                "{} doit être {expected}, pas {found} ({shown})",
                "{} must be {expected}, not {found} ({shown})",
                last_segment(pointer)
            ),
        )
        .at(
            value_span,
            tr!(lang, "attendu : {expected}", "expected: {expected}"),
        )
        .help(
            ctx.help()
                .unwrap_or_else(|| type_help(kind, &node.value, lang)),
        )
    }

    /// `enum`: SC004, with the allowed values and the closest one.
    fn not_allowed(&self, options: &Json) -> Finding {
        let &Failing {
            lang,
            ref pointer,
            node,
            value_span,
            ref shown,
            ref ctx,
            ..
        } = self;
        let allowed: Vec<String> = options
            .as_array()
            .map(|a| a.iter().map(json_text).collect())
            .unwrap_or_default();
        let given = node.as_str().unwrap_or_default();
        let suggestion = did_you_mean(given, allowed.iter().map(String::as_str));
        let mut help = match suggestion {
            Some(s) => tr!(lang, "vouliez-vous écrire `{s}` ? ", "did you mean `{s}`? "),
            None => String::new(),
        };
        help.push_str(&tr!(
            lang,
            "valeurs possibles : {}",
            "allowed values: {}",
            list(&allowed)
        ));
        if let Some(extra) = ctx.help() {
            help = format!("{help}\n{extra}");
        }
        self.finding(
            Code::Sc004,
            tr!(
                lang,
                "valeur non autorisée pour {} : {shown}",
                "value not allowed for {}: {shown}",
                last_segment(pointer)
            ),
        )
        .at(value_span, tr!(lang, "valeur inconnue", "unknown value"))
        .help(help)
    }

    /// `minimum`, `maximum` and their exclusive forms: SC005 (a percentage written for a rate
    /// says what was meant).
    fn out_of_bounds(&self, kind: &ValidationErrorKind, limit: &Json) -> Finding {
        let &Failing {
            lang,
            ref pointer,
            node,
            value_span,
            ref shown,
            ref ctx,
            ..
        } = self;
        let bound = json_text(limit);
        let (fr, en) = match kind {
            ValidationErrorKind::Minimum { .. } => ("au moins", "at least"),
            ValidationErrorKind::Maximum { .. } => ("au plus", "at most"),
            ValidationErrorKind::ExclusiveMinimum { .. } => ("plus de", "more than"),
            _ => ("moins de", "less than"),
        };
        let bound_text = lang.pick(fr, en);
        let mut help = ctx.help().unwrap_or_default();
        if let (Value::Number(v), "1") = (&node.value, bound.as_str()) {
            // `65` written for `0.65`: say what was meant.
            if *v > rust_decimal::Decimal::ONE && *v <= rust_decimal::Decimal::ONE_HUNDRED {
                let fraction = (*v / rust_decimal::Decimal::ONE_HUNDRED).normalize();
                let hint = tr!(
                    lang,
                    "vous avez sans doute voulu écrire {fraction} (soit {v} %)",
                    "you probably meant {fraction} (that is {v} %)"
                );
                help = join_sentences(&help, &hint);
            }
        }
        let mut finding = self
            .finding(
                Code::Sc005,
                tr!(
                    lang,
                    "{} vaut {shown} : il doit valoir {bound_text} {bound}",
                    "{} is {shown}: it must be {bound_text} {bound}",
                    last_segment(pointer)
                ),
            )
            .at(
                value_span,
                tr!(
                    lang,
                    "{bound_text} {bound} attendu",
                    "{bound_text} {bound} expected"
                ),
            );
        if !help.is_empty() {
            finding.help = Some(help);
        }
        finding
    }

    /// `format`: SC006 (a date that is not a calendar date).
    fn bad_format(&self, format: &str) -> Finding {
        let &Failing {
            lang,
            ref pointer,
            value_span,
            ref shown,
            ref ctx,
            ..
        } = self;
        self.finding(
            Code::Sc006,
            if format == "date" {
                tr!(
                    lang,
                    "date invalide pour {} : {shown}",
                    "invalid date for {}: {shown}",
                    last_segment(pointer)
                )
            } else {
                tr!(
                    lang,
                    "format `{format}` invalide pour {} : {shown}",
                    "invalid `{format}` format for {}: {shown}",
                    last_segment(pointer)
                )
            },
        )
        .at(value_span, tr!(lang, "pas une date du calendrier au format AAAA-MM-JJ", "not a calendar date as YYYY-MM-DD"))
        .help(ctx.help().unwrap_or_else(|| {
            tr!(
                lang,
                "écrivez la date au format AAAA-MM-JJ (par exemple 2000-12-31), et vérifiez qu'elle existe",
                "write the date as YYYY-MM-DD (for example 2000-12-31), and check that it exists"
            )
        }))
    }

    /// `const`: SC007.
    fn not_constant(&self, expected_value: &Json) -> Finding {
        let &Failing {
            lang,
            ref pointer,
            value_span,
            ref shown,
            ref ctx,
            ..
        } = self;
        let expected = json_text(expected_value);
        self.finding(
            Code::Sc007,
            tr!(
                lang,
                "{} doit valoir {expected}, pas {shown}",
                "{} must be {expected}, not {shown}",
                last_segment(pointer)
            ),
        )
        .at(
            value_span,
            tr!(lang, "{expected} attendu", "{expected} expected"),
        )
        .help(
            ctx.help()
                .unwrap_or_else(|| tr!(lang, "écrivez {expected}", "write {expected}")),
        )
    }

    /// `pattern`: SC008, with the schema's help or description.
    fn bad_pattern(&self) -> Finding {
        let &Failing {
            lang,
            ref pointer,
            value_span,
            ref shown,
            ref ctx,
            ..
        } = self;
        self.finding(
            Code::Sc008,
            tr!(
                lang,
                "{} n'a pas la forme attendue : {shown}",
                "{} does not have the expected form: {shown}",
                last_segment(pointer)
            ),
        )
        .at(value_span, tr!(lang, "forme incorrecte", "wrong form"))
        .help(
            ctx.help()
                .unwrap_or_else(|| ctx.description().unwrap_or_default()),
        )
    }

    /// Any other keyword: SC009, in words.
    fn other(&self, other: &ValidationErrorKind) -> Finding {
        let &Failing {
            lang,
            ref pointer,
            value_span,
            ref ctx,
            ..
        } = self;
        let (message, label) = other_message(other, lang);
        let mut finding = self
            .finding(
                Code::Sc009,
                format!("{} : {message}", last_segment(pointer)),
            )
            .at(value_span, label);
        finding.help = ctx.help().or_else(|| ctx.description());
        finding
    }
}

/// The spans of a mapping's keys, looked up by name: through an index when the mapping is big
/// (one error may name thousands of unknown keys of one mapping; a scan per key would be
/// quadratic).
enum KeySpans<'a> {
    Scan(&'a [crate::load::tree::Entry]),
    Index(HashMap<&'a str, Span>),
}

impl<'a> KeySpans<'a> {
    fn of(node: Option<&'a Node>) -> Self {
        let entries = match node.map(|n| &n.value) {
            Some(Value::Map(entries)) => entries.as_slice(),
            _ => &[],
        };
        if entries.len() <= 32 {
            KeySpans::Scan(entries)
        } else {
            KeySpans::Index(
                entries
                    .iter()
                    .map(|e| (e.key.as_str(), e.key_span))
                    .collect(),
            )
        }
    }

    fn get(&self, key: &str) -> Option<Span> {
        match self {
            KeySpans::Scan(entries) => entries.iter().find(|e| e.key == key).map(|e| e.key_span),
            KeySpans::Index(index) => index.get(key).copied(),
        }
    }
}

/// Where a schema error happened, to find help texts and property names in the schema.
struct Ctx<'a> {
    schema: &'a Json,
    lang: Lang,
    keyword_path: &'a str,
    evaluation: &'a str,
}

impl Ctx<'_> {
    /// The schema object holding the failing keyword.
    fn keyword_owner(&self) -> Option<&Json> {
        let parent = self.keyword_path.rsplit_once('/').map_or("", |(p, _)| p);
        self.schema.pointer(parent)
    }

    /// The schema objects along the evaluation path, `$ref`s followed, innermost last, from the
    /// last `properties`/`items` step on (the failing property's own schemas).
    fn property_chain(&self) -> Vec<&Json> {
        let mut chain = vec![self.schema];
        let mut current = self.schema;
        let segments: Vec<String> = crate::load::tree::segments(self.evaluation).collect();
        let keyword_len = segments.len().saturating_sub(1);
        for seg in &segments[..keyword_len] {
            let next = if seg == "$ref" {
                current
                    .get("$ref")
                    .and_then(Json::as_str)
                    .and_then(|r| r.strip_prefix('#'))
                    .and_then(|p| self.schema.pointer(p))
            } else {
                current.get(seg.as_str())
            };
            match next {
                Some(n) => current = n,
                None => break,
            }
            if seg == "properties" || seg == "items" || seg == "prefixItems" {
                chain.clear();
            }
            if current.is_object() {
                chain.push(current);
            }
        }
        chain
    }

    fn text_in(&self, schema: &Json, fr_key: &str) -> Option<String> {
        let key = if self.lang == Lang::En && fr_key == "x-aide" {
            "x-help-en"
        } else {
            fr_key
        };
        schema
            .get(key)
            .or_else(|| schema.get(fr_key))
            .and_then(Json::as_str)
            .map(str::to_string)
    }

    /// The nearest `x-aide` for the failing value: on the failing keyword's schema, else on the
    /// property's schemas.
    fn help(&self) -> Option<String> {
        self.keyword_owner()
            .and_then(|s| self.text_in(s, "x-aide"))
            .or_else(|| {
                self.property_chain()
                    .iter()
                    .rev()
                    .find_map(|s| self.text_in(s, "x-aide"))
            })
    }

    fn description(&self) -> Option<String> {
        self.property_chain()
            .iter()
            .rev()
            .find_map(|s| self.text_in(s, "description"))
    }

    /// The property names allowed next to an `additionalProperties: false`.
    fn sibling_properties(&self) -> Vec<String> {
        // In the schema's own order (serde_json keeps it, with `preserve_order`): users read
        // the keys in the order the format, or the rule schema, documents them.
        self.keyword_owner()
            .and_then(|s| s.get("properties"))
            .and_then(Json::as_object)
            .map(|p| p.keys().cloned().collect())
            .unwrap_or_default()
    }

    /// ` (Title)` of a required property, from the schema that requires it.
    fn property_title(&self, name: &str) -> String {
        self.property_schema(name)
            .and_then(|s| self.text_in(s, "title"))
            .map(|t| format!(" ({t})"))
            .unwrap_or_default()
    }

    fn property_schema(&self, name: &str) -> Option<&Json> {
        // The property may be declared next to `required` (a `then` branch), or on the object.
        let owner = self.keyword_owner()?;
        let direct = owner.get("properties").and_then(|p| p.get(name));
        let declared = self
            .property_chain()
            .iter()
            .rev()
            .find_map(|s| s.get("properties").and_then(|p| p.get(name)));
        let found = direct
            .filter(|d| d.get("title").is_some())
            .or(declared)
            .or(direct)?;
        match found
            .get("$ref")
            .and_then(Json::as_str)
            .and_then(|r| r.strip_prefix('#'))
        {
            Some(target) if found.get("title").is_none() => self.schema.pointer(target),
            _ => Some(found),
        }
    }

    /// Help for a missing key: the requiring branch's `x-aide`, or the property's own.
    fn required_help(&self, name: &str) -> Option<String> {
        let from_branch = self.keyword_owner().and_then(|s| self.text_in(s, "x-aide"));
        let from_property = self.property_schema(name).and_then(|s| {
            self.text_in(s, "x-aide")
                .or_else(|| self.text_in(s, "description"))
        });
        match (from_branch, from_property) {
            (Some(a), Some(b)) if a != b => Some(format!("{a}\n{b}")),
            (Some(a), _) => Some(a),
            (None, b) => b,
        }
    }
}

/// Two sentences as one help text.
fn join_sentences(first: &str, second: &str) -> String {
    let mut chars = second.chars();
    let second = match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect::<String>(),
        None => String::new(),
    };
    match first.trim_end() {
        "" => format!("{second}."),
        f if f.ends_with('.') => format!("{f} {second}."),
        f => format!("{f}. {second}."),
    }
}

/// The value as written in the dossier, quoted: « 65 », « deux cents ».
fn quote(doc: &Document, node: &Node, lang: Lang) -> String {
    if node.value == Value::Null {
        // A key with nothing after it: its span is the key's, which is not a value to quote.
        return lang
            .pick(
                "rien n'est écrit après la clé",
                "nothing is written after the key",
            )
            .to_string();
    }
    let text = doc
        .source
        .text()
        .get(node.span.start..node.span.end)
        .unwrap_or("");
    let first_line = text.lines().next().unwrap_or("");
    let shown = match node.value {
        // A quoted text is shown without its YAML quotes: « deux cents ».
        Value::String(_)
            if first_line.len() >= 2
                && (first_line.starts_with('"') || first_line.starts_with('\'')) =>
        {
            first_line[1..]
                .strip_suffix(['"', '\''])
                .unwrap_or(&first_line[1..])
        }
        _ => first_line,
    };
    let short: String = shown.chars().take(60).collect();
    let cut = short.chars().count() < shown.chars().count() || first_line.len() < text.len();
    let ellipsis = if cut { "…" } else { "" };
    match lang {
        Lang::Fr => format!("« {short}{ellipsis} »"),
        Lang::En => format!("\"{short}{ellipsis}\""),
    }
}

/// A JSON pointer as a person reads it: `cooperative`, `entrepreneurs` n° 2 › `entree`.
fn readable(pointer: &str, lang: Lang) -> String {
    let mut parts: Vec<String> = Vec::new();
    for seg in crate::load::tree::segments(pointer) {
        match seg.parse::<usize>() {
            Ok(i) => match parts.last_mut() {
                Some(last) => last.push_str(&format!(" {} {}", lang.pick("n°", "no."), i + 1)),
                None => parts.push(format!("{} {}", lang.pick("n°", "no."), i + 1)),
            },
            Err(_) => parts.push(format!("`{seg}`")),
        }
    }
    if parts.is_empty() {
        lang.pick("le dossier", "the dossier").to_string()
    } else {
        parts.join(" › ")
    }
}

/// The name of the value at a pointer, for messages: its key, or `entrepreneurs` n° 2 for a
/// list item.
fn last_segment(pointer: &str) -> String {
    let segs: Vec<String> = crate::load::tree::segments(pointer).collect();
    match segs.as_slice() {
        [] => "`dossier`".to_string(),
        [.., parent, last] => match last.parse::<usize>() {
            Ok(i) => format!("`{parent}` n° {}", i + 1),
            Err(_) => format!("`{last}`"),
        },
        [last] => format!("`{last}`"),
    }
}

fn json_text(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn list(items: &[String]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The closest candidate, if close enough to be a typo.
pub(crate) fn did_you_mean<'a>(
    given: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    let given_lower = given.to_lowercase();
    candidates
        .map(|c| {
            (
                strsim::damerau_levenshtein(&given_lower, &c.to_lowercase()),
                c,
            )
        })
        .filter(|(d, c)| *d <= (c.chars().count() / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn type_name(t: jsonschema::JsonType, lang: Lang) -> &'static str {
    use jsonschema::JsonType as T;
    match (t, lang) {
        (T::Array, Lang::Fr) => "une liste",
        (T::Boolean, Lang::Fr) => "un booléen (true ou false)",
        (T::Integer, Lang::Fr) => "un nombre entier",
        (T::Null, Lang::Fr) => "vide",
        (T::Number, Lang::Fr) => "un nombre",
        (T::Object, Lang::Fr) => "une table de clés",
        (T::String, Lang::Fr) => "un texte",
        (T::Array, Lang::En) => "a list",
        (T::Boolean, Lang::En) => "a boolean (true or false)",
        (T::Integer, Lang::En) => "a whole number",
        (T::Null, Lang::En) => "empty",
        (T::Number, Lang::En) => "a number",
        (T::Object, Lang::En) => "a mapping of keys",
        (T::String, Lang::En) => "a text",
    }
}

fn type_names(kind: &TypeKind, lang: Lang) -> String {
    match kind {
        TypeKind::Single(t) => type_name(*t, lang).to_string(),
        TypeKind::Multiple(set) => set
            .iter()
            .map(|t| type_name(t, lang))
            .collect::<Vec<_>>()
            .join(lang.pick(" ou ", " or ")),
    }
}

fn found_kind(value: &Value, lang: Lang) -> String {
    match lang {
        Lang::Fr => value.kind_fr().to_string(),
        Lang::En => match value {
            Value::Null => "an empty value",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::Date(_) => "a date",
            Value::String(_) => "a text",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
        .to_string(),
    }
}

/// A hint for the usual type mistakes: `oui` for `true`, `"1 000"` for `1000`, a decimal comma.
fn type_help(kind: &TypeKind, value: &Value, lang: Lang) -> String {
    use jsonschema::JsonType as T;
    let wants = |t: T| match kind {
        TypeKind::Single(k) => *k == t,
        TypeKind::Multiple(set) => set.contains(t),
    };
    let text = match value {
        Value::String(s) => s.as_str(),
        _ => "",
    };
    if wants(T::Boolean) {
        return tr!(
            lang,
            "écrivez true (oui) ou false (non), sans guillemets",
            "write true or false, without quotes"
        );
    }
    if (wants(T::Number) || wants(T::Integer)) && !text.is_empty() {
        if text.contains(',') || text.contains(' ') || text.contains('\u{a0}') {
            return tr!(
                lang,
                "écrivez le nombre en chiffres, sans espace ni séparateur de milliers, avec un point décimal : 16384.40",
                "write the number in digits, without spaces or thousands separators, with a decimal point: 16384.40"
            );
        }
        return tr!(
            lang,
            "écrivez le nombre en chiffres (par exemple 200), sans guillemets",
            "write the number in digits (for example 200), without quotes"
        );
    }
    if wants(T::String) {
        return tr!(
            lang,
            "mettez la valeur entre guillemets pour qu'elle soit lue comme un texte",
            "put the value in quotes so that it is read as text"
        );
    }
    if wants(T::Array) {
        return tr!(
            lang,
            "écrivez une liste : un élément par ligne précédé de `- `, ou [a, b]",
            "write a list: one item per line after `- `, or [a, b]"
        );
    }
    tr!(
        lang,
        "écrivez une table de clés indentée sous cette clé",
        "write a mapping of keys indented under this key"
    )
}

fn other_message(kind: &ValidationErrorKind, lang: Lang) -> (String, String) {
    match kind {
        ValidationErrorKind::MinItems { limit } => (
            tr!(
                lang,
                "la liste doit avoir au moins {limit} élément(s)",
                "the list needs at least {limit} item(s)"
            ),
            tr!(lang, "liste trop courte", "list too short"),
        ),
        ValidationErrorKind::MaxItems { limit } => (
            tr!(
                lang,
                "la liste doit avoir au plus {limit} élément(s)",
                "the list takes at most {limit} item(s)"
            ),
            tr!(lang, "liste trop longue", "list too long"),
        ),
        ValidationErrorKind::MinLength { limit } => (
            tr!(
                lang,
                "le texte doit avoir au moins {limit} caractère(s)",
                "the text needs at least {limit} character(s)"
            ),
            tr!(lang, "texte trop court", "text too short"),
        ),
        ValidationErrorKind::MaxLength { limit } => (
            tr!(
                lang,
                "le texte doit avoir au plus {limit} caractères",
                "the text takes at most {limit} characters"
            ),
            tr!(lang, "texte trop long", "text too long"),
        ),
        ValidationErrorKind::UniqueItems => (
            tr!(
                lang,
                "la liste contient deux fois le même élément",
                "the list holds the same item twice"
            ),
            tr!(lang, "doublon", "duplicate"),
        ),
        ValidationErrorKind::MinProperties { limit } => (
            tr!(
                lang,
                "la table doit avoir au moins {limit} clé(s)",
                "the mapping needs at least {limit} key(s)"
            ),
            tr!(lang, "table vide", "empty mapping"),
        ),
        _ => (
            tr!(
                lang,
                "la valeur ne correspond à aucune forme permise",
                "the value matches no allowed form"
            ),
            tr!(lang, "valeur incorrecte", "wrong value"),
        ),
    }
}
