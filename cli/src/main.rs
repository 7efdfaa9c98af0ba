//! `server-lifecycle`: answers questions about the server lifecycle model.
//!
//! Exit codes (a contract other tools rely on): 0 allowed / done, 1 refused / impossible,
//! 2 bad input.

mod check;
mod exit;
mod export;
mod nova;
mod overview;

use clap::{Parser, Subcommand};

use crate::exit::Failure;

/// Questions about a cloud server's lifecycle: statuses, events, legal moves.
#[derive(Parser)]
#[command(name = "server-lifecycle", version, about, long_about = None)]
#[command(after_help = "Run without a command for an overview of the model.")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Is EVENT allowed in STATUS, and where does it lead?
    ///
    /// Prints the possible resulting statuses, one per line (exit 0); a refused event
    /// prints the error on stderr (exit 1); an unknown status or event exits 2.
    #[command(after_help = "Example:\n  server-lifecycle check SHUTOFF start\n  ACTIVE")]
    Check(check::Args),
    /// The whole model as one JSON document on stdout.
    #[command(after_help = "Example:\n  server-lifecycle export | jq '.transitions | length'")]
    Export,
    /// Nova's detailed layer: the status of a (vm_state, task_state) pair, and whether an
    /// operation's guard accepts a state.
    #[command(
        after_help = "Examples:\n  server-lifecycle nova status active rebooting\n  \
        server-lifecycle nova check --vm-state stopped reboot_hard"
    )]
    Nova(nova::Args),
}

fn main() {
    let cli = Cli::parse();
    let result = match cli.command {
        None => overview::run(),
        Some(Command::Check(args)) => check::run(&args),
        Some(Command::Export) => export::run(),
        Some(Command::Nova(args)) => nova::run(&args),
    };
    if let Err(failure) = result {
        std::process::exit(failure.report());
    }
}

/// The result of a command: `Ok` exits 0.
type Outcome = Result<(), Failure>;
