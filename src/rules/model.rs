//! The rule files as written: plain serde structures, read after the file has passed the rule
//! schema. Expressions stay JSON here; `compile` turns them into `Expr` with their locations.

use serde::Deserialize;
use serde_json::{Map, Value as Json};

/// A family of rules: the two-letter prefix of their codes.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFamily {
    /// `RS`.
    pub code: String,
    /// French title.
    pub title: String,
    /// English title.
    pub title_en: Option<String>,
}

/// A pack file: one or more families and their rules.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPack {
    /// One family.
    pub family: Option<RawFamily>,
    /// Several families.
    #[serde(default)]
    pub families: Vec<RawFamily>,
    /// The rules.
    #[serde(default)]
    pub rules: Vec<RawRule>,
}

/// Where a rule applies.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawApplies {
    /// Minimum stage.
    pub stage: Option<String>,
    /// Countries.
    pub countries: Option<Vec<String>>,
    /// Dossier types.
    pub types: Option<Vec<String>>,
    /// Legal forms.
    pub forms: Option<Vec<String>>,
    /// In force from.
    pub from: Option<String>,
    /// In force until (inclusive).
    pub until: Option<String>,
    /// Any other condition.
    pub when: Option<Json>,
}

/// A source of a rule or a parameter.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    /// A seed file number (`"001"`).
    pub seed: Option<String>,
    /// A law or decree.
    pub law: Option<String>,
    /// Its article.
    pub article: Option<String>,
    /// A charter principle id.
    pub charter: Option<String>,
    /// A network practice.
    pub practice: Option<String>,
    /// Where in the source.
    #[serde(rename = "where")]
    pub location: Option<String>,
    /// A remark.
    pub note: Option<String>,
    /// The law is known from secondary sources only.
    #[serde(default)]
    pub secondary: bool,
    /// What of the citation is not verified: `date`, `article`.
    #[serde(default)]
    pub unverified: Vec<String>,
    /// The text (or this version of it) applies from this date (`YYYY-MM-DD`): it is not cited
    /// to a dossier judged before.
    pub from: Option<String>,
    /// The last day this version applied.
    pub until: Option<String>,
    /// The countries whose dossiers it is cited to (all when absent).
    pub countries: Option<Vec<String>>,
}

/// A test case or an example: a dossier built from a base and modifications.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCase {
    /// Name (test files).
    pub name: Option<String>,
    /// What it shows.
    pub description: Option<String>,
    /// Base dossier name (`tests/bases/<name>.yaml`).
    pub base: Option<String>,
    /// A whole dossier instead of a base.
    pub dossier: Option<Json>,
    /// Deep merge.
    pub patch: Option<Json>,
    /// Values by absolute pointer.
    pub set: Option<Map<String, Json>>,
    /// Pointers to remove.
    pub unset: Option<Vec<String>>,
    /// `--date`.
    pub date: Option<String>,
    /// `--stage`.
    pub stage: Option<String>,
    /// Entries of the committee's waiver register for this case (`--derogations`).
    pub registre: Option<Json>,
    /// The same cooperative's previous dossier, built like a case (`--previous`).
    pub precedent: Option<Box<RawCase>>,
    /// Another dossier of the same cooperative for the same period in the run (its name): the
    /// case's dossier is the one the history follows (HI006).
    pub jumeau: Option<String>,
    /// Expected findings, or `none` (test files only).
    pub expect: Option<Json>,
}

/// A rule's two examples.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExamples {
    /// A case that fails the rule.
    pub fail: RawCase,
    /// A case that passes it.
    pub pass: RawCase,
}

/// A rule as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    /// `RS003`.
    pub code: String,
    /// `dotation-reserve-legale`.
    pub name: String,
    /// One-line summary.
    pub title: String,
    /// English summary.
    pub title_en: Option<String>,
    /// Charter principle id.
    pub principle: Option<String>,
    /// `error` | `warning` | `info`.
    pub severity: String,
    /// `obligatoire` | `recommande` | `information`: the criterion's level in the decision.
    pub niveau: String,
    /// Whether the committee may waive it (default: see `Level::default_waivable`).
    pub derogeable: Option<bool>,
    /// `check` | `note` | `builtin`.
    pub kind: Option<String>,
    /// Where it applies.
    #[serde(default)]
    pub applies: RawApplies,
    /// One finding per failing item of this list.
    pub for_each: Option<Json>,
    /// Items kept.
    #[serde(rename = "where")]
    pub filter: Option<Json>,
    /// Named values.
    #[serde(rename = "let", default)]
    pub lets: Map<String, Json>,
    /// The condition.
    pub check: Option<Json>,
    /// Where the finding is shown.
    pub at: Option<String>,
    /// French message.
    pub message: String,
    /// English message.
    pub message_en: Option<String>,
    /// Label under the underline.
    pub label: Option<String>,
    /// English label.
    pub label_en: Option<String>,
    /// How to fix it.
    pub help: String,
    /// English help.
    pub help_en: Option<String>,
    /// Sources.
    pub sources: Vec<RawSource>,
    /// Documentation.
    pub explanation: String,
    /// English documentation.
    pub explanation_en: Option<String>,
    /// Failing and passing examples.
    pub examples: Option<RawExamples>,
}

/// One dated value of a parameter.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawParamValue {
    /// In force from (absent: since always).
    pub from: Option<String>,
    /// The value.
    pub value: Json,
}

/// A parameter as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawParameter {
    /// What it is.
    pub description: String,
    /// English description.
    pub description_en: Option<String>,
    /// `rate` | `months` | `amount` | `count` | `date` | `list` | `text`.
    pub unit: String,
    /// Sources.
    #[serde(default)]
    pub sources: Vec<RawSource>,
    /// Dated values.
    pub values: Vec<RawParamValue>,
}

/// `parameters.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawParameters {
    /// Name → parameter.
    pub parameters: indexmap::IndexMap<String, RawParameter>,
}

/// `verdict.yaml`: the decision model's settings, each a dated parameter.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawVerdict {
    /// The settings.
    pub verdict: RawVerdictSettings,
}

/// The settings of `verdict.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawVerdictSettings {
    /// Share of the applicable recommended criteria that must pass.
    pub recommended_threshold: RawParameter,
    /// Days before its end at which a register waiver gives a note.
    pub waiver_notice_days: RawParameter,
}

/// A test file (`tests/<CODE>.yaml`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTestFile {
    /// Rules evaluated (default: all).
    pub rules: Option<Vec<String>>,
    /// Default base of the cases.
    pub base: Option<String>,
    /// The cases.
    pub cases: Vec<RawCase>,
}
