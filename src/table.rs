//! THE transition table of the status layer, declared once as data.
//!
//! Every other view (lookups, diagrams, docs, the CLI, tests) reads [`TRANSITIONS`].
//!
//! # How the rows are derived
//!
//! From the Nova facts (`tests/data/nova-facts.json`, read from Nova's source at commit
//! `00a030403f672b975364c855b7d25b40ef83e757`), projected to statuses through Nova's
//! `_STATE_MAP`:
//!
//! * A **request** is allowed from a status when Nova's `check_instance_state` guard
//!   accepts it for some (vm_state, task_state) pair the status stands for, taking a
//!   stable status to mean *no task in progress*. `DELETED` accepts nothing: Nova answers
//!   404 before any guard runs.
//! * A request's **results** are the statuses the server can show next. When the task
//!   has a status of its own (`REBOOT`, `RESIZED`, `REBUILD`, ...) that is the one result.
//!   When the task runs under the current status (stop, pause, shelve, delete, ...: Nova
//!   shows the vm_state's default status while such a task runs), the results are the
//!   statuses the task can settle in: on success and, where Nova's failure path changes
//!   the status (usually to `ERROR`), on failure. A failure that only clears the task
//!   leaves the status as it was and is not a row. A request that overwrites a task
//!   which has a status of its own (a delete while `REBOOT`, `REBUILD`, `MIGRATING`,
//!   ...) first shows the vm_state's own status while it runs: that status is a result
//!   too (found by the refinement tests, `tests/refinement.rs`).
//! * An **outcome** row ends a transitional status (`complete`, `fail`) or records a
//!   background event (periodic jobs, power-state sync, lost contact).
//!
//! Every row with more than one result carries a note saying why; so do the rows that
//! are a judgement rather than a direct reading of Nova.

use crate::{Event, Status, StatusSet};

/// One row of the transition table: from a status, an event leads to one of a set of
/// statuses.
///
/// # Examples
///
/// ```
/// use server_lifecycle::{table, Event, Status};
///
/// let row = table::transitions()
///     .find(|row| row.from() == Status::VerifyResize && row.event() == Event::ConfirmResize)
///     .unwrap();
/// assert_eq!(row.to().to_string(), "ACTIVE, ERROR, STOPPED");
/// assert!(row.note().contains("power state"));
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Transition {
    from: Status,
    event: Event,
    to: StatusSet,
    note: &'static str,
}

impl Transition {
    /// The status the event happens in.
    ///
    /// # Examples
    ///
    /// ```
    /// let first = server_lifecycle::table::TRANSITIONS[0];
    /// assert_eq!(first.from(), server_lifecycle::Status::Active);
    /// ```
    #[must_use]
    pub const fn from(&self) -> Status {
        self.from
    }

    /// The event.
    ///
    /// # Examples
    ///
    /// ```
    /// let first = server_lifecycle::table::TRANSITIONS[0];
    /// assert_eq!(first.event(), server_lifecycle::Event::Reboot);
    /// ```
    #[must_use]
    pub const fn event(&self) -> Event {
        self.event
    }

    /// The statuses the event can lead to; never empty.
    ///
    /// # Examples
    ///
    /// ```
    /// let first = server_lifecycle::table::TRANSITIONS[0];
    /// assert_eq!(first.to().single(), Some(server_lifecycle::Status::Reboot));
    /// ```
    #[must_use]
    pub const fn to(&self) -> StatusSet {
        self.to
    }

    /// Why the row is as it is, where it needs saying: always for a row with more than
    /// one result, and for rows that are a judgement. Empty otherwise.
    ///
    /// # Examples
    ///
    /// ```
    /// let first = server_lifecycle::table::TRANSITIONS[0];
    /// assert_eq!(first.note(), "");
    /// ```
    #[must_use]
    pub const fn note(&self) -> &'static str {
        self.note
    }
}

/// The status every server starts in.
///
/// # Examples
///
/// ```
/// assert_eq!(server_lifecycle::table::INITIAL, server_lifecycle::Status::Building);
/// ```
pub const INITIAL: Status = Status::Building;

/// The request that creates a server in [`INITIAL`]. It is the one request that applies
/// to no existing server, so it is not a row of [`TRANSITIONS`].
///
/// # Examples
///
/// ```
/// use server_lifecycle::{table, Event};
///
/// assert_eq!(table::CREATE, Event::Create);
/// assert!(table::transitions().all(|row| row.event() != Event::Create));
/// ```
pub const CREATE: Event = Event::Create;

