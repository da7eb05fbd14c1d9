//! The label's decision (DESIGN §6) as a new user meets it, through the binary: the three
//! dossiers that used to be labelled and must be refused, each branch of the model, the
//! committee's register (law not waivable, another cooperative's entry, expired, ending soon,
//! an invalid register), the identifiers' check digits, and what the report records (evaluation
//! date, rule set digest).

mod common;

use common::Workspace;
use serde_json::Value as Json;

/// Cap Services' dossier, a Scop labelled with every rule met: the base of the scenarios.
fn cap_services() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/samples/cap-services-2000.yaml"
    ))
    .expect("the sample")
}

/// `text` with `from` replaced by `to`; `from` must be there.
fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "`{from}` is not in the dossier");
    text.replacen(from, to, 1)
}

/// Runs `check --format FORMAT` on one dossier (and extra arguments), at a fixed evaluation
/// date.
fn check(ws: &Workspace, dossier: &str, format: &str, extra: &[&str]) -> common::Run {
    ws.write("dossier.yaml", dossier);
    let mut args = vec![
        "check",
        "--format",
        format,
        "--color",
        "never",
        "--evaluated-on",
        "2001-03-15",
    ];
    args.extend_from_slice(extra);
    args.push("dossier.yaml");
    ws.run(&args)
}

/// The only dossier of a JSON run.
fn dossier_json(run: &common::Run) -> Json {
    run.dossiers().into_iter().next().expect("one dossier")
}

