//! [`Plan`]: what to wait for after a request, derived from the transition table.
//! Where one observation stands against a plan is [`Plan::assess`] (`client/assess.rs`).
//!
//! A plan sorts the statuses into *pending* (the request is still in progress), *target*
//! (done), *failure* (the request failed) and *fail fast* (the target can no longer be
//! reached without a new request). Nothing here lists statuses by hand: every set is
//! computed from [`TRANSITIONS`](crate::table::TRANSITIONS) and the status kinds, adjusted
//! by the [`CloudSettings`] that change paths.

use crate::client::starts::{resting_after, resting_on_the_way, success_ends};
use crate::machine::class_events;
use crate::nova::{
    default_status, status_of, Context, Microversion, Operation, TaskState, TaskStateSet, VmState,
    STATUS_OVERRIDES,
};
use crate::table;
use crate::{
    CloudSettings, Event, EventClass, EventSet, Status, StatusSet, Timing, TransitionError,
};

/// Every status of a kind, as a set.
const fn statuses_where(transitional: bool) -> StatusSet {
    let mut set = StatusSet::EMPTY;
    let mut i = 0;
    while i < Status::COUNT {
        let status = Status::ALL[i];
        let wanted = if transitional {
            status.is_transitional()
        } else {
            status.is_failed()
        };
        if wanted {
            set = set.with(status);
        }
        i += 1;
    }
    set
}

/// The transitional statuses: a task shows in the status itself.
const TRANSITIONAL: StatusSet = statuses_where(true);
/// The failed statuses (`ERROR`).
const FAILED: StatusSet = statuses_where(false);

/// The results of `event` in `status`, empty when it cannot happen there.
fn results(status: Status, event: Event) -> StatusSet {
    status.next(event).unwrap_or(StatusSet::EMPTY)
}

/// The statuses Nova shows when a request that runs under the current status replaces
/// the task that makes `status` transitional: the default statuses of the vm_states
/// that show as `status` (from the Nova status map). A delete during a soft reboot
/// (vm_state active) shows `ACTIVE` while it runs.
fn shown_under_new_task(status: Status) -> StatusSet {
    STATUS_OVERRIDES
        .iter()
        .filter(|(_, _, shown)| *shown == status)
        .map(|(vm_state, _, _)| default_status(*vm_state))
        .collect()
}

/// The task_states of `operation`'s runs from `from`: the Nova layer's task sequences
/// for every vm_state whose idle status is `from` (unshelving a shelved server powers
/// it on; an offloaded one spawns).
fn sequence_tasks(operation: Operation, from: Status) -> TaskStateSet {
    let mut tasks = TaskStateSet::EMPTY;
    let mut add = |sequence: &[Option<TaskState>]| {
        for task in sequence.iter().flatten() {
            tasks = tasks.with(Some(*task));
        }
    };
    add(operation.task_sequence());
    for vm_state in VmState::ALL {
        if default_status(vm_state) == from {
            add(operation.task_sequence_from(vm_state));
        }
    }
    tasks
}

/// The task_states Nova may show while the plan's request runs: the Nova layer's task
/// sequence of the operation, the work that follows it in the same request
/// ([`Operation::continues_with`]: a rebuilt or evacuated `STOPPED` server passes through
/// a stop; a shelve on a cloud that offloads at once goes on with the shelve_offload),
/// and the work in progress it acts on ([`Operation::acts_on_tasks`]:
/// `live_migrate_force_complete` acts on the running live migration, `migrating`).
fn plan_tasks(
    effective: Event,
    from: Status,
    settings: CloudSettings,
    microversion: Microversion,
) -> TaskStateSet {
    let Some(operation) = Operation::for_event(effective) else {
        return TaskStateSet::EMPTY;
    };
    let mut tasks = sequence_tasks(operation, from);
    let context = Context {
        shelved_offload_time: settings.shelved_offload_time(),
        evacuate_to_stopped: microversion.evacuate_stops_server(),
        ..Context::default()
    };
    for vm_state in VmState::ALL {
        if default_status(vm_state) == from {
            if let Some((next, next_from)) = operation.continues_with(vm_state, &context) {
                tasks = tasks.union(sequence_tasks(next, default_status(next_from)));
            }
        }
    }
    tasks.union(operation.acts_on_tasks())
}

