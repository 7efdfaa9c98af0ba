//! Each operation's precondition ([`Guard`]), exactly as Nova's `check_instance_state`
//! decorator (or the inline check) declares it, and the check itself.

use core::fmt;

use super::operations_table::{row_of, TABLE};
use super::{Operation, TaskState, TaskStateSet, VmState, VmStateSet};

/// An operation's precondition: Nova's `@check_instance_state(vm_state, task_state,
/// must_have_launched)` plus whether `@check_instance_lock` applies.
///
/// `None` for [`vm_states`](Guard::vm_states) or [`task_states`](Guard::task_states)
/// means *any* (Nova passed `None`, or the method has no state check), which also
/// accepts values this model does not know. A task_state set holds idle (`None`) when
/// the operation may start with no task in progress, Nova's default `(None,)`.
///
/// # Examples
///
/// ```
/// use server_lifecycle::nova::{Operation, TaskState, VmState};
///
/// let guard = Operation::RebootHard.guard();
/// assert!(guard.vm_states().unwrap().contains(VmState::Suspended));
/// assert!(guard.task_states().unwrap().contains(None));
/// assert!(guard.task_states().unwrap().contains(Some(TaskState::Pausing)));
/// assert!(!guard.task_states().unwrap().contains(Some(TaskState::RebootPendingHard)));
/// assert!(guard.must_have_launched());
/// assert!(guard.lock_checked());
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Guard {
    vm_states: Option<VmStateSet>,
    task_states: Option<TaskStateSet>,
    must_have_launched: bool,
    lock_checked: bool,
}

impl Guard {
    /// A guard; `None` for any vm_state or any task_state.
    pub(super) const fn new(
        vm_states: Option<VmStateSet>,
        task_states: Option<TaskStateSet>,
        must_have_launched: bool,
        lock_checked: bool,
    ) -> Guard {
        Guard {
            vm_states,
            task_states,
            must_have_launched,
            lock_checked,
        }
    }

    /// The vm_states the operation accepts, or `None` for any.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::Operation;
    ///
    /// assert_eq!(Operation::Delete.guard().vm_states(), None);
    /// assert_eq!(Operation::Start.guard().vm_states().unwrap().to_string(), "stopped");
    /// ```
    #[must_use]
    pub const fn vm_states(self) -> Option<VmStateSet> {
        self.vm_states
    }

    /// The task_states the operation accepts (idle is `None` inside the set), or `None`
    /// for any.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::{Operation, TaskStateSet};
    ///
    /// assert_eq!(Operation::Evacuate.guard().task_states(), None);
    /// assert_eq!(Operation::Pause.guard().task_states(), Some(TaskStateSet::IDLE));
    /// ```
    #[must_use]
    pub const fn task_states(self) -> Option<TaskStateSet> {
        self.task_states
    }

    /// Whether the server must have launched (`launched_at` set).
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::Operation;
    ///
    /// assert!(!Operation::Delete.guard().must_have_launched());
    /// assert!(Operation::SoftDelete.guard().must_have_launched());
    /// ```
    #[must_use]
    pub const fn must_have_launched(self) -> bool {
        self.must_have_launched
    }

    /// Whether a locked server refuses the operation to non-admins
    /// (`@check_instance_lock`). The lock is a flag beside the state, not checked by
    /// [`Operation::check`].
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::Operation;
    ///
    /// assert!(!Operation::Evacuate.guard().lock_checked());
    /// assert!(!Operation::Snapshot.guard().lock_checked());
    /// assert!(Operation::Stop.guard().lock_checked());
    /// ```
    #[must_use]
    pub const fn lock_checked(self) -> bool {
        self.lock_checked
    }

    /// Whether the guard accepts a server in `vm_state` with `task_state` that has (or
    /// has not) `launched`.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::{Operation, VmState};
    ///
    /// assert!(Operation::Stop.guard().accepts(VmState::Error, None, true));
    /// assert!(!Operation::Stop.guard().accepts(VmState::Error, None, false));
    /// ```
    #[must_use]
    pub const fn accepts(
        self,
        vm_state: VmState,
        task_state: Option<TaskState>,
        launched: bool,
    ) -> bool {
        self.refusal(vm_state, task_state, launched).is_none()
    }

