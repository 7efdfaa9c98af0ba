//! Every command's JSON output validates against its schema under `docs/schema/`: real
//! outputs over every status, event, request, vm_state and operation (sampled where the
//! product is large), successes and refusals alike. A refusal or bad input in JSON mode
//! prints `error.json`'s object, except where the command prints its own answer (an
//! unreachable `path`, an `audit` with impossible steps).

mod util;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;
use server_lifecycle::nova::{Operation, TaskState, VmState};
use server_lifecycle::{Event, Status};
use util::{repository, run, stderr, stdout};

/// The schemas of `docs/schema/`, by file name, compiled (each is checked against its
/// draft's meta-schema on the way).
fn schemas() -> BTreeMap<String, jsonschema::Validator> {
    let dir = repository().join("docs").join("schema");
    let mut schemas = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).expect("docs/schema") {
        let path = entry.expect("an entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .expect("a name")
            .to_owned();
        let text = std::fs::read_to_string(&path).expect("a schema");
        let schema: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            jsonschema::meta::is_valid(&schema),
            "{name} is not a valid JSON Schema"
        );
        let validator =
            jsonschema::validator_for(&schema).unwrap_or_else(|e| panic!("{name}: {e}"));
        schemas.insert(name, validator);
    }
    schemas
}

/// Runs `args` and validates its stdout against the schema its exit code calls for:
/// `success` on exit 0 (and on exit 1 when the command prints its own answer),
/// `error.json` otherwise. Returns the schema used.
fn validate(
    schemas: &BTreeMap<String, jsonschema::Validator>,
    args: &[&str],
    success: &str,
    answers_refusals: bool,
) -> String {
    let output = run(args);
    let code = output.status.code();
    let schema = match code {
        Some(0) => success,
        // `assess` answers with exit 1 (failed) and 3 (keep waiting) too.
        Some(1) if answers_refusals => success,
        Some(3) if answers_refusals && args[0] == "assess" => success,
        Some(1 | 2) => "error.json",
        other => panic!("{args:?} exited {other:?}: {}", stderr(&output)),
    };
    let text = stdout(&output);
    let validator = schemas
        .get(schema)
        .unwrap_or_else(|| panic!("no docs/schema/{schema}"));
    // The audit streams JSON Lines (one object a line, each valid against its schema);
    // every other command prints one JSON document.
    let documents: Vec<Value> = if args[0] == "audit" && schema != "error.json" {
        text.lines()
            .map(|line| {
                serde_json::from_str(line)
                    .unwrap_or_else(|e| panic!("{args:?}: not JSON Lines ({e}):\n{line}"))
            })
            .collect()
    } else {
        vec![serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}):\n{text}"))]
    };
    assert!(!documents.is_empty(), "{args:?}: no output");
    for document in &documents {
        let errors: Vec<String> = validator
            .iter_errors(document)
            .map(|error| format!("{} at {}", error, error.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{args:?} against {schema}:\n{}",
            errors.join("\n")
        );
    }
    let document = &documents[documents.len() - 1];
    if schema == "error.json" {
        // The same message on stderr as in the object.
        let message = document["message"].as_str().unwrap_or_default();
        assert!(stderr(&output).contains(message), "{args:?}");
        assert_eq!(document["exit_code"], Value::from(code.unwrap_or(0)));
    }
    schema.to_owned()
}

