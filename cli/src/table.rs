//! `server-lifecycle table`: the allowed-request matrix and the outcome rows.

use serde_json::{json, Map, Value};
use server_lifecycle::{machine, render, table, Status, StatusSet};

use crate::format::{columns, name, nova_names, print_json, results_text, status_names};
use crate::Outcome;

/// Arguments of `table`.
#[derive(clap::Args)]
pub struct Args {
    /// Output: `text` (aligned, for a terminal), `markdown` (for docs) or `json` (for
    /// programs), e.g. `--format json`.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

/// An output format of `table`.
#[derive(Copy, Clone, clap::ValueEnum)]
enum Format {
    /// Aligned columns, request names written top to bottom.
    Text,
    /// Markdown tables.
    Markdown,
    /// One JSON document.
    Json,
}

pub fn run(args: &Args) -> Outcome {
    match args.format {
        Format::Text => crate::exit::print(&text()),
        Format::Markdown => crate::exit::print(&format!(
            "## Allowed requests\n\n{}\n## Outcomes\n\n{}",
            render::request_matrix_markdown(),
            render::outcome_table_markdown()
        )),
        Format::Json => print_json(&document()),
    }
}

/// The JSON document: `{"requests": [name], "statuses": [{"status", "kind", "allowed":
/// {request: [result]}}], "outcomes": [{"from", "event", "to": [result], "note",
/// "results": [result]}]}`, each status also in Nova's spelling under `nova_` + its key.
pub fn document() -> Value {
    let requests = machine::table_requests();
    let statuses: Vec<Value> = Status::ALL
        .iter()
        .map(|status| {
            let allowed_map = |names: fn(StatusSet) -> Value| -> Map<String, Value> {
                status
                    .allowed_requests()
                    .iter()
                    .filter_map(|request| {
                        let results = status.next(request).ok()?;
                        Some((request.as_str().to_owned(), names(results)))
                    })
                    .collect()
            };
            json!({
                "status": status.as_str(),
                "kind": status.kind().as_str(),
                "allowed": allowed_map(status_names),
                "nova_status": status.nova_name(),
                "nova_allowed": allowed_map(nova_names),
            })
        })
        .collect();
    let outcomes: Vec<Value> = table::transitions()
        .filter(|row| row.event().is_outcome())
        .map(|row| {
            json!({
                "from": row.from().as_str(),
                "event": row.event().as_str(),
                "to": status_names(row.to()),
                "note": row.note(),
                "results": status_names(row.to()),
                "nova_from": row.from().nova_name(),
                "nova_to": nova_names(row.to()),
                "nova_results": nova_names(row.to()),
            })
        })
        .collect();
    json!({
        "requests": requests.iter().map(|request| request.as_str()).collect::<Vec<_>>(),
        "statuses": statuses,
        "outcomes": outcomes,
    })
}

/// The matrix with request names written top to bottom, then the outcome rows.
fn text() -> String {
    let requests = machine::table_requests();
    let name_width = Status::ALL
        .iter()
        .map(|status| name(*status).len())
        .max()
        .unwrap_or(0);
    let tallest = requests
        .iter()
        .map(|request| request.as_str().len())
        .max()
        .unwrap_or(0);
    let mut out = String::from(
        "Allowed requests (x: the status allows the request; `server-lifecycle explain STATUS` says where each leads)\n\n",
    );
    for line in 0..tallest {
        let mut header = format!("{:name_width$}  ", "");
        for request in &requests {
            let letter = request.as_str().chars().nth(line).unwrap_or(' ');
            header.push(letter);
            header.push(' ');
        }
        out.push_str(header.trim_end());
        out.push('\n');
    }
    for status in Status::ALL {
        let mut line = format!("{:name_width$}  ", name(status));
        for request in &requests {
            line.push_str(if status.accepts(*request) { "x " } else { ". " });
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.push_str("\nOutcomes (reported by the control plane)\n\n");
    let mut rows = vec![vec![
        "FROM".to_owned(),
        "OUTCOME".to_owned(),
        "LEADS TO".to_owned(),
    ]];
    rows.extend(
        table::transitions()
            .filter(|row| row.event().is_outcome())
            .map(|row| {
                vec![
                    name(row.from()).to_owned(),
                    row.event().to_string(),
                    results_text(row.from(), row.to()),
                ]
            }),
    );
    out.push_str(&columns(&rows, "  "));
    out
}
