//! The renderings draw exactly the table: every status a node, every (row, result) an
//! edge, and the options remove exactly what they say.

use std::collections::BTreeSet;

use server_lifecycle::machine;
use server_lifecycle::nova::VmState;
use server_lifecycle::render::{self, DiagramOptions};
use server_lifecycle::{table, Event, EventKind, Status, StatusKind};

/// (from, event, to, kind) as strings, the way the diagrams spell them.
type Edge = (String, String, String, &'static str);

/// Every (row, result) of the table, optionally only for events `keep` accepts.
fn table_edges(keep: impl Fn(&table::Transition, Status) -> bool) -> BTreeSet<Edge> {
    table::transitions()
        .flat_map(|row| row.to().iter().map(move |to| (row, to)))
        .filter(|(row, to)| keep(row, *to))
        .map(|(row, to)| {
            (
                row.from().to_string(),
                row.event().to_string(),
                to.to_string(),
                row.event().kind().as_str(),
            )
        })
        .collect()
}

/// The edges of a DOT status diagram: `"A" -> "B" [label="x\ny", style=dashed ...];`.
fn dot_edges(dot: &str) -> BTreeSet<Edge> {
    let mut edges = BTreeSet::new();
    for line in dot.lines().map(str::trim) {
        let Some((ends, attributes)) = line.split_once(" [label=\"") else {
            continue;
        };
        let Some((from, to)) = ends.split_once(" -> ") else {
            continue;
        };
        if from == "start" {
            continue;
        }
        let (label, rest) = attributes.split_once('"').expect("a closed label");
        let kind = if rest.contains("style=dashed") {
            EventKind::Outcome.as_str()
        } else {
            EventKind::Request.as_str()
        };
        for event in label.split("\\n") {
            edges.insert((
                from.trim_matches('"').to_owned(),
                event.to_owned(),
                to.trim_matches('"').to_owned(),
                kind,
            ));
        }
    }
    edges
}

/// The edges of a Mermaid status diagram: `A -->|"x<br/>y"| B` or `A -.->|"x"| B`.
fn mermaid_edges(chart: &str) -> BTreeSet<Edge> {
    let mut edges = BTreeSet::new();
    for line in chart.lines().map(str::trim) {
        let (arrow, kind) = if line.contains(" -.->|") {
            (" -.->|\"", EventKind::Outcome.as_str())
        } else if line.contains(" -->|") {
            (" -->|\"", EventKind::Request.as_str())
        } else {
            continue;
        };
        let (from, rest) = line.split_once(arrow).expect("an arrow");
        if from.starts_with("start") {
            continue;
        }
        let (label, to) = rest.split_once("\"| ").expect("a label");
        for event in label.split("<br/>") {
            edges.insert((from.to_owned(), event.to_owned(), to.to_owned(), kind));
        }
    }
    edges
}

/// The node ids of a DOT status diagram.
fn dot_nodes(dot: &str) -> BTreeSet<String> {
    dot.lines()
        .map(str::trim)
        .filter(|line| line.starts_with('"') && !line.contains(" -> "))
        .map(|line| line[1..].split('"').next().unwrap_or_default().to_owned())
        .collect()
}

/// The node ids of a Mermaid status diagram (`ID(...)` lines with a class).
fn mermaid_nodes(chart: &str) -> BTreeSet<String> {
    chart
        .lines()
        .map(str::trim)
        .filter(|line| line.contains(":::") && !line.contains("-->") && !line.contains("-.->"))
        .map(|line| {
            line.split(|c: char| !(c.is_ascii_uppercase() || c == '_'))
                .next()
                .unwrap_or_default()
                .to_owned()
        })
        .collect()
}

fn all_status_names() -> BTreeSet<String> {
    Status::ALL.iter().map(ToString::to_string).collect()
}

#[test]
fn every_status_is_a_node_and_every_result_an_edge_in_the_full_diagrams() {
    let options = DiagramOptions::new();
    let dot = render::status_dot(&options);
    let mermaid = render::status_mermaid(&options);
    assert_eq!(dot_nodes(&dot), all_status_names());
    assert_eq!(mermaid_nodes(&mermaid), all_status_names());
    let expected = table_edges(|_, _| true);
    assert_eq!(dot_edges(&dot), expected);
    assert_eq!(mermaid_edges(&mermaid), expected);
}

#[test]
fn the_common_events_are_the_ones_every_status_has() {
    let common: Vec<Event> = machine::common_events().iter().collect();
    assert_eq!(
        common,
        [
            Event::Delete,
            Event::SoftDelete,
            Event::ForceDelete,
            Event::ResetStateActive,
            Event::ResetStateError,
            Event::ContactLost,
            Event::ContactRestored,
        ]
    );
}

#[test]
fn hiding_common_edges_removes_exactly_those() {
    let common = machine::common_events();
    let options = DiagramOptions::new().hide_common();
    let expected = table_edges(|row, _| !common.contains(row.event()));
    assert!(expected.len() < table_edges(|_, _| true).len());
    assert_eq!(dot_edges(&render::status_dot(&options)), expected);
    assert_eq!(mermaid_edges(&render::status_mermaid(&options)), expected);
    // Still every status, and the caption says what is missing.
    assert_eq!(dot_nodes(&render::status_dot(&options)), all_status_names());
    let dot = render::status_dot(&options);
    for event in common {
        assert!(dot.contains(event.as_str()), "the caption names {event}");
    }
}

#[test]
fn focus_keeps_only_the_edges_of_the_focused_status() {
    for focus in Status::ALL {
        let options = DiagramOptions::new().focus(focus);
        let name = focus.to_string();
        let expected = table_edges(|row, to| row.from() == focus || to == focus);
        assert_eq!(
            dot_edges(&render::status_dot(&options)),
            expected,
            "{focus}"
        );
        assert_eq!(
            mermaid_edges(&render::status_mermaid(&options)),
            expected,
            "{focus}"
        );
        let mut nodes: BTreeSet<String> = expected
            .iter()
            .flat_map(|(from, _, to, _)| [from.clone(), to.clone()])
            .collect();
        nodes.insert(name.clone());
        assert_eq!(dot_nodes(&render::status_dot(&options)), nodes, "{focus}");
        assert_eq!(
            mermaid_nodes(&render::status_mermaid(&options)),
            nodes,
            "{focus}"
        );
    }
}

#[test]
fn loops_in_nodes_moves_every_unchanged_status_request_into_its_box() {
    let options = DiagramOptions::new().loops_in_nodes();
    let dot = render::status_dot(&options);
    let drawn = dot_edges(&dot);
    assert!(drawn.iter().all(|(from, _, to, _)| from != to));
    assert_eq!(
        drawn,
        table_edges(|row, to| row.from() != to),
        "only the loops are gone"
    );
    for row in table::transitions().filter(|row| row.to().contains(row.from())) {
        let node = dot
            .lines()
            .find(|line| {
                line.trim()
                    .starts_with(&format!("\"{}\" [label=", row.from()))
            })
            .expect("a node line");
        let label = node.split('"').nth(3).unwrap_or_default();
        assert!(
            label.contains(row.event().as_str()),
            "{node} lacks {}",
            row.event()
        );
    }
}

#[test]
fn status_kinds_and_event_kinds_look_different() {
    let dot = render::status_dot(&DiagramOptions::new());
    let style_of = |status: Status| -> String {
        let line = dot
            .lines()
            .find(|line| line.trim().starts_with(&format!("\"{status}\" [label=")))
            .expect("a node line");
        // Everything after the label: shape, style and colours.
        line.split("\", ").skip(1).collect::<Vec<_>>().join(", ")
    };
    for a in StatusKind::ALL {
        for b in StatusKind::ALL {
            let (Some(sa), Some(sb)) = (
                Status::ALL.into_iter().find(|s| s.kind() == a),
                Status::ALL.into_iter().find(|s| s.kind() == b),
            ) else {
                continue;
            };
            assert_eq!(a == b, style_of(sa) == style_of(sb), "{a} vs {b}");
        }
    }
    let mermaid = render::status_mermaid(&DiagramOptions::new());
    for kind in StatusKind::ALL {
        assert!(
            mermaid.contains(&format!("classDef {kind} fill:")),
            "{kind}"
        );
    }
    // Requests solid, outcomes dashed: checked edge by edge above; both kinds occur.
    assert!(dot.contains("style=dashed"));
    assert!(mermaid.contains("-.->") && mermaid.contains("-->"));
}

#[test]
fn the_markdown_transition_table_has_one_line_per_row_with_its_results_and_note() {
    let markdown = render::transition_table_markdown();
    let lines: Vec<&str> = markdown.lines().skip(2).collect();
    assert_eq!(lines.len(), table::TRANSITIONS.len());
    for (line, row) in lines.iter().zip(table::transitions()) {
        assert!(
            line.starts_with(&format!(
                "| `{}` | `{}` | {} |",
                row.from(),
                row.event(),
                row.event().kind()
            )),
            "{line}"
        );
        for to in row.to() {
            assert!(line.contains(&format!("`{to}`")), "{line} lacks {to}");
        }
        assert!(line.ends_with(&format!(" {} |", row.note())), "{line}");
    }
    let outcomes = render::outcome_table_markdown();
    assert_eq!(
        outcomes.lines().count() - 2,
        table::transitions()
            .filter(|row| row.event().is_outcome())
            .count()
    );
}

#[test]
fn the_request_matrix_marks_exactly_the_allowed_requests() {
    let matrix = render::request_matrix_markdown();
    let requests = machine::table_requests();
    let header: Vec<&str> = matrix.lines().next().unwrap().split('|').collect();
    assert_eq!(header.len(), requests.len() + 3);
    for (status, line) in Status::ALL.iter().zip(matrix.lines().skip(2)) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        assert_eq!(cells[1], format!("`{status}`"));
        for (request, cell) in requests.iter().zip(&cells[2..]) {
            assert_eq!(*cell == "✓", status.accepts(*request), "{status} {request}");
        }
    }
    // Every request some status allows is a column; create applies to no status.
    for event in Event::ALL.into_iter().filter(|event| event.is_request()) {
        let used = Status::ALL.iter().any(|status| status.accepts(event));
        assert_eq!(requests.contains(&event), used, "{event}");
    }
}

