//! `server-lifecycle explain STATUS`: everything the model knows about one status.

use serde_json::{json, Value};
use server_lifecycle::nova::{pairs_showing, TaskState, VmState};
use server_lifecycle::table::{self, Transition};
use server_lifecycle::{Status, Step};

use crate::format::TextOrJson as Format;
use crate::format::{
    columns, name, nova_names, print_json, results_text, status_names, wrap, WIDTH,
};
use crate::Outcome;

/// Arguments of `explain`.
#[derive(clap::Args)]
pub struct Args {
    /// The status, in any spelling (VERIFY_RESIZE, SHUTOFF, stopped, ...).
    status: Status,
    /// Output: `text` (for people) or `json` (for programs), e.g. `--format json`.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

pub fn run(args: &Args) -> Outcome {
    let status = args.status;
    match args.format {
        Format::Text => crate::exit::print(&text(status)),
        Format::Json => print_json(&document(status)),
    }
}

/// The rows that leave `status`, requests or outcomes.
fn rows_from(status: Status, requests: bool) -> impl Iterator<Item = &'static Transition> {
    table::transitions()
        .filter(move |row| row.from() == status && row.event().is_request() == requests)
}

/// The rows that lead into `status` from another status.
fn rows_into(status: Status) -> impl Iterator<Item = &'static Transition> {
    table::transitions().filter(move |row| row.from() != status && row.to().contains(status))
}

/// How a server usually gets to `status`: a shortest path from the initial status.
fn path_from_initial(status: Status) -> Option<Vec<Step>> {
    table::INITIAL.shortest_path_to(status)
}

/// The JSON document: `{"name", "nova_name", "kind", "description", "nova_pairs":
/// [{"vm_state", "task_state"}], "requests": [{"event", "to", "note", "results"}],
/// "outcomes": [...], "incoming": [{"from", "event", "note"}], "path_from_initial":
/// [{"from", "event", "to", "other_results"}] or null}`, each status also in Nova's
/// spelling under `nova_` + its key. `results` is the result set (`to` is the same, kept).
pub fn document(status: Status) -> Value {
    let transition = |row: &Transition| {
        json!({
            "event": row.event().as_str(),
            "to": status_names(row.to()),
            "note": row.note(),
            "results": status_names(row.to()),
            "nova_to": nova_names(row.to()),
            "nova_results": nova_names(row.to()),
        })
    };
    let pairs: Vec<Value> = pairs_showing(status)
        .map(|(vm_state, task_state)| {
            json!({
                "vm_state": vm_state.as_str(),
                "task_state": task_state.map(TaskState::as_str),
            })
        })
        .collect();
    let incoming: Vec<Value> = rows_into(status)
        .map(|row| {
            json!({
                "from": row.from().as_str(),
                "event": row.event().as_str(),
                "note": row.note(),
                "nova_from": row.from().nova_name(),
            })
        })
        .collect();
    let path = path_from_initial(status).map(|steps| crate::path::steps_json(&steps));
    json!({
        "name": status.as_str(),
        "nova_name": status.nova_name(),
        "kind": status.kind().as_str(),
        "description": status.description(),
        "nova_pairs": pairs,
        "requests": rows_from(status, true).map(transition).collect::<Vec<_>>(),
        "outcomes": rows_from(status, false).map(transition).collect::<Vec<_>>(),
        "incoming": incoming,
        "path_from_initial": path,
    })
}

/// The explanation for people.
fn text(status: Status) -> String {
    let mut out = format!("{} ({})\n", name(status), status.kind());
    out.push_str(&wrap(status.description(), WIDTH, "  "));
    out.push('\n');
    let nova = if status.nova_name() == status.as_str() {
        format!("{} (same as the specification)", status.nova_name())
    } else {
        format!("{} (the specification says {status})", status.nova_name())
    };
    out.push_str(&columns(&[vec!["Nova shows it as".to_owned(), nova]], ""));
    out.push_str(&nova_pairs_text(status));
    out.push_str(&rows_text(
        "Requests allowed here, and where each leads",
        status,
        rows_from(status, true),
        "none: nothing can be asked of a server in this status",
    ));
    out.push_str(&rows_text(
        "Outcomes that can end or change it",
        status,
        rows_from(status, false),
        "none",
    ));
    out.push_str(&incoming_text(status));
    out
}

