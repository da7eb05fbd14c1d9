//! The mapping file (« correspondance »): which column feeds which field of a list section,
//! with value tables, date and number formats, pseudonymisation. It is read with the project's
//! YAML loader (every key and value keeps its span) and checked against its own JSON Schema,
//! generated from the dossier schema: a field the dossier format does not have is refused on its
//! line, with a "did you mean", exactly like an unknown key of a dossier.

use crate::codes::Code;
use std::path::Path;
use std::sync::{Arc, LazyLock};

use serde_json::{Value as Json, json};

use super::convert::{DateFormat, Reading};
use super::fields::{Field, Kind, ListSection, Model, model};
use super::normalize;
use crate::finding::{Finding, Origin, Severity};
use crate::lang::Lang;
use crate::load::{Document, Limits, Node, Value, load_str};
use crate::schema::Schema;
use crate::source::{SourceFile, Span};
use crate::tr;

/// The built-in mapping for enDI's entrepreneur export (`--mapping endi`).
pub(crate) const ENDI: &str = include_str!("endi.yaml");

/// Built-in mappings by name.
pub(crate) const BUILT_IN: &[(&str, &str)] = &[("endi", ENDI)];

/// Where a field's value comes from.
#[derive(Debug, Clone)]
pub(crate) enum Feed {
    /// The first of these columns that the sheet has.
    Columns(Vec<String>),
    /// The same value on every row.
    Constant(Value),
}

/// One field of a mapping.
#[derive(Debug, Clone)]
pub(crate) struct FieldMap {
    /// The dossier field.
    pub field: Field,
    /// Where its value comes from.
    pub origin: Feed,
    /// How cells are read.
    pub reading: Reading,
    /// Replace the value by its pseudonym.
    pub pseudonymise: bool,
    /// When this other column holds anything, the field takes this value instead.
    pub override_if_filled: Option<(Vec<String>, Value)>,
}

/// Rows left aside by design when a column holds one of these values.
#[derive(Debug, Clone)]
pub(crate) struct Skip {
    /// The column (first present of these titles).
    pub columns: Vec<String>,
    /// Values (normalized).
    pub values: Vec<String>,
}

/// The mapping of one list section.
#[derive(Debug, Clone)]
pub(crate) struct SectionMap {
    /// The section.
    pub section: ListSection,
    /// Sheet name (first sheet when absent).
    pub sheet: Option<String>,
    /// Row of the headers, 1-based; the first non-empty row when absent.
    pub header_row: Option<usize>,
    /// Rows left aside.
    pub skip: Vec<Skip>,
    /// The fields, in schema order.
    pub fields: Vec<FieldMap>,
    /// Fields the mapping names with `si_champ_connu` that this version's format lacks.
    pub unknown_fields: Vec<String>,
    /// Tables of an item (`cape`) left out of a row, with a warning, when the row lacks part
    /// of them (`omettre_si_incomplet`): the export knows when a CAPE began, not when it ended,
    /// and a CAPE with an invented end would change what CJ002 and CJ005 deduct.
    pub omit_if_incomplete: Vec<String>,
}

/// A loaded mapping.
#[derive(Debug, Clone)]
pub(crate) struct Mapping {
    /// Its title.
    pub title: Option<String>,
    /// Its note (a built-in mapping says it is to be checked against a real export).
    pub note: Option<String>,
    /// CSV encoding imposed.
    pub encoding: Option<String>,
    /// CSV delimiter imposed.
    pub delimiter: Option<u8>,
    /// Sections mapped.
    pub sections: Vec<SectionMap>,
    /// The mapping's text, for located messages.
    pub source: Option<Arc<SourceFile>>,
    /// What to know before using it (a value the format of this version lacks).
    pub warnings: Vec<Finding>,
}

impl Mapping {
    /// The mapping of a section.
    pub(crate) fn section(&self, path: &str) -> Option<&SectionMap> {
        self.sections.iter().find(|s| s.section.path == path)
    }
}

