//! Hostile command lines never panic: empty strings, huge strings, invalid UTF-8, unknown
//! flags and subcommands exit 2 with a message on stderr (the exit code contract: 0 ok,
//! 1 refused, 2 bad input), never 101.

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::process::{Command, Output, Stdio};

/// Linux caps one argument at 128 KiB (`MAX_ARG_STRLEN`); stay just under it.
const HUGE_ARG_BYTES: usize = 128 * 1024 - 1;

fn run(args: &[OsString]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_server-lifecycle"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run server-lifecycle")
}

fn os(args: &[&str]) -> Vec<OsString> {
    args.iter().map(OsString::from).collect()
}

fn huge() -> OsString {
    OsString::from("S".repeat(HUGE_ARG_BYTES))
}

fn not_utf8() -> OsString {
    OsString::from_vec(b"ACT\xffIVE".to_vec())
}

/// Asserts the run did not panic and kept to the exit code contract.
#[track_caller]
fn assert_no_panic(args: &[OsString], output: &Output) -> i32 {
    let stderr = String::from_utf8_lossy(&output.stderr);
    let code = output
        .status
        .code()
        .expect("exited, not killed by a signal");
    assert!(
        matches!(code, 0..=2),
        "exit {code} for {} argument(s); stderr: {}",
        args.len(),
        &stderr[..stderr.len().min(500)]
    );
    assert!(!stderr.contains("panicked"), "panic: {stderr}");
    assert!(!stderr.contains("RUST_BACKTRACE"), "panic: {stderr}");
    code
}

/// Asserts exit 2 with a message that starts as given and is at most `max_len` bytes.
#[track_caller]
fn assert_bad_input(args: Vec<OsString>, starts_with: &str, max_len: usize) {
    let output = run(&args);
    let code = assert_no_panic(&args, &output);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(code, 2, "stderr: {stderr}");
    assert!(
        stderr.starts_with(starts_with),
        "{stderr:.300} does not start with {starts_with}"
    );
    assert!(stderr.len() <= max_len, "a {}-byte message", stderr.len());
    assert!(output.stdout.is_empty(), "bad input printed a result");
}

#[test]
fn empty_names_are_bad_input() {
    assert_bad_input(
        os(&["check", "", ""]),
        "server-lifecycle: error: unknown status \"\"; expected one of: ACTIVE, BUILDING",
        2048,
    );
    assert_bad_input(
        os(&["check", "ACTIVE", ""]),
        "server-lifecycle: error: unknown event \"\"; expected one of: create, reboot",
        2048,
    );
}

#[test]
fn huge_names_get_a_short_message() {
    let error_prefix = format!(
        "server-lifecycle: error: unknown status \"{}...\"; expected one of: ACTIVE",
        "S".repeat(64)
    );
    assert_bad_input(
        vec!["check".into(), huge(), "start".into()],
        &error_prefix,
        2048,
    );
    assert_bad_input(
        vec!["check".into(), "ACTIVE".into(), huge()],
        "server-lifecycle: error: unknown event \"SSSS",
        2048,
    );
}

#[test]
fn invalid_utf8_is_bad_input() {
    assert_bad_input(
        vec!["check".into(), not_utf8(), "start".into()],
        "error: invalid UTF-8 was detected in one or more arguments",
        4096,
    );
    assert_bad_input(
        vec!["check".into(), "ACTIVE".into(), not_utf8()],
        "error: invalid UTF-8 was detected in one or more arguments",
        4096,
    );
}

#[test]
fn unknown_flags_subcommands_and_arities_are_bad_input() {
    assert_bad_input(
        os(&["--frobnicate"]),
        "error: unexpected argument '--frobnicate' found",
        4096,
    );
    assert_bad_input(
        os(&["check", "--frobnicate", "ACTIVE", "stop"]),
        "error: unexpected argument '--frobnicate' found",
        4096,
    );
    assert_bad_input(
        os(&["hibernate"]),
        "error: unrecognized subcommand 'hibernate'",
        4096,
    );
    assert_bad_input(
        os(&["check"]),
        "error: the following required arguments were not provided",
        4096,
    );
    assert_bad_input(
        os(&["check", "ACTIVE", "stop", "extra"]),
        "error: unexpected argument 'extra' found",
        4096,
    );
}

#[test]
fn control_characters_are_escaped_in_the_message() {
    assert_bad_input(
        os(&["check", "ACTIVE\u{1b}[2J\u{202e}", "stop"]),
        "server-lifecycle: error: unknown status \"ACTIVE\\u{1b}[2J\\u{202e}\"",
        2048,
    );
}

/// The subcommands `prefix --help` lists (without `help`).
fn listed_commands(prefix: &[String]) -> Vec<String> {
    let mut args: Vec<OsString> = prefix.iter().map(OsString::from).collect();
    args.push("--help".into());
    let help = run(&args);
    assert_eq!(help.status.code(), Some(0), "{prefix:?} --help");
    let help = String::from_utf8(help.stdout).expect("UTF-8 help");
    let Some(commands) = help.split("Commands:\n").nth(1) else {
        return Vec::new();
    };
    commands
        .lines()
        .take_while(|line| !line.trim().is_empty())
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_owned)
        .collect()
}

/// Every command path the binary lists in its help, nested ones included (`nova check`),
/// so commands added later are covered.
fn subcommands() -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    for command in listed_commands(&[]) {
        let path = vec![command];
        for nested in listed_commands(&path) {
            paths.push(vec![path[0].clone(), nested]);
        }
        paths.push(path);
    }
    assert!(paths.iter().any(|path| path == &["check"]), "{paths:?}");
    paths
}

#[test]
fn every_subcommand_survives_hostile_arguments() {
    let hostile: Vec<Vec<OsString>> = vec![
        vec![],
        os(&[""]),
        os(&["", ""]),
        os(&["--no-such-flag"]),
        os(&["--format", "xml"]),
        os(&["--format", ""]),
        os(&["\u{202e}\u{0301}", "é"]),
        os(&["-"]),
        vec![huge()],
        vec![not_utf8()],
        vec![huge(), huge()],
    ];
    let mut runs = 0;
    for command in subcommands() {
        for args in &hostile {
            let mut full: Vec<OsString> = command.iter().map(OsString::from).collect();
            full.extend(args.iter().cloned());
            let output = run(&full);
            let code = assert_no_panic(&full, &output);
            if args.iter().any(|arg| arg == &not_utf8()) {
                assert_eq!(code, 2, "{command:?} with invalid UTF-8");
            }
            runs += 1;
        }
    }
    assert!(runs >= 2 * 11, "only {runs} runs");
}

#[test]
fn one_megabyte_of_arguments_is_bad_input() {
    let mut args = vec![OsString::from("check")];
    args.extend((0..8).map(|_| huge()));
    let output = run(&args);
    assert_eq!(assert_no_panic(&args, &output), 2);
}
