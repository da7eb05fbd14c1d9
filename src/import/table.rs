//! Reading a spreadsheet or a CSV file into sheets of cells, within limits.
//!
//! The format is told by the file's first bytes, not its name: a zip is an XLSX or an ODS
//! workbook, an OLE compound file an XLS workbook, anything else is read as CSV text, whose
//! encoding (UTF-8 or Windows-1252, or UTF-16 with its byte-order mark) and delimiter are
//! detected and said.

use std::io::{Cursor, Read};
use std::path::Path;

use calamine::{Data, DataRef, Reader};

/// What a cell holds, as the file gives it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum CellValue {
    /// Nothing (or only blanks).
    Empty,
    /// Text (every CSV cell; text cells of a workbook).
    Text(String),
    /// A number cell of a workbook (a double: see `convert::float_decimal`).
    Float(f64),
    /// A whole-number cell.
    Int(i64),
    /// A boolean cell.
    Bool(bool),
    /// A date cell of a workbook: year, month, day as the workbook's date system gives them
    /// (the 1900 system's nonexistent 29 February 1900 included, to be refused).
    Date(i16, i8, i8),
    /// A date written as ISO text by the workbook (ODS).
    IsoDate(String),
    /// An error cell (`#DIV/0!`, `#REF!`).
    Error(String),
}

impl CellValue {
    /// Whether the cell holds nothing.
    pub(crate) fn is_empty(&self) -> bool {
        match self {
            CellValue::Empty => true,
            CellValue::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }
}

/// One row of a sheet: its number as the user sees it (1-based) and its cells.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    /// Row number in the sheet (for CSV, the line where the record starts).
    pub number: usize,
    /// Cells, from column A.
    pub cells: Vec<CellValue>,
}

/// A sheet of a workbook (a CSV file is one sheet without a name).
#[derive(Debug, Clone)]
pub(crate) struct Sheet {
    /// The sheet's name (`None` for CSV).
    pub name: Option<String>,
    /// Its non-empty rows.
    pub rows: Vec<Row>,
}

/// The kind of file read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// Comma- (or semicolon-, tab-…) separated text.
    Csv,
    /// Office Open XML workbook.
    Xlsx,
    /// Excel 97–2003 workbook.
    Xls,
    /// OpenDocument spreadsheet.
    Ods,
}

impl Format {
    /// The name shown to users.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Format::Csv => "CSV",
            Format::Xlsx => "XLSX",
            Format::Xls => "XLS",
            Format::Ods => "ODS",
        }
    }
}

/// A file read: its sheets and how it was read.
#[derive(Debug, Clone)]
pub(crate) struct Book {
    /// The format.
    pub format: Format,
    /// For CSV: the encoding detected (or imposed) and whether it was detected.
    pub encoding: Option<(&'static str, bool)>,
    /// For CSV: the delimiter detected (or imposed).
    pub delimiter: Option<char>,
    /// The sheets, in the workbook's order.
    pub sheets: Vec<Sheet>,
}

/// How to read a file.
#[derive(Debug, Clone)]
pub(crate) struct ReadOptions {
    /// Largest file accepted, in bytes.
    pub max_bytes: u64,
    /// Most rows read per sheet.
    pub max_rows: usize,
    /// Most columns read per sheet.
    pub max_columns: usize,
    /// CSV encoding imposed by the mapping (`utf-8`, `windows-1252`), or detected.
    pub encoding: Option<String>,
    /// CSV delimiter imposed by the mapping, or detected.
    pub delimiter: Option<u8>,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_bytes: 50 * 1024 * 1024,
            max_rows: 200_000,
            max_columns: 1_000,
            encoding: None,
            delimiter: None,
        }
    }
}

