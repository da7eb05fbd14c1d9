//! The pages' templates (minijinja, embedded in the binary, HTML-escaped automatically) and the
//! embedded static files.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use minijinja::{Environment, State, Value};
use serde::Serialize;

use crate::lang::Lang;

/// The templates, by name.
const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("templates/base.html")),
    ("home.html", include_str!("templates/home.html")),
    ("check.html", include_str!("templates/check.html")),
    ("result.html", include_str!("templates/result.html")),
    ("rules.html", include_str!("templates/rules.html")),
    ("rule.html", include_str!("templates/rule.html")),
    ("principles.html", include_str!("templates/principles.html")),
    (
        "questionnaire.html",
        include_str!("templates/questionnaire.html"),
    ),
    ("progress.html", include_str!("templates/progress.html")),
    ("field.html", include_str!("templates/field.html")),
];

/// The service's style sheet.
pub(super) const STYLE: &str = include_str!("static/style.css");
/// The service's script: small, vanilla, progressive (every page works without it).
pub(super) const SCRIPT: &str = include_str!("static/app.js");

/// The compiled templates.
pub(crate) struct Pages {
    env: Environment<'static>,
}

impl std::fmt::Debug for Pages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pages")
    }
}

impl Default for Pages {
    fn default() -> Self {
        Self::new()
    }
}

/// `tr("français", "English")`: the text in the page's language (`lang` in its context).
fn tr(state: &State<'_, '_>, fr: String, en: String) -> String {
    let lang = state
        .lookup("layout")
        .and_then(|l| l.get_attr("lang").ok())
        .or_else(|| state.lookup("lang"));
    let english = lang.is_some_and(|v| v.as_str() == Some("en"));
    if english { en } else { fr }
}

impl Pages {
    /// Loads the embedded templates. They are tested to compile and render: a mistake in one
    /// is a failing test, not a failing request.
    pub(crate) fn new() -> Self {
        let mut env = Environment::new();
        env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Lenient);
        for (name, text) in TEMPLATES {
            if let Err(e) = env.add_template(name, text) {
                // Only reachable through an edit of the templates; the tests catch it.
                eprintln!("cooplabel : gabarit {name} invalide : {e}");
            }
        }
        env.add_function("tr", tr);
        Pages { env }
    }

    /// Renders a template to text.
    pub(crate) fn text(&self, name: &str, ctx: impl Serialize) -> Result<String, minijinja::Error> {
        self.env
            .get_template(name)
            .and_then(|t| t.render(Value::from_serialize(&ctx)))
    }

    /// Renders a page (status 200), or a French 500 if a template is broken.
    pub(crate) fn page(&self, name: &str, ctx: impl Serialize) -> Response {
        self.page_with(StatusCode::OK, name, ctx)
    }

    /// Renders a page with a status.
    pub(crate) fn page_with(
        &self,
        status: StatusCode,
        name: &str,
        ctx: impl Serialize,
    ) -> Response {
        match self.text(name, ctx) {
            Ok(html) => {
                let mut r = (status, Html(html)).into_response();
                r.headers_mut()
                    .insert(super::OWN, HeaderValue::from_static("1"));
                r
            }
            Err(e) => {
                eprintln!("cooplabel : erreur du gabarit {name} : {e}");
                super::error(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Le service n'a pas pu afficher cette page.",
                    "The service could not render this page.",
                )
            }
        }
    }
}

/// The language of a page from its `lang` query or form field (French by default).
pub(super) fn lang_of(value: Option<&str>) -> Lang {
    match value {
        Some("en") => Lang::En,
        _ => Lang::Fr,
    }
}

/// A static file, cached for an hour.
pub(super) fn asset(content_type: &'static str, body: &'static str) -> Response {
    let mut r = (
        [(header::CONTENT_TYPE, HeaderValue::from_static(content_type))],
        body,
    )
        .into_response();
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    r
}

/// A file to download (`Content-Disposition: attachment`), never rendered by the browser.
pub(super) fn download(content_type: &'static str, filename: &str, body: Vec<u8>) -> Response {
    // The name is built by the service from a fixed stem: only ASCII letters, digits, `-`, `.`.
    let safe: String = filename
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'))
        .collect();
    let disposition = format!("attachment; filename=\"{safe}\"");
    let mut r = (
        [(header::CONTENT_TYPE, HeaderValue::from_static(content_type))],
        body,
    )
        .into_response();
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        r.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    // The HTML report is a standalone file with its own inline style sheet.
    r.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; sandbox",
        ),
    );
    r
}
