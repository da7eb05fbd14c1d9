//! A hostile repository (issue 12): `cooplabel` runs in CI on files anyone can commit. Nothing
//! committed may leak the job's secrets, forge the report, hang the run, exhaust memory,
//! overwrite a file, or replace the official rules without saying so. Each test is one way in,
//! through the real binary (or the library, for what only it can show).

mod common;

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};

use common::{MINIMAL, Workspace, minimal_with, run_in};
use serde_json::Value as Json;

const FORMATS: [&str; 7] = [
    "human", "json", "sarif", "junit", "github", "markdown", "html",
];

#[cfg(unix)]
fn symlink(target: impl AsRef<Path>, link: impl AsRef<Path>) {
    std::os::unix::fs::symlink(target, link).expect("create a symbolic link");
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("run mkfifo");
    assert!(status.success(), "mkfifo {}", path.display());
}

/// Nothing a terminal or a CI runner would interpret, on any line.
fn assert_safe_for_a_terminal(text: &str) {
    for line in text.split('\n') {
        assert!(
            !line.chars().any(cooplabel::report::escape::is_hostile),
            "a raw control, bidi or noncharacter in {line:?}"
        );
        let t = line.trim_start();
        assert!(
            !t.starts_with("::") && !t.starts_with("##[") && !t.starts_with("##vso["),
            "a line reads as a runner command: {line:?}"
        );
    }
}

fn paths_of(run: &common::Run) -> Vec<String> {
    run.dossiers()
        .iter()
        .map(|d| d["path"].as_str().expect("path").to_string())
        .collect()
}

fn message_of(run: &common::Run, path: &str) -> String {
    let d = run
        .dossiers()
        .into_iter()
        .find(|d| d["path"] == path)
        .unwrap_or_else(|| panic!("{path} not in the report:\n{}", run.stdout));
    assert_eq!(d["decision"], "not_evaluable", "{d}");
    let f = &d["findings"][0];
    assert_eq!(f["code"], "LD001", "{d}");
    f["message"].as_str().expect("message").to_string()
}

// ── 1. Inputs stay inside what was named ────────────────────────────────────────────────────

#[cfg(target_os = "linux")]
#[test]
fn a_link_to_the_environment_never_prints_it_in_any_format() {
    let ws = Workspace::new();
    ws.write("depot/bon.yaml", MINIMAL);
    symlink("/proc/self/environ", ws.path().join("depot/env.yaml"));
    symlink("/proc/self/environ", ws.path().join("env.yaml"));
    // A copy of a file of /proc would be a file like another: this one stays in /proc.
    let secret = "cooplabel-fake-secret-7f3a9c";
    for format in FORMATS {
        for args in [
            vec!["depot"],
            vec!["env.yaml"],
            vec!["--follow-links", "depot"],
            vec!["/proc/self/environ"],
        ] {
            let mut all = vec!["check", "--format", format, "--color", "never"];
            all.extend(args.iter().copied());
            let run = run_in(ws.path(), &all, &[("CI_JOB_TOKEN", secret)], None);
            assert!(
                !run.stdout.contains(secret) && !run.stderr.contains(secret),
                "{all:?} printed the environment:\n{}{}",
                run.stdout,
                run.stderr
            );
            run.assert_status(2);
        }
    }
    // Each refusal says why.
    let run = run_in(
        ws.path(),
        &["check", "--format", "json", "depot", "env.yaml"],
        &[],
        None,
    );
    assert_eq!(
        paths_of(&run),
        ["depot/bon.yaml", "depot/env.yaml", "env.yaml"]
    );
    assert!(message_of(&run, "env.yaml").contains("hors du répertoire vérifié"));
    // `/proc/self` is the process's own directory: the link leads to `/proc/<pid>/environ`.
    let message = message_of(&run, "depot/env.yaml");
    assert!(
        message.contains("« /proc/") && message.contains("/environ »"),
        "{message}"
    );
    let run = run_in(
        ws.path(),
        &["check", "--format", "json", "--follow-links", "depot"],
        &[],
        None,
    );
    assert!(message_of(&run, "depot/env.yaml").contains("fichier du système"));
}

