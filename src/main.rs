//! The `cooplabel` binary: see the library for the pipeline.

fn main() -> std::process::ExitCode {
    cooplabel::cli::run()
}
