//! Source texts, byte spans and their line/column positions, and the excerpts of a text that a
//! report keeps.
//!
//! Spans are byte ranges (miette's `SourceSpan` is in bytes); lines and columns are derived from
//! them for JSON, SARIF and the diagnostic header, with columns counted in characters so that a
//! line with accents (`Société coopérative à …`) reports the column a person sees. Line breaks
//! are those of YAML: LF, CRLF, and a lone CR.
//!
//! A checked dossier does not keep its text: only an [`Excerpt`] of it — the lines around the
//! places its findings point at, with every character a terminal would interpret shown
//! escaped, and very long lines cut around those places. A batch's memory then does not depend
//! on the size of the files whose reports are waiting to be written, and a report never writes
//! a dossier's raw bytes.

use std::sync::Arc;

use miette::SourceSpan;

/// A byte range in a source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (bytes).
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// An empty span at `at`.
    pub fn point(at: usize) -> Self {
        Span { start: at, end: at }
    }
}

impl From<Span> for SourceSpan {
    fn from(s: Span) -> Self {
        SourceSpan::new(s.start.into(), s.end.saturating_sub(s.start))
    }
}

/// A place in a named text kept whole (a rule file): where a rule is declared, where a
/// parameter's dated value is written. The text travels with the place, so a report can show
/// it without reading the file again, and its line is computed, never parsed back.
#[derive(Clone)]
pub struct Location {
    /// The text.
    pub file: Arc<SourceFile>,
    /// The bytes of the place in it.
    pub span: Span,
}

impl Location {
    /// A place in `file`.
    pub(crate) fn new(file: Arc<SourceFile>, span: Span) -> Self {
        Location { file, span }
    }

    /// The file's name as diagnostics show it (`rules/parameters.yaml`).
    pub fn name(&self) -> &str {
        self.file.name()
    }

    /// The 1-based line and column where the place starts.
    pub fn line_col(&self) -> LineCol {
        self.file.line_col(self.span.start)
    }
}

/// Two places are the same when they are the same bytes of a file of the same name.
impl PartialEq for Location {
    fn eq(&self, other: &Self) -> bool {
        self.span == other.span && self.file.name() == other.file.name()
    }
}

impl Eq for Location {}

/// The place, not the whole text it is in.
impl std::fmt::Debug for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{self} {:?}", self.span)
    }
}

/// `rules/reserves.yaml:42`, as people cite a line.
impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.name(), self.line_col().line)
    }
}

/// A 1-based line and column (column in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineCol {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1, in Unicode scalar values.
    pub column: usize,
}

/// Bytes per block of the line index.
const BLOCK: usize = 1024;

/// Where lines start, in a few bytes per kilobyte of text whatever the number of lines: for
/// every block of [`BLOCK`] bytes, the number of line breaks and of characters before it. A
/// line or a column is then found by a lookup and a scan of at most one block, never of the
/// whole text (a file of ten million empty lines costs 160 KB of index, not 80 MB).
#[derive(Debug, Clone)]
struct LineIndex {
    /// Line breaks before each block start, then the total.
    breaks: Vec<usize>,
    /// Characters before each block start.
    chars: Vec<usize>,
}

/// Whether the byte at `i` ends a line: LF, or a CR not followed by LF (a CRLF ends at its LF).
fn is_break(b: &[u8], i: usize) -> bool {
    match b[i] {
        b'\n' => true,
        b'\r' => b.get(i + 1) != Some(&b'\n'),
        _ => false,
    }
}

fn count_breaks(b: &[u8], from: usize, to: usize) -> usize {
    (from..to).filter(|&i| is_break(b, i)).count()
}

fn count_chars(b: &[u8]) -> usize {
    b.iter().filter(|&&x| x & 0xC0 != 0x80).count()
}

impl LineIndex {
    fn new(text: &str) -> Self {
        let b = text.as_bytes();
        let blocks = b.len() / BLOCK + 1;
        let mut breaks = Vec::with_capacity(blocks + 1);
        let mut chars = Vec::with_capacity(blocks);
        let (mut nb, mut nc) = (0, 0);
        for start in (0..=b.len()).step_by(BLOCK) {
            breaks.push(nb);
            chars.push(nc);
            let end = (start + BLOCK).min(b.len());
            nb += count_breaks(b, start, end);
            nc += count_chars(&b[start..end]);
        }
        breaks.push(nb);
        LineIndex { breaks, chars }
    }

