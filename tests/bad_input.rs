//! Bad inputs end as located diagnostics with the right code, line and exit status (DESIGN §7
//! and §8): the real binary is run on files written in a temporary directory, and its JSON
//! report is read back.

mod common;

use std::fs::{self, File};
use std::path::Path;
use std::time::SystemTime;

use common::{
    Finding, MINIMAL, Workspace, byte_column_of, char_column_of, has_ansi, line_of, minimal_with,
    run_in,
};

/// Exit status when every dossier is conforming or conditional.
const OK: i32 = 0;
/// Exit status when a dossier is non-conforming (schema errors are blocking).
const NON_CONFORMING: i32 = 1;
/// Exit status when a dossier could not be evaluated.
const NOT_EVALUABLE: i32 = 2;

/// A 200-byte dossier (padded with a comment) that is read and judged: it passes the schema and
/// its decision is `conditional` at worst (exit status 0).
fn valid_200_bytes() -> String {
    let body = "\
dossier: 1
type: cooperative
cooperative: {nom: E, pays: FR}
periode: {debut: 2026-01-01, fin: 2026-12-31}
etape: faisabilite
creation: {faisabilite: {volonte_territoriale: d, structure_appui: m}}
";
    let pad = 200 - body.len() - 3; // "# " and "\n"
    let text = format!("{body}# {}\n", "x".repeat(pad));
    assert_eq!(text.len(), 200);
    text
}

/// Asserts one finding's code and line, and the run's exit status.
fn assert_located(run: &common::Run, code: &str, line: u64, status: i32) -> Finding {
    let f = run.only_finding();
    assert_eq!(f.code, code, "{f:#?}");
    assert_eq!(f.line, Some(line), "line of {f:#?}");
    assert!(f.column.is_some_and(|c| c >= 1), "column of {f:#?}");
    run.assert_status(status);
    f
}

/// Asserts a load finding that has no location (the file was not read as text).
fn assert_unlocated(run: &common::Run, code: &str) -> Finding {
    let f = run.only_finding();
    assert_eq!(f.code, code, "{f:#?}");
    assert_eq!(f.line, None, "{f:#?}");
    assert!(f.blocking);
    run.assert_status(NOT_EVALUABLE);
    assert_eq!(run.dossiers()[0]["decision"], "not_evaluable");
    f
}

// ── Unreadable files (LD001) ────────────────────────────────────────────────────────────────

#[test]
fn nonexistent_path_is_unreadable_ld001_exit_2() {
    let ws = Workspace::new();
    let run = ws.run(&["check", "--format", "json", "absent.yaml"]);
    let f = assert_unlocated(&run, "LD001");
    assert!(
        f.message.starts_with("impossible de lire le fichier"),
        "{f:#?}"
    );
    assert_eq!(run.dossiers()[0]["path"], "absent.yaml");
}

#[test]
fn path_through_a_regular_file_is_unreadable_ld001() {
    let ws = Workspace::new();
    ws.write("dossier.yaml", MINIMAL);
    let run = ws.run(&["check", "--format", "json", "dossier.yaml/autre.yaml"]);
    assert_unlocated(&run, "LD001");
}

#[cfg(unix)]
#[test]
fn dangling_symlink_in_a_walked_directory_is_ld001_and_its_siblings_are_checked() {
    let ws = Workspace::new();
    ws.write("depot/a.yaml", MINIMAL);
    std::os::unix::fs::symlink(
        ws.path().join("nulle-part.yaml"),
        ws.path().join("depot/b.yaml"),
    )
    .expect("symlink");
    let run = ws.run(&["check", "--format", "json", "depot"]);
    run.assert_status(NOT_EVALUABLE);
    let dossiers = run.dossiers();
    assert_eq!(dossiers.len(), 2, "{}", run.stdout);
    assert_eq!(dossiers[0]["path"], "depot/a.yaml");
    assert_eq!(dossiers[0]["decision"], "conforming");
    assert_eq!(dossiers[1]["path"], "depot/b.yaml");
    let codes: Vec<_> = common::findings_of(&dossiers[1])
        .into_iter()
        .map(|f| f.code)
        .collect();
    assert_eq!(codes, ["LD001"]);
}

