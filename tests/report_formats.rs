//! The machine formats are what their readers expect: SARIF validates against the SARIF 2.1.0
//! JSON Schema (`tests/fixtures/sarif-schema-2.1.0.json`), JUnit parses as XML with counts that
//! add up, GitHub lines follow the workflow-command syntax; the committee's reports name every
//! principle, and the HTML one is self-contained and escapes what the dossier says.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use cooplabel::lang::Lang;
use serde_json::Value as Json;

/// Every sample: one file each, the network's batch, and the broken files.
const INPUTS: [&str; 9] = [
    "samples/azimut-2000.yaml",
    "samples/cae-2021.yaml",
    "samples/cap-services-2000.yaml",
    "samples/faisabilite-val-de-dore.yaml",
    "samples/portage-deguise-2000.yaml",
    "samples/ues-2000.yaml",
    "samples/reseau-2000/",
    "samples/erreurs/",
    "samples/",
];

fn run_in(dir: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_cooplabel"))
        .arg("check")
        .args(args)
        .current_dir(dir)
        .env_remove("COOPLABEL_LANG")
        .output()
        .expect("run cooplabel");
    assert!(
        matches!(out.status.code(), Some(0..=2)),
        "cooplabel {args:?}: {:?}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

fn check(args: &[&str]) -> String {
    run_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

fn sarif_validator() -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sarif-schema-2.1.0.json");
    let text = std::fs::read_to_string(&path).expect("read the SARIF schema");
    let schema: Json = serde_json::from_str(&text).expect("the SARIF schema is JSON");
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

#[test]
fn sarif_validates_against_the_sarif_2_1_0_schema() {
    let validator = sarif_validator();
    for input in INPUTS {
        for lang in ["fr", "en"] {
            let text = check(&["--format", "sarif", "--lang", lang, input]);
            let log: Json = serde_json::from_str(&text).expect("SARIF is JSON");
            let errors: Vec<String> = validator
                .iter_errors(&log)
                .map(|e| format!("{} at {}", e, e.instance_path()))
                .collect();
            assert!(errors.is_empty(), "{input} ({lang}): {errors:#?}");

            let run = &log["runs"][0];
            assert_eq!(log["version"], "2.1.0");
            assert_eq!(run["columnKind"], "unicodeCodePoints");
            let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
            for result in run["results"].as_array().expect("results") {
                let i = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
                assert_eq!(rules[i]["id"], result["ruleId"], "{input}: {result}");
                let region = &result["locations"][0]["physicalLocation"]["region"];
                if let Some(line) = region["startLine"].as_u64() {
                    assert!(line >= 1 && region["startColumn"].as_u64() >= Some(1));
                    assert!(region["endLine"].as_u64() >= Some(line));
                }
            }
            let ids: BTreeSet<&str> = rules.iter().filter_map(|r| r["id"].as_str()).collect();
            assert_eq!(ids.len(), rules.len(), "each rule once");
        }
    }
}

#[test]
fn the_sarif_schema_rejects_what_it_should() {
    // A validator that accepts everything would make the test above worthless.
    let validator = sarif_validator();
    let text = check(&["--format", "sarif", "samples/portage-deguise-2000.yaml"]);
    let log: Json = serde_json::from_str(&text).expect("JSON");
    assert!(validator.is_valid(&log));
    let mut bad_level = log.clone();
    bad_level["runs"][0]["results"][0]["level"] = Json::from("fatal");
    assert!(!validator.is_valid(&bad_level));
    let mut bad_column = log.clone();
    bad_column["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startColumn"] =
        Json::from(0);
    assert!(!validator.is_valid(&bad_column));
    let mut unknown = log;
    unknown["runs"][0]["colour"] = Json::from("red");
    assert!(!validator.is_valid(&unknown));
}

#[test]
fn sarif_suppresses_waived_findings_and_describes_load_errors() {
    let log: Json = serde_json::from_str(&check(&[
        "--format",
        "sarif",
        "--derogations",
        "samples/comite/registre-2001.yaml",
        "samples/reseau-2000/adn.yaml",
        "samples/erreurs/yaml-invalide.yaml",
    ]))
    .expect("JSON");
    let results = log["runs"][0]["results"].as_array().expect("results");
    let waived = results
        .iter()
        .find(|r| r["ruleId"] == "AS005")
        .expect("ADN's waived AS005");
    assert_eq!(waived["suppressions"][0]["kind"], "external");
    assert!(
        waived["suppressions"][0]["justification"]
            .as_str()
            .is_some_and(|j| j.contains("comité de labellisation"))
    );
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    let ld = rules
        .iter()
        .find(|r| r["id"] == "LD010")
        .expect("a rule entry for the YAML error");
    assert_eq!(ld["defaultConfiguration"]["level"], "error");
    let rs = rules.iter().find(|r| r["id"] == "RS008").expect("RS008");
    assert_eq!(rs["properties"]["principle"], "logique-entrepreneuriale");
    assert!(
        rs["help"]["markdown"].as_str().is_some_and(|h| h
            .contains("D. Giacometti, « Coopérer pour entreprendre », RECMA n° 281, juillet 2001")
            && !h.contains("seed:"))
    );
}

/// The number of element children named `name`.
fn count(node: roxmltree::Node<'_, '_>, name: &str) -> usize {
    node.children().filter(|c| c.has_tag_name(name)).count()
}

fn attr(node: roxmltree::Node<'_, '_>, name: &str) -> usize {
    node.attribute(name)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("attribute {name} of <{}>", node.tag_name().name()))
}

#[test]
fn junit_parses_and_its_counts_add_up() {
    for input in INPUTS {
        let text = check(&["--format", "junit", input]);
        let doc =
            roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{input}: {e}\n{text}"));
        let root = doc.root_element();
        assert!(root.has_tag_name("testsuites"));
        let json: Json =
            serde_json::from_str(&check(&["--format", "json", input])).expect("JSON report");
        let dossiers = json["dossiers"].as_array().expect("dossiers");
        let suites: Vec<_> = root
            .children()
            .filter(|c| c.has_tag_name("testsuite"))
            .collect();
        assert_eq!(
            suites.len(),
            dossiers.len(),
            "{input}: one suite per dossier"
        );
        let (mut tests, mut failures, mut errors, mut skipped) = (0, 0, 0, 0);
        for (suite, dossier) in suites.iter().zip(dossiers) {
            assert_eq!(suite.attribute("name"), dossier["path"].as_str());
            let cases: Vec<_> = suite
                .children()
                .filter(|c| c.has_tag_name("testcase"))
                .collect();
            let f = cases.iter().map(|c| count(*c, "failure")).sum::<usize>();
            let e = cases.iter().map(|c| count(*c, "error")).sum::<usize>();
            let s = cases.iter().map(|c| count(*c, "skipped")).sum::<usize>();
            assert_eq!(attr(*suite, "tests"), cases.len(), "{input}");
            assert_eq!(attr(*suite, "failures"), f, "{input}");
            assert_eq!(attr(*suite, "errors"), e, "{input}");
            assert_eq!(attr(*suite, "skipped"), s, "{input}");
            // An unreadable file is an error, a dossier with findings to fix has failures.
            if dossier["decision"] == "not_evaluable" {
                assert_eq!(e, 1, "{input}");
            }
            if dossier["decision"] == "non_conforming" {
                assert!(f > 0, "{input}");
            }
            tests += cases.len();
            failures += f;
            errors += e;
            skipped += s;
        }
        assert_eq!(attr(root, "tests"), tests, "{input}");
        assert_eq!(attr(root, "failures"), failures, "{input}");
        assert_eq!(attr(root, "errors"), errors, "{input}");
        assert_eq!(attr(root, "skipped"), skipped, "{input}");
    }
}

#[test]
fn junit_has_one_failing_case_per_failed_rule() {
    let text = check(&["--format", "junit", "samples/portage-deguise-2000.yaml"]);
    let doc = roxmltree::Document::parse(&text).expect("XML");
    let json: Json = serde_json::from_str(&check(&[
        "--format",
        "json",
        "samples/portage-deguise-2000.yaml",
    ]))
    .expect("JSON");
    // Rules that failed: codes of unwaived findings, except the notes (severity info here).
    let failed: BTreeSet<&str> = json["dossiers"][0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["waived"] != true && f["severity"] != "info")
        .filter_map(|f| f["code"].as_str())
        .collect();
    let failing: BTreeSet<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase") && count(*n, "failure") == 1)
        .filter_map(|n| n.attribute("name"))
        .filter_map(|n| n.split(' ').next().map(str::to_string))
        .collect();
    let failing: BTreeSet<&str> = failing.iter().map(String::as_str).collect();
    assert_eq!(failing, failed);
    let note = doc
        .descendants()
        .find(|n| n.attribute("name") == Some("RS008 taux-mise-en-reserve"))
        .expect("RS008's case");
    assert_eq!(count(note, "failure"), 0, "a note is not a failure");
}

/// Checks one workflow command line: `::cmd key=value,…::message`, with its values escaped.
fn assert_workflow_command(line: &str) {
    let rest = line
        .strip_prefix("::")
        .unwrap_or_else(|| panic!("not a command: {line}"));
    let (head, message) = rest
        .split_once("::")
        .unwrap_or_else(|| panic!("no `::` before the message: {line}"));
    assert!(!message.contains('\r'), "{line}");
    let (command, props) = head.split_once(' ').unwrap_or((head, ""));
    assert!(
        ["error", "warning", "notice"].contains(&command),
        "command {command} in {line}"
    );
    for prop in props.split(',').filter(|p| !p.is_empty()) {
        let (key, value) = prop
            .split_once('=')
            .unwrap_or_else(|| panic!("property without `=`: {prop} in {line}"));
        assert!(
            ["file", "line", "col", "endLine", "endColumn", "title"].contains(&key),
            "property {key} in {line}"
        );
        assert!(!value.contains(':') && !value.contains(','), "{line}");
        if ["line", "col", "endLine", "endColumn"].contains(&key) {
            assert!(value.parse::<u32>().is_ok_and(|n| n >= 1), "{line}");
        }
    }
}

#[test]
fn github_lines_follow_the_workflow_command_syntax() {
    for input in INPUTS {
        let text = check(&["--format", "github", input]);
        let json: Json = serde_json::from_str(&check(&["--format", "json", input])).expect("JSON");
        let dossiers = json["dossiers"].as_array().expect("dossiers");
        let findings: usize = dossiers
            .iter()
            .map(|d| d["findings"].as_array().map_or(0, Vec::len))
            .sum();
        let mut commands = 0;
        let mut summaries = 0;
        for line in text.lines() {
            // The summaries are plain log lines, not annotations (they would take the
            // notices' ten slots).
            if line.starts_with("cooplabel: ") {
                summaries += 1;
                continue;
            }
            assert_workflow_command(line);
            commands += 1;
        }
        assert_eq!(
            commands, findings,
            "{input}: one command per finding\n{text}"
        );
        let batch = usize::from(dossiers.len() > 1);
        assert_eq!(
            summaries,
            dossiers.len() + batch,
            "{input}: one summary per dossier, one for the batch\n{text}"
        );
    }
    let portage = check(&["--format", "github", "samples/portage-deguise-2000.yaml"]);
    assert!(portage.contains(
        "::error file=samples/portage-deguise-2000.yaml,line=30,col=20,endLine=30,endColumn=21,title=LE001 forme-cooperative::"
    ));
    // `%` is escaped in commands; the summary is a plain line.
    assert!(portage.contains("(15 %25 à la réserve légale)"));
    assert!(portage.contains(
        "\ncooplabel: samples/portage-deguise-2000.yaml — Missions Conseil Rhône SA : Label refusé, score 28 % (obligatoires : 0/12 ; recommandés : 11/28"
    ));
}

fn principle_titles(lang: Lang) -> Vec<String> {
    let set = cooplabel::rules::load(None, &[], lang).expect("the shipped rules load");
    set.charter
        .principes
        .iter()
        .map(|p| p.title(lang).to_string())
        .collect()
}

#[test]
fn markdown_names_every_principle() {
    for (lang, code) in [(Lang::Fr, "fr"), (Lang::En, "en")] {
        let titles = principle_titles(lang);
        assert_eq!(titles.len(), 4);
        for sample in [
            "samples/cap-services-2000.yaml",
            "samples/portage-deguise-2000.yaml",
            "samples/faisabilite-val-de-dore.yaml",
        ] {
            let md = check(&["--format", "markdown", "--lang", code, sample]);
            for t in &titles {
                assert!(md.contains(t.as_str()), "{sample} ({code}) lacks « {t} »");
            }
        }
    }
}

#[test]
fn html_is_self_contained_with_a_chart() {
    for input in INPUTS {
        let html = check(&["--format", "html", input]);
        assert!(html.starts_with("<!DOCTYPE html>"), "{input}");
        assert!(html.contains("<html lang=\"fr\">"), "{input}");
        assert!(!html.contains("<script"), "{input}");
        for link in ["src=\"http", "href=\"http", "url(", "@import", "<link"] {
            assert!(!html.contains(link), "{input}: {link}");
        }
        assert!(html.trim_end().ends_with("</html>"), "{input}");
    }
    let one = check(&["--format", "html", "samples/cap-services-2000.yaml"]);
    assert!(one.contains("<svg"));
    assert!(one.contains("role=\"img\""));
    assert!(one.contains("<th scope=\"col\""));
    for t in principle_titles(Lang::Fr) {
        assert!(one.contains(&t.replace('\'', "&#39;")), "« {t} »");
    }
    let en = check(&[
        "--format",
        "html",
        "--lang",
        "en",
        "samples/cap-services-2000.yaml",
    ]);
    assert!(en.contains("<html lang=\"en\">"));
}

#[test]
fn html_and_markdown_escape_the_dossier() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let sample = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/faisabilite-val-de-dore.yaml"),
    )
    .expect("read the sample");
    let nom = sample
        .lines()
        .find(|l| l.trim_start().starts_with("nom:"))
        .expect("a `nom:` line");
    let indent = &nom[..nom.len() - nom.trim_start().len()];
    let hostile = sample.replacen(
        nom,
        &format!("{indent}nom: \"<script>alert('x')</script> & *Co* [l](javascript:x)\""),
        1,
    );
    std::fs::write(dir.path().join("d.yaml"), hostile).expect("write");
    let html = run_in(dir.path(), &["--format", "html", "d.yaml"]);
    assert!(!html.contains("<script"), "{html}");
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp;"));
    let md = run_in(dir.path(), &["--format", "markdown", "d.yaml"]);
    assert!(md.contains("\\<script\\>"), "{md}");
    assert!(md.contains("\\*Co\\*"), "{md}");
    assert!(md.contains("[l\\](javascript:x)"), "{md}");
}

#[test]
fn no_progress_bar_when_stderr_is_not_a_terminal() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let sample = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/faisabilite-val-de-dore.yaml"),
    )
    .expect("read the sample");
    for i in 0..60 {
        std::fs::write(dir.path().join(format!("d{i:02}.yaml")), &sample).expect("write");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_cooplabel"))
        .args(["check", "--format", "json", "."])
        .current_dir(dir.path())
        .env_remove("CI")
        .output()
        .expect("run cooplabel");
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
