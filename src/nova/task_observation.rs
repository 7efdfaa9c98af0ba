//! [`TaskObservation`]: what one look at a server says about its `task_state`.

use crate::nova::TaskState;

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
