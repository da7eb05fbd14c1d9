//! Unit tests of `source.rs`.
use super::*;

#[test]
fn line_col_counts_characters_not_bytes() {
    let src = SourceFile::new("t", "a: 1\nnom: Zoé é x\n".to_string());
    let x = src.text().find('x').unwrap();
    assert_eq!(
        src.line_col(x),
        LineCol {
            line: 2,
            column: 12
        }
    );
    assert_eq!(src.line_col(0), LineCol { line: 1, column: 1 });
}

#[test]
fn head_keeps_the_first_line() {
    let src = SourceFile::new("t", "a:\n  b: 1   \n  c: 2\n".to_string());
    let b = src.text().find('b').unwrap();
    let head = src.head(Span::new(b, src.text().len()));
    assert_eq!(&src.text()[head.start..head.end], "b: 1");
}

#[test]
fn every_yaml_line_break_counts() {
    // LF, CRLF and a lone CR each end a line, as in YAML.
    let src = SourceFile::new("t", "a: 1\r\nb: 2\rc: 3\nd: é\r".to_string());
    let at = |s: &str| src.line_col(src.text().find(s).unwrap());
    assert_eq!(at("a"), LineCol { line: 1, column: 1 });
    assert_eq!(at("b"), LineCol { line: 2, column: 1 });
    assert_eq!(at("c"), LineCol { line: 3, column: 1 });
    assert_eq!(at("é"), LineCol { line: 4, column: 4 });
    assert_eq!(src.lines(), 5);
    // The CR of a CRLF is on the line it ends.
    assert_eq!(src.line_col(4), LineCol { line: 1, column: 5 });
    let head = src.head(Span::new(0, src.text().len()));
    assert_eq!(&src.text()[head.start..head.end], "a: 1");
}

#[test]
fn the_line_index_agrees_with_a_scan_across_blocks() {
    // Lines of every length around the block size, with CRLF and lone CR, and accents.
    let mut text = String::new();
    for i in 0..400 {
        text.push_str(&"é".repeat(i * 7 % 1500));
        text.push_str(["\n", "\r\n", "\r"][i % 3]);
    }
    let src = SourceFile::new("t", text.clone());
    let (mut line, mut col) = (1, 1);
    let b = text.as_bytes();
    for (n, (i, c)) in text.char_indices().enumerate() {
        // Every break and its neighbours, and a sample of the rest.
        let near_break = c == '\n' || c == '\r' || col <= 2;
        if near_break || n % 97 == 0 {
            assert_eq!(
                src.line_col(i),
                LineCol { line, column: col },
                "at byte {i}"
            );
        }
        if c == '\n' || (c == '\r' && b.get(i + 1) != Some(&b'\n')) {
            line += 1;
            col = 1;
        } else {
            col += 1;
        }
    }
    assert_eq!(src.lines(), line);
}

fn rendered_lines(excerpt: &Excerpt, span: Span) -> Vec<(usize, String)> {
    excerpt
        .lines_around(span, Excerpt::CONTEXT)
        .into_iter()
        .map(|(n, l)| (n, l.to_string()))
        .collect()
}

#[test]
fn an_excerpt_keeps_the_lines_around_its_spans_escaped() {
    let text = "l1\nl2\nl3\nnom: a\u{1b}[2J\u{202E}b\rl5\r\nl6\nl7\nl8\n".to_string();
    let src = SourceFile::new("x.yaml", text.clone());
    let start = text.find("a\u{1b}").unwrap();
    let span = Span::new(start, text.find("\rl5").unwrap());
    let ex = src.excerpt([span]);
    assert_eq!(ex.name(), "x.yaml");
    assert_eq!(
        ex.position(span.start),
        Some(LineCol { line: 4, column: 6 })
    );
    assert_eq!(
        ex.line_col(span.end),
        LineCol {
            line: 4,
            column: 13
        }
    );
    assert_eq!(ex.position(0), None);
    assert_eq!(
        rendered_lines(&ex, span),
        vec![
            (2, "l2".to_string()),
            (3, "l3".to_string()),
            (4, "nom: a\\u{1B}[2J\\u{202E}b".to_string()),
            (5, "l5".to_string()),
            (6, "l6".to_string()),
        ]
    );
    // Nothing a terminal interprets is left.
    assert!(!format!("{ex:?}").contains('\u{1b}'));
}

#[test]
fn an_excerpt_cuts_long_lines_around_the_place() {
    let mut text = "x".repeat(100_000);
    text.push_str("VALEUR");
    text.push_str(&"y".repeat(100_000));
    text.push('\n');
    let src = SourceFile::new("long.yaml", text.clone());
    let start = text.find("VALEUR").unwrap();
    let span = Span::new(start, start + 6);
    let ex = src.excerpt([span]);
    assert!(ex.size() < 1_000, "{} bytes kept", ex.size());
    let lines = rendered_lines(&ex, span);
    assert_eq!(lines.len(), 1);
    let line = &lines[0].1;
    assert!(line.starts_with('…') && line.ends_with('…'), "{line}");
    assert!(line.contains("xVALEURy"), "{line}");
    assert_eq!(
        ex.position(start),
        Some(LineCol {
            line: 1,
            column: 100_001
        })
    );
}

#[test]
fn an_excerpt_shows_a_long_span_by_its_first_lines() {
    let text: String = (1..=1000).map(|i| format!("- {i}\n")).collect();
    let src = SourceFile::new("t", text.clone());
    let span = Span::new(0, text.len());
    let ex = src.excerpt([span]);
    assert_eq!(ex.line_col(span.end).line, 1001);
    let lines = rendered_lines(&ex, span);
    assert_eq!(lines.first(), Some(&(1, "- 1".to_string())));
    assert!(lines.len() < 20, "{lines:?}");
}
