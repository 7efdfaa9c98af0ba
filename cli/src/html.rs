//! `server-lifecycle html [--out FILE]`: the explorer, one self-contained HTML page.
//!
//! Everything the page shows is computed here, by the library, and embedded as one JSON
//! document; the page's script only looks answers up in it. The diagram is the committed
//! Graphviz drawing of the status layer (`docs/diagrams/status.svg`, rendered from the DOT
//! source the drift tests keep current).

use std::collections::{BTreeMap, HashMap};

use serde_json::{json, Map, Value};
use server_lifecycle::nova::{status_of, Operation, TaskState, VmState};
use server_lifecycle::render::{self, DiagramOptions};
use server_lifecycle::{CloudSettings, Event, Plan, Status};

use crate::exit::Failure;
use crate::Outcome;

/// The drawing the page shows: the README's diagram.
const DIAGRAM_SVG: &str = include_str!("../../docs/diagrams/status.svg");

/// Arguments of `html`.
#[derive(clap::Args)]
pub struct Args {
    /// Write the page to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<std::path::PathBuf>,
}

pub fn run(args: &Args) -> Outcome {
    let page = page();
    match &args.out {
        None => crate::exit::print(&page),
        Some(path) => std::fs::write(path, page).map_err(|error| {
            Failure::bad_input(format!("cannot write {}: {error}", path.display()))
        }),
    }
}

/// The whole page.
pub fn page() -> String {
    render::explorer_html(&data().to_string(), DIAGRAM_SVG)
}

/// The settings profiles the page offers: every combination of the three settings that
/// change which statuses a plan passes through, with a representative value each.
pub const CONFIRM_WINDOWS: [u64; 2] = [0, 3600];
/// `shelved_offload_time`: never, at once, later.
pub const OFFLOAD_TIMES: [i64; 3] = [-1, 0, 3600];
/// `reclaim_instance_interval`: off (DELETE deletes), on (DELETE soft-deletes).
pub const RECLAIM_INTERVALS: [u64; 2] = [0, 86400];

/// Every profile, in the order the page indexes them.
pub fn profiles() -> Vec<CloudSettings> {
    let mut profiles = Vec::new();
    for window in CONFIRM_WINDOWS {
        for offload in OFFLOAD_TIMES {
            for reclaim in RECLAIM_INTERVALS {
                profiles.push(
                    CloudSettings::NOVA_DEFAULTS
                        .with_resize_confirm_window(window)
                        .with_shelved_offload_time(offload)
                        .with_reclaim_instance_interval(reclaim),
                );
            }
        }
    }
    profiles
}

/// Interns JSON values: equal values share one index.
#[derive(Default)]
struct Interner {
    values: Vec<Value>,
    /// Each value's compact text, to its index.
    indexes: HashMap<String, usize>,
}

impl Interner {
    fn index(&mut self, value: Value) -> usize {
        let next = self.values.len();
        let index = *self.indexes.entry(value.to_string()).or_insert(next);
        if index == next {
            self.values.push(value);
        }
        index
    }
}

/// One plan as the page shows it: the `plan --format json` document without the fields
/// the page already knows (request, from, settings), or the refusal.
/// Its notes are indexes into `notes`.
fn plan_value(plan: Result<Plan, String>, notes: &mut Interner) -> Value {
    match plan {
        Ok(plan) => {
            let mut document = crate::plan::document(&plan);
            without_twins(&mut document);
            if let Some(object) = document.as_object_mut() {
                for known in ["request", "from", "settings"] {
                    object.remove(known);
                }
                if let Some(Value::Array(texts)) = object.get_mut("notes") {
                    for text in texts.iter_mut() {
                        *text = json!(notes.index(text.take()));
                    }
                }
            }
            document
        }
        Err(refusal) => json!({ "refused": refusal }),
    }
}

