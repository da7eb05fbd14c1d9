//! Builds the value tree from saphyr's event stream.
//!
//! The tree is built here rather than by saphyr's own loader because we need what it does not
//! give: byte spans for every key and value (saphyr counts characters), a depth limit checked
//! before recursion (deep block nesting overflows saphyr's recursive loader), an alias budget
//! counted in expanded nodes, a total node budget, and duplicate keys reported at the second
//! occurrence with the first one as a second label.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Span as CharSpan};

use super::error::LoadError;
use super::limits::Limits;
use super::scalar::{resolve_plain, resolve_tagged};
use super::tree::{Entry, Node, Value};
use crate::source::Span;

/// Parses `text` (one YAML document whose root is a mapping) into a value tree.
#[cfg(test)]
pub(super) fn parse(text: &str, limits: &Limits) -> Result<Node, LoadError> {
    parse_keeping(text, limits, None)
}

/// Parses `text`, building only the root keys in `keep` (all of them with `None`): the others
/// are scanned but left as nulls, which is what linking a batch's years needs from each file
/// (its identity) at a fraction of a full read. Kept values have the same spans as in a full
/// parse; an alias to an anchor inside a skipped value is an error (the caller reads the file
/// fully then).
pub(super) fn parse_keeping(
    text: &str,
    limits: &Limits,
    keep: Option<&[&str]>,
) -> Result<Node, LoadError> {
    let mut builder = Builder::new(text, limits);
    builder.keep = keep;
    let mut parser = Parser::new_from_str(text);
    while let Some(event) = parser.next_event() {
        match event {
            Ok((Event::StreamEnd, _)) => break,
            Ok((event, span)) => builder.on_event(event, span)?,
            Err(err) => return Err(builder.syntax_error(&err)),
        }
        // Every kept key is built: the rest of the text is not read (scanning it is most of
        // the cost). A later duplicate of a kept key is the full read's to refuse.
        if builder.keep.is_some_and(|k| builder.kept == k.len()) {
            return builder.finish_early();
        }
    }
    builder.finish()
}

/// A collection being built.
enum Frame {
    Seq {
        start: usize,
        flow: bool,
        anchor: usize,
        items: Vec<Node>,
    },
    Map {
        start: usize,
        flow: bool,
        anchor: usize,
        entries: Vec<Entry>,
        key: Option<(String, Span)>,
        /// Key → entry index, built once a mapping is large enough for linear search to hurt.
        index: Option<HashMap<String, usize>>,
    },
}

/// saphyr's scanner counts bracket nesting in a byte: it stops at 256 levels of `[`/`{`.
const FLOW_DEPTH_LIMIT: usize = 256;

/// Beyond this many entries, duplicate keys are found with a hash map.
const LINEAR_KEY_SEARCH: usize = 32;

struct Builder<'a> {
    text: &'a str,
    limits: &'a Limits,
    cursor: CharCursor<'a>,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Node>,
    root: Option<Node>,
    documents: usize,
    nodes: usize,
    alias_nodes: usize,
    /// The root keys built (all with `None`).
    keep: Option<&'a [&'a str]>,
    /// Nesting depth inside a skipped value (0: not skipping).
    skip: usize,
    /// How many of the `keep` keys the root has, built.
    kept: usize,
}

impl<'a> Builder<'a> {
    fn new(text: &'a str, limits: &'a Limits) -> Self {
        Builder {
            text,
            limits,
            cursor: CharCursor::new(text),
            stack: Vec::new(),
            anchors: HashMap::new(),
            root: None,
            documents: 0,
            nodes: 0,
            alias_nodes: 0,
            keep: None,
            skip: 0,
            kept: 0,
        }
    }

    fn bytes(&mut self, span: CharSpan) -> Span {
        let start = self.cursor.byte(span.start.index());
        let end = self.cursor.byte(span.end.index());
        Span::new(start, end.max(start))
    }

