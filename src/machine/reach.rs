//! Reachability: what one event, or any sequence of events from a set, leads to.

use super::lookup::LOOKUP;
use crate::{Event, EventSet, Status, StatusSet};

impl Status {
    /// Every status directly reachable in one event.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::Status;
    ///
    /// let next = Status::SoftDeleted.successors();
    /// assert!(next.contains(Status::Active) && next.contains(Status::Deleted));
    /// ```
    #[must_use]
    pub const fn successors(self) -> StatusSet {
        self.successors_with(EventSet::FULL)
    }

    /// Every status directly reachable in one of the given events.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{Event, EventSet, Status};
    ///
    /// let stop = EventSet::of(&[Event::Stop]);
    /// assert_eq!(Status::Active.successors_with(stop).to_string(), "STOPPED");
    /// assert!(Status::Paused.successors_with(stop).is_empty());
    /// ```
    #[must_use]
    pub const fn successors_with(self, events: EventSet) -> StatusSet {
        let row = &LOOKUP[self.index()];
        let mut all = StatusSet::EMPTY;
        let mut e = 0;
        while e < Event::COUNT {
            if events.contains(Event::ALL[e]) {
                all = all.union(row[e]);
            }
            e += 1;
        }
        all
    }

    /// Every status reachable from this one by any sequence of events, including this one.
    ///
    /// Note that `UNKNOWN` + `contact_restored` may lead to any status, and every live
    /// status can lose contact; [`Status::reachable_with`] leaves such events out.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{Status, StatusSet};
    ///
    /// assert_eq!(Status::Building.reachable(), StatusSet::FULL);
    /// assert_eq!(Status::Deleted.reachable(), StatusSet::of(&[Status::Deleted]));
    /// ```
    #[must_use]
    pub const fn reachable(self) -> StatusSet {
        self.reachable_with(EventSet::FULL)
    }

    /// Every status reachable from this one by sequences of the given events only,
    /// including this one.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{Event, EventSet, Status};
    ///
    /// // Without the admin reset, a shelved server never gets back to BUILDING...
    /// let user_events = EventSet::FULL
    ///     .without(Event::ResetStateActive)
    ///     .without(Event::ContactRestored);
    /// assert!(!Status::Shelved.reachable_with(user_events).contains(Status::Building));
    ///
    /// // ...and with nothing but outcomes, a stopped server stays where it is.
    /// let none = EventSet::EMPTY;
    /// assert_eq!(Status::Stopped.reachable_with(none).len(), 1);
    /// ```
    #[must_use]
    pub const fn reachable_with(self, events: EventSet) -> StatusSet {
        let mut seen = StatusSet::EMPTY.with(self);
        let mut frontier = seen;
        while !frontier.is_empty() {
            let mut next = StatusSet::EMPTY;
            let mut s = 0;
            while s < Status::COUNT {
                if frontier.contains(Status::ALL[s]) {
                    next = next.union(Status::ALL[s].successors_with(events));
                }
                s += 1;
            }
            frontier = next.difference(seen);
            seen = seen.union(next);
        }
        seen
    }
}

/// `table[s]`: [`Status::reachable_with`]`(events)` of every status, for views that
/// build their own compile-time tables on the machine's answers.
pub(crate) const fn reachable_table(events: EventSet) -> [StatusSet; Status::COUNT] {
    let mut table = [StatusSet::EMPTY; Status::COUNT];
    let mut s = 0;
    while s < Status::COUNT {
        table[s] = Status::ALL[s].reachable_with(events);
        s += 1;
    }
    table
}
