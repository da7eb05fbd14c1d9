//! Values met while evaluating a rule: dossier nodes (kept by reference, so that a failing
//! value can be located without any pointer being built on the way) or computed values.

use std::borrow::Cow;
use std::cmp::Ordering;

use jiff::civil::Date;
use rust_decimal::Decimal;

use crate::lang::Lang;
use crate::load::tree::escape_segment;
use crate::load::{Node, Value};
use crate::numfmt;
use crate::rules::expr::Lit;
use crate::source::Span;

/// Where a value is (or should be) in the dossier.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Loc<'a> {
    /// A node of the dossier.
    Node(&'a Node),
    /// A value that is missing: the deepest node that exists and the segments below it.
    Missing(&'a Node, &'a [String]),
}

/// A value during evaluation.
#[derive(Debug, Clone)]
pub(crate) enum Val<'a> {
    /// No value (missing, `~`, or a computation on a missing value), and where it was sought.
    Absent(Option<Loc<'a>>),
    /// A boolean.
    Bool(bool),
    /// A decimal.
    Num(Decimal),
    /// A date.
    Date(Date),
    /// A text.
    Str(Cow<'a, str>),
    /// A computed or literal list.
    List(Vec<Val<'a>>),
    /// A node of the dossier (scalars are read from it on use).
    Node(&'a Node),
}

impl<'a> Val<'a> {
    /// A literal.
    pub(crate) fn lit(l: &'a Lit) -> Self {
        match l {
            Lit::Null => Val::Absent(None),
            Lit::Bool(b) => Val::Bool(*b),
            Lit::Num(d) => Val::Num(*d),
            Lit::Date(d) => Val::Date(*d),
            Lit::Str(s) => Val::Str(Cow::Borrowed(s)),
        }
    }

    /// Reads a scalar node into a plain value (collections stay nodes; `~` is absent).
    pub(crate) fn resolve(self) -> Self {
        match self {
            Val::Node(n) => match &n.value {
                Value::Null => Val::Absent(Some(Loc::Node(n))),
                Value::Bool(b) => Val::Bool(*b),
                Value::Number(d) => Val::Num(*d),
                Value::Date(d) => Val::Date(*d),
                Value::String(s) => Val::Str(Cow::Borrowed(s)),
                Value::Seq(_) | Value::Map(_) => Val::Node(n),
            },
            other => other,
        }
    }

    /// Where this value is in the dossier, if it comes from there.
    pub(crate) fn loc(&self) -> Option<Loc<'a>> {
        match self {
            Val::Node(n) => Some(Loc::Node(n)),
            Val::Absent(l) => *l,
            _ => None,
        }
    }

    /// The scalar this value holds, borrowed (no clone on the hot path of comparisons).
    pub(crate) fn scalar(&self) -> Scalar<'_> {
        match self {
            Val::Absent(_) => Scalar::Absent,
            Val::Bool(b) => Scalar::Bool(*b),
            Val::Num(d) => Scalar::Num(*d),
            Val::Date(d) => Scalar::Date(*d),
            Val::Str(s) => Scalar::Str(s),
            Val::List(_) => Scalar::Other,
            Val::Node(n) => match &n.value {
                Value::Null => Scalar::Absent,
                Value::Bool(b) => Scalar::Bool(*b),
                Value::Number(d) => Scalar::Num(*d),
                Value::Date(d) => Scalar::Date(*d),
                Value::String(s) => Scalar::Str(s),
                Value::Seq(_) | Value::Map(_) => Scalar::Other,
            },
        }
    }

    /// The number, if it is one.
    pub(crate) fn num(&self) -> Option<Decimal> {
        match self.scalar() {
            Scalar::Num(d) => Some(d),
            _ => None,
        }
    }

    /// The date, if it is one (a literal text date counts).
    pub(crate) fn date(&self) -> Option<Date> {
        self.scalar().date()
    }

    /// Whether it is `true`.
    pub(crate) fn truthy(&self) -> bool {
        matches!(self.scalar(), Scalar::Bool(true))
    }

    /// Whether it is absent.
    pub(crate) fn is_absent(&self) -> bool {
        matches!(self.scalar(), Scalar::Absent)
    }

    /// The items of a list (a sequence node or a computed list).
    pub(crate) fn items(&self) -> Vec<Val<'a>> {
        match self {
            Val::Node(n) => match &n.value {
                Value::Seq(items) => items.iter().map(Val::Node).collect(),
                _ => Vec::new(),
            },
            Val::List(v) => v.clone(),
            _ => Vec::new(),
        }
    }

    /// Whether it is a list.
    pub(crate) fn is_list(&self) -> bool {
        matches!(self, Val::List(_))
            || matches!(self, Val::Node(n) if matches!(n.value, Value::Seq(_)))
    }

    /// Equality of two values: numbers, dates (a text date equals a date), texts, booleans.
    /// Absent values equal nothing.
    pub(crate) fn equals(&self, other: &Val<'a>) -> Option<bool> {
        let (a, b) = (self.scalar(), other.scalar());
        match (a, b) {
            (Scalar::Absent, _) | (_, Scalar::Absent) => None,
            (Scalar::Num(x), Scalar::Num(y)) => Some(x == y),
            (Scalar::Bool(x), Scalar::Bool(y)) => Some(x == y),
            (Scalar::Str(x), Scalar::Str(y)) => Some(x == y),
            (Scalar::Date(_), _) | (_, Scalar::Date(_)) => match (a.date(), b.date()) {
                (Some(x), Some(y)) => Some(x == y),
                _ => Some(false),
            },
            _ => Some(false),
        }
    }

    /// Order of two numbers, two dates or two texts.
    pub(crate) fn order(&self, other: &Val<'a>) -> Option<Ordering> {
        let (a, b) = (self.scalar(), other.scalar());
        match (a, b) {
            (Scalar::Num(x), Scalar::Num(y)) => Some(x.cmp(&y)),
            (Scalar::Str(x), Scalar::Str(y)) if a.date().is_none() || b.date().is_none() => {
                Some(x.cmp(y))
            }
            _ => match (a.date(), b.date()) {
                (Some(x), Some(y)) => Some(x.cmp(&y)),
                _ => None,
            },
        }
    }

    /// The value as text in a message.
    pub(crate) fn display(&self, percent: bool, lang: Lang) -> String {
        match self.clone().resolve() {
            Val::Absent(_) => lang.pick("(non renseigné)", "(not given)").to_string(),
            Val::Bool(b) => lang
                .pick(if b { "oui" } else { "non" }, if b { "yes" } else { "no" })
                .to_string(),
            Val::Num(d) if percent => numfmt::percent(d, lang),
            Val::Num(d) => numfmt::number(d, lang),
            Val::Date(d) => d.to_string(),
            // A dossier's text in a message: a line break or an escape sequence in it is shown,
            // never written (messages go to terminals and CI logs).
            Val::Str(s) => crate::report::escape::neutral(&s).into_owned(),
            Val::List(items) if items.is_empty() => lang.pick("(aucun)", "(none)").to_string(),
            Val::List(items) => items
                .iter()
                .map(|i| i.display(percent, lang))
                .collect::<Vec<_>>()
                .join(", "),
            Val::Node(n) => match &n.value {
                Value::Seq(items) if items.is_empty() => lang.pick("(aucun)", "(none)").to_string(),
                Value::Seq(items) => items
                    .iter()
                    .map(|i| Val::Node(i).display(percent, lang))
                    .collect::<Vec<_>>()
                    .join(", "),
                _ => "…".to_string(),
            },
        }
    }
}

