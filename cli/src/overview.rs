//! `server-lifecycle` with no command: a short overview of the model.

use server_lifecycle::{table, Event, Status, StatusKind};

use crate::Outcome;

pub fn run(cli: &clap::Command) -> Outcome {
    crate::exit::print(&text(cli))
}

fn text(cli: &clap::Command) -> String {
    let mut out = String::new();
    out.push_str("server-lifecycle: the reference model of a cloud server's lifecycle\n\n");
    out.push_str(&format!(
        "A server is created with `{}` and starts in {}. {} statuses, {} events, {} transition rows:\n\
         one row per (status, event), listing every possible result; {} (status, event, result)\n\
         transitions in all, one per result, as `export` lists them.\n\n",
        table::CREATE,
        table::INITIAL,
        Status::COUNT,
        Event::COUNT,
        table::TRANSITIONS.len(),
        table::transitions().map(|row| row.to().len()).sum::<usize>()
    ));
    for kind in StatusKind::ALL {
        let names: Vec<String> = Status::ALL
            .iter()
            .filter(|status| status.kind() == kind)
            .map(|status| match status.nova_name() {
                nova if nova != status.as_str() => format!("{status} (Nova: {nova})"),
                _ => status.to_string(),
            })
            .collect();
        out.push_str(&format!("  {:<14} {}\n", kind.as_str(), names.join(", ")));
    }
    out.push_str("\nAsk for more (each command has --help with examples):\n");
    let commands: Vec<(String, String)> = cli
        .get_subcommands()
        .map(|command| {
            let about = command
                .get_about()
                .map(ToString::to_string)
                .unwrap_or_default();
            (format!("server-lifecycle {}", command.get_name()), about)
        })
        .collect();
    let width = commands
        .iter()
        .map(|(name, _)| name.len())
        .max()
        .unwrap_or(0);
    for (name, about) in commands {
        out.push_str(&format!("  {name:<width$}  {about}\n"));
    }
    out.push_str(&format!(
        "  {:<width$}  every command and flag\n",
        "server-lifecycle --help"
    ));
    out
}
