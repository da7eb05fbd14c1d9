//! Step 3 of the pipeline: the rule packs — loaded (embedded in the binary, plus `--rules DIR`),
//! validated against the rule schema, compiled once per run, ordered for evaluation.
//!
//! The rule language is documented for rule authors in `rules/README.md`.

pub mod charter;
pub mod expr;
mod load;
pub mod model;
pub mod params;
pub mod source;
pub mod template;

use std::collections::{BTreeSet, HashMap};

use jiff::civil::Date;
use rust_decimal::Decimal;

use crate::dossier::Stage;
use crate::finding::Severity;
use crate::lang::Lang;

pub use charter::{Charter, Principle};
pub use expr::{Expr, PathRef};
pub use load::{
    RULES_SCHEMA, RuleLoadError, RuleSource, embedded_file, load, load_sources, numeric_literals,
    unused_params, validate,
};
pub use model::{RawCase, RawExamples, RawSource};
pub use params::{ParamValue, Parameter};
pub use template::Template;

/// What a rule does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Verifies its `check`.
    Check,
    /// Reports a fact, never fails.
    Note,
    /// Verified by the engine itself (waivers).
    Builtin,
}

/// A family of rules.
#[derive(Debug, Clone)]
pub struct Family {
    /// Two-letter prefix.
    pub code: String,
    /// French title.
    pub title: String,
    /// English title.
    pub title_en: Option<String>,
}

/// A text in French with an optional English version.
#[derive(Debug, Clone, Default)]
pub struct Localized<T> {
    /// French.
    pub fr: T,
    /// English, if written.
    pub en: Option<T>,
}

impl<T> Localized<T> {
    /// The version for the language (French when no English one exists).
    pub fn get(&self, lang: Lang) -> &T {
        match lang {
            Lang::En => self.en.as_ref().unwrap_or(&self.fr),
            Lang::Fr => &self.fr,
        }
    }
}

/// A compiled rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Stable code.
    pub code: String,
    /// Kebab-case name.
    pub name: String,
    /// One-line summary.
    pub title: Localized<String>,
    /// Charter principle id.
    pub principle: Option<String>,
    /// Severity.
    pub severity: Severity,
    /// A failure prevents the label.
    pub blocking: bool,
    /// Check, note or builtin.
    pub kind: Kind,
    /// Minimum stage.
    pub stage: Stage,
    /// Countries (all when `None`).
    pub countries: Option<Vec<String>>,
    /// Dossier types.
    pub types: Vec<String>,
    /// Legal forms (all when `None`).
    pub forms: Option<Vec<String>>,
    /// In force from.
    pub from: Option<Date>,
    /// In force until (inclusive).
    pub until: Option<Date>,
    /// Other applicability condition.
    pub when: Option<Expr>,
    /// List iterated.
    pub for_each: Option<Expr>,
    /// Items kept.
    pub filter: Option<Expr>,
    /// Named values, in order.
    pub lets: Vec<(String, Expr)>,
    /// The condition.
    pub check: Option<Expr>,
    /// Where the finding is shown.
    pub at: Option<PathRef>,
    /// Message.
    pub message: Localized<Template>,
    /// Label under the underline.
    pub label: Option<Localized<Template>>,
    /// Help.
    pub help: Localized<Template>,
    /// Sources.
    pub sources: Vec<RawSource>,
    /// Documentation (Markdown).
    pub explanation: Localized<String>,
    /// Examples.
    pub examples: Option<RawExamples>,
    /// Parameters used (indices).
    pub params: BTreeSet<usize>,
    /// Rules whose outcome this one reads (indices into `RuleSet::rules`).
    pub depends: Vec<usize>,
    /// Where it is declared (`rules/reserves.yaml:42`).
    pub origin: String,
    /// Shipped with the binary (not from `--rules`).
    pub embedded: bool,
}

impl Rule {
    /// The rule's family prefix.
    pub fn family(&self) -> &str {
        &self.code[..2.min(self.code.len())]
    }

