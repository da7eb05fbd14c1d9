//! Escaping of everything a dossier (or a rule file) brings into a report, one function per
//! target. Dossiers are files anyone can commit, and reports go to terminals, CI logs and
//! committee documents: a newline in a cooperative's name must not forge a report line, an ESC
//! must not drive the terminal, a bidi override must not reorder what is read, `::error` must not
//! become a GitHub Actions workflow command, a backtick must not end a Markdown code span, and
//! U+FFFF must not make a JUnit file invalid XML.
//!
//! Every human-facing format first *neutralizes* a text ([`neutral`]): the characters listed by
//! [`is_hostile`] are shown escaped, visibly (`\n`, `\u{202E}`), so that a reader sees they are
//! there; then the format's own syntax is escaped. The JSON report keeps the data exact and only
//! writes those characters as `\uXXXX` escapes ([`json_bytes`]).

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether a character must never reach a terminal, a log or a document raw: control characters
/// (C0, DEL, C1: line breaks, ESC, backspace…), the bidirectional controls that reorder text
/// (U+202A–U+202E, U+2066–U+2069, the marks U+200E, U+200F, U+061C), the Unicode line and
/// paragraph separators, the byte-order mark, and the noncharacters (U+FFFE, U+FFFF…), which
/// XML forbids.
pub fn is_hostile(c: char) -> bool {
    let u = c as u32;
    c.is_control()
        || matches!(
            c,
            '\u{061C}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{FEFF}'
        )
        || (0xFDD0..=0xFDEF).contains(&u)
        || u & 0xFFFE == 0xFFFE
}

/// Writes a hostile character the way Rust would (`\n`, `\t`, `\r`, `\u{202E}`).
pub(crate) fn push_escaped(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        _ => {
            let _ = write!(out, "\\u{{{:X}}}", c as u32);
        }
    }
}

/// The text with every hostile character shown escaped: one line, nothing a terminal or a
/// document reader interprets. Borrowed when there is nothing to escape (the common case).
pub(crate) fn neutral(s: &str) -> Cow<'_, str> {
    match s.char_indices().find(|&(_, c)| is_hostile(c)) {
        None => Cow::Borrowed(s),
        Some((first, _)) => {
            let mut out = String::with_capacity(s.len() + 8);
            out.push_str(&s[..first]);
            for c in s[first..].chars() {
                if is_hostile(c) {
                    push_escaped(&mut out, c);
                } else {
                    out.push(c);
                }
            }
            Cow::Owned(out)
        }
    }
}

/// A line of a source text as a report or a page shows it: every hostile character escaped
/// but the tab (a source's own indentation, which a reader expects to see as space).
pub(crate) fn shown_line(s: &str) -> Cow<'_, str> {
    match s.char_indices().find(|&(_, c)| c != '\t' && is_hostile(c)) {
        None => Cow::Borrowed(s),
        Some((first, _)) => {
            let mut out = String::with_capacity(s.len() + 8);
            out.push_str(&s[..first]);
            for c in s[first..].chars() {
                if c != '\t' && is_hostile(c) {
                    push_escaped(&mut out, c);
                } else {
                    out.push(c);
                }
            }
            Cow::Owned(out)
        }
    }
}

/// A text of several lines written by the tool (a help with its sources), each line
/// neutralized: the tool's own line breaks stay, those inside a dossier's value do not exist
/// any more when this is called (the parts are neutralized before they are joined).
pub(crate) fn neutral_lines<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    parts
        .into_iter()
        .map(neutral)
        .collect::<Vec<_>>()
        .join("\n")
}

/// A text of the tool's own making that quotes files of the repository (a rule's explanation
/// from `--rules`, a catalogue): its line breaks and tabs stay, every other hostile character
/// is shown escaped, and no line can start a runner command.
pub(crate) fn terminal_text(s: &str) -> String {
    guard_lines(&visible_text(s)).into_owned()
}

