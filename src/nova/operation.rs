//! [`Operation`]: every operation of Nova's API that `facts.json` lists, with the
//! status-layer [`Event`] it realises and the task_states it runs through.

use super::operations_table::{row_of, tasks_from};
use super::{TaskState, VmState};
use crate::Event;

/// Declares [`Operation`] from one list of rows: variant, name, docs. Called through
/// `with_events!`, it first keeps the event rows that are requests (`@requests`: the
/// rows whose kind or class is `Request` or `AdminReset`; the columns after it are not
/// read), so the request operations are the status layer's requests, named and ordered
/// as they are.
macro_rules! operations {
    (@requests [$($kept:tt)*] { $($nova:tt)* }
        $(#[doc = $doc:literal])* $variant:ident = $name:literal, Request $(, $column:ident)*;
        $($rest:tt)*) => {
        operations! { @requests [$($kept)* $(#[doc = $doc])* $variant = $name;] { $($nova)* } $($rest)* }
    };
    (@requests [$($kept:tt)*] { $($nova:tt)* }
        $(#[doc = $doc:literal])* $variant:ident = $name:literal, AdminReset $(, $column:ident)*;
        $($rest:tt)*) => {
        operations! { @requests [$($kept)* $(#[doc = $doc])* $variant = $name;] { $($nova)* } $($rest)* }
    };
    (@requests [$($kept:tt)*] { $($nova:tt)* }
        $(#[doc = $doc:literal])* $variant:ident = $name:literal $(, $column:ident)*;
        $($rest:tt)*) => {
        operations! { @requests [$($kept)*] { $($nova)* } $($rest)* }
    };
    (@requests [$($kept:tt)*] { $($nova:tt)* }) => {
        operations! { $($kept)* $($nova)* }
    };
    ($(
        $(#[doc = $doc:literal])*
        $variant:ident = $name:literal;
    )*) => {
        crate::vocabulary::name_enum! {
            /// An operation of Nova's compute API: every entry of `facts.json` `operations`
            /// (entries that name several methods, such as `attach/detach_volume` or
            /// `os-resetState` with `active`/`error`, are split into one operation each).
            ///
            /// Names are the status layer's request names where the operation realises a
            /// request ([`Operation::event`]), and Nova's method names for the rest. The
            /// status layer's requests come first (in [`Event::ALL`] order), then Nova's
            /// other operations:
            ///
            /// | name | what it is |
            /// |---|---|
            $(
            #[doc = concat!("| `", $name, "` | ", crate::vocabulary::first_line!($($doc),*), " |")]
            )*
            ///
            /// Not `#[non_exhaustive]`: the list mirrors one Nova commit; a new operation is a
            /// visible change of the model.
            ///
            /// # Examples
            ///
            /// ```
            /// use server_lifecycle::nova::{Operation, TaskState, VmState};
            /// use server_lifecycle::Event;
            ///
            /// let operation: Operation = "swap_volume".parse()?;
            /// assert_eq!(operation.event(), None);
            /// assert_eq!(Operation::for_event(Event::ChangePassword), Some(Operation::ChangePassword));
            /// assert_eq!(
            ///     Operation::Stop.check(VmState::Active, None, true),
            ///     Ok(Some(TaskState::PoweringOff))
            /// );
            /// assert_eq!(Operation::ALL[0], Operation::Create);
            /// assert_eq!(Operation::COUNT, 55);
            /// assert_eq!(Operation::NAMES[1], "reboot");
            /// assert_eq!(Operation::RebootHard.as_str(), "reboot_hard");
            /// assert_eq!(Operation::AttachVolume.as_str(), "attach_volume");
            /// assert_eq!(Operation::parse("Swap_Volume")?, Operation::SwapVolume);
            /// assert_eq!(Operation::parse_known("LOCK"), Some(Operation::Lock));
            /// assert_eq!(Operation::parse_known("set_admin_password"), None);
            /// # Ok::<(), server_lifecycle::ParseError>(())
            /// ```
            pub enum Operation {
                what: "operation",
                path: "server_lifecycle::nova",
                expecting: "a Nova operation name",
                rows: {
                    $(
                        $(#[doc = $doc])*
                        $variant = $name,
                    )*
                }
            }
        }
    };
}

// The requests come from the event rows; then Nova's other operations.
crate::vocabulary::with_events!(operations! { @requests [] {
    /// `createImage` of a volume-backed server (`snapshot_volume_backed`): no task_state.
    SnapshotVolumeBacked = "snapshot_volume_backed";
    /// Attach a volume (`os-volume_attachments`).
    AttachVolume = "attach_volume";
    /// Detach a volume.
    DetachVolume = "detach_volume";
    /// Swap a volume (`PUT os-volume_attachments/{vol}`).
    SwapVolume = "swap_volume";
    /// Attach a port (`os-interface`).
    AttachInterface = "attach_interface";
    /// Detach a port.
    DetachInterface = "detach_interface";
    /// Update server metadata (`update_instance_metadata`).
    UpdateMetadata = "update_metadata";
    /// Delete server metadata (`delete_instance_metadata`).
    DeleteMetadata = "delete_metadata";
    /// Add or replace server tags (2.26+; an inline vm_state check in the API).
    UpdateTags = "update_tags";
    /// Delete server tags (2.26+).
    DeleteTags = "delete_tags";
    /// Attach a share (2.97+; an inline vm_state check).
    CreateShare = "create_share";
    /// Detach a share (2.97+).
    DeleteShare = "delete_share";
    /// Cinder-assisted volume snapshot create (`os-assisted-volume-snapshots`).
    VolumeSnapshotCreate = "volume_snapshot_create";
    /// Cinder-assisted volume snapshot delete.
    VolumeSnapshotDelete = "volume_snapshot_delete";
    /// Get a remote console (VNC, SPICE, serial, MKS): `reject_instance_state`.
    GetConsole = "get_console";
    /// Lock the server: only the `locked` flag changes.
    Lock = "lock";
    /// Unlock the server.
    Unlock = "unlock";
    /// Legacy admin action `inject_network_info`.
    InjectNetworkInfo = "inject_network_info";
    /// Legacy `add_fixed_ip`.
    AddFixedIp = "add_fixed_ip";
    /// Legacy `remove_fixed_ip`.
    RemoveFixedIp = "remove_fixed_ip";
    /// Ironic's `power-update` external event with `POWER_ON` (a stopped server whose
    /// power state is SHUTDOWN is powered on). Any other state makes it a no-op.
    PowerUpdateOn = "power_update_on";
    /// Ironic's `power-update` external event with `POWER_OFF` (an active server whose
    /// power state is RUNNING is powered off). Any other state makes it a no-op.
    PowerUpdateOff = "power_update_off";
}});

impl Operation {
    /// The status-layer request this operation realises, or `None` for Nova's other
    /// operations (which never change the status).
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::Operation;
    /// use server_lifecycle::Event;
    ///
    /// assert_eq!(Operation::ResetStateError.event(), Some(Event::ResetStateError));
    /// assert_eq!(Operation::Lock.event(), None);
    /// ```
    #[must_use]
    pub const fn event(self) -> Option<Event> {
        // The request operations are declared first, from the event rows in their order,
        // and Event declares its requests first (a unit test checks).
        if self.index() < Event::COUNT && Event::ALL[self.index()].is_request() {
            Some(Event::ALL[self.index()])
        } else {
            None
        }
    }

    /// The operation that realises a status-layer request; `None` for outcomes.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::Operation;
    /// use server_lifecycle::Event;
    ///
    /// assert_eq!(Operation::for_event(Event::Snapshot), Some(Operation::Snapshot));
    /// assert_eq!(Operation::for_event(Event::Complete), None);
    /// ```
    #[must_use]
    pub const fn for_event(event: Event) -> Option<Operation> {
        if event.is_request() {
            Some(Operation::ALL[event.index()])
        } else {
            None
        }
    }

    /// The task_state nova-api writes when it accepts the operation (a compare-and-swap
    /// on `expected_task_state=[None]`, except evacuate and delete, which overwrite), or
    /// `None` for operations that set no task (confirm_resize, the volume and interface
    /// calls, reset_state, ...).
    ///
    /// `restore` of a server with no host sets no task (the API makes it active at
    /// once); `soft_delete` of a server that never launched falls back to `delete`
    /// (`deleting`). Both are modelled by [`NovaState`](super::NovaState) steps.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::{Operation, TaskState};
    ///
    /// assert_eq!(Operation::Snapshot.sets_task_state(), Some(TaskState::ImageSnapshotPending));
    /// assert_eq!(Operation::ConfirmResize.sets_task_state(), None);
    /// ```
    #[must_use]
    pub const fn sets_task_state(self) -> Option<TaskState> {
        match self.task_sequence().first() {
            Some(first) => *first,
            None => None,
        }
    }

    /// The facts' `task_state_sequence`: the successive task_states from the API call to
    /// the end of a successful run (`None` = no task, the last entry). Where the facts
    /// give only the task set (Ironic's power updates) it is that task, then `None`;
    /// empty for operations that set no task.
    ///
    /// `unshelve` depends on where it starts; this is the `shelved_offloaded` path (the
    /// general one) and [`Operation::task_sequence_from`] picks the other.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::{Operation, TaskState};
    ///
    /// assert_eq!(
    ///     Operation::Stop.task_sequence(),
    ///     [Some(TaskState::PoweringOff), None]
    /// );
    /// assert_eq!(Operation::ConfirmResize.task_sequence(), [None]);
    /// assert!(Operation::AttachVolume.task_sequence().is_empty());
    /// ```
    #[must_use]
    pub const fn task_sequence(self) -> &'static [Option<TaskState>] {
        row_of(self).tasks
    }

    /// [`Operation::task_sequence`] for a run that starts in `vm_state`: unshelving a
    /// `shelved` (not offloaded) server is a start (`unshelving`, `powering-on`); every
    /// other operation has one sequence.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::{Operation, TaskState, VmState};
    ///
    /// assert_eq!(
    ///     Operation::Unshelve.task_sequence_from(VmState::Shelved),
    ///     [Some(TaskState::Unshelving), Some(TaskState::PoweringOn), None]
    /// );
    /// ```
    #[must_use]
    pub const fn task_sequence_from(self, vm_state: VmState) -> &'static [Option<TaskState>] {
        tasks_from(self, vm_state)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_come_first_with_the_event_names() {
        for event in Event::ALL.into_iter().filter(|event| event.is_request()) {
            let operation = Operation::ALL[event.index()];
            assert_eq!(operation.as_str(), event.as_str());
            assert_eq!(operation.event(), Some(event));
        }
        let requests = Event::ALL.iter().filter(|e| e.is_request()).count();
        assert!(Event::ALL[..requests].iter().all(|e| e.is_request()));
    }

    /// What the hand-written parser docs asserted before `name_enum!` generated it.
    #[test]
    fn parses_names_in_any_case_with_a_full_error() {
        let error = Operation::parse("hibernate").unwrap_err();
        assert!(error
            .to_string()
            .starts_with(r#"unknown operation "hibernate"; expected one of: create, reboot,"#));
        assert_eq!(Operation::ALL[Operation::Stop.index()], Operation::Stop);
    }
}
