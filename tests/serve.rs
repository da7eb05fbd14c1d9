//! `cooplabel serve`'s handlers, with requests built in-process (`tower::ServiceExt::oneshot`):
//! no socket, no browser. The browser scenarios are in `tests/e2e/`.

use std::sync::{Arc, OnceLock};

use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode, header};
use axum::response::Response;
use cooplabel::lang::Lang;
use cooplabel::serve::{AppState, Config, router};
use tower::ServiceExt;

fn state() -> Arc<AppState> {
    static STATE: OnceLock<Arc<AppState>> = OnceLock::new();
    STATE
        .get_or_init(|| {
            let rules = cooplabel::rules::load(None, &[], Lang::Fr).expect("shipped rules load");
            let mut config = Config::default();
            config.limits.max_bytes = 200_000;
            Arc::new(AppState::new(rules, config))
        })
        .clone()
}

async fn send(req: Request<Body>) -> (StatusCode, axum::http::HeaderMap, String) {
    let resp: Response = router(state()).oneshot(req).await.expect("infallible");
    let status = resp.status();
    let headers = resp.headers().clone();
    let body = to_bytes(resp.into_body(), usize::MAX).await.expect("body");
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

async fn get(uri: &str) -> (StatusCode, axum::http::HeaderMap, String) {
    send(Request::get(uri).body(Body::empty()).unwrap()).await
}

async fn post(
    uri: &str,
    content_type: &str,
    body: impl Into<Body>,
) -> (StatusCode, axum::http::HeaderMap, String) {
    send(
        Request::post(uri)
            .header(header::CONTENT_TYPE, content_type)
            .body(body.into())
            .unwrap(),
    )
    .await
}

fn form(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn multipart(fields: &[(&str, Option<&str>, &str)]) -> (String, String) {
    let boundary = "----cooplabel-test";
    let mut body = String::new();
    for (name, file, value) in fields {
        body.push_str(&format!("--{boundary}\r\n"));
        match file {
            Some(f) => body.push_str(&format!(
                "Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: application/yaml\r\n\r\n"
            )),
            None => body.push_str(&format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n")),
        }
        body.push_str(value);
        body.push_str("\r\n");
    }
    body.push_str(&format!("--{boundary}--\r\n"));
    (format!("multipart/form-data; boundary={boundary}"), body)
}

const SAMPLE: &str = include_str!("../samples/cap-services-2000.yaml");

#[tokio::test]
async fn health_and_security_headers() {
    let (status, headers, body) = get("/healthz").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, "ok\n");
    let (_, headers_home, _) = get("/").await;
    for h in [&headers, &headers_home] {
        let csp = h[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(
            csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"),
            "{csp}"
        );
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    }
}

#[tokio::test]
async fn every_page_renders_in_both_languages() {
    for lang in ["fr", "en"] {
        for page in [
            "/",
            "/verifier",
            "/questionnaire?etape=faisabilite&pays=FR",
            "/questionnaire?etape=mobilisation&pays=BE",
            "/questionnaire?etape=montage&pays=FR",
            "/questionnaire?etape=suivi&pays=FR",
            "/regles",
            "/regles/RS003",
            "/regles/dotation-reserve-legale",
            "/principes",
            "/principes/refus-assistanat",
        ] {
            let sep = if page.contains('?') { '&' } else { '?' };
            let (status, _, body) = get(&format!("{page}{sep}lang={lang}")).await;
            assert_eq!(status, StatusCode::OK, "{page} {lang}: {body}");
            assert!(body.contains(&format!("<html lang=\"{lang}\">")), "{page}");
        }
    }
    let (_, _, en) = get("/verifier?lang=en").await;
    assert!(en.contains("Check a dossier"));
}

#[tokio::test]
async fn api_check_answers_the_same_json_as_the_cli() {
    let (status, headers, body) = post("/api/check", "application/yaml", SAMPLE).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "application/json");
    let api: serde_json::Value = serde_json::from_str(&body).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cooplabel"))
        .args([
            "check",
            "--format",
            "json",
            "samples/cap-services-2000.yaml",
        ])
        .output()
        .unwrap();
    let mut cli: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    cli["dossiers"][0]["path"] = "<api>".into();
    assert_eq!(api, cli);
    assert_eq!(api["dossiers"][0]["decision"], "conforming");
}

#[tokio::test]
async fn api_check_takes_date_and_stage() {
    let (status, _, body) = post(
        "/api/check?stage=faisabilite&date=2001-06-30",
        "application/yaml",
        SAMPLE,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["dossiers"][0]["stage"], "faisabilite");
    assert_eq!(v["dossiers"][0]["date"], "2001-06-30");
    let (status, _, body) = post("/api/check?date=31/12/2000", "application/yaml", SAMPLE).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("AAAA-MM-JJ"), "{body}");
    let (status, _, body) = post("/api/check?stage=label", "application/yaml", SAMPLE).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("Paramètres invalides"), "{body}");
}

