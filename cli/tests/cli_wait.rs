//! `assess` and `wait` end to end. `wait` polls `examples/poll-replay.sh`, a small script
//! standing in for `openstack server show ID -f json`: sequences of statuses, a
//! not-found answer, a command that fails.

mod util;

use std::path::PathBuf;
use std::process::{Command, Output};

/// A private temporary folder (the replay script keeps its counter there), removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("cli-wait-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create the temporary folder");
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs `server-lifecycle wait ARGS -- sh examples/poll-replay.sh FILE` with `lines` as FILE.
fn wait(name: &str, args: &[&str], lines: &[&str]) -> Output {
    let dir = TempDir::new(name);
    let file = dir.0.join("polls");
    std::fs::write(&file, lines.join("\n") + "\n").expect("write the polls");
    let output = Command::new(env!("CARGO_BIN_EXE_server-lifecycle"))
        .arg("wait")
        .args(args)
        .args(["--interval", "0", "--"])
        .arg("sh")
        .arg(util::repository().join("examples/poll-replay.sh"))
        .arg(&file)
        .env("TMPDIR", &dir.0)
        .output()
        .expect("the CLI runs");
    drop(dir);
    output
}

const STOPPING: &str = r#"{"id": "web-1", "status": "ACTIVE", "OS-EXT-STS:vm_state": "active", "OS-EXT-STS:task_state": "powering-off", "OS-EXT-STS:power_state": "Running"}"#;
const STOPPED: &str = r#"{"server": {"id": "web-1", "status": "SHUTOFF", "OS-EXT-STS:vm_state": "stopped", "OS-EXT-STS:task_state": null, "OS-EXT-STS:power_state": 4}}"#;

#[test]
fn wait_follows_a_sequence_of_polls_to_done() {
    let output = wait(
        "stop",
        &["stop", "--from", "ACTIVE"],
        &[STOPPING, STOPPING, STOPPING, STOPPED],
    );
    let stdout = util::stdout(&output);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{stdout}{}",
        util::stderr(&output)
    );
    let lines: Vec<&str> = stdout.lines().collect();
    // One line per change (the three polls of powering-off make one), then the verdict.
    assert_eq!(lines.len(), 3, "{stdout}");
    assert!(
        lines[0].ends_with("keep waiting: task powering-off (step 1 of 1)"),
        "{stdout}"
    );
    assert!(lines[1].ends_with("] done: STOPPED"), "{stdout}");
    assert_eq!(lines[2], "done: STOPPED");
}

#[test]
fn wait_reads_bare_status_words_and_knows_where_a_rebuild_started() {
    let output = wait(
        "rebuild",
        &["rebuild", "--from", "SHUTOFF"],
        &["REBUILD", "ACTIVE", "SHUTOFF"],
    );
    let stdout = util::stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("ACTIVE: cannot tell without task_state"),
        "{stdout}"
    );
    assert!(
        stdout
            .lines()
            .last()
            .unwrap_or_default()
            .starts_with("done: STOPPED; check"),
        "{stdout}"
    );
}

#[test]
fn not_found_ends_a_delete_and_fails_anything_else() {
    let deleted = wait(
        "delete",
        &["delete", "--from", "ACTIVE"],
        &["ACTIVE", "404"],
    );
    assert_eq!(deleted.status.code(), Some(0), "{}", util::stdout(&deleted));
    assert!(util::stdout(&deleted).ends_with("done: not found\n"));

    let gone = wait(
        "stop-404",
        &["stop", "--from", "ACTIVE"],
        &["ACTIVE", "404"],
    );
    assert_eq!(gone.status.code(), Some(1), "{}", util::stdout(&gone));
    assert!(util::stdout(&gone).contains("failed: not found"));

    // Another recogniser: the command's own exit code, or another message.
    let custom = wait(
        "pattern",
        &[
            "delete",
            "--from",
            "ACTIVE",
            "--not-found-pattern",
            "endpoint",
        ],
        &["FAIL"],
    );
    assert_eq!(custom.status.code(), Some(0), "{}", util::stderr(&custom));
    let by_default = wait("no-pattern", &["delete", "--from", "ACTIVE"], &["FAIL"]);
    assert_eq!(by_default.status.code(), Some(2));
}

