//! Hostile `audit` input never panics: empty files, truncated lines, huge lines, invalid
//! UTF-8, wrong types, unknown fields and deep nesting get exit 2 and a short message
//! naming the line (exit 1 is kept for impossible histories).

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

/// The longest line `audit` accepts (its documented limit).
const MAX_LINE: usize = 1 << 20;

/// A file in the temp directory, removed on drop.
struct TempFile(PathBuf);

impl TempFile {
    fn with(bytes: &[u8]) -> TempFile {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "server-lifecycle-hostile-audit-{}-{}.jsonl",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let path = std::env::temp_dir().join(name);
        std::fs::write(&path, bytes).expect("write the temp file");
        TempFile(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn audit_file(bytes: &[u8], extra: &[&str]) -> Output {
    let file = TempFile::with(bytes);
    Command::new(env!("CARGO_BIN_EXE_server-lifecycle"))
        .arg("audit")
        .arg(&file.0)
        .args(extra)
        .stdin(Stdio::null())
        .output()
        .expect("run server-lifecycle audit")
}

fn audit_stdin(bytes: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_server-lifecycle"))
        .args(["audit", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn server-lifecycle audit -");
    let mut stdin = child.stdin.take().expect("stdin");
    // The command may stop reading early (a bad line): a broken pipe is fine.
    let _ = stdin.write_all(bytes);
    drop(stdin);
    child.wait_with_output().expect("wait")
}

/// Asserts no panic, an exit code of the contract, and a message of at most 4 KiB.
#[track_caller]
fn assert_contract(output: &Output) -> i32 {
    let stderr = String::from_utf8_lossy(&output.stderr);
    let code = output.status.code().expect("exited, not killed");
    assert!(matches!(code, 0..=2), "exit {code}: {stderr:.500}");
    assert!(!stderr.contains("panicked"), "panic: {stderr}");
    assert!(stderr.len() <= 4096, "a {}-byte message", stderr.len());
    code
}

/// Asserts exit 2 and a message that ends with `expected` (after the file name).
#[track_caller]
fn assert_bad(output: &Output, expected: &str) {
    let code = assert_contract(output);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(code, 2, "stderr: {stderr:.500}");
    assert!(
        stderr.starts_with("server-lifecycle: error: "),
        "{stderr:.500}"
    );
    assert!(
        stderr.trim_end().ends_with(expected),
        "{stderr:.500} does not end with {expected}"
    );
}

const GOOD: &str = r#"{"server": "web-1", "status": "ACTIVE"}"#;

#[test]
fn empty_input_has_no_observations() {
    assert_bad(&audit_file(b"", &[]), ": no observations");
    assert_bad(&audit_file(b"\n\n  \r\n\t\n", &[]), ": no observations");
    assert_bad(&audit_stdin(b""), "<stdin>: no observations");
}

#[test]
fn truncated_lines_name_the_line() {
    let truncated = format!("{GOOD}\n{}", &GOOD[..20]);
    assert_bad(
        &audit_file(truncated.as_bytes(), &[]),
        "line 2: column 20: EOF while parsing a value",
    );
    assert_bad(
        &audit_file(b"{\"server\": \"a\", \"status\": \"ACTIVE\"", &[]),
        "line 1: column 34: EOF while parsing an object",
    );
}

#[test]
fn a_line_over_the_limit_is_refused_and_one_under_it_is_read() {
    let mut long = format!("{GOOD}{}", " ".repeat(MAX_LINE)).into_bytes();
    long.push(b'\n');
    assert_bad(
        &audit_file(&long, &[]),
        &format!("line 1: longer than {MAX_LINE} bytes"),
    );
    let mut fits = format!("{GOOD}{}", " ".repeat(MAX_LINE - GOOD.len())).into_bytes();
    fits.push(b'\n');
    assert_eq!(assert_contract(&audit_file(&fits, &[])), 0);
}

#[test]
fn a_huge_status_gets_a_short_message() {
    let line = format!(
        "{{\"server\": \"a\", \"status\": \"{}\"}}\n",
        "X".repeat(MAX_LINE / 2)
    );
    let output = audit_file(line.as_bytes(), &[]);
    assert_bad(&output, "");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("line 1: unknown status \"{}...\"", "X".repeat(64))),
        "{stderr:.300}"
    );
}

#[test]
fn invalid_utf8_names_the_line_and_byte() {
    let bytes = format!("{GOOD}\n{{\"server\": \"a\", \"status\": \"ACT\u{1}\"}}\n")
        .replace('\u{1}', "\u{0}")
        .into_bytes();
    let mut bytes = bytes;
    let at = bytes.iter().position(|b| *b == 0).expect("the marker");
    bytes[at] = 0xFF;
    assert_bad(
        &audit_file(&bytes, &[]),
        &format!("line 2: not valid UTF-8 (byte {})", at - GOOD.len()),
    );
}

#[test]
fn wrong_types_are_bad_input() {
    let cases = [
        (
            r#"{"server": true, "status": "ACTIVE"}"#,
            "invalid type: boolean `true`, expected a server id (a string or an integer) or a server object",
        ),
        (
            r#"{"server": 1.5, "status": "ACTIVE"}"#,
            "line 1: column 14: server must be a string or an integer",
        ),
        (
            r#"{"server": "a", "status": 5}"#,
            "invalid type: integer `5`, expected a status string",
        ),
        (
            r#"{"server": "a", "status": null}"#,
            "invalid type: null, expected a status string",
        ),
        (
            r#"{"server": "a", "status": "ACTIVE", "task_state": 3}"#,
            "invalid type: integer `3`, expected a string",
        ),
        (r#"{"server": "a"}"#, "missing field `status`"),
        (r#"{"status": "ACTIVE"}"#, "a server object without \"id\" or \"name\""),
        (r#"{"id": "a", "status": "ACTIVE", "Power State": "Dozing"}"#, "unknown power state \"Dozing\""),
        (r#"{"id": "a", "status": "ACTIVE", "OS-EXT-STS:power_state": true}"#, "invalid type: boolean `true`, expected a power state"),
        (r#"{"colour": "blue"}"#, "line 1: column 18: no known shape; expected this project's"),
        (
            "null",
            "line 1: expected a JSON object or array: this project's {\"server\": ID, \"status\": S} line",
        ),
        (r#""ACTIVE""#, "line 1: expected a JSON object or array: "),
        (r#"["a", "ACTIVE"]"#, "line 1: column 4: invalid type: string \"a\", expected a JSON object"),
        (
            r#"{"server": "a", "status": "ACTIVE", "task_state": "napping"}"#,
            "line 1: unknown task_state \"napping\"; expected one of: scheduling",
        ),
        (
            "\u{feff}{\"server\": \"a\", \"status\": \"ACTIVE\"}",
            "line 1: expected a JSON object or array: ",
        ),
    ];
    for (line, expected) in cases {
        let output = audit_file(format!("{line}\n").as_bytes(), &[]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(assert_contract(&output), 2, "{line}: {stderr}");
        assert!(
            stderr.contains(expected),
            "{line}: {stderr} lacks {expected}"
        );
    }
}

#[test]
fn unknown_fields_are_ignored() {
    let line = r#"{"server": "a", "status": "ACTIVE", "colour": "blue", "nested": {"deep": [1, 2, {"x": null}]}}"#;
    let output = audit_file(format!("{line}\n").as_bytes(), &[]);
    assert_eq!(assert_contract(&output), 0);
}

#[test]
fn deep_nesting_is_no_stack_overflow() {
    let (open, close) = ("[".repeat(100_000), "]".repeat(100_000));
    // Skipped without recursion in a field nobody reads...
    let unknown = format!("{{\"server\": \"a\", \"status\": \"ACTIVE\", \"x\": {open}{close}}}\n");
    assert_eq!(assert_contract(&audit_file(unknown.as_bytes(), &[])), 0);
    // ...and refused at the first bracket where a value is read.
    let server = format!("{{\"server\": {open}{close}, \"status\": \"ACTIVE\"}}\n");
    assert_bad(
        &audit_file(server.as_bytes(), &[]),
        "line 1: column 12: invalid type: sequence, expected a server id (a string or an integer) or a server object",
    );
    // A document that is all arrays (the shape of openstackclient's lists) is refused
    // at its second bracket.
    let arrays = format!("{open}{close}\n");
    assert_bad(
        &audit_file(arrays.as_bytes(), &[]),
        "line 1: column 1: invalid type: sequence, expected a JSON object",
    );
}

#[test]
fn odd_but_valid_input_is_read() {
    // CRLF line endings, a last line without a newline, integer and huge integer ids.
    let input = "{\"server\": 7, \"status\": \"BUILD\"}\r\n\
                 {\"server\": 18446744073709551615, \"status\": \"BUILD\"}\r\n\
                 {\"server\": -9223372036854775808, \"status\": \"BUILD\"}\r\n\
                 {\"server\": 7, \"status\": \"ACTIVE\"}";
    let output = audit_file(input.as_bytes(), &["--format", "json"]);
    assert_eq!(assert_contract(&output), 0);
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    let report: serde_json::Value =
        serde_json::from_str(stdout.lines().last().expect("a summary")).expect("JSON report");
    assert_eq!(report["observations"], 4);
    assert_eq!(
        report["servers"][1]["server"],
        18_446_744_073_709_551_615_u64
    );
}

#[test]
fn unreadable_paths_are_bad_input() {
    let missing = std::env::temp_dir().join("server-lifecycle-no-such-file.jsonl");
    let output = Command::new(env!("CARGO_BIN_EXE_server-lifecycle"))
        .arg("audit")
        .arg(&missing)
        .output()
        .expect("run");
    assert_eq!(assert_contract(&output), 2);
    let output = Command::new(env!("CARGO_BIN_EXE_server-lifecycle"))
        .arg("audit")
        .arg(std::env::temp_dir())
        .output()
        .expect("run");
    assert_eq!(assert_contract(&output), 2);
}

/// A small deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) % n as u64) as usize
    }
}

/// Random files made of valid lines, their pieces and random bytes, mutated: the command
/// keeps its contract on every one. A fixed number of cases, each one process.
#[test]
fn random_files_keep_the_contract() {
    let pieces: [&[u8]; 14] = [
        GOOD.as_bytes(),
        br#"{"server": 3, "status": "SHUTOFF", "task_state": "powering-on", "at": 17}"#,
        br#"{"server": "db", "status": "DELETED"}"#,
        br#"{"server": "db", "status": "BUILD", "task_state": null}"#,
        b"{\"server\": \"",
        b"\", \"status\": \"",
        b"\"}",
        b"\n",
        b"\r\n",
        b"\xff\xfe",
        b"\0",
        b"null",
        b"1e999",
        b"[{",
    ];
    let mut rng = Rng(7);
    let mut codes = [0usize; 3];
    for _ in 0..60 {
        let mut file = Vec::new();
        for _ in 0..rng.below(12) {
            match rng.below(5) {
                0 => file.push(rng.below(256) as u8),
                _ => file.extend_from_slice(pieces[rng.below(pieces.len())]),
            }
            if rng.below(3) == 0 {
                file.push(b'\n');
            }
        }
        let output = audit_file(&file, &["--format", "json"]);
        codes[assert_contract(&output) as usize] += 1;
    }
    assert!(
        codes[2] > 0,
        "no bad input among the random files: {codes:?}"
    );
}
