//! The CLI contract of `check`, `export` and the overview: exit codes, stdout, stderr and
//! the JSON shape, checked against the library's model.

mod util;

use server_lifecycle::{table, Event, Status};
use util::{run, stderr, stdout};

#[test]
fn check_allowed_prints_every_result_one_per_line() {
    let output = run(&["check", "VERIFY_RESIZE", "confirm_resize"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout(&output), "ACTIVE\nERROR\nSTOPPED\n");
    assert_eq!(stderr(&output), "");

    let output = run(&["check", "shutoff", "START"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout(&output), "ACTIVE\n");
}

#[test]
fn check_agrees_with_the_library_for_every_pair() {
    // One process per pair would be slow; sample every status with a few events each,
    // covering allowed and refused requests and outcomes.
    for (i, status) in Status::ALL.into_iter().enumerate() {
        for event in Event::ALL.into_iter().skip(i % 5).step_by(5) {
            let output = run(&["check", status.nova_name(), event.as_str()]);
            match status.next(event) {
                Ok(results) => {
                    assert_eq!(output.status.code(), Some(0), "{status} {event}");
                    let expected: String = results.iter().map(|s| format!("{s}\n")).collect();
                    assert_eq!(stdout(&output), expected);
                }
                Err(error) => {
                    assert_eq!(output.status.code(), Some(1), "{status} {event}");
                    assert_eq!(stdout(&output), "");
                    assert_eq!(
                        stderr(&output),
                        format!("server-lifecycle: error: {error}\n")
                    );
                }
            }
        }
    }
}

#[test]
fn check_refused_exits_1_with_the_error_on_stderr() {
    let output = run(&["check", "PAUSED", "stop"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output), "");
    assert_eq!(
        stderr(&output),
        "server-lifecycle: error: request stop is not allowed in status PAUSED; allowed \
         requests: reboot_hard, live_migrate, unpause, shelve, snapshot, backup, \
         trigger_crash_dump, delete, soft_delete, force_delete, reset_state_active, \
         reset_state_error\n"
    );
}

#[test]
fn check_unknown_names_exit_2_listing_the_valid_names() {
    let output = run(&["check", "DELETING", "delete"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).starts_with(
        "server-lifecycle: error: unknown status \"DELETING\"; expected one of: ACTIVE, BUILDING,"
    ));
    let output = run(&["check", "ACTIVE", "hibernate"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).starts_with(
        "server-lifecycle: error: unknown event \"hibernate\"; expected one of: create,"
    ));
    let output = run(&["check", "ACTIVE"]);
    assert_eq!(
        output.status.code(),
        Some(2),
        "missing argument is bad input"
    );
}

#[test]
fn export_is_one_json_document_with_the_contracted_shape() {
    let output = run(&["export"]);
    assert_eq!(output.status.code(), Some(0));
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");

    let statuses = document["statuses"].as_array().expect("statuses");
    assert_eq!(statuses.len(), Status::COUNT);
    for (json, status) in statuses.iter().zip(Status::ALL) {
        assert_eq!(json["name"], status.as_str());
        assert_eq!(json["nova_name"], status.nova_name());
        assert_eq!(json["kind"], status.kind().as_str());
        assert_eq!(json["description"], status.description());
    }

    let events = document["events"].as_array().expect("events");
    assert_eq!(events.len(), Event::COUNT);
    for (json, event) in events.iter().zip(Event::ALL) {
        assert_eq!(json["name"], event.as_str());
        let kind = json["kind"].as_str().expect("kind");
        assert!(kind == "request" || kind == "outcome");
        assert_eq!(kind, event.kind().as_str());
    }

    let transitions = document["transitions"].as_array().expect("transitions");
    let expected: Vec<(String, String, String)> = table::transitions()
        .flat_map(|row| {
            row.to().iter().map(move |to| {
                (
                    row.from().to_string(),
                    row.event().to_string(),
                    to.to_string(),
                )
            })
        })
        .collect();
    let actual: Vec<(String, String, String)> = transitions
        .iter()
        .map(|t| {
            let keys: Vec<&str> = t
                .as_object()
                .map(|o| o.keys().map(String::as_str).collect())
                .unwrap_or_default();
            assert_eq!(
                keys,
                ["from", "event", "to", "nova_from", "nova_to"],
                "the contracted from, event, to, then Nova's spellings"
            );
            let field = |name: &str| t[name].as_str().expect("a string").to_owned();
            (field("from"), field("event"), field("to"))
        })
        .collect();
    assert_eq!(
        actual, expected,
        "one row per possible result, in table order"
    );
    assert_eq!(document["initial"]["status"], "BUILDING");
    assert_eq!(document["initial"]["event"], "create");
}

/// `export` names every status in both spellings (issue 13): each `nova_K` is Nova's
/// spelling of the status under `K`, the same as that status's `nova_name` in the
/// export's own `statuses` list and in the library.
#[test]
fn export_names_every_status_in_both_spellings() {
    let output = run(&["export"]);
    assert_eq!(output.status.code(), Some(0));
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    // The export's own map from a status name to its Nova spelling.
    let nova_name: std::collections::HashMap<&str, &str> = document["statuses"]
        .as_array()
        .expect("statuses")
        .iter()
        .map(|status| {
            (
                status["name"].as_str().expect("a name"),
                status["nova_name"].as_str().expect("a nova_name"),
            )
        })
        .collect();
    // `object[key]`'s Nova spelling, checked against the export's map and the library.
    let check = |object: &serde_json::Value, key: &str, nova_key: &str, what: &str| {
        let name = object[key]
            .as_str()
            .unwrap_or_else(|| panic!("{what}: {key}"));
        let status: Status = name.parse().expect("a status name");
        assert_eq!(status.as_str(), name, "{what}: {key} is the canonical name");
        assert_eq!(object[nova_key], status.nova_name(), "{what}: {nova_key}");
        assert_eq!(object[nova_key], nova_name[name], "{what}: {nova_key}");
        status
    };
    let initial = &document["initial"];
    assert_eq!(
        check(initial, "status", "nova_status", "initial"),
        table::INITIAL
    );
    assert_eq!(initial["nova_status"], "BUILD");
    let mut renamed = std::collections::BTreeSet::new();
    let transitions = document["transitions"].as_array().expect("transitions");
    for row in transitions {
        for (key, nova_key) in [("from", "nova_from"), ("to", "nova_to")] {
            let status = check(row, key, nova_key, &row.to_string());
            if status.nova_name() != status.as_str() {
                renamed.insert(status);
            }
        }
    }
    // Every status Nova spells differently appears in the transitions, with its spelling.
    let differ: std::collections::BTreeSet<Status> = Status::ALL
        .into_iter()
        .filter(|status| status.nova_name() != status.as_str())
        .collect();
    assert_eq!(renamed, differ);
    let stop = transitions
        .iter()
        .find(|row| row["from"] == "ACTIVE" && row["event"] == "stop")
        .expect("ACTIVE --stop-->");
    assert_eq!(
        (&stop["to"], &stop["nova_to"]),
        (&"STOPPED".into(), &"SHUTOFF".into())
    );
    let status_map = document["nova"]["status_map"]
        .as_array()
        .expect("status_map");
    for row in status_map {
        let keys: Vec<&str> = row
            .as_object()
            .map(|o| o.keys().map(String::as_str).collect())
            .unwrap_or_default();
        assert_eq!(keys, ["vm_state", "task_state", "status", "nova_status"]);
        check(row, "status", "nova_status", &row.to_string());
    }
    assert!(status_map
        .iter()
        .any(|row| row["vm_state"] == "stopped" && row["nova_status"] == "SHUTOFF"));
}

#[test]
fn no_arguments_prints_an_overview_of_every_status() {
    let output = run::<&str>(&[]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    for status in Status::ALL {
        assert!(text.contains(status.as_str()), "overview lacks {status}");
    }
    for kind in [
        "stable",
        "transitional",
        "terminal",
        "failed",
        "indeterminate",
    ] {
        assert!(text.contains(kind), "overview lacks the kind {kind}");
    }
    for command in [
        "check", "export", "graph", "table", "explain", "path", "nova",
    ] {
        assert!(
            text.lines().any(|line| line
                .trim_start()
                .starts_with(&format!("server-lifecycle {command} "))),
            "overview does not list `{command}`"
        );
    }
    assert!(text.contains("server-lifecycle --help"));
}

/// Names people type (issue 13): `-` and `_` alike, Nova's action names as aliases, and a
/// near miss answered with the closest names before the full list.
#[test]
fn names_people_type_parse_and_near_misses_get_a_suggestion() {
    for (status, event, expected) in [
        ("ACTIVE", "os-stop", "STOPPED\n"),
        ("SHUTOFF", "os-start", "ACTIVE\n"),
        ("verify-resize", "confirmResize", "ACTIVE\nERROR\nSTOPPED\n"),
        (
            "VERIFY_RESIZE",
            "confirm-resize",
            "ACTIVE\nERROR\nSTOPPED\n",
        ),
        ("ACTIVE", "reboot-hard", "HARD_REBOOT\n"),
        ("ACTIVE", "createImage", "ACTIVE\n"),
        ("ACTIVE", "live-migration", "MIGRATING\n"),
    ] {
        let output = run(&["check", status, event]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{status} {event}: {}",
            stderr(&output)
        );
        let expected_results = Status::parse(status)
            .and_then(|from| Ok(from.next(Event::parse(event)?)))
            .expect("the library parses what the CLI parses");
        let library: String = expected_results
            .expect("allowed")
            .iter()
            .map(|result| format!("{result}\n"))
            .collect();
        assert_eq!(stdout(&output), library, "{status} {event}");
        assert_eq!(stdout(&output), expected, "{status} {event}");
    }
    let output = run(&["check", "shutof", "start"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).starts_with(
        "server-lifecycle: error: unknown status \"shutof\"; did you mean SHUTOFF? expected one of: ACTIVE,"
    ));
    let output = run(&["check", "ACTIVE", "rebot"]);
    assert!(stderr(&output).starts_with(
        "server-lifecycle: error: unknown event \"rebot\"; did you mean reboot? expected one of:"
    ));
}
