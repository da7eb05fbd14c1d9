//! The guided questionnaire (`/questionnaire?etape=faisabilite&pays=FR`): one question per
//! fact the stage's rules need, typed inputs, lists as rows; after each answer, what passes,
//! fails and is missing for this stage and the next; the dossier downloaded as YAML that
//! `cooplabel check` accepts as it is, and its report; a YAML file loaded back to go on.
//!
//! Nothing is stored on the server: the answers travel in the form (and the YAML), and every
//! request rebuilds the dossier from them.

use crate::codes::Code;
use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Multipart, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::AppState;
use super::check::{Judging, check_bytes, offload, report};
use super::form::{self, ENVELOPE, Kind, Parsed, Question, Schema, Tree};
use super::pages::{Layout, bad_request, too_large};
use super::render::{download, lang_of};
use crate::dossier::Stage;
use crate::evaluate::missing::{StageProgress, Standing, progress};
use crate::lang::Lang;
use crate::load::{self, Limits};
use crate::report::Format;
use crate::report::next_stage::standing_word;
use crate::rules::RuleSet;

/// The routes of this module.
pub(super) fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/questionnaire", get(start).post(answer))
        .route("/questionnaire/etat", post(state_fragment))
        .route("/questionnaire/charger", post(load_file))
}

/// What the questionnaire is about, and the answers so far.
#[derive(Debug, Clone, Default)]
struct Session {
    stage: Option<Stage>,
    country: String,
    lang: Lang,
    /// A loaded dossier's text: what the questions do not cover is kept from it.
    base: String,
    /// Answers by field name (`/creation/faisabilite/structure_appui`,
    /// `/territoire/partenaires/0/nom`).
    answers: BTreeMap<String, String>,
    /// Rows shown per list.
    rows: BTreeMap<String, usize>,
    /// The button pressed.
    action: String,
}

impl Session {
    fn stage(&self) -> Stage {
        self.stage.unwrap_or(Stage::Faisabilite)
    }

    /// From the form's fields (`q/…` answers, `rows/…` row counts).
    fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        let mut s = Session::default();
        for (k, v) in pairs {
            if let Some(p) = k.strip_prefix("q") {
                if p.starts_with('/') && p.len() < 300 {
                    s.answers.insert(p.to_string(), v);
                }
            } else if let Some(p) = k.strip_prefix("rows") {
                if let Ok(n) = v.trim().parse::<usize>() {
                    s.rows.insert(p.to_string(), n.min(MAX_ROWS));
                }
            } else {
                match k.as_str() {
                    "etape" => s.stage = Stage::parse(v.trim()),
                    "pays" => s.country = v.trim().to_string(),
                    "lang" => s.lang = lang_of(Some(v.trim())),
                    "base" => s.base = v,
                    "action" => s.action = v,
                    _ => {}
                }
            }
        }
        if s.country != "BE" {
            s.country = "FR".into();
        }
        s
    }
}

/// Most rows of one list in the questionnaire (a dossier with more is written in YAML).
const MAX_ROWS: usize = 200;

/// The start page's query.
#[derive(Debug, Deserialize, Default)]
struct StartQuery {
    etape: Option<String>,
    pays: Option<String>,
    lang: Option<String>,
}

async fn start(State(state): State<Arc<AppState>>, Query(q): Query<StartQuery>) -> Response {
    let mut s = Session {
        stage: q.etape.as_deref().and_then(Stage::parse),
        country: q.pays.unwrap_or_else(|| "FR".into()),
        lang: lang_of(q.lang.as_deref()),
        ..Session::default()
    };
    if s.country != "BE" {
        s.country = "FR".into();
    }
    let year = jiff::Zoned::now().date().year();
    s.answers
        .insert("/periode/debut".into(), format!("{year}-01-01"));
    s.answers
        .insert("/periode/fin".into(), format!("{year}-12-31"));
    render(state, s).await
}