#[test]
fn a_poll_command_that_fails_or_cannot_run_exits_2() {
    let failed = wait("fail", &["stop", "--from", "ACTIVE"], &["ACTIVE", "FAIL"]);
    assert_eq!(failed.status.code(), Some(2));
    assert!(
        util::stderr(&failed).contains("the poll command sh failed (exit 1)"),
        "{}",
        util::stderr(&failed)
    );

    let missing = util::run(&[
        "wait",
        "stop",
        "--from",
        "ACTIVE",
        "--",
        "/nonexistent/poll",
    ]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(util::stderr(&missing).contains("cannot run /nonexistent/poll"));

    let garbage = wait("garbage", &["stop", "--from", "ACTIVE"], &["HIBERNATING"]);
    assert_eq!(garbage.status.code(), Some(2));
    assert!(
        util::stderr(&garbage).contains("HIBERNATING"),
        "{}",
        util::stderr(&garbage)
    );
}

#[test]
fn wait_fails_on_error_and_times_out_with_exit_3() {
    let error = wait(
        "error",
        &["resize", "--from", "ACTIVE"],
        &[
            "RESIZE",
            r#"{"status": "ERROR", "fault": {"message": "No valid host was found."}}"#,
        ],
    );
    assert_eq!(error.status.code(), Some(1));
    assert!(
        util::stdout(&error)
            .ends_with("failed: ERROR: the server is in ERROR\nfault: No valid host was found.\n"),
        "{}",
        util::stdout(&error)
    );

    let hung = wait(
        "hung",
        &["stop", "--from", "ACTIVE", "--timeout", "0.2"],
        &["ACTIVE"],
    );
    assert_eq!(hung.status.code(), Some(3));
    assert!(
        util::stderr(&hung).contains("timed out after"),
        "{}",
        util::stderr(&hung)
    );
    assert!(
        util::stderr(&hung).contains("last: keep waiting: ACTIVE: cannot tell without task_state")
    );
}

#[test]
fn wait_rejects_bad_input_with_exit_2() {
    for args in [
        vec!["wait", "hibernate", "--from", "ACTIVE", "--", "true"],
        vec!["wait", "stop", "--from", "PAUSED", "--", "true"],
        vec!["wait", "stop", "--", "true"],
        vec![
            "wait",
            "stop",
            "--from",
            "ACTIVE",
            "--interval",
            "-1",
            "--",
            "true",
        ],
        vec!["wait", "stop", "--from", "ACTIVE"],
    ] {
        let output = util::run(&args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            util::stderr(&output)
        );
    }
}

#[test]
fn assess_exits_by_verdict() {
    let cases: [(&[&str], i32, &str); 7] = [
        (&["stop", "--from", "ACTIVE", "--status", "SHUTOFF"], 0, "done: STOPPED\n"),
        (&["stop", "--from", "ACTIVE", "--status", "ACTIVE"], 3, "keep waiting: ACTIVE: cannot tell without task_state\n"),
        (&["stop", "--from", "ACTIVE", "--status", "ACTIVE", "--task-state", "none"], 1, "failed: ACTIVE: no task runs and the status is not a target: the task ended without reaching it\n"),
        (&["delete", "--from", "ACTIVE", "--not-found"], 0, "done: not found\n"),
        (&["reboot", "--from", "ACTIVE", "--not-found"], 1, "failed: not found: the server is gone (404) and the request does not delete it\n"),
        (&["evacuate", "--from", "ACTIVE", "--status", "ACTIVE", "--task-state", "none", "--microversion", "2.94"], 0, "done: ACTIVE; check the host and the migration record: a migration that was rolled back ends in this status too\n"),
        (&["resize", "--from", "SHUTOFF", "--status", "SHUTOFF", "--resize-confirm-window", "60"], 0, "done: STOPPED; check the flavor and the migration record: a resize that was rolled back ends in this status too\n"),
    ];
    for (args, code, line) in cases {
        let output = util::run(&[&["assess"], args].concat());
        assert_eq!(
            output.status.code(),
            Some(code),
            "{args:?}: {}",
            util::stderr(&output)
        );
        assert_eq!(util::stdout(&output), line, "{args:?}");
    }
    let json = util::run(&[
        "assess",
        "rebuild",
        "--from",
        "SHUTOFF",
        "--status",
        "ACTIVE",
        "--task-state",
        "powering-off",
        "--format",
        "json",
    ]);
    assert_eq!(json.status.code(), Some(3));
    let document: serde_json::Value = serde_json::from_str(&util::stdout(&json)).expect("JSON");
    assert_eq!(document["verdict"], "keep waiting");
    assert_eq!(document["target"], serde_json::json!(["STOPPED"]));
    assert_eq!(document["waiting"]["step"], 4);
    for bad in [
        vec!["assess", "stop", "--from", "PAUSED", "--status", "ACTIVE"],
        vec!["assess", "stop", "--from", "ACTIVE"],
        vec![
            "assess",
            "stop",
            "--from",
            "ACTIVE",
            "--status",
            "ACTIVE",
            "--task-state",
            "napping",
        ],
        vec![
            "assess",
            "stop",
            "--from",
            "ACTIVE",
            "--status",
            "ACTIVE",
            "--power-state",
            "9",
        ],
        vec![
            "assess", "complete", "--from", "ACTIVE", "--status", "ACTIVE",
        ],
        vec![
            "assess",
            "stop",
            "--from",
            "ACTIVE",
            "--not-found",
            "--status",
            "ACTIVE",
        ],
    ] {
        let output = util::run(&bad);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{bad:?}: {}",
            util::stderr(&output)
        );
    }
}

/// The `wait` example of `docs/waiting.md` (the console block after `<!-- wait example -->`)
/// runs and prints what the guide shows.
#[test]
fn the_wait_example_in_the_guide_holds() {
    let guide =
        std::fs::read_to_string(util::repository().join("docs/waiting.md")).expect("the guide");
    let block = guide
        .split("<!-- wait example -->\n```console\n")
        .nth(1)
        .and_then(|rest| rest.split("\n```").next())
        .expect("the guide has the wait example");
    let mut lines = block.lines();
    let command = lines
        .next()
        .expect("a command line")
        .trim_start_matches("$ server-lifecycle ");
    let expected: String = lines.map(|line| format!("{line}\n")).collect();
    let dir = TempDir::new("guide");
    let output = Command::new(env!("CARGO_BIN_EXE_server-lifecycle"))
        .args(command.split_whitespace())
        .current_dir(util::repository())
        .env("TMPDIR", &dir.0)
        .output()
        .expect("the CLI runs");
    assert_eq!(output.status.code(), Some(0), "{}", util::stderr(&output));
    assert_eq!(util::stdout(&output), expected);
}
