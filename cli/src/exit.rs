//! How a command fails: the exit code contract and the message on stderr.

use std::ffi::OsString;
use std::fmt::Display;
use std::io::{ErrorKind, Write};
use std::sync::atomic::{AtomicBool, Ordering};

/// Whether anything was written to stdout: a command that printed its answer (a JSON
/// document with `"ok": false`, an unreachable path) gets no error object after it.
static PRINTED: AtomicBool = AtomicBool::new(false);

/// A command that did not succeed: its exit code and what to say on stderr.
pub struct Failure {
    code: i32,
    message: String,
}

impl Failure {
    /// Exit 1: the model refuses (a refused request, an impossible history).
    pub fn refused(message: impl Display) -> Failure {
        Failure {
            code: 1,
            message: message.to_string(),
        }
    }

    /// Exit 2: the input could not be understood.
    pub fn bad_input(message: impl Display) -> Failure {
        Failure {
            code: 2,
            message: message.to_string(),
        }
    }

    /// Prints the message (if any) as `server-lifecycle: error: ...` and returns the code.
    /// When the command line asked for `--format json` and nothing was printed yet, a JSON
    /// error object goes to stdout too: `{"ok": false, "exit_code", "error": "refused" or
    /// "bad_input", "message"}`.
    pub fn report(self) -> i32 {
        if !self.message.is_empty() {
            eprintln!("server-lifecycle: error: {}", self.message);
            if json_requested(std::env::args_os()) && !PRINTED.load(Ordering::Relaxed) {
                let _ = print(&format!("{:#}\n", self.json()));
            }
        }
        self.code
    }

    /// The JSON error object.
    fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "ok": false,
            "exit_code": self.code,
            "error": if self.code == 1 { "refused" } else { "bad_input" },
            "message": self.message,
        })
    }
}

/// A command-line value the tool rejects with its own message (beyond what the library's
/// parsers reject), reported like the library's errors: `server-lifecycle: error: ...`,
/// exit 2.
#[derive(Debug)]
pub struct ArgumentError(String);

impl ArgumentError {
    pub fn new(message: impl Display) -> ArgumentError {
        ArgumentError(message.to_string())
    }
}

impl From<server_lifecycle::ParseError> for ArgumentError {
    fn from(error: server_lifecycle::ParseError) -> ArgumentError {
        ArgumentError::new(error)
    }
}

impl Display for ArgumentError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ArgumentError {}

/// Exits for a clap error: a value that the library's parser (or the tool) rejected is
/// reported in the tool's style, `server-lifecycle: error: MESSAGE` and exit 2, so a bad
/// name reads the same in every command; every other usage error is clap's own.
pub fn exit_for_usage(error: &clap::Error) -> ! {
    if error.kind() == clap::error::ErrorKind::ValueValidation {
        if let Some(reason) = std::error::Error::source(error) {
            if reason.is::<server_lifecycle::ParseError>() || reason.is::<ArgumentError>() {
                std::process::exit(Failure::bad_input(reason).report());
            }
        }
    }
    if error.use_stderr() && json_requested(std::env::args_os()) {
        // clap's own message on stderr as usual; its first line as the JSON error object.
        let rendered = error.render().to_string();
        let first = rendered.lines().next().unwrap_or_default();
        let message = first.strip_prefix("error: ").unwrap_or(first);
        let _ = print(&format!("{:#}\n", Failure::bad_input(message).json()));
    }
    error.exit()
}

/// Whether the command line asks for JSON output: the last `--format VALUE` (or
/// `--format=VALUE`) before any `--` is `json`.
pub fn json_requested(args: impl IntoIterator<Item = OsString>) -> bool {
    let mut format: Option<OsString> = None;
    let mut args = args.into_iter().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--" {
            break;
        }
        if arg == "--format" {
            format = args.next();
        } else if let Some(value) = arg.to_str().and_then(|a| a.strip_prefix("--format=")) {
            format = Some(value.into());
        }
    }
    format.is_some_and(|value| value == "json")
}

/// Records that a command wrote its answer to stdout by its own means (the streamed
/// audit), so a failure in JSON mode does not add a JSON error object after it.
pub fn mark_printed() {
    PRINTED.store(true, Ordering::Relaxed);
}

/// Writes `text` to stdout. A closed pipe (`server-lifecycle export | head`) is not an
/// error: the reader has what it wanted.
pub fn print(text: &str) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(error) if error.kind() != ErrorKind::BrokenPipe => Err(Failure {
            code: 2,
            message: format!("cannot write to stdout: {error}"),
        }),
        _ => {
            PRINTED.store(true, Ordering::Relaxed);
            Ok(())
        }
    }
}
