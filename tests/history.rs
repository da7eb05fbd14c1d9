//! Year after year (issue 13): a batch links each cooperative's dossiers by SIREN / enterprise
//! number, else by name without case or accents, ordered by `periode.fin`; each dossier is
//! judged after its previous year (rules across years, `previous` and `changes` in JSON);
//! `--previous` does it for one dossier; the summary gives the état des lieux by year.

mod common;

use common::{Run, Workspace};
use serde_json::Value as Json;

const Y2019: &str = include_str!("../samples/historique-azalee/azalee-2019.yaml");
const Y2020: &str = include_str!("../samples/historique-azalee/azalee-2020.yaml");
const Y2021: &str = include_str!("../samples/historique-azalee/azalee-2021.yaml");

/// `text` with `from` replaced by `to` (which must be there exactly once).
fn with(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "`{from}` must occur once");
    text.replace(from, to)
}

fn check(ws: &Workspace, args: &[&str]) -> Run {
    let mut all = vec!["check", "--format", "json", "--evaluated-on", "2026-11-27"];
    all.extend_from_slice(args);
    ws.run(&all)
}

/// Each dossier's path and its previous dossier's path (or `None`).
fn links(run: &Run) -> Vec<(String, Option<String>)> {
    run.dossiers()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap_or_default().to_string(),
                d["previous"]["path"].as_str().map(str::to_string),
            )
        })
        .collect()
}

fn codes(list: &Json) -> Vec<String> {
    let mut c: Vec<String> = list
        .as_array()
        .expect("a list of changes")
        .iter()
        .map(|t| t["code"].as_str().unwrap_or_default().to_string())
        .collect();
    c.sort();
    c
}

fn finding_codes(d: &Json) -> Vec<String> {
    common::findings_of(d).into_iter().map(|f| f.code).collect()
}

#[test]
fn years_link_by_siren_and_by_name_without_case_or_accents_in_date_order() {
    let ws = Workspace::new();
    // Path order is not date order: the 2021 file comes first, 2019 last.
    ws.write("a.yaml", Y2021);
    ws.write("b.yaml", Y2020);
    ws.write("c.yaml", Y2019);
    let run = check(&ws, &["a.yaml", "b.yaml", "c.yaml"]);
    assert_eq!(
        links(&run),
        vec![
            ("a.yaml".into(), Some("b.yaml".into())),
            ("b.yaml".into(), Some("c.yaml".into())),
            ("c.yaml".into(), None),
        ],
        "{}",
        run.stderr
    );
    // 2019 has no SIREN and writes « Coopérative fictive Azalée »; 2020 has the SIREN and writes
    // « Cooperative fictive Azalee »: the same cooperative.
    assert!(!Y2019.contains("siren:"));
    assert!(Y2020.contains("Cooperative fictive Azalee"));
}

#[test]
fn another_cooperative_is_never_linked() {
    let ws = Workspace::new();
    ws.write("2020.yaml", Y2020);
    ws.write(
        "2021.yaml",
        with(
            &with(
                Y2021,
                "  nom: Coopérative fictive Azalée",
                "  nom: Coopérative fictive Bruyère",
            ),
            "  siren: \"987 654 324\"",
            "  siren: \"123 456 782\"",
        ),
    );
    let run = check(&ws, &["2020.yaml", "2021.yaml"]);
    assert_eq!(
        links(&run),
        vec![("2020.yaml".into(), None), ("2021.yaml".into(), None)]
    );
}

#[test]
fn two_dossiers_for_one_period_both_say_which_one_the_history_follows() {
    let ws = Workspace::new();
    ws.write("2020-a.yaml", Y2020);
    ws.write("2020-b.yaml", Y2020);
    ws.write("2021.yaml", Y2021);
    let run = check(&ws, &["2020-a.yaml", "2020-b.yaml", "2021.yaml"]);
    let dossiers = run.dossiers();
    for d in &dossiers[..2] {
        let twins = common::findings_of(d)
            .into_iter()
            .filter(|f| f.code == "HI006")
            .collect::<Vec<_>>();
        assert_eq!(twins.len(), 1, "{d}");
        assert!(
            twins[0]
                .message
                .contains("c'est 2020-b.yaml qui sert de dossier précédent"),
            "{}",
            twins[0].message
        );
    }
    assert_eq!(dossiers[2]["previous"]["path"], "2020-b.yaml");
    assert!(!finding_codes(&dossiers[2]).contains(&"HI006".to_string()));
}