/// `statuses` and every status the periodic jobs `settings` turn on move them to.
fn moved_on(statuses: StatusSet, settings: CloudSettings) -> StatusSet {
    let mut reached = statuses;
    loop {
        let mut next = reached;
        for (event, timing) in settings.periodic_outcomes() {
            if timing != Timing::Never {
                for status in reached {
                    next = next.union(results(status, event));
                }
            }
        }
        if next == reached {
            return reached;
        }
        reached = next;
    }
}

/// What a plan is derived from.
#[derive(Copy, Clone)]
struct Inputs {
    request: Event,
    effective: Event,
    from: Status,
    settings: CloudSettings,
    microversion: Microversion,
    nova_start: Option<(VmState, Context)>,
}

/// What to wait for after a request: which statuses mean the request is still in
/// progress, done, failed, or can no longer succeed.
///
/// Derived from the transition table:
///
/// * **pending**: the statuses the task shows while it runs (`REBOOT`, `RESIZED`, ...).
///   When the task runs *under* the current status (stop, pause, shelve, snapshot,
///   delete, ...: none of the request's results is transitional), the starting status is
///   pending too, because the status does not move until the task ends. That is why
///   starting from `ERROR` is not a failure for a hard reboot, a stop or a rescue.
/// * **target**: where the task settles when it succeeds (the results that are not
///   `ERROR`, followed through [`Event::Complete`]), widened by the periodic jobs the
///   [`CloudSettings`] turn on.
/// * **failure**: where its failure paths settle ([`Event::Fail`], the `ERROR` results)
///   and every failed status that is neither pending nor target.
/// * **fail fast**: every other status from which no target can be reached by outcomes
///   alone (complete, fail, the periodic jobs) — only a new request could get there.
///
/// A status can be both pending and target (a snapshot runs under `ACTIVE` and ends
/// `ACTIVE`): the status alone cannot tell, the task_state can ([`Plan::assess`]).
///
/// # Examples
///
/// ```
/// use server_lifecycle::{CloudSettings, Event, Plan, Status};
///
/// // Confirming the resize of a stopped server ends STOPPED, not ACTIVE.
/// let plan = Plan::new(Event::ConfirmResize, Status::VerifyResize, CloudSettings::NOVA_DEFAULTS)?;
/// assert_eq!(plan.pending().to_string(), "VERIFY_RESIZE");
/// assert_eq!(plan.target().to_string(), "ACTIVE, STOPPED");
/// assert_eq!(plan.failure().to_string(), "ERROR");
///
/// // With auto-confirm, a poll may never see VERIFY_RESIZE after a resize.
/// let cloud = CloudSettings::NOVA_DEFAULTS.with_resize_confirm_window(1);
/// let plan = Plan::new(Event::Resize, Status::Active, cloud)?;
/// assert_eq!(plan.target().to_string(), "ACTIVE, STOPPED, VERIFY_RESIZE");
/// # Ok::<(), server_lifecycle::TransitionError>(())
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Plan {
    request: Event,
    effective: Event,
    from: Status,
    settings: CloudSettings,
    /// The table's results of the request in `from` (`BUILDING` for a create): what the
    /// plan is derived from, again for another microversion or Nova start.
    first: StatusSet,
    pending: StatusSet,
    target: StatusSet,
    failure: StatusSet,
    fail_fast: StatusSet,
    tasks: TaskStateSet,
    microversion: Microversion,
    /// The Nova state and context of [`Plan::in_nova_state`], which decide the end.
    nova_start: Option<(VmState, Context)>,
    /// The statuses the table offers as ends that only another microversion gives.
    other_microversion_ends: StatusSet,
    /// Pending statuses where the request rests with no task before the work that
    /// follows it (a rebuild or evacuation to stopped shows `ACTIVE` before its stop).
    resting: StatusSet,
}

