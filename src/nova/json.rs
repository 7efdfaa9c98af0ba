//! Nova's server JSON (feature `serde`): the parts of a `GET /servers/{id}` or
//! `GET /servers/detail` body that say where a server is, read into [`Observation`]s.
//!
//! The caller brings the JSON parser (e.g. `serde_json`); these types only derive
//! `Deserialize`. Unknown fields are ignored, an unknown status string is kept
//! ([`ReportedStatus`]), and missing `OS-EXT-STS` keys (a non-admin view, or a server in a
//! down cell, which shows only `status: UNKNOWN` and `power_state` 0) are not errors.

use serde::Deserialize;

use crate::nova::TaskObservation;
use crate::nova::{status_of, PowerState, TaskState, VmState};
use crate::{ReportedStatus, Status};

/// A server's `fault`: Nova's record of the last error (shown for servers in `ERROR`,
/// and sometimes after a failure that left the status unchanged).
///
/// # Examples
///
/// ```
/// use server_lifecycle::nova::NovaFault;
///
/// let fault: NovaFault = serde_json::from_str(
///     r#"{"code": 500, "created": "2026-08-21T10:00:00Z", "message": "No valid host was found. "}"#,
/// )?;
/// assert_eq!(fault.message, "No valid host was found. ");
/// assert_eq!(fault.code, Some(500));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct NovaFault {
    /// The error message.
    #[serde(default)]
    pub message: String,
    /// The HTTP-like error code (500 for most compute errors).
    #[serde(default)]
    pub code: Option<u16>,
    /// When the fault was recorded, as Nova wrote it.
    #[serde(default)]
    pub created: Option<String>,
    /// The traceback, shown to admins only.
    #[serde(default)]
    pub details: Option<String>,
}

/// One server object of Nova's API, reduced to what says where the server is.
///
/// Read from `{"server": {...}}` with [`NovaServerBody`], from `{"servers": [...]}` with
/// [`NovaServersBody`]. Raw `OS-EXT-STS` strings are kept as reported; the typed
/// accessors return `None` for a value this crate does not know.
///
/// # Examples
///
/// ```
/// use server_lifecycle::nova::{TaskState, VmState};
/// use server_lifecycle::{Status, TaskObservation};
/// use server_lifecycle::nova::{NovaServer};
///
/// let server: NovaServer = serde_json::from_str(r#"{
///     "id": "9168b536",
///     "status": "ACTIVE",
///     "OS-EXT-STS:vm_state": "active",
///     "OS-EXT-STS:task_state": "powering-off",
///     "OS-EXT-STS:power_state": 1,
///     "name": "web-1"
/// }"#)?;
/// assert_eq!(server.vm_state(), Some(VmState::Active));
/// assert_eq!(server.task(), TaskObservation::Running(TaskState::PoweringOff));
/// let seen = server.observation().unwrap();
/// assert_eq!(seen.status(), Status::Active);
/// # Ok::<(), serde_json::Error>(())
/// ```
///
/// The keys may be spelled as any tool spells them (one reader for all, in
/// `nova::ServerJson`'s module): Nova's `OS-EXT-STS:vm_state`, openstacksdk's
/// `vm_state`, openstackclient's list columns `ID`, `Name`, `Status`, `Task State`,
/// `Power State`; the power state as Nova's integer or openstackclient's text
/// (`"Running"`, `"Shutdown"`, ...).
///
/// ```
/// use server_lifecycle::nova::{NovaServer, PowerState};
///
/// let row: NovaServer = serde_json::from_str(
///     r#"{"ID": "a1", "Name": "web-1", "Status": "SHUTOFF", "Task State": null, "Power State": "Shutdown"}"#,
/// )?;
/// assert_eq!(row.power_state(), Some(PowerState::Shutdown));
/// assert_eq!(row.name.as_deref(), Some("web-1"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct NovaServer {
    /// The server's id (a UUID), when present (`id`, or `ID`).
    pub id: Option<String>,
    /// The server's name, when present (`name`, or `Name`).
    pub name: Option<String>,
    /// The status, as reported: known or not (`status`, or `Status`).
    pub status: ReportedStatus,
    /// `OS-EXT-STS:vm_state` (or `vm_state`): absent, `null`, or the raw string.
    pub vm_state: Option<Option<String>>,
    /// `OS-EXT-STS:task_state` (or `task_state`, `Task State`): absent (unobserved),
    /// `null` (no task) or the raw string. A `null` beside a `null` vm_state is read as
    /// absent: openstacksdk writes `null` for fields Nova hid.
    pub task_state: Option<Option<String>>,
    /// `OS-EXT-STS:power_state` (or `power_state`, `Power State`): Nova's integer code,
    /// when present (openstackclient's text is read as its code).
    pub power_state: Option<i64>,
    /// The fault, when Nova shows one.
    pub fault: Option<NovaFault>,
}