    fn syntax_error(&mut self, err: &ScanError) -> LoadError {
        let mut at = self.cursor.byte(err.marker().index()).min(self.text.len());
        if err.info().contains("recursion limit") {
            // saphyr's scanner refuses flow nesting past 256 levels before it yields any event:
            // it is the same limit, met earlier.
            return LoadError::TooDeep {
                limit: FLOW_DEPTH_LIMIT.min(self.limits.max_depth),
                at: Span::new(at, next_char_end(self.text, at)),
                reader: self.limits.max_depth > FLOW_DEPTH_LIMIT,
            };
        }
        if err.info().contains("tab") {
            // saphyr stops next to the tab (at the end of the value before it, or just after
            // it): show the tab itself, which a person cannot see. Look from the start of the
            // line where it stopped.
            let line_start = self.text[..at].rfind('\n').map_or(0, |i| i + 1);
            let window_end = self.text[line_start..]
                .char_indices()
                .nth(400)
                .map_or(self.text.len(), |(i, _)| line_start + i);
            if let Some(i) = self.text[line_start..window_end].find('\t') {
                at = line_start + i;
            }
        }
        LoadError::Syntax {
            detail: err.info().to_string(),
            at: Span::new(at, next_char_end(self.text, at)),
        }
    }

    /// Whether the next value is one of the root's that `keep` leaves out.
    fn skips_next_value(&self) -> bool {
        self.keep.is_some_and(|keep| {
            matches!(self.stack.as_slice(), [Frame::Map { key: Some((k, _)), .. }]
                if !keep.contains(&k.as_str()))
        })
    }

    /// Skips a value left out by `keep`, counting its collections' nesting; the value is
    /// replaced by a null, so the root keeps its key. Returns whether `event` was skipped.
    fn skip(&mut self, event: &Event<'_>, span: CharSpan) -> Result<bool, LoadError> {
        let opens = matches!(event, Event::SequenceStart(..) | Event::MappingStart(..));
        let closes = matches!(event, Event::SequenceEnd | Event::MappingEnd);
        if self.skip == 0 {
            if !self.skips_next_value() {
                return Ok(false);
            }
            if opens {
                self.skip = 1;
                return Ok(true);
            }
            if !matches!(event, Event::Scalar(..) | Event::Alias(_)) {
                return Ok(false);
            }
        } else if opens {
            self.skip += 1;
            return Ok(true);
        } else if closes {
            self.skip -= 1;
            if self.skip > 0 {
                return Ok(true);
            }
        } else {
            return Ok(true);
        }
        // The skipped value ends here: its key gets a null.
        let at = self.bytes(span).end;
        self.push(
            Node {
                value: Value::Null,
                span: Span::new(at, at),
            },
            0,
        )?;
        Ok(true)
    }