#[test]
fn the_status_and_event_tables_list_every_one_with_its_description() {
    let statuses = render::status_table_markdown();
    for status in Status::ALL {
        assert!(statuses.contains(&format!(
            "| `{status}` | `{}` | {} | {} |",
            status.nova_name(),
            status.kind(),
            status.description()
        )));
    }
    let events = render::event_table_markdown();
    for event in Event::ALL {
        assert!(events.contains(&format!(
            "| `{event}` | {} | {} |",
            event.kind(),
            event.description()
        )));
    }
}

#[test]
fn the_nova_graph_has_every_vm_state_and_every_edge_of_novas_own_graph() {
    let dot = render::nova_dot(&DiagramOptions::new());
    let mermaid = render::nova_mermaid(&DiagramOptions::new());
    for vm_state in VmState::ALL {
        assert!(
            dot.contains(&format!("\"{vm_state}\" [label=")),
            "{vm_state}"
        );
        assert!(
            mermaid.contains(&format!("(\"{vm_state}\"):::")),
            "{vm_state}"
        );
    }
    let ours = render::vm_state_edges(&DiagramOptions::new());
    let facts: serde_json::Value =
        serde_json::from_str(include_str!("data/nova-facts.json")).expect("the facts parse");
    let theirs = facts["vm_state_graph_edges"].as_array().expect("edges");
    assert!(!theirs.is_empty());
    for edge in theirs {
        // Nova's graph names soft-delete's node soft_deleted.
        let parse = |name: &str| {
            VmState::parse(if name == "soft_deleted" {
                "soft-delete"
            } else {
                name
            })
            .expect("a vm_state")
        };
        let from = parse(edge["from"].as_str().expect("from"));
        let to = parse(edge["to"].as_str().expect("to"));
        assert!(
            ours.iter().any(|ours| ours.from == from && ours.to == to),
            "Nova's graph has {from} -> {to} ({}); the projection does not",
            edge["inferred_action"]
        );
    }
    // Every drawn edge is in the DOT, with all its events.
    for edge in &ours {
        let line = dot
            .lines()
            .find(|line| {
                line.trim()
                    .starts_with(&format!("\"{}\" -> \"{}\" ", edge.from, edge.to))
            })
            .unwrap_or_else(|| panic!("{} -> {} is not drawn", edge.from, edge.to));
        for event in edge.events {
            assert!(line.contains(event.as_str()), "{line} lacks {event}");
        }
    }
}

#[test]
fn the_nova_graph_hides_the_common_events_too() {
    let common = machine::common_events();
    for edge in render::vm_state_edges(&DiagramOptions::new().hide_common()) {
        assert!(edge.events.intersection(common).is_empty());
        assert!(!edge.events.is_empty());
    }
}