/// A borrowed scalar, for comparisons.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Scalar<'v> {
    /// No value.
    Absent,
    /// A boolean.
    Bool(bool),
    /// A decimal.
    Num(Decimal),
    /// A date.
    Date(Date),
    /// A text.
    Str(&'v str),
    /// A list or a mapping.
    Other,
}

impl Scalar<'_> {
    /// The date, if it is one (a text in `YYYY-MM-DD` counts).
    pub(crate) fn date(self) -> Option<Date> {
        match self {
            Scalar::Date(d) => Some(d),
            Scalar::Str(s) => crate::load::scalar::parse_date(s),
            _ => None,
        }
    }
}

/// The JSON pointer of a node of the tree, found by identity (only for the values that a
/// finding reports, so nothing is built while rules pass).
///
/// The walk is guided by spans: a node's source range holds its children's, in order, so each
/// level is a binary search and a dossier of 35 000 entrepreneurs failing a rule each costs
/// 35 000 short descents, not 35 000 walks of the whole tree. An alias's copy keeps its
/// anchor's span, which may lie outside its parent's: when the guided walk misses, a full walk
/// (allocation-free until found) finds it.
pub(crate) fn pointer_of(root: &Node, target: &Node) -> Option<String> {
    let mut path = Vec::new();
    if !descend(root, target, &mut path, true) {
        path.clear();
        if !descend(root, target, &mut path, false) {
            return None;
        }
    }
    let mut pointer = String::new();
    for seg in path {
        pointer.push('/');
        match seg {
            Seg::Key(k) => pointer.push_str(&escape_segment(k)),
            Seg::Index(i) => pointer.push_str(&i.to_string()),
        }
    }
    Some(pointer)
}

/// One step of a path in the tree.
enum Seg<'t> {
    Key(&'t str),
    Index(usize),
}

/// Whether `outer` holds `inner` in the source.
fn holds(outer: Span, inner: Span) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

/// The descent by identity. `guided`: only into the children whose span holds the target's,
/// found by binary search (children come in source order); else into every child.
fn descend<'t>(node: &'t Node, target: &Node, path: &mut Vec<Seg<'t>>, guided: bool) -> bool {
    if std::ptr::eq(node, target) {
        return true;
    }
    let t = target.span;
    let mut try_child = |seg: Seg<'t>, child: &'t Node| {
        path.push(seg);
        let found = descend(child, target, path, guided);
        if !found {
            path.pop();
        }
        found
    };
    match &node.value {
        Value::Map(entries) => {
            let first = if guided {
                entries.partition_point(|e| e.node.span.end.max(e.key_span.end) < t.start)
            } else {
                0
            };
            for e in &entries[first..] {
                if guided && e.key_span.start > t.start {
                    break;
                }
                let candidate = !guided || holds(e.node.span, t) || std::ptr::eq(&e.node, target);
                if candidate && try_child(Seg::Key(&e.key), &e.node) {
                    return true;
                }
            }
        }
        Value::Seq(items) => {
            let first = if guided {
                items.partition_point(|n| n.span.end < t.start)
            } else {
                0
            };
            for (i, item) in items.iter().enumerate().skip(first) {
                if guided && item.span.start > t.start {
                    break;
                }
                if (!guided || holds(item.span, t)) && try_child(Seg::Index(i), item) {
                    return true;
                }
            }
        }
        _ => {}
    }
    false
}

/// The JSON pointer of a location.
pub(crate) fn loc_pointer(root: &Node, loc: Loc<'_>) -> Option<String> {
    match loc {
        Loc::Node(n) => pointer_of(root, n),
        Loc::Missing(parent, rest) => {
            let mut p = pointer_of(root, parent)?;
            for seg in rest {
                p.push('/');
                p.push_str(&escape_segment(seg));
            }
            Some(p)
        }
    }
}
