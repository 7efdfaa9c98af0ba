//! Small helpers shared by the commands that explain the model: argument parsing,
//! aligned columns, wrapped text, JSON output.

use serde_json::Value;
use server_lifecycle::{Status, StatusSet};

use crate::Outcome;

/// `--format text|json`, shared by every command that offers exactly these two.
#[derive(Copy, Clone, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum TextOrJson {
    /// Aligned text for people.
    Text,
    /// One JSON document for programs.
    Json,
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

/// `A, B, C` for a set of statuses.
pub fn status_list(set: StatusSet) -> String {
    set.iter()
        .map(Status::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The results of an event from `from`, for people: the names, or `any other status`
/// when the event can lead anywhere (restored contact).
pub fn results_text(from: Status, results: StatusSet) -> String {
    if results == StatusSet::FULL.without(from) {
        format!("any status but {from}")
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
