//! Step 2 of the pipeline: the dossier's structure, checked against the embedded JSON Schema
//! (draft 2020-12), every error turned into a finding located on the dossier's own line.

pub mod json;
pub(crate) mod messages;
pub(crate) mod parts;
pub(crate) mod tree;

use crate::codes::Code;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, RandomState};
use std::sync::{LazyLock, OnceLock};

use jsonschema::{ValidationError, Validator};
use serde_json::Value as Json;

use crate::finding::Finding;
use crate::lang::Lang;
use crate::load::Document;

pub(crate) use messages::error_to_finding;
use parts::Parts;

/// The dossier schema, as shipped (`cooplabel schema dossier` prints it).
pub const DOSSIER_SCHEMA: &str = include_str!("dossier.schema.json");

/// A compiled schema with its JSON text (kept to read titles, help texts and property names).
pub struct Schema {
    /// The schema document.
    pub json: Json,
    validator: Validator<tree::Tree>,
    /// The shallow parts that explain an invalid document (compiled when first needed).
    parts: OnceLock<Option<Parts>>,
}

/// Compiles a schema for the value tree: draft 2020-12, and `format` (dates) asserted, not
/// just annotated.
fn build(json: &Json) -> Result<Validator<tree::Tree>, String> {
    jsonschema::options_for::<tree::Tree>()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(json)
        .map_err(|e| e.to_string())
}

impl Schema {
    /// Compiles a schema document.
    pub fn compile(json: Json) -> Result<Self, String> {
        let validator = build(&json)?;
        Ok(Schema {
            json,
            validator,
            parts: OnceLock::new(),
        })
    }

    /// The shallow parts of the schema (see [`parts`]).
    pub(crate) fn parts(&self) -> Option<&Parts> {
        self.parts
            .get_or_init(|| Parts::new(&self.json).ok())
            .as_ref()
    }

    /// Validates an instance against the schema; findings are located in `doc`. At most `max`
    /// findings are built (in the validator's order, which follows the document); the others
    /// are only counted, so that a file of a million mistakes costs neither the time to word
    /// them nor the memory to hold them.
    pub(crate) fn check(&self, doc: &Document, lang: Lang, max: usize) -> SchemaFindings {
        let mut out = SchemaFindings::default();
        // The fast path: most dossiers are valid, and `is_valid` stops at nothing to explain.
        if self.validator.is_valid(&doc.root) {
            return out;
        }
        // Keeps one finding per wrong value: a date like `31/12/2000` breaks both the `pattern`
        // and the `format` of the schema's date, and the user needs to hear it once, in the
        // most precise words. Missing and unknown keys are all kept (each names a different
        // key). Values whose finding is built are indexed by pointer; values past `max` only
        // by the pointer's hash (a collision could only miscount the findings left out).
        let mut shown: HashMap<String, (usize, usize)> = HashMap::new();
        let mut counted: HashSet<u64> = HashSet::new();
        let mut missing: HashMap<String, usize> = HashMap::new();
        let hasher = RandomState::new();
        let mut sink = |error: &ValidationError<'_>, at: &str, schema: &Json| {
            let code = messages::code_of(error.kind());
            if let Some(key) = missing_key(error, at) {
                // One finding per missing key, however many branches require it: the stages
                // of the dossier schema add up (`allOf` of `if etape in …`), so `creation` is
                // required by the branch of every stage up to the dossier's. The branches come
                // in the schema's order, lowest stage first: the last one to require the key
                // is the dossier's own stage, whose help replaces the others'.
                if let Some(index) = missing.get(&key) {
                    if let Some(f) = error_to_finding(error, at, schema, doc, lang, 1).pop() {
                        out.findings[*index] = f;
                    }
                    return true;
                }
                let hash = hasher.hash_one(&key);
                if counted.insert(hash) {
                    if out.findings.len() < max {
                        missing.insert(key, out.findings.len());
                        out.findings
                            .extend(error_to_finding(error, at, schema, doc, lang, 1));
                    } else {
                        out.left_out += 1;
                    }
                }
                return true;
            }
            let Some(rank) = precision(code) else {
                let budget = max.saturating_sub(out.findings.len());
                let built = error_to_finding(error, at, schema, doc, lang, budget);
                out.left_out += messages::finding_count(error.kind()) - built.len();
                out.findings.extend(built);
                return true;
            };
            let pointer = format!("{at}{}", error.instance_path().as_str());
            if let Some((kept_rank, index)) = shown.get_mut(&pointer) {
                if rank < *kept_rank {
                    *kept_rank = rank;
                    if let Some(f) = error_to_finding(error, at, schema, doc, lang, 1).pop() {
                        out.findings[*index] = f;
                    }
                }
                return true;
            }
            let hash = hasher.hash_one(&pointer);
            if counted.contains(&hash) {
                return true;
            }
            if out.findings.len() < max {
                let built = error_to_finding(error, at, schema, doc, lang, 1);
                debug_assert!(built.iter().all(|f| f.code == code.as_str()));
                shown.insert(pointer, (rank, out.findings.len()));
                out.findings.extend(built);
            } else {
                counted.insert(hash);
                out.left_out += 1;
            }
            true
        };
        let complete = self
            .parts()
            .is_some_and(|parts| parts.errors(&doc.root, &mut sink));
        // A safety net, unreachable with the shipped schemas (tested): when the parts fail, or
        // find nothing although `is_valid` said no, the full schema explains.
        if !complete || (out.findings.is_empty() && out.left_out == 0) {
            out = SchemaFindings::default();
            for error in self.validator.iter_errors(&doc.root) {
                let budget = max.saturating_sub(out.findings.len());
                let built = error_to_finding(&error, "", &self.json, doc, lang, budget);
                out.left_out += messages::finding_count(error.kind()) - built.len();
                out.findings.extend(built);
            }
        }
        out
    }
}

