//! The pages for people: home, checking a dossier (its report and its own text with each
//! finding on its line, and the downloads), the rules and the charter's principles.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use serde::{Deserialize, Serialize};

use super::check::{Judging, check_bytes, check_bytes_with_text, offload, report, report_article};
use super::render::{asset, download, lang_of};
use super::{AppState, error};
use crate::dossier::Stage;
use crate::lang::Lang;
use crate::report::Format;
use crate::report::escape::{is_hostile, neutral, shown_line};
use crate::source::SourceFile;
use crate::verdict::DossierResult;

/// The routes of this module.
pub(super) fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/", get(home))
        .route("/verifier", get(check_form).post(check_post))
        .route("/telecharger", axum::routing::post(download_report))
        .route("/regles", get(rules_page))
        .route("/regles/{code}", get(rule_page))
        .route("/principes", get(principles_page))
        .route("/principes/{id}", get(principle_page))
        .route(
            "/static/style.css",
            get(|| async { asset("text/css; charset=utf-8", super::render::STYLE) }),
        )
        .route(
            "/static/rapport.css",
            get(|| async { asset("text/css; charset=utf-8", crate::report::html::STYLE) }),
        )
        .route(
            "/static/app.js",
            get(|| async { asset("text/javascript; charset=utf-8", super::render::SCRIPT) }),
        )
}

/// The `lang` query parameter of every page.
#[derive(Debug, Deserialize, Default)]
pub(super) struct LangQuery {
    /// `fr` (default) or `en`.
    pub lang: Option<String>,
}

/// What every page's layout needs.
#[derive(Serialize)]
pub(super) struct Layout {
    /// `fr` or `en`.
    pub lang: &'static str,
    /// The page's path, for the language switch.
    pub path: String,
    /// The version, in the footer.
    pub version: &'static str,
}

impl Layout {
    /// The layout of the page at `path`.
    pub(super) fn new(lang: Lang, path: &str) -> Self {
        Layout {
            lang: lang.code(),
            path: path.to_string(),
            version: env!("CARGO_PKG_VERSION"),
        }
    }
}

#[derive(Serialize)]
struct Plain {
    layout: Layout,
}

async fn home(State(state): State<Arc<AppState>>, Query(q): Query<LangQuery>) -> Response {
    let lang = lang_of(q.lang.as_deref());
    state.pages.page(
        "home.html",
        Plain {
            layout: Layout::new(lang, "/"),
        },
    )
}

#[derive(Serialize)]
struct CheckPage {
    layout: Layout,
    max_bytes: u64,
    stages: Vec<(&'static str, &'static str)>,
    message: Option<String>,
}

fn stages(lang: Lang) -> Vec<(&'static str, &'static str)> {
    Stage::ALL
        .iter()
        .map(|s| (s.as_str(), s.title(lang)))
        .collect()
}

async fn check_form(State(state): State<Arc<AppState>>, Query(q): Query<LangQuery>) -> Response {
    let lang = lang_of(q.lang.as_deref());
    state.pages.page(
        "check.html",
        CheckPage {
            layout: Layout::new(lang, "/verifier"),
            max_bytes: state.config.limits.max_bytes,
            stages: stages(lang),
            message: None,
        },
    )
}

/// The fields of the check form.
#[derive(Default)]
struct CheckFields {
    file: Option<(String, Vec<u8>)>,
    text: String,
    date: String,
    stage: String,
    lang: String,
}

/// The answer for a body over `--max-file-size`.
pub(super) fn too_large(max: u64) -> Response {
    error(
        StatusCode::PAYLOAD_TOO_LARGE,
        &format!(
            "Le dossier est trop gros : la taille maximale est de {max} octets (--max-file-size)."
        ),
        &format!("The dossier is too large: the maximum size is {max} bytes (--max-file-size)."),
    )
}

/// A malformed request.
pub(super) fn bad_request(fr: &str, en: &str) -> Response {
    error(StatusCode::BAD_REQUEST, fr, en)
}

