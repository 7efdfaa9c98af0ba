//! `--names nova|spec`: text output in Nova's spellings or the specification's, on every
//! command that prints statuses; JSON carries both whatever `--names` says (`nova_K` next
//! to each status key `K`).

mod util;

use serde_json::Value;
use server_lifecycle::nova::{status_of, TaskState, VmState};
use server_lifecycle::{Event, Status};
use util::{run, stderr, stdout};

/// The statuses whose Nova spelling differs from the specification's name.
fn renamed() -> Vec<Status> {
    Status::ALL
        .into_iter()
        .filter(|status| status.nova_name() != status.as_str())
        .collect()
}

/// Whether `text` has `word` as a whole word (not as part of SHELVED_OFFLOADED, ...).
fn has_word(text: &str, word: &str) -> bool {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .any(|token| token == word)
}

#[test]
fn nova_status_prints_what_nova_shows_by_default() {
    for vm_state in VmState::ALL {
        for task_state in [
            None,
            Some(TaskState::ResizeMigrating),
            Some(TaskState::PoweringOn),
        ] {
            let status = status_of(vm_state, task_state);
            let mut args = vec!["nova", "status", vm_state.as_str()];
            if let Some(task) = task_state {
                args.push(task.as_str());
            }
            let output = run(&args);
            assert_eq!(output.status.code(), Some(0), "{args:?}");
            assert_eq!(
                stdout(&output),
                format!("{}\n", status.nova_name()),
                "{args:?}"
            );
            for (names, expected) in [("spec", status.as_str()), ("nova", status.nova_name())] {
                let mut with = args.clone();
                with.extend(["--names", names]);
                assert_eq!(stdout(&run(&with)), format!("{expected}\n"), "{with:?}");
            }
        }
    }
}

#[test]
fn check_prints_results_in_the_asked_spelling() {
    for status in Status::ALL {
        for event in [
            Event::Start,
            Event::Complete,
            Event::ConfirmResize,
            Event::Delete,
        ] {
            let Ok(results) = status.next(event) else {
                continue;
            };
            let spec: String = results
                .iter()
                .map(|s| format!("{}\n", s.as_str()))
                .collect();
            let nova: String = results
                .iter()
                .map(|s| format!("{}\n", s.nova_name()))
                .collect();
            let args = ["check", status.as_str(), event.as_str()];
            assert_eq!(stdout(&run(&args)), spec, "{args:?}");
            let with = |names: &str| {
                let mut all = args.to_vec();
                all.extend(["--names", names]);
                stdout(&run(&all))
            };
            assert_eq!(with("spec"), spec, "{args:?}");
            assert_eq!(with("nova"), nova, "{args:?}");
        }
    }
}

