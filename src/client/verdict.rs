//! [`Verdict`]: what a [`Waiter`](crate::Waiter) says of one poll. One enum for the four
//! answers a caller acts on: keep waiting, done, failed, done but check.

use core::fmt;

use crate::nova::TaskState;
use crate::Status;

/// What a poll saw, as far as a verdict needs it: a status, or *not found* (the `GET`
/// answered 404: the server is gone).
///
/// # Examples
///
/// ```
/// use server_lifecycle::{Seen, Status};
///
/// assert_eq!(Seen::Status(Status::Stopped).to_string(), "STOPPED");
/// assert_eq!(Seen::NotFound.to_string(), "not found");
/// assert_eq!(Seen::NotFound.status(), None);
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Seen {
    /// The server showed this status.
    Status(Status),
    /// The server was not found (404): deleted.
    NotFound,
}

impl Seen {
    /// The status, or `None` for not found.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{Seen, Status};
    ///
    /// assert_eq!(Seen::Status(Status::Active).status(), Some(Status::Active));
    /// ```
    #[must_use]
    pub const fn status(self) -> Option<Status> {
        match self {
            Seen::Status(status) => Some(status),
            Seen::NotFound => None,
        }
    }
}

impl fmt::Display for Seen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f, Status::as_str)
    }
}

impl Seen {
    /// Writes what was seen, naming a status with `name`.
    fn write(self, f: &mut fmt::Formatter<'_>, name: StatusName) -> fmt::Result {
        match self {
            Seen::Status(status) => f.pad(name(status)),
            Seen::NotFound => f.pad("not found"),
        }
    }
}

/// How a line names a status: [`Status::as_str`] or [`Status::nova_name`].
type StatusName = fn(Status) -> &'static str;

/// What a waiter can tell of a request still in progress.
///
/// # Examples
///
/// ```
/// use server_lifecycle::nova::TaskState;
/// use server_lifecycle::{Status, Waiting};
///
/// let step = Waiting::Task { task: TaskState::ResizeMigrating, step: 2, steps: 4 };
/// assert_eq!(step.to_string(), "task resize_migrating (step 2 of 4)");
/// assert_eq!(
///     Waiting::CannotTell(Status::Active).to_string(),
///     "ACTIVE: cannot tell without task_state"
/// );
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Waiting {
    /// The request's own task runs: `task`, step `step` of the `steps` task_states the
    /// request passes through (0 of 0 when the position is not known).
    Task {
        /// The running task_state.
        task: TaskState,
        /// Its position, from 1.
        step: u8,
        /// How many task_states the request shows in all.
        steps: u8,
    },
    /// The status itself shows the task in progress (`REBOOT`, `RESIZED`, `BUILDING`...).
    Shows(Status),
    /// The request sets no task_state, so this status is all there is to tell: it still
    /// runs (`confirm_resize` in `VERIFY_RESIZE`).
    NoTaskToTell(Status),
    /// The status alone cannot tell whether the task still runs, is done, or ended
    /// without moving the status: ask for the task_state (`OS-EXT-STS:task_state`).
    CannotTell(Status),
    /// Another task runs under a pending status (another request came in).
    OtherTask(TaskState),
    /// The control plane cannot tell the status (`UNKNOWN`: a cell is down).
    Indeterminate,
    /// A status the request does not pass through, from which a target may still follow.
    OffPlan(Status),
}

impl fmt::Display for Waiting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f, Status::as_str)
    }
}

impl Waiting {
    /// Writes the progress line, naming each status with `name`.
    fn write(self, f: &mut fmt::Formatter<'_>, name: StatusName) -> fmt::Result {
        match self {
            Waiting::Task { task, step, steps } if steps > 0 => {
                write!(f, "task {task} (step {step} of {steps})")
            }
            Waiting::Task { task, .. } => write!(f, "task {task}"),
            Waiting::Shows(status) => write!(f, "{}: the status shows the task", name(status)),
            Waiting::NoTaskToTell(status) => write!(
                f,
                "{}: the request sets no task_state, so the status is all there is to tell",
                name(status)
            ),
            Waiting::CannotTell(status) => {
                write!(f, "{}: cannot tell without task_state", name(status))
            }
            Waiting::OtherTask(task) => {
                write!(f, "another task runs ({task}) instead of the request's")
            }
            Waiting::Indeterminate => f.write_str("UNKNOWN: the control plane cannot tell"),
            Waiting::OffPlan(status) => write!(
                f,
                "{}: not on the request's way, though a target may still follow",
                name(status)
            ),
        }
    }
}

