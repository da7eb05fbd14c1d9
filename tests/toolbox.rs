//! The rule author's and the user's toolbox: `explain`, `rules`, `schema`, `init`,
//! `completions`, `man`, and `test` on a rule author's own directory.

mod common;

use std::path::Path;
use std::process::{Command, Output};

fn cooplabel(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cooplabel"))
        .args(args)
        .env_remove("COOPLABEL_LANG")
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn explain_a_rule_shows_its_principle_sources_parameters_and_examples() {
    let o = cooplabel(&["explain", "RS003", "--date", "2000-12-31"]);
    assert_eq!(o.status.code(), Some(0));
    insta::assert_snapshot!(stdout(&o));
    // By name too, and the same text.
    let by_name = cooplabel(&["explain", "dotation-reserve-legale", "--date", "2000-12-31"]);
    assert_eq!(stdout(&by_name), stdout(&o));
}

#[test]
fn explain_a_principle_lists_its_rules() {
    let o = cooplabel(&["explain", "refus-assistanat"]);
    assert_eq!(o.status.code(), Some(0));
    insta::assert_snapshot!(stdout(&o));
}

#[test]
fn explain_json_gives_parameter_values_at_the_date_and_history() {
    let o = cooplabel(&[
        "explain",
        "CJ002",
        "--format",
        "json",
        "--date",
        "2021-12-31",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["code"], "CJ002");
    assert_eq!(v["from"], "2014-08-02");
    let params = v["parameters"].as_array().expect("parameters");
    assert!(!params.is_empty());
    assert!(
        params
            .iter()
            .all(|p| p["value"].is_string() && p["history"].is_array())
    );
    let failing = &v["examples"]["fail"]["findings"];
    assert!(
        failing.as_array().is_some_and(|f| !f.is_empty()),
        "the failing example fails: {v}"
    );
    assert_eq!(v["examples"]["pass"]["findings"], serde_json::json!([]));
}

#[test]
fn explain_an_unknown_code_suggests_the_closest() {
    let o = cooplabel(&["explain", "RS03"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("vouliez-vous écrire"), "{err}");
}

#[test]
fn rules_lists_the_catalogue() {
    let o = cooplabel(&["rules"]);
    assert_eq!(o.status.code(), Some(0));
    insta::assert_snapshot!(stdout(&o));
    let json = cooplabel(&["rules", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    let rules = v["rules"].as_array().expect("rules");
    assert!(rules.len() >= 55);
    for key in [
        "code",
        "name",
        "principle",
        "severity",
        "blocking",
        "stage",
        "countries",
        "from",
        "until",
    ] {
        assert!(rules[0].get(key).is_some(), "missing {key}");
    }
}

#[test]
fn schemas_are_printed_as_json() {
    for kind in ["dossier", "rules", "parameters", "verdict", "tests"] {
        let o = cooplabel(&["schema", kind]);
        assert_eq!(o.status.code(), Some(0), "{kind}");
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
        assert_eq!(v["$schema"], "https://json-schema.org/draft/2020-12/schema");
    }
}

#[test]
fn every_init_template_is_accepted_by_check() {
    let dir = tempfile::tempdir().unwrap();
    for stage in ["faisabilite", "mobilisation", "montage", "suivi"] {
        for pays in ["FR", "BE"] {
            for kind in ["cooperative", "union"] {
                if kind == "union" && stage != "suivi" && stage != "montage" {
                    continue;
                }
                let o = cooplabel(&[
                    "init", "--etape", stage, "--pays", pays, "--type", kind, "--annee", "2021",
                ]);
                assert_eq!(o.status.code(), Some(0));
                let path = dir.path().join(format!("{stage}-{pays}-{kind}.yaml"));
                std::fs::write(&path, &o.stdout).unwrap();
                let check = cooplabel(&["check", "--format", "json", path.to_str().unwrap()]);
                let v: serde_json::Value = serde_json::from_slice(&check.stdout).expect("JSON");
                let findings = v["dossiers"][0]["findings"].as_array().unwrap();
                let structural: Vec<_> = findings
                    .iter()
                    .filter(|f| {
                        f["code"]
                            .as_str()
                            .is_some_and(|c| c.starts_with("SC") || c.starts_with("LD"))
                    })
                    .collect();
                assert!(
                    structural.is_empty(),
                    "{stage} {pays} {kind}: {structural:#?}"
                );
                assert_ne!(v["dossiers"][0]["decision"], "not_evaluable");
            }
        }
    }
}

/// A template run unedited never validates a stage on its placeholders: each stage's evidence
/// is left for the user, and `check` names what is missing; filled as its comments say, the
/// same template validates the stage.
#[test]
fn an_unedited_template_does_not_pass_as_evidence() {
    let dir = tempfile::tempdir().unwrap();
    for stage in ["faisabilite", "mobilisation", "montage", "suivi"] {
        for pays in ["FR", "BE"] {
            let o = cooplabel(&["init", "--etape", stage, "--pays", pays, "--annee", "2021"]);
            let template = stdout(&o);
            let check = |name: &str, text: &str| {
                let path = dir.path().join(format!("{stage}-{pays}-{name}.yaml"));
                std::fs::write(&path, text).unwrap();
                let o = cooplabel(&["check", "--format", "json", path.to_str().unwrap()]);
                let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
                v["dossiers"][0].clone()
            };
            let unedited = check("brut", &template);
            assert_eq!(unedited["decision"], "non_conforming", "{stage} {pays}");
            let codes: Vec<&str> = unedited["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|f| f["code"].as_str())
                .collect();
            assert!(codes.contains(&"ET001"), "{stage} {pays}: {codes:?}");
            let filled = check("rempli", &common::fill_template_evidence(&template));
            assert_eq!(
                filled["decision"], "conforming",
                "{stage} {pays}: {filled:#}"
            );
        }
    }
}

#[test]
fn the_default_template_is_commented_and_snapshotted() {
    let o = cooplabel(&["init", "--annee", "2026"]);
    insta::assert_snapshot!(stdout(&o));
}

#[test]
fn completions_and_man_page() {
    for shell in ["bash", "zsh", "fish"] {
        let o = cooplabel(&["completions", shell]);
        assert_eq!(o.status.code(), Some(0));
        assert!(stdout(&o).contains("explain"), "{shell}");
    }
    let man = cooplabel(&["man"]);
    assert!(stdout(&man).starts_with(".ie") || stdout(&man).contains(".TH cooplabel"));
}

/// A rule author's own directory: a new family, a new rule with a new parameter, two test
/// cases; `cooplabel test DIR` runs them and `check --rules DIR` applies the rule.
#[test]
fn a_rule_author_adds_a_rule_with_a_parameter_and_tests_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("tests")).unwrap();
    std::fs::write(
        d.join("mes-parametres.yaml"),
        "parameters:\n  reseau.intervenants_min_local:\n    description: Nombre minimal d'intervenants spécialisés demandé par notre réseau régional.\n    unit: count\n    sources: [{ practice: \"décision du comité régional\" }]\n    values: [{ from: 2020-01-01, value: 4 }]\n",
    )
    .unwrap();
    std::fs::write(
        d.join("regional.yaml"),
        r#"family: { code: RG, title: Règles régionales }
rules:
  - code: RG001
    name: quatre-intervenants
    title: Au moins quatre intervenants spécialisés
    principle: refus-assistanat
    severity: warning
    niveau: recommande
    applies: { stage: suivi, from: 2020-01-01 }
    check: { ge: [/accompagnement/intervenants_specialises, { param: reseau.intervenants_min_local }] }
    message: "Seulement {/accompagnement/intervenants_specialises} intervenants spécialisés ; le réseau régional en demande {param:reseau.intervenants_min_local}."
    help: Recrutez ou mutualisez des intervenants.
    sources: [{ practice: "décision du comité régional" }]
    explanation: Le réseau régional demande quatre intervenants.
    examples:
      fail: { base: suivi-fr-2021, set: { /accompagnement/intervenants_specialises: 2 } }
      pass: { base: suivi-fr-2021, set: { /accompagnement/intervenants_specialises: 5 } }
"#,
    )
    .unwrap();
    std::fs::write(
        d.join("tests/RG001.yaml"),
        "rules: [RG001]\nbase: suivi-fr-2021\ncases:\n  - name: trop-peu\n    set: { /accompagnement/intervenants_specialises: 3 }\n    expect: [{ code: RG001, pointer: /accompagnement/intervenants_specialises }]\n  - name: assez\n    set: { /accompagnement/intervenants_specialises: 4 }\n    expect: none\n  - name: avant-2020\n    set: { /accompagnement/intervenants_specialises: 1, /periode/debut: 2019-01-01, /periode/fin: 2019-12-31 }\n    expect: none\n",
    )
    .unwrap();
    let o = cooplabel(&["test", d.to_str().unwrap()]);
    let out = stdout(&o);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{out}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(out.contains("5 cas : 5 réussi(s), 0 en écart"), "{out}");

    // A wrong expectation is reported as a diff, exit 1.
    let mut bad = std::fs::read_to_string(d.join("tests/RG001.yaml")).unwrap();
    bad = bad.replace(
        "intervenants_specialises: 4 }",
        "intervenants_specialises: 2 }",
    );
    std::fs::write(d.join("tests/RG001.yaml"), bad).unwrap();
    let o = cooplabel(&["test", d.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("+ RG001 /accompagnement/intervenants_specialises"),
        "{}",
        stdout(&o)
    );

    // A test file that cannot be read counts as a failed case, never as passed (exit 2: the
    // test files are invalid); the other files still run.
    std::fs::write(d.join("tests/RG001.yaml"), "rules: [RG001\n").unwrap();
    std::fs::write(
        d.join("tests/RG002.yaml"),
        "rules: [RG001]\nbase: suivi-fr-2021\ncases:\n  - name: x\n    sett: {}\n",
    )
    .unwrap();
    let o = cooplabel(&["test", d.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let out = stdout(&o);
    assert!(out.contains("4 cas : 2 réussi(s), 2 en écart"), "{out}");
    assert!(out.contains("✗ fichier de test illisible"), "{out}");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("LD010") && err.contains("SC003"), "{err}");
    std::fs::remove_file(d.join("tests/RG002.yaml")).unwrap();

    // check --rules applies the new rule; explain knows it.
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/cae-2021.yaml");
    let o = cooplabel(&[
        "check",
        "--format",
        "json",
        "--rules",
        d.to_str().unwrap(),
        "--select",
        "RG001",
        sample.to_str().unwrap(),
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert!(v["dossiers"][0].get("findings").is_some());
    let o = cooplabel(&[
        "explain",
        "RG001",
        "--rules",
        d.to_str().unwrap(),
        "--date",
        "2021-12-31",
    ]);
    assert!(stdout(&o).contains("reseau.intervenants_min_local"));
}

/// What a user reads first: the help of the tool and of every command, in the words they are
/// written (a change to an option or its text shows in review).
#[test]
fn the_help_of_every_command_is_snapshotted() {
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(env!("CARGO_PKG_VERSION"), "[VERSION]");
    settings.bind(|| {
        for command in [
            "",
            "check",
            "test",
            "rules",
            "schema",
            "explain",
            "init",
            "import",
            "completions",
            "man",
            "serve",
        ] {
            let args: Vec<&str> = [command, "--help"]
                .into_iter()
                .filter(|a| !a.is_empty())
                .collect();
            let o = cooplabel(&args);
            assert_eq!(o.status.code(), Some(0), "{command} --help");
            let name = if command.is_empty() {
                "cooplabel"
            } else {
                command
            };
            insta::assert_snapshot!(format!("help_{name}"), stdout(&o));
        }
    });
}

/// Every engine code is explained, by code and by name, in both languages.
#[test]
fn explain_documents_the_engine_codes() {
    let o = cooplabel(&["explain", "LD011"]);
    assert_eq!(o.status.code(), Some(0));
    insta::assert_snapshot!(stdout(&o));
    assert_eq!(
        stdout(&cooplabel(&["explain", "cle-en-double"])),
        stdout(&o)
    );
    let en = cooplabel(&["explain", "RF026", "--lang", "en", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&en.stdout).expect("JSON");
    assert_eq!(v["name"], "arguments-incorrects");
    assert_eq!(v["title"], "Wrong arguments");
    for code in ["RE001", "IM013", "RP001", "SC003", "RF000"] {
        assert_eq!(
            cooplabel(&["explain", code]).status.code(),
            Some(0),
            "{code}"
        );
    }
}
