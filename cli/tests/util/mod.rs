//! Running the `server-lifecycle` binary from the CLI tests.
#![allow(dead_code)]

use std::ffi::OsStr;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// The repository root: the sample histories live in `examples/`.
pub fn repository() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("cli/ is inside the repository")
}

/// Runs the binary with `args` from the repository root, with empty standard input.
pub fn run<S: AsRef<OsStr>>(args: &[S]) -> Output {
    run_with_stdin(args, None)
}

/// Runs the binary with `args` from the repository root, feeding `stdin` (if any) to it.
/// A CLI that stops reading early (bad input) is fine: a broken pipe is ignored.
pub fn run_with_stdin<S: AsRef<OsStr>>(args: &[S], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_server-lifecycle"))
        .args(args)
        .current_dir(repository())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the CLI starts");
    let mut pipe = child.stdin.take().expect("stdin");
    if let Some(input) = stdin {
        let _ = pipe.write_all(input);
    }
    drop(pipe);
    child.wait_with_output().expect("the CLI ends")
}

/// Standard output, which must be UTF-8.
pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 stdout")
}

/// Standard error, which must be UTF-8.
pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("UTF-8 stderr")
}
