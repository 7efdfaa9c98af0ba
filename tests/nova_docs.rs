//! `docs/nova.md` embeds tables generated from the code (and, for the comparison with
//! Nova's own documentation, from `tests/data/nova-facts.json`). This test fails when
//! they drift; `SERVER_LIFECYCLE_BLESS=1 cargo test --test nova_docs` rewrites them.

mod util;

use std::fmt::Write as _;

use serde_json::Value;
use server_lifecycle::nova::{
    default_status, list_filter, Operation, TaskState, TaskStateSet, VmState, VmStateSet,
    STATUS_OVERRIDES,
};
use server_lifecycle::Status;
use util::assert_generated_section;

const GUIDE: &str = "docs/nova.md";

fn code(text: &str) -> String {
    format!("`{text}`")
}

fn vm_list(set: Option<VmStateSet>) -> String {
    match set {
        None => "any".to_owned(),
        Some(set) if set.is_empty() => "none (a new server)".to_owned(),
        Some(set) => set
            .iter()
            .map(|v| code(v.as_str()))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

fn task_list(set: Option<TaskStateSet>) -> String {
    match set {
        None => "any".to_owned(),
        Some(set) if set == TaskStateSet::IDLE => "idle".to_owned(),
        Some(set) if set.len() > TaskState::COUNT / 2 => {
            let missing: Vec<String> = TaskStateSet::FULL
                .iter()
                .filter(|t| !set.contains(*t))
                .map(|t| code(t.map_or("idle", TaskState::as_str)))
                .collect();
            format!("any but {}", missing.join(", "))
        }
        Some(set) => set
            .iter()
            .map(|t| t.map_or("idle".to_owned(), |t| code(t.as_str())))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

fn status_map() -> String {
    let mut out = String::from(
        "| vm_state | status with no task (and any task not listed) | task_state overrides |\n|---|---|---|\n",
    );
    for vm_state in VmState::ALL {
        let status = default_status(vm_state);
        let overrides: Vec<String> = STATUS_OVERRIDES
            .iter()
            .filter(|(v, _, _)| *v == vm_state)
            .map(|(_, task, status)| format!("{} → {}", code(task.as_str()), status))
            .collect();
        let _ = writeln!(
            out,
            "| {} | {} (Nova: `{}`) | {} |",
            code(vm_state.as_str()),
            status,
            status.nova_name(),
            if overrides.is_empty() {
                "–".to_owned()
            } else {
                overrides.join(", ")
            }
        );
    }
    out
}

fn list_filters() -> String {
    let mut out = String::from("| status | vm_state IN | task_state IN |\n|---|---|---|\n");
    for status in Status::ALL {
        let (vm_states, task_states) = list_filter(status);
        let tasks = match task_states {
            None => "(no filter: over-approximates)".to_owned(),
            Some(set) => task_list(Some(set)),
        };
        let vms = if vm_states.is_empty() {
            "(nothing: 400 from 2.38)".to_owned()
        } else {
            vm_list(Some(vm_states))
        };
        let _ = writeln!(out, "| {status} | {vms} | {tasks} |");
    }
    out
}

fn guards() -> String {
    let mut out = String::from(
        "| operation | request | vm_state | task_state | launched | locked | sets task |\n|---|---|---|---|---|---|---|\n",
    );
    for operation in Operation::ALL {
        let guard = operation.guard();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |",
            code(operation.as_str()),
            if operation.event().is_some() {
                "yes"
            } else {
                "–"
            },
            vm_list(guard.vm_states()),
            task_list(guard.task_states()),
            if guard.must_have_launched() {
                "yes"
            } else {
                "–"
            },
            if guard.lock_checked() { "yes" } else { "–" },
            operation
                .sets_task_state()
                .map_or("–".to_owned(), |t| code(t.as_str())),
        );
    }
    out
}

fn sequences() -> String {
    let mut out =
        String::from("| operation | task_state sequence (from the API to the end) |\n|---|---|\n");
    for operation in Operation::ALL {
        let sequence = operation.task_sequence();
        if sequence.is_empty() {
            continue;
        }
        let mut steps: Vec<String> = sequence
            .iter()
            .map(|t| t.map_or("idle".to_owned(), |t| code(t.as_str())))
            .collect();
        if operation == Operation::Unshelve {
            let shelved: Vec<String> = operation
                .task_sequence_from(VmState::Shelved)
                .iter()
                .map(|t| t.map_or("idle".to_owned(), |t| code(t.as_str())))
                .collect();
            steps = vec![format!(
                "from `shelved_offloaded`: {}; from `shelved`: {}",
                steps.join(" → "),
                shelved.join(" → ")
            )];
        }
        let _ = writeln!(
            out,
            "| {} | {} |",
            code(operation.as_str()),
            steps.join(" → ")
        );
    }
    out
}

/// The vm_state a name in Nova's `vm-states.rst` command table stands for.
fn doc_vm_state(name: &str) -> Option<VmState> {
    match name {
        "Shutoff" | "Stopped" => Some(VmState::Stopped),
        "Soft Deleted" => Some(VmState::SoftDeleted),
        other => VmState::parse(other).ok(),
    }
}

fn doc_command_table() -> String {
    let facts: Value =
        serde_json::from_str(include_str!("data/nova-facts.json")).expect("valid facts");
    let mut out = String::from(
        "| command (doc) | operation | the doc requires vm_state | the code allows vm_state | doc allows, code refuses | code allows, doc omits |\n|---|---|---|---|---|---|\n",
    );
    for row in facts["vm_state_doc_command_table"]["rows"]
        .as_array()
        .unwrap()
    {
        let command = row["command"].as_str().unwrap();
        let documented: VmStateSet = row["req_vm_states"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|name| doc_vm_state(name.as_str().unwrap()))
            .collect();
        let operations: &[Operation] = match command {
            "set admin password" => &[Operation::ChangePassword],
            "reboot" => &[Operation::Reboot, Operation::RebootHard],
            other => &[Operation::parse(&other.replace(' ', "_")).unwrap()],
        };
        for operation in operations {
            let allowed = operation.guard().vm_states().unwrap_or(VmStateSet::FULL);
            let only_doc: VmStateSet = documented
                .iter()
                .filter(|v| !allowed.contains(*v))
                .collect();
            let only_code: VmStateSet = allowed
                .iter()
                .filter(|v| !documented.contains(*v))
                .collect();
            let none = |set: VmStateSet| {
                if set.is_empty() {
                    "–".to_owned()
                } else {
                    vm_list(Some(set))
                }
            };
            let _ = writeln!(
                out,
                "| {command} | {} | {} | {} | {} | {} |",
                code(operation.as_str()),
                vm_list(Some(documented)),
                if operation.guard().vm_states().is_none() {
                    "any".to_owned()
                } else {
                    vm_list(Some(allowed))
                },
                none(only_doc),
                none(only_code),
            );
        }
    }
    out
}

#[test]
fn generated_sections_of_the_nova_guide_are_up_to_date() {
    assert_generated_section(GUIDE, "status-map", &status_map());
    assert_generated_section(GUIDE, "list-filter", &list_filters());
    assert_generated_section(GUIDE, "guards", &guards());
    assert_generated_section(GUIDE, "sequences", &sequences());
    assert_generated_section(GUIDE, "doc-command-table", &doc_command_table());
}
