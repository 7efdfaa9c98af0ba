//! [`Status`]: the statuses a server reports, their spellings and kinds.

use super::name_enum::name_enum;

name_enum! {
    /// What kind of status a [`Status`] is: the groups the `is_*` predicates test.
    ///
    /// Not `#[non_exhaustive]`, like every enum of the crate but [`Status`]: the kinds are
    /// the model's own vocabulary.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{Status, StatusKind};
    ///
    /// assert_eq!(Status::Reboot.kind(), StatusKind::Transitional);
    /// assert_eq!(StatusKind::Transitional.as_str(), "transitional");
    /// assert_eq!(StatusKind::ALL.len(), 5);
    /// assert_eq!(StatusKind::Failed.as_str(), "failed");
    /// ```
    pub enum StatusKind {
        what: "status kind",
        path: "server_lifecycle",
        expecting: "a status kind",
        rows: {
            /// No task is in progress; the server stays here until someone asks for something
            /// (or a periodic job or the hypervisor moves it).
            Stable = "stable",
            /// A task is in progress and will end by itself with an outcome
            /// ([`Event::Complete`](crate::Event::Complete) or [`Event::Fail`](crate::Event::Fail)).
            Transitional = "transitional",
            /// The end of the lifecycle: nothing leaves it.
            Terminal = "terminal",
            /// A stable status that means something went wrong (`ERROR`); recoverable.
            Failed = "failed",
            /// The control plane cannot tell the status (`UNKNOWN`).
            Indeterminate = "indeterminate",
        }
    }
}

/// Picks the Nova spelling when a row gives one, else the canonical name.
macro_rules! nova_or_canonical {
    ($canonical:literal) => {
        $canonical
    };
    ($canonical:literal, $nova:literal) => {
        $nova
    };
}

/// Declares [`Status`] from one list of rows: variant, canonical name, optional Nova wire
/// name, kind, whether only Nova returns it, and documentation. Everything else about a
/// status is generated from it.
macro_rules! statuses {
    ($(
        $(#[doc = $doc:literal])*
        $variant:ident = $canonical:literal $((nova $nova:literal))?, $kind:ident $(, $nova_only:ident)?;
    )*) => {
        name_enum! {
            /// A server status, as an OpenStack-style compute API reports it.
            ///
            /// The 17 statuses of the specification (`docs/model.md`, from
            /// `server-states.md`) plus the three that Nova, the reference implementation, also
            /// returns (`MIGRATING`, `SHELVED`, `SHELVED_OFFLOADED`). The canonical name is the
            /// specification's; four statuses are spelled differently on Nova's wire
            /// ([`Status::nova_name`]) and both spellings parse, ignoring ASCII case.
            ///
            /// | canonical | Nova | kind |
            /// |---|---|---|
            $(
            #[doc = concat!("| `", $canonical, "` | `", nova_or_canonical!($canonical $(, $nova)?), "` | ", stringify!($kind), " |")]
            )*
            ///
            /// The enum is `#[non_exhaustive]`, the only one of the crate that is: clouds add
            /// statuses, and a status Nova adds later will be added here without a breaking
            /// release. Code that reads statuses from a live API should use
            /// [`ReportedStatus`](crate::ReportedStatus), which also keeps strings that no
            /// version of this list knows.
            ///
            /// `Ord` is the declaration order (the specification's alphabetical order, then
            /// the Nova-only statuses): a stable order for sorting and maps, not a ranking.
            ///
            /// # Examples
            ///
            /// ```
            /// use server_lifecycle::Status;
            ///
            /// let status: Status = "shutoff".parse()?;
            /// assert_eq!(status, Status::Stopped);
            /// assert_eq!(status.as_str(), "STOPPED");
            /// assert_eq!(status.nova_name(), "SHUTOFF");
            /// assert!(status.is_stable());
            /// assert_eq!(Status::ALL.len(), 20);
            /// assert_eq!(Status::COUNT, 20);
            /// assert_eq!(Status::Rescued.as_str(), "RESCUED");
            /// assert!(Status::SPELLINGS.contains(&"SHUTOFF"));
            /// assert_eq!(Status::SPELLINGS.len(), 24);
            /// # Ok::<(), server_lifecycle::ParseError>(())
            /// ```
            #[non_exhaustive]
            pub enum Status {
                what: "status",
                path: "server_lifecycle",
                expecting: "a server status name",
                rows: {
                    $(
                        $(#[doc = $doc])*
                        $variant = $canonical $(| $nova)?,
                    )*
                }
            }
        }

        impl Status {
            /// The name Nova puts on the wire, e.g. `"SHUTOFF"` for [`Status::Stopped`].
            /// Equal to [`as_str`](Status::as_str) for all but four statuses.
            ///
            /// # Examples
            ///
            /// ```
            /// use server_lifecycle::Status;
            ///
            /// assert_eq!(Status::Building.nova_name(), "BUILD");
            /// assert_eq!(Status::Active.nova_name(), "ACTIVE");
            /// ```
            #[must_use]
            pub const fn nova_name(self) -> &'static str {
                match self {
                    $(Status::$variant => nova_or_canonical!($canonical $(, $nova)?),)*
                }
            }

            /// What kind of status this is.
            ///
            /// # Examples
            ///
            /// ```
            /// use server_lifecycle::{Status, StatusKind};
            ///
            /// assert_eq!(Status::Error.kind(), StatusKind::Failed);
            /// ```
            #[must_use]
            pub const fn kind(self) -> StatusKind {
                match self {
                    $(Status::$variant => StatusKind::$kind,)*
                }
            }

            /// `true` for the three statuses Nova returns that the specification does not
            /// list.
            ///
            /// # Examples
            ///
            /// ```
            /// use server_lifecycle::Status;
            ///
            /// assert!(Status::Shelved.is_nova_only());
            /// assert!(!Status::Active.is_nova_only());
            /// ```
            #[must_use]
            pub const fn is_nova_only(self) -> bool {
                match self {
                    $(Status::$variant => is_marked!($($nova_only)?),)*
                }
            }

            /// The specification's description of the status (Nova's api-guide for the
            /// three Nova-only statuses).
            ///
            /// # Examples
            ///
            /// ```
            /// assert_eq!(server_lifecycle::Status::Active.description(), "The server is active.");
            /// ```
            #[must_use]
            pub const fn description(self) -> &'static str {
                match self {
                    $(Status::$variant => {
                        const DOC: &str = first_line!($($doc),*).trim_ascii();
                        DOC
                    })*
                }
            }
        }
    };
}