impl Plan {
    /// The plan for `request` made in status `from` on a cloud with `settings`.
    ///
    /// # Errors
    ///
    /// [`TransitionError::RequestRefused`] when the model refuses the request in `from`
    /// (`create` is refused everywhere: use [`Plan::create`]);
    /// [`TransitionError::OutcomeImpossible`] for an outcome that cannot occur there.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{CloudSettings, Event, Plan, Status};
    ///
    /// let plan = Plan::new(Event::Stop, Status::Error, CloudSettings::default())?;
    /// assert!(plan.pending().contains(Status::Error)); // stop runs under ERROR
    /// assert_eq!(plan.target().single(), Some(Status::Stopped));
    ///
    /// let refused = Plan::new(Event::Stop, Status::Paused, CloudSettings::default()).unwrap_err();
    /// assert!(refused.to_string().starts_with("request stop is not allowed in status PAUSED"));
    /// # Ok::<(), server_lifecycle::TransitionError>(())
    /// ```
    pub fn new(
        request: Event,
        from: Status,
        settings: CloudSettings,
    ) -> Result<Plan, TransitionError> {
        let (effective, first) = match from.next(settings.effective_request(request)) {
            Ok(first) => (settings.effective_request(request), first),
            // Report the refusal of what the caller asked for, not of its cloud's variant.
            Err(_) => (request, from.next(request)?),
        };
        Ok(Plan::derive(
            Inputs {
                request,
                effective,
                from,
                settings,
                microversion: Microversion::LATEST,
                nova_start: None,
            },
            first,
        ))
    }

    /// The plan for `request` made when Nova shows `vm_state` and `task_state`, with the
    /// remembered state that decides where the request ends (`context`: the power
    /// state, the stashed old vm_state, a volume-backed server, ...).
    ///
    /// Narrower than [`Plan::new`] where the status alone cannot decide: a confirmed
    /// resize of a powered-off server ends `STOPPED` only, a rebuild of an active server
    /// ends `ACTIVE` only, a volume-backed server's shelve ends `SHELVED_OFFLOADED`. The
    /// end comes from the Nova layer ([`Operation::success_end`]); the periodic jobs of
    /// `settings` still widen it (its `shelved_offload_time` replaces the context's).
    /// The context's `evacuate_to_stopped` says how an evacuation ends, until
    /// [`Plan::with_microversion`] sets it from a microversion. A status narrowed out of
    /// the targets where the request rests before the work that follows it is pending
    /// ([`Plan::resting`]: a rebuild of a stopped server shows `ACTIVE` before its stop).
    ///
    /// # Errors
    ///
    /// As [`Plan::new`], for the status Nova shows for (`vm_state`, `task_state`).
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::{Context, PowerState, VmState};
    /// use server_lifecycle::{CloudSettings, Event, Plan};
    ///
    /// let powered_off = Context { power_state: PowerState::Shutdown, ..Context::default() };
    /// let plan = Plan::in_nova_state(
    ///     Event::ConfirmResize, VmState::Resized, None, &powered_off, CloudSettings::default(),
    /// )?;
    /// assert_eq!(plan.target().to_string(), "STOPPED");
    /// # Ok::<(), server_lifecycle::TransitionError>(())
    /// ```
    pub fn in_nova_state(
        request: Event,
        vm_state: VmState,
        task_state: Option<TaskState>,
        context: &Context,
        settings: CloudSettings,
    ) -> Result<Plan, TransitionError> {
        let plan = Plan::new(request, status_of(vm_state, task_state), settings)?;
        if Operation::for_event(plan.effective).is_none() {
            return Ok(plan);
        }
        let context = Context {
            shelved_offload_time: settings.shelved_offload_time(),
            ..*context
        };
        Ok(Plan::derive(
            Inputs {
                nova_start: Some((vm_state, context)),
                ..plan.inputs()
            },
            plan.first,
        ))
    }

