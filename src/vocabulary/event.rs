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
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EventClass {
    /// A request a user (or an admin, for operations such as migrations) makes.
    Request,
    /// An admin's reset of the recorded state (`os-resetState`): it says nothing about
    /// what the server did.
    AdminReset,
    /// The task in progress ended: `complete` or `fail`.
    TaskOutcome,
    /// A periodic job or the hypervisor moved the server: reclaim, auto-confirm,
    /// auto-offload, power-state sync.
    Background,
    /// The control plane lost or regained contact: an artefact of observing, not
    /// something that happened to the server.
    Contact,
}

impl EventClass {
    /// Every class, in declaration order.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(server_lifecycle::EventClass::ALL.len(), 5);
    /// ```
    pub const ALL: [EventClass; 5] = [
        EventClass::Request,
        EventClass::AdminReset,
        EventClass::TaskOutcome,
        EventClass::Background,
        EventClass::Contact,
    ];

    /// The snake_case name.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(server_lifecycle::EventClass::AdminReset.as_str(), "admin_reset");
    /// ```
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            EventClass::Request => "request",
            EventClass::AdminReset => "admin_reset",
            EventClass::TaskOutcome => "task_outcome",
            EventClass::Background => "background",
            EventClass::Contact => "contact",
        }
    }

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

impl fmt::Display for EventClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

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
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rarity {
    /// What a task in progress does next: it completes.
    Expected,
    /// Ordinary requests, periodic jobs and contact changes.
    Ordinary,
    /// Failures, and evacuations (a host went down).
    Unusual,
    /// Admin resets of the recorded state.
    Exceptional,
}

impl Rarity {
    /// Every rarity, least rare first.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(server_lifecycle::Rarity::ALL.len(), 4);
    /// ```
    pub const ALL: [Rarity; 4] = [
        Rarity::Expected,
        Rarity::Ordinary,
        Rarity::Unusual,
        Rarity::Exceptional,
    ];

    /// The lowercase name.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(server_lifecycle::Rarity::Unusual.as_str(), "unusual");
    /// ```
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Rarity::Expected => "expected",
            Rarity::Ordinary => "ordinary",
            Rarity::Unusual => "unusual",
            Rarity::Exceptional => "exceptional",
        }
    }
}

impl fmt::Display for Rarity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// Declares [`Event`] from one list of rows: variant, snake_case name, kind, docs.
macro_rules! events {
    ($(
        $(#[doc = $doc:literal])*
        $variant:ident = $name:literal, $class:ident, $rarity:ident;
    )*) => {
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

        /// Every name, for case-insensitive lookup, with its event's index.
        static NAME_TABLE: NameTable<{ Event::COUNT }> =
            NameTable::new([$($name),*], [$(Event::$variant as usize),*]);
    };
}

events! {
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
