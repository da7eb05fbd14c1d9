use super::*;

fn csv(bytes: &[u8]) -> Book {
    read_bytes(bytes.to_vec(), &ReadOptions::default()).unwrap()
}

fn texts(book: &Book) -> Vec<Vec<String>> {
    book.sheets[0]
        .rows
        .iter()
        .map(|r| {
            r.cells
                .iter()
                .map(crate::import::convert::cell_text)
                .collect()
        })
        .collect()
}

#[test]
fn delimiters_are_sniffed() {
    for (d, text) in [
        (';', "a;b;c\n1;2,5;3\n"),
        (',', "a,b,c\n1,\"2,5\",3\n"),
        ('\t', "a\tb\n1\t2\n"),
        ('|', "a|b\n1|2\n"),
    ] {
        let book = csv(text.as_bytes());
        assert_eq!(book.delimiter, Some(d), "{text:?}");
        assert_eq!(
            book.sheets[0].rows[0].cells.len(),
            text.lines().next().unwrap().split(d).count()
        );
    }
}

#[test]
fn encodings_are_detected_and_said() {
    let utf8 = csv("nom;activité\nZoé;ébéniste\n".as_bytes());
    assert_eq!(utf8.encoding, Some(("UTF-8", true)));
    assert_eq!(texts(&utf8)[1], ["Zoé", "ébéniste"]);
    let (latin, _, _) = encoding_rs::WINDOWS_1252.encode("nom;activité\nZoé;ébéniste – œuvre\n");
    let book = csv(&latin);
    assert_eq!(book.encoding, Some(("windows-1252", true)));
    assert_eq!(texts(&book)[1], ["Zoé", "ébéniste – œuvre"]);
    let bom = csv("\u{feff}a;b\n1;2\n".as_bytes());
    assert_eq!(texts(&bom)[0], ["a", "b"]);
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in "a;b\n1;2\n".encode_utf16() {
        utf16.extend(unit.to_le_bytes());
    }
    assert_eq!(texts(&csv(&utf16))[1], ["1", "2"]);
}

#[test]
fn limits_and_empty_files() {
    assert_eq!(
        read_bytes(b"  \n".to_vec(), &ReadOptions::default()).unwrap_err(),
        ReadError::Empty
    );
    let rows = "a;b\n".repeat(20);
    let small = ReadOptions {
        max_rows: 5,
        ..ReadOptions::default()
    };
    assert!(matches!(
        read_bytes(rows.into_bytes(), &small),
        Err(ReadError::TooManyRows { .. })
    ));
    let wide = ReadOptions {
        max_columns: 3,
        ..ReadOptions::default()
    };
    assert!(matches!(
        read_bytes(b"a;b;c;d;e\n".to_vec(), &wide),
        Err(ReadError::TooManyColumns { .. })
    ));
    assert!(matches!(
        read_bytes(b"PK\x03\x04garbage".to_vec(), &ReadOptions::default()),
        Err(ReadError::Workbook(_))
    ));
}

#[test]
fn column_letters() {
    assert_eq!(column_name(0), "A");
    assert_eq!(column_name(25), "Z");
    assert_eq!(column_name(26), "AA");
    assert_eq!(column_name(27), "AB");
    assert_eq!(column_name(701), "ZZ");
    assert_eq!(column_name(702), "AAA");
}

#[test]
fn csv_row_numbers_are_those_a_spreadsheet_shows_whatever_the_line_endings() {
    // Excel writes CRLF; a quoted cell may hold a line break, and still be one row.
    for eol in ["\n", "\r\n", "\r"] {
        let text = ["a;b", "1;2", "", "3;\"deux", "lignes\"", "5;6", ""].join(eol);
        let book = csv(text.as_bytes());
        let numbers: Vec<usize> = book.sheets[0].rows.iter().map(|r| r.number).collect();
        // Row 3 is empty (skipped, but counted as the spreadsheet counts it); row 4 spans
        // two lines of the file; the last row is row 5.
        assert_eq!(numbers, [1, 2, 4, 5], "{eol:?}");
        assert_eq!(
            texts(&book)[2][1].replace("\r\n", "\n").replace('\r', "\n"),
            "deux\nlignes"
        );
    }
}
