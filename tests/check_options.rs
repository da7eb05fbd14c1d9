//! Options of `cooplabel check` that change what is judged or shown: `--max-findings`,
//! `--select` / `--ignore`, `--date`, `--stage`, `--output`, `--jobs`.

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

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stdout)))
}

fn sample(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name)
        .display()
        .to_string()
}

fn codes(v: &serde_json::Value) -> Vec<String> {
    v["dossiers"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn max_findings_keeps_the_most_important_and_says_how_many_were_left_out() {
    let dir = tempfile::tempdir().unwrap();
    // 400 entrepreneurs on fixed-term contracts: one PT005 and one CJ001 finding each.
    let mut text = cooplabel::testing::corpus::dossier(3, 400);
    assert!(text.contains("etape: suivi"));
    text = text
        .replace("contrat: cesa", "contrat: cdd")
        .replace("contrat: cdi", "contrat: cdd")
        .replace("contrat: convention", "contrat: cdd");
    let path = dir.path().join("grand.yaml");
    std::fs::write(&path, text).unwrap();
    let all = json(&cooplabel(&[
        "check",
        "--format",
        "json",
        path.to_str().unwrap(),
    ]));
    assert!(codes(&all).len() > 800, "{}", codes(&all).len());
    let limited_run = cooplabel(&[
        "check",
        "--format",
        "json",
        "--max-findings",
        "10",
        path.to_str().unwrap(),
    ]);
    let limited = json(&limited_run);
    let c = codes(&limited);
    assert_eq!(c.len(), 11);
    assert_eq!(c.last().map(String::as_str), Some("RP001"));
    assert_eq!(c[..10], codes(&all)[..10], "the most important come first");
    // The decision counts every finding.
    assert_eq!(
        limited["dossiers"][0]["decision"],
        all["dossiers"][0]["decision"]
    );
    assert_eq!(limited["dossiers"][0]["score"], all["dossiers"][0]["score"]);
    let all_run = cooplabel(&["check", "--format", "json", path.to_str().unwrap()]);
    assert_eq!(limited_run.status.code(), all_run.status.code());
}

#[test]
fn select_and_ignore_by_code_family_name_or_principle() {
    let portage = sample("portage-deguise-2000.yaml");
    let only = json(&cooplabel(&[
        "check", "--format", "json", "--select", "PT", &portage,
    ]));
    assert!(
        codes(&only).iter().all(|c| c.starts_with("PT")),
        "{:?}",
        codes(&only)
    );
    let without = json(&cooplabel(&[
        "check",
        "--format",
        "json",
        "--ignore",
        "PT,trait-portage-cadre-juridique,refus-assistanat",
        &portage,
    ]));
    assert!(
        codes(&without)
            .iter()
            .all(|c| !c.starts_with("PT") && !c.starts_with("AS")),
        "{:?}",
        codes(&without)
    );
    let unknown = cooplabel(&["check", "--select", "ZZ999", &portage]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("ZZ999"));
}

#[test]
fn date_and_stage_overrides() {
    // The 3-year associate rule (CJ002) applies to 2021, not to 2000.
    let cae = sample("cae-2021.yaml");
    let v = json(&cooplabel(&["check", "--format", "json", &cae]));
    assert!(codes(&v).contains(&"CJ002".to_string()));
    let v = json(&cooplabel(&[
        "check",
        "--format",
        "json",
        "--date",
        "2010-12-31",
        &cae,
    ]));
    assert!(!codes(&v).contains(&"CJ002".to_string()));
    assert_eq!(v["dossiers"][0]["date"], "2010-12-31");
    // Judged at stage faisabilite, a label dossier meets only the stage-1 rules.
    let cap = sample("cap-services-2000.yaml");
    let v = json(&cooplabel(&[
        "check",
        "--format",
        "json",
        "--stage",
        "faisabilite",
        &cap,
    ]));
    assert_eq!(v["dossiers"][0]["stage"], "faisabilite");
    let bad_date = cooplabel(&["check", "--date", "2000-02-30", &cap]);
    assert_eq!(bad_date.status.code(), Some(2));
}

#[test]
fn output_file_is_written_whole_and_jobs_do_not_change_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("rapport.json");
    let reseau = sample("reseau-2000");
    let o = cooplabel(&[
        "check",
        "--format",
        "json",
        "--output",
        out.to_str().unwrap(),
        &reseau,
    ]);
    assert!(o.stdout.is_empty());
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let one = cooplabel(&["check", "--format", "json", "--jobs", "1", &reseau]);
    let two = cooplabel(&["check", "--format", "json", "--jobs", "2", &reseau]);
    assert_eq!(one.stdout, two.stdout);
    assert_eq!(written, json(&one));
    // No temporary file is left next to the report.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
}