#[cfg(unix)]
#[test]
fn file_without_read_permission_is_ld001() {
    use std::os::unix::fs::PermissionsExt;
    let ws = Workspace::new();
    let path = ws.write("secret.yaml", MINIMAL);
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).expect("chmod 000");
    if fs::read(&path).is_ok() {
        // Running as root: permissions do not stop a read; the other LD001 tests cover it.
        eprintln!("skipped: this user can read a mode-000 file");
        return;
    }
    let run = ws.run(&["check", "--format", "json", "secret.yaml"]);
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).expect("chmod back");
    assert_unlocated(&run, "LD001");
}

// ── Size (LD002) ────────────────────────────────────────────────────────────────────────────

#[test]
fn file_over_max_file_size_is_ld002_and_the_limit_is_inclusive() {
    let ws = Workspace::new();
    let text = valid_200_bytes();
    let run = ws.check_json("petit.yaml", &text, &["--max-file-size", "100"]);
    let f = assert_unlocated(&run, "LD002");
    assert!(
        f.message.contains("200") && f.message.contains("100"),
        "{f:#?}"
    );
    assert!(
        f.help
            .as_deref()
            .unwrap_or_default()
            .contains("--max-file-size")
    );

    // The same file at exactly the limit is read and judged.
    let run = ws.run(&[
        "check",
        "--format",
        "json",
        "--max-file-size",
        "200",
        "petit.yaml",
    ]);
    let codes: Vec<_> = run.findings().into_iter().map(|f| f.code).collect();
    assert!(
        codes
            .iter()
            .all(|c| !c.starts_with("LD") && !c.starts_with("SC")),
        "{codes:?}"
    );
    assert_ne!(run.dossiers()[0]["decision"], "not_evaluable");
    run.assert_status(OK);
}

#[test]
fn sparse_eleven_mib_file_is_ld002_under_the_default_limit() {
    let ws = Workspace::new();
    let path = ws.path().join("enorme.yaml");
    File::create(&path)
        .and_then(|f| f.set_len(11 * 1024 * 1024))
        .expect("sparse file");
    let run = ws.run(&["check", "--format", "json", "enorme.yaml"]);
    let f = assert_unlocated(&run, "LD002");
    assert!(f.message.contains("11534336"), "{f:#?}");
    assert!(f.message.contains("10485760"), "{f:#?}");
}

#[test]
fn stdin_over_max_file_size_is_ld002() {
    let ws = Workspace::new();
    let run = run_in(
        ws.path(),
        &["check", "--format", "json", "--max-file-size", "100", "-"],
        &[],
        Some(valid_200_bytes().as_bytes()),
    );
    assert_unlocated(&run, "LD002");
}

// ── Empty and data-less files (LD003, LD006) ─────────────────────────────────────────────────

#[test]
fn zero_byte_file_is_ld003() {
    let run = Workspace::new().check_json("vide.yaml", "", &[]);
    let f = assert_unlocated(&run, "LD003");
    assert_eq!(f.message, "le fichier est vide");
}

#[test]
fn blank_only_file_is_ld003() {
    let run = Workspace::new().check_json("blanc.yaml", "  \n\n\t \r\n   \n", &[]);
    assert_unlocated(&run, "LD003");
}

#[test]
fn comment_only_file_is_ld006() {
    let run = Workspace::new().check_json(
        "commentaires.yaml",
        "# Dossier à remplir\n\n# dossier: 1\n   # type: cooperative\n",
        &[],
    );
    assert_unlocated(&run, "LD006");
}

// ── Binary data and encodings (LD004, LD005) ────────────────────────────────────────────────

#[test]
fn nul_byte_is_ld004_located_on_its_line() {
    let bytes = b"dossier: 1\ntype: cooperative\ncooperative: { nom: \"A\x00B\" }\n";
    let run = Workspace::new().check_json("binaire.yaml", bytes, &[]);
    let f = assert_located(&run, "LD004", 3, NOT_EVALUABLE);
    assert_eq!(
        f.column,
        Some(23),
        "the NUL is the 23rd character of line 3"
    );
}

