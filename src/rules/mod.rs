//! Step 3 of the pipeline: the rule packs — loaded (embedded in the binary, plus `--rules DIR`),
//! validated against the rule schema, compiled once per run, ordered for evaluation.
//!
//! The rule language is documented for rule authors in `rules/README.md`.

mod build;
pub(crate) mod charter;
pub mod expr;
mod load;
pub(crate) mod model;
pub(crate) mod params;
mod read;
pub(crate) mod shape;
pub(crate) mod source;
pub(crate) mod template;
mod typecheck;

use std::collections::{BTreeSet, HashMap};

use jiff::civil::Date;
use rust_decimal::Decimal;

use crate::dossier::Stage;
use crate::finding::Severity;
use crate::lang::Lang;

pub(crate) use charter::{Charter, Principle};
pub(crate) use expr::{Expr, PathRef};
pub(crate) use load::RULES_SCHEMA;
pub use load::{
    MAX_RULE_FILE_BYTES, RuleFileKind, RuleLoadError, RuleSource, embedded_file, embedded_sources,
    load, load_sources, numeric_literals, unused_params, validate,
};
pub use model::{RawCase, RawExamples, RawSource};
pub(crate) use params::{ParamValue, Parameter};
pub(crate) use template::Template;

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

impl Kind {
    /// All kinds, in the rule schema's order.
    pub(crate) const ALL: [Kind; 3] = [Kind::Check, Kind::Note, Kind::Builtin];

    /// The rule file's word (`check`, `note`, `builtin`).
    pub(crate) fn as_yaml(self) -> &'static str {
        match self {
            Kind::Check => "check",
            Kind::Note => "note",
            Kind::Builtin => "builtin",
        }
    }
}

/// A rule's level in the label decision (DESIGN §6): the network's model since 2015 decides
/// on a list of criteria, each mandatory or recommended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// *Obligatoire*: the label needs every applicable one.
    Mandatory,
    /// *Recommandé*: the label needs at least the verdict's share of the applicable ones.
    Recommended,
    /// *Information*: reported, never counted.
    Information,
}

impl Level {
    /// All levels, in decision order.
    pub(crate) const ALL: [Level; 3] = [Level::Mandatory, Level::Recommended, Level::Information];

    /// The rule file's word (`obligatoire`, `recommande`, `information`).
    pub(crate) fn as_yaml(self) -> &'static str {
        match self {
            Level::Mandatory => "obligatoire",
            Level::Recommended => "recommande",
            Level::Information => "information",
        }
    }

    /// The JSON report's word (DESIGN §7: `mandatory | recommended | info`).
    pub(crate) fn as_json(self) -> &'static str {
        match self {
            Level::Mandatory => "mandatory",
            Level::Recommended => "recommended",
            Level::Information => "info",
        }
    }

    /// The level in words.
    pub(crate) fn word(self, lang: Lang) -> &'static str {
        match self {
            Level::Mandatory => lang.pick("obligatoire", "mandatory"),
            Level::Recommended => lang.pick("recommandé", "recommended"),
            Level::Information => lang.pick("information", "information"),
        }
    }

    /// Whether criteria of this level count in the decision and the score.
    pub(crate) fn counts(self) -> bool {
        self != Level::Information
    }
}

/// A family of rules.
#[derive(Debug, Clone)]
pub(crate) struct Family {
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
    /// Severity (how the finding is displayed).
    pub severity: Severity,
    /// Level in the decision.
    pub level: Level,
    /// Whether the committee may waive it in its register (never for a rule the law sets).
    pub waivable: bool,
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
    pub(crate) when: Option<Expr>,
    /// List iterated.
    pub(crate) for_each: Option<Expr>,
    /// Items kept.
    pub(crate) filter: Option<Expr>,
    /// Named values, in order.
    pub(crate) lets: Vec<(String, Expr)>,
    /// The condition.
    pub(crate) check: Option<Expr>,
    /// Where the finding is shown.
    pub(crate) at: Option<PathRef>,
    /// Message.
    pub(crate) message: Localized<Template>,
    /// Label under the underline.
    pub(crate) label: Option<Localized<Template>>,
    /// Help.
    pub(crate) help: Localized<Template>,
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
    /// Where it is declared (its first line; shown as `rules/reserves.yaml:42`).
    pub origin: crate::source::Location,
    /// Shipped with the binary (not from `--rules`).
    pub embedded: bool,
}

