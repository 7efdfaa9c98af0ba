//! The edges of the status diagram, computed from the table.

use super::DiagramOptions;
use crate::table::TRANSITIONS;
use crate::{Event, EventKind, EventSet, Status, StatusSet};

/// One edge of the status diagram: the events of one kind that lead from `from` to `to`.
///
/// A table row with several results gives one edge per result; several events between
/// the same two statuses (e.g. `resize` and `migrate` from `ACTIVE` to `RESIZED`) share
/// an edge.
///
/// # Examples
///
/// ```
/// use server_lifecycle::render::{status_edges, DiagramOptions};
/// use server_lifecycle::{Event, Status};
///
/// let edges = status_edges(&DiagramOptions::new());
/// let to_resized = edges
///     .iter()
///     .find(|edge| edge.from == Status::Active && edge.to == Status::Resized)
///     .unwrap();
/// assert_eq!(to_resized.events, [Event::Resize, Event::Migrate]);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct StatusEdge {
    /// The status the events happen in.
    pub from: Status,
    /// The status they can lead to.
    pub to: Status,
    /// Whether the events are requests or outcomes.
    pub kind: EventKind,
    /// The events, in table order; never empty.
    pub events: Vec<Event>,
}

/// The events whose edges a readable diagram leaves out
/// ([`DiagramOptions::hide_common`]), derived from the table:
///
/// * events every status has: accepted in every status except the terminal one and
///   (for an event with a single destination) that destination. These are `delete`,
///   `soft_delete`, `force_delete`, the two admin resets and `contact_lost`;
/// * events that lead everywhere: a row whose results are every status but its own
///   (`contact_restored`).
///
/// # Examples
///
/// ```
/// use server_lifecycle::{render, Event};
///
/// let common = render::common_events();
/// assert!(common.contains(Event::Delete));
/// assert!(common.contains(Event::ResetStateError));
/// assert!(!common.contains(Event::Reboot));
/// ```
#[must_use]
pub fn common_events() -> EventSet {
    Event::ALL
        .into_iter()
        .filter(|event| everywhere(*event) || leads_everywhere(*event))
        .fold(EventSet::EMPTY, EventSet::with)
}

/// Whether every status that is not terminal accepts `event`, except the event's only
/// destination.
fn everywhere(event: Event) -> bool {
    let destinations = TRANSITIONS
        .iter()
        .filter(|row| row.event() == event)
        .fold(StatusSet::EMPTY, |all, row| all.union(row.to()));
    if destinations.is_empty() {
        return false;
    }
    let exempt = destinations.single();
    Status::ALL
        .into_iter()
        .filter(|status| !status.is_terminal() && Some(*status) != exempt)
        .all(|status| status.accepts(event))
}

/// Whether some row of `event` leads to every status but the one it leaves.
fn leads_everywhere(event: Event) -> bool {
    TRANSITIONS
        .iter()
        .any(|row| row.event() == event && row.to() == StatusSet::FULL.without(row.from()))
}

/// The edges of the status diagram under `options`, in table order.
///
/// # Examples
///
/// ```
/// use server_lifecycle::render::{status_edges, DiagramOptions};
/// use server_lifecycle::{Event, EventKind, Status};
///
/// let edges = status_edges(&DiagramOptions::new().hide_common());
/// assert!(edges.iter().all(|edge| !edge.events.contains(&Event::Delete)));
/// let building = edges.iter().find(|edge| edge.from == Status::Building).unwrap();
/// assert_eq!((building.to, building.kind), (Status::Active, EventKind::Outcome));
/// ```
#[must_use]
pub fn status_edges(options: &DiagramOptions) -> Vec<StatusEdge> {
    let hidden = if options.hides_common() {
        common_events()
    } else {
        EventSet::EMPTY
    };
    let mut edges: Vec<StatusEdge> = Vec::new();
    for row in TRANSITIONS {
        if hidden.contains(row.event()) {
            continue;
        }
        for to in row.to() {
            if let Some(focus) = options.focused() {
                if row.from() != focus && to != focus {
                    continue;
                }
            }
            let kind = row.event().kind();
            match edges
                .iter_mut()
                .find(|edge| edge.from == row.from() && edge.to == to && edge.kind == kind)
            {
                Some(edge) => edge.events.push(row.event()),
                None => edges.push(StatusEdge {
                    from: row.from(),
                    to,
                    kind,
                    events: vec![row.event()],
                }),
            }
        }
    }
    edges
}

impl StatusEdge {
    /// The label: the event names, joined by `separator`.
    pub(crate) fn label(&self, separator: &str) -> String {
        self.events
            .iter()
            .map(|event| event.as_str())
            .collect::<Vec<_>>()
            .join(separator)
    }
}
