//! The one place where a finding becomes a miette diagnostic.

use std::fmt;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, Severity as MSeverity,
    SourceCode,
};

use super::escape::{guard_lines, neutral, neutral_lines};
use crate::finding::{Finding, ForeignLabel, Severity};
use crate::lang::Lang;
use crate::source::{Excerpt, SourceFile};
use crate::tr;

/// A finding with its source, as miette wants it: every text neutralized (a dossier's value
/// quoted in a message cannot bring a line break or an escape sequence), the labels in the
/// excerpt's coordinates.
struct FindingDiagnostic<'a> {
    finding: &'a Finding,
    source: Option<&'a Excerpt>,
    help: Option<String>,
    /// The places in the previous year's file, each shown with its own lines.
    elsewhere: Vec<ForeignDiagnostic<'a>>,
}

/// A place in another file (the previous year's dossier), shown under the finding with that
/// file's lines and name.
struct ForeignDiagnostic<'a> {
    label: &'a ForeignLabel,
    message: String,
}

impl fmt::Debug for ForeignDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for ForeignDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ForeignDiagnostic<'_> {}

impl Diagnostic for ForeignDiagnostic<'_> {
    fn severity(&self) -> Option<MSeverity> {
        Some(MSeverity::Advice)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&*self.label.source as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.label.source.span(self.label.span)?;
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(Some(neutral(&self.label.text).into_owned()), span),
        )))
    }
}

/// A parameter value in force (« défini ici »), rendered under its finding as a snippet of
/// its own rule file: a second source, which one miette report cannot hold (its related
/// diagnostics come with an empty `Advice:` header).
struct DefinedDiagnostic {
    text: String,
    source: Excerpt,
    span: crate::source::Span,
}

impl fmt::Debug for DefinedDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Display for DefinedDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl std::error::Error for DefinedDiagnostic {}

impl Diagnostic for DefinedDiagnostic {
    fn severity(&self) -> Option<MSeverity> {
        Some(MSeverity::Advice)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.source.span(self.span)?;
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(None, span),
        )))
    }
}

impl fmt::Debug for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl fmt::Display for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl std::error::Error for FindingDiagnostic<'_> {}

impl Diagnostic for FindingDiagnostic<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(format!(
            "{}({})",
            neutral(&self.finding.code),
            neutral(&self.finding.name)
        )))
    }

    fn severity(&self) -> Option<MSeverity> {
        Some(match self.finding.severity {
            Severity::Error => MSeverity::Error,
            Severity::Warning => MSeverity::Warning,
            Severity::Info => MSeverity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.map(|s| s as &dyn SourceCode)
    }

    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn Diagnostic> + 'b>> {
        if self.elsewhere.is_empty() {
            return None;
        }
        Some(Box::new(
            self.elsewhere.iter().map(|d| d as &'b dyn Diagnostic),
        ))
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let source = self.source?;
        let primary = self.finding.primary.as_ref()?;
        // A label the excerpt was not made for (none, by construction) is left out rather
        // than shown at a wrong place.
        let mut labels = vec![LabeledSpan::new_primary_with_span(
            Some(neutral(&primary.text).into_owned()),
            source.span(primary.span)?,
        )];
        labels.extend(self.finding.secondary.iter().filter_map(|l| {
            Some(LabeledSpan::new_with_span(
                Some(neutral(&l.text).into_owned()),
                source.span(l.span)?,
            ))
        }));
        Some(Box::new(labels.into_iter()))
    }
}

/// The help text with what a committee wants next to it: principle, sources, waiver. Each
/// line is neutralized on its own: the line breaks are the tool's.
fn full_help(finding: &Finding, lang: Lang) -> Option<String> {
    let mut lines: Vec<String> = finding.help.iter().cloned().collect();
    if let Some(w) = &finding.waiver {
        lines.push(super::text::waiver_line(w, lang));
    }
    if !finding.sources.is_empty() {
        lines.push(tr!(
            lang,
            "source : {}",
            "source: {}",
            finding.sources.join(" ; ")
        ));
    }
    // A help's own line breaks are the tool's (the schema's explanations, one per line); the
    // values it quotes from a dossier are neutralized where they are quoted.
    (!lines.is_empty()).then(|| neutral_lines(lines.iter().flat_map(|l| l.split('\n'))))
}

/// Renders one finding as a miette report (with colours or not), ending with a newline. Nothing
/// of the dossier reaches the output raw: texts and snippet lines are neutralized, and no line
/// can start a CI runner command.
pub(crate) fn render(
    finding: &Finding,
    source: Option<&Excerpt>,
    color: bool,
    lang: Lang,
) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_links(false)
        .with_width(100)
        .with_context_lines(1);
    // miette wraps long messages on spaces: keep `16 384,40` and `14 %` on one line by
    // rendering with no-break spaces there, then give the output its ordinary spaces back.
    let unbreakable = Finding {
        message: glue_numbers(&neutral(&finding.message)),
        ..finding.clone()
    };
    let help = full_help(finding, lang).map(|h| glue_numbers(&h));
    let finding = &unbreakable;
    let diagnostic = FindingDiagnostic {
        finding,
        // A finding without a location (an unreadable file) has no snippet to show.
        source: source.filter(|_| finding.primary.is_some()),
        help,
        elsewhere: finding
            .elsewhere
            .iter()
            .map(|label| ForeignDiagnostic {
                label,
                message: tr!(
                    lang,
                    "dans le dossier précédent, {}",
                    "in the previous dossier, {}",
                    neutral(&label.path)
                ),
            })
            .collect(),
    };
    let mut out = String::new();
    if handler.render_report(&mut out, &diagnostic).is_err() {
        out = format!("{}: {}\n", neutral(&finding.code), finding.message);
    }
    // miette heads a related diagnostic with an English « Advice: » line of its own: the
    // place in last year's file says what it is on its next line, in the run's language.
    if !diagnostic.elsewhere.is_empty() {
        out = out.replace("\nAdvice: \n", "\n");
    }
    // A rule file of `--rules` is text from outside too: shown through an excerpt, which
    // escapes what a terminal would interpret.
    for d in &finding.defined {
        let defined = DefinedDiagnostic {
            text: glue_numbers(&neutral(&d.text)),
            source: d.at.file.excerpt([d.at.span]),
            span: d.at.span,
        };
        // After a blank line, as the places in the previous year's dossier.
        out.push('\n');
        if handler.render_report(&mut out, &defined).is_err() {
            out.push_str(&format!("{} ({})\n", defined.text, d.at));
        }
    }
    if let (None, Some(src)) = (&finding.primary, source) {
        out.insert_str(0, &format!("[{}]\n", src.name()));
    }
    guard_lines(&out.replace(NBSP, " ")).into_owned()
}

/// Renders a finding located in a whole text (a rule file, a test file): the excerpt is made
/// for this finding's places.
pub fn render_in(
    finding: &Finding,
    source: Option<&SourceFile>,
    color: bool,
    lang: Lang,
) -> String {
    let excerpt = source.map(|s| s.excerpt(finding.spans()));
    render(finding, excerpt.as_ref(), color, lang)
}

const NBSP: char = '\u{a0}';

/// Replaces the spaces inside a number (`16 384`) and before `%` with no-break spaces.
fn glue_numbers(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let before = i.checked_sub(1).and_then(|j| chars.get(j)).copied();
        let after = chars.get(i + 1).copied();
        let glue = c == ' '
            && before.is_some_and(|b| b.is_ascii_digit())
            && after.is_some_and(|a| a.is_ascii_digit() || a == '%');
        out.push(if glue { NBSP } else { c });
    }
    out
}
