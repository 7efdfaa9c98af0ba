//! [`Observation`]: what one poll of a server showed, as much of it as the caller has.

use crate::nova::{TaskObservation, TaskState};
use crate::Status;

/// One observation of a server: its status and, when the caller has them, its task_state
/// and the message of its `fault`.
///
/// Build one with [`Observation::new`] and the `with_*` methods, or read one from Nova's
/// JSON with `NovaServer::observation` (feature `serde`).
///
/// # Examples
///
/// ```
/// use server_lifecycle::nova::TaskState;
/// use server_lifecycle::{Observation, Status, TaskObservation};
///
/// let seen = Observation::new(Status::Active)
///     .with_task_state(Some(TaskState::PoweringOff))
///     .with_fault("the guest did not shut down");
/// assert_eq!(seen.status(), Status::Active);
/// assert_eq!(seen.task(), TaskObservation::Running(TaskState::PoweringOff));
/// assert_eq!(seen.fault(), Some("the guest did not shut down"));
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Observation<'a> {
    status: Status,
    task: TaskObservation,
    fault: Option<&'a str>,
}

impl<'a> Observation<'a> {
    /// An observation of `status` alone: task_state unobserved, no fault.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{Observation, Status, TaskObservation};
    ///
    /// assert_eq!(Observation::new(Status::Stopped).task(), TaskObservation::Unobserved);
    /// ```
    #[must_use]
    pub const fn new(status: Status) -> Observation<'a> {
        Observation {
            status,
            task: TaskObservation::Unobserved,
            fault: None,
        }
    }

    /// This observation with the task_state known (`None`: no task in progress).
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{Observation, Status, TaskObservation};
    ///
    /// let seen = Observation::new(Status::Active).with_task_state(None);
    /// assert_eq!(seen.task(), TaskObservation::Idle);
    /// ```
    #[must_use]
    pub const fn with_task_state(self, task_state: Option<TaskState>) -> Observation<'a> {
        self.with_task(TaskObservation::from_task_state(task_state))
    }

    /// This observation with `task` as what is known of the task_state.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{Observation, Status, TaskObservation};
    ///
    /// let seen = Observation::new(Status::Active).with_task(TaskObservation::Idle);
    /// assert!(seen.task().is_observed());
    /// ```
    #[must_use]
    pub const fn with_task(self, task: TaskObservation) -> Observation<'a> {
        Observation {
            status: self.status,
            task,
            fault: self.fault,
        }
    }

    /// This observation with the message of the server's `fault`.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{Observation, Status};
    ///
    /// let seen = Observation::new(Status::Error).with_fault("No valid host was found");
    /// assert_eq!(seen.fault(), Some("No valid host was found"));
    /// ```
    #[must_use]
    pub const fn with_fault(self, message: &'a str) -> Observation<'a> {
        Observation {
            status: self.status,
            task: self.task,
            fault: Some(message),
        }
    }

    /// The observed status.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{Observation, Status};
    ///
    /// assert_eq!(Observation::new(Status::Paused).status(), Status::Paused);
    /// ```
    #[must_use]
    pub const fn status(&self) -> Status {
        self.status
    }

    /// What is known of the task_state.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{Observation, Status, TaskObservation};
    ///
    /// assert_eq!(Observation::new(Status::Paused).task(), TaskObservation::Unobserved);
    /// ```
    #[must_use]
    pub const fn task(&self) -> TaskObservation {
        self.task
    }

    /// The fault message, when the caller supplied one.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{Observation, Status};
    ///
    /// assert_eq!(Observation::new(Status::Paused).fault(), None);
    /// ```
    #[must_use]
    pub const fn fault(&self) -> Option<&'a str> {
        self.fault
    }
}

impl From<Status> for Observation<'_> {
    fn from(status: Status) -> Self {
        Observation::new(status)
    }
}

#[cfg(feature = "serde")]
impl crate::nova::NovaServer {
    /// The observation this server object makes: its status, what it says of the
    /// task_state, and the fault message. `None` when the status is not one this crate
    /// knows (read [`NovaServer::status`](crate::nova::NovaServer::status) for the string).
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{Status};
    /// use server_lifecycle::nova::{NovaServer};
    ///
    /// let server: NovaServer = serde_json::from_str(r#"{"status": "ERROR",
    ///     "fault": {"code": 500, "message": "No valid host was found. "}}"#)?;
    /// let seen = server.observation().unwrap();
    /// assert_eq!(seen.status(), Status::Error);
    /// assert_eq!(seen.fault(), Some("No valid host was found. "));
    ///
    /// let odd: NovaServer = serde_json::from_str(r#"{"status": "HIBERNATING"}"#)?;
    /// assert_eq!(odd.observation(), None);
    /// assert_eq!(odd.status.as_str(), "HIBERNATING");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[must_use]
    pub fn observation(&self) -> Option<Observation<'_>> {
        let observation = Observation::new(self.status.known()?).with_task(self.task());
        Some(match &self.fault {
            Some(fault) => observation.with_fault(&fault.message),
            None => observation,
        })
    }
}