async fn answer(
    State(state): State<Arc<AppState>>,
    axum::Form(pairs): axum::Form<Vec<(String, String)>>,
) -> Response {
    if let Some(r) = over_limit(&state, &pairs) {
        return r;
    }
    let mut s = Session::from_pairs(pairs);
    let action = s.action.clone();
    if let Some(list) = action.strip_prefix("ajouter:") {
        let n = s.rows.get(list).copied().unwrap_or(0);
        s.rows.insert(list.to_string(), (n + 1).min(MAX_ROWS));
    } else if let Some(row) = action.strip_prefix("retirer:") {
        remove_row(&mut s, row);
    }
    match action.as_str() {
        "yaml" | "rapport" => export(state, s, action == "yaml").await,
        _ => render(state, s).await,
    }
}

/// Removes a row (`/territoire/partenaires/1`) and shifts the ones after it.
fn remove_row(s: &mut Session, row: &str) {
    let Some((list, index)) = row.rsplit_once('/') else {
        return;
    };
    let Ok(index) = index.parse::<usize>() else {
        return;
    };
    let prefix = format!("{list}/");
    let moved: Vec<(String, String)> = s
        .answers
        .iter()
        .filter_map(|(k, v)| {
            let rest = k.strip_prefix(&prefix)?;
            let (i, key) = rest.split_once('/')?;
            let i: usize = i.parse().ok()?;
            Some((i, key, v))
                .filter(|(i, _, _)| *i >= index)
                .map(|(i, key, v)| (format!("{prefix}{i}/{key}"), format!("{}\u{0}{v}", i)))
        })
        .collect();
    for (k, _) in &moved {
        s.answers.remove(k);
    }
    for (k, tagged) in moved {
        let Some((i, v)) = tagged.split_once('\u{0}') else {
            continue;
        };
        let i: usize = i.parse().unwrap_or(0);
        if i == index {
            continue;
        }
        let key = k.rsplit_once('/').map(|(_, key)| key).unwrap_or_default();
        s.answers
            .insert(format!("{prefix}{}/{key}", i - 1), v.to_string());
    }
    if let Some(n) = s.rows.get_mut(list) {
        *n = n.saturating_sub(1);
    }
    // The loaded dossier's item goes too, and only it: the rest of the dossier is kept.
    if !s.base.is_empty()
        && let Ok(doc) = load::load_str("dossier.yaml", &s.base, &Limits::default())
    {
        let mut tree = Tree::from_node(&doc.root);
        let keys: Vec<&str> = list.split('/').skip(1).collect();
        if let Some(Tree::Seq(items)) = tree.get(&keys).cloned() {
            let kept: Vec<Tree> = items
                .into_iter()
                .enumerate()
                .filter(|(i, _)| *i != index)
                .map(|(_, t)| t)
                .collect();
            tree.set(&keys, Tree::Seq(kept));
            let mut text = String::new();
            tree.write(&mut text, 0);
            s.base = text;
        }
    }
}

/// A form whose fields hold more than `--max-file-size` in all.
fn over_limit(state: &AppState, pairs: &[(String, String)]) -> Option<Response> {
    let max = state.config.limits.max_bytes;
    let size: usize = pairs.iter().map(|(k, v)| k.len() + v.len()).sum();
    (size as u64 > max).then(|| too_large(max))
}

async fn state_fragment(
    State(state): State<Arc<AppState>>,
    axum::Form(pairs): axum::Form<Vec<(String, String)>>,
) -> Response {
    if let Some(r) = over_limit(&state, &pairs) {
        return r;
    }
    let s = Session::from_pairs(pairs);
    let page = offload(&state, move |state| view(state, &s)).await;
    match page {
        Ok(page) => match state.pages.text("progress.html", &page) {
            Ok(html) => Html(html).into_response(),
            Err(_) => super::error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Le service n'a pas pu afficher l'état du dossier.",
                "The service could not render the dossier's state.",
            ),
        },
        Err(r) => r,
    }
}

