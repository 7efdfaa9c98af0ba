//! Where each operation ends, on success and on failure, given the remembered state that
//! decides it ([`Context`]).

use super::operations_table::{row_of, TaskAfter};
use super::{Operation, PowerState, TaskState, TaskStateSet, VmState, VmStateSet};

/// The inputs that decide where an operation ends, beyond the vm_state it started from.
/// Nova reads them from the instance record, its `system_metadata`, the cloud's
/// configuration and the request; the model takes them explicitly.
///
/// [`Context::default`] is a launched, image-backed server whose guest runs, on a cloud
/// with Nova's default `shelved_offload_time` of 0.
///
/// # Examples
///
/// ```
/// use server_lifecycle::nova::{Context, Operation, PowerState, VmState};
///
/// let powered_off = Context { power_state: PowerState::Shutdown, ..Context::default() };
/// assert_eq!(Operation::ConfirmResize.success_end(VmState::Resized, &powered_off), VmState::Stopped);
/// assert_eq!(Operation::ConfirmResize.success_end(VmState::Resized, &Context::default()), VmState::Active);
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Context {
    /// The power state in the database (`instance.power_state`): confirm_resize ends
    /// `stopped` when it is SHUTDOWN.
    pub power_state: PowerState,
    /// `system_metadata['old_vm_state']`, stashed by resize and suspend: revert_resize
    /// ends `stopped` when it is `stopped`; resume returns to it (`active` when unset).
    pub old_vm_state: Option<VmState>,
    /// The cloud's `CONF.shelved_offload_time` in seconds: 0 offloads at once after a
    /// shelve, a positive value lets the periodic job offload later, a negative value
    /// never offloads.
    pub shelved_offload_time: i64,
    /// Whether the server boots from a volume: shelving it offloads at once.
    pub volume_backed: bool,
    /// An evacuation asked for `target_state=stopped` (microversion 2.95 or later): it
    /// ends `stopped` unless the server was in `error`.
    pub evacuate_to_stopped: bool,
    /// Whether the server ever launched (`launched_at` set): soft_delete of a server
    /// that never launched falls back to a hard delete.
    pub launched: bool,
}

impl Default for Context {
    fn default() -> Context {
        Context {
            power_state: PowerState::Running,
            old_vm_state: None,
            shelved_offload_time: 0,
            volume_backed: false,
            evacuate_to_stopped: false,
            launched: true,
        }
    }
}

impl Context {
    /// Whether a shelve ends `shelved_offloaded` at once (offload time 0 or a
    /// volume-backed server) rather than `shelved`.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::Context;
    ///
    /// assert!(Context::default().shelve_offloads_at_once());
    /// let later = Context { shelved_offload_time: 3600, ..Context::default() };
    /// assert!(!later.shelve_offloads_at_once());
    /// assert!(Context { volume_backed: true, ..later }.shelve_offloads_at_once());
    /// ```
    #[must_use]
    pub const fn shelve_offloads_at_once(&self) -> bool {
        self.shelved_offload_time == 0 || self.volume_backed
    }
}

impl Operation {
    /// The vm_state the operation ends in when it succeeds, started from `vm_state`
    /// (the task_state is then `None`, except for the operations that leave it alone).
    ///
    /// * confirm_resize: `stopped` if the power state is SHUTDOWN, else `active`
    /// * revert_resize: `stopped` if the stashed old vm_state is `stopped`, else `active`
    /// * resume: the stashed old vm_state (`active` when unset)
    /// * shelve: `shelved_offloaded` when the offload time is 0 or the server is
    ///   volume-backed, else `shelved`
    /// * unrescue: always `active`
    /// * rebuild: `stopped` for a stopped server (it passes through `active` /
    ///   `powering-off`), else `active`; evacuate likewise, and `stopped` with
    ///   `target_state=stopped` unless it was in `error`
    /// * soft_delete of a server that never launched: `deleted` (the API's fallback)
    /// * operations that change no state: `vm_state`
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::{Context, Operation, VmState};
    ///
    /// let context = Context { old_vm_state: Some(VmState::Stopped), ..Context::default() };
    /// assert_eq!(Operation::RevertResize.success_end(VmState::Resized, &context), VmState::Stopped);
    /// assert_eq!(Operation::Unrescue.success_end(VmState::Rescued, &context), VmState::Active);
    /// assert_eq!(Operation::Rebuild.success_end(VmState::Stopped, &context), VmState::Stopped);
    /// assert_eq!(Operation::Rebuild.success_end(VmState::Error, &context), VmState::Active);
    /// assert_eq!(Operation::Shelve.success_end(VmState::Paused, &context), VmState::ShelvedOffloaded);
    /// ```
    #[must_use]
    pub const fn success_end(self, vm_state: VmState, context: &Context) -> VmState {
        row_of(self).success.of(vm_state, context)
    }