    /// This plan for a request made with compute API `microversion` (the default is
    /// [`Microversion::LATEST`]). Where Nova's behaviour depends on it, the ends only
    /// another microversion gives are no targets: from 2.95 an evacuated `ACTIVE` server
    /// is left `STOPPED` (passing through `ACTIVE` with no task before its stop, so
    /// `ACTIVE` is pending), before 2.95 it ends `ACTIVE`. For a plan made with
    /// [`Plan::in_nova_state`] the microversion replaces the context's
    /// `evacuate_to_stopped`.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::Microversion;
    /// use server_lifecycle::{CloudSettings, Event, Plan, Status};
    ///
    /// let latest = Plan::new(Event::Evacuate, Status::Active, CloudSettings::default())?;
    /// assert_eq!(latest.microversion(), Microversion::LATEST);
    /// assert_eq!(latest.target().to_string(), "STOPPED");
    /// assert_eq!(latest.pending().to_string(), "ACTIVE, REBUILD");
    ///
    /// let old = latest.with_microversion(Microversion::new(2, 94));
    /// assert_eq!(old.target().to_string(), "ACTIVE");
    ///
    /// // A stopped server stays stopped at every microversion.
    /// let stopped = Plan::new(Event::Evacuate, Status::Stopped, CloudSettings::default())?
    ///     .with_microversion(Microversion::new(2, 94));
    /// assert_eq!(stopped.target().to_string(), "ACTIVE, STOPPED");
    /// # Ok::<(), server_lifecycle::TransitionError>(())
    /// ```
    #[must_use]
    pub fn with_microversion(self, microversion: Microversion) -> Plan {
        let nova_start = self.nova_start.map(|(vm_state, context)| {
            let context = Context {
                evacuate_to_stopped: microversion.evacuate_stops_server(),
                ..context
            };
            (vm_state, context)
        });
        Plan::derive(
            Inputs {
                microversion,
                nova_start,
                ..self.inputs()
            },
            self.first,
        )
    }

    /// The pending statuses where the request rests with no task before the work that
    /// follows it in the same request: seen with no task there, the request goes on
    /// (seen in Nova 34.0.0: an evacuation at 2.95 or later, and a rebuild of a stopped
    /// server, save `active` with no task before the stop). Empty unless the plan
    /// narrowed such a status out of the targets ([`Plan::with_microversion`],
    /// [`Plan::in_nova_state`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{CloudSettings, Event, Observation, Plan, Progress, Status};
    ///
    /// let plan = Plan::new(Event::Evacuate, Status::Active, CloudSettings::default())?;
    /// assert_eq!(plan.resting().to_string(), "ACTIVE");
    /// let idle = Observation::new(Status::Active).with_task_state(None);
    /// assert_eq!(plan.assess(&idle).progress(), Progress::CannotTell);
    /// # Ok::<(), server_lifecycle::TransitionError>(())
    /// ```
    #[must_use]
    pub const fn resting(&self) -> StatusSet {
        self.resting
    }

    /// The compute API microversion the plan's request is made with
    /// ([`Plan::with_microversion`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::Microversion;
    /// use server_lifecycle::{CloudSettings, Plan};
    ///
    /// assert_eq!(Plan::create(CloudSettings::default()).microversion(), Microversion::LATEST);
    /// ```
    #[must_use]
    pub const fn microversion(&self) -> Microversion {
        self.microversion
    }

    /// What the plan was made from.
    const fn inputs(&self) -> Inputs {
        Inputs {
            request: self.request,
            effective: self.effective,
            from: self.from,
            settings: self.settings,
            microversion: self.microversion,
            nova_start: self.nova_start,
        }
    }