/// `true` when a row carries the marker, `false` when it does not.
macro_rules! is_marked {
    () => {
        false
    };
    ($marker:ident) => {
        true
    };
}

/// The first doc line of a variant: its description.
macro_rules! first_line {
    ($first:literal $(, $rest:literal)*) => {
        $first
    };
}
pub(crate) use first_line;

statuses! {
    /// The server is active.
    Active = "ACTIVE", Stable;
    /// The server has not finished the original build process.
    Building = "BUILDING" (nova "BUILD"), Transitional;
    /// The server is permanently deleted.
    Deleted = "DELETED", Terminal;
    /// The server is in error.
    ///
    /// Recoverable: Nova lets an errored server be rebuilt, evacuated, hard-rebooted,
    /// stopped, rescued, reset and deleted.
    Error = "ERROR", Failed;
    /// The server is hard rebooting. This is equivalent to pulling the power plug on a physical server, plugging it back in, and rebooting it.
    HardReboot = "HARD_REBOOT", Transitional;
    /// The password is being reset on the server.
    Password = "PASSWORD", Transitional;
    /// In a paused state, the state of the server is stored in RAM. A paused server continues to run in frozen state.
    Paused = "PAUSED", Stable;
    /// The server is in a soft reboot state. A reboot command was passed to the operating system.
    Reboot = "REBOOT", Transitional;
    /// The server is currently being rebuilt from an image.
    Rebuild = "REBUILD", Transitional;
    /// The server is in rescue mode. A rescue image is running with the original server image attached.
    Rescued = "RESCUED" (nova "RESCUE"), Stable;
    /// Server is performing the differential copy of data that changed during its initial copy. Server is down for this stage.
    ///
    /// This is a resize or cold migration *in progress* (Nova's `RESIZE`: vm_state
    /// `active` or `stopped` with a `resize_*` task), not Nova's vm_state `resized`,
    /// which shows as [`Status::VerifyResize`].
    Resized = "RESIZED" (nova "RESIZE"), Transitional;
    /// The resize or migration of a server failed for some reason. The destination server is being cleaned up and the original source server is restarting.
    ///
    /// In Nova this is any revert in progress, asked for or not.
    RevertResize = "REVERT_RESIZE", Transitional;
    /// The server is marked as deleted but the disk images are still available to restore.
    SoftDeleted = "SOFT_DELETED", Stable;
    /// The server is powered off and the disk image still persists.
    Stopped = "STOPPED" (nova "SHUTOFF"), Stable;
    /// The server is suspended, either by request or necessity. This status appears for only the following hypervisors: XenServer/XCP, KVM, and ESXi. Administrative users may suspend an instance if it is infrequently used or to perform system maintenance. When you suspend an instance, its VM state is stored on disk, all memory is written to disk, and the virtual machine is stopped. Suspending an instance is similar to placing a device in hibernation; memory and vCPUs become available to create other instances.
    Suspended = "SUSPENDED", Stable;
    /// The state of the server is unknown. Contact your cloud provider.
    ///
    /// Nova reports it when the server's cell cannot be reached or its record holds a
    /// vm_state Nova does not know.
    Unknown = "UNKNOWN", Indeterminate;
    /// System is awaiting confirmation that the server is operational after a move or resize.
    VerifyResize = "VERIFY_RESIZE", Stable;
    /// The server is being live-migrated to a new host.
    ///
    /// Nova only: not in the specification.
    Migrating = "MIGRATING", Transitional, nova_only;
    /// The server is shelved: powered off, its image kept, still placed on its host; it may be offloaded automatically after the cloud's shelved offload time.
    ///
    /// Nova only: not in the specification.
    Shelved = "SHELVED", Stable, nova_only;
    /// The server is shelved and removed from its compute host; it needs an unshelve to run again.
    ///
    /// Nova only: not in the specification.
    ShelvedOffloaded = "SHELVED_OFFLOADED", Stable, nova_only;
}

