//! The committed docs (docs/model.md's generated sections and docs/diagrams/*) are what the
//! code renders now. Regenerate them with `scripts/regenerate-docs`.

mod util;

use server_lifecycle::render::{self, DiagramOptions};

use util::{assert_generated, assert_generated_section};

/// The committed diagrams leave out the edges every status has and write unchanged-status
/// requests in the boxes, so they stay readable.
const COMMITTED: DiagramOptions = DiagramOptions::readable();

#[test]
fn status_diagram_mermaid_is_current() {
    assert_generated(
        "docs/diagrams/status.mmd",
        &render::status_mermaid(&COMMITTED),
    );
}

#[test]
fn status_diagram_dot_is_current() {
    assert_generated("docs/diagrams/status.dot", &render::status_dot(&COMMITTED));
}

#[test]
fn nova_vm_state_diagrams_are_current() {
    assert_generated(
        "docs/diagrams/nova-vm-states.dot",
        &render::nova_dot(&COMMITTED),
    );
    assert_generated(
        "docs/diagrams/nova-vm-states.mmd",
        &render::nova_mermaid(&COMMITTED),
    );
}

#[test]
fn model_guide_embeds_the_current_diagram_and_tables() {
    let caption: String = render::diagram_caption(&COMMITTED)
        .iter()
        .map(|line| format!("*{line}.*<br>\n"))
        .collect();
    let diagram = format!(
        "{caption}\n```mermaid\n{}```\n",
        render::status_mermaid(&COMMITTED)
    );
    assert_generated_section("docs/model.md", "status-diagram", &diagram);
    assert_generated_section(
        "docs/model.md",
        "statuses",
        &render::status_table_markdown(),
    );
    assert_generated_section("docs/model.md", "events", &render::event_table_markdown());
    assert_generated_section(
        "docs/model.md",
        "transition-table",
        &render::transition_table_markdown(),
    );
    assert_generated_section(
        "docs/model.md",
        "request-matrix",
        &render::request_matrix_markdown(),
    );
}

#[test]
fn the_guide_names_every_status_and_event() {
    if std::env::var_os(util::BLESS).is_some() {
        // Another test is rewriting the guide; the next plain run checks it.
        return;
    }
    let guide = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/model.md"))
        .expect("docs/model.md exists");
    for status in server_lifecycle::Status::ALL {
        assert!(
            guide.contains(&format!("`{status}`")),
            "{status} is missing"
        );
    }
    for event in server_lifecycle::Event::ALL {
        assert!(guide.contains(&format!("`{event}`")), "{event} is missing");
    }
}
