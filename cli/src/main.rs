//! `server-lifecycle`: answers questions about the server lifecycle model.
//!
//! Exit codes (a contract other tools rely on): 0 allowed / done, 1 refused / impossible,
//! 2 bad input.

mod assess;
mod audit;
mod check;
mod exit;
mod explain;
mod export;
mod format;
mod graph;
mod html;
mod install;
mod nova;
mod overview;
mod path;
mod plan;
mod settings_args;
mod table;
mod wait;

use clap::{CommandFactory, Parser, Subcommand};

use crate::exit::Failure;

/// Questions about a cloud server's lifecycle: statuses, events, legal moves.
#[derive(Parser)]
#[command(name = "server-lifecycle", version, long_version = install::long_version(), about, long_about = None)]
#[command(after_help = "Run without a command for an overview of the model.")]
struct Cli {
    /// Status names in text output: `spec` (the specification's: STOPPED, RESIZED) or
    /// `nova` (what Nova shows: SHUTOFF, RESIZE). Default `spec`, except `nova status`,
    /// which prints what Nova shows. JSON always carries both (`nova_...` keys).
    #[arg(long, global = true, value_enum, value_name = "SPELLING")]
    names: Option<format::Names>,
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
    /// What to wait for after REQUEST made in --from STATUS: which statuses mean pending,
    /// done, failed, or fail fast, for the cloud's settings.
    ///
    /// Exit 0 with the plan; a request the status refuses exits 1; bad input exits 2.
    #[command(
        after_help = "Examples:\n  server-lifecycle plan confirm_resize --from VERIFY_RESIZE\n  server-lifecycle plan resize --from ACTIVE --resize-confirm-window 3600 --format json\n  server-lifecycle plan shelve --from SHUTOFF --shelved-offload-time -1\n  server-lifecycle plan delete --from ACTIVE --reclaim-interval 86400"
    )]
    Plan(plan::Args),
    /// Audit observed histories (JSON Lines, one observation per line, `-` for stdin):
    /// each step is direct, explained by missed statuses, or impossible.
    ///
    /// Line format: {"server": ID, "status": S, "task_state": T, "at": TIME}
    /// (task_state and at optional; ID a string or an integer; servers interleaved), or
    /// any real tool's JSON, detected per line: Nova's {"server": {...}} and
    /// {"servers": [...]}, `openstack server show/list -f json --noindent`, openstacksdk's
    /// Server.to_dict(), and instance actions (`openstack server event list -f json`,
    /// Nova's os-instance-actions), which explain steps. Each step is printed as soon as
    /// its line is read; the summary comes last.
    /// Exit 0 when every step is explained, 1 when one is impossible, 2 on unreadable
    /// input (the message names the line).
    #[command(
        after_help = "Examples:\n  server-lifecycle audit examples/history.jsonl\n  tail -f polls.jsonl | server-lifecycle audit - --format json"
    )]
    Audit(audit::Args),
    /// Nova's detailed layer: the status of a (vm_state, task_state) pair, and whether an
    /// operation's guard accepts a state.
    #[command(
        after_help = "Examples:\n  server-lifecycle nova status active rebooting\n  \
        server-lifecycle nova check --vm-state stopped reboot_hard"
    )]
    Nova(nova::Args),
    /// The explorer: one self-contained HTML page (no network request) to click through
    /// the model: statuses, requests and plans, Nova's guards, paths.
    #[command(
        after_help = "Examples:\n  server-lifecycle html --out explorer.html\n  server-lifecycle html > docs/explorer.html"
    )]
    Html(html::Args),
    /// One verdict of the waiter on one observation, for shell scripts: done (exit 0),
    /// failed (exit 1) or keep waiting (exit 3); bad input exits 2.
    #[command(
        after_help = "Examples:\n  server-lifecycle assess stop --from ACTIVE --status ACTIVE --task-state powering-off\n  server-lifecycle assess rebuild --from SHUTOFF --status SHUTOFF --task-state none\n  server-lifecycle assess delete --from ACTIVE --not-found --format json"
    )]
    Assess(assess::Args),
    /// Wait for REQUEST: run COMMAND at each poll (its JSON: a Nova server body,
    /// `openstack server show -f json`, or a bare status word) until the verdict is final.
    ///
    /// Not found: COMMAND exits non-zero and prints "No server with a name or ID", "404"
    /// or "could not be found" (see --not-found-pattern, --not-found-exit). Prints one
    /// line per change of status or task. Exit 0 done, 1 failed, 3 timed out, 2 bad input
    /// or a poll command that cannot be run or read.
    #[command(
        after_help = "Examples:\n  server-lifecycle wait stop --from ACTIVE -- openstack server show web-1 -f json\n  server-lifecycle wait delete --from ACTIVE --timeout 600 -- openstack server show web-1 -f json"
    )]
    Wait(wait::Args),
    /// A shell completion script on stdout, generated from this command's definition.
    #[command(
        after_help = "Examples:\n  server-lifecycle completions bash > ~/.local/share/bash-completion/completions/server-lifecycle\n  server-lifecycle completions zsh > ~/.zfunc/_server-lifecycle\n  server-lifecycle completions fish > ~/.config/fish/completions/server-lifecycle.fish"
    )]
    Completions(install::CompletionsArgs),
    /// The manual page (roff) on stdout, or with --dir one page per command, generated
    /// from this command's definition.
    #[command(
        after_help = "Examples:\n  server-lifecycle man | man -l -\n  server-lifecycle man --dir ~/.local/share/man/man1"
    )]
    Man(install::ManArgs),
}

fn main() {
    let cli = Cli::try_parse().unwrap_or_else(|error| exit::exit_for_usage(&error));
    format::use_names(cli.names.unwrap_or_else(|| match &cli.command {
        Some(Command::Nova(args)) if args.shows_statuses() => format::Names::Nova,
        _ => format::Names::Spec,
    }));
    let result = match cli.command {
        None => overview::run(&Cli::command()),
        Some(Command::Check(args)) => check::run(&args),
        Some(Command::Export) => export::run(),
        Some(Command::Graph(args)) => graph::run(&args),
        Some(Command::Table(args)) => table::run(&args),
        Some(Command::Explain(args)) => explain::run(&args),
        Some(Command::Path(args)) => path::run(&args),
        Some(Command::Plan(args)) => plan::run(&args),
        Some(Command::Audit(args)) => audit::run(&args),
        Some(Command::Nova(args)) => nova::run(&args),
        Some(Command::Html(args)) => html::run(&args),
        Some(Command::Assess(args)) => assess::run(&args),
        Some(Command::Wait(args)) => wait::run(&args),
        Some(Command::Completions(args)) => install::completions(&args, Cli::command()),
        Some(Command::Man(args)) => install::man(&args, Cli::command()),
    };
    if let Err(failure) = result {
        std::process::exit(failure.report());
    }
}

/// The result of a command: `Ok` exits 0.
type Outcome = Result<(), Failure>;
