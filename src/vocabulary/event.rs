//! [`Event`]: the requests users ask for and the outcomes the control plane reports.

use core::fmt;
use core::str::FromStr;

use crate::vocabulary::NameTable;
use crate::ParseError;

/// Whether an [`Event`] is asked for or reported.
///
/// # Examples
///
/// ```
/// use server_lifecycle::{Event, EventKind};
///
/// assert_eq!(Event::Stop.kind(), EventKind::Request);
/// assert_eq!(Event::Complete.kind(), EventKind::Outcome);
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum EventKind {
    /// An API action a user or an admin asks for; the model may refuse it.
    Request,
    /// Something the control plane reports: a task finished or failed, a periodic job
    /// ran, the hypervisor saw the guest power off, contact was lost or restored.
    Outcome,
}

impl EventKind {
    /// `"request"` or `"outcome"`, as in the JSON export.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(server_lifecycle::EventKind::Outcome.as_str(), "outcome");
    /// ```
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            EventKind::Request => "request",
            EventKind::Outcome => "outcome",
        }
    }
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// Declares [`Event`] from one list of rows: variant, snake_case name, kind, docs.
macro_rules! events {
    ($(
        $(#[doc = $doc:literal])*
        $variant:ident = $name:literal, $kind:ident;
    )*) => {
        /// Something that can happen to a server: a request or an outcome.
        ///
        /// The snake_case names are a contract shared by the CLI and the JSON export; they
        /// parse ignoring ASCII case.
        ///
        /// | name | kind |
        /// |---|---|
        $(
        #[doc = concat!("| `", $name, "` | ", stringify!($kind), " |")]
        )*
        ///
        /// Not `#[non_exhaustive]`: the set of events is the model's own vocabulary, and a
        /// new one changes the model, which deserves a visible change for callers that
        /// match on events.
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
        /// # Ok::<(), server_lifecycle::ParseError>(())
        /// ```
        #[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
        pub enum Event {
            $(
                $(#[doc = $doc])*
                $variant,
            )*
        }

        impl Event {
            /// Every event: the requests, then the outcomes.
            ///
            /// # Examples
            ///
            /// ```
            /// assert_eq!(server_lifecycle::Event::ALL.len(), 41);
            /// ```
            pub const ALL: [Event; Event::COUNT] = [$(Event::$variant),*];

            /// The number of events.
            ///
            /// # Examples
            ///
            /// ```
            /// assert_eq!(server_lifecycle::Event::COUNT, 41);
            /// ```
            pub const COUNT: usize = [$(stringify!($variant)),*].len();

            /// Every name, in the order of [`Event::ALL`].
            ///
            /// # Examples
            ///
            /// ```
            /// assert_eq!(server_lifecycle::Event::NAMES[0], "create");
            /// ```
            pub const NAMES: &'static [&'static str] = &[$($name),*];

            /// The snake_case name, e.g. `"confirm_resize"`.
            ///
            /// # Examples
            ///
            /// ```
            /// assert_eq!(server_lifecycle::Event::ConfirmResize.as_str(), "confirm_resize");
            /// ```
            #[must_use]
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Event::$variant => $name,)*
                }
            }

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
                match self {
                    $(Event::$variant => EventKind::$kind,)*
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

        /// Every name, for case-insensitive lookup, with its event's index.
        static NAME_TABLE: NameTable<{ Event::COUNT }> =
            NameTable::new([$($name),*], [$(Event::$variant as usize),*]);
    };
}

