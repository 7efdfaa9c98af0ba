//! Nova's guards and where operations end: refusals word for word, the cases that
//! depend on remembered state, and the task sequences as the model runs them.

use server_lifecycle::nova::{
    Context, NovaState, Operation, PowerState, Refusal, StepCause, TaskState, VmState,
};
use server_lifecycle::{CloudSettings, Event, Status};

#[track_caller]
fn assert_refused(
    operation: Operation,
    vm_state: VmState,
    task_state: Option<TaskState>,
    launched: bool,
    message: &str,
) {
    let error = operation
        .check(vm_state, task_state, launched)
        .expect_err("refused");
    assert_eq!(error.to_string(), message);
    assert_eq!(error.operation(), operation);
}

#[test]
fn refusals_name_the_operation_and_the_offending_value() {
    assert_refused(
        Operation::Stop,
        VmState::Paused,
        None,
        true,
        "cannot stop while the server is in vm_state paused",
    );
    assert_refused(
        Operation::Pause,
        VmState::Active,
        Some(TaskState::PoweringOff),
        true,
        "cannot pause while the server is in task_state powering-off",
    );
    assert_refused(
        Operation::LiveMigrateAbort,
        VmState::Active,
        None,
        true,
        "cannot live_migrate_abort while the server is in task_state none",
    );
    assert_refused(
        Operation::Restore,
        VmState::SoftDeleted,
        None,
        false,
        "cannot restore a server that never launched",
    );
    assert_refused(
        Operation::Create,
        VmState::Active,
        None,
        true,
        "cannot create while the server is in vm_state active",
    );
}

#[test]
fn checks_run_in_novas_order() {
    // Everything is wrong: the vm_state is reported first, then the task_state.
    let error = Operation::Start
        .check(VmState::Active, Some(TaskState::Deleting), false)
        .unwrap_err();
    assert_eq!(error.refusal(), Refusal::VmState(VmState::Active));
    let error = Operation::Start
        .check(VmState::Stopped, Some(TaskState::Deleting), false)
        .unwrap_err();
    assert_eq!(
        error.refusal(),
        Refusal::TaskState(Some(TaskState::Deleting))
    );
}

#[test]
fn accepted_operations_say_which_task_they_set() {
    let cases = [
        (
            Operation::RebootHard,
            VmState::Paused,
            Some(TaskState::Pausing),
            Some(TaskState::RebootingHard),
        ),
        (
            Operation::Evacuate,
            VmState::Error,
            Some(TaskState::RebootPendingHard),
            Some(TaskState::Rebuilding),
        ),
        (
            Operation::Delete,
            VmState::Building,
            Some(TaskState::Spawning),
            Some(TaskState::Deleting),
        ),
        (Operation::ConfirmResize, VmState::Resized, None, None),
        (
            Operation::LiveMigrateForceComplete,
            VmState::Active,
            Some(TaskState::Migrating),
            None,
        ),
        (
            Operation::UpdateMetadata,
            VmState::Suspended,
            Some(TaskState::Resuming),
            None,
        ),
    ];
    for (operation, vm_state, task_state, sets) in cases {
        let launched = vm_state != VmState::Building;
        assert_eq!(
            operation.check(vm_state, task_state, launched),
            Ok(sets),
            "{operation}"
        );
    }
    // Hard reboot cannot pre-empt a hard reboot that is already pending or started.
    assert!(Operation::RebootHard
        .check(VmState::Active, Some(TaskState::RebootPendingHard), true)
        .is_err());
    // The consoles refuse only while deleting or migrating.
    assert!(Operation::GetConsole
        .check(VmState::Building, Some(TaskState::Spawning), false)
        .is_ok());
    assert!(Operation::GetConsole
        .check(VmState::Active, Some(TaskState::Migrating), true)
        .is_err());
}