#[test]
fn changes_say_what_was_fixed_what_is_new_and_what_persists() {
    let ws = Workspace::new();
    ws.write("2019.yaml", Y2019);
    ws.write("2020.yaml", Y2020);
    ws.write("2021.yaml", Y2021);
    ws.write(
        "registre.yaml",
        include_str!("../samples/comite/registre-azalee.yaml"),
    );
    let run = check(
        &ws,
        &[
            "--derogations",
            "registre.yaml",
            "2019.yaml",
            "2020.yaml",
            "2021.yaml",
        ],
    );
    let d = run.dossiers();
    assert_eq!(d[0]["previous"], Json::Null);
    assert_eq!(d[0]["changes"], Json::Null);
    let p = &d[2]["previous"];
    assert_eq!(p["path"], "2020.yaml");
    assert_eq!(p["date"], "2020-12-31");
    assert_eq!(p["decision"], d[1]["decision"]);
    assert_eq!(p["score"], d[1]["score"]);
    // 2020: E05 gone without a leaving date, E02's entry date changed; AS005 still there (waived).
    let c = &d[1]["changes"];
    assert_eq!(codes(&c["new"]), ["HI003", "HI004"], "{c}");
    assert_eq!(codes(&c["persisting"]), ["AS005"], "{c}");
    assert_eq!(codes(&c["fixed"]), Vec::<String>::new(), "{c}");
    // 2021: a third loss-making year (GV009, across the three files), the highest capital
    // going down, last year's waiver lapsed; the two consistency findings of 2020 are gone.
    let c = &d[2]["changes"];
    assert_eq!(codes(&c["new"]), ["GV009", "HI002", "HI005"], "{c}");
    assert_eq!(codes(&c["fixed"]), ["HI003", "HI004"], "{c}");
    assert_eq!(codes(&c["persisting"]), ["AS005"], "{c}");
    for item in c["new"].as_array().unwrap() {
        assert!(
            item["pointer"].is_string() && item["fingerprint"].is_string(),
            "{item}"
        );
    }
}

#[test]
fn three_loss_making_years_make_a_review_due_only_with_the_earlier_files() {
    let ws = Workspace::new();
    ws.write("2021.yaml", Y2021);
    let alone = check(&ws, &["2021.yaml"]);
    assert!(!finding_codes(&alone.dossiers()[0]).contains(&"GV009".to_string()));
    ws.write("2019.yaml", Y2019);
    ws.write("2020.yaml", Y2020);
    let batch = check(&ws, &["2019.yaml", "2020.yaml", "2021.yaml"]);
    assert!(finding_codes(&batch.dossiers()[2]).contains(&"GV009".to_string()));
}

#[test]
fn previous_option_links_a_single_dossier() {
    let ws = Workspace::new();
    ws.write("2020.yaml", Y2020);
    ws.write("2021.yaml", Y2021);
    let run = check(&ws, &["--previous", "2020.yaml", "2021.yaml"]);
    let d = run.dossiers();
    assert_eq!(d.len(), 1, "the previous dossier is read, not reported");
    assert_eq!(d[0]["previous"]["path"], "2020.yaml");
    assert!(finding_codes(&d[0]).contains(&"HI002".to_string()));
    // 2020 is judged alone (without 2019): it had neither HI003 nor HI004 to fix.
    assert_eq!(codes(&d[0]["changes"]["new"]), ["HI002"]);
    assert_eq!(codes(&d[0]["changes"]["fixed"]), Vec::<String>::new());
    // The human report says it in one line.
    let human = ws.run(&["check", "--previous", "2020.yaml", "2021.yaml"]);
    assert!(
        human
            .stdout
            .contains("Depuis l'an dernier (2020-12-31) : Label accordé"),
        "{}",
        human.stdout
    );
}

