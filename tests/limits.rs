//! The input limits at their exact boundaries (`--max-file-size`, `--max-depth`,
//! `--max-alias-nodes`, `--max-nodes`; src/load/limits.rs): a value exactly at the limit is
//! read, one more is refused with its code. And a batch where one file hits each limit still
//! checks and reports every other file, with exit status 2 at the end (DESIGN §7, §8).
//! `tests/bad_input.rs` covers the messages and lines; this file covers the off-by-ones.

mod common;

use common::{MINIMAL, Run, Workspace, findings_of, run_in};

/// The codes of the only dossier of a run.
fn codes(run: &Run) -> Vec<String> {
    run.findings().into_iter().map(|f| f.code).collect()
}

/// Asserts that the file was read and parsed: no load finding, a decision other than
/// `not_evaluable` (schema findings are allowed: the inputs are not all dossiers).
fn assert_loaded(run: &Run, what: &str) {
    let codes = codes(run);
    assert!(
        codes.iter().all(|c| !c.starts_with("LD")),
        "{what}: expected to load, got {codes:?}\n{}",
        run.stdout
    );
    assert_ne!(run.dossiers()[0]["decision"], "not_evaluable", "{what}");
    assert!(
        matches!(run.status, Some(0 | 1)),
        "{what}: {:?}",
        run.status
    );
}

/// Asserts that the file was refused with exactly `code`, exit status 2.
fn assert_refused(run: &Run, code: &str, what: &str) {
    assert_eq!(codes(run), [code], "{what}\n{}", run.stdout);
    assert_eq!(run.dossiers()[0]["decision"], "not_evaluable", "{what}");
    run.assert_status(2);
}

fn check(ws: &Workspace, name: &str, text: impl AsRef<[u8]>, flags: &[&str]) -> Run {
    ws.check_json(name, text, flags)
}

// ── --max-file-size (LD002) ─────────────────────────────────────────────────────────────────

/// MINIMAL padded with a comment to exactly `len` bytes.
fn padded(len: usize) -> String {
    let pad = len - MINIMAL.len() - 3;
    let text = format!("{MINIMAL}# {}\n", "x".repeat(pad));
    assert_eq!(text.len(), len);
    text
}

#[test]
fn a_file_exactly_at_max_file_size_is_read_one_byte_over_is_ld002() {
    let ws = Workspace::new();
    let text = padded(1000);
    let run = check(&ws, "taille.yaml", &text, &["--max-file-size", "1000"]);
    assert_loaded(&run, "1000 bytes, limit 1000");
    assert_eq!(run.findings(), [], "MINIMAL is conforming");
    let run = check(&ws, "taille.yaml", &text, &["--max-file-size", "999"]);
    assert_refused(&run, "LD002", "1000 bytes, limit 999");
}

#[test]
fn stdin_exactly_at_max_file_size_is_read_one_byte_over_is_ld002() {
    // Stdin has no size to look at first: the bounded read itself decides.
    let ws = Workspace::new();
    let text = padded(1000);
    let stdin = |limit: &str| {
        run_in(
            ws.path(),
            &["check", "--format", "json", "--max-file-size", limit, "-"],
            &[],
            Some(text.as_bytes()),
        )
    };
    assert_loaded(&stdin("1000"), "stdin, 1000 bytes, limit 1000");
    assert_refused(&stdin("999"), "LD002", "stdin, 1000 bytes, limit 999");
}

// ── --max-depth (LD012) ─────────────────────────────────────────────────────────────────────