async fn load_file(State(state): State<Arc<AppState>>, mut form: Multipart) -> Response {
    let max = state.config.limits.max_bytes;
    let mut pairs = Vec::new();
    let mut text = String::new();
    loop {
        let field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(_) => {
                return bad_request(
                    "Le formulaire envoyé est mal formé.",
                    "The form sent is malformed.",
                );
            }
        };
        let name = field.name().unwrap_or_default().to_string();
        let Ok(bytes) = field.bytes().await else {
            return too_large(max);
        };
        if bytes.len() as u64 > max {
            return too_large(max);
        }
        let value = String::from_utf8_lossy(&bytes).into_owned();
        if name == "fichier" {
            text = value;
        } else {
            pairs.push((name, value));
        }
    }
    let mut s = Session::from_pairs(pairs);
    let limits = state.config.limits.clone();
    if let Ok(doc) = load::load_str("dossier.yaml", &text, &limits) {
        let root = &doc.root;
        if let Some(stage) = root
            .pointer("/etape")
            .and_then(|n| n.as_str())
            .and_then(Stage::parse)
        {
            s.stage = Some(stage);
        }
        if let Some(c @ ("FR" | "BE")) = root.pointer("/cooperative/pays").and_then(|n| n.as_str())
        {
            s.country = c.to_string();
        }
        let date = root
            .pointer("/periode/fin")
            .and_then(|n| match n.value {
                crate::load::Value::Date(d) => Some(d),
                _ => None,
            })
            .unwrap_or_else(default_date);
        let questions = all_questions(&state.rules, state_schema(), &s, date);
        for q in questions.iter().flat_map(|(_, qs)| qs) {
            if q.kind == Kind::List {
                let items = root
                    .pointer(&q.pointer)
                    .map(|n| n.items())
                    .unwrap_or_default();
                s.rows.insert(q.pointer.clone(), items.len().min(MAX_ROWS));
                for (i, item) in items.iter().take(MAX_ROWS).enumerate() {
                    for c in &q.columns {
                        if let Some(v) = item.get(&c.key) {
                            s.answers.insert(
                                format!("{}/{i}/{}", q.pointer, c.key),
                                form::shown(c, v, s.lang),
                            );
                        }
                    }
                }
            } else if let Some(v) = root.pointer(&q.pointer) {
                s.answers
                    .insert(q.pointer.clone(), form::shown(q, v, s.lang));
            }
        }
        s.base = text;
    } else {
        s.base.clear();
        s.action = "illisible".into();
    }
    render(state, s).await
}

/// The dossier schema (parsed once per process).
fn state_schema() -> &'static Schema {
    static SCHEMA: std::sync::OnceLock<Schema> = std::sync::OnceLock::new();
    SCHEMA.get_or_init(Schema::new)
}

/// The end of the current year: the reference date until the period is given.
fn default_date() -> Date {
    let year = jiff::Zoned::now().date().year();
    Date::new(year, 12, 31).unwrap_or(Date::constant(2026, 12, 31))
}

/// The envelope's questions (name, period; the currency when amounts are asked).
fn envelope(schema: &Schema, lang: Lang, amounts: bool) -> Vec<Question> {
    let mut out: Vec<Question> = ENVELOPE
        .iter()
        .filter_map(|p| schema.question(p, lang))
        .map(|mut q| {
            q.required = true;
            q
        })
        .collect();
    if amounts && let Some(mut q) = schema.question("/devise", lang) {
        q.required = true;
        out.push(q);
    }
    out
}

/// Facts that rules read at two places of the dossier (ET003 in the feasibility study, DL002
/// in the territory's section): asked once, at the first pointer, and written at both, so the
/// user is never asked the same thing twice.
const SAME_FACT: [(&str, &str); 1] = [(
    "/creation/faisabilite/offre_existante_analysee",
    "/territoire/offre_existante_analysee",
)];

