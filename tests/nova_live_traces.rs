//! Holds the library to what a running Nova reported.
//!
//! `conformance/nova-live/` drives Nova 34.0.0 in-process (its own functional-test
//! framework: nova-api, conductor, scheduler, two nova-compute services with the fake virt
//! driver, placement, SQLite) through the REST API and records one JSON object per
//! request: the state before, the HTTP code, every save of the instance as the API showed
//! it, the polls until it settled, and the state after. The recorded run is committed
//! (`conformance/nova-live/traces/`); this test needs no Nova. `NOVA_LIVE_TRACES=path`
//! checks another run (plain or gzipped JSON Lines) instead.
//!
//! For every record it checks that:
//! * every (vm_state, task_state) the API showed maps to the status it showed;
//! * accepted (2xx) vs refused (409) equals the status table's answer and the Nova guard
//!   for the state the server was in; other refusals are preconditions this model does
//!   not decide (listed in `PRECONDITIONS`, each with what Nova said);
//! * every change of (vm_state, task_state) is a step of `NovaState::steps`, the first one
//!   the request's own, and a step that changes the status is a row of the status table;
//! * a request that settled ends in one of the table's results (directly or through its
//!   outcomes), and every status seen on the way fits the request's plan;
//! * each server's whole status history passes the audit.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{BufRead, BufReader, Read};

use flate2::read::GzDecoder;
use serde_json::Value;
use server_lifecycle::nova::{
    status_of, Microversion, NovaState, Operation, PowerState, StepCause, TaskState, VmState,
};
use server_lifecycle::{
    audit, CloudSettings, Event, Observation, Plan, Progress, Sighting, Status, Verdict, Waiter,
};

const COMMITTED: &str = "conformance/nova-live/traces/nova-34.0.0.jsonl.gz";

/// Refusals that are not decided by (vm_state, task_state): the request, the HTTP code, a
/// fragment of Nova's message, and why. Each must be seen in the traces (a stale entry
/// fails the test).
const PRECONDITIONS: &[(&str, u16, &str, &str)] = &[
    (
        "migrate",
        409,
        "is not ready",
        "a server without a host (reset to active after it was offloaded): resize and \
         migrate check the host before the state (Nova's check_instance_host)",
    ),
    (
        "locked",
        409,
        "",
        "a locked server refuses the requests of a user who is not an admin (409; for \
         changePassword Nova words it as an invalid state)",
    ),
    (
        "evacuate",
        400,
        "is still in use",
        "evacuate needs the source compute service down (forced down or not reporting)",
    ),
    (
        "evacuate",
        400,
        "can't be the same",
        "a server without a host (its build found none): Nova compares the missing \
         host with the missing target host",
    ),
    (
        "resize",
        400,
        "smaller than the minimum size",
        "the new flavor's disk is smaller than the image's minimum (after a rebuild from \
         another image)",
    ),
    (
        "confirm_resize",
        400,
        "has not been resized",
        "the resize's migration is not finished (a confirm is already in progress)",
    ),
    (
        "revert_resize",
        400,
        "has not been resized",
        "the resize's migration is not finished (a confirm is already in progress)",
    ),
];

