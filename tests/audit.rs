//! Audits of observed histories: real sequences for every request family, missed polls,
//! impossible histories, streaming over interleaved servers, and properties over random
//! walks through the table.

use proptest::prelude::*;
use server_lifecycle::audit::{self, Auditor, KeyedAuditor, StepKind, StepVerdict};
use server_lifecycle::{Event, Status, StatusSet};

use Status as S;

/// Whether an event changes the server (contact changes only change what we see).
fn is_real(event: Event) -> bool {
    !matches!(event, Event::ContactLost | Event::ContactRestored)
}

/// The statuses one real event leads to, straight from `Status::next`.
fn real_successors(from: Status) -> StatusSet {
    Event::ALL
        .into_iter()
        .filter(|e| is_real(*e))
        .filter_map(|e| from.next(e).ok())
        .fold(StatusSet::EMPTY, StatusSet::union)
}

/// Breadth-first distances over real events (an independent oracle for the audit).
fn distance(from: Status, to: Status) -> Option<usize> {
    let mut seen = StatusSet::of(&[from]);
    let mut frontier = seen;
    let mut steps = 0;
    while !seen.contains(to) {
        let next = frontier
            .iter()
            .fold(StatusSet::EMPTY, |all, s| all.union(real_successors(s)))
            .difference(seen);
        if next.is_empty() {
            return None;
        }
        seen = seen.union(next);
        frontier = next;
        steps += 1;
    }
    Some(steps)
}

fn kinds(history: &[Status]) -> Vec<StepKind> {
    audit::history(history.iter().copied())
        .map(|v| v.kind())
        .collect()
}

#[track_caller]
fn assert_all_explained(history: &[Status]) {
    for verdict in audit::history(history.iter().copied()) {
        assert!(verdict.is_explained(), "{verdict} in {history:?}");
    }
}

#[test]
fn every_pair_is_judged_as_the_table_says() {
    for from in Status::ALL.into_iter().filter(|s| *s != S::Unknown) {
        for to in Status::ALL.into_iter().filter(|s| *s != S::Unknown) {
            let verdict = audit::history([from, to]).nth(1).unwrap();
            let expected = match distance(from, to) {
                Some(0) => StepKind::Unchanged,
                Some(1) => StepKind::Direct,
                Some(_) => StepKind::Explained,
                None => StepKind::Impossible,
            };
            assert_eq!(verdict.kind(), expected, "{from} -> {to}");
            assert_eq!(
                audit::possible_after(from).contains(to),
                distance(from, to).is_some()
            );
        }
    }
}

#[test]
fn direct_steps_name_exactly_the_events_that_lead_there() {
    for from in Status::ALL.into_iter().filter(|s| *s != S::Unknown) {
        for to in real_successors(from).iter().filter(|to| *to != from) {
            if to == S::Unknown {
                continue;
            }
            let verdict = audit::history([from, to]).nth(1).unwrap();
            let expected: Vec<Event> = Event::ALL
                .into_iter()
                .filter(|e| is_real(*e))
                .filter(|e| from.next(*e).is_ok_and(|results| results.contains(to)))
                .collect();
            assert_eq!(
                verdict.events().iter().collect::<Vec<_>>(),
                expected,
                "{from} -> {to}"
            );
            assert_eq!(verdict.explanation().unwrap().len(), 1);
        }
    }
}

#[test]
fn explanations_are_shortest_real_paths() {
    for from in Status::ALL.into_iter().filter(|s| *s != S::Unknown) {
        for to in Status::ALL.into_iter().filter(|s| *s != S::Unknown) {
            let verdict = audit::history([from, to]).nth(1).unwrap();
            let Some(path) = verdict.explanation() else {
                assert!(matches!(
                    verdict.kind(),
                    StepKind::Unchanged | StepKind::Impossible
                ));
                continue;
            };
            assert_eq!(Some(path.len()), distance(from, to), "{from} -> {to}");
            assert_eq!(path[0].from, from);
            assert_eq!(path.last().unwrap().to, to);
            for pair in path.windows(2) {
                assert_eq!(pair[0].to, pair[1].from);
            }
            for step in &path {
                assert!(is_real(step.event), "{step}");
                assert!(
                    step.from.next(step.event).unwrap().contains(step.to),
                    "{step}"
                );
            }
            assert_eq!(verdict.missed().len(), path.len() - 1);
        }
    }
}

