//! The `plan` and `audit` commands, run as a user would run them: real output, real exit
//! codes.

mod util;

use std::process::Output;

use serde_json::Value;
use util::{run_with_stdin as run, stderr, stdout};

#[track_caller]
fn assert_exit(output: &Output, code: i32) {
    assert_eq!(
        output.status.code(),
        Some(code),
        "stdout: {}\nstderr: {}",
        stdout(output),
        stderr(output)
    );
}

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).expect("JSON on stdout")
}

/// The JSON Lines of a streamed audit: the steps, then the summary.
fn json_lines(output: &Output) -> (Vec<Value>, Value) {
    let mut lines: Vec<Value> = stdout(output)
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON object a line"))
        .collect();
    let summary = lines.pop().expect("a summary line");
    assert_eq!(summary["type"], "summary");
    assert!(lines.iter().all(|line| line["type"] == "step"));
    (lines, summary)
}

fn names(value: &Value) -> Vec<&str> {
    value
        .as_array()
        .expect("an array")
        .iter()
        .map(|v| v.as_str().expect("a name"))
        .collect()
}

#[test]
fn plan_json_has_the_contract_fields_first_with_canonical_names() {
    let output = run(
        &[
            "plan",
            "confirm_resize",
            "--from",
            "VERIFY_RESIZE",
            "--format",
            "json",
        ],
        None,
    );
    assert_exit(&output, 0);
    let document = json(&output);
    let keys: Vec<&String> = document.as_object().unwrap().keys().collect();
    assert_eq!(keys[..3], ["pending", "target", "failure"]);
    assert_eq!(names(&document["pending"]), ["VERIFY_RESIZE"]);
    assert_eq!(names(&document["target"]), ["ACTIVE", "STOPPED"]);
    assert_eq!(names(&document["failure"]), ["ERROR"]);
    assert_eq!(document["request"], "confirm_resize");
    assert_eq!(document["sets_task_state"], false);
}

#[test]
fn plan_takes_nova_spellings_and_the_cloud_settings() {
    let output = run(
        &[
            "plan",
            "resize",
            "--from",
            "SHUTOFF",
            "--resize-confirm-window",
            "3600",
            "--format",
            "json",
        ],
        None,
    );
    assert_exit(&output, 0);
    let document = json(&output);
    assert_eq!(
        names(&document["target"]),
        ["ACTIVE", "STOPPED", "VERIFY_RESIZE"]
    );
    assert_eq!(document["settings"]["resize_confirm_window"], 3600);

    let output = run(
        &[
            "plan",
            "shelve",
            "--from",
            "active",
            "--shelved-offload-time",
            "-1",
            "--format",
            "json",
        ],
        None,
    );
    assert_exit(&output, 0);
    assert_eq!(
        names(&json(&output)["target"]),
        ["SHELVED", "SHELVED_OFFLOADED"]
    );

    let output = run(
        &[
            "plan",
            "delete",
            "--from",
            "ACTIVE",
            "--reclaim-interval",
            "60",
            "--format",
            "json",
        ],
        None,
    );
    assert_exit(&output, 0);
    let document = json(&output);
    assert_eq!(document["effective_request"], "soft_delete");
    assert_eq!(names(&document["target"]), ["DELETED", "SOFT_DELETED"]);
}

#[test]
fn plan_text_is_aligned_and_explains_itself() {
    let output = run(&["plan", "stop", "--from", "ERROR"], None);
    assert_exit(&output, 0);
    let text = stdout(&output);
    assert!(text.starts_with(
        "plan for stop from ERROR (resize confirm window 0 s, shelved offload time 0 s, reclaim interval 0 s)\n\n\
         \x20 pending    still in progress               ERROR\n\
         \x20 target     done                            STOPPED\n\
         \x20 failure    the request failed              none\n"
    ), "{text}");
    assert!(text.contains("\nnotes:\n  - stop runs under ERROR: the status does not move"));
}

#[test]
fn plan_for_create_needs_no_status() {
    let output = run(&["plan", "create", "--format", "json"], None);
    assert_exit(&output, 0);
    let document = json(&output);
    assert_eq!(names(&document["pending"]), ["BUILDING"]);
    assert_eq!(names(&document["target"]), ["ACTIVE"]);
}

#[test]
fn plan_of_a_refused_request_exits_1_with_the_models_error() {
    let output = run(&["plan", "start", "--from", "ACTIVE"], None);
    assert_exit(&output, 1);
    assert!(stdout(&output).is_empty());
    assert!(stderr(&output).starts_with(
        "server-lifecycle: error: request start is not allowed in status ACTIVE; allowed requests: reboot, reboot_hard,"
    ));
}

