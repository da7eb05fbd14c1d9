//! [`Excerpt`]: the part of a source text that a report keeps, safe to print.

use super::{LineCol, SourceFile, Span, floor_char};
use crate::report::escape::{is_hostile, push_escaped};
use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

/// The lines of a text around some places (the spans of a dossier's findings), as a report
/// shows them: every character a terminal would interpret escaped (`\u{1B}`, `\u{202E}`; tabs
/// stay, miette expands them), every line break (LF, CRLF or a lone CR) written as LF, a line
/// longer than [`Excerpt::LONG_LINE`] bytes cut to the parts around the places, with `…` where
/// text is left out. It keeps the line and column of each place in the original text.
///
/// It is a miette [`SourceCode`] in its own coordinates: [`Excerpt::span`] turns a span of the
/// original text into one of the excerpt, for a label.
#[derive(Debug, Clone, Default)]
pub struct Excerpt {
    name: String,
    /// The windows' lines, one after the other, each ending with `\n`.
    text: String,
    /// Runs of consecutive original lines, in order.
    windows: Vec<Window>,
    /// Every place of the spans given, by original offset.
    marks: Vec<Mark>,
}

/// The lines around a span's start, from [`Excerpt::marked`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Marked<'a> {
    /// (1-based line, escaped text), in order.
    pub lines: Vec<(usize, &'a str)>,
    /// Which of them holds the span's start.
    pub at: usize,
    /// The span's part on that line, as a byte range of its text.
    pub from: usize,
    /// End of that range.
    pub to: usize,
}

/// Consecutive lines of the original text, at `start..end` in the excerpt's text.
#[derive(Debug, Clone, Copy)]
struct Window {
    start: usize,
    end: usize,
    /// 0-based line of the first.
    line: usize,
}

/// A place: its offset in the original text, its position there, and where it is in the
/// excerpt's text.
#[derive(Debug, Clone, Copy)]
struct Mark {
    orig: usize,
    at: LineCol,
    virt: usize,
}

impl Excerpt {
    /// Lines kept before and after each place's lines.
    pub(crate) const CONTEXT: usize = 2;
    /// A line longer than this (in bytes) is cut around the places on it.
    pub(crate) const LONG_LINE: usize = 400;
    /// Characters kept on each side of a place, on a long line.
    const AROUND: usize = 60;
    /// A span over more lines than this is shown by its first lines only.
    const MAX_SPAN_LINES: usize = 12;

    /// The source's name (a path, or `<stdin>`).
    pub(crate) fn name(&self) -> &str {
        &self.name
    }

    /// The bytes it holds (the report's cost of keeping it).
    pub fn size(&self) -> usize {
        self.name.len()
            + self.text.len()
            + self.windows.len() * std::mem::size_of::<Window>()
            + self.marks.len() * std::mem::size_of::<Mark>()
    }

    fn mark(&self, orig: usize) -> Option<&Mark> {
        self.marks
            .binary_search_by_key(&orig, |m| m.orig)
            .ok()
            .map(|i| &self.marks[i])
    }

    /// The 1-based line and column of an offset of the original text that was the start or the
    /// end of one of the spans the excerpt was made for (the only ones a report asks for);
    /// `None` for any other offset.
    pub fn position(&self, offset: usize) -> Option<LineCol> {
        self.mark(offset).map(|m| m.at)
    }

    /// Like [`Excerpt::position`], line 1 column 1 for an offset it does not know.
    pub fn line_col(&self, offset: usize) -> LineCol {
        self.position(offset)
            .unwrap_or(LineCol { line: 1, column: 1 })
    }

    /// A span of the original text as a span of the excerpt, for a miette label; `None` when
    /// the excerpt was not made for it.
    pub(crate) fn span(&self, span: Span) -> Option<SourceSpan> {
        let start = self.mark(span.start)?.virt;
        let end = self.mark(span.end)?.virt.max(start);
        Some(SourceSpan::new(start.into(), end - start))
    }

    /// The lines of the excerpt around an original span: its lines and up to `context` lines
    /// on each side that the excerpt kept, as (1-based line, escaped text).
    #[cfg(test)]
    pub(crate) fn lines_around(&self, span: Span, context: usize) -> Vec<(usize, &str)> {
        let Some(virt) = self.span(span) else {
            return Vec::new();
        };
        let Ok((a, z, line)) = self.bounds(virt.offset(), virt.len(), Some(context), Some(context))
        else {
            return Vec::new();
        };
        let lines = &self.text[a..z];
        lines
            .strip_suffix('\n')
            .unwrap_or(lines)
            .split('\n')
            .enumerate()
            .map(|(i, l)| (line + i + 1, l))
            .collect()
    }

