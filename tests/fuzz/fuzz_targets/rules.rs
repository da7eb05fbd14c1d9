//! Arbitrary bytes as a rule-side file (a pack added with `--rules`, a replacement of a shipped
//! pack or of the parameters, a rule test file): loading, compiling, `cooplabel test` and a
//! check with the rules obtained. A panic (or a broken invariant of `rules_pipeline.rs`), a
//! hang past `-timeout` or memory past `-rss_limit_mb` is a finding.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../rules_pipeline.rs"]
mod rules_pipeline;

fuzz_target!(|data: &[u8]| {
    rules_pipeline::run(data);
});
