//! Queries about events as a whole: the events of a class, the events every status has,
//! and the requests some status allows.

use crate::table::TRANSITIONS;
use crate::{Event, EventClass, EventSet, Status, StatusSet};

/// Every event of `class`, as a set: the class column of the event declarations.
pub(crate) const fn class_events(class: EventClass) -> EventSet {
    let mut set = EventSet::EMPTY;
    let mut i = 0;
    while i < Event::COUNT {
        if Event::ALL[i].class() as u8 == class as u8 {
            set = set.with(Event::ALL[i]);
        }
        i += 1;
    }
    set
}

/// The events every status has, derived from the table: a readable diagram leaves their
/// edges out ([`DiagramOptions::hide_common`](crate::render::DiagramOptions::hide_common)),
/// and [`Status::shortest_path_to`] uses them only as a last resort. They are:
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
/// use server_lifecycle::{machine, Event};
///
/// let common = machine::common_events();
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

/// The requests that some status allows, in the order of [`Event::ALL`]: the columns of
/// the allowed-request matrix. `create` is not among them: it applies to no existing
/// server.
///
/// # Examples
///
/// ```
/// use server_lifecycle::{machine, Event};
///
/// let requests = machine::table_requests();
/// assert_eq!(requests[0], Event::Reboot);
/// assert!(!requests.contains(&Event::Create));
/// ```
#[must_use]
pub fn table_requests() -> Vec<Event> {
    Event::ALL
        .into_iter()
        .filter(|event| {
            event.is_request() && Status::ALL.iter().any(|status| status.accepts(*event))
        })
        .collect()
}
