//! Lookups over [`TRANSITIONS`]: what an event leads to, what a status allows, what is
//! reachable, and shortest paths.

use crate::table::{Transition, TRANSITIONS};
use crate::{Event, EventSet, Status, StatusSet, TransitionError};

/// `LOOKUP[status][event]`: the results of `event` from `status` (empty when not allowed),
/// computed from the table at compile time.
static LOOKUP: [[StatusSet; Event::COUNT]; Status::COUNT] = {
    let mut lookup = [[StatusSet::EMPTY; Event::COUNT]; Status::COUNT];
    let mut i = 0;
    while i < TRANSITIONS.len() {
        let row = &TRANSITIONS[i];
        let cell = &mut lookup[row.from().index()][row.event().index()];
        *cell = cell.union(row.to());
        i += 1;
    }
    lookup
};

/// `ACCEPTED[status]`: every event with at least one result from `status`.
static ACCEPTED: [EventSet; Status::COUNT] = {
    let mut accepted = [EventSet::EMPTY; Status::COUNT];
    let mut s = 0;
    while s < Status::COUNT {
        let mut e = 0;
        while e < Event::COUNT {
            if !LOOKUP[s][e].is_empty() {
                accepted[s] = accepted[s].with(Event::ALL[e]);
            }
            e += 1;
        }
        s += 1;
    }
    accepted
};

/// `NEXT[status][event]`: the whole answer of [`Status::next`], refusals included,
/// computed at compile time from [`LOOKUP`] so that a lookup is one load with no branch.
static NEXT: [[Result<StatusSet, TransitionError>; Event::COUNT]; Status::COUNT] = {
    let mut next = [[Ok(StatusSet::EMPTY); Event::COUNT]; Status::COUNT];
    let mut s = 0;
    while s < Status::COUNT {
        let (status, accepted) = (Status::ALL[s], ACCEPTED[s]);
        let mut e = 0;
        while e < Event::COUNT {
            let event = Event::ALL[e];
            next[s][e] = if !LOOKUP[s][e].is_empty() {
                Ok(LOOKUP[s][e])
            } else if event.is_request() {
                Err(TransitionError::RequestRefused {
                    status,
                    event,
                    allowed: accepted.intersection(REQUESTS),
                })
            } else {
                Err(TransitionError::OutcomeImpossible {
                    status,
                    event,
                    possible: accepted.intersection(OUTCOMES),
                })
            };
            e += 1;
        }
        s += 1;
    }
    next
};

/// Every request, as a set.
const REQUESTS: EventSet = {
    let mut set = EventSet::EMPTY;
    let mut i = 0;
    while i < Event::COUNT {
        if Event::ALL[i].is_request() {
            set = set.with(Event::ALL[i]);
        }
        i += 1;
    }
    set
};

/// One step of a path: from a status, an event, to one of its results.
///
/// # Examples
///
/// ```
/// use server_lifecycle::{Event, Status};
///
/// let path = Status::Stopped.shortest_path_to(Status::Paused).unwrap();
/// assert_eq!(path[0].event, Event::Start);
/// assert_eq!(path[0].to, Status::Active);
/// assert_eq!(path[0].to_string(), "STOPPED --start--> ACTIVE");
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Step {
    /// The status before the event.
    pub from: Status,
    /// The event.
    pub event: Event,
    /// The status after it.
    pub to: Status,
}

impl core::fmt::Display for Step {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{} --{}--> {}", self.from, self.event, self.to)
    }
}

impl Status {
    /// The possible results of `event` in this status.
    ///
    /// Most events have exactly one result ([`StatusSet::single`]). Where the status alone
    /// cannot decide, the set has several members and the table row's
    /// [`note`](crate::table::Transition::note) says why: a confirmed resize ends `ACTIVE`
    /// or `STOPPED` depending on the power state, a finished rebuild returns to where it
    /// started.
    ///
    /// Looks up a table computed at compile time: no search, no branch, no allocation.
    ///
    /// # Errors
    ///
    /// [`TransitionError::RequestRefused`] for a request the status does not accept (it
    /// lists the requests that are allowed), [`TransitionError::OutcomeImpossible`] for an
    /// outcome that cannot occur there.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{Event, Status};
    ///
    /// assert_eq!(Status::Active.next(Event::Stop)?.single(), Some(Status::Stopped));
    ///
    /// let rebuilt = Status::Rebuild.next(Event::Complete)?;
    /// assert!(rebuilt.contains(Status::Active) && rebuilt.contains(Status::Stopped));
    ///
    /// let refused = Status::Paused.next(Event::Stop).unwrap_err();
    /// assert_eq!(
    ///     refused.to_string(),
    ///     "request stop is not allowed in status PAUSED; allowed requests: reboot_hard, \
    ///      live_migrate, unpause, shelve, snapshot, backup, trigger_crash_dump, delete, \
    ///      soft_delete, force_delete, reset_state_active, reset_state_error"
    /// );
    /// # Ok::<(), server_lifecycle::TransitionError>(())
    /// ```
    #[inline]
    pub fn next(self, event: Event) -> Result<StatusSet, TransitionError> {
        NEXT[self.index()][event.index()]
    }

    /// Whether `event` is allowed (a request) or possible (an outcome) in this status.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{Event, Status};
    ///
    /// assert!(Status::SoftDeleted.accepts(Event::Restore));
    /// assert!(!Status::Deleted.accepts(Event::Delete));
    /// ```
    #[must_use]
    #[inline]
    pub fn accepts(self, event: Event) -> bool {
        ACCEPTED[self.index()].contains(event)
    }

