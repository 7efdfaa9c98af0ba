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

/// The edges of a DOT source, as (from, to) node names without quotes.
fn dot_edges(dot: &str) -> Vec<(String, String)> {
    let mut edges: Vec<(String, String)> = dot
        .lines()
        .filter_map(|line| {
            let (from, rest) = line.trim().split_once(" -> ")?;
            let to = rest.split([' ', ';']).next()?;
            Some((
                from.trim_matches('"').to_owned(),
                to.trim_matches('"').to_owned(),
            ))
        })
        .collect();
    edges.sort();
    edges
}

/// The edges Graphviz drew into an SVG: its `<title>from&#45;&gt;to</title>` elements.
fn svg_edges(svg: &str) -> Vec<(String, String)> {
    let mut edges: Vec<(String, String)> = svg
        .split("<title>")
        .skip(1)
        .filter_map(|rest| {
            let title = rest.split("</title>").next()?;
            let (from, to) = title.split_once("&#45;&gt;")?;
            let decode = |name: &str| name.replace("&#45;", "-");
            Some((decode(from), decode(to)))
        })
        .collect();
    edges.sort();
    edges
}

/// CI has no Graphviz, so the SVGs cannot be re-rendered there; instead, every committed
/// SVG must draw exactly the edges of its committed DOT source (which the tests above tie
/// to the code). A table change that moves an edge and leaves a stale picture fails here.
#[test]
fn committed_svgs_draw_the_committed_dot_sources() {
    for name in ["status", "nova-vm-states"] {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/diagrams");
        let dot = std::fs::read_to_string(dir.join(format!("{name}.dot"))).expect("dot source");
        let svg = std::fs::read_to_string(dir.join(format!("{name}.svg"))).expect("svg");
        let expected = dot_edges(&dot);
        assert!(!expected.is_empty(), "{name}.dot has no edges");
        assert_eq!(
            svg_edges(&svg),
            expected,
            "docs/diagrams/{name}.svg is stale: run scripts/regenerate-docs"
        );
    }
}
