//! The guarded-write protocol, model-checked exhaustively with `stateright`.
//!
//! Several workers share one row holding a server's status. Each worker, for each of its
//! requests: reads the row (a plain `SELECT`, no lock), decides with the library
//! ([`GuardedWrite::new`], then [`GuardedWrite::choose`] for the result it saw), and runs
//! the conditional write `UPDATE ... SET status = new WHERE id = ? AND status = expected`
//! with its history row in one atomic step. A write that matches no row is a lost race:
//! the worker re-reads and decides again, a bounded number of times. Every interleaving of
//! every choice (which event, which result) is explored.
//!
//! The transition relation is the library's: the model never names a transition, it asks
//! [`GuardedWrite`] (which reads the table) what may be written.
//!
//! Properties, checked in every reachable state:
//!
//! * **legal history**: the committed history starts at the initial status, each entry
//!   starts where the previous one ended, each is a transition of the table, and the
//!   library's audit ([`audit::history`]) finds every step of the status sequence direct;
//! * **no accepted write lost**: every write a worker saw commit is in the history, once,
//!   and the row is where the last one left it;
//! * **refusals write nothing**: a request the library refused changed neither the row nor
//!   the history.
//!
//! The broken variant is the same protocol with a blind `UPDATE ... WHERE id = ?` (no
//! guard): the checker must find a counterexample, and the test prints it.

use std::fmt;

use server_lifecycle::audit::{self, StepKind};
use server_lifecycle::{Event, GuardedWrite, Status};
use stateright::{Checker, Model, Property};

/// How many times a worker re-reads and retries after a lost race.
const RETRIES: u8 = 1;
/// The events the workers pick from: requests and the outcomes that end their tasks,
/// including one with several possible results (`fail` from `REBOOT`: `ACTIVE` or
/// `ERROR`) and one that may end the server (`delete`).
const ALPHABET: [Event; 6] = [
    Event::Reboot,
    Event::Stop,
    Event::Start,
    Event::Complete,
    Event::Fail,
    Event::Delete,
];
/// The status the row starts in.
const START: Status = Status::Active;

/// The statement the write runs.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum Update {
    /// `UPDATE servers SET status = ?new WHERE id = ? AND status = ?expected`.
    Guarded,
    /// `UPDATE servers SET status = ?new WHERE id = ?`: the deliberately broken variant.
    Blind,
}

/// One committed history row: which worker wrote it, and the transition it records.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
struct Entry {
    worker: u8,
    from: Status,
    event: Event,
    to: Status,
}

/// Where a worker is in its current request.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
enum Phase {
    /// Between requests: it may pick its next event.
    Idle,
    /// It picked `event` and must (re-)read the row before deciding.
    ToRead { event: Event, retries: u8 },
    /// It read `read` and decides with the library, then writes.
    Read {
        event: Event,
        read: Status,
        retries: u8,
    },
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
struct Worker {
    phase: Phase,
    /// Requests still to make.
    left: u8,
    /// Writes this worker saw commit.
    accepted: u8,
    /// Requests the library refused.
    refused: u8,
    /// Writes that matched no row.
    lost: u8,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct World {
    /// The stored row's status.
    row: Status,
    /// The history table, in commit order.
    history: Vec<Entry>,
    workers: Vec<Worker>,
    /// Ghost: set when a refusal changed the row or the history.
    refusal_wrote: bool,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum Action {
    /// Worker picks its next request.
    Pick(u8, Event),
    /// Worker reads the row (`SELECT status FROM servers WHERE id = ?`).
    Read(u8),
    /// The library refuses the request in the status read: nothing is written.
    Refuse(u8),
    /// The library accepts; the worker saw the event end in `result` and runs the write.
    Write(u8, Status),
}

impl fmt::Display for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "worker {}: {} --{}--> {}",
            self.worker, self.from, self.event, self.to
        )
    }
}

struct Protocol {
    update: Update,
    /// How many workers share the row.
    workers: usize,
    /// How many requests each worker makes.
    requests: u8,
}

