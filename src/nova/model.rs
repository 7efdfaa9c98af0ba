//! [`NovaState`]: a server in Nova's detail, and the steps it can take — requests, the
//! task sequences of `facts.json`, and the background transitions — each labelled with
//! the status-layer [`Event`] it realises.

use super::operations_table::{row_of, running, Power, Stash};
use super::{
    default_status, status_of, Context, Microversion, Operation, PowerState, TaskState, VmState,
};
use crate::{CloudSettings, Event, Status};

/// How the API shows the server, beyond its (vm_state, task_state).
///
/// # Examples
///
/// ```
/// use server_lifecycle::nova::{NovaState, Visibility};
/// use server_lifecycle::Status;
///
/// let down = NovaState { visibility: Visibility::CellDown, ..NovaState::created(false) };
/// assert_eq!(down.status(), Status::Unknown);
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Visibility {
    /// The record is read normally: the status is `status_of(vm_state, task_state)`.
    Shown,
    /// The server's cell cannot be reached: the API shows `UNKNOWN` and cannot act on
    /// it; work inside the cell goes on unseen.
    CellDown,
    /// The record's vm_state is a string Nova does not know (a bad upgrade or a
    /// corrupted database): the API shows `UNKNOWN` and only guards that accept any
    /// vm_state pass. The `vm_state` field is then meaningless.
    UnknownVmState,
}

/// A server in Nova's detail: the three state dimensions plus what Nova remembers
/// elsewhere that decides where operations end.
///
/// Fields are public: this is a model value, and tests and callers build the states they
/// want to ask about. [`NovaState::steps`] never produces a state that Nova could not be
/// in from [`NovaState::created`].
///
/// # Examples
///
/// ```
/// use server_lifecycle::nova::NovaState;
/// use server_lifecycle::CloudSettings;
/// use server_lifecycle::{Event, Status};
///
/// let mut state = NovaState::created(false);
/// assert_eq!(state.status(), Status::Building);
/// // Follow the build to the end.
/// while state.status() == Status::Building {
///     let steps = state.steps(&CloudSettings::NOVA_DEFAULTS);
///     let done = steps.iter().find(|step| step.label == Some(Event::Complete)).unwrap();
///     state = done.to;
/// }
/// assert_eq!(state.status(), Status::Active);
/// assert!(state.launched);
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct NovaState {
    /// `vm_state`.
    pub vm_state: VmState,
    /// `task_state` (`None`: no task).
    pub task_state: Option<TaskState>,
    /// `power_state` as last synced to the database.
    pub power_state: PowerState,
    /// Whether `launched_at` is set.
    pub launched: bool,
    /// `system_metadata['old_vm_state']`, stashed by resize and suspend.
    pub old_vm_state: Option<VmState>,
    /// Whether the server boots from a volume.
    pub volume_backed: bool,
    /// The running evacuation asked for `target_state=stopped` (2.95+).
    pub evacuate_to_stopped: bool,
    /// The operation whose work is in progress, when known; otherwise it is inferred
    /// from the task_state ([`NovaState::running_operation`]).
    pub running: Option<Operation>,
    /// How the API shows the server.
    pub visibility: Visibility,
}

/// What kind of step a [`NovaStep`] is.
///
/// # Examples
///
/// ```
/// use server_lifecycle::nova::{NovaState, Operation, StepCause};
/// use server_lifecycle::CloudSettings;
///
/// let steps = NovaState::created(false).steps(&CloudSettings::NOVA_DEFAULTS);
/// assert!(steps.iter().any(|step| step.kind == StepCause::Request(Operation::Delete)));
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum StepCause {
    /// The API accepted a request (its guard passed).
    Request(Operation),
    /// The work in progress moved on: the next task_state, its success or its failure
    /// (including what a compute restart does to it).
    Task,
    /// Something outside any request: the hypervisor, a periodic job, the power-state
    /// sync, contact with the cell.
    Background,
}

