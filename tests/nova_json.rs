//! Reading Nova's server JSON into observations, with every API sample Nova ships.

use std::path::PathBuf;

use server_lifecycle::nova::{NovaServer, NovaServerBody, NovaServersBody};
use server_lifecycle::nova::{PowerState, TaskState, VmState};
use server_lifecycle::{
    CloudSettings, Event, Plan, Progress, ReportedStatus, Status, TaskObservation,
};

fn samples_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/api-samples")
}

/// Every `.json` sample with the servers it holds.
fn samples() -> Vec<(String, Vec<NovaServer>)> {
    let mut samples = Vec::new();
    for entry in std::fs::read_dir(samples_dir()).expect("the samples folder") {
        let path = entry.expect("a folder entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).expect("a readable sample");
        let servers = if name.contains("servers-details") {
            serde_json::from_str::<NovaServersBody>(&text)
                .unwrap_or_else(|e| panic!("{name}: {e}"))
                .servers
        } else {
            vec![
                serde_json::from_str::<NovaServerBody>(&text)
                    .unwrap_or_else(|e| panic!("{name}: {e}"))
                    .server,
            ]
        };
        samples.push((name, servers));
    }
    samples.sort_by(|a, b| a.0.cmp(&b.0));
    samples
}

#[test]
fn every_sample_is_read_and_listed_in_the_readme() {
    let samples = samples();
    assert_eq!(samples.len(), 10, "the samples copied from Nova");
    let readme = std::fs::read_to_string(samples_dir().join("README.md")).unwrap();
    for (name, servers) in &samples {
        assert!(
            readme.contains(name),
            "{name} has no provenance line in the README"
        );
        assert!(!servers.is_empty(), "{name}");
    }
}

#[test]
fn every_sample_server_gives_an_observation_that_agrees_with_its_states() {
    for (name, servers) in samples() {
        for server in servers {
            let seen = server
                .observation()
                .unwrap_or_else(|| panic!("{name}: unknown status {}", server.status));
            assert!(server.id.is_some(), "{name}");
            match server.vm_state() {
                // A full record: the status is what Nova's map gives its states.
                Some(_) => {
                    assert_eq!(server.task(), TaskObservation::Idle, "{name}");
                    assert_eq!(server.status_from_states(), Some(seen.status()), "{name}");
                }
                // A down cell: only UNKNOWN and power_state 0.
                None => {
                    assert_eq!(seen.status(), Status::Unknown, "{name}");
                    assert_eq!(server.task(), TaskObservation::Unobserved, "{name}");
                    assert_eq!(server.power_state(), Some(PowerState::NoState), "{name}");
                    assert_eq!(server.status_from_states(), None, "{name}");
                }
            }
        }
    }
}

#[test]
fn the_samples_show_the_statuses_and_states_their_readme_describes() {
    let by_name: Vec<(String, Status, Option<VmState>, Option<PowerState>)> = samples()
        .into_iter()
        .flat_map(|(name, servers)| {
            servers.into_iter().map(move |server| {
                (
                    name.clone(),
                    server.status.known().unwrap(),
                    server.vm_state(),
                    server.power_state(),
                )
            })
        })
        .collect();
    let find = |name: &str| {
        by_name
            .iter()
            .find(|(n, ..)| n == name)
            .map(|(_, status, vm, power)| (*status, *vm, *power))
            .unwrap()
    };
    assert_eq!(
        find("v2.1-server-get-resp-rescue.json"),
        (
            Status::Rescued,
            Some(VmState::Rescued),
            Some(PowerState::Shutdown)
        )
    );
    assert_eq!(
        find("v2.1-server-get-resp.json"),
        (
            Status::Active,
            Some(VmState::Active),
            Some(PowerState::Running)
        )
    );
    assert_eq!(
        find("v2.71-server-get-down-cell-resp.json"),
        (Status::Unknown, None, Some(PowerState::NoState))
    );
}

#[test]
fn an_unknown_status_is_kept_and_gives_no_observation() {
    let server: NovaServer =
        serde_json::from_str(r#"{"status": "HIBERNATING", "OS-EXT-STS:vm_state": "hibernated"}"#)
            .unwrap();
    assert_eq!(
        server.status,
        ReportedStatus::Unrecognised("HIBERNATING".to_owned())
    );
    assert_eq!(server.observation(), None);
    assert_eq!(server.vm_state(), None);
    assert_eq!(server.vm_state, Some(Some("hibernated".to_owned())));
}

#[test]
fn unknown_fields_and_unknown_task_states_are_tolerated() {
    let server: NovaServer = serde_json::from_str(
        r#"{"status": "ACTIVE", "OS-EXT-STS:task_state": "defragmenting",
            "OS-EXT-STS:power_state": 2, "x-new-field": {"nested": [1, 2]}}"#,
    )
    .unwrap();
    assert_eq!(server.task(), TaskObservation::Unobserved);
    assert_eq!(server.task_state, Some(Some("defragmenting".to_owned())));
    assert_eq!(
        server.power_state(),
        None,
        "2 is an unused power_state slot"
    );
    assert_eq!(server.observation().unwrap().status(), Status::Active);
}

#[test]
fn a_transitional_status_agrees_with_its_task_state() {
    let body: NovaServersBody = serde_json::from_str(
        r#"{"servers": [
            {"status": "RESIZE", "OS-EXT-STS:vm_state": "stopped", "OS-EXT-STS:task_state": "resize_migrating"},
            {"status": "SHUTOFF", "OS-EXT-STS:vm_state": "stopped", "OS-EXT-STS:task_state": "rebooting_hard"},
            {"status": "ACTIVE", "OS-EXT-STS:vm_state": "active", "OS-EXT-STS:task_state": "deleting"}
        ]}"#,
    )
    .unwrap();
    let statuses: Vec<Option<Status>> = body
        .servers
        .iter()
        .map(NovaServer::status_from_states)
        .collect();
    assert_eq!(
        statuses,
        [
            Some(Status::Resized),
            Some(Status::Stopped),
            Some(Status::Active)
        ]
    );
    assert_eq!(
        body.servers[2].task(),
        TaskObservation::Running(TaskState::Deleting)
    );
}

