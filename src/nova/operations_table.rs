//! Nova's operations in one table: one [`Row`] per [`Operation`], in [`Operation::ALL`]
//! order, with its guard, its task sequences, where it ends on success and on failure,
//! what a success does to the task_state, the power state and the stashed
//! `old_vm_state`, and the work that follows it in the same request.
//!
//! Every per-operation answer of the Nova layer reads these rows: [`Operation::guard`]
//! and [`Operation::check`], [`Operation::task_sequence`] and
//! [`Operation::task_sequence_from`], [`Operation::success_end`],
//! [`Operation::success_task_state`], [`Operation::failure_ends`], the step model's
//! success states, and the inverse lookup [`NovaState::running_operation`](super::NovaState::running_operation)
//! ([`running`]). The request an operation realises ([`Operation::event`]) is not a
//! column: the request operations are declared from the status layer's event rows.
//!
//! Where a fact depends on the server or the cloud ([`Context`]), the row names the rule
//! ([`End`], [`Condition`], [`Power`]) and one interpreter below applies it.
//!
//! Facts are from `facts.json` (`tests/data/nova-facts.json`, the Nova commit named in
//! the module docs).

use super::guard::Guard;
use super::{Context, Operation, PowerState, TaskState, TaskStateSet, VmState, VmStateSet};
use crate::Event;

/// A task sequence: the successive task_states from the API call to the end of a
/// successful run, `None` (no task) last.
type Tasks = &'static [Option<TaskState>];

/// One operation's facts.
#[derive(Copy, Clone)]
pub(super) struct Row {
    /// The operation (the row's position in [`TABLE`] is its index; checked below).
    pub(super) operation: Operation,
    /// Nova's `@check_instance_state` and `@check_instance_lock`.
    pub(super) guard: Guard,
    /// The facts' `task_state_sequence`; empty for an operation that sets no task.
    pub(super) tasks: Tasks,
    /// The sequences that differ with the vm_state the run starts from, and the one
    /// vm_state a run must start from for an idle (`None`) step inside [`Row::tasks`]
    /// to name the operation (create's build).
    pub(super) tasks_from: &'static [(VmState, Tasks)],
    /// Where a successful run ends.
    pub(super) success: End,
    /// What a successful run does to the task_state.
    pub(super) task_after: TaskAfter,
    /// Where a failed run ends.
    pub(super) failure: Failure,
    /// The power state after a successful run.
    pub(super) power: Power,
    /// What the operation does with `system_metadata['old_vm_state']`.
    pub(super) stash: Stash,
    /// Work that follows a successful run in the same request.
    pub(super) then: Option<Then>,
    /// The power state the operation also needs; Nova ignores it (no 409) otherwise.
    pub(super) needs_power: Option<PowerState>,
    /// The status-layer event that labels the request step of an operation that is not
    /// a request (a judgement; see [`NovaStep::label`](super::NovaStep::label)).
    pub(super) label: Option<Event>,
}

/// Where a successful run ends ([`Operation::success_end`]).
#[derive(Copy, Clone)]
pub(super) enum End {
    /// Always this vm_state.
    At(VmState),
    /// The vm_state it started from: the operation changes no vm_state.
    Unchanged,
    /// The stashed `old_vm_state`, or this one when unset (resume).
    Stashed(VmState),
    /// The first vm_state when the condition holds, else the second.
    If(Condition, VmState, VmState),
}

/// A fact of the starting vm_state or the [`Context`] that decides an end.
#[derive(Copy, Clone)]
pub(super) enum Condition {
    /// The run started `stopped` (a rebuild keeps a stopped server stopped).
    StartedStopped,
    /// The run started `stopped`, or asked for `target_state=stopped` and did not
    /// start in `error` (evacuate).
    EvacuatedToStopped,
    /// The power state in the database is SHUTDOWN (confirm_resize).
    PoweredOff,
    /// The stashed `old_vm_state` is `stopped` (revert_resize).
    WasStopped,
    /// [`Context::shelve_offloads_at_once`].
    OffloadsAtOnce,
    /// The server launched (a soft delete of one that never did is a hard delete).
    Launched,
}

