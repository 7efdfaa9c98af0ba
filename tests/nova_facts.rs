//! Conformance with the Nova facts: `tests/data/nova-facts.json` is the generated
//! reference (read from Nova's source at commit
//! `00a030403f672b975364c855b7d25b40ef83e757`; do not edit it by hand). These tests
//! check that the copy and the model agree: the state lists, every status-map entry over
//! the whole vm_state × task_state grid, the list filter's reverse table, and every
//! operation's guard over the whole vm_state × task_state × launched grid.

use std::collections::BTreeSet;

use serde_json::Value;
use server_lifecycle::nova::{
    default_status, list_filter, matches_list_filter, pairs_showing, status_of, Context, Operation,
    PowerState, Refusal, TaskState, TaskStateSet, VmState, VmStateSet, STATUS_OVERRIDES,
};
use server_lifecycle::Status;

const SOURCE_COMMIT: &str = "00a030403f672b975364c855b7d25b40ef83e757";

fn facts() -> Value {
    let text = include_str!("data/nova-facts.json");
    serde_json::from_str(text).expect("tests/data/nova-facts.json is valid JSON")
}

/// Every task_state and idle, as guards see them.
fn task_grid() -> impl Iterator<Item = Option<TaskState>> {
    std::iter::once(None).chain(TaskState::ALL.into_iter().map(Some))
}

fn strings(value: &Value) -> Vec<&str> {
    value
        .as_array()
        .expect("a list")
        .iter()
        .map(|v| v.as_str().expect("a string"))
        .collect()
}

#[test]
fn the_copy_names_its_source_commit() {
    assert_eq!(facts()["source_commit"], SOURCE_COMMIT);
    assert_eq!(facts()["source_repo"], "github.com/openstack/nova");
}