/// Which (vm_state, task_state) pairs show the status, grouped by vm_state.
fn nova_pairs_text(status: Status) -> String {
    let pairs: Vec<(VmState, Option<TaskState>)> = pairs_showing(status).collect();
    let mut out = String::from("\nShown for (vm_state, task_state)\n");
    if pairs.is_empty() {
        out.push_str(&wrap(
            "no pair: Nova shows it when the server's cell cannot be reached or its record has a vm_state Nova does not know",
            WIDTH,
            "  ",
        ));
        return out;
    }
    let mut rows = Vec::new();
    for vm_state in VmState::ALL {
        let tasks: Vec<Option<TaskState>> = pairs
            .iter()
            .filter(|(pair_vm, _)| *pair_vm == vm_state)
            .map(|(_, task)| *task)
            .collect();
        if !tasks.is_empty() {
            rows.push(vec![vm_state.as_str().to_owned(), task_list(&tasks)]);
        }
    }
    let width = rows.iter().map(|row| row[0].len()).max().unwrap_or(0);
    for row in rows {
        let lead = format!("  {:width$}  ", row[0]);
        let wrapped = wrap(&row[1], WIDTH, &" ".repeat(lead.len()));
        out.push_str(&lead);
        out.push_str(wrapped.trim_start());
    }
    out
}

/// `no task, a, b` or, when most task_states show it, `no task or any task_state but a, b`.
fn task_list(tasks: &[Option<TaskState>]) -> String {
    let named: Vec<TaskState> = tasks.iter().flatten().copied().collect();
    let none = if tasks.contains(&None) { "no task" } else { "" };
    if named.len() * 2 > TaskState::COUNT {
        let missing: Vec<&str> = TaskState::ALL
            .into_iter()
            .filter(|task| !named.contains(task))
            .map(TaskState::as_str)
            .collect();
        let any = if missing.is_empty() {
            "any task_state".to_owned()
        } else {
            format!("any task_state but {}", missing.join(", "))
        };
        return if none.is_empty() {
            any
        } else {
            format!("{none}, or {any}")
        };
    }
    let mut names: Vec<&str> = Vec::new();
    if !none.is_empty() {
        names.push(none);
    }
    names.extend(named.iter().map(|task| task.as_str()));
    names.join(", ")
}

/// A section of rows: event, results, and the note where there are several results.
fn rows_text<'a>(
    title: &str,
    status: Status,
    rows: impl Iterator<Item = &'a Transition>,
    none: &str,
) -> String {
    let rows: Vec<&Transition> = rows.collect();
    let mut out = format!("\n{title}\n");
    if rows.is_empty() {
        out.push_str(&format!("  {none}\n"));
        return out;
    }
    let width = rows
        .iter()
        .map(|row| row.event().as_str().len())
        .max()
        .unwrap_or(0);
    for row in rows {
        out.push_str(&format!(
            "  {:width$}  -> {}\n",
            row.event().as_str(),
            results_text(status, row.to())
        ));
        if row.to().len() > 1 && !row.note().is_empty() {
            out.push_str(&wrap(row.note(), WIDTH, &" ".repeat(width + 7)));
        }
    }
    out
}

/// Where servers come from: the incoming rows and a shortest path from the start.
fn incoming_text(status: Status) -> String {
    let mut out = String::from("\nHow a server gets here\n");
    let mut rows: Vec<Vec<String>> = Vec::new();
    for from in Status::ALL {
        let events: Vec<&str> = rows_into(status)
            .filter(|row| row.from() == from)
            .map(|row| row.event().as_str())
            .collect();
        if !events.is_empty() {
            rows.push(vec![format!("from {}", name(from)), events.join(", ")]);
        }
    }
    if status == table::INITIAL {
        rows.insert(
            0,
            vec![
                "a new server".to_owned(),
                format!("{} (every server starts here)", table::CREATE),
            ],
        );
    }
    out.push_str(&columns(&rows, "  "));
    match path_from_initial(status) {
        Some(steps) if steps.is_empty() => {}
        Some(steps) => {
            out.push_str(&format!(
                "\nShortest path from {} (`server-lifecycle path`)\n",
                name(table::INITIAL)
            ));
            out.push_str(&crate::path::steps_text(&steps));
        }
        None => out.push_str(&format!("\n  unreachable from {}\n", name(table::INITIAL))),
    }
    out
}
