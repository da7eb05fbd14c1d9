//! Regression tests for the bugs in `src/` found by the fuzzing, property and limit tests, and
//! fixed: each test names the function that was at fault and why.
//!
//! The first are huge but well-formed numbers (up to `Decimal::MAX`, 79 228 162 514 264 337 593 543
//! 950 335): they pass the schema and reach the rules, the messages and the run's totals, where
//! a `Decimal` operation with the panicking operator (`+`, `*`, `Sum`) killed the process. A
//! panic in one dossier kills the whole batch (exit status 101, the JSON report cut in the
//! middle), hiding every other dossier (DESIGN §1, §7, §8). They must end as findings or
//! results.

mod common;
#[path = "fuzz/pipeline.rs"]
mod pipeline;

use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use common::{MINIMAL, Workspace};
use cooplabel::testing::corpus;
use cooplabel::verdict::Decision;

const MAX: &str = "79228162514264337593543950335";
const SUIVI_FR: &str = include_str!("../rules/tests/bases/suivi-fr.yaml");
const UNION_COLLEGE_B: &str = include_str!("../rules/tests/bases/union-college-b.yaml");

/// `text` with the first `count` occurrences of `from` replaced (they must exist).
fn edit(text: &str, from: &str, to: &str, count: usize) -> String {
    assert!(
        text.matches(from).count() >= count,
        "`{from}` not found {count} times"
    );
    text.replacen(from, to, count)
}

/// Checks `text` in-process (the fuzz target's pipeline), then with the binary in a batch
/// next to a good dossier: both must be checked and reported, exit status 0, 1 or 2.
fn assert_checked(name: &str, text: &str) {
    pipeline::run(text.as_bytes());
    assert_batch_reported(&[("a-bon.yaml", MINIMAL), (name, text)]);
}

/// Checks `files` as one batch with the binary: every file is reported, exit status 0, 1 or 2.
fn assert_batch_reported(files: &[(&str, &str)]) {
    let ws = Workspace::new();
    for (name, text) in files {
        ws.write(&format!("depot/{name}"), text);
    }
    let run = ws.run(&["check", "--format", "json", "depot"]);
    assert!(
        matches!(run.status, Some(0..=2)),
        "status {:?}\nstderr:\n{}",
        run.status,
        run.stderr
    );
    assert_eq!(run.dossiers().len(), files.len(), "{}", run.stdout);
}

/// RS008's message shows the share of the surplus put in reserve as a percentage. The share is
/// computed with `checked_div`, so a tiny surplus and a huge allocation give a ratio that fits
/// in a `Decimal` (10^28) but not once multiplied by 100: `numfmt::percent` (src/numfmt.rs)
/// panicked with "Multiplication overflowed" (now `checked_mul`).
#[test]
fn a_ratio_too_large_for_a_percentage_does_not_panic() {
    let text = edit(SUIVI_FR, "excedent_net: 40000", "excedent_net: 0.001", 1);
    let text = edit(
        &text,
        "dotation_reserve_legale: 6000",
        "dotation_reserve_legale: 10000000000000000000000000",
        1,
    );
    assert_checked("ratio.yaml", &text);
}

/// Two `societaires` holding `Decimal::MAX` parts: the capital share of salaried members
/// (gouvernance.yaml, `share: /societaires, of: .parts`) summed the weights with `+=` in
/// `Expr::Share` (`Ctx::eval`, src/evaluate/eval.rs) and panicked with "Addition overflowed"
/// (now `checked_add`).
#[test]
fn a_capital_share_over_huge_parts_does_not_panic() {
    let text = edit(SUIVI_FR, "parts: 100 }", &format!("parts: {MAX} }}"), 2);
    assert_checked("parts.yaml", &text);
}

/// A union whose group-B members hold `Decimal::MAX` parts each: `VoteTable::compute`
/// (src/evaluate/union.rs) summed the college-B votes with `Sum` and divided with `/`, and
/// panicked with "Addition overflowed" (now `checked_add` / `checked_mul` / `checked_div`).
#[test]
fn union_votes_over_huge_parts_do_not_panic() {
    let text = edit(
        UNION_COLLEGE_B,
        "groupe: B, categorie: personne_morale, parts: 10 }",
        &format!("groupe: B, categorie: personne_morale, parts: {MAX} }}"),
        2,
    );
    assert_checked("union.yaml", &text);
}

/// Two dossiers of a batch with `accueils: Decimal::MAX` (valid for the schema): `Summary::add`
/// (src/report/summary.rs) added each dossier's `statistiques` to the run's totals with `+=`
/// and killed the run after the first report was printed: exit status 101, truncated report
/// (now saturating).
#[test]
fn network_statistics_that_overflow_over_a_batch_do_not_panic() {
    let stats = "statistiques: { annee: 2000, accueils: 60, accompagnements: 25, salaries: 6, chiffre_affaires: 1150000 }";
    let huge = format!(
        "statistiques: {{ annee: 2000, accueils: {MAX}, accompagnements: 25, salaries: 6, chiffre_affaires: {MAX} }}"
    );
    let text = edit(SUIVI_FR, stats, &huge, 1);
    assert_batch_reported(&[("a.yaml", &text), ("b.yaml", &text), ("c.yaml", MINIMAL)]);
}

