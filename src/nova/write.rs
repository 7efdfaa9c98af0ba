//! Guarded writes at Nova's level: the (vm_state, task_state) a conditional write must
//! still find, and the pair it writes, as Nova's own `instance.save(expected_task_state=...)`.

use core::fmt;

use crate::nova::{InvalidStateError, NovaState, NovaStep, Operation, TaskState, VmState};

/// A conditional write of a Nova instance record: the `vm_state` and `task_state` the
/// row must still have, and the pair to write.
///
/// Nova's API checks an operation's guard against the instance it read, then claims the
/// instance by writing the operation's task_state with a compare-and-swap
/// (`instance.save(expected_task_state=[None])`): of two concurrent requests, the second
/// finds the task set and fails with `UnexpectedTaskStateError` (409 Conflict). This
/// gives a caller the same write for its own store:
///
/// ```sql
/// UPDATE instances SET vm_state = :new_vm_state, task_state = :new_task_state
///  WHERE id = :id AND vm_state = :expected_vm_state
///    AND task_state IS :expected_task_state;   -- IS: NULL-safe (SQLite; IS NOT DISTINCT FROM in PostgreSQL)
/// ```
///
/// [`NovaWrite::request`] plans the claim of a request; [`NovaWrite::step`] the write of
/// any step of the Nova model ([`NovaState::steps`]): a task moving on, finishing or
/// failing, a periodic job, the power-state sync. This write guards the state as read,
/// which is stricter than Nova for the two operations that overwrite any task (evacuate
/// and delete): a concurrent change makes them lose the race instead of pre-empting.
///
/// # Examples
///
/// ```
/// use server_lifecycle::nova::{Operation, TaskState, VmState};
/// use server_lifecycle::nova::NovaWrite;
///
/// let stop = NovaWrite::request(Operation::Stop, VmState::Active, None, true)?;
/// assert_eq!(stop.expected_states(), (VmState::Active, None));
/// assert_eq!(stop.new_states(), (VmState::Active, Some(TaskState::PoweringOff)));
///
/// // A second stop reads the claimed row and is refused by Nova's guard.
/// let again = NovaWrite::request(Operation::Stop, VmState::Active, Some(TaskState::PoweringOff), true);
/// assert_eq!(
///     again.unwrap_err().to_string(),
///     "cannot stop while the server is in task_state powering-off"
/// );
/// # Ok::<(), server_lifecycle::nova::InvalidStateError>(())
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct NovaWrite {
    expected: (VmState, Option<TaskState>),
    new: (VmState, Option<TaskState>),
}

impl NovaWrite {
    /// Plans the API's claim for `operation` on a record read as `vm_state`,
    /// `task_state` and `launched`: Nova's guard ([`Operation::check`]), then the task it
    /// sets, the vm_state unchanged. An operation that sets no task (`confirm_resize`,
    /// `reset_state_*`, ...) claims nothing: the write's new pair equals the expected
    /// one, and what the operation changes is a [`NovaWrite::step`].
    ///
    /// # Errors
    ///
    /// Nova's [`InvalidStateError`] (409 Conflict) when the guard refuses.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::{Operation, TaskState, VmState};
    /// use server_lifecycle::nova::NovaWrite;
    ///
    /// let reboot = NovaWrite::request(Operation::Reboot, VmState::Active, None, true)?;
    /// assert_eq!(reboot.new_states(), (VmState::Active, Some(TaskState::Rebooting)));
    ///
    /// let confirm = NovaWrite::request(Operation::ConfirmResize, VmState::Resized, None, true)?;
    /// assert!(!confirm.changes_anything());
    /// # Ok::<(), server_lifecycle::nova::InvalidStateError>(())
    /// ```
    pub fn request(
        operation: Operation,
        vm_state: VmState,
        task_state: Option<TaskState>,
        launched: bool,
    ) -> Result<NovaWrite, InvalidStateError> {
        let task = operation.check(vm_state, task_state, launched)?;
        Ok(NovaWrite {
            expected: (vm_state, task_state),
            new: (vm_state, task.or(task_state)),
        })
    }