#[cfg(unix)]
#[test]
fn links_out_of_the_directory_and_loops_stay_inside() {
    let ws = Workspace::new();
    ws.write("depot/bon.yaml", MINIMAL);
    ws.write("secret.yaml", "jeton: s3cr3t-hors-du-depot\n");
    let depot = ws.path().join("depot");
    symlink("/", depot.join("racine"));
    symlink("..", depot.join("up"));
    symlink("/", depot.join("racine.yaml"));
    symlink("../secret.yaml", depot.join("fuite.yaml"));
    symlink("boucle.yaml", depot.join("boucle.yaml"));
    symlink("nulle-part.yaml", depot.join("casse.yaml"));
    // Inside: followed, and the same file as bon.yaml, so checked once.
    symlink("bon.yaml", depot.join("interne.yaml"));
    std::fs::create_dir(depot.join("sous")).expect("mkdir");
    symlink("../bon.yaml", depot.join("sous/lien.yaml"));
    let run = ws.run(&["check", "--format", "json", "depot"]);
    run.assert_status(2);
    assert_eq!(
        paths_of(&run),
        [
            "depot/bon.yaml",
            "depot/boucle.yaml",
            "depot/casse.yaml",
            "depot/fuite.yaml",
            "depot/racine.yaml"
        ]
    );
    assert!(message_of(&run, "depot/boucle.yaml").contains("boucle de liens symboliques"));
    assert!(message_of(&run, "depot/casse.yaml").contains("fichier qui n'existe pas"));
    assert!(message_of(&run, "depot/fuite.yaml").contains("hors du répertoire vérifié"));
    assert!(message_of(&run, "depot/racine.yaml").contains("« / »"));
    assert!(!run.stdout.contains("s3cr3t"), "{}", run.stdout);
    // Named on the command line, a link leading out of its own directory is not followed
    // either: `racine` is not walked, `up` is not walked.
    let run = ws.run(&["check", "--format", "json", "depot/racine", "depot/up"]);
    run.assert_status(2);
    assert_eq!(paths_of(&run), ["depot/racine", "depot/up"]);
    assert!(message_of(&run, "depot/up").contains("hors du répertoire vérifié"));
}

#[cfg(unix)]
#[test]
fn a_fifo_returns_promptly_and_the_other_files_are_reported() {
    let ws = Workspace::new();
    ws.write("bon.yaml", MINIMAL);
    mkfifo(&ws.path().join("tube.yaml"));
    mkfifo(&ws.path().join("autre-tube"));
    symlink("autre-tube", ws.path().join("lien-tube.yaml"));
    ws.write(
        "depot/bon.yaml",
        MINIMAL.replace("Coopérative d'essai", "Autre"),
    );
    mkfifo(&ws.path().join("depot/tube.yml"));
    // As from `cooplabel check $(git ls-files '*.yaml')`, and a directory holding one.
    let run = ws.run(&[
        "check",
        "--format",
        "json",
        "bon.yaml",
        "tube.yaml",
        "lien-tube.yaml",
        "depot",
    ]);
    run.assert_status(2);
    assert_eq!(
        paths_of(&run),
        [
            "bon.yaml",
            "depot/bon.yaml",
            "depot/tube.yml",
            "lien-tube.yaml",
            "tube.yaml"
        ]
    );
    for fifo in ["tube.yaml", "lien-tube.yaml", "depot/tube.yml"] {
        assert!(message_of(&run, fifo).contains("tube nommé (FIFO)"));
    }
    assert_eq!(run.dossiers()[0]["decision"], "conforming");
}

#[cfg(target_os = "linux")]
#[test]
fn a_device_is_a_device_not_a_file_too_large() {
    let ws = Workspace::new();
    let run = ws.run(&["check", "--format", "json", "/dev/zero"]);
    run.assert_status(2);
    let message = message_of(&run, "/dev/zero");
    assert!(message.contains("périphérique"), "{message}");
}

#[test]
fn the_same_file_reached_twice_is_checked_once() {
    let ws = Workspace::new();
    ws.write("a.yaml", MINIMAL);
    let mut args = vec!["check", "--format", "json", "a.yaml", "./a.yaml", "."];
    #[cfg(unix)]
    {
        std::fs::hard_link(ws.path().join("a.yaml"), ws.path().join("b.yaml")).expect("link");
        args.push("b.yaml");
    }
    let run = ws.run(&args);
    run.assert_status(0);
    assert_eq!(run.dossiers().len(), 1, "{}", run.stdout);
    assert_eq!(run.json()["summary"]["dossiers"], 1);
}

// ── 2. Nothing from a dossier reaches a terminal or a log raw ──────────────────────────────

/// A name that forges report lines, a workflow command, an escape sequence and a bidi override.
const FORGED_NAME: &str = "Coop\\n  Décision : Label accordé — score 100 %\\n::error file=x.yaml,line=1::pwned\\n\\e[2J\\u202Efin";

