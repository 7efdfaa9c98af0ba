//! The `server-lifecycle nova` commands and the `"nova"` object of `export`, run as a
//! user would run them: real output, real exit codes.

mod util;

use serde_json::Value;
use server_lifecycle::nova::{Operation, TaskState, VmState, STATUS_OVERRIDES};
use util::run;

#[track_caller]
fn assert_output(args: &[&str], code: i32, stdout: &str, stderr: &str) {
    let output = run(args);
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        stdout,
        "stdout of {args:?}"
    );
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        stderr,
        "stderr of {args:?}"
    );
    assert_eq!(output.status.code(), Some(code), "exit code of {args:?}");
}

#[test]
fn status_prints_the_status_of_a_pair() {
    assert_output(
        &["nova", "status", "active", "rebooting_hard"],
        0,
        "HARD_REBOOT\n",
        "",
    );
    // What Nova shows (`openstack server show`), as the command's help says...
    assert_output(
        &["nova", "status", "stopped", "rebooting_hard"],
        0,
        "SHUTOFF\n",
        "",
    );
    assert_output(
        &["nova", "status", "active", "resize_migrating"],
        0,
        "RESIZE\n",
        "",
    );
    // ...or the specification's name when asked.
    assert_output(
        &[
            "nova",
            "status",
            "stopped",
            "rebooting_hard",
            "--names",
            "spec",
        ],
        0,
        "STOPPED\n",
        "",
    );
    assert_output(
        &[
            "--names",
            "spec",
            "nova",
            "status",
            "active",
            "resize_migrating",
        ],
        0,
        "RESIZED\n",
        "",
    );
    assert_output(&["nova", "status", "resized"], 0, "VERIFY_RESIZE\n", "");
    assert_output(
        &["nova", "status", "soft-delete", "none"],
        0,
        "SOFT_DELETED\n",
        "",
    );
    let output = run(&["nova", "status", "error", "rebuilding", "--format", "json"]);
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "vm_state": "error", "task_state": "rebuilding",
            "status": "REBUILD", "nova_status": "REBUILD"
        })
    );
}

#[test]
fn status_rejects_unknown_values_naming_the_valid_ones() {
    assert_output(
        &["nova", "status", "soft_deleted"],
        2,
        "",
        "server-lifecycle: error: unknown vm_state \"soft_deleted\"; did you mean soft-delete? \
         expected one of: active, \
         building, paused, suspended, stopped, rescued, resized, soft-delete, deleted, error, \
         shelved, shelved_offloaded\n",
    );
    // `-` and `_` are the same in every name (issue 13).
    assert_output(
        &["nova", "status", "active", "powering_off"],
        0,
        "ACTIVE\n",
        "",
    );
    let output = run(&["nova", "status", "active", "powering_of"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.starts_with(
        "server-lifecycle: error: unknown task_state \"powering_of\"; did you mean powering-off \
         or powering-on? expected one of: scheduling,"
    ));
}

#[test]
fn check_prints_the_task_an_operation_sets() {
    assert_output(
        &["nova", "check", "--vm-state", "stopped", "reboot_hard"],
        0,
        "rebooting_hard\n",
        "",
    );
    assert_output(
        &["nova", "check", "--vm-state", "resized", "confirm_resize"],
        0,
        "none\n",
        "",
    );
    assert_output(
        &[
            "nova",
            "check",
            "--vm-state",
            "building",
            "--task-state",
            "spawning",
            "--not-launched",
            "delete",
        ],
        0,
        "deleting\n",
        "",
    );
    assert_output(
        &[
            "nova",
            "check",
            "--vm-state",
            "paused",
            "--task-state",
            "migrating",
            "live_migrate_abort",
            "--format",
            "json",
        ],
        0,
        "{\n  \"operation\": \"live_migrate_abort\",\n  \"sets_task_state\": null\n}\n",
        "",
    );
}

#[test]
fn check_refuses_like_novas_409() {
    assert_output(
        &["nova", "check", "--vm-state", "paused", "stop"],
        1,
        "",
        "server-lifecycle: error: cannot stop while the server is in vm_state paused\n",
    );
    assert_output(
        &[
            "nova",
            "check",
            "--vm-state",
            "active",
            "--task-state",
            "reboot_pending_hard",
            "reboot_hard",
        ],
        1,
        "",
        "server-lifecycle: error: cannot reboot_hard while the server is in task_state \
         reboot_pending_hard\n",
    );
    assert_output(
        &[
            "nova",
            "check",
            "--vm-state",
            "soft-delete",
            "--not-launched",
            "restore",
        ],
        1,
        "",
        "server-lifecycle: error: cannot restore a server that never launched\n",
    );
    let output = run(&["nova", "check", "--vm-state", "active", "hibernate"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).starts_with(
        "server-lifecycle: error: unknown operation \"hibernate\"; expected one of: create,"
    ));
}

#[test]
fn export_has_the_nova_object() {
    let output = run(&["export"]);
    assert_eq!(output.status.code(), Some(0));
    let export: Value = serde_json::from_slice(&output.stdout).unwrap();
    let nova = &export["nova"];
    assert_eq!(nova["vm_states"], serde_json::json!(VmState::NAMES));
    assert_eq!(nova["task_states"], serde_json::json!(TaskState::NAMES));
    assert_eq!(
        nova["power_states"][3],
        serde_json::json!({"name": "shutdown", "code": 4})
    );
    let status_map = nova["status_map"].as_array().unwrap();
    assert_eq!(status_map.len(), VmState::COUNT + STATUS_OVERRIDES.len());
    assert!(status_map.contains(&serde_json::json!(
        {"vm_state": "stopped", "task_state": null, "status": "STOPPED", "nova_status": "SHUTOFF"}
    )));
    assert!(status_map.contains(&serde_json::json!(
        {"vm_state": "paused", "task_state": "migrating", "status": "MIGRATING", "nova_status": "MIGRATING"}
    )));
    let guards = nova["guards"].as_array().unwrap();
    assert_eq!(guards.len(), Operation::COUNT);
    let guard = |name: &str| {
        guards
            .iter()
            .find(|g| g["operation"] == name)
            .unwrap()
            .clone()
    };
    assert_eq!(
        guard("delete"),
        serde_json::json!({"operation": "delete", "vm_states": null, "task_states": null, "must_have_launched": false})
    );
    assert_eq!(
        guard("reboot_hard")["task_states"],
        serde_json::json!([
            null,
            "rebooting",
            "reboot_pending",
            "reboot_started",
            "rebooting_hard",
            "pausing",
            "unpausing",
            "suspending",
            "resuming"
        ])
    );
    assert_eq!(
        guard("stop")["vm_states"],
        serde_json::json!(["active", "error"])
    );
}