    /// The line where an original span starts, as the excerpt shows it, with up to `context`
    /// lines kept on each side, and the part of the span on that line (a collection spanning
    /// many lines is marked on its first line, trailing blanks left out). `None` when the
    /// excerpt was not made for the span.
    pub(crate) fn marked(&self, span: Span, context: usize) -> Option<Marked<'_>> {
        let virt = self.span(span)?;
        let start = virt.offset();
        let w = self.window(start)?;
        let line_start = self.line_start(start, w.start);
        let line_end = start + self.text[start..w.end].find('\n')?;
        let end = (start + virt.len()).min(line_end);
        let end = start + self.text[start..end].trim_end().len();
        let (a, z, first) = self.bounds(start, 0, Some(context), Some(context)).ok()?;
        let block = &self.text[a..z];
        let lines: Vec<(usize, &str)> = block
            .strip_suffix('\n')
            .unwrap_or(block)
            .split('\n')
            .enumerate()
            .map(|(i, l)| (first + i + 1, l))
            .collect();
        Some(Marked {
            lines,
            at: self.text[a..line_start].matches('\n').count(),
            from: start - line_start,
            to: end - line_start,
        })
    }

    /// The window that holds an excerpt offset.
    fn window(&self, offset: usize) -> Option<&Window> {
        let i = self.windows.partition_point(|w| w.start <= offset);
        self.windows
            .get(i.checked_sub(1)?)
            .filter(|w| offset < w.end)
    }

    /// Where the excerpt's line holding `pos` starts, not before `floor`.
    fn line_start(&self, pos: usize, floor: usize) -> usize {
        self.text[floor..pos]
            .rfind('\n')
            .map_or(floor, |i| floor + i + 1)
    }

    /// The range to show for `len` bytes at `offset`: from the start of its line, `before`
    /// more lines up, to the end of its last line, `after` more lines down, all inside its
    /// window; `None` on a side means the span's own end there (how miette reads a span with
    /// no context). Also gives the 0-based original line where the range starts.
    fn bounds(
        &self,
        offset: usize,
        len: usize,
        before: Option<usize>,
        after: Option<usize>,
    ) -> Result<(usize, usize, usize), MietteError> {
        let w = self.window(offset).ok_or(MietteError::OutOfBounds)?;
        let end = offset + len;
        if end > w.end {
            return Err(MietteError::OutOfBounds);
        }
        let a = match before {
            None => offset,
            Some(n) => {
                let mut a = self.line_start(offset, w.start);
                for _ in 0..n {
                    if a == w.start {
                        break;
                    }
                    a = self.line_start(a - 1, w.start);
                }
                a
            }
        };
        let z = match after {
            None => end,
            Some(n) => {
                // The span's last character (its first byte), or the place of an empty span.
                let last = if end > offset {
                    floor_char(&self.text, end - 1)
                } else {
                    offset
                };
                // Every line of a window ends with `\n`: these searches stay inside it.
                let mut p = last + self.text[last..w.end].find('\n').unwrap_or(0);
                for _ in 0..n {
                    if p + 1 >= w.end {
                        break;
                    }
                    p = p + 1 + self.text[p + 1..w.end].find('\n').unwrap_or(0);
                }
                p + 1
            }
        };
        let line = w.line + self.text[w.start..a].matches('\n').count();
        Ok((a, z, line))
    }
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        // miette reads a label with no context for the header's line and column, and with
        // `context_lines` (> 0) for the snippet.
        let side = |n: usize| (n > 0).then_some(n);
        let (a, z, line) = self.bounds(span.offset(), span.len(), side(before), side(after))?;
        // With no context, miette reads the header's line and column: the original ones.
        let column = match self.marks.iter().find(|m| m.virt == a) {
            Some(m) if before == 0 => m.at.column - 1,
            _ => 0,
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            &self.text.as_bytes()[a..z],
            SourceSpan::new(a.into(), z - a),
            line,
            column,
            // miette merges two labels' snippets into one when the first one's line plus this
            // count reaches the second one's line: counting to the end of the window merges
            // every label of a window (a few lines apart), never two windows (whose merged
            // span could not be read).
            self.text[a..self.window(a).map_or(z, |w| w.end)]
                .matches('\n')
                .count(),
        )))
    }
}

/// The chars-long step back from `i`, not before `floor`.
fn back_chars(text: &str, i: usize, n: usize, floor: usize) -> usize {
    text[floor..i]
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(floor, |(j, _)| floor + j)
}

/// The chars-long step forward from `i`, not past `ceil`.
fn fwd_chars(text: &str, i: usize, n: usize, ceil: usize) -> usize {
    text[i..ceil]
        .char_indices()
        .nth(n)
        .map_or(ceil, |(j, _)| i + j)
}

