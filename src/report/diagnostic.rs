//! The one place where a finding becomes a miette diagnostic.

use std::fmt;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, Severity as MSeverity,
    SourceCode,
};

use crate::finding::{Finding, Severity};
use crate::lang::Lang;
use crate::source::SourceFile;
use crate::tr;

/// A finding with its source, as miette wants it.
struct FindingDiagnostic<'a> {
    finding: &'a Finding,
    source: Option<&'a SourceFile>,
    help: Option<String>,
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
            self.finding.code, self.finding.name
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

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.source?;
        let primary = self.finding.primary.as_ref()?;
        let mut labels = vec![LabeledSpan::new_primary_with_span(
            Some(primary.text.clone()),
            primary.span,
        )];
        labels.extend(
            self.finding
                .secondary
                .iter()
                .map(|l| LabeledSpan::new_with_span(Some(l.text.clone()), l.span)),
        );
        Some(Box::new(labels.into_iter()))
    }
}

/// The help text with what a committee wants next to it: principle, sources, waiver.
fn full_help(finding: &Finding, lang: Lang) -> Option<String> {
    let mut lines: Vec<String> = finding.help.iter().cloned().collect();
    if let Some(w) = &finding.waiver {
        lines.push(if w.active {
            tr!(
                lang,
                "dérogation accordée par {} jusqu'au {} : {}",
                "waived by {} until {}: {}",
                w.granted_by,
                w.until,
                w.reason
            )
        } else {
            tr!(
                lang,
                "la dérogation accordée par {} a expiré le {} : elle ne s'applique plus",
                "the waiver granted by {} expired on {}: it no longer applies",
                w.granted_by,
                w.until
            )
        });
    }
    if !finding.sources.is_empty() {
        lines.push(tr!(
            lang,
            "source : {}",
            "source: {}",
            finding.sources.join(" ; ")
        ));
    }
    (!lines.is_empty()).then(|| lines.join("\n"))
}

/// Renders one finding as a miette report (with colours or not), ending with a newline.
pub fn render(finding: &Finding, source: Option<&SourceFile>, color: bool, lang: Lang) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_links(false)
        .with_width(100);
    // miette wraps long messages on spaces: keep `16 384,40` and `14 %` on one line by
    // rendering with no-break spaces there, then give the output its ordinary spaces back.
    let unbreakable = Finding {
        message: glue_numbers(&finding.message),
        ..finding.clone()
    };
    let help = full_help(finding, lang).map(|h| glue_numbers(&h));
    let finding = &unbreakable;
    let diagnostic = FindingDiagnostic {
        finding,
        // A finding without a location (an unreadable file) has no snippet to show.
        source: source.filter(|_| finding.primary.is_some()),
        help,
    };
    let mut out = String::new();
    if handler.render_report(&mut out, &diagnostic).is_err() {
        out = format!("{}: {}\n", finding.code, finding.message);
    }
    if let (None, Some(src)) = (&finding.primary, source) {
        out.insert_str(0, &format!("[{}]\n", src.name()));
    }
    out.replace(NBSP, " ")
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
