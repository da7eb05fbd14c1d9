//! The label decision (DESIGN §6): the network's model since 2015. Each applicable rule is a
//! criterion of its level; the label needs every mandatory one and at least the threshold's
//! share of the recommended ones (`rules/verdict.yaml`). Scores are plain shares of criteria
//! met, unweighted, so that anyone can recompute them from the report's counts.

use std::collections::HashMap;

use jiff::civil::Date;
use rust_decimal::{Decimal, RoundingStrategy};

use super::{Criteria, Decision, GENERAL, PrincipleScore, RuleOutcome, Status, Tally};
use crate::finding::{Finding, Origin};
use crate::lang::Lang;
use crate::rules::{Level, RuleSet};

/// Rounds a score to two decimals, half up (what is shown).
fn round(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
}

/// Adds one outcome to a tally.
fn count(t: &mut Tally, status: Status) {
    t.applicable += 1;
    match status {
        Status::Pass | Status::Note => t.passed += 1,
        Status::Fail => t.failed += 1,
        Status::Waived => t.waived += 1,
        Status::NotApplicable => t.applicable -= 1,
    }
}

/// The share of a tally's criteria met, rounded; `None` when none applies.
pub(crate) fn share(t: &Tally) -> Option<Decimal> {
    (t.applicable > 0).then(|| round(Decimal::from(t.met()) / Decimal::from(t.applicable)))
}

/// The criteria of a dossier by level, at the reference date `date`: every applicable rule of
/// level mandatory or recommended; information rules never count.
pub(crate) fn criteria(set: &RuleSet, outcomes: &[RuleOutcome], date: Date) -> Criteria {
    let mut c = Criteria {
        mandatory: Tally::default(),
        recommended: Tally::default(),
        threshold: set.verdict.threshold_at(date),
    };
    for o in outcomes {
        match set.rules.get(o.index).map(|r| r.level) {
            Some(Level::Mandatory) => count(&mut c.mandatory, o.status),
            Some(Level::Recommended) => count(&mut c.recommended, o.status),
            _ => {}
        }
    }
    c
}

/// The overall score: the share of applicable mandatory and recommended criteria met.
pub(crate) fn overall(c: &Criteria) -> Option<Decimal> {
    let both = Tally {
        applicable: c.mandatory.applicable + c.recommended.applicable,
        passed: c.mandatory.passed + c.recommended.passed,
        failed: c.mandatory.failed + c.recommended.failed,
        waived: c.mandatory.waived + c.recommended.waived,
    };
    share(&both)
}

/// Scores per principle, in the charter's order, then the line of the criteria without a
/// principle: each the share of its applicable mandatory and recommended criteria met.
pub(crate) fn principles(
    set: &RuleSet,
    outcomes: &[RuleOutcome],
    lang: Lang,
) -> Vec<PrincipleScore> {
    let mut per: HashMap<&str, Tally> = HashMap::new();
    for o in outcomes {
        let Some(rule) = set.rules.get(o.index) else {
            continue;
        };
        if !rule.level.counts() {
            continue;
        }
        let key = rule.principle.as_deref().unwrap_or(GENERAL);
        count(per.entry(key).or_default(), o.status);
    }
    let line = |id: &str, number: u8, title: String| {
        let t = per.get(id).filter(|t| t.applicable > 0)?;
        Some(PrincipleScore {
            id: id.to_string(),
            number,
            title,
            score: share(t)?,
            applicable: t.applicable,
            passed: t.passed,
            failed: t.failed,
            waived: t.waived,
        })
    };
    set.charter
        .principes
        .iter()
        .filter_map(|p| line(&p.id, p.numero, p.title(lang).to_string()))
        .chain(line(GENERAL, 0, general_title(lang).to_string()))
        .collect()
}

/// The title of the line of criteria without a principle.
pub(crate) fn general_title(lang: Lang) -> &'static str {
    lang.pick(
        "Exigences hors principes (charte, union, dossier)",
        "Requirements outside the principles (charter, union, dossier)",
    )
}

/// Whether the recommended criteria reach the threshold: compared exactly, as fractions
/// (`met ≥ threshold × applicable`), never through a rounded percentage. With no applicable
/// recommended criterion there is nothing to reach.
pub(crate) fn recommended_reached(c: &Criteria) -> bool {
    c.recommended.applicable == 0
        || Decimal::from(c.recommended.met())
            >= c.threshold * Decimal::from(c.recommended.applicable)
}

/// The decision: a structural error or a failing mandatory criterion refuses; otherwise the
/// recommended share decides between conforming and conditional.
pub(crate) fn decide(findings: &[Finding], criteria: Option<&Criteria>) -> Decision {
    if findings.iter().any(|f| f.origin == Origin::Schema) {
        return Decision::NonConforming;
    }
    let Some(c) = criteria else {
        return Decision::Conforming;
    };
    if c.mandatory.failed > 0 {
        Decision::NonConforming
    } else if recommended_reached(c) {
        Decision::Conforming
    } else {
        Decision::Conditional
    }
}

/// Orders findings as they should be fixed: blocking first, then by severity, then in the
/// file's order; waived ones last.
pub(crate) fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by_key(|f| {
        (
            f.is_waived(),
            !f.blocking,
            f.severity,
            f.primary.as_ref().map_or(0, |l| l.span.start),
        )
    });
}

#[cfg(test)]
#[path = "score_tests.rs"]
mod tests;
