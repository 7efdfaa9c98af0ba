//! [`Waiter`]: a sans-IO waiter. Built from a request, the status it was made in and the
//! cloud's settings; fed one [`Sighting`] per poll; answers one [`Verdict`]. It does no
//! I/O and keeps no clock: the caller polls, sleeps and times out (or uses the blocking
//! helper [`wait`](crate::wait())).
//!
//! The waiter starts from the request's [`Plan`] and narrows it with the Nova layer
//! where the starting status decides the end: for every (vm_state, task_state) pair that
//! shows the starting status and that the operation's guard accepts, and every context
//! that decides an end (power state, stashed vm_state, volume-backed, launched), it asks
//! [`Operation::success_end`] where the run ends, what work follows in the same request
//! (a rebuilt stopped server passes through `ACTIVE` / `powering-off`), and where a
//! failure rolls back to. The targets are the plan's targets those ends (and the
//! periodic jobs after them) reach; the statuses the following work shows are pending;
//! a target that a rollback also ends in is *done, but check*.

use crate::client::starts::{end_contexts, nova_starts, runs};
use crate::client::verdict::{Check, FailReason, Seen, Verdict, Waiting};
use crate::machine::class_events;
use crate::nova::{
    default_status, pairs_showing, status_of, Microversion, NovaState, Operation, PowerState,
    StepCause, TaskObservation, TaskState, TaskStateSet, VmState,
};
use crate::table;
use crate::{
    CloudSettings, Event, EventClass, EventSet, Observation, Plan, Status, StatusSet, Timing,
    TransitionError,
};

/// One poll of a server: what it showed (status, and when the caller has them the
/// task_state, vm_state and power_state), or *not found* (the `GET` answered 404).
///
/// # Examples
///
/// ```
/// use server_lifecycle::nova::{PowerState, TaskState, VmState};
/// use server_lifecycle::{Seen, Sighting, Status};
///
/// let seen = Sighting::status(Status::Active)
///     .with_task_state(Some(TaskState::PoweringOff))
///     .with_vm_state(VmState::Active)
///     .with_power_state(PowerState::Running);
/// assert_eq!(seen.seen(), Seen::Status(Status::Active));
/// assert_eq!(seen.vm_state(), Some(VmState::Active));
/// assert_eq!(Sighting::NOT_FOUND.seen(), Seen::NotFound);
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Sighting {
    status: Option<Status>,
    task: TaskObservation,
    vm_state: Option<VmState>,
    power_state: Option<PowerState>,
}

impl Sighting {
    /// The server was not found: the `GET` answered 404.
    pub const NOT_FOUND: Sighting = Sighting {
        status: None,
        task: TaskObservation::Unobserved,
        vm_state: None,
        power_state: None,
    };

    /// A server showing `status`, nothing else known.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{Sighting, Status, TaskObservation};
    ///
    /// assert_eq!(Sighting::status(Status::Paused).task(), TaskObservation::Unobserved);
    /// ```
    #[must_use]
    pub const fn status(status: Status) -> Sighting {
        Sighting {
            status: Some(status),
            ..Sighting::NOT_FOUND
        }
    }

    /// This sighting with the task_state known (`None`: no task). No effect on not found.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{Sighting, Status, TaskObservation};
    ///
    /// assert_eq!(Sighting::status(Status::Active).with_task_state(None).task(), TaskObservation::Idle);
    /// ```
    #[must_use]
    pub const fn with_task_state(self, task_state: Option<TaskState>) -> Sighting {
        self.with_task(TaskObservation::from_task_state(task_state))
    }

    /// This sighting with `task` as what is known of the task_state.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{Sighting, Status, TaskObservation};
    ///
    /// let seen = Sighting::status(Status::Active).with_task(TaskObservation::Idle);
    /// assert!(seen.task().is_observed());
    /// ```
    #[must_use]
    pub const fn with_task(self, task: TaskObservation) -> Sighting {
        if self.status.is_none() {
            return self;
        }
        Sighting { task, ..self }
    }

    /// This sighting with the vm_state known. No effect on not found.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::VmState;
    /// use server_lifecycle::{Sighting, Status};
    ///
    /// assert_eq!(Sighting::NOT_FOUND.with_vm_state(VmState::Active).vm_state(), None);
    /// ```
    #[must_use]
    pub const fn with_vm_state(self, vm_state: VmState) -> Sighting {
        if self.status.is_none() {
            return self;
        }
        Sighting {
            vm_state: Some(vm_state),
            ..self
        }
    }