    /// The 0-based line of a byte offset (at most the text's length).
    fn line_of(&self, b: &[u8], offset: usize) -> usize {
        let block = offset / BLOCK;
        self.breaks[block] + count_breaks(b, block * BLOCK, offset)
    }

    /// Characters before a byte offset.
    fn chars_before(&self, b: &[u8], offset: usize) -> usize {
        let block = offset / BLOCK;
        self.chars[block] + count_chars(&b[block * BLOCK..offset])
    }

    /// Number of lines.
    fn lines(&self) -> usize {
        self.breaks.last().copied().unwrap_or(0) + 1
    }

    /// The byte where a 0-based line starts.
    fn line_start(&self, b: &[u8], line: usize) -> Option<usize> {
        if line == 0 {
            return Some(0);
        }
        if line >= self.lines() {
            return None;
        }
        // The last block with fewer than `line` breaks before it holds the line's first byte's
        // preceding break.
        let blocks = self.breaks.len() - 1;
        let block = self.breaks[..blocks].partition_point(|&n| n < line) - 1;
        let mut seen = self.breaks[block];
        for i in block * BLOCK..b.len() {
            if is_break(b, i) {
                seen += 1;
                if seen == line {
                    return Some(i + 1);
                }
            }
        }
        None
    }

    /// The byte where a 0-based line ends: its line break, or the end of the text.
    fn line_end(&self, b: &[u8], line: usize) -> usize {
        match self.line_start(b, line + 1) {
            Some(next) => {
                let end = next - 1;
                if b[end] == b'\n' && end > 0 && b[end - 1] == b'\r' {
                    end - 1
                } else {
                    end
                }
            }
            None => b.len(),
        }
    }
}

/// A named source text with its line index.
#[derive(Debug)]
pub struct SourceFile {
    name: String,
    text: String,
    index: LineIndex,
}

impl SourceFile {
    /// Wraps a text; `name` is what diagnostics show (a path, or `<stdin>`).
    pub(crate) fn new(name: impl Into<String>, text: String) -> Arc<Self> {
        let index = LineIndex::new(&text);
        Arc::new(SourceFile {
            name: name.into(),
            text,
            index,
        })
    }

    /// The name shown in diagnostics.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The whole text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Number of lines (a text ending with a line break has an empty last line).
    pub fn lines(&self) -> usize {
        self.index.lines()
    }

    /// The text of a 0-based line, without its line break (LF, CRLF or a lone CR).
    pub(crate) fn line(&self, line: usize) -> Option<&str> {
        let b = self.text.as_bytes();
        let start = self.index.line_start(b, line)?;
        Some(&self.text[start..self.index.line_end(b, line)])
    }

    /// The 1-based line and column of a byte offset.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let b = self.text.as_bytes();
        let offset = floor_char(&self.text, offset.min(b.len()));
        let line = self.index.line_of(b, offset);
        let start = self.index.line_start(b, line).unwrap_or(0);
        let column = self.index.chars_before(b, offset) - self.index.chars_before(b, start);
        LineCol {
            line: line + 1,
            column: column + 1,
        }
    }

    /// The part of `span` on its first line, without trailing blanks: a collection spanning
    /// many lines is shown by its first line only.
    pub(crate) fn head(&self, span: Span) -> Span {
        let start = floor_char(&self.text, span.start.min(self.text.len()));
        let end = floor_char(&self.text, span.end.clamp(start, self.text.len()));
        let line_end = self.text[start..end]
            .find(['\n', '\r'])
            .map_or(end, |i| start + i);
        let trimmed = self.text[start..line_end].trim_end().len();
        Span::new(start, start + trimmed)
    }

    /// What a report keeps of this text: the lines around `spans` (each span's lines, and
    /// [`Excerpt::CONTEXT`] lines before and after), escaped, long lines cut around the spans.
    pub(crate) fn excerpt(&self, spans: impl IntoIterator<Item = Span>) -> Excerpt {
        excerpt::build(self, spans.into_iter().collect())
    }
}

/// The largest character boundary at or before `i`.
fn floor_char(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

mod excerpt;
pub(crate) use excerpt::Excerpt;

#[cfg(test)]
#[path = "source_tests.rs"]
mod tests;