/// `plans[request][from]`: an index into `plan_values`, or one index per profile when the
/// settings change the plan. `create` has no status to start from: its one entry is `"*"`.
/// Returns the plans, the plan values and the notes they share.
fn plans() -> (Value, Vec<Value>, Vec<Value>) {
    let profiles = profiles();
    let mut values = Interner::default();
    let mut notes = Interner::default();
    let mut plans = Map::new();
    for request in Event::ALL.into_iter().filter(|event| event.is_request()) {
        let mut by_from = Map::new();
        for from in Status::ALL {
            let indexes: Vec<usize> = profiles
                .iter()
                .map(|settings| {
                    let plan = if request == Event::Create {
                        Ok(Plan::create(*settings))
                    } else {
                        Plan::new(request, from, *settings).map_err(|error| error.to_string())
                    };
                    values.index(plan_value(plan, &mut notes))
                })
                .collect();
            let entry = if indexes.iter().all(|index| *index == indexes[0]) {
                json!(indexes[0])
            } else {
                json!(indexes)
            };
            let key = if request == Event::Create {
                "*"
            } else {
                from.as_str()
            };
            by_from.insert(key.to_owned(), entry);
            if request == Event::Create {
                break;
            }
        }
        plans.insert(request.as_str().to_owned(), Value::Object(by_from));
    }
    (Value::Object(plans), values.values, notes.values)
}

/// `paths[from][to]`: the library's shortest path as `path --format json` steps, or null.
fn paths() -> Value {
    let mut paths = Map::new();
    for from in Status::ALL {
        let mut by_to = Map::new();
        for to in Status::ALL {
            let steps = from.shortest_path_to(to).map(|steps| {
                let mut json = crate::path::steps_json(&steps);
                without_twins(&mut json);
                json
            });
            by_to.insert(to.as_str().to_owned(), steps.unwrap_or(Value::Null));
        }
        paths.insert(from.as_str().to_owned(), Value::Object(by_to));
    }
    Value::Object(paths)
}

fn task_key(task_state: Option<TaskState>) -> &'static str {
    task_state.map_or("", TaskState::as_str)
}

/// The Nova panel's answers. `status[vm_state]` is `{"default": S, "tasks": {task: S}}`
/// (the status when the task_state is not listed; `""` is no task). `checks[operation]
/// [vm_state]` is `[launched, not launched]`, each one answer for every task_state or a
/// list of answers, one per task_state (no task first, then `task_states` in order);
/// `answers[answer]` is `{"sets": task_state or null}` or `{"refused": message}`. Every
/// cell of the grid is the library's `Operation::check`, its message the error's Display.
fn nova_answers() -> Value {
    let tasks: Vec<Option<TaskState>> = std::iter::once(None)
        .chain(TaskState::ALL.into_iter().map(Some))
        .collect();
    let mut status = Map::new();
    for vm_state in VmState::ALL {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for task in &tasks {
            *counts
                .entry(status_of(vm_state, *task).as_str())
                .or_default() += 1;
        }
        let default = counts
            .iter()
            .max_by_key(|(name, count)| (**count, std::cmp::Reverse(**name)))
            .map(|(name, _)| *name)
            .unwrap_or_default();
        let exceptions: Map<String, Value> = tasks
            .iter()
            .map(|task| (task_key(*task), status_of(vm_state, *task).as_str()))
            .filter(|(_, shown)| *shown != default)
            .map(|(task, shown)| (task.to_owned(), Value::from(shown)))
            .collect();
        status.insert(
            vm_state.as_str().to_owned(),
            json!({ "default": default, "tasks": exceptions }),
        );
    }
    let mut answers = Interner::default();
    let mut checks = Map::new();
    for operation in Operation::ALL {
        let mut by_vm = Map::new();
        for vm_state in VmState::ALL {
            let by_launch: Vec<Value> = [true, false]
                .into_iter()
                .map(|launched| {
                    let row: Vec<usize> = tasks
                        .iter()
                        .map(|task| {
                            answers.index(match operation.check(vm_state, *task, launched) {
                                Ok(sets) => json!({ "sets": sets.map(TaskState::as_str) }),
                                Err(refusal) => json!({ "refused": refusal.to_string() }),
                            })
                        })
                        .collect();
                    if row.iter().all(|answer| *answer == row[0]) {
                        json!(row[0])
                    } else {
                        json!(row)
                    }
                })
                .collect();
            by_vm.insert(vm_state.as_str().to_owned(), json!(by_launch));
        }
        checks.insert(operation.as_str().to_owned(), Value::Object(by_vm));
    }
    json!({
        "vm_states": VmState::NAMES,
        "task_states": TaskState::NAMES,
        "operations": Operation::ALL.iter().map(|operation| json!({
            "name": operation.as_str(),
            "event": operation.event().map(Event::as_str),
        })).collect::<Vec<_>>(),
        "status": status,
        "answers": answers.values,
        "checks": checks,
    })
}