impl Rule {
    /// The rule's family prefix.
    pub fn family(&self) -> &str {
        &self.code[..2.min(self.code.len())]
    }

    /// Sources as the rule's documentation shows them: all, each with where and when it
    /// applies.
    pub fn sources_text(&self, lang: Lang) -> Vec<String> {
        source::format_sources(&self.sources, lang)
    }

    /// Whether a failure refuses the label on its own: a mandatory criterion.
    pub(crate) fn blocking(&self) -> bool {
        self.level == Level::Mandatory
    }

    /// Whether one of its sources is a law (the committee can never waive such a rule).
    pub fn cites_law(&self) -> bool {
        self.sources.iter().any(|s| s.law.is_some())
    }

    /// Sources as a finding on a dossier of `country` judged at `date` shows them: only the
    /// texts in force there and then (see [`source::sources_for`]).
    pub fn sources_for(&self, country: Option<&str>, date: Date, lang: Lang) -> Vec<String> {
        source::sources_for(&self.sources, country, date, lang)
    }
}

/// `sha256:` of a text, in hexadecimal.
pub(crate) fn sha256(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let hash = Sha256::digest(bytes);
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256:");
    for b in hash.iter() {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// The digest of a rule set: each file's name and digest, one per line, then the codes of the
/// rules that run when some are left out. Any change to a rule, a parameter, the verdict model
/// or the selection changes it.
pub(crate) fn digest(files: &[RuleFile], rules: &[Rule], enabled: &[bool]) -> String {
    let mut text = String::new();
    for f in files {
        text.push_str(&format!("{} {}\n", f.digest, f.rel));
    }
    if enabled.iter().any(|on| !on) {
        text.push_str("select");
        for (r, _) in rules.iter().zip(enabled).filter(|(_, on)| **on) {
            text.push(' ');
            text.push_str(&r.code);
        }
        text.push('\n');
    }
    sha256(text.as_bytes())
}

/// The decision model's settings (`rules/verdict.yaml`), each a dated parameter.
#[derive(Debug, Clone)]
pub(crate) struct VerdictConfig {
    /// Share of the applicable recommended criteria that must pass (0.5 since 2015).
    pub recommended_threshold: Parameter,
    /// Days before its end at which a register waiver gives a note.
    pub waiver_notice_days: Parameter,
}

impl VerdictConfig {
    /// The recommended threshold at `date` (checked at load to have a value at every date).
    pub(crate) fn threshold_at(&self, date: Date) -> Decimal {
        match self.recommended_threshold.at(date) {
            Some(ParamValue::Num(d)) => *d,
            _ => Decimal::ONE,
        }
    }

    /// The notice period for waivers at `date`, in days.
    pub(crate) fn notice_days_at(&self, date: Date) -> i64 {
        match self.waiver_notice_days.at(date) {
            Some(ParamValue::Num(d)) => i64::try_from(d.trunc()).unwrap_or(0),
            _ => 0,
        }
    }
}

/// All compiled rules of a run, with their parameters, the charter and the verdict settings.
#[derive(Debug, Clone)]
pub struct RuleSet {
    /// Families.
    pub(crate) families: Vec<Family>,
    /// Rules, in evaluation order (a rule after the rules it reads).
    pub rules: Vec<Rule>,
    /// Parameters.
    pub params: Vec<Parameter>,
    /// Parameter name → index.
    pub param_index: HashMap<String, usize>,
    /// Decision settings.
    pub(crate) verdict: VerdictConfig,
    /// The charter.
    pub charter: Charter,
    /// Which rules run (all unless `--select` / `--ignore`).
    pub enabled: Vec<bool>,
    /// Test files and base dossiers found with the rules (path, text).
    pub test_files: Vec<RuleSource>,
    /// The dossier inputs each rule reads (`evaluate::missing`), computed on first use: the
    /// rules do not change once loaded.
    pub(crate) inputs: std::sync::OnceLock<std::sync::Arc<crate::evaluate::missing::RuleInputs>>,
    /// The files that make the rule set (packs, parameters, verdict, charter), in the order
    /// hashed into `digest`.
    pub(crate) files: Vec<RuleFile>,
    /// `sha256:` digest of the rule set actually used: every file of `files` (name and text)
    /// and, when `--select` / `--ignore` leave rules out, the codes that run.
    pub digest: String,
    /// The shipped packs replaced by a file of `--rules` (with `--replace-pack`): every report
    /// says so.
    pub(crate) replaced: Vec<ReplacedPack>,
    /// Rules by code and by name, for lookups in constant time.
    index: RuleIndex,
}

/// One file of the rule set, for the record a committee signs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RuleFile {
    /// Its name (`rules/reserves.yaml`, or the path given with `--rules`).
    pub name: String,
    /// Its path in the rules directory (`reserves.yaml`): what the digest records, so that the
    /// same rules give the same digest wherever they are stored.
    pub rel: String,
    /// Shipped with the binary.
    pub embedded: bool,
    /// `sha256:` digest of its text.
    pub digest: String,
}

/// A shipped pack replaced by a file of `--rules`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ReplacedPack {
    /// The pack's name (`portage`, `parameters`).
    pub name: String,
    /// The file that replaces it, as named on the command line.
    pub by: String,
}