/// One step of a [`NovaState`].
///
/// # Examples
///
/// ```
/// use server_lifecycle::nova::NovaState;
/// use server_lifecycle::CloudSettings;
///
/// let step = NovaState::created(false).steps(&CloudSettings::NOVA_DEFAULTS)[0];
/// assert!(step.to != NovaState::created(false));
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct NovaStep {
    /// The status-layer event the step realises, or `None` for steps the status layer
    /// does not see (the hypervisor changing the power state).
    ///
    /// Requests are labelled with the request. A task that runs under its own status
    /// (`REBOOT`, `REBUILD`, `BUILDING`, ...) ends with `complete` or `fail`; a task
    /// that runs under the vm_state's status (stop, pause, delete, shelve, ...: Nova
    /// shows the vm_state's default status) ends with the request's label, so the
    /// invisible completion of `stop` is labelled `stop`. Judgements:
    ///
    /// * the internal stop after rebuilding (or evacuating) a server to stopped is
    ///   labelled `stop`;
    /// * the immediate offload after a shelve with `shelved_offload_time` 0 is labelled
    ///   `shelve_offload`;
    /// * the hard delete that replaces a soft delete of a server that never launched is
    ///   labelled `delete` after its request step;
    /// * Ironic's power-update events are labelled `start` (power on) and `power_off`;
    /// * a record turning up with an unknown vm_state is labelled `contact_lost`.
    pub label: Option<Event>,
    /// What kind of step it is.
    pub kind: StepCause,
    /// The state after the step.
    pub to: NovaState,
}

use Operation as O;
use TaskState as T;
use VmState as V;

impl NovaState {
    /// A server just created (`POST /servers`): `building` / `scheduling`, power state
    /// NOSTATE, never launched.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::{NovaState, TaskState, VmState};
    ///
    /// let state = NovaState::created(true);
    /// assert_eq!((state.vm_state, state.task_state), (VmState::Building, Some(TaskState::Scheduling)));
    /// assert!(state.volume_backed && !state.launched);
    /// ```
    #[must_use]
    pub const fn created(volume_backed: bool) -> NovaState {
        NovaState {
            vm_state: V::Building,
            task_state: Some(T::Scheduling),
            power_state: PowerState::NoState,
            launched: false,
            old_vm_state: None,
            volume_backed,
            evacuate_to_stopped: false,
            running: Some(O::Create),
            visibility: Visibility::Shown,
        }
    }

    /// A launched server at rest in `vm_state` with no task, its power state the one
    /// that vm_state usually has.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::{NovaState, PowerState, VmState};
    /// use server_lifecycle::Status;
    ///
    /// let state = NovaState::at_rest(VmState::Stopped);
    /// assert_eq!(state.power_state, PowerState::Shutdown);
    /// assert_eq!(state.status(), Status::Stopped);
    /// ```
    #[must_use]
    pub const fn at_rest(vm_state: VmState) -> NovaState {
        NovaState {
            vm_state,
            task_state: None,
            power_state: usual_power(vm_state),
            launched: true,
            old_vm_state: None,
            volume_backed: false,
            evacuate_to_stopped: false,
            running: None,
            visibility: Visibility::Shown,
        }
    }

    /// The status the API shows.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::{NovaState, TaskState, VmState};
    /// use server_lifecycle::Status;
    ///
    /// let state = NovaState { task_state: Some(TaskState::Rebooting), ..NovaState::at_rest(VmState::Active) };
    /// assert_eq!(state.status(), Status::Reboot);
    /// ```
    #[must_use]
    pub fn status(&self) -> Status {
        match self.visibility {
            Visibility::Shown => status_of(self.vm_state, self.task_state),
            Visibility::CellDown | Visibility::UnknownVmState => Status::Unknown,
        }
    }