/// Why a request failed.
///
/// # Examples
///
/// ```
/// use server_lifecycle::FailReason;
///
/// assert_eq!(FailReason::NotFound.as_str(), "the server is gone (404) and the request does not delete it");
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum FailReason {
    /// The server is in `ERROR`.
    Error,
    /// The status is where the request's failure paths end (a resize rolled back to
    /// `ACTIVE` on a cloud that does not confirm resizes by itself).
    FailureEnd,
    /// No task runs and the status is not a target: the task ended without reaching it
    /// (a stop that failed only clears the task_state).
    TaskEnded,
    /// No target can be reached from the status without a new request.
    FailFast,
    /// The status is one the request never ends in from where it started (a rebuild of
    /// an active server does not end `STOPPED`).
    NeverLeadsHere,
    /// The server is gone (404) and the request does not delete it.
    NotFound,
}

impl FailReason {
    /// The reason in words.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(server_lifecycle::FailReason::Error.as_str(), "the server is in ERROR");
    /// ```
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            FailReason::Error => "the server is in ERROR",
            FailReason::FailureEnd => "the status is where the request's failure paths end",
            FailReason::TaskEnded => {
                "no task runs and the status is not a target: the task ended without reaching it"
            }
            FailReason::FailFast => {
                "no target can be reached from this status without a new request"
            }
            FailReason::NeverLeadsHere => {
                "the request never ends in this status from where it started"
            }
            FailReason::NotFound => "the server is gone (404) and the request does not delete it",
        }
    }
}

impl fmt::Display for FailReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// What to check when the final status cannot tell success from a rollback.
///
/// # Examples
///
/// ```
/// use server_lifecycle::Check;
///
/// assert!(Check::Flavor.as_str().starts_with("check the flavor"));
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Check {
    /// A resize rolled back ends in the same status: compare the flavor (and the
    /// migration record's status).
    Flavor,
    /// A cold or live migration rolled back ends in the same status: compare the host
    /// (and the migration record's status).
    Host,
    /// A snapshot or backup that failed leaves the server as it was: check the image.
    Image,
    /// A rebuild rolled back, a reboot whose guest still runs after a failure, a failed
    /// password change: Nova records a fault and leaves the status.
    Fault,
    /// The guest's power state disagrees with the status (the power-state sync will
    /// move the server on).
    PowerState,
}

impl Check {
    /// What to check, in words.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(server_lifecycle::Check::Image.as_str().contains("image"));
    /// ```
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Check::Flavor => "check the flavor and the migration record: a resize that was rolled back ends in this status too",
            Check::Host => "check the host and the migration record: a migration that was rolled back ends in this status too",
            Check::Image => "check the image's status: a snapshot or backup that failed ends in this status too",
            Check::Fault => "check the server's fault: a request that failed without moving the status ends in this status too",
            Check::PowerState => "check the power state: the guest's power does not match the status, the power-state sync will move it",
        }
    }
}

impl fmt::Display for Check {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// The verdict on one poll: keep waiting, done, failed, or done but check.
///
/// `Display` writes one line, e.g. `done: STOPPED` or
/// `failed: ERROR: the server is in ERROR`.
///
/// # Examples
///
/// ```
/// use server_lifecycle::{Seen, Status, Verdict, Waiting};
///
/// let done = Verdict::Done(Seen::Status(Status::Stopped));
/// assert!(done.is_final() && done.is_done());
/// assert_eq!(done.to_string(), "done: STOPPED");
/// let waiting = Verdict::KeepWaiting(Waiting::Indeterminate);
/// assert!(!waiting.is_final());
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Verdict {
    /// Poll again.
    KeepWaiting(Waiting),
    /// The request is done; the server shows this.
    Done(Seen),
    /// The request failed.
    Failed {
        /// What the poll saw.
        seen: Seen,
        /// Why that is a failure.
        reason: FailReason,
    },
    /// The request ended, but this status is also where it ends when it is rolled back:
    /// check what `check` says.
    DoneButCheck {
        /// What the poll saw.
        seen: Seen,
        /// What to check.
        check: Check,
    },
}

impl Verdict {
    /// Whether to stop polling: anything but [`Verdict::KeepWaiting`].
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{FailReason, Seen, Verdict};
    ///
    /// assert!(Verdict::Failed { seen: Seen::NotFound, reason: FailReason::NotFound }.is_final());
    /// ```
    #[must_use]
    pub const fn is_final(&self) -> bool {
        !matches!(self, Verdict::KeepWaiting(_))
    }

