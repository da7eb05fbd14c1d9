//! Writes N varied, realistic dossiers into a directory, for benchmarks:
//!
//! ```sh
//! cargo run --release --example corpus -- /tmp/corpus 10000        # ~5 KB each
//! cargo run --release --example corpus -- /tmp/big 1 400           # one 400-entrepreneur dossier
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(n)) = (
        args.first(),
        args.get(1).and_then(|n| n.parse::<u64>().ok()),
    ) else {
        eprintln!("usage: corpus DIR N [ENTREPRENEURS]");
        return ExitCode::from(2);
    };
    let entrepreneurs = args.get(2).and_then(|k| k.parse().ok()).unwrap_or(10);
    let dir = PathBuf::from(dir);
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("{}: {e}", dir.display());
        return ExitCode::from(2);
    }
    for seed in 0..n {
        let text = cooplabel::testing::corpus::dossier(seed, entrepreneurs);
        let path = dir.join(format!("dossier-{seed:05}.yaml"));
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("{}: {e}", path.display());
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}