    /// The inputs that decide where the running operation ends.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::{NovaState, VmState};
    /// use server_lifecycle::CloudSettings;
    ///
    /// let context = NovaState::at_rest(VmState::Active).context(&CloudSettings::NOVA_DEFAULTS);
    /// assert!(context.launched && context.shelve_offloads_at_once());
    /// ```
    #[must_use]
    pub const fn context(&self, settings: &CloudSettings) -> Context {
        Context {
            power_state: self.power_state,
            old_vm_state: self.old_vm_state,
            shelved_offload_time: settings.shelved_offload_time(),
            volume_backed: self.volume_backed,
            evacuate_to_stopped: self.evacuate_to_stopped,
            launched: self.launched,
        }
    }

    /// The operation whose work is in progress: [`NovaState::running`] when set, else
    /// the one the task_state belongs to (`image_pending_upload` and `image_uploading`
    /// count as a snapshot; `powering-on` on a shelved server as an unshelve; a building
    /// server's build), looked up in a table computed from the operations' task
    /// sequences. `None` when nothing runs.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::{NovaState, Operation, TaskState, VmState};
    ///
    /// let state = NovaState { task_state: Some(TaskState::PoweringOff), ..NovaState::at_rest(VmState::Active) };
    /// assert_eq!(state.running_operation(), Some(Operation::Stop));
    /// assert_eq!(NovaState::at_rest(VmState::Active).running_operation(), None);
    /// ```
    #[must_use]
    pub const fn running_operation(&self) -> Option<Operation> {
        if let Some(operation) = self.running {
            return Some(operation);
        }
        running(self.vm_state, self.task_state)
    }

    /// Every step this state can take under `settings`: the requests Nova's guards
    /// accept (with each variant Nova may take: a local delete when the compute host is
    /// down, evacuate with or without `target_state=stopped`, ...), the next task of the
    /// work in progress, its success or failure, and the background transitions
    /// (hypervisor power changes, power-state sync, periodic confirm / offload /
    /// reclaim, build timeout, compute restart recovery, contact lost and restored).
    ///
    /// Requests that never change the vm_state or task_state (volumes, interfaces,
    /// metadata, lock, ...) are left out. A deleted server the API can see takes no
    /// step (Nova answers 404).
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::{NovaState, Operation, StepCause, VmState};
    /// use server_lifecycle::CloudSettings;
    /// use server_lifecycle::{Event, Status};
    ///
    /// let steps = NovaState::at_rest(VmState::Active).steps(&CloudSettings::NOVA_DEFAULTS);
    /// let stop = steps.iter().find(|s| s.kind == StepCause::Request(Operation::Stop)).unwrap();
    /// assert_eq!(stop.label, Some(Event::Stop));
    /// // Stop runs under ACTIVE...
    /// assert_eq!(stop.to.status(), Status::Active);
    /// // ...and its invisible completion is labelled stop too.
    /// let done = stop.to.steps(&CloudSettings::NOVA_DEFAULTS).into_iter()
    ///     .find(|s| s.to.status() == Status::Stopped).unwrap();
    /// assert_eq!(done.label, Some(Event::Stop));
    /// ```
    #[must_use]
    pub fn steps(&self, settings: &CloudSettings) -> Vec<NovaStep> {
        let mut steps = Vec::new();
        if self.vm_state == V::Deleted && self.visibility == Visibility::Shown {
            return steps;
        }
        match self.visibility {
            Visibility::Shown => {
                for operation in Operation::ALL {
                    self.request(operation, &mut steps);
                }
                self.task_steps(settings, &mut steps);
                self.background(settings, &mut steps);
                let lost = NovaState {
                    visibility: Visibility::CellDown,
                    ..*self
                };
                steps.push(background(Some(Event::ContactLost), lost));
                if self.task_state.is_none() && self.running.is_none() {
                    let corrupted = NovaState {
                        visibility: Visibility::UnknownVmState,
                        ..*self
                    };
                    steps.push(background(Some(Event::ContactLost), corrupted));
                }
            }
            Visibility::CellDown => {
                let restored = NovaState {
                    visibility: Visibility::Shown,
                    ..*self
                };
                steps.push(background(Some(Event::ContactRestored), restored));
                self.task_steps(settings, &mut steps);
                self.background(settings, &mut steps);
            }
            Visibility::UnknownVmState => {
                for operation in Operation::ALL {
                    self.request(operation, &mut steps);
                }
                self.task_steps(settings, &mut steps);
            }
        }
        steps
    }