/// The mapping used without `--mapping`: each field from a column named by its key
/// (`entree`) or its French title (`Entrée`), with the default readings.
pub(crate) fn default_for(section: &ListSection) -> SectionMap {
    SectionMap {
        section: section.clone(),
        sheet: None,
        header_row: None,
        skip: Vec::new(),
        fields: section
            .fields
            .iter()
            .map(|f| FieldMap {
                field: f.clone(),
                origin: Feed::Columns(vec![f.key.clone(), f.title.clone()]),
                reading: Reading::default(),
                pseudonymise: false,
                override_if_filled: None,
            })
            .collect(),
        unknown_fields: Vec::new(),
        omit_if_incomplete: Vec::new(),
    }
}

/// The mapping schema (`cooplabel schema mapping`), built from the dossier schema.
pub(crate) fn schema_json() -> &'static Json {
    static SCHEMA: LazyLock<Json> = LazyLock::new(|| build_schema(model()));
    &SCHEMA
}

fn compiled() -> &'static Schema {
    static COMPILED: LazyLock<Schema> = LazyLock::new(|| {
        // Generated from the embedded dossier schema and tested to compile.
        Schema::compile(schema_json().clone()).expect("the mapping schema compiles")
    });
    &COMPILED
}

fn build_schema(model: &Model) -> Json {
    let mut sections = serde_json::Map::new();
    let mut defs = serde_json::Map::new();
    for list in &model.lists {
        let def_name = format!("section_{}", list.path.replace('.', "_"));
        let mut fields = serde_json::Map::new();
        for f in &list.fields {
            fields.insert(
                f.key.clone(),
                json!({ "title": f.title, "description": f.help, "$ref": "#/$defs/champ" }),
            );
        }
        defs.insert(
            def_name.clone(),
            json!({
                "title": list.title,
                "description": format!("Les colonnes qui remplissent la section {} du dossier.", list.path),
                "x-aide": "Une section donne champs (un champ du dossier par clé), et si besoin feuille, ligne_entete, ignorer_si et omettre_si_incomplet.",
                "type": "object",
                "additionalProperties": false,
                "required": ["champs"],
                "properties": {
                    "feuille": { "title": "Feuille", "description": "Le nom de la feuille du classeur à lire ; la première feuille si absent.", "$ref": "#/$defs/texte" },
                    "ligne_entete": { "title": "Ligne des titres", "description": "Le numéro de la ligne des titres de colonnes (1 pour la première) ; la première ligne non vide si absent.", "type": "integer", "minimum": 1 },
                    "ignorer_si": { "title": "Lignes écartées", "description": "Les lignes écartées d'office (comptées dans le bilan, sans erreur) quand une colonne vaut l'une des valeurs données.", "type": "array", "items": { "$ref": "#/$defs/ignorer_si" } },
                    "omettre_si_incomplet": { "title": "Tables omises si incomplètes", "description": "Les tables d'une ligne (cape) laissées de côté, avec un avertissement, quand la ligne n'en donne qu'une partie (une date de début sans la date de fin) : la ligne est importée sans elles, au lieu d'être refusée ; à compléter à la main.", "type": "array", "items": { "$ref": "#/$defs/texte" } },
                    "champs": {
                        "title": "Champs",
                        "description": "Les champs du dossier remplis par cette section : seuls les champs du format du dossier sont admis.",
                        "x-aide": format!("Les champs de {} sont : {}.", list.path, list.fields.iter().map(|f| f.key.as_str()).collect::<Vec<_>>().join(", ")),
                        "type": "object",
                        "additionalProperties": false,
                        "properties": fields,
                    }
                }
            }),
        );
        sections.insert(
            list.path.clone(),
            json!({ "$ref": format!("#/$defs/{def_name}") }),
        );
    }
    let date_names: Vec<&str> = DateFormat::ALL.iter().map(|(_, n)| *n).collect();
    defs.insert("texte".into(), json!({ "type": "string", "minLength": 1 }));
    defs.insert(
        "colonnes".into(),
        json!({
            "title": "Colonne",
            "description": "Le titre de la colonne, ou une liste de titres : la première présente dans la feuille est lue. Les titres sont comparés sans tenir compte des majuscules, des accents ni des espaces en trop.",
            "anyOf": [
                { "$ref": "#/$defs/texte" },
                { "type": "array", "minItems": 1, "items": { "$ref": "#/$defs/texte" } }
            ]
        }),
    );
    defs.insert(
        "ignorer_si".into(),
        json!({
            "type": "object",
            "additionalProperties": false,
            "required": ["colonne", "valeurs"],
            "properties": {
                "colonne": { "$ref": "#/$defs/colonnes" },
                "valeurs": { "type": "array", "minItems": 1, "items": { "$ref": "#/$defs/texte" } },
                "source": { "$ref": "#/$defs/texte" }
            }
        }),
    );
    defs.insert(
        "champ".into(),
        json!({
            "title": "Champ",
            "description": "D'où vient la valeur d'un champ : une colonne (colonne), ou la même valeur pour toutes les lignes (valeur).",
            "x-aide": "Un champ s'écrit { colonne: \"Titre de la colonne\" }, avec si besoin valeurs (table des libellés), dates, pourcentage, pseudonymiser, vrai_si_renseignee, si_renseignee, si_champ_connu et source.",
            "type": "object",
            "additionalProperties": false,
            "anyOf": [ { "required": ["colonne"] }, { "required": ["valeur"] } ],
            "properties": {
                "colonne": { "$ref": "#/$defs/colonnes" },
                "valeur": { "title": "Valeur fixe", "description": "La même valeur pour toutes les lignes." },
                "valeurs": {
                    "title": "Table des valeurs",
                    "description": "Les libellés de la colonne et la valeur du dossier que chacun donne, par exemple \"Contrat d'appui au projet d'entreprise\": cape ou Oui: true. Un libellé est comparé sans tenir compte des majuscules ni des accents.",
                    "type": "object",
                    "additionalProperties": { "type": ["string", "boolean", "number"] }
                },
                "dates": {
                    "title": "Formats de date",
                    "description": "Les formats de date de la colonne, essayés dans l'ordre (défaut : AAAA-MM-JJ puis JJ/MM/AAAA). Une cellule date d'un classeur est toujours comprise.",
                    "type": "array", "minItems": 1, "items": { "enum": date_names }
                },
                "pourcentage": { "title": "En pourcentage", "description": "true si la colonne d'un taux est écrite en pourcentages (15 pour 15 %).", "type": "boolean" },
                "pseudonymiser": { "title": "Pseudonymiser", "description": "true pour remplacer la valeur par un pseudonyme (empreinte à clé, HMAC-SHA-256) : la même personne garde le même pseudonyme avec la même clé, et le nom ne sort pas de la coopérative. La clé est donnée par --key-file ou la variable COOPLABEL_PSEUDONYM_KEY.", "type": "boolean" },
                "vrai_si_renseignee": { "title": "Vrai si renseignée", "description": "true pour un champ oui/non qui vaut true quand la cellule contient quelque chose et false quand elle est vide (par exemple : un code analytique renseigné → comptabilité propre).", "type": "boolean" },
                "si_renseignee": {
                    "title": "Si une autre colonne est renseignée",
                    "description": "Quand cette autre colonne contient quelque chose, le champ prend cette valeur (par exemple : une date d'entrée au sociétariat → statut entrepreneur_salarie_associe).",
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["colonne", "valeur"],
                    "properties": { "colonne": { "$ref": "#/$defs/colonnes" }, "valeur": { "type": ["string", "boolean", "number"] } }
                },
                "si_champ_connu": { "title": "Seulement si le format le connaît", "description": "true pour un champ qu'une version plus récente du format du dossier ajoute : il est ignoré (et le bilan le dit) par une version qui ne le connaît pas, au lieu d'être refusé.", "type": "boolean" },
                "source": { "title": "Source", "description": "D'où vient le titre de la colonne (documentation de la correspondance).", "$ref": "#/$defs/texte" }
            }
        }),
    );
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:cooplabel:schema:correspondance:1",
        "title": "Correspondance d'import de cooplabel",
        "description": "Quelles colonnes d'un tableur ou d'un export remplissent quels champs des sections en liste du dossier (cooplabel import). Les champs admis sont ceux du format du dossier, et eux seuls.",
        "x-aide": "Une correspondance donne correspondance: 1 et sections, avec une section par liste du dossier : entrepreneurs, societaires, exercices, territoire.partenaires…",
        "type": "object",
        "additionalProperties": false,
        "required": ["correspondance", "sections"],
        "properties": {
            "correspondance": { "title": "Version du format", "description": "La version du format de correspondance ; aujourd'hui toujours 1.", "const": 1 },
            "titre": { "title": "Titre", "$ref": "#/$defs/texte" },
            "note": { "title": "Note", "description": "Ce qu'il faut savoir de cette correspondance (par exemple : à vérifier sur un export réel).", "$ref": "#/$defs/texte" },
            "encodage": { "title": "Encodage", "description": "L'encodage d'un fichier CSV, s'il ne faut pas le deviner.", "enum": ["utf-8", "windows-1252", "utf-16le", "utf-16be"] },
            "separateur": { "title": "Séparateur", "description": "Le séparateur d'un fichier CSV, s'il ne faut pas le deviner.", "enum": [";", ",", "\t", "|"] },
            "separateur_decimal": { "title": "Séparateur décimal", "description": "La virgule (1 234,56) ou le point (1,234.56), s'il ne faut pas le deviner nombre par nombre.", "enum": [",", "."] },
            "dates_excel": { "title": "Système de dates d'Excel", "description": "Pour les dates écrites en nombre de jours : 1900 (défaut, Excel sous Windows) ou 1904 (anciens classeurs Mac).", "enum": [1900, 1904] },
            "sections": {
                "title": "Sections",
                "type": "object",
                "additionalProperties": false,
                "minProperties": 1,
                "properties": sections,
            }
        },
        "$defs": defs,
    })
}

