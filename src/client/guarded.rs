//! Guarded writes: the compare-and-swap a control plane applies in its own store.
//!
//! Nova avoids lost updates by saving an instance only if its task_state is still the one
//! it read (`instance.save(expected_task_state=...)`, an `UPDATE ... WHERE task_state = ?`
//! underneath). [`GuardedWrite`] gives a caller the same at the status layer: for an event
//! read against a status, the precondition the write must check and the status to write.
//! The crate holds no state and does no I/O: the caller runs the conditional write in its
//! own store and reports what happened.

use crate::{Event, Status, StatusSet, TransitionError};

/// A conditional write planned from the model: the status the stored row must still have
/// ([`expected_status`](GuardedWrite::expected_status), the `WHERE` clause) and the status to write
/// ([`new_status`](GuardedWrite::new_status)), for one event.
///
/// Make it with [`GuardedWrite::new`] from the status the caller read. When the event has
/// one certain result, [`new_status`](GuardedWrite::new_status) is it; when the model allows several
/// (a failed reboot ends `ACTIVE` or `ERROR`), the caller, who knows what happened, says
/// which with [`GuardedWrite::choose`], and the model checks that choice. Then, in one
/// transaction:
///
/// ```sql
/// UPDATE servers SET status = :new WHERE id = :id AND status = :expected;
/// -- 1 row: applied. 0 rows: the row changed since it was read (a lost race).
/// ```
///
/// What the write means depends on the event:
///
/// * A request whose task has a status of its own (`reboot` from `ACTIVE`): the write
///   claims the server, the new status is the transitional one (`REBOOT`), and a later outcome
///   (`complete`, `fail`) is planned from it as another guarded write.
///   [`starts_task`](GuardedWrite::starts_task) is `true`.
/// * A request whose task runs under the current status (`stop` from `ACTIVE`: Nova shows
///   `ACTIVE` with task `powering-off`): the status layer has no transitional status to
///   write, so the new status is where the task ends; write it when the task has ended. To claim the
///   server while such a task runs, as Nova does, guard the task_state as well (see
///   `docs/embedding.md`).
/// * An outcome: the expected status is the transitional one, the new status the result the caller saw.
///
/// # Examples
///
/// ```
/// use server_lifecycle::{Event, GuardedWrite, Status};
///
/// let reboot = GuardedWrite::new(Status::Active, Event::Reboot)?;
/// assert_eq!(reboot.expected_status(), Status::Active);
/// assert_eq!(reboot.new_status(), Some(Status::Reboot));
/// assert!(reboot.starts_task());
///
/// // The reboot failed and the guest is gone: the caller says ERROR, the model agrees.
/// let failed = GuardedWrite::new(Status::Reboot, Event::Fail)?.choose(Status::Error)?;
/// assert_eq!((failed.expected_status(), failed.new_status()), (Status::Reboot, Some(Status::Error)));
/// # Ok::<(), server_lifecycle::WriteError>(())
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct GuardedWrite {
    expected: Status,
    event: Event,
    results: StatusSet,
}

impl GuardedWrite {
    /// The write for `event` in `current`, the status the caller read.
    ///
    /// # Errors
    ///
    /// The model's [`TransitionError`] when `current` does not accept `event`: nothing may
    /// be written (Nova answers a refused request with 409 Conflict).
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{Event, GuardedWrite, Status, TransitionError};
    ///
    /// let write = GuardedWrite::new(Status::Stopped, Event::Start)?;
    /// assert_eq!(write.new_status(), Some(Status::Active));
    ///
    /// let refused = GuardedWrite::new(Status::Stopped, Event::Reboot).unwrap_err();
    /// assert!(matches!(refused, TransitionError::RequestRefused { .. }));
    /// # Ok::<(), TransitionError>(())
    /// ```
    pub fn new(current: Status, event: Event) -> Result<GuardedWrite, TransitionError> {
        let results = current.next(event)?;
        Ok(GuardedWrite {
            expected: current,
            event,
            results,
        })
    }

    /// The status the stored row must still have for the write to apply: the `WHERE`
    /// clause.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{Event, GuardedWrite, Status};
    ///
    /// let write = GuardedWrite::new(Status::Rebuild, Event::Complete)?;
    /// assert_eq!(write.expected_status(), Status::Rebuild);
    /// # Ok::<(), server_lifecycle::TransitionError>(())
    /// ```
    #[must_use]
    pub const fn expected_status(&self) -> Status {
        self.expected
    }

    /// The event the write records.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{Event, GuardedWrite, Status};
    ///
    /// let write = GuardedWrite::new(Status::Active, Event::Pause)?;
    /// assert_eq!(write.event(), Event::Pause);
    /// # Ok::<(), server_lifecycle::TransitionError>(())
    /// ```
    #[must_use]
    pub const fn event(&self) -> Event {
        self.event
    }