    /// The steps of [`NovaState::steps`] for requests made with API `microversion`:
    /// an evacuation of a server that is neither stopped nor in error is left stopped
    /// from 2.95 ([`Microversion::evacuate_stops_server`]) and keeps running before, so
    /// only that one of the two evacuate steps remains. [`NovaState::steps`] offers both
    /// (any microversion).
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::{Microversion, NovaState, Operation, StepCause, VmState};
    /// use server_lifecycle::CloudSettings;
    ///
    /// let active = NovaState::at_rest(VmState::Active);
    /// let evacuations = |steps: Vec<_>| -> Vec<bool> {
    ///     steps.into_iter()
    ///         .filter(|s: &server_lifecycle::nova::NovaStep| s.kind == StepCause::Request(Operation::Evacuate))
    ///         .map(|s| s.to.evacuate_to_stopped)
    ///         .collect()
    /// };
    /// let settings = CloudSettings::NOVA_DEFAULTS;
    /// assert_eq!(evacuations(active.steps(&settings)), [false, true]);
    /// assert_eq!(evacuations(active.steps_at(&settings, Microversion::LATEST)), [true]);
    /// assert_eq!(evacuations(active.steps_at(&settings, Microversion::new(2, 94))), [false]);
    /// ```
    #[must_use]
    pub fn steps_at(&self, settings: &CloudSettings, microversion: Microversion) -> Vec<NovaStep> {
        let stops = microversion.evacuate_stops_server();
        let mut steps = self.steps(settings);
        if !matches!(self.vm_state, V::Stopped | V::Error) {
            steps.retain(|step| {
                step.kind != StepCause::Request(O::Evacuate) || step.to.evacuate_to_stopped == stops
            });
        }
        steps
    }

    /// Whether the API accepts `operation` now.
    fn accepts(&self, operation: Operation) -> bool {
        let guard = operation.guard();
        match self.visibility {
            Visibility::Shown => guard.accepts(self.vm_state, self.task_state, self.launched),
            Visibility::CellDown => false,
            Visibility::UnknownVmState => {
                guard.vm_states().is_none()
                    && guard
                        .task_states()
                        .is_none_or(|tasks| tasks.contains(self.task_state))
                    && (self.launched || !guard.must_have_launched())
            }
        }
    }

    /// This state with the work of `operation` started: the first task_state of its
    /// sequence from this vm_state.
    fn starting(&self, operation: Operation) -> NovaState {
        let first = operation.task_sequence_from(self.vm_state).first();
        NovaState {
            task_state: first.copied().flatten(),
            running: Some(operation),
            ..*self
        }
    }

    /// This state settled in `vm_state` with no task and nothing running.
    const fn settled(&self, vm_state: VmState) -> NovaState {
        NovaState {
            vm_state,
            task_state: None,
            running: None,
            evacuate_to_stopped: false,
            // Settling writes a known vm_state; a cell that is down stays down.
            visibility: match self.visibility {
                Visibility::UnknownVmState => Visibility::Shown,
                visibility => visibility,
            },
            ..*self
        }
    }

