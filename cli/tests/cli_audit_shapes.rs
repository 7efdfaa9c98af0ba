//! `audit` reads every real tool's JSON (the fixtures of `tests/data/`), streams its
//! verdicts while its input is still open, and explains steps with recorded instance
//! actions.

mod util;

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::Value;
use util::{repository, run, run_with_stdin, stderr, stdout};

/// A fixture of `tests/data/` as one compact JSON line, with `edit` applied.
fn line(path: &str, edit: impl FnOnce(&mut Value)) -> String {
    let text = std::fs::read_to_string(repository().join("tests/data").join(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut value: Value = serde_json::from_str(&text).expect("a JSON fixture");
    edit(&mut value);
    format!("{value}\n")
}

/// The server of the Nova sample the openstackclient and openstacksdk fixtures were made from.
const SERVER: &str = "9168b536-cd40-4630-b43f-b259807c6e87";

#[test]
fn one_history_in_every_shape_is_audited_as_one_server() {
    let input = [
        // openstack server list -f json --long (5.4.0: the power state as text), one row.
        line(
            "shapes/openstackclient-5.4.0-server-list-long.json",
            |rows| {
                rows[0]["ID"] = SERVER.into();
                rows[0]["Status"] = "BUILD".into();
                rows[0]["Task State"] = "spawning".into();
                rows[0]["Power State"] = "NOSTATE".into();
            },
        ),
        // openstack server show -f json
        line("shapes/openstackclient-10.2.1-server-show.json", |_| {}),
        // openstacksdk's Server.to_dict()
        line("shapes/openstacksdk-4.18.0-server-to-dict.json", |server| {
            server["status"] = "SHUTOFF".into();
            server["vm_state"] = "stopped".into();
            server["power_state"] = 4.into();
        }),
        // Nova's GET /servers/{id}
        line("api-samples/v2.47-server-get-resp.json", |body| {
            body["server"]["status"] = "SHUTOFF".into();
            body["server"]["OS-EXT-STS:task_state"] = "powering-on".into();
        }),
        // openstack server list -f json (no task or power state)
        line("shapes/openstackclient-10.2.1-server-list.json", |rows| {
            rows[0]["ID"] = SERVER.into();
        }),
        // Nova's GET /servers/detail
        line("api-samples/v2.16-servers-details-resp.json", |body| {
            body["servers"][0]["id"] = SERVER.into();
            body["servers"][0]["status"] = "RESIZE".into();
        }),
        // This project's own line.
        format!("{{\"server\": \"{SERVER}\", \"status\": \"VERIFY_RESIZE\", \"at\": 12}}\n"),
    ]
    .concat();
    let output = run_with_stdin(&["audit", "-"], Some(input.as_bytes()));
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    let expected = format!(
        "  line 1: server {SERVER}: BUILDING: first observation [task_state spawning]\n\
         \x20 line 2: server {SERVER}: BUILDING -> ACTIVE: direct (complete, reset_state_active)\n\
         \x20 line 3: server {SERVER}: ACTIVE -> STOPPED: direct (stop, power_off)\n\
         \x20 line 5: server {SERVER}: STOPPED -> ACTIVE: direct (reboot_hard, start, reset_state_active)\n\
         \x20 line 6: server {SERVER}: ACTIVE -> RESIZED: direct (resize, migrate)\n\
         \x20 line 7: server {SERVER}: RESIZED -> VERIFY_RESIZE: direct (complete) (at 12)\n\
         \n\
         server {SERVER}: 7 observations (lines 1-7), 5 direct, 0 explained by missed statuses, 0 impossible, 1 unchanged; last VERIFY_RESIZE\n"
    );
    assert!(text.starts_with(&expected), "{text}\nwanted\n{expected}");
    assert!(
        text.ends_with(
            "audited 7 observations of 1 server: 5 direct, 0 explained by missed statuses, 0 impossible\n"
        ),
        "{text}"
    );
    // A line holding several servers (a list) audits every one of them.
    let two = line(
        "shapes/openstackclient-10.2.1-server-list-long.json",
        |rows| {
            let mut other = rows[0].clone();
            other["ID"] = "other".into();
            other["Status"] = "SHUTOFF".into();
            other["Power State"] = 4.into();
            rows.as_array_mut().unwrap().push(other);
        },
    );
    let output = run_with_stdin(&["audit", "-"], Some(two.as_bytes()));
    assert!(
        stdout(&output).ends_with("audited 2 observations of 2 servers: 0 direct, 0 explained by missed statuses, 0 impossible\n"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn an_unknown_shape_names_the_accepted_ones_and_the_line() {
    let input = format!(
        "{}{}",
        line("shapes/openstackclient-10.2.1-server-show.json", |_| {}),
        "{\"uuid\": \"x\", \"state\": \"ACTIVE\"}\n"
    );
    let output = run_with_stdin(&["audit", "-"], Some(input.as_bytes()));
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    for shape in [
        "<stdin>: line 2: column 32: no known shape; expected",
        "{\"server\": ID, \"status\": S}",
        "{\"servers\": [...]}",
        "openstack server show -f json",
        "openstacksdk Server.to_dict()",
        "openstack server list -f json",
        "openstack server event list -f json",
    ] {
        assert!(message.contains(shape), "{message} lacks {shape}");
    }
    // A pretty-printed document (openstackclient without --noindent) gets a hint.
    let output = run(&[
        "audit",
        "tests/data/shapes/openstackclient-10.2.1-server-show.json",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).ends_with(
        "line 1: column 1: EOF while parsing an object (one JSON document a line: print with --noindent, or pipe through `jq -c .`)\n"
    ), "{}", stderr(&output));
}

/// Reads stdout lines of a child on a thread, so a test can wait for one with a timeout.
fn lines_of(stdout: std::process::ChildStdout) -> mpsc::Receiver<String> {
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if send.send(line).is_err() {
                break;
            }
        }
    });
    receive
}

fn next(lines: &mpsc::Receiver<String>, what: &str) -> String {
    lines
        .recv_timeout(Duration::from_secs(20))
        .unwrap_or_else(|_| panic!("no line for {what} while the input is still open"))
}

#[test]
fn the_audit_streams_each_verdict_while_its_input_is_open() {
    for format in ["text", "json"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_server-lifecycle"))
            .args(["audit", "-", "--format", format])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the CLI starts");
        let mut input = child.stdin.take().expect("stdin");
        let lines = lines_of(child.stdout.take().expect("stdout"));

        input
            .write_all(b"{\"server\": \"web-1\", \"status\": \"ACTIVE\"}\n")
            .unwrap();
        input.flush().unwrap();
        let first = next(&lines, "the first observation");
        // An unchanged step writes nothing; the next change is written at once.
        input
            .write_all(b"{\"server\": \"web-1\", \"status\": \"ACTIVE\"}\n")
            .unwrap();
        input
            .write_all(b"{\"id\": \"web-1\", \"status\": \"REBOOT\", \"OS-EXT-STS:task_state\": \"reboot_pending\"}\n")
            .unwrap();
        input.flush().unwrap();
        let reboot = next(&lines, "the reboot");
        match format {
            "text" => {
                assert_eq!(first, "  line 1: server web-1: ACTIVE: first observation");
                assert_eq!(
                    reboot,
                    "  line 3: server web-1: ACTIVE -> REBOOT: direct (reboot) [task_state reboot_pending]"
                );
            }
            _ => {
                let first: Value = serde_json::from_str(&first).unwrap();
                assert_eq!(first["type"], "step");
                assert_eq!(first["kind"], "first");
                let reboot: Value = serde_json::from_str(&reboot).unwrap();
                assert_eq!(reboot["line"], 3);
                assert_eq!(reboot["from"], "ACTIVE");
                assert_eq!(reboot["to"], "REBOOT");
            }
        }
        // The summary comes only when the input closes.
        assert!(lines.recv_timeout(Duration::from_millis(300)).is_err());
        drop(input);
        let rest: Vec<String> = lines.iter().collect();
        let status = child.wait().expect("the CLI ends");
        assert!(status.success());
        let last = rest.last().expect("a summary");
        match format {
            "text" => assert_eq!(
                last,
                "audited 3 observations of 1 server: 1 direct, 0 explained by missed statuses, 0 impossible"
            ),
            _ => {
                let summary: Value = serde_json::from_str(last).unwrap();
                assert_eq!(summary["type"], "summary");
                assert_eq!(summary["servers"][0]["unchanged"], 1);
            }
        }
    }
}

const ACTIONS_SERVER: &str = "15835b6f-1e14-4cfa-9f66-1abea1a1c0d5";

fn polls() -> String {
    ["BUILD", "ACTIVE", "SHUTOFF", "ACTIVE", "RESIZE"]
        .iter()
        .map(|status| format!("{{\"server\": \"{ACTIONS_SERVER}\", \"status\": \"{status}\"}}\n"))
        .collect()
}

#[test]
fn recorded_actions_explain_steps_and_missing_ones_are_flagged() {
    // openstack server event list -f json (pretty, as printed) read before the polls...
    let before = run_with_stdin(
        &[
            "audit",
            "-",
            "--actions",
            "tests/data/shapes/openstackclient-10.2.1-server-event-list.json",
        ],
        Some(polls().as_bytes()),
    );
    // ...or Nova's os-instance-actions body as a line of the input.
    let inline = format!(
        "{}{}",
        line(
            "api-samples/os-instance-actions/v2.84-instance-actions-list-resp.json",
            |_| {}
        ),
        polls()
    );
    let inline = run_with_stdin(&["audit", "-"], Some(inline.as_bytes()));
    for (output, first) in [(before, 1), (inline, 2)] {
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let text = stdout(&output);
        let expected = format!(
            "  line {}: server {ACTIONS_SERVER}: ACTIVE -> STOPPED: direct (recorded: stop)\n\
             ! line {}: server {ACTIONS_SERVER}: STOPPED -> ACTIVE: direct (reboot_hard, start, reset_state_active); no recorded action (expected one of: reboot, start, resetState)\n\
             ! line {}: server {ACTIONS_SERVER}: ACTIVE -> RESIZED: direct (resize, migrate); no recorded action (expected one of: resize, migrate)\n",
            first + 2,
            first + 3,
            first + 4
        );
        assert!(text.contains(&expected), "{text}\nwanted\n{expected}");
        assert!(
            text.contains("\n  2 steps without a recorded instance action\n"),
            "{text}"
        );
        // A step that needs no request (the build completing) is not flagged.
        assert!(text.contains(": BUILDING -> ACTIVE: direct (complete, reset_state_active)\n"));
    }
    let json = run_with_stdin(
        &[
            "audit",
            "-",
            "--format",
            "json",
            "--actions",
            "tests/data/api-samples/os-instance-actions/v2.84-instance-actions-list-resp.json",
        ],
        Some(polls().as_bytes()),
    );
    let lines: Vec<Value> = stdout(&json)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines[2]["recorded"], "stop");
    assert_eq!(
        lines[4]["unrecorded"],
        serde_json::json!(["resize", "migrate"])
    );
    assert_eq!(lines[5]["servers"][0]["unrecorded"], 2);
    // Without actions for a server, nothing is flagged and the output is as before.
    let plain = run_with_stdin(&["audit", "-"], Some(polls().as_bytes()));
    assert!(!stdout(&plain).contains("recorded"), "{}", stdout(&plain));
}

#[test]
fn bad_action_files_are_bad_input() {
    let output = run_with_stdin(
        &[
            "audit",
            "-",
            "--actions",
            "tests/data/shapes/openstackclient-10.2.1-server-show.json",
        ],
        Some(polls().as_bytes()),
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("expected instance actions"),
        "{}",
        stderr(&output)
    );
    let output = run_with_stdin(
        &["audit", "-"],
        Some(b"[{\"Action\": \"hibernate\", \"Server ID\": \"a\"}]\n"),
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).starts_with(
            "server-lifecycle: error: <stdin>: line 1: unknown instance action \"hibernate\"; expected one of: create, delete,"
        ),
        "{}",
        stderr(&output)
    );
    let output = run_with_stdin(&["audit", "-"], Some(b"[{\"Action\": \"stop\"}]\n"));
    assert!(stderr(&output).contains("line 1: instance action \"stop\" names no server"));
    let output = run_with_stdin(&["audit", "-"], Some(b"{\"instanceActions\": []}\n"));
    assert!(stderr(&output).ends_with("<stdin>: no observations (only instance actions)\n"));
}