    /// The first failed check, in Nova's order: vm_state, task_state, launched.
    const fn refusal(
        self,
        vm_state: VmState,
        task_state: Option<TaskState>,
        launched: bool,
    ) -> Option<Refusal> {
        if let Some(vm_states) = self.vm_states {
            if !vm_states.contains(vm_state) {
                return Some(Refusal::VmState(vm_state));
            }
        }
        if let Some(task_states) = self.task_states {
            if !task_states.contains(task_state) {
                return Some(Refusal::TaskState(task_state));
            }
        }
        if self.must_have_launched && !launched {
            return Some(Refusal::NeverLaunched);
        }
        None
    }
}

/// Which check refused an operation: [`InvalidStateError::refusal`].
///
/// # Examples
///
/// ```
/// use server_lifecycle::nova::{Operation, Refusal, VmState};
///
/// let error = Operation::Stop.check(VmState::Paused, None, true).unwrap_err();
/// assert_eq!(error.refusal(), Refusal::VmState(VmState::Paused));
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Refusal {
    /// The vm_state is not one the operation accepts.
    VmState(VmState),
    /// The task_state (`None`: no task) is not one the operation accepts.
    TaskState(Option<TaskState>),
    /// The operation needs a server that launched (`launched_at` set).
    NeverLaunched,
}

/// An operation Nova refuses because of the server's state: Nova's
/// `InstanceInvalidState`, which the API turns into `409 Conflict`.
///
/// The message names the operation and the offending attribute and value:
///
/// * `cannot stop while the server is in vm_state paused`
/// * `cannot pause while the server is in task_state rebooting` (`none` for no task)
/// * `cannot restore a server that never launched`
///
/// # Examples
///
/// ```
/// use server_lifecycle::nova::{Operation, TaskState, VmState};
///
/// let error = Operation::Pause
///     .check(VmState::Active, Some(TaskState::Rebooting), true)
///     .unwrap_err();
/// assert_eq!(error.operation(), Operation::Pause);
/// assert_eq!(error.to_string(), "cannot pause while the server is in task_state rebooting");
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, thiserror::Error)]
#[error("{}", Message(*self))]
pub struct InvalidStateError {
    operation: Operation,
    refusal: Refusal,
}

impl InvalidStateError {
    /// The refused operation.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::{Operation, VmState};
    ///
    /// let error = Operation::Start.check(VmState::Active, None, true).unwrap_err();
    /// assert_eq!(error.operation(), Operation::Start);
    /// ```
    #[must_use]
    pub const fn operation(&self) -> Operation {
        self.operation
    }

    /// Which check failed, with the offending value.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::{Operation, Refusal, VmState};
    ///
    /// let error = Operation::Restore.check(VmState::SoftDeleted, None, false).unwrap_err();
    /// assert_eq!(error.refusal(), Refusal::NeverLaunched);
    /// ```
    #[must_use]
    pub const fn refusal(&self) -> Refusal {
        self.refusal
    }
}

/// Formats an [`InvalidStateError`].
struct Message(InvalidStateError);

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let operation = self.0.operation;
        match self.0.refusal {
            Refusal::VmState(vm_state) => {
                write!(
                    f,
                    "cannot {operation} while the server is in vm_state {vm_state}"
                )
            }
            Refusal::TaskState(task_state) => write!(
                f,
                "cannot {operation} while the server is in task_state {}",
                task_state.map_or("none", TaskState::as_str)
            ),
            Refusal::NeverLaunched => {
                write!(f, "cannot {operation} a server that never launched")
            }
        }
    }
}