/// The text without the table's notes (the library's sentences, in the specification's
/// names: `explain` wraps them on lines indented past the event column) and without
/// `explain`'s line that names both spellings on purpose.
fn without_notes(text: &str) -> String {
    text.lines()
        .filter(|line| !line.starts_with("        ") || line.contains("->"))
        .filter(|line| !line.starts_with("Nova shows it as"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn text_commands_use_only_nova_spellings_under_names_nova() {
    let commands: [&[&str]; 6] = [
        &["table"],
        &["explain", "VERIFY_RESIZE"],
        &["explain", "SHUTOFF"],
        &["path", "BUILDING", "SHELVED_OFFLOADED"],
        &["path", "RESCUED", "STOPPED"],
        &["check", "VERIFY_RESIZE", "confirm_resize"],
    ];
    for args in commands {
        let spec = without_notes(&stdout(&run(args)));
        let mut with = args.to_vec();
        with.extend(["--names", "nova"]);
        let nova = without_notes(&stdout(&run(&with)));
        let mut seen_nova = false;
        for status in renamed() {
            assert!(
                !has_word(&nova, status.as_str()),
                "{with:?} prints {status}:\n{nova}"
            );
            seen_nova |= has_word(&nova, status.nova_name());
            if has_word(&spec, status.as_str()) {
                assert!(
                    has_word(&nova, status.nova_name()),
                    "{with:?} lacks {}",
                    status.nova_name()
                );
            }
        }
        assert!(seen_nova, "{with:?} shows no Nova spelling:\n{nova}");
    }
    // plan: the sets and the header (the notes are the library's sentences).
    let plan = stdout(&run(&[
        "plan", "stop", "--from", "ACTIVE", "--names", "nova",
    ]));
    let header_and_sets: String = plan.split("\nnotes:").next().unwrap_or_default().to_owned();
    assert!(has_word(&header_and_sets, "SHUTOFF"), "{plan}");
    assert!(!has_word(&header_and_sets, "STOPPED"), "{plan}");
}

#[test]
fn names_takes_nova_or_spec_only() {
    let output = run(&["check", "ACTIVE", "stop", "--names", "openstack"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("nova"), "{}", stderr(&output));
    assert!(stderr(&output).contains("spec"), "{}", stderr(&output));
    assert_eq!(stdout(&output), "");
}

/// Every `nova_K` key of every object under `value` is Nova's spelling of what `K` holds
/// (a status name or an array or map of them); returns how many pairs were checked.
fn check_pairs(value: &Value, path: &str) -> usize {
    let mut checked = 0;
    match value {
        Value::Object(object) => {
            for (key, nova) in object {
                let Some(base) = key.strip_prefix("nova_") else {
                    checked += check_pairs(nova, &format!("{path}.{key}"));
                    continue;
                };
                let Some(spec) = object.get(base) else {
                    continue; // nova_pairs: not a spelling
                };
                assert_eq!(nova_of(spec), *nova, "{path}.{key}");
                checked += 1;
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                checked += check_pairs(item, &format!("{path}[{index}]"));
            }
        }
        _ => {}
    }
    checked
}

/// `spec` with every status name replaced by its Nova spelling.
fn nova_of(spec: &Value) -> Value {
    match spec {
        Value::String(name) => {
            let status: Status = name
                .parse()
                .unwrap_or_else(|_| panic!("{name} is no status"));
            Value::from(status.nova_name())
        }
        Value::Array(items) => items.iter().map(nova_of).collect(),
        Value::Object(object) => Value::Object(
            object
                .iter()
                .map(|(key, value)| (key.clone(), nova_of(value)))
                .collect(),
        ),
        other => other.clone(),
    }
}

#[test]
fn json_carries_both_spellings_whatever_names_says() {
    let commands: [&[&str]; 7] = [
        &[
            "check",
            "VERIFY_RESIZE",
            "confirm_resize",
            "--format",
            "json",
        ],
        &["table", "--format", "json"],
        &["explain", "RESCUED", "--format", "json"],
        &["path", "BUILDING", "SHELVED_OFFLOADED", "--format", "json"],
        &["plan", "stop", "--from", "ACTIVE", "--format", "json"],
        &["nova", "status", "stopped", "--format", "json"],
        &["export"],
    ];
    for args in commands {
        let spec = stdout(&run(args));
        let document: Value = serde_json::from_str(&spec).expect("JSON");
        let checked = check_pairs(&document, "");
        assert!(checked > 0, "{args:?} has no nova_ key");
        let mut with = args.to_vec();
        with.extend(["--names", "nova"]);
        assert_eq!(
            stdout(&run(&with)),
            spec,
            "{with:?}: --names changes no JSON"
        );
    }
}

#[test]
fn json_status_keys_all_have_their_nova_twin() {
    // The keys that hold statuses in the commands' JSON (export's transitions and Nova
    // map refer to its `statuses` list, which has both; audit is not covered yet).
    let keys = [
        "status",
        "from",
        "to",
        "results",
        "other_results",
        "target",
        "pending",
        "failure",
        "fail_fast",
        "ambiguous",
        "allowed",
    ];
    let commands: [&[&str]; 5] = [
        &["check", "SHUTOFF", "start", "--format", "json"],
        &["table", "--format", "json"],
        &["explain", "VERIFY_RESIZE", "--format", "json"],
        &["path", "BUILDING", "SHELVED_OFFLOADED", "--format", "json"],
        &["plan", "resize", "--from", "ACTIVE", "--format", "json"],
    ];
    fn walk(value: &Value, keys: &[&str], args: &[&str]) {
        match value {
            Value::Object(object) => {
                for (key, inner) in object {
                    if keys.contains(&key.as_str()) {
                        assert!(
                            object.contains_key(&format!("nova_{key}")),
                            "{args:?}: {key} alone"
                        );
                    }
                    walk(inner, keys, args);
                }
            }
            Value::Array(items) => items.iter().for_each(|item| walk(item, keys, args)),
            _ => {}
        }
    }
    for args in commands {
        let document: Value = serde_json::from_str(&stdout(&run(args))).expect("JSON");
        walk(&document, &keys, args);
    }
}
