//! `server-lifecycle export`: the model as one JSON document, as the library renders it.

use server_lifecycle::render;

use crate::Outcome;

pub fn run() -> Outcome {
    crate::exit::print(&format!("{}\n", render::export_json()))
}
