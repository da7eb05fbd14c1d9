//! The API for the network's other tools: `POST /api/check` answers the same JSON document as
//! `cooplabel check --format json`; the rule catalogue and the dossier schema; `/healthz`; and
//! the OpenAPI document that describes them, generated from this code (utoipa).

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use utoipa::{IntoParams, OpenApi, ToSchema};

use super::AppState;
use super::check::{check_bytes, offload, report};
use super::pages::{judging, too_large};
use super::render::lang_of;
use crate::report::Format;

/// The routes of this module.
pub(super) fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/api/check", post(api_check))
        .route("/api/rules", get(api_rules))
        .route("/api/schema/dossier", get(api_schema))
        .route("/api/openapi.json", get(openapi))
        .route("/healthz", get(healthz))
}

/// The OpenAPI document of the API.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "cooplabel",
        description = "Vérifie le dossier d'une coopérative au regard de la charte du réseau Coopérer pour entreprendre et du droit des Scop et des CAE. Les messages sont en français (lang=en pour l'anglais).",
        license(name = "voir le dépôt")
    ),
    paths(api_check, api_rules, api_schema, healthz),
    components(schemas(CheckReport, RuleCatalogue, Stage, LangParam))
)]
pub(super) struct ApiDoc;

/// `--date`, `--stage` and `--lang` of `check`, as query parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct CheckQuery {
    /// Juge le dossier à cette date (AAAA-MM-JJ) plutôt qu'à `periode.fin`.
    #[param(example = "2000-12-31")]
    pub date: Option<String>,
    /// Juge le dossier à cette étape plutôt qu'à son `etape`.
    #[param(example = "suivi")]
    pub stage: Option<Stage>,
    /// Langue des messages.
    pub lang: Option<LangParam>,
}

/// A creation stage.
#[derive(Debug, Deserialize, ToSchema, Clone, Copy)]
#[serde(rename_all = "lowercase")]
pub(super) enum Stage {
    /// Vérification de la faisabilité.
    Faisabilite,
    /// Mobilisation des partenaires.
    Mobilisation,
    /// Montage de la structure.
    Montage,
    /// Accompagnement et suivi.
    Suivi,
}

/// A language.
#[derive(Debug, Deserialize, ToSchema, Clone, Copy)]
#[serde(rename_all = "lowercase")]
pub(super) enum LangParam {
    /// Français.
    Fr,
    /// English.
    En,
}

/// The JSON report of `cooplabel check --format json` (DESIGN §7): `version`, `dossiers`
/// (one here) and `summary`.
#[derive(ToSchema)]
#[allow(dead_code)]
pub(super) struct CheckReport {
    /// The tool's version.
    version: String,
    /// The dossier checked: decision, score, principles, findings, missing inputs.
    #[schema(value_type = Vec<Object>)]
    dossiers: Vec<()>,
    /// The totals.
    #[schema(value_type = Object)]
    summary: (),
}

/// The rule catalogue of `cooplabel rules --format json`.
#[derive(ToSchema)]
#[allow(dead_code)]
pub(super) struct RuleCatalogue {
    /// Every rule: code, name, title, principle, severity, stage, countries, sources…
    #[schema(value_type = Vec<Object>)]
    rules: Vec<()>,
}

/// Checks a dossier.
#[utoipa::path(
    post,
    path = "/api/check",
    params(CheckQuery),
    request_body(content = String, content_type = "application/yaml", description = "Le dossier, en YAML (format de dossier version 1)."),
    responses(
        (status = 200, description = "Le rapport JSON, comme `cooplabel check --format json` ; un fichier illisible est un dossier `not_evaluable`.", body = CheckReport, content_type = "application/json"),
        (status = 400, description = "Paramètre invalide (date, étape, langue).", body = String, content_type = "text/plain"),
        (status = 413, description = "Dossier plus gros que --max-file-size.", body = String, content_type = "text/plain")
    )
)]
async fn api_check(
    State(state): State<Arc<AppState>>,
    query: Result<Query<CheckQuery>, axum::extract::rejection::QueryRejection>,
    body: Bytes,
) -> Response {
    let Ok(Query(q)) = query else {
        return super::pages::bad_request(
            "Paramètres invalides : date=AAAA-MM-JJ, stage=faisabilite|mobilisation|montage|suivi, lang=fr|en.",
            "Invalid parameters: date=YYYY-MM-DD, stage=faisabilite|mobilisation|montage|suivi, lang=fr|en.",
        );
    };
    let max = state.config.limits.max_bytes;
    if body.len() as u64 > max {
        return too_large(max);
    }
    let lang = lang_of(q.lang.map(|l| match l {
        LangParam::Fr => "fr",
        LangParam::En => "en",
    }));
    let stage = q.stage.map(|s| match s {
        Stage::Faisabilite => "faisabilite",
        Stage::Mobilisation => "mobilisation",
        Stage::Montage => "montage",
        Stage::Suivi => "suivi",
    });
    let judging = match judging(
        q.date.as_deref().unwrap_or_default(),
        stage.unwrap_or_default(),
        lang,
    ) {
        Ok(j) => j,
        Err(r) => return r,
    };
    let out = offload(&state, move |state| {
        let result = check_bytes(state, "<api>", body.to_vec(), judging);
        report(state, &result, Format::Json, lang)
    })
    .await;
    match out {
        Ok(body) => ([(header::CONTENT_TYPE, "application/json")], body).into_response(),
        Err(r) => r,
    }
}

/// The rule catalogue.
#[utoipa::path(
    get,
    path = "/api/rules",
    params(("lang" = Option<LangParam>, Query, description = "Langue des titres")),
    responses(
        (status = 200, description = "Les règles, comme `cooplabel rules --format json`.", body = RuleCatalogue, content_type = "application/json"),
        (status = 400, description = "Paramètre mal formé.", body = String, content_type = "text/plain")
    )
)]
async fn api_rules(
    State(state): State<Arc<AppState>>,
    Query(q): Query<super::pages::LangQuery>,
) -> Response {
    let lang = lang_of(q.lang.as_deref());
    let text = crate::cli::catalogue::rules(&state.rules, true, lang);
    ([(header::CONTENT_TYPE, "application/json")], text).into_response()
}

/// The dossier's JSON Schema.
#[utoipa::path(
    get,
    path = "/api/schema/dossier",
    responses((status = 200, description = "Le schéma JSON des dossiers (draft 2020-12), comme `cooplabel schema dossier`.", body = Object, content_type = "application/schema+json"))
)]
async fn api_schema() -> Response {
    (
        [(header::CONTENT_TYPE, "application/schema+json")],
        crate::schema::DOSSIER_SCHEMA,
    )
        .into_response()
}

/// Whether the service answers.
#[utoipa::path(
    get,
    path = "/healthz",
    responses((status = 200, description = "Le service répond.", body = String, content_type = "text/plain"))
)]
async fn healthz() -> &'static str {
    "ok\n"
}

async fn openapi() -> Response {
    let text = ApiDoc::openapi().to_pretty_json().unwrap_or_default();
    ([(header::CONTENT_TYPE, "application/json")], text).into_response()
}
