//! Markdown tables: the transition table and the allowed-request matrix.

use core::fmt::Write;

use crate::table::TRANSITIONS;
use crate::{Event, Status};

/// The transition table as Markdown: one line per row of
/// [`TRANSITIONS`](crate::table::TRANSITIONS), in table order, with the event's kind, every
/// result and the row's note.
///
/// # Examples
///
/// ```
/// let table = server_lifecycle::render::transition_table_markdown();
/// assert!(table.starts_with("| From | Event | Kind | To | Note |\n"));
/// assert!(table.contains("| `SOFT_DELETED` | `restore` | request | `ACTIVE` |  |\n"));
/// ```
#[must_use]
pub fn transition_table_markdown() -> String {
    rows_markdown(|_| true)
}

/// The outcome rows of the transition table as Markdown (same columns as
/// [`transition_table_markdown`]): how tasks end and what the control plane reports.
///
/// # Examples
///
/// ```
/// let outcomes = server_lifecycle::render::outcome_table_markdown();
/// assert!(outcomes.contains("| `BUILDING` | `complete` | outcome | `ACTIVE` |"));
/// assert!(!outcomes.contains("`reboot`"));
/// ```
#[must_use]
pub fn outcome_table_markdown() -> String {
    rows_markdown(Event::is_outcome)
}

/// The rows whose event passes `keep`, as a Markdown table.
fn rows_markdown(keep: fn(Event) -> bool) -> String {
    let mut out = String::from("| From | Event | Kind | To | Note |\n|---|---|---|---|---|\n");
    for row in TRANSITIONS.iter().filter(|row| keep(row.event())) {
        let to: Vec<String> = row.to().iter().map(|to| format!("`{to}`")).collect();
        let _ = writeln!(
            out,
            "| `{}` | `{}` | {} | {} | {} |",
            row.from(),
            row.event(),
            row.event().kind(),
            to.join(", "),
            row.note().replace('|', "\\|")
        );
    }
    out
}

/// The allowed-request matrix as Markdown: one line per status, one column per request
/// ([`machine::table_requests`](crate::machine::table_requests)), `✓` where the status
/// allows the request.
///
/// # Examples
///
/// ```
/// let matrix = server_lifecycle::render::request_matrix_markdown();
/// let deleted = matrix.lines().find(|line| line.starts_with("| `DELETED`")).unwrap();
/// assert!(!deleted.contains('✓'));
/// ```
#[must_use]
pub fn request_matrix_markdown() -> String {
    let requests = crate::machine::table_requests();
    let mut out = String::from("| Status |");
    for request in &requests {
        let _ = write!(out, " `{request}` |");
    }
    out.push_str("\n|---|");
    for _ in &requests {
        out.push_str(":---:|");
    }
    out.push('\n');
    for status in Status::ALL {
        let _ = write!(out, "| `{status}` |");
        for request in &requests {
            out.push_str(if status.accepts(*request) {
                " ✓ |"
            } else {
                "  |"
            });
        }
        out.push('\n');
    }
    out
}

/// Every status as a Markdown table: canonical name, Nova's spelling, kind and the
/// specification's description, in the order of [`Status::ALL`].
///
/// # Examples
///
/// ```
/// let statuses = server_lifecycle::render::status_table_markdown();
/// assert!(statuses.contains("| `STOPPED` | `SHUTOFF` | stable |"));
/// ```
#[must_use]
pub fn status_table_markdown() -> String {
    let mut out = String::from("| Status | Nova | Kind | Description |\n|---|---|---|---|\n");
    for status in Status::ALL {
        let _ = writeln!(
            out,
            "| `{}` | `{}` | {} | {} |",
            status,
            status.nova_name(),
            status.kind(),
            status.description().replace('|', "\\|")
        );
    }
    out
}

/// Every event as a Markdown table: name, kind (request or outcome) and description, in
/// the order of [`Event::ALL`].
///
/// # Examples
///
/// ```
/// let events = server_lifecycle::render::event_table_markdown();
/// assert!(events.contains("| `reclaim` | outcome |"));
/// ```
#[must_use]
pub fn event_table_markdown() -> String {
    let mut out = String::from("| Event | Kind | Description |\n|---|---|---|\n");
    for event in Event::ALL {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} |",
            event,
            event.kind(),
            event.description().replace('|', "\\|")
        );
    }
    out
}
