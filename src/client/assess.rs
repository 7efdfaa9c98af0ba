//! [`Assessment`]: where one observation stands against a [`Plan`], with the
//! task_state when the observation has it.

use core::fmt;

use crate::client::observation::Observation;
use crate::client::plan::Plan;
use crate::client::verdict::{FailReason, Seen, Verdict, Waiting};
use crate::nova::TaskObservation;
use crate::Status;

impl Plan {
    /// Where an observation stands against this plan, using the task_state when the
    /// observation has it.
    ///
    /// With the status alone, a status that is both pending and target, or the starting
    /// status of a task that runs under it, is [`Progress::CannotTell`]: the task may
    /// still run, or have ended without moving the status (a failed stop only clears the
    /// task). With the task_state it is exact: the request's own task still runs
    /// ([`Progress::InProgress`]), or no task runs and the status is not a target
    /// ([`Progress::Failed`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::TaskState;
    /// use server_lifecycle::{CloudSettings, Event, Observation, Plan, Progress, Status};
    ///
    /// let plan = Plan::new(Event::Stop, Status::Active, CloudSettings::default())?;
    /// let active = Observation::new(Status::Active);
    /// assert_eq!(plan.assess(&active).progress(), Progress::CannotTell);
    /// let stopping = active.with_task_state(Some(TaskState::PoweringOff));
    /// assert_eq!(plan.assess(&stopping).progress(), Progress::InProgress);
    /// let gave_up = active.with_task_state(None).with_fault("timed out");
    /// let verdict = plan.assess(&gave_up);
    /// assert_eq!(verdict.progress(), Progress::Failed);
    /// assert_eq!(verdict.fault(), Some("timed out"));
    /// # Ok::<(), server_lifecycle::TransitionError>(())
    /// ```
    #[must_use]
    pub fn assess<'a>(&self, observation: &Observation<'a>) -> Assessment<'a> {
        let status = observation.status();
        let (progress, reason) = match observation.task() {
            TaskObservation::Running(task) if self.is_own_task(task) => {
                (Progress::InProgress, Reason::OwnTaskRuns)
            }
            TaskObservation::Running(_) if self.target().contains(status) => {
                (Progress::Done, Reason::TargetOtherTask)
            }
            TaskObservation::Running(_) if self.pending().contains(status) => {
                (Progress::Unexpected, Reason::OtherTask)
            }
            TaskObservation::Idle if self.target().contains(status) => {
                (Progress::Done, Reason::Target)
            }
            TaskObservation::Idle if self.resting().contains(status) => {
                (Progress::CannotTell, Reason::Resting)
            }
            TaskObservation::Idle if self.pending().contains(status) => {
                self.while_pending(status, (Progress::Failed, Reason::TaskEnded))
            }
            _ => self.by_status(status),
        };
        Assessment {
            progress,
            status,
            task: observation.task(),
            reason,
            fail_fast: self.fail_fast().contains(status),
            fault: observation.fault(),
        }
    }

    /// Where a status alone stands against this plan; the same as [`Plan::assess`] of an
    /// observation without task_state.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{CloudSettings, Event, Plan, Progress, Status};
    ///
    /// let plan = Plan::new(Event::Reboot, Status::Active, CloudSettings::default())?;
    /// assert_eq!(plan.progress(Status::Reboot), Progress::InProgress);
    /// assert_eq!(plan.progress(Status::Active), Progress::Done);
    /// assert_eq!(plan.progress(Status::Error), Progress::Failed);
    /// assert_eq!(plan.progress(Status::Deleted), Progress::Unexpected);
    /// assert_eq!(plan.progress(Status::Unknown), Progress::Indeterminate);
    /// # Ok::<(), server_lifecycle::TransitionError>(())
    /// ```
    #[must_use]
    pub fn progress(&self, status: Status) -> Progress {
        self.by_status(status).0
    }

    /// A pending status with no task seen running: the task is in progress when the
    /// status shows it, or when the request sets no task_state to tell; otherwise
    /// `no_task`.
    fn while_pending(&self, status: Status, no_task: (Progress, Reason)) -> (Progress, Reason) {
        if status.is_transitional() {
            (Progress::InProgress, Reason::Pending)
        } else if !self.sets_task_state() {
            (Progress::InProgress, Reason::NoTaskToTell)
        } else {
            no_task
        }
    }

    fn by_status(&self, status: Status) -> (Progress, Reason) {
        let pending = self.pending().contains(status);
        let target = self.target().contains(status);
        if pending && target {
            (Progress::CannotTell, Reason::Ambiguous)
        } else if target {
            (Progress::Done, Reason::Target)
        } else if pending {
            self.while_pending(status, (Progress::CannotTell, Reason::RunsUnder))
        } else if self.failure().contains(status) {
            (Progress::Failed, Reason::Failure)
        } else if status.is_indeterminate() {
            (Progress::Indeterminate, Reason::Indeterminate)
        } else if self.fail_fast().contains(status) {
            (Progress::Unexpected, Reason::FailFast)
        } else {
            (Progress::Unexpected, Reason::OffPlan)
        }
    }
}