#[test]
fn ends_that_depend_on_remembered_state() {
    let context = Context::default();
    let shutdown = Context {
        power_state: PowerState::Shutdown,
        ..context
    };
    assert_eq!(
        Operation::ConfirmResize.success_end(VmState::Resized, &shutdown),
        VmState::Stopped
    );
    assert_eq!(
        Operation::ConfirmResize.success_end(VmState::Resized, &context),
        VmState::Active
    );
    let was_stopped = Context {
        old_vm_state: Some(VmState::Stopped),
        ..context
    };
    assert_eq!(
        Operation::RevertResize.success_end(VmState::Resized, &was_stopped),
        VmState::Stopped
    );
    assert_eq!(
        Operation::RevertResize.success_end(VmState::Resized, &context),
        VmState::Active
    );
    assert_eq!(
        Operation::Resume.success_end(VmState::Suspended, &context),
        VmState::Active
    );
    let later = Context {
        shelved_offload_time: 60,
        ..context
    };
    assert_eq!(
        Operation::Shelve.success_end(VmState::Active, &later),
        VmState::Shelved
    );
    assert_eq!(
        Operation::Shelve.success_end(VmState::Active, &context),
        VmState::ShelvedOffloaded
    );
    let volume = Context {
        volume_backed: true,
        ..later
    };
    assert_eq!(
        Operation::Shelve.success_end(VmState::Active, &volume),
        VmState::ShelvedOffloaded
    );
    assert_eq!(
        Operation::Unrescue.success_end(VmState::Rescued, &was_stopped),
        VmState::Active
    );
    let to_stopped = Context {
        evacuate_to_stopped: true,
        ..context
    };
    assert_eq!(
        Operation::Evacuate.success_end(VmState::Active, &to_stopped),
        VmState::Stopped
    );
    assert_eq!(
        Operation::Evacuate.success_end(VmState::Error, &to_stopped),
        VmState::Active
    );
    let never = Context {
        launched: false,
        ..context
    };
    assert_eq!(
        Operation::SoftDelete.success_end(VmState::Active, &never),
        VmState::Deleted
    );
    assert_eq!(
        Operation::Rebuild
            .failure_ends(VmState::Stopped)
            .to_string(),
        "stopped, error"
    );
    assert_eq!(
        Operation::Stop.failure_ends(VmState::Error).to_string(),
        "error"
    );
    assert_eq!(
        Operation::ConfirmResize
            .failure_ends(VmState::Resized)
            .to_string(),
        "error"
    );
}

/// Follows the work in progress by its successful steps until it settles.
fn run_to_the_end(
    mut state: NovaState,
    settings: &CloudSettings,
) -> Vec<(Status, Option<TaskState>, Option<Event>)> {
    let mut trace = Vec::new();
    for _ in 0..10 {
        let Some(step) = state
            .steps(settings)
            .into_iter()
            .find(|s| s.kind == StepCause::Task)
        else {
            break;
        };
        trace.push((step.to.status(), step.to.task_state, step.label));
        state = step.to;
    }
    trace
}

#[test]
fn rebuilding_a_stopped_server_passes_through_active_powering_off() {
    let settings = CloudSettings::NOVA_DEFAULTS;
    let stopped = NovaState::at_rest(VmState::Stopped);
    let request = stopped
        .steps(&settings)
        .into_iter()
        .find(|s| s.kind == StepCause::Request(Operation::Rebuild))
        .unwrap();
    assert_eq!(request.to.status(), Status::Rebuild);
    let trace = run_to_the_end(request.to, &settings);
    assert_eq!(
        trace,
        [
            (
                Status::Rebuild,
                Some(TaskState::RebuildBlockDeviceMapping),
                Some(Event::Complete)
            ),
            (
                Status::Rebuild,
                Some(TaskState::RebuildSpawning),
                Some(Event::Complete)
            ),
            // Saved active with no task before the stop starts (seen in Nova 34.0.0).
            (Status::Active, None, Some(Event::Complete)),
            (
                Status::Active,
                Some(TaskState::PoweringOff),
                Some(Event::Stop)
            ),
            (Status::Stopped, None, Some(Event::Stop)),
        ]
    );
}