/// Every row of the table, in declaration order (grouped by the status they leave).
///
/// # Examples
///
/// ```
/// use server_lifecycle::{table, Status};
///
/// let from_deleted = table::transitions().filter(|row| row.from() == Status::Deleted).count();
/// assert_eq!(from_deleted, 0);
/// ```
pub fn transitions() -> core::slice::Iter<'static, Transition> {
    TRANSITIONS.iter()
}

const fn row(from: Status, event: Event, to: &[Status], note: &'static str) -> Transition {
    row_to_set(from, event, StatusSet::of(to), note)
}

const fn row_to_set(from: Status, event: Event, to: StatusSet, note: &'static str) -> Transition {
    Transition {
        from,
        event,
        to,
        note,
    }
}

// Notes shared by several rows.
const DELETE_MAY_FAIL: &str = "Nova's delete runs under the current status (there is no DELETING status) and ends deleted; if terminating the guest fails, the server goes to ERROR";
const DELETE_PREEMPTS_TASK: &str = "refinement fix: delete overwrites the task in progress with deleting (no compare-and-swap), so the server first shows its vm_state's own status while it is deleted, then DELETED; a compute host that is down makes it a local delete (DELETED at once); terminating can fail to ERROR";
const SOFT_DELETE_PREEMPTS_TASK: &str = "refinement fix: soft delete overwrites the task in progress with soft-deleting, so the server first shows its vm_state's own status, then SOFT_DELETED (at once when the API soft-deletes locally)";
const SOFT_DELETE_FALLBACK: &str = "refinement fix: a server that never launched (reset to active, or then stopped by the power-state sync, before its build finished) cannot be soft-deleted; Nova's API falls back to a hard delete, which removes it at once when done locally (otherwise it runs, and may fail, as a delete)";
const LOCAL_DELETE: &str = "refinement fix: an offloaded server has no host, so Nova's API deletes it locally and at once; no terminate runs that could fail to ERROR";
const DELETE_FROM_ERROR: &str = "Nova's delete runs under the current status and ends deleted; a failed delete leaves the server in ERROR, where it already is";
const SOFT_DELETE_NOT_LAUNCHED: &str = "a server that never launched cannot be soft-deleted: Nova's API falls back to a hard delete, which can itself fail to ERROR";
const SOFT_DELETE_FROM_ERROR: &str = "soft delete needs launched_at: an ERROR server that launched is soft-deleted, one whose build failed is deleted for good by the API's fallback";
const SOFT_DELETE_UNKNOWN: &str = "judgement: Nova's guard accepts any vm_state, so a record with an unrecognised vm_state is soft-deleted, or deleted for good if it never launched; in a down cell Nova cannot act until contact returns";
const UNKNOWN_REQUEST: &str = "judgement: UNKNOWN from a bad vm_state still accepts what Nova's guards accept for any vm_state; in a down cell Nova cannot act until contact returns";
const UNKNOWN_DELETE: &str = "judgement: UNKNOWN from a bad vm_state accepts delete (any vm_state); terminating can fail to ERROR; in a down cell Nova cannot act until contact returns";
const HARD_REBOOT_FROM_STABLE: &str = "the hard reboot runs under the current status (Nova maps rebooting_hard to HARD_REBOOT only for vm_state active) and ends ACTIVE, or ERROR when the guest does not come back";
const SUSPEND_MAY_FAIL: &str =
    "suspend runs under ACTIVE and ends SUSPENDED; a failure other than a rollback sets ERROR";
const RESUME_MAY_FAIL: &str = "resume runs under SUSPENDED and ends at the stashed old vm_state (active); a failure other than a rollback sets ERROR";
const RESCUE_MAY_FAIL: &str =
    "rescue runs under the current status and ends RESCUED; a driver error sets ERROR";
