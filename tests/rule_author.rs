//! What a rule author sees, snapshotted: one rule-file error per RF code (the human miette
//! output, in French, and in English for a few: rule-file errors follow `--lang`), and the
//! output of `cooplabel test`, passing and failing. Each fixture is the smallest rule
//! directory that makes its error; a new RF code without a fixture fails
//! `every_rule_file_code_has_a_fixture`.

use std::process::Output;

use cooplabel::codes::Code;

/// A rule that loads: each fixture changes one thing in it.
const RULE: &str = r#"family: { code: RG, title: Règles régionales }
rules:
  - code: RG001
    name: quatre-intervenants
    title: Au moins quatre intervenants spécialisés
    severity: warning
    niveau: recommande
    applies: { stage: suivi }
    check: CHECK
    message: "Seulement {/accompagnement/intervenants_specialises} intervenants."
    help: Recrutez des intervenants.
    sources: [{ practice: "décision du comité régional" }]
    explanation: Le réseau régional demande quatre intervenants.
    examples:
      fail: { base: suivi-fr-2021, set: { /accompagnement/intervenants_specialises: 2 } }
      pass: { base: suivi-fr-2021, set: { /accompagnement/intervenants_specialises: 5 } }
"#;

const GOOD_CHECK: &str = "{ ge: [/accompagnement/intervenants_specialises, 4] }";

/// The rule with this check.
fn rule(check: &str) -> String {
    RULE.replace("CHECK", check)
}

/// The rule with a good check and one replacement in its text.
fn edited(from: &str, to: &str) -> String {
    let good = rule(GOOD_CHECK);
    assert!(good.contains(from), "{from}");
    good.replacen(from, to, 1)
}

/// A second rule, RG002, with this check.
fn second(check: &str) -> String {
    let text = rule(check);
    let body = text.split_once("rules:\n").map_or("", |(_, b)| b);
    body.replacen("RG001", "RG002", 1)
        .replacen("quatre-intervenants", "deux-intervenants", 1)
}

