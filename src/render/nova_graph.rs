//! Nova's vm_state graph, projected from the status table.

use super::DiagramOptions;
use crate::nova::{default_status, VmState};
use crate::table::TRANSITIONS;
use crate::{Event, EventClass, EventSet, Status, StatusSet};

/// One edge of Nova's vm_state graph: the events that can take a server from vm_state
/// `from` to vm_state `to` (the same vm_state for a task that leaves it unchanged).
///
/// # Examples
///
/// ```
/// use server_lifecycle::nova::VmState;
/// use server_lifecycle::render::{vm_state_edges, DiagramOptions};
/// use server_lifecycle::Event;
///
/// let edges = vm_state_edges(&DiagramOptions::new());
/// let stop = edges
///     .iter()
///     .find(|edge| edge.from == VmState::Active && edge.to == VmState::Stopped)
///     .unwrap();
/// assert!(stop.events.contains(Event::Stop));
/// assert!(stop.events.contains(Event::PowerOff));
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct VmStateEdge {
    /// The vm_state before.
    pub from: VmState,
    /// The vm_state after.
    pub to: VmState,
    /// The events (requests and outcomes) that lead from one to the other.
    pub events: EventSet,
}

/// The vm_states whose default status (no task in progress) is `status`: empty for the
/// statuses that only a task shows (`REBOOT`, `RESIZED`, ...) and for `UNKNOWN`.
fn vm_states_showing(status: Status) -> impl Iterator<Item = VmState> {
    VmState::ALL
        .into_iter()
        .filter(move |vm_state| default_status(*vm_state) == status)
}

/// Whether a status stands for a vm_state at rest (no task in progress).
fn is_settled(status: Status) -> bool {
    vm_states_showing(status).next().is_some()
}

/// Where a server shown as `status` settles: itself when it is a vm_state at rest, else
/// the results of the task's `complete` and `fail` outcomes, followed until they settle.
fn settles_in(status: Status, seen: StatusSet) -> StatusSet {
    if is_settled(status) {
        return StatusSet::EMPTY.with(status);
    }
    if seen.contains(status) {
        return StatusSet::EMPTY;
    }
    let seen = seen.with(status);
    TRANSITIONS
        .iter()
        .filter(|row| row.from() == status && row.event().class() == EventClass::TaskOutcome)
        .flat_map(|row| row.to().iter())
        .fold(StatusSet::EMPTY, |all, next| {
            all.union(settles_in(next, seen))
        })
}

/// Nova's vm_state graph, derived from the status table (not from a second list):
/// every row that leaves a status standing for a vm_state at rest (`ACTIVE` for
/// `active`, `VERIFY_RESIZE` for `resized`, ...) gives an edge from that vm_state to the
/// vm_state of each result, where a result that is a task in progress (`REBOOT`,
/// `RESIZED`, ...) is followed through its `complete` and `fail` outcomes to where it
/// settles. Rows that leave a task in progress (a hard reboot pre-empting a soft one) and
/// rows of `UNKNOWN` (no vm_state) are not edges. With [`DiagramOptions::hide_common`],
/// the [`common_events`](crate::machine::common_events) are left out, and so are the
/// edges they alone made. Focus does not apply to this graph.
///
/// # Examples
///
/// ```
/// use server_lifecycle::nova::VmState;
/// use server_lifecycle::render::{vm_state_edges, DiagramOptions};
/// use server_lifecycle::Event;
///
/// let edges = vm_state_edges(&DiagramOptions::new());
/// let resized = edges
///     .iter()
///     .find(|edge| edge.from == VmState::Active && edge.to == VmState::Resized)
///     .unwrap();
/// assert!(resized.events.contains(Event::Resize));
/// ```
#[must_use]
pub fn vm_state_edges(options: &DiagramOptions) -> Vec<VmStateEdge> {
    let hidden = if options.hides_common() {
        crate::machine::common_events()
    } else {
        EventSet::EMPTY
    };
    let mut edges: Vec<VmStateEdge> = Vec::new();
    for row in TRANSITIONS {
        if hidden.contains(row.event()) || !is_settled(row.from()) {
            continue;
        }
        let ends = row.to().iter().fold(StatusSet::EMPTY, |all, to| {
            all.union(settles_in(to, StatusSet::EMPTY))
        });
        for from in vm_states_showing(row.from()) {
            for end in ends {
                for to in vm_states_showing(end) {
                    match edges
                        .iter_mut()
                        .find(|edge| edge.from == from && edge.to == to)
                    {
                        Some(edge) => edge.events = edge.events.with(row.event()),
                        None => edges.push(VmStateEdge {
                            from,
                            to,
                            events: EventSet::EMPTY.with(row.event()),
                        }),
                    }
                }
            }
        }
    }
    edges
}

/// The events that leave `vm_state` as it was, when the options write them in its box.
pub(super) fn vm_state_loops(
    options: &DiagramOptions,
    edges: &[VmStateEdge],
    vm_state: VmState,
) -> Option<Vec<&'static str>> {
    if !options.draws_loops_in_nodes() {
        return None;
    }
    edges
        .iter()
        .find(|edge| edge.from == vm_state && edge.to == vm_state)
        .map(|edge| edge.events.iter().map(Event::as_str).collect())
}

/// The names of a set of events, joined by `separator`.
pub(super) fn event_names(events: EventSet, separator: &str) -> String {
    events
        .iter()
        .map(Event::as_str)
        .collect::<Vec<_>>()
        .join(separator)
}