const UNRESCUE_MAY_FAIL: &str = "unrescue always ends active, even for a server that was stopped or in error before the rescue; a driver error sets ERROR";
const SHELVE_ENDS: &str = "shelve runs under the current status; it ends SHELVED, or SHELVED_OFFLOADED at once when the cloud's shelved_offload_time is 0 or the server is volume-backed";
const UNSHELVE_MAY_FAIL: &str = "unshelve runs under the current status and ends ACTIVE; a missing shelved image sets ERROR (no valid host or a failed spawn leaves the status unchanged)";
const CONFIRM_ENDS: &str = "confirm sets no task (there is no CONFIRMING_RESIZE status) and ends STOPPED when the power state is SHUTDOWN, else ACTIVE; an error sets ERROR";
const AUTO_CONFIRM_ENDS: &str = "the periodic job calls confirm_resize: STOPPED when the power state is SHUTDOWN, else ACTIVE; an error sets ERROR";
const EVACUATE_ANY_TASK: &str = "evacuate accepts any task_state (no compare-and-swap), so it pre-empts the task in progress when the vm_state is active, stopped or error";
const STATUS_UNCHANGED: &str = "the task runs under the current status and leaves it unchanged";
const RESET_STATE: &str =
    "admin os-resetState has no precondition: it sets the vm_state and clears the task";
const CONTACT_LOST: &str = "Nova shows UNKNOWN for a server whose cell cannot be reached";
const CONTACT_RESTORED: &str = "when contact returns the server shows its real status, which may be any status: the model cannot know what happened meanwhile";
const MIGRATION_RETURNS: &str = "a live migration leaves the vm_state as it was (active or paused)";
const MIGRATION_FAILS: &str = "a failed live migration rolls back to the vm_state it had (active or paused), or sets ERROR on an unexpected error";
const REBUILD_ENDS: &str = "a rebuild ends where it started: STOPPED for a stopped server (briefly showing ACTIVE while it powers off; also evacuate with target_state stopped from microversion 2.95), ACTIVE for an active or errored one";
const REBUILD_FAILS: &str = "a rebuild rolled back (claim or policy failure) returns to its original vm_state (ACTIVE or STOPPED, or ERROR); any other failure sets ERROR";
const RESIZE_FAILS: &str = "a resize rolled back (no valid host, fault rollback) returns to its original vm_state, active or stopped; any other failure sets ERROR";
const REVERT_ENDS: &str = "a revert returns to the stashed old vm_state: STOPPED if the server was stopped before the resize, else ACTIVE";
const REBOOT_FAILS: &str = "a failed reboot leaves the server ACTIVE (with a fault) when the guest still runs, else sets ERROR";

use Event as E;
use Status as S;

