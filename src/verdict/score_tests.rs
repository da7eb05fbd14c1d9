use rust_decimal::Decimal;

use super::*;
use crate::codes::Code;
use crate::finding::Severity;

fn tally(applicable: usize, passed: usize, waived: usize) -> Tally {
    Tally {
        applicable,
        passed,
        failed: applicable - passed - waived,
        waived,
    }
}

fn half() -> Decimal {
    Decimal::new(5, 1)
}

fn criteria(mandatory: Tally, recommended: Tally) -> Criteria {
    Criteria {
        mandatory,
        recommended,
        threshold: half(),
    }
}

#[test]
fn one_mandatory_failure_among_many_passes_refuses() {
    let c = criteria(tally(31, 30, 0), tally(24, 24, 0));
    assert_eq!(decide(&[], Some(&c)), Decision::NonConforming);
}

#[test]
fn every_mandatory_and_enough_recommended_grants() {
    let c = criteria(tally(31, 31, 0), tally(24, 18, 0));
    assert_eq!(decide(&[], Some(&c)), Decision::Conforming);
    assert_eq!(overall(&c), Some(Decimal::new(89, 2))); // 49/55 = 0.8909…
}

#[test]
fn recommended_exactly_at_the_threshold_grants() {
    let c = criteria(tally(10, 10, 0), tally(24, 12, 0));
    assert_eq!(decide(&[], Some(&c)), Decision::Conforming);
    // 100/200 on the nose, and a waiver counts as met.
    let c = criteria(tally(10, 10, 0), tally(200, 99, 1));
    assert_eq!(decide(&[], Some(&c)), Decision::Conforming);
}

#[test]
fn recommended_just_below_the_threshold_is_conditional() {
    // 11/23 = 47.8 %; 99/199 = 49.7 %: rounding to a percentage must not lift it to 50 %.
    for (applicable, passed) in [(23, 11), (199, 99), (20_001, 10_000)] {
        let c = criteria(tally(10, 10, 0), tally(applicable, passed, 0));
        assert_eq!(
            decide(&[], Some(&c)),
            Decision::Conditional,
            "{passed}/{applicable}"
        );
    }
}

#[test]
fn no_recommended_criterion_applies() {
    let c = criteria(tally(3, 3, 0), tally(0, 0, 0));
    assert_eq!(decide(&[], Some(&c)), Decision::Conforming);
    assert!(recommended_reached(&c));
}

#[test]
fn waivers_count_as_met_and_are_undone_without_them() {
    let c = criteria(tally(5, 4, 1), tally(4, 1, 1));
    assert_eq!(decide(&[], Some(&c)), Decision::Conforming);
    let bare = c.without_waivers();
    assert_eq!(bare.mandatory.failed, 1);
    assert_eq!(bare.recommended.met(), 1);
    assert_eq!(decide(&[], Some(&bare)), Decision::NonConforming);
}

#[test]
fn a_structural_error_refuses_whatever_the_criteria() {
    let schema = Finding::new(
        Code::Sc003,
        Severity::Error,
        Origin::Schema,
        "clé inconnue".into(),
    );
    assert_eq!(decide(&[schema], None), Decision::NonConforming);
}