    /// The write for one step of the Nova model from `from`: the pair `from` has, and the
    /// pair the step leads to. The caller writes the step's other fields (power state,
    /// `launched_at`, ...) in the same statement.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::{NovaState, TaskState, VmState};
    /// use server_lifecycle::CloudSettings;
    /// use server_lifecycle::{Event};
    /// use server_lifecycle::nova::{NovaWrite};
    ///
    /// let rebooting = NovaState { task_state: Some(TaskState::RebootStarted), ..NovaState::at_rest(VmState::Active) };
    /// let steps = rebooting.steps(&CloudSettings::NOVA_DEFAULTS);
    /// let done = steps.iter().find(|step| step.label == Some(Event::Complete)).unwrap();
    /// let write = NovaWrite::step(&rebooting, done);
    /// assert_eq!(write.expected_states(), (VmState::Active, Some(TaskState::RebootStarted)));
    /// assert_eq!(write.new_states(), (VmState::Active, None));
    /// ```
    #[must_use]
    pub const fn step(from: &NovaState, step: &NovaStep) -> NovaWrite {
        NovaWrite {
            expected: (from.vm_state, from.task_state),
            new: (step.to.vm_state, step.to.task_state),
        }
    }

    /// The `vm_state` and `task_state` (`None`: no task) the row must still have: the
    /// `WHERE` clause.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::{Operation, VmState};
    /// use server_lifecycle::nova::NovaWrite;
    ///
    /// let write = NovaWrite::request(Operation::Start, VmState::Stopped, None, true)?;
    /// assert_eq!(write.expected_states(), (VmState::Stopped, None));
    /// # Ok::<(), server_lifecycle::nova::InvalidStateError>(())
    /// ```
    #[must_use]
    pub const fn expected_states(&self) -> (VmState, Option<TaskState>) {
        self.expected
    }

    /// The `vm_state` and `task_state` to write.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::{Operation, TaskState, VmState};
    /// use server_lifecycle::nova::NovaWrite;
    ///
    /// let write = NovaWrite::request(Operation::Start, VmState::Stopped, None, true)?;
    /// assert_eq!(write.new_states(), (VmState::Stopped, Some(TaskState::PoweringOn)));
    /// # Ok::<(), server_lifecycle::nova::InvalidStateError>(())
    /// ```
    #[must_use]
    pub const fn new_states(&self) -> (VmState, Option<TaskState>) {
        self.new
    }

    /// `false` when the write would leave the pair as it is (an operation that sets no
    /// task, a step that changes only the power state).
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::{Operation, VmState};
    /// use server_lifecycle::nova::NovaWrite;
    ///
    /// let write = NovaWrite::request(Operation::Pause, VmState::Active, None, true)?;
    /// assert!(write.changes_anything());
    /// # Ok::<(), server_lifecycle::nova::InvalidStateError>(())
    /// ```
    #[must_use]
    pub fn changes_anything(&self) -> bool {
        self.expected != self.new
    }

    /// The error for a conditional write that matched no row, with the pair re-read
    /// after it (`None` when the row is gone): what Nova raises as
    /// `UnexpectedTaskStateError` (`UnexpectedDeletingTaskStateError` when a delete got
    /// there first). An API answers it with 409 Conflict; a task finishing in the
    /// background was pre-empted and must not overwrite the row.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::{Operation, TaskState, VmState};
    /// use server_lifecycle::nova::NovaWrite;
    ///
    /// let stop = NovaWrite::request(Operation::Stop, VmState::Active, None, true)?;
    /// let lost = stop.lost_race(Some((VmState::Active, Some(TaskState::Pausing))));
    /// assert_eq!(
    ///     lost.to_string(),
    ///     "lost race: expected vm_state active and task_state none, found vm_state active and task_state pausing"
    /// );
    /// # Ok::<(), server_lifecycle::nova::InvalidStateError>(())
    /// ```
    #[must_use]
    pub const fn lost_race(&self, found: Option<(VmState, Option<TaskState>)>) -> NovaWriteError {
        NovaWriteError::LostRace {
            expected: self.expected,
            found,
        }
    }
}