    /// The plan for creating a server: it starts in [`table::INITIAL`].
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{CloudSettings, Plan, Status};
    ///
    /// let plan = Plan::create(CloudSettings::default());
    /// assert_eq!(plan.pending().to_string(), "BUILDING");
    /// assert_eq!(plan.target().to_string(), "ACTIVE");
    /// assert_eq!(plan.failure().to_string(), "ERROR");
    /// ```
    #[must_use]
    pub fn create(settings: CloudSettings) -> Plan {
        let first = StatusSet::EMPTY.with(table::INITIAL);
        Plan::derive(
            Inputs {
                request: table::CREATE,
                effective: table::CREATE,
                from: table::INITIAL,
                settings,
                microversion: Microversion::LATEST,
                nova_start: None,
            },
            first,
        )
    }

    fn derive(inputs: Inputs, first: StatusSet) -> Plan {
        let Inputs {
            request,
            effective,
            from,
            settings,
            microversion,
            nova_start,
        } = inputs;
        let expected_end = nova_start.and_then(|(vm_state, context)| {
            let operation = Operation::for_event(effective)?;
            Some(default_status(operation.success_end(vm_state, &context)))
        });
        let tasks = plan_tasks(effective, from, settings, microversion);
        let mut pending = StatusSet::EMPTY;
        let mut success = first;
        if first.intersection(TRANSITIONAL).is_empty() {
            pending = pending.with(from);
            if !tasks.is_empty() {
                // The request's task replaces the one `from` shows: while it runs, the
                // server shows its vm_state's own status (the table lists that status
                // among the results, as the first thing a poll may see).
                let shown = shown_under_new_task(from);
                pending = pending.union(shown);
                if !first.difference(shown).is_empty() {
                    success = first.difference(shown);
                }
            }
        }

        // Follow the task through the transitional statuses it shows.
        let mut failed = StatusSet::EMPTY;
        let mut followed = StatusSet::EMPTY;
        loop {
            let todo = success.intersection(TRANSITIONAL).difference(followed);
            if todo.is_empty() {
                break;
            }
            for status in todo {
                followed = followed.with(status);
                success = success.union(results(status, Event::Complete));
                failed = failed.union(results(status, Event::Fail));
            }
        }
        pending = pending.union(followed);
        let settled = success.difference(TRANSITIONAL);
        let mut target = settled.difference(FAILED);
        let mut failure = failed.union(settled.intersection(FAILED));
        if target.is_empty() {
            // The request's goal is a failed status (reset_state_error, a crash dump in ERROR).
            target = settled;
        }

        // The periodic jobs the cloud runs move the targets on.
        let mut changed = true;
        while changed {
            changed = false;
            for (event, timing) in settings.periodic_outcomes() {
                if timing == Timing::Never {
                    continue;
                }
                for status in target {
                    let next = results(status, event);
                    if next.is_empty() {
                        continue;
                    }
                    if timing == Timing::AtOnce {
                        target = target.without(status);
                        pending = pending.with(status);
                        changed = true;
                    }
                    let before = (target, failure);
                    target = target.union(next.difference(FAILED));
                    failure = failure.union(next.intersection(FAILED));
                    changed |= (target, failure) != before;
                }
            }
        }

        // Where the Nova layer says the request ends, and what the periodic jobs make of
        // it: the other targets are possible only for other starting Nova states. Without
        // a Nova start, the ends only another microversion gives are no targets.
        let offload = settings.shelved_offload_time();
        let mut other_microversion_ends = StatusSet::EMPTY;
        let (narrowed, resting) = match (nova_start, expected_end) {
            (Some((vm_state, context)), Some(end)) => (
                target.intersection(moved_on(StatusSet::EMPTY.with(end), settings)),
                resting_after(effective, vm_state, &context),
            ),
            _ if request != table::CREATE => {
                let ends =
                    |version| moved_on(success_ends(effective, from, offload, version), settings);
                let elsewhere = Microversion::DISTINCT_BEHAVIOURS
                    .iter()
                    .fold(StatusSet::EMPTY, |all, version| all.union(ends(*version)));
                other_microversion_ends = target
                    .intersection(elsewhere)
                    .difference(ends(microversion));
                (
                    target.difference(other_microversion_ends),
                    resting_on_the_way(effective, from, offload, microversion),
                )
            }
            _ => (target, StatusSet::EMPTY),
        };
        let mut resting_now = StatusSet::EMPTY;
        if narrowed.is_empty() {
            other_microversion_ends = StatusSet::EMPTY;
        } else {
            // Where the request rests on its way to its end (no task, before the work
            // that follows), it is pending, not done.
            resting_now = target.difference(narrowed).intersection(resting);
            pending = pending.union(resting_now);
            target = narrowed;
        }

        let failure = failure.union(FAILED).difference(target).difference(pending);
        let mut plan = Plan {
            request,
            effective,
            from,
            settings,
            first,
            pending,
            target,
            failure,
            fail_fast: StatusSet::EMPTY,
            tasks,
            resting: resting_now,
            microversion,
            nova_start,
            other_microversion_ends,
        };
        plan.fail_fast = Status::ALL
            .iter()
            .copied()
            .filter(|status| {
                !pending.contains(*status)
                    && !target.contains(*status)
                    && !status.is_indeterminate()
                    && plan
                        .reachable_by_outcomes(*status)
                        .intersection(target)
                        .is_empty()
            })
            .collect();
        plan
    }

