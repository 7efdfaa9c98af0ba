//! [`Observation`]: what one poll of a server showed, as much of it as the caller has.

use crate::nova::TaskState;
use crate::Status;

/// What an observation says about the server's `task_state`.
///
/// Three cases, because "no task" and "I do not know the task" mean different things:
/// Nova shows a stop, a pause, a shelve or a snapshot in progress only in the task_state
/// (the status does not move), so a caller that has the task_state can be told more.
///
/// # Examples
///
/// ```
/// use server_lifecycle::nova::TaskState;
/// use server_lifecycle::TaskObservation;
///
/// let seen = TaskObservation::from_task_state(Some(TaskState::PoweringOff));
/// assert_eq!(seen, TaskObservation::Running(TaskState::PoweringOff));
/// assert_eq!(TaskObservation::from_task_state(None), TaskObservation::Idle);
/// assert!(!TaskObservation::Unobserved.is_observed());
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Default)]
pub enum TaskObservation {
    /// The caller does not have the task_state (a non-admin view without `OS-EXT-STS`, a
    /// history that only recorded statuses, or a task_state this crate does not know).
    #[default]
    Unobserved,
    /// The task_state was `null`: no task in progress.
    Idle,
    /// This task is in progress.
    Running(TaskState),
}

impl TaskObservation {
    /// `Idle` for `None`, `Running` for a task.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::TaskObservation;
    ///
    /// assert_eq!(TaskObservation::from_task_state(None), TaskObservation::Idle);
    /// ```
    #[must_use]
    pub const fn from_task_state(task_state: Option<TaskState>) -> TaskObservation {
        match task_state {
            Some(task) => TaskObservation::Running(task),
            None => TaskObservation::Idle,
        }
    }

    /// Whether the caller knows the task_state.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(server_lifecycle::TaskObservation::Idle.is_observed());
    /// ```
    #[must_use]
    pub const fn is_observed(self) -> bool {
        !matches!(self, TaskObservation::Unobserved)
    }

    /// The running task, if one is known to run.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::TaskState;
    /// use server_lifecycle::TaskObservation;
    ///
    /// assert_eq!(TaskObservation::Running(TaskState::Shelving).task(), Some(TaskState::Shelving));
    /// assert_eq!(TaskObservation::Idle.task(), None);
    /// ```
    #[must_use]
    pub const fn task(self) -> Option<TaskState> {
        match self {
            TaskObservation::Running(task) => Some(task),
            _ => None,
        }
    }
}

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
