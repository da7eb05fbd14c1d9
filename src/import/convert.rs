//! From a cell to a dossier value: dates (`31/12/2024`, ISO, Excel serial numbers in the 1900
//! or 1904 system), numbers as people write them (`1 234,56`, with no-break or thin spaces),
//! rates written as percentages, yes/no answers, enum labels through the mapping's value table.
//! Every number becomes a `Decimal` from text, never a float's binary value.

use std::str::FromStr;

use jiff::civil::Date;
use rust_decimal::Decimal;

use super::fields::Kind;
use super::normalize;
use super::table::CellValue;
use crate::lang::Lang;
use crate::load::Value;
use crate::tr;

/// A date format a column may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateFormat {
    /// `2024-12-31` (a time after it is ignored).
    Iso,
    /// `31/12/2024` (day and month on one or two digits).
    DaySlash,
    /// `31-12-2024`.
    DayDash,
    /// `31.12.2024`.
    DayDot,
    /// `12/31/2024`.
    MonthSlash,
    /// A number of days: an Excel serial date.
    Serial,
}

impl DateFormat {
    /// Every format, with the name a mapping file gives it.
    pub(crate) const ALL: [(DateFormat, &'static str); 6] = [
        (DateFormat::Iso, "AAAA-MM-JJ"),
        (DateFormat::DaySlash, "JJ/MM/AAAA"),
        (DateFormat::DayDash, "JJ-MM-AAAA"),
        (DateFormat::DayDot, "JJ.MM.AAAA"),
        (DateFormat::MonthSlash, "MM/JJ/AAAA"),
        (DateFormat::Serial, "serie_excel"),
    ];

    /// The format by its name in a mapping file.
    pub(crate) fn parse(name: &str) -> Option<Self> {
        Self::ALL.iter().find(|(_, n)| *n == name).map(|(f, _)| *f)
    }

    /// The name.
    pub(crate) fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(f, _)| *f == self)
            .map_or("", |(_, n)| n)
    }
}

/// How one column is read (from the mapping, or the defaults).
#[derive(Debug, Clone)]
pub(crate) struct Reading {
    /// Labels (normalized) and the value each stands for.
    pub values: Vec<(String, Value)>,
    /// Date formats accepted for text cells, in order.
    pub dates: Vec<DateFormat>,
    /// Serial numbers count from 1904-01-01 (Mac Excel's old system) rather than 1900.
    pub excel_1904: bool,
    /// The numbers of a rate column are percentages (`15` is 15 %).
    pub percent: bool,
    /// The decimal separator imposed (`,` or `.`); guessed from each number otherwise.
    pub decimal: Option<char>,
    /// The field is `true` when the cell holds anything, `false` when it is empty.
    pub filled_is_true: bool,
}

impl Default for Reading {
    fn default() -> Self {
        Reading {
            values: Vec::new(),
            dates: vec![DateFormat::Iso, DateFormat::DaySlash],
            excel_1904: false,
            percent: false,
            decimal: None,
            filled_is_true: false,
        }
    }
}

/// A cell that could not be read: what was found and what was expected, in the run's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    /// What the cell holds, as shown (escaped later).
    pub found: String,
    /// What was expected.
    pub expected: String,
}

/// Reads a cell for a field. `Ok(None)` for an empty cell (the field is then left out).
pub(crate) fn convert(
    cell: &CellValue,
    kind: &Kind,
    reading: &Reading,
    lang: Lang,
) -> Result<Option<Value>, Problem> {
    if reading.filled_is_true && *kind == Kind::Bool {
        return Ok(Some(Value::Bool(!cell.is_empty())));
    }
    if cell.is_empty() {
        return Ok(None);
    }
    if let CellValue::Error(e) = cell {
        return Err(Problem {
            found: e.clone(),
            expected: tr!(
                lang,
                "une valeur, et non une erreur de formule du tableur",
                "a value, not a spreadsheet formula error"
            ),
        });
    }
    // The mapping's value table comes first: `Oui` → true, `Contrat CAPE` → cape.
    if !reading.values.is_empty() {
        let key = normalize(&cell_text(cell));
        if let Some((_, v)) = reading.values.iter().find(|(label, _)| *label == key) {
            return Ok(Some(v.clone()));
        }
    }
    let value = match kind {
        Kind::Text => Value::String(cell_text(cell).trim().to_string()),
        Kind::Enum(codes) => enumerated(cell, codes, reading, lang)?,
        Kind::Bool => boolean(cell, lang)?,
        Kind::Date => Value::Date(date(cell, reading, lang)?),
        Kind::Integer { min, max } => {
            let d = number(cell, reading, lang)?;
            if !d.fract().is_zero() {
                return Err(problem(cell, expected_integer(lang)));
            }
            bounded(cell, d.normalize(), *min, *max, lang)?
        }
        Kind::Number { min } => bounded(cell, number(cell, reading, lang)?, *min, None, lang)?,
        Kind::Rate => Value::Number(rate(cell, reading, lang)?),
        Kind::Keywords => Value::Seq(
            split(&cell_text(cell))
                .map(|s| node(Value::String(s.to_string())))
                .collect(),
        ),
        Kind::Years => {
            let mut items = Vec::new();
            for part in split(&cell_text(cell)) {
                let text = CellValue::Text(part.to_string());
                let d = number(&text, reading, lang)?;
                if !d.fract().is_zero() {
                    return Err(problem(cell, expected_integer(lang)));
                }
                items.push(node(Value::Number(d.normalize())));
            }
            Value::Seq(items)
        }
    };
    Ok(Some(value))
}