/// Drops the second pointer of each `SAME_FACT` pair when the first is asked; its rules join
/// the first's, whose help says the answer counts for both.
fn merge_same_facts(now: &mut Vec<Question>, next: &mut Vec<Question>, lang: Lang) {
    for (first, second) in SAME_FACT {
        let Some(dropped) = [&mut *now, &mut *next].into_iter().find_map(|qs| {
            let i = qs.iter().position(|q| q.pointer == second)?;
            Some(qs.remove(i))
        }) else {
            continue;
        };
        let kept = now
            .iter_mut()
            .chain(next.iter_mut())
            .find(|q| q.pointer == first);
        match kept {
            Some(q) => {
                for code in dropped.needed_by {
                    if !q.needed_by.contains(&code) {
                        q.needed_by.push(code);
                    }
                }
                q.mandatory += dropped.mandatory;
                q.help.push_str(&crate::tr!(
                    lang,
                    " La réponse vaut aussi pour {} : on ne vous la demande qu'une fois.",
                    " The answer also counts for {}: you are asked only once.",
                    second.trim_start_matches('/').replace('/', ".")
                ));
            }
            // The first is not asked: the second stays where it was.
            None => next.push(dropped),
        }
    }
}

/// The sections of the page: the envelope, the stage's questions, the next stage's.
fn all_questions(
    set: &RuleSet,
    schema: &Schema,
    s: &Session,
    date: Date,
) -> Vec<(&'static str, Vec<Question>)> {
    let stage = s.stage();
    let mut now = form::questions(set, schema, stage, &s.country, date, false, s.lang);
    let mut next: Vec<Question> = match stage.next() {
        Some(n) => form::questions(set, schema, n, &s.country, date, true, s.lang)
            .into_iter()
            .filter(|q| !now.iter().any(|o| o.pointer == q.pointer))
            .collect(),
        None => Vec::new(),
    };
    merge_same_facts(&mut now, &mut next, s.lang);
    let amounts = now
        .iter()
        .chain(&next)
        .flat_map(|q| std::iter::once(q).chain(&q.columns))
        .any(|q| q.kind == Kind::Amount);
    vec![
        ("identite", envelope(schema, s.lang, amounts)),
        ("etape", now),
        ("suivante", next),
    ]
}

/// The reference date the answers give (`periode.fin`), or the end of this year.
fn date_of(s: &Session) -> Date {
    s.answers
        .get("/periode/fin")
        .and_then(|d| form::french_date(d))
        .unwrap_or_else(default_date)
}

/// The dossier the answers make, as YAML, and the answers that could not be used.
fn build(
    s: &Session,
    sections: &[(&str, Vec<Question>)],
    limits: &Limits,
) -> (String, BTreeMap<String, String>) {
    let schema = state_schema();
    let mut errors = BTreeMap::new();
    let mut tree = match load::load_str("dossier.yaml", &s.base, limits) {
        Ok(doc) if matches!(doc.root.value, crate::load::Value::Map(_)) => {
            Tree::from_node(&doc.root)
        }
        _ => Tree::Map(Vec::new()),
    };
    let stage = s.stage();
    tree.set(&["dossier"], Tree::Scalar("1".into()));
    if tree.get(&["type"]).is_none() {
        tree.set(&["type"], Tree::Scalar("cooperative".into()));
    }
    tree.set(&["cooperative", "pays"], Tree::Scalar(s.country.clone()));
    tree.set(&["etape"], Tree::Scalar(stage.as_str().into()));
    for q in sections.iter().flat_map(|(_, qs)| qs) {
        let keys: Vec<&str> = q.pointer.split('/').skip(1).collect();
        if q.kind == Kind::List {
            build_list(&mut tree, s, q, &keys, &mut errors);
            continue;
        }
        let raw = s
            .answers
            .get(&q.pointer)
            .map(String::as_str)
            .unwrap_or_default();
        match form::parse(q, raw, s.lang) {
            Parsed::Empty => tree.remove(&keys),
            Parsed::Value(v) => tree.set(&keys, Tree::Scalar(v)),
            Parsed::Invalid(m) => {
                tree.remove(&keys);
                errors.insert(q.pointer.clone(), m);
            }
        }
    }
    // A fact asked once is written at both its places (`SAME_FACT`).
    let asked = |p: &str| {
        sections
            .iter()
            .flat_map(|(_, qs)| qs)
            .any(|q| q.pointer == p)
    };
    for (first, second) in SAME_FACT {
        let from: Vec<&str> = first.split('/').skip(1).collect();
        let to: Vec<&str> = second.split('/').skip(1).collect();
        // An unanswered question leaves what a loaded dossier had there.
        if asked(first)
            && !asked(second)
            && let Some(v) = tree.get(&from).cloned()
        {
            tree.set(&to, v);
        }
    }
    // The sections the schema requires at this stage and before, even if still empty.
    for st in Stage::ALL.into_iter().filter(|x| *x <= stage) {
        for (pointer, is_list) in schema.sections_at(st) {
            let keys: Vec<&str> = pointer.split('/').skip(1).collect();
            if tree.get(&keys).is_none() {
                tree.set(
                    &keys,
                    if is_list {
                        Tree::Seq(Vec::new())
                    } else {
                        Tree::Map(Vec::new())
                    },
                );
            }
        }
    }
    tree.order(schema, &mut Vec::new());
    let mut yaml = format!(
        "# Dossier préparé avec le questionnaire de cooplabel (étape {}, pays {}).\n# Vérification : cooplabel check {}\n",
        stage.as_str(),
        s.country,
        "dossier.yaml"
    );
    tree.write(&mut yaml, 0);
    (yaml, errors)
}