    /// The request steps of `operation`, if the guard accepts it.
    fn request(&self, operation: Operation, steps: &mut Vec<NovaStep>) {
        let Some(label) = request_label(operation) else {
            return;
        };
        // A soft delete of a server that never launched falls back to a hard delete
        // (the API catches the soft delete's InstanceInvalidState).
        let checked = match operation {
            O::SoftDelete if !self.launched => O::Delete,
            _ => operation,
        };
        if !self.accepts(checked) {
            return;
        }
        let mut push = |to: NovaState| {
            steps.push(NovaStep {
                label: Some(label),
                kind: StepCause::Request(operation),
                to,
            });
        };
        let deleting = matches!(self.task_state, Some(T::Deleting | T::SoftDeleting));
        match operation {
            O::Create => {}
            O::Delete | O::ForceDelete | O::SoftDelete if deleting => {
                // Nova ignores a delete while one is already running.
            }
            // An offloaded server has no host: the API deletes it locally, at once (it
            // saves the delete's task first, seen in Nova 34.0.0).
            O::Delete | O::ForceDelete | O::SoftDelete if !self.has_host() => {
                if operation == O::SoftDelete && self.launched {
                    push(self.settled(V::SoftDeleted));
                    push(self.starting(O::SoftDelete));
                } else {
                    push(self.local_delete());
                    push(self.starting(O::Delete));
                }
            }
            O::Delete | O::ForceDelete => {
                push(self.starting(O::Delete));
                push(self.local_delete());
            }
            O::SoftDelete if !self.launched => {
                // The API falls back to a hard delete.
                push(self.starting(O::Delete));
                push(self.local_delete());
            }
            O::SoftDelete => {
                push(self.starting(O::SoftDelete));
                push(self.settled(V::SoftDeleted));
            }
            O::Restore => {
                push(self.starting(O::Restore));
                // No host: the API makes it active at once.
                push(NovaState {
                    power_state: PowerState::Running,
                    ..self.settled(V::Active)
                });
            }
            O::ConfirmResize => {
                let end = operation
                    .success_end(self.vm_state, &self.context(&CloudSettings::NOVA_DEFAULTS));
                push(NovaState {
                    old_vm_state: None,
                    ..self.settled(end)
                });
                push(NovaState {
                    old_vm_state: None,
                    ..self.settled(V::Error)
                });
            }
            O::ResetStateActive | O::ResetStateError => {
                let end = operation
                    .success_end(self.vm_state, &self.context(&CloudSettings::NOVA_DEFAULTS));
                push(self.settled(end));
            }
            O::LiveMigrateAbort => push(self.settled(self.vm_state)),
            O::LiveMigrateForceComplete | O::TriggerCrashDump => push(*self),
            _ if row_of(operation)
                .needs_power
                .is_some_and(|power| power != self.power_state) => {}
            O::Evacuate => {
                let started = self.starting(O::Evacuate);
                push(started);
                if !matches!(self.vm_state, V::Stopped | V::Error) {
                    push(NovaState {
                        evacuate_to_stopped: true,
                        ..started
                    });
                }
            }
            _ if row_of(operation).stash == Stash::Saves => push(NovaState {
                old_vm_state: Some(self.vm_state),
                ..self.starting(operation)
            }),
            _ => push(self.starting(operation)),
        }
    }

    /// Whether the server has a compute host the API can hand work to (an offloaded
    /// server has none, whatever its task).
    const fn has_host(&self) -> bool {
        !matches!(self.vm_state, V::ShelvedOffloaded)
    }

    /// A delete done by the API alone (compute host down, no host, offloaded).
    const fn local_delete(&self) -> NovaState {
        NovaState {
            power_state: PowerState::NoState,
            ..self.settled(V::Deleted)
        }
    }

    /// The next task, the success and the failures of the work in progress.
    fn task_steps(&self, settings: &CloudSettings, steps: &mut Vec<NovaStep>) {
        let Some(operation) = self.running_operation() else {
            return;
        };
        if self.handover_steps(operation, settings, steps) {
            return;
        }
        let sequence = operation.task_sequence_from(self.vm_state);
        let Some(position) = sequence.iter().position(|task| *task == self.task_state) else {
            return;
        };
        let Some(next) = sequence.get(position + 1) else {
            return;
        };
        let label = |success: bool| self.continuation_label(operation, success);
        if position + 2 < sequence.len() {
            steps.push(task_step(
                label(true),
                NovaState {
                    task_state: *next,
                    running: Some(operation),
                    ..*self
                },
            ));
        } else {
            steps.push(task_step(label(true), self.success(operation, settings)));
        }
        for vm_state in operation.failure_ends(self.vm_state).iter() {
            steps.push(task_step(label(false), self.failed(vm_state)));
        }
        self.reschedule(operation, steps);
        self.restart_recovery(operation, steps);
    }