    /// The outcomes that happen without a new request on this plan's cloud: a task
    /// completes or fails ([`EventClass::TaskOutcome`]), and the periodic jobs the
    /// settings turn on. Lost contact and the hypervisor's power-off are accidents, not
    /// part of any plan.
    fn scheduled_outcomes(&self) -> EventSet {
        self.settings
            .periodic_outcomes()
            .into_iter()
            .filter(|(_, timing)| *timing != Timing::Never)
            .fold(class_events(EventClass::TaskOutcome), |all, (event, _)| {
                all.with(event)
            })
    }

    /// Every status reachable from `status` by scheduled outcomes alone, itself included.
    fn reachable_by_outcomes(&self, status: Status) -> StatusSet {
        status.reachable_with(self.scheduled_outcomes())
    }

    /// The request, as the caller asked for it.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{CloudSettings, Event, Plan, Status};
    ///
    /// let plan = Plan::new(Event::Reboot, Status::Active, CloudSettings::default())?;
    /// assert_eq!(plan.request(), Event::Reboot);
    /// # Ok::<(), server_lifecycle::TransitionError>(())
    /// ```
    #[must_use]
    pub const fn request(&self) -> Event {
        self.request
    }

    /// The event the cloud runs for the request ([`CloudSettings::effective_request`]):
    /// `soft_delete` for a `delete` on a cloud with a reclaim interval.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{CloudSettings, Event, Plan, Status};
    ///
    /// let cloud = CloudSettings::default().with_reclaim_instance_interval(3600);
    /// let plan = Plan::new(Event::Delete, Status::Active, cloud)?;
    /// assert_eq!(plan.effective_request(), Event::SoftDelete);
    /// assert_eq!(plan.target().to_string(), "DELETED, SOFT_DELETED");
    /// # Ok::<(), server_lifecycle::TransitionError>(())
    /// ```
    #[must_use]
    pub const fn effective_request(&self) -> Event {
        self.effective
    }

    /// The status the request was made in.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{CloudSettings, Plan, Status};
    ///
    /// assert_eq!(Plan::create(CloudSettings::default()).from(), Status::Building);
    /// ```
    #[must_use]
    pub const fn from(&self) -> Status {
        self.from
    }

