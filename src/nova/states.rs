//! Nova's three state dimensions: [`VmState`], [`TaskState`], [`PowerState`], with Nova's
//! exact wire spellings (`nova/compute/vm_states.py`, `task_states.py`, `power_state.py`).

#[cfg(feature = "serde")]
use core::fmt;

use crate::vocabulary::name_enum;

/// Power states deserialise from the name (`"shutdown"`) or from Nova's integer code
/// (`4`, as `OS-EXT-STS:power_state` carries it); they serialise as the name.
#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for PowerState {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PowerVisitor;

        impl serde::de::Visitor<'_> for PowerVisitor {
            type Value = PowerState;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a Nova power_state name or integer code (0, 1, 3, 4, 6, 7)")
            }

            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<PowerState, E> {
                PowerState::parse(value).map_err(E::custom)
            }

            fn visit_u64<E: serde::de::Error>(self, code: u64) -> Result<PowerState, E> {
                i64::try_from(code)
                    .ok()
                    .and_then(PowerState::from_code)
                    .ok_or_else(|| unknown_code(code))
            }

            fn visit_i64<E: serde::de::Error>(self, code: i64) -> Result<PowerState, E> {
                PowerState::from_code(code).ok_or_else(|| unknown_code(code))
            }
        }

        /// The error for an integer that is no power state code; names the code as given.
        fn unknown_code<E: serde::de::Error>(code: impl fmt::Display) -> E {
            E::custom(format_args!(
                "unknown power_state code {code}; expected one of: 0, 1, 3, 4, 6, 7"
            ))
        }

        deserializer.deserialize_any(PowerVisitor)
    }
}

name_enum! {
        /// Nova's `vm_state`: the stable state the user expects when no task runs
        /// (`nova/compute/vm_states.py`). Twelve values.
        ///
        /// # Examples
        ///
        /// ```
        /// use server_lifecycle::nova::VmState;
        ///
        /// assert_eq!(VmState::parse("soft-delete")?, VmState::SoftDeleted);
        /// assert_eq!(VmState::SoftDeleted.to_string(), "soft-delete");
        /// # Ok::<(), server_lifecycle::ParseError>(())
        /// ```
    pub enum VmState {
        what: "vm_state",
        path: "server_lifecycle::nova",
        expecting: "a Nova vm_state",
        rows: {
                /// Running.
                Active = "active",
                /// Being built; never launched yet.
                Building = "building",
                /// Frozen in RAM.
                Paused = "paused",
                /// Memory written to disk, guest stopped.
                Suspended = "suspended",
                /// Powered off.
                Stopped = "stopped",
                /// Booted from a rescue image.
                Rescued = "rescued",
                /// Resized or cold-migrated, waiting for confirm or revert.
                Resized = "resized",
                /// Soft-deleted, restorable until reclaimed (note the hyphen).
                SoftDeleted = "soft-delete",
                /// Deleted.
                Deleted = "deleted",
                /// In error.
                Error = "error",
                /// Shelved, still on its host.
                Shelved = "shelved",
                /// Shelved and removed from its host.
                ShelvedOffloaded = "shelved_offloaded",
        }
    }
}

