//! Parsing every spelling of every status, event and Nova state, in upper, lower and mixed
//! case, side by side with the obvious baseline: upper-case a copy of the input (an
//! allocation) and `match` on it.
//!
//! Run: `cargo bench --bench parse`. Each iteration parses every spelling once; criterion's
//! element throughput is strings per second.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use server_lifecycle::nova::{PowerState, TaskState, VmState};
use server_lifecycle::{Event, Status};

#[path = "support/mod.rs"]
mod support;

use support::baselines;

/// Benchmarks `ours` and `baseline` over `spellings` in one group, after checking that
/// they agree on every spelling and that every spelling parses.
///
/// Generic over the parsers (not `fn` pointers) so that each is inlined into its loop as
/// it would be at a call site, rather than measured through an indirect call.
fn bench_parser<T: PartialEq + std::fmt::Debug>(
    c: &mut Criterion,
    name: &str,
    spellings: &[String],
    ours: impl Fn(&str) -> Option<T>,
    baseline: impl Fn(&str) -> Option<T>,
    extra: impl Fn(&str) -> Option<T>,
) {
    for spelling in spellings {
        let parsed = ours(spelling);
        assert!(parsed.is_some(), "{name}: {spelling:?} does not parse");
        assert_eq!(parsed, baseline(spelling), "{name}: {spelling:?}");
        // Near misses must be refused exactly as the baseline refuses them, but for what
        // the library accepts on purpose: `-` for `_` (and back), and Nova's action names
        // for events (`extra`).
        for near_miss in support::near_misses(spelling) {
            let fold = |text: &str| text.to_ascii_lowercase().replace('-', "_");
            let expected = baseline(&near_miss)
                .or_else(|| {
                    spellings
                        .iter()
                        .find(|known| fold(known) == fold(&near_miss))
                        .and_then(|known| baseline(known))
                })
                .or_else(|| extra(&near_miss));
            assert_eq!(ours(&near_miss), expected, "{name}: {near_miss:?}");
        }
    }
    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Elements(spellings.len() as u64));
    group.bench_function("server_lifecycle", |b| {
        b.iter(|| {
            for spelling in spellings {
                black_box(ours(spelling));
            }
        })
    });
    group.bench_function("upper_case_match", |b| {
        b.iter(|| {
            for spelling in spellings {
                black_box(baseline(spelling));
            }
        })
    });
    group.finish();
}

/// The event a Nova action name stands for (`confirmResize`, `os-stop`, ...), which the
/// library parses on purpose and the baseline does not know.
fn event_alias(name: &str) -> Option<Event> {
    let fold = |text: &str| text.to_ascii_lowercase().replace('-', "_");
    Event::NOVA_ALIASES
        .iter()
        .find(|(alias, _)| fold(alias) == fold(name))
        .map(|(_, event)| *event)
}

fn parsers(c: &mut Criterion) {
    bench_parser(
        c,
        "parse_status",
        &support::status_spellings(),
        Status::parse_known,
        baselines::parse_status_upper,
        |_| None,
    );
    bench_parser(
        c,
        "parse_event",
        &support::event_spellings(),
        Event::parse_known,
        baselines::parse_event_upper,
        event_alias,
    );
    // `parse` (the `Result` form behind `FromStr`) costs the same on valid input.
    bench_parser(
        c,
        "parse_status_result",
        &support::status_spellings(),
        |name| Status::parse(name).ok(),
        baselines::parse_status_upper,
        |_| None,
    );
    let (vm_states, task_states, power_states) = support::nova_spellings();
    bench_parser(
        c,
        "parse_vm_state",
        &vm_states,
        VmState::parse_known,
        baselines::parse_vm_state_upper,
        |_| None,
    );
    bench_parser(
        c,
        "parse_task_state",
        &task_states,
        TaskState::parse_known,
        baselines::parse_task_state_upper,
        |_| None,
    );
    bench_parser(
        c,
        "parse_power_state",
        &power_states,
        PowerState::parse_known,
        baselines::parse_power_state_upper,
        |_| None,
    );
}

criterion_group!(benches, parsers);
criterion_main!(benches);
