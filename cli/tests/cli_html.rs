//! `server-lifecycle html`: the explorer page. The committed `docs/explorer.html` is what
//! the command writes now, the page asks for nothing over the network, the diagram it
//! embeds is drawn from the current table, and the answers it embeds are the library's
//! for every cell (decoded the way the page's script reads them).

mod util;

#[path = "../../tests/util/mod.rs"]
mod docs;

use serde_json::Value;
use server_lifecycle::nova::{status_of, Operation, TaskState, VmState};
use server_lifecycle::render::{status_edges, DiagramOptions};
use server_lifecycle::{CloudSettings, Event, Plan, Status};
use std::collections::BTreeSet;
use util::{run, stderr, stdout};

/// The page the command prints (run once, shared by the tests).
fn page() -> String {
    static PAGE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    PAGE.get_or_init(|| {
        let output = run(&["html"]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        stdout(&output)
    })
    .clone()
}

/// The JSON document embedded in the page.
fn data(page: &str) -> Value {
    let start_tag = r#"<script type="application/json" id="model-data">"#;
    let start = page.find(start_tag).expect("the data element") + start_tag.len();
    let end = start + page[start..].find("</script>").expect("its end");
    serde_json::from_str(&page[start..end]).expect("the embedded data is JSON")
}

/// The Graphviz titles of the page's `<g class="KIND">` elements.
fn titles(page: &str, kind: &str) -> BTreeSet<String> {
    page.split(&format!("class=\"{kind}\">\n<title>"))
        .skip(1)
        .map(|rest| {
            rest[..rest.find("</title>").expect("a closed title")]
                .replace("&#45;", "-")
                .replace("&gt;", ">")
        })
        .collect()
}

#[test]
fn docs_explorer_html_is_current() {
    docs::assert_generated("../docs/explorer.html", &page());
}

#[test]
fn out_writes_the_same_page_to_a_file() {
    let path = std::env::temp_dir().join(format!("explorer-{}.html", std::process::id()));
    let output = run(&["html", "--out", path.to_str().expect("a UTF-8 temp path")]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "");
    let written = std::fs::read_to_string(&path).expect("the page was written");
    let _ = std::fs::remove_file(&path);
    assert_eq!(written, page());

    let output = run(&["html", "--out", "/nonexistent-dir/explorer.html"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output)
        .starts_with("server-lifecycle: error: cannot write /nonexistent-dir/explorer.html: "));
}

#[test]
fn the_page_needs_nothing_but_itself() {
    let page = page();
    // The only URLs are the SVG namespaces, which are names, not requests.
    let without_namespaces = page
        .replace("http://www.w3.org/2000/svg", "")
        .replace("http://www.w3.org/1999/xlink", "");
    for needle in [
        "http:",
        "https:",
        "//cdn",
        "src=",
        "href=",
        "url(",
        "@import",
        "@font-face",
        "fetch(",
        "XMLHttpRequest",
    ] {
        assert!(
            !without_namespaces.contains(needle),
            "the page contains {needle:?}"
        );
    }
    assert!(page.contains("Content-Security-Policy\" content=\"default-src 'none';"));
    assert_eq!(
        page.matches("<script").count(),
        2,
        "the data and the script, inline"
    );
}

#[test]
fn the_diagram_is_drawn_from_the_current_table() {
    let page = page();
    let options = DiagramOptions::readable();
    let mut expected: BTreeSet<String> = status_edges(&options)
        .iter()
        .filter(|edge| edge.from != edge.to)
        .map(|edge| format!("{}->{}", edge.from, edge.to))
        .collect();
    expected.insert("start->BUILDING".to_owned());
    assert_eq!(
        titles(&page, "edge"),
        expected,
        "docs/diagrams/status.svg is stale: run scripts/regenerate-docs"
    );
    let mut nodes: BTreeSet<String> = Status::ALL.iter().map(|s| s.to_string()).collect();
    nodes.insert("start".to_owned());
    assert_eq!(titles(&page, "node"), nodes);
    // The page's own list of drawn edges agrees with the drawing.
    let listed: BTreeSet<String> = data(&page)["diagram_edges"]
        .as_array()
        .expect("diagram_edges")
        .iter()
        .map(|edge| {
            format!(
                "{}->{}",
                edge[0].as_str().unwrap(),
                edge[1].as_str().unwrap()
            )
        })
        .collect();
    expected.remove("start->BUILDING");
    assert_eq!(listed, expected);
}

/// The answer the page's script finds for a Nova cell (the same lookup as `novaCheck`).
fn nova_answer(
    data: &Value,
    operation: Operation,
    vm: VmState,
    task: Option<TaskState>,
    launched: bool,
) -> Value {
    let row = &data["nova"]["checks"][operation.as_str()][vm.as_str()][usize::from(!launched)];
    let index = task.map_or(0, |task| task.index() + 1);
    let answer = row
        .as_u64()
        .unwrap_or_else(|| row[index].as_u64().expect("an answer index"));
    data["nova"]["answers"][answer as usize].clone()
}

#[test]
fn every_nova_cell_is_the_library_answer() {
    let data = data(&page());
    assert_eq!(
        data["nova"]["task_states"],
        serde_json::json!(TaskState::NAMES)
    );
    let tasks = std::iter::once(None).chain(TaskState::ALL.into_iter().map(Some));
    for task in tasks {
        for vm in VmState::ALL {
            let status = &data["nova"]["status"][vm.as_str()];
            let key = task.map_or("", TaskState::as_str);
            let shown = status["tasks"].get(key).unwrap_or(&status["default"]);
            assert_eq!(shown, status_of(vm, task).as_str(), "{vm} {task:?}");
            for operation in Operation::ALL {
                for launched in [true, false] {
                    let expected = match operation.check(vm, task, launched) {
                        Ok(sets) => serde_json::json!({ "sets": sets.map(TaskState::as_str) }),
                        Err(error) => serde_json::json!({ "refused": error.to_string() }),
                    };
                    assert_eq!(
                        nova_answer(&data, operation, vm, task, launched),
                        expected,
                        "{operation} {vm} {task:?} launched={launched}"
                    );
                }
            }
        }
    }
}

#[test]
fn every_plan_is_the_library_plan_under_every_profile() {
    let data = data(&page());
    let profiles = data["profiles"].as_array().expect("profiles");
    assert_eq!(profiles.len(), 12);
    for (index, profile) in profiles.iter().enumerate() {
        let settings = CloudSettings::NOVA_DEFAULTS
            .with_resize_confirm_window(profile["resize_confirm_window"].as_u64().unwrap())
            .with_shelved_offload_time(profile["shelved_offload_time"].as_i64().unwrap())
            .with_reclaim_instance_interval(profile["reclaim_instance_interval"].as_u64().unwrap());
        for request in Event::ALL.into_iter().filter(|event| event.is_request()) {
            for from in Status::ALL {
                let by_from = &data["plans"][request.as_str()];
                let entry = by_from.get("*").unwrap_or(&by_from[from.as_str()]);
                let value_index = entry
                    .as_u64()
                    .unwrap_or_else(|| entry[index].as_u64().unwrap());
                let value = &data["plan_values"][value_index as usize];
                let plan = if request == Event::Create {
                    Ok(Plan::create(settings))
                } else {
                    Plan::new(request, from, settings)
                };
                match plan {
                    Err(error) => assert_eq!(value["refused"], error.to_string().as_str()),
                    Ok(plan) => {
                        let names = |set: server_lifecycle::StatusSet| {
                            serde_json::json!(set.iter().map(Status::as_str).collect::<Vec<_>>())
                        };
                        assert_eq!(value["pending"], names(plan.pending()), "{request} {from}");
                        assert_eq!(value["target"], names(plan.target()), "{request} {from}");
                        assert_eq!(value["failure"], names(plan.failure()), "{request} {from}");
                        assert_eq!(
                            value["fail_fast"],
                            names(plan.fail_fast()),
                            "{request} {from}"
                        );
                        assert_eq!(
                            value["effective_request"],
                            plan.effective_request().as_str()
                        );
                        let notes: Vec<&str> = value["notes"]
                            .as_array()
                            .unwrap()
                            .iter()
                            .map(|note| {
                                data["plan_notes"][note.as_u64().unwrap() as usize]
                                    .as_str()
                                    .unwrap()
                            })
                            .collect();
                        assert_eq!(notes, plan.notes(), "{request} {from}");
                    }
                }
            }
        }
    }
}

#[test]
fn every_path_is_the_library_shortest_path() {
    let data = data(&page());
    for from in Status::ALL {
        for to in Status::ALL {
            let steps = &data["paths"][from.as_str()][to.as_str()];
            match from.shortest_path_to(to) {
                None => assert!(steps.is_null(), "{from} {to}"),
                Some(path) => {
                    let listed: Vec<(String, String, String)> = steps
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|s| {
                            (
                                s["from"].to_string(),
                                s["event"].to_string(),
                                s["to"].to_string(),
                            )
                        })
                        .collect();
                    let expected: Vec<(String, String, String)> = path
                        .iter()
                        .map(|s| {
                            (
                                format!("\"{}\"", s.from),
                                format!("\"{}\"", s.event),
                                format!("\"{}\"", s.to),
                            )
                        })
                        .collect();
                    assert_eq!(listed, expected, "{from} {to}");
                }
            }
        }
    }
}

#[test]
fn every_status_spelling_the_library_parses_is_searchable() {
    let data = data(&page());
    let terms = data["search"].as_array().unwrap();
    for status in Status::ALL {
        for spelling in [status.as_str(), status.nova_name()] {
            let term = terms
                .iter()
                .find(|term| term[0] == spelling && term[1] == "status")
                .unwrap_or_else(|| panic!("{spelling} is not searchable"));
            assert_eq!(Status::parse(spelling).unwrap().as_str(), term[2]);
        }
    }
}
