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