/// A way to nest: its name, and a document whose deepest collection is at a given depth.
type Shape = (&'static str, fn(usize) -> String);

/// The ways to nest (the root mapping is level 1).
const SHAPES: [Shape; 5] = [
    ("block sequences", |depth| {
        format!("dossier: 1\nliste:\n{}x\n", "- ".repeat(depth - 1))
    }),
    ("block mappings", |depth| {
        let mut text = String::from("dossier: 1\n");
        for i in 0..depth - 1 {
            text.push_str(&format!("{}k{i}:\n", "  ".repeat(i)));
        }
        text.push_str(&format!("{}v: 1\n", "  ".repeat(depth - 1)));
        text
    }),
    ("flow sequences", |depth| {
        format!(
            "dossier: 1\nliste: {}{}\n",
            "[".repeat(depth - 1),
            "]".repeat(depth - 1)
        )
    }),
    ("flow mappings", |depth| {
        format!(
            "dossier: 1\nliste: {}1{}\n",
            "{a: ".repeat(depth - 1),
            "}".repeat(depth - 1)
        )
    }),
    ("flow in block", |depth| {
        // Half block sequences, half flow sequences.
        let block = (depth - 1) / 2;
        let flow = depth - 1 - block;
        format!(
            "dossier: 1\nliste:\n{}{}{}\n",
            "- ".repeat(block),
            "[".repeat(flow),
            "]".repeat(flow)
        )
    }),
];

fn assert_depth_boundary(limit: usize, flags: &[&str]) {
    let ws = Workspace::new();
    for (shape, doc) in SHAPES {
        let run = check(&ws, "profond.yaml", doc(limit), flags);
        assert_loaded(&run, &format!("{shape}: depth {limit}, limit {limit}"));
        let run = check(&ws, "profond.yaml", doc(limit + 1), flags);
        assert_refused(
            &run,
            "LD012",
            &format!("{shape}: depth {}, limit {limit}", limit + 1),
        );
        let f = run.only_finding();
        assert!(
            f.message.contains(&format!("plus de {limit} niveaux")),
            "{shape}: {f:#?}"
        );
    }
}

#[test]
fn nesting_exactly_at_the_default_max_depth_is_read_one_more_is_ld012() {
    assert_depth_boundary(64, &[]);
}

#[test]
fn nesting_exactly_at_a_small_max_depth_is_read_one_more_is_ld012() {
    assert_depth_boundary(5, &["--max-depth", "5"]);
}

#[test]
fn nesting_exactly_at_a_raised_max_depth_under_256_is_read_one_more_is_ld012() {
    assert_depth_boundary(200, &["--max-depth", "200"]);
}

/// saphyr's scanner keeps the bracket nesting in a byte and stops at the 256th open `[`/`{`:
/// past that, `--max-depth` cannot help. A raised limit still reads deep *block* nesting, and
/// deep bracket nesting gets LD012 naming the reader's own limit, not `--max-depth`.
#[test]
fn bracket_nesting_past_the_readers_256_levels_names_that_limit() {
    let ws = Workspace::new();
    let deep_flow = format!("dossier: {}1{}\n", "[".repeat(300), "]".repeat(300));
    let run = check(&ws, "profond.yaml", deep_flow, &["--max-depth", "300"]);
    let f = run.only_finding();
    assert_eq!(f.code, "LD012");
    assert!(
        f.message.contains("256") && f.message.contains("lecteur YAML"),
        "{}",
        f.message
    );
    for (shape, doc) in SHAPES {
        if shape.contains("block") || shape.contains("bloc") {
            let run = check(&ws, "profond.yaml", doc(300), &["--max-depth", "300"]);
            assert_loaded(&run, &format!("{shape}: depth 300, limit 300"));
        }
    }
}

// ── --max-alias-nodes (LD013) ───────────────────────────────────────────────────────────────

/// A list anchored once (`&a [x, x, x, x]`: 5 nodes, the list and its items) and `aliases`
/// aliases to it: they expand to `5 × aliases` nodes.
fn aliases(aliases: usize) -> String {
    format!(
        "dossier: 1\nancre: &a [x, x, x, x]\nalias: [{}]\n",
        vec!["*a"; aliases].join(", ")
    )
}

#[test]
fn aliases_expanding_to_exactly_max_alias_nodes_are_read_one_more_is_ld013() {
    let ws = Workspace::new();
    // 20 aliases of 5 nodes: 100.
    let run = check(
        &ws,
        "alias.yaml",
        aliases(20),
        &["--max-alias-nodes", "100"],
    );
    assert_loaded(&run, "100 alias nodes, limit 100");
    let run = check(&ws, "alias.yaml", aliases(20), &["--max-alias-nodes", "99"]);
    assert_refused(&run, "LD013", "100 alias nodes, limit 99");
    // A scalar alias is one node.
    let text = format!(
        "dossier: 1\nancre: &s x\nalias: [{}]\n",
        ["*s"; 7].join(", ")
    );
    let run = check(&ws, "scalaire.yaml", &text, &["--max-alias-nodes", "7"]);
    assert_loaded(&run, "7 scalar aliases, limit 7");
    let run = check(&ws, "scalaire.yaml", &text, &["--max-alias-nodes", "6"]);
    assert_refused(&run, "LD013", "7 scalar aliases, limit 6");
}

#[test]
fn aliases_expanding_to_exactly_the_default_budget_are_read_one_more_is_ld013() {
    let ws = Workspace::new();
    // 2 000 aliases of 5 nodes: the default budget of 10 000.
    let run = check(&ws, "alias.yaml", aliases(2_000), &[]);
    assert_loaded(&run, "10 000 alias nodes, default limit");
    let run = check(&ws, "alias.yaml", aliases(2_001), &[]);
    assert_refused(&run, "LD013", "10 005 alias nodes, default limit");
}

// ── --max-nodes (LD014) ─────────────────────────────────────────────────────────────────────

/// A document of exactly `nodes` nodes, every key and value counted: the root mapping, the
/// key `dossier` and its `1`, the key `liste` and its list, then `nodes - 5` items.
fn nodes(nodes: usize) -> String {
    format!("dossier: 1\nliste: [{}]\n", vec!["x"; nodes - 5].join(","))
}

#[test]
fn a_document_of_exactly_max_nodes_is_read_one_more_is_ld014() {
    let ws = Workspace::new();
    let run = check(&ws, "valeurs.yaml", nodes(50), &["--max-nodes", "50"]);
    assert_loaded(&run, "50 nodes, limit 50");
    let run = check(&ws, "valeurs.yaml", nodes(51), &["--max-nodes", "50"]);
    assert_refused(&run, "LD014", "51 nodes, limit 50");
    // Aliases count as the nodes they expand to.
    let text = "dossier: 1\nancre: &a [x, x, x, x]\nalias: [*a, *a]\n";
    // root, dossier, 1, ancre, list + 4, alias, list, 2 × 5: 21.
    let run = check(&ws, "alias.yaml", text, &["--max-nodes", "21"]);
    assert_loaded(&run, "21 nodes with aliases, limit 21");
    let run = check(&ws, "alias.yaml", text, &["--max-nodes", "20"]);
    assert_refused(&run, "LD014", "21 nodes with aliases, limit 20");
}

#[test]
fn a_document_of_exactly_the_default_max_nodes_is_read_one_more_is_ld014() {
    let ws = Workspace::new();
    let run = check(&ws, "valeurs.yaml", nodes(1_000_000), &[]);
    assert_loaded(&run, "1 000 000 nodes, default limit");
    let run = check(&ws, "valeurs.yaml", nodes(1_000_001), &[]);
    assert_refused(&run, "LD014", "1 000 001 nodes, default limit");
}

// ── One bad file never hides the others ─────────────────────────────────────────────────────

#[test]
fn a_batch_with_one_file_over_each_limit_checks_and_reports_every_other_file() {
    let ws = Workspace::new();
    let flags = [
        "--max-file-size",
        "2000",
        "--max-depth",
        "8",
        "--max-alias-nodes",
        "100",
        "--max-nodes",
        "200",
    ];
    let files: [(&str, String, Option<&str>); 9] = [
        ("depot/a-bon.yaml", MINIMAL.to_string(), None),
        ("depot/b-gros.yaml", padded(2001), Some("LD002")),
        ("depot/c-bon.yaml", padded(2000), None),
        ("depot/d-tirets.yaml", SHAPES[0].1(9), Some("LD012")),
        ("depot/e-crochets.yaml", SHAPES[2].1(9), Some("LD012")),
        ("depot/f-alias.yaml", aliases(21), Some("LD013")),
        ("depot/g-valeurs.yaml", nodes(201), Some("LD014")),
        ("depot/h-bon.yaml", MINIMAL.to_string(), None),
        // The largest ones that pass, for contrast: read, judged (schema errors), exit 1.
        ("depot/i-limites.yaml", nodes(200), Some("SC")),
    ];
    for (name, text, _) in &files {
        ws.write(name, text);
    }
    for jobs in ["1", "2"] {
        let mut args = vec!["check", "--format", "json", "--jobs", jobs];
        args.extend(flags);
        args.push("depot");
        let run = ws.run(&args);
        run.assert_status(2);
        let dossiers = run.dossiers();
        assert_eq!(dossiers.len(), files.len(), "{}", run.stdout);
        for ((name, _, expected), d) in files.iter().zip(&dossiers) {
            assert_eq!(d["path"], *name);
            // The good files are the same cooperative for the same period: HI006 (information)
            // says so, which is not this test's subject.
            let codes: Vec<String> = findings_of(d)
                .into_iter()
                .map(|f| f.code)
                .filter(|c| c != "HI006")
                .collect();
            match expected {
                None => {
                    assert_eq!(codes, Vec::<String>::new(), "{name}");
                    assert_eq!(d["decision"], "conforming", "{name}");
                    assert_eq!(d["cooperative"], "Coopérative d'essai", "{name}");
                }
                Some("SC") => {
                    assert!(
                        codes.iter().all(|c| c.starts_with("SC")),
                        "{name}: {codes:?}"
                    );
                    assert_eq!(d["decision"], "non_conforming", "{name}");
                }
                Some(code) => {
                    assert_eq!(codes, [*code], "{name}");
                    assert_eq!(d["decision"], "not_evaluable", "{name}");
                }
            }
        }
        let summary = &run.json()["summary"];
        assert_eq!(summary["dossiers"], 9);
        assert_eq!(summary["conforming"], 3);
        assert_eq!(summary["non_conforming"], 1);
        assert_eq!(summary["not_evaluable"], 5);
    }
    // The human report names every file too.
    let mut args = vec!["check", "--color", "never"];
    args.extend(flags);
    args.push("depot");
    let run = ws.run(&args);
    run.assert_status(2);
    for (name, _, _) in &files {
        assert!(run.stdout.contains(name), "{name} missing:\n{}", run.stdout);
    }
}