/// A mapping that could not be used: located findings in its text.
#[derive(Debug)]
pub(crate) struct MappingError {
    /// The findings.
    pub findings: Vec<Finding>,
    /// The mapping's text.
    pub source: Option<Arc<SourceFile>>,
}

/// Largest mapping file read: a mapping is a few kilobytes.
pub(crate) const MAX_MAPPING_BYTES: u64 = 1024 * 1024;

/// Loads a built-in mapping by name, or a mapping file.
pub(crate) fn load(spec: &str, lang: Lang) -> Result<Mapping, MappingError> {
    if let Some((name, text)) = BUILT_IN.iter().find(|(n, _)| *n == spec) {
        return parse(&format!("<correspondance {name}>"), text, lang);
    }
    let text = crate::load::read_regular(Path::new(spec), MAX_MAPPING_BYTES).map_err(|e| MappingError {
        findings: vec![Finding::new(
            Code::Im001,
            Severity::Error,
            Origin::Load,
            tr!(
                lang,
                "la correspondance « {} » ne peut pas être lue : {e} (correspondances intégrées : {})",
                "the mapping \"{}\" cannot be read: {e} (built-in mappings: {})",
                super::shown(spec),
                BUILT_IN.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
            ),
        )],
        source: None,
    })?;
    match crate::load::load_bytes(spec, text, &Limits::default()) {
        Ok(doc) => from_document(doc, lang),
        Err(failure) => Err(MappingError {
            findings: vec![failure.error.to_finding(lang)],
            source: failure.source,
        }),
    }
}