    /// Whether the request is done ([`Verdict::Done`] or [`Verdict::DoneButCheck`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{Check, Seen, Status, Verdict};
    ///
    /// let check = Verdict::DoneButCheck { seen: Seen::Status(Status::Active), check: Check::Image };
    /// assert!(check.is_done());
    /// ```
    #[must_use]
    pub const fn is_done(&self) -> bool {
        matches!(self, Verdict::Done(_) | Verdict::DoneButCheck { .. })
    }

    /// Whether the request failed.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{Seen, Status, Verdict};
    ///
    /// assert!(!Verdict::Done(Seen::Status(Status::Active)).is_failed());
    /// ```
    #[must_use]
    pub const fn is_failed(&self) -> bool {
        matches!(self, Verdict::Failed { .. })
    }

    /// A short lowercase word: `keep waiting`, `done`, `failed`, `done, check`.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{Verdict, Waiting};
    ///
    /// assert_eq!(Verdict::KeepWaiting(Waiting::Indeterminate).kind(), "keep waiting");
    /// ```
    #[must_use]
    pub const fn kind(&self) -> &'static str {
        match self {
            Verdict::KeepWaiting(_) => "keep waiting",
            Verdict::Done(_) => "done",
            Verdict::Failed { .. } => "failed",
            Verdict::DoneButCheck { .. } => "done, check",
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f, Status::as_str)
    }
}

impl Verdict {
    /// The same line as `Display`, with Nova's status spellings (`SHUTOFF`, `RESIZE`,
    /// `BUILD`, `RESCUE`): what `openstack server show` prints.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{Seen, Status, Verdict, Waiting};
    ///
    /// let done = Verdict::Done(Seen::Status(Status::Stopped));
    /// assert_eq!(done.nova_display().to_string(), "done: SHUTOFF");
    /// let waiting = Verdict::KeepWaiting(Waiting::Shows(Status::Resized));
    /// assert_eq!(waiting.nova_display().to_string(), "keep waiting: RESIZE: the status shows the task");
    /// ```
    #[must_use]
    pub const fn nova_display(self) -> NovaVerdictDisplay {
        NovaVerdictDisplay(self)
    }

    /// Writes the verdict's line, naming each status with `name`.
    fn write(self, f: &mut fmt::Formatter<'_>, name: StatusName) -> fmt::Result {
        match self {
            Verdict::KeepWaiting(waiting) => {
                f.write_str("keep waiting: ")?;
                waiting.write(f, name)
            }
            Verdict::Done(seen) => {
                f.write_str("done: ")?;
                seen.write(f, name)
            }
            Verdict::Failed { seen, reason } => {
                f.write_str("failed: ")?;
                seen.write(f, name)?;
                write!(f, ": {reason}")
            }
            Verdict::DoneButCheck { seen, check } => {
                f.write_str("done: ")?;
                seen.write(f, name)?;
                write!(f, "; {check}")
            }
        }
    }
}

/// A [`Verdict`]'s line with Nova's status spellings ([`Verdict::nova_display`]).
///
/// # Examples
///
/// ```
/// use server_lifecycle::{FailReason, Seen, Status, Verdict};
///
/// let failed = Verdict::Failed { seen: Seen::Status(Status::Rescued), reason: FailReason::FailureEnd };
/// assert!(failed.nova_display().to_string().starts_with("failed: RESCUE: "));
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct NovaVerdictDisplay(Verdict);

impl fmt::Display for NovaVerdictDisplay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.write(f, Status::nova_name)
    }
}
