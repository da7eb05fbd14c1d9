//! The fields an import may fill, read from the dossier schema itself: its list sections
//! (`entrepreneurs`, `societaires`, `exercices`, `territoire.partenaires`…), their fields, types,
//! enums, titles and help texts. Nothing here names a field: a field added to the schema is
//! importable the day it is added, and a column of a spreadsheet can only ever feed a field the
//! dossier format has (the whitelist the import is built on).

use std::sync::LazyLock;

use rust_decimal::Decimal;
use serde_json::Value as Json;

use crate::dossier::Stage;

/// What a field holds, as far as reading a cell is concerned.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Kind {
    /// Free text.
    Text,
    /// One of these codes.
    Enum(Vec<String>),
    /// `true` / `false`.
    Bool,
    /// A calendar date.
    Date,
    /// A whole number, with its bounds.
    Integer {
        /// Smallest value allowed.
        min: Option<Decimal>,
        /// Largest value allowed.
        max: Option<Decimal>,
    },
    /// A decimal number (an amount, a duration), with its lower bound.
    Number {
        /// Smallest value allowed.
        min: Option<Decimal>,
    },
    /// A rate, a fraction between 0 and 1 (a cell may write it as a percentage).
    Rate,
    /// A list of keywords, written in one cell separated by commas.
    Keywords,
    /// A list of years, written in one cell separated by commas.
    Years,
}

/// Facts that two rules read at two places of the dossier (dotted keys): ET003 in the
/// feasibility study, DL002 in the territory's section. The template asks each once, at the
/// first key, and the import writes the answer at both (as the web questionnaire does), so
/// that nobody answers the same question twice.
pub(crate) const SAME_FACT: [(&str, &str); 1] = [(
    "creation.faisabilite.offre_existante_analysee",
    "territoire.offre_existante_analysee",
)];

/// One field: a key of a list item (`entree`), or a dotted path in a nested table
/// (`cape.debut`, `cooperative.nom`).
#[derive(Debug, Clone)]
pub(crate) struct Field {
    /// Dotted path below the item (or below the dossier, for the template's fiche).
    pub key: String,
    /// French title (the schema's `title`), used as a column header.
    pub title: String,
    /// What to write, from the schema's `description` and `x-aide`.
    pub help: String,
    /// What the template's note says (see [`sheet_help`]).
    pub sheet_help: String,
    /// What it holds.
    pub kind: Kind,
    /// Required by the schema in its table (when the table itself is given).
    pub required: bool,
    /// Required inside its nested table (`cape.fin`), where `required` is false because the
    /// table itself is optional: a row giving part of the table must give this too.
    pub required_in_table: bool,
}

/// A list of the dossier: a section an import fills from the rows of a sheet.
#[derive(Debug, Clone)]
pub(crate) struct ListSection {
    /// Dotted path from the root (`entrepreneurs`, `territoire.partenaires`).
    pub path: String,
    /// French title (`Entrepreneurs`, `Partenaires`): the template's sheet name.
    pub title: String,
    /// The item's fields, in schema order.
    pub fields: Vec<Field>,
    /// The item schema's `$defs` name (`entrepreneur`), to validate each row.
    pub item_def: String,
}

impl ListSection {
    /// A field by key.
    pub(crate) fn field(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }

    /// The field that names a row in messages: the first required text field (`id`, `nom`),
    /// else the first required field (`annee`).
    pub(crate) fn naming_field(&self) -> Option<&Field> {
        self.fields
            .iter()
            .find(|f| f.required && f.kind == Kind::Text)
            .or_else(|| self.fields.iter().find(|f| f.required))
    }
}

/// Lists a dossier keeps for other purposes than data to import: the waivers written in a
/// dossier waive nothing since the 2026-11 revision (the committee's register does), so the
/// template does not invite anyone to fill them.
const NOT_IMPORTED: &[&str] = &["derogations"];

/// The dossier schema's import model, computed once.
pub(crate) struct Model {
    /// The list sections, in schema order.
    pub lists: Vec<ListSection>,
    /// Every scalar (or list-of-scalars) field outside the lists, as dotted paths from the
    /// root (`cooperative.nom`, `accompagnement.domaines`): the template's fiche.
    pub scalars: Vec<Field>,
    schema: Json,
}

impl Model {
    /// A list section by dotted path.
    pub(crate) fn list(&self, path: &str) -> Option<&ListSection> {
        self.lists.iter().find(|l| l.path == path)
    }

    /// The dossier schema.
    pub(crate) fn schema(&self) -> &Json {
        &self.schema
    }

