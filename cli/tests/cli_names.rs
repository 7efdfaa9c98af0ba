//! `--names nova|spec`: text output in Nova's spellings or the specification's, on every
//! command that prints statuses; JSON carries both whatever `--names` says (`nova_K` next
//! to each status key `K`).

mod util;

use serde_json::Value;
use server_lifecycle::nova::{status_of, TaskState, VmState};
use server_lifecycle::{Event, Status};
use util::{run, run_with_stdin, stderr, stdout};

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

/// `spec` with every status name replaced by its Nova spelling: a name, or every name in a
/// sentence (`audit`'s `verdict`).
fn nova_of(spec: &Value) -> Value {
    match spec {
        Value::String(text) if text.contains(' ') => Value::from(nova_words(text)),
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

/// `text` with every word that is a specification name (`STOPPED`, not `stop` nor
/// `SHUTOFF`) replaced by Nova's spelling.
fn nova_words(text: &str) -> String {
    let mut out = String::new();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        match Status::ALL
            .into_iter()
            .find(|s| s.as_str() == word.as_str())
        {
            Some(status) => out.push_str(status.nova_name()),
            None => out.push_str(word),
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// The server of the audited polls below.
const SERVER: &str = "15835b6f-1e14-4cfa-9f66-1abea1a1c0d5";

/// Polls of one server through every status Nova spells differently, with a step
/// explained by missed statuses, lost contact (a step judged from an earlier basis) and an
/// impossible step at the end, in Nova's spellings as `openstack server show` prints them.
fn polls() -> String {
    [
        "BUILD", "ACTIVE", "SHUTOFF", "ACTIVE", "RESIZE", "UNKNOWN", "RESCUE", "UNKNOWN", "BUILD",
    ]
    .iter()
    .map(|status| format!("{{\"server\": \"{SERVER}\", \"status\": \"{status}\"}}\n"))
    .collect()
}

/// Runs `audit -` on [`polls`] with recorded actions (a step explained by one, steps
/// without one) and `extra` arguments; the audit exits 1 (the impossible step).
fn audit(extra: &[&str]) -> String {
    let mut args = vec![
        "audit",
        "-",
        "--actions",
        "tests/data/shapes/openstackclient-10.2.1-server-event-list.json",
    ];
    args.extend(extra);
    let output = run_with_stdin(&args, Some(polls().as_bytes()));
    assert_eq!(
        output.status.code(),
        Some(1),
        "{args:?}: {}",
        stderr(&output)
    );
    stdout(&output)
}

#[test]
fn audit_text_follows_names() {
    let spec = audit(&[]);
    let nova = audit(&["--names", "nova"]);
    assert_eq!(audit(&["--names", "spec"]), spec);
    // The default is the specification's names, as before.
    for word in ["BUILDING", "STOPPED", "RESIZED", "RESCUED"] {
        assert!(has_word(&spec, word), "{word} missing:\n{spec}");
    }
    for status in renamed() {
        assert!(
            !has_word(&nova, status.as_str()),
            "--names nova prints {status}:\n{nova}"
        );
        assert!(
            has_word(&nova, status.nova_name()),
            "{} missing:\n{nova}",
            status.nova_name()
        );
    }
    // Word for word the same output, only the statuses respelled: the steps (direct,
    // recorded, unrecorded, explained with its path, judged from a basis, impossible) and
    // the summary's last status.
    assert_eq!(nova, nova_words(&spec));
    for line in [
        "  line 3: server SRV: ACTIVE -> SHUTOFF: direct (recorded: stop)\n",
        "! line 4: server SRV: SHUTOFF -> ACTIVE: direct (reboot_hard, start, reset_state_active); no recorded action (expected one of: reboot, start, resetState)\n",
        "! line 5: server SRV: ACTIVE -> RESIZE: direct (resize, migrate); no recorded action",
        "  line 7: server SRV: UNKNOWN -> RESCUE: explained by missed statuses: RESIZE --delete--> ERROR --rescue--> RESCUE\n",
        "! line 9: server SRV: UNKNOWN -> BUILD: impossible: no sequence of events leads from RESCUE to BUILD\n",
        "0 unchanged; last BUILD\n",
    ] {
        let line = line.replace("SRV", SERVER);
        assert!(nova.contains(&line), "{line:?} missing:\n{nova}");
    }
    assert!(spec.contains(&format!(
        "  line 3: server {SERVER}: ACTIVE -> STOPPED: direct (recorded: stop)\n"
    )));
}

#[test]
fn audit_json_lines_carry_both_spellings() {
    let text = audit(&["--format", "json"]);
    let lines: Vec<Value> = text
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON object a line"))
        .collect();
    assert_eq!(lines.len(), 10, "nine steps and the summary:\n{text}");
    let mut checked = 0;
    for line in &lines {
        checked += check_pairs(line, "");
    }
    // At least from, to and verdict in each step, and the summary's last status.
    assert!(checked > 9 * 3, "{checked} pairs");
    // Every step names its statuses both ways, whatever its kind.
    for step in &lines[..9] {
        for key in ["from", "to", "verdict"] {
            let nova = format!("nova_{key}");
            assert!(step.get(&nova).is_some(), "{step}: no {nova}");
        }
    }
    let stopped = &lines[2];
    assert_eq!(
        (&stopped["to"], &stopped["nova_to"]),
        (&"STOPPED".into(), &"SHUTOFF".into())
    );
    assert_eq!(
        stopped["nova_verdict"],
        "ACTIVE -> SHUTOFF: direct (recorded: stop)"
    );
    assert_eq!(
        stopped["verdict"],
        "ACTIVE -> STOPPED: direct (recorded: stop)"
    );
    let explained = &lines[6];
    assert_eq!(explained["kind"], "explained");
    assert_eq!(
        (&explained["basis"], &explained["nova_basis"]),
        (&"RESIZED".into(), &"RESIZE".into())
    );
    assert_eq!(explained["nova_missed"], serde_json::json!(["ERROR"]));
    assert_eq!(explained["path"][0]["nova_from"], "RESIZE");
    assert_eq!(explained["path"][1]["nova_to"], "RESCUE");
    let impossible = &lines[8];
    assert_eq!(impossible["kind"], "impossible");
    assert_eq!(
        (&impossible["to"], &impossible["nova_to"]),
        (&"BUILDING".into(), &"BUILD".into())
    );
    assert_eq!(impossible["nova_basis"], "RESCUE");
    let first = &lines[0];
    assert_eq!(
        (&first["from"], &first["nova_from"]),
        (&Value::Null, &Value::Null)
    );
    let summary = &lines[9]["servers"][0];
    assert_eq!(
        (&summary["last_status"], &summary["nova_last_status"]),
        (&"BUILDING".into(), &"BUILD".into())
    );
    // --names changes no JSON.
    assert_eq!(audit(&["--format", "json", "--names", "nova"]), text);
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
    // The keys that hold statuses in the commands' JSON.
    let keys = [
        "status",
        "from",
        "to",
        "basis",
        "missed",
        "last_status",
        "verdict",
        "results",
        "other_results",
        "target",
        "pending",
        "failure",
        "fail_fast",
        "ambiguous",
        "allowed",
    ];
    let commands: [&[&str]; 6] = [
        &["check", "SHUTOFF", "start", "--format", "json"],
        &["table", "--format", "json"],
        &["explain", "VERIFY_RESIZE", "--format", "json"],
        &["path", "BUILDING", "SHELVED_OFFLOADED", "--format", "json"],
        &["plan", "resize", "--from", "ACTIVE", "--format", "json"],
        &["export"],
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
    let audit = audit(&["--format", "json"]);
    for line in audit.lines() {
        let document: Value = serde_json::from_str(line).expect("JSON Lines");
        walk(&document, &keys, &["audit"]);
    }
}

#[test]
fn assess_text_follows_names() {
    // Each verdict kind names a status: done, failed, keep waiting on a status.
    let cases: [&[&str]; 3] = [
        &["assess", "stop", "--from", "ACTIVE", "--status", "SHUTOFF"],
        &["assess", "resize", "--from", "ACTIVE", "--status", "RESCUE"],
        &["assess", "resize", "--from", "ACTIVE", "--status", "RESIZE"],
    ];
    let expected = [
        ("done: STOPPED", "done: SHUTOFF"),
        ("failed: RESCUED: ", "failed: RESCUE: "),
        ("keep waiting: RESIZED: ", "keep waiting: RESIZE: "),
    ];
    for (args, (spec_line, nova_line)) in cases.iter().zip(expected) {
        let spec = stdout(&run(args));
        let nova = stdout(&run(&[&["--names", "nova"][..], args].concat()));
        assert!(spec.starts_with(spec_line), "{args:?}: {spec}");
        assert!(nova.starts_with(nova_line), "{args:?} --names nova: {nova}");
        assert_eq!(
            nova,
            nova_words(&spec),
            "{args:?}: only the statuses are respelled"
        );
    }
}

#[test]
fn graph_labels_follow_names() {
    for status in renamed() {
        let (spec, nova) = (status.as_str(), status.nova_name());
        let mermaid = stdout(&run(&["--names", "nova", "graph"]));
        let label = format!("\"{nova}<br/><small>spec: {spec}</small>\"");
        assert!(mermaid.contains(&label), "{label} missing:\n{mermaid}");
        let dot = stdout(&run(&["--names", "nova", "graph", "--format", "dot"]));
        let label = format!("label=\"{nova}\\n(spec: {spec})\"");
        assert!(dot.contains(&label), "{label} missing:\n{dot}");
        let default = stdout(&run(&["graph", "--format", "dot"]));
        let label = format!("label=\"{spec}\\n(Nova: {nova})\"");
        assert!(default.contains(&label), "{label} missing:\n{default}");
    }
}