    /// Every status the write may set: the model's results of the event (one after
    /// [`choose`](GuardedWrite::choose)).
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{Event, GuardedWrite, Status};
    ///
    /// let write = GuardedWrite::new(Status::Rebuild, Event::Complete)?;
    /// assert_eq!(write.results().to_string(), "ACTIVE, STOPPED");
    /// # Ok::<(), server_lifecycle::TransitionError>(())
    /// ```
    #[must_use]
    pub const fn results(&self) -> StatusSet {
        self.results
    }

    /// The status to write, when it is certain: `None` while the model allows several
    /// results and the caller has not chosen one.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{Event, GuardedWrite, Status};
    ///
    /// assert_eq!(GuardedWrite::new(Status::Active, Event::Resize)?.new_status(), Some(Status::Resized));
    /// assert_eq!(GuardedWrite::new(Status::Reboot, Event::Fail)?.new_status(), None);
    /// # Ok::<(), server_lifecycle::TransitionError>(())
    /// ```
    #[must_use]
    pub const fn new_status(&self) -> Option<Status> {
        self.results.single()
    }

    /// Narrows the write to `result`, the status the caller saw the event end in.
    ///
    /// # Errors
    ///
    /// [`WriteError::ResultImpossible`] when the model says the event cannot end in
    /// `result` from the expected status (a compute service reporting a result the model
    /// does not allow: nothing may be written).
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{Event, GuardedWrite, Status};
    ///
    /// let fail = GuardedWrite::new(Status::Reboot, Event::Fail)?;
    /// assert_eq!(fail.choose(Status::Active)?.new_status(), Some(Status::Active));
    ///
    /// let error = fail.choose(Status::Paused).unwrap_err();
    /// assert_eq!(
    ///     error.to_string(),
    ///     "fail in status REBOOT cannot end in PAUSED; possible results: ACTIVE, ERROR"
    /// );
    /// # Ok::<(), server_lifecycle::WriteError>(())
    /// ```
    pub fn choose(self, result: Status) -> Result<GuardedWrite, WriteError> {
        if !self.results.contains(result) {
            return Err(WriteError::ResultImpossible {
                status: self.expected,
                event: self.event,
                chosen: result,
                results: self.results,
            });
        }
        Ok(GuardedWrite {
            results: StatusSet::EMPTY.with(result),
            ..self
        })
    }

    /// `true` when the write claims the server for a task that ends later with an outcome:
    /// an event whose one result is a transitional status (`reboot` → `REBOOT`).
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{Event, GuardedWrite, Status};
    ///
    /// assert!(GuardedWrite::new(Status::Active, Event::Rebuild)?.starts_task());
    /// assert!(!GuardedWrite::new(Status::Active, Event::Stop)?.starts_task());
    /// # Ok::<(), server_lifecycle::TransitionError>(())
    /// ```
    #[must_use]
    pub const fn starts_task(&self) -> bool {
        match self.new_status() {
            Some(new) => new.is_transitional(),
            None => false,
        }
    }

    /// The error for a conditional write that matched no row: the stored status was no
    /// longer [`expected_status`](GuardedWrite::expected_status). `found` is the status re-read after
    /// the failed write (`None` when the row is gone).
    ///
    /// The caller builds it from "0 rows updated" and a re-read; it is distinct from a
    /// refusal by the model: the request was legal when it was read, someone else wrote
    /// first. Nova's own compare-and-swap raises `UnexpectedTaskStateError` here and does
    /// not retry; answer 409 Conflict, or plan again from `found`.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{Event, GuardedWrite, Status, WriteError};
    ///
    /// let stop = GuardedWrite::new(Status::Active, Event::Stop)?;
    /// // UPDATE ... WHERE status = 'ACTIVE' matched 0 rows; a re-read shows SHELVED.
    /// let lost = stop.lost_race(Some(Status::Shelved));
    /// assert!(lost.is_lost_race());
    /// assert_eq!(
    ///     lost.to_string(),
    ///     "lost race: stop expected status ACTIVE, found SHELVED"
    /// );
    /// # Ok::<(), server_lifecycle::TransitionError>(())
    /// ```
    #[must_use]
    pub const fn lost_race(&self, found: Option<Status>) -> WriteError {
        WriteError::LostRace {
            expected: self.expected,
            event: self.event,
            found,
        }
    }
}

