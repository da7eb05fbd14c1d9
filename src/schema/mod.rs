//! Step 2 of the pipeline: the dossier's structure, checked against the embedded JSON Schema
//! (draft 2020-12), every error turned into a finding located on the dossier's own line.

pub mod json;
pub mod messages;
pub mod tree;

use std::sync::LazyLock;

use jsonschema::Validator;
use serde_json::Value as Json;

use crate::finding::Finding;
use crate::lang::Lang;
use crate::load::Document;

pub use messages::error_to_finding;

/// The dossier schema, as shipped (`cooplabel schema dossier` prints it).
pub const DOSSIER_SCHEMA: &str = include_str!("dossier.schema.json");

/// A compiled schema with its JSON text (kept to read titles, help texts and property names).
pub struct Schema {
    /// The schema document.
    pub json: Json,
    validator: Validator<tree::Tree>,
}

impl Schema {
    /// Compiles a schema document. `format` (dates) is asserted, not just annotated.
    pub fn compile(json: Json) -> Result<Self, String> {
        let validator = jsonschema::options_for::<tree::Tree>()
            .with_draft(jsonschema::Draft::Draft202012)
            .should_validate_formats(true)
            .build(&json)
            .map_err(|e| e.to_string())?;
        Ok(Schema { json, validator })
    }

    /// Validates an instance against the schema; findings are located in `doc`.
    pub fn check(&self, doc: &Document, lang: Lang) -> Vec<Finding> {
        // The fast path: most dossiers are valid, and `is_valid` stops at nothing to explain.
        if self.validator.is_valid(&doc.root) {
            return Vec::new();
        }
        let findings = self
            .validator
            .iter_errors(&doc.root)
            .flat_map(|e| error_to_finding(&e, &self.json, doc, lang));
        one_per_value(findings)
    }
}

/// Keeps one finding per wrong value: a date like `31/12/2000` breaks both the `pattern` and
/// the `format` of the schema's date, and the user needs to hear it once, in the most precise
/// words. Missing and unknown keys are all kept (each names a different key).
fn one_per_value(findings: impl Iterator<Item = Finding>) -> Vec<Finding> {
    const PRECISION: [&str; 7] = [
        "SC001", "SC006", "SC004", "SC007", "SC005", "SC008", "SC009",
    ];
    let rank = |f: &Finding| PRECISION.iter().position(|c| *c == f.code);
    let mut kept: Vec<Finding> = Vec::new();
    for f in findings {
        let Some(r) = rank(&f) else {
            kept.push(f);
            continue;
        };
        match kept
            .iter_mut()
            .find(|k| k.pointer == f.pointer && rank(k).is_some())
        {
            Some(k) if rank(k) > Some(r) => *k = f,
            Some(_) => {}
            None => kept.push(f),
        }
    }
    kept
}

/// The dossier schema, compiled once per process and shared by all threads.
pub fn dossier() -> &'static Schema {
    static SCHEMA: LazyLock<Schema> = LazyLock::new(|| {
        // Embedded at build time and tested to compile: no user input reaches this.
        let json = serde_json::from_str(DOSSIER_SCHEMA).expect("embedded dossier schema is JSON");
        Schema::compile(json).expect("embedded dossier schema compiles")
    });
    &SCHEMA
}

/// Validates a dossier against the dossier schema.
pub fn check_dossier(doc: &Document, lang: Lang) -> Vec<Finding> {
    dossier().check(doc, lang)
}

#[cfg(test)]
#[path = "schema_tests.rs"]
mod tests;
