//! `server-lifecycle` with no command: a short overview of the model.

use server_lifecycle::{table, Event, Status, StatusKind};

use crate::Outcome;

pub fn run() -> Outcome {
    crate::exit::print(&text())
}

fn text() -> String {
    let mut out = String::new();
    out.push_str("server-lifecycle: the reference model of a cloud server's lifecycle\n\n");
    out.push_str(&format!(
        "A server is created with `{}` and starts in {}. {} statuses, {} events, {} transition rows.\n\n",
        table::CREATE,
        table::INITIAL,
        Status::COUNT,
        Event::COUNT,
        table::TRANSITIONS.len()
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
    out.push_str("\nAsk for more:\n");
    out.push_str("  server-lifecycle check STATUS EVENT   is EVENT allowed in STATUS, and where does it lead?\n");
    out.push_str("  server-lifecycle export               the whole model as JSON\n");
    out.push_str("  server-lifecycle --help               every command\n");
    out
}
