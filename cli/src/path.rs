//! `server-lifecycle path FROM TO`: a shortest sequence of events between two statuses.

use serde_json::{json, Value};
use server_lifecycle::{Status, Step};

use crate::exit::Failure;
use crate::format::TextOrJson as Format;
use crate::format::{columns, name, nova_names, print_json, status_list, status_names};
use crate::Outcome;

/// Arguments of `path`.
#[derive(clap::Args)]
pub struct Args {
    /// The status to start from, in any spelling, e.g. BUILDING or BUILD.
    from: Status,
    /// The status to reach, in any spelling, e.g. SHELVED_OFFLOADED.
    to: Status,
    /// Output: `text` (for people) or `json` (for programs), e.g. `--format json`.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

pub fn run(args: &Args) -> Outcome {
    let (from, to) = (args.from, args.to);
    let path = from.shortest_path_to(to);
    match args.format {
        Format::Text => crate::exit::print(&text(from, to, path.as_deref()))?,
        Format::Json => print_json(&document(from, to, path.as_deref()))?,
    }
    match path {
        Some(_) => Ok(()),
        None => Err(Failure::refused("")),
    }
}

/// The JSON document: `{"from", "to", "reachable", "steps": [{"from", "event", "to",
/// "other_results": [status]}] or null}`, each status also in Nova's spelling under
/// `nova_` + its key. `other_results` lists where the step's event may lead instead
/// (empty when the result is certain).
pub fn document(from: Status, to: Status, path: Option<&[Step]>) -> Value {
    json!({
        "from": from.as_str(),
        "nova_from": from.nova_name(),
        "to": to.as_str(),
        "nova_to": to.nova_name(),
        "reachable": path.is_some(),
        "steps": path.map(steps_json),
    })
}

/// Steps as JSON: `[{"from", "event", "to", "other_results": [status]}]` with the `nova_`
/// spellings, shared by `path` and `explain`.
pub fn steps_json(steps: &[Step]) -> Value {
    steps
        .iter()
        .map(|step| {
            json!({
                "from": step.from.as_str(),
                "event": step.event.as_str(),
                "to": step.to.as_str(),
                "other_results": status_names(other_results(step)),
                "nova_from": step.from.nova_name(),
                "nova_to": step.to.nova_name(),
                "nova_other_results": nova_names(other_results(step)),
            })
        })
        .collect()
}

/// Where a step's event may lead instead of the step's result.
fn other_results(step: &Step) -> server_lifecycle::StatusSet {
    step.from
        .next(step.event)
        .map(|results| results.without(step.to))
        .unwrap_or_default()
}

/// The answer for people.
fn text(from: Status, to: Status, path: Option<&[Step]>) -> String {
    let terminal = from.is_terminal();
    let (from, to) = (name(from), name(to));
    match path {
        None if terminal => {
            format!("{to} cannot be reached from {from}: {from} is terminal, nothing leaves it\n")
        }
        None => format!("{to} cannot be reached from {from}: no sequence of events leads there\n"),
        Some([]) => format!("{from} is already {to}: no event needed\n"),
        Some(steps) => {
            let count = steps.len();
            let noun = if count == 1 { "step" } else { "steps" };
            format!(
                "From {from} to {to} in {count} {noun}:\n{}",
                steps_text(steps)
            )
        }
    }
}

/// Numbered, aligned steps, noting where an event may lead elsewhere.
pub fn steps_text(steps: &[Step]) -> String {
    let rows: Vec<Vec<String>> = steps
        .iter()
        .enumerate()
        .map(|(index, step)| {
            let others = other_results(step);
            let mut row = vec![
                format!("{}.", index + 1),
                name(step.from).to_owned(),
                format!("--{}-->", step.event),
                name(step.to).to_owned(),
            ];
            if !others.is_empty() {
                row.push(format!("(may also end {})", status_list(others)));
            }
            row
        })
        .collect();
    columns(&rows, "  ")
}
