//! The edges of the status diagram, computed from the table.

use super::DiagramOptions;
use crate::machine::common_events;
use crate::table::TRANSITIONS;
use crate::{Event, EventKind, EventSet, Status};

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