async fn read_check_fields(mut form: Multipart, max: u64) -> Result<CheckFields, Response> {
    let malformed = || {
        bad_request(
            "Le formulaire envoyé est mal formé.",
            "The form sent is malformed.",
        )
    };
    let mut fields = CheckFields::default();
    while let Some(field) = form.next_field().await.map_err(|_| malformed())? {
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().map(str::to_string);
        let bytes = field.bytes().await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                too_large(max)
            } else {
                malformed()
            }
        })?;
        if bytes.len() as u64 > max {
            return Err(too_large(max));
        }
        let text = || String::from_utf8_lossy(&bytes).into_owned();
        match name.as_str() {
            "fichier" if !bytes.is_empty() => {
                fields.file = Some((file_name.unwrap_or_default(), bytes.to_vec()))
            }
            "texte" => fields.text = text(),
            "date" => fields.date = text(),
            "etape" => fields.stage = text(),
            "lang" => fields.lang = text(),
            _ => {}
        }
    }
    Ok(fields)
}

/// `--date` and `--stage` from form or query fields; an invalid one is a French 400.
pub(super) fn judging(date: &str, stage: &str, lang: Lang) -> Result<Judging, Response> {
    let date = match date.trim() {
        "" => None,
        d => Some(crate::load::scalar::parse_date(d).ok_or_else(|| {
            bad_request(
                "La date doit s'écrire AAAA-MM-JJ et exister dans le calendrier.",
                "The date must be written YYYY-MM-DD and exist in the calendar.",
            )
        })?),
    };
    let stage = match stage.trim() {
        "" => None,
        s => Some(Stage::parse(s).ok_or_else(|| {
            bad_request(
                "L'étape doit être faisabilite, mobilisation, montage ou suivi.",
                "The stage must be faisabilite, mobilisation, montage or suivi.",
            )
        })?),
    };
    Ok(Judging { date, stage, lang })
}

/// One line of the dossier's text, with the findings shown on it.
#[derive(Serialize)]
struct SourceLine {
    number: usize,
    text: String,
    findings: Vec<LineFinding>,
}

#[derive(Serialize)]
struct LineFinding {
    code: String,
    message: String,
    severity: &'static str,
    blocking: bool,
}

/// Most lines of a dossier shown on the result page (the report itself has every finding).
const MAX_SOURCE_LINES: usize = 5000;

/// The dossier's text, line by line (its line breaks those of YAML, a lone CR included), each
/// finding on the line it points at. The page is HTML-escaped by its template; what a browser
/// would still act on (a bidi override reordering a line, control characters) is shown escaped
/// here, as in every report.
fn source_lines(r: &DossierResult, text: Option<&SourceFile>) -> (Vec<SourceLine>, usize) {
    let (Some(text), Some(_)) = (text, &r.source) else {
        return (Vec::new(), 0);
    };
    let total = text.lines();
    let mut lines: Vec<SourceLine> = (0..total.min(MAX_SOURCE_LINES))
        .map(|i| SourceLine {
            number: i + 1,
            text: shown_line(text.line(i).unwrap_or_default()).into_owned(),
            findings: Vec::new(),
        })
        .collect();
    for f in &r.findings {
        let Some((start, _)) = crate::report::committee::position(f, r) else {
            continue;
        };
        if let Some(line) = lines.get_mut(start.line.saturating_sub(1)) {
            line.findings.push(LineFinding {
                code: neutral(&f.code).into_owned(),
                message: neutral(&f.message).into_owned(),
                severity: f.severity.as_str(),
                blocking: f.blocking,
            });
        }
    }
    (lines, total)
}

#[derive(Serialize)]
struct ResultPage {
    layout: Layout,
    article: String,
    lines: Vec<SourceLine>,
    total_lines: usize,
    max_lines: usize,
    dossier: String,
    name: String,
    date: String,
    stage: String,
    decision: &'static str,
    decision_text: &'static str,
    findings: usize,
}

