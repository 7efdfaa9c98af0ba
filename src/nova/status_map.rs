//! Nova's `_STATE_MAP` (`nova/api/openstack/common.py`): the [`Status`] each
//! (vm_state, task_state) pair shows.

use super::{TaskState, VmState};
use crate::Status;

/// The status a vm_state shows when its task_state has no override (including no task).
///
/// # Examples
///
/// ```
/// use server_lifecycle::nova::{default_status, VmState};
/// use server_lifecycle::Status;
///
/// assert_eq!(default_status(VmState::Stopped), Status::Stopped);
/// assert_eq!(default_status(VmState::Resized), Status::VerifyResize);
/// ```
#[must_use]
pub const fn default_status(vm_state: VmState) -> Status {
    match vm_state {
        VmState::Active => Status::Active,
        VmState::Building => Status::Building,
        VmState::Paused => Status::Paused,
        VmState::Suspended => Status::Suspended,
        VmState::Stopped => Status::Stopped,
        VmState::Rescued => Status::Rescued,
        VmState::Resized => Status::VerifyResize,
        VmState::SoftDeleted => Status::SoftDeleted,
        VmState::Deleted => Status::Deleted,
        VmState::Error => Status::Error,
        VmState::Shelved => Status::Shelved,
        VmState::ShelvedOffloaded => Status::ShelvedOffloaded,
    }
}

use Status as S;
use TaskState as T;
use VmState as V;

/// The task_state overrides of `_STATE_MAP`: (vm_state, task_state, status). Every pair
/// not listed shows [`default_status`] of its vm_state.
///
/// `resized` + `resize_confirming` → `CONFIRMING_RESIZE` is commented out in Nova, so it
/// shows `VERIFY_RESIZE` and is not listed.
///
/// # Examples
///
/// ```
/// use server_lifecycle::nova::STATUS_OVERRIDES;
///
/// assert_eq!(STATUS_OVERRIDES.len(), 27);
/// ```
pub const STATUS_OVERRIDES: &[(VmState, TaskState, Status)] = &[
    (V::Active, T::Rebooting, S::Reboot),
    (V::Active, T::RebootPending, S::Reboot),
    (V::Active, T::RebootStarted, S::Reboot),
    (V::Active, T::RebootingHard, S::HardReboot),
    (V::Active, T::RebootPendingHard, S::HardReboot),
    (V::Active, T::RebootStartedHard, S::HardReboot),
    (V::Active, T::UpdatingPassword, S::Password),
    (V::Active, T::Rebuilding, S::Rebuild),
    (V::Active, T::RebuildBlockDeviceMapping, S::Rebuild),
    (V::Active, T::RebuildSpawning, S::Rebuild),
    (V::Active, T::Migrating, S::Migrating),
    (V::Active, T::ResizePrep, S::Resized),
    (V::Active, T::ResizeMigrating, S::Resized),
    (V::Active, T::ResizeMigrated, S::Resized),
    (V::Active, T::ResizeFinish, S::Resized),
    (V::Stopped, T::ResizePrep, S::Resized),
    (V::Stopped, T::ResizeMigrating, S::Resized),
    (V::Stopped, T::ResizeMigrated, S::Resized),
    (V::Stopped, T::ResizeFinish, S::Resized),
    (V::Stopped, T::Rebuilding, S::Rebuild),
    (V::Stopped, T::RebuildBlockDeviceMapping, S::Rebuild),
    (V::Stopped, T::RebuildSpawning, S::Rebuild),
    (V::Resized, T::ResizeReverting, S::RevertResize),
    (V::Paused, T::Migrating, S::Migrating),
    (V::Error, T::Rebuilding, S::Rebuild),
    (V::Error, T::RebuildBlockDeviceMapping, S::Rebuild),
    (V::Error, T::RebuildSpawning, S::Rebuild),
];

/// `STATUS_GRID[vm_state][task_state + 1]`: the status of every pair, index 0 for no task.
static STATUS_GRID: [[Status; TaskState::COUNT + 1]; VmState::COUNT] = {
    let mut grid = [[Status::Unknown; TaskState::COUNT + 1]; VmState::COUNT];
    let mut v = 0;
    while v < VmState::COUNT {
        let mut t = 0;
        while t <= TaskState::COUNT {
            grid[v][t] = default_status(VmState::ALL[v]);
            t += 1;
        }
        v += 1;
    }
    let mut i = 0;
    while i < STATUS_OVERRIDES.len() {
        let (vm_state, task_state, status) = STATUS_OVERRIDES[i];
        grid[vm_state.index()][task_state.index() + 1] = status;
        i += 1;
    }
    grid
};

/// The status Nova shows for a (vm_state, task_state) pair: `status_from_state`.
/// `None` means no task is in progress.
///
/// Never fails: like Nova, every pair has a status. A task_state without an override
/// shows the vm_state's default, which is why there is no `DELETING` status.
///
/// # Examples
///
/// ```
/// use server_lifecycle::nova::{status_of, TaskState, VmState};
/// use server_lifecycle::Status;
///
/// assert_eq!(status_of(VmState::Active, Some(TaskState::RebootingHard)), Status::HardReboot);
/// assert_eq!(status_of(VmState::Stopped, Some(TaskState::RebootingHard)), Status::Stopped);
/// assert_eq!(status_of(VmState::Active, Some(TaskState::Deleting)), Status::Active);
/// assert_eq!(status_of(VmState::Resized, None), Status::VerifyResize);
/// ```
#[must_use]
#[inline]
pub fn status_of(vm_state: VmState, task_state: Option<TaskState>) -> Status {
    let column = match task_state {
        Some(task) => task.index() + 1,
        None => 0,
    };
    STATUS_GRID[vm_state.index()][column]
}

/// The status Nova's view shows for a database record, from its raw strings:
/// a deleted record (`instance.deleted`) shows `DELETED`; a vm_state Nova does not know
/// shows `UNKNOWN` (Nova logs "bad upgrade or db corrupted?"); an unknown task_state
/// shows the vm_state's default, as in Nova.
///
/// # Examples
///
/// ```
/// use server_lifecycle::nova::status_of_record;
/// use server_lifecycle::Status;
///
/// assert_eq!(status_of_record("active", Some("rebooting"), false), Status::Reboot);
/// assert_eq!(status_of_record("active", Some("rebooting"), true), Status::Deleted);
/// assert_eq!(status_of_record("hibernating", None, false), Status::Unknown);
/// assert_eq!(status_of_record("stopped", Some("new_task"), false), Status::Stopped);
/// ```
#[must_use]
pub fn status_of_record(vm_state: &str, task_state: Option<&str>, deleted: bool) -> Status {
    if deleted {
        return Status::Deleted;
    }
    let Some(vm_state) = VmState::parse_known(vm_state) else {
        return Status::Unknown;
    };
    status_of(vm_state, task_state.and_then(TaskState::parse_known))
}