/// The status of a rule in the JSON report's `rules` list.
fn rule_status(d: &Json, code: &str) -> String {
    d["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .find(|r| r["code"] == code)
        .unwrap_or_else(|| panic!("{code} not in `rules`"))["status"]
        .as_str()
        .expect("status")
        .to_string()
}

/// Scenario 1 of issue 10: a Scop that has not signed the charter, is not a member of the CG
/// Scop, charges for accompaniment, selects entrants on economic viability and employs on a
/// fixed-term contract used to be labelled at 87 %. Each is a mandatory criterion.
#[test]
fn a_scop_outside_the_charter_is_refused_and_the_report_says_why() {
    let ws = Workspace::new();
    let text = cap_services();
    let text = edit(
        &text,
        "  charte_signee: 1999-11-16           # constitution de l'UES (D. Giacometti 2001)\n",
        "",
    );
    let text = edit(&text, "membre_cg_scop: true", "membre_cg_scop: false");
    let text = edit(&text, "  gratuit: true", "  gratuit: false");
    let text = edit(
        &text,
        "selection_viabilite_a_priori: false",
        "selection_viabilite_a_priori: true",
    );
    let text = edit(
        &text,
        "{ id: E003, activite: menuisier, statut: entrepreneur_salarie, contrat: cdi,",
        "{ id: E003, activite: menuisier, statut: entrepreneur_salarie, contrat: cdd,",
    );
    let run = check(&ws, &text, "json", &[]);
    run.assert_status(1);
    let d = dossier_json(&run);
    assert_eq!(d["decision"], "non_conforming");
    for code in ["CH001", "CH002", "CJ003", "AS006", "CJ001"] {
        assert_eq!(rule_status(&d, code), "failed", "{code}");
    }
    assert_eq!(d["criteria"]["mandatory"]["failed"], 5);

    let md = check(&ws, &text, "markdown", &[]);
    md.assert_status(1);
    assert!(md.stdout.contains("## Décision : Label refusé"));
    assert!(md.stdout.contains(
        "5 critère(s) obligatoire(s) sur 18 non respecté(s) : le label exige tous les critères obligatoires."
    ));
    for line in [
        "- **CH001** — La coopérative a signé la charte Coopérer pour entreprendre",
        "- **CH002** — La coopérative adhère à la Confédération générale des Scop",
        "- **CJ003** — L'accompagnement est gratuit",
        "- **AS006** — L'entrée se juge sur la capacité technique",
        "- **CJ001** — Les entrepreneurs ont un statut durable",
    ] {
        assert!(md.stdout.contains(line), "missing: {line}\n{}", md.stdout);
    }
    assert!(md.stdout.contains("**Calcul** : obligatoires : 13/18 ;"));
}

/// Scenario 2: a Scop that puts 5 % of its surplus into the legal reserve (the law requires
/// 15 %) — one mandatory failure among many passes — used to be labelled at 92 %, and the
/// reserve note of the same year said « Rien à corriger ».
#[test]
fn five_percent_to_the_legal_reserve_is_refused() {
    let ws = Workspace::new();
    let text = edit(
        &cap_services(),
        "    dotation_reserve_legale: 18000          # 15 %",
        "    dotation_reserve_legale: 6000           # 5 %",
    );
    let run = check(&ws, &text, "json", &[]);
    run.assert_status(1);
    let d = dossier_json(&run);
    assert_eq!(d["decision"], "non_conforming");
    assert_eq!(rule_status(&d, "RS003"), "failed");
    assert_eq!(d["criteria"]["mandatory"]["failed"], 1);
    assert!(d["criteria"]["mandatory"]["passed"].as_u64().unwrap() >= 17);

    let human = check(&ws, &text, "human", &[]);
    assert!(human.stdout.contains("Décision : Label refusé"));
    assert!(
        human.stdout.contains("1. RS003 [obligatoire]"),
        "{}",
        human.stdout
    );
    assert!(
        !human.stdout.contains("Rien à corriger"),
        "{}",
        human.stdout
    );
    let md = check(&ws, &text, "markdown", &[]);
    assert!(md.stdout.contains(
        "1 critère(s) obligatoire(s) sur 18 non respecté(s) : le label exige tous les critères obligatoires."
    ));
    assert!(
        md.stdout
            .contains("- **RS003** — La réserve légale reçoit au moins 15 % de l'excédent net")
    );
}

/// Scenario 3: the candidate writes `derogations:` into its own dossier and waives CH001,
/// CH002 and CJ001. A dossier waives nothing: each entry is pointed out at its line, and the
/// criteria keep failing.
#[test]
fn a_dossier_cannot_waive_its_own_rules() {
    let ws = Workspace::new();
    let text = edit(
        &cap_services(),
        "  charte_signee: 1999-11-16           # constitution de l'UES (D. Giacometti 2001)\n",
        "",
    );
    let text = edit(&text, "membre_cg_scop: true", "membre_cg_scop: false");
    let text = edit(
        &text,
        "{ id: E003, activite: menuisier, statut: entrepreneur_salarie, contrat: cdi,",
        "{ id: E003, activite: menuisier, statut: entrepreneur_salarie, contrat: aucun,",
    );
    let text = format!(
        "{text}\nderogations:\n  - {{ regle: CH001, motif: \"en cours\", accordee_par: \"le gérant\", jusqu_au: 2001-12-31 }}\n  - {{ regle: CH002, motif: \"en cours\", accordee_par: \"le gérant\", jusqu_au: 2001-12-31 }}\n  - {{ regle: CJ001, motif: \"en cours\", accordee_par: \"le gérant\", jusqu_au: 2001-12-31 }}\n"
    );
    let run = check(&ws, &text, "json", &[]);
    run.assert_status(1);
    let d = dossier_json(&run);
    assert_eq!(d["decision"], "non_conforming");
    for code in ["CH001", "CH002", "CJ001"] {
        assert_eq!(rule_status(&d, code), "failed", "{code}");
    }
    assert_eq!(d["criteria"]["mandatory"]["waived"], 0);
    let dg: Vec<_> = common::findings_of(&d)
        .into_iter()
        .filter(|f| f.code == "DG001")
        .collect();
    assert_eq!(dg.len(), 3, "one warning per entry");
    let first = common::line_of(&text, "regle: CH001");
    for (i, f) in dg.iter().enumerate() {
        assert_eq!(f.pointer, format!("/derogations/{i}"));
        assert_eq!(f.line, Some(first + i as u64));
        assert!(
            f.message
                .contains("comité de labellisation, dans son registre")
        );
    }
    let md = check(&ws, &text, "markdown", &[]);
    assert!(md.stdout.contains("## Décision : Label refusé"));
    assert!(md.stdout.contains("- **CH001**"));
}

const REGISTER_HEAD: &str = "derogations:\n";

fn entry(who: &str, rule: &str, decision: &str, until: &str) -> String {
    format!(
        "  - {{ cooperative: {{ {who} }}, regle: {rule}, motif: \"décision de la séance\", accordee_par: \"comité de labellisation\", decision: {decision}, jusqu_au: {until} }}\n"
    )
}

/// A plain SA waiving LE001, a Scop waiving RS002 and RS003 used to be labelled: a register
/// entry never waives a rule whose source is a law; the report says « dérogation refusée ».
#[test]
fn the_register_cannot_waive_the_law() {
    let ws = Workspace::new();
    let sa = edit(
        &cap_services(),
        "forme_juridique: scop_sa ",
        "forme_juridique: sa      ",
    );
    let register = format!(
        "{REGISTER_HEAD}{}{}",
        entry("siren: \"123456782\"", "LE001", "2001-03-15", "2001-12-31"),
        entry(
            "nom: Cap Services",
            "dotation-reserve-legale",
            "2001-03-15",
            "2001-12-31"
        ),
    );
    ws.write("registre.yaml", &register);
    let run = check(&ws, &sa, "json", &["--derogations", "registre.yaml"]);
    run.assert_status(1);
    let d = dossier_json(&run);
    assert_eq!(d["decision"], "non_conforming");
    assert_eq!(rule_status(&d, "LE001"), "failed");
    let states: Vec<(&str, &str)> = d["waivers"]
        .as_array()
        .expect("waivers")
        .iter()
        .map(|w| (w["rule"].as_str().unwrap(), w["state"].as_str().unwrap()))
        .collect();
    assert_eq!(states, vec![("LE001", "refused"), ("RS003", "refused")]);
    let refusal = d["waivers"][0]["refusal"].as_str().unwrap();
    assert!(refusal.contains("a pour source la loi"), "{refusal}");
    let dr: Vec<_> = common::findings_of(&d)
        .into_iter()
        .filter(|f| f.code == "DR001")
        .collect();
    assert_eq!(dr.len(), 2);
    let le001 = dr
        .iter()
        .find(|f| f.message.contains("LE001"))
        .expect("LE001's");
    assert_eq!(
        le001.pointer, "/cooperative/forme_juridique",
        "shown where LE001 fails"
    );
    assert!(le001.message.contains("Le critère LE001 reste en échec"));
    // RS003 is met: the refused entry is shown on the cooperative, to leave the register.
    let rs003 = dr
        .iter()
        .find(|f| f.message.contains("RS003"))
        .expect("RS003's");
    assert_eq!(rs003.pointer, "/cooperative");

    let md = check(&ws, &sa, "markdown", &["--derogations", "registre.yaml"]);
    assert!(md.stdout.contains("dérogation refusée"), "{}", md.stdout);
    let html = check(&ws, &sa, "html", &["--derogations", "registre.yaml"]);
    assert!(html.stdout.contains("dérogation refusée"));
}

/// An entry for another cooperative never applies: not by name, not by SIREN, and not when
/// the dossier gives no identifier the entry uses.
#[test]
fn an_entry_for_another_cooperative_never_applies() {
    let ws = Workspace::new();
    let text = edit(
        &cap_services(),
        "reunions_collectives_par_an: 12",
        "reunions_collectives_par_an: 10",
    );
    let register = format!(
        "{REGISTER_HEAD}{}{}{}",
        entry(
            "nom: Cap Services Lyon",
            "AS005",
            "2001-03-15",
            "2001-12-31"
        ),
        entry("siren: \"987654324\"", "AS005", "2001-03-15", "2001-12-31"),
        entry(
            "numero_entreprise: \"0123.456.749\"",
            "AS005",
            "2001-03-15",
            "2001-12-31"
        ),
    );
    ws.write("registre.yaml", &register);
    let run = check(&ws, &text, "json", &["--derogations", "registre.yaml"]);
    run.assert_status(0);
    let d = dossier_json(&run);
    assert_eq!(rule_status(&d, "AS005"), "failed");
    assert_eq!(
        d["waivers"],
        Json::Array(Vec::new()),
        "no entry names this cooperative"
    );
    // The same entry with the dossier's SIREN applies.
    ws.write(
        "registre.yaml",
        format!(
            "{REGISTER_HEAD}{}",
            entry(
                "siren: \"123 456 782\"",
                "AS005",
                "2001-03-15",
                "2001-12-31"
            )
        ),
    );
    let run = check(&ws, &text, "json", &["--derogations", "registre.yaml"]);
    let d = dossier_json(&run);
    assert_eq!(rule_status(&d, "AS005"), "waived");
    assert_eq!(d["criteria"]["recommended"]["waived"], 1);
    assert_eq!(d["waivers"][0]["state"], "applied");
}

/// An applied waiver ending within 60 days after the reference date gives a note; one that
/// ended before it no longer waives; one decided after the evaluation did not exist yet.
#[test]
fn waivers_ending_soon_expired_or_not_yet_decided() {
    let ws = Workspace::new();
    let text = edit(
        &cap_services(),
        "reunions_collectives_par_an: 12",
        "reunions_collectives_par_an: 10",
    );
    let case = |until: &str, decision: &str| {
        ws.write(
            "registre.yaml",
            format!(
                "{REGISTER_HEAD}{}",
                entry("nom: Cap Services", "AS005", decision, until)
            ),
        );
        dossier_json(&check(
            &ws,
            &text,
            "json",
            &["--derogations", "registre.yaml"],
        ))
    };
    let codes = |d: &Json| -> Vec<String> {
        common::findings_of(d)
            .into_iter()
            .filter(|f| f.code.starts_with("DR"))
            .map(|f| f.code)
            .collect()
    };
    let soon = case("2001-02-28", "2000-12-01");
    assert_eq!(rule_status(&soon, "AS005"), "waived");
    assert_eq!(soon["waivers"][0]["expires_soon"], true);
    assert_eq!(codes(&soon), vec!["DR003"]);
    let later = case("2001-06-30", "2000-12-01");
    assert_eq!(later["waivers"][0]["expires_soon"], false);
    assert!(codes(&later).is_empty());
    let expired = case("2000-12-30", "2000-06-01");
    assert_eq!(rule_status(&expired, "AS005"), "failed");
    assert_eq!(expired["waivers"][0]["state"], "expired");
    assert_eq!(codes(&expired), vec!["DR002"]);
    let future = case("2001-12-31", "2001-04-02");
    assert_eq!(rule_status(&future, "AS005"), "failed");
    assert_eq!(future["waivers"][0]["state"], "not_yet_decided");
}

/// The register is checked like a rule file: an invalid one is a located diagnostic and exit
/// status 2, and no dossier is judged; `cooplabel schema derogations` prints its schema.
#[test]
fn an_invalid_register_stops_the_run_with_located_diagnostics() {
    let ws = Workspace::new();
    ws.write("dossier.yaml", cap_services());
    ws.write(
        "registre.yaml",
        "derogations:\n  - { cooperative: { siren: \"123456789\" }, regle: AS050, motif: m, accordee_par: c, decision: 2001-03-15, jusqu_au: 2001-06-30 }\n  - { cooperative: { nom: X }, regle: AS005, motif: m, accordee_par: c, jusqu_au: 2001-06-30 }\n",
    );
    let run = ws.run(&[
        "check",
        "--color",
        "never",
        "--derogations",
        "registre.yaml",
        "dossier.yaml",
    ]);
    run.assert_status(2);
    assert!(
        run.stdout.is_empty(),
        "no dossier is judged: {}",
        run.stdout
    );
    // The schema error comes first (a missing `decision`), located on its entry.
    assert!(run.stderr.contains("SC002"), "{}", run.stderr);
    assert!(run.stderr.contains("registre.yaml:3:"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("le registre des dérogations registre.yaml est invalide")
    );

    ws.write(
        "registre.yaml",
        "derogations:\n  - { cooperative: { siren: \"123456789\" }, regle: AS050, motif: m, accordee_par: c, decision: 2001-03-15, jusqu_au: 2001-06-30 }\n",
    );
    let run = ws.run(&[
        "check",
        "--color",
        "never",
        "--derogations",
        "registre.yaml",
        "dossier.yaml",
    ]);
    run.assert_status(2);
    assert!(run.stderr.contains("RE001"), "{}", run.stderr);
    assert!(
        run.stderr.contains("vouliez-vous écrire `AS005`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("RE003"));
    assert!(
        run.stderr.contains("la clé attendue est 2 (123456782)"),
        "{}",
        run.stderr
    );

    let missing = ws.run(&["check", "--derogations", "absent.yaml", "dossier.yaml"]);
    missing.assert_status(2);
    assert!(missing.stderr.contains("LD001"), "{}", missing.stderr);

    let schema = ws.run(&["schema", "derogations"]);
    schema.assert_status(0);
    let json: Json = serde_json::from_str(&schema.stdout).expect("a JSON Schema");
    assert_eq!(json["$id"], "urn:cooplabel:schema:derogations:1");
    assert_eq!(
        json["$defs"]["derogation"]["required"],
        serde_json::json!([
            "cooperative",
            "regle",
            "motif",
            "accordee_par",
            "decision",
            "jusqu_au"
        ])
    );
}

/// A wrong check digit in the dossier's SIREN or Belgian enterprise number is a finding on
/// its line whose help says which digit is expected.
#[test]
fn identifiers_with_a_wrong_check_digit_are_located() {
    let ws = Workspace::new();
    let text = edit(
        &cap_services(),
        "siren: \"123 456 782\"",
        "siren: \"123 456 789\"",
    );
    let run = check(&ws, &text, "json", &[]);
    let f = run.findings_with("DG005").pop().expect("DG005");
    assert_eq!(f.pointer, "/cooperative/siren");
    assert_eq!(f.line, Some(common::line_of(&text, "siren:")));
    assert!(
        f.help
            .as_deref()
            .unwrap()
            .contains("la clé attendue est 2 (123456782)"),
        "{:?}",
        f.help
    );

    let be = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/samples/azimut-2000.yaml"
    ))
    .expect("the Belgian sample");
    let be = edit(
        &be,
        "  pays: BE\n",
        "  pays: BE\n  numero_entreprise: \"0123.456.789\"\n",
    );
    let run = check(&ws, &be, "json", &[]);
    let f = run.findings_with("DG006").pop().expect("DG006");
    assert_eq!(f.pointer, "/cooperative/numero_entreprise");
    assert!(
        f.help
            .as_deref()
            .unwrap()
            .contains("la clé attendue est 49 (0123456749)")
    );
    // A number too short is a structural error, whose help says how a SIREN is written.
    let short = edit(&text, "siren: \"123 456 789\"", "siren: \"12345678\"");
    let run = check(&ws, &short, "json", &[]);
    let f = run.only_finding();
    assert!(f.code.starts_with("SC"), "{f:?}");
    assert!(f.help.as_deref().unwrap().contains("9 chiffres"));
}

/// A small pack of four recommended criteria and one mandatory, alone in the run
/// (`--select ZZ`), decides each branch of the model.
#[test]
fn each_branch_of_the_decision_model() {
    let ws = Workspace::new();
    let rule = |code: &str, level: &str, key: &str| {
        format!(
            "  - {{ code: {code}, name: essai-{}, title: \"{key} est donné\", severity: warning, niveau: {level}, check: {{ present: /cooperative/{key} }}, message: \"{key} manque\", help: \"Donnez {key}.\", sources: [{{ practice: essai }}], explanation: \"Essai. Niveau {level}.\" }}\n",
            code.to_lowercase()
        )
    };
    let pack = format!(
        "family: {{ code: ZZ, title: Essais }}\nrules:\n{}{}{}{}{}",
        rule("ZZ001", "obligatoire", "forme_juridique"),
        rule("ZZ002", "recommande", "territoire"),
        rule("ZZ003", "recommande", "date_creation"),
        rule("ZZ004", "recommande", "membre_cg_scop"),
        rule("ZZ005", "recommande", "charte_signee"),
    );
    ws.write("regles/essais.yaml", &pack);
    let judge = |extra: &str, mandatory_ok: bool| {
        let form = if mandatory_ok {
            "  forme_juridique: scop_sa\n"
        } else {
            ""
        };
        let text = common::minimal_with("  pays: FR\n", &format!("  pays: FR\n{form}{extra}"));
        let run = check(&ws, &text, "json", &["--rules", "regles", "--select", "ZZ"]);
        (run.status, dossier_json(&run))
    };
    // Recommended 2/4 = 50 %: exactly the threshold, the stage is validated.
    let (status, d) = judge("  territoire: Thiers\n  date_creation: 2026-01-02\n", true);
    assert_eq!(
        (status, d["decision"].as_str()),
        (Some(0), Some("conforming"))
    );
    assert_eq!(d["criteria"]["recommended"]["passed"], 2);
    assert_eq!(d["criteria"]["recommended"]["threshold"], "0.5");
    assert_eq!(d["score"], serde_json::json!(0.6)); // 3/5
    // 1/4: below the threshold, conditional (exit 0).
    let (status, d) = judge("  territoire: Thiers\n", true);
    assert_eq!(
        (status, d["decision"].as_str()),
        (Some(0), Some("conditional"))
    );
    // Every recommended criterion met, but the mandatory one fails: refused (exit 1).
    let (_, d) = judge(
        "  territoire: Thiers\n  date_creation: 2026-01-02\n  membre_cg_scop: true\n  charte_signee: 2026-02-01\n",
        false,
    );
    assert_eq!(d["decision"], "non_conforming");
    // The rules left out of the run are not in `rules`, and the digest says the run differs.
    assert_eq!(d["rules"].as_array().unwrap().len(), 5);
}

/// The report records the day of the evaluation and the rule set it used: the digest is the
/// same for the same rules, and changes with a rule file or a selection.
#[test]
fn evaluation_date_and_rules_digest() {
    let ws = Workspace::new();
    ws.write("dossier.yaml", common::MINIMAL);
    let digest = |args: &[&str]| -> (String, String) {
        let mut all = vec!["check", "--format", "json"];
        all.extend_from_slice(args);
        all.push("dossier.yaml");
        let d = dossier_json(&ws.run(&all));
        (
            d["rules_digest"].as_str().unwrap().to_string(),
            d["evaluated_on"].as_str().unwrap_or_default().to_string(),
        )
    };
    let (a, on) = digest(&["--evaluated-on", "2027-01-15"]);
    assert_eq!(on, "2027-01-15");
    assert!(a.starts_with("sha256:") && a.len() == 7 + 64, "{a}");
    let (b, today) = digest(&[]);
    assert_eq!(a, b, "the same rules, the same digest");
    assert_eq!(today.len(), 10, "today by default: {today}");
    let (c, _) = digest(&["--ignore", "DG003"]);
    assert_ne!(a, c, "a selection changes the rule set");
    ws.write(
        "regles/parameters.yaml",
        std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/rules/parameters.yaml"
        ))
        .unwrap()
            + "\n",
    );
    // A shipped file replaced (which `--replace-pack` must allow) is in the digest.
    let (d, _) = digest(&["--rules", "regles", "--replace-pack", "parameters"]);
    assert_ne!(a, d, "a changed parameter file changes the digest");
}

