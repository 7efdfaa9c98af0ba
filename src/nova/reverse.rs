//! The reverse of the status map: the (vm_state, task_state) pairs a status stands for,
//! exactly and as Nova's `GET /servers?status=` filter approximates them.

use super::{status_of, TaskState, TaskStateSet, VmState, VmStateSet, STATUS_OVERRIDES};
use crate::Status;

/// Every (vm_state, task_state) pair whose [`status_of`] is `status`, vm_states in
/// Nova's declaration order, no task first. Exact, unlike Nova's list filter
/// ([`list_filter`]).
///
/// `UNKNOWN` (an unrecognised vm_state or a down cell) and `DELETED` for a deleted
/// record are not in Nova's map as such: `UNKNOWN` has no pair, and `DELETED` has the
/// pairs of vm_state `deleted` (a deleted record shows `DELETED` whatever its pair).
///
/// # Examples
///
/// ```
/// use server_lifecycle::nova::{pairs_showing, TaskState, VmState};
/// use server_lifecycle::Status;
///
/// let pairs: Vec<_> = pairs_showing(Status::Reboot).collect();
/// assert_eq!(pairs, [
///     (VmState::Active, Some(TaskState::Rebooting)),
///     (VmState::Active, Some(TaskState::RebootPending)),
///     (VmState::Active, Some(TaskState::RebootStarted)),
/// ]);
///
/// // ACTIVE is vm_state active with no task or any task without an override
/// // (deleting, pausing, powering-off, image_*, ...).
/// let active: Vec<_> = pairs_showing(Status::Active).collect();
/// assert_eq!(active.len(), 1 + 42 - 15);
/// assert!(active.contains(&(VmState::Active, Some(TaskState::Deleting))));
/// ```
pub fn pairs_showing(status: Status) -> impl Iterator<Item = (VmState, Option<TaskState>)> {
    VmState::ALL
        .into_iter()
        .flat_map(|vm_state| {
            core::iter::once(None)
                .chain(TaskState::ALL.into_iter().map(Some))
                .map(move |task_state| (vm_state, task_state))
        })
        .filter(move |&(vm_state, task_state)| status_of(vm_state, task_state) == status)
}

/// Nova's `GET /servers?status=` filter for one status (`task_and_vm_state_from_status`
/// and its use in `servers.py`): the vm_states to match and the task_states to match, or
/// `None` for the task_states when any task_state matches.
///
/// Nova collects the `_STATE_MAP` entries that show `status`. When one of them is a
/// vm_state's `'default'` entry, it filters on the vm_state alone, so the filter
/// **over-approximates**: `status=ACTIVE` also returns servers shown as `REBOOT`,
/// `HARD_REBOOT`, `PASSWORD`, `REBUILD`, `MIGRATING` or `RESIZE` (vm_state active with
/// their task). For the task-derived statuses the filter is exact. A status with no
/// entry (`UNKNOWN`) gives two empty sets: Nova answers 400 from microversion 2.38 and
/// an empty list before.
///
/// # Examples
///
/// ```
/// use server_lifecycle::nova::{list_filter, TaskState, VmState};
/// use server_lifecycle::Status;
///
/// let (vm_states, task_states) = list_filter(Status::Active);
/// assert_eq!(vm_states.to_string(), "active");
/// assert_eq!(task_states, None);
///
/// let (vm_states, task_states) = list_filter(Status::Rebuild);
/// assert_eq!(vm_states.to_string(), "active, stopped, error");
/// assert_eq!(
///     task_states.unwrap().to_string(),
///     "rebuilding, rebuild_block_device_mapping, rebuild_spawning"
/// );
/// ```
#[must_use]
pub fn list_filter(status: Status) -> (VmStateSet, Option<TaskStateSet>) {
    let mut vm_states = VmStateSet::EMPTY;
    let mut task_states = TaskStateSet::EMPTY;
    let mut any_task = false;
    for vm_state in VmState::ALL {
        if super::default_status(vm_state) == status {
            vm_states = vm_states.with(vm_state);
            any_task = true;
        }
    }
    for &(vm_state, task_state, shown) in STATUS_OVERRIDES {
        if shown == status {
            vm_states = vm_states.with(vm_state);
            task_states = task_states.with(Some(task_state));
        }
    }
    (vm_states, (!any_task).then_some(task_states))
}

/// Whether a server in (`vm_state`, `task_state`) matches Nova's list filter for
/// `status`: the over-approximation of [`list_filter`].
///
/// # Examples
///
/// ```
/// use server_lifecycle::nova::{matches_list_filter, TaskState, VmState};
/// use server_lifecycle::Status;
///
/// // Shown as REBOOT, yet returned by ?status=ACTIVE.
/// assert!(matches_list_filter(Status::Active, VmState::Active, Some(TaskState::Rebooting)));
/// assert!(!matches_list_filter(Status::Reboot, VmState::Active, None));
/// ```
#[must_use]
pub fn matches_list_filter(
    status: Status,
    vm_state: VmState,
    task_state: Option<TaskState>,
) -> bool {
    let (vm_states, task_states) = list_filter(status);
    vm_states.contains(vm_state) && task_states.is_none_or(|tasks| tasks.contains(task_state))
}