/// The files of a fixture (name, bytes), and the options of the run.
type Fixture = (Vec<(&'static str, Vec<u8>)>, Vec<&'static str>);

/// The fixture of an RF code.
fn fixture(code: Code) -> Option<Fixture> {
    let pack = |text: String| vec![("regional.yaml", text.into_bytes())];
    let files = match code {
        // Not UTF-8.
        Code::Rf000 => vec![("regional.yaml", b"rules: \xff\xfe\n".to_vec())],
        Code::Rf001 => pack(rule(
            "{ gte: [/accompagnement/intervenants_specialises, 4] }",
        )),
        Code::Rf003 => pack(rule(
            "{ ge: [/accompagnement/intervenants_specialises, { param: reseau.intervenants_min }] }",
        )),
        Code::Rf004 => pack(rule(
            "{ ge: [/accompagnement/intervenants_specialises, { var: minimum }] }",
        )),
        Code::Rf005 => pack(rule("{ ge: [/accompagnement//intervenants_specialises, 4] }")),
        Code::Rf006 => pack(rule("{ eq: [{ context: annee }, 2021] }")),
        Code::Rf007 => pack(rule("{ eq: [{ failed: [RG009] }, 0] }")),
        Code::Rf008 => pack(rule(GOOD_CHECK) + &second(GOOD_CHECK).replacen("RG002", "RG001", 1)),
        Code::Rf009 => pack(edited(
            "    severity:",
            "    principle: solidarite-regionale\n    severity:",
        )),
        Code::Rf010 => pack(edited("code: RG001", "code: RX001")),
        Code::Rf011 => pack(
            rule("{ eq: [{ failed: [RG002] }, 0] }") + &second("{ eq: [{ failed: [RG001] }, 0] }"),
        ),
        Code::Rf012 => pack(edited(
            "practice: \"décision du comité régional\"",
            "practice: \"décision du comité régional\", from: 2021-01-01, until: 2020-01-01",
        )),
        Code::Rf013 => pack(edited(
            "{/accompagnement/intervenants_specialises} intervenants",
            "{nombre} intervenants",
        )),
        Code::Rf014 => pack(
            edited("    severity: warning\n", "    kind: note\n    severity: info\n")
                .replacen("niveau: recommande", "niveau: information", 1),
        ),
        Code::Rf015 => vec![
            ("regional.yaml", rule(GOOD_CHECK).into_bytes()),
            (
                "mes-parametres.yaml",
                b"parameters:\n  reseau.taux:\n    description: Un taux.\n    unit: rate\n    values: [{ from: 2020-01-01, value: beaucoup }]\n".to_vec(),
            ),
        ],
        Code::Rf016 => vec![(
            "decision.yaml",
            b"verdict:\n  recommended_threshold: { description: Seuil., unit: rate, values: [{ value: 0.5 }] }\n  waiver_notice_days: { description: Preavis., unit: count, values: [{ value: 60 }] }\n".to_vec(),
        )],
        Code::Rf017 => pack(
            rule("{ each: /entrepreneurs, check: { some: /entrepreneurs, check: { eq: [.id, .id] } } }")
                .replacen("    check:", "    for_each: /entrepreneurs\n    check:", 1),
        ),
        Code::Rf018 => pack(edited(
            "sources: [{ practice: \"décision du comité régional\" }]",
            "derogeable: true\n    sources: [{ law: \"Loi n° 47-1775 du 10 septembre 1947\", article: \"1\" }]",
        )),
        Code::Rf019 => pack(edited(
            &format!("    check: {GOOD_CHECK}\n"),
            "    kind: builtin\n",
        )),
        Code::Rf020 => pack(rule("{ ge: [/accompagnement/intervenant_specialises, 4] }")),
        Code::Rf021 => pack(rule("{ eq: [/cooperative/pays, FRANCE] }")),
        Code::Rf022 => pack(rule("{ ge: [/periode/fin, 4] }")),
        // Over the 1 MiB of a rule file: a long comment.
        Code::Rf023 => pack(format!(
            "{}# {}\n",
            rule(GOOD_CHECK),
            "x".repeat(1024 * 1024)
        )),
        Code::Rf024 => vec![("charte.yaml", rule(GOOD_CHECK).into_bytes())],
        Code::Rf026 => pack(rule("{ ge: [/accompagnement/intervenants_specialises] }")),
        Code::Rf027 => pack(rule("{ present: 4 }")),
        Code::Rf028 => pack(rule("{ eq: [{ failed: [4] }, 0] }")),
        Code::Rf029 => pack(rule("{ ge: [{ total: /exercices }, 4] }")),
        Code::Rf030 => pack(rule(
            "{ ge: [/accompagnement/intervenants_specialises, 4], where: { present: /accompagnement } }",
        )),
        Code::Rf031 => pack(rule(
            "{ ge: [{ union_votes: { members: /societaires, group: A, where: { present: .nom }, threshold: 0.3, college_share: 0.3 } }, 0.5] }",
        )),
        // A replaced decision file that is not one: no decision file is left.
        Code::Rf032 => {
            return Some((
                vec![("verdict.yaml", b"parameters: {}\n".to_vec())],
                vec!["--replace-pack", "verdict"],
            ));
        }
        _ => return None,
    };
    Some((files, Vec::new()))
}

/// The RF codes no rule file can make, and why; they keep their registry entry for a future
/// loader path.
const UNREACHABLE: &[(Code, &str)] = &[
    (
        Code::Rf002,
        "the rule schema refuses a malformed file first (SC… on its line); RF002 is the \
         reading after the schema, which the schema keeps from failing",
    ),
    (
        Code::Rf025,
        "the loader reads numbers as decimals, or else as texts: a number the compiler \
         cannot read never reaches it",
    ),
];

fn run(code: Code, lang: &str) -> (String, Output) {
    let (files, options) = fixture(code).expect("a fixture");
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, bytes) in &files {
        std::fs::write(dir.path().join(name), bytes).expect("fixture written");
    }
    // Run from the directory, so that paths (and the wrapping of messages) do not depend on
    // where temporary files go.
    let mut args = vec!["rules", "--rules", ".", "--lang", lang];
    args.extend(options);
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_cooplabel"))
        .args(&args)
        .current_dir(dir.path())
        .env_remove("COOPLABEL_LANG")
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    (String::from_utf8_lossy(&o.stderr).into_owned(), o)
}