impl Condition {
    /// Whether the condition holds for a run that started in `vm_state`.
    const fn holds(self, vm_state: VmState, context: &Context) -> bool {
        match self {
            Condition::StartedStopped => matches!(vm_state, VmState::Stopped),
            Condition::EvacuatedToStopped => match vm_state {
                VmState::Stopped => true,
                VmState::Error => false,
                _ => context.evacuate_to_stopped,
            },
            Condition::PoweredOff => matches!(context.power_state, PowerState::Shutdown),
            Condition::WasStopped => matches!(context.old_vm_state, Some(VmState::Stopped)),
            Condition::OffloadsAtOnce => context.shelve_offloads_at_once(),
            Condition::Launched => context.launched,
        }
    }
}

impl End {
    /// The vm_state a successful run that started in `vm_state` ends in.
    pub(super) const fn of(self, vm_state: VmState, context: &Context) -> VmState {
        match self {
            End::At(end) => end,
            End::Unchanged => vm_state,
            End::Stashed(unset) => match context.old_vm_state {
                Some(old) => old,
                None => unset,
            },
            End::If(condition, then, otherwise) => {
                if condition.holds(vm_state, context) {
                    then
                } else {
                    otherwise
                }
            }
        }
    }
}

/// What a successful run does to the task_state ([`Operation::success_task_state`]).
#[derive(Copy, Clone, PartialEq, Eq)]
pub(super) enum TaskAfter {
    /// It ends with no task.
    Cleared,
    /// It neither checks nor sets the task: the task_state stays as it was.
    Kept,
}

/// Where a failed run ends ([`Operation::failure_ends`]); the task_state is then `None`.
#[derive(Copy, Clone)]
pub(super) enum Failure {
    /// `reverts_task_state`: only the task clears (also: the operation cannot fail in a
    /// way that moves the state).
    Unchanged,
    /// `error`.
    Error,
    /// `_error_out_instance_on_exception`: rolled back on `InstanceFaultRollback`, else
    /// `error`.
    UnchangedOrError,
    /// A reboot: `active` with a fault when the guest still runs, else `error`.
    ActiveOrError,
}

impl Failure {
    /// The vm_states a failed run that started in `vm_state` can end in.
    pub(super) const fn of(self, vm_state: VmState) -> VmStateSet {
        let from = VmStateSet::EMPTY.with(vm_state);
        let error = VmStateSet::EMPTY.with(VmState::Error);
        match self {
            Failure::Unchanged => from,
            Failure::Error => error,
            Failure::UnchangedOrError => from.union(error),
            Failure::ActiveOrError => error.with(VmState::Active),
        }
    }
}

/// The power state after a successful run.
#[derive(Copy, Clone)]
pub(super) enum Power {
    /// As it was.
    Kept,
    /// The power state the end vm_state has at rest
    /// ([`NovaState::at_rest`](super::NovaState::at_rest)).
    OfEnd,
    /// RUNNING, and the server has launched (`launched_at` is set).
    Launched,
    /// SHUTDOWN when the end is `stopped`, else RUNNING.
    ShutdownIfEndStopped,
    /// SHUTDOWN when the stashed `old_vm_state` is `stopped`, else RUNNING.
    ShutdownIfWasStopped,
}

/// What an operation does with `system_metadata['old_vm_state']`.
#[derive(Copy, Clone, PartialEq, Eq)]
pub(super) enum Stash {
    /// Leaves it alone.
    Kept,
    /// Saves the vm_state the request starts from.
    Saves,
    /// Reads it and clears it when the operation ends.
    Consumes,
}

