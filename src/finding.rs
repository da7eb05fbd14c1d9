//! Findings: what is wrong in a dossier, where, why and how to fix it.
//!
//! Every stage (load, schema, rules) produces findings as data; they are turned into miette
//! diagnostics in exactly one place (`report::diagnostic`), and into JSON, SARIF, JUnit… by the
//! other reporters, all from this one model.

use crate::source::Span;

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
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    /// Parses `error`, `warning` or `info`.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
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

/// A labelled place in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What the place is (shown under the underline).
    pub text: String,
}

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
    pub fn as_str(self) -> &'static str {
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
    /// The charter principle it serves, if any.
    pub principle: Option<String>,
    /// Sources (seed, law and article), as displayed.
    pub sources: Vec<String>,
    /// The waiver applied to it, if any.
    pub waiver: Option<Waiver>,
}

impl Finding {
    /// A finding with just a code, name, severity, origin and message; fill the rest with the
    /// builder methods.
    pub fn new(
        code: &str,
        name: &str,
        severity: Severity,
        origin: Origin,
        message: String,
    ) -> Self {
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
            principle: None,
            sources: Vec::new(),
            waiver: None,
        }
    }

    /// Sets the primary label.
    pub fn at(mut self, span: Span, text: impl Into<String>) -> Self {
        self.primary = Some(Label {
            span,
            text: text.into(),
        });
        self
    }

    /// Sets the JSON pointer.
    pub fn pointer(mut self, pointer: impl Into<String>) -> Self {
        self.pointer = pointer.into();
        self
    }

    /// Sets the help text.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a secondary label.
    pub fn also(mut self, span: Span, text: impl Into<String>) -> Self {
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
        self.waiver.as_ref().is_some_and(|w| w.active)
    }
}