    /// This sighting with the power state known. No effect on not found.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::PowerState;
    /// use server_lifecycle::{Sighting, Status};
    ///
    /// let seen = Sighting::status(Status::Active).with_power_state(PowerState::Shutdown);
    /// assert_eq!(seen.power_state(), Some(PowerState::Shutdown));
    /// ```
    #[must_use]
    pub const fn with_power_state(self, power_state: PowerState) -> Sighting {
        if self.status.is_none() {
            return self;
        }
        Sighting {
            power_state: Some(power_state),
            ..self
        }
    }

    /// What the poll saw: the status, or not found.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{Seen, Sighting, Status};
    ///
    /// assert_eq!(Sighting::from(Status::Error).seen(), Seen::Status(Status::Error));
    /// ```
    #[must_use]
    pub const fn seen(&self) -> Seen {
        match self.status {
            Some(status) => Seen::Status(status),
            None => Seen::NotFound,
        }
    }

    /// Whether the server was not found.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(server_lifecycle::Sighting::NOT_FOUND.is_not_found());
    /// ```
    #[must_use]
    pub const fn is_not_found(&self) -> bool {
        self.status.is_none()
    }

    /// What is known of the task_state.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{Sighting, TaskObservation};
    ///
    /// assert_eq!(Sighting::NOT_FOUND.task(), TaskObservation::Unobserved);
    /// ```
    #[must_use]
    pub const fn task(&self) -> TaskObservation {
        self.task
    }

    /// The vm_state, when known.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{Sighting, Status};
    ///
    /// assert_eq!(Sighting::status(Status::Active).vm_state(), None);
    /// ```
    #[must_use]
    pub const fn vm_state(&self) -> Option<VmState> {
        self.vm_state
    }

    /// The power state, when known.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{Sighting, Status};
    ///
    /// assert_eq!(Sighting::status(Status::Active).power_state(), None);
    /// ```
    #[must_use]
    pub const fn power_state(&self) -> Option<PowerState> {
        self.power_state
    }
}

impl From<Status> for Sighting {
    fn from(status: Status) -> Sighting {
        Sighting::status(status)
    }
}

impl From<&Observation<'_>> for Sighting {
    fn from(observation: &Observation<'_>) -> Sighting {
        Sighting::status(observation.status()).with_task(observation.task())
    }
}

impl From<Observation<'_>> for Sighting {
    fn from(observation: Observation<'_>) -> Sighting {
        Sighting::from(&observation)
    }
}

/// A sans-IO waiter for one request: feed it one [`Sighting`] per poll
/// ([`Waiter::observe`]) and act on the [`Verdict`].
///
/// It knows where the server started: a rebuild (or evacuation) of a `STOPPED` server
/// ends `STOPPED`, passing through `ACTIVE` while it powers off, so `ACTIVE` is pending
/// there and not done; from 2.95 an evacuation of an `ACTIVE` server ends `STOPPED` too
/// ([`Waiter::with_microversion`]). A deleted server is not found (404): the end of a
/// `delete` / `force_delete` (and of a soft delete that turns into a hard one), a
/// failure of every other request.
///
/// # Examples
///
/// ```
/// use server_lifecycle::nova::TaskState;
/// use server_lifecycle::{Check, CloudSettings, Event, Seen, Sighting, Status, Verdict, Waiter};
///
/// let mut waiter = Waiter::new(Event::Rebuild, Status::Stopped, CloudSettings::NOVA_DEFAULTS)?;
/// assert_eq!(waiter.target().to_string(), "STOPPED");
/// assert!(!waiter.observe(Sighting::status(Status::Rebuild)).is_final());
/// // ACTIVE while it powers off: not done yet.
/// assert!(!waiter.observe(Sighting::status(Status::Active)).is_final());
/// let powering_off = Sighting::status(Status::Active).with_task_state(Some(TaskState::PoweringOff));
/// assert_eq!(waiter.observe(powering_off).to_string(), "keep waiting: task powering-off (step 4 of 4)");
/// // STOPPED: done; but a rebuild rolled back (InstanceFaultRollback) ends STOPPED too.
/// assert_eq!(
///     waiter.observe(Sighting::status(Status::Stopped)),
///     Verdict::DoneButCheck { seen: Seen::Status(Status::Stopped), check: Check::Fault }
/// );
///
/// // Deleting ends with a 404; for any other request a 404 is a failure.
/// let delete = Waiter::new(Event::Delete, Status::Active, CloudSettings::NOVA_DEFAULTS)?;
/// assert_eq!(delete.verdict(Sighting::NOT_FOUND), Verdict::Done(Seen::NotFound));
/// assert!(waiter.verdict(Sighting::NOT_FOUND).is_failed());
/// # Ok::<(), server_lifecycle::TransitionError>(())
/// ```
///
/// An async caller drives the same waiter with its own runtime's sleep; nothing in the
/// waiter blocks:
///
/// ```ignore
/// let mut waiter = Waiter::new(Event::Stop, Status::Active, settings)?;
/// let verdict = loop {
///     let sighting = match client.get_server(&id).await {
///         Ok(server) => sighting_of(&server),
///         Err(error) if error.is_not_found() => Sighting::NOT_FOUND,
///         Err(error) => return Err(error.into()),
///     };
///     let verdict = waiter.observe(sighting);
///     if verdict.is_final() {
///         break verdict;
///     }
///     tokio::time::sleep(interval).await;
/// };
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Waiter {
    plan: Plan,
    target: StatusSet,
    pending: StatusSet,
    failure: StatusSet,
    never: StatusSet,
    fail_fast: StatusSet,
    check: StatusSet,
    rollback: StatusSet,
    /// Statuses where the request rests with no task between two of its runs (a rebuild
    /// to stopped saves `active` before its stop): idle there says nothing yet...
    resting: StatusSet,
    /// ...with these power states (a bit per `PowerState::index`) for each status.
    resting_power: [u8; Status::COUNT],
    tasks: TaskStateSet,
    positions: [(u8, u8); TaskState::COUNT],
    last: Option<Verdict>,
    polls: u32,
}