impl NovaServer {
    /// The vm_state, when present and known.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::NovaServer;
    ///
    /// let down_cell: NovaServer = serde_json::from_str(r#"{"status": "UNKNOWN"}"#)?;
    /// assert_eq!(down_cell.vm_state(), None);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[must_use]
    pub fn vm_state(&self) -> Option<VmState> {
        self.vm_state
            .as_ref()
            .and_then(Option::as_deref)
            .and_then(VmState::parse_known)
    }

    /// What the body says of the task_state: unobserved when the key is absent or holds
    /// a task this crate does not know, idle for `null`, else the running task.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{TaskObservation};
    /// use server_lifecycle::nova::{NovaServer};
    ///
    /// let idle: NovaServer =
    ///     serde_json::from_str(r#"{"status": "ACTIVE", "OS-EXT-STS:task_state": null}"#)?;
    /// assert_eq!(idle.task(), TaskObservation::Idle);
    /// let user_view: NovaServer = serde_json::from_str(r#"{"status": "ACTIVE"}"#)?;
    /// assert_eq!(user_view.task(), TaskObservation::Unobserved);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[must_use]
    pub fn task(&self) -> TaskObservation {
        match &self.task_state {
            None => TaskObservation::Unobserved,
            Some(None) => TaskObservation::Idle,
            Some(Some(raw)) => match TaskState::parse_known(raw) {
                Some(task) => TaskObservation::Running(task),
                None => TaskObservation::Unobserved,
            },
        }
    }

    /// The power state, when present and a known code.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::PowerState;
    /// use server_lifecycle::nova::NovaServer;
    ///
    /// let server: NovaServer =
    ///     serde_json::from_str(r#"{"status": "RESCUE", "OS-EXT-STS:power_state": 4}"#)?;
    /// assert_eq!(server.power_state(), Some(PowerState::Shutdown));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[must_use]
    pub fn power_state(&self) -> Option<PowerState> {
        self.power_state.and_then(PowerState::from_code)
    }

    /// The status Nova's status map gives the reported vm_state and task_state, when
    /// both are known: a check on the reported status.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{Status};
    /// use server_lifecycle::nova::{NovaServer};
    ///
    /// let server: NovaServer = serde_json::from_str(r#"{"status": "REBOOT",
    ///     "OS-EXT-STS:vm_state": "active", "OS-EXT-STS:task_state": "rebooting"}"#)?;
    /// assert_eq!(server.status_from_states(), Some(Status::Reboot));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[must_use]
    pub fn status_from_states(&self) -> Option<Status> {
        let vm_state = self.vm_state()?;
        match self.task() {
            TaskObservation::Unobserved => None,
            task => Some(status_of(vm_state, task.task())),
        }
    }
}

/// The body of `GET /servers/{id}`: `{"server": {...}}`.
///
/// # Examples
///
/// ```
/// use server_lifecycle::{Status};
/// use server_lifecycle::nova::{NovaServerBody};
///
/// let body: NovaServerBody = serde_json::from_str(r#"{"server": {"status": "SHUTOFF"}}"#)?;
/// assert_eq!(body.server.status.known(), Some(Status::Stopped));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct NovaServerBody {
    /// The server.
    pub server: NovaServer,
}

/// The body of `GET /servers/detail`: `{"servers": [...]}` (links and other keys are
/// ignored).
///
/// # Examples
///
/// ```
/// use server_lifecycle::nova::NovaServersBody;
///
/// let body: NovaServersBody = serde_json::from_str(
///     r#"{"servers": [{"status": "ACTIVE"}, {"status": "BUILD"}], "servers_links": []}"#,
/// )?;
/// assert_eq!(body.servers.len(), 2);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct NovaServersBody {
    /// The servers, in the order Nova listed them.
    pub servers: Vec<NovaServer>,
}
