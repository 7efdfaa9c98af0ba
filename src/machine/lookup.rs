//! Lookups over [`TRANSITIONS`]: what an event leads to and what a status allows, from
//! tables computed at compile time.

use super::events::class_events;
use crate::table::TRANSITIONS;
use crate::{Event, EventClass, EventSet, Status, StatusSet, TransitionError};

/// `LOOKUP[status][event]`: the results of `event` from `status` (empty when not allowed),
/// computed from the table at compile time.
pub(super) static LOOKUP: [[StatusSet; Event::COUNT]; Status::COUNT] = {
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

/// Every request, as a set: user requests and admin resets.
const REQUESTS: EventSet =
    class_events(EventClass::Request).union(class_events(EventClass::AdminReset));

/// Every outcome, as a set: every event that is not a request.
const OUTCOMES: EventSet = EventSet::FULL.difference(REQUESTS);

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
}