/// A key written with no value (`partenaires:`) is null, shown on its key (`Builder::push`,
/// src/load/yaml.rs, gives it the key's span); `quote` (src/schema/messages.rs) quoted the text
/// under that span as the value written: "`partenaires` doit être une liste, pas une valeur
/// vide (« partenaires »)", the key's name presented as its value. Fixed since.
#[test]
fn an_empty_value_is_not_quoted_as_its_key_name() {
    let text = format!("{MINIMAL}territoire:\n  partenaires:\n");
    let ws = Workspace::new();
    let run = ws.check_json("vide.yaml", &text, &[]);
    let f = run.only_finding();
    assert_eq!(f.code, "SC001", "{f:#?}");
    assert!(
        !f.message.contains("« partenaires »"),
        "the key is quoted as the value: {}",
        f.message
    );
}

/// `corpus::dossier(seed, 0)` (src/testing/corpus.rs) wrote `entrepreneurs:` with no item for
/// a `suivi` dossier: a null, which the schema refuses (SC001 "doit être une liste"). Fixed
/// since.
#[test]
fn a_generated_dossier_without_entrepreneurs_passes_the_schema() {
    for seed in 0..20 {
        let text = corpus::dossier(seed, 0);
        let r = pipeline::check(text.as_bytes());
        let schema: Vec<_> = r
            .findings
            .iter()
            .filter(|f| f.code.starts_with("SC") || f.code.starts_with("LD"))
            .map(|f| format!("{} {}: {}", f.code, f.pointer, f.message))
            .collect();
        assert!(schema.is_empty(), "seed {seed}: {schema:#?}");
    }
}

// ---------------------------------------------------------------------------------------------
// A dossier with many mistakes, well inside the default limits: its cost was quadratic in the
// number of mistakes, and its memory grew with them, because every finding was built before
// `--max-findings` cut the list (DESIGN §8: "no input makes it panic, hang or eat memory").
// Now at most `--max-findings` findings are built and the others are only counted; the tests
// check the count is right and that memory stays bounded. The time bounds are hang guards, far
// above the linear cost (a few hundred milliseconds) and far below the quadratic one.
// ---------------------------------------------------------------------------------------------

/// The `suivi-fr` base with `n` more entrepreneurs, each `item` (`{i}` is replaced by its
/// number).
fn with_entrepreneurs(n: usize, item: &str) -> String {
    let at = SUIVI_FR.find("entrepreneurs:\n").expect("entrepreneurs") + "entrepreneurs:\n".len();
    let mut text = String::with_capacity(SUIVI_FR.len() + n * (item.len() + 8));
    text.push_str(&SUIVI_FR[..at]);
    for i in 0..n {
        text.push_str("  - ");
        text.push_str(&item.replace("{i}", &i.to_string()));
        text.push('\n');
    }
    text.push_str(&SUIVI_FR[at..]);
    text
}

/// The number of findings left out, as RP001 says it (`N autre(s) constat(s)…`).
fn left_out(r: &cooplabel::verdict::DossierResult) -> usize {
    let last = r.findings.last().expect("findings");
    assert_eq!(last.code, "RP001", "{last:#?}");
    last.message
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("a count first: {}", last.message))
}

/// Checks `text` in-process (default options), with a hang guard.
fn check_in_time(text: &str, guard: Duration) -> cooplabel::verdict::DossierResult {
    let _ = &*pipeline::RULES;
    let start = Instant::now();
    let r = pipeline::check(text.as_bytes());
    let took = start.elapsed();
    assert!(took < guard, "took {took:?}: quadratic again?");
    r
}

/// Each unknown key was located with `Node::key_span` (a scan of the mapping's entries) and
/// worded with the list of allowed keys rebuilt per key, before the list was cut: n unknown
/// keys cost O(n²) (a 2 MB file of 200 000 keys: 116 s and 304 MB). Now the keys are looked up
/// in an index, the list is built once, and keys past the limit are counted.
#[test]
fn many_unknown_keys_are_counted_past_the_limit() {
    let n = 40_000;
    let mut text = String::from(MINIMAL);
    for i in 0..n {
        text.push_str(&format!("inconnue_{i}: 1\n"));
    }
    let r = check_in_time(&text, Duration::from_secs(20));
    assert_eq!(r.decision, Decision::NonConforming);
    assert_eq!(r.findings.len(), 1001);
    assert!(r.findings[..1000].iter().all(|f| f.code == "SC003"));
    assert_eq!(r.findings[0].pointer, "/inconnue_0");
    assert_eq!(left_out(&r), n - 1000);
}