/// What Nova 34.0.0 did that the model does not follow, each documented in
/// `docs/nova.md` ("Seen in a running Nova 34.0.0") with the trace that shows it: the
/// check, fragments of the disagreement's text (all must be in it), and the section. A disagreement that
/// matches is reported, not failed; an entry that matches nothing fails the test (the
/// documentation went stale).
const DOCUMENTED: &[(&str, &[&str], &str)] = &[
    (
        "step",
        &["held:building", "] continue "],
        "a build interrupted by a delete or an admin reset writes stale states",
    ),
    (
        "step",
        &["held:resize_migrating", "-> (error, Some(ResizeMigrated))"],
        "a resize that goes on after a delete or a reset writes over it",
    ),
    (
        "step",
        &["held:migrating", "] continue ", "-> (error, None)"],
        "a resize that goes on after a delete or a reset writes over it",
    ),
    (
        "audit",
        &["DELETED -> ERROR"],
        "a resize that goes on after a delete or a reset writes over it",
    ),
    (
        "step",
        &[
            "revert_resize",
            "(resized, Some(ResizeReverting)) -> (resized, Some(PoweringOff))",
        ],
        "reverting the resize of a stopped server shows VERIFY_RESIZE again",
    ),
    (
        "projection",
        &["revert_resize", "VERIFY_RESIZE -[Some(Stop)]-> STOPPED"],
        "reverting the resize of a stopped server shows VERIFY_RESIZE again",
    ),
    (
        "plan",
        &["revert_resize", "VERIFY_RESIZE with task Some(PoweringOff)"],
        "reverting the resize of a stopped server shows VERIFY_RESIZE again",
    ),
    (
        "plan",
        &["delete from VERIFY_RESIZE", "with task None is Unexpected"],
        "deleting a server in VERIFY_RESIZE shows ACTIVE (or SHUTOFF) on the way",
    ),
    (
        "precondition",
        &["force_delete -> http 500", "AssertionError"],
        "forceDelete of a shelved-offloaded server answers 500",
    ),
    (
        "step",
        &[
            "force_delete -> http 500",
            "(shelved_offloaded, None) -> (shelved_offloaded, Some(Deleting))",
        ],
        "forceDelete of a shelved-offloaded server answers 500",
    ),
    (
        "step",
        &["Some(Deleting)) -> (", "Some(SoftDeleting))"],
        "a delete while a delete runs saves its own task before Nova ignores it",
    ),
    (
        "step",
        &["Some(SoftDeleting)) -> (", "Some(Deleting))"],
        "a delete while a delete runs saves its own task before Nova ignores it",
    ),
    (
        "accept/refuse",
        &["failure:change_password", "nova said 409"],
        "changePassword answers 409 when the driver fails",
    ),
    (
        "step",
        &[
            "failure:change_password",
            "-> (active, Some(UpdatingPassword))",
        ],
        "changePassword answers 409 when the driver fails",
    ),
    (
        "precondition",
        &["matrix:SHELVED_OFFLOADED", "-> http 500", "NovaException"],
        "an action on a server reset to active or error without a host answers 500",
    ),
    (
        "step",
        &["matrix:SHELVED_OFFLOADED", "-> http 500"],
        "an action on a server reset to active or error without a host answers 500",
    ),
    (
        "precondition",
        &["change_password -> http 500", "MessagingTimeout"],
        "changePassword waits for the compute and answers 500 when it takes too long",
    ),
    (
        "step",
        &[
            "change_password -> http 500",
            "-> (active, Some(UpdatingPassword))",
        ],
        "changePassword waits for the compute and answers 500 when it takes too long",
    ),
    (
        "step",
        &["failure:", "-> (error, Some("],
        "Nova's error handling saves ERROR before it clears the task",
    ),
];

/// Documented disagreements that a run shows only when a poll falls in a short window:
/// the audit sees DELETED before the ERROR a late resize failure writes only when a poll
/// caught the deleted record in between (the first recorded run did, the one-command run
/// of harness 2 did not; its steps are seen either way).
const TIMING_DEPENDENT: &[(&str, &[&str])] = &[("audit", &["DELETED -> ERROR"])];

#[derive(Default)]
struct Report {
    records: usize,
    evacuations: usize,
    observations: usize,
    requests: usize,
    problems: BTreeMap<String, Vec<String>>,
    preconditions_seen: Vec<bool>,
}

impl Report {
    fn problem(&mut self, kind: &str, detail: String) {
        self.problems
            .entry(kind.to_owned())
            .or_default()
            .push(detail);
    }
}