/// Work that follows a successful run in the same request, seen as another operation's
/// run: the API does not return to rest in between.
#[derive(Copy, Clone)]
pub(super) struct Then {
    /// It follows when the run would end in this vm_state...
    pub(super) ends: VmState,
    /// ...unless the server boots from a volume (the run itself does the work then).
    pub(super) unless_volume_backed: bool,
    /// The operation whose run follows...
    pub(super) operation: Operation,
    /// ...from this vm_state.
    pub(super) from: VmState,
    /// Whether Nova first saves the server at rest in `from`, with no task, before the
    /// next run sets its first task (a handover a poll can see).
    pub(super) at_rest_first: bool,
}

impl Then {
    /// Whether the work follows a run that started in `vm_state`.
    pub(super) const fn follows(&self, success: End, vm_state: VmState, context: &Context) -> bool {
        success.of(vm_state, context) as u8 == self.ends as u8
            && !(self.unless_volume_backed && context.volume_backed)
    }
}

/// A row with the operation's guard and the defaults: no task, no change.
const fn row(operation: Operation, guard: Guard) -> Row {
    Row {
        operation,
        guard,
        tasks: &[],
        tasks_from: &[],
        success: End::Unchanged,
        task_after: TaskAfter::Kept,
        failure: Failure::Unchanged,
        power: Power::Kept,
        stash: Stash::Kept,
        then: None,
        needs_power: None,
        label: None,
    }
}

impl Row {
    /// The operation runs through `tasks` and ends with no task.
    const fn runs(self, tasks: Tasks) -> Row {
        Row {
            tasks,
            task_after: TaskAfter::Cleared,
            ..self
        }
    }

    /// ...through `tasks` when it starts from `vm_state`.
    const fn from(self, tasks_from: &'static [(VmState, Tasks)]) -> Row {
        Row { tasks_from, ..self }
    }

    /// It ends in `success` (the power state then as `power`) or in `failure`.
    const fn ends(self, success: End, power: Power, failure: Failure) -> Row {
        Row {
            success,
            power,
            failure,
            ..self
        }
    }

    /// It ends with no task although it sets none.
    const fn clears_task(self) -> Row {
        Row {
            task_after: TaskAfter::Cleared,
            ..self
        }
    }

    /// What it does with the stashed `old_vm_state`.
    const fn stash(self, stash: Stash) -> Row {
        Row { stash, ..self }
    }

    /// The same row for another operation.
    const fn same_for(self, operation: Operation) -> Row {
        Row { operation, ..self }
    }

    /// The work that follows.
    const fn then(self, then: Then) -> Row {
        Row {
            then: Some(then),
            ..self
        }
    }

    /// Ironic's power update: it needs `power_state`, and its step is labelled `label`.
    const fn power_update(self, power_state: PowerState, label: Event) -> Row {
        Row {
            needs_power: Some(power_state),
            label: Some(label),
            ..self
        }
    }
}

use End::{At, If, Stashed};
use Failure::{ActiveOrError, Error as ToError, Unchanged as Stays, UnchangedOrError};
use Operation as O;
use Power::{Kept, OfEnd};
use TaskState as T;
use VmState as V;

/// Any task_state.
const ANY: Option<TaskStateSet> = None;
/// Nova's default task guard: idle only.
const IDLE: Option<TaskStateSet> = Some(TaskStateSet::IDLE);

/// A guard: `guard(vm_states, task_states, must_have_launched, lock_checked)`, `None`
/// for any vm_state.
const fn guard(
    vm_states: Option<VmStateSet>,
    task_states: Option<TaskStateSet>,
    must_have_launched: bool,
    lock_checked: bool,
) -> Guard {
    Guard::new(vm_states, task_states, must_have_launched, lock_checked)
}