/// Hands the event rows (variant = name, kind; requests first, in [`Event::ALL`] order)
/// to `$callback!`, after the tokens in its braces: `events!` declares [`Event`] from
/// them, and the Nova layer declares one `Operation` per request from the same rows, so
/// the request names are written once.
macro_rules! with_events {
    ($callback:ident! { $($prefix:tt)* }) => {
        $callback! {
            $($prefix)*
            /// Create a server (`POST /servers`); it starts in `BUILDING`.
            Create = "create", Request;
            /// Soft reboot: a reboot command is passed to the operating system.
            Reboot = "reboot", Request;
            /// Hard reboot: power-cycle the server; Nova also allows it from several stable statuses and to pre-empt a soft reboot.
            RebootHard = "reboot_hard", Request;
            /// Rebuild the server from an image.
            Rebuild = "rebuild", Request;
            /// Rebuild the server on another host because its host is down (admin).
            Evacuate = "evacuate", Request;
            /// Resize the server to another flavor.
            Resize = "resize", Request;
            /// Cold-migrate the server to another host (admin); the same state machine as resize.
            Migrate = "migrate", Request;
            /// Confirm a finished resize or cold migration.
            ConfirmResize = "confirm_resize", Request;
            /// Revert a finished resize or cold migration.
            RevertResize = "revert_resize", Request;
            /// Live-migrate the running (or paused) server to another host (admin).
            LiveMigrate = "live_migrate", Request;
            /// Abort a live migration in progress.
            LiveMigrateAbort = "live_migrate_abort", Request;
            /// Force a running live migration to complete (pause the guest so the copy converges).
            LiveMigrateForceComplete = "live_migrate_force_complete", Request;
            /// Boot the server from a rescue image with its own disk attached.
            Rescue = "rescue", Request;
            /// Leave rescue mode.
            Unrescue = "unrescue", Request;
            /// Freeze the server with its state in RAM.
            Pause = "pause", Request;
            /// Unfreeze a paused server.
            Unpause = "unpause", Request;
            /// Write the server's memory to disk and stop it.
            Suspend = "suspend", Request;
            /// Resume a suspended server.
            Resume = "resume", Request;
            /// Power the server off (`os-stop`).
            Stop = "stop", Request;
            /// Power a stopped server on (`os-start`).
            Start = "start", Request;
            /// Reset the administrator password (`changePassword`).
            ChangePassword = "change_password", Request;
            /// Shelve the server: power off and snapshot; offloaded at once or later depending on the cloud.
            Shelve = "shelve", Request;
            /// Remove a shelved server from its host.
            ShelveOffload = "shelve_offload", Request;
            /// Bring a shelved server back.
            Unshelve = "unshelve", Request;
            /// Create an image of the server (`createImage`); the status does not change.
            Snapshot = "snapshot", Request;
            /// Create a rotated backup image (`createBackup`); the status does not change.
            Backup = "backup", Request;
            /// Ask the hypervisor to inject an NMI so the guest dumps its kernel; no status change.
            TriggerCrashDump = "trigger_crash_dump", Request;
            /// Delete the server for good (`DELETE` on a cloud without deferred delete).
            Delete = "delete", Request;
            /// Delete the server restorably (`DELETE` when the cloud's reclaim interval is above zero).
            SoftDelete = "soft_delete", Request;
            /// Delete the server at once, even a soft-deleted one (`forceDelete`).
            ForceDelete = "force_delete", Request;
            /// Bring back a soft-deleted server before it is reclaimed.
            Restore = "restore", Request;
            /// Admin reset of the state to active (`os-resetState` with `active`).
            ResetStateActive = "reset_state_active", Request;
            /// Admin reset of the state to error (`os-resetState` with `error`).
            ResetStateError = "reset_state_error", Request;
            /// The task in progress succeeded.
            Complete = "complete", Outcome;
            /// The task in progress failed.
            Fail = "fail", Outcome;
            /// The reclaim interval of a soft-deleted server passed; it is deleted for good.
            Reclaim = "reclaim", Outcome;
            /// The resize confirm window passed; the resize is confirmed automatically.
            AutoConfirm = "auto_confirm", Outcome;
            /// The shelved offload time passed; the shelved server is offloaded.
            AutoOffload = "auto_offload", Outcome;
            /// The hypervisor reports the guest powered off (Nova's power-state sync stops it).
            PowerOff = "power_off", Outcome;
            /// The control plane lost contact with the server's cell or host.
            ContactLost = "contact_lost", Outcome;
            /// Contact came back; the server shows its real status again.
            ContactRestored = "contact_restored", Outcome;
        }
    };
}
pub(crate) use with_events;

with_events!(events! {});

impl Event {
    /// The position of this event in [`Event::ALL`].
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::Event;
    ///
    /// assert_eq!(Event::ALL[Event::Stop.index()], Event::Stop);
    /// ```
    #[must_use]
    pub const fn index(self) -> usize {
        self as usize
    }

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

    /// Parses an event name, ignoring ASCII case.
    ///
    /// # Errors
    ///
    /// [`ParseError`] naming the input and every valid name.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::Event;
    ///
    /// assert_eq!(Event::parse("Shelve_Offload")?, Event::ShelveOffload);
    /// let error = Event::parse("hibernate").unwrap_err();
    /// assert!(error.to_string().starts_with(r#"unknown event "hibernate"; expected one of: create, reboot"#));
    /// # Ok::<(), server_lifecycle::ParseError>(())
    /// ```
    pub fn parse(name: &str) -> Result<Event, ParseError> {
        Self::parse_known(name).ok_or_else(|| ParseError::new("event", name, Event::NAMES))
    }

    /// Like [`Event::parse`] but `None` for an unknown name.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::Event;
    ///
    /// assert_eq!(Event::parse_known("POWER_OFF"), Some(Event::PowerOff));
    /// assert_eq!(Event::parse_known("power-off"), None);
    /// ```
    #[must_use]
    #[inline]
    pub fn parse_known(name: &str) -> Option<Event> {
        NAME_TABLE.find(name).map(|index| Event::ALL[index])
    }
}

impl fmt::Display for Event {
    /// Writes the snake_case name, honouring width and alignment flags.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl FromStr for Event {
    type Err = ParseError;

    fn from_str(name: &str) -> Result<Event, ParseError> {
        Event::parse(name)
    }
}

impl TryFrom<&str> for Event {
    type Error = ParseError;

    fn try_from(name: &str) -> Result<Event, ParseError> {
        Event::parse(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
