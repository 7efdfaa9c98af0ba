//! Helpers shared by the benchmarks: the inputs they iterate over, and whether this run
//! is a real benchmark run or criterion's quick test mode.
#![allow(dead_code)]

pub mod baselines;
pub mod generate;

use server_lifecycle::nova::{PowerState, TaskState, VmState};
use server_lifecycle::{Event, Status};

/// `true` under `cargo bench` (cargo passes `--bench`); `false` when `cargo test` runs the
/// benchmark binaries once each in test mode. Expensive set-up (the 10-million-observation
/// history) only happens in a real run.
pub fn benchmarking() -> bool {
    std::env::args().any(|arg| arg == "--bench")
}

/// Every (status, event) pair whose event satisfies `keep`, in model order.
pub fn pairs(keep: impl Fn(Event) -> bool) -> Vec<(Status, Event)> {
    Status::ALL
        .iter()
        .flat_map(|&status| {
            Event::ALL
                .iter()
                .filter(|&&event| keep(event))
                .map(move |&event| (status, event))
        })
        .collect()
}

/// `name` as written, in upper case, in lower case, and in a mixed case (every other
/// letter upper-cased), without duplicates.
pub fn case_variants(name: &str) -> Vec<String> {
    let mixed: String = name
        .chars()
        .enumerate()
        .map(|(i, c)| {
            if i % 2 == 0 {
                c.to_ascii_uppercase()
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect();
    let mut variants = vec![
        name.to_owned(),
        name.to_ascii_uppercase(),
        name.to_ascii_lowercase(),
        mixed,
    ];
    variants.sort();
    variants.dedup();
    variants
}

/// Strings one edit away from `name`, and the edits that fool a careless case fold: each
/// byte dropped, doubled, or replaced by a byte that equals it once bit 0x20 is set or
/// cleared (`_` and DEL, `-` and CR, `@` and a backtick), a NUL or space or `é` appended.
pub fn near_misses(name: &str) -> Vec<String> {
    let bytes = name.as_bytes();
    let mut misses = Vec::new();
    for i in 0..bytes.len() {
        let mut dropped = bytes.to_vec();
        dropped.remove(i);
        misses.push(dropped);
        let mut doubled = bytes.to_vec();
        doubled.insert(i, bytes[i]);
        misses.push(doubled);
        for flipped in [bytes[i] ^ 0x20, bytes[i] | 0x20, bytes[i] & !0x20] {
            let mut changed = bytes.to_vec();
            changed[i] = flipped;
            misses.push(changed);
        }
    }
    for suffix in ["\0", " ", "\u{e9}"] {
        misses.push([bytes, suffix.as_bytes()].concat());
    }
    misses
        .into_iter()
        .filter_map(|miss| String::from_utf8(miss).ok())
        .collect()
}

/// Every spelling of every status, in every case variant.
pub fn status_spellings() -> Vec<String> {
    Status::SPELLINGS
        .iter()
        .flat_map(|name| case_variants(name))
        .collect()
}

/// Every name of every event, in every case variant.
pub fn event_spellings() -> Vec<String> {
    Event::NAMES
        .iter()
        .flat_map(|name| case_variants(name))
        .collect()
}

/// Every Nova vm_state, task_state and power_state spelling, in every case variant.
pub fn nova_spellings() -> (Vec<String>, Vec<String>, Vec<String>) {
    let all = |names: &[&str]| -> Vec<String> {
        names.iter().flat_map(|name| case_variants(name)).collect()
    };
    (
        all(VmState::NAMES),
        all(TaskState::NAMES),
        all(PowerState::NAMES),
    )
}

/// Every (vm_state, task_state) pair, with "no task" first for each vm_state.
pub fn nova_grid() -> Vec<(VmState, Option<TaskState>)> {
    VmState::ALL
        .iter()
        .flat_map(|&vm| {
            std::iter::once(None)
                .chain(TaskState::ALL.iter().copied().map(Some))
                .map(move |task| (vm, task))
        })
        .collect()
}
