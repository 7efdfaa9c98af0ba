//! The lifecycle's invariants. Whole-graph properties are checked exhaustively (the graph
//! is small); random walks through the table, with proptest, check that any sequence of
//! events is handled without a panic and that every accepted step is a row.

use proptest::prelude::*;
use server_lifecycle::table::{self, Transition};
use server_lifecycle::{Event, EventSet, Status, StatusSet};

fn row_for(status: Status, event: Event) -> Option<&'static Transition> {
    table::transitions().find(|row| row.from() == status && row.event() == event)
}

#[test]
fn deleted_is_terminal() {
    assert!(Status::Deleted.is_terminal());
    assert!(Status::Deleted.successors().is_empty());
    for event in Event::ALL {
        assert!(
            Status::Deleted.next(event).is_err(),
            "DELETED accepts {event}"
        );
    }
}

/// Every event but `contact_restored`, which may lead anywhere (UNKNOWN hides the real
/// status) and would make every reachability property hold trivially.
fn real_events() -> EventSet {
    EventSet::FULL.without(Event::ContactRestored)
}

#[test]
fn every_status_is_reachable_from_building() {
    let reachable = table::INITIAL.reachable_with(real_events());
    for status in Status::ALL {
        assert!(
            reachable.contains(status),
            "{status} cannot be reached from BUILDING"
        );
    }
}

#[test]
fn every_status_but_deleted_can_reach_deleted() {
    for status in Status::ALL.into_iter().filter(|s| *s != Status::Deleted) {
        assert!(
            status
                .reachable_with(real_events())
                .contains(Status::Deleted),
            "{status} can never be deleted"
        );
    }
}

#[test]
fn no_transitional_status_is_a_dead_end() {
    for status in Status::ALL.into_iter().filter(|s| s.is_transitional()) {
        let settles = status.possible_outcomes().iter().any(|outcome| {
            status
                .next(outcome)
                .is_ok_and(|results| results.iter().any(Status::is_stable))
        });
        assert!(settles, "no outcome of {status} leads to a stable status");
    }
}

#[test]
fn restore_and_reclaim_end_soft_deletion() {
    assert_eq!(
        Status::SoftDeleted.next(Event::Restore),
        Ok(StatusSet::of(&[Status::Active]))
    );
    assert_eq!(
        Status::SoftDeleted.next(Event::Reclaim),
        Ok(StatusSet::of(&[Status::Deleted]))
    );
}

#[test]
fn every_allowed_event_has_a_result_and_several_only_with_a_reason() {
    for status in Status::ALL {
        for event in Event::ALL {
            let Ok(results) = status.next(event) else {
                continue;
            };
            assert!(
                !results.is_empty(),
                "{status} + {event} is allowed but leads nowhere"
            );
            if results.len() > 1 {
                let row = row_for(status, event).expect("an allowed pair has a row");
                assert!(
                    !row.note().is_empty(),
                    "{status} + {event} has results {results} without a reason"
                );
            }
        }
    }
}

/// A walk: a start and a list of (event, choice among results) picks.
fn walks() -> impl Strategy<Value = (Status, Vec<(Event, usize)>)> {
    (
        proptest::sample::select(Status::ALL.to_vec()),
        proptest::collection::vec(
            (
                proptest::sample::select(Event::ALL.to_vec()),
                0usize..Status::COUNT,
            ),
            0..64,
        ),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Any sequence of events, allowed or not, is answered without a panic; every
    /// accepted step is a row of the table; every refusal leaves the status unchanged and
    /// names it; and the invariants hold at every status the walk visits.
    #[test]
    fn random_sequences_only_take_rows_of_the_table((start, picks) in walks()) {
        let mut status = start;
        for (event, choice) in picks {
            match status.next(event) {
                Ok(results) => {
                    let row = row_for(status, event);
                    prop_assert!(row.is_some(), "{} + {} accepted without a row", status, event);
                    prop_assert_eq!(results, row.map(Transition::to).unwrap_or_default());
                    let next = results.iter().nth(choice % results.len());
                    prop_assert!(next.is_some());
                    status = next.unwrap_or(status);
                }
                Err(error) => {
                    prop_assert!(row_for(status, event).is_none());
                    prop_assert_eq!(error.status(), status);
                    prop_assert_eq!(error.event(), event);
                }
            }
            prop_assert!(
                status == Status::Deleted
                    || status.reachable_with(real_events()).contains(Status::Deleted)
            );
            prop_assert!(status != Status::Deleted || status.successors().is_empty());
        }
    }

    /// Walks from creation that never lose contact stay within what creation reaches by
    /// real events.
    #[test]
    fn walks_from_creation_stay_reachable((_, picks) in walks()) {
        let reachable = table::INITIAL.reachable_with(real_events());
        let mut status = table::INITIAL;
        for (event, choice) in picks.into_iter().filter(|(e, _)| *e != Event::ContactRestored) {
            if let Ok(results) = status.next(event) {
                status = results.iter().nth(choice % results.len()).unwrap_or(status);
                prop_assert!(reachable.contains(status));
            }
        }
    }
}
