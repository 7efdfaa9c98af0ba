//! Refinement: the Nova layer ([`NovaState`] steps) and the status table agree.
//!
//! * (a) every Nova-layer step from every reachable state, projected through the status
//!   map, leaves the status unchanged or is a row `(from, label, to ∈ results)` of
//!   [`table::TRANSITIONS`];
//! * (b) every row and every result of the table is realised by a Nova-layer path: a step
//!   labelled with the row's event from a reachable state showing `from`, followed by
//!   steps of the same work (no new request, nothing in the background), ending at a
//!   state showing the result;
//! * (c) a request is allowed from a status iff Nova's guard accepts its operation for
//!   some representative (vm_state, task_state) pair of that status.
//!
//! The state space is small enough to explore exhaustively; a proptest walks random
//! paths as well, checking (a) step by step.

use std::collections::{HashMap, HashSet, VecDeque};

use proptest::prelude::*;
use server_lifecycle::nova::{
    pairs_showing, NovaState, NovaStep, Operation, Settings, StepKind, VmState,
};
use server_lifecycle::{table, Event, Status, StatusSet};

/// The cloud configurations explored: Nova's defaults (offload at once, no periodic
/// job), every periodic job on with a delayed offload, and shelved servers never
/// offloaded.
fn settings_variants() -> [Settings; 3] {
    let on = Settings {
        shelved_offload_time: 3600,
        resize_confirm_window: 3600,
        reclaim_instance_interval: 3600,
        instance_build_timeout: 3600,
    };
    [
        Settings::default(),
        on,
        Settings {
            shelved_offload_time: -1,
            ..on
        },
    ]
}

/// Every state reachable from a new server (image- or volume-backed) under `settings`.
fn reachable(settings: &Settings) -> Vec<NovaState> {
    let mut seen = HashSet::new();
    let mut queue = VecDeque::new();
    for start in [NovaState::created(false), NovaState::created(true)] {
        seen.insert(start);
        queue.push_back(start);
    }
    let mut order = Vec::new();
    while let Some(state) = queue.pop_front() {
        order.push(state);
        for step in state.steps(settings) {
            if seen.insert(step.to) {
                queue.push_back(step.to);
            }
        }
    }
    order
}

/// The results of the table's row `(from, event)`.
fn results(from: Status, event: Event) -> StatusSet {
    from.next(event).unwrap_or(StatusSet::EMPTY)
}

/// Why a step breaks property (a), if it does.
fn violation(from: &NovaState, step: &NovaStep) -> Option<String> {
    let (before, after) = (from.status(), step.to.status());
    if before == after {
        return None;
    }
    match step.label {
        Some(event) if results(before, event).contains(after) => None,
        label => Some(format!(
            "{before} --{}--> {after} is not in the table; Nova: {from:?} --{:?}--> {:?}",
            label.map_or("(unlabelled)", |e| e.as_str()),
            step.kind,
            step.to
        )),
    }
}

#[test]
fn a_every_nova_step_is_a_table_row_or_keeps_the_status() {
    let mut problems = Vec::new();
    for settings in settings_variants() {
        for state in reachable(&settings) {
            for step in state.steps(&settings) {
                problems.extend(violation(&state, &step));
            }
        }
    }
    problems.sort();
    problems.dedup_by(|a, b| a.split(';').next() == b.split(';').next());
    assert!(
        problems.is_empty(),
        "{} violations:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