/// The vm_states of a guard.
const fn vm(states: &[VmState]) -> Option<VmStateSet> {
    Some(VmStateSet::of(states))
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
/// The vm_states of createImage, createBackup and shelve.
const IMAGE: &[VmState] = &[V::Active, V::Stopped, V::Paused, V::Suspended];
/// The vm_states of rebuild, evacuate and rescue.
const REBUILD_FROM: &[VmState] = &[V::Active, V::Stopped, V::Error];
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
/// A running live migration.
const MIGRATING: Option<TaskStateSet> = Some(TaskStateSet::of(&[T::Migrating]));
/// `reject_instance_state(task_state=[DELETING, MIGRATING])` of the console calls.
const NOT_DELETING_OR_MIGRATING: TaskStateSet = TaskStateSet::FULL
    .without(Some(T::Deleting))
    .without(Some(T::Migrating));

/// The build: scheduling, then (no task while the compute host picks it up) networking,
/// block device mapping and spawning.
const BUILD: Tasks = &[
    Some(T::Scheduling),
    None,
    Some(T::Networking),
    Some(T::BlockDeviceMapping),
    Some(T::Spawning),
    None,
];
const DELETE: Tasks = &[Some(T::Deleting), None];
const STOP: Tasks = &[Some(T::PoweringOff), None];
const START: Tasks = &[Some(T::PoweringOn), None];
const REBUILD: Tasks = &[
    Some(T::Rebuilding),
    Some(T::RebuildBlockDeviceMapping),
    Some(T::RebuildSpawning),
    None,
];
const RESIZE: Tasks = &[
    Some(T::ResizePrep),
    Some(T::ResizeMigrating),
    Some(T::ResizeMigrated),
    Some(T::ResizeFinish),
    None,
];
/// Unshelving an offloaded server spawns it on a new host.
const UNSHELVE_SPAWN: Tasks = &[Some(T::Unshelving), Some(T::Spawning), None];

/// A stopped server that is rebuilt (or evacuated) passes through active, then active /
/// powering-off: a stop ends the request. The rebuild saves `active` with no task before
/// the stop sets `powering-off` (seen in Nova 34.0.0: the rebuild saves the server
/// active, then calls `stop_instance`).
const THEN_STOP: Then = Then {
    ends: V::Stopped,
    unless_volume_backed: false,
    operation: O::Stop,
    from: V::Active,
    at_rest_first: true,
};

/// Resize; cold migration runs the same state machine.
const RESIZE_ROW: Row = row(
    O::Resize,
    guard(vm(&[V::Active, V::Stopped]), IDLE, true, true),
)
.runs(RESIZE)
.ends(
    At(V::Resized),
    Power::ShutdownIfWasStopped,
    UnchangedOrError,
)
.stash(Stash::Saves);

/// `DELETE /servers/{id}` on a cloud without deferred delete; `forceDelete` is the same.
const DELETE_ROW: Row = row(O::Delete, guard(None, ANY, false, true))
    .runs(DELETE)
    .ends(At(V::Deleted), OfEnd, ToError);

/// The operation table, in [`Operation::ALL`] order.
pub(super) const TABLE: &[Row; Operation::COUNT] = &[
    // A new instance: no existing server satisfies the guard; it runs in `building`.
    row(O::Create, guard(Some(VmStateSet::EMPTY), ANY, false, false))
        .runs(BUILD)
        .from(&[(V::Building, BUILD)])
        .ends(At(V::Active), Power::Launched, ToError),
    // `reboot` with type SOFT.
    row(O::Reboot, guard(vm(&[V::Active]), IDLE, true, true))
        .runs(&[
            Some(T::Rebooting),
            Some(T::RebootPending),
            Some(T::RebootStarted),
            None,
        ])
        .ends(At(V::Active), OfEnd, ActiveOrError),
    // `reboot` with type HARD.
    row(
        O::RebootHard,
        guard(vm(ALLOW_HARD_REBOOT), Some(ALLOW_REBOOT), true, true),
    )
    .runs(&[
        Some(T::RebootingHard),
        Some(T::RebootPendingHard),
        Some(T::RebootStartedHard),
        None,
    ])
    .ends(At(V::Active), OfEnd, ActiveOrError),
    row(O::Rebuild, guard(vm(REBUILD_FROM), IDLE, true, true))
        .runs(REBUILD)
        .ends(
            If(Condition::StartedStopped, V::Stopped, V::Active),
            OfEnd,
            UnchangedOrError,
        )
        .then(THEN_STOP),
    // Admin; `target_state=stopped` needs microversion 2.95.
    row(O::Evacuate, guard(vm(REBUILD_FROM), ANY, true, false))
        .runs(REBUILD)
        .ends(
            If(Condition::EvacuatedToStopped, V::Stopped, V::Active),
            OfEnd,
            UnchangedOrError,
        )
        .then(THEN_STOP),
    RESIZE_ROW,
    // Cold migration (admin): the resize state machine with the same flavor.
    RESIZE_ROW.same_for(O::Migrate),
    // `confirmResize`: no task; it settles when the API accepts it.
    row(O::ConfirmResize, guard(vm(&[V::Resized]), IDLE, true, true))
        .runs(&[None])
        .ends(
            If(Condition::PoweredOff, V::Stopped, V::Active),
            Kept,
            ToError,
        )
        .stash(Stash::Consumes),
    // `revertResize`.
    row(O::RevertResize, guard(vm(&[V::Resized]), IDLE, true, true))
        .runs(&[Some(T::ResizeReverting), None])
        .ends(
            If(Condition::WasStopped, V::Stopped, V::Active),
            Power::ShutdownIfEndStopped,
            ToError,
        )
        .stash(Stash::Consumes),
    // `os-migrateLive` (admin).
    row(
        O::LiveMigrate,
        guard(vm(&[V::Active, V::Paused]), IDLE, true, true),
    )
    .runs(&[Some(T::Migrating), None])
    .ends(End::Unchanged, Kept, UnchangedOrError),
    // `DELETE /servers/{id}/migrations/{mid}`: the migration stops, the task clears.
    row(O::LiveMigrateAbort, guard(None, MIGRATING, true, true)).clears_task(),
    // `force_complete`: the live migration goes on (`migrating`).
    row(
        O::LiveMigrateForceComplete,
        guard(vm(&[V::Active]), MIGRATING, true, true),
    ),
    row(O::Rescue, guard(vm(REBUILD_FROM), IDLE, true, true))
        .runs(&[Some(T::Rescuing), None])
        .ends(At(V::Rescued), OfEnd, ToError),
    row(O::Unrescue, guard(vm(&[V::Rescued]), IDLE, true, true))
        .runs(&[Some(T::Unrescuing), None])
        .ends(At(V::Active), OfEnd, ToError),
    row(O::Pause, guard(vm(&[V::Active]), IDLE, true, true))
        .runs(&[Some(T::Pausing), None])
        .ends(At(V::Paused), OfEnd, Stays),
    row(O::Unpause, guard(vm(&[V::Paused]), IDLE, true, true))
        .runs(&[Some(T::Unpausing), None])
        .ends(At(V::Active), OfEnd, Stays),
    row(O::Suspend, guard(vm(&[V::Active]), IDLE, true, true))
        .runs(&[Some(T::Suspending), None])
        .ends(At(V::Suspended), OfEnd, UnchangedOrError)
        .stash(Stash::Saves),
    // Back to the stashed vm_state.
    row(O::Resume, guard(vm(&[V::Suspended]), IDLE, true, true))
        .runs(&[Some(T::Resuming), None])
        .ends(
            Stashed(V::Active),
            Power::ShutdownIfEndStopped,
            UnchangedOrError,
        )
        .stash(Stash::Consumes),
    // `os-stop`.
    row(O::Stop, guard(vm(&[V::Active, V::Error]), IDLE, true, true))
        .runs(STOP)
        .ends(At(V::Stopped), OfEnd, Stays),
    // `os-start`.
    row(O::Start, guard(vm(&[V::Stopped]), IDLE, true, true))
        .runs(START)
        .ends(At(V::Active), OfEnd, Stays),
    // `changePassword` (Nova's `set_admin_password`).
    row(O::ChangePassword, guard(vm(&[V::Active]), IDLE, true, true))
        .runs(&[Some(T::UpdatingPassword), None]),
    // Offload time 0 (on an image-backed server): shelved / shelving_offloading, then
    // the offload, in the same request.
    row(O::Shelve, guard(vm(IMAGE), IDLE, true, true))
        .runs(&[
            Some(T::Shelving),
            Some(T::ShelvingImagePendingUpload),
            Some(T::ShelvingImageUploading),
            None,
        ])
        .ends(
            If(Condition::OffloadsAtOnce, V::ShelvedOffloaded, V::Shelved),
            OfEnd,
            Stays,
        )
        .then(Then {
            ends: V::ShelvedOffloaded,
            unless_volume_backed: true,
            operation: O::ShelveOffload,
            from: V::Shelved,
            at_rest_first: false,
        }),
    // `shelveOffload`.
    row(O::ShelveOffload, guard(vm(&[V::Shelved]), IDLE, true, true))
        .runs(&[Some(T::ShelvingOffloading), None])
        .ends(At(V::ShelvedOffloaded), OfEnd, Stays),
    // A shelved (not offloaded) server is started, an offloaded one spawned.
    row(
        O::Unshelve,
        guard(vm(&[V::Shelved, V::ShelvedOffloaded]), IDLE, true, true),
    )
    .runs(UNSHELVE_SPAWN)
    .from(&[
        (
            V::Shelved,
            &[Some(T::Unshelving), Some(T::PoweringOn), None],
        ),
        (V::ShelvedOffloaded, UNSHELVE_SPAWN),
    ])
    .ends(At(V::Active), OfEnd, UnchangedOrError),
    // `createImage` of an image-backed server.
    row(O::Snapshot, guard(vm(IMAGE), IDLE, true, false)).runs(&[
        Some(T::ImageSnapshotPending),
        Some(T::ImageSnapshot),
        Some(T::ImagePendingUpload),
        Some(T::ImageUploading),
        None,
    ]),
    // `createBackup`.
    row(O::Backup, guard(vm(IMAGE), IDLE, true, false)).runs(&[
        Some(T::ImageBackup),
        Some(T::ImagePendingUpload),
        Some(T::ImageUploading),
        None,
    ]),
    // Inject an NMI (2.17+): nothing changes.
    row(
        O::TriggerCrashDump,
        guard(vm(ALLOW_TRIGGER_CRASH_DUMP), IDLE, true, true),
    ),
    DELETE_ROW,
    // `DELETE /servers/{id}` when `reclaim_instance_interval` is above 0.
    row(O::SoftDelete, guard(None, ANY, true, true))
        .runs(&[Some(T::SoftDeleting), None])
        .ends(
            If(Condition::Launched, V::SoftDeleted, V::Deleted),
            OfEnd,
            Stays,
        ),
    DELETE_ROW.same_for(O::ForceDelete),
    // A server with no host is made active by the API at once.
    row(O::Restore, guard(vm(&[V::SoftDeleted]), IDLE, true, true))
        .runs(&[Some(T::Restoring), None])
        .ends(At(V::Active), OfEnd, Stays),
    // `os-resetState` with `active` (admin).
    row(O::ResetStateActive, guard(None, ANY, false, false))
        .clears_task()
        .ends(At(V::Active), Kept, Stays),
    // `os-resetState` with `error` (admin).
    row(O::ResetStateError, guard(None, ANY, false, false))
        .clears_task()
        .ends(At(V::Error), Kept, Stays),
    row(O::SnapshotVolumeBacked, guard(vm(IMAGE), IDLE, true, false)),
    row(O::AttachVolume, guard(vm(VOLUME), IDLE, true, true)),
    row(O::DetachVolume, guard(vm(VOLUME), IDLE, true, true)),
    row(
        O::SwapVolume,
        guard(vm(&[V::Active, V::Paused, V::Resized]), IDLE, true, true),
    ),
    row(
        O::AttachInterface,
        guard(vm(&[V::Active, V::Paused, V::Stopped]), IDLE, true, true),
    ),
    row(
        O::DetachInterface,
        guard(vm(&[V::Active, V::Paused, V::Stopped]), IDLE, true, true),
    ),
    row(O::UpdateMetadata, guard(vm(METADATA), ANY, true, true)),
    row(O::DeleteMetadata, guard(vm(METADATA), ANY, true, true)),
    row(O::UpdateTags, guard(vm(METADATA), ANY, false, false)),
    row(O::DeleteTags, guard(vm(METADATA), ANY, false, false)),
    row(O::CreateShare, guard(vm(&[V::Stopped]), ANY, false, false)),
    row(
        O::DeleteShare,
        guard(vm(&[V::Stopped, V::Error]), ANY, false, false),
    ),
    row(O::VolumeSnapshotCreate, guard(None, IDLE, true, false)),
    row(O::VolumeSnapshotDelete, guard(None, IDLE, true, false)),
    row(
        O::GetConsole,
        guard(None, Some(NOT_DELETING_OR_MIGRATING), false, false),
    ),
    row(O::Lock, guard(None, ANY, false, false)),
    row(O::Unlock, guard(None, ANY, false, false)),
    row(O::InjectNetworkInfo, guard(None, ANY, false, true)),
    row(O::AddFixedIp, guard(None, ANY, false, true)),
    row(O::RemoveFixedIp, guard(None, ANY, false, true)),
    // Ironic's `power-update` with POWER_ON: seen as a start.
    row(
        O::PowerUpdateOn,
        guard(vm(&[V::Stopped]), IDLE, false, false),
    )
    .runs(START)
    .ends(At(V::Active), OfEnd, Stays)
    .power_update(PowerState::Shutdown, Event::Start),
    // Ironic's `power-update` with POWER_OFF: seen as the guest powering off.
    row(
        O::PowerUpdateOff,
        guard(vm(&[V::Active]), IDLE, false, false),
    )
    .runs(STOP)
    .ends(At(V::Stopped), OfEnd, Stays)
    .power_update(PowerState::Running, Event::PowerOff),
];

const _: () = {
    let mut i = 0;
    while i < Operation::COUNT {
        assert!(
            TABLE[i].operation as usize == i,
            "the operation table is not in Operation::ALL order"
        );
        let tasks = TABLE[i].tasks;
        assert!(
            tasks.is_empty() || matches!(TABLE[i].task_after, TaskAfter::Cleared),
            "an operation that runs a task must clear it"
        );
        i += 1;
    }
};

/// The row of `operation`.
pub(super) const fn row_of(operation: Operation) -> &'static Row {
    &TABLE[operation.index()]
}

