//! Explaining an invalid document one list item at a time.
//!
//! `jsonschema` collects every error of a document before it hands out the first one (its
//! `iter_errors` fills a `Vec`), at about 330 bytes an error. A list of 160 000 entrepreneurs
//! written `- {}` (a 1 MB file) is 800 000 missing keys: 360 MB before the first finding is
//! built. So an invalid document is explained in parts: first with a *shallow* schema, where
//! every `items: {"$ref": …}` is replaced by a marker that accepts anything, then each item of
//! those lists with the schema of its `$defs` entry (itself shallow, so nested lists are taken
//! apart the same way). At any moment only one part's errors are held: memory is bounded by
//! the largest list item, not by the number of errors; and the caller stops building findings
//! past `--max-findings`.
//!
//! The fast path is unchanged: a valid document is recognised by the full schema's
//! `is_valid`, which allocates nothing.

use std::collections::HashMap;
use std::sync::OnceLock;

use jsonschema::{ValidationError, Validator};
use serde_json::{Map, Value as Json};

use super::tree::Tree;
use crate::load::tree::escape_segment;
use crate::load::{Node, Value};

/// The keyword that replaces `items: {"$ref": R}` in a shallow schema: `{MARK: R}`. Unknown
/// keywords are annotations in draft 2020-12, so the marker accepts every item.
const MARK: &str = "x-par-element";

/// Most `$ref` hops followed from one schema object without reaching a property or an item
/// (the shipped schemas have two at most; a loop of references must not loop here).
const MAX_REF_HOPS: usize = 16;

/// A shallow schema document and its validator.
pub(crate) struct Part {
    /// The document (the one validation errors' schema paths point into).
    pub json: Json,
    /// Its compiled validator.
    pub validator: Validator<Tree>,
}

/// The shallow root and, compiled when first needed, one part per `$defs` entry used as the
/// schema of a list's items.
pub(crate) struct Parts {
    root: Part,
    items: HashMap<String, OnceLock<Option<Part>>>,
}

impl Parts {
    /// Builds the shallow root of `schema` (compiled now) and the list of item parts (compiled
    /// when an invalid item first needs one).
    pub(crate) fn new(schema: &Json) -> Result<Parts, String> {
        let mut json = schema.clone();
        let mut refs = Vec::new();
        shallow(&mut json, &mut refs);
        let root = Part::compile(json)?;
        let items = refs.into_iter().map(|r| (r, OnceLock::new())).collect();
        Ok(Parts { root, items })
    }

    /// Calls `sink` with every validation error of `node`, part by part (see the module's
    /// documentation), with the JSON pointer of the part's node and the part's schema. `sink`
    /// returns `false` to stop. Returns `false` if a part could not be compiled (a bug: the
    /// caller then asks the full schema instead).
    pub(crate) fn errors<'a>(
        &'a self,
        node: &'a Node,
        sink: &mut dyn FnMut(&ValidationError<'_>, &str, &Json) -> bool,
    ) -> bool {
        let mut complete = true;
        self.part_errors(&self.root, node, "", sink, &mut complete);
        complete
    }

    /// Compiles every item part now (for tests: they must all compile).
    #[cfg(test)]
    pub(crate) fn compile_all(&self) -> bool {
        self.items.keys().all(|r| self.item_part(r).is_some())
    }

    /// The errors of one part, then of the items of its shallow lists. Returns `false` once
    /// `sink` asked to stop.
    fn part_errors<'a>(
        &'a self,
        part: &'a Part,
        node: &'a Node,
        pointer: &str,
        sink: &mut dyn FnMut(&ValidationError<'_>, &str, &Json) -> bool,
        complete: &mut bool,
    ) -> bool {
        // `is_valid` first: it allocates nothing, and most items of a list are right.
        if !part.validator.is_valid(node) {
            for error in part.validator.iter_errors(node) {
                if !sink(&error, pointer, &part.json) {
                    return false;
                }
            }
        }
        let mut lists = Vec::new();
        shallow_lists(&part.json, &part.json, node, pointer, 0, &mut lists);
        for (reference, at, items) in lists {
            let Some(item_part) = self.item_part(reference) else {
                *complete = false;
                return false;
            };
            for (i, item) in items.iter().enumerate() {
                if !self.part_errors(item_part, item, &format!("{at}/{i}"), sink, complete) {
                    return false;
                }
            }
        }
        true
    }

    /// The part for the items of lists whose schema is `$ref: reference`.
    fn item_part(&self, reference: &str) -> Option<&Part> {
        let cell = self.items.get(reference)?;
        cell.get_or_init(|| {
            let mut doc = Map::new();
            if let Some(draft) = self.root.json.get("$schema") {
                doc.insert("$schema".into(), draft.clone());
            }
            doc.insert("$ref".into(), Json::String(reference.to_string()));
            if let Some(defs) = self.root.json.get("$defs") {
                doc.insert("$defs".into(), defs.clone());
            }
            // Built from a schema that compiled, and tested to compile: failing here would be a
            // bug, and the caller then falls back to the full schema's errors.
            Part::compile(Json::Object(doc)).ok()
        })
        .as_ref()
    }
}