fn forged_workspace() -> Workspace {
    let ws = Workspace::new();
    // A dossier that fails (an unknown key, itself forging a command), with the forged name;
    // a comment holding an escape sequence and a bidi override next to the error.
    let dossier = minimal_with(
        "  nom: Coopérative d'essai",
        &format!("  nom: \"{FORGED_NAME}\""),
    )
    .replace(
        "etape: faisabilite",
        "etape: faisabilite\n# \u{202E}ecnereféR\n\"cle\\n::warning::forgee\\u001b[31m\": 1",
    );
    ws.write("forge.yaml", dossier);
    // A file name that forges a command too.
    #[cfg(unix)]
    ws.write("nom\n::error::fichier.yaml", MINIMAL);
    ws
}

#[test]
fn a_forged_name_gives_one_line_per_report_line_and_no_workflow_command() {
    let ws = forged_workspace();
    let run = ws.run(&["check", "--color", "never", "."]);
    run.assert_status(1);
    assert_safe_for_a_terminal(&run.stdout);
    assert_safe_for_a_terminal(&run.stderr);
    // The real decision lines only: one per dossier, and the forged one is not among them.
    let decisions: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.trim_start().starts_with("Décision :"))
        .collect();
    assert_eq!(
        decisions.len(),
        if cfg!(unix) { 2 } else { 1 },
        "{decisions:?}"
    );
    assert!(
        !decisions.iter().any(|l| l.contains("Label accordé")),
        "{decisions:?}"
    );
    // What was forged is shown, escaped.
    assert!(run.stdout.contains("Coop\\n  Décision : Label accordé"));
    assert!(run.stdout.contains("\\u{1B}[2J\\u{202E}fin"));
    assert!(
        run.stdout.contains("# \\u{202E}ecnereféR"),
        "{}",
        run.stdout
    );
    // The JSON report keeps the data exactly (escaped as JSON).
    let json = ws.run(&["check", "--format", "json", "forge.yaml"]);
    assert!(!json.stdout.contains('\u{202E}') && !json.stdout.contains('\u{1b}'));
    let name = json.dossiers()[0]["cooperative"].clone();
    assert_eq!(
        name,
        "Coop\n  Décision : Label accordé — score 100 %\n::error file=x.yaml,line=1::pwned\n\u{1b}[2J\u{202E}fin"
    );
}

#[test]
fn github_annotations_cannot_be_forged() {
    let ws = forged_workspace();
    let run = ws.run(&["check", "--format", "github", "."]);
    run.assert_status(1);
    for line in run.stdout.lines() {
        assert!(
            ["::error ", "::warning ", "::notice "]
                .iter()
                .any(|c| line.starts_with(c))
                // The summaries: plain log lines, which no dossier's text can start.
                || line.starts_with("cooplabel: "),
            "not one of our commands: {line:?}"
        );
        assert!(!line.contains("::error file=x.yaml,line=1::pwned\n"));
        assert!(
            !line.chars().any(cooplabel::report::escape::is_hostile),
            "{line:?}"
        );
    }
    // The forged command is inside a message, escaped, never a command of its own.
    assert!(
        !run.stdout
            .lines()
            .any(|l| l.starts_with("::error file=x.yaml")),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("score 100 %\\n::error file=x.yaml"));
}

#[test]
fn markdown_and_xml_stay_valid_with_backticks_and_noncharacters() {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let ws = Workspace::new();
    let dossier = minimal_with(
        "  nom: Coopérative d'essai",
        "  nom: \"Coop \\uFFFF\\uFFFE `</code><script>alert(1)</script>\"",
    )
    .replace(
        "etape: faisabilite",
        "etape: faisabilite\n\"a`b <img src=x onerror=alert(1)>``c\": 1",
    );
    ws.write("piege.yaml", &dossier);
    let md = ws.run(&["check", "--format", "markdown", "piege.yaml"]);
    md.assert_status(1);
    let mut codes = Vec::new();
    let mut in_code = false;
    let mut blocks = String::new();
    for event in Parser::new(&md.stdout) {
        match event {
            Event::Html(h) | Event::InlineHtml(h) => panic!("raw HTML in the Markdown: {h}"),
            Event::Code(c) => codes.push(c.to_string()),
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(t) if in_code => blocks.push_str(&t),
            _ => {}
        }
    }
    // The committee's report shows the dossier's lines under each finding in fenced blocks:
    // each one closes where the tool closes it, the key's backticks inside it.
    assert!(!in_code, "a code block is left open:\n{}", md.stdout);
    assert!(
        blocks.contains("8 │ \"a`b <img src=x onerror=alert(1)>``c"),
        "{blocks}"
    );
    assert!(
        !md.stdout.contains('\u{FFFF}') && !md.stdout.contains('\u{FFFE}'),
        "{}",
        md.stdout
    );
    // The pointer of the unknown key is one code span, exactly as written.
    assert!(
        codes
            .iter()
            .any(|c| c == "/a`b <img src=x onerror=alert(1)>``c"),
        "{codes:?}"
    );
    let xml = ws.run(&["check", "--format", "junit", "piege.yaml"]);
    xml.assert_status(1);
    let doc = roxmltree::Document::parse(&xml.stdout)
        .unwrap_or_else(|e| panic!("the JUnit report is not XML ({e}):\n{}", xml.stdout));
    assert!(doc.descendants().any(|n| n.has_tag_name("testsuite")));
    let html = ws.run(&["check", "--format", "html", "piege.yaml"]);
    assert!(!html.stdout.contains("<img") && !html.stdout.contains("<script>alert"));
    assert!(!html.stdout.contains('\u{FFFF}'));
    let sarif = ws.run(&["check", "--format", "sarif", "piege.yaml"]);
    let _: Json = serde_json::from_str(&sarif.stdout).expect("SARIF is JSON");
    assert!(!sarif.stdout.contains('\u{FFFF}'));
}

