//! How each rule ended for a dossier, and what became of the committee's waivers: the half of
//! the result model that is not a finding (`finding.rs` holds the other half).
//!
//! It sits at the bottom of the house with `finding.rs`, below both `evaluate/` (step 4, which
//! builds outcomes) and `verdict/` (step 5, which counts them into criteria and a decision), so
//! that neither step imports the other's types: it imports neither.

use crate::finding::WaiverState;

/// How one applicable rule ended for a dossier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// The rule holds.
    Pass,
    /// The rule fails (see the findings with its code).
    Fail,
    /// The rule fails but a valid waiver covers it.
    Waived,
    /// A note: reports a fact, neither passes nor fails.
    Note,
    /// The rule does not apply to this dossier (stage, country, form, date…).
    NotApplicable,
}

impl Status {
    /// The JSON name (DESIGN §7): a note that applied asked for nothing, and is `passed`.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Status::Pass | Status::Note => "passed",
            Status::Fail => "failed",
            Status::Waived => "waived",
            Status::NotApplicable => "not_applicable",
        }
    }
}

/// The outcome of one applicable rule (for JUnit's one test case per rule, and scores).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleOutcome {
    /// Index of the rule in the run's `RuleSet::rules`.
    pub index: usize,
    /// Rule code.
    pub code: String,
    /// Rule name.
    pub name: String,
    /// Pass, fail or waived.
    pub status: Status,
}

/// What became of one entry of the committee's register for this dossier's cooperative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterUse {
    /// The entry.
    pub(crate) entry: crate::register::Entry,
    /// What became of it.
    pub state: WaiverState,
    /// Why it was refused, in words.
    pub refusal: Option<String>,
    /// It covers its rule and ends within the notice period (`waiver_notice_days`).
    pub expires_soon: bool,
}