/// Where an observation stands against a [`Plan`].
///
/// # Examples
///
/// ```
/// use server_lifecycle::Progress;
///
/// assert_eq!(Progress::CannotTell.as_str(), "cannot tell without task_state");
/// assert!(Progress::InProgress.keep_waiting());
/// assert!(!Progress::Failed.keep_waiting());
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Progress {
    /// The request is still in progress.
    InProgress,
    /// The request is done.
    Done,
    /// The request failed.
    Failed,
    /// A status the plan does not expect: something else happened (another request, an
    /// admin reset). [`Assessment::is_fail_fast`] says whether the target is still
    /// reachable.
    Unexpected,
    /// The status alone cannot tell whether the request still runs, is done, or ended
    /// without moving the status; ask for the task_state.
    CannotTell,
    /// The control plane cannot tell the status (`UNKNOWN`): keep waiting.
    Indeterminate,
}

impl Progress {
    /// A short lowercase phrase, e.g. `"in progress"`.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(server_lifecycle::Progress::Done.as_str(), "done");
    /// ```
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Progress::InProgress => "in progress",
            Progress::Done => "done",
            Progress::Failed => "failed",
            Progress::Unexpected => "unexpected",
            Progress::CannotTell => "cannot tell without task_state",
            Progress::Indeterminate => "indeterminate",
        }
    }

    /// Whether a waiter should poll again: in progress, cannot tell, indeterminate.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(server_lifecycle::Progress::Indeterminate.keep_waiting());
    /// ```
    #[must_use]
    pub const fn keep_waiting(self) -> bool {
        matches!(
            self,
            Progress::InProgress | Progress::CannotTell | Progress::Indeterminate
        )
    }
}

impl fmt::Display for Progress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// Why an assessment came out as it did.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
enum Reason {
    OwnTaskRuns,
    TargetOtherTask,
    OtherTask,
    Target,
    Pending,
    NoTaskToTell,
    TaskEnded,
    Ambiguous,
    RunsUnder,
    Failure,
    Indeterminate,
    FailFast,
    OffPlan,
    Resting,
}

impl Reason {
    const fn as_str(self) -> &'static str {
        match self {
            Reason::OwnTaskRuns => "the request's task is running",
            Reason::TargetOtherTask => "the status is a target; another task runs now",
            Reason::OtherTask => "another task runs instead of the request's",
            Reason::Target => "the status is a target",
            Reason::Pending => "the status shows the task in progress",
            Reason::NoTaskToTell => {
                "the request sets no task_state, so the status is all there is to tell"
            }
            Reason::TaskEnded => {
                "no task runs and the status is not a target: the task ended without reaching it"
            }
            Reason::Ambiguous => "the status is both pending and target",
            Reason::RunsUnder => "the request runs under this status, or ended without moving it",
            Reason::Failure => "the status is where the request's failure paths end",
            Reason::Indeterminate => "the control plane cannot tell the status",
            Reason::FailFast => "no target can be reached from this status without a new request",
            Reason::OffPlan => {
                "the plan does not pass through this status, though a target may still follow"
            }
            Reason::Resting => {
                "the request rests here with no task before the work that follows it, or was rolled back here"
            }
        }
    }
}

/// The assessment of one observation against a [`Plan`]: the progress, why, and the
/// fault message when the observation carried one.
///
/// `Display` writes one line, e.g.
/// `failed: ACTIVE (task_state null): no task runs and the status is not a target: the task ended without reaching it; fault: timed out`.
///
/// # Examples
///
/// ```
/// use server_lifecycle::{CloudSettings, Event, Observation, Plan, Progress, Status};
///
/// let plan = Plan::new(Event::Rebuild, Status::Error, CloudSettings::default())?;
/// let seen = Observation::new(Status::Error).with_fault("No valid host was found");
/// let assessment = plan.assess(&seen);
/// assert_eq!(assessment.progress(), Progress::Failed);
/// assert_eq!(
///     assessment.to_string(),
///     "failed: ERROR: the status is where the request's failure paths end; fault: No valid host was found"
/// );
/// # Ok::<(), server_lifecycle::TransitionError>(())
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Assessment<'a> {
    progress: Progress,
    status: Status,
    task: TaskObservation,
    reason: Reason,
    fail_fast: bool,
    fault: Option<&'a str>,
}

impl<'a> Assessment<'a> {
    /// The progress.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{CloudSettings, Observation, Plan, Progress, Status};
    ///
    /// let plan = Plan::create(CloudSettings::default());
    /// assert_eq!(plan.assess(&Observation::new(Status::Active)).progress(), Progress::Done);
    /// ```
    #[must_use]
    pub const fn progress(&self) -> Progress {
        self.progress
    }