#[test]
fn shelving_with_offload_time_zero_shows_shelved_then_offloads() {
    let settings = CloudSettings::NOVA_DEFAULTS;
    let active = NovaState::at_rest(VmState::Active);
    let request = active
        .steps(&settings)
        .into_iter()
        .find(|s| s.kind == StepCause::Request(Operation::Shelve))
        .unwrap();
    let trace = run_to_the_end(request.to, &settings);
    let statuses: Vec<_> = trace
        .iter()
        .map(|(status, _, label)| (*status, *label))
        .collect();
    assert_eq!(
        statuses,
        [
            (Status::Active, Some(Event::Shelve)),
            (Status::Active, Some(Event::Shelve)),
            (Status::Shelved, Some(Event::Shelve)),
            (Status::ShelvedOffloaded, Some(Event::ShelveOffload)),
        ]
    );
}

#[test]
fn a_resize_of_a_stopped_server_is_confirmed_or_reverted_to_stopped() {
    let settings = CloudSettings::NOVA_DEFAULTS.with_resize_confirm_window(1);
    let stopped = NovaState::at_rest(VmState::Stopped);
    let request = stopped
        .steps(&settings)
        .into_iter()
        .find(|s| s.kind == StepCause::Request(Operation::Resize))
        .unwrap();
    assert_eq!(request.to.old_vm_state, Some(VmState::Stopped));
    let mut resized = request.to;
    while resized.task_state.is_some() {
        resized = resized
            .steps(&settings)
            .into_iter()
            .find(|s| s.kind == StepCause::Task)
            .unwrap()
            .to;
    }
    assert_eq!(
        (resized.status(), resized.power_state),
        (Status::VerifyResize, PowerState::Shutdown)
    );
    let auto = resized
        .steps(&settings)
        .into_iter()
        .find(|s| s.label == Some(Event::AutoConfirm))
        .unwrap();
    assert_eq!(auto.to.status(), Status::Stopped);
    let revert = resized
        .steps(&settings)
        .into_iter()
        .find(|s| s.kind == StepCause::Request(Operation::RevertResize))
        .unwrap();
    assert_eq!(revert.to.status(), Status::RevertResize);
    let trace = run_to_the_end(revert.to, &settings);
    assert_eq!(trace, [(Status::Stopped, None, Some(Event::Complete))]);
}

#[test]
fn a_cell_going_down_shows_unknown_and_accepts_nothing() {
    let settings = CloudSettings::NOVA_DEFAULTS;
    let active = NovaState::at_rest(VmState::Active);
    let lost = active
        .steps(&settings)
        .into_iter()
        .find(|s| s.label == Some(Event::ContactLost))
        .unwrap();
    assert_eq!(lost.to.status(), Status::Unknown);
    let steps = lost.to.steps(&settings);
    assert!(steps
        .iter()
        .all(|s| !matches!(s.kind, StepCause::Request(_))));
    let restored = steps
        .iter()
        .find(|s| s.label == Some(Event::ContactRestored))
        .unwrap();
    assert_eq!(restored.to.status(), Status::Active);
}

/// `Operation::check` reads a table derived from the guards; over the whole grid it must
/// agree with the guard itself, refusals included, checked in Nova's order.
#[test]
fn check_agrees_with_the_guard_over_the_whole_grid() {
    let tasks = std::iter::once(None).chain(TaskState::ALL.into_iter().map(Some));
    let tasks: Vec<Option<TaskState>> = tasks.collect();
    for operation in Operation::ALL {
        let guard = operation.guard();
        for vm_state in VmState::ALL {
            for &task_state in &tasks {
                for launched in [false, true] {
                    let vm_ok = guard.vm_states().is_none_or(|set| set.contains(vm_state));
                    let task_ok = guard
                        .task_states()
                        .is_none_or(|set| set.contains(task_state));
                    let launch_ok = launched || !guard.must_have_launched();
                    let expected = if !vm_ok {
                        Err(Refusal::VmState(vm_state))
                    } else if !task_ok {
                        Err(Refusal::TaskState(task_state))
                    } else if !launch_ok {
                        Err(Refusal::NeverLaunched)
                    } else {
                        Ok(operation.sets_task_state())
                    };
                    let actual = operation
                        .check(vm_state, task_state, launched)
                        .map_err(|error| error.refusal());
                    assert_eq!(
                        actual, expected,
                        "{operation} at {vm_state}/{task_state:?}, launched {launched}"
                    );
                    assert_eq!(
                        guard.accepts(vm_state, task_state, launched),
                        expected.is_ok()
                    );
                }
            }
        }
    }
}