    /// The cloud settings the plan was made for.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{CloudSettings, Plan};
    ///
    /// assert_eq!(Plan::create(CloudSettings::default()).settings(), CloudSettings::NOVA_DEFAULTS);
    /// ```
    #[must_use]
    pub const fn settings(&self) -> CloudSettings {
        self.settings
    }

    /// The statuses that mean *still in progress*.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{CloudSettings, Event, Plan, Status};
    ///
    /// let plan = Plan::new(Event::Rebuild, Status::Stopped, CloudSettings::default())?;
    /// assert_eq!(plan.pending().to_string(), "REBUILD");
    /// # Ok::<(), server_lifecycle::TransitionError>(())
    /// ```
    #[must_use]
    pub const fn pending(&self) -> StatusSet {
        self.pending
    }

    /// The statuses that mean *done*.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{CloudSettings, Event, Plan, Status};
    ///
    /// let plan = Plan::new(Event::Shelve, Status::Active, CloudSettings::default())?;
    /// assert_eq!(plan.target().to_string(), "SHELVED_OFFLOADED"); // offload at once
    /// # Ok::<(), server_lifecycle::TransitionError>(())
    /// ```
    #[must_use]
    pub const fn target(&self) -> StatusSet {
        self.target
    }

    /// The statuses that mean *the request failed*.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{CloudSettings, Event, Plan, Status};
    ///
    /// // Without auto-confirm, ACTIVE after a resize means it was rolled back.
    /// let plan = Plan::new(Event::Resize, Status::Active, CloudSettings::default())?;
    /// assert_eq!(plan.failure().to_string(), "ACTIVE, ERROR, STOPPED");
    /// # Ok::<(), server_lifecycle::TransitionError>(())
    /// ```
    #[must_use]
    pub const fn failure(&self) -> StatusSet {
        self.failure
    }

    /// The statuses that are neither pending nor target and from which no target can be
    /// reached without a new request: stop waiting.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{CloudSettings, Event, Plan, Status};
    ///
    /// let plan = Plan::new(Event::Reboot, Status::Active, CloudSettings::default())?;
    /// assert!(plan.fail_fast().contains(Status::Deleted));
    /// assert!(plan.fail_fast().contains(Status::Error));
    /// assert!(!plan.fail_fast().contains(Status::Rebuild)); // a rebuild ends ACTIVE
    /// # Ok::<(), server_lifecycle::TransitionError>(())
    /// ```
    #[must_use]
    pub const fn fail_fast(&self) -> StatusSet {
        self.fail_fast
    }

    /// The statuses that are both pending and target: only the task_state tells.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{CloudSettings, Event, Plan, Status};
    ///
    /// let plan = Plan::new(Event::Snapshot, Status::Active, CloudSettings::default())?;
    /// assert_eq!(plan.ambiguous().to_string(), "ACTIVE");
    /// # Ok::<(), server_lifecycle::TransitionError>(())
    /// ```
    #[must_use]
    pub const fn ambiguous(&self) -> StatusSet {
        self.pending.intersection(self.target)
    }

    /// Whether the task runs under the starting status (no result of the request is a
    /// transitional status), so the status does not move until the task ends.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{CloudSettings, Event, Plan, Status};
    ///
    /// let stop = Plan::new(Event::Stop, Status::Active, CloudSettings::default())?;
    /// assert!(stop.runs_under_start());
    /// let reboot = Plan::new(Event::Reboot, Status::Active, CloudSettings::default())?;
    /// assert!(!reboot.runs_under_start());
    /// # Ok::<(), server_lifecycle::TransitionError>(())
    /// ```
    #[must_use]
    pub const fn runs_under_start(&self) -> bool {
        self.first.intersection(TRANSITIONAL).is_empty()
    }