    /// The observed status.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{CloudSettings, Observation, Plan, Status};
    ///
    /// let plan = Plan::create(CloudSettings::default());
    /// assert_eq!(plan.assess(&Observation::new(Status::Building)).status(), Status::Building);
    /// ```
    #[must_use]
    pub const fn status(&self) -> Status {
        self.status
    }

    /// Why the progress is what it is, in words.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{CloudSettings, Observation, Plan, Status};
    ///
    /// let plan = Plan::create(CloudSettings::default());
    /// let reason = plan.assess(&Observation::new(Status::Active)).reason();
    /// assert_eq!(reason, "the status is a target");
    /// ```
    #[must_use]
    pub const fn reason(&self) -> &'static str {
        self.reason.as_str()
    }

    /// Whether no target can be reached from the observed status without a new request.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{CloudSettings, Observation, Plan, Status};
    ///
    /// let plan = Plan::create(CloudSettings::default());
    /// assert!(plan.assess(&Observation::new(Status::Deleted)).is_fail_fast());
    /// ```
    #[must_use]
    pub const fn is_fail_fast(&self) -> bool {
        self.fail_fast
    }

    /// Whether a waiter should stop polling: done, failed, or unexpected and fail fast.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{CloudSettings, Observation, Plan, Status};
    ///
    /// let plan = Plan::create(CloudSettings::default());
    /// assert!(!plan.assess(&Observation::new(Status::Building)).stop_waiting());
    /// assert!(plan.assess(&Observation::new(Status::Error)).stop_waiting());
    /// ```
    #[must_use]
    pub const fn stop_waiting(&self) -> bool {
        self.verdict().is_final()
    }

    /// The assessment as one [`Verdict`]: the answer a waiter acts on. This is the
    /// plan's verdict, from the status table alone; [`Waiter`](crate::Waiter) also knows
    /// where the server started and what a 404 means.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{CloudSettings, FailReason, Observation, Plan, Seen, Status, Verdict};
    ///
    /// let plan = Plan::create(CloudSettings::default());
    /// assert_eq!(plan.assess(&Observation::new(Status::Active)).verdict(), Verdict::Done(Seen::Status(Status::Active)));
    /// assert_eq!(
    ///     plan.assess(&Observation::new(Status::Deleted)).verdict(),
    ///     Verdict::Failed { seen: Seen::Status(Status::Deleted), reason: FailReason::FailFast }
    /// );
    /// ```
    #[must_use]
    pub const fn verdict(&self) -> Verdict {
        let seen = Seen::Status(self.status);
        match (self.progress, self.reason) {
            (Progress::Done, _) => Verdict::Done(seen),
            (Progress::Failed, Reason::TaskEnded) => Verdict::Failed {
                seen,
                reason: FailReason::TaskEnded,
            },
            (Progress::Failed, _) if self.status.is_failed() => Verdict::Failed {
                seen,
                reason: FailReason::Error,
            },
            (Progress::Failed, _) => Verdict::Failed {
                seen,
                reason: FailReason::FailureEnd,
            },
            (Progress::Unexpected, _) if self.fail_fast => Verdict::Failed {
                seen,
                reason: FailReason::FailFast,
            },
            (Progress::Unexpected, _) => match self.task {
                TaskObservation::Running(task) => Verdict::KeepWaiting(Waiting::OtherTask(task)),
                _ => Verdict::KeepWaiting(Waiting::OffPlan(self.status)),
            },
            (Progress::InProgress, _) => match self.task {
                TaskObservation::Running(task) => Verdict::KeepWaiting(Waiting::Task {
                    task,
                    step: 0,
                    steps: 0,
                }),
                _ if self.status.is_transitional() => {
                    Verdict::KeepWaiting(Waiting::Shows(self.status))
                }
                _ => Verdict::KeepWaiting(Waiting::NoTaskToTell(self.status)),
            },
            (Progress::CannotTell, _) => Verdict::KeepWaiting(Waiting::CannotTell(self.status)),
            (Progress::Indeterminate, _) => Verdict::KeepWaiting(Waiting::Indeterminate),
        }
    }

    /// The fault message the observation carried, passed through unchanged.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{CloudSettings, Observation, Plan, Status};
    ///
    /// let plan = Plan::create(CloudSettings::default());
    /// let seen = Observation::new(Status::Error).with_fault("No valid host was found");
    /// assert_eq!(plan.assess(&seen).fault(), Some("No valid host was found"));
    /// ```
    #[must_use]
    pub const fn fault(&self) -> Option<&'a str> {
        self.fault
    }
}

impl fmt::Display for Assessment<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.progress, self.status)?;
        match self.task {
            TaskObservation::Unobserved => {}
            TaskObservation::Idle => f.write_str(" (task_state null)")?,
            TaskObservation::Running(task) => write!(f, " (task_state {task})")?,
        }
        write!(f, ": {}", self.reason.as_str())?;
        if let Some(fault) = self.fault {
            write!(f, "; fault: {fault}")?;
        }
        Ok(())
    }
}