/// Why a file could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ReadError {
    /// The file could not be opened or read.
    Io(String),
    /// Larger than the limit.
    TooLarge {
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// Nothing in it.
    Empty,
    /// A workbook (or a zip) that the reader refuses.
    Workbook(String),
    /// A zip whose content would unpack to more than the limit (a zip bomb).
    Unpacks {
        /// Declared size once unpacked.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// More rows than the limit in a sheet.
    TooManyRows {
        /// The sheet.
        sheet: String,
        /// The limit.
        limit: usize,
    },
    /// A cell beyond the last column allowed.
    TooManyColumns {
        /// The sheet.
        sheet: String,
        /// The limit.
        limit: usize,
    },
    /// A CSV file that is not text in the encoding imposed.
    Encoding(String),
}

/// Reads a file within the options' limits.
pub(crate) fn read(path: &Path, options: &ReadOptions) -> Result<Book, ReadError> {
    // A regular file only (a FIFO would block, a device never ends, /proc holds secrets).
    let file = crate::load::open_regular(path).map_err(|reason| {
        ReadError::Io(
            crate::load::LoadError::Unreadable { reason }
                .to_finding(crate::lang::Lang::Fr)
                .message,
        )
    })?;
    let meta = file.metadata().map_err(|e| ReadError::Io(e.to_string()))?;
    if meta.len() > options.max_bytes {
        return Err(ReadError::TooLarge {
            size: meta.len(),
            limit: options.max_bytes,
        });
    }
    let mut bytes = Vec::new();
    file.take(options.max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| ReadError::Io(e.to_string()))?;
    if bytes.len() as u64 > options.max_bytes {
        return Err(ReadError::TooLarge {
            size: bytes.len() as u64,
            limit: options.max_bytes,
        });
    }
    read_bytes(bytes, options)
}

/// Reads bytes already in memory.
pub(crate) fn read_bytes(bytes: Vec<u8>, options: &ReadOptions) -> Result<Book, ReadError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ReadError::Empty);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        check_unpacked_size(&bytes, options)?;
        return read_workbook(bytes, options);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return read_workbook(bytes, options);
    }
    read_csv(&bytes, options)
}

/// A zip declares the size of each member once unpacked: refuse a workbook that would unpack
/// to far more than any real export (a few kilobytes of XML per hundred rows), before any
/// member is inflated.
fn check_unpacked_size(bytes: &[u8], options: &ReadOptions) -> Result<(), ReadError> {
    let limit = options.max_bytes.saturating_mul(20).max(64 * 1024 * 1024);
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| ReadError::Workbook(e.to_string()))?;
    let mut size: u64 = 0;
    for i in 0..archive.len() {
        let member = archive
            .by_index_raw(i)
            .map_err(|e| ReadError::Workbook(e.to_string()))?;
        size = size.saturating_add(member.size());
    }
    if size > limit {
        return Err(ReadError::Unpacks { size, limit });
    }
    Ok(())
}

fn read_workbook(bytes: Vec<u8>, options: &ReadOptions) -> Result<Book, ReadError> {
    let mut workbook = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| ReadError::Workbook(e.to_string()))?;
    let format = match &workbook {
        calamine::Sheets::Xlsx(_) | calamine::Sheets::Xlsb(_) => Format::Xlsx,
        calamine::Sheets::Xls(_) => Format::Xls,
        calamine::Sheets::Ods(_) => Format::Ods,
    };
    let mut sheets = Vec::new();
    for name in workbook.sheet_names() {
        let rows = match &mut workbook {
            // XLSX is read cell by cell: a sheet holding two cells a million rows apart costs
            // two cells, not the dense rectangle between them.
            calamine::Sheets::Xlsx(x) => xlsx_rows(x, &name, options)?,
            other => {
                let range = other
                    .worksheet_range(&name)
                    .map_err(|e| ReadError::Workbook(e.to_string()))?;
                range_rows(&range, &name, options)?
            }
        };
        sheets.push(Sheet {
            name: Some(name),
            rows,
        });
    }
    Ok(Book {
        format,
        encoding: None,
        delimiter: None,
        sheets,
    })
}

fn xlsx_rows(
    x: &mut calamine::Xlsx<Cursor<Vec<u8>>>,
    name: &str,
    options: &ReadOptions,
) -> Result<Vec<Row>, ReadError> {
    let mut reader = x
        .worksheet_cells_reader(name)
        .map_err(|e| ReadError::Workbook(e.to_string()))?;
    let mut rows = Rows::default();
    while let Some(cell) = reader
        .next_cell()
        .map_err(|e| ReadError::Workbook(e.to_string()))?
    {
        let (r, c) = cell.get_position();
        let value = from_data_ref(cell.get_value());
        if value.is_empty() {
            continue;
        }
        rows.place(r as usize + 1, c as usize, value, name, options)?;
    }
    Ok(rows.finish())
}

