//! `server-lifecycle check STATUS EVENT`.

use server_lifecycle::{Event, Status};

use crate::exit::Failure;
use crate::Outcome;

/// Arguments of `check`.
#[derive(clap::Args)]
pub struct Args {
    /// The status the server is in, in any spelling (ACTIVE, SHUTOFF, stopped, ...).
    status: String,
    /// The request or outcome, e.g. reboot_hard, confirm_resize, complete.
    event: String,
}

pub fn run(args: &Args) -> Outcome {
    let status = Status::parse(&args.status).map_err(Failure::bad_input)?;
    let event = Event::parse(&args.event).map_err(Failure::bad_input)?;
    let results = status.next(event).map_err(Failure::refused)?;
    let lines: String = results.iter().map(|result| format!("{result}\n")).collect();
    crate::exit::print(&lines)
}
