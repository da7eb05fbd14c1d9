//! Replays the fuzzing inputs in the normal test suite, for both fuzz targets:
//! - `check`: every file of the minimized corpus (`tests/fuzz/corpus/check/`), of the hand-made
//!   hostile seeds (`tests/fuzz/seeds/`) and of the crashes the fuzzer kept
//!   (`tests/fuzz/artifacts/check/`, if any) goes through the same pipeline as the fuzz target
//!   (`tests/fuzz/pipeline.rs`: load → schema → rules → JSON and human reports, with its
//!   invariants). A sample also goes through the real binary, one batch and a few single
//!   files, which must exit with 0, 1 or 2 and report every file.
//! - `rules`: `corpus/rules/`, `seeds-rules/` and `artifacts/rules/` through
//!   `tests/fuzz/rules_pipeline.rs` (a rule-side file loaded, compiled, tested and used).

mod common;
#[path = "fuzz/pipeline.rs"]
mod pipeline;
#[path = "fuzz/rules_pipeline.rs"]
mod rules_pipeline;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::Workspace;

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if path.is_dir() {
            files_under(&path, out);
        } else if !hidden {
            out.push(path);
        }
    }
}

/// Every input to replay from these directories of `tests/fuzz`, sorted.
fn inputs_of(dirs: &[&str]) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz");
    let mut files = Vec::new();
    for dir in dirs {
        files_under(&root.join(dir), &mut files);
    }
    files.sort();
    files
}

/// The inputs of the `check` target.
fn inputs() -> Vec<PathBuf> {
    inputs_of(&["corpus/check", "seeds", "artifacts/check"])
}

/// Replays `files` through `run`: the failures, and the slowest input.
fn replay(files: &[PathBuf], run: fn(&[u8])) -> (Vec<String>, (Duration, PathBuf)) {
    let mut failures = Vec::new();
    let mut slowest = (Duration::ZERO, PathBuf::new());
    for path in files {
        // A running fuzzer may remove a file it has reduced.
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let start = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| run(&bytes)));
        let took = start.elapsed();
        if took > slowest.0 {
            slowest = (took, path.clone());
        }
        if let Err(panic) = outcome {
            let message = panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("(non-text panic)");
            failures.push(format!("{}: {message}", path.display()));
        }
    }
    (failures, slowest)
}

/// Replays `files` through `run` on every core (thousands of them, in a debug build), and
/// fails with every input that broke an invariant.
fn replay_all(files: &[PathBuf], run: fn(&[u8])) {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let results: Vec<(Vec<String>, (Duration, PathBuf))> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                // Interleaved, so that the big seeds are shared out.
                let mine: Vec<PathBuf> = files.iter().skip(t).step_by(threads).cloned().collect();
                scope.spawn(move || replay(&mine, run))
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().expect("a replay thread"))
            .collect()
    });
    let mut failures = Vec::new();
    let mut slowest = (Duration::ZERO, PathBuf::new());
    for (failed, slow) in results {
        failures.extend(failed);
        if slow.0 > slowest.0 {
            slowest = slow;
        }
    }
    eprintln!(
        "{} inputs; slowest {:?} ({})",
        files.len(),
        slowest.0,
        slowest.1.display()
    );
    assert!(
        failures.is_empty(),
        "{} of {} inputs failed:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

#[test]
fn every_fuzz_input_goes_through_the_pipeline_without_panic() {
    let files = inputs();
    assert!(
        files.len() >= 100,
        "the corpus is there: {} files",
        files.len()
    );
    // Compile the rules once, outside the timings.
    let _ = &*pipeline::RULES;
    replay_all(&files, |bytes| {
        pipeline::run(bytes);
    });
}

#[test]
fn every_rule_file_fuzz_input_loads_or_is_refused_without_panic() {
    let files = inputs_of(&["corpus/rules", "seeds-rules", "artifacts/rules"]);
    assert!(
        files.len() >= 10,
        "the corpus is there: {} files",
        files.len()
    );
    replay_all(&files, rules_pipeline::run);
}

#[test]
fn a_sample_of_fuzz_inputs_through_the_binary_exits_0_1_or_2_and_reports_each_file() {
    let files = inputs();
    // One file in eight, as `*.yaml` files of one directory.
    let sample: Vec<&PathBuf> = files.iter().step_by(8).collect();
    let ws = Workspace::new();
    let sample: Vec<Vec<u8>> = sample
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .collect();
    for (i, bytes) in sample.iter().enumerate() {
        ws.write(&format!("depot/{i:04}.yaml"), bytes);
    }
    for format in ["json", "human"] {
        let run = ws.run(&["check", "--format", format, "--color", "never", "depot"]);
        assert!(
            matches!(run.status, Some(0..=2)),
            "--format {format}: status {:?}\nstderr:\n{}",
            run.status,
            run.stderr
        );
        // A file found in the directory that is YAML but no dossier (no `dossier:` key at its
        // root) is left aside with a note on stderr; every other file is reported.
        let left_aside = |name: &str| run.stderr.contains(&format!("{name} laissé de côté"));
        if format == "json" {
            let dossiers = run.dossiers();
            let aside = (0..sample.len())
                .filter(|i| left_aside(&format!("depot/{i:04}.yaml")))
                .count();
            assert_eq!(dossiers.len() + aside, sample.len());
            let worst = dossiers
                .iter()
                .map(|d| match d["decision"].as_str() {
                    Some("conforming" | "conditional") => 0,
                    Some("non_conforming") => 1,
                    Some("not_evaluable") => 2,
                    other => panic!("unknown decision {other:?}"),
                })
                .max();
            assert_eq!(run.status, worst, "the exit status is the worst decision's");
        } else {
            for i in 0..sample.len() {
                let name = format!("depot/{i:04}.yaml");
                assert!(
                    run.stdout.contains(&name) || left_aside(&name),
                    "{name} neither in the human report nor left aside"
                );
            }
        }
    }
    // A few on their own: the exit status is the file's decision's.
    for i in (0..sample.len()).step_by(sample.len().div_ceil(6).max(1)) {
        let name = format!("depot/{i:04}.yaml");
        let run = ws.run(&["check", "--format", "json", &name]);
        let expected = match run.dossiers()[0]["decision"].as_str() {
            Some("conforming" | "conditional") => 0,
            Some("non_conforming") => 1,
            _ => 2,
        };
        run.assert_status(expected);
    }
}
