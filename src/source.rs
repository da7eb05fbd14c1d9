//! Source texts, byte spans and their line/column positions.
//!
//! Spans are byte ranges (miette's `SourceSpan` is in bytes); lines and columns are derived from
//! them for JSON, SARIF and the diagnostic header, with columns counted in characters so that a
//! line with accents (`Société coopérative à …`) reports the column a person sees.

use std::sync::Arc;

use miette::{MietteError, SourceCode, SourceSpan, SpanContents};

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

/// A 1-based line and column (column in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineCol {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1, in Unicode scalar values.
    pub column: usize,
}

/// A named source text with its line index.
#[derive(Debug)]
pub struct SourceFile {
    name: String,
    text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    /// Wraps a text; `name` is what diagnostics show (a path, or `<stdin>`).
    pub fn new(name: impl Into<String>, text: String) -> Arc<Self> {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Arc::new(SourceFile {
            name: name.into(),
            text,
            line_starts,
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

    /// The 1-based line and column of a byte offset.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let column = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        LineCol {
            line: line + 1,
            column: column + 1,
        }
    }

    /// The part of `span` on its first line, without trailing blanks: a collection spanning
    /// many lines is shown by its first line only.
    pub fn head(&self, span: Span) -> Span {
        let start = span.start.min(self.text.len());
        let end = span.end.clamp(start, self.text.len());
        let line_end = self.text[start..end].find('\n').map_or(end, |i| start + i);
        let trimmed = self.text[start..line_end].trim_end().len();
        Span::new(start, start + trimmed)
    }
}

impl SourceCode for SourceFile {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self.text.read_span(span, before, after)?;
        // miette counts the header's column in bytes: recount it in characters.
        let start = inner.span().offset();
        let line_start = self.line_starts[self.line_starts.partition_point(|&s| s <= start) - 1];
        let column = self
            .text
            .get(line_start..start)
            .map_or(inner.column(), |s| s.chars().count());
        Ok(Box::new(CharColumn {
            inner,
            column,
            name: &self.name,
        }))
    }
}

/// Span contents whose column is counted in characters, named after the file.
struct CharColumn<'a> {
    inner: Box<dyn SpanContents<'a> + 'a>,
    column: usize,
    name: &'a str,
}

impl<'a> SpanContents<'a> for CharColumn<'a> {
    fn data(&self) -> &'a [u8] {
        self.inner.data()
    }
    fn span(&self) -> &SourceSpan {
        self.inner.span()
    }
    fn name(&self) -> Option<&str> {
        Some(self.name)
    }
    fn line(&self) -> usize {
        self.inner.line()
    }
    fn column(&self) -> usize {
        self.column
    }
    fn line_count(&self) -> usize {
        self.inner.line_count()
    }
}

#[cfg(test)]
#[path = "source_tests.rs"]
mod tests;
