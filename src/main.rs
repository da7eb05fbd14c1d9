//! The `cooplabel` binary: see the library for the pipeline.

/// mimalloc instead of the system allocator: a check is mostly small, short-lived allocations
/// (the YAML reader's tokens and scalars, the value tree, the findings), which glibc's malloc
/// served at a fifth of the run's instructions; with two threads, its arenas also contend.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cooplabel::cli::run()
}