#[test]
fn previous_option_refuses_another_cooperative_a_later_file_and_a_batch() {
    let ws = Workspace::new();
    ws.write("2020.yaml", Y2020);
    ws.write("2021.yaml", Y2021);
    ws.write(
        "autre.yaml",
        with(
            &with(
                Y2020,
                "  nom: Cooperative fictive Azalee",
                "  nom: Coopérative fictive Bruyère",
            ),
            "  siren: \"987 654 324\"",
            "  siren: \"123 456 782\"",
        ),
    );
    let other = check(&ws, &["--previous", "autre.yaml", "2021.yaml"]);
    other.assert_status(2);
    assert!(
        other
            .stderr
            .contains("pas un dossier de la même coopérative"),
        "{}",
        other.stderr
    );
    let later = check(&ws, &["--previous", "2021.yaml", "2020.yaml"]);
    later.assert_status(2);
    assert!(
        later.stderr.contains("n'est pas antérieure"),
        "{}",
        later.stderr
    );
    let batch = check(&ws, &["--previous", "2020.yaml", "2021.yaml", "autre.yaml"]);
    batch.assert_status(2);
    assert!(batch.stderr.contains("un seul dossier"), "{}", batch.stderr);
    // Standard input cannot be read twice (its identity, then the dossier): it was judged
    // empty; now it is refused before anything is judged, in the run's language.
    let stdin = common::run_in(
        ws.path(),
        &["check", "--previous", "2020.yaml", "-", "--lang", "en"],
        &[],
        Some(Y2021.as_bytes()),
    );
    stdin.assert_status(2);
    assert!(
        stdin.stderr.contains("not standard input") && stdin.stdout.is_empty(),
        "{}",
        stdin.stderr
    );
}

#[test]
fn statistics_by_year_count_cooperatives_and_sum_each_year() {
    let ws = Workspace::new();
    ws.write("2019.yaml", Y2019);
    ws.write("2020.yaml", Y2020);
    ws.write("2021.yaml", Y2021);
    // A second cooperative in 2021 only.
    ws.write(
        "bruyere-2021.yaml",
        with(
            &with(
                Y2021,
                "  nom: Coopérative fictive Azalée",
                "  nom: Coopérative fictive Bruyère",
            ),
            "  siren: \"987 654 324\"",
            "  siren: \"123 456 782\"",
        ),
    );
    let run = check(
        &ws,
        &["2019.yaml", "2020.yaml", "2021.yaml", "bruyere-2021.yaml"],
    );
    let summary = &run.json()["summary"];
    let by_year = &summary["statistics_by_year"];
    assert_eq!(
        by_year.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["2019", "2020", "2021"]
    );
    assert_eq!(by_year["2019"]["cooperatives"], 1);
    assert_eq!(by_year["2021"]["cooperatives"], 2);
    assert_eq!(by_year["2021"]["dossiers"], 2);
    assert_eq!(by_year["2019"]["accueils"].to_string(), "36");
    assert_eq!(by_year["2021"]["accueils"].to_string(), "84");
    assert_eq!(by_year["2020"]["chiffre_affaires"]["EUR"], "115000");
    // `statistics` keeps its meaning: every dossier of the run.
    assert_eq!(summary["statistics"]["accueils"].to_string(), "158");
    // The Markdown network report shows the table with the change from one year to the next.
    let md = ws.run(&[
        "check",
        "--format",
        "markdown",
        "2019.yaml",
        "2020.yaml",
        "2021.yaml",
        "bruyere-2021.yaml",
    ]);
    assert!(
        md.stdout.contains("## État des lieux année par année"),
        "{}",
        md.stdout
    );
    assert!(
        md.stdout
            .contains("| 2021 | 2 (+1 ; +100 %) | 84 (+46 ; +121,05 %)"),
        "{}",
        md.stdout
    );
}

#[test]
fn fingerprints_survive_moved_lines() {
    let ws = Workspace::new();
    ws.write("2020.yaml", Y2020);
    // Every line of 2021 moves down by three.
    ws.write(
        "2021.yaml",
        with(
            Y2021,
            "dossier: 1\n",
            "# une note\n# de plus\n# encore\ndossier: 1\n",
        ),
    );
    let moved = check(&ws, &["2020.yaml", "2021.yaml"]);
    ws.write("2021.yaml", Y2021);
    let plain = check(&ws, &["2020.yaml", "2021.yaml"]);
    assert_eq!(
        moved.dossiers()[1]["changes"],
        plain.dossiers()[1]["changes"]
    );
    assert_ne!(
        moved.dossiers()[1]["findings"][0]["line"],
        plain.dossiers()[1]["findings"][0]["line"]
    );
}

