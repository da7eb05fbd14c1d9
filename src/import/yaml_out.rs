//! Writing values as YAML that the project's own reader reads back to the same values: one
//! flow mapping per list item (`- { id: E001, entree: 2024-03-01 }`), texts quoted whenever a
//! plain scalar could be misread (as a number, a date, a boolean, a comment or a key), and
//! every invisible or control character escaped, so that nothing a spreadsheet holds can forge
//! YAML structure or hide in the output.

use crate::load::{Node, Value};

/// A scalar or flow collection on one line.
pub(crate) fn inline(value: &Value) -> String {
    match value {
        Value::Null => "~".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(d) => d.to_string(),
        Value::Date(d) => d.to_string(),
        Value::String(s) => string(s),
        Value::Seq(items) => {
            let parts: Vec<String> = items.iter().map(|n| inline(&n.value)).collect();
            format!("[{}]", parts.join(", "))
        }
        Value::Map(entries) => {
            let parts: Vec<String> = entries
                .iter()
                .map(|e| format!("{}: {}", key(&e.key), inline(&e.node.value)))
                .collect();
            if parts.is_empty() {
                "{}".to_string()
            } else {
                format!("{{ {} }}", parts.join(", "))
            }
        }
    }
}

fn key(k: &str) -> String {
    string(k)
}

/// A text as a plain scalar when that reads back as the same text, else double-quoted.
pub(crate) fn string(s: &str) -> String {
    if is_plain_safe(s) {
        s.to_string()
    } else {
        quoted(s)
    }
}

/// Characters a plain scalar may hold here: letters, digits, and punctuation that means
/// nothing to YAML inside a word.
fn plain_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, ' ' | '_' | '-' | '.' | '\'' | '(' | ')' | '/' | '+')
}

fn is_plain_safe(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    first.is_alphanumeric()
        && !s.ends_with(' ')
        && !s.contains("  ")
        && s.chars().all(plain_char)
        && !s.chars().any(invisible)
        && crate::load::scalar::resolve_plain(s) == Value::String(s.to_string())
}

/// Characters that change how text is shown without being seen: controls, bidirectional
/// overrides and isolates, zero-width and other format characters, line separators.
pub(crate) fn invisible(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200b}'..='\u{200f}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{2069}'
            | '\u{feff}'
            | '\u{fff9}'..='\u{fffb}'
            | '\u{85}'
            | '\u{ad}'
            | '\u{61c}')
}

/// A double-quoted YAML scalar: `\"`, `\\`, and `\uXXXX` for every invisible character.
pub(crate) fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if invisible(c) => {
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    out.push_str(&format!("\\u{unit:04X}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A list section as a block: `key:` then one `- { … }` line per item, at `indent` spaces.
pub(crate) fn list_block(key_text: &str, items: &[String], indent: usize) -> String {
    let pad = " ".repeat(indent);
    if items.is_empty() {
        return format!("{pad}{}: []\n", key(key_text));
    }
    let mut out = format!("{pad}{}:\n", key(key_text));
    for item in items {
        out.push_str(&pad);
        out.push_str("  - ");
        out.push_str(item);
        out.push('\n');
    }
    out
}

/// A mapping node as block YAML at `indent` spaces; lists of mappings one item per line.
pub(crate) fn block(entries: &[crate::load::Entry], indent: usize) -> String {
    let pad = " ".repeat(indent);
    let mut out = String::new();
    for e in entries {
        match &e.node.value {
            Value::Map(inner) if !inner.is_empty() => {
                out.push_str(&format!("{pad}{}:\n", key(&e.key)));
                out.push_str(&block(inner, indent + 2));
            }
            Value::Seq(items) if items.iter().any(|n| matches!(n.value, Value::Map(_))) => {
                let lines: Vec<String> = items.iter().map(|n: &Node| inline(&n.value)).collect();
                out.push_str(&list_block(&e.key, &lines, indent));
            }
            other => out.push_str(&format!("{pad}{}: {}\n", key(&e.key), inline(other))),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{Limits, load_str};

    fn round_trip(s: &str) -> Value {
        let text = format!("v: {}\n", string(s));
        let doc = load_str("t", &text, &Limits::default()).unwrap();
        doc.root.get("v").unwrap().value.clone()
    }

    #[test]
    fn texts_read_back_as_themselves() {
        for s in [
            "graphiste",
            "Menuiserie d'art",
            "2024-01-01",
            "12",
            "1e3",
            "true",
            "null",
            "~",
            "oui",
            "a: b",
            "# pas un commentaire",
            "- tiret",
            "[crochet]",
            "{ accolade }",
            "virgule, ici",
            "guillemet \" et \\ barre",
            "ligne\nsuivante",
            "\u{1b}[31mrouge",
            "caché\u{202e}txt.exe",
            " espace devant",
            "fin ",
            "*alias",
            "&ancre",
            "!etiquette",
            "%directive",
            "@arobase",
            "`accent`",
            "'apostrophe'",
            "E001",
            "0x1F",
            "Zoé",
        ] {
            assert_eq!(round_trip(s), Value::String(s.to_string()), "{s:?}");
        }
    }

    #[test]
    fn invisible_characters_are_escaped() {
        let q = string("a\u{202e}b\u{1b}c");
        assert!(!q.contains('\u{202e}') && !q.contains('\u{1b}'), "{q}");
        assert!(q.contains("\\u202E") && q.contains("\\u001B"), "{q}");
    }
}
