//! `server-lifecycle nova ...`: questions about Nova's detailed layer, and the `"nova"`
//! object of `export`.

use clap::Subcommand;
use serde_json::{json, Value};
use std::str::FromStr;

use server_lifecycle::nova::{status_of, Operation, TaskState, VmState};
use server_lifecycle::ParseError;

use crate::exit::Failure;
use crate::format::TextOrJson as Format;
use crate::Outcome;

/// Arguments of `nova`.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// The status Nova shows for VM_STATE and TASK_STATE (its `_STATE_MAP`).
    ///
    /// Prints the status as Nova shows it (`--names spec` for the specification's name)
    /// (exit 0); an unknown vm_state or task_state exits 2 naming the valid values.
    #[command(after_help = "Examples:\n  \
        server-lifecycle nova status active rebooting_hard\n  HARD_REBOOT\n  \
        server-lifecycle nova status stopped powering-on\n  SHUTOFF\n  \
        server-lifecycle nova status active resize_migrating --names spec\n  RESIZED")]
    Status {
        /// Nova's vm_state, e.g. active, stopped, soft-delete.
        vm_state: VmState,
        /// Nova's task_state, e.g. rebooting, powering-off; omit it (or give `none`) for
        /// no task.
        task_state: Option<TaskArg>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Does Nova's guard accept OPERATION for a server in this state?
    ///
    /// Prints the task_state the operation sets, or `none` (exit 0); a refusal is printed
    /// on stderr like Nova's 409 (exit 1); unknown values exit 2.
    #[command(after_help = "Examples:\n  \
        server-lifecycle nova check --vm-state stopped reboot_hard\n  rebooting_hard\n  \
        server-lifecycle nova check --vm-state paused stop\n  \
        server-lifecycle: error: cannot stop while the server is in vm_state paused")]
    Check {
        /// Nova's vm_state.
        #[arg(long)]
        vm_state: VmState,
        /// Nova's task_state; omit it (or give `none`) for no task.
        #[arg(long)]
        task_state: Option<TaskArg>,
        /// The server never launched (`launched_at` unset), e.g. one still building.
        #[arg(long)]
        not_launched: bool,
        /// The operation: a request name (reboot, reboot_hard, change_password, ...)
        /// or Nova's method name (attach_volume, swap_volume, ...).
        operation: Operation,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

impl Args {
    /// Whether the command prints a status as Nova shows it by default (`nova status`).
    pub fn shows_statuses(&self) -> bool {
        matches!(self.command, Command::Status { .. })
    }
}

pub fn run(args: &Args) -> Outcome {
    match &args.command {
        Command::Status {
            vm_state,
            task_state,
            format,
        } => status(*vm_state, task(*task_state), *format),
        Command::Check {
            vm_state,
            task_state,
            not_launched,
            operation,
            format,
        } => check(
            *vm_state,
            task(*task_state),
            !not_launched,
            *operation,
            *format,
        ),
    }
}

/// A task_state argument: a task, or `none` for no task.
#[derive(Copy, Clone, Debug)]
struct TaskArg(Option<TaskState>);

impl FromStr for TaskArg {
    type Err = ParseError;

    fn from_str(name: &str) -> Result<TaskArg, ParseError> {
        if name.eq_ignore_ascii_case("none") {
            Ok(TaskArg(None))
        } else {
            name.parse().map(|task| TaskArg(Some(task)))
        }
    }
}

/// The task of an optional task_state argument: absent or `none` means no task.
fn task(argument: Option<TaskArg>) -> Option<TaskState> {
    argument.and_then(|TaskArg(task)| task)
}

fn task_name(task_state: Option<TaskState>) -> Value {
    task_state.map_or(Value::Null, |task| task.as_str().into())
}

fn status(vm_state: VmState, task_state: Option<TaskState>, format: Format) -> Outcome {
    let status = status_of(vm_state, task_state);
    match format {
        Format::Text => crate::exit::print(&format!("{}\n", crate::format::name(status))),
        Format::Json => crate::exit::print(&format!(
            "{:#}\n",
            json!({
                "vm_state": vm_state.as_str(),
                "task_state": task_name(task_state),
                "status": status.as_str(),
                "nova_status": status.nova_name(),
            })
        )),
    }
}

fn check(
    vm_state: VmState,
    task_state: Option<TaskState>,
    launched: bool,
    operation: Operation,
    format: Format,
) -> Outcome {
    let sets = operation
        .check(vm_state, task_state, launched)
        .map_err(Failure::refused)?;
    match format {
        Format::Text => {
            crate::exit::print(&format!("{}\n", sets.map_or("none", TaskState::as_str)))
        }
        Format::Json => crate::exit::print(&format!(
            "{:#}\n",
            json!({ "operation": operation.as_str(), "sets_task_state": task_name(sets) })
        )),
    }
}
