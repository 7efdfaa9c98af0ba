//! `docs/nova.md` embeds tables generated from the code (and, for the comparison with
//! Nova's own documentation, from `tests/data/nova-facts.json`). This test fails when
//! they drift; `SERVER_LIFECYCLE_BLESS=1 cargo test --test nova_docs` rewrites them.

mod util;

use serde_json::Value;
use server_lifecycle::nova::{VmState, VmStateSet};
use server_lifecycle::render;
use util::assert_generated_section;

const GUIDE: &str = "docs/nova.md";

/// The vm_state a name in Nova's `vm-states.rst` command table stands for.
fn doc_vm_state(name: &str) -> Option<VmState> {
    match name {
        "Shutoff" | "Stopped" => Some(VmState::Stopped),
        "Soft Deleted" => Some(VmState::SoftDeleted),
        other => VmState::parse(other).ok(),
    }
}

/// Nova's `vm-states.rst` command table, read from the facts: each command and the
/// vm_states the doc requires.
fn documented_commands() -> Vec<(String, VmStateSet)> {
    let facts: Value =
        serde_json::from_str(include_str!("data/nova-facts.json")).expect("valid facts");
    facts["vm_state_doc_command_table"]["rows"]
        .as_array()
        .expect("the facts list the doc's rows")
        .iter()
        .map(|row| {
            let command = row["command"].as_str().expect("a command name").to_owned();
            let documented: VmStateSet = row["req_vm_states"]
                .as_array()
                .expect("a list of vm_states")
                .iter()
                .filter_map(|name| doc_vm_state(name.as_str().expect("a vm_state name")))
                .collect();
            (command, documented)
        })
        .collect()
}

#[test]
fn generated_sections_of_the_nova_guide_are_up_to_date() {
    assert_generated_section(GUIDE, "status-map", &render::nova_status_map_markdown());
    assert_generated_section(GUIDE, "list-filter", &render::nova_list_filter_markdown());
    assert_generated_section(GUIDE, "guards", &render::nova_guard_table_markdown());
    assert_generated_section(GUIDE, "sequences", &render::nova_task_sequence_markdown());
    assert_generated_section(
        GUIDE,
        "doc-command-table",
        &render::nova_doc_comparison_markdown(&documented_commands()),
    );
}