impl Waiter {
    /// The waiter for `request` made in status `from` on a cloud with `settings`, at the
    /// newest microversion.
    ///
    /// # Errors
    ///
    /// As [`Plan::new`]: [`TransitionError::RequestRefused`] when the model refuses the
    /// request in `from` (`create` is refused everywhere: use [`Waiter::create`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{CloudSettings, Event, Status, Waiter};
    ///
    /// let waiter = Waiter::new(Event::Evacuate, Status::Active, CloudSettings::default())?;
    /// assert_eq!(waiter.target().to_string(), "STOPPED"); // from 2.95
    /// let refused = Waiter::new(Event::Stop, Status::Paused, CloudSettings::default()).unwrap_err();
    /// assert!(refused.to_string().starts_with("request stop is not allowed in status PAUSED"));
    /// # Ok::<(), server_lifecycle::TransitionError>(())
    /// ```
    pub fn new(
        request: Event,
        from: Status,
        settings: CloudSettings,
    ) -> Result<Waiter, TransitionError> {
        Ok(Waiter::build(Plan::new(request, from, settings)?))
    }

    /// The waiter for creating a server.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{CloudSettings, Sighting, Status, Waiter};
    ///
    /// let waiter = Waiter::create(CloudSettings::default());
    /// assert!(waiter.verdict(Sighting::status(Status::Active)).is_done());
    /// assert!(waiter.verdict(Sighting::NOT_FOUND).is_failed());
    /// ```
    #[must_use]
    pub fn create(settings: CloudSettings) -> Waiter {
        Waiter::build(Plan::create(settings))
    }

    /// This waiter for a cloud that answers with compute API microversion
    /// `major.minor`: before 2.95 an evacuated server keeps its power state (an
    /// `ACTIVE` one ends `ACTIVE`). Starts afresh (no poll seen).
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{CloudSettings, Event, Status, Waiter};
    ///
    /// let waiter = Waiter::new(Event::Evacuate, Status::Active, CloudSettings::default())?
    ///     .with_microversion(2, 94);
    /// assert_eq!(waiter.target().to_string(), "ACTIVE");
    /// # Ok::<(), server_lifecycle::TransitionError>(())
    /// ```
    #[must_use]
    pub fn with_microversion(self, major: u8, minor: u16) -> Waiter {
        self.at_microversion(Microversion::new(major, minor))
    }

