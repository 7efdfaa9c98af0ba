//! The benchmarks' generated baselines (`benches/support/baselines.rs`: the table as a
//! rust-fsm machine, the upper-case `match` parsers) are current with the model.
//! `SERVER_LIFECYCLE_BLESS=1 cargo test` regenerates them with every other generated file.
//!
//! Lives here rather than in the benchmark so that plain `cargo test` checks it, and so
//! that regenerating works even when a stale baseline no longer compiles.

#[path = "../benches/support/generate.rs"]
mod generate;
mod util;

#[test]
fn the_generated_benchmark_baselines_are_current() {
    util::assert_generated(generate::PATH, &generate::baselines_source());
}