/// A register entry for the forged cooperative (matched by its exact name), forging lines of
/// its own in its reason and its author.
fn forged_register(ws: &Workspace) {
    ws.write(
        "registre.yaml",
        format!(
            "derogations:\n  - cooperative: {{ nom: \"{FORGED_NAME}\" }}\n    regle: AS005\n    motif: \"motif\\n::error::forge\\e[31m\\u202Erouge\"\n    accordee_par: \"comité\\n# Décision : Label accordé\"\n    decision: 2001-03-15\n    jusqu_au: 2001-06-30\n"
        ),
    );
}

#[test]
fn the_committee_report_and_the_register_stay_safe_with_a_forged_name() {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let ws = Workspace::new();
    // Valid, with a finding (and so an excerpt) and the register's entry listed.
    ws.write(
        "forge.yaml",
        minimal_with(
            "  nom: Coopérative d'essai",
            &format!("  nom: \"{FORGED_NAME}\""),
        )
        .replace(
            "offre_existante_analysee: true",
            "offre_existante_analysee: false # \u{202E}\u{1b}[31m",
        ),
    );
    forged_register(&ws);
    let base = [
        "check",
        "--color",
        "never",
        "--evaluated-on",
        "2001-03-15",
        "--derogations",
        "registre.yaml",
    ];
    let run = |format: &str| {
        let mut args = base.to_vec();
        args.extend(["--format", format, "forge.yaml"]);
        let run = ws.run(&args);
        run.assert_status(0);
        run
    };
    // The terminal: the register's entry is listed, on one line, escaped.
    let human = run("human");
    assert_safe_for_a_terminal(&human.stdout);
    assert_safe_for_a_terminal(&human.stderr);
    assert!(
        human.stdout.contains("Registre des dérogations du comité"),
        "{}",
        human.stdout
    );
    assert!(
        human.stdout.contains("# \\u{202E}\\u{1B}[31m"),
        "{}",
        human.stdout
    );
    // Markdown: one title, no raw HTML, every fenced excerpt closed, nothing hostile raw.
    let md = run("markdown");
    assert!(
        !md.stdout
            .chars()
            .any(|c| c != '\n' && cooplabel::report::escape::is_hostile(c)),
        "{}",
        md.stdout
    );
    let titles: Vec<&str> = md.stdout.lines().filter(|l| l.starts_with("# ")).collect();
    assert_eq!(titles.len(), 1, "{titles:?}");
    assert!(titles[0].contains("Coop\\\\n  Décision"), "{titles:?}");
    let mut in_code = false;
    let mut headings = 0;
    for event in Parser::new(&md.stdout) {
        match event {
            Event::Html(h) | Event::InlineHtml(h) => panic!("raw HTML in the Markdown: {h}"),
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Start(Tag::Heading { level, .. }) if level as usize == 1 => headings += 1,
            _ => {}
        }
    }
    assert!(!in_code, "a code block is left open");
    assert_eq!(headings, 1, "the register's author forges no heading");
    // The excerpt under the finding shows the comment escaped.
    assert!(
        md.stdout.contains("false # \\u{202E}\\u{1B}"),
        "{}",
        md.stdout
    );
    assert!(
        md.stdout
            .contains("motif\\\\n::error::forge\\\\u{1B}[31m\\\\u{202E}rouge")
    );
    // HTML: the title and the heading escaped, nothing hostile raw, no markup from the data.
    let html = run("html");
    assert!(
        !html
            .stdout
            .chars()
            .any(|c| c != '\n' && cooplabel::report::escape::is_hostile(c)),
        "a raw hostile character in the HTML report"
    );
    let title = html
        .stdout
        .split("<title>")
        .nth(1)
        .and_then(|t| t.split("</title>").next())
        .expect("a title");
    assert!(title.contains("— Coop\\n  Décision"), "{title}");
    assert!(
        html.stdout
            .contains("motif\\n::error::forge\\u{1B}[31m\\u{202E}rouge")
    );
}