    /// This waiter for requests made with compute API `microversion`
    /// ([`Plan::with_microversion`]). Starts afresh (no poll seen).
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::Microversion;
    /// use server_lifecycle::{CloudSettings, Event, Status, Waiter};
    ///
    /// let waiter = Waiter::new(Event::Evacuate, Status::Active, CloudSettings::default())?;
    /// assert_eq!(waiter.microversion(), Microversion::LATEST);
    /// let old = waiter.at_microversion("2.94".parse()?);
    /// assert_eq!(old.target().to_string(), "ACTIVE");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn at_microversion(self, microversion: Microversion) -> Waiter {
        Waiter::build(self.plan.with_microversion(microversion))
    }

    /// The compute API microversion the waiter's requests are made with
    /// ([`Microversion::LATEST`] unless set).
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::Microversion;
    /// use server_lifecycle::{CloudSettings, Event, Status, Waiter};
    ///
    /// let waiter = Waiter::new(Event::Stop, Status::Active, CloudSettings::default())?
    ///     .with_microversion(2, 94);
    /// assert_eq!(waiter.microversion(), Microversion::new(2, 94));
    /// # Ok::<(), server_lifecycle::TransitionError>(())
    /// ```
    #[must_use]
    pub const fn microversion(&self) -> Microversion {
        self.plan.microversion()
    }

    /// The plan the waiter starts from (status-table sets, not narrowed by the start).
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{CloudSettings, Event, Status, Waiter};
    ///
    /// let waiter = Waiter::new(Event::Rebuild, Status::Stopped, CloudSettings::default())?;
    /// assert_eq!(waiter.plan().target().to_string(), "ACTIVE, STOPPED");
    /// # Ok::<(), server_lifecycle::TransitionError>(())
    /// ```
    #[must_use]
    pub const fn plan(&self) -> &Plan {
        &self.plan
    }

    /// The statuses that mean done, for this start.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{CloudSettings, Event, Status, Waiter};
    ///
    /// let waiter = Waiter::new(Event::Rebuild, Status::Active, CloudSettings::default())?;
    /// assert_eq!(waiter.target().to_string(), "ACTIVE");
    /// # Ok::<(), server_lifecycle::TransitionError>(())
    /// ```
    #[must_use]
    pub const fn target(&self) -> StatusSet {
        self.target
    }

    /// The statuses that mean still in progress, including those the request passes
    /// through on its way back to where it started.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{CloudSettings, Event, Status, Waiter};
    ///
    /// let waiter = Waiter::new(Event::Rebuild, Status::Stopped, CloudSettings::default())?;
    /// assert_eq!(waiter.pending().to_string(), "ACTIVE, REBUILD");
    /// # Ok::<(), server_lifecycle::TransitionError>(())
    /// ```
    #[must_use]
    pub const fn pending(&self) -> StatusSet {
        self.pending
    }

    /// The statuses that mean failed (besides fail fast and not found).
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{CloudSettings, Event, Status, Waiter};
    ///
    /// let waiter = Waiter::new(Event::Resize, Status::Active, CloudSettings::default())?;
    /// assert_eq!(waiter.failure().to_string(), "ACTIVE, ERROR, STOPPED");
    /// # Ok::<(), server_lifecycle::TransitionError>(())
    /// ```
    #[must_use]
    pub const fn failure(&self) -> StatusSet {
        self.failure.union(self.never)
    }

    /// The targets a rollback also ends in: done, but check.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{CloudSettings, Event, Status, Waiter};
    ///
    /// let cloud = CloudSettings::default().with_resize_confirm_window(3600);
    /// let waiter = Waiter::new(Event::Resize, Status::Stopped, cloud)?;
    /// assert_eq!(waiter.check_statuses().to_string(), "STOPPED");
    /// # Ok::<(), server_lifecycle::TransitionError>(())
    /// ```
    #[must_use]
    pub const fn check_statuses(&self) -> StatusSet {
        self.check
    }

    /// The statuses a failed run of the request can end in from this start (where the
    /// Nova layer's failure helpers leave it: rolled back, or `ERROR`); empty for a
    /// request that sets no task.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{CloudSettings, Event, Status, Waiter};
    ///
    /// let waiter = Waiter::new(Event::Resize, Status::Active, CloudSettings::default())?;
    /// assert_eq!(waiter.rollback().to_string(), "ACTIVE, ERROR");
    /// # Ok::<(), server_lifecycle::TransitionError>(())
    /// ```
    #[must_use]
    pub const fn rollback(&self) -> StatusSet {
        self.rollback
    }

    /// Whether not found (404) means the request is done: `delete`, `force_delete`, and
    /// `soft_delete` (which turns into a hard delete for a server that never launched,
    /// and which the reclaim job finishes later).
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{CloudSettings, Event, Status, Waiter};
    ///
    /// let waiter = Waiter::new(Event::ForceDelete, Status::Error, CloudSettings::default())?;
    /// assert!(waiter.ends_when_not_found());
    /// # Ok::<(), server_lifecycle::TransitionError>(())
    /// ```
    #[must_use]
    pub const fn ends_when_not_found(&self) -> bool {
        self.plan.ends_when_not_found()
    }

    /// The verdict of the last poll, if any.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{CloudSettings, Sighting, Status, Waiter};
    ///
    /// let mut waiter = Waiter::create(CloudSettings::default());
    /// assert_eq!(waiter.last(), None);
    /// let verdict = waiter.observe(Sighting::status(Status::Building));
    /// assert_eq!(waiter.last(), Some(verdict));
    /// assert_eq!(waiter.polls(), 1);
    /// ```
    #[must_use]
    pub const fn last(&self) -> Option<Verdict> {
        self.last
    }

    /// How many polls the waiter has seen.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{CloudSettings, Waiter};
    ///
    /// assert_eq!(Waiter::create(CloudSettings::default()).polls(), 0);
    /// ```
    #[must_use]
    pub const fn polls(&self) -> u32 {
        self.polls
    }

    /// Feeds one poll: returns its verdict and remembers it ([`Waiter::last`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::TaskState;
    /// use server_lifecycle::{CloudSettings, Event, FailReason, Sighting, Status, Verdict, Waiter};
    ///
    /// let mut waiter = Waiter::new(Event::Stop, Status::Active, CloudSettings::default())?;
    /// let active = Sighting::status(Status::Active);
    /// assert_eq!(waiter.observe(active).to_string(), "keep waiting: ACTIVE: cannot tell without task_state");
    /// let gave_up = active.with_task_state(None);
    /// assert!(matches!(waiter.observe(gave_up), Verdict::Failed { reason: FailReason::TaskEnded, .. }));
    /// # Ok::<(), server_lifecycle::TransitionError>(())
    /// ```
    pub fn observe(&mut self, sighting: impl Into<Sighting>) -> Verdict {
        let verdict = self.verdict(sighting);
        self.last = Some(verdict);
        self.polls = self.polls.saturating_add(1);
        verdict
    }

    /// The verdict on one poll, without remembering it.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{Check, CloudSettings, Event, Seen, Sighting, Status, Verdict, Waiter};
    ///
    /// // A resize that ended STOPPED on a cloud that confirms by itself: confirmed, or
    /// // rolled back? The status cannot tell.
    /// let cloud = CloudSettings::default().with_resize_confirm_window(3600);
    /// let waiter = Waiter::new(Event::Resize, Status::Stopped, cloud)?;
    /// assert_eq!(
    ///     waiter.verdict(Sighting::status(Status::Stopped)),
    ///     Verdict::DoneButCheck { seen: Seen::Status(Status::Stopped), check: Check::Flavor }
    /// );
    /// # Ok::<(), server_lifecycle::TransitionError>(())
    /// ```
    #[must_use]
    pub fn verdict(&self, sighting: impl Into<Sighting>) -> Verdict {
        let sighting = sighting.into();
        let Some(status) = sighting.status else {
            return self.plan.not_found();
        };
        if status.is_indeterminate()
            && !self.target.contains(status)
            && !self.pending.contains(status)
        {
            return Verdict::KeepWaiting(Waiting::Indeterminate);
        }
        match sighting.task {
            TaskObservation::Running(task) if self.is_own_task(task) => {
                let (step, steps) = self.positions[task.index()];
                Verdict::KeepWaiting(Waiting::Task { task, step, steps })
            }
            TaskObservation::Running(_) if self.target.contains(status) => {
                self.done(status, sighting.power_state)
            }
            TaskObservation::Running(task) if self.pending.contains(status) => {
                Verdict::KeepWaiting(Waiting::OtherTask(task))
            }
            // Nova's work goes on towards a target: reverting the resize of a stopped
            // server shows VERIFY_RESIZE with `powering-off` while it stops the guest
            // (seen in Nova 34.0.0), which the status table cannot say.
            TaskObservation::Running(task)
                if self.work_ends_in_target(status, task, sighting.vm_state) =>
            {
                Verdict::KeepWaiting(Waiting::OtherTask(task))
            }
            // Between two runs of the request (seen in Nova 34.0.0), or where a run
            // failed and left it, or done: no poll can tell which.
            TaskObservation::Idle if self.rests_in(status, sighting.power_state) => {
                Verdict::KeepWaiting(Waiting::CannotTell(status))
            }
            TaskObservation::Idle if self.target.contains(status) => {
                self.done(status, sighting.power_state)
            }
            TaskObservation::Idle if self.pending.contains(status) => {
                self.while_pending(status).unwrap_or(Verdict::Failed {
                    seen: Seen::Status(status),
                    reason: FailReason::TaskEnded,
                })
            }
            _ => self.by_status(status, sighting.power_state),
        }
    }

    /// Whether the work Nova runs with `task` where it shows `status` (in `vm_state`,
    /// when known) ends in one of the targets when it succeeds: the Nova layer's running
    /// operation and its end.
    fn work_ends_in_target(
        &self,
        status: Status,
        task: TaskState,
        vm_state: Option<VmState>,
    ) -> bool {
        pairs_showing(status)
            .filter(|(shown_vm_state, shown_task)| {
                *shown_task == Some(task) && vm_state.is_none_or(|known| known == *shown_vm_state)
            })
            .any(|(vm_state, _)| {
                let state = NovaState {
                    task_state: Some(task),
                    ..NovaState::at_rest(vm_state)
                };
                state.running_operation().is_some_and(|operation| {
                    let end =
                        operation.success_end(vm_state, &state.context(&self.plan.settings()));
                    self.target.contains(default_status(end))
                })
            })
    }

    /// Whether the request may rest in `status` (with `power`, when known) between two
    /// of its runs.
    fn rests_in(&self, status: Status, power: Option<PowerState>) -> bool {
        self.resting.contains(status)
            && power
                .is_none_or(|power| self.resting_power[status.index()] & (1 << power.index()) != 0)
    }

    /// A pending status with no task seen running: still in progress when the status
    /// shows the task or when the request sets no task_state; `None` otherwise.
    fn while_pending(&self, status: Status) -> Option<Verdict> {
        if status.is_transitional() {
            Some(Verdict::KeepWaiting(Waiting::Shows(status)))
        } else if !self.plan.sets_task_state() {
            Some(Verdict::KeepWaiting(Waiting::NoTaskToTell(status)))
        } else {
            None
        }
    }

    fn by_status(&self, status: Status, power: Option<PowerState>) -> Verdict {
        let seen = Seen::Status(status);
        let failed = |reason| Verdict::Failed { seen, reason };
        let pending = self.pending.contains(status);
        let target = self.target.contains(status);
        if pending && target {
            Verdict::KeepWaiting(Waiting::CannotTell(status))
        } else if target {
            self.done(status, power)
        } else if pending {
            self.while_pending(status)
                .unwrap_or(Verdict::KeepWaiting(Waiting::CannotTell(status)))
        } else if status.is_failed() {
            failed(FailReason::Error)
        } else if self.never.contains(status) {
            failed(FailReason::NeverLeadsHere)
        } else if self.failure.contains(status) {
            failed(FailReason::FailureEnd)
        } else if status.is_indeterminate() {
            Verdict::KeepWaiting(Waiting::Indeterminate)
        } else if self.fail_fast.contains(status) {
            failed(FailReason::FailFast)
        } else {
            Verdict::KeepWaiting(Waiting::OffPlan(status))
        }
    }

    /// Done in `status`, or done but check when a rollback ends there too or the power
    /// state disagrees with the status.
    fn done(&self, status: Status, power: Option<PowerState>) -> Verdict {
        let seen = Seen::Status(status);
        if self.check.contains(status) {
            return Verdict::DoneButCheck {
                seen,
                check: check_for(self.plan.effective_request()),
            };
        }
        let power_disagrees = match (status, power) {
            (Status::Active, Some(power)) => power != PowerState::Running,
            (Status::Stopped, Some(power)) => power == PowerState::Running,
            _ => false,
        };
        if power_disagrees {
            Verdict::DoneButCheck {
                seen,
                check: Check::PowerState,
            }
        } else {
            Verdict::Done(seen)
        }
    }

    /// Whether `task` is one of the task_states the request shows while it runs: its
    /// own, the work that follows it, the work it acts on.
    fn is_own_task(&self, task: TaskState) -> bool {
        self.plan.is_own_task(task) || self.tasks.contains(Some(task))
    }

    fn build(plan: Plan) -> Waiter {
        let mut waiter = Waiter {
            plan,
            target: plan.target(),
            pending: plan.pending(),
            failure: plan.failure(),
            never: StatusSet::EMPTY,
            fail_fast: plan.fail_fast(),
            check: StatusSet::EMPTY,
            rollback: StatusSet::EMPTY,
            resting: StatusSet::EMPTY,
            resting_power: [0; Status::COUNT],
            tasks: TaskStateSet::EMPTY,
            positions: [(0, 0); TaskState::COUNT],
            last: None,
            polls: 0,
        };
        let (operation, starts) = nova_starts(plan.effective_request(), plan.from());
        let Some(operation) = operation else {
            return waiter;
        };
        let mut ends = StatusSet::EMPTY;
        let mut passing = StatusSet::EMPTY;
        let mut rollback = StatusSet::EMPTY;
        let mut resting = StatusSet::EMPTY;
        let can_fail =
            !operation.task_sequence().is_empty() || !operation.acts_on_tasks().is_empty();
        for task in operation.acts_on_tasks().iter().flatten() {
            waiter.tasks = waiter.tasks.with(Some(task));
            waiter.positions[task.index()] = (1, 1);
        }
        for &(vm_state, launched) in &starts {
            // A soft delete of a server that never launched is a hard delete.
            let runs = runs(operation, launched);
            let shelved_offload_time = plan.settings().shelved_offload_time();
            for context in end_contexts(launched, shelved_offload_time, plan.microversion()) {
                ends = ends.with(default_status(runs.success_end(vm_state, &context)));
                let mut tasks: Vec<TaskState> = runs
                    .task_sequence_from(vm_state)
                    .iter()
                    .flatten()
                    .copied()
                    .collect();
                if let Some((next, next_from)) = runs.continues_with(vm_state, &context) {
                    if runs.continues_at_rest_first() {
                        // Saved at rest in `next_from`, no task, before `next` runs.
                        let status = default_status(next_from);
                        passing = passing.with(status);
                        resting = resting.with(status);
                        waiter.resting_power[status.index()] |=
                            1 << usual_power_of(next_from).index();
                    }
                    let sequence = next.task_sequence_from(next_from);
                    for task in &sequence[..sequence.len().saturating_sub(1)] {
                        passing = passing.with(status_of(next_from, *task));
                    }
                    tasks.extend(sequence.iter().flatten().copied());
                }
                for (index, task) in tasks.iter().enumerate() {
                    waiter.tasks = waiter.tasks.with(Some(*task));
                    if waiter.positions[task.index()] == (0, 0) {
                        waiter.positions[task.index()] = (to_u8(index + 1), to_u8(tasks.len()));
                    }
                }
                if can_fail {
                    for end in runs.failure_ends(vm_state).iter() {
                        rollback = rollback.with(default_status(end));
                    }
                }
            }
        }
        for &(vm_state, launched) in &starts {
            let (shown, idle) = shown_on_the_way(
                operation,
                vm_state,
                launched,
                plan.microversion(),
                plan.settings(),
            );
            passing = passing.union(shown);
            for (status, power) in idle {
                resting = resting.with(status);
                waiter.resting_power[status.index()] |= 1 << power.index();
            }
        }
        if plan.request() != table::CREATE {
            let periodic = periodic_events(plan.settings());
            let reached = ends
                .iter()
                .fold(ends, |all, end| all.union(end.reachable_with(periodic)));
            let target = plan.target().intersection(reached);
            if !target.is_empty() {
                waiter.target = target;
            }
        }
        let removed = plan.target().difference(waiter.target);
        waiter.pending = plan.pending().union(passing);
        waiter.never = removed.difference(waiter.pending).difference(waiter.target);
        waiter.failure = plan
            .failure()
            .difference(waiter.target)
            .difference(waiter.pending);
        waiter.rollback = rollback;
        waiter.resting = resting;
        waiter.check = waiter
            .target
            .intersection(rollback)
            .difference(FAILED_STATUSES);
        let scheduled =
            periodic_events(plan.settings()).union(class_events(EventClass::TaskOutcome));
        waiter.fail_fast = Status::ALL
            .iter()
            .copied()
            .filter(|status| {
                !waiter.pending.contains(*status)
                    && !waiter.target.contains(*status)
                    && !status.is_indeterminate()
                    && status
                        .reachable_with(scheduled)
                        .intersection(waiter.target)
                        .is_empty()
            })
            .collect();
        waiter
    }
}

