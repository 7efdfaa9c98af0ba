//! `server-lifecycle export`: the model as one JSON document.

use serde_json::{json, Value};
use server_lifecycle::{table, Event, Status};

use crate::Outcome;

pub fn run() -> Outcome {
    crate::exit::print(&format!("{:#}\n", document()))
}

/// The export document. Its shape is a contract: add fields, never rename.
pub fn document() -> Value {
    let statuses: Vec<Value> = Status::ALL
        .iter()
        .map(|status| {
            json!({
                "name": status.as_str(),
                "nova_name": status.nova_name(),
                "kind": status.kind().as_str(),
                "description": status.description(),
            })
        })
        .collect();
    let events: Vec<Value> = Event::ALL
        .iter()
        .map(|event| {
            json!({
                "name": event.as_str(),
                "kind": event.kind().as_str(),
                "description": event.description(),
            })
        })
        .collect();
    let transitions: Vec<Value> = table::transitions()
        .flat_map(|row| {
            row.to().iter().map(move |to| {
                json!({
                    "from": row.from().as_str(),
                    "event": row.event().as_str(),
                    "to": to.as_str(),
                })
            })
        })
        .collect();
    json!({
        "initial": { "event": table::CREATE.as_str(), "status": table::INITIAL.as_str() },
        "statuses": statuses,
        "events": events,
        "transitions": transitions,
        "nova": crate::nova::export(),
    })
}
