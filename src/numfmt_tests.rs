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
}

#[test]
fn percentages() {
    assert_eq!(percent(d("0.14"), Lang::Fr), "14 %");
    assert_eq!(percent(d("0.150"), Lang::Fr), "15 %");
    assert_eq!(percent(d("0.6543"), Lang::Fr), "65,43 %");
    assert_eq!(percent(d("0.1499997"), Lang::Fr), "14,99 %");
    assert_eq!(percent(d("0.65"), Lang::En), "65%");
}