#[cfg(target_os = "linux")]
#[test]
fn the_waiver_register_is_read_like_a_dossier() {
    let ws = Workspace::new();
    ws.write("d.yaml", MINIMAL);
    let secret = "cooplabel-fake-secret-5d1e08";
    // A link to the environment, a FIFO, a file over the limit: refused before any dossier
    // is judged, promptly, the secret never printed.
    symlink("/proc/self/environ", ws.path().join("env.yaml"));
    mkfifo(&ws.path().join("tube.yaml"));
    let big = format!(
        "derogations: []\n{}",
        "# commentaire\n".repeat(cooplabel::register::MAX_REGISTER_BYTES as usize / 14 + 1)
    );
    ws.write("gros.yaml", big);
    for (register, says) in [
        ("env.yaml", "fichier du système"),
        ("tube.yaml", "tube nommé (FIFO)"),
        ("gros.yaml", "LD002"),
    ] {
        let run = run_in(
            ws.path(),
            &["check", "--derogations", register, "d.yaml"],
            &[("CI_JOB_TOKEN", secret)],
            None,
        );
        run.assert_status(2);
        assert!(
            !run.stdout.contains(secret) && !run.stderr.contains(secret),
            "{register}: {}",
            run.stderr
        );
        assert!(run.stderr.contains(says), "{register}: {}", run.stderr);
        assert!(
            run.stderr.contains("le registre des dérogations"),
            "{}",
            run.stderr
        );
    }
    // The report never replaces the register.
    let register = "derogations: []\n";
    ws.write("registre.yaml", register);
    let run = ws.run(&[
        "check",
        "--derogations",
        "registre.yaml",
        "-o",
        "registre.yaml",
        "d.yaml",
    ]);
    run.assert_status(2);
    assert!(
        run.stderr
            .contains("est l'un des fichiers que lit la commande (« registre.yaml »)"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(ws.path().join("registre.yaml")).expect("read"),
        register
    );
}

// ── 3. Outputs ──────────────────────────────────────────────────────────────────────────────

#[test]
fn output_onto_an_input_is_refused_and_the_input_is_untouched() {
    let ws = Workspace::new();
    let input = ws.write("depot/d.yaml", MINIMAL);
    let mut targets = vec!["depot/d.yaml", "./depot/d.yaml"];
    #[cfg(unix)]
    {
        symlink("depot/d.yaml", ws.path().join("lien.yaml"));
        std::fs::hard_link(&input, ws.path().join("dur.yaml")).expect("hard link");
        targets.extend(["lien.yaml", "dur.yaml"]);
    }
    for inputs in [["depot/d.yaml"], ["depot"]] {
        for target in &targets {
            let mut args = vec!["check", "--format", "json", "--output", target];
            args.extend(inputs);
            let run = ws.run(&args);
            run.assert_status(2);
            assert!(
                run.stderr
                    .contains("est l'un des fichiers que lit la commande"),
                "{}",
                run.stderr
            );
            assert_eq!(std::fs::read_to_string(&input).expect("read"), MINIMAL);
        }
    }
    let leftovers: Vec<_> = std::fs::read_dir(ws.path().join("depot"))
        .expect("list")
        .collect();
    assert_eq!(leftovers.len(), 1, "no temporary file left");
}

#[test]
fn output_to_a_directory_or_into_a_missing_one_fails_before_checking() {
    let ws = Workspace::new();
    ws.write("depot/d.yaml", MINIMAL);
    let run = ws.run(&["check", "-o", "depot", "depot/d.yaml"]);
    run.assert_status(2);
    assert!(
        run.stderr.contains("--output « depot » est un répertoire"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty());
    let run = ws.run(&["check", "-o", "manque/rapport.json", "depot/d.yaml"]);
    run.assert_status(2);
    assert!(
        run.stderr.contains("le répertoire « manque » n'existe pas"),
        "{}",
        run.stderr
    );
}

#[cfg(unix)]
#[test]
fn the_report_file_gets_the_umask_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let ws = Workspace::new();
    ws.write("d.yaml", MINIMAL);
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "umask 027 && exec '{}' check --format json -o rapport.json d.yaml",
            env!("CARGO_BIN_EXE_cooplabel")
        ))
        .current_dir(ws.path())
        .status()
        .expect("run through sh");
    assert_eq!(status.code(), Some(0));
    let mode = std::fs::metadata(ws.path().join("rapport.json"))
        .expect("the report")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o640, "{mode:o}");
}