async fn check_post(State(state): State<Arc<AppState>>, form: Multipart) -> Response {
    let max = state.config.limits.max_bytes;
    let fields = match read_check_fields(form, max).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    let lang = lang_of(Some(fields.lang.as_str()));
    let judging = match judging(&fields.date, &fields.stage, lang) {
        Ok(j) => j,
        Err(r) => return r,
    };
    let (name, bytes) = match fields.file {
        Some((name, bytes)) => (name, bytes),
        None if !fields.text.trim().is_empty() => (String::new(), fields.text.into_bytes()),
        None => {
            return state.pages.page_with(
                StatusCode::BAD_REQUEST,
                "check.html",
                CheckPage {
                    layout: Layout::new(lang, "/verifier"),
                    max_bytes: max,
                    stages: stages(lang),
                    message: Some(
                        lang.pick(
                            "Choisissez un fichier YAML, déposez-le, ou collez son texte, puis vérifiez.",
                            "Choose a YAML file, drop it, or paste its text, then check.",
                        )
                        .to_string(),
                    ),
                },
            );
        }
    };
    let name = display_name(&name);
    let (fields_date, fields_stage) = (fields.date, fields.stage);
    let work = offload(&state, move |state| {
        let dossier = String::from_utf8_lossy(&bytes).into_owned();
        let (result, text) = check_bytes_with_text(state, &name, bytes, judging);
        let article = report_article(state, &result, lang);
        let (lines, total_lines) = source_lines(&result, text.as_deref());
        ResultPage {
            layout: Layout::new(lang, "/verifier"),
            article,
            lines,
            total_lines,
            max_lines: MAX_SOURCE_LINES,
            dossier,
            name,
            date: fields_date,
            stage: fields_stage,
            decision: result.decision.as_str(),
            decision_text: result.decision.human(result.stage, lang),
            findings: result.findings.len(),
        }
    })
    .await;
    match work {
        Ok(page) => state.pages.page("result.html", page),
        Err(r) => r,
    }
}

/// The name a dossier is shown under: the uploaded file's name without any directory, or
/// `dossier.yaml` for pasted text.
fn display_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    // Shown in the page's title and in the reports: nothing a browser or a terminal acts on.
    let clean: String = base.chars().filter(|&c| !is_hostile(c)).take(120).collect();
    if clean.trim().is_empty() {
        "dossier.yaml".to_string()
    } else {
        clean
    }
}

/// The download form's fields.
#[derive(Debug, Deserialize)]
struct DownloadForm {
    dossier: String,
    format: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    etape: String,
    #[serde(default)]
    lang: String,
}

/// A file stem for downloads: the dossier's name without extension, in safe characters.
pub(super) fn stem(name: &str) -> String {
    let base = name
        .trim_end_matches(".yaml")
        .trim_end_matches(".yml")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect::<String>();
    let trimmed = base.trim_matches('-');
    if trimmed.is_empty() {
        "dossier".to_string()
    } else {
        trimmed.chars().take(60).collect()
    }
}

async fn download_report(
    State(state): State<Arc<AppState>>,
    axum::Form(form): axum::Form<DownloadForm>,
) -> Response {
    let max = state.config.limits.max_bytes;
    if form.dossier.len() as u64 > max {
        return too_large(max);
    }
    let lang = lang_of(Some(form.lang.as_str()));
    let judging = match judging(&form.date, &form.etape, lang) {
        Ok(j) => j,
        Err(r) => return r,
    };
    let name = display_name(&form.name);
    let stem = stem(&name);
    let (format, ext, content_type) = match form.format.as_str() {
        "html" => (Format::Html, "html", "text/html; charset=utf-8"),
        "markdown" => (Format::Markdown, "md", "text/markdown; charset=utf-8"),
        "json" => (Format::Json, "json", "application/json"),
        "yaml" => {
            return download(
                "application/yaml; charset=utf-8",
                &format!("{stem}.yaml"),
                form.dossier.into_bytes(),
            );
        }
        _ => {
            return bad_request(
                "Format inconnu : html, markdown, json ou yaml.",
                "Unknown format: html, markdown, json or yaml.",
            );
        }
    };
    let work = offload(&state, move |state| {
        let result = check_bytes(state, &name, form.dossier.into_bytes(), judging);
        report(state, &result, format, lang)
    })
    .await;
    match work {
        Ok(body) => download(content_type, &format!("{stem}-rapport.{ext}"), body),
        Err(r) => r,
    }
}

