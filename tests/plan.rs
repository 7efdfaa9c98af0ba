//! Waiting plans: derived from the table, checked against the model for every request
//! from every status and for the cloud settings that change paths.

use proptest::prelude::*;
use server_lifecycle::nova::{
    default_status, pairs_showing, Context, Microversion, Operation, TaskState,
};
use server_lifecycle::{
    CloudSettings, Event, Observation, Plan, Progress, Status, StatusSet, Timing,
};

/// Settings that exercise every path: Nova's defaults and each setting turned on.
fn settings_cases() -> Vec<CloudSettings> {
    let base = CloudSettings::NOVA_DEFAULTS;
    vec![
        base,
        base.with_resize_confirm_window(3600),
        base.with_shelved_offload_time(3600),
        base.with_shelved_offload_time(-1),
        base.with_reclaim_instance_interval(86400),
        base.with_resize_confirm_window(1)
            .with_shelved_offload_time(1)
            .with_reclaim_instance_interval(1),
    ]
}

fn requests() -> impl Iterator<Item = Event> {
    Event::ALL.into_iter().filter(|event| event.is_request())
}

/// Every plan the model allows, for every settings case, create included.
fn all_plans() -> &'static [Plan] {
    static PLANS: std::sync::OnceLock<Vec<Plan>> = std::sync::OnceLock::new();
    PLANS.get_or_init(compute_plans)
}

fn compute_plans() -> Vec<Plan> {
    let mut plans = Vec::new();
    for settings in settings_cases() {
        plans.push(Plan::create(settings));
        for request in requests() {
            for from in Status::ALL {
                if let Ok(plan) = Plan::new(request, from, settings) {
                    plans.push(plan);
                    // Where the microversion matters, the plan at the other one too.
                    let before = plan.with_microversion(Microversion::new(2, 94));
                    if plan != plan.with_microversion(plan.microversion()) {
                        panic!("with_microversion of the same microversion changed the plan");
                    }
                    if (before.target(), before.pending()) != (plan.target(), plan.pending()) {
                        plans.push(before);
                    }
                }
            }
        }
    }
    plans
}

/// The outcomes that happen without a new request on a cloud (independent of the
/// library's own list): complete, fail, and the periodic jobs the settings enable.
fn scheduled(settings: CloudSettings) -> Vec<Event> {
    let mut events = vec![Event::Complete, Event::Fail];
    if settings.resize_confirm_window() > 0 {
        events.push(Event::AutoConfirm);
    }
    if settings.shelved_offload_time() >= 0 {
        events.push(Event::AutoOffload);
    }
    if settings.reclaim_instance_interval() > 0 {
        events.push(Event::Reclaim);
    }
    events
}

/// Every status reachable from `from` by scheduled outcomes, `from` included.
/// What the work that follows `plan`'s request in the same request leads to from
/// `status`, where the request rests there first (the Nova layer's continuations).
fn continuation_results(plan: &Plan, status: Status) -> StatusSet {
    let Some(operation) = Operation::for_event(plan.effective_request()) else {
        return StatusSet::EMPTY;
    };
    let mut results = StatusSet::EMPTY;
    for (vm_state, _) in pairs_showing(plan.from()) {
        let context = Context {
            evacuate_to_stopped: plan.microversion().evacuate_stops_server(),
            ..Context::default()
        };
        if let Some((next, next_from)) = operation.continues_with(vm_state, &context) {
            let event = next.event().expect("a continuation is a request");
            if default_status(next_from) == status {
                results = results.union(status.next(event).unwrap_or(StatusSet::EMPTY));
            }
        }
    }
    results
}

fn outcome_closure(from: StatusSet, settings: CloudSettings) -> StatusSet {
    let mut seen = from;
    loop {
        let mut next = seen;
        for status in seen {
            for event in scheduled(settings) {
                next = next.union(status.next(event).unwrap_or(StatusSet::EMPTY));
            }
        }
        if next == seen {
            return seen;
        }
        seen = next;
    }
}