#[test]
fn real_sequences_of_every_request_family_are_explained() {
    let histories: &[&[Status]] = &[
        // build, then delete
        &[S::Building, S::Active, S::Deleted],
        &[S::Building, S::Error, S::Deleted],
        // reboots, with a hard reboot pre-empting a soft one
        &[S::Active, S::Reboot, S::Active, S::HardReboot, S::Active],
        &[S::Active, S::Reboot, S::HardReboot, S::Error],
        // rebuild and evacuate, from ACTIVE, STOPPED and ERROR
        &[
            S::Active,
            S::Rebuild,
            S::Active,
            S::Stopped,
            S::Rebuild,
            S::Stopped,
        ],
        &[S::Error, S::Rebuild, S::Active],
        // resize and migrate, confirm and revert, with a stopped server
        &[S::Active, S::Resized, S::VerifyResize, S::Active],
        &[
            S::Stopped,
            S::Resized,
            S::VerifyResize,
            S::RevertResize,
            S::Stopped,
        ],
        &[S::Active, S::Resized, S::Active],
        // live migration, aborted or completed
        &[
            S::Active,
            S::Migrating,
            S::Active,
            S::Paused,
            S::Migrating,
            S::Paused,
        ],
        // rescue
        &[
            S::Active,
            S::Rescued,
            S::Active,
            S::Stopped,
            S::Rescued,
            S::Error,
        ],
        // pause, suspend, stop and their inverses
        &[
            S::Active,
            S::Paused,
            S::Active,
            S::Suspended,
            S::Active,
            S::Stopped,
            S::Active,
        ],
        // power-state sync stops a paused server
        &[S::Paused, S::Stopped],
        // password
        &[S::Active, S::Password, S::Active],
        // shelve, offload, unshelve
        &[S::Active, S::Shelved, S::ShelvedOffloaded, S::Active],
        &[S::Suspended, S::ShelvedOffloaded, S::Error],
        // snapshot and backup do not move the status
        &[S::Active, S::Active, S::Stopped, S::Stopped],
        // soft delete, restore, reclaim
        &[
            S::Active,
            S::SoftDeleted,
            S::Active,
            S::SoftDeleted,
            S::Deleted,
        ],
        // admin resets
        &[S::RevertResize, S::Error, S::Active],
        // lost contact, back to a status the server could have reached
        &[
            S::Active,
            S::Unknown,
            S::Unknown,
            S::Active,
            S::Unknown,
            S::Stopped,
        ],
        &[S::Stopped, S::Unknown, S::Deleted],
    ];
    for history in histories {
        assert_all_explained(history);
    }
}

#[test]
fn missed_polls_are_explained_by_the_statuses_they_missed() {
    let cases: &[(&[Status], &[Status])] = &[
        // the resize finished between two polls
        (&[S::Active, S::VerifyResize], &[S::Resized]),
        // a stopped server was started and paused
        (&[S::Stopped, S::Paused], &[S::Active]),
        // the reboot and then a stop happened between two polls
        (&[S::Reboot, S::Stopped], &[S::Active]),
        // a build completed and was stopped
        (&[S::Building, S::Stopped], &[S::Active]),
    ];
    for (history, missed) in cases {
        let verdict = audit::history(history.iter().copied()).last().unwrap();
        assert_eq!(verdict.kind(), StepKind::Explained, "{verdict}");
        assert_eq!(verdict.missed(), *missed, "{verdict}");
    }
    let verdict = audit::history([S::Reboot, S::Stopped]).last().unwrap();
    assert_eq!(
        verdict.to_string(),
        "REBOOT -> STOPPED: explained by missed statuses: REBOOT --complete--> ACTIVE --stop--> STOPPED"
    );
}

#[test]
fn nothing_follows_deleted() {
    for status in Status::ALL.into_iter().filter(|s| *s != S::Deleted) {
        let verdict = audit::history([S::Active, S::Deleted, status])
            .last()
            .unwrap();
        assert_eq!(verdict.kind(), StepKind::Impossible, "{status}");
    }
    assert_eq!(
        kinds(&[S::Deleted, S::Deleted]),
        [StepKind::First, StepKind::Unchanged]
    );
    let verdict = audit::history([S::Deleted, S::SoftDeleted]).last().unwrap();
    assert_eq!(
        verdict.to_string(),
        "DELETED -> SOFT_DELETED: impossible: nothing leaves DELETED"
    );
    let unknown = audit::history([S::Deleted, S::Unknown]).last().unwrap();
    assert_eq!(
        unknown.to_string(),
        "DELETED -> UNKNOWN: impossible: nothing leaves DELETED"
    );
}

