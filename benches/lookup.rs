//! Request and outcome lookups (`Status::next`, `Status::accepts`) over every
//! (status, event) pair, side by side with the ways a user would write them without this
//! crate: a `HashMap` of the same rows, a linear scan of the row table, and the same
//! machine written with `rust-fsm`.
//!
//! Run: `cargo bench --bench lookup`. Each iteration looks up every pair once; criterion's
//! element throughput is lookups per second.

use std::collections::HashMap;
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use rust_fsm::{StateMachine, StateMachineImpl};
use server_lifecycle::{table, Event, Status, StatusSet};

#[path = "support/mod.rs"]
mod support;

use support::baselines::{self, status_machine};

/// The same rows in a `HashMap`, built from the table.
fn hash_map() -> HashMap<(Status, Event), StatusSet> {
    table::transitions()
        .map(|row| ((row.from(), row.event()), row.to()))
        .collect()
}

/// A linear scan of the row table.
fn scan(status: Status, event: Event) -> Option<StatusSet> {
    table::TRANSITIONS
        .iter()
        .find(|row| row.from() == status && row.event() == event)
        .map(|row| row.to())
}

/// rust-fsm's answer to "what does `event` do in `status`": consume it in a machine that
/// is in `status`; the output names the results.
fn rust_fsm_next(status: Status, event: Event) -> Option<StatusSet> {
    StateMachine::<status_machine::Impl>::from_state(status)
        .consume(&event)
        .ok()
        .map(|output| baselines::results(output.expect("every row names its results")))
}

/// Before measuring: every baseline gives the library's answer on every pair, so the
/// comparison is between equals. (`tests/bench_baselines.rs` checks that the generated
/// rust-fsm machine is current.)
fn check_baselines_agree() {
    let map = hash_map();
    for (status, event) in support::pairs(|_| true) {
        let ours = status.next(event).ok();
        assert_eq!(
            map.get(&(status, event)).copied(),
            ours,
            "hash map, {status} {event}"
        );
        assert_eq!(scan(status, event), ours, "scan, {status} {event}");
        assert_eq!(
            rust_fsm_next(status, event),
            ours,
            "rust-fsm, {status} {event}"
        );
        let moved_to = status_machine::Impl::transition(&status, &event);
        assert_eq!(
            moved_to.is_some(),
            status.accepts(event),
            "rust-fsm transition, {status} {event}"
        );
        if let (Some(to), Some(results)) = (moved_to, ours) {
            assert!(
                results.contains(to),
                "rust-fsm moves {status} --{event}--> {to}"
            );
        }
    }
}

/// `next` over `pairs`, ours and the three baselines.
fn bench_next(c: &mut Criterion, name: &str, pairs: &[(Status, Event)]) {
    let map = hash_map();
    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Elements(pairs.len() as u64));
    group.bench_function("server_lifecycle", |b| {
        b.iter(|| {
            for &(status, event) in pairs {
                let _ = black_box(status.next(event));
            }
        })
    });
    group.bench_function("hash_map", |b| {
        b.iter(|| {
            for &(status, event) in pairs {
                black_box(map.get(&(status, event)));
            }
        })
    });
    group.bench_function("linear_scan", |b| {
        b.iter(|| {
            for &(status, event) in pairs {
                black_box(scan(status, event));
            }
        })
    });
    group.bench_function("rust_fsm", |b| {
        b.iter(|| {
            for &(status, event) in pairs {
                let mut machine = StateMachine::<status_machine::Impl>::from_state(status);
                let _ = black_box(machine.consume(&event));
            }
        })
    });
    group.finish();
}

fn lookups(c: &mut Criterion) {
    check_baselines_agree();
    bench_next(c, "request_next", &support::pairs(Event::is_request));
    bench_next(c, "outcome_next", &support::pairs(Event::is_outcome));

    let all = support::pairs(|_| true);
    let map = hash_map();
    let mut group = c.benchmark_group("accepts");
    group.throughput(Throughput::Elements(all.len() as u64));
    group.bench_function("server_lifecycle", |b| {
        b.iter(|| {
            for &(status, event) in &all {
                black_box(status.accepts(event));
            }
        })
    });
    group.bench_function("hash_map", |b| {
        b.iter(|| {
            for &(status, event) in &all {
                black_box(map.contains_key(&(status, event)));
            }
        })
    });
    group.bench_function("linear_scan", |b| {
        b.iter(|| {
            for &(status, event) in &all {
                black_box(scan(status, event).is_some());
            }
        })
    });
    group.bench_function("rust_fsm", |b| {
        b.iter(|| {
            for &(status, event) in &all {
                black_box(status_machine::Impl::transition(&status, &event).is_some());
            }
        })
    });
    group.finish();
}

criterion_group!(benches, lookups);
criterion_main!(benches);
