//! Nova's instance actions (what `openstack server event list` shows) and the events of
//! the model each one records: one table, [`INSTANCE_ACTIONS`].
//!
//! The names are Nova's constants in `nova/compute/instance_actions.py`; each row cites
//! where Nova records the action (`_record_action_start`, or
//! `InstanceAction.action_start`), at the commit the model follows
//! (`00a030403f672b975364c855b7d25b40ef83e757`). Actions that change nothing this model
//! tracks (locks, volumes, interfaces, shares) have no events.

use crate::{Event, EventSet};

/// One instance action of Nova: its name, the events of the model it records, and where
/// Nova records it.
///
/// # Examples
///
/// ```
/// use server_lifecycle::nova::INSTANCE_ACTIONS;
/// use server_lifecycle::Event;
///
/// let reboot = INSTANCE_ACTIONS.iter().find(|row| row.action == "reboot").unwrap();
/// assert!(reboot.events.contains(Event::RebootHard));
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct InstanceActionRow {
    /// The action's name as Nova records it.
    pub action: &'static str,
    /// The events of the model the action records (empty: nothing the model tracks).
    pub events: EventSet,
    /// Where Nova records it (file and function).
    pub source: &'static str,
}

const fn row(action: &'static str, events: &[Event], source: &'static str) -> InstanceActionRow {
    InstanceActionRow {
        action,
        events: EventSet::of(events),
        source,
    }
}

/// Every instance action Nova records (`nova/compute/instance_actions.py`), in that
/// file's order, with the events of the model it records.
///
/// `delete` is recorded for a delete, a soft delete and a force delete alike (all go
/// through `API._delete`), but not for a server deleted while it is still being built
/// (`_delete_while_booting` returns first). `start` and `stop` are also recorded for
/// Ironic's `power-update` external events (`API.external_instance_event`).
pub const INSTANCE_ACTIONS: &[InstanceActionRow] = &[
    row("create", &[Event::Create], "nova/conductor/manager.py: ComputeTaskManager.schedule_and_build_instances, _create_instance_action_for_cell0"),
    row(
        "delete",
        &[Event::Delete, Event::SoftDelete, Event::ForceDelete],
        "nova/compute/api.py: API._delete (delete, soft_delete, force_delete)",
    ),
    row("evacuate", &[Event::Evacuate], "nova/compute/api.py: API.evacuate"),
    row("restore", &[Event::Restore], "nova/compute/api.py: API.restore"),
    row("stop", &[Event::Stop], "nova/compute/api.py: API.force_stop (API.stop); API.external_instance_event (power-update)"),
    row("start", &[Event::Start], "nova/compute/api.py: API.start; API.external_instance_event (power-update)"),
    row(
        "reboot",
        &[Event::Reboot, Event::RebootHard],
        "nova/compute/api.py: API._soft_reboot, API._hard_reboot",
    ),
    row("rebuild", &[Event::Rebuild], "nova/compute/api.py: API.rebuild"),
    row("revertResize", &[Event::RevertResize], "nova/compute/api.py: API.revert_resize"),
    row(
        "confirmResize",
        &[Event::ConfirmResize],
        "nova/compute/api.py: API.confirm_resize, API._confirm_resize_on_deleting",
    ),
    row("resize", &[Event::Resize], "nova/compute/api.py: API.resize (a new flavor)"),
    row("migrate", &[Event::Migrate], "nova/compute/api.py: API.resize (no flavor)"),
    row("pause", &[Event::Pause], "nova/compute/api.py: API.pause"),
    row("unpause", &[Event::Unpause], "nova/compute/api.py: API.unpause"),
    row("suspend", &[Event::Suspend], "nova/compute/api.py: API.suspend"),
    row("resume", &[Event::Resume], "nova/compute/api.py: API.resume"),
    row("rescue", &[Event::Rescue], "nova/compute/api.py: API.rescue"),
    row("unrescue", &[Event::Unrescue], "nova/compute/api.py: API.unrescue"),
    row(
        "changePassword",
        &[Event::ChangePassword],
        "nova/compute/api.py: API.set_admin_password",
    ),
    row("shelve", &[Event::Shelve], "nova/compute/api.py: API.shelve"),
    row(
        "shelveOffload",
        &[Event::ShelveOffload],
        "nova/compute/api.py: API.shelve_offload",
    ),
    row("unshelve", &[Event::Unshelve], "nova/compute/api.py: API.unshelve"),
    row(
        "live-migration",
        &[Event::LiveMigrate],
        "nova/compute/api.py: API.live_migrate",
    ),
    row(
        "live_migration_cancel",
        &[Event::LiveMigrateAbort],
        "nova/compute/api.py: API.live_migrate_abort",
    ),
    row(
        "live_migration_force_complete",
        &[Event::LiveMigrateForceComplete],
        "nova/compute/api.py: API.live_migrate_force_complete",
    ),
    row(
        "trigger_crash_dump",
        &[Event::TriggerCrashDump],
        "nova/compute/api.py: API.trigger_crash_dump",
    ),
    row("extend_volume", &[], "nova/compute/api.py: API.external_instance_event"),
    row("attach_interface", &[], "nova/compute/api.py: API.attach_interface"),
    row("detach_interface", &[], "nova/compute/api.py: API.detach_interface"),
    row("attach_volume", &[], "nova/compute/api.py: API._attach_volume_shelved_offloaded; nova/conductor/manager.py: ComputeTaskManager.attach_volume"),
    row("detach_volume", &[], "nova/compute/api.py: API._detach_volume, API._detach_volume_shelved_offloaded"),
    row("attach_share", &[], "nova/compute/api.py: API.allow_share"),
    row("detach_share", &[], "nova/compute/api.py: API.deny_share"),
    row("swap_volume", &[], "nova/compute/api.py: API.swap_volume"),
    row("lock", &[], "nova/compute/api.py: API.lock"),
    row("unlock", &[], "nova/compute/api.py: API.unlock"),
    row("createBackup", &[Event::Backup], "nova/compute/api.py: API.backup"),
    row(
        "createImage",
        &[Event::Snapshot],
        "nova/compute/api.py: API.snapshot, API.snapshot_volume_backed",
    ),
    row(
        "resetState",
        &[Event::ResetStateActive, Event::ResetStateError],
        "nova/api/openstack/compute/admin_actions.py: AdminActionsController._reset_state",
    ),
    row(
        "refresh_volume_attachment",
        &[],
        "nova/cmd/manage.py: VolumeAttachmentCommands._do_refresh",
    ),
];