/// Parses a mapping's text.
pub(crate) fn parse(name: &str, text: &str, lang: Lang) -> Result<Mapping, MappingError> {
    match load_str(name, text, &Limits::default()) {
        Ok(doc) => from_document(doc, lang),
        Err(failure) => Err(MappingError {
            findings: vec![failure.error.to_finding(lang)],
            source: failure.source,
        }),
    }
}

fn from_document(mut doc: Document, lang: Lang) -> Result<Mapping, MappingError> {
    let unknown = prune_unknown_fields(&mut doc.root);
    let findings = compiled()
        .check(&doc, lang, crate::check::DEFAULT_MAX_FINDINGS)
        .findings;
    let source = Some(doc.source.clone());
    if !findings.is_empty() {
        return Err(MappingError { findings, source });
    }
    let mut problems = Vec::new();
    let mut mapping = read(&doc, unknown, lang, &mut problems);
    let (errors, warnings): (Vec<Finding>, Vec<Finding>) =
        problems.into_iter().partition(|f| f.blocking);
    if errors.is_empty() {
        // One warning per value, at its first use: a value table may lead to it many times.
        let mut seen = std::collections::HashSet::new();
        mapping.warnings = warnings
            .into_iter()
            .filter(|w| seen.insert(w.message.clone()))
            .collect();
        Ok(mapping)
    } else {
        Err(MappingError {
            findings: errors,
            source,
        })
    }
}