/// A list's rows into the tree: each row keeps what a loaded dossier had beyond the columns.
fn build_list(
    tree: &mut Tree,
    s: &Session,
    q: &Question,
    keys: &[&str],
    errors: &mut BTreeMap<String, String>,
) {
    let before: Vec<Tree> = match tree.get(keys) {
        Some(Tree::Seq(items)) => items.clone(),
        _ => Vec::new(),
    };
    let rows = s
        .rows
        .get(&q.pointer)
        .copied()
        .unwrap_or(0)
        .max(before.len().min(MAX_ROWS));
    let mut items = Vec::new();
    for i in 0..rows {
        let mut item = before.get(i).cloned().unwrap_or(Tree::Map(Vec::new()));
        for c in &q.columns {
            let field = format!("{}/{i}/{}", q.pointer, c.key);
            let raw = s
                .answers
                .get(&field)
                .map(String::as_str)
                .unwrap_or_default();
            match form::parse(c, raw, s.lang) {
                Parsed::Empty => item.remove(&[c.key.as_str()]),
                Parsed::Value(v) => item.set(&[c.key.as_str()], Tree::Scalar(v)),
                Parsed::Invalid(m) => {
                    item.remove(&[c.key.as_str()]);
                    errors.insert(field, m);
                }
            }
        }
        if !matches!(&item, Tree::Map(m) if m.is_empty()) {
            items.push(item);
        }
    }
    if items.is_empty() {
        tree.remove(keys);
    } else {
        tree.set(keys, Tree::Seq(items));
    }
}

/// A question with its answer, as the page shows it.
#[derive(Serialize)]
struct Field {
    question: Question,
    value: String,
    error: Option<String>,
    rows: Vec<Vec<Cell>>,
}

#[derive(Serialize)]
struct Cell {
    name: String,
    id: String,
    value: String,
    error: Option<String>,
    column: Question,
}

#[derive(Serialize)]
struct Section {
    id: &'static str,
    title: String,
    fields: Vec<Field>,
}

/// One criterion on the page.
#[derive(Serialize)]
struct CriterionView {
    code: String,
    title: String,
    standing: &'static str,
    standing_text: &'static str,
    mandatory: bool,
    fields: Vec<Link>,
}

#[derive(Serialize)]
struct Link {
    label: String,
    anchor: String,
}

#[derive(Serialize)]
struct MissingView {
    label: String,
    anchor: String,
    needed_by: String,
    mandatory: bool,
}

