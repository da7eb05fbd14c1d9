//! Unit tests of `numfmt.rs`.
use super::*;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[test]
fn french_numbers() {
    assert_eq!(number(d("16384.40"), Lang::Fr), "16 384,40");
    assert_eq!(number(d("10413000"), Lang::Fr), "10 413 000");
    assert_eq!(number(d("999"), Lang::Fr), "999");
    assert_eq!(number(d("2000"), Lang::Fr), "2000");
    assert_eq!(number(d("2457.6600"), Lang::Fr), "2457,66");
    assert_eq!(number(d("-1234.5"), Lang::Fr), "-1234,5");
    assert_eq!(number(d("16384.40"), Lang::En), "16,384.40");
    // Half-up, not to even: 0,125 → 0,13 (round_dp would give 0,12).
    assert_eq!(number(d("0.125"), Lang::Fr), "0,13");
    assert_eq!(number(d("2.675"), Lang::Fr), "2,68");
}

#[test]
fn percentages() {
    assert_eq!(percent(d("0.14"), Lang::Fr), "14 %");
    assert_eq!(percent(d("0.150"), Lang::Fr), "15 %");
    assert_eq!(percent(d("0.6543"), Lang::Fr), "65,43 %");
    // Rounded half-up, never truncated (CATALOGUE, display).
    assert_eq!(percent(d("0.149899"), Lang::Fr), "14,99 %");
    assert_eq!(percent(d("0.1499997"), Lang::Fr), "15 %");
    assert_eq!(percent(d("6") / d("11"), Lang::Fr), "54,55 %");
    assert_eq!(percent(d("0.00125"), Lang::Fr), "0,13 %");
    assert_eq!(percent(d("-0.00125"), Lang::Fr), "-0,13 %");
    assert_eq!(percent(d("0.65"), Lang::En), "65%");
}

#[test]
fn amounts_read_alike_in_a_column() {
    // Four digits are grouped like six: « 8 420 EUR » next to « 115 000 EUR ».
    assert_eq!(amount(d("8420"), Some("EUR"), Lang::Fr), "8 420 EUR");
    assert_eq!(amount(d("115000"), Some("EUR"), Lang::Fr), "115 000 EUR");
    // Cents only when there are some, and then two.
    assert_eq!(amount(d("990.00"), None, Lang::Fr), "990");
    assert_eq!(amount(d("990.5"), None, Lang::Fr), "990,50");
    assert_eq!(
        amount(d("16384.404"), Some("FRF"), Lang::Fr),
        "16 384,40 FRF"
    );
    assert_eq!(amount(d("0.005"), None, Lang::Fr), "0,01");
    assert_eq!(amount(d("-5000"), Some("EUR"), Lang::Fr), "−5 000 EUR");
    assert_eq!(amount(d("-0.001"), None, Lang::Fr), "0");
    assert_eq!(amount(d("8420.5"), Some("EUR"), Lang::En), "8,420.50 EUR");
}

#[test]
fn changes_are_signed() {
    assert_eq!(amount_change(d("9000"), Lang::Fr), "+9 000");
    assert_eq!(amount_change(d("990.00"), Lang::Fr), "+990");
    assert_eq!(amount_change(d("-990.5"), Lang::Fr), "−990,50");
    assert_eq!(amount_change(d("0.001"), Lang::Fr), "=");
    assert_eq!(number_change(d("3"), Lang::Fr), "+3");
    assert_eq!(number_change(d("-12"), Lang::Fr), "−12");
    assert_eq!(number_change(d("0"), Lang::Fr), "=");
}
