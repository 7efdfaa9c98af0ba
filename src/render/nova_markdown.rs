//! Markdown tables of the Nova layer for `docs/nova.md`: the status map, the list filters,
//! every operation's guard and task sequence. Generated from the code; a test fails when
//! the committed document drifts.

use core::fmt::Write as _;

use crate::nova::{
    default_status, list_filter, Operation, TaskState, TaskStateSet, VmState, VmStateSet,
    STATUS_OVERRIDES,
};
use crate::Status;

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

/// Nova's status map as a Markdown table: each vm_state's status with no task, and the
/// task_states that override it.
///
/// # Examples
///
/// ```
/// let table = server_lifecycle::render::nova_status_map_markdown();
/// assert!(table.contains("| `active` | ACTIVE (Nova: `ACTIVE`) |"));
/// ```
#[must_use]
pub fn nova_status_map_markdown() -> String {
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

/// The `GET /servers?status=` filter of every status as a Markdown table: the vm_states
/// and task_states Nova's list query uses.
///
/// # Examples
///
/// ```
/// let table = server_lifecycle::render::nova_list_filter_markdown();
/// assert!(table.starts_with("| status | vm_state IN | task_state IN |"));
/// ```
#[must_use]
pub fn nova_list_filter_markdown() -> String {
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

/// Every operation's guard as a Markdown table: allowed vm_states and task_states,
/// launched and lock checks, and the task the operation sets.
///
/// # Examples
///
/// ```
/// let table = server_lifecycle::render::nova_guard_table_markdown();
/// assert!(table.contains("| `stop` | yes |"));
/// ```
#[must_use]
pub fn nova_guard_table_markdown() -> String {
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

/// Every operation's task_state sequence, from the API to the end, as a Markdown table.
///
/// # Examples
///
/// ```
/// let table = server_lifecycle::render::nova_task_sequence_markdown();
/// assert!(table.contains("| `stop` | `powering-off` → idle |"));
/// ```
#[must_use]
pub fn nova_task_sequence_markdown() -> String {
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

/// Nova's own documentation of which vm_states each command needs (`vm-states.rst`),
/// against what the code's guards allow, as a Markdown table. `documented` is the doc's
/// table: each command as the doc names it (`set admin password`, `reboot`, ...) and the
/// vm_states it lists.
///
/// # Examples
///
/// ```
/// use server_lifecycle::nova::{VmState, VmStateSet};
///
/// let doc = [("stop".to_owned(), [VmState::Active].into_iter().collect::<VmStateSet>())];
/// let table = server_lifecycle::render::nova_doc_comparison_markdown(&doc);
/// assert!(table.contains("| stop | `stop` | `active` | `active`, `error` | – | `error` |"));
/// ```
#[must_use]
pub fn nova_doc_comparison_markdown(documented: &[(String, VmStateSet)]) -> String {
    let mut out = String::from(
        "| command (doc) | operation | the doc requires vm_state | the code allows vm_state | doc allows, code refuses | code allows, doc omits |\n|---|---|---|---|---|---|\n",
    );
    for (command, documented) in documented {
        let operations: Vec<Operation> = match command.as_str() {
            "set admin password" => vec![Operation::ChangePassword],
            "reboot" => vec![Operation::Reboot, Operation::RebootHard],
            other => Operation::parse(&other.replace(' ', "_"))
                .into_iter()
                .collect(),
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
                vm_list(Some(*documented)),
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