/// The task sequence of `operation` for a run that starts in `vm_state`.
pub(super) const fn tasks_from(operation: Operation, vm_state: VmState) -> Tasks {
    let row = row_of(operation);
    let mut i = 0;
    while i < row.tasks_from.len() {
        let (from, tasks) = row.tasks_from[i];
        if from as u8 == vm_state as u8 {
            return tasks;
        }
        i += 1;
    }
    row.tasks
}

/// Whether `task_state` shows while `tasks` runs: a member before the last (the last is
/// the end, no task).
const fn shows(tasks: Tasks, task_state: Option<TaskState>) -> bool {
    let mut i = 0;
    while i + 1 < tasks.len() {
        let same = match (tasks[i], task_state) {
            (Some(a), Some(b)) => a as u8 == b as u8,
            (None, None) => true,
            _ => false,
        };
        if same {
            return true;
        }
        i += 1;
    }
    false
}

/// The operation a server in `vm_state` with `task_state` runs, inferred from the rows:
/// the first operation (in [`Operation::ALL`] order) whose sequence for that vm_state in
/// [`Row::tasks_from`] shows the task_state; otherwise, for a task (not idle), the first
/// whose general sequence shows it. `None` when no sequence shows it.
const fn infer_running(vm_state: VmState, task_state: Option<TaskState>) -> Option<Operation> {
    let mut op = 0;
    while op < Operation::COUNT {
        let row = &TABLE[op];
        let mut i = 0;
        while i < row.tasks_from.len() {
            let (from, tasks) = row.tasks_from[i];
            if from as u8 == vm_state as u8 && shows(tasks, task_state) {
                return Some(row.operation);
            }
            i += 1;
        }
        op += 1;
    }
    if task_state.is_none() {
        return None;
    }
    let mut op = 0;
    while op < Operation::COUNT {
        if shows(TABLE[op].tasks, task_state) {
            return Some(TABLE[op].operation);
        }
        op += 1;
    }
    None
}

