//! Scores per charter principle and the label decision (DESIGN §6), with the weights and the
//! threshold of `rules/verdict.yaml`.

use std::collections::HashMap;

use rust_decimal::{Decimal, RoundingStrategy};

use super::{Decision, PrincipleScore, RuleOutcome, Status};
use crate::finding::Finding;
use crate::lang::Lang;
use crate::rules::RuleSet;

/// Rounds a score to two decimals (what is shown is what is judged).
fn round(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// Scores per principle (in the charter's order) and the overall score: the weighted share of
/// applicable rules that pass or are waived. Notes and rules of weight 0 do not count. The
/// overall score pools every weighted rule, with or without a principle, so that a failure of
/// the law's rules (reserves, governance) lowers it too.
pub fn scores(
    set: &RuleSet,
    outcomes: &[RuleOutcome],
    lang: Lang,
) -> (Option<Decimal>, Vec<PrincipleScore>) {
    let mut per_principle: HashMap<&str, (Decimal, Decimal, usize, usize)> = HashMap::new();
    let (mut passed_w, mut total_w) = (Decimal::ZERO, Decimal::ZERO);
    for o in outcomes {
        let counted = matches!(o.status, Status::Pass | Status::Fail | Status::Waived);
        let Some(rule) = set.rules.get(o.index) else {
            continue;
        };
        let w = set.verdict.weight(rule);
        if !counted || w.is_zero() {
            continue;
        }
        let ok = o.status != Status::Fail;
        total_w += w;
        if ok {
            passed_w += w;
        }
        if let Some(p) = &rule.principle {
            let e = per_principle.entry(p.as_str()).or_default();
            e.1 += w;
            e.2 += 1;
            if ok {
                e.0 += w;
                e.3 += 1;
            }
        }
    }
    let principles = set
        .charter
        .principes
        .iter()
        .filter_map(|p| {
            let (ok, total, applicable, passed) = per_principle.get(p.id.as_str())?;
            Some(PrincipleScore {
                id: p.id.clone(),
                title: p.title(lang).to_string(),
                score: round(*ok / *total),
                applicable: *applicable,
                passed: *passed,
            })
        })
        .collect();
    let overall = (!total_w.is_zero()).then(|| round(passed_w / total_w));
    (overall, principles)
}

/// The decision: a blocking failure refuses; otherwise the score decides.
pub fn decide(set: &RuleSet, findings: &[Finding], score: Option<Decimal>) -> Decision {
    if findings.iter().any(|f| f.blocking && !f.is_waived()) {
        return Decision::NonConforming;
    }
    match score {
        Some(s) if s < set.verdict.label_threshold => Decision::Conditional,
        _ => Decision::Conforming,
    }
}

/// Orders findings as they should be fixed: blocking first, then by severity, then in the
/// file's order; waived ones last.
pub fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by_key(|f| {
        (
            f.is_waived(),
            !f.blocking,
            f.severity,
            f.primary.as_ref().map_or(0, |l| l.span.start),
        )
    });
}