/// A finding about one entrepreneur stays « persisting » when the list is reordered: its
/// fingerprint is the entrepreneur's `id`, not its rank.
#[test]
fn fingerprints_survive_a_reordered_list() {
    let ws = Workspace::new();
    // E02's contribution is wrong both years (CJ004); in 2021 E02 comes first.
    let y2020 = with(Y2020, "contribution: 5720.00 }", "contribution: 1.00 }");
    let y2021 = with(Y2021, "contribution: 6050.00 }", "contribution: 1.00 }");
    let (e01, e02) = {
        let lines: Vec<&str> = y2021.lines().collect();
        let e01 = lines
            .iter()
            .find(|l| l.contains("id: E01"))
            .unwrap()
            .to_string();
        let e02 = lines
            .iter()
            .find(|l| l.contains("id: E02"))
            .unwrap()
            .to_string();
        (e01, e02)
    };
    let swapped = y2021
        .replace(&e01, "@@E01@@")
        .replace(&e02, &e01)
        .replace("@@E01@@", &e02);
    ws.write("2020.yaml", &y2020);
    ws.write("2021.yaml", &swapped);
    let run = check(&ws, &["2020.yaml", "2021.yaml"]);
    let d = run.dossiers();
    assert!(
        finding_codes(&d[1]).contains(&"CJ004".to_string()),
        "{}",
        d[1]
    );
    let c = &d[1]["changes"];
    assert!(
        codes(&c["persisting"]).contains(&"CJ004".to_string()),
        "{c}"
    );
    assert!(!codes(&c["new"]).contains(&"CJ004".to_string()), "{c}");
    assert!(!codes(&c["fixed"]).contains(&"CJ004".to_string()), "{c}");
}