    fn on_event(&mut self, event: Event<'_>, span: CharSpan) -> Result<(), LoadError> {
        if self.keep.is_some() && self.skip(&event, span)? {
            return Ok(());
        }
        match event {
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    let at = self.bytes(span);
                    return Err(LoadError::MultipleDocuments {
                        at: Span::new(at.start, next_char_end(self.text, at.start)),
                    });
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                let raw = self.bytes(span);
                let span = self.scalar_span(raw, style);
                let value = match (&style, &tag) {
                    (_, Some(tag)) if tag.is_yaml_core_schema() => {
                        resolve_tagged(&text, &tag.suffix)
                    }
                    (ScalarStyle::Plain, _) => resolve_plain(&text),
                    _ => Value::String(text.to_string()),
                };
                self.count(1, span)?;
                if let Some(Frame::Map {
                    entries,
                    key: key @ None,
                    index,
                    ..
                }) = self.stack.last_mut()
                {
                    // A key keeps its own text (`2000`, `"a b"`), whatever it would resolve to.
                    set_key(entries, key, index, text.to_string(), span)?;
                    if anchor != 0 {
                        self.anchors.insert(anchor, Node { value, span });
                    }
                    return Ok(());
                }
                self.push(Node { value, span }, anchor)?;
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                let is_map = matches!(event, Event::MappingStart(..));
                let span = self.bytes(span);
                if self.stack.len() >= self.limits.max_depth {
                    return Err(LoadError::TooDeep {
                        reader: false,
                        limit: self.limits.max_depth,
                        at: Span::new(span.start, next_char_end(self.text, span.start)),
                    });
                }
                if let Some(Frame::Map { key: None, .. }) = self.stack.last() {
                    return Err(LoadError::ComplexKey {
                        at: self.line_head(span.start),
                    });
                }
                self.count(1, span)?;
                let flow = span.end > span.start;
                self.stack.push(if is_map {
                    Frame::Map {
                        start: span.start,
                        flow,
                        anchor,
                        entries: Vec::new(),
                        key: None,
                        index: None,
                    }
                } else {
                    Frame::Seq {
                        start: span.start,
                        flow,
                        anchor,
                        items: Vec::new(),
                    }
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let close = self.bytes(span);
                let (node, anchor) = match self.stack.pop() {
                    Some(Frame::Seq {
                        start,
                        flow,
                        anchor,
                        items,
                    }) => {
                        let end = if flow {
                            close.end
                        } else {
                            items.last().map_or(start, |n| n.span.end)
                        };
                        let span = Span::new(start, end.max(start));
                        (
                            Node {
                                value: Value::Seq(items),
                                span,
                            },
                            anchor,
                        )
                    }
                    Some(Frame::Map {
                        start,
                        flow,
                        anchor,
                        entries,
                        ..
                    }) => {
                        let end = if flow {
                            close.end
                        } else {
                            entries
                                .last()
                                .map_or(start, |e| e.node.span.end.max(e.key_span.end))
                        };
                        let span = Span::new(start, end.max(start));
                        (
                            Node {
                                value: Value::Map(entries),
                                span,
                            },
                            anchor,
                        )
                    }
                    None => return Ok(()),
                };
                self.push(node, anchor)?;
            }
            Event::Alias(id) => {
                let span = self.bytes(span);
                let Some(mut node) = self.anchors.get(&id).cloned() else {
                    return Err(LoadError::Syntax {
                        detail: "unknown anchor".into(),
                        at: span,
                    });
                };
                let size = node.size();
                self.alias_nodes += size;
                if self.alias_nodes > self.limits.max_alias_nodes {
                    return Err(LoadError::AliasBudget {
                        limit: self.limits.max_alias_nodes,
                        at: span,
                    });
                }
                self.count(size, span)?;
                node.span = span;
                self.push(node, 0)?;
            }
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
        }
        Ok(())
    }

    fn count(&mut self, n: usize, at: Span) -> Result<(), LoadError> {
        self.nodes += n;
        if self.nodes > self.limits.max_nodes {
            return Err(LoadError::TooManyNodes {
                limit: self.limits.max_nodes,
                at: Span::new(at.start, next_char_end(self.text, at.start)),
            });
        }
        Ok(())
    }

    /// The span of a scalar's content: without its anchor or tag, and without the line breaks
    /// that end a block scalar.
    fn scalar_span(&self, raw: Span, style: ScalarStyle) -> Span {
        let mut start = raw.start;
        let text = self.text;
        while start < raw.end && matches!(text.as_bytes()[start], b'&' | b'!') {
            let rest = &text[start..raw.end];
            let word = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let after = &rest[word..];
            start += word + (after.len() - after.trim_start().len());
        }
        // Block scalars end with their line breaks, and saphyr's quoted scalars run on past the
        // closing quote (blanks, even a comment): the value ends at its closing quote, or at its
        // last visible character.
        let body = &text[start..raw.end.max(start)];
        let end = match style {
            ScalarStyle::DoubleQuoted => closing_quote(body, '"', true),
            ScalarStyle::SingleQuoted => closing_quote(body, '\'', false),
            _ => None,
        }
        .map_or_else(|| start + body.trim_end().len(), |i| start + i);
        Span::new(start, end.max(start))
    }

    /// From `at` to the end of its line: where a construct that has no span of its own is shown.
    fn line_head(&self, at: usize) -> Span {
        let end = self.text[at..]
            .find('\n')
            .map_or(self.text.len(), |i| at + i);
        Span::new(at, at + self.text[at..end].trim_end().len())
    }

    /// Attaches a finished node to its parent (or makes it the root).
    fn push(&mut self, mut node: Node, anchor: usize) -> Result<(), LoadError> {
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        if let (
            Some(keep),
            [
                Frame::Map {
                    key: Some((k, _)), ..
                },
            ],
        ) = (self.keep, self.stack.as_slice())
            && keep.contains(&k.as_str())
        {
            self.kept += 1;
        }
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map {
                entries,
                key,
                index,
                ..
            }) => match key.take() {
                Some((k, key_span)) => {
                    // `key:` with nothing after it: show the (null) value on its key.
                    if node.span.start == node.span.end && node.value == Value::Null {
                        node.span = key_span;
                    }
                    if let Some(index) = index.as_mut() {
                        index.insert(k.clone(), entries.len());
                    } else if entries.len() >= LINEAR_KEY_SEARCH {
                        let mut map: HashMap<String, usize> = entries
                            .iter()
                            .enumerate()
                            .map(|(i, e)| (e.key.clone(), i))
                            .collect();
                        map.insert(k.clone(), entries.len());
                        *index = Some(map);
                    }
                    entries.push(Entry {
                        key: k,
                        key_span,
                        node,
                    });
                }
                None => {
                    let text = match &node.value {
                        Value::Seq(_) | Value::Map(_) => {
                            return Err(LoadError::ComplexKey { at: node.span });
                        }
                        Value::String(s) => s.clone(),
                        Value::Number(d) => d.to_string(),
                        Value::Date(d) => d.to_string(),
                        Value::Bool(b) => b.to_string(),
                        Value::Null => String::new(),
                    };
                    set_key(entries, key, index, text, node.span)?;
                }
            },
        }
        Ok(())
    }

    /// The root mapping as built so far (a read that stopped once it had the keys it keeps).
    fn finish_early(mut self) -> Result<Node, LoadError> {
        match self.stack.pop() {
            Some(Frame::Map { start, entries, .. }) if self.stack.is_empty() => {
                let end = entries
                    .last()
                    .map_or(start, |e| e.node.span.end.max(e.key_span.end));
                Ok(Node {
                    value: Value::Map(entries),
                    span: Span::new(start, end.max(start)),
                })
            }
            _ => Err(LoadError::NoData),
        }
    }

    fn finish(self) -> Result<Node, LoadError> {
        match self.root {
            None => Err(LoadError::NoData),
            Some(root) if !matches!(root.value, Value::Map(_)) => Err(LoadError::NotAMapping {
                found: root.value.kind_fr(),
                at: root.span,
            }),
            Some(root) => Ok(root),
        }
    }
}

