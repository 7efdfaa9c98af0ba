//! The waiter against the Nova step model: for every request from every reachable Nova
//! state whose guard accepts it, under each settings profile and microversion, every
//! path of [`NovaState::steps`] (the request's own work and the background jobs, bounded
//! depth) is polled with missed observations in between, and:
//!
//! * the waiter never gives a final verdict before the request's work has ended;
//! * it never says *failed* on a path that ends where the request leads (the vm_state
//!   [`Operation::success_end`] names), and never plain *done* on one that does not;
//! * with the task_state, vm_state and power state observed, it reaches its final
//!   verdict at the first poll after the end (and at a poll after a periodic job that
//!   follows the end).
//!
//! The case count is fixed: the reachable states, the paths (depth at most
//! [`MAX_DEPTH`]) and five poll patterns per path.

use std::collections::{HashMap, HashSet};

use std::time::Duration;

use server_lifecycle::nova::{
    Microversion, NovaState, Operation, StepCause, TaskState, Visibility, VmState,
};
use server_lifecycle::{
    wait_with, CloudSettings, Event, Sighting, Status, Verdict, WaitError, WaitOptions, Waiter,
};

/// The longest run of a request's work the walk follows.
const MAX_DEPTH: usize = 10;

fn settings_profiles() -> [CloudSettings; 4] {
    let on = util::periodic_jobs_on();
    [
        CloudSettings::NOVA_DEFAULTS,
        on,
        on.with_shelved_offload_time(-1),
        CloudSettings::NOVA_DEFAULTS.with_resize_confirm_window(60),
    ]
}

/// Whether the request's work is over: no task, nothing running.
fn settled(state: &NovaState) -> bool {
    state.task_state.is_none() && state.running.is_none()
}

/// Whether a step belongs to a walk after the request: its own work or the background,
/// with the server visible (lost contact is judged by its own test).
fn walkable(step: &server_lifecycle::nova::NovaStep) -> bool {
    !matches!(step.kind, StepCause::Request(_))
        && step.to.visibility == Visibility::Shown
        && !matches!(
            step.label,
            Some(Event::ContactLost | Event::ContactRestored)
        )
}

/// Every path from `start` to the first settled state, at most `MAX_DEPTH` steps.
fn paths(start: NovaState, settings: &CloudSettings) -> Vec<Vec<NovaState>> {
    let mut done = Vec::new();
    let mut stack = vec![vec![start]];
    while let Some(path) = stack.pop() {
        let last = *path.last().expect("paths are never empty");
        if settled(&last) {
            done.push(path);
            continue;
        }
        if path.len() > MAX_DEPTH {
            continue;
        }
        for step in last.steps(settings) {
            if walkable(&step) {
                let mut longer = path.clone();
                longer.push(step.to);
                stack.push(longer);
            }
        }
    }
    done
}

/// How a poll shows a state: fully (status, task_state, vm_state, power state) or by
/// status alone. A deleted server is not found.
fn sighting(state: &NovaState, full: bool) -> Sighting {
    if state.vm_state == VmState::Deleted {
        return Sighting::NOT_FOUND;
    }
    let sighting = Sighting::status(state.status());
    if full {
        sighting
            .with_task_state(state.task_state)
            .with_vm_state(state.vm_state)
            .with_power_state(state.power_state)
    } else {
        sighting
    }
}

/// The poll patterns over a path of `len` states: every state, only the last, the even
/// ones, the odd ones, the first and the last. Each ends with the last state (the first
/// poll after the end).
fn patterns(len: usize) -> [Vec<usize>; 5] {
    let last = len - 1;
    let with_last = |mut polls: Vec<usize>| {
        if polls.last() != Some(&last) {
            polls.push(last);
        }
        polls
    };
    [
        (0..len).collect(),
        vec![last],
        with_last((0..last).step_by(2).collect()),
        with_last((1..last).step_by(2).collect()),
        with_last(vec![0]),
    ]
}

/// The request a request step realises, and the operation whose run decides the end.
fn request_of(operation: Operation, from: &NovaState) -> Option<(Event, Operation)> {
    let event = operation.event()?;
    let runs = match operation {
        Operation::SoftDelete if !from.launched => Operation::Delete,
        other => other,
    };
    Some((event, runs))
}

struct Problems(Vec<String>);

impl Problems {
    fn add(&mut self, problem: String) {
        let key = problem.lines().next().unwrap_or_default().to_owned();
        if self.0.len() < 40 && !self.0.iter().any(|seen| seen.starts_with(&key)) {
            self.0.push(problem);
        }
    }
}