    /// The requests allowed in this status.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{Event, Status};
    ///
    /// let allowed = Status::VerifyResize.allowed_requests();
    /// assert!(allowed.contains(Event::ConfirmResize));
    /// assert!(!allowed.contains(Event::Resize));
    /// assert!(Status::Deleted.allowed_requests().is_empty());
    /// ```
    #[must_use]
    #[inline]
    pub fn allowed_requests(self) -> EventSet {
        ACCEPTED[self.index()].intersection(REQUESTS)
    }

    /// The outcomes that can occur in this status.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{Event, EventSet, Status};
    ///
    /// assert_eq!(
    ///     Status::Reboot.possible_outcomes(),
    ///     EventSet::of(&[Event::Complete, Event::Fail, Event::ContactLost])
    /// );
    /// ```
    #[must_use]
    #[inline]
    pub fn possible_outcomes(self) -> EventSet {
        ACCEPTED[self.index()].intersection(OUTCOMES)
    }

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
    pub fn successors(self) -> StatusSet {
        self.successors_with(EventSet::FULL)
    }

    /// Every status directly reachable in one of the given events.
    fn successors_with(self, events: EventSet) -> StatusSet {
        events.iter().fold(StatusSet::EMPTY, |all, event| {
            all.union(LOOKUP[self.index()][event.index()])
        })
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
    pub fn reachable(self) -> StatusSet {
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
    pub fn reachable_with(self, events: EventSet) -> StatusSet {
        let mut seen = StatusSet::EMPTY.with(self);
        let mut frontier = seen;
        while !frontier.is_empty() {
            let next = frontier.iter().fold(StatusSet::EMPTY, |all, status| {
                all.union(status.successors_with(events))
            });
            frontier = next.difference(seen);
            seen = seen.union(next);
        }
        seen
    }

    /// A shortest sequence of steps from this status to `target`, or `None` when `target`
    /// cannot be reached; empty when `target` is this status.
    ///
    /// Searches first without the [`common_events`](crate::table::common_events) (delete,
    /// the admin resets, lost and restored contact): restored contact leads anywhere and
    /// would make almost every path two steps long through `UNKNOWN`. Only when nothing
    /// else reaches `target` (`DELETED`, `SOFT_DELETED`, `UNKNOWN`, ...) does it search the
    /// whole table. Among equally short paths it prefers steps with a single certain
    /// result, then earlier rows of the table.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{Event, Status};
    ///
    /// let path = Status::VerifyResize.shortest_path_to(Status::Shelved).unwrap();
    /// let events: Vec<Event> = path.iter().map(|step| step.event).collect();
    /// assert_eq!(events, [Event::ConfirmResize, Event::Shelve]);
    ///
    /// let built: Vec<Event> = Status::Building
    ///     .shortest_path_to(Status::VerifyResize)
    ///     .unwrap()
    ///     .iter()
    ///     .map(|step| step.event)
    ///     .collect();
    /// assert_eq!(built, [Event::Complete, Event::Resize, Event::Complete]);
    ///
    /// assert_eq!(Status::Active.shortest_path_to(Status::Deleted).unwrap()[0].event, Event::Delete);
    /// assert_eq!(Status::Deleted.shortest_path_to(Status::Active), None);
    /// ```
    #[must_use]
    pub fn shortest_path_to(self, target: Status) -> Option<Vec<Step>> {
        let ordinary = EventSet::FULL.difference(crate::table::common_events());
        self.shortest_path_with(target, ordinary)
            .or_else(|| self.shortest_path_with(target, EventSet::FULL))
    }

    /// A shortest sequence of steps from this status to `target` using only the given
    /// events, or `None` when they cannot reach it; empty when `target` is this status.
    /// Among equally short paths it prefers steps with a single certain result, then
    /// earlier rows of the table.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{Event, EventSet, Status};
    ///
    /// let stop_and_start = EventSet::of(&[Event::Stop, Event::Start]);
    /// assert_eq!(Status::Active.shortest_path_with(Status::Paused, stop_and_start), None);
    /// let path = Status::Active
    ///     .shortest_path_with(Status::Paused, EventSet::of(&[Event::Pause]))
    ///     .unwrap();
    /// assert_eq!(path.len(), 1);
    /// ```
    #[must_use]
    pub fn shortest_path_with(self, target: Status, events: EventSet) -> Option<Vec<Step>> {
        let mut came_from: [Option<Step>; Status::COUNT] = [None; Status::COUNT];
        let mut seen = StatusSet::EMPTY.with(self);
        let mut queue = [self; Status::COUNT];
        let (mut head, mut tail) = (0, 1);
        while head < tail {
            let from = queue[head];
            head += 1;
            if from == target {
                break;
            }
            let mut rows: Vec<&Transition> = TRANSITIONS
                .iter()
                .filter(|row| row.from() == from && events.contains(row.event()))
                .collect();
            rows.sort_by_key(|row| row.to().len() > 1);
            for row in rows {
                for to in row.to().difference(seen) {
                    seen = seen.with(to);
                    came_from[to.index()] = Some(Step {
                        from,
                        event: row.event(),
                        to,
                    });
                    queue[tail] = to;
                    tail += 1;
                }
            }
        }
        if !seen.contains(target) {
            return None;
        }
        let mut path = Vec::new();
        let mut at = target;
        while let Some(step) = came_from[at.index()] {
            path.push(step);
            at = step.from;
        }
        path.reverse();
        Some(path)
    }
}

/// Every outcome, as a set.
const OUTCOMES: EventSet = {
    let mut set = EventSet::EMPTY;
    let mut i = 0;
    while i < Event::COUNT {
        if Event::ALL[i].is_outcome() {
            set = set.with(Event::ALL[i]);
        }
        i += 1;
    }
    set
};