#[test]
fn every_request_allowed_somewhere_has_a_plan_and_refusals_match_the_model() {
    for settings in settings_cases() {
        for request in requests().filter(|r| *r != Event::Create) {
            let mut planned = 0;
            for from in Status::ALL {
                match (Plan::new(request, from, settings), from.next(request)) {
                    (Ok(_), Ok(_)) => planned += 1,
                    (Err(refused), Err(expected)) => assert_eq!(refused, expected),
                    (plan, next) => panic!("{request} from {from}: {plan:?} but {next:?}"),
                }
            }
            assert!(planned > 0, "{request} has no plan at all");
        }
    }
}

#[test]
fn create_is_planned_from_the_initial_status_and_refused_from_any_other() {
    let plan = Plan::create(CloudSettings::NOVA_DEFAULTS);
    assert_eq!(plan.pending(), StatusSet::of(&[Status::Building]));
    assert_eq!(plan.target(), StatusSet::of(&[Status::Active]));
    assert_eq!(plan.failure(), StatusSet::of(&[Status::Error]));
    let refused = Plan::new(Event::Create, Status::Active, CloudSettings::NOVA_DEFAULTS);
    assert!(refused
        .unwrap_err()
        .to_string()
        .starts_with("request create is not allowed in status ACTIVE; allowed requests: reboot"));
}

#[test]
fn targets_are_reachable_and_the_sets_do_not_overlap_wrongly() {
    for plan in all_plans() {
        let name = format!("{} from {}", plan.request(), plan.from());
        assert!(!plan.target().is_empty(), "{name}: no target");
        assert!(
            plan.target().is_subset(plan.from().reachable()),
            "{name}: unreachable target"
        );
        assert!(
            plan.failure()
                .intersection(plan.pending().union(plan.target()))
                .is_empty(),
            "{name}: failure overlaps"
        );
        assert!(
            plan.fail_fast()
                .intersection(plan.pending().union(plan.target()))
                .is_empty(),
            "{name}: fail fast overlaps"
        );
        assert!(
            plan.failure().is_subset(plan.fail_fast()),
            "{name}: a failure status from which the target is still reachable"
        );
        for status in Status::ALL.into_iter().filter(|s| s.is_failed()) {
            assert!(
                plan.pending()
                    .union(plan.target())
                    .union(plan.failure())
                    .contains(status),
                "{name}: {status} is not classified"
            );
        }
        assert!(
            !plan.fail_fast().contains(Status::Unknown) || plan.pending().contains(Status::Unknown)
        );
    }
}

#[test]
fn pending_statuses_lead_on_to_a_target() {
    for plan in all_plans() {
        let name = format!("{} from {}", plan.request(), plan.from());
        let settings = plan.settings();
        // What the request itself leads to from the start (create starts in BUILDING).
        let first = match plan.request() {
            Event::Create => StatusSet::of(&[Status::Building]),
            _ => plan.from().next(plan.effective_request()).unwrap(),
        };
        let after_request = outcome_closure(first, settings);
        assert!(
            !after_request.intersection(plan.target()).is_empty(),
            "{name}: the request never reaches its target"
        );
        for status in plan.pending() {
            let mut leads_on = outcome_closure(StatusSet::of(&[status]), settings);
            if plan.runs_under_start() && (status == plan.from() || !status.is_transitional()) {
                // A status the request runs under: the request's own results follow.
                leads_on = leads_on.union(after_request);
            }
            // A status the request rests in before the work that follows it in the same
            // request (a rebuild or evacuation to stopped, then its stop).
            leads_on = leads_on.union(outcome_closure(
                continuation_results(plan, status),
                settings,
            ));
            assert!(
                !leads_on.intersection(plan.target()).is_empty(),
                "{name}: pending {status} leads to no target"
            );
        }
    }
}

#[test]
fn fail_fast_statuses_cannot_reach_a_target_without_a_request() {
    for plan in all_plans() {
        for status in plan.fail_fast() {
            let closure = outcome_closure(StatusSet::of(&[status]), plan.settings());
            assert!(
                closure.intersection(plan.target()).is_empty(),
                "{} from {}: {status}",
                plan.request(),
                plan.from()
            );
        }
    }
}

fn plan(request: Event, from: Status, settings: CloudSettings) -> Plan {
    Plan::new(request, from, settings).unwrap()
}