/// `RUNNING[vm_state][task]`: index 0 is idle, `i + 1` is `TaskState::ALL[i]`.
const RUNNING: &[[Option<Operation>; TaskState::COUNT + 1]; VmState::COUNT] = &{
    let mut table = [[None; TaskState::COUNT + 1]; VmState::COUNT];
    let mut vm = 0;
    while vm < VmState::COUNT {
        table[vm][0] = infer_running(VmState::ALL[vm], None);
        let mut task = 0;
        while task < TaskState::COUNT {
            table[vm][task + 1] = infer_running(VmState::ALL[vm], Some(TaskState::ALL[task]));
            task += 1;
        }
        vm += 1;
    }
    table
};

/// The operation a server in `vm_state` with `task_state` runs, from the rows' task
/// sequences (a compile-time table).
pub(super) const fn running(vm_state: VmState, task_state: Option<TaskState>) -> Option<Operation> {
    let column = match task_state {
        None => 0,
        Some(task) => task.index() + 1,
    };
    RUNNING[vm_state.index()][column]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_task_state() -> impl Iterator<Item = Option<TaskState>> {
        core::iter::once(None).chain(TaskState::ALL.into_iter().map(Some))
    }

    #[test]
    fn the_running_operation_runs_the_task_from_that_vm_state() {
        for vm_state in VmState::ALL {
            for task_state in every_task_state() {
                if let Some(operation) = running(vm_state, task_state) {
                    let tasks = operation.task_sequence_from(vm_state);
                    assert!(
                        shows(tasks, task_state) || shows(operation.task_sequence(), task_state),
                        "{vm_state} {task_state:?} -> {operation}"
                    );
                }
            }
        }
    }

    #[test]
    fn every_task_a_sequence_shows_names_an_operation() {
        for operation in Operation::ALL {
            for task_state in operation.task_sequence().iter().flatten() {
                for vm_state in VmState::ALL {
                    assert!(
                        running(vm_state, Some(*task_state)).is_some(),
                        "{task_state}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_inverse_lookups_the_model_documents() {
        use Operation as O;
        let cases = [
            (V::Active, Some(T::ImagePendingUpload), Some(O::Snapshot)),
            (V::Active, Some(T::ImageBackup), Some(O::Backup)),
            (V::Active, Some(T::ResizeMigrating), Some(O::Resize)),
            (V::Active, Some(T::PoweringOff), Some(O::Stop)),
            (V::Stopped, Some(T::PoweringOn), Some(O::Start)),
            (V::Shelved, Some(T::PoweringOn), Some(O::Unshelve)),
            (V::ShelvedOffloaded, Some(T::Spawning), Some(O::Unshelve)),
            (V::Building, Some(T::Spawning), Some(O::Create)),
            (V::Building, None, Some(O::Create)),
            (V::Active, None, None),
            (V::Resized, Some(T::ResizeConfirming), None),
        ];
        for (vm_state, task_state, operation) in cases {
            assert_eq!(
                running(vm_state, task_state),
                operation,
                "{vm_state} {task_state:?}"
            );
        }
    }
}
