//! [`Event`]: the requests users ask for and the outcomes the control plane reports.

use super::name_enum::name_enum;

name_enum! {
    /// Whether an [`Event`] is asked for or reported.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{Event, EventKind};
    ///
    /// assert_eq!(Event::Stop.kind(), EventKind::Request);
    /// assert_eq!(Event::Complete.kind(), EventKind::Outcome);
    /// assert_eq!(EventKind::Outcome.as_str(), "outcome");
    /// ```
    pub enum EventKind {
        what: "event kind",
        path: "server_lifecycle",
        expecting: "an event kind",
        rows: {
            /// An API action a user or an admin asks for; the model may refuse it.
            Request = "request",
            /// Something the control plane reports: a task finished or failed, a periodic job
            /// ran, the hypervisor saw the guest power off, contact was lost or restored.
            Outcome = "outcome",
        }
    }
}

name_enum! {
    /// What sort of [`Event`] it is: finer than [`EventKind`], and what plans, audits and
    /// renderings read instead of lists of events.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{Event, EventClass, EventKind};
    ///
    /// assert_eq!(Event::Complete.class(), EventClass::TaskOutcome);
    /// assert_eq!(EventClass::TaskOutcome.kind(), EventKind::Outcome);
    /// assert_eq!(EventClass::AdminReset.kind(), EventKind::Request);
    /// assert_eq!(EventClass::AdminReset.as_str(), "admin_reset");
    /// assert_eq!(EventClass::ALL.len(), 5);
    /// ```
    pub enum EventClass {
        what: "event class",
        path: "server_lifecycle",
        expecting: "an event class",
        rows: {
            /// A request a user (or an admin, for operations such as migrations) makes.
            Request = "request",
            /// An admin's reset of the recorded state (`os-resetState`): it says nothing about
            /// what the server did.
            AdminReset = "admin_reset",
            /// The task in progress ended: `complete` or `fail`.
            TaskOutcome = "task_outcome",
            /// A periodic job or the hypervisor moved the server: reclaim, auto-confirm,
            /// auto-offload, power-state sync.
            Background = "background",
            /// The control plane lost or regained contact: an artefact of observing, not
            /// something that happened to the server.
            Contact = "contact",
        }
    }
}

impl EventClass {
    /// Requests and admin resets are asked for; the rest are reported.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{EventClass, EventKind};
    ///
    /// assert_eq!(EventClass::Contact.kind(), EventKind::Outcome);
    /// ```
    #[must_use]
    pub const fn kind(self) -> EventKind {
        match self {
            EventClass::Request | EventClass::AdminReset => EventKind::Request,
            EventClass::TaskOutcome | EventClass::Background | EventClass::Contact => {
                EventKind::Outcome
            }
        }
    }
}

name_enum! {
    /// How likely an [`Event`] is as the explanation of a status the polls missed, least
    /// rare first: audits explain a step with the likeliest events.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{Event, Rarity};
    ///
    /// assert_eq!(Event::ResetStateActive.rarity(), Rarity::Exceptional);
    /// assert!(Rarity::Expected < Rarity::Ordinary);
    /// assert_eq!(Rarity::Unusual.as_str(), "unusual");
    /// ```
    pub enum Rarity {
        what: "rarity",
        path: "server_lifecycle",
        expecting: "a rarity",
        rows: {
            /// What a task in progress does next: it completes.
            Expected = "expected",
            /// Ordinary requests, periodic jobs and contact changes.
            Ordinary = "ordinary",
            /// Failures, and evacuations (a host went down).
            Unusual = "unusual",
            /// Admin resets of the recorded state.
            Exceptional = "exceptional",
        }
    }
}