/// A waiver of a rule of the law is refused (DR001) with the laws in force for the dossier's
/// country at its date only, and every format names the waiver's fate as it is — refused, not
/// "expired".
#[test]
fn a_refused_waiver_cites_the_laws_in_force_and_is_called_refused_everywhere() {
    let ws = Workspace::new();
    let dossier = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/samples/portage-deguise-2000.yaml"
    ))
    .expect("sample");
    ws.write("dossier.yaml", dossier);
    ws.write(
        "registre.yaml",
        "derogations:\n  - { cooperative: { nom: Missions Conseil Rhône SA }, regle: LE001, motif: essai, accordee_par: comité, decision: 2001-03-15, jusqu_au: 2001-12-31 }\n",
    );
    let args = |format: &'static str| {
        [
            "check",
            "--format",
            format,
            "--evaluated-on",
            "2001-04-01",
            "--derogations",
            "registre.yaml",
            "dossier.yaml",
        ]
    };
    let json: Json = serde_json::from_str(&ws.run(&args("json")).stdout).expect("JSON");
    let refusal = json["dossiers"][0]["waivers"][0]["refusal"]
        .as_str()
        .expect("a refusal");
    // LE001 also cites Belgian texts and French laws of 2001 and 2014: a French dossier of
    // 2000 is shown the law of 1978 only.
    assert!(refusal.contains("Loi n° 78-763"), "{refusal}");
    for other in ["Belgique", "2001-624", "2014-856"] {
        assert!(!refusal.contains(other), "{refusal}");
    }
    let le001 = json["dossiers"][0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["code"] == "LE001")
        .expect("LE001 fails");
    assert_eq!(le001["status"], "failed");
    assert_eq!(le001["waiver"]["state"], "refused");
    for format in ["human", "junit"] {
        let out = ws.run(&args(format)).stdout;
        assert!(out.contains("dérogation refusée"), "{format}: {out}");
        assert!(!out.contains("a expiré"), "{format}: {out}");
    }
}
