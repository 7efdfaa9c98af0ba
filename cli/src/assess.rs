//! `server-lifecycle assess REQUEST --from STATUS --status S ...`: one verdict of the
//! library's waiter on one observation, for shell scripts.
//!
//! Exit codes: 0 done (also *done, but check*: the line says what to check), 1 failed,
//! 3 keep waiting, 2 bad input (an unknown name, or a request the status refuses).

use std::str::FromStr;

use serde_json::{json, Value};
use server_lifecycle::nova::{Microversion, PowerState, TaskState, VmState};
use server_lifecycle::{Event, Seen, Sighting, Status, TaskObservation, Verdict, Waiter, Waiting};

use crate::exit::{ArgumentError, Failure};
use crate::format::{nova_names, status_names, RequestArg, TextOrJson as Format};
use crate::settings_args::SettingsArgs;
use crate::Outcome;

/// Arguments of `assess`.
#[derive(clap::Args)]
pub struct Args {
    /// The request, e.g. stop, rebuild, resize, delete, create.
    request: RequestArg,
    /// The status the server was in when the request was made (any spelling: SHUTOFF,
    /// stopped, ...). Required for every request but `create`.
    #[arg(long = "from", value_name = "STATUS")]
    from: Option<Status>,
    /// The status the poll showed. Required unless --not-found.
    #[arg(long, value_name = "STATUS", required_unless_present = "not_found")]
    status: Option<Status>,
    /// The task_state the poll showed (`none` for no task). Leave it out when unknown.
    #[arg(long, value_name = "TASK_STATE")]
    task_state: Option<TaskArg>,
    /// The vm_state the poll showed.
    #[arg(long, value_name = "VM_STATE")]
    vm_state: Option<VmState>,
    /// The power state the poll showed: a name (running, shutdown, ...) or Nova's code.
    #[arg(long, value_name = "POWER_STATE")]
    power_state: Option<PowerArg>,
    /// The poll found no server (the GET answered 404).
    #[arg(long, conflicts_with_all = ["status", "task_state", "vm_state", "power_state"])]
    not_found: bool,
    #[command(flatten)]
    settings: SettingsArgs,
    /// The compute API microversion the request was made with, e.g. 2.94, or latest
    /// (from 2.95 an evacuated server is left stopped). Default: latest (2.104).
    #[arg(long, value_name = "MAJOR.MINOR")]
    microversion: Option<Microversion>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

/// A task_state argument: a task, or `none` / `null` for no task.
#[derive(Copy, Clone, Debug)]
struct TaskArg(Option<TaskState>);

impl FromStr for TaskArg {
    type Err = ArgumentError;

    fn from_str(name: &str) -> Result<TaskArg, ArgumentError> {
        if name.eq_ignore_ascii_case("none") || name.eq_ignore_ascii_case("null") {
            return Ok(TaskArg(None));
        }
        TaskState::parse(name)
            .map(|task| TaskArg(Some(task)))
            .map_err(|error| ArgumentError::new(format!("{error}; or none for no task")))
    }
}

/// A power state argument: a name, openstackclient's label or Nova's integer code.
#[derive(Copy, Clone, Debug)]
pub struct PowerArg(pub PowerState);

impl FromStr for PowerArg {
    type Err = ArgumentError;

