//! Step 5 of the pipeline: the result of one dossier — its findings, its score per charter
//! principle and the label decision (DESIGN §6, a contract).

pub mod score;

use std::sync::Arc;

use jiff::civil::Date;
use rust_decimal::Decimal;

use crate::dossier::{Identity, Stage};
use crate::finding::Finding;
use crate::lang::Lang;
use crate::source::SourceFile;

/// The label decision for a dossier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Decision {
    /// No blocking failure and a score at or above the label threshold.
    Conforming,
    /// No blocking failure, score below the threshold.
    Conditional,
    /// At least one blocking failure.
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
    pub fn human(self, stage: Option<Stage>, lang: Lang) -> &'static str {
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

/// The score of one charter principle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrincipleScore {
    /// The principle's id (`charter/principles.yaml`).
    pub id: String,
    /// Its title, in the run's language.
    pub title: String,
    /// Weighted share of its applicable rules that pass, in [0, 1], two decimals.
    pub score: Decimal,
    /// Applicable rules.
    pub applicable: usize,
    /// Of which passed (or waived).
    pub passed: usize,
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
    /// The text, when it could be read (for diagnostics).
    pub source: Option<Arc<SourceFile>>,
    /// Identity and context.
    pub identity: Identity,
    /// The date the rules were judged at.
    pub date: Option<Date>,
    /// The stage the rules were judged at.
    pub stage: Option<Stage>,
    /// The decision.
    pub decision: Decision,
    /// Overall score, when rules were evaluated.
    pub score: Option<Decimal>,
    /// Score per principle.
    pub principles: Vec<PrincipleScore>,
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
}
