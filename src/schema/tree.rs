//! The value tree read directly by the JSON Schema validator (`jsonschema`'s `Json`
//! representation trait), so that a dossier is validated without being copied into a
//! `serde_json::Value` first: that copy was a tenth of the time of a whole check.
//!
//! Numbers stay `Decimal`; the validator gets them as exact digits (`as_str`, `to_number`),
//! which it compares exactly (the `arbitrary-precision` feature). Dates are the strings
//! `YYYY-MM-DD` they were written as.

use std::borrow::Cow;
use std::str::FromStr;

use jsonschema::json::{Array, Json, JsonNumber, Node as JsonNode, NodeIdentity, Object};
use jsonschema::types::JsonType;
// The lazy instance type is named by `jsonschema`'s representation crate only.
use jsonschema_value::LazyInstance;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde_json::Value as JsonValue;

use super::json::to_json;
use crate::load::{Entry, Node, Value};
use crate::source::Span;

/// The representation: nodes are `&load::Node`.
pub struct Tree;

impl Json for Tree {
    type Node<'a> = &'a Node;
    type PreparedKey = String;
    type StringBuffer = Node;
    // Lookups scan a mapping's entries in order: a members pass beats more than a few of them.
    const KEYS_PER_LOOKUP: usize = 4;

    fn prepare_key(key: &str) -> String {
        key.to_owned()
    }

    fn with_string_node<T>(buffer: &mut Node, string: &str, f: impl FnOnce(&Node) -> T) -> T {
        match &mut buffer.value {
            Value::String(existing) => {
                existing.clear();
                existing.push_str(string);
            }
            other => *other = Value::String(string.to_owned()),
        }
        f(buffer)
    }
}

impl Default for Node {
    fn default() -> Self {
        Node {
            value: Value::Null,
            span: Span::default(),
        }
    }
}

/// A mapping's entries, for the validator.
#[derive(Clone, Copy)]
pub struct Members<'a>(&'a [Entry]);

/// A sequence's items, for the validator.
#[derive(Clone, Copy)]
pub struct Items<'a>(&'a [Node]);

/// A number, for the validator.
#[derive(Clone, Copy)]
pub struct Number(Decimal);

impl JsonNumber for Number {
    fn as_u64(&self) -> Option<u64> {
        if self.0.fract().is_zero() {
            self.0.to_u64()
        } else {
            None
        }
    }

    fn as_i64(&self) -> Option<i64> {
        if self.0.fract().is_zero() {
            self.0.to_i64()
        } else {
            None
        }
    }

    // Required by the trait for keywords the dossier schema does not use with fractions; the
    // exact digits (`as_str`) are what the bounds are checked with.
    fn as_f64(&self) -> Option<f64> {
        self.0.to_f64()
    }

    fn as_str(&self) -> Cow<'_, str> {
        Cow::Owned(self.0.to_string())
    }

    fn to_number(&self) -> Cow<'_, serde_json::Number> {
        let n = serde_json::Number::from_str(&self.0.to_string())
            .unwrap_or_else(|_| serde_json::Number::from(0u8));
        Cow::Owned(n)
    }
}

impl<'a> JsonNode<'a, Tree> for &'a Node {
    type Object = Members<'a>;
    type Array = Items<'a>;
    type Number = Number;

    fn as_object(&self) -> Option<Members<'a>> {
        match &self.value {
            Value::Map(entries) => Some(Members(entries)),
            _ => None,
        }
    }

    fn as_array(&self) -> Option<Items<'a>> {
        match &self.value {
            Value::Seq(items) => Some(Items(items)),
            _ => None,
        }
    }

    fn as_string(&self) -> Option<Cow<'a, str>> {
        match &self.value {
            Value::String(s) => Some(Cow::Borrowed(s)),
            Value::Date(d) => Some(Cow::Owned(d.to_string())),
            _ => None,
        }
    }

    fn as_number(&self) -> Option<Number> {
        match &self.value {
            Value::Number(d) => Some(Number(*d)),
            _ => None,
        }
    }

    fn as_boolean(&self) -> Option<bool> {
        match &self.value {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }

    fn json_type(&self) -> JsonType {
        match &self.value {
            Value::Null => JsonType::Null,
            Value::Bool(_) => JsonType::Boolean,
            Value::Number(_) => JsonType::Number,
            Value::String(_) | Value::Date(_) => JsonType::String,
            Value::Seq(_) => JsonType::Array,
            Value::Map(_) => JsonType::Object,
        }
    }

    fn equals_value(&self, expected: &JsonValue) -> bool {
        // `enum` and `const` compare scalars: no copy of the value for them.
        match (&self.value, expected) {
            (Value::String(s), JsonValue::String(e)) => s == e,
            (Value::Date(d), JsonValue::String(e)) => d.to_string() == *e,
            (Value::Bool(b), JsonValue::Bool(e)) => b == e,
            (Value::Null, JsonValue::Null) => true,
            (Value::Number(d), JsonValue::Number(e)) => {
                Decimal::from_str(&e.to_string()).is_ok_and(|e| e == *d)
            }
            (Value::Seq(_) | Value::Map(_), _) => {
                jsonschema::json::cmp::equal(&to_json(self), expected)
            }
            _ => false,
        }
    }

    fn to_value(&self) -> Cow<'a, JsonValue> {
        Cow::Owned(to_json(self))
    }

    fn lazy_value(&self) -> LazyInstance<'a> {
        // The instance a validation error carries. Findings read values from the tree itself
        // (`messages.rs`), never from this copy, and a copy of a mapping per error made every
        // missing key at a dossier's root cost a copy of the whole dossier. Scalars are cheap.
        match &self.value {
            Value::Seq(_) | Value::Map(_) => LazyInstance::Ready(Cow::Owned(JsonValue::Null)),
            _ => LazyInstance::Ready(self.to_value()),
        }
    }

    fn identity(&self) -> Option<NodeIdentity> {
        Some(NodeIdentity::new(std::ptr::from_ref::<Node>(self) as usize))
    }
}

impl<'a> Object<'a, Tree> for Members<'a> {
    type Node = &'a Node;
    type MemberName = &'a str;
    type MembersIter =
        std::iter::Map<std::slice::Iter<'a, Entry>, fn(&'a Entry) -> (&'a str, &'a Node)>;

    fn len(&self) -> usize {
        self.0.len()
    }

    fn get(&self, key: &String) -> Option<&'a Node> {
        self.0.iter().find(|e| e.key == *key).map(|e| &e.node)
    }

    fn members(&self) -> Self::MembersIter {
        fn pair(e: &Entry) -> (&str, &Node) {
            (e.key.as_str(), &e.node)
        }
        self.0
            .iter()
            .map(pair as fn(&'a Entry) -> (&'a str, &'a Node))
    }
}

impl<'a> Array<'a, Tree> for Items<'a> {
    type Node = &'a Node;
    type ElementsIter = std::slice::Iter<'a, Node>;

    fn len(&self) -> usize {
        self.0.len()
    }

    fn elements(&self) -> std::slice::Iter<'a, Node> {
        self.0.iter()
    }
}