#[test]
fn plan_bad_input_exits_2() {
    let cases: [(&[&str], &str); 4] = [
        (
            &["plan", "hibernate", "--from", "ACTIVE"],
            "server-lifecycle: error: unknown event \"hibernate\"; expected one of: create,",
        ),
        (
            &["plan", "complete", "--from", "REBOOT"],
            "server-lifecycle: error: complete is an outcome, not a request; plans are for requests\n",
        ),
        (
            &["plan", "reboot"],
            "server-lifecycle: error: --from STATUS is required for reboot\n",
        ),
        (
            &["plan", "reboot", "--from", "RUNNING"],
            "server-lifecycle: error: unknown status \"RUNNING\"; expected one of: ACTIVE,",
        ),
    ];
    for (args, message) in cases {
        let output = run(args, None);
        assert_exit(&output, 2);
        assert!(stderr(&output).starts_with(message), "{}", stderr(&output));
    }
    let output = run(
        &[
            "plan",
            "resize",
            "--from",
            "ACTIVE",
            "--resize-confirm-window",
            "soon",
        ],
        None,
    );
    assert_exit(&output, 2);
    assert!(
        stderr(&output).contains("invalid value 'soon' for '--resize-confirm-window <SECONDS>'")
    );
}

#[test]
fn the_sample_history_is_explained() {
    let output = run(&["audit", "examples/history.jsonl"], None);
    assert_exit(&output, 0);
    let text = stdout(&output);
    assert!(text.contains(
        "\nserver 7: 10 observations (lines 3-30), 7 direct, 2 explained by missed statuses, 0 impossible, 0 unchanged; last DELETED\n"
    ), "{text}");
    assert!(text.contains(
        "  line 17: server 7: STOPPED -> VERIFY_RESIZE: explained by missed statuses: STOPPED --resize--> RESIZED --complete--> VERIFY_RESIZE (at 2026-08-21T10:09:00Z)\n"
    ), "{text}");
    assert!(text.contains(
        "  line 29: server 7: UNKNOWN -> STOPPED: direct from ACTIVE (stop, power_off) (at 2026-08-21T10:45:00Z)\n"
    ), "{text}");
    assert!(text.ends_with(
        "audited 41 observations of 4 servers: 25 direct, 3 explained by missed statuses, 0 impossible\n"
    ), "{text}");
    assert!(stderr(&output).is_empty());
}

#[test]
fn an_impossible_history_exits_1_and_marks_the_steps() {
    let output = run(&["audit", "examples/impossible-history.jsonl"], None);
    assert_exit(&output, 1);
    let text = stdout(&output);
    assert!(text.contains(
        "! line 4: server web-2: REBOOT -> BUILDING: impossible: no sequence of events leads from REBOOT to BUILDING [task_state spawning] (at 2026-08-21T11:02:30Z)\n"
    ), "{text}");
    assert!(text.contains(
        "! line 7: server db-2: DELETED -> SOFT_DELETED: impossible: nothing leaves DELETED (at 2026-08-21T11:05:00Z)\n"
    ), "{text}");
    assert_eq!(
        stderr(&output),
        "server-lifecycle: error: 2 impossible steps in examples/impossible-history.jsonl\n"
    );
}

#[test]
fn audit_json_reports_every_server_with_line_numbers() {
    let output = run(
        &[
            "audit",
            "examples/impossible-history.jsonl",
            "--format",
            "json",
        ],
        None,
    );
    assert_exit(&output, 1);
    let (steps, document) = json_lines(&output);
    assert_eq!(document["ok"], false);
    assert_eq!(document["impossible"], 2);
    let servers = document["servers"].as_array().unwrap();
    assert_eq!(servers.len(), 2);
    assert_eq!(servers[1]["server"], "db-2");
    assert_eq!(servers[1]["first_line"], 5);
    let steps: Vec<&Value> = steps.iter().filter(|s| s["server"] == "db-2").collect();
    assert_eq!(steps[1]["line"], 6);
    assert_eq!(
        names(&steps[1]["events"]),
        ["delete", "soft_delete", "force_delete"]
    );
    assert_eq!(steps[2]["kind"], "impossible");
    assert_eq!(steps[2]["from"], "DELETED");
    assert_eq!(steps[2]["to"], "SOFT_DELETED");

    let output = run(
        &["audit", "examples/history.jsonl", "--format", "json"],
        None,
    );
    assert_exit(&output, 0);
    let (steps, document) = json_lines(&output);
    let seven = &document["servers"][2];
    assert_eq!(seven["server"], 7, "a numeric id stays a number");
    let steps: Vec<&Value> = steps.iter().filter(|s| s["server"] == 7).collect();
    let explained = &steps[2];
    assert_eq!(explained["kind"], "explained");
    assert_eq!(names(&explained["missed"]), ["ACTIVE"]);
    assert_eq!(explained["path"][0]["event"], "unrescue");
}