#[test]
fn every_command_output_matches_its_schema() {
    let schemas = schemas();
    let mut used = BTreeSet::new();
    let mut check = |args: &[&str], schema: &str, answers: bool| {
        used.insert(validate(&schemas, args, schema, answers));
    };
    for (i, status) in Status::ALL.into_iter().enumerate() {
        let name = status.as_str();
        check(
            &["explain", name, "--format", "json"],
            "explain.json",
            false,
        );
        check(
            &["path", name, "ACTIVE", "--format", "json"],
            "path.json",
            true,
        );
        check(
            &["path", "BUILDING", name, "--format", "json"],
            "path.json",
            true,
        );
        // Every event from some status: allowed and refused alike.
        for event in Event::ALL.into_iter().skip(i % 4).step_by(4) {
            check(
                &["check", name, event.as_str(), "--format", "json"],
                "check.json",
                false,
            );
            if event.is_request() {
                let plan = ["plan", event.as_str(), "--from", name, "--format", "json"];
                check(&plan, "plan.json", false);
            }
        }
    }
    check(&["plan", "create", "--format", "json"], "plan.json", false);
    let plan = [
        "plan",
        "evacuate",
        "--from",
        "ACTIVE",
        "--microversion",
        "2.94",
    ];
    check(
        &[&plan[..], &["--format", "json"]].concat(),
        "plan.json",
        false,
    );
    // One waiter verdict of each kind: keep waiting (3), done (0), failed (1), done
    // but check (0), not found; and at an older microversion.
    for poll in [
        &[
            "stop",
            "--from",
            "ACTIVE",
            "--status",
            "ACTIVE",
            "--task-state",
            "powering-off",
        ][..],
        &["stop", "--from", "ACTIVE", "--status", "SHUTOFF"],
        &["resize", "--from", "ACTIVE", "--status", "ERROR"],
        &[
            "snapshot",
            "--from",
            "ACTIVE",
            "--status",
            "ACTIVE",
            "--task-state",
            "none",
        ],
        &["delete", "--from", "ACTIVE", "--not-found"],
        &[
            "evacuate",
            "--from",
            "ACTIVE",
            "--status",
            "ACTIVE",
            "--microversion",
            "2.94",
        ],
    ] {
        let args = [&["assess"][..], poll, &["--format", "json"]].concat();
        check(&args, "assess.json", true);
    }
    check(
        &[
            "assess", "stop", "--from", "PAUSED", "--status", "ACTIVE", "--format", "json",
        ],
        "error.json",
        false,
    );
    check(&["table", "--format", "json"], "table.json", false);
    check(&["export"], "export.json", false);
    for vm_state in VmState::ALL {
        for task in [
            None,
            Some(TaskState::ResizeMigrating),
            Some(TaskState::Deleting),
        ] {
            let mut args = vec!["nova", "status", vm_state.as_str()];
            args.extend(task.map(TaskState::as_str));
            args.extend(["--format", "json"]);
            check(&args, "nova-status.json", false);
        }
    }
    for (i, operation) in Operation::ALL.into_iter().enumerate() {
        for vm_state in VmState::ALL.into_iter().skip(i % 3).step_by(3) {
            let args = [
                "nova",
                "check",
                "--vm-state",
                vm_state.as_str(),
                operation.as_str(),
                "--format",
                "json",
            ];
            check(&args, "nova-check.json", false);
        }
    }
    for file in [
        "examples/history.jsonl",
        "examples/impossible-history.jsonl",
    ] {
        check(&["audit", file, "--format", "json"], "audit.json", true);
        check(
            &["audit", file, "--format", "json", "--max-steps", "1"],
            "audit.json",
            true,
        );
        check(
            &["audit", file, "--format", "json", "--names", "nova"],
            "audit.json",
            true,
        );
    }
    // Recorded instance actions (a step explained by one, steps without one), an explained
    // step and an impossible one judged from the status before lost contact.
    let polls = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("cli_schema_polls_{}.jsonl", std::process::id()));
    let lines: String = [
        "BUILD", "ACTIVE", "SHUTOFF", "ACTIVE", "RESIZE", "UNKNOWN", "RESCUE", "UNKNOWN", "BUILD",
    ]
    .iter()
    .map(|status| {
        format!(
            "{{\"server\": \"15835b6f-1e14-4cfa-9f66-1abea1a1c0d5\", \"status\": \"{status}\"}}\n"
        )
    })
    .collect();
    std::fs::write(&polls, lines).expect("a temporary history");
    let polls_path = polls.to_str().expect("a UTF-8 path");
    for names in ["spec", "nova"] {
        check(
            &[
                "audit",
                polls_path,
                "--format",
                "json",
                "--names",
                names,
                "--actions",
                "tests/data/shapes/openstackclient-10.2.1-server-event-list.json",
            ],
            "audit.json",
            true,
        );
    }
    std::fs::remove_file(&polls).expect("the temporary history is removed");
    // Bad input in JSON mode, from the library's parsers, the tool and clap.
    check(
        &["check", "NOPE", "start", "--format", "json"],
        "error.json",
        false,
    );
    check(
        &["check", "--format=json", "ACTIVE", "nope"],
        "error.json",
        false,
    );
    check(
        &["plan", "complete", "--from", "ACTIVE", "--format", "json"],
        "error.json",
        false,
    );
    check(&["plan", "stop", "--format", "json"], "error.json", false);
    check(
        &["nova", "status", "nope", "--format", "json"],
        "error.json",
        false,
    );
    check(
        &["audit", "does-not-exist.jsonl", "--format", "json"],
        "error.json",
        false,
    );
    check(
        &["table", "--format", "json", "--bogus"],
        "error.json",
        false,
    );
    let all: BTreeSet<String> = schemas.keys().cloned().collect();
    assert_eq!(
        used, all,
        "every schema is exercised, every output has a schema"
    );
}

