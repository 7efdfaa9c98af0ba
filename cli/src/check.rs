//! `server-lifecycle check STATUS EVENT`.

use server_lifecycle::{Event, Status};

use crate::exit::Failure;
use crate::Outcome;

/// Arguments of `check`.
#[derive(clap::Args)]
pub struct Args {
    /// The status the server is in, in any spelling (ACTIVE, SHUTOFF, stopped, ...).
    status: Status,
    /// The request or outcome, e.g. reboot_hard, confirm_resize, complete.
    event: Event,
}

pub fn run(args: &Args) -> Outcome {
    let results = args.status.next(args.event).map_err(Failure::refused)?;
    let lines: String = results.iter().map(|result| format!("{result}\n")).collect();
    crate::exit::print(&lines)
}