#[track_caller]
fn assert_sets(plan: &Plan, pending: &str, target: &str, failure: &str) {
    assert_eq!(plan.pending().to_string(), pending, "pending");
    assert_eq!(plan.target().to_string(), target, "target");
    assert_eq!(plan.failure().to_string(), failure, "failure");
}

const DEFAULTS: CloudSettings = CloudSettings::NOVA_DEFAULTS;

#[test]
fn confirming_the_resize_of_a_stopped_server_ends_stopped() {
    let confirm = plan(Event::ConfirmResize, Status::VerifyResize, DEFAULTS);
    assert_sets(&confirm, "VERIFY_RESIZE", "ACTIVE, STOPPED", "ERROR");
    assert_eq!(confirm.progress(Status::Stopped), Progress::Done);
    // confirm sets no task: VERIFY_RESIZE is simply still in progress.
    assert_eq!(confirm.progress(Status::VerifyResize), Progress::InProgress);
}

#[test]
fn auto_confirm_lets_a_poll_skip_verify_resize() {
    let without = plan(Event::Resize, Status::Active, DEFAULTS);
    assert_sets(
        &without,
        "RESIZED",
        "VERIFY_RESIZE",
        "ACTIVE, ERROR, STOPPED",
    );
    assert_eq!(without.progress(Status::Active), Progress::Failed);
    let with = plan(
        Event::Resize,
        Status::Active,
        DEFAULTS.with_resize_confirm_window(60),
    );
    assert_sets(&with, "RESIZED", "ACTIVE, STOPPED, VERIFY_RESIZE", "ERROR");
    assert_eq!(with.progress(Status::Active), Progress::Done);
    assert!(with
        .notes()
        .iter()
        .any(|note| note.starts_with("auto_confirm (later): VERIFY_RESIZE may be followed by")));
}

#[test]
fn the_shelved_offload_time_decides_where_a_shelve_ends() {
    let at_once = plan(Event::Shelve, Status::Active, DEFAULTS);
    assert_eq!(DEFAULTS.offload(), Timing::AtOnce);
    assert_sets(&at_once, "ACTIVE, SHELVED", "SHELVED_OFFLOADED", "ERROR");
    assert!(at_once.is_own_task(TaskState::ShelvingOffloading));
    let later = plan(
        Event::Shelve,
        Status::Active,
        DEFAULTS.with_shelved_offload_time(3600),
    );
    assert_sets(&later, "ACTIVE", "SHELVED, SHELVED_OFFLOADED", "ERROR");
    // Never offloaded by the periodic job, but a volume-backed server offloads at once.
    let never = plan(
        Event::Shelve,
        Status::Active,
        DEFAULTS.with_shelved_offload_time(-1),
    );
    assert_sets(&never, "ACTIVE", "SHELVED, SHELVED_OFFLOADED", "ERROR");
}

#[test]
fn delete_soft_deletes_when_the_cloud_reclaims_later() {
    let hard = plan(Event::Delete, Status::Active, DEFAULTS);
    assert_sets(&hard, "ACTIVE", "DELETED", "ERROR");
    let soft = plan(
        Event::Delete,
        Status::Active,
        DEFAULTS.with_reclaim_instance_interval(60),
    );
    assert_eq!(soft.effective_request(), Event::SoftDelete);
    assert_sets(&soft, "ACTIVE", "DELETED, SOFT_DELETED", "ERROR");
    assert!(soft.is_own_task(TaskState::SoftDeleting));
    assert!(!soft.is_own_task(TaskState::Deleting));
    // A server that never launched is deleted for good even then.
    let building = plan(
        Event::Delete,
        Status::Building,
        DEFAULTS.with_reclaim_instance_interval(60),
    );
    assert_sets(&building, "BUILDING", "DELETED", "ERROR");
}