/// Two entrepreneurs gone without a leaving date are two findings, each with its own
/// fingerprint (the list they are shown on, and who left).
#[test]
fn each_entrepreneur_gone_is_its_own_finding() {
    let ws = Workspace::new();
    let y2020 = with(
        Y2020,
        "  - { id: E03,",
        "  - { id: E09, activite: potier, statut: entrepreneur_salarie, contrat: cesa, cdd_par_mission: false, entree: 2019-09-02, comptabilite_propre: true, tresorerie_identifiee: true, prospection_nom_propre: true, chiffre_affaires: 1000, contribution: 110.00 }\n  - { id: E03,",
    );
    let y2021 = y2020
        .lines()
        .filter(|l| !l.contains("id: E03,") && !l.contains("id: E09,"))
        .collect::<Vec<_>>()
        .join("\n")
        .replace(
            "periode: { debut: 2020-01-01, fin: 2020-12-31 }",
            "periode: { debut: 2021-01-01, fin: 2021-12-31 }",
        );
    ws.write("2020.yaml", &y2020);
    ws.write("2021.yaml", &y2021);
    let run = check(&ws, &["2020.yaml", "2021.yaml"]);
    let d = &run.dossiers()[1];
    let gone: Vec<_> = d["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "HI003")
        .collect();
    assert_eq!(gone.len(), 2, "{d}");
    assert_ne!(gone[0]["fingerprint"], gone[1]["fingerprint"]);
    assert_eq!(
        codes(&d["changes"]["new"])
            .iter()
            .filter(|c| *c == "HI003")
            .count(),
        2
    );
}

/// A rule across years that compares with last year's value shows it in last year's file too:
/// the human report with that file's lines (its name and line), SARIF as a related location in
/// that file.
#[test]
fn a_value_of_last_year_is_shown_in_last_year_file() {
    let ws = Workspace::new();
    ws.write("2020.yaml", Y2020);
    // 2020's reserve is 8 420 with no allocation: 8 000 in 2021 breaks the continuity (HI001).
    ws.write(
        "2021.yaml",
        with(Y2021, "reserve_legale: 8420", "reserve_legale: 8000"),
    );
    let human = ws.run(&[
        "check",
        "--color",
        "never",
        "--previous",
        "2020.yaml",
        "2021.yaml",
    ]);
    let out = &human.stdout;
    let hi001 = out.find("HI001(").expect("HI001 is reported");
    let part = &out[hi001..];
    assert!(
        part.contains("dans le dossier précédent, 2020.yaml")
            && part.contains("╭─[2020.yaml:43:21]")
            && part.contains("comparé à cette valeur du dossier précédent"),
        "{out}"
    );
    let sarif = ws.run(&[
        "check",
        "--format",
        "sarif",
        "--previous",
        "2020.yaml",
        "2021.yaml",
    ]);
    let log: Json = serde_json::from_str(&sarif.stdout).expect("SARIF is JSON");
    let results = log["runs"][0]["results"].as_array().expect("results");
    let r = results
        .iter()
        .find(|r| r["ruleId"] == "HI001")
        .expect("HI001 in SARIF");
    let related = &r["relatedLocations"][0]["physicalLocation"];
    assert_eq!(related["artifactLocation"]["uri"], "2020.yaml");
    assert_eq!(related["region"]["startLine"], 43);
    // The HTML and Markdown reports show last year's lines too, escaped, the value marked;
    // JSON names the place (`related`, an extension of DESIGN §7).
    let html = ws.run(&[
        "check",
        "--format",
        "html",
        "--previous",
        "2020.yaml",
        "2021.yaml",
    ]);
    let part = &html.stdout[html.stdout.find("HI001").expect("HI001 in HTML")..];
    assert!(
        part.contains("Dans le dossier précédent, <code>2020.yaml</code>")
            && part
                .contains("aria-label=\"extrait du dossier précédent 2020.yaml, lignes 42 à 44\"")
            && part.contains("<mark>8420</mark>"),
        "{}",
        html.stdout
    );
    let md = ws.run(&[
        "check",
        "--format",
        "markdown",
        "--previous",
        "2020.yaml",
        "2021.yaml",
    ]);
    let part = &md.stdout[md.stdout.find("HI001").expect("HI001 in Markdown")..];
    assert!(
        part.contains("*Dans le dossier précédent,* `2020.yaml`")
            && part.contains("43 │     reserve_legale: 8420"),
        "{}",
        md.stdout
    );
    let json = check(&ws, &["--previous", "2020.yaml", "2021.yaml"]);
    let findings = json.dossiers()[0]["findings"].clone();
    let hi001 = findings
        .as_array()
        .and_then(|f| f.iter().find(|f| f["code"] == "HI001"))
        .expect("HI001 in JSON");
    assert_eq!(hi001["related"][0]["path"], "2020.yaml");
    assert_eq!(hi001["related"][0]["line"], 43);
    // Without the previous year, nothing to compare with: no HI001 at all.
    let alone = ws.run(&["check", "--color", "never", "2021.yaml"]);
    assert!(!alone.stdout.contains("HI001("), "{}", alone.stdout);
}

/// Linking reads only each file's identity; a dossier whose identity uses an alias to a value
/// that cheap read leaves out (here `periode.debut` aliasing `revision.derniere`) is read fully
/// and still linked.
#[test]
fn an_identity_with_an_alias_to_another_section_still_links() {
    let ws = Workspace::new();
    let moved = with(
        Y2021,
        "periode: { debut: 2021-01-01, fin: 2021-12-31 }\n",
        "",
    );
    let aliased = with(
        &moved,
        "revision: { derniere: 2019-03-15",
        "revision: { derniere: &revue 2019-03-15",
    ) + "periode: { debut: *revue, fin: 2021-12-31 }\n";
    ws.write("2020.yaml", Y2020);
    ws.write("2021.yaml", aliased);
    let run = check(&ws, &["2020.yaml", "2021.yaml"]);
    assert_eq!(
        links(&run),
        vec![
            ("2020.yaml".into(), None),
            ("2021.yaml".into(), Some("2020.yaml".into())),
        ],
        "{}",
        run.stderr
    );
}