impl Model for Protocol {
    type State = World;
    type Action = Action;

    fn init_states(&self) -> Vec<World> {
        let worker = Worker {
            phase: Phase::Idle,
            left: self.requests,
            accepted: 0,
            refused: 0,
            lost: 0,
        };
        vec![World {
            row: START,
            history: Vec::new(),
            workers: vec![worker; self.workers],
            refusal_wrote: false,
        }]
    }

    fn actions(&self, world: &World, actions: &mut Vec<Action>) {
        for (index, worker) in world.workers.iter().enumerate() {
            let id = index as u8;
            match worker.phase {
                Phase::Idle if worker.left > 0 => {
                    actions.extend(ALPHABET.iter().map(|&event| Action::Pick(id, event)));
                }
                Phase::Idle => {}
                Phase::ToRead { .. } => actions.push(Action::Read(id)),
                Phase::Read { event, read, .. } => match GuardedWrite::new(read, event) {
                    Err(_) => actions.push(Action::Refuse(id)),
                    Ok(plan) => {
                        actions.extend(plan.results().iter().map(|to| Action::Write(id, to)));
                    }
                },
            }
        }
    }

    fn next_state(&self, world: &World, action: Action) -> Option<World> {
        let mut next = world.clone();
        match action {
            Action::Pick(id, event) => {
                next.workers[id as usize].phase = Phase::ToRead {
                    event,
                    retries: RETRIES,
                };
            }
            Action::Read(id) => {
                let worker = &mut next.workers[id as usize];
                let Phase::ToRead { event, retries } = worker.phase else {
                    return None;
                };
                worker.phase = Phase::Read {
                    event,
                    read: world.row,
                    retries,
                };
            }
            Action::Refuse(id) => {
                let worker = &mut next.workers[id as usize];
                let Phase::Read { event, read, .. } = worker.phase else {
                    return None;
                };
                // The decision is the library's: a refusal must be one.
                GuardedWrite::new(read, event).err()?;
                worker.refused += 1;
                worker.left -= 1;
                worker.phase = Phase::Idle;
                next.refusal_wrote |= next.row != world.row || next.history != world.history;
            }
            Action::Write(id, to) => {
                let Phase::Read {
                    event,
                    read,
                    retries,
                } = next.workers[id as usize].phase
                else {
                    return None;
                };
                let write = GuardedWrite::new(read, event).ok()?.choose(to).ok()?;
                let new = write.new_status()?;
                let matched = match self.update {
                    Update::Guarded => world.row == write.expected_status(),
                    Update::Blind => true,
                };
                let worker = &mut next.workers[id as usize];
                if matched {
                    // One transaction: the row and its history row.
                    next.row = new;
                    next.history.push(Entry {
                        worker: id,
                        from: write.expected_status(),
                        event,
                        to: new,
                    });
                    worker.accepted += 1;
                    worker.left -= 1;
                    worker.phase = Phase::Idle;
                } else {
                    // 0 rows updated: a lost race. Re-read and decide again, or give up.
                    worker.lost += 1;
                    if retries > 0 {
                        worker.phase = Phase::ToRead {
                            event,
                            retries: retries - 1,
                        };
                    } else {
                        worker.left -= 1;
                        worker.phase = Phase::Idle;
                    }
                }
            }
        }
        Some(next)
    }

    fn properties(&self) -> Vec<Property<Self>> {
        vec![
            Property::always("legal history", |_, world: &World| legal_history(world)),
            Property::always("no accepted write lost", |_, world: &World| {
                no_write_lost(world)
            }),
            Property::always("refusals write nothing", |_, world: &World| {
                !world.refusal_wrote
            }),
            // Reachability checks, so the properties above are not vacuous.
            Property::sometimes("a race is lost", |_, world: &World| {
                world.workers.iter().any(|w| w.lost > 0)
            }),
            Property::sometimes("a request is refused", |_, world: &World| {
                world.workers.iter().any(|w| w.refused > 0)
            }),
            Property::sometimes("a retry commits after a lost race", |_, world: &World| {
                world.workers.iter().any(|w| w.lost > 0 && w.accepted > 0)
            }),
            Property::sometimes("every worker commits", |model: &Protocol, world: &World| {
                world.workers.iter().all(|w| w.accepted == model.requests)
            }),
        ]
    }
}