fn traces() -> Vec<Value> {
    let path = std::env::var("NOVA_LIVE_TRACES").unwrap_or_else(|_| COMMITTED.to_owned());
    let file = File::open(&path).unwrap_or_else(|e| panic!("cannot open {path}: {e}"));
    let reader: Box<dyn Read> = if path.ends_with(".gz") {
        Box::new(GzDecoder::new(file))
    } else {
        Box::new(file)
    };
    BufReader::new(reader)
        .lines()
        .map(|line| {
            let line = line.expect("readable traces");
            serde_json::from_str(&line).expect("one JSON object per line")
        })
        .collect()
}

/// What the API showed: the status and the Nova states.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
struct Shown {
    status: Status,
    vm_state: VmState,
    task_state: Option<TaskState>,
    power_state: Option<PowerState>,
}

fn shown(view: &Value) -> Option<Shown> {
    let status = view.get("status")?.as_str()?;
    let vm_state = view.get("vm_state")?.as_str()?;
    Some(Shown {
        status: Status::parse(status).expect("a status the model knows"),
        vm_state: VmState::parse(vm_state).expect("a vm_state the model knows"),
        task_state: view
            .get("task_state")
            .and_then(Value::as_str)
            .map(|t| TaskState::parse(t).expect("a task_state the model knows")),
        power_state: view
            .get("power_state")
            .and_then(Value::as_i64)
            .and_then(PowerState::from_code),
    })
}

fn settings_of(record: &Value) -> CloudSettings {
    let s = &record["settings"];
    let window = s["resize_confirm_window"].as_u64().unwrap_or(0);
    let offload = s["shelved_offload_time"].as_i64().unwrap_or(0);
    let reclaim = s["reclaim_instance_interval"].as_i64().unwrap_or(0).max(0) as u64;
    CloudSettings::NOVA_DEFAULTS
        .with_resize_confirm_window(window)
        .with_shelved_offload_time(offload)
        .with_reclaim_instance_interval(reclaim)
}

fn describe(record: &Value) -> String {
    format!(
        "[{} {} {}] {} {} -> http {}",
        record["variant"].as_str().unwrap_or("?"),
        record["sequence"].as_str().unwrap_or("?"),
        record["server"].as_str().map_or("-", |s| &s[..8]),
        record["kind"].as_str().unwrap_or("?"),
        record["request"]
            .as_str()
            .or(record["event"].as_str())
            .unwrap_or(""),
        record["http"]
    )
}

/// The model states a server can be in, given what the API shows; tracked per server.
type Candidates = Vec<NovaState>;

fn matches(state: &NovaState, seen: &Shown) -> bool {
    state.vm_state == seen.vm_state && state.task_state == seen.task_state
}

/// Fresh candidates for a server first seen in `seen` (no history known).
fn guess(seen: &Shown) -> Candidates {
    let mut out = Vec::new();
    for launched in [true, false] {
        for old in [None, Some(VmState::Active), Some(VmState::Stopped)] {
            let base = NovaState::at_rest(seen.vm_state);
            out.push(NovaState {
                task_state: seen.task_state,
                launched,
                old_vm_state: old,
                power_state: seen.power_state.unwrap_or(base.power_state),
                ..base
            });
        }
    }
    out
}

/// Follows one observed change from `candidates`: the steps that reach `seen`.
/// `first_request`: the change must be this request's own step.
fn follow(
    candidates: &Candidates,
    seen: &Shown,
    settings: &CloudSettings,
    first_request: Option<Operation>,
    microversion: Microversion,
) -> Vec<(NovaState, server_lifecycle::nova::NovaStep)> {
    let mut out = Vec::new();
    for from in candidates {
        for step in from.steps_at(settings, microversion) {
            let kind_ok = match (first_request, step.kind) {
                (Some(op), StepCause::Request(asked)) => op == asked,
                (Some(_), _) => false,
                (None, StepCause::Request(_)) => false,
                (None, _) => true,
            };
            if kind_ok && matches(&step.to, seen) {
                out.push((*from, step));
            }
        }
    }
    out
}