#[test]
fn latin1_e_acute_on_line_3_is_ld005_at_line_3() {
    // "Zoé" saved as Latin-1: é is the single byte 0xE9.
    let bytes = b"dossier: 1\ntype: cooperative\ncooperative: { nom: Zo\xe9, pays: FR }\n";
    let run = Workspace::new().check_json("latin1.yaml", bytes, &[]);
    let f = assert_located(&run, "LD005", 3, NOT_EVALUABLE);
    assert_eq!(f.column, Some(23), "0xE9 is the 23rd character of line 3");
    assert!(f.message.contains("UTF-8"), "{f:#?}");
}

#[test]
fn utf16_byte_order_marks_are_ld005() {
    let ws = Workspace::new();
    let utf16 = |bom: [u8; 2], big_endian: bool| {
        let mut bytes = bom.to_vec();
        for unit in "dossier: 1\ntype: cooperative\n".encode_utf16() {
            bytes.extend(if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            });
        }
        bytes
    };
    for (name, bytes) in [
        ("utf16le.yaml", utf16([0xFF, 0xFE], false)),
        ("utf16be.yaml", utf16([0xFE, 0xFF], true)),
    ] {
        let run = ws.check_json(name, bytes, &[]);
        let f = run.only_finding();
        assert_eq!(f.code, "LD005", "{name}: {f:#?}");
        assert!(f.message.contains("UTF-16"), "{name}: {f:#?}");
        run.assert_status(NOT_EVALUABLE);
    }
}

#[test]
fn utf8_byte_order_mark_is_accepted() {
    let run = Workspace::new().check_json("bom.yaml", format!("\u{FEFF}{MINIMAL}"), &[]);
    assert_eq!(run.findings(), []);
    run.assert_status(OK);
}

// ── Malformed YAML (LD010) ──────────────────────────────────────────────────────────────────

#[test]
fn unclosed_quote_is_ld010_on_the_quote_line() {
    let text = "dossier: 1\ntype: cooperative\ncooperative:\n  pays: FR\n  nom: \"Zoé\n";
    let run = Workspace::new().check_json("guillemet.yaml", text, &[]);
    let f = assert_located(&run, "LD010", 5, NOT_EVALUABLE);
    assert_eq!(f.column, Some(char_column_of(text, "\"Zoé")));
    assert!(f.message.contains("guillemet"), "{f:#?}");
}

#[test]
fn tab_indentation_is_ld010_on_the_tab_line() {
    let text = minimal_with("  pays: FR\n", "\tpays: FR\n");
    let run = Workspace::new().check_json("tabulation.yaml", &text, &[]);
    let f = assert_located(&run, "LD010", 5, NOT_EVALUABLE);
    assert!(f.message.contains("tabulation"), "{f:#?}");
    assert!(
        f.help.as_deref().unwrap_or_default().contains("espaces"),
        "{f:#?}"
    );
}

#[test]
fn misaligned_list_item_is_ld010_on_that_item_line() {
    let text = format!(
        "{MINIMAL}territoire:\n  partenaires:\n    - nom: A\n      type: collectivite\n     - nom: B\n"
    );
    let run = Workspace::new().check_json("liste.yaml", &text, &[]);
    let f = assert_located(
        &run,
        "LD010",
        line_of(&text, "     - nom: B"),
        NOT_EVALUABLE,
    );
    assert!(f.message.contains("liste"), "{f:#?}");
}

// ── Duplicate keys (LD011) ──────────────────────────────────────────────────────────────────

#[test]
fn duplicate_key_is_ld011_at_the_second_occurrence() {
    let text = minimal_with("  pays: FR\n", "  pays: FR\n  nom: Autre nom\n");
    let ws = Workspace::new();
    let run = ws.check_json("doublon.yaml", &text, &[]);
    let f = assert_located(&run, "LD011", 6, NOT_EVALUABLE);
    assert_eq!(f.column, Some(3));
    assert!(f.message.contains("`nom`"), "{f:#?}");

    // The human report labels both occurrences, the header at the second.
    let human = ws.run(&["check", "--color", "never", "doublon.yaml"]);
    assert!(
        human.stdout.contains("[doublon.yaml:6:3]"),
        "{}",
        human.stdout
    );
    assert!(
        human.stdout.contains("première occurrence"),
        "{}",
        human.stdout
    );
    assert!(
        human.stdout.contains("deuxième occurrence"),
        "{}",
        human.stdout
    );
}

