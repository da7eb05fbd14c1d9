//! Every face of `check`: one snapshot per sample and format (human without colour, JSON,
//! SARIF, JUnit, GitHub, Markdown, HTML), the same for the `reseau-2000` batch and the broken
//! samples of `samples/erreurs/`, and English for two samples. Review a changed snapshot as its
//! reader would: a committee member for Markdown and HTML, a CI admin for SARIF and JUnit.

use std::path::Path;
use std::process::Command;

const FORMATS: [&str; 8] = [
    "human", "json", "sarif", "junit", "github", "gitlab", "markdown", "html",
];

/// Runs the binary from the repository's root (so that reported paths are relative) and
/// returns its standard output.
fn check(args: &[&str]) -> String {
    // The committee's meeting after the year 2000.
    check_at("2001-03-15", args)
}

/// [`check`] with the report dated `evaluated_on`.
fn check_at(evaluated_on: &str, args: &[&str]) -> String {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = Command::new(env!("CARGO_BIN_EXE_cooplabel"))
        .arg("check")
        .args(["--color", "never"])
        // The day of the evaluation is recorded in every report: fixed, for reproducible
        // snapshots.
        .args(["--evaluated-on", evaluated_on])
        .args(args)
        .current_dir(root)
        .env_remove("NO_COLOR")
        .env_remove("COOPLABEL_LANG")
        .env("CI", "true")
        .output()
        .expect("run cooplabel");
    assert!(
        matches!(out.status.code(), Some(0..=2)),
        "cooplabel {args:?} crashed: {:?}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// Masks what changes from one machine or release to the next.
fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.add_filter(&regex_escape(env!("CARGO_MANIFEST_DIR")), "[ROOT]");
    s.add_filter(&regex_escape(env!("CARGO_PKG_VERSION")), "[VERSION]");
    // Digests change with every edit of a rule file; `tests/decision.rs` checks what they
    // cover. The snapshots keep their place.
    s.add_filter("sha256:[0-9a-f]{64}", "sha256:[DIGEST]");
    // The time each dossier took (JUnit).
    s.add_filter(r#" time="[0-9.]+""#, r#" time="[TIME]""#);
    s.set_prepend_module_to_snapshot(false);
    s.set_snapshot_path("snapshots/report");
    s
}

fn regex_escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn relative(path: &Path) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

#[test]
fn every_format_of_every_sample() {
    insta::glob!("../samples", "*.yaml", |path| {
        let rel = relative(path);
        settings().bind(|| {
            for format in FORMATS {
                insta::assert_snapshot!(format, check(&["--format", format, &rel]));
            }
        });
    });
}

#[test]
fn every_format_of_the_network_batch() {
    settings().bind(|| {
        for format in FORMATS {
            insta::assert_snapshot!(
                format!("reseau-2000-{format}"),
                check(&["--format", format, "samples/reseau-2000/"])
            );
        }
    });
}

#[test]
fn every_format_of_the_broken_samples() {
    settings().bind(|| {
        for format in FORMATS {
            insta::assert_snapshot!(
                format!("erreurs-{format}"),
                check(&["--format", format, "samples/erreurs/"])
            );
        }
    });
}

#[test]
fn english() {
    settings().bind(|| {
        for sample in ["cap-services-2000", "portage-deguise-2000"] {
            for format in ["human", "markdown", "html", "sarif"] {
                let path = format!("samples/{sample}.yaml");
                insta::assert_snapshot!(
                    format!("en-{sample}-{format}"),
                    check(&["--lang", "en", "--format", format, &path])
                );
            }
        }
    });
}

/// The committee's register applied to the network's batch: ADN's waiver applied, Cap
/// Services' entry on a rule of the law refused, an entry for a cooperative not in the batch
/// ignored — in every format a person or a script reads.
#[test]
fn the_network_batch_with_the_committee_register() {
    settings().bind(|| {
        for format in ["human", "json", "markdown", "html"] {
            insta::assert_snapshot!(
                format!("registre-reseau-2000-{format}"),
                check(&[
                    "--format",
                    format,
                    "--derogations",
                    "samples/comite/registre-2001.yaml",
                    "samples/reseau-2000/adn.yaml",
                    "samples/reseau-2000/cap-services.yaml",
                ])
            );
        }
    });
}

/// Three years of one (fictional) cooperative with the committee's register: each year judged
/// after the previous one — « Depuis le dossier précédent » with its lists and, for the third
/// year, its charts; `previous`, `changes` and `statistics_by_year` in JSON; the by-year table of
/// the network summary.
#[test]
fn three_years_of_one_cooperative() {
    settings().bind(|| {
        for format in [
            "human", "json", "markdown", "html", "sarif", "junit", "github", "gitlab",
        ] {
            insta::assert_snapshot!(
                format!("historique-azalee-{format}"),
                // The committee's meeting after 2021: its 2020 waiver was decided by then.
                check_at(
                    "2022-03-15",
                    &[
                        "--format",
                        format,
                        "--derogations",
                        "samples/comite/registre-azalee.yaml",
                        "samples/historique-azalee/",
                    ]
                )
            );
        }
    });
}

/// Every JSON report snapshot is valid against the report's published schema (`cooplabel
/// schema report`): a key added to the report and not to the schema fails here.
#[test]
fn every_json_report_snapshot_follows_the_report_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(cooplabel::report::json::REPORT_SCHEMA).expect("the schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/report");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).expect("read the snapshots") {
        let path = entry.expect("a snapshot").path();
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        if !(name.starts_with("json@") || name.ends_with("-json.snap")) {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("read a snapshot");
        // After insta's header; the masked digests and version put back as real ones.
        let body = text.splitn(3, "---\n").nth(2).expect("an insta snapshot");
        let body = body
            .replace("sha256:[DIGEST]", &format!("sha256:{}", "0".repeat(64)))
            .replace("[ROOT]", "/racine");
        let report: serde_json::Value =
            serde_json::from_str(&body).unwrap_or_else(|e| panic!("{name} is not JSON: {e}"));
        let errors: Vec<String> = validator
            .iter_errors(&report)
            .take(5)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
        checked += 1;
    }
    assert!(checked >= 8, "only {checked} JSON snapshots found");
}
