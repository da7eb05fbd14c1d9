//! The value tree a dossier (or a rule file) is parsed into.
//!
//! Every node keeps the byte range of its source text, and every mapping entry the byte range of
//! its key, so that any finding, from the schema or from a rule, can be drawn on its own line
//! without searching the text again.

use jiff::civil::Date;
use rust_decimal::Decimal;

use crate::source::Span;

/// A value of the tree with the byte range it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value itself.
    pub value: Value,
    /// Byte range of the value in the source (for a collection, from its first to its last
    /// character).
    pub span: Span,
}

/// A YAML value, resolved with the YAML 1.2 core schema, except that numbers are exact decimals
/// and ISO calendar dates are dates.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `~`, `null` or nothing.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number, read from its source text (`16384.40` keeps its two decimals).
    Number(Decimal),
    /// A plain `YYYY-MM-DD` scalar that is a real calendar date.
    Date(Date),
    /// Any other scalar.
    String(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in source order; keys are unique (duplicates are refused at load).
    Map(Vec<Entry>),
}

/// One `key: value` entry of a mapping.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The key's text.
    pub key: String,
    /// Byte range of the key.
    pub key_span: Span,
    /// The value.
    pub node: Node,
}

impl Value {
    /// The JSON type name of the value, in French, for messages.
    pub fn kind_fr(&self) -> &'static str {
        match self {
            Value::Null => "une valeur vide",
            Value::Bool(_) => "un booléen",
            Value::Number(_) => "un nombre",
            Value::Date(_) => "une date",
            Value::String(_) => "un texte",
            Value::Seq(_) => "une liste",
            Value::Map(_) => "une table de clés",
        }
    }
}

impl Node {
    /// The entry `key` of a mapping node.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|e| e.key == key),
            _ => None,
        }
    }

    /// The value at `key` of a mapping node.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.node)
    }

    /// The items of a sequence node (empty for anything else).
    pub fn items(&self) -> &[Node] {
        match &self.value {
            Value::Seq(items) => items,
            _ => &[],
        }
    }

    /// The text of a string node.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The child designated by one JSON-pointer segment (a key, or an index in a sequence).
    pub fn child(&self, segment: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(_) => self.get(segment),
            Value::Seq(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        }
    }

    /// Resolves a JSON pointer (`/exercices/1/part_travail`) below this node.
    pub fn pointer(&self, pointer: &str) -> Option<&Node> {
        segments(pointer).try_fold(self, |node, seg| node.child(&seg))
    }

    /// Locates a JSON pointer as precisely as the tree allows: the node itself when it exists,
    /// else the deepest existing ancestor (a missing key is shown on its parent). Returns the
    /// node and whether it is the exact target.
    pub fn locate(&self, pointer: &str) -> (&Node, bool) {
        let mut node = self;
        for seg in segments(pointer) {
            match node.child(&seg) {
                Some(child) => node = child,
                None => return (node, false),
            }
        }
        (node, true)
    }

    /// Where a JSON pointer below this node is shown to a reader: a scalar by its value; a list
    /// or a mapping by its key, or by its head when it has none here (a list item, or this node
    /// itself); a missing value on the deepest collection that exists.
    pub fn shown(&self, pointer: &str) -> Shown {
        let mut node = self;
        let mut key_span = None;
        let mut exact = true;
        for seg in segments(pointer) {
            let next = match &node.value {
                Value::Map(entries) => entries
                    .iter()
                    .find(|e| e.key == seg)
                    .map(|e| (Some(e.key_span), &e.node)),
                Value::Seq(items) => seg
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| items.get(i))
                    .map(|n| (None, n)),
                _ => None,
            };
            match next {
                Some((k, n)) => {
                    key_span = k;
                    node = n;
                }
                None => {
                    exact = false;
                    break;
                }
            }
        }
        let (span, head) = match (&node.value, key_span) {
            (Value::Map(_) | Value::Seq(_), Some(key)) => (key, false),
            (Value::Map(_) | Value::Seq(_), None) => (node.head_span(), true),
            _ => (node.span, false),
        };
        Shown { span, exact, head }
    }

    /// The span of the key `key` of a mapping node at `pointer` (where an unknown key is shown).
    pub fn key_span(&self, pointer: &str, key: &str) -> Option<Span> {
        self.pointer(pointer)?.entry(key).map(|e| e.key_span)
    }

    /// Where a mapping is shown when one of its keys is missing: from its start to the end of
    /// its first entry (`id: E02` tells which entrepreneur), or the whole node if it is not a
    /// mapping with entries.
    pub fn head_span(&self) -> Span {
        match &self.value {
            Value::Map(entries) => match entries.first() {
                Some(first) => {
                    let end = match first.node.value {
                        Value::Map(_) | Value::Seq(_) => first.key_span.end,
                        _ => first.node.span.end.max(first.key_span.end),
                    };
                    Span::new(self.span.start.min(first.key_span.start), end)
                }
                None => self.span,
            },
            _ => self.span,
        }
    }

    /// Number of nodes in this subtree (this node included).
    pub fn size(&self) -> usize {
        1 + match &self.value {
            Value::Seq(items) => items.iter().map(Node::size).sum(),
            Value::Map(entries) => entries.iter().map(|e| e.node.size()).sum(),
            _ => 0,
        }
    }
}

/// Where a pointer is shown, from [`Node::shown`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shown {
    /// The span to underline.
    pub span: Span,
    /// Whether the pointer itself exists (else the span is its deepest existing ancestor's).
    pub exact: bool,
    /// Whether the span is a collection's head, which may run over several lines.
    pub head: bool,
}

/// Splits a JSON pointer into unescaped segments (`~1` is `/`, `~0` is `~`).
pub(crate) fn segments(pointer: &str) -> impl Iterator<Item = String> + '_ {
    pointer
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
}

/// Escapes one segment for a JSON pointer.
pub(crate) fn escape_segment(segment: &str) -> String {
    if segment.contains(['~', '/']) {
        segment.replace('~', "~0").replace('/', "~1")
    } else {
        segment.to_string()
    }
}