/// The byte just after the closing quote of a quoted scalar that starts with `quote`:
/// `\"` escapes in double quotes, `''` in single quotes.
fn closing_quote(body: &str, quote: char, backslash: bool) -> Option<usize> {
    let mut chars = body.char_indices().skip(1).peekable();
    while let Some((i, c)) = chars.next() {
        if backslash && c == '\\' {
            chars.next();
        } else if c == quote {
            if !backslash && chars.peek().is_some_and(|&(_, n)| n == quote) {
                chars.next();
            } else {
                return Some(i + c.len_utf8());
            }
        }
    }
    None
}

/// Records the key of the next entry of a mapping, refusing a duplicate.
fn set_key(
    entries: &[Entry],
    key: &mut Option<(String, Span)>,
    index: &Option<HashMap<String, usize>>,
    text: String,
    span: Span,
) -> Result<(), LoadError> {
    let previous = match index {
        Some(index) => index.get(&text).map(|&i| entries[i].key_span),
        None => entries.iter().find(|e| e.key == text).map(|e| e.key_span),
    };
    if let Some(first) = previous {
        return Err(LoadError::DuplicateKey {
            key: text,
            first,
            second: span,
        });
    }
    *key = Some((text, span));
    Ok(())
}

/// The byte offset just after the character at `at` (an empty span would draw no caret).
fn next_char_end(text: &str, at: usize) -> usize {
    text.get(at..)
        .and_then(|rest| rest.chars().next())
        .map_or(at, |c| at + c.len_utf8())
}

/// Converts saphyr's character indices to byte offsets. Events arrive nearly in order, so the
/// cursor walks from its last position; ASCII text needs no walking at all.
struct CharCursor<'a> {
    text: &'a str,
    ascii: bool,
    chars: usize,
    bytes: usize,
}

impl<'a> CharCursor<'a> {
    fn new(text: &'a str) -> Self {
        CharCursor {
            text,
            ascii: text.is_ascii(),
            chars: 0,
            bytes: 0,
        }
    }

    fn byte(&mut self, char_index: usize) -> usize {
        if self.ascii {
            return char_index.min(self.text.len());
        }
        let bytes = self.text.as_bytes();
        // Forward: one step per character, its length read from its first byte (ASCII runs,
        // the common case, are one byte each).
        while self.chars < char_index && self.bytes < bytes.len() {
            let lead = bytes[self.bytes];
            self.bytes += match lead {
                0x00..=0x7F => 1,
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                _ => 4,
            };
            self.chars += 1;
        }
        // Backward: back to the previous character boundary.
        while self.chars > char_index && self.bytes > 0 {
            self.bytes -= 1;
            while self.bytes > 0 && !self.text.is_char_boundary(self.bytes) {
                self.bytes -= 1;
            }
            self.chars -= 1;
        }
        self.bytes.min(bytes.len())
    }
}

#[cfg(test)]
#[path = "yaml_tests.rs"]
mod tests;
