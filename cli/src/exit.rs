//! How a command fails: the exit code contract and the message on stderr.

use std::fmt::Display;
use std::io::{ErrorKind, Write};

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
    pub fn report(self) -> i32 {
        if !self.message.is_empty() {
            eprintln!("server-lifecycle: error: {}", self.message);
        }
        self.code
    }
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
        _ => Ok(()),
    }
}
