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