#[test]
fn starting_from_error_is_not_a_failure_for_requests_that_recover_from_it() {
    for request in Status::Error.allowed_requests() {
        let plan = plan(request, Status::Error, DEFAULTS);
        if plan.runs_under_start() {
            assert!(plan.pending().contains(Status::Error), "{request}");
            assert!(!plan.failure().contains(Status::Error), "{request}");
            assert_ne!(plan.progress(Status::Error), Progress::Failed, "{request}");
        }
    }
    // The hard reboot, the stop and the rescue run under ERROR...
    for request in [Event::RebootHard, Event::Stop, Event::Rescue] {
        assert!(
            plan(request, Status::Error, DEFAULTS).runs_under_start(),
            "{request}"
        );
    }
    // ...a rebuild shows REBUILD at once, so ERROR after it means the rebuild failed.
    let rebuild = plan(Event::Rebuild, Status::Error, DEFAULTS);
    assert_sets(&rebuild, "REBUILD", "ACTIVE, STOPPED", "ERROR");
}

#[test]
fn rescue_and_verify_resize_are_targets_not_failures() {
    let rescue = plan(Event::Rescue, Status::Active, DEFAULTS);
    assert_eq!(rescue.progress(Status::Rescued), Progress::Done);
    let migrate = plan(Event::Migrate, Status::Stopped, DEFAULTS);
    assert_eq!(migrate.progress(Status::VerifyResize), Progress::Done);
}

#[test]
fn a_request_during_a_task_runs_under_the_vm_states_own_status() {
    // Nova shows a delete during a soft reboot as ACTIVE (vm_state active, task deleting).
    let delete = plan(Event::Delete, Status::Reboot, DEFAULTS);
    assert_sets(&delete, "ACTIVE, REBOOT", "DELETED", "ERROR");
    // An abort sets no task: the migration shows MIGRATING until it is rolled back.
    let abort = plan(Event::LiveMigrateAbort, Status::Migrating, DEFAULTS);
    assert_sets(&abort, "MIGRATING", "ACTIVE, PAUSED", "ERROR");
}

#[test]
fn status_alone_cannot_tell_tasks_that_run_under_the_status() {
    let cases = [
        (Event::Stop, Status::Active, TaskState::PoweringOff),
        (Event::Pause, Status::Active, TaskState::Pausing),
        (
            Event::Shelve,
            Status::Stopped,
            TaskState::ShelvingImageUploading,
        ),
        (Event::Snapshot, Status::Active, TaskState::ImageUploading),
        (Event::Backup, Status::Paused, TaskState::ImageBackup),
    ];
    for (request, from, task) in cases {
        let plan = plan(request, from, DEFAULTS);
        let alone = Observation::new(from);
        assert_eq!(
            plan.assess(&alone).progress(),
            Progress::CannotTell,
            "{request}"
        );
        assert_eq!(
            Progress::CannotTell.to_string(),
            "cannot tell without task_state"
        );
        let running = alone.with_task_state(Some(task));
        assert_eq!(
            plan.assess(&running).progress(),
            Progress::InProgress,
            "{request}"
        );
        let idle = plan.assess(&alone.with_task_state(None)).progress();
        // The status does not move for a snapshot or a backup: idle means done. For the
        // others, idle in the starting status means the task ended without reaching it.
        let expected = if plan.target().contains(from) {
            Progress::Done
        } else {
            Progress::Failed
        };
        assert_eq!(idle, expected, "{request}");
    }
}

#[test]
fn task_states_refine_every_progress() {
    let stop = plan(Event::Stop, Status::Active, DEFAULTS);
    let with = |status, task| stop.assess(&Observation::new(status).with_task_state(task));
    assert_eq!(with(Status::Stopped, None).progress(), Progress::Done);
    // Someone else's task on the target: the stop is done.
    assert_eq!(
        with(Status::Stopped, Some(TaskState::PoweringOn)).progress(),
        Progress::Done
    );
    // Another task in the starting status: not the stop.
    let other = with(Status::Active, Some(TaskState::Pausing));
    assert_eq!(other.progress(), Progress::Unexpected);
    assert_eq!(other.reason(), "another task runs instead of the request's");
    assert_eq!(with(Status::Error, None).progress(), Progress::Failed);
    let deleted = with(Status::Deleted, None);
    assert_eq!(deleted.progress(), Progress::Unexpected);
    assert!(deleted.is_fail_fast() && deleted.stop_waiting());
    let unknown = stop.assess(&Observation::new(Status::Unknown));
    assert_eq!(unknown.progress(), Progress::Indeterminate);
    assert!(!unknown.stop_waiting());
    // A build between tasks (task_state None in BUILDING) is still in progress.
    let create = Plan::create(DEFAULTS);
    let between = create.assess(&Observation::new(Status::Building).with_task_state(None));
    assert_eq!(between.progress(), Progress::InProgress);
    // Unshelving a shelved server powers it on; an offloaded one spawns.
    let unshelve = plan(Event::Unshelve, Status::Shelved, DEFAULTS);
    assert!(unshelve.is_own_task(TaskState::PoweringOn));
    let rebuild_stopped = plan(Event::Rebuild, Status::Stopped, DEFAULTS);
    assert_eq!(
        rebuild_stopped
            .assess(&Observation::new(Status::Active).with_task_state(Some(TaskState::PoweringOff)))
            .progress(),
        Progress::InProgress
    );
}