    /// The task_state after a successful run that started with `task_state`: `None`,
    /// except that operations which neither check nor set the task leave it as it was
    /// (metadata, tags, shares, consoles, lock, ...), and force_complete leaves the live
    /// migration running (`migrating`).
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::{Operation, TaskState};
    ///
    /// assert_eq!(Operation::Stop.success_task_state(None), None);
    /// let migrating = Some(TaskState::Migrating);
    /// assert_eq!(Operation::LiveMigrateForceComplete.success_task_state(migrating), migrating);
    /// assert_eq!(Operation::LiveMigrateAbort.success_task_state(migrating), None);
    /// ```
    #[must_use]
    pub const fn success_task_state(self, task_state: Option<TaskState>) -> Option<TaskState> {
        match row_of(self).task_after {
            TaskAfter::Cleared => None,
            TaskAfter::Kept => task_state,
        }
    }

    /// The vm_states the operation can end in when it fails, started from `vm_state`;
    /// the task_state is then `None`. Nova's failure helpers decide:
    /// `reverts_task_state` only clears the task (the set holds `vm_state`),
    /// `_error_out_instance_on_exception` rolls back to `vm_state` on
    /// `InstanceFaultRollback` and sets `error` otherwise, a reboot whose guest still runs
    /// ends `active` with a fault recorded.
    ///
    /// Operations that set no task and change nothing cannot fail in a way that moves
    /// the state: the set is `{vm_state}`.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::{Operation, VmState};
    ///
    /// assert_eq!(Operation::Stop.failure_ends(VmState::Active).to_string(), "active");
    /// assert_eq!(Operation::Resize.failure_ends(VmState::Stopped).to_string(), "stopped, error");
    /// assert_eq!(Operation::RebootHard.failure_ends(VmState::Paused).to_string(), "active, error");
    /// assert_eq!(Operation::Unrescue.failure_ends(VmState::Rescued).to_string(), "error");
    /// ```
    #[must_use]
    pub const fn failure_ends(self, vm_state: VmState) -> VmStateSet {
        row_of(self).failure.of(vm_state)
    }

    /// The work that follows a successful run started in `vm_state` in the same request,
    /// as another operation's run from a vm_state: rebuilding (or evacuating) a server
    /// that ends `stopped` passes through `active` / `powering-off` (a stop); shelving an
    /// image-backed server on a cloud that offloads at once goes on from `shelved` with
    /// `shelving_offloading` (a shelve_offload). `None` for every other run.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::{Context, Operation, VmState};
    ///
    /// // From 2.95 an evacuation stops the server: a stop from `active` follows.
    /// let to_stopped = Context { evacuate_to_stopped: true, ..Context::default() };
    /// assert_eq!(
    ///     Operation::Evacuate.continues_with(VmState::Active, &to_stopped),
    ///     Some((Operation::Stop, VmState::Active))
    /// );
    /// assert_eq!(Operation::Evacuate.continues_with(VmState::Active, &Context::default()), None);
    /// ```
    #[must_use]
    pub const fn continues_with(
        self,
        vm_state: VmState,
        context: &Context,
    ) -> Option<(Operation, VmState)> {
        let row = row_of(self);
        match row.then {
            Some(then) if then.follows(row.success, vm_state, context) => {
                Some((then.operation, then.from))
            }
            _ => None,
        }
    }

    /// Whether the work that follows (see [`Operation::continues_with`]) starts from the
    /// server saved at rest, with no task, rather than from its first task (seen in Nova
    /// 34.0.0: a rebuild to stopped saves `active` with no task before its stop).
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::Operation;
    ///
    /// assert!(Operation::Rebuild.continues_at_rest_first());
    /// assert!(!Operation::Shelve.continues_at_rest_first());
    /// ```
    #[must_use]
    pub const fn continues_at_rest_first(self) -> bool {
        match row_of(self).then {
            Some(then) => then.at_rest_first,
            None => false,
        }
    }

    /// The task_states of the work in progress that the operation acts on without ending
    /// it: for an operation that keeps the task_state, the tasks its guard requires
    /// (`live_migrate_force_complete`: the running live migration, `migrating`). Empty
    /// for every other operation.
    pub(crate) const fn acts_on_tasks(self) -> TaskStateSet {
        let row = row_of(self);
        match (row.task_after, row.guard.task_states()) {
            (TaskAfter::Kept, Some(tasks)) => tasks.without(None),
            _ => TaskStateSet::EMPTY,
        }
    }
}