#[test]
fn audit_reads_stdin_and_interleaved_servers() {
    let input = b"{\"server\": 1, \"status\": \"ACTIVE\"}\n\
                  {\"server\": \"1\", \"status\": \"SHUTOFF\", \"extra\": [1, {}]}\n\
                  \n\
                  {\"server\": 2, \"status\": \"BUILD\", \"task_state\": null, \"at\": 17}\r\n\
                  {\"server\": 2, \"status\": \"active\"}";
    let output = run(&["audit", "-"], Some(input));
    assert_exit(&output, 0);
    assert_eq!(
        stdout(&output),
        "\x20 line 1: server 1: ACTIVE: first observation\n\
         \x20 line 2: server 1: ACTIVE -> STOPPED: direct (stop, power_off)\n\
         \x20 line 4: server 2: BUILDING: first observation (at 17)\n\
         \x20 line 5: server 2: BUILDING -> ACTIVE: direct (complete, reset_state_active)\n\
         \n\
         server 1: 2 observations (lines 1-2), 1 direct, 0 explained by missed statuses, 0 impossible, 0 unchanged; last STOPPED\n\
         server 2: 2 observations (lines 4-5), 1 direct, 0 explained by missed statuses, 0 impossible, 0 unchanged; last ACTIVE\n\
         audited 4 observations of 2 servers: 2 direct, 0 explained by missed statuses, 0 impossible\n"
    );
}

#[test]
fn unreadable_input_exits_2_naming_the_line_and_why() {
    let good = "{\"server\": \"a\", \"status\": \"ACTIVE\"}\n";
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (
            format!("{good}{{\"server\": \"a\", \"status\": \"ACT").into_bytes(),
            "<stdin>: line 2: column 30: EOF while parsing a string",
        ),
        (
            [good.as_bytes(), b"{\"server\": \"a\", \"status\": \"\xff\"}\n"].concat(),
            "<stdin>: line 2: not valid UTF-8 (byte 28)",
        ),
        (
            b"{\"server\": true, \"status\": \"ACTIVE\"}\n".to_vec(),
            "<stdin>: line 1: column 15: invalid type: boolean `true`, expected a server id (a string or an integer) or a server object",
        ),
        (
            b"{\"server\": 1, \"status\": 5}\n".to_vec(),
            "<stdin>: line 1: column 25: invalid type: integer `5`, expected a status string",
        ),
        (
            b"{\"server\": 1.5, \"status\": \"ACTIVE\"}\n".to_vec(),
            "<stdin>: line 1: column 14: server must be a string or an integer",
        ),
        (
            b"{\"status\": \"ACTIVE\"}\n".to_vec(),
            "<stdin>: line 1: column 20: a server object without \"id\" or \"name\" (this project's lines name the server in \"server\")",
        ),
        (
            b"[\"a\", \"ACTIVE\"]\n".to_vec(),
            "<stdin>: line 1: column 4: invalid type: string \"a\", expected a JSON object",
        ),
        (
            b"\"ACTIVE\"\n".to_vec(),
            "<stdin>: line 1: expected a JSON object or array: this project's {\"server\": ID, \"status\": S} line; Nova's",
        ),
        (
            b"{\"state\": \"ACTIVE\"}\n".to_vec(),
            "<stdin>: line 1: column 19: no known shape; expected this project's {\"server\": ID, \"status\": S} line; Nova's {\"server\": {...}}, {\"servers\": [...]} or {\"instanceActions\": [...]} body; one server object with \"id\" and \"status\" (openstack server show -f json, openstacksdk Server.to_dict()); or an array of server rows (openstack server list -f json) or of actions (openstack server event list -f json)",
        ),
        (
            b"{\n".to_vec(),
            "<stdin>: line 1: column 1: EOF while parsing an object (one JSON document a line: print with --noindent, or pipe through `jq -c .`)",
        ),
        (
            b"{\"server\": 1, \"status\": \"RUNNING\"}\n".to_vec(),
            "<stdin>: line 1: unknown status \"RUNNING\"; expected one of: ACTIVE,",
        ),
        (
            b"{\"server\": 1, \"status\": \"ACTIVE\", \"task_state\": \"napping\"}\n".to_vec(),
            "<stdin>: line 1: unknown task_state \"napping\"; expected one of: scheduling,",
        ),
        (b"".to_vec(), "<stdin>: no observations"),
        (b"\n  \n\r\n".to_vec(), "<stdin>: no observations"),
        (
            [good.as_bytes(), &vec![b' '; 2 << 20]].concat(),
            "<stdin>: line 2: longer than 1048576 bytes",
        ),
    ];
    for (input, message) in cases {
        let output = run(&["audit", "-"], Some(&input));
        assert_eq!(
            output.status.code(),
            Some(2),
            "{message}: {}",
            stdout(&output)
        );
        // The audit streams: the steps of the lines before the bad one are out already.
        let before = if input.starts_with(good.as_bytes()) {
            "  line 1: server a: ACTIVE: first observation\n"
        } else {
            ""
        };
        assert_eq!(stdout(&output), before, "{message}");
        let expected = format!("server-lifecycle: error: {message}");
        assert!(
            stderr(&output).starts_with(&expected),
            "{}\nwanted {expected}",
            stderr(&output)
        );
    }
    let output = run(&["audit", "no/such/file.jsonl"], None);
    assert_exit(&output, 2);
    assert!(stderr(&output).starts_with(
        "server-lifecycle: error: cannot read no/such/file.jsonl: No such file or directory"
    ));
}