#[test]
fn assessments_say_why_and_carry_the_fault() {
    let reboot = plan(Event::Reboot, Status::Active, DEFAULTS);
    let seen = Observation::new(Status::Error)
        .with_task_state(None)
        .with_fault("Cannot reboot: the guest did not respond");
    assert_eq!(
        reboot.assess(&seen).to_string(),
        "failed: ERROR (task_state null): the status is where the request's failure paths end; \
         fault: Cannot reboot: the guest did not respond"
    );
    let snapshot = plan(Event::Snapshot, Status::Active, DEFAULTS);
    assert_eq!(
        snapshot
            .assess(&Observation::new(Status::Active))
            .to_string(),
        "cannot tell without task_state: ACTIVE: the status is both pending and target"
    );
    assert_eq!(
        snapshot
            .assess(
                &Observation::new(Status::Active).with_task_state(Some(TaskState::ImageUploading))
            )
            .to_string(),
        "in progress: ACTIVE (task_state image_uploading): the request's task is running"
    );
}

#[test]
fn notes_explain_settings_and_quote_the_table() {
    let soft = plan(
        Event::Delete,
        Status::Stopped,
        DEFAULTS.with_reclaim_instance_interval(1),
    );
    let notes = soft.notes();
    assert_eq!(
        notes[0],
        "delete is a soft_delete on this cloud (reclaim interval above 0)"
    );
    assert_eq!(
        notes[1],
        "soft_delete runs under STOPPED: the status does not move until the task ends, so only the task_state tells whether it still runs"
    );
    assert!(notes
        .iter()
        .any(|n| n == "reclaim (later): SOFT_DELETED may be followed by DELETED"));
}

/// One random run of a request through the table: the first result, then the scheduled
/// outcomes (and the offload that follows a shelve at once) until the run settles.
fn simulate(plan: &Plan, choices: &[usize]) -> Vec<Status> {
    let pick = |set: StatusSet, i: usize| -> Status {
        let members: Vec<Status> = set.iter().collect();
        members[choices.get(i).copied().unwrap_or(0) % members.len()]
    };
    let first = match plan.request() {
        Event::Create => StatusSet::of(&[Status::Building]),
        _ => plan.from().next(plan.effective_request()).unwrap(),
    };
    let mut run = vec![pick(first, 0)];
    for i in 1..16 {
        let at = *run.last().unwrap();
        let next = if at.is_transitional() {
            let outcome = if choices.get(i).copied().unwrap_or(0) % 2 == 0 {
                Event::Complete
            } else {
                Event::Fail
            };
            at.next(outcome).unwrap()
        } else if plan.settings().offload() == Timing::AtOnce && at.accepts(Event::AutoOffload) {
            at.next(Event::AutoOffload).unwrap()
        } else {
            break;
        };
        run.push(pick(next, i));
    }
    run
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Every status a run of the request passes through is pending, and where it settles
    /// is done or failed (exactly so with the task_state).
    #[test]
    fn simulated_runs_pass_through_pending_and_settle_in_target_or_failure(
        plan_index in 0usize..10_000,
        choices in proptest::collection::vec(0usize..8, 16),
    ) {
        let plans = all_plans();
        let plan = plans[plan_index % plans.len()];
        let run = simulate(&plan, &choices);
        let (settled, passed) = run.split_last().unwrap();
        for status in passed {
            prop_assert!(plan.pending().contains(*status),
                "{} from {}: passed through {status}, not pending ({run:?})", plan.request(), plan.from());
        }
        // Where it settles is done or failed, or (a status the request ran under, such as
        // ERROR for a delete that started in REBUILD) cannot be told without the
        // task_state, which then says done or failed.
        let progress = plan.progress(*settled);
        prop_assert!(
            matches!(progress, Progress::Done | Progress::Failed | Progress::CannotTell),
            "{} from {}: settled in {settled}: {progress} ({run:?})", plan.request(), plan.from());
        // Idle where the request rests before the work that follows it (an evacuation
        // to stopped shows ACTIVE before its stop), a rollback that ends there looks the
        // same: only a later poll tells.
        let idle = plan.assess(&Observation::new(*settled).with_task_state(None)).progress();
        let resting = plan.resting().contains(*settled) && idle == Progress::CannotTell;
        prop_assert!(matches!(idle, Progress::Done | Progress::Failed) || resting,
            "{} from {}: settled in {settled}, idle: {idle}", plan.request(), plan.from());
        if plan.runs_under_start() {
            prop_assert!(plan.pending().contains(plan.from()));
        }
    }
}