/// Builds the excerpt of `file` around `spans`.
pub(super) fn build(file: &SourceFile, spans: Vec<Span>) -> Excerpt {
    let text = file.text();
    let b = text.as_bytes();
    let index = &file.index;
    let clamp = |x: usize| floor_char(text, x.min(text.len()));
    // Each span's start and (possibly cut) end, where the excerpt must show something, and the
    // original end of a cut span, known by its position only.
    let mut shown: Vec<usize> = Vec::new();
    let mut cut: Vec<(usize, usize)> = Vec::new();
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    // A text ending with a line break has an empty last line: context stops before it (a
    // place at the very end still shows it).
    let ends_with_break = matches!(b.last(), Some(b'\n' | b'\r'));
    let last_line = index.lines() - 1 - usize::from(ends_with_break);
    for s in &spans {
        let start = clamp(s.start);
        let end = clamp(s.end.max(start));
        let (first, mut last) = (index.line_of(b, start), index.line_of(b, end));
        let mut shown_end = end;
        if last - first >= Excerpt::MAX_SPAN_LINES {
            last = first + Excerpt::MAX_SPAN_LINES - 1;
            shown_end = index.line_end(b, last);
            cut.push((s.end, shown_end));
        }
        shown.extend([start, shown_end]);
        ranges.push((
            first.saturating_sub(Excerpt::CONTEXT),
            (last + Excerpt::CONTEXT).min(last_line).max(last),
        ));
    }
    shown.sort_unstable();
    shown.dedup();
    ranges.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (a, z) in ranges {
        match merged.last_mut() {
            Some((_, end)) if a <= *end + 1 => *end = (*end).max(z),
            _ => merged.push((a, z)),
        }
    }
    let mut writer = Writer {
        text,
        out: String::new(),
        shown: &shown,
        next: 0,
        anchors: Vec::with_capacity(shown.len()),
    };
    let mut windows = Vec::with_capacity(merged.len());
    for (first, last) in merged {
        let start = writer.out.len();
        for line in first..=last {
            let (Some(ls), le) = (index.line_start(b, line), index.line_end(b, line)) else {
                break;
            };
            writer.line(ls, le);
        }
        windows.push(Window {
            start,
            end: writer.out.len(),
            line: first,
        });
    }
    let anchors = writer.anchors;
    let virt_of = |orig: usize| {
        anchors
            .binary_search_by_key(&orig, |&(o, _)| o)
            .map_or(0, |i| anchors[i].1)
    };
    let mut marks: Vec<Mark> = spans
        .iter()
        .flat_map(|s| [s.start, s.end])
        .map(|orig| {
            let at = clamp(orig);
            let virt = match cut.iter().find(|(o, _)| *o == orig) {
                Some(&(_, shown_end)) if anchors.binary_search_by_key(&at, |a| a.0).is_err() => {
                    virt_of(shown_end)
                }
                _ => virt_of(at),
            };
            Mark {
                orig,
                at: file.line_col(at),
                virt,
            }
        })
        .collect();
    marks.sort_unstable_by_key(|m| m.orig);
    marks.dedup_by_key(|m| m.orig);
    Excerpt {
        // The name is a path from the command line or a directory: shown, so neutralized.
        name: crate::report::escape::neutral(file.name()).into_owned(),
        text: writer.out,
        windows,
        marks,
    }
}

/// Writes the excerpt's lines and records where each shown place lands.
struct Writer<'a> {
    text: &'a str,
    out: String,
    /// The places to anchor, sorted.
    shown: &'a [usize],
    /// The first not anchored yet.
    next: usize,
    /// (original offset, excerpt offset), in the order of both.
    anchors: Vec<(usize, usize)>,
}

impl Writer<'_> {
    /// Anchors every place before `upto` (inclusive or not) at the current position.
    fn anchor_until(&mut self, upto: usize, inclusive: bool) {
        while let Some(&p) = self.shown.get(self.next) {
            if p < upto || (inclusive && p == upto) {
                self.anchors.push((p, self.out.len()));
                self.next += 1;
            } else {
                break;
            }
        }
    }

    /// Writes the line at `start..end` (its break excluded), cut if long.
    fn line(&mut self, start: usize, end: usize) {
        // Places before this line that no window showed (none, by construction) land here.
        self.anchor_until(start, false);
        let pieces = self.pieces(start, end);
        let mut at = start;
        for (a, z) in pieces {
            if a > at {
                self.anchor_until(a, false);
                self.out.push('…');
            }
            for (i, c) in self.text[a..z].char_indices() {
                self.anchor_until(a + i, true);
                if c != '\t' && is_hostile(c) {
                    push_escaped(&mut self.out, c);
                } else {
                    self.out.push(c);
                }
            }
            at = z;
        }
        if at < end {
            self.anchor_until(end, false);
            self.out.push('…');
        }
        self.anchor_until(end, true);
        self.out.push('\n');
    }

    /// The parts of a line to show: all of it, or for a long line the characters around each
    /// place on it (its start, for a context line with none).
    fn pieces(&self, start: usize, end: usize) -> Vec<(usize, usize)> {
        if end - start <= Excerpt::LONG_LINE {
            return vec![(start, end)];
        }
        let around = Excerpt::AROUND;
        let first = self.shown.partition_point(|&p| p < start);
        let here: Vec<usize> = self.shown[first..]
            .iter()
            .copied()
            .take_while(|&p| p <= end)
            .collect();
        if here.is_empty() {
            return vec![(start, fwd_chars(self.text, start, 2 * around, end))];
        }
        let mut pieces: Vec<(usize, usize)> = Vec::new();
        for p in here {
            let a = back_chars(self.text, p, around, start);
            let z = fwd_chars(self.text, p, around, end);
            match pieces.last_mut() {
                Some((_, last)) if a <= *last => *last = (*last).max(z),
                _ => pieces.push((a, z)),
            }
        }
        pieces
    }
}
