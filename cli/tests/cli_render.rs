//! The commands that explain the model: graph, table, explain, path. Real output is
//! checked against the library, not just exit codes.

mod util;

use serde_json::Value;
use server_lifecycle::machine;
use server_lifecycle::render::{self, DiagramOptions};
use server_lifecycle::{table, Status};
use util::{run, stderr, stdout};

#[track_caller]
fn json(args: &[&str]) -> Value {
    let output = run(args);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    serde_json::from_str(&stdout(&output)).expect("one JSON document")
}

#[test]
fn graph_prints_the_library_rendering_for_every_combination() {
    let cases: [(&[&str], String); 6] = [
        (&["graph"], render::status_mermaid(&DiagramOptions::new())),
        (
            &["graph", "--format", "dot"],
            render::status_dot(&DiagramOptions::new()),
        ),
        (
            &["graph", "--hide-common", "--loops-in-nodes"],
            render::status_mermaid(&DiagramOptions::readable()),
        ),
        (
            &["graph", "--format", "dot", "--focus", "shutoff"],
            render::status_dot(&DiagramOptions::new().focus(Status::Stopped)),
        ),
        (
            &["graph", "--layer", "nova", "--format", "dot"],
            render::nova_dot(&DiagramOptions::new()),
        ),
        (
            &["graph", "--layer", "nova", "--hide-common"],
            render::nova_mermaid(&DiagramOptions::new().hide_common()),
        ),
    ];
    for (args, expected) in cases {
        let output = run(args);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            stderr(&output)
        );
        assert_eq!(stdout(&output), expected, "{args:?}");
    }
}