/// Why a [`NovaWrite`] did not happen: Nova's guard refused the operation, or another
/// writer changed the record between the read and the conditional write.
///
/// # Examples
///
/// ```
/// use server_lifecycle::nova::{Operation, VmState};
/// use server_lifecycle::nova::{NovaWrite, NovaWriteError};
///
/// let refused: NovaWriteError = NovaWrite::request(Operation::Unpause, VmState::Active, None, true)
///     .unwrap_err()
///     .into();
/// assert!(!refused.is_lost_race());
/// assert_eq!(refused.to_string(), "cannot unpause while the server is in vm_state active");
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NovaWriteError {
    /// Nova's guard refuses the operation in the state that was read.
    #[error(transparent)]
    Refused(#[from] InvalidStateError),
    /// The conditional write matched no row.
    #[error("lost race: expected {}, found {}", Pair(*.expected), Found(*.found))]
    #[non_exhaustive]
    LostRace {
        /// The pair the write expected.
        expected: (VmState, Option<TaskState>),
        /// The pair re-read after the write failed; `None` when the row is gone.
        found: Option<(VmState, Option<TaskState>)>,
    },
}

impl NovaWriteError {
    /// `true` for [`NovaWriteError::LostRace`].
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::{Operation, VmState};
    /// use server_lifecycle::nova::NovaWrite;
    ///
    /// let write = NovaWrite::request(Operation::Pause, VmState::Active, None, true)?;
    /// assert!(write.lost_race(None).is_lost_race());
    /// # Ok::<(), server_lifecycle::nova::InvalidStateError>(())
    /// ```
    #[must_use]
    pub const fn is_lost_race(&self) -> bool {
        matches!(self, NovaWriteError::LostRace { .. })
    }
}

/// Formats a (vm_state, task_state) pair for messages.
struct Pair((VmState, Option<TaskState>));

impl fmt::Display for Pair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (vm_state, task_state) = self.0;
        let task = task_state.map_or("none", TaskState::as_str);
        write!(f, "vm_state {vm_state} and task_state {task}")
    }
}

/// Formats a re-read pair, or its absence.
struct Found(Option<(VmState, Option<TaskState>)>);

impl fmt::Display for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(pair) => Pair(pair).fmt(f),
            None => f.write_str("no server"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CloudSettings;

    /// Every operation on every (vm_state, task_state, launched): a claim exists exactly
    /// when Nova's guard passes, keeps the vm_state and sets the operation's task.
    #[test]
    fn claims_agree_with_the_guards() {
        let tasks = core::iter::once(None).chain(TaskState::ALL.into_iter().map(Some));
        let tasks: Vec<Option<TaskState>> = tasks.collect();
        for operation in Operation::ALL {
            for vm_state in VmState::ALL {
                for &task_state in &tasks {
                    for launched in [false, true] {
                        let write = NovaWrite::request(operation, vm_state, task_state, launched);
                        match operation.check(vm_state, task_state, launched) {
                            Err(refused) => assert_eq!(write, Err(refused)),
                            Ok(_) => {
                                let write = write.expect("the guard passed");
                                assert_eq!(write.expected_states(), (vm_state, task_state));
                                assert_eq!(write.new_states().0, vm_state);
                                let set = operation.sets_task_state();
                                assert_eq!(write.new_states().1, set.or(task_state));
                                assert_eq!(
                                    write.changes_anything(),
                                    set.is_some() && set != task_state
                                );
                            }
                        }
                    }
                }
            }
        }
    }

    /// A request step of the Nova model writes what the claim writes.
    #[test]
    fn request_steps_write_the_claim() {
        let mut checked = 0;
        for vm_state in VmState::ALL {
            let from = NovaState::at_rest(vm_state);
            for step in from.steps(&CloudSettings::NOVA_DEFAULTS) {
                let crate::nova::StepCause::Request(operation) = step.kind else {
                    continue;
                };
                let Some(task) = operation.sets_task_state() else {
                    continue;
                };
                if step.to.task_state != Some(task) {
                    // Requests that also change the vm_state at once (restore of a server
                    // with no host, soft delete falling back to delete) are not claims.
                    continue;
                }
                let claim = NovaWrite::request(operation, vm_state, None, true)
                    .expect("the model only takes accepted requests");
                assert_eq!(
                    claim.new_states().1,
                    NovaWrite::step(&from, &step).new_states().1
                );
                checked += 1;
            }
        }
        assert!(checked > 20, "only {checked} request steps checked");
    }

    #[test]
    fn lost_race_messages() {
        let write = NovaWrite::request(Operation::Reboot, VmState::Active, None, true).unwrap();
        assert_eq!(
            write.lost_race(None).to_string(),
            "lost race: expected vm_state active and task_state none, found no server"
        );
    }
}