/// One walk as the waiter sees it: the request, where it started, the sightings of the
/// path (full and by status alone), whether it ends where the request leads, and the
/// sightings after a periodic job that follows the end (with whether each is good).
type Walk = (Event, Status, Vec<Sighting>, bool, Vec<(Sighting, bool)>);

#[allow(clippy::too_many_lines)]
fn check_profile(
    settings: CloudSettings,
    microversion: Microversion,
    problems: &mut Problems,
) -> usize {
    let mut cases = 0;
    let mut walks: HashSet<Walk> = HashSet::new();
    let mut waiters: HashMap<(Event, Status), Option<Waiter>> = HashMap::new();
    // What the request shows while it is still in progress, over all its paths; and the
    // ends where the waiter was not final. No waiter can be final where an end looks
    // exactly like a state some path of the same request is still in progress in (a
    // rebuild to stopped rests `active` between its runs, where a failed run also leaves
    // it): those ends are excused, every other one is a problem.
    let mut in_progress: HashMap<(Event, Status), HashSet<Sighting>> = HashMap::new();
    let mut unsettled: Vec<(Event, Status, Sighting, String)> = Vec::new();
    for state in util::reachable_nova_states(&settings) {
        if state.visibility != Visibility::Shown {
            continue;
        }
        let from = state.status();
        // The microversion decides whether an evacuation stops the server.
        for step in state.steps_at(&settings, microversion) {
            let StepCause::Request(operation) = step.kind else {
                continue;
            };
            let Some((request, runs)) = request_of(operation, &state) else {
                continue;
            };
            // On a cloud that defers deletes, DELETE is the soft delete.
            if operation == Operation::Delete && settings.defers_delete() {
                continue;
            }
            let waiter = *waiters.entry((request, from)).or_insert_with(|| {
                match Waiter::new(request, from, settings) {
                    Ok(waiter) => Some(waiter.at_microversion(microversion)),
                    Err(error) => {
                        problems.add(format!(
                            "{request} from {from}: Nova accepts it but {error}"
                        ));
                        None
                    }
                }
            });
            let Some(waiter) = waiter else {
                continue;
            };
            let good = runs.success_end(state.vm_state, &step.to.context(&settings));
            // A request that neither sets a task nor needs one (trigger_crash_dump) is
            // over once accepted, even while another request's run goes on (a rebuild
            // to stopped, between its runs): that run is not this request's path.
            let over_at_once = runs.task_sequence().is_empty()
                && runs
                    .guard()
                    .task_states()
                    .is_none_or(|tasks| tasks.contains(None));
            let walked = if over_at_once {
                vec![vec![step.to]]
            } else {
                paths(step.to, &settings)
            };
            for path in walked {
                let end = *path.last().expect("paths are never empty");
                let leads_here = end.vm_state == good;
                let late = end
                    .steps(&settings)
                    .into_iter()
                    .filter(|late| {
                        matches!(
                            late.label,
                            Some(Event::AutoConfirm | Event::AutoOffload | Event::Reclaim)
                        )
                    })
                    // A periodic job may run through a task of its own (the offload saves
                    // `shelving_offloading` first, seen in Nova 34.0.0): judge where it
                    // settles.
                    .flat_map(|late| {
                        paths(late.to, &settings)
                            .into_iter()
                            .map(|path| *path.last().expect("paths are never empty"))
                            .collect::<Vec<_>>()
                    })
                    .map(|settled| {
                        let good = leads_here && settled.vm_state != VmState::Error;
                        (sighting(&settled, true), good)
                    })
                    .collect();
                let seen: Vec<Sighting> = path.iter().map(|state| sighting(state, true)).collect();
                in_progress
                    .entry((request, from))
                    .or_default()
                    .extend(seen[..seen.len() - 1].iter().copied());
                if walks.insert((request, from, seen, leads_here, late)) {
                    let mut ends = Vec::new();
                    cases += check_walk(waiter, &path, leads_here, problems, &mut ends);
                    unsettled.extend(
                        ends.into_iter()
                            .map(|(seen, problem)| (request, from, seen, problem)),
                    );
                }
            }
        }
    }
    for (request, from, seen, problem) in unsettled {
        let excused = in_progress
            .get(&(request, from))
            .is_some_and(|shown| shown.contains(&seen));
        if !excused {
            problems.add(problem);
        }
    }
    for (request, from, path, leads_here, late) in &walks {
        let waiter = waiters[&(*request, *from)].expect("walks have waiters");
        let end = path[path.len() - 1];
        for (late, good) in late {
            let said = waiter.verdict(*late);
            // Excused like an unsettled end: it looks exactly like a state the request is
            // still in progress in on another path.
            let looks_in_progress = in_progress
                .get(&(*request, *from))
                .is_some_and(|shown| shown.contains(late));
            if (!said.is_final() && !looks_in_progress) || (*good && said.is_failed()) {
                problems.add(format!(
                    "{request} from {from}, good end {leads_here} {end:?}, then a periodic job: {late:?} -> {said}"
                ));
            }
        }
    }
    cases
}

