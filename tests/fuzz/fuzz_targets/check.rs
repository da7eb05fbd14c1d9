//! Arbitrary bytes through the whole `check` pipeline: load → schema → rules → verdict → JSON
//! and human reports. A panic (or a broken invariant of `pipeline.rs`), a hang past `-timeout`
//! or memory past `-rss_limit_mb` is a finding.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../pipeline.rs"]
mod pipeline;

fuzz_target!(|data: &[u8]| {
    pipeline::run(data);
});
