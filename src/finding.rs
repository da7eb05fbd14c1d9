//! Findings: what is wrong in a dossier, where, why and how to fix it.
//!
//! Every stage (load, schema, rules) produces findings as data; they are turned into miette
//! diagnostics in exactly one place (`report::diagnostic`), and into JSON, SARIF, JUnit… by the
//! other reporters, all from this one model.

use std::fmt::Write as _;

use sha2::{Digest, Sha256};

use crate::codes::Code;
use crate::load::tree::{Node, Value, escape_segment, segments};
use crate::source::{Location, Span};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Must be fixed.
    Error,
    /// Should be looked at.
    Warning,
    /// For information.
    Info,
}

impl Severity {
    /// The name used in JSON and rule files.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// Which stage of the pipeline found the problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Origin {
    /// Reading or parsing the file (the dossier is then not evaluable).
    Load,
    /// The dossier's structure (JSON Schema).
    Schema,
    /// A rule of the packs.
    Rule,
}

/// What a finding means for the dossier, decided where it is built, so that no reporter has to
/// find it out again from the rules' outcomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum FindingStatus {
    /// Something to fix: a rule's check that fails (a register waiver that does not cover it,
    /// refused, expired or not yet decided, is in [`Finding::waiver`]), a structural error, a
    /// file that cannot be read.
    #[default]
    Failed,
    /// A fact a rule reports (a note, the fate of a register entry): it asks for nothing.
    Note,
    /// A failure a register waiver covers ([`Finding::waiver`], state `Applied`).
    Waived,
    /// What the run says about the report itself (findings left out past `--max-findings`).
    Report,
}

impl FindingStatus {
    /// The JSON name.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            FindingStatus::Failed => "failed",
            FindingStatus::Note => "note",
            FindingStatus::Waived => "waived",
            FindingStatus::Report => "report",
        }
    }
}

/// A labelled place in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What the place is (shown under the underline).
    pub text: String,
}

/// A place in a rule-side file that explains a finding: the dated value of a parameter, in
/// force at the dossier's date, that set the rule's threshold — cargo-deny's « defined here ».
/// Reports show it next to the finding (a second snippet, SARIF's `relatedLocations`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Defined {
    /// The value as written (`value: 0.15` of `rules/parameters.yaml`).
    pub at: Location,
    /// What it is, in the run's language (`scop.reserve_legale.taux_min = 15 % depuis le
    /// 1978-07-20`).
    pub text: String,
}

/// A labelled place in another file: the same cooperative's previous dossier, whose value a
/// rule across years compared (HI002, HI004). It carries the lines around it, so that a report
/// shows them without that file.
#[derive(Debug, Clone)]
pub(crate) struct ForeignLabel {
    /// The other file's name.
    pub path: String,
    /// The lines of the other file around the place (their own line numbers).
    pub source: std::sync::Arc<crate::source::Excerpt>,
    /// Where, in the other file.
    pub span: Span,
    /// What the place is.
    pub text: String,
}

// The excerpt is the other file's text around the place: the place and its label say which.
impl PartialEq for ForeignLabel {
    fn eq(&self, other: &Self) -> bool {
        self.path == other.path && self.span == other.span && self.text == other.text
    }
}

impl Eq for ForeignLabel {}

/// What became of a register entry for a rule that failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WaiverState {
    /// It covers the rule: the criterion counts as met.
    Applied,
    /// Its last day is before the dossier's reference date: it no longer covers anything.
    Expired,
    /// The rule cannot be waived (its source is a law, or it is for information only): the
    /// criterion keeps failing.
    Refused,
    /// The committee decided it after the evaluation date: it did not exist yet.
    NotYetDecided,
    /// The rule holds (or does not apply): there is nothing to waive.
    Unused,
}

impl WaiverState {
    /// The JSON name.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            WaiverState::Applied => "applied",
            WaiverState::Expired => "expired",
            WaiverState::Refused => "refused",
            WaiverState::NotYetDecided => "not_yet_decided",
            WaiverState::Unused => "unused",
        }
    }
}