fn dedup(states: impl IntoIterator<Item = NovaState>) -> Candidates {
    let mut out: Candidates = Vec::new();
    for state in states {
        // Power state is not tracked closely by the checks: keep one per the rest.
        if !out.contains(&state) {
            out.push(state);
        }
    }
    out
}

/// The statuses a request can end in: its results, and what their outcomes lead to.
fn reachable_results(from: Status, event: Event) -> server_lifecycle::StatusSet {
    let Ok(first) = from.next(event) else {
        return server_lifecycle::StatusSet::EMPTY;
    };
    let mut all = first;
    let mut frontier: Vec<Status> = first.iter().collect();
    while let Some(status) = frontier.pop() {
        for outcome in Event::ALL.into_iter().filter(|e| e.is_outcome()) {
            if matches!(outcome, Event::ContactLost | Event::ContactRestored) {
                continue;
            }
            if let Ok(next) = status.next(outcome) {
                for s in next.iter() {
                    if !all.contains(s) {
                        all = all.with(s);
                        frontier.push(s);
                    }
                }
            }
        }
    }
    all
}

/// The request's event and the operation Nova runs for it on a cloud with `settings`
/// (`DELETE` is a soft delete when the cloud defers deletes).
fn operation_of(name: &str, settings: &CloudSettings) -> Option<(Event, Operation)> {
    let event = settings.effective_request(Event::parse(name).ok()?);
    Some((event, Operation::for_event(event)?))
}

/// The entry of `PRECONDITIONS` that explains a refusal, if any.
fn precondition(record: &Value, event: Event, http: u16) -> Option<usize> {
    let message = record["error"].to_string();
    let locked = record["before"]["locked"] == true && record["admin"] == false;
    PRECONDITIONS.iter().position(|(name, code, fragment, _)| {
        let applies = if *name == "locked" {
            locked
        } else {
            *name == event.as_str()
        };
        applies && *code == http && message.contains(fragment)
    })
}