#[derive(Serialize)]
struct StageView {
    stage: &'static str,
    title: String,
    passes: usize,
    fails: usize,
    missing_count: usize,
    total: usize,
    criteria: Vec<CriterionView>,
    missing: Vec<MissingView>,
}

#[derive(Serialize)]
struct Problem {
    code: String,
    message: String,
}

/// Everything the questionnaire page shows.
#[derive(Serialize)]
struct Page {
    layout: Layout,
    stage: &'static str,
    stage_title: &'static str,
    country: String,
    stages: Vec<(&'static str, &'static str)>,
    sections: Vec<Section>,
    base: String,
    yaml: String,
    current: StageView,
    next: Option<StageView>,
    problems: Vec<Problem>,
    unreadable: bool,
}

/// The label of an input on the page, and the anchor of its question.
fn link(pointer: &str, sections: &[(&str, Vec<Question>)], lang: Lang) -> Link {
    let segs: Vec<&str> = pointer.split('/').skip(1).collect();
    for (_, qs) in sections {
        for q in qs {
            if q.pointer == pointer {
                return Link {
                    label: q.title.clone(),
                    anchor: q.anchor.clone(),
                };
            }
            if q.kind == Kind::List && pointer.starts_with(&format!("{}/", q.pointer)) {
                let rest: Vec<&str> = pointer[q.pointer.len() + 1..].split('/').collect();
                if let [i, key, ..] = rest[..] {
                    let row = i.parse::<usize>().map(|i| i + 1).unwrap_or(0);
                    let col = q.columns.iter().find(|c| c.key == key);
                    return Link {
                        label: format!(
                            "{} — {} ({} {row})",
                            q.title,
                            col.map_or(key, |c| c.title.as_str()),
                            lang.pick("ligne", "row")
                        ),
                        anchor: q.anchor.clone(),
                    };
                }
            }
        }
    }
    Link {
        label: segs.join("."),
        anchor: String::new(),
    }
}

fn stage_view(
    set: &RuleSet,
    p: &StageProgress,
    sections: &[(&str, Vec<Question>)],
    lang: Lang,
) -> StageView {
    let criteria = p
        .criteria
        .iter()
        .map(|c| {
            let rule = &set.rules[c.index];
            CriterionView {
                code: rule.code.clone(),
                title: rule.title.get(lang).clone(),
                standing: match c.standing {
                    Standing::Passes => "passes",
                    Standing::Fails => "fails",
                    Standing::Waived => "waived",
                    Standing::Missing => "missing",
                },
                standing_text: standing_word(c.standing, lang),
                mandatory: rule.blocking(),
                fields: c.missing.iter().map(|m| link(m, sections, lang)).collect(),
            }
        })
        .collect();
    let missing = p
        .missing
        .iter()
        .map(|m| {
            let l = link(&m.pointer, sections, lang);
            MissingView {
                label: l.label,
                anchor: l.anchor,
                needed_by: m.needed_by.join(", "),
                mandatory: m.mandatory > 0,
            }
        })
        .collect();
    StageView {
        stage: p.stage.as_str(),
        title: p.stage.title(lang).to_string(),
        passes: p.count(Standing::Passes) + p.count(Standing::Waived),
        fails: p.count(Standing::Fails),
        missing_count: p.count(Standing::Missing),
        total: p.criteria.len(),
        criteria,
        missing,
    }
}

