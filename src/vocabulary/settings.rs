//! [`CloudSettings`]: the Nova configuration options that change which statuses a server
//! passes through, shared by the plans and by the Nova layer's step model.

use super::name_enum::name_enum;
use crate::Event;

name_enum! {
    /// When a periodic job (or an immediate follow-up) fires, as a cloud setting decides.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{CloudSettings, Timing};
    ///
    /// assert_eq!(CloudSettings::NOVA_DEFAULTS.offload(), Timing::AtOnce);
    /// assert_eq!(Timing::Later.as_str(), "later");
    /// ```
    pub enum Timing {
        what: "timing",
        path: "server_lifecycle",
        expecting: "a timing",
        rows: {
            /// Right away, as part of the request: the status before it is transient.
            AtOnce = "at once",
            /// Later, after the configured time: a poll may or may not see the status before it.
            Later = "later",
            /// Never.
            Never = "never",
        }
    }
}

/// The cloud settings (Nova configuration options) that change which statuses a request
/// passes through and ends in.
///
/// | setting | Nova option | effect |
/// |---|---|---|
/// | resize confirm window | `resize_confirm_window` (seconds, 0 = off) | above 0, a periodic job confirms a resize left in `VERIFY_RESIZE`, so a poll may see `ACTIVE`/`STOPPED` instead |
/// | shelved offload time | `shelved_offload_time` (seconds) | 0: shelve offloads at once (`SHELVED` is transient); above 0: a periodic job offloads later; negative (Nova documents -1): never |
/// | reclaim instance interval | `reclaim_instance_interval` (seconds, 0 = off) | above 0, `DELETE` soft-deletes (`SOFT_DELETED`) and a periodic job reclaims later |
/// | instance build timeout | `instance_build_timeout` (seconds, 0 = off) | above 0, a periodic job sets a build that runs too long to `ERROR` |
///
/// The defaults ([`CloudSettings::NOVA_DEFAULTS`]) are Nova's: all four are 0.
///
/// # Examples
///
/// ```
/// use server_lifecycle::{CloudSettings, Timing};
///
/// let cloud = CloudSettings::NOVA_DEFAULTS
///     .with_resize_confirm_window(3600)
///     .with_shelved_offload_time(-1);
/// assert_eq!(cloud.auto_confirm(), Timing::Later);
/// assert_eq!(cloud.offload(), Timing::Never);
/// assert!(!cloud.defers_delete());
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct CloudSettings {
    resize_confirm_window: u64,
    shelved_offload_time: i64,
    reclaim_instance_interval: u64,
    instance_build_timeout: u64,
}

impl CloudSettings {
    /// Nova's defaults: no auto-confirm, offload at once on shelve, hard delete.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{CloudSettings, Timing};
    ///
    /// assert_eq!(CloudSettings::NOVA_DEFAULTS.offload(), Timing::AtOnce);
    /// assert_eq!(CloudSettings::default(), CloudSettings::NOVA_DEFAULTS);
    /// ```
    pub const NOVA_DEFAULTS: CloudSettings = CloudSettings {
        resize_confirm_window: 0,
        shelved_offload_time: 0,
        reclaim_instance_interval: 0,
        instance_build_timeout: 0,
    };

    /// These settings with `resize_confirm_window` set to `seconds` (0 = off).
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::CloudSettings;
    ///
    /// let cloud = CloudSettings::NOVA_DEFAULTS.with_resize_confirm_window(60);
    /// assert_eq!(cloud.resize_confirm_window(), 60);
    /// ```
    #[must_use]
    pub const fn with_resize_confirm_window(self, seconds: u64) -> CloudSettings {
        CloudSettings {
            resize_confirm_window: seconds,
            ..self
        }
    }

    /// These settings with `shelved_offload_time` set to `seconds` (0 = at once, above 0 =
    /// later, negative = never).
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::CloudSettings;
    ///
    /// let cloud = CloudSettings::NOVA_DEFAULTS.with_shelved_offload_time(-1);
    /// assert_eq!(cloud.shelved_offload_time(), -1);
    /// ```
    #[must_use]
    pub const fn with_shelved_offload_time(self, seconds: i64) -> CloudSettings {
        CloudSettings {
            shelved_offload_time: seconds,
            ..self
        }
    }

    /// These settings with `reclaim_instance_interval` set to `seconds` (0 = `DELETE` is a
    /// hard delete).
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::CloudSettings;
    ///
    /// let cloud = CloudSettings::NOVA_DEFAULTS.with_reclaim_instance_interval(3600);
    /// assert!(cloud.defers_delete());
    /// ```
    #[must_use]
    pub const fn with_reclaim_instance_interval(self, seconds: u64) -> CloudSettings {
        CloudSettings {
            reclaim_instance_interval: seconds,
            ..self
        }
    }

