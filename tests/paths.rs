//! Shortest paths: every step is a row, steps chain, and a path goes through UNKNOWN or an
//! admin reset only when nothing else reaches the target.

use server_lifecycle::{machine, Status};

#[test]
fn every_path_is_a_chain_of_rows() {
    for from in Status::ALL {
        for to in Status::ALL {
            let Some(path) = from.shortest_path_to(to) else {
                assert!(
                    !from.reachable().contains(to),
                    "{from} reaches {to} but no path"
                );
                continue;
            };
            let mut at = from;
            for step in &path {
                assert_eq!(step.from, at, "{from} -> {to}: steps do not chain");
                let results = at.next(step.event).expect("each step is allowed");
                assert!(results.contains(step.to), "{step} is not a row");
                at = step.to;
            }
            assert_eq!(at, to, "{from} -> {to} ends elsewhere");
            assert_eq!(path.is_empty(), from == to);
        }
    }
}

#[test]
fn paths_use_common_events_only_as_a_last_resort() {
    let common = machine::common_events();
    let ordinary = server_lifecycle::EventSet::FULL.difference(common);
    for from in Status::ALL {
        for to in Status::ALL {
            let Some(path) = from.shortest_path_to(to) else {
                continue;
            };
            if from.reachable_with(ordinary).contains(to) {
                assert!(
                    path.iter().all(|step| !common.contains(step.event)),
                    "{from} -> {to} goes through {:?} although ordinary events reach it",
                    path.iter().map(|s| s.event).collect::<Vec<_>>()
                );
            }
        }
    }
}

#[test]
fn nothing_leaves_deleted_and_everything_else_reaches_it() {
    for to in Status::ALL.into_iter().filter(|s| *s != Status::Deleted) {
        assert_eq!(Status::Deleted.shortest_path_to(to), None);
    }
    for from in Status::ALL {
        assert!(from.shortest_path_to(Status::Deleted).is_some(), "{from}");
    }
}

#[test]
fn usual_journeys_read_as_a_person_would_expect() {
    let events = |from: Status, to: Status| -> Vec<String> {
        from.shortest_path_to(to)
            .unwrap_or_default()
            .iter()
            .map(|step| step.event.to_string())
            .collect()
    };
    assert_eq!(
        events(Status::Building, Status::VerifyResize),
        ["complete", "resize", "complete"]
    );
    assert_eq!(events(Status::Stopped, Status::Paused), ["start", "pause"]);
    assert_eq!(events(Status::Shelved, Status::Active), ["unshelve"]);
    assert_eq!(events(Status::Active, Status::SoftDeleted), ["soft_delete"]);
    assert_eq!(events(Status::Active, Status::Unknown), ["contact_lost"]);
}