fn range_rows(
    range: &calamine::Range<Data>,
    name: &str,
    options: &ReadOptions,
) -> Result<Vec<Row>, ReadError> {
    let mut rows = Rows::default();
    for (r, c, data) in range.used_cells() {
        let value = from_data(data);
        if value.is_empty() {
            continue;
        }
        let (r0, c0) = range.start().unwrap_or((0, 0));
        rows.place(r + r0 as usize + 1, c + c0 as usize, value, name, options)?;
    }
    Ok(rows.finish())
}

/// Rows being gathered from cells that may come in any order.
#[derive(Default)]
struct Rows {
    rows: Vec<Row>,
    index: std::collections::HashMap<usize, usize>,
}

impl Rows {
    /// Puts a cell in its row, refusing sheets past the limits.
    fn place(
        &mut self,
        number: usize,
        column: usize,
        value: CellValue,
        sheet: &str,
        options: &ReadOptions,
    ) -> Result<(), ReadError> {
        if column >= options.max_columns {
            return Err(ReadError::TooManyColumns {
                sheet: sheet.to_string(),
                limit: options.max_columns,
            });
        }
        let index = match self.index.get(&number) {
            Some(&i) => i,
            None => {
                if self.rows.len() >= options.max_rows {
                    return Err(ReadError::TooManyRows {
                        sheet: sheet.to_string(),
                        limit: options.max_rows,
                    });
                }
                self.rows.push(Row {
                    number,
                    cells: Vec::new(),
                });
                self.index.insert(number, self.rows.len() - 1);
                self.rows.len() - 1
            }
        };
        let cells = &mut self.rows[index].cells;
        if cells.len() <= column {
            cells.resize(column + 1, CellValue::Empty);
        }
        cells[column] = value;
        Ok(())
    }

    fn finish(mut self) -> Vec<Row> {
        self.rows.sort_by_key(|r| r.number);
        self.rows
    }
}

fn from_data(d: &Data) -> CellValue {
    match d {
        Data::Empty => CellValue::Empty,
        Data::String(s) => CellValue::Text(s.clone()),
        Data::Float(f) => CellValue::Float(*f),
        Data::Int(i) => CellValue::Int(*i),
        Data::Bool(b) => CellValue::Bool(*b),
        Data::DateTime(dt) => date_cell(dt),
        Data::DateTimeIso(s) => CellValue::IsoDate(s.clone()),
        Data::DurationIso(s) => CellValue::Text(s.clone()),
        Data::Error(e) => CellValue::Error(e.to_string()),
    }
}

fn from_data_ref(d: &DataRef<'_>) -> CellValue {
    match d {
        DataRef::Empty => CellValue::Empty,
        DataRef::String(s) => CellValue::Text(s.clone()),
        DataRef::SharedString(s) => CellValue::Text(s.to_string()),
        DataRef::Float(f) => CellValue::Float(*f),
        DataRef::Int(i) => CellValue::Int(*i),
        DataRef::Bool(b) => CellValue::Bool(*b),
        DataRef::DateTime(dt) => date_cell(dt),
        DataRef::DateTimeIso(s) => CellValue::IsoDate(s.clone()),
        DataRef::DurationIso(s) => CellValue::Text(s.clone()),
        DataRef::Error(e) => CellValue::Error(e.to_string()),
    }
}

/// A date cell, in the workbook's own date system (calamine knows whether it is the 1900 or
/// the 1904 one). A duration is not a date: it is kept as its number.
fn date_cell(dt: &calamine::ExcelDateTime) -> CellValue {
    if dt.is_duration() {
        return CellValue::Float(dt.as_f64());
    }
    let (y, m, d, ..) = dt.to_ymd_hms_milli();
    CellValue::Date(
        i16::try_from(y).unwrap_or(i16::MAX),
        i8::try_from(m).unwrap_or(0),
        i8::try_from(d).unwrap_or(0),
    )
}

/// Decodes CSV bytes: a byte-order mark decides, else valid UTF-8 is UTF-8, else the text is
/// Windows-1252 (the encoding of a French Excel's "CSV (séparateur : point-virgule)"), which
/// decodes every byte.
fn decode(bytes: &[u8], imposed: Option<&str>) -> Result<(String, &'static str, bool), ReadError> {
    if let Some(label) = imposed {
        let encoding = encoding_rs::Encoding::for_label(label.as_bytes())
            .ok_or_else(|| ReadError::Encoding(format!("encodage inconnu : {label}")))?;
        let (text, _, bad) = encoding.decode(bytes);
        if bad {
            return Err(ReadError::Encoding(format!(
                "le fichier n'est pas du texte {}",
                encoding.name()
            )));
        }
        return Ok((text.into_owned(), encoding.name(), false));
    }
    if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _, _) = encoding.decode(bytes);
        return Ok((text.into_owned(), encoding.name(), true));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((text.to_string(), "UTF-8", true)),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            Ok((text.into_owned(), "windows-1252", true))
        }
    }
}

