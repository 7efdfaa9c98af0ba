//! `server-lifecycle wait REQUEST --from STATUS [...] -- COMMAND [ARGS...]`: runs COMMAND
//! at each poll, reads what it prints, and waits with the library's blocking helper
//! until the waiter's verdict is final.
//!
//! What COMMAND may print (on stdout, exit status 0):
//!
//! * a Nova server body, `{"server": {...}}` (`GET /servers/{id}`);
//! * one server object, e.g. `openstack server show ID -f json` (openstackclient's power
//!   state labels such as `Running` or `NOSTATE` are read too);
//! * a bare status word, e.g. `SHUTOFF`.
//!
//! Not found: the command exits non-zero and its stdout or stderr contains one of the
//! not-found patterns (substrings, case-insensitive; default `No server with a name or
//! ID` (openstackclient), `404`, `could not be found` (Nova's message)), or it exits with
//! the `--not-found-exit` code. A command that exits non-zero otherwise, cannot be run,
//! or prints something unreadable ends the wait with exit 2.
//!
//! Exit codes: 0 done (also *done, but check*), 1 failed, 3 timed out, 2 bad input or a
//! poll command that cannot be run or read.

use std::io::IsTerminal;
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::Value;
use server_lifecycle::nova::{Microversion, NovaServer, PowerState};
use server_lifecycle::{
    wait_with, Sighting, Status, TaskObservation, Verdict, WaitError, WaitOptions,
};

use crate::assess::{exit_code, exit_with, power_state};
use crate::exit::Failure;
use crate::format::RequestArg;
use crate::settings_args::SettingsArgs;
use crate::Outcome;

/// The default not-found patterns.
const NOT_FOUND: [&str; 3] = ["No server with a name or ID", "404", "could not be found"];

/// Arguments of `wait`.
#[derive(clap::Args)]
pub struct Args {
    /// The request, e.g. stop, rebuild, resize, delete, create.
    request: RequestArg,
    /// The status the server was in when the request was made. Required for every
    /// request but `create`.
    #[arg(long = "from", value_name = "STATUS")]
    from: Option<Status>,
    #[command(flatten)]
    settings: SettingsArgs,
    /// The compute API microversion the request was made with, e.g. 2.94, or latest
    /// (from 2.95 an evacuated server is left stopped). Default: latest (2.104).
    #[arg(long, value_name = "MAJOR.MINOR")]
    microversion: Option<Microversion>,
    /// Seconds before the second poll (the first runs at once).
    #[arg(long, value_name = "SECS", default_value_t = 2.0)]
    interval: f64,
    /// The longest interval: each interval doubles up to this.
    #[arg(long, value_name = "SECS", default_value_t = 30.0)]
    max_interval: f64,
    /// Give up after this many seconds (exit 3).
    #[arg(long, value_name = "SECS", default_value_t = 1800.0)]
    timeout: f64,
    /// A substring of COMMAND's output (stdout or stderr, any case) that means the server
    /// is not found when COMMAND exits non-zero. Repeat for several; replaces the
    /// defaults ("No server with a name or ID", "404", "could not be found").
    #[arg(long, value_name = "TEXT")]
    not_found_pattern: Vec<String>,
    /// An exit code of COMMAND that means the server is not found, whatever it prints.
    #[arg(long, value_name = "CODE")]
    not_found_exit: Option<i32>,
    /// The poll command and its arguments, after `--`.
    #[arg(last = true, required = true, value_name = "COMMAND")]
    command: Vec<String>,
}

/// Seconds as a duration, or a message naming the flag and the bad value.
fn seconds(flag: &str, value: f64) -> Result<Duration, Failure> {
    Duration::try_from_secs_f64(value).map_err(|_| {
        Failure::bad_input(format!(
            "invalid {flag} {value}; expected a number of seconds, 0 or more"
        ))
    })
}

/// One poll's outcome: a sighting and the fault message, if any.
struct Polled {
    sighting: Sighting,
    fault: Option<String>,
}