/// Polls one path with every pattern, fully and by status alone.
fn check_walk(
    waiter: Waiter,
    path: &[NovaState],
    leads_here: bool,
    problems: &mut Problems,
    unsettled: &mut Vec<(Sighting, String)>,
) -> usize {
    let mut cases = 0;
    for full in [true, false] {
        for polls in patterns(path.len()) {
            cases += 1;
            let mut waiter = waiter;
            for &index in &polls {
                let seen = sighting(&path[index], full);
                let said = waiter.observe(seen);
                let describe = || {
                    format!(
                        "{} from {} (full {full}): poll {index} of {} {seen:?} -> {said}\n  path: {:?}",
                        waiter.plan().request(),
                        waiter.plan().from(),
                        path.len() - 1,
                        path.iter()
                            .map(|s| (s.vm_state, s.task_state, s.status()))
                            .collect::<Vec<_>>()
                    )
                };
                if index + 1 < path.len() && said.is_final() {
                    problems.add(format!("final before the end: {}", describe()));
                }
                if index + 1 == path.len() {
                    if leads_here && said.is_failed() {
                        problems.add(format!("failed on a good path: {}", describe()));
                    }
                    if !leads_here && matches!(said, Verdict::Done(_)) {
                        problems.add(format!("done on a bad path: {}", describe()));
                    }
                    if full && !said.is_final() {
                        // Judged after every path is seen: see `check_profile`.
                        unsettled.push((seen, format!("not final after the end: {}", describe())));
                    }
                }
            }
        }
    }
    cases
}

#[test]
fn the_waiter_is_right_on_every_path_of_the_nova_model() {
    let mut problems = Problems(Vec::new());
    let mut cases = 0;
    for settings in settings_profiles() {
        for microversion in Microversion::DISTINCT_BEHAVIOURS {
            cases += check_profile(settings, microversion, &mut problems);
        }
    }
    eprintln!("{cases} cases");
    assert!(
        cases > 1_000,
        "only {cases} cases: the walk found too little"
    );
    assert!(
        problems.0.is_empty(),
        "{} problems (first 40):\n{}",
        problems.0.len(),
        problems.0.join("\n")
    );
}