/// A register waiver as it bears on a finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiver {
    /// Why the committee waived it.
    pub reason: String,
    /// Who granted it.
    pub granted_by: String,
    /// Until when (ISO date).
    pub until: String,
    /// The date of the committee's decision (ISO date).
    pub decision: String,
    /// Whether it waives the rule (state `Applied`).
    pub active: bool,
    /// What became of it.
    pub state: WaiverState,
    /// Why it was refused, in words (state `Refused`).
    pub refusal: Option<String>,
}

/// One problem found in a dossier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Stable code (`LD011`, `SC003`, `RS003`).
    pub code: String,
    /// Kebab-case name (`cle-en-double`).
    pub name: String,
    /// Severity.
    pub severity: Severity,
    /// Whether it prevents the label (or the stage) on its own.
    pub blocking: bool,
    /// Which stage found it.
    pub origin: Origin,
    /// The message, in the run's language.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// JSON pointer of the offending value (or of the parent of a missing key).
    pub pointer: String,
    /// The primary place in the dossier.
    pub primary: Option<Label>,
    /// Other places that explain it (the first of two duplicate keys, the value compared with).
    pub secondary: Vec<Label>,
    /// Places in the rule files that explain it: the parameter values in force that set the
    /// rule's thresholds.
    pub(crate) defined: Vec<Defined>,
    /// Places in another file (the previous year's dossier) that explain it.
    pub(crate) elsewhere: Vec<ForeignLabel>,
    /// The charter principle it serves, if any.
    pub principle: Option<String>,
    /// Sources (seed, law and article), as displayed.
    pub sources: Vec<String>,
    /// What it means for the dossier: to fix, a note, waived, about the report.
    pub status: FindingStatus,
    /// The register waiver for its rule, if any, whatever became of it (see its state).
    pub waiver: Option<Waiver>,
    /// Its stable identity (see [`fingerprint`]): the same problem on the same thing has the
    /// same fingerprint from one run, one year or one edit of the file to the next.
    pub fingerprint: String,
}

impl Finding {
    /// A finding of the engine (a code of the registry, [`Code`]): its code and name come from
    /// the registry; fill the rest with the builder methods.
    pub(crate) fn new(code: Code, severity: Severity, origin: Origin, message: String) -> Self {
        Self::with(code.as_str(), code.name(), severity, origin, message)
    }

    /// A finding of a rule of the packs (its code and name are the rule's).
    pub(crate) fn rule(code: &str, name: &str, severity: Severity, message: String) -> Self {
        Self::with(code, name, severity, Origin::Rule, message)
    }

    fn with(code: &str, name: &str, severity: Severity, origin: Origin, message: String) -> Self {
        Finding {
            code: code.to_string(),
            name: name.to_string(),
            severity,
            blocking: false,
            origin,
            message,
            help: None,
            pointer: String::new(),
            primary: None,
            secondary: Vec::new(),
            defined: Vec::new(),
            elsewhere: Vec::new(),
            principle: None,
            sources: Vec::new(),
            status: FindingStatus::Failed,
            waiver: None,
            fingerprint: fingerprint(code, ""),
        }
    }

    /// Sets the primary label.
    pub(crate) fn at(mut self, span: Span, text: impl Into<String>) -> Self {
        self.primary = Some(Label {
            span,
            text: text.into(),
        });
        self
    }

    /// Sets the JSON pointer, and the fingerprint from the pointer as written (for the tests
    /// that compare it with [`Finding::pointer_in`], which knows list items by their identity).
    #[cfg(test)]
    pub(crate) fn pointer(mut self, pointer: impl Into<String>) -> Self {
        self.pointer = pointer.into();
        self.fingerprint = fingerprint(&self.code, &self.pointer);
        self
    }

    /// Sets the JSON pointer of a value of `root`'s tree, and the fingerprint from what it is
    /// about ([`identity_path`]: an entrepreneur by its `id`, a financial year by its `annee`…).
    pub(crate) fn pointer_in(mut self, root: &Node, pointer: impl Into<String>) -> Self {
        self.pointer = pointer.into();
        self.fingerprint = fingerprint(&self.code, &identity_path(root, &self.pointer));
        self
    }

    /// Sets the fingerprint from an explicit subject, when the pointer is not what the finding
    /// is about (a register entry shown beside the waived rule's first finding).
    pub(crate) fn about(mut self, subject: &str) -> Self {
        self.fingerprint = fingerprint(&self.code, subject);
        self
    }