/// Removes the fields marked `si_champ_connu: true` that this version's format does not
/// have, and returns them per section: the schema then sees only the fields it knows, and a
/// typo (without the mark) is refused as an unknown key.
fn prune_unknown_fields(root: &mut Node) -> Vec<(String, String)> {
    let mut removed = Vec::new();
    let Value::Map(entries) = &mut root.value else {
        return removed;
    };
    let Some(sections) = entries.iter_mut().find(|e| e.key == "sections") else {
        return removed;
    };
    let Value::Map(sections) = &mut sections.node.value else {
        return removed;
    };
    for section in sections.iter_mut() {
        let Some(list) = model().list(&section.key) else {
            continue;
        };
        let Value::Map(keys) = &mut section.node.value else {
            continue;
        };
        let Some(champs) = keys.iter_mut().find(|e| e.key == "champs") else {
            continue;
        };
        let Value::Map(fields) = &mut champs.node.value else {
            continue;
        };
        fields.retain(|f| {
            let flagged = f
                .node
                .get("si_champ_connu")
                .is_some_and(|n| n.value == Value::Bool(true));
            let keep = !flagged || list.field(&f.key).is_some();
            if !keep {
                removed.push((section.key.clone(), f.key.clone()));
            }
            keep
        });
    }
    removed
}