#[test]
fn create_is_right_on_every_path_of_the_build() {
    let mut problems = Vec::new();
    for settings in settings_profiles() {
        for volume_backed in [false, true] {
            let start = NovaState::created(volume_backed);
            for path in paths(start, &settings) {
                let end = *path.last().expect("paths are never empty");
                for polls in patterns(path.len()) {
                    let mut waiter = Waiter::create(settings);
                    for &index in &polls {
                        let said = waiter.observe(sighting(&path[index], true));
                        let at_end = index + 1 == path.len();
                        if at_end != said.is_final() {
                            problems.push(format!("poll {index} of {path:?}: {said}"));
                        }
                        if at_end && (end.vm_state == VmState::Active) != said.is_done() {
                            problems.push(format!("end {end:?}: {said}"));
                        }
                    }
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A fake clock and sleeper: sleeping moves the clock.
fn fake_time() -> (
    std::rc::Rc<std::cell::Cell<std::time::Duration>>,
    impl FnMut() -> std::time::Duration,
    impl FnMut(std::time::Duration),
) {
    let now = std::rc::Rc::new(std::cell::Cell::new(std::time::Duration::ZERO));
    let (clock, sleeper) = (now.clone(), now.clone());
    (
        now,
        move || clock.get(),
        move |slept| sleeper.set(sleeper.get() + slept),
    )
}

fn options() -> WaitOptions {
    WaitOptions::default()
        .interval(Duration::from_secs(1))
        .max_interval(Duration::from_secs(8))
        .timeout(Duration::from_secs(60))
}

#[test]
fn the_blocking_helper_polls_until_the_verdict_is_final() {
    let waiter = Waiter::new(Event::Rebuild, Status::Stopped, CloudSettings::default()).unwrap();
    let mut polls = vec![
        Sighting::status(Status::Rebuild),
        Sighting::status(Status::Active).with_task_state(Some(TaskState::PoweringOff)),
        Sighting::status(Status::Stopped).with_task_state(None),
    ]
    .into_iter();
    let (now, clock, sleeper) = fake_time();
    let verdict = wait_with(
        waiter,
        || polls.next().ok_or("no more polls"),
        options(),
        clock,
        sleeper,
    )
    .unwrap();
    assert!(verdict.is_done(), "{verdict}");
    assert_eq!(verdict.to_string().split(';').next(), Some("done: STOPPED"));
    assert_eq!(now.get(), Duration::from_secs(3)); // slept 1 s, then 2 s
}

#[test]
fn the_blocking_helper_ends_a_delete_on_not_found_and_fails_anything_else() {
    for (request, done) in [(Event::Delete, true), (Event::Stop, false)] {
        let waiter = Waiter::new(request, Status::Active, CloudSettings::default()).unwrap();
        let mut polls = vec![Sighting::status(Status::Active), Sighting::NOT_FOUND].into_iter();
        let (_, clock, sleeper) = fake_time();
        let verdict = wait_with(
            waiter,
            || polls.next().ok_or("no more polls"),
            options(),
            clock,
            sleeper,
        )
        .unwrap();
        assert_eq!(verdict.is_done(), done, "{request}: {verdict}");
        assert_eq!(verdict.is_failed(), !done, "{request}: {verdict}");
    }
}

#[test]
fn the_blocking_helper_passes_the_poll_error_and_times_out_with_the_last_verdict() {
    let waiter = Waiter::new(Event::Stop, Status::Active, CloudSettings::default()).unwrap();
    let (_, clock, sleeper) = fake_time();
    let failed = wait_with(
        waiter,
        || Err::<Sighting, _>("connection refused"),
        options(),
        clock,
        sleeper,
    );
    assert!(matches!(failed, Err(WaitError::Poll("connection refused"))));

    let (now, clock, sleeper) = fake_time();
    let hung = wait_with(
        waiter,
        || Ok::<_, &str>(Sighting::status(Status::Active)),
        options(),
        clock,
        sleeper,
    );
    let Err(WaitError::TimedOut {
        last: Some((seen, verdict)),
        polls,
    }) = hung
    else {
        panic!("expected a timeout, got {hung:?}");
    };
    assert_eq!(seen, Sighting::status(Status::Active));
    assert_eq!(
        verdict.to_string(),
        "keep waiting: ACTIVE: cannot tell without task_state"
    );
    assert_eq!(now.get(), Duration::from_secs(60));
    // Sleeps of 1, 2, 4, then 8 six times (55 s), then the 5 s left: 11 polls.
    assert_eq!(polls, 11);
}

#[path = "util/mod.rs"]
mod util;

#[test]
fn the_peers_table_in_docs_waiting_md_is_current() {
    util::assert_generated_section(
        "docs/waiting.md",
        "peers",
        &server_lifecycle::render::peer_waits_markdown(),
    );
}

#[test]
fn unknown_keeps_waiting_and_other_requests_do_not_end_the_wait() {
    let stop = Waiter::new(Event::Stop, Status::Active, CloudSettings::default()).unwrap();
    // A cell that is down: UNKNOWN, whatever the request.
    assert_eq!(
        stop.verdict(Sighting::status(Status::Unknown)).to_string(),
        "keep waiting: UNKNOWN: the control plane cannot tell"
    );
    // Someone paused it instead: no target can follow without a new request.
    assert!(stop.verdict(Sighting::status(Status::Paused)).is_failed());
    // Another task under a pending status: keep waiting, and say which.
    let other = Sighting::status(Status::Active).with_task_state(Some(TaskState::Deleting));
    assert_eq!(
        stop.verdict(other).to_string(),
        "keep waiting: another task runs (deleting) instead of the request's"
    );
}

#[test]
fn a_revert_of_a_stopped_server_is_waited_for_through_its_stop() {
    // Seen in Nova 34.0.0: REVERT_RESIZE, then VERIFY_RESIZE (resized / powering-off)
    // while Nova stops the guest, then SHUTOFF.
    let waiter = Waiter::new(
        Event::RevertResize,
        Status::VerifyResize,
        CloudSettings::NOVA_DEFAULTS,
    )
    .unwrap();
    let stopping = Sighting::status(Status::VerifyResize)
        .with_task_state(Some(TaskState::PoweringOff))
        .with_vm_state(VmState::Resized);
    assert!(
        !waiter.verdict(stopping).is_final(),
        "{}",
        waiter.verdict(stopping)
    );
    assert!(waiter.verdict(Sighting::status(Status::Stopped)).is_done());
    // Idle in VERIFY_RESIZE, the revert cannot be going on.
    let idle = Sighting::status(Status::VerifyResize).with_task_state(None);
    assert!(waiter.verdict(idle).is_failed());
    // A task whose work ends elsewhere is still given up on: a delete's.
    let deleting =
        Sighting::status(Status::VerifyResize).with_task_state(Some(TaskState::Deleting));
    assert!(waiter.verdict(deleting).is_final());
}