mod util;

#[test]
fn the_plans_table_in_docs_waiting_md_is_current() {
    util::assert_generated_section(
        "docs/waiting.md",
        "plans",
        &server_lifecycle::render::plan_table_markdown(),
    );
}

#[test]
fn the_waiting_guides_example_holds() {
    // The example of docs/waiting.md, "How to wait".
    let plan = Plan::new(
        Event::ConfirmResize,
        Status::VerifyResize,
        CloudSettings::NOVA_DEFAULTS,
    )
    .expect("confirm_resize is allowed in VERIFY_RESIZE");
    let seen = Observation::new(Status::Stopped);
    assert!(plan.assess(&seen).stop_waiting());
    let guide =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/waiting.md")).unwrap();
    assert!(guide.contains("assert!(plan.assess(&seen).stop_waiting());"));
}

mod nova_state {
    use server_lifecycle::nova::{Context, Microversion, PowerState, VmState};
    use server_lifecycle::{CloudSettings, Event, Plan, Status, StatusSet};

    const DEFAULTS: CloudSettings = CloudSettings::NOVA_DEFAULTS;

    fn target(
        request: Event,
        vm_state: VmState,
        context: Context,
        settings: CloudSettings,
    ) -> String {
        Plan::in_nova_state(request, vm_state, None, &context, settings)
            .unwrap()
            .target()
            .to_string()
    }

    #[test]
    fn the_nova_state_narrows_what_the_status_cannot_decide() {
        let running = Context::default();
        let powered_off = Context {
            power_state: PowerState::Shutdown,
            ..running
        };
        assert_eq!(
            target(Event::ConfirmResize, VmState::Resized, running, DEFAULTS),
            "ACTIVE"
        );
        assert_eq!(
            target(
                Event::ConfirmResize,
                VmState::Resized,
                powered_off,
                DEFAULTS
            ),
            "STOPPED"
        );
        assert_eq!(
            target(Event::Rebuild, VmState::Active, running, DEFAULTS),
            "ACTIVE"
        );
        assert_eq!(
            target(Event::Rebuild, VmState::Stopped, running, DEFAULTS),
            "STOPPED"
        );
        let was_stopped = Context {
            old_vm_state: Some(VmState::Stopped),
            ..running
        };
        assert_eq!(
            target(Event::RevertResize, VmState::Resized, was_stopped, DEFAULTS),
            "STOPPED"
        );
        let volume = Context {
            volume_backed: true,
            ..running
        };
        let never = DEFAULTS.with_shelved_offload_time(-1);
        assert_eq!(
            target(Event::Shelve, VmState::Active, running, never),
            "SHELVED"
        );
        assert_eq!(
            target(Event::Shelve, VmState::Active, volume, never),
            "SHELVED_OFFLOADED"
        );
        let never_launched = Context {
            launched: false,
            ..running
        };
        assert_eq!(
            target(Event::SoftDelete, VmState::Active, never_launched, DEFAULTS),
            "DELETED"
        );
        // The periodic jobs still widen the narrowed end.
        let window = DEFAULTS.with_resize_confirm_window(60);
        assert_eq!(
            target(Event::Resize, VmState::Active, running, window),
            "ACTIVE, STOPPED, VERIFY_RESIZE"
        );
        let rebuilt =
            Plan::in_nova_state(Event::Rebuild, VmState::Active, None, &running, DEFAULTS).unwrap();
        assert_eq!(rebuilt.failure().to_string(), "ERROR, STOPPED");
    }

