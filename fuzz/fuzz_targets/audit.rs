#![no_main]
//! The streaming auditor on any sequence of observations: every verdict agrees with the
//! model, explanations are legal paths, and the keyed auditor and `audit::history` agree
//! with the dense one.
//!
//! Input: pairs of bytes (server, status); the server byte names one of 16 servers, the
//! status byte picks a status (the ones past `Status::COUNT` repeat UNKNOWN and DELETED,
//! the statuses with special rules).

use std::collections::HashMap;

use libfuzzer_sys::fuzz_target;
use server_lifecycle::audit::{self, Auditor, KeyedAuditor, StepKind, StepVerdict};
use server_lifecycle::{Event, Status};

fn status_of(byte: u8) -> Status {
    let index = usize::from(byte) % (Status::COUNT + 2);
    match index.checked_sub(Status::COUNT) {
        None => Status::ALL[index],
        Some(0) => Status::Unknown,
        Some(_) => Status::Deleted,
    }
}

/// What the verdict for a step to `status` must satisfy, given the previous observation
/// and the last known (not UNKNOWN) one: UNKNOWN is judged from the previous observation,
/// any other status from the last known one (none known yet: a first observation).
fn check(verdict: &StepVerdict, previous: Option<Status>, known: Option<Status>, status: Status) {
    assert_eq!(verdict.previous(), previous);
    assert_eq!(verdict.basis(), known);
    assert_eq!(verdict.status(), status);
    let _ = verdict.to_string();
    let judged_from = if status == Status::Unknown { previous } else { known };
    match judged_from {
        None => assert_eq!(verdict.kind(), StepKind::First),
        Some(from) if from == status => assert_eq!(verdict.kind(), StepKind::Unchanged),
        Some(_) => assert!(!matches!(verdict.kind(), StepKind::First | StepKind::Unchanged)),
    }
    let basis = verdict.basis();
    match verdict.kind() {
        StepKind::Direct | StepKind::Explained => {
            let basis = basis.expect("a judged step has a basis");
            let path = verdict.explanation().expect("an explained step has a path");
            assert!(!path.is_empty());
            assert_eq!(path[0].from, basis);
            assert_eq!(path[path.len() - 1].to, status);
            for pair in path.windows(2) {
                assert_eq!(pair[0].to, pair[1].from);
            }
            for step in &path {
                assert!(
                    step.from
                        .next(step.event)
                        .is_ok_and(|results| results.contains(step.to)),
                    "{step} is not in the model"
                );
            }
            let missed = verdict.missed();
            assert_eq!(missed.len(), path.len() - 1);
            if verdict.kind() == StepKind::Direct {
                assert_eq!(path.len(), 1);
                assert!(!verdict.events().is_empty());
                for event in verdict.events() {
                    assert!(basis.next(event).is_ok_and(|r| r.contains(status)));
                }
            } else {
                assert!(path.len() > 1);
                assert!(audit::possible_after(basis).contains(status));
            }
            if status != Status::Unknown {
                assert!(path.iter().all(|step| !matches!(
                    step.event,
                    Event::ContactLost | Event::ContactRestored
                )));
            }
        }
        StepKind::Impossible => {
            assert!(verdict.explanation().is_none());
            if let Some(basis) = basis {
                assert!(!audit::possible_after(basis).contains(status));
            }
        }
        StepKind::First | StepKind::Unchanged => {}
    }
}

fuzz_target!(|data: &[u8]| {
    let mut dense = Auditor::new();
    let mut keyed: KeyedAuditor<String> = KeyedAuditor::new();
    let mut last: HashMap<u8, Status> = HashMap::new();
    let mut last_known: HashMap<u8, Status> = HashMap::new();
    let mut per_server: HashMap<u8, Vec<(Status, StepVerdict)>> = HashMap::new();
    for pair in data.chunks_exact(2) {
        let server = pair[0] % 16;
        let status = status_of(pair[1]);
        let verdict = dense.observe(usize::from(server), status);
        check(
            &verdict,
            last.get(&server).copied(),
            last_known.get(&server).copied(),
            status,
        );
        if status != Status::Unknown {
            last_known.insert(server, status);
        }
        let key = format!("server-{server}");
        assert_eq!(keyed.observe(key.as_str(), status), verdict);
        assert_eq!(dense.last_status(usize::from(server)), Some(status));
        last.insert(server, status);
        per_server.entry(server).or_default().push((status, verdict));
    }
    for observations in per_server.values() {
        let statuses = observations.iter().map(|(status, _)| *status);
        let verdicts: Vec<StepVerdict> = audit::history(statuses).collect();
        let expected: Vec<StepVerdict> = observations.iter().map(|(_, verdict)| *verdict).collect();
        assert_eq!(verdicts, expected);
    }
});