/// Why a guarded write did not happen: the model refused it, the caller chose a result
/// the model does not allow, or another writer changed the row first.
///
/// The first two are decided before any write; a lost race only after the conditional
/// write matched no row. `docs/embedding.md` maps each to an HTTP status.
///
/// # Examples
///
/// ```
/// use server_lifecycle::{Event, GuardedWrite, Status, WriteError};
///
/// let refused: WriteError = GuardedWrite::new(Status::Deleted, Event::Start).unwrap_err().into();
/// assert!(matches!(refused, WriteError::Refused(_)));
/// assert!(!refused.is_lost_race());
/// assert_eq!(
///     refused.to_string(),
///     "request start is not allowed in status DELETED; allowed requests: none"
/// );
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum WriteError {
    /// The model refuses the event in the status that was read: nothing may be written.
    #[error(transparent)]
    Refused(#[from] TransitionError),
    /// The caller chose a result the event cannot have from the expected status.
    #[error("{event} in status {status} cannot end in {chosen}; possible results: {results}")]
    #[non_exhaustive]
    ResultImpossible {
        /// The status the event happens in.
        status: Status,
        /// The event.
        event: Event,
        /// The result the caller chose.
        chosen: Status,
        /// The results the model allows.
        results: StatusSet,
    },
    /// The conditional write matched no row: the stored status was no longer the one the
    /// write was planned from.
    #[error("lost race: {event} expected status {expected}, found {}", found_name(*.found))]
    #[non_exhaustive]
    LostRace {
        /// The status the write expected.
        expected: Status,
        /// The event the write was for.
        event: Event,
        /// The status re-read after the write failed; `None` when the row is gone.
        found: Option<Status>,
    },
}

impl WriteError {
    /// `true` for [`WriteError::LostRace`]: the request may have been legal, another
    /// writer got there first.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{Event, GuardedWrite, Status};
    ///
    /// let write = GuardedWrite::new(Status::Active, Event::Pause)?;
    /// assert!(write.lost_race(None).is_lost_race());
    /// # Ok::<(), server_lifecycle::TransitionError>(())
    /// ```
    #[must_use]
    pub const fn is_lost_race(&self) -> bool {
        matches!(self, WriteError::LostRace { .. })
    }
}

/// How a re-read status reads in a [`WriteError::LostRace`] message.
const fn found_name(found: Option<Status>) -> &'static str {
    match found {
        Some(status) => status.as_str(),
        None => "no server",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every (status, event) pair: a plan exists exactly when the model accepts the event,
    /// its results are the model's, every result can be chosen and nothing else can.
    #[test]
    fn plans_agree_with_the_model_for_every_pair() {
        for status in Status::ALL {
            for event in Event::ALL {
                match (GuardedWrite::new(status, event), status.next(event)) {
                    (Ok(write), Ok(results)) => {
                        assert_eq!(write.expected_status(), status);
                        assert_eq!(write.event(), event);
                        assert_eq!(write.results(), results);
                        assert_eq!(write.new_status(), results.single());
                        for candidate in Status::ALL {
                            let chosen = write.choose(candidate);
                            if results.contains(candidate) {
                                let chosen = chosen.expect("a result of the row");
                                assert_eq!(chosen.new_status(), Some(candidate));
                                assert_eq!(chosen.expected_status(), status);
                            } else {
                                assert_eq!(
                                    chosen,
                                    Err(WriteError::ResultImpossible {
                                        status,
                                        event,
                                        chosen: candidate,
                                        results,
                                    })
                                );
                            }
                        }
                    }
                    (Err(planned), Err(model)) => assert_eq!(planned, model),
                    (planned, model) => panic!("{status} {event}: {planned:?} vs {model:?}"),
                }
            }
        }
    }

    #[test]
    fn a_task_starts_only_on_a_single_transitional_result() {
        for status in Status::ALL {
            for event in Event::ALL {
                if let Ok(write) = GuardedWrite::new(status, event) {
                    let expected = matches!(
                        write.results().single(),
                        Some(result) if result.is_transitional()
                    );
                    assert_eq!(write.starts_task(), expected, "{status} {event}");
                }
            }
        }
    }

    #[test]
    fn error_messages() {
        let stop = GuardedWrite::new(Status::Active, Event::Stop).unwrap();
        assert_eq!(
            stop.lost_race(None).to_string(),
            "lost race: stop expected status ACTIVE, found no server"
        );
        assert_eq!(
            stop.choose(Status::Error).unwrap_err().to_string(),
            "stop in status ACTIVE cannot end in ERROR; possible results: STOPPED"
        );
        let refused = WriteError::from(Status::Active.next(Event::Complete).unwrap_err());
        assert_eq!(
            refused.to_string(),
            "outcome complete cannot occur in status ACTIVE; possible outcomes: power_off, contact_lost"
        );
    }
}