/// Rules by code and by name.
#[derive(Debug, Clone, Default)]
struct RuleIndex {
    by_code: HashMap<String, usize>,
    by_name: HashMap<String, usize>,
}

impl RuleIndex {
    fn new(rules: &[Rule]) -> Self {
        let mut index = RuleIndex::default();
        // The first rule of a code or name wins, as a linear search would find it.
        for (i, r) in rules.iter().enumerate() {
            index.by_code.entry(r.code.clone()).or_insert(i);
            index.by_name.entry(r.name.clone()).or_insert(i);
        }
        index
    }
}

impl RuleSet {
    /// A set of compiled rules (in evaluation order) with what goes with them.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        families: Vec<Family>,
        rules: Vec<Rule>,
        params: Vec<Parameter>,
        param_index: HashMap<String, usize>,
        verdict: VerdictConfig,
        charter: Charter,
        test_files: Vec<RuleSource>,
        files: Vec<RuleFile>,
        replaced: Vec<ReplacedPack>,
    ) -> Self {
        let index = RuleIndex::new(&rules);
        let enabled = vec![true; rules.len()];
        let digest = digest(&files, &rules, &enabled);
        RuleSet {
            enabled,
            families,
            rules,
            params,
            param_index,
            verdict,
            charter,
            test_files,
            inputs: Default::default(),
            files,
            digest,
            replaced,
            index,
        }
    }

    /// A rule by code (in any case) or name.
    pub fn find(&self, key: &str) -> Option<&Rule> {
        let i = self
            .index
            .by_code
            .get(key)
            .or_else(|| self.index.by_code.get(&key.to_ascii_uppercase()))
            .or_else(|| self.index.by_name.get(key))?;
        self.rules.get(*i)
    }

    /// The index of a rule by code.
    pub fn index_of(&self, code: &str) -> Option<usize> {
        self.index.by_code.get(code).copied()
    }

    /// Whether a selector (`RS003`, `dotation-reserve-legale`, `RS`, a principle id) matches a rule.
    pub(crate) fn matches(rule: &Rule, selector: &str) -> bool {
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
        self.digest = digest(&self.files, &self.rules, &self.enabled);
        unknown
    }

    /// The first day a rule can apply: its own `from`, or later when a parameter it reads has
    /// no value before some date (GV003 reads a limit that exists from 1992-07-14).
    pub fn in_force_from(&self, rule: &Rule) -> Option<Date> {
        rule.params
            .iter()
            .filter_map(|&i| self.params.get(i))
            .filter_map(|p| p.values.first().and_then(|v| v.from))
            .chain(rule.from)
            .max()
    }

    /// The rules that do not run in this run (`--select` / `--ignore`), by code.
    pub(crate) fn disabled_codes(&self) -> Vec<&str> {
        self.rules
            .iter()
            .zip(&self.enabled)
            .filter(|(_, on)| !**on)
            .map(|(r, _)| r.code.as_str())
            .collect()
    }

    /// Title of a principle in the language (its id if unknown).
    pub(crate) fn principle_title(&self, id: &str, lang: Lang) -> String {
        self.charter
            .principle(id)
            .map(|p| p.title(lang).to_string())
            .unwrap_or_else(|| id.to_string())
    }
}