/// Declares [`Event`] from one list of rows: variant, snake_case name, kind, docs.
macro_rules! events {
    ($(
        $(#[doc = $doc:literal])*
        $variant:ident = $name:literal, $class:ident, $rarity:ident;
    )*) => {
        name_enum! {
            /// Something that can happen to a server: a request or an outcome.
            ///
            /// The snake_case names are a contract shared by the CLI and the JSON export; they
            /// parse ignoring ASCII case.
            ///
            /// | name | class | rarity |
            /// |---|---|---|
            $(
            #[doc = concat!("| `", $name, "` | ", stringify!($class), " | ", stringify!($rarity), " |")]
            )*
            ///
            /// Not `#[non_exhaustive]`: the set of events is the model's own vocabulary, and a
            /// new one changes the model, which deserves a visible change for callers that
            /// match on events. `Ord` is the declaration order (requests, then outcomes).
            ///
            /// # Examples
            ///
            /// ```
            /// use server_lifecycle::Event;
            ///
            /// let event: Event = "reboot_hard".parse()?;
            /// assert_eq!(event, Event::RebootHard);
            /// assert!(event.is_request());
            /// assert_eq!(event.to_string(), "reboot_hard");
            /// assert_eq!(Event::ALL.len(), 41);
            /// assert_eq!(Event::COUNT, 41);
            /// assert_eq!(Event::NAMES[0], "create");
            /// assert_eq!(Event::ConfirmResize.as_str(), "confirm_resize");
            /// # Ok::<(), server_lifecycle::ParseError>(())
            /// ```
            pub enum Event {
                what: "event",
                path: "server_lifecycle",
                expecting: "an event name",
                aliases: NOVA_ACTION_NAMES,
                rows: {
                    $(
                        $(#[doc = $doc])*
                        $variant = $name,
                    )*
                }
            }
        }

        impl Event {
            /// Whether the event is a request or an outcome.
            ///
            /// # Examples
            ///
            /// ```
            /// use server_lifecycle::{Event, EventKind};
            ///
            /// assert_eq!(Event::Reclaim.kind(), EventKind::Outcome);
            /// ```
            #[must_use]
            pub const fn kind(self) -> EventKind {
                self.class().kind()
            }

            /// What sort of event this is: a user request, an admin reset, a task
            /// outcome, a background job or a change of contact.
            ///
            /// # Examples
            ///
            /// ```
            /// use server_lifecycle::{Event, EventClass};
            ///
            /// assert_eq!(Event::ResetStateError.class(), EventClass::AdminReset);
            /// assert_eq!(Event::AutoConfirm.class(), EventClass::Background);
            /// ```
            #[must_use]
            pub const fn class(self) -> EventClass {
                match self {
                    $(Event::$variant => EventClass::$class,)*
                }
            }

            /// How likely the event is as the explanation of a status the polls missed;
            /// audits prefer the likeliest explanation.
            ///
            /// # Examples
            ///
            /// ```
            /// use server_lifecycle::{Event, Rarity};
            ///
            /// assert_eq!(Event::Complete.rarity(), Rarity::Expected);
            /// assert!(Event::Fail.rarity() > Event::Stop.rarity());
            /// ```
            #[must_use]
            pub const fn rarity(self) -> Rarity {
                match self {
                    $(Event::$variant => Rarity::$rarity,)*
                }
            }

            /// The first line of the event's documentation.
            ///
            /// # Examples
            ///
            /// ```
            /// assert_eq!(
            ///     server_lifecycle::Event::Reclaim.description(),
            ///     "The reclaim interval of a soft-deleted server passed; it is deleted for good."
            /// );
            /// ```
            #[must_use]
            pub const fn description(self) -> &'static str {
                match self {
                    $(Event::$variant => {
                        const DOC: &str = crate::vocabulary::first_line!($($doc),*).trim_ascii();
                        DOC
                    })*
                }
            }
        }

    };
}

/// Hands the event rows (variant = name, class, rarity; requests first, in [`Event::ALL`] order)
/// to `$callback!`, after the tokens in its braces: `events!` declares [`Event`] from
/// them, and the Nova layer declares one `Operation` per request from the same rows, so
/// the request names are written once.
macro_rules! with_events {
    ($callback:ident! { $($prefix:tt)* }) => {
        $callback! {
            $($prefix)*
            /// Create a server (`POST /servers`); it starts in `BUILDING`.
            Create = "create", Request, Ordinary;
            /// Soft reboot: a reboot command is passed to the operating system.
            Reboot = "reboot", Request, Ordinary;
            /// Hard reboot: power-cycle the server; Nova also allows it from several stable statuses and to pre-empt a soft reboot.
            RebootHard = "reboot_hard", Request, Ordinary;
            /// Rebuild the server from an image.
            Rebuild = "rebuild", Request, Ordinary;
            /// Rebuild the server on another host because its host is down (admin).
            Evacuate = "evacuate", Request, Unusual;
            /// Resize the server to another flavor.
            Resize = "resize", Request, Ordinary;
            /// Cold-migrate the server to another host (admin); the same state machine as resize.
            Migrate = "migrate", Request, Ordinary;
            /// Confirm a finished resize or cold migration.
            ConfirmResize = "confirm_resize", Request, Ordinary;
            /// Revert a finished resize or cold migration.
            RevertResize = "revert_resize", Request, Ordinary;
            /// Live-migrate the running (or paused) server to another host (admin).
            LiveMigrate = "live_migrate", Request, Ordinary;
            /// Abort a live migration in progress.
            LiveMigrateAbort = "live_migrate_abort", Request, Ordinary;
            /// Force a running live migration to complete (pause the guest so the copy converges).
            LiveMigrateForceComplete = "live_migrate_force_complete", Request, Ordinary;
            /// Boot the server from a rescue image with its own disk attached.
            Rescue = "rescue", Request, Ordinary;
            /// Leave rescue mode.
            Unrescue = "unrescue", Request, Ordinary;
            /// Freeze the server with its state in RAM.
            Pause = "pause", Request, Ordinary;
            /// Unfreeze a paused server.
            Unpause = "unpause", Request, Ordinary;
            /// Write the server's memory to disk and stop it.
            Suspend = "suspend", Request, Ordinary;
            /// Resume a suspended server.
            Resume = "resume", Request, Ordinary;
            /// Power the server off (`os-stop`).
            Stop = "stop", Request, Ordinary;
            /// Power a stopped server on (`os-start`).
            Start = "start", Request, Ordinary;
            /// Reset the administrator password (`changePassword`).
            ChangePassword = "change_password", Request, Ordinary;
            /// Shelve the server: power off and snapshot; offloaded at once or later depending on the cloud.
            Shelve = "shelve", Request, Ordinary;
            /// Remove a shelved server from its host.
            ShelveOffload = "shelve_offload", Request, Ordinary;
            /// Bring a shelved server back.
            Unshelve = "unshelve", Request, Ordinary;
            /// Create an image of the server (`createImage`); the status does not change.
            Snapshot = "snapshot", Request, Ordinary;
            /// Create a rotated backup image (`createBackup`); the status does not change.
            Backup = "backup", Request, Ordinary;
            /// Ask the hypervisor to inject an NMI so the guest dumps its kernel; no status change.
            TriggerCrashDump = "trigger_crash_dump", Request, Ordinary;
            /// Delete the server for good (`DELETE` on a cloud without deferred delete).
            Delete = "delete", Request, Ordinary;
            /// Delete the server restorably (`DELETE` when the cloud's reclaim interval is above zero).
            SoftDelete = "soft_delete", Request, Ordinary;
            /// Delete the server at once, even a soft-deleted one (`forceDelete`).
            ForceDelete = "force_delete", Request, Ordinary;
            /// Bring back a soft-deleted server before it is reclaimed.
            Restore = "restore", Request, Ordinary;
            /// Admin reset of the state to active (`os-resetState` with `active`).
            ResetStateActive = "reset_state_active", AdminReset, Exceptional;
            /// Admin reset of the state to error (`os-resetState` with `error`).
            ResetStateError = "reset_state_error", AdminReset, Exceptional;
            /// The task in progress succeeded.
            Complete = "complete", TaskOutcome, Expected;
            /// The task in progress failed.
            Fail = "fail", TaskOutcome, Unusual;
            /// The reclaim interval of a soft-deleted server passed; it is deleted for good.
            Reclaim = "reclaim", Background, Ordinary;
            /// The resize confirm window passed; the resize is confirmed automatically.
            AutoConfirm = "auto_confirm", Background, Ordinary;
            /// The shelved offload time passed; the shelved server is offloaded.
            AutoOffload = "auto_offload", Background, Ordinary;
            /// The hypervisor reports the guest powered off (Nova's power-state sync stops it).
            PowerOff = "power_off", Background, Ordinary;
            /// The control plane lost contact with the server's cell or host.
            ContactLost = "contact_lost", Contact, Ordinary;
            /// Contact came back; the server shows its real status again.
            ContactRestored = "contact_restored", Contact, Ordinary;
        }
    };
}
pub(crate) use with_events;

with_events!(events! {});

/// Nova's own names for the requests, which parse as aliases of the events: the API's
/// action names (the body key of `POST /servers/{id}/action`, from the `@wsgi.action`
/// decorators under `nova/api/openstack/compute/`) and the instance-action names that
/// `openstack server event list` shows (`nova/compute/instance_actions.py`), at the
/// commit the model follows. Only names that differ from the event's own name (ignoring
/// case, `-` and `_`) are listed; `os-resetState` is not, because its body says which
/// reset it is.
const NOVA_ACTION_NAMES: &[(&str, Event)] = &[
    // nova/api/openstack/compute/servers.py: _stop_server, _start_server
    ("os-stop", Event::Stop),
    ("os-start", Event::Start),
    // servers.py: _action_confirm_resize, _action_revert_resize; instance_actions.py
    ("confirmResize", Event::ConfirmResize),
    ("revertResize", Event::RevertResize),
    // servers.py: _action_create_image; instance_actions.py CREATE_IMAGE
    ("createImage", Event::Snapshot),
    // create_backup.py: _create_backup; instance_actions.py BACKUP
    ("createBackup", Event::Backup),
    // servers.py: _action_change_password; instance_actions.py CHANGE_PASSWORD
    ("changePassword", Event::ChangePassword),
    // deferred_delete.py: _force_delete
    ("forceDelete", Event::ForceDelete),
    // shelve.py: _shelve_offload; instance_actions.py SHELVE_OFFLOAD
    ("shelveOffload", Event::ShelveOffload),
    // migrate_server.py: _migrate_live
    ("os-migrateLive", Event::LiveMigrate),
    // server_migrations.py: _force_complete (POST .../migrations/{id}/action)
    ("force_complete", Event::LiveMigrateForceComplete),
    // instance_actions.py: LIVE_MIGRATION, LIVE_MIGRATION_CANCEL,
    // LIVE_MIGRATION_FORCE_COMPLETE
    ("live-migration", Event::LiveMigrate),
    ("live_migration_cancel", Event::LiveMigrateAbort),
    (
        "live_migration_force_complete",
        Event::LiveMigrateForceComplete,
    ),
];

impl Event {
    /// Nova's own names for the requests that parse as aliases: its API action names
    /// (`os-stop`, `confirmResize`, `createImage`, `os-migrateLive`, ...) and its
    /// instance-action names (`live-migration`, `live_migration_cancel`, ...), each with
    /// the event it names. Error messages list [`Event::NAMES`], not these.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::Event;
    ///
    /// assert!(Event::NOVA_ALIASES.contains(&("os-stop", Event::Stop)));
    /// assert_eq!(Event::parse("confirmResize")?, Event::ConfirmResize);
    /// assert_eq!(Event::parse("OS-MIGRATELIVE")?, Event::LiveMigrate);
    /// assert_eq!(Event::parse("live-migration")?, Event::LiveMigrate);
    /// assert_eq!(Event::parse("createImage")?, Event::Snapshot);
    /// # Ok::<(), server_lifecycle::ParseError>(())
    /// ```
    pub const NOVA_ALIASES: &'static [(&'static str, Event)] = NOVA_ACTION_NAMES;

    /// `true` for requests.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(server_lifecycle::Event::Rescue.is_request());
    /// ```
    #[must_use]
    pub const fn is_request(self) -> bool {
        matches!(self.kind(), EventKind::Request)
    }

    /// `true` for outcomes.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(server_lifecycle::Event::Fail.is_outcome());
    /// ```
    #[must_use]
    pub const fn is_outcome(self) -> bool {
        matches!(self.kind(), EventKind::Outcome)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the hand-written parser docs asserted before `name_enum!` generated it.
    #[test]
    fn parses_names_in_any_case_with_a_full_error() {
        assert_eq!(Event::parse("Shelve_Offload"), Ok(Event::ShelveOffload));
        let error = Event::parse("hibernate").unwrap_err();
        assert!(error
            .to_string()
            .starts_with(r#"unknown event "hibernate"; expected one of: create, reboot"#));
        assert_eq!(Event::parse_known("POWER_OFF"), Some(Event::PowerOff));
        // `-` and `_` are the same in every name (issue 13).
        assert_eq!(Event::parse_known("power-off"), Some(Event::PowerOff));
        assert_eq!(Event::ALL[Event::Stop.index()], Event::Stop);
    }

    #[test]
    fn names_fit_the_parse_buffer_and_are_lower_snake_case() {
        for name in Event::NAMES {
            assert!(name.len() <= crate::vocabulary::names::MAX_LEN, "{name}");
            assert!(
                name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{name}"
            );
        }
    }
}