fn strings(node: Option<&Node>) -> Vec<String> {
    match node.map(|n| &n.value) {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Seq(items)) => items
            .iter()
            .filter_map(|n| n.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

/// Reads a mapping already valid against its schema; value-table entries that the field cannot
/// take are reported on their line.
fn read(
    doc: &Document,
    unknown: Vec<(String, String)>,
    lang: Lang,
    problems: &mut Vec<Finding>,
) -> Mapping {
    let root = &doc.root;
    let text = |key: &str| root.get(key).and_then(Node::as_str).map(str::to_string);
    let decimal = root
        .get("separateur_decimal")
        .and_then(Node::as_str)
        .and_then(|s| s.chars().next());
    let excel_1904 = matches!(root.get("dates_excel").map(|n| &n.value), Some(Value::Number(d)) if *d == rust_decimal::Decimal::from(1904));
    let mut sections = Vec::new();
    if let Some(Value::Map(entries)) = root.get("sections").map(|n| &n.value) {
        for entry in entries {
            let Some(list) = model().list(&entry.key) else {
                continue;
            };
            let node = &entry.node;
            let mut fields = Vec::new();
            if let Some(Value::Map(champs)) = node.get("champs").map(|n| &n.value) {
                for f in &list.fields {
                    let Some(spec) = champs.iter().find(|c| c.key == f.key) else {
                        continue;
                    };
                    fields.push(field_map(
                        f, &spec.node, decimal, excel_1904, lang, problems,
                    ));
                }
            }
            for table in node
                .get("omettre_si_incomplet")
                .map(Node::items)
                .unwrap_or_default()
            {
                let name = table.as_str().unwrap_or_default();
                let prefix = format!("{name}.");
                if !list.fields.iter().any(|f| f.key.starts_with(&prefix)) {
                    problems.push(located(
                        table.span,
                        tr!(
                            lang,
                            "« {} » n'est pas une table d'une ligne de {}",
                            "\"{}\" is not a table of a row of {}",
                            super::shown(name),
                            list.path
                        ),
                        lang,
                    ));
                }
            }
            sections.push(SectionMap {
                section: list.clone(),
                sheet: node
                    .get("feuille")
                    .and_then(Node::as_str)
                    .map(str::to_string),
                header_row: match node.get("ligne_entete").map(|n| &n.value) {
                    Some(Value::Number(d)) => usize::try_from(*d).ok(),
                    _ => None,
                },
                skip: node
                    .get("ignorer_si")
                    .map(Node::items)
                    .unwrap_or_default()
                    .iter()
                    .map(|s| Skip {
                        columns: strings(s.get("colonne")),
                        values: strings(s.get("valeurs"))
                            .iter()
                            .map(|v| normalize(v))
                            .collect(),
                    })
                    .collect(),
                fields,
                unknown_fields: unknown
                    .iter()
                    .filter(|(s, _)| *s == entry.key)
                    .map(|(_, f)| f.clone())
                    .collect(),
                omit_if_incomplete: strings(node.get("omettre_si_incomplet")),
            });
        }
    }
    Mapping {
        title: text("titre"),
        note: text("note"),
        encoding: text("encodage"),
        delimiter: root
            .get("separateur")
            .and_then(Node::as_str)
            .and_then(|s| s.bytes().next()),
        sections,
        source: Some(doc.source.clone()),
        warnings: Vec::new(),
    }
}

fn field_map(
    field: &Field,
    spec: &Node,
    decimal: Option<char>,
    excel_1904: bool,
    lang: Lang,
    problems: &mut Vec<Finding>,
) -> FieldMap {
    let flag = |key: &str| spec.get(key).is_some_and(|n| n.value == Value::Bool(true));
    let mut reading = Reading {
        decimal,
        excel_1904,
        percent: flag("pourcentage"),
        filled_is_true: flag("vrai_si_renseignee"),
        ..Reading::default()
    };
    if let Some(dates) = spec.get("dates") {
        reading.dates = dates
            .items()
            .iter()
            .filter_map(|n| n.as_str().and_then(DateFormat::parse))
            .collect();
    }
    if let Some(Value::Map(table)) = spec.get("valeurs").map(|n| &n.value) {
        for e in table {
            check_target(field, &e.node, lang, problems);
            reading
                .values
                .push((normalize(&e.key), e.node.value.clone()));
        }
    }
    let override_if_filled = spec.get("si_renseignee").map(|o| {
        if let Some(v) = o.get("valeur") {
            check_target(field, v, lang, problems);
        }
        (
            strings(o.get("colonne")),
            o.get("valeur")
                .map(|n| n.value.clone())
                .unwrap_or(Value::Null),
        )
    });
    let origin = match spec.get("valeur") {
        Some(v) if spec.get("colonne").is_none() => {
            check_target(field, v, lang, problems);
            Feed::Constant(v.value.clone())
        }
        _ => Feed::Columns(strings(spec.get("colonne"))),
    };
    if flag("pseudonymiser") && field.kind != Kind::Text {
        problems.push(located(
            spec.get("pseudonymiser").map_or(spec.span, |n| n.span),
            tr!(
                lang,
                "seul un champ de texte peut être pseudonymisé, et {} ne l'est pas",
                "only a text field can be pseudonymised, and {} is not one",
                field.key
            ),
            lang,
        ));
    }
    FieldMap {
        field: field.clone(),
        origin,
        reading,
        pseudonymise: flag("pseudonymiser"),
        override_if_filled,
    }
}

fn located(span: Span, message: String, lang: Lang) -> Finding {
    located_as(Code::Im002, span, message, lang)
}

fn located_as(code: Code, span: Span, message: String, lang: Lang) -> Finding {
    let mut f = Finding::new(code, Severity::Error, Origin::Load, message)
        .at(span, lang.pick("ici", "here"));
    f.blocking = true;
    f
}

/// A value a mapping gives a field (fixed value, value table) must be one the field takes: an
/// enum code, a boolean for a yes/no field. A code the format of this version lacks (a code a
/// later version adds) only warns: rows that use it are left out, each said.
fn check_target(field: &Field, v: &Node, lang: Lang, problems: &mut Vec<Finding>) {
    match (&field.kind, &v.value) {
        (Kind::Enum(codes), Value::String(s)) if !codes.contains(s) => {
            let mut f = located_as(
                Code::Im003,
                v.span,
                tr!(
                    lang,
                    "« {} » n'est pas une valeur du champ {} dans cette version du format (valeurs : {}) : les lignes qui y mènent seront laissées de côté",
                    "\"{}\" is not a value of the field {} in this version of the format (values: {}): rows that lead to it will be left out",
                    super::shown(s),
                    field.key,
                    codes.join(", ")
                ),
                lang,
            );
            f.severity = Severity::Warning;
            f.blocking = false;
            problems.push(f);
        }
        (Kind::Bool, Value::Bool(_)) | (Kind::Enum(_), Value::String(_)) => {}
        (Kind::Bool, _) => problems.push(located(
            v.span,
            tr!(
                lang,
                "le champ {} est oui/non : écrivez true ou false",
                "the field {} is yes/no: write true or false",
                field.key
            ),
            lang,
        )),
        _ => {}
    }
}

#[cfg(test)]
#[path = "mapping_tests.rs"]
mod tests;