    /// Sets the status.
    pub(crate) fn status(mut self, status: FindingStatus) -> Self {
        self.status = status;
        self
    }

    /// Sets the help text.
    pub(crate) fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a secondary label.
    pub(crate) fn also(mut self, span: Span, text: impl Into<String>) -> Self {
        self.secondary.push(Label {
            span,
            text: text.into(),
        });
        self
    }

    /// The places it points at, primary first (what a report's excerpt must show).
    pub fn spans(&self) -> impl Iterator<Item = Span> + '_ {
        self.primary.iter().chain(&self.secondary).map(|l| l.span)
    }

    /// Whether a valid waiver covers it.
    pub fn is_waived(&self) -> bool {
        self.status == FindingStatus::Waived
    }

    /// Whether it is a note: a fact reported, which asks for nothing.
    pub(crate) fn is_note(&self) -> bool {
        self.status == FindingStatus::Note
    }

    /// Whether it asks for a fix.
    pub(crate) fn is_failed(&self) -> bool {
        self.status == FindingStatus::Failed
    }
}

/// The keys that identify an item of a list of mappings, in order of preference: an
/// entrepreneur's `id`, a financial year's `annee`, a member's, partner's or committee member's
/// `nom`, a waiver's `regle`.
const IDENTITY_KEYS: [&str; 4] = ["id", "annee", "nom", "regle"];

/// What a JSON pointer designates, written without list positions: each index is replaced by the
/// item's identity — `/entrepreneurs/3/statut` becomes `/entrepreneurs/[id=E004]/statut`, a
/// scalar item is known by its value (`/creation/suivi/bilans/[=2000]`), and only an item
/// without any identity keeps its position (`/x/[#3]`). Past the tree (a missing key), the
/// pointer's segments are kept as written.
///
/// Two items with the same identity (a duplicate `id`, itself reported) share it.
pub(crate) fn identity_path(root: &Node, pointer: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + 8);
    let mut node = Some(root);
    for seg in segments(pointer) {
        out.push('/');
        let child = node.and_then(|n| n.child(&seg));
        match node.map(|n| &n.value) {
            Some(Value::Seq(_)) => match child.and_then(item_identity) {
                Some(id) => out.push_str(&id),
                None => {
                    out.push_str("[#");
                    out.push_str(&seg);
                    out.push(']');
                }
            },
            _ => out.push_str(&escape_segment(&seg)),
        }
        node = child;
    }
    out
}

/// `[key=value]` for a mapping item with an identity key, `[=value]` for a scalar item.
fn item_identity(item: &Node) -> Option<String> {
    let scalar = |n: &Node| match &n.value {
        Value::String(s) => Some(escape_segment(s)),
        Value::Number(d) => Some(d.normalize().to_string()),
        Value::Date(d) => Some(d.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Null | Value::Seq(_) | Value::Map(_) => None,
    };
    match &item.value {
        Value::Map(_) => IDENTITY_KEYS.iter().find_map(|k| {
            let v = scalar(item.get(k)?)?;
            Some(format!("[{k}={v}]"))
        }),
        _ => scalar(item).map(|v| format!("[={v}]")),
    }
}

/// A finding's fingerprint: the first 128 bits, in hexadecimal, of the SHA-256 of its code and
/// its subject (an [`identity_path`], or what else it is about). Never the line: a finding keeps
/// its fingerprint when lines move, when list items are reordered, from one year's dossier to
/// the next. A hash, not the subject itself, so that a member's name does not travel into the
/// CI reports that carry it (SARIF `partialFingerprints`, GitLab Code Quality).
pub(crate) fn fingerprint(code: &str, subject: &str) -> String {
    let mut h = Sha256::new();
    h.update(code.as_bytes());
    h.update([0]);
    h.update(subject.as_bytes());
    let digest = h.finalize();
    let mut out = String::with_capacity(32);
    for b in &digest[..16] {
        // Writing to a String cannot fail.
        let _ = write!(out, "{b:02x}");
    }
    out
}

#[cfg(test)]
#[path = "finding_tests.rs"]
mod tests;
