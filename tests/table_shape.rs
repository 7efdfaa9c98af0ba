//! The transition table's own shape: well-formed rows, everything used, one start.

use std::collections::HashSet;

use server_lifecycle::table::{self, Transition};
use server_lifecycle::{Event, Status, StatusKind};

fn rows() -> impl Iterator<Item = &'static Transition> {
    table::transitions()
}

#[test]
fn no_two_rows_share_a_status_and_an_event() {
    let mut seen = HashSet::new();
    for row in rows() {
        assert!(
            seen.insert((row.from(), row.event())),
            "two rows for {} + {}",
            row.from(),
            row.event()
        );
    }
}

#[test]
fn every_row_has_at_least_one_result() {
    for row in rows() {
        assert!(
            !row.to().is_empty(),
            "{} + {} leads nowhere",
            row.from(),
            row.event()
        );
    }
}

#[test]
fn a_row_with_several_results_says_why() {
    for row in rows() {
        if row.to().len() > 1 {
            assert!(
                !row.note().trim().is_empty(),
                "{} + {} has results {} but no note saying why",
                row.from(),
                row.event(),
                row.to()
            );
        }
    }
}

#[test]
fn notes_are_lowercase_sentences_without_a_trailing_period() {
    for row in rows().filter(|row| !row.note().is_empty()) {
        let note = row.note();
        assert!(
            !note.ends_with('.'),
            "note of {} + {} ends with a period",
            row.from(),
            row.event()
        );
        assert!(
            !note.starts_with(char::is_whitespace) && !note.ends_with(char::is_whitespace),
            "note of {} + {} has stray whitespace",
            row.from(),
            row.event()
        );
    }
}

#[test]
fn every_status_is_used() {
    for status in Status::ALL {
        let leaves = rows().any(|row| row.from() == status);
        let entered = rows().any(|row| row.to().contains(status)) || status == table::INITIAL;
        assert!(entered, "nothing leads to {status}");
        assert!(leaves || status.is_terminal(), "nothing leaves {status}");
    }
}

#[test]
fn every_event_is_used() {
    for event in Event::ALL {
        let used = rows().any(|row| row.event() == event) || event == table::CREATE;
        assert!(used, "no row uses {event}");
    }
}

#[test]
fn exactly_one_initial_status_entered_only_by_create() {
    assert_eq!(table::INITIAL, Status::Building);
    assert_eq!(table::CREATE, Event::Create);
    assert!(table::CREATE.is_request());
    assert!(
        rows().all(|row| row.event() != Event::Create),
        "create is not a row"
    );
    // Once built, a server never goes back to BUILDING; it is only seen again when a
    // lost contact comes back and the server was still being built.
    for row in rows().filter(|row| row.to().contains(table::INITIAL)) {
        assert_eq!(
            row.event(),
            Event::ContactRestored,
            "{} + {} leads back to the initial status",
            row.from(),
            row.event()
        );
    }
}

#[test]
fn only_deleted_is_terminal_and_it_has_no_rows() {
    let terminal: Vec<Status> = Status::ALL
        .into_iter()
        .filter(|s| s.is_terminal())
        .collect();
    assert_eq!(terminal, [Status::Deleted]);
    assert!(rows().all(|row| row.from() != Status::Deleted));
}

#[test]
fn task_outcomes_only_end_transitional_statuses() {
    for row in rows().filter(|row| matches!(row.event(), Event::Complete | Event::Fail)) {
        assert!(
            row.from().is_transitional(),
            "{} ends {} but {} runs no visible task",
            row.event(),
            row.from(),
            row.from()
        );
    }
}

#[test]
fn every_transitional_status_can_complete_and_fail() {
    for status in Status::ALL.into_iter().filter(|s| s.is_transitional()) {
        for outcome in [Event::Complete, Event::Fail] {
            assert!(
                rows().any(|row| row.from() == status && row.event() == outcome),
                "{status} has no {outcome} row"
            );
        }
    }
}

#[test]
fn statuses_have_the_kinds_of_the_design_notes() {
    let kinds: Vec<(Status, StatusKind)> = Status::ALL.iter().map(|s| (*s, s.kind())).collect();
    let of = |kind| {
        kinds
            .iter()
            .filter(|(_, k)| *k == kind)
            .map(|(s, _)| s.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(
        of(StatusKind::Stable),
        "ACTIVE PAUSED RESCUED SOFT_DELETED STOPPED SUSPENDED VERIFY_RESIZE SHELVED SHELVED_OFFLOADED"
    );
    assert_eq!(
        of(StatusKind::Transitional),
        "BUILDING HARD_REBOOT PASSWORD REBOOT REBUILD RESIZED REVERT_RESIZE MIGRATING"
    );
    assert_eq!(of(StatusKind::Terminal), "DELETED");
    assert_eq!(of(StatusKind::Failed), "ERROR");
    assert_eq!(of(StatusKind::Indeterminate), "UNKNOWN");
}