    /// Whether Nova sets a task_state for the request (not for `confirm_resize`,
    /// `trigger_crash_dump`, `live_migrate_abort` and the admin resets).
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{CloudSettings, Event, Plan, Status};
    ///
    /// let confirm = Plan::new(Event::ConfirmResize, Status::VerifyResize, CloudSettings::default())?;
    /// assert!(!confirm.sets_task_state());
    /// # Ok::<(), server_lifecycle::TransitionError>(())
    /// ```
    #[must_use]
    pub fn sets_task_state(&self) -> bool {
        !self.tasks.is_empty()
    }

    /// Whether `task` is one of the task_states the request sets while it runs.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::TaskState;
    /// use server_lifecycle::{CloudSettings, Event, Plan, Status};
    ///
    /// let plan = Plan::new(Event::Stop, Status::Active, CloudSettings::default())?;
    /// assert!(plan.is_own_task(TaskState::PoweringOff));
    /// assert!(!plan.is_own_task(TaskState::Pausing));
    /// # Ok::<(), server_lifecycle::TransitionError>(())
    /// ```
    #[must_use]
    pub fn is_own_task(&self, task: TaskState) -> bool {
        self.tasks.contains(Some(task))
    }

    /// Explanations of the plan: how the settings changed it, and the table notes of the
    /// rows it follows.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{CloudSettings, Event, Plan, Status};
    ///
    /// let plan = Plan::new(Event::Stop, Status::Active, CloudSettings::default())?;
    /// assert!(plan.notes().iter().any(|note| note.contains("powering-off")));
    /// # Ok::<(), server_lifecycle::TransitionError>(())
    /// ```
    #[must_use]
    pub fn notes(&self) -> Vec<String> {
        let mut notes: Vec<String> = Vec::new();
        let mut add = |note: String| {
            if !note.is_empty() && !notes.contains(&note) {
                notes.push(note);
            }
        };
        if self.effective != self.request {
            add(format!(
                "{} is a {} on this cloud (reclaim interval above 0)",
                self.request, self.effective
            ));
        }
        if self.runs_under_start() && self.sets_task_state() {
            add(format!(
                "{} runs under {}: the status does not move until the task ends, so only the task_state tells whether it still runs",
                self.effective, self.from
            ));
        } else if self.runs_under_start() {
            add(format!(
                "{} runs under {} and sets no task_state: {} means it still runs",
                self.effective, self.from, self.from
            ));
        }
        if !self.other_microversion_ends.is_empty() {
            let why = if self.microversion.evacuate_stops_server() {
                "from 2.95 Nova leaves an evacuated server stopped, and it shows ACTIVE with no task before the stop"
            } else {
                "before 2.95 an evacuated server keeps running"
            };
            add(format!(
                "at microversion {} {} does not end {}: {why}",
                self.microversion, self.effective, self.other_microversion_ends
            ));
        }
        let ambiguous = self.ambiguous();
        if !ambiguous.is_empty() {
            add(format!(
                "{ambiguous} is both pending and target: cannot tell without task_state"
            ));
        }
        let mut rows: Vec<&table::Transition> = Vec::new();
        if self.request != table::CREATE {
            rows.extend(
                table::transitions()
                    .filter(|row| row.from() == self.from && row.event() == self.effective),
            );
        }
        for status in self.pending.intersection(TRANSITIONAL) {
            rows.extend(table::transitions().filter(|row| {
                row.from() == status && row.event().class() == EventClass::TaskOutcome
            }));
        }
        for (event, timing) in self.settings.periodic_outcomes() {
            if timing == Timing::Never {
                continue;
            }
            for row in table::transitions().filter(|row| row.event() == event) {
                if self.target.union(self.pending).contains(row.from())
                    && !row.to().intersection(self.target).is_empty()
                {
                    add(format!(
                        "{} ({}): {} may be followed by {}",
                        event,
                        timing,
                        row.from(),
                        row.to()
                    ));
                    rows.push(row);
                }
            }
        }
        for row in rows {
            add(row.note().to_owned());
        }
        notes
    }
}