    /// A build that fails on its compute host is rescheduled to an alternate host (seen
    /// in Nova 34.0.0): `_do_build_and_run_instance` catches `RescheduledException`,
    /// saves the task `scheduling` and hands the build back to the conductor, which goes
    /// on with the next host the scheduler offered (or sets `error` when none is left,
    /// the build's failure step).
    fn reschedule(&self, operation: Operation, steps: &mut Vec<NovaStep>) {
        if operation == O::Create
            && matches!(
                self.task_state,
                Some(T::BlockDeviceMapping | T::Networking | T::Spawning)
            )
        {
            steps.push(task_step(
                self.continuation_label(operation, false),
                NovaState {
                    task_state: Some(T::Scheduling),
                    running: Some(operation),
                    ..*self
                },
            ));
        }
    }

    /// Work that hands over to another step with no task in between (seen in Nova
    /// 34.0.0): the API confirms a resize before it deletes the server (the confirm
    /// clears the delete's task; a soft delete sets its task again), and a rebuild or
    /// evacuation to stopped saves the server active with no task before its stop.
    /// Returns whether `operation`'s steps are these.
    fn handover_steps(
        &self,
        operation: Operation,
        settings: &CloudSettings,
        steps: &mut Vec<NovaStep>,
    ) -> bool {
        let deleting = matches!(self.task_state, Some(T::Deleting | T::SoftDeleting));
        let shown = self.visibility != Visibility::UnknownVmState;
        match operation {
            // The API deletes an offloaded server itself: no compute, no failure.
            O::Delete | O::SoftDelete if !self.has_host() && deleting => {
                let end = if operation == O::SoftDelete {
                    self.settled(V::SoftDeleted)
                } else {
                    self.local_delete()
                };
                steps.push(task_step(request_label(operation), end));
                true
            }
            O::Delete | O::SoftDelete if self.vm_state == V::Resized && deleting && shown => {
                let end = O::ConfirmResize.success_end(self.vm_state, &self.context(settings));
                steps.push(task_step(
                    Some(Event::ConfirmResize),
                    NovaState {
                        old_vm_state: None,
                        running: Some(operation),
                        ..self.settled(end)
                    },
                ));
                let label = self.continuation_label(operation, false);
                for vm_state in operation.failure_ends(self.vm_state).iter() {
                    steps.push(task_step(label, self.failed(vm_state)));
                }
                true
            }
            // The delete goes on after the confirm with no task shown: it ends deleted, or
            // in ERROR when terminating the guest fails.
            O::Delete if self.task_state.is_none() => {
                steps.push(task_step(Some(Event::Delete), self.local_delete()));
                steps.push(task_step(Some(Event::Delete), self.failed(V::Error)));
                true
            }
            O::SoftDelete if self.task_state.is_none() => {
                let again = self.starting(O::SoftDelete);
                steps.push(task_step(Some(Event::SoftDelete), again));
                true
            }
            O::Stop if self.task_state.is_none() && self.vm_state == V::Active => {
                steps.push(task_step(Some(Event::Stop), self.starting(O::Stop)));
                true
            }
            _ => false,
        }
    }

    /// The label of a step that continues, completes or fails `operation`'s work.
    fn continuation_label(&self, operation: Operation, success: bool) -> Option<Event> {
        let own_status = status_of(self.vm_state, self.task_state) != default_status(self.vm_state)
            || operation == O::Create;
        if own_status && self.visibility != Visibility::UnknownVmState {
            Some(if success {
                Event::Complete
            } else {
                Event::Fail
            })
        } else {
            request_label(operation)
        }
    }