/// The pointer of the key a `required` error says is missing (`/creation`), none for the
/// other errors.
fn missing_key(error: &ValidationError<'_>, at: &str) -> Option<String> {
    let jsonschema::error::ValidationErrorKind::Required { property } = error.kind() else {
        return None;
    };
    let name = property.as_str().unwrap_or_default();
    // Marked apart from the pointers of wrong values, which share the set of counted hashes.
    Some(format!(
        "required:{at}{}/{}",
        error.instance_path().as_str(),
        crate::load::tree::escape_segment(name)
    ))
}

/// The findings of one validation.
#[derive(Debug, Default)]
pub(crate) struct SchemaFindings {
    /// The findings built, at most the `max` asked for.
    pub findings: Vec<Finding>,
    /// How many more there are.
    pub left_out: usize,
}

/// How precisely a code words a wrong value (lower is more precise); `None` for the codes of
/// keys (missing, unknown), which are never merged.
fn precision(code: Code) -> Option<usize> {
    const PRECISION: [Code; 7] = [
        Code::Sc001,
        Code::Sc006,
        Code::Sc004,
        Code::Sc007,
        Code::Sc005,
        Code::Sc008,
        Code::Sc009,
    ];
    PRECISION.iter().position(|c| *c == code)
}

/// The dossier schema, compiled once per process and shared by all threads.
pub(crate) fn dossier() -> &'static Schema {
    static SCHEMA: LazyLock<Schema> = LazyLock::new(|| {
        // Embedded at build time and tested to compile: no user input reaches this.
        let json = serde_json::from_str(DOSSIER_SCHEMA).expect("embedded dossier schema is JSON");
        Schema::compile(json).expect("embedded dossier schema compiles")
    });
    &SCHEMA
}

/// Validates a dossier against the dossier schema, building at most `max` findings.
pub(crate) fn check_dossier(doc: &Document, lang: Lang, max: usize) -> SchemaFindings {
    dossier().check(doc, lang, max)
}

#[cfg(test)]
#[path = "schema_tests.rs"]
mod tests;
