//! In-process benchmarks of `check` (DESIGN §8), the rule set compiled once:
//!
//! - `parse/5kb`: loading alone (`load_str`) of a ~5 KB generated dossier;
//! - `check/5kb`: the full check of the same text — load, schema, all rules, JSON report into a
//!   `Vec<u8>` — to compare with parsing (target: within 2×);
//! - `check/400-entrepreneurs`: the full check of a 400-entrepreneur dossier, Coopaname's size
//!   (corpus seed 2; target: under 20 ms);
//! - `startup/rules-load` and `startup/schema-compile`: the work every process does once
//!   (`rules::load(None, &[], Lang::Fr)` and compiling the dossier schema, which the CLI keeps in a
//!   `LazyLock`); `benches/batch.sh` also measures a fresh process with hyperfine.
//!
//! `cargo bench --bench check` takes about a minute; `cargo bench --bench check -- check/`
//! runs a subset.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};

use cooplabel::check::{CheckOptions, check_document};
use cooplabel::lang::Lang;
use cooplabel::load::{Limits, load_str};
use cooplabel::report::{self, Format, ReportOptions, Summary};
use cooplabel::rules::RuleSet;
use cooplabel::testing::corpus;

/// The binary's allocator (src/main.rs), so that the figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The generated dossier closest to 5 KB (seed 0, a `suivi` dossier: every rule family runs).
fn five_kb() -> String {
    (1..30)
        .map(|k| corpus::dossier(0, k))
        .min_by_key(|t| t.len().abs_diff(5 * 1024))
        .expect("some sizes")
}

/// Load, schema, rules and the JSON report of one dossier, as `cooplabel check --format json`
/// does for each file (minus reading it from disk).
fn full_check(text: &str, rules: &RuleSet, options: &CheckOptions, out: &mut Vec<u8>) {
    out.clear();
    let doc = load_str("bench.yaml", text, &options.limits).expect("the dossier loads");
    let result = check_document("bench.yaml", doc, rules, options);
    let mut reporter = report::reporter(
        Format::Json,
        ReportOptions {
            lang: options.lang,
            color: false,
            rules,
            register: None,
            dossiers: 1,
        },
    );
    let mut summary = Summary::default();
    summary.add(&result);
    reporter.begin(out).expect("write");
    reporter.dossier(out, &result).expect("write");
    reporter.end(out, &summary).expect("write");
}

fn benches(c: &mut Criterion) {
    let rules = cooplabel::rules::load(None, &[], Lang::Fr).expect("embedded rules");
    let options = CheckOptions::default();
    let small = five_kb();
    let big = corpus::dossier(2, 400);
    assert!(small.contains("etape: suivi") && big.contains("etape: suivi"));
    eprintln!(
        "dossiers: {} bytes ({} lines), {} bytes ({} lines)",
        small.len(),
        small.lines().count(),
        big.len(),
        big.lines().count()
    );
    let mut out = Vec::with_capacity(64 * 1024);
    // Sanity: both are checked by the rules, not stopped by the schema.
    full_check(&small, &rules, &options, &mut out);
    assert!(
        !String::from_utf8_lossy(&out).contains("\"SC0"),
        "schema errors"
    );

    c.bench_function("parse/5kb", |b| {
        b.iter(|| load_str("bench.yaml", black_box(&small), &Limits::default()).expect("loads"))
    });
    c.bench_function("check/5kb", |b| {
        b.iter(|| full_check(black_box(&small), &rules, &options, &mut out))
    });
    c.bench_function("check/400-entrepreneurs", |b| {
        b.iter(|| full_check(black_box(&big), &rules, &options, &mut out))
    });
    c.bench_function("startup/rules-load", |b| {
        b.iter(|| cooplabel::rules::load(None, &[], black_box(Lang::Fr)).expect("embedded rules"))
    });
    c.bench_function("startup/schema-compile", |b| {
        b.iter(|| {
            let json =
                serde_json::from_str(black_box(cooplabel::schema::DOSSIER_SCHEMA)).expect("JSON");
            cooplabel::schema::Schema::compile(json).expect("compiles")
        })
    });
}

criterion_group! {
    name = check;
    config = Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    targets = benches
}
criterion_main!(check);