    fn from_str(name: &str) -> Result<PowerArg, ArgumentError> {
        power_state(name).map(PowerArg)
    }
}

/// Reads a power state: Nova's name, openstackclient's label (`NOSTATE`, `Running`,
/// ...), or the integer code.
pub fn power_state(name: &str) -> Result<PowerState, ArgumentError> {
    if let Ok(code) = name.trim().parse::<i64>() {
        return PowerState::from_code(code).ok_or_else(|| {
            ArgumentError::new(format!(
                "unknown power_state code {code}; expected one of: 0, 1, 3, 4, 6, 7"
            ))
        });
    }
    if name.trim().eq_ignore_ascii_case("nostate") {
        return Ok(PowerState::NoState);
    }
    PowerState::parse(name.trim()).map_err(ArgumentError::from)
}

/// The waiter for `request` from `from` (required but for `create`).
pub fn waiter(
    request: Event,
    from: Option<Status>,
    settings: &SettingsArgs,
    microversion: Option<Microversion>,
) -> Result<Waiter, Failure> {
    let settings = settings.settings();
    let waiter = match (from, request) {
        (None, Event::Create) => Waiter::create(settings),
        (None, _) => {
            return Err(Failure::bad_input(format!(
                "--from STATUS is required for {request}"
            )))
        }
        (Some(from), _) => Waiter::new(request, from, settings).map_err(Failure::bad_input)?,
    };
    Ok(match microversion {
        Some(microversion) => waiter.at_microversion(microversion),
        None => waiter,
    })
}

/// The exit code of a verdict: 0 done, 1 failed, 3 keep waiting.
pub const fn exit_code(verdict: &Verdict) -> i32 {
    match verdict {
        Verdict::Done(_) | Verdict::DoneButCheck { .. } => 0,
        Verdict::Failed { .. } => 1,
        Verdict::KeepWaiting(_) => 3,
    }
}

/// Exits with `code` (0 returns normally, so stdout is flushed by the caller).
pub fn exit_with(code: i32) -> Outcome {
    if code == 0 {
        Ok(())
    } else {
        std::process::exit(code)
    }
}

pub fn run(args: &Args) -> Outcome {
    let RequestArg(request) = args.request;
    let waiter = waiter(request, args.from, &args.settings, args.microversion)?;
    let sighting = match args.status {
        None => Sighting::NOT_FOUND,
        Some(status) => {
            let mut sighting = Sighting::status(status);
            if let Some(TaskArg(task)) = args.task_state {
                sighting = sighting.with_task_state(task);
            }
            if let Some(vm_state) = args.vm_state {
                sighting = sighting.with_vm_state(vm_state);
            }
            if let Some(PowerArg(power)) = args.power_state {
                sighting = sighting.with_power_state(power);
            }
            sighting
        }
    };
    let verdict = waiter.verdict(sighting);
    match args.format {
        Format::Json => crate::format::print_json(&document(&waiter, &sighting, &verdict))?,
        Format::Text => crate::exit::print(&format!("{}\n", crate::format::verdict_line(verdict)))?,
    }
    exit_with(exit_code(&verdict))
}

/// The JSON document of one verdict: `verdict` and `line` first (the contract), then
/// what was seen and why.
pub fn document(waiter: &Waiter, sighting: &Sighting, verdict: &Verdict) -> Value {
    let (seen, nova_seen) = match sighting.seen() {
        Seen::Status(status) => (
            Value::from(status.as_str()),
            Value::from(status.nova_name()),
        ),
        Seen::NotFound => (Value::Null, Value::Null),
    };
    let task = match sighting.task() {
        TaskObservation::Unobserved => Value::from("unobserved"),
        TaskObservation::Idle => Value::Null,
        TaskObservation::Running(task) => Value::from(task.as_str()),
    };
    let mut document = json!({
        "verdict": verdict.kind(),
        "line": verdict.to_string(),
        "status": seen,
        "not_found": sighting.is_not_found(),
        "task_state": task,
        "request": waiter.plan().request().as_str(),
        "from": waiter.plan().from().as_str(),
        "target": status_names(waiter.target()),
        "pending": status_names(waiter.pending()),
        "failure": status_names(waiter.failure()),
        "ends_when_not_found": waiter.ends_when_not_found(),
        "nova_status": nova_seen,
        "nova_from": waiter.plan().from().nova_name(),
        "nova_target": nova_names(waiter.target()),
        "nova_pending": nova_names(waiter.pending()),
        "nova_failure": nova_names(waiter.failure()),
        "microversion": waiter.microversion().to_string(),
    });
    let detail = match verdict {
        Verdict::KeepWaiting(waiting) => json!({ "waiting": waiting_document(waiting) }),
        Verdict::Done(_) => json!({}),
        Verdict::Failed { reason, .. } => json!({ "reason": reason.as_str() }),
        Verdict::DoneButCheck { check, .. } => json!({ "check": check.as_str() }),
    };
    if let (Some(all), Value::Object(more)) = (document.as_object_mut(), detail) {
        all.extend(more);
    }
    document
}

fn waiting_document(waiting: &Waiting) -> Value {
    match waiting {
        Waiting::Task { task, step, steps } => {
            json!({ "task": task.as_str(), "step": step, "steps": steps, "line": waiting.to_string() })
        }
        other => json!({ "line": other.to_string() }),
    }
}
