//! The value tree as JSON, for the JSON Schema validator and for JSON output.

use std::str::FromStr;

use serde_json::{Map, Number, Value as Json};

use crate::load::{Node, Value};

/// Converts a node to JSON. Numbers stay exact (`serde_json` is built with
/// `arbitrary_precision`, so `16384.40` is carried as its digits, never through `f64`); dates
/// become `YYYY-MM-DD` strings.
pub fn to_json(node: &Node) -> Json {
    match &node.value {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Number(d) => decimal(d),
        Value::Date(d) => Json::String(d.to_string()),
        Value::String(s) => Json::String(s.clone()),
        Value::Seq(items) => Json::Array(items.iter().map(to_json).collect()),
        Value::Map(entries) => Json::Object(
            entries
                .iter()
                .map(|e| (e.key.clone(), to_json(&e.node)))
                .collect::<Map<_, _>>(),
        ),
    }
}

/// An exact JSON number from a decimal.
pub(crate) fn decimal(d: &rust_decimal::Decimal) -> Json {
    Number::from_str(&d.to_string()).map_or(Json::Null, Json::Number)
}