/// A text of the tool's own making that quotes files of the repository, for a document (a web
/// page): its line breaks and tabs stay, every other hostile character is shown escaped.
pub(crate) fn visible_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c != '\n' && c != '\t' && is_hostile(c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    out
}

/// What starts a command for a CI runner when it begins a line, leading blanks ignored:
/// GitHub Actions workflow commands (`::error …::`, `::add-mask::`, `::stop-commands::`), their
/// older form `##[…]`, and Azure Pipelines' `##vso[…]`.
fn starts_command(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("::") || t.starts_with("##[") || t.starts_with("##vso[")
}

/// Makes sure that no line of a report written for people (terminal, log) can be read as a CI
/// runner command: a line that would start with `::`, `##[` or `##vso[` once its leading blanks are
/// skipped gets its first character escaped (`\u{3A}:error…`). Texts from a dossier cannot
/// bring line breaks of their own (they are neutralized), but the tool wraps long lines, and a
/// value may happen to start a wrapped line.
pub(crate) fn guard_lines(text: &str) -> Cow<'_, str> {
    if !text.split('\n').any(starts_command) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if starts_command(line) {
            let blanks = line.len() - line.trim_start().len();
            out.push_str(&line[..blanks]);
            let mut rest = line[blanks..].chars();
            if let Some(c) = rest.next() {
                let _ = write!(out, "\\u{{{:X}}}", c as u32);
            }
            out.push_str(rest.as_str());
        } else {
            out.push_str(line);
        }
    }
    Cow::Owned(out)
}

/// Plain text for Markdown, shown as written: neutralized, then every character that could
/// start emphasis, a link, an image, raw HTML, an entity, a code span or a table cell is
/// backslash-escaped. An underscore inside a word (`reserves_impartageables`) cannot start
/// emphasis and is left alone, so that the source stays readable.
pub(crate) fn markdown(text: &str) -> String {
    let text = neutral(text);
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let word = |j: Option<usize>| {
            j.and_then(|j| chars.get(j))
                .is_some_and(|c| c.is_alphanumeric())
        };
        match c {
            '\\' | '*' | '<' | '>' | '`' | '|' | '&' => {
                out.push('\\');
                out.push(c);
            }
            // Brackets make a link only as `[text](…)`, `[text][…]` or a definition `[x]: …`:
            // `[1]` stays as written.
            ']' if matches!(chars.get(i + 1), Some('(' | '[' | ':')) => out.push_str("\\]"),
            '[' if i == 0 => out.push_str("\\["),
            '_' if !(word(i.checked_sub(1)) && word(Some(i + 1))) => out.push_str("\\_"),
            // At the start of a line (where some texts are written), these open a block: a
            // heading, a list, a rule, a heading's underline, a numbered list (`1.`).
            '#' | '+' | '-' | '=' if i == 0 => {
                out.push('\\');
                out.push(c);
            }
            '.' | ')'
                if i > 0
                    && i < 10
                    && chars[..i].iter().all(char::is_ascii_digit)
                    && chars.get(i + 1).is_none_or(|n| *n == ' ') =>
            {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// A Markdown code span holding `code` exactly: fenced with one backtick more than the longest
/// run of backticks inside it (CommonMark), padded with spaces when it starts or ends with a
/// backtick; a `|` is escaped so that the span can sit in a table cell.
pub(crate) fn markdown_code(code: &str) -> String {
    let code = neutral(code);
    if code.is_empty() {
        // Two backticks with nothing between are not a code span, and would pair with a later
        // pair: a span holding one space reads as empty.
        return "` `".to_string();
    }
    let mut longest = 0;
    let mut run = 0;
    for c in code.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    let fence = "`".repeat(longest + 1);
    // A span that starts and ends with a space loses one of each: pad only when needed, and
    // then on both sides, so that what is read is what is written.
    let pad = if code.starts_with('`') || code.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{}{pad}{fence}", code.replace('|', "\\|"))
}

/// Text for HTML content and attribute values: neutralized, then `& < > " '` as entities. A
/// space inside a number (`18 500 000`), before `%`, `:`, `;`, `»` or after `«` becomes a
/// no-break space, so that a line never breaks there (French typography).
pub(crate) fn html(s: &str) -> String {
    let s = neutral(s);
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).and_then(|j| chars.get(j)).copied();
        let next = chars.get(i + 1).copied();
        let glue = c == ' '
            && (prev.is_some_and(|p| p.is_ascii_digit() || p == '«')
                && next.is_some_and(|n| n.is_ascii_digit() || n == '%')
                || matches!(next, Some(':' | ';' | '»' | '%'))
                || prev == Some('«'));
        if glue {
            out.push('\u{a0}');
            continue;
        }
        push_html_char(&mut out, c);
    }
    out
}

/// Text shown as code in HTML (an excerpt's lines, already neutralized when it was kept):
/// `& < > " '` as entities, no typographic no-break spaces, so that columns line up.
pub(crate) fn html_code(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        push_html_char(&mut out, c);
    }
    out
}