/// `a` and `b` are the same name, ignoring case and with `-` and `_` equal.
fn same_name(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes().zip(b.bytes()).all(|(x, y)| {
            let fold = |c: u8| {
                if c == b'-' {
                    b'_'
                } else {
                    c.to_ascii_lowercase()
                }
            };
            fold(x) == fold(y)
        })
}

/// The row of the instance action named `name` (Nova's spelling; case, `-` and `_` are
/// not significant), or `None` for a name Nova does not record.
///
/// # Examples
///
/// ```
/// use server_lifecycle::nova::instance_action;
/// use server_lifecycle::{Event, EventSet};
///
/// assert_eq!(instance_action("confirmResize").unwrap().events, EventSet::of(&[Event::ConfirmResize]));
/// assert_eq!(instance_action("live_migration").unwrap().action, "live-migration");
/// assert!(instance_action("lock").unwrap().events.is_empty());
/// assert_eq!(instance_action("hibernate"), None);
/// ```
#[must_use]
pub fn instance_action(name: &str) -> Option<&'static InstanceActionRow> {
    INSTANCE_ACTIONS
        .iter()
        .find(|row| same_name(row.action, name.trim()))
}

/// The instance action Nova records for `event`, if it records one.
///
/// # Examples
///
/// ```
/// use server_lifecycle::nova::recorded_action;
/// use server_lifecycle::Event;
///
/// assert_eq!(recorded_action(Event::RebootHard), Some("reboot"));
/// assert_eq!(recorded_action(Event::LiveMigrateAbort), Some("live_migration_cancel"));
/// assert_eq!(recorded_action(Event::Complete), None);
/// ```
#[must_use]
pub fn recorded_action(event: Event) -> Option<&'static str> {
    INSTANCE_ACTIONS
        .iter()
        .find(|row| row.events.contains(event))
        .map(|row| row.action)
}

/// Every event Nova records an instance action for.
///
/// # Examples
///
/// ```
/// use server_lifecycle::nova::events_with_actions;
/// use server_lifecycle::Event;
///
/// assert!(events_with_actions().contains(Event::Resize));
/// assert!(!events_with_actions().contains(Event::PowerOff));
/// ```
#[must_use]
pub fn events_with_actions() -> EventSet {
    let mut events = EventSet::EMPTY;
    for row in INSTANCE_ACTIONS {
        events = events.union(row.events);
    }
    events
}