pub fn run(args: &Args) -> Outcome {
    let RequestArg(request) = args.request;
    let waiter = crate::assess::waiter(request, args.from, &args.settings, args.microversion)?;
    let options = WaitOptions::default()
        .interval(seconds("--interval", args.interval)?)
        .max_interval(seconds("--max-interval", args.max_interval)?)
        .timeout(seconds("--timeout", args.timeout)?);
    let patterns: Vec<String> = if args.not_found_pattern.is_empty() {
        NOT_FOUND.iter().map(|p| p.to_lowercase()).collect()
    } else {
        args.not_found_pattern
            .iter()
            .map(|p| p.to_lowercase())
            .collect()
    };
    let terminal = std::io::stdout().is_terminal();
    let start = Instant::now();
    let mut shown: Option<(Option<Status>, TaskObservation)> = None;
    let mut fault: Option<String> = None;
    let mut progress_line = false;
    let poll = || -> Result<Sighting, Failure> {
        let polled = poll_once(&args.command, &patterns, args.not_found_exit)?;
        fault = polled.fault;
        let sighting = polled.sighting;
        let verdict = waiter.verdict(sighting);
        let key = (sighting.seen().status(), sighting.task());
        let line = format!(
            "[{:>5.0}s] {}",
            start.elapsed().as_secs_f64(),
            crate::format::verdict_line(verdict)
        );
        if shown != Some(key) {
            if progress_line {
                println!();
            }
            if terminal {
                print!("\r\x1b[2K{line}");
                progress_line = true;
            } else {
                println!("{line}");
            }
            shown = Some(key);
        } else if terminal {
            print!("\r\x1b[2K{line}");
        }
        use std::io::Write as _;
        let _ = std::io::stdout().flush();
        Ok(sighting)
    };
    let result = wait_with(
        waiter,
        poll,
        options,
        || start.elapsed(),
        std::thread::sleep,
    );
    if progress_line {
        println!();
    }
    match result {
        Ok(verdict) => {
            let mut out = format!("{}\n", crate::format::verdict_line(verdict));
            if let (Verdict::Failed { .. } | Verdict::DoneButCheck { .. }, Some(fault)) =
                (&verdict, &fault)
            {
                out.push_str(&format!("fault: {fault}\n"));
            }
            crate::exit::print(&out)?;
            exit_with(exit_code(&verdict))
        }
        Err(WaitError::Poll(failure)) => Err(failure),
        Err(WaitError::TimedOut { last, polls }) => {
            let last = last.map_or_else(String::new, |(_, verdict)| {
                format!("; last: {}", crate::format::verdict_line(verdict))
            });
            eprintln!("server-lifecycle: timed out after {polls} polls{last}");
            std::process::exit(3)
        }
    }
}

/// Runs the poll command once and reads what it says.
fn poll_once(
    command: &[String],
    patterns: &[String],
    not_found_exit: Option<i32>,
) -> Result<Polled, Failure> {
    let (program, arguments) = command
        .split_first()
        .ok_or_else(|| Failure::bad_input("no poll command after --"))?;
    let output = Command::new(program)
        .args(arguments)
        .output()
        .map_err(|error| Failure::bad_input(format!("cannot run {program}: {error}")))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let code = output.status.code();
    if !output.status.success() {
        let said = format!("{stdout}\n{stderr}").to_lowercase();
        let matched = patterns
            .iter()
            .any(|pattern| said.contains(pattern.as_str()));
        if matched || (not_found_exit.is_some() && code == not_found_exit) {
            return Ok(Polled {
                sighting: Sighting::NOT_FOUND,
                fault: None,
            });
        }
        return Err(Failure::bad_input(format!(
            "the poll command {program} failed ({}): {}",
            code.map_or_else(|| "killed by a signal".to_owned(), |c| format!("exit {c}")),
            stderr.trim()
        )));
    }
    if not_found_exit.is_some() && code == not_found_exit {
        return Ok(Polled {
            sighting: Sighting::NOT_FOUND,
            fault: None,
        });
    }
    read_output(stdout.trim())
}

/// Reads the poll command's output: a server body, a server object, or a status word.
fn read_output(text: &str) -> Result<Polled, Failure> {
    if !text.starts_with('{') {
        let status: Status = text.parse().map_err(|error| {
            Failure::bad_input(format!("cannot read the poll command's output: {error}"))
        })?;
        return Ok(Polled {
            sighting: Sighting::status(status),
            fault: None,
        });
    }
    let unreadable = |error: &dyn std::fmt::Display| {
        Failure::bad_input(format!("cannot read the poll command's JSON: {error}"))
    };
    let mut value: Value = serde_json::from_str(text).map_err(|e| unreadable(&e))?;
    if let Some(server) = value.get_mut("server") {
        value = server.take();
    }
    // openstackclient prints the power state as a label ("Running", "NOSTATE"): read it
    // here and let the library's type read the rest.
    let mut power: Option<PowerState> = None;
    if let Some(object) = value.as_object_mut() {
        if let Some(Value::String(label)) = object.get("OS-EXT-STS:power_state") {
            power = Some(power_state(label).map_err(|e| unreadable(&e))?);
            object.remove("OS-EXT-STS:power_state");
        }
    }
    let server: NovaServer = serde_json::from_value(value).map_err(|e| unreadable(&e))?;
    let status = server.status.known().ok_or_else(|| {
        Failure::bad_input(format!(
            "the poll command reported status {:?}, which this model does not know",
            server.status.as_str()
        ))
    })?;
    let mut sighting = Sighting::status(status).with_task(server.task());
    if let Some(vm_state) = server.vm_state() {
        sighting = sighting.with_vm_state(vm_state);
    }
    if let Some(power) = power.or_else(|| server.power_state()) {
        sighting = sighting.with_power_state(power);
    }
    Ok(Polled {
        sighting,
        fault: server.fault.map(|fault| fault.message),
    })
}