#[test]
fn graph_rejects_bad_input_with_exit_2() {
    let output = run(&["graph", "--focus", "DELETING"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains(r#"unknown status "DELETING""#));
    let output = run(&["graph", "--layer", "nova", "--focus", "ACTIVE"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "server-lifecycle: error: --focus takes a status and applies to --layer status only\n"
    );
    assert_eq!(run(&["graph", "--format", "png"]).status.code(), Some(2));
}

#[test]
fn graph_help_says_what_hide_common_hides() {
    let help = stdout(&run(&["graph", "--help"]));
    for event in machine::common_events() {
        assert!(help.contains(event.as_str()), "{event}");
    }
    assert!(help.contains("Examples:"));
}

#[test]
fn table_json_has_the_matrix_and_the_outcome_rows() {
    let document = json(&["table", "--format", "json"]);
    let requests: Vec<&str> = document["requests"]
        .as_array()
        .expect("requests")
        .iter()
        .map(|request| request.as_str().expect("a name"))
        .collect();
    let expected: Vec<&str> = machine::table_requests()
        .iter()
        .map(|request| request.as_str())
        .collect();
    assert_eq!(requests, expected);
    let statuses = document["statuses"].as_array().expect("statuses");
    assert_eq!(statuses.len(), Status::COUNT);
    for (entry, status) in statuses.iter().zip(Status::ALL) {
        assert_eq!(entry["status"], status.as_str());
        assert_eq!(entry["kind"], status.kind().as_str());
        let allowed = entry["allowed"].as_object().expect("allowed");
        assert_eq!(allowed.len(), status.allowed_requests().len(), "{status}");
        for request in status.allowed_requests() {
            let results: Vec<&str> = allowed[request.as_str()]
                .as_array()
                .expect("results")
                .iter()
                .map(|result| result.as_str().expect("a status"))
                .collect();
            let expected: Vec<&str> = status
                .next(request)
                .expect("allowed")
                .iter()
                .map(Status::as_str)
                .collect();
            assert_eq!(results, expected, "{status} {request}");
        }
    }
    let outcomes = document["outcomes"].as_array().expect("outcomes");
    let rows: Vec<_> = table::transitions()
        .filter(|row| row.event().is_outcome())
        .collect();
    assert_eq!(outcomes.len(), rows.len());
    for (entry, row) in outcomes.iter().zip(rows) {
        assert_eq!(entry["from"], row.from().as_str());
        assert_eq!(entry["event"], row.event().as_str());
        assert_eq!(entry["to"].as_array().map(Vec::len), Some(row.to().len()));
        assert_eq!(entry["note"], row.note());
    }
}

#[test]
fn table_text_is_aligned_and_marks_the_allowed_requests() {
    let text = stdout(&run(&["table"]));
    let requests = machine::table_requests();
    for status in Status::ALL {
        let line = text
            .lines()
            .find(|line| line.split_whitespace().next() == Some(status.as_str()))
            .unwrap_or_else(|| panic!("no row for {status}"));
        let marks: Vec<&str> = line.split_whitespace().skip(1).collect();
        assert_eq!(marks.len(), requests.len(), "{line}");
        for (mark, request) in marks.iter().zip(&requests) {
            assert_eq!(*mark == "x", status.accepts(*request), "{status} {request}");
        }
        // Aligned: the marks start in the same column on every row.
        assert_eq!(
            line.find(['x', '.']),
            text.lines()
                .find(|l| l.starts_with("ACTIVE "))
                .and_then(|l| l.find(['x', '.'])),
            "{line}"
        );
    }
    assert!(text.contains("Outcomes"));
    assert!(text.contains("SOFT_DELETED       reclaim           DELETED"));
}

#[test]
fn table_markdown_is_the_library_tables() {
    let text = stdout(&run(&["table", "--format", "markdown"]));
    assert!(text.contains(&render::request_matrix_markdown()));
    assert!(text.contains(&render::outcome_table_markdown()));
}

#[test]
fn explain_works_for_every_status() {
    for status in Status::ALL {
        let output = run(&["explain", status.as_str()]);
        assert_eq!(output.status.code(), Some(0), "{status}");
        let text = stdout(&output);
        assert!(
            text.starts_with(&format!("{status} ({})\n", status.kind())),
            "{text}"
        );
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains(status.description()), "{status}: description");
        assert!(flat.contains(status.nova_name()), "{status}: nova name");
        for request in status.allowed_requests() {
            let results = status.next(request).expect("allowed");
            let line = format!(
                "{request} -> {}",
                results
                    .iter()
                    .map(Status::as_str)
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            assert!(flat.contains(&line), "{status}: {line}");
        }
        for outcome in status.possible_outcomes() {
            assert!(
                flat.contains(&format!("{outcome} -> ")),
                "{status}: {outcome}"
            );
        }
        if status.allowed_requests().is_empty() {
            assert!(flat.contains("none: nothing can be asked"), "{status}");
        }
    }
}

#[test]
fn explain_json_has_the_documented_shape_for_every_status() {
    for status in Status::ALL {
        let document = json(&["explain", status.nova_name(), "--format", "json"]);
        assert_eq!(document["name"], status.as_str());
        assert_eq!(document["nova_name"], status.nova_name());
        assert_eq!(document["kind"], status.kind().as_str());
        assert_eq!(document["description"], status.description());
        let pairs = document["nova_pairs"].as_array().expect("pairs");
        assert_eq!(
            pairs.len(),
            server_lifecycle::nova::pairs_showing(status).count()
        );
        for pair in pairs {
            let vm_state = pair["vm_state"].as_str().expect("vm_state");
            let task_state = pair["task_state"].as_str();
            assert_eq!(
                server_lifecycle::nova::status_of_record(vm_state, task_state, false),
                status
            );
        }
        let requests = document["requests"].as_array().expect("requests");
        assert_eq!(requests.len(), status.allowed_requests().len());
        for entry in requests {
            let event = server_lifecycle::Event::parse(entry["event"].as_str().unwrap()).unwrap();
            assert_eq!(
                entry["to"].as_array().map(Vec::len),
                Some(status.next(event).unwrap().len())
            );
            assert!(entry["note"].is_string());
        }
        let outcomes = document["outcomes"].as_array().expect("outcomes");
        assert_eq!(outcomes.len(), status.possible_outcomes().len());
        assert!(document["incoming"].is_array());
        let path = &document["path_from_initial"];
        let steps = path
            .as_array()
            .expect("every status is reachable from BUILDING");
        match steps.last() {
            Some(last) => assert_eq!(last["to"], status.as_str()),
            None => assert_eq!(status, table::INITIAL),
        }
    }
}

#[test]
fn explain_unknown_status_exits_2() {
    let output = run(&["explain", "DELETING"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).starts_with(
        "server-lifecycle: error: unknown status \"DELETING\"; expected one of: ACTIVE, "
    ));
}

#[test]
fn path_finds_a_followable_shortest_path() {
    let output = run(&["path", "BUILDING", "VERIFY_RESIZE"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        stdout(&output),
        "From BUILDING to VERIFY_RESIZE in 3 steps:\n\
         \x20 1.  BUILDING  --complete-->  ACTIVE\n\
         \x20 2.  ACTIVE    --resize-->    RESIZED\n\
         \x20 3.  RESIZED   --complete-->  VERIFY_RESIZE\n"
    );
    let output = run(&["path", "ACTIVE", "SHELVED_OFFLOADED"]);
    assert_eq!(
        stdout(&output),
        "From ACTIVE to SHELVED_OFFLOADED in 1 step:\n\
         \x20 1.  ACTIVE  --shelve-->  SHELVED_OFFLOADED  (may also end SHELVED)\n"
    );
}

#[test]
fn path_from_deleted_is_unreachable_with_exit_1() {
    for status in Status::ALL.into_iter().filter(|s| *s != Status::Deleted) {
        let output = run(&["path", "DELETED", status.as_str()]);
        assert_eq!(output.status.code(), Some(1), "{status}");
        assert_eq!(
            stdout(&output),
            format!(
                "{status} cannot be reached from DELETED: DELETED is terminal, nothing leaves it\n"
            )
        );
    }
    let output = run(&["path", "deleted", "active", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let document: Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    assert_eq!(
        document,
        serde_json::json!({"from": "DELETED", "to": "ACTIVE", "reachable": false, "steps": null,
            "nova_from": "DELETED", "nova_to": "ACTIVE"})
    );
}

#[test]
fn path_json_steps_chain_and_are_rows_of_the_table() {
    for from in Status::ALL {
        for to in Status::ALL {
            if from.is_terminal() {
                continue;
            }
            let document = json(&["path", from.as_str(), to.as_str(), "--format", "json"]);
            assert_eq!(document["reachable"], true, "{from} -> {to}");
            let steps = document["steps"].as_array().expect("steps");
            let mut at = from;
            for step in steps {
                assert_eq!(step["from"], at.as_str());
                let event =
                    server_lifecycle::Event::parse(step["event"].as_str().unwrap()).unwrap();
                let next = Status::parse(step["to"].as_str().unwrap()).unwrap();
                let results = at.next(event).expect("a row of the table");
                assert!(results.contains(next));
                assert_eq!(
                    step["other_results"].as_array().map(Vec::len),
                    Some(results.len() - 1)
                );
                at = next;
            }
            assert_eq!(at, to);
            // As short as the library's shortest path.
            let shortest = from.shortest_path_to(to).expect("reachable").len();
            assert!(steps.len() >= shortest);
        }
    }
}

#[test]
fn path_bad_input_exits_2() {
    let output = run(&["path", "ACTIVE", "HIBERNATING"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains(r#"unknown status "HIBERNATING""#));
    assert_eq!(run(&["path", "ACTIVE"]).status.code(), Some(2));
}

#[test]
fn path_to_itself_needs_no_event() {
    let output = run(&["path", "SHUTOFF", "stopped"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        stdout(&output),
        "STOPPED is already STOPPED: no event needed\n"
    );
}

#[test]
fn every_new_command_has_help_with_an_example() {
    for command in ["graph", "table", "explain", "path"] {
        let help = stdout(&run(&[command, "--help"]));
        assert!(help.contains("Examples:"), "{command}");
        assert!(help.contains("--format"), "{command}");
    }
}
