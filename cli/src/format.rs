//! Small helpers shared by the commands that explain the model: argument parsing,
//! aligned columns, wrapped text, JSON output.

use std::str::FromStr;
use std::sync::atomic::{AtomicBool, Ordering};

use serde_json::Value;
use server_lifecycle::{Event, Status, StatusSet, Verdict};

use crate::exit::ArgumentError;
use crate::Outcome;

/// `--format text|json`, shared by every command that offers exactly these two.
#[derive(Copy, Clone, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum TextOrJson {
    /// Aligned text for people.
    Text,
    /// One JSON document for programs.
    Json,
}

/// `--names`: which spelling of a status text output uses. JSON always carries both
/// (`K` the specification's, `nova_K` Nova's).
#[derive(Copy, Clone, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Names {
    /// The specification's names: STOPPED, RESIZED, BUILDING, RESCUED.
    Spec,
    /// What Nova shows (`openstack server show`): SHUTOFF, RESIZE, BUILD, RESCUE.
    Nova,
}

/// Whether text output uses Nova's spellings; set once by `main` from `--names`.
static NOVA_NAMES: AtomicBool = AtomicBool::new(false);

/// Sets the spelling text output uses (before any command runs).
pub fn use_names(names: Names) {
    NOVA_NAMES.store(names == Names::Nova, Ordering::Relaxed);
}

/// The name of a status in text output, as `--names` asks.
pub fn name(status: Status) -> &'static str {
    if nova_names_chosen() {
        status.nova_name()
    } else {
        status.as_str()
    }
}

/// Whether text output uses Nova's spellings (`--names nova`).
pub fn nova_names_chosen() -> bool {
    NOVA_NAMES.load(Ordering::Relaxed)
}

/// A waiter's verdict as one line, in the spelling `--names` chose.
pub fn verdict_line(verdict: Verdict) -> String {
    if nova_names_chosen() {
        verdict.nova_display().to_string()
    } else {
        verdict.to_string()
    }
}

/// Nova's spellings of a set of statuses, as JSON strings (the `nova_K` next to a `K`
/// that lists the canonical names).
pub fn nova_names(set: StatusSet) -> Value {
    set.iter()
        .map(|status| Value::from(status.nova_name()))
        .collect()
}

/// Prints a JSON document, pretty, with a final newline.
pub fn print_json(document: &Value) -> Outcome {
    crate::exit::print(&format!("{document:#}\n"))
}

/// The canonical names of a set of statuses, as JSON strings.
pub fn status_names(set: StatusSet) -> Value {
    set.iter()
        .map(|status| Value::from(status.as_str()))
        .collect()
}

/// `A, B, C` for a set of statuses, named as `--names` asks.
pub fn status_list(set: StatusSet) -> String {
    set.iter().map(name).collect::<Vec<_>>().join(", ")
}

/// The results of an event from `from`, for people: the names, or `any other status`
/// when the event can lead anywhere (restored contact).
pub fn results_text(from: Status, results: StatusSet) -> String {
    if results == StatusSet::FULL.without(from) {
        format!("any status but {}", name(from))
    } else {
        status_list(results)
    }
}

/// Rows of cells as aligned columns, each line starting with `indent`; the last column is
/// not padded.
pub fn columns(rows: &[Vec<String>], indent: &str) -> String {
    let count = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..count)
        .map(|column| {
            rows.iter()
                .filter_map(|row| row.get(column))
                .map(|cell| cell.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::from(indent);
        for (column, cell) in row.iter().enumerate() {
            if column + 1 == row.len() {
                line.push_str(cell);
            } else {
                line.push_str(&format!("{cell:<width$}  ", width = widths[column]));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// `text` wrapped at `width` characters, every line starting with `indent`.
pub fn wrap(text: &str, width: usize, indent: &str) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && indent.len() + line.len() + 1 + word.len() > width {
            out.push_str(indent);
            out.push_str(&line);
            out.push('\n');
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push_str(indent);
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// The width human output wraps at.
pub const WIDTH: usize = 92;

/// The request argument: an event name that must be a request, not an outcome.
#[derive(Copy, Clone, Debug)]
pub struct RequestArg(pub Event);

impl FromStr for RequestArg {
    type Err = ArgumentError;

    fn from_str(name: &str) -> Result<RequestArg, ArgumentError> {
        let event = Event::parse(name).map_err(ArgumentError::from)?;
        if event.is_request() {
            Ok(RequestArg(event))
        } else {
            Err(ArgumentError::new(format!(
                "{event} is an outcome, not a request; plans are for requests"
            )))
        }
    }
}