fn check(records: &[Value]) -> Report {
    let mut report = Report {
        preconditions_seen: vec![false; PRECONDITIONS.len()],
        ..Report::default()
    };
    let mut candidates: HashMap<String, Candidates> = HashMap::new();
    // An accepted request whose own step was not seen yet (its driver call was held).
    let mut unseen: HashMap<String, Operation> = HashMap::new();
    let mut histories: HashMap<String, Vec<Status>> = HashMap::new();
    for record in records {
        if record["kind"] == "header" {
            continue;
        }
        report.records += 1;
        let settings = settings_of(record);
        let server = record["server"].as_str().unwrap_or("").to_owned();
        let what = describe(record);
        let before = record.get("before").and_then(shown);
        let mut views: Vec<Shown> = Vec::new();
        for obs in record["observations"].as_array().into_iter().flatten() {
            report.observations += 1;
            if let Some(seen) = shown(&obs["api"]) {
                views.push(seen);
            }
        }
        report.observations += record["polls"].as_array().map_or(0, Vec::len);
        let after = shown(&record["after"]);

        // Every (vm_state, task_state) maps to the status shown.
        let polls: Vec<Shown> = record["polls"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(shown)
            .collect();
        for seen in before
            .iter()
            .chain(&views)
            .chain(&polls)
            .chain(after.iter())
        {
            let mapped = status_of(seen.vm_state, seen.task_state);
            if mapped != seen.status {
                report.problem(
                    "status map",
                    format!(
                        "{what}: ({}, {:?}) shown as {} but the model maps it to {mapped}",
                        seen.vm_state, seen.task_state, seen.status
                    ),
                );
            }
        }

        // Accepted vs refused.
        let request = record["request"]
            .as_str()
            .and_then(|name| operation_of(name, &settings));
        let http = record["http"].as_u64().unwrap_or(0) as u16;
        let accepted = (200..300).contains(&http);
        // The request's microversion (`compute 2.94`); periodic records have none.
        let microversion = record["microversion"]
            .as_str()
            .map_or(Ok(Microversion::LATEST), Microversion::parse)
            .unwrap_or_else(|error| panic!("{what}: {error}"));
        if let (Some((event, operation)), Some(before)) = (request, before) {
            report.requests += 1;
            let launched = record["before"]["launched"].as_bool().unwrap_or(true);
            let table = before.status.accepts(event);
            let checked = match operation {
                Operation::SoftDelete if !launched => Operation::Delete,
                other => other,
            };
            let guard = checked
                .check(before.vm_state, before.task_state, launched)
                .is_ok();
            // The guard must answer like Nova; the table too, except that a status whose
            // task is running cannot tell the guard's task_state check (the status
            // layer's answer is for the status, and Nova refuses on the task).
            // Likewise a server that never launched (its build failed): the guard's
            // launched check is not the status's.
            let table_disagrees = if accepted {
                !table
            } else {
                table && before.task_state.is_none() && launched
            };
            if accepted && !guard
                || http == 409 && (guard || table_disagrees)
                || accepted && table_disagrees
            {
                match precondition(record, event, http) {
                    Some(index) if !accepted => report.preconditions_seen[index] = true,
                    _ => report.problem(
                        "accept/refuse",
                        format!(
                            "{what}: from ({}, {:?}) {}: table {}, guard {}; nova said {}",
                            before.vm_state,
                            before.task_state,
                            before.status,
                            if table { "accepts" } else { "refuses" },
                            if guard { "accepts" } else { "refuses" },
                            if accepted { "accepted" } else { "409" },
                        ),
                    ),
                }
            } else if !accepted && http != 409 {
                let message = record["error"].to_string();
                match precondition(record, event, http) {
                    Some(index) => report.preconditions_seen[index] = true,
                    None => report.problem(
                        "precondition",
                        format!("{what}: undocumented refusal {http}: {message}"),
                    ),
                }
            }
        }

        // Steps: follow every change of (vm_state, task_state).
        let mut current: Candidates = match (record["request"].as_str(), before) {
            (Some("create"), _) => vec![NovaState::created(false)],
            (_, Some(before)) => {
                let known = candidates.remove(&server).unwrap_or_default();
                let fitting: Candidates =
                    known.into_iter().filter(|s| matches(s, &before)).collect();
                if fitting.is_empty() {
                    guess(&before)
                } else {
                    fitting
                }
            }
            _ => Vec::new(),
        };
        let mut last = before;
        let mut own = if accepted {
            request.map(|(_, op)| op)
        } else {
            None
        };
        if record["kind"] == "continue" {
            own = unseen.remove(&server);
        }
        let mut plan_statuses = Vec::new();
        let mut sightings = Vec::new();
        let mut sequence: Vec<Shown> = views.clone();
        if let Some(after) = after {
            sequence.push(after);
        }
        if record["request"] == "create" {
            // The build's first record is created, not saved.
            own = None;
            last = Some(Shown {
                status: Status::Building,
                vm_state: VmState::Building,
                task_state: Some(TaskState::Scheduling),
                power_state: Some(PowerState::NoState),
            });
        }
        for seen in sequence {
            plan_statuses.push((seen.status, seen.task_state));
            let sighting = Sighting::status(seen.status)
                .with_task_state(seen.task_state)
                .with_vm_state(seen.vm_state);
            sightings.push(match seen.power_state {
                Some(power) => sighting.with_power_state(power),
                None => sighting,
            });
            let changed =
                last.is_none_or(|l| (l.vm_state, l.task_state) != (seen.vm_state, seen.task_state));
            if !changed || current.is_empty() {
                // A power state saved alone is the model's hypervisor step (no label).
                if let Some(power) = seen.power_state {
                    for state in &mut current {
                        state.power_state = power;
                    }
                }
                last = Some(seen);
                continue;
            }
            let mut found = follow(&current, &seen, &settings, own, microversion);
            if found.is_empty() && own.is_some() {
                // The request's own step may be invisible (no task): allow the next one.
                found = follow(&current, &seen, &settings, None, microversion);
            }
            if found.is_empty() {
                let from = last.map_or("?".to_owned(), |l| {
                    format!("({}, {:?})", l.vm_state, l.task_state)
                });
                report.problem(
                    "step",
                    format!(
                        "{what}: {from} -> ({}, {:?}) is no step of the Nova model",
                        seen.vm_state, seen.task_state
                    ),
                );
                current = guess(&seen);
            } else {
                for (from, step) in &found {
                    let (a, b) = (from.status(), step.to.status());
                    if a != b {
                        let row = step
                            .label
                            .is_some_and(|e| a.next(e).is_ok_and(|to| to.contains(b)));
                        if !row {
                            report.problem(
                                "projection",
                                format!(
                                    "{what}: step {a} -[{:?}]-> {b} is no row of the status table",
                                    step.label
                                ),
                            );
                        }
                    }
                }
                current = dedup(found.into_iter().map(|(_, step)| step.to));
            }
            own = None;
            last = Some(seen);
        }
        if let (Some(op), Some("request")) = (own, record["kind"].as_str()) {
            unseen.entry(server.clone()).or_insert(op);
        }
        if let Some(after) = after {
            // Keep the candidates that fit the settled state (the power state may move).
            let fitting: Candidates = current
                .into_iter()
                .filter(|s| matches(s, &after))
                .map(|s| NovaState {
                    power_state: after.power_state.unwrap_or(s.power_state),
                    ..s
                })
                .collect();
            candidates.insert(server.clone(), dedup(fitting));
        }

        // Settled results and the plan.
        if let (Some((event, _)), Some(before), Some(after)) = (request, before, after) {
            let settled = record["settled"].as_bool().unwrap_or(false);
            let effective = settings.effective_request(event);
            // An evacuation's note only says its source host was taken down first.
            let clean = record.get("held").is_none()
                && (record.get("note").is_none() || record["note"] == "source host down");
            // Where the microversion decides the end, the plan at that microversion names
            // it (every evacuation has a note: its source host was taken down first).
            if event == Event::Evacuate && accepted && settled && record.get("held").is_none() {
                report.evacuations += 1;
                let plan = Plan::new(event, before.status, settings)
                    .map(|plan| plan.with_microversion(microversion));
                match plan {
                    Ok(plan) if plan.target().contains(after.status) => {}
                    other => report.problem(
                        "plan",
                        format!(
                            "{what}: evacuate at {microversion} from {} ended {}, not a target of {other:?}",
                            before.status, after.status
                        ),
                    ),
                }
            }
            if accepted && settled && clean && before.status.accepts(effective) {
                let results = reachable_results(before.status, effective);
                if !results.contains(after.status) && after.status != before.status {
                    report.problem(
                        "result",
                        format!(
                            "{what}: {} ended {} which is not among {results}",
                            before.status, after.status
                        ),
                    );
                }
                // The waiter, with all a poll sees (status, task, vm_state, power): never
                // failed on the way to a good end, done when the request ended in a target.
                if let Ok(waiter) = Waiter::new(event, before.status, settings) {
                    let waiter = waiter.at_microversion(microversion);
                    let verdicts: Vec<Verdict> =
                        sightings.iter().map(|seen| waiter.verdict(*seen)).collect();
                    let ends_done = verdicts.last().is_some_and(Verdict::is_done);
                    let last = verdicts.len().saturating_sub(1);
                    for (index, verdict) in verdicts.iter().enumerate() {
                        if index < last && ends_done && verdict.is_failed() {
                            report.problem(
                                "waiter",
                                format!(
                                    "{what}: the waiter for {event} from {} gave up on the way: {verdict}",
                                    before.status
                                ),
                            );
                        }
                    }
                    if waiter.target().contains(after.status) && !ends_done {
                        report.problem(
                            "waiter",
                            format!(
                                "{what}: the waiter for {event} from {} is not done at the end ({}): {:?}",
                                before.status,
                                after.status,
                                verdicts.last()
                            ),
                        );
                    }
                }
                if let Ok(plan) = Plan::new(event, before.status, settings) {
                    let plan = plan.with_microversion(microversion);
                    let last = plan_statuses.len().saturating_sub(1);
                    let ends_done = plan_statuses.last().is_some_and(|(status, task)| {
                        let seen = Observation::new(*status).with_task_state(*task);
                        plan.assess(&seen).progress() == Progress::Done
                    });
                    for (index, (status, task)) in plan_statuses.iter().enumerate() {
                        let seen = Observation::new(*status).with_task_state(*task);
                        let progress = plan.assess(&seen).progress();
                        // A waiter must not give up on the way to a good end.
                        let gave_up = index < last && ends_done && progress == Progress::Failed;
                        if progress == Progress::Unexpected || gave_up {
                            report.problem(
                                "plan",
                                format!(
                                    "{what}: {status} with task {task:?} is {progress:?} for the plan of {event} from {}",
                                    before.status
                                ),
                            );
                        }
                    }
                }
            }
        }

        // The status history, per server.
        if !server.is_empty() {
            let history = histories.entry(server).or_default();
            for seen in before.iter().chain(&views).chain(after.iter()) {
                if history.last() != Some(&seen.status) {
                    history.push(seen.status);
                }
            }
        }
    }
    for (server, history) in &histories {
        for verdict in audit::history(history.iter().copied()) {
            if !verdict.is_explained() {
                report.problem(
                    "audit",
                    format!("server {}: {verdict}", &server[..8.min(server.len())]),
                );
            }
        }
    }
    report
}

#[test]
fn the_model_agrees_with_the_recorded_nova_run() {
    let records = traces();
    let header = records.first().expect("a header line");
    assert_eq!(header["kind"], "header");
    assert_eq!(header["nova"], "34.0.0", "the traces name the Nova release");
    let report = check(&records);
    assert!(report.requests > 0, "no requests in the traces");
    // The committed run has them; a smoke run (NOVA_LIVE_TRACES) need not.
    assert!(
        report.evacuations >= 3 || std::env::var("NOVA_LIVE_TRACES").is_ok(),
        "the evacuations at 2.94 and at the latest microversion are in the traces"
    );
    let mut text = String::new();
    let mut documented = vec![0usize; DOCUMENTED.len()];
    for (kind, problems) in &report.problems {
        let open: Vec<&String> = problems
            .iter()
            .filter(|problem| {
                let hit = DOCUMENTED.iter().position(|(check, fragments, _)| {
                    check == kind && fragments.iter().all(|f| problem.contains(f))
                });
                if let Some(index) = hit {
                    documented[index] += 1;
                }
                hit.is_none()
            })
            .collect();
        if open.is_empty() {
            continue;
        }
        text.push_str(&format!("{kind}: {} problems\n", open.len()));
        for problem in open.iter().take(40) {
            text.push_str(&format!("  {problem}\n"));
        }
    }
    for (count, (check, fragments, section)) in documented.iter().zip(DOCUMENTED) {
        eprintln!("documented in docs/nova.md ({section}): {count} x {check}");
        let timing = TIMING_DEPENDENT.contains(&(*check, *fragments));
        if *count == 0 && !timing && std::env::var("NOVA_LIVE_TRACES").is_err() {
            text.push_str(&format!(
                "documented {check} {fragments:?} ({section}) never seen\n"
            ));
        }
    }
    if std::env::var("NOVA_LIVE_TRACES").is_err() {
        for (seen, (name, code, _, why)) in report.preconditions_seen.iter().zip(PRECONDITIONS) {
            if !seen {
                text.push_str(&format!("precondition {name} {code} ({why}) never seen\n"));
            }
        }
    }
    eprintln!(
        "{} records, {} requests, {} observations",
        report.records, report.requests, report.observations
    );
    assert!(text.is_empty(), "disagreements with Nova:\n{text}");
}