/// The rule catalogue's filters.
#[derive(Debug, Deserialize, Default)]
struct RulesQuery {
    lang: Option<String>,
    principe: Option<String>,
    niveau: Option<String>,
    pays: Option<String>,
    etape: Option<String>,
}

#[derive(Serialize)]
struct RuleRow {
    code: String,
    name: String,
    title: String,
    principle: Option<String>,
    principle_title: Option<String>,
    level: &'static str,
    level_text: &'static str,
    severity: &'static str,
    stage: &'static str,
    countries: String,
}

#[derive(Serialize)]
struct RulesPage {
    layout: Layout,
    rows: Vec<RuleRow>,
    total: usize,
    principles: Vec<(String, String)>,
    stages: Vec<(&'static str, &'static str)>,
    principe: String,
    niveau: String,
    pays: String,
    etape: String,
}

/// A rule's level in the label model (DESIGN §6): mandatory, recommended or information.
fn level(rule: &crate::rules::Rule, lang: Lang) -> (&'static str, &'static str) {
    match rule.level {
        crate::rules::Level::Mandatory => ("obligatoire", lang.pick("obligatoire", "mandatory")),
        crate::rules::Level::Recommended => ("recommande", lang.pick("recommandé", "recommended")),
        crate::rules::Level::Information => {
            ("information", lang.pick("information", "information"))
        }
    }
}

async fn rules_page(State(state): State<Arc<AppState>>, Query(q): Query<RulesQuery>) -> Response {
    let lang = lang_of(q.lang.as_deref());
    let set = &state.rules;
    let want = |v: &Option<String>| v.clone().filter(|s| !s.is_empty());
    let (principe, niveau, pays, etape) = (
        want(&q.principe),
        want(&q.niveau),
        want(&q.pays),
        want(&q.etape),
    );
    let mut rows: Vec<RuleRow> = set
        .rules
        .iter()
        .filter(|r| {
            principe.as_deref().is_none_or(|p| {
                r.principle.as_deref() == Some(p) || (p == "aucun" && r.principle.is_none())
            })
        })
        .filter(|r| niveau.as_deref().is_none_or(|n| level(r, lang).0 == n))
        .filter(|r| {
            pays.as_deref().is_none_or(|p| {
                r.countries
                    .as_ref()
                    .is_none_or(|c| c.iter().any(|x| x == p))
            })
        })
        .filter(|r| {
            etape
                .as_deref()
                .and_then(Stage::parse)
                .is_none_or(|s| r.stage <= s)
        })
        .map(|r| {
            let (level, level_text) = level(r, lang);
            RuleRow {
                code: r.code.clone(),
                name: r.name.clone(),
                title: r.title.get(lang).clone(),
                principle: r.principle.clone(),
                principle_title: r.principle.as_deref().map(|p| set.principle_title(p, lang)),
                level,
                level_text,
                severity: r.severity.as_str(),
                stage: r.stage.as_str(),
                countries: r
                    .countries
                    .as_ref()
                    .map_or_else(|| lang.pick("tous", "all").to_string(), |c| c.join(", ")),
            }
        })
        .collect();
    rows.sort_by(|a, b| a.code.cmp(&b.code));
    let principles = set
        .charter
        .principes
        .iter()
        .map(|p| (p.id.clone(), p.title(lang).to_string()))
        .collect();
    state.pages.page(
        "rules.html",
        RulesPage {
            layout: Layout::new(lang, "/regles"),
            total: set.rules.len(),
            rows,
            principles,
            stages: stages(lang),
            principe: principe.unwrap_or_default(),
            niveau: niveau.unwrap_or_default(),
            pays: pays.unwrap_or_default(),
            etape: etape.unwrap_or_default(),
        },
    )
}