#[test]
fn nothing_goes_back_to_building_not_even_through_lost_contact() {
    for status in Status::ALL
        .into_iter()
        .filter(|s| !matches!(s, S::Building | S::Unknown))
    {
        assert_eq!(
            kinds(&[status, S::Building])[1],
            StepKind::Impossible,
            "{status}"
        );
        // UNKNOWN says nothing about the server: it cannot excuse the step.
        assert_eq!(
            kinds(&[status, S::Unknown, S::Building])[2],
            StepKind::Impossible,
            "{status}"
        );
    }
    let verdict = audit::history([S::Active, S::Building]).last().unwrap();
    assert_eq!(
        verdict.to_string(),
        "ACTIVE -> BUILDING: impossible: no sequence of events leads from ACTIVE to BUILDING"
    );
}

#[test]
fn lost_contact_is_judged_from_the_last_known_status() {
    let verdicts: Vec<StepVerdict> = audit::history([S::Stopped, S::Unknown, S::Active]).collect();
    assert_eq!(verdicts[1].events().to_string(), "contact_lost");
    assert_eq!(verdicts[2].basis(), Some(S::Stopped));
    assert_eq!(verdicts[2].previous(), Some(S::Unknown));
    assert_eq!(
        verdicts[2].to_string(),
        "UNKNOWN -> ACTIVE: direct from STOPPED (reboot_hard, start, reset_state_active)"
    );
    // A history that starts in UNKNOWN has nothing to judge the next status from.
    assert_eq!(
        kinds(&[S::Unknown, S::Rescued, S::Active]),
        [StepKind::First, StepKind::First, StepKind::Direct]
    );
}

#[test]
fn one_impossible_step_does_not_poison_the_rest() {
    assert_eq!(
        kinds(&[S::Deleted, S::Active, S::Stopped]),
        [StepKind::First, StepKind::Impossible, StepKind::Direct]
    );
}

#[test]
fn interleaved_servers_are_audited_as_if_alone() {
    let histories: [&[Status]; 3] = [
        &[
            S::Building,
            S::Active,
            S::Reboot,
            S::Active,
            S::Deleted,
            S::Active,
        ],
        &[S::Active, S::Stopped, S::VerifyResize, S::Stopped],
        &[S::Shelved, S::Unknown, S::ShelvedOffloaded, S::Building],
    ];
    let mut dense = Auditor::new();
    let mut keyed: KeyedAuditor<String> = KeyedAuditor::new();
    let mut got: [Vec<StepVerdict>; 3] = Default::default();
    let longest = histories.iter().map(|h| h.len()).max().unwrap();
    for i in 0..longest {
        for (server, history) in histories.iter().enumerate() {
            if let Some(status) = history.get(i) {
                let verdict = dense.observe(server, *status);
                let name = format!("server-{server}");
                assert_eq!(keyed.observe(name.as_str(), *status), verdict);
                got[server].push(verdict);
            }
        }
    }
    for (server, history) in histories.iter().enumerate() {
        let alone: Vec<StepVerdict> = audit::history(history.iter().copied()).collect();
        assert_eq!(got[server], alone, "server {server}");
    }
    assert_eq!(dense.server_count(), 3);
    assert_eq!(keyed.server_count(), 3);
    assert_eq!(dense.last_status(2), Some(S::Building));
}

#[test]
fn numeric_keys_work_as_well_as_names() {
    let mut auditor: KeyedAuditor<u64> = KeyedAuditor::new();
    auditor.observe(&9_000_000_000, S::Active);
    assert_eq!(
        auditor.observe(&9_000_000_000, S::Building).kind(),
        StepKind::Impossible
    );
    assert_eq!(auditor.id(&9_000_000_000), Some(0));
}

/// A legal life of a server: real events only, chosen at random among those the status
/// accepts, with a result chosen at random.
fn legal_walk(start: Status, choices: &[(usize, usize)]) -> Vec<Status> {
    let mut walk = vec![start];
    for (event_choice, result_choice) in choices {
        let at = *walk.last().unwrap();
        let events: Vec<Event> = Event::ALL
            .into_iter()
            .filter(|e| is_real(*e) && at.accepts(*e))
            .collect();
        if events.is_empty() {
            break;
        }
        let results: Vec<Status> = at
            .next(events[event_choice % events.len()])
            .unwrap()
            .iter()
            .collect();
        walk.push(results[result_choice % results.len()]);
    }
    walk
}