    /// Sources as displayed.
    pub fn sources_text(&self, lang: Lang) -> Vec<String> {
        source::format_sources(&self.sources, lang)
    }
}

/// Weights and threshold of the decision (`rules/verdict.yaml`).
#[derive(Debug, Clone)]
pub struct VerdictConfig {
    /// Weight of an error, a warning, an info rule.
    pub severity_weights: [Decimal; 3],
    /// Weight per principle; `default` for rules without one.
    pub principle_weights: HashMap<String, Decimal>,
    /// Score at or above which the label is granted.
    pub label_threshold: Decimal,
}

impl VerdictConfig {
    /// Weight of a rule in the scores.
    pub fn weight(&self, rule: &Rule) -> Decimal {
        let s = match rule.severity {
            Severity::Error => self.severity_weights[0],
            Severity::Warning => self.severity_weights[1],
            Severity::Info => self.severity_weights[2],
        };
        let key = rule.principle.as_deref().unwrap_or("default");
        let p = self
            .principle_weights
            .get(key)
            .or_else(|| self.principle_weights.get("default"))
            .copied()
            .unwrap_or(Decimal::ONE);
        s * p
    }
}

/// All compiled rules of a run, with their parameters, the charter and the verdict settings.
#[derive(Debug, Clone)]
pub struct RuleSet {
    /// Families.
    pub families: Vec<Family>,
    /// Rules, in evaluation order (a rule after the rules it reads).
    pub rules: Vec<Rule>,
    /// Parameters.
    pub params: Vec<Parameter>,
    /// Parameter name → index.
    pub param_index: HashMap<String, usize>,
    /// Decision settings.
    pub verdict: VerdictConfig,
    /// The charter.
    pub charter: Charter,
    /// Which rules run (all unless `--select` / `--ignore`).
    pub enabled: Vec<bool>,
    /// Test files and base dossiers found with the rules (path, text).
    pub test_files: Vec<RuleSource>,
    /// The dossier inputs each rule reads (`evaluate::missing`), computed on first use: the
    /// rules do not change once loaded.
    pub inputs: std::sync::OnceLock<std::sync::Arc<crate::evaluate::missing::RuleInputs>>,
}

impl RuleSet {
    /// A rule by code or name.
    pub fn find(&self, key: &str) -> Option<&Rule> {
        self.rules
            .iter()
            .find(|r| r.code.eq_ignore_ascii_case(key) || r.name == key)
    }

    /// The index of a rule by code.
    pub fn index_of(&self, code: &str) -> Option<usize> {
        self.rules.iter().position(|r| r.code == code)
    }

    /// Whether a selector (`RS003`, `dotation-reserve-legale`, `RS`, a principle id) matches a rule.
    pub fn matches(rule: &Rule, selector: &str) -> bool {
        rule.code.eq_ignore_ascii_case(selector)
            || rule.name == selector
            || rule.family().eq_ignore_ascii_case(selector)
            || rule.principle.as_deref() == Some(selector)
    }

    /// Restricts the rules that run: `select` (empty: all) minus `ignore`. Returns the selectors
    /// that match no rule.
    pub fn select(&mut self, select: &[String], ignore: &[String]) -> Vec<String> {
        let unknown: Vec<String> = select
            .iter()
            .chain(ignore)
            .filter(|s| !self.rules.iter().any(|r| Self::matches(r, s)))
            .cloned()
            .collect();
        for (i, rule) in self.rules.iter().enumerate() {
            let selected = select.is_empty() || select.iter().any(|s| Self::matches(rule, s));
            let ignored = ignore.iter().any(|s| Self::matches(rule, s));
            self.enabled[i] = selected && !ignored;
        }
        unknown
    }

    /// Title of a principle in the language (its id if unknown).
    pub fn principle_title(&self, id: &str, lang: Lang) -> String {
        self.charter
            .principle(id)
            .map(|p| p.title(lang).to_string())
            .unwrap_or_else(|| id.to_string())
    }
}
