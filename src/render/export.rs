//! The JSON export: the whole model as one document (what `server-lifecycle export`
//! prints), rendered from the table and the Nova layer.

use super::json::Json;
use crate::nova::{default_status, Operation, PowerState, TaskState, VmState, STATUS_OVERRIDES};
use crate::{table, Event, Status};

/// The whole model as one pretty-printed JSON document (no trailing newline): the initial
/// status, every status (both spellings, kind, description), every event (kind,
/// description), one transition per possible result, and the Nova layer (state lists,
/// status map, guards).
///
/// The shape is a contract: fields are added, never renamed.
///
/// ```json
/// {"initial": {"event", "status", "nova_status"},
///  "statuses": [{"name", "nova_name", "kind", "description"}],
///  "events": [{"name", "kind", "description"}],
///  "transitions": [{"from", "event", "to", "nova_from", "nova_to"}],
///  "nova": {"vm_states", "task_states", "power_states": [{"name", "code"}],
///           "status_map": [{"vm_state", "task_state", "status", "nova_status"}],
///           "guards": [{"operation", "vm_states", "task_states", "must_have_launched"}]}}
/// ```
///
/// Every status is named by the specification's name (`STOPPED`) under its key and by
/// Nova's spelling ([`Status::nova_name`]: `SHUTOFF`) under `nova_` + the same key
/// (`nova_name` in `statuses`). In `guards`, `null` means any state, and a `null` inside
/// `task_states` means no task.
///
/// # Examples
///
/// ```
/// let export = server_lifecycle::render::export_json();
/// assert!(export.starts_with("{\n  \"initial\": {\n    \"event\": \"create\""));
/// assert!(export.contains("\"nova_name\": \"SHUTOFF\""));
/// // A transition row: `"to": "STOPPED"` and `"nova_to": "SHUTOFF"`.
/// assert!(export.contains("\"to\": \"STOPPED\",\n      \"nova_from\": \"ACTIVE\",\n      \"nova_to\": \"SHUTOFF\""));
/// ```
#[must_use]
pub fn export_json() -> String {
    export().pretty()
}

fn export() -> Json {
    let statuses = Status::ALL.iter().map(|status| {
        Json::Object(vec![
            ("name", status.as_str().into()),
            ("nova_name", status.nova_name().into()),
            ("kind", status.kind().as_str().into()),
            ("description", status.description().into()),
        ])
    });
    let events = Event::ALL.iter().map(|event| {
        Json::Object(vec![
            ("name", event.as_str().into()),
            ("kind", event.kind().as_str().into()),
            ("description", event.description().into()),
        ])
    });
    let transitions = table::transitions().flat_map(|row| {
        row.to().iter().map(move |to| {
            Json::Object(vec![
                ("from", row.from().as_str().into()),
                ("event", row.event().as_str().into()),
                ("to", to.as_str().into()),
                ("nova_from", row.from().nova_name().into()),
                ("nova_to", to.nova_name().into()),
            ])
        })
    });
    Json::Object(vec![
        (
            "initial",
            Json::Object(vec![
                ("event", table::CREATE.as_str().into()),
                ("status", table::INITIAL.as_str().into()),
                ("nova_status", table::INITIAL.nova_name().into()),
            ]),
        ),
        ("statuses", Json::Array(statuses.collect())),
        ("events", Json::Array(events.collect())),
        ("transitions", Json::Array(transitions.collect())),
        ("nova", nova()),
    ])
}

/// The `"nova"` object: the state lists, the status map (default entries with a `null`
/// task_state, then Nova's overrides; canonical status names, and Nova's spelling under
/// `nova_status`) and every operation's guard.
fn nova() -> Json {
    let defaults = VmState::ALL.iter().map(|vm_state| {
        Json::Object(vec![
            ("vm_state", vm_state.as_str().into()),
            ("task_state", Json::Null),
            ("status", default_status(*vm_state).as_str().into()),
            ("nova_status", default_status(*vm_state).nova_name().into()),
        ])
    });
    let overrides = STATUS_OVERRIDES
        .iter()
        .map(|(vm_state, task_state, status)| {
            Json::Object(vec![
                ("vm_state", vm_state.as_str().into()),
                ("task_state", task_state.as_str().into()),
                ("status", status.as_str().into()),
                ("nova_status", status.nova_name().into()),
            ])
        });
    let guards = Operation::ALL.iter().map(|operation| {
        let guard = operation.guard();
        Json::Object(vec![
            ("operation", operation.as_str().into()),
            (
                "vm_states",
                guard
                    .vm_states()
                    .map(|set| Json::array(set.iter().map(VmState::as_str)))
                    .into(),
            ),
            (
                "task_states",
                guard
                    .task_states()
                    .map(|set| Json::array(set.iter().map(|task| task.map(TaskState::as_str))))
                    .into(),
            ),
            ("must_have_launched", guard.must_have_launched().into()),
        ])
    });
    let power_states = PowerState::ALL.iter().map(|power| {
        Json::Object(vec![
            ("name", power.as_str().into()),
            ("code", Json::Int(i64::from(power.code()))),
        ])
    });
    Json::Object(vec![
        ("vm_states", Json::array(VmState::NAMES.iter().copied())),
        ("task_states", Json::array(TaskState::NAMES.iter().copied())),
        ("power_states", Json::Array(power_states.collect())),
        (
            "status_map",
            Json::Array(defaults.chain(overrides).collect()),
        ),
        ("guards", Json::Array(guards.collect())),
    ])
}