#[test]
fn duplicate_key_in_a_flow_mapping_is_ld011_at_the_second_key() {
    let text = minimal_with(
        "periode: { debut: 2026-01-01, fin: 2026-12-31 }",
        "periode: { debut: 2026-01-01, fin: 2026-12-31, debut: 2026-02-01 }",
    );
    let run = Workspace::new().check_json("doublon.yaml", &text, &[]);
    let f = assert_located(&run, "LD011", 6, NOT_EVALUABLE);
    assert_eq!(f.column, Some(char_column_of(&text, "debut: 2026-02-01")));
}

// ── Nesting (LD012) ─────────────────────────────────────────────────────────────────────────

#[test]
fn ten_thousand_nested_flow_sequences_are_ld012() {
    let text = format!("dossier: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
    let run = Workspace::new().check_json("crochets.yaml", text, &[]);
    let f = assert_located(&run, "LD012", 1, NOT_EVALUABLE);
    assert!(f.message.contains("imbrication"), "{f:#?}");
}

#[test]
fn ten_thousand_nested_block_sequences_are_ld012_without_stack_overflow() {
    let text = format!("dossier: 1\nliste:\n{}x\n", "- ".repeat(10_000));
    let run = Workspace::new().check_json("tirets.yaml", text, &[]);
    // A stack overflow would kill the process with a signal: `status` would be `None`.
    let f = assert_located(&run, "LD012", 3, NOT_EVALUABLE);
    assert!(
        f.message.contains("64"),
        "the default limit is named: {f:#?}"
    );
}

#[test]
fn max_depth_rejects_one_level_more_and_accepts_exactly_the_limit() {
    let text = "dossier: 1\na:\n  b:\n    c:\n      d: 1\n";
    let ws = Workspace::new();
    let run = ws.check_json("profond.yaml", text, &["--max-depth", "3"]);
    let f = assert_located(&run, "LD012", 5, NOT_EVALUABLE);
    assert!(f.message.contains("plus de 3 niveaux"), "{f:#?}");

    // Four levels with a limit of four: loaded, then refused by the schema only.
    let run = ws.run(&[
        "check",
        "--format",
        "json",
        "--max-depth",
        "4",
        "profond.yaml",
    ]);
    assert!(
        run.findings().iter().all(|f| f.code.starts_with("SC")),
        "{}",
        run.stdout
    );
    run.assert_status(NON_CONFORMING);
}

// ── Alias bombs (LD013) ─────────────────────────────────────────────────────────────────────

#[test]
fn billion_laughs_is_ld013_and_finishes() {
    let mut text = String::from("dossier: 1\na: &a [x,x,x,x,x,x,x,x,x]\n");
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for pair in names.windows(2) {
        let (prev, name) = (pair[0], pair[1]);
        let refs = vec![format!("*{prev}"); 9].join(",");
        text.push_str(&format!("{name}: &{name} [{refs}]\n"));
    }
    let ws = Workspace::new();
    // Nine levels of nine: 9^9 (387 million) values if expanded. The watchdog of `run_in`
    // turns a hang into a failure.
    let run = ws.check_json("bombe.yaml", &text, &[]);
    let f = run.only_finding();
    assert_eq!(f.code, "LD013", "{f:#?}");
    run.assert_status(NOT_EVALUABLE);
    // The budget of 10 000 is crossed while expanding `e` (the aliases of b, c, d: ~8 300 values).
    assert_eq!(f.line, Some(line_of(&text, "e: &e")), "{f:#?}");
    assert!(f.message.contains("10000"), "{f:#?}");

    // A smaller budget stops it earlier, on `c`.
    let run = ws.run(&[
        "check",
        "--format",
        "json",
        "--max-alias-nodes",
        "100",
        "bombe.yaml",
    ]);
    let f = run.only_finding();
    assert_eq!(f.code, "LD013", "{f:#?}");
    assert_eq!(f.line, Some(line_of(&text, "c: &c")), "{f:#?}");
}

#[test]
fn anchors_and_aliases_within_the_budget_are_accepted() {
    let text = minimal_with(
        "    volonte_territoriale: \"délibération du conseil communautaire\"\n    structure_appui: \"Maison de l'initiative\"\n",
        "    structure_appui: &appui \"Maison de l'initiative\"\n    volonte_territoriale: *appui\n",
    );
    assert!(text.contains("&appui") && text.contains("*appui"));
    let run = Workspace::new().check_json("ancre.yaml", &text, &[]);
    assert_eq!(run.findings(), []);
    run.assert_status(OK);
}

// ── Not one mapping (LD015, LD016, LD017) ───────────────────────────────────────────────────

#[test]
fn list_at_the_root_is_ld016() {
    let run = Workspace::new().check_json("liste.yaml", "- dossier: 1\n- type: cooperative\n", &[]);
    let f = assert_located(&run, "LD016", 1, NOT_EVALUABLE);
    assert!(f.message.contains("pas une liste"), "{f:#?}");
}

#[test]
fn scalar_at_the_root_is_ld016() {
    let run = Workspace::new().check_json("texte.yaml", "# dossier\nBonjour le comité\n", &[]);
    let f = assert_located(&run, "LD016", 2, NOT_EVALUABLE);
    assert!(f.message.contains("pas un texte"), "{f:#?}");
}

#[test]
fn two_documents_are_ld015_at_the_second_document() {
    let text = format!("{MINIMAL}---\n{MINIMAL}");
    let run = Workspace::new().check_json("deux.yaml", &text, &[]);
    assert_located(&run, "LD015", line_of(&text, "---"), NOT_EVALUABLE);
}

#[test]
fn complex_key_is_ld017() {
    let text = "dossier: 1\n? [a, b]\n: 1\n";
    let run = Workspace::new().check_json("cle.yaml", text, &[]);
    assert_located(&run, "LD017", 2, NOT_EVALUABLE);
}

// ── Schema findings (SC…) ───────────────────────────────────────────────────────────────────

#[test]
fn wrong_types_are_sc001_at_their_lines_exit_1() {
    let text = format!(
        "{}public:\n  accueillis: \"deux cents\"\n",
        minimal_with("  pays: FR\n", "  pays: FR\n  membre_cg_scop: oui\n")
    );
    let run = Workspace::new().check_json("types.yaml", &text, &[]);
    run.assert_status(NON_CONFORMING);
    let found: Vec<_> = run
        .findings()
        .into_iter()
        .map(|f| (f.code, f.line, f.column, f.pointer))
        .collect();
    assert_eq!(
        found,
        [
            (
                "SC001".to_string(),
                Some(line_of(&text, "membre_cg_scop")),
                Some(char_column_of(&text, "oui")),
                "/cooperative/membre_cg_scop".to_string()
            ),
            (
                "SC001".to_string(),
                Some(line_of(&text, "accueillis")),
                Some(char_column_of(&text, "\"deux cents\"")),
                "/public/accueillis".to_string()
            ),
        ]
    );
    assert_eq!(run.dossiers()[0]["decision"], "non_conforming");
}

#[test]
fn quoted_wrong_value_is_quoted_in_the_message_as_written() {
    // A trailing comment and blanks after a quoted value must not leak into the message.
    let text = format!("{MINIMAL}public:\n  accueillis: \"deux cents\"   # d'après le rapport\n");
    let run = Workspace::new().check_json("types.yaml", &text, &[]);
    let f = run.only_finding();
    assert_eq!(f.code, "SC001");
    assert!(f.message.contains("« deux cents »"), "{f:#?}");
}

#[test]
fn rate_written_as_a_percentage_is_sc005_with_help_suggesting_the_fraction() {
    let text = format!("{MINIMAL}statuts:\n  dotation_reserves_min: 65\n");
    let run = Workspace::new().check_json("taux.yaml", &text, &[]);
    let f = assert_located(
        &run,
        "SC005",
        line_of(&text, "dotation_reserves_min"),
        NON_CONFORMING,
    );
    assert_eq!(f.pointer, "/statuts/dotation_reserves_min");
    assert_eq!(f.column, Some(char_column_of(&text, "65")));
    assert!(
        f.help.as_deref().unwrap_or_default().contains("0.65"),
        "{f:#?}"
    );
}

#[test]
fn misspelled_key_is_sc003_suggesting_the_right_one() {
    let text = format!("{MINIMAL}entreprenurs: []\n");
    let run = Workspace::new().check_json("orthographe.yaml", &text, &[]);
    let f = assert_located(
        &run,
        "SC003",
        line_of(&text, "entreprenurs"),
        NON_CONFORMING,
    );
    assert_eq!(f.column, Some(1));
    assert!(f.message.contains("entreprenurs"), "{f:#?}");
    let help = f.help.unwrap_or_default();
    assert!(
        help.contains("vouliez-vous écrire `entrepreneurs`"),
        "{help}"
    );
}

#[test]
fn missing_required_key_is_sc002_located_at_its_parent_mapping() {
    let text = minimal_with("  pays: FR\n", "");
    let run = Workspace::new().check_json("manquant.yaml", &text, &[]);
    // Shown on the parent mapping's own line, `cooperative:` (line 3).
    let f = assert_located(&run, "SC002", 3, NON_CONFORMING);
    assert_eq!(f.pointer, "/cooperative");
    assert_eq!(f.column, Some(1));
    assert!(f.message.contains("`pays`"), "{f:#?}");
}

#[test]
fn missing_section_required_by_the_stage_is_sc002_at_the_root() {
    // `creation.faisabilite` is required from the first stage on.
    let text = MINIMAL.split("creation:").next().expect("head").to_string();
    let run = Workspace::new().check_json("sans-creation.yaml", &text, &[]);
    let f = assert_located(&run, "SC002", 1, NON_CONFORMING);
    assert_eq!(f.pointer, "");
    assert!(f.message.contains("`creation`"), "{f:#?}");
}

#[test]
fn impossible_date_is_sc006() {
    let text = minimal_with("fin: 2026-12-31", "fin: 2000-02-30");
    let run = Workspace::new().check_json("date.yaml", &text, &[]);
    let f = assert_located(&run, "SC006", 6, NON_CONFORMING);
    assert_eq!(f.pointer, "/periode/fin");
    assert_eq!(f.column, Some(char_column_of(&text, "2000-02-30")));
    assert!(f.message.contains("2000-02-30"), "{f:#?}");
}

#[test]
fn unknown_format_version_is_sc007() {
    let text = minimal_with("dossier: 1", "dossier: 2");
    let run = Workspace::new().check_json("version.yaml", &text, &[]);
    let f = assert_located(&run, "SC007", 1, NON_CONFORMING);
    assert_eq!(f.pointer, "/dossier");
    assert_eq!(f.column, Some(10));
}

// ── Batches, stdin, exit statuses ───────────────────────────────────────────────────────────

#[test]
fn valid_dossier_exits_0_with_no_finding() {
    let run = Workspace::new().check_json("bon.yaml", MINIMAL, &[]);
    assert_eq!(run.findings(), []);
    assert_eq!(run.dossiers()[0]["decision"], "conforming");
    run.assert_status(OK);
}

#[test]
fn batch_reports_every_dossier_sorted_by_path_with_the_worst_exit_status() {
    let ws = Workspace::new();
    ws.write("good.yaml", MINIMAL);
    ws.write("broken.yaml", "dossier: 1\ncooperative:\n  nom: \"Zoé\n");
    let run = ws.run(&[
        "check",
        "--format",
        "json",
        "good.yaml",
        "broken.yaml",
        "missing.yaml",
    ]);
    run.assert_status(NOT_EVALUABLE);
    let dossiers = run.dossiers();
    let summary: Vec<_> = dossiers
        .iter()
        .map(|d| {
            let codes: Vec<_> = common::findings_of(d).into_iter().map(|f| f.code).collect();
            (
                d["path"].as_str().unwrap_or_default().to_string(),
                d["decision"].clone(),
                codes,
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                "broken.yaml".to_string(),
                "not_evaluable".into(),
                vec!["LD010".to_string()]
            ),
            ("good.yaml".to_string(), "conforming".into(), vec![]),
            (
                "missing.yaml".to_string(),
                "not_evaluable".into(),
                vec!["LD001".to_string()]
            ),
        ]
    );
    // The good dossier was evaluated, not skipped.
    assert_eq!(dossiers[1]["cooperative"], "Coopérative d'essai");
    assert_eq!(dossiers[1]["stage"], "faisabilite");
    let totals = &run.json()["summary"];
    assert_eq!(totals["dossiers"], 3);
    assert_eq!(totals["conforming"], 1);
    assert_eq!(totals["not_evaluable"], 2);
}

#[test]
fn batch_with_a_non_conforming_dossier_and_no_unreadable_one_exits_1() {
    let ws = Workspace::new();
    ws.write("a.yaml", MINIMAL);
    ws.write("b.yaml", minimal_with("dossier: 1", "dossier: 2"));
    let run = ws.run(&["check", "--format", "json", "."]);
    run.assert_status(NON_CONFORMING);
    assert_eq!(run.dossiers().len(), 2);
}

#[test]
fn stdin_dossier_is_checked_and_named_stdin() {
    let ws = Workspace::new();
    let run = run_in(
        ws.path(),
        &["check", "--format", "json", "-"],
        &[],
        Some(MINIMAL.as_bytes()),
    );
    run.assert_status(OK);
    let dossiers = run.dossiers();
    assert_eq!(dossiers.len(), 1);
    assert_eq!(dossiers[0]["path"], "<stdin>");
    assert_eq!(dossiers[0]["cooperative"], "Coopérative d'essai");
    assert_eq!(dossiers[0]["decision"], "conforming");

    // Findings on stdin are located like those of a file.
    let text = minimal_with("dossier: 1", "dossier: 2");
    let run = run_in(
        ws.path(),
        &["check", "--format", "json", "-"],
        &[],
        Some(text.as_bytes()),
    );
    let f = assert_located(&run, "SC007", 1, NON_CONFORMING);
    assert_eq!(f.pointer, "/dossier");
    let human = run_in(
        ws.path(),
        &["check", "--color", "never", "-"],
        &[],
        Some(text.as_bytes()),
    );
    assert!(human.stdout.contains("[<stdin>:1:10]"), "{}", human.stdout);
}

// ── The tool never writes to its inputs ─────────────────────────────────────────────────────

fn snapshot(path: &Path) -> (Vec<u8>, SystemTime) {
    let bytes = fs::read(path).expect("read input");
    let mtime = fs::metadata(path)
        .and_then(|m| m.modified())
        .expect("mtime");
    (bytes, mtime)
}

#[test]
fn check_never_modifies_its_inputs() {
    let ws = Workspace::new();
    let inputs = [
        ws.write("depot/bon.yaml", MINIMAL),
        ws.write(
            "depot/schema.yaml",
            minimal_with("dossier: 1", "dossier: 2"),
        ),
        ws.write(
            "depot/syntaxe.yaml",
            "dossier: 1\ncooperative:\n  nom: \"Zoé\n",
        ),
        ws.write("depot/latin1.yaml", b"dossier: 1\nnom: Zo\xe9\n"),
        ws.write("depot/bom.yml", format!("\u{FEFF}{MINIMAL}")),
        ws.write("seul.yaml", "dossier: 1\r\ntype: cooperative\r\n"),
    ];
    let before: Vec<_> = inputs.iter().map(|p| snapshot(p)).collect();
    let listing = |dir: &Path| {
        let mut names: Vec<_> = fs::read_dir(dir)
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        names.sort();
        names
    };
    let files_before = (listing(ws.path()), listing(&ws.path().join("depot")));
    for format in ["human", "json"] {
        let run = ws.run(&["check", "--format", format, "depot", "seul.yaml"]);
        assert_eq!(run.status, Some(NOT_EVALUABLE), "{}", run.stderr);
    }
    let after: Vec<_> = inputs.iter().map(|p| snapshot(p)).collect();
    for ((path, b), a) in inputs.iter().zip(&before).zip(&after) {
        assert!(b.0 == a.0, "{} changed", path.display());
        assert_eq!(b.1, a.1, "{} mtime changed", path.display());
    }
    let files_after = (listing(ws.path()), listing(&ws.path().join("depot")));
    assert_eq!(
        files_before, files_after,
        "no file created or removed next to the inputs"
    );
}

// ── Colours ─────────────────────────────────────────────────────────────────────────────────

/// A dossier with one schema error, so that a diagnostic is drawn.
fn coloured_workspace() -> Workspace {
    let ws = Workspace::new();
    ws.write("couleur.yaml", minimal_with("dossier: 1", "dossier: 2"));
    ws
}

#[test]
fn color_always_emits_ansi_escapes() {
    let ws = coloured_workspace();
    let run = ws.run(&["check", "--color", "always", "couleur.yaml"]);
    run.assert_status(NON_CONFORMING);
    assert!(has_ansi(&run.stdout), "{}", run.stdout);
}

#[test]
fn color_never_emits_no_ansi_escape() {
    let ws = coloured_workspace();
    let run = ws.run(&["check", "--color", "never", "couleur.yaml"]);
    run.assert_status(NON_CONFORMING);
    assert!(run.stdout.contains("SC007"), "{}", run.stdout);
    assert!(!has_ansi(&run.stdout), "{}", run.stdout);
}

#[test]
fn no_color_with_color_auto_emits_no_ansi_escape() {
    let ws = coloured_workspace();
    let run = run_in(
        ws.path(),
        &["check", "--color", "auto", "couleur.yaml"],
        &[
            ("NO_COLOR", "1"),
            ("CLICOLOR_FORCE", "1"),
            ("FORCE_COLOR", "1"),
        ],
        None,
    );
    run.assert_status(NON_CONFORMING);
    assert!(run.stdout.contains("SC007"), "{}", run.stdout);
    assert!(!has_ansi(&run.stdout), "{}", run.stdout);
}

#[test]
fn color_auto_is_plain_when_stdout_is_not_a_terminal() {
    let ws = coloured_workspace();
    let run = ws.run(&["check", "couleur.yaml"]);
    assert!(run.stdout.contains("SC007"), "{}", run.stdout);
    assert!(!has_ansi(&run.stdout), "{}", run.stdout);
}

// ── Human output on lines with accents ──────────────────────────────────────────────────────

/// A dossier whose error (`membre_cg_scop: oui`) sits after accented text on its line.
const ACCENTED: &str = "\
dossier: 1
type: cooperative
cooperative: { nom: Zoé Société à « x », pays: FR, membre_cg_scop: oui }
periode: { debut: 2026-01-01, fin: 2026-12-31 }
etape: faisabilite
creation: { faisabilite: { structure_appui: Maison } }
";

#[test]
fn human_header_column_counts_characters_on_an_accented_line() {
    let ws = Workspace::new();
    ws.write("accents.yaml", ACCENTED);
    let chars = char_column_of(ACCENTED, "oui }");
    let bytes = byte_column_of(ACCENTED, "oui }");
    assert_ne!(
        chars, bytes,
        "the line must have multi-byte characters before the value"
    );

    let run = ws.run(&["check", "--color", "never", "accents.yaml"]);
    run.assert_status(NON_CONFORMING);
    let header = format!("[accents.yaml:3:{chars}]");
    assert!(
        run.stdout.contains(&header),
        "expected {header} in:\n{}",
        run.stdout
    );

    let run = ws.run(&["check", "--format", "json", "accents.yaml"]);
    let f = run.only_finding();
    assert_eq!(
        (f.code.as_str(), f.line, f.column),
        ("SC001", Some(3), Some(chars))
    );
}

#[test]
fn human_underline_sits_under_the_value_on_an_accented_line() {
    let ws = Workspace::new();
    ws.write("accents.yaml", ACCENTED);
    let run = ws.run(&["check", "--color", "never", "accents.yaml"]);
    let lines: Vec<&str> = run.stdout.lines().collect();
    let source = lines
        .iter()
        .position(|l| l.contains("membre_cg_scop: oui"))
        .unwrap_or_else(|| panic!("snippet line not found:\n{}", run.stdout));
    let underline = lines[source + 1];
    let value_at = char_column_of(lines[source], "oui }");
    let bar_at = char_column_of(underline, "─");
    assert_eq!(
        bar_at, value_at,
        "underline starts under the value:\n{}\n{underline}",
        lines[source]
    );
    // `oui` is three characters: `─┬─`.
    assert!(underline.trim_end().ends_with("─┬─"), "{underline}");
}