#[test]
fn state_lists_match() {
    let facts = facts();
    let values = |key: &str| -> Vec<String> {
        facts[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|entry| entry["value"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(values("vm_states"), VmState::NAMES);
    assert_eq!(values("task_states"), TaskState::NAMES);
    let powers: Vec<(u64, &str, &str)> = facts["power_states"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["int"].as_u64().unwrap(),
                p["string"].as_str().unwrap(),
                p["const"].as_str().unwrap(),
            )
        })
        .collect();
    let model: Vec<(u64, &str, &str)> = PowerState::ALL
        .iter()
        .map(|p| (u64::from(p.code()), p.as_str(), p.const_name()))
        .collect();
    assert_eq!(powers, model);
}

#[test]
fn every_status_map_entry_over_the_whole_grid() {
    let facts = facts();
    let map = facts["state_map"].as_object().unwrap();
    assert_eq!(map.len(), VmState::COUNT);
    let mut overrides = 0;
    for vm_state in VmState::ALL {
        let entries = map[vm_state.as_str()].as_object().unwrap();
        let default = entries["default"].as_str().unwrap();
        assert_eq!(default_status(vm_state).nova_name(), default, "{vm_state}");
        for task_state in task_grid() {
            let expected = task_state
                .and_then(|task| entries.get(task.as_str()))
                .map_or(default, |status| status.as_str().unwrap());
            assert_eq!(
                status_of(vm_state, task_state).nova_name(),
                expected,
                "{vm_state} / {task_state:?}"
            );
        }
        overrides += entries.len() - 1;
    }
    assert_eq!(STATUS_OVERRIDES.len(), overrides);
}

#[test]
fn reverse_table_matches_the_list_filter() {
    let facts = facts();
    let reverse = facts["state_map_notes"]["reverse_table"]
        .as_object()
        .unwrap();
    for status in Status::ALL {
        let (vm_states, task_states) = list_filter(status);
        let Some(entry) = reverse.get(status.nova_name()) else {
            assert_eq!(status, Status::Unknown, "only UNKNOWN has no entry");
            assert!(vm_states.is_empty() && task_states == Some(TaskStateSet::EMPTY));
            continue;
        };
        let expected_vm: BTreeSet<&str> = strings(&entry["vm_states"]).into_iter().collect();
        let model_vm: BTreeSet<&str> = vm_states.iter().map(VmState::as_str).collect();
        assert_eq!(model_vm, expected_vm, "{status}");
        let expected_tasks: BTreeSet<&str> = strings(&entry["task_states"]).into_iter().collect();
        match task_states {
            None => assert!(expected_tasks.contains("default"), "{status}"),
            Some(tasks) => {
                let model_tasks: BTreeSet<&str> = tasks
                    .iter()
                    .map(|t| t.map_or("default", TaskState::as_str))
                    .collect();
                assert_eq!(model_tasks, expected_tasks, "{status}");
            }
        }
        // The filter over-approximates: every pair shown as the status matches it.
        for (vm_state, task_state) in pairs_showing(status) {
            assert!(matches_list_filter(status, vm_state, task_state));
        }
    }
}

/// The operations of the model that one `facts.json` entry describes.
fn operations_of(entry: &str) -> Vec<Operation> {
    use Operation as O;
    match entry {
        "create (build)" => vec![O::Create],
        "reboot (SOFT)" => vec![O::Reboot],
        "reboot (HARD)" => vec![O::RebootHard],
        "migrate (cold migrate)" => vec![O::Migrate],
        "set_admin_password" => vec![O::ChangePassword],
        "snapshot (createImage, image-backed)" => vec![O::Snapshot],
        "snapshot_volume_backed (createImage, volume-backed)" => vec![O::SnapshotVolumeBacked],
        "update/delete server metadata" => vec![O::UpdateMetadata, O::DeleteMetadata],
        "server tags" => vec![O::UpdateTags, O::DeleteTags],
        "server shares" => vec![O::CreateShare, O::DeleteShare],
        "volume_snapshot_create / volume_snapshot_delete" => {
            vec![O::VolumeSnapshotCreate, O::VolumeSnapshotDelete]
        }
        "get_*_console (vnc/spice/serial/mks)" => vec![O::GetConsole],
        "lock / unlock" => vec![O::Lock, O::Unlock],
        "reset_state" => vec![O::ResetStateActive, O::ResetStateError],
        "inject_network_info / add_fixed_ip / remove_fixed_ip" => {
            vec![O::InjectNetworkInfo, O::AddFixedIp, O::RemoveFixedIp]
        }
        "power_update external event (ironic)" => vec![O::PowerUpdateOn, O::PowerUpdateOff],
        name => vec![Operation::parse(name).unwrap_or_else(|e| panic!("{e}"))],
    }
}

/// An independent reading of one facts entry's guard: vm_states (`None`: any),
/// task_states (`None`: any; `None` inside: idle), must_have_launched.
type FactsGuard = (
    Option<BTreeSet<String>>,
    Option<BTreeSet<Option<String>>>,
    bool,
);

/// Reads one facts entry's guard, for one of its operations.
fn facts_guard(entry: &Value, operation: Operation) -> FactsGuard {
    let vm_states = match &entry["allowed_vm_states"] {
        Value::String(any) if any == "ANY" => None,
        Value::String(na) if na.starts_with("n/a") => Some(BTreeSet::new()),
        Value::String(power) if power.starts_with("POWER_ON") => Some(
            [if operation == Operation::PowerUpdateOn {
                "stopped"
            } else {
                "active"
            }
            .to_owned()]
            .into(),
        ),
        Value::Object(by_call) => {
            let call = if operation == Operation::CreateShare {
                "create"
            } else {
                "delete"
            };
            Some(
                strings(&by_call[call])
                    .into_iter()
                    .map(str::to_owned)
                    .collect(),
            )
        }
        list => Some(strings(list).into_iter().map(str::to_owned).collect()),
    };
    let task_states = match &entry["allowed_task_states"] {
        Value::String(any) if any == "ANY" || any == "n/a" => None,
        Value::String(except) if except.starts_with("ANY except") => Some(
            std::iter::once(None)
                .chain(TaskState::NAMES.iter().map(|t| Some((*t).to_owned())))
                .filter(|t| !matches!(t.as_deref(), Some("deleting" | "migrating")))
                .collect(),
        ),
        list => Some(
            list.as_array()
                .unwrap()
                .iter()
                .map(|t| t.as_str().map(str::to_owned))
                .collect(),
        ),
    };
    let launched = entry["must_have_launched"].as_bool().unwrap_or(false);
    (vm_states, task_states, launched)
}

#[test]
fn every_guard_over_the_whole_grid() {
    let facts = facts();
    let mut covered = BTreeSet::new();
    for entry in facts["operations"].as_array().unwrap() {
        let name = entry["name"].as_str().unwrap();
        for operation in operations_of(name) {
            covered.insert(operation.as_str());
            let guard = operation.guard();
            let (vm_states, task_states, must_have_launched) = facts_guard(entry, operation);
            assert_eq!(
                guard.must_have_launched(),
                must_have_launched,
                "{operation}"
            );
            assert_eq!(
                guard.lock_checked(),
                entry["lock_checked"].as_bool().unwrap_or(false),
                "{operation}"
            );
            for vm_state in VmState::ALL {
                for task_state in task_grid() {
                    for launched in [false, true] {
                        let vm_ok = vm_states
                            .as_ref()
                            .is_none_or(|s| s.contains(vm_state.as_str()));
                        let task_name = task_state.map(|t| t.as_str().to_owned());
                        let task_ok = task_states.as_ref().is_none_or(|s| s.contains(&task_name));
                        let launched_ok = launched || !must_have_launched;
                        let result = operation.check(vm_state, task_state, launched);
                        let context = format!("{operation} {vm_state} {task_state:?} {launched}");
                        match result {
                            Ok(set) => {
                                assert!(vm_ok && task_ok && launched_ok, "{context}");
                                assert_eq!(set, operation.sets_task_state(), "{context}");
                            }
                            // Nova's order: vm_state, task_state, launched.
                            Err(error) => match error.refusal() {
                                Refusal::VmState(v) => {
                                    assert!(!vm_ok && v == vm_state, "{context}")
                                }
                                Refusal::TaskState(t) => {
                                    assert!(vm_ok && !task_ok && t == task_state, "{context}")
                                }
                                Refusal::NeverLaunched => {
                                    assert!(vm_ok && task_ok && !launched_ok, "{context}")
                                }
                            },
                        }
                    }
                }
            }
        }
    }
    assert_eq!(
        covered.len(),
        Operation::COUNT,
        "every operation comes from the facts"
    );
}

#[test]
fn every_task_sequence_and_task_set() {
    let facts = facts();
    for entry in facts["operations"].as_array().unwrap() {
        let name = entry["name"].as_str().unwrap();
        for operation in operations_of(name) {
            let parse = |t: &Value| t.as_str().map(|t| TaskState::parse(t).unwrap());
            let sets = match &entry["sets_task_state"] {
                Value::String(both) if both.contains(" / ") => {
                    let (on, off) = both.split_once(" / ").unwrap();
                    let task = if operation == Operation::PowerUpdateOn {
                        on
                    } else {
                        off
                    };
                    Some(TaskState::parse(task).unwrap())
                }
                other => parse(other),
            };
            assert_eq!(operation.sets_task_state(), sets, "{operation}");
            match &entry["task_state_sequence"] {
                // No sequence in the facts: the task it sets, then done (or no task).
                Value::Null => match sets {
                    Some(task) => assert_eq!(operation.task_sequence(), [Some(task), None]),
                    None => assert!(operation.task_sequence().is_empty(), "{operation}"),
                },
                Value::String(paths) => {
                    // unshelve: "shelved: a -> b -> null; shelved_offloaded: a -> c -> null"
                    for path in paths.split("; ") {
                        let (from, tasks) = path.split_once(": ").unwrap();
                        let tasks: Vec<Option<TaskState>> = tasks
                            .split(" -> ")
                            .map(|t| (t != "null").then(|| TaskState::parse(t).unwrap()))
                            .collect();
                        let from = VmState::parse(from).unwrap();
                        assert_eq!(operation.task_sequence_from(from), tasks, "{operation}");
                    }
                }
                list => {
                    let tasks: Vec<_> = list.as_array().unwrap().iter().map(parse).collect();
                    assert_eq!(operation.task_sequence(), tasks, "{operation}");
                }
            }
        }
    }
}

#[test]
fn simple_success_and_failure_ends_match() {
    let facts = facts();
    let context = Context::default();
    for entry in facts["operations"].as_array().unwrap() {
        let name = entry["name"].as_str().unwrap();
        for operation in operations_of(name) {
            let Some(guard) = operation.guard().vm_states() else {
                continue;
            };
            let end = entry["success_end"]["vm_state"].as_str().unwrap();
            for from in guard.iter() {
                if let Ok(end) = VmState::parse(end) {
                    assert_eq!(
                        operation.success_end(from, &context),
                        end,
                        "{operation} {from}"
                    );
                } else if end == "unchanged" || end.starts_with("unchanged ") {
                    assert_eq!(operation.success_end(from, &context), from, "{operation}");
                }
                if entry["failure_end"]["vm_state"] == "error" {
                    assert!(
                        operation.failure_ends(from).contains(VmState::Error),
                        "{operation} {from}"
                    );
                }
            }
        }
    }
}

#[test]
fn groupings_match_the_guards() {
    let facts = facts();
    let vm_set = |value: &Value| -> VmStateSet {
        strings(value)
            .into_iter()
            .map(|v| VmState::parse(v).unwrap())
            .collect()
    };
    let groups = &facts["vm_state_groupings"];
    assert_eq!(
        Operation::RebootHard.guard().vm_states(),
        Some(vm_set(&groups["ALLOW_HARD_REBOOT"]))
    );
    assert_eq!(
        Operation::Reboot.guard().vm_states(),
        Some(vm_set(&groups["ALLOW_SOFT_REBOOT"]))
    );
    assert_eq!(
        Operation::TriggerCrashDump.guard().vm_states(),
        Some(vm_set(&groups["ALLOW_TRIGGER_CRASH_DUMP"]))
    );
    let allow_reboot: TaskStateSet = facts["task_state_groupings"]["ALLOW_REBOOT"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().map(|t| TaskState::parse(t).unwrap()))
        .collect();
    assert_eq!(
        Operation::RebootHard.guard().task_states(),
        Some(allow_reboot)
    );
}