    /// These settings with `instance_build_timeout` set to `seconds` (0 = off).
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::CloudSettings;
    ///
    /// let cloud = CloudSettings::NOVA_DEFAULTS.with_instance_build_timeout(600);
    /// assert_eq!(cloud.instance_build_timeout(), 600);
    /// ```
    #[must_use]
    pub const fn with_instance_build_timeout(self, seconds: u64) -> CloudSettings {
        CloudSettings {
            instance_build_timeout: seconds,
            ..self
        }
    }

    /// Nova's `instance_build_timeout`, in seconds (0 = off).
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(server_lifecycle::CloudSettings::NOVA_DEFAULTS.instance_build_timeout(), 0);
    /// ```
    #[must_use]
    pub const fn instance_build_timeout(self) -> u64 {
        self.instance_build_timeout
    }

    /// Nova's `resize_confirm_window`, in seconds (0 = off).
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(server_lifecycle::CloudSettings::NOVA_DEFAULTS.resize_confirm_window(), 0);
    /// ```
    #[must_use]
    pub const fn resize_confirm_window(self) -> u64 {
        self.resize_confirm_window
    }

    /// Nova's `shelved_offload_time`, in seconds (0 = at once, negative = never).
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(server_lifecycle::CloudSettings::NOVA_DEFAULTS.shelved_offload_time(), 0);
    /// ```
    #[must_use]
    pub const fn shelved_offload_time(self) -> i64 {
        self.shelved_offload_time
    }

    /// Nova's `reclaim_instance_interval`, in seconds (0 = hard delete).
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(server_lifecycle::CloudSettings::NOVA_DEFAULTS.reclaim_instance_interval(), 0);
    /// ```
    #[must_use]
    pub const fn reclaim_instance_interval(self) -> u64 {
        self.reclaim_instance_interval
    }

    /// When a resize left in `VERIFY_RESIZE` is confirmed automatically: [`Timing::Later`]
    /// when the confirm window is set, else [`Timing::Never`].
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{CloudSettings, Timing};
    ///
    /// assert_eq!(CloudSettings::NOVA_DEFAULTS.auto_confirm(), Timing::Never);
    /// ```
    #[must_use]
    pub const fn auto_confirm(self) -> Timing {
        if self.resize_confirm_window > 0 {
            Timing::Later
        } else {
            Timing::Never
        }
    }

    /// When a shelved server is offloaded without being asked.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{CloudSettings, Timing};
    ///
    /// let later = CloudSettings::NOVA_DEFAULTS.with_shelved_offload_time(3600);
    /// assert_eq!(later.offload(), Timing::Later);
    /// ```
    #[must_use]
    pub const fn offload(self) -> Timing {
        match self.shelved_offload_time {
            0 => Timing::AtOnce,
            time if time > 0 => Timing::Later,
            _ => Timing::Never,
        }
    }

    /// When a soft-deleted server is reclaimed (deleted for good): [`Timing::Later`] when
    /// the reclaim interval is set, else [`Timing::Never`] (and `DELETE` is a hard delete).
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{CloudSettings, Timing};
    ///
    /// assert_eq!(CloudSettings::NOVA_DEFAULTS.reclaim(), Timing::Never);
    /// ```
    #[must_use]
    pub const fn reclaim(self) -> Timing {
        if self.reclaim_instance_interval > 0 {
            Timing::Later
        } else {
            Timing::Never
        }
    }

    /// Whether `DELETE` soft-deletes on this cloud (reclaim interval above 0).
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(!server_lifecycle::CloudSettings::NOVA_DEFAULTS.defers_delete());
    /// ```
    #[must_use]
    pub const fn defers_delete(self) -> bool {
        self.reclaim_instance_interval > 0
    }

    /// The event the API actually runs for `request` on this cloud: `delete` is a
    /// `soft_delete` when the reclaim interval is set; every other request is itself.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{CloudSettings, Event};
    ///
    /// let deferred = CloudSettings::NOVA_DEFAULTS.with_reclaim_instance_interval(60);
    /// assert_eq!(deferred.effective_request(Event::Delete), Event::SoftDelete);
    /// assert_eq!(deferred.effective_request(Event::ForceDelete), Event::ForceDelete);
    /// ```
    #[must_use]
    pub const fn effective_request(self, request: Event) -> Event {
        match request {
            Event::Delete if self.defers_delete() => Event::SoftDelete,
            other => other,
        }
    }

    /// The periodic outcomes these settings make happen, with their timing: auto-confirm,
    /// auto-offload and reclaim, in that order.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{CloudSettings, Event, Timing};
    ///
    /// let jobs = CloudSettings::NOVA_DEFAULTS.periodic_outcomes();
    /// assert_eq!(jobs[1], (Event::AutoOffload, Timing::AtOnce));
    /// ```
    #[must_use]
    pub const fn periodic_outcomes(self) -> [(Event, Timing); 3] {
        [
            (Event::AutoConfirm, self.auto_confirm()),
            (Event::AutoOffload, self.offload()),
            (Event::Reclaim, self.reclaim()),
        ]
    }
}

impl Default for CloudSettings {
    fn default() -> Self {
        CloudSettings::NOVA_DEFAULTS
    }
}