/// What the search box understands: every spelling the library parses for a status, the
/// event names, and Nova's vm_states, task_states and operations.
fn search_terms() -> Value {
    let mut terms: Vec<Value> = Vec::new();
    for status in Status::ALL {
        terms.push(json!([status.as_str(), "status", status.as_str()]));
        if status.nova_name() != status.as_str() {
            terms.push(json!([status.nova_name(), "status", status.as_str()]));
        }
    }
    for event in Event::ALL {
        let kind = if event.is_request() {
            "request"
        } else {
            "outcome"
        };
        terms.push(json!([event.as_str(), kind, event.as_str()]));
    }
    for vm_state in VmState::ALL {
        terms.push(json!([vm_state.as_str(), "vm_state", vm_state.as_str()]));
    }
    for task in TaskState::ALL {
        terms.push(json!([task.as_str(), "task_state", task.as_str()]));
    }
    for operation in Operation::ALL.into_iter().filter(|op| op.event().is_none()) {
        terms.push(json!([operation.as_str(), "operation", operation.as_str()]));
    }
    Value::from(terms)
}

/// The edges the committed diagram draws, each `[from, to, kind, [event]]`: the page finds
/// them in the SVG by their Graphviz title `from->to`.
fn diagram_edges() -> Value {
    let options = DiagramOptions::readable();
    render::status_edges(&options)
        .iter()
        .filter(|edge| !(options.draws_loops_in_nodes() && edge.from == edge.to))
        .map(|edge| {
            json!([
                edge.from.as_str(),
                edge.to.as_str(),
                edge.kind.as_str(),
                edge.events
                    .iter()
                    .map(|event| event.as_str())
                    .collect::<Vec<_>>(),
            ])
        })
        .collect()
}

/// The parts of the `export` document the page reads: the initial status and event, and
/// every status and event with its kind and description (without the `nova_` twins the
/// page derives from the statuses' `nova_name`).
fn model() -> Value {
    // The library renders the export; it is always valid JSON (a test parses it).
    let mut export: Value =
        serde_json::from_str(&server_lifecycle::render::export_json()).unwrap_or(Value::Null);
    let mut model = Map::new();
    for key in ["initial", "statuses", "events"] {
        if let Some(object) = export.as_object_mut() {
            model.insert(key.to_owned(), object.remove(key).unwrap_or(Value::Null));
        }
    }
    let mut model = Value::Object(model);
    without_twins(&mut model);
    model
}

/// Removes what the page can derive from a document: each `nova_K` next to its `K` but
/// `nova_name` (the page maps names with the statuses' `nova_name`), and `results` next to
/// an equal `to`; the page stays as it was before those keys were added.
fn without_twins(value: &mut Value) {
    match value {
        Value::Object(object) => {
            let twins: Vec<String> = object
                .iter()
                .filter(|(key, twin)| match key.strip_prefix("nova_") {
                    Some("name") => false,
                    Some(base) => object.contains_key(base),
                    None => key.as_str() == "results" && object.get("to") == Some(*twin),
                })
                .map(|(key, _)| key.clone())
                .collect();
            for key in twins {
                object.shift_remove(&key);
            }
            object.values_mut().for_each(without_twins);
        }
        Value::Array(items) => items.iter_mut().for_each(without_twins),
        _ => {}
    }
}

/// The document the page reads.
pub fn data() -> Value {
    let explain: Map<String, Value> = Status::ALL
        .iter()
        .map(|status| {
            let mut document = crate::explain::document(*status);
            without_twins(&mut document);
            (status.as_str().to_owned(), document)
        })
        .collect();
    let (plans, plan_values, plan_notes) = plans();
    let profiles: Vec<Value> = profiles()
        .iter()
        .map(|settings| {
            json!({
                "resize_confirm_window": settings.resize_confirm_window(),
                "shelved_offload_time": settings.shelved_offload_time(),
                "reclaim_instance_interval": settings.reclaim_instance_interval(),
            })
        })
        .collect();
    json!({
        "model": model(),
        "common_events": server_lifecycle::machine::common_events().iter().map(Event::as_str).collect::<Vec<_>>(),
        "diagram_edges": diagram_edges(),
        "explain": explain,
        "profiles": profiles,
        "settings_choices": {
            "resize_confirm_window": CONFIRM_WINDOWS,
            "shelved_offload_time": OFFLOAD_TIMES,
            "reclaim_instance_interval": RECLAIM_INTERVALS,
        },
        "plans": plans,
        "plan_values": plan_values,
        "plan_notes": plan_notes,
        "paths": paths(),
        "nova": nova_answers(),
        "search": search_terms(),
    })
}
