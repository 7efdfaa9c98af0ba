//! Every (status, event) pair: the fast lookup agrees with the table, and refusals say
//! what is allowed.

use server_lifecycle::table::{self, Transition};
use server_lifecycle::{Event, EventSet, Status, StatusSet, TransitionError};

/// The row for a pair, found by a plain scan of the table.
fn row_for(status: Status, event: Event) -> Option<&'static Transition> {
    table::transitions().find(|row| row.from() == status && row.event() == event)
}

#[test]
fn fast_lookup_agrees_with_the_table_for_every_pair() {
    for status in Status::ALL {
        for event in Event::ALL {
            match (row_for(status, event), status.next(event)) {
                (Some(row), Ok(results)) => assert_eq!(results, row.to(), "{status} + {event}"),
                (None, Err(_)) => {}
                (row, result) => {
                    panic!("{status} + {event}: table has {row:?}, lookup gives {result:?}")
                }
            }
            assert_eq!(
                status.accepts(event),
                row_for(status, event).is_some(),
                "{status} + {event}"
            );
        }
    }
}

#[test]
fn allowed_requests_and_possible_outcomes_partition_what_the_table_has() {
    for status in Status::ALL {
        let in_table: EventSet = table::transitions()
            .filter(|row| row.from() == status)
            .map(|row| row.event())
            .collect();
        let requests = status.allowed_requests();
        let outcomes = status.possible_outcomes();
        assert!(requests.iter().all(Event::is_request), "{status}");
        assert!(outcomes.iter().all(Event::is_outcome), "{status}");
        assert!(requests.intersection(outcomes).is_empty());
        assert_eq!(requests.union(outcomes), in_table, "{status}");
    }
}

#[test]
fn successors_are_the_union_of_all_results() {
    for status in Status::ALL {
        let expected: StatusSet = table::transitions()
            .filter(|row| row.from() == status)
            .flat_map(|row| row.to())
            .collect();
        assert_eq!(status.successors(), expected, "{status}");
    }
}

#[test]
fn refused_requests_name_the_status_the_request_and_what_is_allowed() {
    for status in Status::ALL {
        for event in Event::ALL.into_iter().filter(|e| e.is_request()) {
            if let Err(error) = status.next(event) {
                let TransitionError::RequestRefused {
                    status: refused_in,
                    event: refused,
                    allowed,
                    ..
                } = error
                else {
                    panic!("{status} {event}: {error:?} is not a refusal");
                };
                assert_eq!(
                    (refused_in, refused, allowed),
                    (status, event, status.allowed_requests())
                );
                assert_eq!(error.status(), status);
                assert_eq!(error.event(), event);
            }
        }
    }
}

#[test]
fn impossible_outcomes_name_the_status_the_outcome_and_what_is_possible() {
    for status in Status::ALL {
        for event in Event::ALL.into_iter().filter(|e| e.is_outcome()) {
            if let Err(error) = status.next(event) {
                let TransitionError::OutcomeImpossible {
                    status: impossible_in,
                    event: impossible,
                    possible,
                    ..
                } = error
                else {
                    panic!("{status} {event}: {error:?} is not an impossible outcome");
                };
                assert_eq!(
                    (impossible_in, impossible, possible),
                    (status, event, status.possible_outcomes())
                );
            }
        }
    }
}

#[test]
fn error_messages_word_for_word() {
    let refused = Status::Stopped.next(Event::Reboot).unwrap_err();
    assert_eq!(
        refused.to_string(),
        "request reboot is not allowed in status STOPPED; allowed requests: reboot_hard, \
         rebuild, evacuate, resize, migrate, rescue, start, shelve, snapshot, backup, delete, \
         soft_delete, force_delete, reset_state_active, reset_state_error"
    );
    let nothing = Status::Deleted.next(Event::Delete).unwrap_err();
    assert_eq!(
        nothing.to_string(),
        "request delete is not allowed in status DELETED; allowed requests: none"
    );
    let impossible = Status::Active.next(Event::Complete).unwrap_err();
    assert_eq!(
        impossible.to_string(),
        "outcome complete cannot occur in status ACTIVE; possible outcomes: power_off, contact_lost"
    );
    let create = Status::Active.next(Event::Create).unwrap_err();
    assert!(create
        .to_string()
        .starts_with("request create is not allowed in status ACTIVE; allowed requests: reboot,"));
}

#[test]
fn the_cases_the_issue_names_return_every_possible_result() {
    let set = |statuses: &[Status]| StatusSet::of(statuses);
    assert_eq!(
        Status::VerifyResize.next(Event::ConfirmResize),
        Ok(set(&[Status::Active, Status::Stopped, Status::Error]))
    );
    assert_eq!(
        Status::Rebuild.next(Event::Complete),
        Ok(set(&[Status::Active, Status::Stopped]))
    );
    assert_eq!(
        Status::SoftDeleted.next(Event::Restore),
        Ok(set(&[Status::Active]))
    );
    assert_eq!(
        Status::SoftDeleted.next(Event::Reclaim),
        Ok(set(&[Status::Deleted]))
    );
    assert_eq!(
        Status::Active.next(Event::Stop),
        Ok(set(&[Status::Stopped]))
    );
    assert_eq!(
        Status::Stopped.next(Event::Start),
        Ok(set(&[Status::Active]))
    );
    assert_eq!(
        Status::Resized.next(Event::Complete),
        Ok(set(&[Status::VerifyResize]))
    );
}