/// The history starts at the initial status, chains, and every entry is a transition of
/// the table; the library's audit finds every step of its status sequence direct (or
/// unchanged).
fn legal_history(world: &World) -> bool {
    let mut at = START;
    for entry in &world.history {
        let in_table = entry
            .from
            .next(entry.event)
            .is_ok_and(|results| results.contains(entry.to));
        if entry.from != at || !in_table {
            return false;
        }
        at = entry.to;
    }
    let statuses = std::iter::once(START).chain(world.history.iter().map(|entry| entry.to));
    audit::history(statuses).all(|verdict| {
        matches!(
            verdict.kind(),
            StepKind::First | StepKind::Unchanged | StepKind::Direct
        )
    })
}

/// Every write a worker saw commit is in the history exactly as often as it committed;
/// each was seen by the write after it (which started from its result, not from a status
/// it overwrote); and the row is the last one's result.
fn no_write_lost(world: &World) -> bool {
    let counted = world.workers.iter().enumerate().all(|(id, worker)| {
        let rows = world
            .history
            .iter()
            .filter(|entry| usize::from(entry.worker) == id)
            .count();
        rows == usize::from(worker.accepted)
    });
    let seen = world
        .history
        .windows(2)
        .all(|pair| pair[1].from == pair[0].to);
    let last = world.history.last().map_or(START, |entry| entry.to);
    counted && seen && world.row == last
}

fn check(update: Update, workers: usize, requests: u8) -> impl Checker<Protocol> {
    let model = Protocol {
        update,
        workers,
        requests,
    };
    model.checker().spawn_bfs().join()
}

/// Checks the guarded protocol exhaustively with `workers` workers making `requests`
/// requests each, and returns the number of distinct states.
fn check_guarded(workers: usize, requests: u8) -> usize {
    let checker = check(Update::Guarded, workers, requests);
    assert!(checker.is_done(), "the state space was not exhausted");
    eprintln!(
        "guarded, {workers} workers x {requests} requests: {} states ({} unique), depth {}",
        checker.state_count(),
        checker.unique_state_count(),
        checker.max_depth()
    );
    checker.assert_properties();
    checker.unique_state_count()
}

#[test]
fn the_guarded_write_protocol_holds_for_three_workers() {
    let states = check_guarded(3, 1);
    assert!(states > 10_000, "suspiciously small state space: {states}");
}

#[test]
fn the_guarded_write_protocol_holds_for_two_workers_making_two_requests_each() {
    let states = check_guarded(2, 2);
    assert!(states > 10_000, "suspiciously small state space: {states}");
}

#[test]
fn a_blind_update_loses_a_write_and_the_checker_finds_it() {
    let checker = check(Update::Blind, 2, 1);
    let path = checker.assert_any_discovery("no accepted write lost");
    let last = path.last_state().clone();
    eprintln!("counterexample (blind UPDATE without the guard):");
    for action in path.into_actions() {
        eprintln!("  {action:?}");
    }
    for entry in &last.history {
        eprintln!("  history: {entry}");
    }
    eprintln!("  row: {}", last.row);
    assert!(!no_write_lost(&last));
    // The lost write is one a worker saw commit: two writes planned from the same read.
    let overwritten = last
        .history
        .windows(2)
        .find(|pair| pair[1].from != pair[0].to)
        .expect("a write the next one did not start from");
    assert_eq!(overwritten[0].from, overwritten[1].from);
    assert_ne!(overwritten[0].worker, overwritten[1].worker);
    // The broken protocol also writes histories that are not paths of the model.
    assert!(checker.discovery("legal history").is_some());
}