#[test]
fn refusals_in_json_mode_print_one_error_object_and_keep_exit_codes() {
    let output = run(&["check", "PAUSED", "stop", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let error: Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    let message = Status::Paused
        .next(Event::Stop)
        .expect_err("refused")
        .to_string();
    assert_eq!(
        error,
        serde_json::json!({"ok": false, "exit_code": 1, "error": "refused", "message": message})
    );
    assert_eq!(
        stderr(&output),
        format!("server-lifecycle: error: {message}\n")
    );
    // Text mode: nothing on stdout, as before.
    let output = run(&["check", "PAUSED", "stop"]);
    assert_eq!(
        (output.status.code(), stdout(&output)),
        (Some(1), String::new())
    );
    // A command that answered (an unreachable path, an audit with an impossible step)
    // prints its document only: one JSON value on stdout.
    for args in [
        &["path", "DELETED", "ACTIVE", "--format", "json"][..],
        &[
            "audit",
            "examples/impossible-history.jsonl",
            "--format",
            "json",
        ][..],
    ] {
        let output = run(args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        // One JSON value, or for the streamed audit one per line: no error object after.
        let text = stdout(&output);
        let last = text.lines().last().unwrap_or_default();
        let document: Value = if args[0] == "audit" {
            serde_json::from_str(last).expect("one JSON value a line")
        } else {
            serde_json::from_str(&text).expect("one JSON value")
        };
        assert!(document.get("exit_code").is_none(), "{args:?}");
    }
    // Bad input: exit 2 and the error object.
    let output = run(&[
        "nova",
        "check",
        "--vm-state",
        "nope",
        "stop",
        "--format",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(2));
    let error: Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    assert_eq!(error["error"], "bad_input");
    assert!(error["message"]
        .as_str()
        .unwrap_or_default()
        .contains("\"nope\""));
}

#[test]
fn result_sets_are_arrays_under_results_in_every_command() {
    let check = run(&[
        "check",
        "VERIFY_RESIZE",
        "confirm_resize",
        "--format",
        "json",
    ]);
    let check: Value = serde_json::from_str(&stdout(&check)).expect("JSON");
    let results = Status::VerifyResize
        .next(Event::ConfirmResize)
        .expect("allowed");
    let names: Vec<&str> = results.iter().map(Status::as_str).collect();
    assert_eq!(check["results"], serde_json::json!(names));
    let explain = run(&["explain", "VERIFY_RESIZE", "--format", "json"]);
    let explain: Value = serde_json::from_str(&stdout(&explain)).expect("JSON");
    let row = explain["requests"]
        .as_array()
        .and_then(|rows| rows.iter().find(|row| row["event"] == "confirm_resize"))
        .expect("the confirm_resize row");
    assert_eq!(row["results"], check["results"]);
    assert_eq!(row["nova_results"], check["nova_results"]);
    // A one-result row is an array too.
    let check = run(&["check", "SHUTOFF", "start", "--format", "json"]);
    let check: Value = serde_json::from_str(&stdout(&check)).expect("JSON");
    assert_eq!(check["results"], serde_json::json!(["ACTIVE"]));
}
