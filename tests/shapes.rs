//! One reader for every tool's server JSON (`nova::ServerJson`), checked against Nova's API
//! samples and the openstackclient / openstacksdk fixtures written from their code
//! (`tests/data/shapes/README.md`), and Nova's instance actions (`nova::INSTANCE_ACTIONS`)
//! against Nova's `instance_actions.py`.

use std::path::PathBuf;

use server_lifecycle::nova::{
    events_with_actions, instance_action, recorded_action, JsonScalar, NovaServer, NovaServerBody,
    NovaServersBody, PowerState, ServerJson, ServerShape, ACCEPTED_SHAPES, INSTANCE_ACTIONS,
    OPENSTACKCLIENT_POWER_STATES,
};
use server_lifecycle::{Event, EventClass, EventSet, Status, TaskObservation};

fn data(path: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn read(path: &str) -> ServerJson {
    serde_json::from_str(&data(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn servers(document: &ServerJson) -> Vec<&NovaServer> {
    document
        .servers
        .iter()
        .map(|record| &record.server)
        .collect()
}

#[test]
fn every_nova_sample_reads_as_the_body_types_read_it() {
    let samples = [
        "v2.1-server-get-resp-rescue.json",
        "v2.1-server-get-resp.json",
        "v2.100-server-get-resp.json",
        "v2.47-server-get-resp.json",
        "v2.69-server-get-resp.json",
        "v2.71-server-get-down-cell-resp.json",
        "v2.87-server-get-resp-rescue.json",
        "v2.9-server-get-resp.json",
    ];
    for name in samples {
        let text = data(&format!("api-samples/{name}"));
        let body: NovaServerBody = serde_json::from_str(&text).unwrap();
        let document: ServerJson = serde_json::from_str(&text).unwrap();
        assert_eq!(document.shape, ServerShape::NovaServerBody, "{name}");
        assert_eq!(servers(&document), [&body.server], "{name}");
        assert_eq!(
            document.servers[0].key,
            JsonScalar::Text(body.server.id.clone().unwrap())
        );
        // The bare server object (a `jq .server` of the body) reads the same.
        let object = serde_json::to_string(
            &serde_json::from_str::<serde_json::Value>(&text).unwrap()["server"],
        )
        .unwrap();
        let bare: ServerJson = serde_json::from_str(&object).unwrap();
        assert_eq!(bare.shape, ServerShape::ServerObject, "{name}");
        assert_eq!(servers(&bare), [&body.server]);
    }
    for name in [
        "v2.16-servers-details-resp.json",
        "v2.98-servers-details-resp.json",
    ] {
        let text = data(&format!("api-samples/{name}"));
        let body: NovaServersBody = serde_json::from_str(&text).unwrap();
        let document: ServerJson = serde_json::from_str(&text).unwrap();
        assert_eq!(document.shape, ServerShape::NovaServersBody);
        assert_eq!(servers(&document), body.servers.iter().collect::<Vec<_>>());
    }
}

#[test]
fn openstacksdk_to_dict_reads_as_the_nova_body_it_was_made_from() {
    let sdk = read("shapes/openstacksdk-4.18.0-server-to-dict.json");
    assert_eq!(sdk.shape, ServerShape::SdkServer);
    let nova: NovaServerBody =
        serde_json::from_str(&data("api-samples/v2.47-server-get-resp.json")).unwrap();
    assert_eq!(servers(&sdk), [&nova.server]);
    let server = servers(&sdk)[0];
    assert_eq!(server.power_state(), Some(PowerState::Running));
    assert_eq!(server.task(), TaskObservation::Idle);
    assert_eq!(server.observation().unwrap().status(), Status::Active);

    // A non-admin view through openstacksdk: the hidden states are null, so the null
    // task_state says nothing (openstacksdk writes None for "no task" and for "hidden").
    let mut hidden: serde_json::Value =
        serde_json::from_str(&data("shapes/openstacksdk-4.18.0-server-to-dict.json")).unwrap();
    hidden["vm_state"] = serde_json::Value::Null;
    hidden["power_state"] = serde_json::Value::Null;
    let hidden: ServerJson = serde_json::from_value(hidden).unwrap();
    assert_eq!(hidden.servers[0].server.task(), TaskObservation::Unobserved);
    assert_eq!(hidden.servers[0].server.power_state, None);
}

#[test]
fn openstackclient_show_reads_as_the_nova_body() {
    let show = read("shapes/openstackclient-10.2.1-server-show.json");
    assert_eq!(show.shape, ServerShape::ServerObject);
    let nova: NovaServerBody =
        serde_json::from_str(&data("api-samples/v2.47-server-get-resp.json")).unwrap();
    assert_eq!(servers(&show), [&nova.server]);
}

#[test]
fn openstackclient_lists_read_every_row() {
    let nova: NovaServersBody =
        serde_json::from_str(&data("api-samples/v2.16-servers-details-resp.json")).unwrap();
    let short = read("shapes/openstackclient-10.2.1-server-list.json");
    let long = read("shapes/openstackclient-10.2.1-server-list-long.json");
    let old = read("shapes/openstackclient-5.4.0-server-list-long.json");
    for list in [&short, &long, &old] {
        assert_eq!(list.shape, ServerShape::ServerList);
        assert_eq!(list.servers.len(), nova.servers.len());
        for (record, server) in list.servers.iter().zip(&nova.servers) {
            assert_eq!(record.key, JsonScalar::Text(server.id.clone().unwrap()));
            assert_eq!(record.server.status, server.status);
            assert_eq!(record.server.name, server.name);
        }
    }
    // Without --long: no task or power state.
    assert_eq!(short.servers[0].server.task(), TaskObservation::Unobserved);
    assert_eq!(short.servers[0].server.power_state, None);
    // With --long: the task state (null: idle) and the power state, as Nova's integer
    // (10.2.1) or as text (5.4.0): the same code.
    for (record, server) in long.servers.iter().zip(&nova.servers) {
        assert_eq!(record.server.task(), server.task());
        assert_eq!(record.server.power_state, server.power_state);
    }
    assert_eq!(servers(&old), servers(&long));
}

#[test]
fn openstackclient_power_state_text_is_its_code() {
    for (code, label) in OPENSTACKCLIENT_POWER_STATES.iter().enumerate() {
        let line = format!(r#"{{"ID": "a", "Status": "ACTIVE", "Power State": "{label}"}}"#);
        let document: ServerJson = serde_json::from_str(&line).unwrap();
        let read = document.servers[0].server.power_state;
        if label.is_empty() {
            assert_eq!(read, None, "openstackclient's blank says nothing");
        } else {
            assert_eq!(read, Some(code as i64), "{label}");
            assert!(PowerState::from_code(code as i64).is_some(), "{label}");
        }
    }
    let na: ServerJson =
        serde_json::from_str(r#"{"ID": "a", "Status": "ACTIVE", "Power State": "N/A"}"#).unwrap();
    assert_eq!(na.servers[0].server.power_state, None);
    let error = serde_json::from_str::<ServerJson>(
        r#"{"ID": "a", "Status": "ACTIVE", "Power State": "Sleeping"}"#,
    )
    .unwrap_err()
    .to_string();
    assert!(error.starts_with("unknown power state \"Sleeping\"; expected Nova's integer code, openstackclient's NOSTATE, Running"), "{error}");
}

#[test]
fn instance_actions_read_from_nova_and_openstackclient_alike() {
    let nova = read("api-samples/os-instance-actions/v2.84-instance-actions-list-resp.json");
    assert_eq!(nova.shape, ServerShape::NovaActionsBody);
    assert!(nova.servers.is_empty());
    let names: Vec<&str> = nova.actions.iter().map(|a| a.action.as_str()).collect();
    assert_eq!(names, ["stop", "create"]);
    for path in [
        "shapes/openstackclient-10.2.1-server-event-list.json",
        "shapes/openstackclient-10.2.1-server-event-list-long.json",
    ] {
        let listed = read(path);
        assert_eq!(listed.shape, ServerShape::ActionList);
        assert_eq!(listed.actions, nova.actions, "{path}");
    }
    let old = read("api-samples/os-instance-actions/v2.1-instance-actions-list-resp.json");
    assert_eq!(
        old.actions[0].server.as_deref(),
        Some("fcd19ef2-b593-40b1-90a5-fc31063fa95c")
    );
}

#[test]
fn this_projects_lines_keep_their_id_and_time() {
    let line: ServerJson = serde_json::from_str(
        r#"{"server": 7, "status": "SHUTOFF", "task_state": null, "at": "2026-08-21T10:00:00Z"}"#,
    )
    .unwrap();
    assert_eq!(line.shape, ServerShape::Line);
    assert_eq!(line.servers[0].key, JsonScalar::Integer(7));
    assert_eq!(
        line.servers[0].at,
        Some(JsonScalar::Text("2026-08-21T10:00:00Z".into()))
    );
    assert_eq!(line.servers[0].server.task(), TaskObservation::Idle);
    assert_eq!(line.servers[0].server.status.known(), Some(Status::Stopped));
}

#[test]
fn documents_of_no_known_shape_are_refused_naming_the_shapes() {
    for text in [r#"{"state": "ACTIVE"}"#, "{}", r#"{"server_id": 1}"#] {
        let error = serde_json::from_str::<ServerJson>(text)
            .unwrap_err()
            .to_string();
        assert!(
            error.starts_with(&format!("no known shape; expected {ACCEPTED_SHAPES}")),
            "{text}: {error}"
        );
    }
    let cases = [
        (
            r#"{"status": "ACTIVE"}"#,
            "a server object without \"id\" or \"name\"",
        ),
        (
            r#"{"server": 1.5, "status": "ACTIVE"}"#,
            "server must be a string or an integer",
        ),
        (
            r#"{"id": "a", "status": "ACTIVE", "Status": "BUILD"}"#,
            "duplicate field `Status`",
        ),
        (
            r#"{"id": "a", "OS-EXT-STS:task_state": null, "task_state": "spawning", "status": "BUILD"}"#,
            "duplicate field `task_state`",
        ),
        (r#"{"server": 1}"#, "missing field `status`"),
        (
            r#"[{"ID": "a"}]"#,
            "an array element with neither \"status\"",
        ),
        (
            r#"[1]"#,
            "invalid type: integer `1`, expected a JSON object",
        ),
        (
            r#"{"instanceActions": [{"request_id": "r"}]}"#,
            "missing field `action`",
        ),
    ];
    for (text, message) in cases {
        let error = serde_json::from_str::<ServerJson>(text)
            .unwrap_err()
            .to_string();
        assert!(error.starts_with(message), "{text}: {error}");
    }
}

#[test]
fn instance_actions_are_novas_names() {
    // Every `NAME = 'value'` of Nova's instance_actions.py, and nothing else.
    let nova: Vec<String> = data("nova-instance-actions.py")
        .lines()
        .filter_map(|line| {
            let (name, value) = line.split_once(" = ")?;
            if !name.chars().all(|c| c.is_ascii_uppercase() || c == '_') {
                return None;
            }
            Some(value.trim().trim_matches('\'').to_owned())
        })
        .collect();
    let ours: Vec<String> = INSTANCE_ACTIONS
        .iter()
        .map(|row| row.action.to_owned())
        .collect();
    assert_eq!(ours, nova);
    for row in INSTANCE_ACTIONS {
        assert_eq!(instance_action(row.action), Some(row));
        assert!(row.source.starts_with("nova/"), "{}", row.action);
    }
}

#[test]
fn every_request_and_admin_reset_has_the_action_nova_records() {
    let api_calls = EventSet::FULL
        .iter()
        .filter(|event| matches!(event.class(), EventClass::Request | EventClass::AdminReset))
        .fold(EventSet::EMPTY, EventSet::with);
    assert_eq!(events_with_actions(), api_calls);
    // No event is recorded under two actions.
    for event in Event::ALL {
        let rows = INSTANCE_ACTIONS
            .iter()
            .filter(|row| row.events.contains(event))
            .count();
        assert!(rows <= 1, "{event}");
    }
    assert_eq!(recorded_action(Event::ForceDelete), Some("delete"));
    assert_eq!(recorded_action(Event::Migrate), Some("migrate"));
    assert_eq!(
        instance_action("live_migration").map(|r| r.action),
        Some("live-migration")
    );
    assert_eq!(
        instance_action("CONFIRMRESIZE").map(|r| r.action),
        Some("confirmResize")
    );
}
