//! What the rule files hold that is not compiled: the sources of a rule or a parameter, and the
//! test cases and examples (dossiers that `cooplabel test` builds: plain serde structures, read
//! after the file has passed the rule schema). The decision files themselves are read into
//! typed declarations with their places by `rules::read`.

use serde::Deserialize;
use serde_json::{Map, Value as Json};

/// A source of a rule or a parameter, as written (read from the spanned tree by
/// `rules::read`, its dates checked).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
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
    /// Where in the source (`where:`).
    pub location: Option<String>,
    /// A remark.
    pub note: Option<String>,
    /// The law is known from secondary sources only.
    pub secondary: bool,
    /// What of the citation is not verified: `date`, `article`.
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

/// A test file (`tests/<CODE>.yaml`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTestFile {
    /// Rules evaluated (default: all).
    pub rules: Option<Vec<String>>,
    /// Default base of the cases.
    pub base: Option<String>,
    /// The cases.
    pub cases: Vec<RawCase>,
}