/// The statuses the Nova step model shows while `operation`'s own run goes on from a
/// server at rest in `vm_state` (the request's step, then its task steps while the run
/// lasts): what a poll may see on the way, such as the `ACTIVE` or `SHUTOFF` a delete of
/// a server awaiting resize confirmation shows once Nova has confirmed the resize (seen
/// in Nova 34.0.0). Second, those of them it shows with no task while the run goes on,
/// with the power state.
fn shown_on_the_way(
    operation: Operation,
    vm_state: VmState,
    launched: bool,
    microversion: Microversion,
    settings: CloudSettings,
) -> (StatusSet, Vec<(Status, PowerState)>) {
    const MAX_STEPS: usize = 12;
    // Every start the context can vary: the power state, and what a resize stashed.
    let starts = PowerState::ALL.into_iter().flat_map(|power_state| {
        [None, Some(VmState::Active), Some(VmState::Stopped)]
            .into_iter()
            .map(move |old_vm_state| NovaState {
                launched,
                power_state,
                old_vm_state,
                ..NovaState::at_rest(vm_state)
            })
    });
    let mut shown = StatusSet::EMPTY;
    let mut idle = Vec::new();
    let mut layer: Vec<NovaState> = starts
        // The microversion decides whether an evacuation of a running server stops it.
        .flat_map(|start| start.steps_at(&settings, microversion))
        .filter(|step| step.kind == StepCause::Request(operation))
        .map(|step| step.to)
        .collect();
    for _ in 0..MAX_STEPS {
        let mut next = Vec::new();
        for state in layer.into_iter().filter(|state| state.running.is_some()) {
            shown = shown.with(state.status());
            if state.task_state.is_none() {
                idle.push((state.status(), state.power_state));
            }
            next.extend(
                state
                    .steps(&settings)
                    .into_iter()
                    .filter(|step| step.kind == StepCause::Task)
                    .map(|step| step.to),
            );
        }
        if next.is_empty() {
            break;
        }
        next.sort_unstable_by_key(|state| (state.vm_state, state.task_state));
        next.dedup();
        layer = next;
    }
    (shown, idle)
}