#[test]
fn every_rule_file_code_has_a_fixture() {
    for code in Code::ALL.iter().filter(|c| c.as_str().starts_with("RF")) {
        let unreachable = UNREACHABLE.iter().any(|(c, _)| c == code);
        assert!(
            fixture(*code).is_some() != unreachable,
            "{}: a fixture in tests/rule_author.rs, or a reason in UNREACHABLE",
            code.as_str()
        );
    }
}

#[test]
fn each_rule_file_error_as_the_author_reads_it() {
    for code in Code::ALL.iter().filter(|c| fixture(**c).is_some()) {
        let (text, o) = run(*code, "fr");
        assert_eq!(o.status.code(), Some(2), "{text}");
        assert!(
            text.starts_with(&format!("{}({})", code.as_str(), code.name())),
            "{text}"
        );
        insta::assert_snapshot!(format!("rule_error_{}", code.as_str()), text);
    }
}

/// Under `--lang en` a rule-file error is English, the author's own text excepted.
#[test]
fn rule_file_errors_follow_the_language() {
    for code in [
        Code::Rf000,
        Code::Rf001,
        Code::Rf020,
        Code::Rf021,
        Code::Rf022,
        Code::Rf023,
        Code::Rf024,
        Code::Rf026,
    ] {
        let (text, o) = run(code, "en");
        assert_eq!(o.status.code(), Some(2), "{text}");
        insta::assert_snapshot!(format!("rule_error_{}_en", code.as_str()), text);
    }
}

/// `cooplabel test` on an author's directory: every case passing, then one failing (a diff of
/// the expected and actual findings, exit 1).
#[test]
fn cooplabel_test_output_passing_and_failing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    std::fs::create_dir_all(d.join("tests")).expect("tests dir");
    std::fs::write(d.join("regional.yaml"), rule(GOOD_CHECK)).expect("pack");
    let cases = "rules: [RG001]\nbase: suivi-fr-2021\ncases:\n  - name: trop-peu\n    set: { /accompagnement/intervenants_specialises: 3 }\n    expect: [{ code: RG001, pointer: /accompagnement/intervenants_specialises }]\n  - name: assez\n    set: { /accompagnement/intervenants_specialises: 4 }\n    expect: none\n";
    std::fs::write(d.join("tests/RG001.yaml"), cases).expect("cases");
    let run = |lang: &str| {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_cooplabel"))
            .args(["test", ".", "--lang", lang])
            .current_dir(d)
            .env_remove("COOPLABEL_LANG")
            .env("NO_COLOR", "1")
            .output()
            .expect("the binary runs");
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stdout).into_owned(),
        )
    };
    let (status, out) = run("fr");
    assert_eq!(status, Some(0), "{out}");
    insta::assert_snapshot!("cooplabel_test_passing", out);
    std::fs::write(
        d.join("tests/RG001.yaml"),
        cases.replace(
            "intervenants_specialises: 4 }",
            "intervenants_specialises: 2 }",
        ),
    )
    .expect("cases");
    let (status, out) = run("fr");
    assert_eq!(status, Some(1), "{out}");
    insta::assert_snapshot!("cooplabel_test_failing", out);
    let (status, out) = run("en");
    assert_eq!(status, Some(1), "{out}");
    insta::assert_snapshot!("cooplabel_test_failing_en", out);
    // The tool never writes to its inputs.
    let after = std::fs::read_to_string(d.join("tests/RG001.yaml")).expect("cases");
    assert!(after.contains("intervenants_specialises: 2 }"));
}
