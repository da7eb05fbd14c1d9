//! The dossier's shape as the rules see it: what the dossier schema says a path holds. The rule
//! compiler asks it about every path a rule reads, so that a path the format does not define
//! (`/statuts/dotation_reserve_min`), an enumerated field compared with a value it can never
//! take, or a date compared with a number, is refused when the rule file loads, on its line —
//! instead of telling every dossier to add a key that does not exist.
//!
//! The schema stays the single source of truth: nothing here lists a field.

use std::sync::LazyLock;

use serde_json::{Map, Value as Json};

/// The shipped dossier schema, as the validator holds it: parsed once per process, shared
/// with the dossiers' validation (every `check` compiles it anyway).
static SCHEMA: LazyLock<&'static Json> = LazyLock::new(|| &crate::schema::dossier().json);

/// The schema's definitions, looked up by every `$ref`.
static DEFS: LazyLock<Option<&'static Map<String, Json>>> =
    LazyLock::new(|| SCHEMA.get("$defs").and_then(Json::as_object));

/// A part of the dossier schema: the schema of one value.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Shape(&'static Json);

/// The values an enumerated field can take, borrowed from the schema (no copy is made while
/// rules compile: every comparison asks for the kind of both its operands).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Enum(&'static [Json]);

impl Enum {
    /// Whether the field can take this value.
    pub(crate) fn contains(self, value: &str) -> bool {
        self.0.iter().any(|v| v.as_str() == Some(value))
    }

    /// The values, for a message.
    pub(crate) fn names(self) -> Vec<String> {
        self.0
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect()
    }
}

impl PartialEq for Enum {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.0, other.0)
    }
}

impl Eq for Enum {}

/// What a value is, as far as a rule needs to know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A mapping.
    Object,
    /// A list.
    List,
    /// A text, with the values it can take when the schema enumerates them.
    Text(Option<Enum>),
    /// A date (`format: date`).
    Date,
    /// A number (amount, rate, count, year).
    Number,
    /// A boolean.
    Bool,
    /// Not known (a computed value, a parameter of unknown unit…).
    Unknown,
}

impl Kind {
    /// Whether two kinds can never be compared: a date with a number, a boolean with anything
    /// but a boolean, a number with a text. A text may hold a date (`"2000-12-31"`).
    pub(crate) fn incompatible(&self, other: &Kind) -> bool {
        use Kind::*;
        match (self, other) {
            (Unknown, _) | (_, Unknown) => false,
            (Date, Number) | (Number, Date) => true,
            (Bool, Bool) => false,
            (Bool, _) | (_, Bool) => true,
            (Number, Text(_)) | (Text(_), Number) => true,
            _ => false,
        }
    }

    /// The name of the kind in a message.
    pub(crate) fn name(&self, lang: crate::lang::Lang) -> &'static str {
        let (fr, en) = match self {
            Kind::Object => ("une table", "a mapping"),
            Kind::List => ("une liste", "a list"),
            Kind::Text(Some(_)) => ("une valeur d'une liste fermée", "a value of a closed list"),
            Kind::Text(None) => ("un texte", "a text"),
            Kind::Date => ("une date", "a date"),
            Kind::Number => ("un nombre", "a number"),
            Kind::Bool => ("un booléen (true ou false)", "a boolean (true or false)"),
            Kind::Unknown => ("une valeur", "a value"),
        };
        lang.pick(fr, en)
    }
}

/// Why a path does not fit the schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PathError {
    /// Index of the first segment that does not fit.
    pub segment: usize,
    /// The keys the schema defines at that place (empty when the value there is not a table).
    pub keys: Vec<String>,
    /// What the value before that segment is.
    pub parent: Kind,
}

impl Shape {
    /// The whole dossier.
    pub(crate) fn root() -> Self {
        Shape(*SCHEMA)
    }

    /// An identity of this part of the schema (its address), for caches.
    pub(crate) fn id(self) -> usize {
        std::ptr::from_ref(self.0) as usize
    }

    /// The schema itself, `$ref`s followed.
    fn resolved(self) -> &'static Json {
        let mut node = self.0;
        // The dossier schema's references are local (`#/$defs/…`) and never circular; the
        // bound only guards against a broken schema.
        for _ in 0..16 {
            match node.get("$ref").and_then(Json::as_str) {
                Some(r) => match r
                    .strip_prefix("#/$defs/")
                    .and_then(|name| DEFS.and_then(|d| d.get(name)))
                {
                    Some(target) => node = target,
                    None => break,
                },
                None => break,
            }
        }
        node
    }

    /// The property maps of a table: its own, then those of its conditional branches.
    fn property_maps(self) -> impl Iterator<Item = &'static Map<String, Json>> {
        let node = self.resolved();
        let branches = node
            .get("allOf")
            .and_then(Json::as_array)
            .into_iter()
            .flatten()
            .flat_map(|b| [Some(b), b.get("then"), b.get("else")])
            .flatten();
        std::iter::once(node)
            .chain(branches)
            .filter_map(|n| n.get("properties").and_then(Json::as_object))
    }

    /// One property of a table, found without listing them all (rules compile at every start).
    fn property(self, key: &str) -> Option<Shape> {
        self.property_maps().find_map(|m| m.get(key)).map(Shape)
    }

    /// The names of a table's properties, for a "did you mean".
    fn property_names(self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for name in self.property_maps().flat_map(|m| m.keys()) {
            if !out.contains(name) {
                out.push(name.clone());
            }
        }
        out
    }

    /// What this value is.
    pub(crate) fn kind(self) -> Kind {
        let node = self.resolved();
        if let Some(values) = node.get("enum").and_then(Json::as_array) {
            return Kind::Text(Some(Enum(values)));
        }
        match node.get("type").and_then(Json::as_str) {
            Some("object") => Kind::Object,
            Some("array") => Kind::List,
            Some("string") if node.get("format").and_then(Json::as_str) == Some("date") => {
                Kind::Date
            }
            Some("string") => Kind::Text(None),
            Some("number" | "integer") => Kind::Number,
            Some("boolean") => Kind::Bool,
            _ => match node.get("const") {
                Some(Json::Number(_)) => Kind::Number,
                Some(Json::String(_)) => Kind::Text(None),
                Some(Json::Bool(_)) => Kind::Bool,
                _ => Kind::Unknown,
            },
        }
    }

    /// The schema of a list's items.
    pub(crate) fn items(self) -> Option<Shape> {
        let node = self.resolved();
        (node.get("type").and_then(Json::as_str) == Some("array"))
            .then(|| node.get("items").map(Shape))
            .flatten()
    }

    /// Follows a path's segments (keys, or list indices) from here.
    pub(crate) fn follow(self, segments: &[String]) -> Result<Shape, PathError> {
        let mut here = self;
        for (i, seg) in segments.iter().enumerate() {
            let next = match here.resolved().get("type").and_then(Json::as_str) {
                Some("object") => here.property(seg),
                Some("array") if seg.parse::<usize>().is_ok() => here.items(),
                _ => None,
            };
            match next {
                Some(n) => here = n,
                None => {
                    return Err(PathError {
                        segment: i,
                        keys: here.property_names(),
                        parent: here.kind(),
                    });
                }
            }
        }
        Ok(here)
    }
}

#[cfg(test)]
#[path = "shape_tests.rs"]
mod tests;