    /// The root keys a dossier of this type must have at this stage (the schema's base
    /// `required` and the conditionals whose `if` the type and stage meet), and for each
    /// required table, the keys it must hold (`cooperative.forme_juridique` from `montage`).
    pub(crate) fn required_at(&self, kind: &str, stage: Stage) -> Vec<String> {
        let mut out = Vec::new();
        let root = &self.schema;
        collect_required(root, "", &mut out);
        for cond in root["allOf"].as_array().into_iter().flatten() {
            if condition_holds(&cond["if"], kind, stage) {
                collect_required(&cond["then"], "", &mut out);
            }
        }
        out
    }

    /// The root keys some stage requires for this type (absent from a template before it).
    #[cfg(test)]
    pub(crate) fn staged_roots(&self, kind: &str) -> Vec<String> {
        let mut all = Vec::new();
        for stage in Stage::ALL {
            for key in self.required_at(kind, stage) {
                let root = key.split('.').next().unwrap_or_default().to_string();
                if !all.contains(&root) {
                    all.push(root);
                }
            }
        }
        all
    }
}

/// The model of the shipped dossier schema.
pub(crate) fn model() -> &'static Model {
    static MODEL: LazyLock<Model> = LazyLock::new(|| build(crate::schema::dossier().json.clone()));
    &MODEL
}

/// Builds the model of a dossier schema.
pub(crate) fn build(schema: Json) -> Model {
    let mut lists = Vec::new();
    let mut scalars = Vec::new();
    walk(&schema, &schema, "", &mut lists, &mut scalars);
    Model {
        lists,
        scalars,
        schema,
    }
}

/// Walks an object schema's properties: arrays of objects become list sections, nested
/// objects are descended, everything else is a scalar field of the fiche.
fn walk(
    root: &Json,
    object: &Json,
    prefix: &str,
    lists: &mut Vec<ListSection>,
    scalars: &mut Vec<Field>,
) {
    let required = required_keys(root, object);
    let Some(props) = resolve(root, object)["properties"].as_object() else {
        return;
    };
    for (key, prop) in props {
        let path = join(prefix, key);
        if NOT_IMPORTED.contains(&path.as_str()) {
            continue;
        }
        let def = resolve(root, prop);
        if def["type"] == "array" && resolve(root, &def["items"])["type"] == "object" {
            let item = &def["items"];
            lists.push(ListSection {
                path: path.clone(),
                title: title(prop, def, key),
                fields: object_fields(root, item, ""),
                item_def: item["$ref"]
                    .as_str()
                    .and_then(|r| r.strip_prefix("#/$defs/"))
                    .unwrap_or_default()
                    .to_string(),
            });
        } else if def["type"] == "object" {
            walk(root, prop, &path, lists, scalars);
        } else if let Some(kind) = kind_of(root, prop) {
            scalars.push(Field {
                key: path,
                title: title(prop, def, key),
                help: help(prop, def),
                sheet_help: sheet_help(prop, def, &kind),
                kind,
                required: required.contains(key),
                required_in_table: false,
            });
        }
    }
}