/// The delimiter that splits the first records into the same number of fields (more than
/// one), preferring the one that gives the most; `;` (French spreadsheets) when none does.
fn sniff(text: &str) -> u8 {
    const CANDIDATES: [u8; 4] = [b';', b',', b'\t', b'|'];
    let mut best: Option<(bool, usize, u8)> = None;
    for d in CANDIDATES {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(d)
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let counts: Vec<usize> = reader
            .records()
            .take(50)
            .filter_map(Result::ok)
            .map(|r| r.len())
            .filter(|&n| n > 0)
            .collect();
        let Some(&first) = counts.first() else {
            continue;
        };
        let consistent = counts.iter().all(|&n| n == first);
        if first < 2 {
            continue;
        }
        let score = (consistent, first, d);
        if best.is_none_or(|b| (score.0, score.1) > (b.0, b.1)) {
            best = Some(score);
        }
    }
    best.map_or(b';', |b| b.2)
}

fn read_csv(bytes: &[u8], options: &ReadOptions) -> Result<Book, ReadError> {
    let (text, encoding, detected) = decode(bytes, options.encoding.as_deref())?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let delimiter = options.delimiter.unwrap_or_else(|| sniff(text));
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    let mut rows_at = RowCounter::default();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(ReadError::Workbook(e.to_string())),
        }
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if rows.len() >= options.max_rows {
            return Err(ReadError::TooManyRows {
                sheet: String::new(),
                limit: options.max_rows,
            });
        }
        if record.len() > options.max_columns {
            return Err(ReadError::TooManyColumns {
                sheet: String::new(),
                limit: options.max_columns,
            });
        }
        let number = record
            .position()
            .map_or(rows.len() + 1, |p| rows_at.row(text, p.byte() as usize));
        rows_at.embedded += record.iter().map(line_breaks).sum::<usize>();
        rows.push(Row {
            number,
            cells: record
                .iter()
                .map(|c| {
                    if c.trim().is_empty() {
                        CellValue::Empty
                    } else {
                        CellValue::Text(c.to_string())
                    }
                })
                .collect(),
        });
    }
    Ok(Book {
        format: Format::Csv,
        encoding: Some((encoding, detected)),
        delimiter: Some(delimiter as char),
        sheets: vec![Sheet { name: None, rows }],
    })
}

/// The row number a spreadsheet shows for a CSV record, from the byte where it starts: the
/// line breaks before it (CRLF, LF or a lone CR each counting once, as Excel and LibreOffice
/// read them), less those inside quoted cells of earlier records (such a cell stays in one
/// row). The csv crate's own `line()` counts CR and LF apart, one row off on Excel's CRLF.
#[derive(Default)]
struct RowCounter {
    /// Byte offset scanned so far.
    scanned: usize,
    /// Line breaks before `scanned`.
    breaks: usize,
    /// Line breaks inside the cells of the records read so far.
    embedded: usize,
}

impl RowCounter {
    fn row(&mut self, text: &str, byte: usize) -> usize {
        // The csv crate places a record where it began reading it: before the empty lines it
        // skipped, which are rows of the spreadsheet all the same.
        let bytes = text.as_bytes();
        let mut end = byte.min(text.len());
        while matches!(bytes.get(end), Some(b'\r' | b'\n')) {
            end += 1;
        }
        if end > self.scanned {
            // A CR whose LF is at `end` is counted with it, from where the record starts.
            self.breaks += (self.scanned..end)
                .filter(|&i| {
                    bytes[i] == b'\n' || (bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
                })
                .count();
            self.scanned = end;
        }
        (self.breaks + 1).saturating_sub(self.embedded)
    }
}

/// The line breaks inside a cell (CRLF, LF or a lone CR each counting once).
fn line_breaks(cell: &str) -> usize {
    let bytes = cell.as_bytes();
    (0..bytes.len())
        .filter(|&i| bytes[i] == b'\n' || (bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
        .count()
}

/// A column's letters: 0 → `A`, 25 → `Z`, 26 → `AA`.
pub(crate) fn column_name(mut index: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
#[path = "table_tests.rs"]
mod tests;
