//! Waivers from the committee's register applied to a rule's outcome, as each rule is
//! evaluated (a rule that reads others, like the portage verdict, sees them waived or not).
//!
//! An entry covers a failing rule when the rule may be waived (its source is not a law, it
//! counts in the decision), the committee had decided it by the evaluation date, and its last
//! day is on or after the dossier's reference date. Otherwise it is refused, not yet decided or
//! expired, and the criterion keeps failing; the rule's findings carry the entry either way, so
//! that every report says what became of it.

use jiff::civil::Date;

use crate::finding::{Finding, FindingStatus, Waiver, WaiverState};
use crate::lang::Lang;
use crate::register::Entry;
use crate::rules::{Level, Rule};
use crate::tr;
use crate::verdict::{RegisterUse, Status};

/// When waivers are judged.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Dates<'a> {
    /// The dossier's reference date: an entry ending before it has expired.
    pub reference: Date,
    /// The day of the evaluation: an entry decided after it did not exist yet (`None`: no
    /// such check).
    pub evaluated_on: Option<Date>,
    /// An applied entry ending within this many days after the reference date gives a note.
    pub notice_days: i64,
    /// The dossier's country: a refusal cites the laws in force there at the reference date.
    pub country: Option<&'a str>,
}

/// Why the committee cannot waive `rule`, in words; `None` when it can.
///
/// A refusal for the law cites the laws in force in the dossier's `country` at `date` (not a
/// Belgian law to a French cooperative, nor a law of 2014 to a dossier of 2000); only when none
/// is, all the laws the rule cites.
pub(crate) fn refusal(
    rule: &Rule,
    country: Option<&str>,
    date: Date,
    lang: Lang,
) -> Option<String> {
    if rule.cites_law() {
        let laws = |in_force: bool| -> Vec<&str> {
            rule.sources
                .iter()
                .filter(|s| !in_force || crate::rules::source::applies(s, country, date))
                .filter_map(|s| s.law.as_deref())
                .collect()
        };
        let mut laws = laws(true);
        if laws.is_empty() {
            laws = all_laws(rule);
        }
        Some(tr!(
            lang,
            "la règle {} a pour source la loi ({}) ; le comité de labellisation ne peut pas l'écarter",
            "rule {} comes from the law ({}); the label committee cannot set it aside",
            rule.code,
            laws.join(" ; ")
        ))
    } else if rule.level == Level::Information {
        Some(tr!(
            lang,
            "la règle {} est une information : elle ne compte pas dans la décision, il n'y a rien à écarter",
            "rule {} is for information: it does not count in the decision, there is nothing to set aside",
            rule.code
        ))
    } else if !rule.waivable {
        Some(tr!(
            lang,
            "la règle {} est déclarée non dérogeable",
            "rule {} is declared not waivable",
            rule.code
        ))
    } else {
        None
    }
}

/// Applies the register's entries for `rule` (those of this cooperative: `entries`) to its
/// status; records what became of each in `uses`, and marks the rule's findings.
pub(crate) fn apply(
    rule: &Rule,
    status: Status,
    entries: &[&Entry],
    dates: Dates<'_>,
    findings: &mut [Finding],
    uses: &mut Vec<RegisterUse>,
    lang: Lang,
) -> Status {
    let mine: Vec<&Entry> = entries
        .iter()
        .copied()
        .filter(|e| e.rule == rule.code)
        .collect();
    if mine.is_empty() {
        return status;
    }
    let refused = refusal(rule, dates.country, dates.reference, lang);
    let judge = |e: &Entry| -> WaiverState {
        if refused.is_some() {
            WaiverState::Refused
        } else if status != Status::Fail {
            WaiverState::Unused
        } else if dates.evaluated_on.is_some_and(|d| e.decision > d) {
            WaiverState::NotYetDecided
        } else if e.until < dates.reference {
            WaiverState::Expired
        } else {
            WaiverState::Applied
        }
    };
    // The entry that covers the rule for longest, if any; the others have nothing left to do.
    let applied = mine
        .iter()
        .filter(|e| judge(e) == WaiverState::Applied)
        .max_by_key(|e| e.until)
        .copied();
    let mut shown: Option<Waiver> = None;
    for e in &mine {
        let state = match applied {
            Some(a) if std::ptr::eq(a, *e) => WaiverState::Applied,
            Some(_) => WaiverState::Unused,
            None => judge(e),
        };
        let expires_soon = state == WaiverState::Applied
            && dates
                .reference
                .checked_add(jiff::Span::new().days(dates.notice_days))
                .is_ok_and(|limit| e.until <= limit);
        let refusal = (state == WaiverState::Refused).then(|| refused.clone().unwrap_or_default());
        if state != WaiverState::Unused && shown.as_ref().is_none_or(|w| !w.active) {
            shown = Some(Waiver {
                reason: e.reason.clone(),
                granted_by: e.granted_by.clone(),
                until: e.until.to_string(),
                decision: e.decision.to_string(),
                active: state == WaiverState::Applied,
                state,
                refusal: refusal.clone(),
            });
        }
        uses.push(RegisterUse {
            entry: (*e).clone(),
            state,
            refusal,
            expires_soon,
        });
    }
    if let Some(w) = shown
        && status == Status::Fail
    {
        for f in findings.iter_mut() {
            if w.active {
                f.status = FindingStatus::Waived;
            }
            f.waiver = Some(w.clone());
        }
    }
    if applied.is_some() {
        Status::Waived
    } else {
        status
    }
}

/// Every law a rule cites.
fn all_laws(rule: &Rule) -> Vec<&str> {
    rule.sources
        .iter()
        .filter_map(|s| s.law.as_deref())
        .collect()
}
