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

mod util;

use std::collections::{HashMap, HashSet};

use proptest::prelude::*;
use server_lifecycle::nova::{pairs_showing, NovaState, NovaStep, Operation, StepCause, VmState};
use server_lifecycle::{table, CloudSettings, Event, Status, StatusSet};

/// The cloud configurations explored: Nova's defaults (offload at once, no periodic
/// job), every periodic job on with a delayed offload, and shelved servers never
/// offloaded.
fn settings_variants() -> [CloudSettings; 3] {
    let on = util::periodic_jobs_on();
    [
        CloudSettings::NOVA_DEFAULTS,
        on,
        on.with_shelved_offload_time(-1),
    ]
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
        for state in util::reachable_nova_states(&settings) {
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

/// The statuses a path can show after its first step, following only the steps of the
/// same work ([`StepCause::Task`]): the first step's target and everything after it.
fn shown_by_work(
    state: NovaState,
    settings: &CloudSettings,
    memo: &mut HashMap<NovaState, StatusSet>,
) -> StatusSet {
    if let Some(known) = memo.get(&state) {
        return *known;
    }
    // Breadth first, not recursive: work can go round (a build rescheduled to another
    // host is `scheduling` again).
    let mut shown = StatusSet::EMPTY;
    let mut seen = std::collections::HashSet::from([state]);
    let mut todo = vec![state];
    while let Some(next) = todo.pop() {
        shown = shown.with(next.status());
        for step in next.steps(settings) {
            if step.kind == StepCause::Task && seen.insert(step.to) {
                todo.push(step.to);
            }
        }
    }
    memo.insert(state, shown);
    shown
}

/// For every (status, event): the statuses Nova-layer paths labelled with it can show.
fn realised() -> HashMap<(Status, Event), StatusSet> {
    let mut realised: HashMap<(Status, Event), StatusSet> = HashMap::new();
    for settings in settings_variants() {
        let mut memo = HashMap::new();
        for state in util::reachable_nova_states(&settings) {
            for step in state.steps(&settings) {
                let Some(event) = step.label else { continue };
                if event.is_request() && !matches!(step.kind, StepCause::Request(_)) {
                    continue;
                }
                let shown = shown_by_work(step.to, &settings, &mut memo);
                let cell = realised.entry((state.status(), event)).or_default();
                *cell = cell.union(shown);
            }
        }
    }
    realised
}

#[test]
fn b_every_row_and_result_is_realised_by_a_nova_path() {
    let realised = realised();
    let mut problems = Vec::new();
    for row in table::transitions() {
        let shown = realised
            .get(&(row.from(), row.event()))
            .copied()
            .unwrap_or_default();
        for to in row.to() {
            if !shown.contains(to) {
                problems.push(format!(
                    "{} --{}--> {to} is never realised by Nova (Nova paths show: {shown})",
                    row.from(),
                    row.event()
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} rows unrealised:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// Whether Nova accepts the request `event` for some representative of `status`.
fn nova_accepts(status: Status, event: Event) -> bool {
    let Some(operation) = Operation::for_event(event) else {
        return false;
    };
    let guard = operation.guard();
    if status == Status::Unknown {
        // A record whose vm_state Nova does not know, with no task, launched: only
        // guards that take any vm_state pass. (A down cell accepts nothing; the table
        // keeps the requests the bad-record case allows.)
        return guard.vm_states().is_none()
            && guard.task_states().is_none_or(|tasks| tasks.contains(None));
    }
    let launched = status != Status::Building;
    pairs_showing(status)
        .filter(|(_, task)| status.is_transitional() || task.is_none())
        .any(|(vm_state, task)| {
            guard.accepts(vm_state, task, launched)
                // DELETE with deferred delete falls back to a hard delete for a server
                // that never launched.
                || (event == Event::SoftDelete
                    && !launched
                    && Operation::Delete.guard().accepts(vm_state, task, launched))
        })
}

#[test]
fn c_a_request_is_allowed_iff_novas_guard_accepts_it_for_a_representative() {
    let mut problems = Vec::new();
    for status in Status::ALL {
        for event in Event::ALL.into_iter().filter(|e| e.is_request()) {
            let table = status.accepts(event);
            // DELETED: Nova answers 404 before any guard runs.
            let nova = status != Status::Deleted && nova_accepts(status, event);
            if table != nova {
                problems.push(format!("{status} {event}: table {table}, Nova {nova}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_vm_state_is_reached() {
    let mut seen = HashSet::new();
    for settings in settings_variants() {
        seen.extend(
            util::reachable_nova_states(&settings)
                .into_iter()
                .map(|state| state.vm_state),
        );
    }
    assert_eq!(seen.len(), VmState::COUNT);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Random walks through the Nova layer: every step refines the status table. Half
    /// the choices follow the work in progress, so walks get deep; a deleted server
    /// starts over.
    #[test]
    fn random_walks_refine_the_table(
        choices in proptest::collection::vec(any::<u16>(), 1..200),
        variant in 0usize..3,
    ) {
        let settings = settings_variants()[variant];
        let mut state = NovaState::created(choices[0] % 2 == 1);
        for choice in choices {
            let steps = state.steps(&settings);
            let work: Vec<_> = steps.iter().filter(|s| s.kind == StepCause::Task).collect();
            let index = usize::from(choice >> 1);
            let step = if choice % 2 == 0 && !work.is_empty() {
                *work[index % work.len()]
            } else if steps.is_empty() {
                state = NovaState::created(false);
                continue;
            } else {
                steps[index % steps.len()]
            };
            prop_assert_eq!(violation(&state, &step), None);
            state = step.to;
        }
    }
}
