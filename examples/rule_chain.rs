//! Loads chains of N rules, each reading the one before (`failed: [previous]`), and prints how
//! long loading takes: linear in N, where lookups by scanning made it quadratic (100 000 rules:
//! 72 s) and a recursive sort overflowed the stack. Used by `benches/hostile.sh`:
//!
//! ```sh
//! cargo run --release --example rule_chain -- 10000 50000 100000
//! ```

use std::process::ExitCode;
use std::time::Instant;

use cooplabel::lang::Lang;
use cooplabel::rules::{RuleSource, embedded_file, load_sources};

/// `AA000`, `AA001`… `AB000`…: 676 families of 1 000 codes.
fn code(i: usize) -> String {
    let family = i / 1000;
    let a = char::from(b'A' + (family / 26) as u8);
    let b = char::from(b'A' + (family % 26) as u8);
    format!("{a}{b}{:03}", i % 1000)
}

/// The chain as rule files of 1 000 rules (one family each), the decision file first.
fn chain(n: usize) -> Vec<RuleSource> {
    let mut files = vec![RuleSource {
        rel: "verdict.yaml".into(),
        name: "verdict.yaml".into(),
        text: embedded_file("rules/verdict.yaml")
            .unwrap_or_default()
            .into(),
        embedded: true,
    }];
    for family in 0..n.div_ceil(1000) {
        let mut pack = format!(
            "family: {{ code: {}, title: Chaîne }}\nrules:\n",
            &code(family * 1000)[..2]
        );
        for i in family * 1000..((family + 1) * 1000).min(n) {
            let check = match i {
                0 => "{ present: /dossier }".to_string(),
                _ => format!("{{ lt: [{{ failed: [{}] }}, 1] }}", code(i - 1)),
            };
            pack.push_str(&format!(
                "  - {{ code: {c}, name: r{i}, title: T, severity: info, niveau: information, check: {check}, message: M, help: H, explanation: E, sources: [{{ practice: p }}] }}\n",
                c = code(i)
            ));
        }
        files.push(RuleSource {
            rel: format!("chaine-{family:03}.yaml"),
            name: format!("chaine-{family:03}.yaml"),
            text: pack,
            embedded: false,
        });
    }
    files
}

fn main() -> ExitCode {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    if sizes.is_empty() || sizes.iter().any(|&n| n > 676_000) {
        eprintln!("usage: rule_chain N… (N up to 676 000)");
        return ExitCode::from(2);
    }
    for n in sizes {
        let files = chain(n);
        let start = Instant::now();
        match load_sources(files, Lang::Fr) {
            Ok(set) => {
                let took = start.elapsed();
                println!(
                    "{n:>7} rules: loaded in {:.2} s ({:.1} µs per rule)",
                    took.as_secs_f64(),
                    took.as_secs_f64() * 1e6 / n as f64
                );
                drop(set);
            }
            Err(e) => {
                eprintln!(
                    "{n} rules: {:?}",
                    e.diagnostics.first().map(|d| &d.0.message)
                );
                return ExitCode::from(1);
            }
        }
    }
    ExitCode::SUCCESS
}