#[cfg(unix)]
#[test]
fn output_onto_a_fifo_is_written_directly() {
    use std::os::unix::fs::FileTypeExt;
    let ws = Workspace::new();
    ws.write("d.yaml", MINIMAL);
    let fifo = ws.path().join("sortie");
    mkfifo(&fifo);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut text = String::new();
            std::fs::File::open(fifo)
                .expect("open the FIFO")
                .read_to_string(&mut text)
                .expect("read the FIFO");
            text
        })
    };
    let run = ws.run(&["check", "--format", "json", "-o", "sortie", "d.yaml"]);
    run.assert_status(0);
    let report: Json = serde_json::from_str(&reader.join().expect("reader")).expect("JSON");
    assert_eq!(report["summary"]["conforming"], 1);
    let kind = std::fs::symlink_metadata(&fifo).expect("stat").file_type();
    assert!(kind.is_fifo(), "the FIFO is still a FIFO");
    assert_eq!(std::fs::read_dir(ws.path()).expect("list").count(), 2);
}

#[cfg(target_os = "linux")]
#[test]
fn output_onto_a_device_node_keeps_the_node() {
    use std::os::unix::fs::FileTypeExt;
    let ws = Workspace::new();
    ws.write("d.yaml", MINIMAL);
    // A copy of /dev/null, in the test's own directory: only root may make one.
    let made = Command::new("mknod")
        .args(["null", "c", "1", "3"])
        .current_dir(ws.path())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        eprintln!("skipped: mknod needs root");
        return;
    }
    let run = ws.run(&["check", "--format", "json", "-o", "null", "d.yaml"]);
    run.assert_status(0);
    let kind = std::fs::symlink_metadata(ws.path().join("null"))
        .expect("stat")
        .file_type();
    assert!(
        kind.is_char_device(),
        "the device node is still a device node"
    );
    assert_eq!(std::fs::read_dir(ws.path()).expect("list").count(), 2);
}

/// A batch of `n` valid dossiers and, last, one that fails.
fn failing_batch(n: usize) -> Workspace {
    let ws = Workspace::new();
    for i in 0..n {
        ws.write(&format!("depot/{i:04}.yaml"), MINIMAL);
    }
    ws.write(
        "depot/zz-echec.yaml",
        minimal_with("dossier: 1", "dossier: 2"),
    );
    ws
}