/// The page for a session: questions with answers, the YAML, and where it stands.
fn view(state: &AppState, s: &Session) -> Page {
    let set = &state.rules;
    let lang = s.lang;
    let stage = s.stage();
    let date = date_of(s);
    let sections = all_questions(set, state_schema(), s, date);
    let (yaml, errors) = build(s, &sections, &state.config.limits);
    let mut problems = Vec::new();
    let (current, next) = match load::load_str("dossier.yaml", &yaml, &state.config.limits) {
        Ok(doc) => {
            let schema = crate::schema::check_dossier(&doc, lang, 50);
            // A key still missing is shown as a question to answer, not as a mistake.
            problems = schema
                .findings
                .iter()
                .filter(|f| f.code != Code::Sc002.as_str())
                .map(|f| Problem {
                    code: f.code.clone(),
                    message: f.message.clone(),
                })
                .collect();
            let current = progress(set, &doc, date, stage, lang, false);
            let next = stage
                .next()
                .map(|n| progress(set, &doc, date, n, lang, true));
            (current, next)
        }
        Err(_) => (
            StageProgress {
                stage,
                criteria: Vec::new(),
                missing: Vec::new(),
            },
            None,
        ),
    };
    let titles = [
        ("identite", lang.pick("Le projet", "The project")),
        (
            "etape",
            lang.pick("Ce que demande cette étape", "What this stage asks"),
        ),
        (
            "suivante",
            lang.pick(
                "Pour préparer l'étape suivante (facultatif)",
                "To prepare the next stage (optional)",
            ),
        ),
    ];
    let page_sections = sections
        .iter()
        .map(|(id, qs)| Section {
            id,
            title: titles
                .iter()
                .find(|(t, _)| t == id)
                .map(|(_, t)| t.to_string())
                .unwrap_or_default(),
            fields: qs.iter().map(|q| field(q, s, &errors)).collect(),
        })
        .collect();
    Page {
        layout: Layout::new(lang, "/questionnaire"),
        stage: stage.as_str(),
        stage_title: stage.title(lang),
        country: s.country.clone(),
        stages: Stage::ALL
            .iter()
            .map(|x| (x.as_str(), x.title(lang)))
            .collect(),
        current: stage_view(set, &current, &sections, lang),
        next: next.as_ref().map(|n| stage_view(set, n, &sections, lang)),
        sections: page_sections,
        base: s.base.clone(),
        yaml,
        problems,
        unreadable: s.action == "illisible",
    }
}

fn field(q: &Question, s: &Session, errors: &BTreeMap<String, String>) -> Field {
    let mut rows = Vec::new();
    if q.kind == Kind::List {
        let n = s.rows.get(&q.pointer).copied().unwrap_or(0);
        for i in 0..n {
            rows.push(
                q.columns
                    .iter()
                    .map(|c| {
                        let name = format!("{}/{i}/{}", q.pointer, c.key);
                        Cell {
                            id: form::anchor(&name),
                            value: s.answers.get(&name).cloned().unwrap_or_default(),
                            error: errors.get(&name).cloned(),
                            name,
                            column: c.clone(),
                        }
                    })
                    .collect(),
            );
        }
    }
    Field {
        value: s.answers.get(&q.pointer).cloned().unwrap_or_default(),
        error: errors.get(&q.pointer).cloned(),
        rows,
        question: q.clone(),
    }
}

async fn render(state: Arc<AppState>, s: Session) -> Response {
    let page = offload(&state, move |state| view(state, &s)).await;
    match page {
        Ok(page) => state.pages.page("questionnaire.html", page),
        Err(r) => r,
    }
}

/// The YAML, or its report, as a download.
async fn export(state: Arc<AppState>, s: Session, yaml_only: bool) -> Response {
    let lang = s.lang;
    let out = offload(&state, move |state| {
        let sections = all_questions(&state.rules, state_schema(), &s, date_of(&s));
        let (yaml, _) = build(&s, &sections, &state.config.limits);
        if yaml_only {
            return yaml.into_bytes();
        }
        let result = check_bytes(
            state,
            "dossier.yaml",
            yaml.into_bytes(),
            Judging {
                lang,
                ..Judging::default()
            },
        );
        report(state, &result, Format::Html, lang)
    })
    .await;
    match out {
        Ok(body) if yaml_only => download("application/yaml; charset=utf-8", "dossier.yaml", body),
        Ok(body) => download("text/html; charset=utf-8", "dossier-rapport.html", body),
        Err(r) => r,
    }
}
