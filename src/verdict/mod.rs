//! Step 5 of the pipeline: the result of one dossier — its findings, its score per charter
//! principle and the label decision (DESIGN §6, a contract).

pub(crate) mod score;

use std::sync::Arc;

use jiff::civil::Date;
use rust_decimal::Decimal;

use crate::dossier::{Identity, Stage};
use crate::finding::{Finding, WaiverState};
use crate::lang::Lang;
use crate::source::Excerpt;

/// The label decision for a dossier (DESIGN §6: the network's model of mandatory and
/// recommended criteria).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Decision {
    /// Every applicable mandatory criterion met, and the recommended share at or above the
    /// threshold.
    Conforming,
    /// Every mandatory criterion met, the recommended share below the threshold.
    Conditional,
    /// A mandatory criterion fails, or the dossier has a structural error.
    NonConforming,
    /// The file could not be read or parsed.
    NotEvaluable,
}

impl Decision {
    /// The JSON name (contract).
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Conforming => "conforming",
            Decision::Conditional => "conditional",
            Decision::NonConforming => "non_conforming",
            Decision::NotEvaluable => "not_evaluable",
        }
    }

    /// The human wording, which depends on the stage: the label is granted at `suivi`, a stage
    /// is validated before (DESIGN §6).
    pub(crate) fn human(self, stage: Option<Stage>, lang: Lang) -> &'static str {
        let label = stage.is_none_or(|s| s == Stage::Suivi);
        match (self, label) {
            (Decision::Conforming, true) => lang.pick("Label accordé", "Label granted"),
            (Decision::Conditional, true) => {
                lang.pick("Label sous conditions", "Label with conditions")
            }
            (Decision::NonConforming, true) => lang.pick("Label refusé", "Label refused"),
            (Decision::Conforming, false) => lang.pick("Étape validée", "Stage validated"),
            (Decision::Conditional, false) => lang.pick("Étape à compléter", "Stage to complete"),
            (Decision::NonConforming, false) => {
                lang.pick("Étape non validée", "Stage not validated")
            }
            (Decision::NotEvaluable, _) => {
                lang.pick("Dossier non évaluable", "Dossier not evaluable")
            }
        }
    }

    /// The exit status this decision asks for (DESIGN §7).
    pub fn exit_code(self) -> u8 {
        match self {
            Decision::Conforming | Decision::Conditional => 0,
            Decision::NonConforming => 1,
            Decision::NotEvaluable => 2,
        }
    }
}

/// The id of the line that gathers the criteria without a charter principle (CH, UE, DG…):
/// they count like any other, and are shown on their own line, never hidden.
pub(crate) const GENERAL: &str = "exigences-generales";

/// The score of one charter principle (or of the criteria without one, id [`GENERAL`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrincipleScore {
    /// The principle's id (`charter/principles.yaml`), or [`GENERAL`].
    pub id: String,
    /// Its number in the charter (0 for [`GENERAL`]).
    pub number: u8,
    /// Its title, in the run's language.
    pub title: String,
    /// Share of its applicable mandatory and recommended criteria met (passed or waived), in
    /// [0, 1], two decimals: `(passed + waived) / applicable`.
    pub score: Decimal,
    /// Applicable mandatory and recommended criteria.
    pub applicable: usize,
    /// Of which passed.
    pub passed: usize,
    /// Of which failed.
    pub failed: usize,
    /// Of which waived by the committee's register.
    pub waived: usize,
}

/// How the applicable criteria of one level ended.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Applicable criteria.
    pub applicable: usize,
    /// Passed.
    pub passed: usize,
    /// Failed (not waived).
    pub failed: usize,
    /// Failed but waived by a valid entry of the committee's register.
    pub waived: usize,
}

impl Tally {
    /// Criteria met: passed, or waived.
    pub fn met(&self) -> usize {
        self.passed + self.waived
    }

    /// The same criteria with the waivers ignored (a waived criterion fails).
    pub(crate) fn without_waivers(&self) -> Tally {
        Tally {
            failed: self.failed + self.waived,
            waived: 0,
            ..*self
        }
    }
}

/// The criteria of a dossier, by level, and the recommended threshold they were judged by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Criteria {
    /// Mandatory criteria.
    pub mandatory: Tally,
    /// Recommended criteria.
    pub recommended: Tally,
    /// The share of recommended criteria the label needs (`rules/verdict.yaml` at the date).
    pub threshold: Decimal,
}

impl Criteria {
    /// The same criteria with the waivers ignored.
    pub(crate) fn without_waivers(&self) -> Criteria {
        Criteria {
            mandatory: self.mandatory.without_waivers(),
            recommended: self.recommended.without_waivers(),
            threshold: self.threshold,
        }
    }
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

/// Everything known about one checked dossier.
#[derive(Debug, Clone)]
pub struct DossierResult {
    /// The input's name (path or `<stdin>`).
    pub path: String,
    /// What the reports show of the text, when it could be read: the lines around the
    /// findings (the text itself is not kept once the dossier is checked).
    pub source: Option<Arc<Excerpt>>,
    /// Identity and context.
    pub identity: Identity,
    /// The date the rules were judged at (the reference date).
    pub date: Option<Date>,
    /// The day the evaluation was made (`--evaluated-on`, or today).
    pub evaluated_on: Option<Date>,
    /// The stage the rules were judged at.
    pub stage: Option<Stage>,
    /// The decision.
    pub decision: Decision,
    /// Overall score, when rules were evaluated: the share of applicable mandatory and
    /// recommended criteria met.
    pub score: Option<Decimal>,
    /// The criteria by level, when rules were evaluated.
    pub criteria: Option<Criteria>,
    /// The decision and score with the register's waivers ignored.
    pub without_waivers: Option<(Decision, Option<Decimal>)>,
    /// Score per principle, then the line of the criteria without a principle.
    pub principles: Vec<PrincipleScore>,
    /// The committee register's entries for this cooperative, and what became of each.
    pub waivers: Vec<RegisterUse>,
    /// Failed and waived results, load and schema problems: in the order to fix them.
    pub findings: Vec<Finding>,
    /// Every applicable rule's outcome.
    pub outcomes: Vec<RuleOutcome>,
    /// The inputs the applicable rules read and the dossier does not give, ordered by how
    /// many criteria they decide (mandatory first).
    pub missing: Vec<crate::evaluate::missing::Missing>,
    /// Before `suivi`: where the dossier stands on the next stage's own criteria. It changes
    /// neither the decision nor the exit status.
    pub next: Option<crate::evaluate::missing::StageProgress>,
    /// The key figures a committee compares from one year to the next, when the dossier was
    /// read.
    pub(crate) figures: Option<crate::history::Figures>,
    /// The same cooperative's previous dossier, and what changed since (when one is known:
    /// in the batch, or `--previous`).
    pub(crate) history: Option<Box<crate::history::History>>,
    /// How long reading and checking the input took (`check_input`), for the JUnit report's
    /// `time`; `None` when not measured.
    pub elapsed: Option<std::time::Duration>,
}