/// The fields of a list item: its scalar properties, and its nested tables' as dotted keys.
fn object_fields(root: &Json, object: &Json, prefix: &str) -> Vec<Field> {
    let required = required_keys(root, object);
    let mut out = Vec::new();
    let Some(props) = resolve(root, object)["properties"].as_object() else {
        return out;
    };
    for (key, prop) in props {
        let def = resolve(root, prop);
        let path = join(prefix, key);
        if def["type"] == "object" {
            let parent = title(prop, def, key);
            for mut f in object_fields(root, prop, &path) {
                f.title = format!("{parent} — {}", f.title);
                // A nested table is optional as a whole: its own required keys are checked
                // when it is given (by the item schema, on each row).
                f.required_in_table = f.required;
                f.required = false;
                out.push(f);
            }
        } else if let Some(kind) = kind_of(root, prop) {
            out.push(Field {
                key: path,
                title: title(prop, def, key),
                help: help(prop, def),
                sheet_help: sheet_help(prop, def, &kind),
                kind,
                required: required.contains(key),
                required_in_table: false,
            });
        }
    }
    out
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

fn required_keys(root: &Json, object: &Json) -> Vec<String> {
    resolve(root, object)["required"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|k| k.as_str().map(str::to_string))
        .collect()
}

/// Follows `$ref` chains inside the document (`#/$defs/…`); anything else is returned as is.
pub(crate) fn resolve<'a>(root: &'a Json, schema: &'a Json) -> &'a Json {
    let mut s = schema;
    for _ in 0..16 {
        match s["$ref"].as_str().and_then(|r| r.strip_prefix("#/")) {
            Some(path) => {
                let target = path.split('/').try_fold(root, |node, seg| node.get(seg));
                match target {
                    Some(t) => s = t,
                    None => break,
                }
            }
            None => break,
        }
    }
    s
}

fn title(prop: &Json, def: &Json, key: &str) -> String {
    prop["title"]
        .as_str()
        .or(def["title"].as_str())
        .unwrap_or(key)
        .to_string()
}

fn help(prop: &Json, def: &Json) -> String {
    let description = prop["description"].as_str().or(def["description"].as_str());
    let aide = prop["x-aide"].as_str().or(def["x-aide"].as_str());
    match (description, aide) {
        (Some(d), Some(a)) => format!("{d} {a}"),
        (Some(t), None) | (None, Some(t)) => t.to_string(),
        (None, None) => String::new(),
    }
}

/// What the template's note says of a field: the schema's description, as a workbook's reader
/// needs it. The schema also speaks to people writing YAML (« true si … », dates in
/// AAAA-MM-JJ, quotes): those words are left out, the note says what to do in the cell
/// instead (`template::note`), and a yes/no description reads « Oui si … » like the drop-down.
fn sheet_help(prop: &Json, def: &Json, kind: &Kind) -> String {
    // The definitions of dates, rates and yes/no describe their YAML form.
    let description = prop["description"]
        .as_str()
        .or(match kind {
            Kind::Date | Kind::Rate | Kind::Bool => None,
            _ => def["description"].as_str(),
        })
        .unwrap_or_default();
    let description = match kind {
        Kind::Bool => description.replacen("true si ", "Oui si ", 1),
        _ => description.to_string(),
    };
    // An enum's advice explains each value of the drop-down; a list of keywords', the words
    // known (written without YAML's brackets). Other advice is about YAML's syntax.
    let aide = match kind {
        Kind::Enum(_) | Kind::Keywords => prop["x-aide"]
            .as_str()
            .or(def["x-aide"].as_str())
            .map(|a| a.replace(['[', ']'], "")),
        _ => None,
    };
    match aide {
        Some(a) if !description.is_empty() => format!("{description} {a}"),
        Some(a) => a,
        None => description,
    }
}

fn decimal(v: &Json) -> Option<Decimal> {
    v.as_number()
        .and_then(|n| n.to_string().parse::<Decimal>().ok())
}

/// The kind of a scalar (or list-of-scalars) property; `None` for what a cell cannot hold.
fn kind_of(root: &Json, prop: &Json) -> Option<Kind> {
    let is_rate = prop["$ref"].as_str() == Some("#/$defs/taux");
    let def = resolve(root, prop);
    if let Some(values) = def["enum"].as_array() {
        return Some(Kind::Enum(
            values
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
        ));
    }
    if let Some(c) = def["const"].as_str() {
        return Some(Kind::Enum(vec![c.to_string()]));
    }
    if def["const"].is_number() {
        return Some(Kind::Integer {
            min: decimal(&def["const"]),
            max: decimal(&def["const"]),
        });
    }
    match def["type"].as_str()? {
        "boolean" => Some(Kind::Bool),
        "string" if def["format"] == "date" => Some(Kind::Date),
        "string" => Some(Kind::Text),
        "integer" => Some(Kind::Integer {
            min: decimal(&def["minimum"]),
            max: decimal(&def["maximum"]),
        }),
        "number" if is_rate || (decimal(&def["maximum"]) == Some(Decimal::ONE)) => Some(Kind::Rate),
        "number" => Some(Kind::Number {
            min: decimal(&def["minimum"]),
        }),
        "array" => match resolve(root, &def["items"])["type"].as_str()? {
            "string" => Some(Kind::Keywords),
            "integer" => Some(Kind::Years),
            _ => None,
        },
        _ => None,
    }
}

fn collect_required(schema: &Json, prefix: &str, out: &mut Vec<String>) {
    for key in schema["required"].as_array().into_iter().flatten() {
        if let Some(k) = key.as_str() {
            let path = join(prefix, k);
            if !out.contains(&path) {
                out.push(path);
            }
        }
    }
    for (key, sub) in schema["properties"].as_object().into_iter().flatten() {
        if sub.get("required").is_some() {
            collect_required(sub, &join(prefix, key), out);
        }
    }
}

/// Whether a conditional's `if` holds for a dossier of this type at this stage. Only the
/// shapes the dossier schema uses are understood (`required`, and `const` or `enum` on
/// `type` and `etape`); any other condition is taken as not met.
fn condition_holds(cond: &Json, kind: &str, stage: Stage) -> bool {
    let Some(props) = cond["properties"].as_object() else {
        return false;
    };
    let known = |key: &str| match key {
        "type" => Some(kind),
        "etape" => Some(stage.as_str()),
        _ => None,
    };
    for key in cond["required"].as_array().into_iter().flatten() {
        if key.as_str().and_then(known).is_none() {
            return false;
        }
    }
    props.iter().all(|(key, rule)| {
        let Some(value) = known(key) else {
            return false;
        };
        if let Some(c) = rule["const"].as_str() {
            return c == value;
        }
        if let Some(list) = rule["enum"].as_array() {
            return list.iter().any(|v| v.as_str() == Some(value));
        }
        false
    })
}

#[cfg(test)]
#[path = "fields_tests.rs"]
mod tests;