fn start_status() -> impl Strategy<Value = Status> {
    (0..Status::COUNT)
        .prop_map(|i| Status::ALL[i])
        .prop_filter("real", |s| *s != S::Unknown)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Polls that see a random subset of a legal life (and sometimes UNKNOWN while
    /// contact is lost) never make the audit cry wolf.
    #[test]
    fn sampled_legal_walks_are_always_explained(
        start in start_status(),
        choices in proptest::collection::vec((0usize..64, 0usize..8), 0..40),
        seen in proptest::collection::vec(0u8..4, 40),
    ) {
        let walk = legal_walk(start, &choices);
        let mut observed = vec![walk[0]];
        for (i, status) in walk.iter().enumerate().skip(1) {
            match seen[i % seen.len()] {
                0 => {} // the poll missed this status
                1 if status.accepts(Event::ContactLost) => {
                    observed.push(S::Unknown);
                    observed.push(*status);
                }
                _ => observed.push(*status),
            }
        }
        for verdict in audit::history(observed.iter().copied()) {
            prop_assert!(verdict.is_explained(), "{verdict} in {observed:?} (walk {walk:?})");
        }
    }

    /// A step to a status that no real path reaches is never excused, whatever came
    /// before it and whether contact was lost in between.
    #[test]
    fn a_random_impossible_step_is_never_excused(
        start in start_status(),
        choices in proptest::collection::vec((0usize..64, 0usize..8), 0..20),
        target in start_status(),
        through_unknown in any::<bool>(),
    ) {
        let mut history = legal_walk(start, &choices);
        let last = *history.last().unwrap();
        prop_assume!(distance(last, target).is_none());
        if through_unknown && last.accepts(Event::ContactLost) {
            history.push(S::Unknown);
        }
        history.push(target);
        let verdict = audit::history(history.iter().copied()).last().unwrap();
        prop_assert_eq!(verdict.kind(), StepKind::Impossible, "{} in {:?}", verdict, history);
    }
}

#[test]
fn direct_steps_list_the_likeliest_events_first() {
    let verdict = audit::history([S::HardReboot, S::Active]).last().unwrap();
    assert_eq!(
        verdict.to_string(),
        "HARD_REBOOT -> ACTIVE: direct (complete, delete, soft_delete, force_delete, fail, reset_state_active)"
    );
}

/// `text` with every word that is a specification name respelled as Nova shows it.
fn respelled(text: &str) -> String {
    let mut out = String::new();
    let mut word = String::new();
    for c in text.chars().chain(['\n']) {
        if c.is_ascii_alphanumeric() || c == '_' {
            word.push(c);
            continue;
        }
        match Status::ALL.into_iter().find(|s| s.as_str() == word) {
            Some(status) => out.push_str(status.nova_name()),
            None => out.push_str(&word),
        }
        word.clear();
        out.push(c);
    }
    out.pop();
    out
}

#[test]
fn nova_display_is_the_same_line_in_nova_spellings() {
    // Every step between two statuses, straight and through lost contact (judged from a
    // basis), of every kind: the line differs only in the statuses' spellings.
    let mut differs = 0;
    let mut kinds_seen = std::collections::BTreeSet::new();
    for from in Status::ALL {
        for to in Status::ALL {
            for history in [vec![to], vec![from, to], vec![from, S::Unknown, to]] {
                let verdict = audit::history(history.iter().copied()).last().unwrap();
                let spec = verdict.to_string();
                let nova = verdict.nova_display().to_string();
                assert_eq!(nova, respelled(&spec), "{history:?}");
                differs += usize::from(nova != spec);
                kinds_seen.insert(verdict.kind().as_str());
            }
        }
    }
    assert!(
        differs > 100,
        "{differs} lines name a status Nova spells differently"
    );
    assert_eq!(kinds_seen.len(), StepKind::ALL.len());
    let verdict = audit::history([S::Rescued, S::Unknown, S::Building])
        .last()
        .unwrap();
    assert_eq!(
        verdict.nova_display().to_string(),
        "UNKNOWN -> BUILD: impossible: no sequence of events leads from RESCUE to BUILD"
    );
}