#[test]
fn a_fault_is_carried_through_to_the_assessment() {
    let body: NovaServerBody = serde_json::from_str(
        r#"{"server": {"id": "s1", "status": "ERROR", "OS-EXT-STS:vm_state": "error",
            "OS-EXT-STS:task_state": null,
            "fault": {"code": 500, "created": "2026-08-21T10:00:00Z",
                      "message": "No valid host was found. There are not enough hosts available."}}}"#,
    )
    .unwrap();
    let seen = body.server.observation().unwrap();
    let plan = Plan::create(CloudSettings::NOVA_DEFAULTS);
    let assessment = plan.assess(&seen);
    assert_eq!(assessment.progress(), Progress::Failed);
    assert_eq!(
        assessment.fault(),
        Some("No valid host was found. There are not enough hosts available.")
    );
    assert_eq!(
        assessment.to_string(),
        "failed: ERROR (task_state null): the status is where the request's failure paths end; \
         fault: No valid host was found. There are not enough hosts available."
    );
    let fault = body.server.fault.unwrap();
    assert_eq!(fault.code, Some(500));
}

#[test]
fn a_rescue_sample_is_done_for_a_rescue_request() {
    let text =
        std::fs::read_to_string(samples_dir().join("v2.87-server-get-resp-rescue.json")).unwrap();
    let body: NovaServerBody = serde_json::from_str(&text).unwrap();
    let plan = Plan::new(Event::Rescue, Status::Active, CloudSettings::NOVA_DEFAULTS).unwrap();
    assert_eq!(
        plan.assess(&body.server.observation().unwrap()).progress(),
        Progress::Done
    );
}

#[test]
fn a_server_without_a_status_is_an_error_not_a_panic() {
    let error = serde_json::from_str::<NovaServer>(r#"{"id": "x"}"#).unwrap_err();
    assert_eq!(
        error.to_string(),
        "missing field `status` at line 1 column 11"
    );
    let error = serde_json::from_str::<NovaServer>(r#"{"status": 3}"#).unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid type: integer `3`, expected a status string at line 1 column 12"
    );
}