impl Status {
    /// `true` for statuses where no task is in progress: [`StatusKind::Stable`] and
    /// [`StatusKind::Failed`] (`ERROR` stays until something is done about it).
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::Status;
    ///
    /// assert!(Status::Stopped.is_stable());
    /// assert!(Status::Error.is_stable());
    /// assert!(!Status::Reboot.is_stable());
    /// ```
    #[must_use]
    pub const fn is_stable(self) -> bool {
        matches!(self.kind(), StatusKind::Stable | StatusKind::Failed)
    }

    /// `true` while a task is in progress that ends by itself with an outcome.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::Status;
    ///
    /// assert!(Status::Building.is_transitional());
    /// assert!(!Status::Active.is_transitional());
    /// ```
    #[must_use]
    pub const fn is_transitional(self) -> bool {
        matches!(self.kind(), StatusKind::Transitional)
    }

    /// `true` for `DELETED`, the only status nothing leaves.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::Status;
    ///
    /// assert!(Status::Deleted.is_terminal());
    /// assert!(!Status::SoftDeleted.is_terminal());
    /// ```
    #[must_use]
    pub const fn is_terminal(self) -> bool {
        matches!(self.kind(), StatusKind::Terminal)
    }

    /// `true` for `ERROR`.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(server_lifecycle::Status::Error.is_failed());
    /// ```
    #[must_use]
    pub const fn is_failed(self) -> bool {
        matches!(self.kind(), StatusKind::Failed)
    }

    /// `true` for `UNKNOWN`: the control plane cannot tell.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(server_lifecycle::Status::Unknown.is_indeterminate());
    /// ```
    #[must_use]
    pub const fn is_indeterminate(self) -> bool {
        matches!(self.kind(), StatusKind::Indeterminate)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_is_unique() {
        for (i, a) in Status::SPELLINGS.iter().enumerate() {
            for b in &Status::SPELLINGS[i + 1..] {
                assert_ne!(a, b);
            }
            assert!(
                a.len() <= crate::vocabulary::names::MAX_LEN,
                "{a} is too long to parse"
            );
        }
    }

    /// What the hand-written parser docs asserted before `name_enum!` generated it.
    #[test]
    fn parses_both_spellings_in_any_case() {
        assert_eq!(Status::parse("Build"), Ok(Status::Building));
        assert_eq!(Status::parse("verify_resize"), Ok(Status::VerifyResize));
        assert!(Status::parse("DELETING").is_err());
        assert_eq!(Status::parse_known("rescue"), Some(Status::Rescued));
        assert_eq!(Status::parse_known("CONFIRMING_RESIZE"), None);
        assert_eq!(Status::ALL[Status::Paused.index()], Status::Paused);
    }

    #[test]
    fn descriptions_come_from_the_first_doc_line() {
        assert_eq!(
            Status::Resized.description(),
            "Server is performing the differential copy of data that changed during its initial copy. Server is down for this stage."
        );
    }
}
