//! Where a request may start in the Nova layer, and the contexts that decide its end:
//! shared by [`Plan`](crate::Plan) (the microversion's ends) and the
//! [`Waiter`](crate::Waiter) (the start's ends).

use crate::nova::{default_status, pairs_showing, Context, Microversion, Operation, PowerState};
use crate::nova::{TaskState, VmState};
use crate::{table, Event, Status, StatusSet};

/// The operation `request` runs and the (vm_state, launched) pairs it may start from:
/// those whose (vm_state, task_state) shows `from` and that the operation's guard
/// accepts. A soft delete of a server that never launched is checked as a delete.
pub(crate) fn nova_starts(
    request: Event,
    from: Status,
) -> (Option<Operation>, Vec<(VmState, bool)>) {
    if request == table::CREATE {
        return (Some(Operation::Create), vec![(VmState::Building, false)]);
    }
    let Some(operation) = Operation::for_event(request) else {
        return (None, Vec::new());
    };
    let mut starts = Vec::new();
    for (vm_state, task_state) in pairs_showing(from) {
        for launched in [true, false] {
            if accepts(operation, vm_state, task_state, launched)
                && !starts.contains(&(vm_state, launched))
            {
                starts.push((vm_state, launched));
            }
        }
    }
    (Some(operation), starts)
}

/// The operation that runs when `operation` is asked of a server that `launched` (or
/// not): a soft delete of a server that never launched is a hard delete.
pub(crate) const fn runs(operation: Operation, launched: bool) -> Operation {
    match operation {
        Operation::SoftDelete if !launched => Operation::Delete,
        other => other,
    }
}

fn accepts(
    operation: Operation,
    vm_state: VmState,
    task_state: Option<TaskState>,
    launched: bool,
) -> bool {
    runs(operation, launched)
        .check(vm_state, task_state, launched)
        .is_ok()
}

/// Every context that decides an end, for a server that `launched` (or not), on a cloud
/// with `shelved_offload_time`, with requests made at `microversion`.
pub(crate) fn end_contexts(
    launched: bool,
    shelved_offload_time: i64,
    microversion: Microversion,
) -> impl Iterator<Item = Context> {
    let evacuate_to_stopped = microversion.evacuate_stops_server();
    [PowerState::Running, PowerState::Shutdown]
        .into_iter()
        .flat_map(move |power_state| {
            [None, Some(VmState::Active), Some(VmState::Stopped)]
                .into_iter()
                .flat_map(move |old_vm_state| {
                    [false, true].into_iter().map(move |volume_backed| Context {
                        power_state,
                        old_vm_state,
                        shelved_offload_time,
                        volume_backed,
                        evacuate_to_stopped,
                        launched,
                    })
                })
        })
}

/// Every run of `request` made in `from`: the operation that runs, the vm_state it
/// starts in, and each context that decides its end, for requests made at
/// `microversion`.
fn every_run(
    request: Event,
    from: Status,
    shelved_offload_time: i64,
    microversion: Microversion,
) -> impl Iterator<Item = (Operation, VmState, Context)> {
    let (operation, starts) = nova_starts(request, from);
    operation.into_iter().flat_map(move |operation| {
        starts
            .clone()
            .into_iter()
            .flat_map(move |(vm_state, launched)| {
                end_contexts(launched, shelved_offload_time, microversion)
                    .map(move |context| (runs(operation, launched), vm_state, context))
            })
    })
}

/// The statuses `request` made in `from` ends in when it succeeds, over every start and
/// context, for requests made at `microversion`.
pub(crate) fn success_ends(
    request: Event,
    from: Status,
    shelved_offload_time: i64,
    microversion: Microversion,
) -> StatusSet {
    every_run(request, from, shelved_offload_time, microversion)
        .map(|(operation, vm_state, context)| {
            default_status(operation.success_end(vm_state, &context))
        })
        .collect()
}

/// The statuses where `request` made in `from` rests with no task between two of its
/// runs, for requests made at `microversion`: a rebuild or an evacuation that ends
/// stopped saves the server `active` before it stops it (seen in Nova 34.0.0).
pub(crate) fn resting_on_the_way(
    request: Event,
    from: Status,
    shelved_offload_time: i64,
    microversion: Microversion,
) -> StatusSet {
    every_run(request, from, shelved_offload_time, microversion)
        .filter(|(operation, _, _)| operation.continues_at_rest_first())
        .filter_map(|(operation, vm_state, context)| operation.continues_with(vm_state, &context))
        .map(|(_, next_from)| default_status(next_from))
        .collect()
}

/// The status where `request` made in `vm_state` with `context` rests with no task
/// before the work that follows it, if it does.
pub(crate) fn resting_after(request: Event, vm_state: VmState, context: &Context) -> StatusSet {
    match Operation::for_event(request) {
        Some(operation) if operation.continues_at_rest_first() => operation
            .continues_with(vm_state, context)
            .map_or(StatusSet::EMPTY, |(_, next_from)| {
                StatusSet::EMPTY.with(default_status(next_from))
            }),
        _ => StatusSet::EMPTY,
    }
}