/// The status layer's transition relation. See the [module docs](self) for how rows are
/// derived.
///
/// # Examples
///
/// ```
/// use server_lifecycle::{table, Event, Status};
///
/// // Exactly one row per (status, event) pair that the model allows.
/// let rows = table::TRANSITIONS.iter()
///     .filter(|row| row.from() == Status::SoftDeleted && row.event() == Event::Restore);
/// assert_eq!(rows.count(), 1);
/// ```
pub const TRANSITIONS: &[Transition] = &[
    // ACTIVE: every request Nova offers on a running server.
    row(S::Active, E::Reboot, &[S::Reboot], ""),
    row(S::Active, E::RebootHard, &[S::HardReboot], ""),
    row(S::Active, E::Rebuild, &[S::Rebuild], ""),
    row(S::Active, E::Evacuate, &[S::Rebuild], ""),
    row(S::Active, E::Resize, &[S::Resized], ""),
    row(S::Active, E::Migrate, &[S::Resized], ""),
    row(S::Active, E::LiveMigrate, &[S::Migrating], ""),
    row(S::Active, E::Rescue, &[S::Rescued, S::Error], RESCUE_MAY_FAIL),
    row(S::Active, E::Pause, &[S::Paused], "pause runs under ACTIVE; a failure only clears the task"),
    row(S::Active, E::Suspend, &[S::Suspended, S::Error], SUSPEND_MAY_FAIL),
    row(S::Active, E::Stop, &[S::Stopped], "stop runs under ACTIVE (task powering-off); a failure only clears the task"),
    row(S::Active, E::ChangePassword, &[S::Password], ""),
    row(S::Active, E::Shelve, &[S::Shelved, S::ShelvedOffloaded], SHELVE_ENDS),
    row(S::Active, E::Snapshot, &[S::Active], STATUS_UNCHANGED),
    row(S::Active, E::Backup, &[S::Active], STATUS_UNCHANGED),
    row(S::Active, E::TriggerCrashDump, &[S::Active], STATUS_UNCHANGED),
    row(S::Active, E::Delete, &[S::Deleted, S::Error], DELETE_MAY_FAIL),
    row(S::Active, E::SoftDelete, &[S::SoftDeleted, S::Deleted], SOFT_DELETE_FALLBACK),
    row(S::Active, E::ForceDelete, &[S::Deleted, S::Error], DELETE_MAY_FAIL),
    row(S::Active, E::ResetStateActive, &[S::Active], RESET_STATE),
    row(S::Active, E::ResetStateError, &[S::Error], RESET_STATE),
    row(S::Active, E::PowerOff, &[S::Stopped], "Nova's power-state sync stops an active server whose guest is SHUTDOWN, CRASHED or SUSPENDED"),
    row(S::Active, E::ContactLost, &[S::Unknown], CONTACT_LOST),
    // BUILDING: the initial status. Never launched, so only the any-state requests apply.
    row(S::Building, E::Delete, &[S::Deleted, S::Error], DELETE_MAY_FAIL),
    row(S::Building, E::SoftDelete, &[S::Deleted, S::Error], SOFT_DELETE_NOT_LAUNCHED),
    row(S::Building, E::ForceDelete, &[S::Deleted, S::Error], DELETE_MAY_FAIL),
    row(S::Building, E::ResetStateActive, &[S::Active], RESET_STATE),
    row(S::Building, E::ResetStateError, &[S::Error], RESET_STATE),
    row(S::Building, E::Complete, &[S::Active], ""),
    row(S::Building, E::Fail, &[S::Error], "a failed build, no valid host, the build timeout and a compute restart mid-build all set ERROR"),
    row(S::Building, E::ContactLost, &[S::Unknown], CONTACT_LOST),
    // DELETED: terminal, no rows.
    // ERROR: recoverable by rebuild, evacuate, hard reboot, stop, rescue, reset, delete.
    row(S::Error, E::RebootHard, &[S::Active], "the hard reboot runs under ERROR and ends ACTIVE; if it fails the server stays in ERROR"),
    row(S::Error, E::Rebuild, &[S::Rebuild], ""),
    row(S::Error, E::Evacuate, &[S::Rebuild], ""),
    row(S::Error, E::Rescue, &[S::Rescued], "rescue runs under ERROR and ends RESCUED; a driver error leaves ERROR"),
    row(S::Error, E::Stop, &[S::Stopped], "Nova's stop guard allows vm_state error"),
    row(S::Error, E::TriggerCrashDump, &[S::Error], STATUS_UNCHANGED),
    row(S::Error, E::Delete, &[S::Deleted], DELETE_FROM_ERROR),
    row(S::Error, E::SoftDelete, &[S::SoftDeleted, S::Deleted], SOFT_DELETE_FROM_ERROR),
    row(S::Error, E::ForceDelete, &[S::Deleted], DELETE_FROM_ERROR),
    row(S::Error, E::ResetStateActive, &[S::Active], RESET_STATE),
    row(S::Error, E::ResetStateError, &[S::Error], RESET_STATE),
    row(S::Error, E::ContactLost, &[S::Unknown], CONTACT_LOST),
    // HARD_REBOOT: vm_state active with a *_hard reboot task.
    row(S::HardReboot, E::RebootHard, &[S::HardReboot], "judgement: Nova accepts a new hard reboot while the task is rebooting_hard, but not once it is reboot_pending_hard or reboot_started_hard"),
    row(S::HardReboot, E::Evacuate, &[S::Rebuild], EVACUATE_ANY_TASK),
    row(S::HardReboot, E::Delete, &[S::Active, S::Deleted, S::Error], DELETE_PREEMPTS_TASK),
    row(S::HardReboot, E::SoftDelete, &[S::Active, S::SoftDeleted], SOFT_DELETE_PREEMPTS_TASK),
    row(S::HardReboot, E::ForceDelete, &[S::Active, S::Deleted, S::Error], DELETE_PREEMPTS_TASK),
    row(S::HardReboot, E::ResetStateActive, &[S::Active], RESET_STATE),
    row(S::HardReboot, E::ResetStateError, &[S::Error], RESET_STATE),
    row(S::HardReboot, E::Complete, &[S::Active], ""),
    row(S::HardReboot, E::Fail, &[S::Active, S::Error], REBOOT_FAILS),
    row(S::HardReboot, E::ContactLost, &[S::Unknown], CONTACT_LOST),
    // PASSWORD: vm_state active, task updating_password.
    row(S::Password, E::Evacuate, &[S::Rebuild], EVACUATE_ANY_TASK),
    row(S::Password, E::Delete, &[S::Active, S::Deleted, S::Error], DELETE_PREEMPTS_TASK),
    row(S::Password, E::SoftDelete, &[S::Active, S::SoftDeleted], SOFT_DELETE_PREEMPTS_TASK),
    row(S::Password, E::ForceDelete, &[S::Active, S::Deleted, S::Error], DELETE_PREEMPTS_TASK),
    row(S::Password, E::ResetStateActive, &[S::Active], RESET_STATE),
    row(S::Password, E::ResetStateError, &[S::Error], RESET_STATE),
    row(S::Password, E::Complete, &[S::Active], ""),
    row(S::Password, E::Fail, &[S::Active], "a failed password change clears the task and returns an error; Nova does not set vm_state error"),
    row(S::Password, E::ContactLost, &[S::Unknown], CONTACT_LOST),
    // PAUSED
    row(S::Paused, E::RebootHard, &[S::Active, S::Error], HARD_REBOOT_FROM_STABLE),
    row(S::Paused, E::LiveMigrate, &[S::Migrating], ""),
    row(S::Paused, E::Unpause, &[S::Active], "unpause runs under PAUSED; a failure only clears the task"),
    row(S::Paused, E::Shelve, &[S::Shelved, S::ShelvedOffloaded], SHELVE_ENDS),
    row(S::Paused, E::Snapshot, &[S::Paused], STATUS_UNCHANGED),
    row(S::Paused, E::Backup, &[S::Paused], STATUS_UNCHANGED),
    row(S::Paused, E::TriggerCrashDump, &[S::Paused], STATUS_UNCHANGED),
    row(S::Paused, E::Delete, &[S::Deleted, S::Error], DELETE_MAY_FAIL),
    row(S::Paused, E::SoftDelete, &[S::SoftDeleted], ""),
    row(S::Paused, E::ForceDelete, &[S::Deleted, S::Error], DELETE_MAY_FAIL),
    row(S::Paused, E::ResetStateActive, &[S::Active], RESET_STATE),
    row(S::Paused, E::ResetStateError, &[S::Error], RESET_STATE),
    row(S::Paused, E::PowerOff, &[S::Stopped], "Nova's power-state sync force-stops a paused server whose guest is SHUTDOWN or CRASHED, a path the stop API itself refuses"),
    row(S::Paused, E::ContactLost, &[S::Unknown], CONTACT_LOST),
    // REBOOT: vm_state active with a soft reboot task.
    row(S::Reboot, E::RebootHard, &[S::HardReboot], "a hard reboot may pre-empt a soft reboot in progress (task_states.ALLOW_REBOOT)"),
    row(S::Reboot, E::Evacuate, &[S::Rebuild], EVACUATE_ANY_TASK),
    row(S::Reboot, E::Delete, &[S::Active, S::Deleted, S::Error], DELETE_PREEMPTS_TASK),
    row(S::Reboot, E::SoftDelete, &[S::Active, S::SoftDeleted], SOFT_DELETE_PREEMPTS_TASK),
    row(S::Reboot, E::ForceDelete, &[S::Active, S::Deleted, S::Error], DELETE_PREEMPTS_TASK),
    row(S::Reboot, E::ResetStateActive, &[S::Active], RESET_STATE),
    row(S::Reboot, E::ResetStateError, &[S::Error], RESET_STATE),
    row(S::Reboot, E::Complete, &[S::Active], ""),
    row(S::Reboot, E::Fail, &[S::Active, S::Error], REBOOT_FAILS),
    row(S::Reboot, E::ContactLost, &[S::Unknown], CONTACT_LOST),
    // REBUILD: vm_state active, stopped or error with a rebuild task.
    row(S::Rebuild, E::Evacuate, &[S::Rebuild], EVACUATE_ANY_TASK),
    row(S::Rebuild, E::Delete, &[S::Active, S::Stopped, S::Deleted, S::Error], DELETE_PREEMPTS_TASK),
    row(S::Rebuild, E::SoftDelete, &[S::Active, S::Stopped, S::Error, S::SoftDeleted], SOFT_DELETE_PREEMPTS_TASK),
    row(S::Rebuild, E::ForceDelete, &[S::Active, S::Stopped, S::Deleted, S::Error], DELETE_PREEMPTS_TASK),
    row(S::Rebuild, E::ResetStateActive, &[S::Active], RESET_STATE),
    row(S::Rebuild, E::ResetStateError, &[S::Error], RESET_STATE),
    row(S::Rebuild, E::Complete, &[S::Active, S::Stopped], REBUILD_ENDS),
    row(S::Rebuild, E::Fail, &[S::Active, S::Error, S::Stopped], REBUILD_FAILS),
    row(S::Rebuild, E::ContactLost, &[S::Unknown], CONTACT_LOST),
    // RESCUED
    row(S::Rescued, E::Unrescue, &[S::Active, S::Error], UNRESCUE_MAY_FAIL),
    row(S::Rescued, E::TriggerCrashDump, &[S::Rescued], STATUS_UNCHANGED),
    row(S::Rescued, E::Delete, &[S::Deleted, S::Error], DELETE_MAY_FAIL),
    row(S::Rescued, E::SoftDelete, &[S::SoftDeleted], ""),
    row(S::Rescued, E::ForceDelete, &[S::Deleted, S::Error], DELETE_MAY_FAIL),
    row(S::Rescued, E::ResetStateActive, &[S::Active], RESET_STATE),
    row(S::Rescued, E::ResetStateError, &[S::Error], RESET_STATE),
    row(S::Rescued, E::ContactLost, &[S::Unknown], CONTACT_LOST),
    // RESIZED: a resize or cold migration in progress (vm_state active or stopped with a
    // resize_* task; Nova's RESIZE).
    row(S::Resized, E::Evacuate, &[S::Rebuild], EVACUATE_ANY_TASK),
    row(S::Resized, E::Delete, &[S::Active, S::Stopped, S::Deleted, S::Error], DELETE_PREEMPTS_TASK),
    row(S::Resized, E::SoftDelete, &[S::Active, S::Stopped, S::SoftDeleted], SOFT_DELETE_PREEMPTS_TASK),
    row(S::Resized, E::ForceDelete, &[S::Active, S::Stopped, S::Deleted, S::Error], DELETE_PREEMPTS_TASK),
    row(S::Resized, E::ResetStateActive, &[S::Active], RESET_STATE),
    row(S::Resized, E::ResetStateError, &[S::Error], RESET_STATE),
    row(S::Resized, E::Complete, &[S::VerifyResize], ""),
    row(S::Resized, E::Fail, &[S::Active, S::Error, S::Stopped], RESIZE_FAILS),
    row(S::Resized, E::ContactLost, &[S::Unknown], CONTACT_LOST),
    // REVERT_RESIZE: vm_state resized, task resize_reverting.
    row(S::RevertResize, E::Delete, &[S::VerifyResize, S::Deleted, S::Error], DELETE_PREEMPTS_TASK),
    row(S::RevertResize, E::SoftDelete, &[S::VerifyResize, S::SoftDeleted], SOFT_DELETE_PREEMPTS_TASK),
    row(S::RevertResize, E::ForceDelete, &[S::VerifyResize, S::Deleted, S::Error], DELETE_PREEMPTS_TASK),
    row(S::RevertResize, E::ResetStateActive, &[S::Active], RESET_STATE),
    row(S::RevertResize, E::ResetStateError, &[S::Error], RESET_STATE),
    row(S::RevertResize, E::Complete, &[S::Active, S::Stopped], REVERT_ENDS),
    row(S::RevertResize, E::Fail, &[S::Error], ""),
    row(S::RevertResize, E::ContactLost, &[S::Unknown], CONTACT_LOST),
    // SOFT_DELETED
    row(S::SoftDeleted, E::Restore, &[S::Active], ""),
    row(S::SoftDeleted, E::Delete, &[S::Deleted, S::Error], DELETE_MAY_FAIL),
    row(S::SoftDeleted, E::SoftDelete, &[S::SoftDeleted], "judgement: Nova's soft delete guard accepts any vm_state, so a second soft delete runs and ends soft-deleted again; only force_delete (or delete) removes it before the reclaim"),
    row(S::SoftDeleted, E::ForceDelete, &[S::Deleted, S::Error], DELETE_MAY_FAIL),
    row(S::SoftDeleted, E::ResetStateActive, &[S::Active], RESET_STATE),
    row(S::SoftDeleted, E::ResetStateError, &[S::Error], RESET_STATE),
    row(S::SoftDeleted, E::Reclaim, &[S::Deleted], ""),
    row(S::SoftDeleted, E::ContactLost, &[S::Unknown], CONTACT_LOST),
    // STOPPED (Nova's SHUTOFF)
    row(S::Stopped, E::RebootHard, &[S::Active, S::Error], HARD_REBOOT_FROM_STABLE),
    row(S::Stopped, E::Rebuild, &[S::Rebuild], ""),
    row(S::Stopped, E::Evacuate, &[S::Rebuild], ""),
    row(S::Stopped, E::Resize, &[S::Resized], ""),
    row(S::Stopped, E::Migrate, &[S::Resized], ""),
    row(S::Stopped, E::Rescue, &[S::Rescued, S::Error], RESCUE_MAY_FAIL),
    row(S::Stopped, E::Start, &[S::Active], "start runs under STOPPED (task powering-on); a failure only clears the task"),
    row(S::Stopped, E::Shelve, &[S::Shelved, S::ShelvedOffloaded], SHELVE_ENDS),
    row(S::Stopped, E::Snapshot, &[S::Stopped], STATUS_UNCHANGED),
    row(S::Stopped, E::Backup, &[S::Stopped], STATUS_UNCHANGED),
    row(S::Stopped, E::Delete, &[S::Deleted, S::Error], DELETE_MAY_FAIL),
    row(S::Stopped, E::SoftDelete, &[S::SoftDeleted, S::Deleted], SOFT_DELETE_FALLBACK),
    row(S::Stopped, E::ForceDelete, &[S::Deleted, S::Error], DELETE_MAY_FAIL),
    row(S::Stopped, E::ResetStateActive, &[S::Active], RESET_STATE),
    row(S::Stopped, E::ResetStateError, &[S::Error], RESET_STATE),
    row(S::Stopped, E::ContactLost, &[S::Unknown], CONTACT_LOST),
    // SUSPENDED
    row(S::Suspended, E::RebootHard, &[S::Active, S::Error], HARD_REBOOT_FROM_STABLE),
    row(S::Suspended, E::Resume, &[S::Active, S::Error], RESUME_MAY_FAIL),
    row(S::Suspended, E::Shelve, &[S::Shelved, S::ShelvedOffloaded], SHELVE_ENDS),
    row(S::Suspended, E::Snapshot, &[S::Suspended], STATUS_UNCHANGED),
    row(S::Suspended, E::Backup, &[S::Suspended], STATUS_UNCHANGED),
    row(S::Suspended, E::Delete, &[S::Deleted, S::Error], DELETE_MAY_FAIL),
    row(S::Suspended, E::SoftDelete, &[S::SoftDeleted], ""),
    row(S::Suspended, E::ForceDelete, &[S::Deleted, S::Error], DELETE_MAY_FAIL),
    row(S::Suspended, E::ResetStateActive, &[S::Active], RESET_STATE),
    row(S::Suspended, E::ResetStateError, &[S::Error], RESET_STATE),
    row(S::Suspended, E::ContactLost, &[S::Unknown], CONTACT_LOST),
    // UNKNOWN: a down cell or a record with a vm_state Nova does not know.
    row(S::Unknown, E::Delete, &[S::Deleted, S::Error], UNKNOWN_DELETE),
    row(S::Unknown, E::SoftDelete, &[S::SoftDeleted, S::Deleted], SOFT_DELETE_UNKNOWN),
    row(S::Unknown, E::ForceDelete, &[S::Deleted, S::Error], UNKNOWN_DELETE),
    row(S::Unknown, E::ResetStateActive, &[S::Active], UNKNOWN_REQUEST),
    row(S::Unknown, E::ResetStateError, &[S::Error], UNKNOWN_REQUEST),
    // Contact restored: the server shows its real status again, which may be any.
    row_to_set(S::Unknown, E::ContactRestored, StatusSet::FULL.without(S::Unknown), CONTACT_RESTORED),
    // VERIFY_RESIZE: vm_state resized, waiting for confirm or revert.
    row(S::VerifyResize, E::ConfirmResize, &[S::Active, S::Stopped, S::Error], CONFIRM_ENDS),
    row(S::VerifyResize, E::RevertResize, &[S::RevertResize], ""),
    row(S::VerifyResize, E::TriggerCrashDump, &[S::VerifyResize], STATUS_UNCHANGED),
    row(S::VerifyResize, E::Delete, &[S::Deleted, S::Error], "Nova confirms the resize before deleting a resized server; terminating can fail to ERROR"),
    row(S::VerifyResize, E::SoftDelete, &[S::SoftDeleted], ""),
    row(S::VerifyResize, E::ForceDelete, &[S::Deleted, S::Error], DELETE_MAY_FAIL),
    row(S::VerifyResize, E::ResetStateActive, &[S::Active], RESET_STATE),
    row(S::VerifyResize, E::ResetStateError, &[S::Error], RESET_STATE),
    row(S::VerifyResize, E::AutoConfirm, &[S::Active, S::Stopped, S::Error], AUTO_CONFIRM_ENDS),
    row(S::VerifyResize, E::ContactLost, &[S::Unknown], CONTACT_LOST),
    // MIGRATING: vm_state active or paused with task migrating.
    row(S::Migrating, E::LiveMigrateAbort, &[S::Active, S::Paused], "an aborted live migration rolls back and clears the task, leaving the vm_state it had (active or paused)"),
    row(S::Migrating, E::LiveMigrateForceComplete, &[S::Migrating], "judgement: only for vm_state active; the migration goes on (now converging) until it completes or fails"),
    row(S::Migrating, E::Evacuate, &[S::Rebuild], "judgement: evacuate accepts any task_state, so it applies when the vm_state is active (not paused)"),
    row(S::Migrating, E::Delete, &[S::Active, S::Paused, S::Deleted, S::Error], DELETE_PREEMPTS_TASK),
    row(S::Migrating, E::SoftDelete, &[S::Active, S::Paused, S::SoftDeleted], SOFT_DELETE_PREEMPTS_TASK),
    row(S::Migrating, E::ForceDelete, &[S::Active, S::Paused, S::Deleted, S::Error], DELETE_PREEMPTS_TASK),
    row(S::Migrating, E::ResetStateActive, &[S::Active], RESET_STATE),
    row(S::Migrating, E::ResetStateError, &[S::Error], RESET_STATE),
    row(S::Migrating, E::Complete, &[S::Active, S::Paused], MIGRATION_RETURNS),
    row(S::Migrating, E::Fail, &[S::Active, S::Paused, S::Error], MIGRATION_FAILS),
    row(S::Migrating, E::ContactLost, &[S::Unknown], CONTACT_LOST),
    // SHELVED
    row(S::Shelved, E::ShelveOffload, &[S::ShelvedOffloaded], "offload runs under SHELVED; a failure only clears the task"),
    row(S::Shelved, E::Unshelve, &[S::Active, S::Error], UNSHELVE_MAY_FAIL),
    row(S::Shelved, E::Delete, &[S::Deleted, S::Error], DELETE_MAY_FAIL),
    row(S::Shelved, E::SoftDelete, &[S::SoftDeleted], ""),
    row(S::Shelved, E::ForceDelete, &[S::Deleted, S::Error], DELETE_MAY_FAIL),
    row(S::Shelved, E::ResetStateActive, &[S::Active], RESET_STATE),
    row(S::Shelved, E::ResetStateError, &[S::Error], RESET_STATE),
    row(S::Shelved, E::AutoOffload, &[S::ShelvedOffloaded], "the periodic job offloads a server shelved longer than the cloud's shelved_offload_time (when it is above 0)"),
    row(S::Shelved, E::ContactLost, &[S::Unknown], CONTACT_LOST),
    // SHELVED_OFFLOADED
    row(S::ShelvedOffloaded, E::Unshelve, &[S::Active, S::Error], UNSHELVE_MAY_FAIL),
    row(S::ShelvedOffloaded, E::Delete, &[S::Deleted], LOCAL_DELETE),
    row(S::ShelvedOffloaded, E::SoftDelete, &[S::SoftDeleted], ""),
    row(S::ShelvedOffloaded, E::ForceDelete, &[S::Deleted], LOCAL_DELETE),
    row(S::ShelvedOffloaded, E::ResetStateActive, &[S::Active], RESET_STATE),
    row(S::ShelvedOffloaded, E::ResetStateError, &[S::Error], RESET_STATE),
    row(S::ShelvedOffloaded, E::ContactLost, &[S::Unknown], CONTACT_LOST),
];
