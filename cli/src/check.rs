//! `server-lifecycle check STATUS EVENT`.

use serde_json::json;
use server_lifecycle::{Event, Status};

use crate::exit::Failure;
use crate::format::TextOrJson as Format;
use crate::format::{name, nova_names, print_json, status_names};
use crate::Outcome;

/// Arguments of `check`.
#[derive(clap::Args)]
pub struct Args {
    /// The status the server is in, in any spelling (ACTIVE, SHUTOFF, stopped, ...).
    status: Status,
    /// The request or outcome, e.g. reboot_hard, confirm_resize, complete.
    event: Event,
    /// Output: `text` (one result per line) or `json` (`{"status", "event", "results"}`;
    /// a refusal prints an error object), e.g. `--format json`.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

pub fn run(args: &Args) -> Outcome {
    let results = args.status.next(args.event).map_err(Failure::refused)?;
    match args.format {
        Format::Text => {
            let lines: String = results
                .iter()
                .map(|result| format!("{}\n", name(result)))
                .collect();
            crate::exit::print(&lines)
        }
        Format::Json => print_json(&json!({
            "status": args.status.as_str(),
            "event": args.event.as_str(),
            "results": status_names(results),
            "nova_status": args.status.nova_name(),
            "nova_results": nova_names(results),
        })),
    }
}