    #[test]
    fn narrowed_plans_only_narrow_the_targets() {
        for settings in super::settings_cases() {
            for request in Event::ALL.into_iter().filter(|e| e.is_request()) {
                for vm_state in VmState::ALL {
                    for microversion in Microversion::DISTINCT_BEHAVIOURS {
                        let from = server_lifecycle::nova::default_status(vm_state);
                        let Ok(wide) = Plan::new(request, from, settings) else {
                            continue;
                        };
                        let wide = wide.with_microversion(microversion);
                        // The context says what the microversion says about evacuation.
                        let context = Context {
                            evacuate_to_stopped: microversion.evacuate_stops_server(),
                            ..Context::default()
                        };
                        let narrow =
                            Plan::in_nova_state(request, vm_state, None, &context, settings)
                                .unwrap();
                        let name = format!("{request} from {vm_state} at {microversion}");
                        assert!(!narrow.target().is_empty(), "{name}");
                        assert!(narrow.target().is_subset(wide.target()), "{name}");
                        // A status narrowed out of the targets where the request rests on
                        // its way (a rebuild to stopped shows ACTIVE first) is pending.
                        assert!(
                            narrow
                                .pending()
                                .is_subset(wide.pending().union(wide.target())),
                            "{name}"
                        );
                        assert!(wide.pending().is_subset(narrow.pending()), "{name}");
                        assert!(
                            narrow
                                .failure()
                                .is_subset(wide.failure().union(wide.target())),
                            "{name}"
                        );
                        assert_eq!(narrow.from(), from);
                        let again = narrow.with_microversion(microversion);
                        assert_eq!(
                            (again.target(), again.pending(), again.failure()),
                            (narrow.target(), narrow.pending(), narrow.failure()),
                            "{name}: the context already says what the microversion does"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn the_microversion_decides_where_an_evacuated_active_server_ends() {
        let plan = Plan::new(Event::Evacuate, Status::Active, DEFAULTS).unwrap();
        assert_eq!(plan.microversion(), Microversion::LATEST);
        assert_eq!(plan.target(), StatusSet::of(&[Status::Stopped]));
        // It shows ACTIVE with no task before the stop (seen in Nova 34.0.0).
        assert!(plan.pending().contains(Status::Active));
        let before = plan.with_microversion(Microversion::new(2, 94));
        assert_eq!(before.target(), StatusSet::of(&[Status::Active]));
        assert!(!before.pending().contains(Status::Active));
        assert!(before.fail_fast().contains(Status::Stopped));
        assert!(before
            .notes()
            .iter()
            .any(|note| note.contains("before 2.95")));
        assert_eq!(before.with_microversion(Microversion::LATEST), plan);
        // Stopped and errored servers: the same at every microversion.
        for from in [Status::Stopped, Status::Error] {
            let latest = Plan::new(Event::Evacuate, from, DEFAULTS).unwrap();
            let old = latest.with_microversion(Microversion::new(2, 94));
            assert_eq!(
                (old.target(), old.pending()),
                (latest.target(), latest.pending()),
                "{from}"
            );
        }
        // Nothing else depends on it.
        for request in Event::ALL
            .into_iter()
            .filter(|e| e.is_request() && *e != Event::Evacuate)
        {
            for from in Status::ALL {
                if let Ok(latest) = Plan::new(request, from, DEFAULTS) {
                    let old = latest.with_microversion(Microversion::new(2, 94));
                    assert_eq!(
                        (old.target(), old.pending(), old.failure(), old.fail_fast()),
                        (
                            latest.target(),
                            latest.pending(),
                            latest.failure(),
                            latest.fail_fast()
                        ),
                        "{request} from {from}"
                    );
                }
            }
        }
    }
}