/// One character of HTML text: the five characters HTML gives a meaning as entities.
fn push_html_char(out: &mut String, c: char) {
    match c {
        '&' => out.push_str("&amp;"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '"' => out.push_str("&quot;"),
        '\'' => out.push_str("&#39;"),
        _ => out.push(c),
    }
}

/// Text for an XML writer that escapes markup itself (JUnit through `quick-junit`): neutralized,
/// which also removes every character XML 1.0 forbids (C0 controls but tab, LF and CR — which
/// are escaped too, being hostile —, U+FFFE, U+FFFF).
pub(crate) fn xml(s: &str) -> String {
    neutral(s).into_owned()
}

/// Like [`xml`], keeping the tool's own line breaks (a failure's description is several lines):
/// each line is neutralized on its own.
pub(crate) fn xml_lines(s: &str) -> String {
    neutral_lines(s.split('\n'))
}

/// A GitHub Actions workflow command's message: neutralized (a dossier's line break is shown
/// as `\n`), then escaped as the Actions toolkit does (`%`, CR, LF), so that nothing ends the
/// command. `lines` are joined with real line breaks (`%0A`), which GitHub shows.
pub(crate) fn github_data<'a>(lines: impl IntoIterator<Item = &'a str>) -> String {
    toolkit_data(&neutral_lines(lines))
}

/// A workflow command's property value (a file name, a title): neutralized, then escaped like
/// the toolkit (`%`, CR, LF, `:` and `,`).
pub(crate) fn github_property(s: &str) -> String {
    toolkit_data(&neutral(s))
        .replace(':', "%3A")
        .replace(',', "%2C")
}

fn toolkit_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Serialized JSON (valid UTF-8, as `serde_json` writes it) with every hostile character that
/// `serde_json` writes raw (DEL, C1 controls, bidi controls, separators, noncharacters) turned
/// into a `\uXXXX` escape: the same JSON value, but nothing in the bytes that a terminal or a
/// log viewer would interpret. Such characters can only be inside strings (the structure is
/// ASCII), where the escape means the same character.
pub(crate) fn json_bytes(json: &[u8]) -> Cow<'_, [u8]> {
    let Ok(text) = std::str::from_utf8(json) else {
        return Cow::Borrowed(json);
    };
    // serde_json escapes C0 inside strings itself (outside, they are the layout's line
    // breaks): only DEL and non-ASCII characters can be left.
    let raw = |c: char| (c == '\u{7F}' || !c.is_ascii()) && is_hostile(c);
    if !text.chars().any(raw) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if raw(c) {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                let _ = write!(out, "\\u{:04X}", unit);
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out.into_bytes())
}

#[cfg(test)]
#[path = "escape_tests.rs"]
mod tests;
