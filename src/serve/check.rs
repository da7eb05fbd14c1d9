//! Checking a dossier inside the service: off the async runtime, one slot of the semaphore per
//! check, with the same pipeline and reporters as `cooplabel check`.

use std::sync::Arc;

use axum::http::StatusCode;
use axum::response::Response;
use jiff::civil::Date;

use super::{AppState, error};
use crate::check::{CheckOptions, check_document, not_evaluable};
use crate::dossier::Stage;
use crate::lang::Lang;
use crate::load;
use crate::report::{self, Format, ReportOptions, Summary};
use crate::source::SourceFile;
use crate::verdict::DossierResult;

/// How a dossier is judged: `--date`, `--stage`, `--lang` of `check`.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Judging {
    /// Judge at this date rather than `periode.fin`.
    pub date: Option<Date>,
    /// Judge at this stage rather than `etape`.
    pub stage: Option<Stage>,
    /// Language of the report.
    pub lang: Lang,
}

/// Runs `work` on the blocking pool once a check slot is free: CPU work never blocks the
/// runtime's threads, and at most `--max-checks` run at once (the others wait, within the
/// request's timeout).
pub(super) async fn offload<T, F>(state: &Arc<AppState>, work: F) -> Result<T, Response>
where
    T: Send + 'static,
    F: FnOnce(&AppState) -> T + Send + 'static,
{
    let unavailable = || {
        error(
            StatusCode::SERVICE_UNAVAILABLE,
            "Le service s'arrête : réessayez dans un instant.",
            "The service is stopping: try again in a moment.",
        )
    };
    let permit = Arc::clone(&state.slots)
        .acquire_owned()
        .await
        .map_err(|_| unavailable())?;
    let state = Arc::clone(state);
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        work(&state)
    })
    .await
    .map_err(|_| unavailable())
}

/// Checks a dossier's bytes (`name` is how the report calls it). Never fails: an unreadable
/// input is a `not_evaluable` result, as in `check`.
pub(super) fn check_bytes(
    state: &AppState,
    name: &str,
    bytes: Vec<u8>,
    judging: Judging,
) -> DossierResult {
    check_bytes_with_text(state, name, bytes, judging).0
}

/// Like [`check_bytes`], also giving the text as the checker read it (decoded, its byte-order
/// mark dropped): the result keeps only an excerpt, and the result page shows every line.
pub(super) fn check_bytes_with_text(
    state: &AppState,
    name: &str,
    bytes: Vec<u8>,
    judging: Judging,
) -> (DossierResult, Option<Arc<SourceFile>>) {
    let options = CheckOptions {
        lang: judging.lang,
        limits: state.config.limits.clone(),
        date: judging.date,
        stage: judging.stage,
        max_findings: Some(state.config.max_findings),
        // The report records the day it was made, as `check` does.
        evaluated_on: Some(jiff::Zoned::now().date()),
        register: state.register.clone(),
    };
    match load::load_bytes(name, bytes, &options.limits) {
        Ok(doc) => {
            let text = Arc::clone(&doc.source);
            (
                check_document(name, doc, &state.rules, &options),
                Some(text),
            )
        }
        Err(failure) => {
            let text = failure.source.clone();
            (not_evaluable(name, failure, judging.lang), text)
        }
    }
}

/// A report of one dossier in a format of `check --format`, as `check` writes it.
pub(super) fn report(
    state: &AppState,
    result: &DossierResult,
    format: Format,
    lang: Lang,
) -> Vec<u8> {
    let mut out = Vec::new();
    let mut reporter = report::reporter(
        format,
        ReportOptions {
            lang,
            color: false,
            rules: &state.rules,
            register: state.register.as_deref(),
            dossiers: 1,
        },
    );
    let mut summary = Summary::default();
    summary.add(result);
    // Writing to memory cannot fail.
    let _ = reporter
        .begin(&mut out)
        .and_then(|()| reporter.dossier(&mut out, result))
        .and_then(|()| reporter.end(&mut out, &summary));
    out
}

/// The committee report's article for one dossier, as `--format html` writes it, without the
/// page around it (the service's page gives the style sheet, as a file the CSP allows).
pub(super) fn report_article(state: &AppState, result: &DossierResult, lang: Lang) -> String {
    let mut out = Vec::new();
    let mut html = crate::report::html::Html::fragment(ReportOptions {
        lang,
        color: false,
        rules: &state.rules,
        register: state.register.as_deref(),
        dossiers: 1,
    });
    let _ = crate::report::Reporter::dossier(&mut html, &mut out, result);
    String::from_utf8_lossy(&out).into_owned()
}
