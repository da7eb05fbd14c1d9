//! Resolution of plain scalars: null, booleans, exact decimals and ISO dates (YAML 1.2 core
//! schema, with numbers kept as `Decimal` from their source text).

use std::str::FromStr;

use jiff::civil::Date;
use rust_decimal::Decimal;

use super::tree::Value;

/// Resolves a plain (unquoted) scalar's text into a value.
pub(crate) fn resolve_plain(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    if let Some(d) = parse_number(text) {
        return Value::Number(d);
    }
    if let Some(d) = parse_date(text) {
        return Value::Date(d);
    }
    Value::String(text.to_string())
}

/// Resolves a scalar explicitly tagged with a YAML core tag (`!!str`, `!!int`, …).
pub(crate) fn resolve_tagged(text: &str, suffix: &str) -> Value {
    match suffix {
        "str" => Value::String(text.to_string()),
        "null" => Value::Null,
        _ => resolve_plain(text),
    }
}

/// A decimal number as YAML 1.2 writes it: `12`, `-3.5`, `16384.40`, `1e3`, `0x1F`, `0o17`.
/// Out-of-range and infinite values are not numbers here (they stay text, and the schema says
/// a number is expected).
pub(crate) fn parse_number(text: &str) -> Option<Decimal> {
    let bytes = text.as_bytes();
    let first = *bytes.first()?;
    if !(first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.')) {
        return None;
    }
    if let Some(hex) = text.strip_prefix("0x") {
        return i64::from_str_radix(hex, 16).ok().map(Decimal::from);
    }
    if let Some(oct) = text.strip_prefix("0o") {
        return i64::from_str_radix(oct, 8).ok().map(Decimal::from);
    }
    if !is_decimal_syntax(text) {
        return None;
    }
    if text.contains(['e', 'E']) {
        Decimal::from_scientific(text).ok()
    } else {
        Decimal::from_str_exact(text.strip_prefix('+').unwrap_or(text)).ok()
    }
}

/// `[-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?`
fn is_decimal_syntax(text: &str) -> bool {
    let s = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let (int, frac) = match mantissa.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (mantissa, None),
    };
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match frac {
        None => !int.is_empty() && digits(int),
        Some(f) => digits(int) && digits(f) && !(int.is_empty() && f.is_empty()),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}

/// A `YYYY-MM-DD` calendar date. `2000-02-30` is not one: it stays text and the schema's
/// `format: date` reports it.
pub fn parse_date(text: &str) -> Option<Date> {
    let b = text.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape {
        return None;
    }
    let year = i16::from_str(&text[0..4]).ok()?;
    let month = i8::from_str(&text[5..7]).ok()?;
    let day = i8::from_str(&text[8..10]).ok()?;
    Date::new(year, month, day).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(s: &str) -> Option<String> {
        parse_number(s).map(|d| d.to_string())
    }

    #[test]
    fn numbers_keep_their_digits() {
        assert_eq!(num("16384.40").as_deref(), Some("16384.40"));
        assert_eq!(num("2.50").as_deref(), Some("2.50"));
        assert_eq!(num("-12").as_deref(), Some("-12"));
        assert_eq!(num("+3").as_deref(), Some("3"));
        assert_eq!(num(".5").as_deref(), Some("0.5"));
        assert_eq!(num("1e3").as_deref(), Some("1000"));
        assert_eq!(num("0x1F").as_deref(), Some("31"));
        assert_eq!(
            num("12345678901234567890.12").as_deref(),
            Some("12345678901234567890.12")
        );
    }

    #[test]
    fn non_numbers_stay_text() {
        for s in [
            "1.2.3",
            "12a",
            "-",
            ".",
            "e3",
            "1e",
            ".inf",
            "deux cents",
            "1 000",
            "1e999",
        ] {
            assert_eq!(num(s), None, "{s}");
        }
    }

    #[test]
    fn dates_are_calendar_dates() {
        assert_eq!(
            parse_date("2000-12-31"),
            Some(jiff::civil::date(2000, 12, 31))
        );
        assert_eq!(parse_date("2000-02-30"), None);
        assert_eq!(parse_date("31/12/2000"), None);
        assert_eq!(parse_date("2000-1-01"), None);
        assert!(matches!(resolve_plain("2000-02-30"), Value::String(_)));
    }

    #[test]
    fn core_schema_scalars() {
        assert_eq!(resolve_plain("~"), Value::Null);
        assert_eq!(resolve_plain("True"), Value::Bool(true));
        // YAML 1.1 booleans are text in YAML 1.2: the schema then says a boolean is expected.
        assert_eq!(resolve_plain("oui"), Value::String("oui".into()));
        assert_eq!(resolve_plain("yes"), Value::String("yes".into()));
        assert_eq!(resolve_tagged("12", "str"), Value::String("12".into()));
    }
}
