//! Where a finding is, in its dossier's own lines and columns: what every format that points
//! at a line (human, SARIF, JUnit, GitHub, GitLab, the committee's reports, the pages) reads.

use crate::finding::Finding;
use crate::lang::Lang;
use crate::source::LineCol;
use crate::tr;
use crate::verdict::DossierResult;

/// Where a finding starts and ends in its dossier (1-based, columns in characters; the end is
/// the position just past the last character).
pub(crate) fn position(f: &Finding, r: &DossierResult) -> Option<(LineCol, LineCol)> {
    let label = f.primary.as_ref()?;
    let source = r.source.as_ref()?;
    Some((
        source.line_col(label.span.start),
        source.line_col(label.span.end.max(label.span.start)),
    ))
}

/// The location of a finding in words: `ligne 51, colonne 5`.
pub(crate) fn location_text(f: &Finding, r: &DossierResult, lang: Lang) -> Option<String> {
    let (start, _) = position(f, r)?;
    Some(tr!(
        lang,
        "ligne {}, colonne {}",
        "line {}, column {}",
        start.line,
        start.column
    ))
}