fn node(value: Value) -> crate::load::Node {
    crate::load::Node {
        value,
        span: crate::source::Span::default(),
    }
}

fn split(text: &str) -> impl Iterator<Item = &str> {
    text.split([',', ';', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

fn problem(cell: &CellValue, expected: String) -> Problem {
    Problem {
        found: cell_text(cell),
        expected,
    }
}

fn expected_integer(lang: Lang) -> String {
    tr!(
        lang,
        "un nombre entier, en chiffres",
        "a whole number, in digits"
    )
}

/// The cell as text, the way a person reads it.
pub(crate) fn cell_text(cell: &CellValue) -> String {
    match cell {
        CellValue::Empty => String::new(),
        CellValue::Text(t) | CellValue::IsoDate(t) | CellValue::Error(t) => t.clone(),
        CellValue::Float(f) => float_decimal(*f).map_or_else(|| f.to_string(), |d| d.to_string()),
        CellValue::Int(i) => i.to_string(),
        CellValue::Bool(b) => b.to_string(),
        CellValue::Date(y, m, d) => format!("{d:02}/{m:02}/{y:04}"),
    }
}

/// A workbook's number as a decimal. XLSX and ODS store numbers as decimal text that the
/// reader parses into a double; the shortest representation that reads back as the same double
/// is that text again (`1234.56`, not `1234.5599999999999`), so the decimal is exact to what
/// the spreadsheet holds. `None` for infinities, NaN and numbers a `Decimal` cannot hold.
pub(crate) fn float_decimal(f: f64) -> Option<Decimal> {
    if !f.is_finite() {
        return None;
    }
    // Rust's `Display` for floats is the shortest round-trip form, never in exponent notation.
    Decimal::from_str_exact(&f.to_string()).ok()
}

fn enumerated(
    cell: &CellValue,
    codes: &[String],
    reading: &Reading,
    lang: Lang,
) -> Result<Value, Problem> {
    let text = cell_text(cell);
    let key = normalize(&text);
    if let Some(code) = codes.iter().find(|c| normalize(c) == key) {
        return Ok(Value::String(code.clone()));
    }
    // A numeric code (`dossier: 1`) is a number.
    if let Ok(d) = Decimal::from_str(text.trim())
        && codes.iter().any(|c| c == &d.to_string())
    {
        return Ok(Value::Number(d));
    }
    let labels: Vec<String> = reading
        .values
        .iter()
        .map(|(label, _)| format!("« {label} »"))
        .collect();
    let expected = if labels.is_empty() {
        tr!(
            lang,
            "une de ces valeurs : {}",
            "one of these values: {}",
            codes.join(", ")
        )
    } else {
        tr!(
            lang,
            "une de ces valeurs : {}, ou un libellé de la correspondance : {}",
            "one of these values: {}, or a label of the mapping: {}",
            codes.join(", "),
            labels.join(", ")
        )
    };
    Err(problem(cell, expected))
}

/// Yes/no answers as people write them.
const YES: &[&str] = &["oui", "o", "vrai", "true", "yes", "y", "x", "1"];
const NO: &[&str] = &["non", "n", "faux", "false", "no", "0"];

fn boolean(cell: &CellValue, lang: Lang) -> Result<Value, Problem> {
    match cell {
        CellValue::Bool(b) => return Ok(Value::Bool(*b)),
        CellValue::Int(1) => return Ok(Value::Bool(true)),
        CellValue::Int(0) => return Ok(Value::Bool(false)),
        _ => {}
    }
    let key = normalize(&cell_text(cell));
    if YES.contains(&key.as_str()) {
        Ok(Value::Bool(true))
    } else if NO.contains(&key.as_str()) {
        Ok(Value::Bool(false))
    } else {
        Err(problem(
            cell,
            tr!(
                lang,
                "oui ou non (ou vrai/faux, 1/0)",
                "yes or no (oui/non, vrai/faux, 1/0)"
            ),
        ))
    }
}

fn date(cell: &CellValue, reading: &Reading, lang: Lang) -> Result<Date, Problem> {
    let formats: Vec<&str> = reading.dates.iter().map(|f| f.name()).collect();
    let expected = || {
        tr!(
            lang,
            "une date ({}) qui existe",
            "a date ({}) that exists",
            formats.join(", ")
        )
    };
    match cell {
        CellValue::Date(y, m, d) => Date::new(*y, *m, *d).map_err(|_| {
            let mut p = problem(cell, expected());
            if (*y, *m, *d) == (1900, 2, 29) {
                p.expected = tr!(
                    lang,
                    "une date qui existe : le 29 février 1900 n'a jamais existé (le tableur le compte à tort, c'est le « bogue de 1900 » d'Excel)",
                    "a date that exists: 29 February 1900 never existed (spreadsheets count it by mistake, Excel's \"1900 bug\")"
                );
            }
            p
        }),
        CellValue::Float(_) | CellValue::Int(_) => {
            // A number in a date column: a date cell that lost its format.
            let serial = number(cell, reading, lang)?;
            serial_date(serial, reading.excel_1904).ok_or_else(|| problem(cell, expected()))
        }
        CellValue::IsoDate(text) => parse_text_date(text, &[DateFormat::Iso], reading)
            .ok_or_else(|| problem(cell, expected())),
        _ => parse_text_date(&cell_text(cell), &reading.dates, reading)
            .ok_or_else(|| problem(cell, expected())),
    }
}

fn parse_text_date(text: &str, formats: &[DateFormat], reading: &Reading) -> Option<Date> {
    let text = text.trim();
    for format in formats {
        let found = match format {
            DateFormat::Iso => {
                let day = text.split([' ', 'T']).next().unwrap_or(text);
                crate::load::scalar::parse_date(day)
            }
            DateFormat::DaySlash => dmy(text, '/', false),
            DateFormat::DayDash => dmy(text, '-', false),
            DateFormat::DayDot => dmy(text, '.', false),
            DateFormat::MonthSlash => dmy(text, '/', true),
            DateFormat::Serial => {
                let d = parse_decimal(text, reading.decimal)?;
                serial_date(d, reading.excel_1904)
            }
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

/// `31/12/2024` (or with `-`, `.`; month first when `month_first`), day and month on one or two
/// digits, year on four.
fn dmy(text: &str, sep: char, month_first: bool) -> Option<Date> {
    let day = text.split([' ', 'T']).next()?;
    let mut parts = day.split(sep);
    let (a, b, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || a.len() > 2 || b.len() > 2 {
        return None;
    }
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit());
    if !(all_digits(a) && all_digits(b) && all_digits(y)) {
        return None;
    }
    let (d, m) = if month_first { (b, a) } else { (a, b) };
    Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok()
}

/// An Excel serial date. In the 1900 system, day 1 is 1900-01-01 and day 60 the nonexistent
/// 1900-02-29 that Lotus 1-2-3 counted and Excel kept: days after it are one less than their
/// count, and day 60 itself is refused. In the 1904 system, day 0 is 1904-01-01. A fraction
/// (the time of day) is dropped.
pub(crate) fn serial_date(serial: Decimal, is_1904: bool) -> Option<Date> {
    let days = i64::try_from(serial.trunc()).ok()?;
    if serial.is_sign_negative() && !serial.is_zero() {
        return None;
    }
    let (epoch, offset) = if is_1904 {
        (Date::new(1904, 1, 1).ok()?, days)
    } else if days == 60 {
        return None;
    } else if days < 60 {
        (Date::new(1899, 12, 31).ok()?, days)
    } else {
        (Date::new(1899, 12, 30).ok()?, days)
    };
    if !is_1904 && days < 1 {
        return None;
    }
    let date = epoch
        .checked_add(jiff::Span::new().try_days(offset).ok()?)
        .ok()?;
    (date.year() <= 9999).then_some(date)
}

/// Spaces that group thousands: the ordinary one, the no-break space (U+00A0) a French
/// spreadsheet writes, the narrow no-break space (U+202F) of recent French locales, the thin
/// space (U+2009).
const GROUP_SPACES: [char; 4] = [' ', '\u{a0}', '\u{202f}', '\u{2009}'];

/// A number as people write it: `1 234,56`, `1234.56`, `1.234,56`, `-12`, `(12,50)` (an
/// accountant's negative), with an optional `€`. With `decimal` given, that character is the
/// decimal mark and the other (`.` or `,`) groups thousands; without it, the last of `,` and `.`
/// when both appear is the decimal mark, and one alone is a decimal mark when it appears once.
pub(crate) fn parse_decimal(text: &str, decimal: Option<char>) -> Option<Decimal> {
    let mut t: String = text
        .trim()
        .trim_end_matches('€')
        .trim_start_matches('€')
        .chars()
        .filter(|c| !GROUP_SPACES.contains(c))
        .collect();
    let mut negative = false;
    if t.starts_with('(') && t.ends_with(')') {
        negative = true;
        t = t[1..t.len() - 1].to_string();
    }
    if let Some(rest) = t.strip_prefix(['-', '\u{2212}']) {
        negative = !negative;
        t = rest.to_string();
    } else if let Some(rest) = t.strip_prefix('+') {
        t = rest.to_string();
    }
    let commas = t.matches(',').count();
    let dots = t.matches('.').count();
    let mark = match decimal {
        Some(c) => Some(c),
        None => match (commas, dots) {
            (0, 0) => None,
            (_, 0) if commas == 1 => Some(','),
            (0, _) if dots == 1 => Some('.'),
            (0, _) | (_, 0) => None,
            _ => {
                let last_comma = t.rfind(',').unwrap_or(0);
                let last_dot = t.rfind('.').unwrap_or(0);
                Some(if last_comma > last_dot { ',' } else { '.' })
            }
        },
    };
    let group = match mark {
        Some(',') => Some('.'),
        Some('.') => Some(','),
        _ => {
            if commas > 0 {
                Some(',')
            } else {
                Some('.')
            }
        }
    };
    let mut digits = String::with_capacity(t.len());
    for c in t.chars() {
        if Some(c) == group {
            continue;
        }
        if Some(c) == mark {
            digits.push('.');
        } else {
            digits.push(c);
        }
    }
    let valid = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && digits.matches('.').count() <= 1
        && !digits.starts_with('.')
        && !digits.ends_with('.');
    if !valid {
        return None;
    }
    let d = Decimal::from_str_exact(&digits).ok()?;
    Some(if negative { -d } else { d })
}

fn number(cell: &CellValue, reading: &Reading, lang: Lang) -> Result<Decimal, Problem> {
    let found = match cell {
        CellValue::Float(f) => float_decimal(*f),
        CellValue::Int(i) => Some(Decimal::from(*i)),
        CellValue::Text(t) => parse_decimal(t, reading.decimal),
        _ => None,
    };
    found.ok_or_else(|| {
        problem(
            cell,
            tr!(
                lang,
                "un nombre (1 234,56 ou 1234.56)",
                "a number (1234.56 or 1 234,56)"
            ),
        )
    })
}

fn bounded(
    cell: &CellValue,
    d: Decimal,
    min: Option<Decimal>,
    max: Option<Decimal>,
    lang: Lang,
) -> Result<Value, Problem> {
    if min.is_some_and(|m| d < m) || max.is_some_and(|m| d > m) {
        let range = match (min, max) {
            (Some(a), Some(b)) => tr!(lang, "entre {a} et {b}", "between {a} and {b}"),
            (Some(a), None) => tr!(lang, "d'au moins {a}", "of at least {a}"),
            (None, Some(b)) => tr!(lang, "d'au plus {b}", "of at most {b}"),
            (None, None) => String::new(),
        };
        return Err(problem(
            cell,
            tr!(lang, "un nombre {range}", "a number {range}"),
        ));
    }
    Ok(Value::Number(d))
}

/// A rate: a fraction in the dossier. `15 %` is 0.15 wherever it is written; a plain number
/// is a percentage when the mapping says the column holds percentages; a workbook cell
/// formatted as a percentage already holds the fraction.
fn rate(cell: &CellValue, reading: &Reading, lang: Lang) -> Result<Decimal, Problem> {
    let hundred = Decimal::ONE_HUNDRED;
    let (mut d, mut percent) = match cell {
        CellValue::Text(t) if t.trim_end().ends_with('%') => {
            let digits = t.trim_end().trim_end_matches('%');
            let d = parse_decimal(digits, reading.decimal).ok_or_else(|| {
                problem(
                    cell,
                    tr!(lang, "un taux (15 % ou 0,15)", "a rate (15 % or 0.15)"),
                )
            })?;
            (d, true)
        }
        _ => (number(cell, reading, lang)?, false),
    };
    percent |= reading.percent;
    if percent {
        d /= hundred;
    }
    if d < Decimal::ZERO || d > Decimal::ONE {
        return Err(problem(
            cell,
            if reading.percent {
                tr!(
                    lang,
                    "un pourcentage entre 0 et 100",
                    "a percentage between 0 and 100"
                )
            } else {
                tr!(
                    lang,
                    "un taux entre 0 et 1 (0,15 ou 15 %) ; si la colonne est en pourcentages, écrivez « pourcentage: true » pour ce champ dans la correspondance",
                    "a rate between 0 and 1 (0.15 or 15 %); if the column holds percentages, write \"pourcentage: true\" for this field in the mapping"
                )
            },
        ));
    }
    Ok(d.normalize())
}

#[cfg(test)]
#[path = "convert_tests.rs"]
mod tests;