name_enum! {
        /// Nova's `task_state`: the operation in progress (`nova/compute/task_states.py`).
        /// Forty-two values; "no task" is `None` in an `Option<TaskState>` (JSON `null`).
        ///
        /// # Examples
        ///
        /// ```
        /// use server_lifecycle::nova::TaskState;
        ///
        /// assert_eq!(TaskState::parse("powering-off")?, TaskState::PoweringOff);
        /// assert_eq!(TaskState::COUNT, 42);
        /// # Ok::<(), server_lifecycle::ParseError>(())
        /// ```
    pub enum TaskState {
        what: "task_state",
        path: "server_lifecycle::nova",
        expecting: "a Nova task_state",
        rows: {
                /// Build: waiting for the scheduler.
                Scheduling = "scheduling",
                /// Build: attaching block devices.
                BlockDeviceMapping = "block_device_mapping",
                /// Build: allocating networks.
                Networking = "networking",
                /// Build: the hypervisor spawns the guest.
                Spawning = "spawning",
                /// Snapshot: taking the image.
                ImageSnapshot = "image_snapshot",
                /// Snapshot: requested, not started.
                ImageSnapshotPending = "image_snapshot_pending",
                /// Snapshot or backup: waiting to upload.
                ImagePendingUpload = "image_pending_upload",
                /// Snapshot or backup: uploading.
                ImageUploading = "image_uploading",
                /// Backup: requested.
                ImageBackup = "image_backup",
                /// Changing the admin password.
                UpdatingPassword = "updating_password",
                /// Resize: preparing.
                ResizePrep = "resize_prep",
                /// Resize: migrating the disk from the source host.
                ResizeMigrating = "resize_migrating",
                /// Resize: disk migrated.
                ResizeMigrated = "resize_migrated",
                /// Resize: finishing on the destination host.
                ResizeFinish = "resize_finish",
                /// Resize: reverting.
                ResizeReverting = "resize_reverting",
                /// Resize: confirming. Defined by Nova but never set outside its tests.
                ResizeConfirming = "resize_confirming",
                /// Soft reboot: requested.
                Rebooting = "rebooting",
                /// Soft reboot: pending on the compute host.
                RebootPending = "reboot_pending",
                /// Soft reboot: started in the driver.
                RebootStarted = "reboot_started",
                /// Hard reboot: requested.
                RebootingHard = "rebooting_hard",
                /// Hard reboot: pending on the compute host.
                RebootPendingHard = "reboot_pending_hard",
                /// Hard reboot: started in the driver.
                RebootStartedHard = "reboot_started_hard",
                /// Pausing.
                Pausing = "pausing",
                /// Unpausing.
                Unpausing = "unpausing",
                /// Suspending.
                Suspending = "suspending",
                /// Resuming.
                Resuming = "resuming",
                /// Powering off (note the hyphen).
                PoweringOff = "powering-off",
                /// Powering on (note the hyphen).
                PoweringOn = "powering-on",
                /// Rescuing.
                Rescuing = "rescuing",
                /// Unrescuing.
                Unrescuing = "unrescuing",
                /// Rebuild: requested.
                Rebuilding = "rebuilding",
                /// Rebuild: attaching block devices.
                RebuildBlockDeviceMapping = "rebuild_block_device_mapping",
                /// Rebuild: spawning the guest.
                RebuildSpawning = "rebuild_spawning",
                /// Live migration in progress.
                Migrating = "migrating",
                /// Deleting.
                Deleting = "deleting",
                /// Soft-deleting (note the hyphen).
                SoftDeleting = "soft-deleting",
                /// Restoring a soft-deleted server.
                Restoring = "restoring",
                /// Shelve: started.
                Shelving = "shelving",
                /// Shelve: waiting to upload the image.
                ShelvingImagePendingUpload = "shelving_image_pending_upload",
                /// Shelve: uploading the image.
                ShelvingImageUploading = "shelving_image_uploading",
                /// Shelve: offloading from the host.
                ShelvingOffloading = "shelving_offloading",
                /// Unshelving.
                Unshelving = "unshelving",
        }
    }
}

name_enum! {
        /// Nova's `power_state`: what the hypervisor reports (`nova/compute/power_state.py`).
        /// Stored and shown (`OS-EXT-STS:power_state`) as an integer: see
        /// [`PowerState::code`]. Parsing takes the name; [`PowerState::from_code`] the integer.
        ///
        /// # Examples
        ///
        /// ```
        /// use server_lifecycle::nova::PowerState;
        ///
        /// assert_eq!(PowerState::from_code(4), Some(PowerState::Shutdown));
        /// assert_eq!(PowerState::Shutdown.code(), 4);
        /// assert_eq!(PowerState::Shutdown.as_str(), "shutdown");
        /// ```
    pub enum PowerState {
        what: "power_state",
        path: "server_lifecycle::nova",
        expecting: "a Nova power_state",
        custom_deserialize: true,
        rows: {
                /// No state known (Nova's `NOSTATE`), code 0.
                NoState = "pending",
                /// Running, code 1.
                Running = "running",
                /// Paused, code 3.
                Paused = "paused",
                /// Shut down, code 4.
                Shutdown = "shutdown",
                /// Crashed, code 6.
                Crashed = "crashed",
                /// Suspended, code 7.
                Suspended = "suspended",
        }
    }
}

impl PowerState {
    /// Nova's integer code: the index into its state tuple, where 2 and 5 are unused.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::PowerState;
    ///
    /// let codes: Vec<u8> = PowerState::ALL.iter().map(|p| p.code()).collect();
    /// assert_eq!(codes, [0, 1, 3, 4, 6, 7]);
    /// ```
    #[must_use]
    pub const fn code(self) -> u8 {
        match self {
            PowerState::NoState => 0,
            PowerState::Running => 1,
            PowerState::Paused => 3,
            PowerState::Shutdown => 4,
            PowerState::Crashed => 6,
            PowerState::Suspended => 7,
        }
    }

    /// Nova's constant name (`NOSTATE`, `RUNNING`, ...).
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(server_lifecycle::nova::PowerState::NoState.const_name(), "NOSTATE");
    /// ```
    #[must_use]
    pub const fn const_name(self) -> &'static str {
        match self {
            PowerState::NoState => "NOSTATE",
            PowerState::Running => "RUNNING",
            PowerState::Paused => "PAUSED",
            PowerState::Shutdown => "SHUTDOWN",
            PowerState::Crashed => "CRASHED",
            PowerState::Suspended => "SUSPENDED",
        }
    }

    /// The power state with Nova's integer `code`, or `None` (2 and 5 are unused slots).
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::PowerState;
    ///
    /// assert_eq!(PowerState::from_code(1), Some(PowerState::Running));
    /// assert_eq!(PowerState::from_code(2), None);
    /// ```
    #[must_use]
    pub const fn from_code(code: i64) -> Option<PowerState> {
        let mut i = 0;
        while i < PowerState::COUNT {
            if PowerState::ALL[i].code() as i64 == code {
                return Some(PowerState::ALL[i]);
            }
            i += 1;
        }
        None
    }
}