#[tokio::test]
async fn bad_bodies_get_a_report_or_a_french_4xx() {
    // Over the limit: 413, in French.
    let big = "a: b\n".repeat(60_000);
    let (status, _, body) = post("/api/check", "application/yaml", big).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(body.contains("trop gros"), "{body}");
    // Not YAML, binary, deep nesting, alias bomb: a not_evaluable report, never a 5xx.
    let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    let bomb = "a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n";
    for body in [
        "\"unterminated".to_string(),
        "\u{0}\u{1}binary".to_string(),
        deep,
        bomb.to_string(),
        String::new(),
    ] {
        let (status, _, out) = post("/api/check", "application/yaml", body).await;
        assert_eq!(status, StatusCode::OK, "{out}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["dossiers"][0]["decision"], "not_evaluable", "{out}");
    }
    // A wrong method: a French 405.
    let (status, _, body) = get("/api/check").await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(body.contains("méthode"), "{body}");
    // A malformed multipart form: a French 400.
    let (status, _, body) = post("/verifier", "multipart/form-data; boundary=x", "garbage").await;
    assert!(status.is_client_error(), "{status}");
    assert!(
        body.contains("mal formé") || body.contains("mal formée"),
        "{body}"
    );
}

#[tokio::test]
async fn openapi_document_describes_the_api() {
    let (status, _, body) = get("/api/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert!(v["openapi"].as_str().unwrap().starts_with("3."));
    for p in [
        "/api/check",
        "/api/rules",
        "/api/schema/dossier",
        "/healthz",
    ] {
        assert!(v["paths"].get(p).is_some(), "{p} missing");
    }
    let (_, _, rules) = get("/api/rules").await;
    let rules: serde_json::Value = serde_json::from_str(&rules).unwrap();
    assert!(rules["rules"].as_array().unwrap().len() > 50);
    let (_, headers, schema) = get("/api/schema/dossier").await;
    assert_eq!(headers[header::CONTENT_TYPE], "application/schema+json");
    assert!(schema.contains("2020-12"));
}

#[tokio::test]
async fn a_broken_dossier_shows_its_finding_on_its_line_escaped() {
    let text = "dossier: 1\ntype: cooperative\ncooperative:\n  nom: \"<script>alert(1)</script>\"\n  pays: FRANCE\nperiode: { debut: 2000-01-01, fin: 2000-12-31 }\netape: faisabilite\ncreation:\n  faisabilite: { volonte_territoriale: x, structure_appui: y, offre_existante_analysee: true }\n";
    let (ct, body) = multipart(&[
        ("fichier", Some("../../etc/projet.yaml"), text),
        ("lang", None, "fr"),
    ]);
    let (status, headers, page) = post("/verifier", &ct, body).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(
        headers[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .contains("script-src 'self'")
    );
    // One document: the report's article is embedded without a head or inline style sheet.
    assert_eq!(page.matches("<html").count(), 1);
    assert!(!page.contains("<style"), "inline style in the page");
    // The value is shown escaped, never as markup.
    assert!(!page.contains("<script>alert"), "unescaped dossier content");
    assert!(page.contains("&lt;script&gt;"));
    // SC004 (pays: FRANCE) is shown under line 5.
    let line5 = page
        .split("id=\"ligne-5\"")
        .nth(1)
        .expect("line 5")
        .split("</li>")
        .next()
        .unwrap();
    assert!(line5.contains("SC004"), "{line5}");
    assert!(page.contains("Étape non validée"));
    // The uploaded name keeps no directory.
    assert!(page.contains("value=\"projet.yaml\""), "name");
}

#[tokio::test]
async fn the_dossier_view_counts_lines_as_yaml_does_and_shows_controls_escaped() {
    // Lone CR line endings, a comment that would reorder the line (bidi override) and start an
    // escape sequence, and an unknown key on line 6: the finding is under line 6, as in every
    // report, and what a browser would act on is written out.
    let text = "dossier: 1\rtype: cooperative\rcooperative: { nom: Essai, pays: FR }\r# \u{202E}ecnereféR \u{1b}[31m\rperiode: { debut: 2000-01-01, fin: 2000-12-31 }\rinconnue: 1\retape: faisabilite\rcreation:\r  faisabilite: { volonte_territoriale: x, structure_appui: y, offre_existante_analysee: true }\r";
    let (ct, body) = multipart(&[
        ("fichier", Some("essai\u{202E}lmth.yaml"), text),
        ("lang", None, "fr"),
    ]);
    let (status, _, page) = post("/verifier", &ct, body).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let view = page
        .split("<section class=\"source\"")
        .nth(1)
        .expect("the dossier's view");
    let line = |n: usize| {
        view.split(&format!("id=\"ligne-{n}\""))
            .nth(1)
            .unwrap_or_else(|| panic!("line {n}"))
            .split("</li>")
            .next()
            .unwrap()
            .to_string()
    };
    assert!(line(6).contains("SC003"), "{}", line(6));
    assert!(
        line(4).contains("# \\u{202E}ecnereféR \\u{1B}[31m"),
        "{}",
        line(4)
    );
    assert!(
        !view
            .chars()
            .any(|c| c != '\n' && cooplabel::report::escape::is_hostile(c)),
        "a raw control or bidi character in the dossier's view"
    );
    // The uploaded file's name, shown in the title, loses its bidi override.
    assert!(page.contains("essailmth.yaml"), "name");
    assert!(!page.contains("essai\u{202E}"), "name");
}

#[tokio::test]
async fn check_form_without_input_says_what_to_do() {
    let (ct, body) = multipart(&[("texte", None, "  "), ("lang", None, "fr")]);
    let (status, _, page) = post("/verifier", &ct, body).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains("Choisissez un fichier YAML"));
}

#[tokio::test]
async fn downloads_give_each_format() {
    for (format, needle, disposition) in [
        ("html", "<!DOCTYPE html>", "cap-services-2000-rapport.html"),
        ("markdown", "# ", "cap-services-2000-rapport.md"),
        (
            "json",
            "\"decision\": \"conforming\"",
            "cap-services-2000-rapport.json",
        ),
        ("yaml", "nom: Cap Services", "cap-services-2000.yaml"),
    ] {
        let body = form(&[
            ("dossier", SAMPLE),
            ("format", format),
            ("name", "cap-services-2000.yaml"),
            ("lang", "fr"),
        ]);
        let (status, headers, out) =
            post("/telecharger", "application/x-www-form-urlencoded", body).await;
        assert_eq!(status, StatusCode::OK, "{format}: {out}");
        assert!(out.contains(needle), "{format}");
        let d = headers[header::CONTENT_DISPOSITION].to_str().unwrap();
        assert!(
            d.starts_with("attachment") && d.contains(disposition),
            "{d}"
        );
    }
}

/// The feasibility questionnaire's answers as a territory types them.
fn feasibility_answers(action: &str) -> Vec<(&str, &str)> {
    vec![
        ("etape", "faisabilite"),
        ("pays", "FR"),
        ("lang", "fr"),
        ("q/cooperative/nom", "Coopérative\u{a0}du Val"),
        ("q/periode/debut", "01/01/2026"),
        ("q/periode/fin", "2026-12-31"),
        (
            "q/creation/faisabilite/volonte_territoriale",
            "délibération du 12 mars 2026",
        ),
        (
            "q/creation/faisabilite/structure_appui",
            "Maison de l'initiative",
        ),
        ("q/creation/faisabilite/offre_existante_analysee", "true"),
        ("rows/territoire/partenaires", "1"),
        ("q/territoire/partenaires/0/nom", "Communauté de communes"),
        ("q/territoire/partenaires/0/type", "collectivite"),
        ("action", action),
    ]
}

#[tokio::test]
async fn the_questionnaire_writes_a_dossier_that_check_passes() {
    let body = form(&feasibility_answers("yaml"));
    let (status, headers, yaml) =
        post("/questionnaire", "application/x-www-form-urlencoded", body).await;
    assert_eq!(status, StatusCode::OK, "{yaml}");
    assert!(
        headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .contains("dossier.yaml")
    );
    // No-break space pasted from a spreadsheet, a French date: both normalised.
    assert!(yaml.contains("nom: \"Coopérative du Val\""), "{yaml}");
    assert!(yaml.contains("debut: 2026-01-01"), "{yaml}");
    // The existing offer is asked once (in the feasibility study) and written for DL002 too.
    let doc = cooplabel::load::load_str("q", &yaml, &Default::default()).unwrap();
    let at = |p: &str| cooplabel::schema::json::to_json(doc.root.pointer(p).expect(p));
    assert_eq!(at("/creation/faisabilite/offre_existante_analysee"), true);
    assert_eq!(at("/territoire/offre_existante_analysee"), true);
    let (_, _, json) = post("/api/check", "application/yaml", yaml.clone()).await;
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["dossiers"][0]["decision"], "conforming", "{yaml}\n{json}");
}

#[tokio::test]
async fn the_questionnaire_says_what_passes_fails_and_is_missing_for_this_stage_and_the_next() {
    let mut answers = feasibility_answers("actualiser");
    answers.retain(|(k, _)| *k != "q/creation/faisabilite/structure_appui");
    let (status, _, page) = post(
        "/questionnaire/etat",
        "application/x-www-form-urlencoded",
        form(&answers),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (current, next) = page
        .split_once("aria-labelledby=\"etat-mobilisation\"")
        .expect("the next stage's section");
    assert!(
        current.contains("ET002") && current.contains("Structure d&#x27;appui"),
        "{current}"
    );
    assert!(
        page.contains("Pour passer à l&#x27;étape suivante"),
        "{page}"
    );
    // The next stage needs the mobilisation facts.
    assert!(
        next.contains("ET011") && next.contains("Comité de pilotage"),
        "{next}"
    );
}

/// In English, the questions are asked in English (the schema's `x-title-en`,
/// `x-description-en`).
#[tokio::test]
async fn the_english_questionnaire_asks_in_english() {
    let (status, _, page) = get("/questionnaire?etape=faisabilite&pays=FR&lang=en").await;
    assert_eq!(status, StatusCode::OK);
    for english in [
        "Support structure</label>",
        "The territory's will",
        "Existing offer analysed</legend>",
    ] {
        assert!(
            page.contains(&english.replace('\'', "&#x27;")),
            "{english}: {page}"
        );
    }
    for french in [
        "Structure d&#x27;appui",
        "Volonté du territoire",
        "Offre existante analysée",
    ] {
        assert!(!page.contains(french), "{french}");
    }
    // The help texts too, at every stage (they had an English version for a few fields only).
    let (status, _, page) = get("/questionnaire?etape=suivi&pays=FR&lang=en").await;
    assert_eq!(status, StatusCode::OK);
    for english in [
        "The number of people taken in during the period.",
        "Among them, the number of managers or consultants.",
        "Yes if the support is free for the entrepreneur",
    ] {
        assert!(page.contains(english), "{english}: {page}");
    }
    for french in [
        "Le nombre de personnes accueillies",
        "Parmi elles, le nombre de cadres",
        "true si ",
        "Oui si ",
    ] {
        assert!(!page.contains(french), "{french}");
    }
}

/// Two rules read the same fact at two places (ET003, DL002): the questionnaire asks it once.
#[tokio::test]
async fn the_questionnaire_asks_the_existing_offer_once() {
    for (etape, lang, title) in [
        ("faisabilite", "fr", "Offre existante analysée</legend>"),
        ("suivi", "fr", "Offre existante analysée</legend>"),
    ] {
        let (status, _, page) =
            get(&format!("/questionnaire?etape={etape}&pays=FR&lang={lang}")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(page.matches(title).count(), 1, "{etape}: {page}");
        assert!(
            page.contains("territoire.offre_existante_analysee"),
            "{etape}"
        );
    }
}

#[tokio::test]
async fn the_questionnaire_converts_typed_numbers_and_flags_bad_ones() {
    let answers = vec![
        ("etape", "suivi"),
        ("pays", "FR"),
        ("q/statuts/dotation_reserves_min", "65"),
        ("q/accompagnement/intervenants_specialises", "douze"),
        ("action", "yaml"),
    ];
    let (_, _, yaml) = post(
        "/questionnaire",
        "application/x-www-form-urlencoded",
        form(&answers),
    )
    .await;
    assert!(yaml.contains("dotation_reserves_min: 0.65"), "{yaml}");
    assert!(!yaml.contains("douze"), "{yaml}");
    let mut page_answers = answers.clone();
    page_answers.pop();
    let (_, _, page) = post(
        "/questionnaire",
        "application/x-www-form-urlencoded",
        form(&page_answers),
    )
    .await;
    assert!(
        page.contains("« douze » n&#x27;est pas un nombre"),
        "error shown"
    );
}

#[tokio::test]
async fn a_yaml_file_loads_back_into_the_questionnaire() {
    let text = include_str!("../samples/faisabilite-val-de-dore.yaml");
    let (ct, body) = multipart(&[
        ("fichier", Some("f.yaml"), text),
        ("etape", None, "faisabilite"),
        ("pays", None, "FR"),
        ("lang", None, "fr"),
    ]);
    let (status, _, page) = post("/questionnaire/charger", &ct, body).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Maison de l&#x27;initiative et de l&#x27;emploi du Val de Dore"),
        "answers filled"
    );
    assert!(
        page.contains("0 à renseigner"),
        "nothing missing at this stage"
    );
}

#[tokio::test]
async fn the_rule_catalogue_filters() {
    let (_, _, all) = get("/regles").await;
    let (_, _, mandatory) = get("/regles?niveau=obligatoire").await;
    let (_, _, be) = get("/regles?pays=BE&etape=faisabilite").await;
    let count = |s: &str| s.matches("href=\"/regles/").count();
    assert!(count(&mandatory) < count(&all) && count(&mandatory) > 0);
    assert!(be.contains("ET001") && !be.contains("RS003"));
    let (status, _, _) = get("/regles/XX999").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[test]
fn french_numbers_and_dates_as_people_type_them() {
    use cooplabel::serve::form::{french_date, french_number};
    use rust_decimal::Decimal;
    let d = |s: &str| s.parse::<Decimal>().unwrap();
    assert_eq!(french_number("10 413 000,50"), Some(d("10413000.50")));
    assert_eq!(french_number("10\u{a0}413\u{202f}000"), Some(d("10413000")));
    assert_eq!(french_number("1.234,5"), Some(d("1234.5")));
    assert_eq!(french_number("15 %"), Some(d("15")));
    assert_eq!(french_number("2457.66"), Some(d("2457.66")));
    assert_eq!(french_number("douze"), None);
    assert_eq!(french_number(""), None);
    assert_eq!(
        french_date("31/12/2000").map(|x| x.to_string()).as_deref(),
        Some("2000-12-31")
    );
    assert_eq!(french_date("2000-02-30"), None);
    assert_eq!(french_date("30/02/2000"), None);
}

#[tokio::test]
async fn lists_of_single_values_are_typed_on_one_line() {
    let answers = vec![
        ("etape", "suivi"),
        ("pays", "FR"),
        (
            "q/accompagnement/domaines",
            "action_commerciale, marketing ;gestion",
        ),
        ("q/creation/suivi/bilans", "1999, 2000"),
        ("action", "yaml"),
    ];
    let (_, _, yaml) = post(
        "/questionnaire",
        "application/x-www-form-urlencoded",
        form(&answers),
    )
    .await;
    assert!(
        yaml.contains("domaines: [\"action_commerciale\", \"marketing\", \"gestion\"]"),
        "{yaml}"
    );
    assert!(yaml.contains("bilans: [1999, 2000]"), "{yaml}");
    // Loaded back, they show on one line again.
    let (ct, body) = multipart(&[("fichier", Some("d.yaml"), &yaml), ("lang", None, "fr")]);
    let (_, _, page) = post("/questionnaire/charger", &ct, body).await;
    assert!(page.contains("value=\"1999, 2000\""), "bilans shown back");
}

#[tokio::test]
async fn removing_a_row_keeps_the_rest_of_a_loaded_dossier() {
    let base = "dossier: 1\ntype: cooperative\ncooperative: { nom: X, pays: FR, territoire: Lyon }\nperiode: { debut: 2026-01-01, fin: 2026-12-31 }\netape: faisabilite\nterritoire:\n  partenaires:\n    - { nom: AAA, type: collectivite, engagement: convention }\n    - { nom: BBB, type: financeur, engagement: prêt }\n";
    let answers = vec![
        ("etape", "faisabilite"),
        ("pays", "FR"),
        ("base", base),
        ("rows/territoire/partenaires", "2"),
        ("q/territoire/partenaires/0/nom", "AAA"),
        ("q/territoire/partenaires/0/type", "collectivite"),
        ("q/territoire/partenaires/1/nom", "BBB"),
        ("q/territoire/partenaires/1/type", "financeur"),
        ("action", "retirer:/territoire/partenaires/0"),
    ];
    let (status, _, page) = post(
        "/questionnaire",
        "application/x-www-form-urlencoded",
        form(&answers),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let yaml = page
        .split("id=\"yaml\">")
        .nth(1)
        .unwrap()
        .split("</code>")
        .next()
        .unwrap();
    assert!(yaml.contains("BBB") && !yaml.contains("AAA"), "{yaml}");
    // What the questions do not ask (the city, the engagement) is kept from the loaded file.
    assert!(yaml.contains("Lyon") && yaml.contains("prêt"), "{yaml}");
}

fn state_with(config: Config) -> Arc<AppState> {
    let rules = cooplabel::rules::load(None, &[], Lang::Fr).expect("shipped rules load");
    Arc::new(AppState::new(rules, config))
}

#[tokio::test]
async fn a_request_past_the_timeout_gets_a_french_408() {
    let config = Config {
        timeout: std::time::Duration::from_nanos(1),
        ..Config::default()
    };
    let req = Request::post("/api/check")
        .body(Body::from(SAMPLE))
        .unwrap();
    let resp = router(state_with(config)).oneshot(req).await.unwrap();
    assert_eq!(resp.status(), StatusCode::REQUEST_TIMEOUT);
    let body = to_bytes(resp.into_body(), usize::MAX).await.unwrap();
    assert!(String::from_utf8_lossy(&body).contains("trop de temps"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn checks_beyond_the_bound_wait_their_turn() {
    let config = Config {
        max_checks: 1,
        ..Config::default()
    };
    let app = router(state_with(config));
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let app = app.clone();
        tasks.push(tokio::spawn(async move {
            let req = Request::post("/api/check")
                .body(Body::from(SAMPLE))
                .unwrap();
            app.oneshot(req).await.unwrap().status()
        }));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap(), StatusCode::OK);
    }
}

#[tokio::test]
async fn the_committee_register_is_applied_as_check_applies_it() {
    let rules = cooplabel::rules::load(None, &[], Lang::Fr).expect("shipped rules load");
    // Given with its directories, as an operator would: the API names the file only.
    let full =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/comite/registre-2001.yaml");
    let register =
        cooplabel::register::load_file(&full, &rules, Lang::Fr).expect("the sample register loads");
    let mut state = AppState::new(rules, Config::default());
    state.set_register(register);
    let text = include_str!("../samples/reseau-2000/adn.yaml");
    let req = Request::post("/api/check").body(Body::from(text)).unwrap();
    let resp = router(Arc::new(state)).oneshot(req).await.unwrap();
    let body = to_bytes(resp.into_body(), usize::MAX).await.unwrap();
    let api: serde_json::Value = serde_json::from_slice(&body).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cooplabel"))
        .args([
            "check",
            "--format",
            "json",
            "--derogations",
            "samples/comite/registre-2001.yaml",
            "samples/reseau-2000/adn.yaml",
        ])
        .output()
        .unwrap();
    let mut cli: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    cli["dossiers"][0]["path"] = "<api>".into();
    assert_eq!(api["dossiers"], cli["dossiers"]);
    assert_eq!(api["run"]["register"]["path"], "registre-2001.yaml");
    assert_eq!(
        api["run"]["register"]["digest"],
        cli["run"]["register"]["digest"]
    );
    assert!(
        api["dossiers"][0]["waivers"].to_string().contains("AS005"),
        "{}",
        api["dossiers"][0]["waivers"]
    );
}