    /// The state after `operation`'s work succeeds.
    fn success(&self, operation: Operation, settings: &CloudSettings) -> NovaState {
        let context = self.context(settings);
        if let Some((next, from)) = operation.continues_with(self.vm_state, &context) {
            // The request goes on with `next`'s run from `from`: at once, or after the
            // server is saved at rest there (then `handover_steps` starts `next`).
            let at_rest = self.settled(from);
            let continued = if operation.continues_at_rest_first() {
                NovaState {
                    running: Some(next),
                    ..at_rest
                }
            } else {
                at_rest.starting(next)
            };
            return NovaState {
                power_state: usual_power(from),
                ..continued
            };
        }
        let row = row_of(operation);
        let end = operation.success_end(self.vm_state, &context);
        let settled = self.settled(end);
        let shutdown_if = |stopped: bool| {
            if stopped {
                PowerState::Shutdown
            } else {
                PowerState::Running
            }
        };
        let power_state = match row.power {
            Power::Kept => settled.power_state,
            Power::OfEnd => usual_power(end),
            Power::Launched => PowerState::Running,
            Power::ShutdownIfEndStopped => shutdown_if(end == V::Stopped),
            Power::ShutdownIfWasStopped => shutdown_if(self.old_vm_state == Some(V::Stopped)),
        };
        NovaState {
            power_state,
            launched: settled.launched || matches!(row.power, Power::Launched),
            old_vm_state: match row.stash {
                Stash::Consumes => None,
                Stash::Kept | Stash::Saves => settled.old_vm_state,
            },
            ..settled
        }
    }

    /// The state after the work in progress fails and ends in `vm_state`. A failure
    /// that leaves the vm_state alone leaves an unknown vm_state unknown.
    fn failed(&self, vm_state: VmState) -> NovaState {
        let settled = self.settled(vm_state);
        if self.visibility == Visibility::UnknownVmState && vm_state == self.vm_state {
            NovaState {
                visibility: Visibility::UnknownVmState,
                ..settled
            }
        } else {
            settled
        }
    }

    /// What a compute restart (`_init_instance`) does to the work in progress, where it
    /// differs from carrying on: it errors out builds and rebuilds, clears image and
    /// resize_prep tasks, reverts resize_migrating, resets migrating, and marks a reboot
    /// whose guest runs as done.
    fn restart_recovery(&self, operation: Operation, steps: &mut Vec<NovaStep>) {
        let Some(task) = self.task_state else {
            return;
        };
        let label = self.continuation_label(operation, false);
        let to = match task {
            // A build task, also an offloaded server's spawn during unshelve.
            T::Scheduling | T::BlockDeviceMapping | T::Networking | T::Spawning => {
                self.failed(V::Error)
            }
            T::Rebuilding | T::RebuildBlockDeviceMapping | T::RebuildSpawning
                if matches!(self.vm_state, V::Active | V::Stopped) =>
            {
                self.failed(V::Error)
            }
            T::ImageSnapshotPending
            | T::ImagePendingUpload
            | T::ImageUploading
            | T::ImageSnapshot
            | T::ResizePrep
                if self.vm_state as u8 != V::Error as u8 =>
            {
                self.failed(self.vm_state)
            }
            T::ResizeMigrating | T::Migrating => self.failed(self.vm_state),
            T::RebootStarted | T::Rebooting | T::RebootStartedHard | T::RebootingHard
                if self.power_state as u8 == PowerState::Running as u8 =>
            {
                self.failed(V::Active)
            }
            T::Pausing if self.power_state as u8 == PowerState::Running as u8 => {
                self.failed(V::Active)
            }
            _ => return,
        };
        steps.push(NovaStep {
            label,
            kind: StepCause::Task,
            to,
        });
    }

