//! `cooplabel serve`: the web service for people who do not use a terminal — a territory's
//! guided questionnaire, the committee's reports, the rule pages — and an API for the network's
//! other tools. One binary: templates, style sheet and script are embedded.
//!
//! Nothing is stored: a dossier lives in the request that carries it (and in the page the
//! person keeps open); nothing is written to disk; no dossier content is logged. Every check
//! runs off the async runtime (`spawn_blocking`), behind a semaphore that bounds how many run at
//! once, under a per-request timeout; bodies are capped at `--max-file-size`.

// A handler step fails with the response to send: it is returned at once, never stored, so its
// size does not matter.
#![allow(clippy::result_large_err)]

mod api;
mod check;
pub mod form;
mod pages;
mod questionnaire;
mod render;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tokio::sync::Semaphore;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

use crate::load::Limits;
use crate::rules::RuleSet;

pub(crate) use render::Pages;

/// How the service runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// Input limits (`--max-file-size` also caps request bodies).
    pub limits: Limits,
    /// Checks running at once; more requests wait for a slot.
    pub max_checks: usize,
    /// Longest a request may take before a 408.
    pub timeout: Duration,
    /// Most findings kept per dossier.
    pub max_findings: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            limits: Limits::default(),
            max_checks: std::thread::available_parallelism().map_or(2, |n| n.get()),
            timeout: Duration::from_secs(10),
            max_findings: crate::check::DEFAULT_MAX_FINDINGS,
        }
    }
}

/// What every handler shares: the compiled rules, the templates, the limits.
pub struct AppState {
    /// The rules, compiled once at start (their texts carry both languages).
    pub rules: RuleSet,
    /// The committee's waiver register (`--derogations`), read once at start.
    pub register: Option<Arc<crate::register::Register>>,
    /// The templates.
    pub(crate) pages: Pages,
    /// The settings.
    pub config: Config,
    /// Slots for checks.
    pub slots: Arc<Semaphore>,
}

impl AppState {
    /// The state of a service.
    pub fn new(rules: RuleSet, config: Config) -> Self {
        let slots = Arc::new(Semaphore::new(config.max_checks.max(1)));
        AppState {
            rules,
            register: None,
            pages: Pages::new(),
            config,
            slots,
        }
    }

    /// Serves with the committee's register. Reports served to the web name it by its file
    /// name only: the server's directories are nobody's business, and the digest already
    /// identifies the file.
    pub fn set_register(&mut self, mut register: crate::register::Register) {
        if let Some(name) = std::path::Path::new(&register.path).file_name() {
            register.path = name.to_string_lossy().into_owned();
        }
        self.register = Some(Arc::new(register));
    }
}

/// The Content-Security-Policy of every page: scripts and styles only from the service itself,
/// no frame, no plugin, forms only to the service.
pub(crate) const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The whole service: routes, then the layers every response goes through.
pub fn router(state: Arc<AppState>) -> Router {
    let max_body = usize::try_from(state.config.limits.max_bytes).unwrap_or(usize::MAX);
    let timeout = state.config.timeout;
    let header = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
    };
    Router::new()
        .merge(pages::routes())
        .merge(questionnaire::routes())
        .merge(api::routes())
        .fallback(not_found)
        .with_state(state)
        // Multipart bodies carry a little framing around the file: the file itself is held to
        // the limit by the handlers, as `check` holds a file.
        .layer(DefaultBodyLimit::max(max_body.saturating_add(64 * 1024)))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            timeout,
        ))
        // Outside the timeout, so that its 408 is reworded too.
        .layer(axum::middleware::map_response(french_errors))
        .layer(header(header::CONTENT_SECURITY_POLICY, CSP))
        .layer(header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header(header::X_FRAME_OPTIONS, "DENY"))
        .layer(header(header::REFERRER_POLICY, "no-referrer"))
        .layer(header(
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ))
        .layer(header(
            HeaderName::from_static("permissions-policy"),
            "camera=(), microphone=(), geolocation=()",
        ))
}

/// Marks a response whose body the service wrote itself (so that `french_errors` keeps it).
pub(crate) const OWN: &str = "x-cooplabel";

/// A plain-text error in French (with its English version), marked as the service's own.
pub(crate) fn error(status: StatusCode, fr: &str, en: &str) -> Response {
    let mut r = (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!("{fr}\n\n{en}\n"),
    )
        .into_response();
    r.headers_mut().insert(OWN, HeaderValue::from_static("1"));
    r
}

/// The errors that axum and tower-http answer by themselves (a body over the limit, a
/// malformed form, a timeout, a wrong method) get a French message instead of theirs.
async fn french_errors(response: Response) -> Response {
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error())
        || response.headers().contains_key(OWN)
    {
        return response;
    }
    let (fr, en) = match status {
        StatusCode::PAYLOAD_TOO_LARGE => (
            "Le fichier est trop gros : la taille maximale est fixée par --max-file-size.",
            "The file is too large: the maximum size is set by --max-file-size.",
        ),
        StatusCode::REQUEST_TIMEOUT => (
            "La vérification a pris trop de temps : réessayez dans un instant.",
            "The check took too long: try again in a moment.",
        ),
        StatusCode::METHOD_NOT_ALLOWED => (
            "Cette adresse ne s'utilise pas ainsi (méthode HTTP non permise).",
            "This address is not used this way (HTTP method not allowed).",
        ),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => (
            "Le contenu envoyé n'est pas du type attendu (formulaire ou texte YAML).",
            "The content sent is not of the expected type (a form or YAML text).",
        ),
        StatusCode::NOT_FOUND => ("Page introuvable.", "Page not found."),
        s if s.is_server_error() => (
            "Le service n'a pas pu répondre : réessayez dans un instant.",
            "The service could not answer: try again in a moment.",
        ),
        _ => (
            "La requête est mal formée : vérifiez les champs envoyés.",
            "The request is malformed: check the fields sent.",
        ),
    };
    let mut r = error(status, fr, en);
    // Keep the headers the route set (Allow for a 405, say), not the old body's length.
    for (name, value) in response.headers() {
        if name != header::CONTENT_LENGTH && name != header::CONTENT_TYPE {
            r.headers_mut().insert(name.clone(), value.clone());
        }
    }
    r
}

async fn not_found() -> Response {
    error(
        StatusCode::NOT_FOUND,
        "Page introuvable.",
        "Page not found.",
    )
}

/// Serves until SIGTERM or Ctrl-C, then lets the requests under way finish.
pub(crate) async fn serve(addr: SocketAddr, state: Arc<AppState>) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    eprintln!("cooplabel : service ouvert sur http://{local}/ (Ctrl-C pour l'arrêter)");
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown())
        .await?;
    eprintln!("cooplabel : service arrêté");
    Ok(())
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}
