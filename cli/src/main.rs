//! `server-lifecycle`: answers questions about the server lifecycle model.
//!
//! Exit codes (a contract other tools rely on): 0 allowed / done, 1 refused / impossible,
//! 2 bad input.

mod check;
mod exit;
mod explain;
mod export;
mod format;
mod graph;
mod nova;
mod overview;
mod path;
mod table;

use clap::{CommandFactory, Parser, Subcommand};

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
    /// Draw the model as a Mermaid or Graphviz diagram, generated from the table.
    #[command(
        after_help = "Examples:\n  server-lifecycle graph --hide-common --loops-in-nodes > status.mmd\n  server-lifecycle graph --format dot --focus VERIFY_RESIZE | dot -Tsvg > verify.svg\n  server-lifecycle graph --layer nova --format dot --hide-common"
    )]
    Graph(graph::Args),
    /// Which requests each status allows (status x request), and the outcome rows.
    #[command(
        after_help = "Examples:\n  server-lifecycle table\n  server-lifecycle table --format json | jq '.statuses[] | select(.status == \"PAUSED\") | .allowed'"
    )]
    Table(table::Args),
    /// Everything about one status: description, Nova pairs, requests, outcomes, how to get there.
    #[command(
        after_help = "Examples:\n  server-lifecycle explain VERIFY_RESIZE\n  server-lifecycle explain SHUTOFF --format json | jq .requests"
    )]
    Explain(explain::Args),
    /// A shortest sequence of events from one status to another.
    ///
    /// Prefers a path a person can follow: deleting, the admin resets and lost or
    /// restored contact are used only when nothing else reaches TO. A step whose event
    /// may end elsewhere says so. Exit 0 with the steps, 1 when TO cannot be reached from
    /// FROM (e.g. anything from DELETED), 2 for an unknown status.
    #[command(
        after_help = "Examples:\n  server-lifecycle path BUILDING SHELVED_OFFLOADED\n  server-lifecycle path DELETED ACTIVE   # exit 1: unreachable\n  server-lifecycle path SHUTOFF PAUSED --format json"
    )]
    Path(path::Args),
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
        None => overview::run(&Cli::command()),
        Some(Command::Check(args)) => check::run(&args),
        Some(Command::Export) => export::run(),
        Some(Command::Graph(args)) => graph::run(&args),
        Some(Command::Table(args)) => table::run(&args),
        Some(Command::Explain(args)) => explain::run(&args),
        Some(Command::Path(args)) => path::run(&args),
        Some(Command::Nova(args)) => nova::run(&args),
    };
    if let Err(failure) = result {
        std::process::exit(failure.report());
    }
}

/// The result of a command: `Ok` exits 0.
type Outcome = Result<(), Failure>;