/// `one_per_value` (src/schema/mod.rs) kept one finding per wrong value by searching all the
/// findings kept so far for the same pointer: n wrong values cost O(n²) (32 000 of them: 11.5 s
/// and 270 MB). Now a map from pointer to finding, and values past the limit are counted.
#[test]
fn many_wrong_values_are_counted_past_the_limit() {
    let n = 16_000;
    let text = with_entrepreneurs(n, "{ id: X{i}, chiffre_affaires: x }");
    let r = check_in_time(&text, Duration::from_secs(20));
    assert_eq!(r.decision, Decision::NonConforming);
    assert_eq!(r.findings.len(), 1001);
    // Everything counted is counted once: the same dossier with no limit has as many.
    let all = pipeline::check_with(text.as_bytes(), usize::MAX);
    assert_eq!(all.findings.len(), 1000 + left_out(&r));
}

/// The largest resident set of a `cooplabel` run (Linux: `VmHWM` of /proc/PID/status, read
/// while it runs), and its exit status.
#[cfg(target_os = "linux")]
fn peak_kb(args: &[&str], file: &Path) -> (ExitStatus, u64) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cooplabel"))
        .args(args)
        .arg(file)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start cooplabel");
    let status = format!("/proc/{}/status", child.id());
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut peak = 0u64;
    loop {
        if let Ok(text) = std::fs::read_to_string(&status)
            && let Some(kb) = text
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        {
            peak = peak.max(kb);
        }
        if let Some(exit) = child.try_wait().expect("wait") {
            return (exit, peak);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("cooplabel did not finish within 120 s");
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// Every schema error became a full finding, all were collected, sorted and only then cut; and
/// `jsonschema` itself collects every error of a document before handing out the first, each
/// with a copy of the value it is about. 40 000 entrepreneurs written `- {}` (286 KB) peaked at
/// 279 MB, 160 000 (1.1 MB) at 1.08 GB. Now invalid documents are explained list item by list
/// item (src/schema/parts.rs), errors carry no copy of mappings, and findings past the limit
/// are counted. 100 000 of them (700 KB) would have needed about 700 MB.
#[cfg(target_os = "linux")]
#[test]
fn many_schema_errors_do_not_eat_memory() {
    let ws = Workspace::new();
    let path = ws.write("vides.yaml", with_entrepreneurs(100_000, "{}"));
    let (exit, peak) = peak_kb(&["check", "--format", "json"], &path);
    assert_eq!(exit.code(), Some(1));
    assert!(peak < 100 * 1024, "peaked at {} MB", peak / 1024);
}

/// The rules' findings were all built and kept until the end (35 000 entrepreneurs failing four
/// rules each: 370 MB), and each was located by `pointer_of` (src/evaluate/value.rs) with a
/// walk of the whole tree: O(findings × nodes), 3.8 s for 4 000 entrepreneurs and minutes for
/// 35 000. Now a rule builds at most `--max-findings` findings, the list is cut as it grows,
/// and the walk follows the spans down to the value.
#[cfg(target_os = "linux")]
#[test]
fn many_rule_findings_do_not_eat_memory_or_time() {
    let item = "{ id: X{i}, activite: a, statut: entrepreneur_salarie, contrat: cdd, \
                cdd_par_mission: true, entree: 1999-09-06, comptabilite_propre: false, \
                tresorerie_identifiee: false, prospection_nom_propre: false, \
                chiffre_affaires: 1, marge_brute: 1, contribution: 1 }";
    let text = with_entrepreneurs(12_000, item);
    let ws = Workspace::new();
    let path = ws.write("nombreux.yaml", &text);
    let start = Instant::now();
    let (exit, peak) = peak_kb(&["check", "--format", "json"], &path);
    assert!(exit.code().is_some(), "{exit:?}");
    assert!(
        start.elapsed() < Duration::from_secs(60),
        "quadratic again?"
    );
    assert!(peak < 100 * 1024, "peaked at {} MB", peak / 1024);
    // Shown and counted add up to what an unlimited run finds, and the most important come
    // first either way.
    let r = pipeline::check(text.as_bytes());
    assert_eq!(r.findings.len(), 1001);
    let all = pipeline::check_with(text.as_bytes(), usize::MAX);
    assert!(all.findings.len() > 40_000, "{}", all.findings.len());
    assert_eq!(all.findings.len(), 1000 + left_out(&r));
    assert_eq!(all.decision, r.decision);
    let key = |f: &cooplabel::finding::Finding| (f.code.clone(), f.pointer.clone());
    assert_eq!(
        r.findings[..1000].iter().map(key).collect::<Vec<_>>(),
        all.findings[..1000].iter().map(key).collect::<Vec<_>>()
    );
}