impl Part {
    fn compile(json: Json) -> Result<Part, String> {
        let validator = super::build(&json)?;
        Ok(Part { json, validator })
    }
}

/// Replaces `items: {"$ref": R}` by `items: {MARK: R}` where it is safe, and collects the
/// `R`s. Safe means the validator can only apply that schema object through `properties` and
/// `$ref` steps (and the items of other such lists) from the root: those are the steps
/// [`shallow_lists`] follows to find the lists to explain item by item. A list reached through
/// a condition (`anyOf`, `then`, `additionalProperties`…) anywhere keeps its full items schema,
/// so that no error can go unseen.
fn shallow(schema: &mut Json, refs: &mut Vec<String>) {
    let reach = reach(schema);
    for (pointer, via_conditions) in reach {
        if via_conditions {
            continue;
        }
        let Some(items) = schema
            .pointer_mut(&pointer)
            .and_then(|o| o.get_mut("items"))
        else {
            continue;
        };
        if let Some(r) = lone_ref(items).map(str::to_string) {
            if !refs.contains(&r) {
                refs.push(r.clone());
            }
            *items = serde_json::json!({ MARK: r });
        }
    }
}

/// The target of `{"$ref": "#…"}` alone.
fn lone_ref(schema: &Json) -> Option<&str> {
    schema
        .as_object()
        .filter(|o| o.len() == 1)?
        .get("$ref")?
        .as_str()
}

/// Every schema object the validator may apply from the root, by pointer, with whether some
/// path to it goes through a step other than `properties`, `$ref` and a lone-`$ref` `items`.
fn reach(schema: &Json) -> HashMap<String, bool> {
    let mut seen: HashMap<String, bool> = HashMap::new();
    let mut stack = vec![(String::new(), false)];
    while let Some((pointer, via_conditions)) = stack.pop() {
        match seen.get(&pointer) {
            Some(&known) if known || !via_conditions => continue,
            _ => {}
        }
        seen.insert(pointer.clone(), via_conditions);
        let Some(Json::Object(object)) = schema.pointer(&pointer) else {
            continue;
        };
        for (keyword, value) in object {
            let here = format!("{pointer}/{}", escape_segment(keyword));
            let target = |r: &str| r.strip_prefix('#').map(str::to_string);
            match keyword.as_str() {
                "$ref" => {
                    if let Some(t) = value.as_str().and_then(target) {
                        stack.push((t, via_conditions));
                    }
                }
                "properties" => {
                    for name in value.as_object().into_iter().flat_map(|o| o.keys()) {
                        stack.push((format!("{here}/{}", escape_segment(name)), via_conditions));
                    }
                }
                "items" => match lone_ref(value).and_then(target) {
                    Some(t) => stack.push((t, via_conditions)),
                    None => stack.push((here, true)),
                },
                "patternProperties" | "dependentSchemas" => {
                    for name in value.as_object().into_iter().flat_map(|o| o.keys()) {
                        stack.push((format!("{here}/{}", escape_segment(name)), true));
                    }
                }
                "allOf" | "anyOf" | "oneOf" | "prefixItems" => {
                    for i in 0..value.as_array().map_or(0, Vec::len) {
                        stack.push((format!("{here}/{i}"), true));
                    }
                }
                "additionalProperties"
                | "not"
                | "if"
                | "then"
                | "else"
                | "contains"
                | "propertyNames"
                | "unevaluatedItems"
                | "unevaluatedProperties" => {
                    stack.push((here, true));
                }
                _ => {}
            }
        }
    }
    seen
}

/// The lists below `node` whose items the shallow `schema` did not look at: their items'
/// `$ref`, their pointer and their items. Follows `properties` and `$ref` only: the shipped
/// schemas declare every list as a property (conditions only add constraints to them).
fn shallow_lists<'a>(
    root: &'a Json,
    schema: &'a Json,
    node: &'a Node,
    pointer: &str,
    hops: usize,
    out: &mut Vec<(&'a str, String, &'a [Node])>,
) {
    if let Some(target) = schema
        .get("$ref")
        .and_then(Json::as_str)
        .and_then(|r| r.strip_prefix('#'))
        .and_then(|p| root.pointer(p))
        && hops < MAX_REF_HOPS
    {
        shallow_lists(root, target, node, pointer, hops + 1, out);
    }
    match &node.value {
        Value::Map(entries) => {
            let Some(properties) = schema.get("properties").and_then(Json::as_object) else {
                return;
            };
            for entry in entries {
                if let Some(sub) = properties.get(&entry.key) {
                    let at = format!("{pointer}/{}", escape_segment(&entry.key));
                    shallow_lists(root, sub, &entry.node, &at, 0, out);
                }
            }
        }
        Value::Seq(items) => {
            if let Some(reference) = schema
                .get("items")
                .and_then(|i| i.get(MARK))
                .and_then(Json::as_str)
            {
                out.push((reference, pointer.to_string(), items));
            }
        }
        _ => {}
    }
}