#[test]
fn a_closed_stdout_is_an_error_not_a_success() {
    let ws = failing_batch(300);
    let mut child = Command::new(env!("CARGO_BIN_EXE_cooplabel"))
        .args(["check", "--color", "never", "depot"])
        .current_dir(ws.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start cooplabel");
    // `| head -1`: one line read, then the pipe is closed.
    let mut stdout = child.stdout.take().expect("stdout");
    let mut first = [0u8; 64];
    let _ = stdout.read(&mut first).expect("read the first bytes");
    drop(stdout);
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr)
        .expect("read stderr");
    let status = child.wait().expect("wait");
    assert_eq!(status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("la sortie a été fermée avant la fin du rapport"),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn an_interrupted_run_leaves_no_temporary_file() {
    let ws = failing_batch(1500);
    for signal in ["TERM", "INT"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_cooplabel"))
            .args(["check", "--format", "json", "-o", "rapport.json", "depot"])
            .current_dir(ws.path())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start cooplabel");
        let temporary = || {
            std::fs::read_dir(ws.path())
                .expect("list")
                .flatten()
                .any(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        };
        // The temporary file exists from the start of the check.
        let start = std::time::Instant::now();
        while !temporary() && start.elapsed() < std::time::Duration::from_secs(60) {
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        assert!(temporary(), "the run creates its temporary file");
        let killed = Command::new("kill")
            .args([format!("-{signal}"), child.id().to_string()])
            .status()
            .expect("kill");
        assert!(killed.success());
        let status = child.wait().expect("wait");
        if status.success() {
            // Finished before the signal: nothing to say about interruptions.
            continue;
        }
        assert!(!temporary(), "SIG{signal} left the temporary file");
        assert!(!ws.path().join("rapport.json").exists());
    }
}

// ── 4. Bounded memory and time ──────────────────────────────────────────────────────────────

#[test]
fn a_checked_dossier_keeps_only_the_lines_its_findings_show() {
    use cooplabel::check::{CheckOptions, check_document};
    use cooplabel::lang::Lang;
    use cooplabel::load::{Limits, load_str};
    use cooplabel::report::{self, Format, ReportOptions, Summary};
    // 10 MB: the dossier, 1 000 unknown keys, and long comments between them.
    let mut text = MINIMAL.to_string();
    let filler = format!("# {}\n", "x".repeat(9_000));
    for i in 0..1_000 {
        text.push_str(&filler);
        text.push_str(&format!("inconnue_{i}: 1\n"));
    }
    assert!(text.len() > 9_000_000);
    let doc = load_str("gros.yaml", &text, &Limits::default()).expect("parses");
    let rules = cooplabel::rules::load(None, &[], Lang::Fr).expect("rules");
    let result = check_document("gros.yaml", doc, &rules, &CheckOptions::default());
    assert!(result.findings.len() >= 1_000);
    let kept = result.source.as_ref().expect("an excerpt").size();
    assert!(
        kept < 2_000_000,
        "{kept} bytes kept for a {}-byte text",
        text.len()
    );
    // The human report shows every finding on its line, from the excerpt.
    let mut out = Vec::new();
    let mut reporter = report::reporter(
        Format::Human,
        ReportOptions {
            lang: Lang::Fr,
            color: false,
            rules: &rules,
            register: None,
            dossiers: 1,
        },
    );
    let mut summary = Summary::default();
    summary.add(&result);
    reporter.dossier(&mut out, &result).expect("write");
    reporter.end(&mut out, &summary).expect("write");
    let out = String::from_utf8(out).expect("UTF-8");
    let last = text
        .lines()
        .position(|l| l == "inconnue_999: 1")
        .expect("line")
        + 1;
    assert!(out.contains(&format!("gros.yaml:{last}:1]")), "line {last}");
    assert!(out.contains("…"), "long lines are cut");
}

#[test]
fn a_rule_file_over_the_size_limit_is_refused() {
    let ws = Workspace::new();
    ws.write("d.yaml", MINIMAL);
    let big = "# commentaire\n".repeat(cooplabel::rules::MAX_RULE_FILE_BYTES as usize / 14 + 1);
    ws.write("regles/gros.yaml", big);
    let run = ws.run(&["check", "--rules", "regles", "d.yaml"]);
    run.assert_status(2);
    assert!(run.stderr.contains("RF023"), "{}", run.stderr);
    assert!(
        run.stderr.contains("dépasse la limite de 1048576 octets"),
        "{}",
        run.stderr
    );
}

fn rule_code(i: usize) -> String {
    let family = i / 1000;
    let a = char::from(b'A' + (family / 26) as u8);
    let b = char::from(b'A' + (family % 26) as u8);
    format!("{a}{b}{:03}", i % 1000)
}

#[test]
fn a_long_chain_of_rules_loads_in_order() {
    use cooplabel::lang::Lang;
    use cooplabel::rules::{RuleSource, embedded_file, load_sources};
    // Each rule reads the one before: the order is the chain's, however long. 25 000 rules
    // used to overflow the stack (a recursive sort); the lookups were quadratic.
    let n = 25_000;
    let mut files = vec![RuleSource {
        rel: "verdict.yaml".into(),
        name: "verdict.yaml".into(),
        text: embedded_file("rules/verdict.yaml").expect("verdict").into(),
        embedded: true,
    }];
    for family in 0..n / 1000 {
        let mut pack = format!(
            "family: {{ code: {}, title: Chaîne }}\nrules:\n",
            &rule_code(family * 1000)[..2]
        );
        // Files in reverse order: each rule is declared before the one it reads.
        for i in (family * 1000..(family + 1) * 1000).rev() {
            let check = match i {
                0 => "{ present: /dossier }".to_string(),
                _ => format!("{{ lt: [{{ failed: [{}] }}, 1] }}", rule_code(i - 1)),
            };
            pack.push_str(&format!(
                "  - {{ code: {c}, name: r{i}, title: T, severity: info, niveau: information, check: {check}, message: M, help: H, explanation: E, sources: [{{ practice: p }}] }}\n",
                c = rule_code(i)
            ));
        }
        files.push(RuleSource {
            rel: format!("chaine-{:02}.yaml", n / 1000 - family),
            name: format!("chaine-{family}.yaml"),
            text: pack,
            embedded: false,
        });
    }
    let set = match load_sources(files, Lang::Fr) {
        Ok(set) => set,
        Err(e) => panic!("{:?}", e.diagnostics[0].0),
    };
    assert_eq!(set.rules.len(), n);
    for (i, rule) in set.rules.iter().enumerate() {
        assert_eq!(rule.code, rule_code(i), "the chain's order");
        assert_eq!(set.index_of(&rule.code), Some(i));
    }
}

#[test]
fn a_test_pointer_of_50000_segments_is_a_broken_case_not_a_crash() {
    let ws = Workspace::new();
    let pointer = "/a".repeat(50_000);
    ws.write(
        "regles/tests/profond.yaml",
        format!(
            "rules: [RS003]\nbase: suivi-fr\ncases:\n  - name: profond\n    set: {{ \"{pointer}\": 1 }}\n    expect: none\n"
        ),
    );
    let run = ws.run(&["test", "regles"]);
    run.assert_status(1);
    assert!(run.stdout.contains("50000 segments"), "{}", run.stdout);
}

// ── 5. Official packs are official ──────────────────────────────────────────────────────────

#[test]
fn an_emptied_shipped_pack_needs_replace_pack_and_every_report_says_so() {
    let ws = Workspace::new();
    let sample = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/portage-deguise-2000.yaml"),
    )
    .expect("the sample");
    ws.write("portage.yaml", sample);
    ws.write(
        "regles/portage.yaml",
        "family: { code: PT, title: Vide }\nrules: []\n",
    );
    // Without --replace-pack: refused, saying how.
    let run = ws.run(&["check", "--rules", "regles", "portage.yaml"]);
    run.assert_status(2);
    assert!(run.stderr.contains("RF024"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("porte le nom du paquet livré « portage »"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--replace-pack portage"),
        "{}",
        run.stderr
    );
    // A name that is not a shipped pack, or that --rules does not replace.
    let run = ws.run(&[
        "check",
        "--rules",
        "regles",
        "--replace-pack",
        "portage,charte",
        "portage.yaml",
    ]);
    run.assert_status(2);
    assert!(run.stderr.contains("RF024"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("ne contient pas de fichier charte.yaml")
    );
    // With it: accepted, and every format says it.
    let replace = ["--rules", "regles", "--replace-pack", "portage"];
    for format in FORMATS {
        let mut args = vec!["check", "--format", format];
        args.extend(replace);
        args.push("portage.yaml");
        let run = ws.run(&args);
        assert!(matches!(run.status, Some(0 | 1)), "{}", run.stderr);
        match format {
            "json" => {
                let replaced = &run.dossiers()[0]["replaced_packs"];
                assert_eq!(replaced[0]["pack"], "portage", "{replaced}");
                assert_eq!(replaced[0]["file"], "regles/portage.yaml");
            }
            "sarif" => {
                let json: Json = serde_json::from_str(&run.stdout).expect("SARIF");
                assert_eq!(
                    json["runs"][0]["properties"]["replacedPacks"][0]["pack"],
                    "portage"
                );
            }
            "junit" => assert!(
                run.stdout
                    .contains("name=\"replaced_pack\" value=\"portage (regles/portage.yaml)\"")
            ),
            // HTML keeps a no-break space before a colon.
            _ => assert!(
                run.stdout.replace('\u{a0}', " ").contains(
                    "paquets livrés remplacés (--replace-pack) : portage (par regles/portage.yaml)"
                ),
                "{format}:\n{}",
                run.stdout
            ),
        }
    }
    // The shipped pack is untouched when --rules only adds.
    let run = ws.run(&["check", "--format", "json", "portage.yaml"]);
    assert_eq!(run.dossiers()[0]["replaced_packs"], serde_json::json!([]));
}

// ── 6. Smaller ones ─────────────────────────────────────────────────────────────────────────

#[test]
fn lone_cr_line_endings_give_the_right_lines_and_columns() {
    let ws = Workspace::new();
    let text =
        minimal_with("etape: faisabilite", "etape: faisabilite\ninconnue: 1").replace('\n', "\r");
    let run = ws.check_json("cr.yaml", text, &[]);
    let f = run.only_finding();
    assert_eq!(
        (f.code.as_str(), f.line, f.column),
        ("SC003", Some(8), Some(1))
    );
}

#[test]
fn yaml_versions_other_than_1_x_are_refused() {
    let ws = Workspace::new();
    let run = ws.check_json("v.yaml", format!("%YAML 9.9\n---\n{MINIMAL}"), &[]);
    run.assert_status(2);
    let f = run.only_finding();
    assert_eq!(
        (f.code.as_str(), f.line, f.column),
        ("LD018", Some(1), Some(1))
    );
    assert!(f.message.contains("« 9.9 »"), "{}", f.message);
    for ok in [
        "%YAML 1.1",
        "%YAML 1.2",
        "# un commentaire\n%YAML 1.2 # la version",
    ] {
        let run = ws.check_json("v.yaml", format!("{ok}\n---\n{MINIMAL}"), &[]);
        run.assert_status(0);
    }
}