impl Operation {
    /// The operation's precondition, from `facts.json`.
    ///
    /// `create` applies to no existing server: its guard accepts no vm_state. The
    /// `power_update_*` events also need a power state (SHUTDOWN for on, RUNNING for off),
    /// which [`NovaState`](super::NovaState) checks; Nova ignores the event otherwise
    /// rather than answering 409.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::{Operation, VmState};
    ///
    /// let guard = Operation::Rescue.guard();
    /// assert_eq!(guard.vm_states().unwrap().to_string(), "active, stopped, error");
    /// assert!(guard.must_have_launched());
    /// ```
    #[must_use]
    pub fn guard(self) -> Guard {
        row_of(self).guard
    }

    /// Checks the operation against a server's state, in Nova's order (vm_state,
    /// task_state, launched), and returns the task_state it sets
    /// ([`Operation::sets_task_state`]; `None` when it sets none).
    ///
    /// A table lookup and a few bit operations: no allocation.
    ///
    /// # Errors
    ///
    /// [`InvalidStateError`] naming the operation and the first offending attribute.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::{Operation, TaskState, VmState};
    ///
    /// assert_eq!(
    ///     Operation::RebootHard.check(VmState::Stopped, None, true),
    ///     Ok(Some(TaskState::RebootingHard))
    /// );
    /// assert_eq!(
    ///     Operation::Stop.check(VmState::Paused, None, true).unwrap_err().to_string(),
    ///     "cannot stop while the server is in vm_state paused"
    /// );
    /// assert_eq!(
    ///     Operation::Restore.check(VmState::SoftDeleted, None, false).unwrap_err().to_string(),
    ///     "cannot restore a server that never launched"
    /// );
    /// ```
    #[inline]
    pub fn check(
        self,
        vm_state: VmState,
        task_state: Option<TaskState>,
        launched: bool,
    ) -> Result<Option<TaskState>, InvalidStateError> {
        let fast = &FAST_CHECKS[self.index()];
        let allowed_tasks = fast.tasks_by_vm_state[vm_state.index()];
        let refusal = if allowed_tasks.is_empty() {
            Refusal::VmState(vm_state)
        } else if !allowed_tasks.contains(task_state) {
            Refusal::TaskState(task_state)
        } else if fast.must_have_launched && !launched {
            Refusal::NeverLaunched
        } else {
            return Ok(fast.sets_task_state);
        };
        Err(InvalidStateError {
            operation: self,
            refusal,
        })
    }
}

/// One operation's guard in the shape [`Operation::check`] reads fastest.
struct FastCheck {
    /// The task_states accepted with each vm_state: empty exactly when the vm_state is
    /// refused, because no guard accepts a vm_state with no task_state at all (checked
    /// when the table is built).
    tasks_by_vm_state: [TaskStateSet; VmState::COUNT],
    /// Whether `launched_at` must be set.
    must_have_launched: bool,
    /// The task_state an accepted check sets.
    sets_task_state: Option<TaskState>,
}

/// `FAST_CHECKS[operation]`, computed from the operation table at compile time.
static FAST_CHECKS: [FastCheck; Operation::COUNT] = {
    const REFUSE_ALL: FastCheck = FastCheck {
        tasks_by_vm_state: [TaskStateSet::EMPTY; VmState::COUNT],
        must_have_launched: false,
        sets_task_state: None,
    };
    let mut checks = [REFUSE_ALL; Operation::COUNT];
    let mut op = 0;
    while op < Operation::COUNT {
        let guard = TABLE[op].guard;
        let tasks = match guard.task_states {
            Some(tasks) => tasks,
            None => TaskStateSet::FULL,
        };
        // An empty set must mean "vm_state refused" for `check` to name the right refusal.
        assert!(!tasks.is_empty(), "a guard accepts no task_state at all");
        let mut vm = 0;
        while vm < VmState::COUNT {
            let vm_allowed = match guard.vm_states {
                Some(vm_states) => vm_states.contains(VmState::ALL[vm]),
                None => true,
            };
            if vm_allowed {
                checks[op].tasks_by_vm_state[vm] = tasks;
            }
            vm += 1;
        }
        checks[op].must_have_launched = guard.must_have_launched;
        checks[op].sets_task_state = Operation::ALL[op].sets_task_state();
        op += 1;
    }
    checks
};
