//! Each operation's precondition ([`Guard`]), exactly as Nova's `check_instance_state`
//! decorator (or the inline check) declares it, and the check itself.

use core::fmt;

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

use TaskState as T;
use VmState as V;

/// Any vm_state, any task_state.
const ANY: Option<TaskStateSet> = None;
/// Nova's default task guard: idle only.
const IDLE: Option<TaskStateSet> = Some(TaskStateSet::IDLE);

const fn vm(states: &[VmState]) -> Option<VmStateSet> {
    Some(VmStateSet::of(states))
}

const fn guard(
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

/// `vm_states.ALLOW_HARD_REBOOT`.
const ALLOW_HARD_REBOOT: &[VmState] = &[V::Active, V::Stopped, V::Paused, V::Suspended, V::Error];
/// `task_states.ALLOW_REBOOT` (with idle).
const ALLOW_REBOOT: TaskStateSet = TaskStateSet::of(&[
    T::Rebooting,
    T::RebootPending,
    T::RebootStarted,
    T::Resuming,
    T::RebootingHard,
    T::Unpausing,
    T::Pausing,
    T::Suspending,
])
.with(None);
/// `vm_states.ALLOW_TRIGGER_CRASH_DUMP`.
const ALLOW_TRIGGER_CRASH_DUMP: &[VmState] =
    &[V::Active, V::Paused, V::Rescued, V::Resized, V::Error];
/// The vm_states of createImage and createBackup.
const IMAGE: &[VmState] = &[V::Active, V::Stopped, V::Paused, V::Suspended];
/// The vm_states of attach/detach_volume.
const VOLUME: &[VmState] = &[
    V::Active,
    V::Paused,
    V::Stopped,
    V::Resized,
    V::SoftDeleted,
    V::Shelved,
    V::ShelvedOffloaded,
];
/// The vm_states of metadata and tags.
const METADATA: &[VmState] = &[V::Active, V::Paused, V::Suspended, V::Stopped];
/// `reject_instance_state(task_state=[DELETING, MIGRATING])` of the console calls.
const NOT_DELETING_OR_MIGRATING: TaskStateSet = TaskStateSet::FULL
    .without(Some(T::Deleting))
    .without(Some(T::Migrating));

/// `GUARDS[operation]`.
static GUARDS: [Guard; Operation::COUNT] = {
    let mut guards = [guard(None, ANY, false, false); Operation::COUNT];
    let mut i = 0;
    while i < Operation::COUNT {
        guards[i] = guard_of(Operation::ALL[i]);
        i += 1;
    }
    guards
};

/// Each operation's guard, from `facts.json` `operations`.
const fn guard_of(operation: Operation) -> Guard {
    use Operation as O;
    match operation {
        // A new instance: no existing server satisfies it.
        O::Create => guard(Some(VmStateSet::EMPTY), ANY, false, false),
        O::Delete | O::ForceDelete => guard(None, ANY, false, true),
        O::SoftDelete => guard(None, ANY, true, true),
        O::Restore => guard(vm(&[V::SoftDeleted]), IDLE, true, true),
        O::Stop => guard(vm(&[V::Active, V::Error]), IDLE, true, true),
        O::Start => guard(vm(&[V::Stopped]), IDLE, true, true),
        O::Reboot => guard(vm(&[V::Active]), IDLE, true, true),
        O::RebootHard => guard(vm(ALLOW_HARD_REBOOT), Some(ALLOW_REBOOT), true, true),
        O::Rebuild => guard(vm(&[V::Active, V::Stopped, V::Error]), IDLE, true, true),
        O::Evacuate => guard(vm(&[V::Active, V::Stopped, V::Error]), ANY, true, false),
        O::Resize | O::Migrate => guard(vm(&[V::Active, V::Stopped]), IDLE, true, true),
        O::ConfirmResize | O::RevertResize => guard(vm(&[V::Resized]), IDLE, true, true),
        O::Pause | O::Suspend | O::ChangePassword => guard(vm(&[V::Active]), IDLE, true, true),
        O::Unpause => guard(vm(&[V::Paused]), IDLE, true, true),
        O::Resume => guard(vm(&[V::Suspended]), IDLE, true, true),
        O::Rescue => guard(vm(&[V::Active, V::Stopped, V::Error]), IDLE, true, true),
        O::Unrescue => guard(vm(&[V::Rescued]), IDLE, true, true),
        O::Shelve => guard(vm(IMAGE), IDLE, true, true),
        O::ShelveOffload => guard(vm(&[V::Shelved]), IDLE, true, true),
        O::Unshelve => guard(vm(&[V::Shelved, V::ShelvedOffloaded]), IDLE, true, true),
        O::Snapshot | O::SnapshotVolumeBacked | O::Backup => guard(vm(IMAGE), IDLE, true, false),
        O::LiveMigrate => guard(vm(&[V::Active, V::Paused]), IDLE, true, true),
        O::LiveMigrateForceComplete => guard(
            vm(&[V::Active]),
            Some(TaskStateSet::of(&[T::Migrating])),
            true,
            true,
        ),
        O::LiveMigrateAbort => guard(None, Some(TaskStateSet::of(&[T::Migrating])), true, true),
        O::TriggerCrashDump => guard(vm(ALLOW_TRIGGER_CRASH_DUMP), IDLE, true, true),
        O::AttachVolume | O::DetachVolume => guard(vm(VOLUME), IDLE, true, true),
        O::SwapVolume => guard(vm(&[V::Active, V::Paused, V::Resized]), IDLE, true, true),
        O::AttachInterface | O::DetachInterface => {
            guard(vm(&[V::Active, V::Paused, V::Stopped]), IDLE, true, true)
        }
        O::UpdateMetadata | O::DeleteMetadata => guard(vm(METADATA), ANY, true, true),
        O::UpdateTags | O::DeleteTags => guard(vm(METADATA), ANY, false, false),
        O::CreateShare => guard(vm(&[V::Stopped]), ANY, false, false),
        O::DeleteShare => guard(vm(&[V::Stopped, V::Error]), ANY, false, false),
        O::VolumeSnapshotCreate | O::VolumeSnapshotDelete => guard(None, IDLE, true, false),
        O::GetConsole => guard(None, Some(NOT_DELETING_OR_MIGRATING), false, false),
        O::Lock | O::Unlock | O::ResetStateActive | O::ResetStateError => {
            guard(None, ANY, false, false)
        }
        O::InjectNetworkInfo | O::AddFixedIp | O::RemoveFixedIp => guard(None, ANY, false, true),
        O::PowerUpdateOn => guard(vm(&[V::Stopped]), IDLE, false, false),
        O::PowerUpdateOff => guard(vm(&[V::Active]), IDLE, false, false),
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
        GUARDS[self.index()]
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
    pub fn check(
        self,
        vm_state: VmState,
        task_state: Option<TaskState>,
        launched: bool,
    ) -> Result<Option<TaskState>, InvalidStateError> {
        match GUARDS[self.index()].refusal(vm_state, task_state, launched) {
            None => Ok(self.sets_task_state()),
            Some(refusal) => Err(InvalidStateError {
                operation: self,
                refusal,
            }),
        }
    }
}