/// The power state of a server at rest in `vm_state`, as the Nova step model has it.
fn usual_power_of(vm_state: VmState) -> PowerState {
    NovaState::at_rest(vm_state).power_state
}

fn to_u8(n: usize) -> u8 {
    u8::try_from(n).unwrap_or(u8::MAX)
}

/// The failed statuses (`ERROR`).
const FAILED_STATUSES: StatusSet = StatusSet::EMPTY.with(Status::Error);

/// The periodic outcomes `settings` turn on.
fn periodic_events(settings: CloudSettings) -> EventSet {
    settings
        .periodic_outcomes()
        .into_iter()
        .filter(|(_, timing)| *timing != Timing::Never)
        .fold(EventSet::EMPTY, |set, (event, _)| set.with(event))
}

/// What to check when a rollback of `request` ends where its success does.
const fn check_for(request: Event) -> Check {
    match request {
        Event::Resize => Check::Flavor,
        Event::Migrate
        | Event::LiveMigrate
        | Event::LiveMigrateForceComplete
        | Event::LiveMigrateAbort
        | Event::Evacuate => Check::Host,
        Event::Snapshot | Event::Backup => Check::Image,
        _ => Check::Fault,
    }
}

impl Plan {
    /// Whether *not found* (the `GET` answered 404) means this plan's request is done:
    /// a deleted server is not found, not `DELETED`. True for `delete`, `force_delete`
    /// and `soft_delete` (a soft delete of a server that never launched is a hard one,
    /// and the reclaim job finishes the others); for every other request not found is a
    /// failure.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{CloudSettings, Event, Plan, Status};
    ///
    /// let cloud = CloudSettings::default().with_reclaim_instance_interval(3600);
    /// assert!(Plan::new(Event::Delete, Status::Active, cloud)?.ends_when_not_found());
    /// assert!(!Plan::new(Event::Stop, Status::Active, cloud)?.ends_when_not_found());
    /// # Ok::<(), server_lifecycle::TransitionError>(())
    /// ```
    #[must_use]
    pub const fn ends_when_not_found(&self) -> bool {
        matches!(
            self.effective_request(),
            Event::Delete | Event::ForceDelete | Event::SoftDelete
        )
    }

    /// The verdict on a poll that found no server (404): done for a request that
    /// deletes ([`Plan::ends_when_not_found`]), failed for every other.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{CloudSettings, Event, Plan, Seen, Status, Verdict};
    ///
    /// let plan = Plan::new(Event::ForceDelete, Status::Active, CloudSettings::default())?;
    /// assert_eq!(plan.not_found(), Verdict::Done(Seen::NotFound));
    /// # Ok::<(), server_lifecycle::TransitionError>(())
    /// ```
    #[must_use]
    pub const fn not_found(&self) -> Verdict {
        if self.ends_when_not_found() {
            Verdict::Done(Seen::NotFound)
        } else {
            Verdict::Failed {
                seen: Seen::NotFound,
                reason: FailReason::NotFound,
            }
        }
    }
}
