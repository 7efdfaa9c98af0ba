//! Names: every spelling parses (ignoring ASCII case), displays canonically, and bad names
//! get an error naming the input and the valid spellings.

use proptest::prelude::*;
use server_lifecycle::{Event, ParseError, ReportedStatus, Status};

#[track_caller]
fn assert_parse_error(error: ParseError, message: &str) {
    assert_eq!(error.to_string(), message);
}

#[test]
fn display_is_as_str_is_the_canonical_name() {
    for status in Status::ALL {
        assert_eq!(status.to_string(), status.as_str());
        assert_eq!(
            format!("{status:>20}"),
            format!("{:>20}", status.as_str()),
            "pads"
        );
    }
    for event in Event::ALL {
        assert_eq!(event.to_string(), event.as_str());
        assert_eq!(format!("{event:<30}|"), format!("{:<30}|", event.as_str()));
    }
}

#[test]
fn nova_names_differ_for_exactly_four_statuses() {
    let renamed: Vec<(&str, &str)> = Status::ALL
        .iter()
        .filter(|s| s.nova_name() != s.as_str())
        .map(|s| (s.as_str(), s.nova_name()))
        .collect();
    assert_eq!(
        renamed,
        [
            ("BUILDING", "BUILD"),
            ("RESCUED", "RESCUE"),
            ("RESIZED", "RESIZE"),
            ("STOPPED", "SHUTOFF")
        ]
    );
}

#[test]
fn every_spelling_parses_to_its_status() {
    for status in Status::ALL {
        assert_eq!(Status::parse(status.as_str()), Ok(status));
        assert_eq!(Status::parse(status.nova_name()), Ok(status));
        assert_eq!(status.as_str().parse::<Status>(), Ok(status));
        assert_eq!(Status::try_from(status.nova_name()), Ok(status));
    }
    assert_eq!(Status::SPELLINGS.len(), Status::COUNT + 4);
}

#[test]
fn every_event_name_parses() {
    for event in Event::ALL {
        assert_eq!(Event::parse(event.as_str()), Ok(event));
        assert_eq!(Event::parse(&event.as_str().to_uppercase()), Ok(event));
    }
}

#[test]
fn unknown_status_error_word_for_word() {
    assert_parse_error(
        Status::parse("DELETING").unwrap_err(),
        "unknown status \"DELETING\"; expected one of: ACTIVE, BUILDING, DELETED, ERROR, \
         HARD_REBOOT, PASSWORD, PAUSED, REBOOT, REBUILD, RESCUED, RESIZED, REVERT_RESIZE, \
         SOFT_DELETED, STOPPED, SUSPENDED, UNKNOWN, VERIFY_RESIZE, MIGRATING, SHELVED, \
         SHELVED_OFFLOADED, BUILD, RESCUE, RESIZE, SHUTOFF",
    );
}

#[test]
fn unknown_event_error_word_for_word() {
    // `-` and `_` are the same in every name (issue 13).
    assert_eq!(Event::parse("power-off"), Ok(Event::PowerOff));
    let error = Event::parse("hibernate").unwrap_err();
    assert_eq!(error.what(), "event");
    assert_eq!(error.input(), "hibernate");
    assert_parse_error(
        error,
        "unknown event \"hibernate\"; expected one of: create, reboot, reboot_hard, rebuild, \
         evacuate, resize, migrate, confirm_resize, revert_resize, live_migrate, \
         live_migrate_abort, live_migrate_force_complete, rescue, unrescue, pause, unpause, \
         suspend, resume, stop, start, change_password, shelve, shelve_offload, unshelve, \
         snapshot, backup, trigger_crash_dump, delete, soft_delete, force_delete, restore, \
         reset_state_active, reset_state_error, complete, fail, reclaim, auto_confirm, \
         auto_offload, power_off, contact_lost, contact_restored",
    );
}

#[test]
fn hostile_names_are_quoted_escaped_and_cut() {
    let error = Status::parse("ACT\nIVE\"").unwrap_err();
    assert!(error
        .to_string()
        .starts_with(r#"unknown status "ACT\nIVE\""; did you mean ACTIVE? expected"#));
    let huge = "é".repeat(10_000);
    let error = Status::parse(&huge).unwrap_err();
    assert_eq!(error.input(), format!("{}...", "é".repeat(64)));
    assert!(error.to_string().len() < 600);
    assert!(Status::parse("").is_err());
    assert!(
        Status::parse(" ACTIVE").is_err(),
        "no trimming: spaces are not a spelling"
    );
}

#[test]
fn reported_status_keeps_unknown_strings() {
    assert_eq!(
        ReportedStatus::from("shutoff"),
        ReportedStatus::Known(Status::Stopped)
    );
    let odd = ReportedStatus::from("HIBERNATING");
    assert_eq!(odd, ReportedStatus::Unrecognised("HIBERNATING".to_owned()));
    assert_eq!(odd.as_str(), "HIBERNATING");
    assert_eq!(odd.nova_name(), "HIBERNATING");
    assert_eq!(format!("{odd:>12}"), " HIBERNATING");
}

/// Flips the ASCII case of each character of `name` where `flips` says so.
fn recase(name: &str, flips: &[bool]) -> String {
    name.chars()
        .zip(flips.iter().cycle())
        .map(|(c, flip)| {
            if *flip {
                c.to_ascii_lowercase()
            } else {
                c.to_ascii_uppercase()
            }
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// parse(display(s)) = s, for every spelling in every ASCII case.
    #[test]
    fn any_case_of_any_spelling_round_trips(
        spelling in proptest::sample::select(Status::SPELLINGS.to_vec()),
        flips in proptest::collection::vec(any::<bool>(), 1..20),
    ) {
        let status = Status::parse(&recase(spelling, &flips));
        prop_assert!(status.is_ok());
        let status = status.unwrap_or(Status::Unknown);
        prop_assert!(status.as_str() == spelling || status.nova_name() == spelling);
        prop_assert_eq!(Status::parse(&status.to_string()), Ok(status));
    }

    /// The same for event names.
    #[test]
    fn any_case_of_any_event_round_trips(
        event in proptest::sample::select(Event::ALL.to_vec()),
        flips in proptest::collection::vec(any::<bool>(), 1..30),
    ) {
        prop_assert_eq!(Event::parse(&recase(event.as_str(), &flips)), Ok(event));
        prop_assert_eq!(Event::parse(&event.to_string()), Ok(event));
    }

    /// Arbitrary strings never panic; they parse exactly when they are a spelling.
    #[test]
    fn arbitrary_strings_parse_only_when_they_are_a_spelling(input in ".{0,40}") {
        let upper = input.to_ascii_uppercase();
        let is_spelling = Status::SPELLINGS.contains(&upper.as_str());
        prop_assert_eq!(Status::parse(&input).is_ok(), is_spelling);
        let lower = input.to_ascii_lowercase();
        prop_assert_eq!(Event::parse(&input).is_ok(), Event::NAMES.contains(&lower.as_str()));
        let reported = ReportedStatus::from(input.as_str());
        prop_assert_eq!(reported.known().is_none(), !is_spelling);
        if !is_spelling {
            prop_assert_eq!(reported.as_str(), input.as_str());
        }
    }
}
