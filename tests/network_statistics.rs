//! The network's "état des lieux" for 2000: checking the eight dossiers of `samples/reseau-2000/`
//! must give back seed 001's table totals exactly — 999 accueils, 400 accompagnements,
//! 106 salariés, 17 385 kF of turnover — in the JSON summary and in the human summary.

use std::process::Command;

use serde_json::Value as Json;

fn check(args: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_cooplabel"))
        .arg("check")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("COOPLABEL_LANG")
        .output()
        .expect("run cooplabel");
    (
        out.status.code(),
        String::from_utf8(out.stdout).expect("UTF-8 output"),
    )
}

#[test]
fn json_summary_has_seed_001_totals() {
    let (status, stdout) = check(&["--format", "json", "samples/reseau-2000/"]);
    assert_eq!(status, Some(0), "{stdout}");
    let report: Json = serde_json::from_str(&stdout).expect("JSON report");
    let stats = &report["summary"]["statistics"];
    // Compared as written, so that `999.0` or `999` as a float would not pass.
    assert_eq!(stats["accueils"].to_string(), "999");
    assert_eq!(stats["accompagnements"].to_string(), "400");
    assert_eq!(stats["salaries"].to_string(), "106");
    assert_eq!(stats["chiffre_affaires"]["FRF"], Json::from("17385000"));
    assert_eq!(
        stats["chiffre_affaires"].as_object().map(|o| o.len()),
        Some(1),
        "one currency: {stats}"
    );
    assert_eq!(report["summary"]["dossiers"].to_string(), "8");

    let paths: Vec<&str> = report["dossiers"]
        .as_array()
        .expect("dossiers")
        .iter()
        .map(|d| d["path"].as_str().expect("path"))
        .collect();
    assert_eq!(paths.len(), 8);
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted, "dossiers in path order");
}

#[test]
fn human_summary_prints_them_in_french() {
    let (status, stdout) = check(&["--color", "never", "samples/reseau-2000/"]);
    assert_eq!(status, Some(0), "{stdout}");
    assert!(
        stdout.contains(
            "999 accueils, 400 accompagnements, 106 salariés, chiffre d'affaires 17 385 000 FRF"
        ),
        "{stdout}"
    );
}

#[test]
fn order_of_arguments_does_not_change_the_totals() {
    let (_, forward) = check(&["--format", "json", "samples/reseau-2000/"]);
    let mut files: Vec<String> = std::fs::read_dir(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/reseau-2000"),
    )
    .expect("read samples/reseau-2000")
    .map(|e| {
        format!(
            "samples/reseau-2000/{}",
            e.expect("entry").file_name().to_string_lossy()
        )
    })
    .collect();
    files.sort();
    files.reverse();
    let mut args = vec!["--format", "json"];
    args.extend(files.iter().map(String::as_str));
    let (_, backward) = check(&args);
    assert_eq!(forward, backward);
}