/// Markdown (the `explain` text) as HTML. Raw HTML in it is shown as text, never passed
/// through: a rule file given with `--rules` must not inject markup.
pub(super) fn markdown_html(md: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser, html};
    // What a browser would act on (a bidi override) is shown escaped, as in every report.
    let md = crate::report::escape::visible_text(md);
    let parser = Parser::new_ext(&md, Options::ENABLE_TABLES).map(|e| match e {
        Event::Html(t) | Event::InlineHtml(t) => Event::Text(t),
        other => other,
    });
    let mut out = String::new();
    html::push_html(&mut out, parser);
    out
}

#[derive(Serialize)]
struct DocPage {
    layout: Layout,
    title: String,
    body: String,
    code: String,
}

#[derive(Debug, Deserialize, Default)]
struct DocQuery {
    lang: Option<String>,
    date: Option<String>,
}

async fn rule_page(
    State(state): State<Arc<AppState>>,
    Path(code): Path<String>,
    Query(q): Query<DocQuery>,
) -> Response {
    let lang = lang_of(q.lang.as_deref());
    let set = &state.rules;
    let Some(rule) = set.find(&code) else {
        return error(
            StatusCode::NOT_FOUND,
            "Aucune règle ne porte ce code ou ce nom : voir /regles.",
            "No rule has this code or name: see /regles.",
        );
    };
    let date = match q.date.as_deref().filter(|d| !d.is_empty()) {
        Some(d) => match crate::load::scalar::parse_date(d) {
            Some(d) => d,
            None => {
                return bad_request(
                    "La date doit s'écrire AAAA-MM-JJ.",
                    "The date must be written YYYY-MM-DD.",
                );
            }
        },
        None => jiff::Zoned::now().date(),
    };
    let md = crate::explain::rule_markdown(rule, set, Some(date), lang);
    state.pages.page(
        "rule.html",
        DocPage {
            layout: Layout::new(lang, &format!("/regles/{}", rule.code)),
            title: format!("{} — {}", rule.code, rule.title.get(lang)),
            body: markdown_html(&md),
            code: rule.code.clone(),
        },
    )
}

#[derive(Serialize)]
struct PrincipleRow {
    id: String,
    number: String,
    title: String,
    rules: usize,
}

#[derive(Serialize)]
struct PrinciplesPage {
    layout: Layout,
    rows: Vec<PrincipleRow>,
}

async fn principles_page(
    State(state): State<Arc<AppState>>,
    Query(q): Query<LangQuery>,
) -> Response {
    let lang = lang_of(q.lang.as_deref());
    let set = &state.rules;
    let rows = set
        .charter
        .principes
        .iter()
        .map(|p| PrincipleRow {
            id: p.id.clone(),
            number: p.numero.to_string(),
            title: p.title(lang).to_string(),
            rules: set
                .rules
                .iter()
                .filter(|r| r.principle.as_deref() == Some(p.id.as_str()))
                .count(),
        })
        .collect();
    state.pages.page(
        "principles.html",
        PrinciplesPage {
            layout: Layout::new(lang, "/principes"),
            rows,
        },
    )
}

async fn principle_page(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    Query(q): Query<LangQuery>,
) -> Response {
    let lang = lang_of(q.lang.as_deref());
    let set = &state.rules;
    let found = set
        .charter
        .principes
        .iter()
        .find(|p| p.id == id || p.numero.to_string() == id);
    let Some(p) = found else {
        return error(
            StatusCode::NOT_FOUND,
            "Aucun principe de la charte ne porte cet identifiant : voir /principes.",
            "No charter principle has this id: see /principes.",
        );
    };
    let md = crate::explain::principle_markdown(p, set, lang);
    state.pages.page(
        "rule.html",
        DocPage {
            layout: Layout::new(lang, &format!("/principes/{}", p.id)),
            title: p.title(lang).to_string(),
            body: markdown_html(&md),
            code: String::new(),
        },
    )
}