    /// The hypervisor, the power-state sync and the periodic jobs.
    fn background(&self, settings: &CloudSettings, steps: &mut Vec<NovaStep>) {
        if self.vm_state == V::Building && settings.instance_build_timeout() > 0 {
            steps.push(background(Some(Event::Fail), self.failed(V::Error)));
        }
        if self.task_state.is_some() || self.running.is_some() {
            return;
        }
        let power = self.power_state;
        let has_guest = matches!(
            self.vm_state,
            V::Active | V::Paused | V::Suspended | V::Stopped | V::Rescued | V::Resized | V::Error
        );
        if has_guest {
            for reported in [
                PowerState::Running,
                PowerState::Paused,
                PowerState::Shutdown,
                PowerState::Crashed,
                PowerState::Suspended,
            ] {
                if reported != power {
                    steps.push(background(
                        None,
                        NovaState {
                            power_state: reported,
                            ..*self
                        },
                    ));
                }
            }
        }
        let off = matches!(power, PowerState::Shutdown | PowerState::Crashed);
        let stopped = self.settled(V::Stopped);
        // The power-state sync stops the server through the API's force_stop: the
        // vm_state's powering-off, then stopped (seen in Nova 34.0.0). The stop it starts
        // is labelled power_off to its end (the running operation is the same powering
        // off as Ironic's power-update event).
        let sync_stop = background(
            Some(Event::PowerOff),
            NovaState {
                task_state: Some(T::PoweringOff),
                running: Some(O::PowerUpdateOff),
                ..*self
            },
        );
        match self.vm_state {
            V::Active if off || power == PowerState::Suspended => {
                steps.push(background(Some(Event::PowerOff), stopped));
                steps.push(sync_stop);
            }
            V::Paused if off => {
                steps.push(background(Some(Event::PowerOff), stopped));
                steps.push(sync_stop);
            }
            V::Stopped if !off && power != PowerState::NoState => {
                steps.push(background(
                    Some(Event::PowerOff),
                    NovaState {
                        power_state: PowerState::Shutdown,
                        ..stopped
                    },
                ));
                steps.push(sync_stop);
            }
            V::Resized if settings.resize_confirm_window() > 0 => {
                let end = O::ConfirmResize.success_end(self.vm_state, &self.context(settings));
                for vm_state in [end, V::Error] {
                    steps.push(background(
                        Some(Event::AutoConfirm),
                        NovaState {
                            old_vm_state: None,
                            ..self.settled(vm_state)
                        },
                    ));
                }
            }
            V::Shelved if settings.shelved_offload_time() > 0 => {
                steps.push(background(
                    Some(Event::AutoOffload),
                    NovaState {
                        power_state: PowerState::NoState,
                        ..self.settled(V::ShelvedOffloaded)
                    },
                ));
                // `_poll_shelved_instances` saves shelving_offloading first, then
                // offloads (seen in Nova 34.0.0).
                steps.push(background(
                    Some(Event::AutoOffload),
                    self.starting(O::ShelveOffload),
                ));
            }
            V::SoftDeleted if settings.reclaim_instance_interval() > 0 => {
                steps.push(background(Some(Event::Reclaim), self.local_delete()));
            }
            _ => {}
        }
    }
}

/// The power state a server in `vm_state` usually has at rest.
const fn usual_power(vm_state: VmState) -> PowerState {
    match vm_state {
        V::Active | V::Rescued | V::Resized | V::Error => PowerState::Running,
        V::Paused => PowerState::Paused,
        V::Suspended => PowerState::Suspended,
        V::Stopped | V::Shelved | V::SoftDeleted => PowerState::Shutdown,
        V::Building | V::Deleted | V::ShelvedOffloaded => PowerState::NoState,
    }
}

/// The label of a request step: the operation's event, or the judgement for Ironic's
/// power updates; `None` for operations the model leaves out (they change nothing).
const fn request_label(operation: Operation) -> Option<Event> {
    match operation.event() {
        Some(event) => Some(event),
        None => row_of(operation).label,
    }
}

const fn background(label: Option<Event>, to: NovaState) -> NovaStep {
    NovaStep {
        label,
        kind: StepCause::Background,
        to,
    }
}

const fn task_step(label: Option<Event>, to: NovaState) -> NovaStep {
    NovaStep {
        label,
        kind: StepCause::Task,
        to,
    }
}
