//! serde: canonical names out, every spelling in, Nova's spelling on request, unknown
//! strings kept by `ReportedStatus`.

use server_lifecycle::{Event, EventKind, ReportedStatus, Status, StatusKind};

#[test]
fn display_equals_as_str_equals_serde_for_every_status() {
    for status in Status::ALL {
        let json = serde_json::to_string(&status).unwrap();
        assert_eq!(json, format!("\"{}\"", status.as_str()));
        assert_eq!(json, format!("\"{status}\""));
        assert_eq!(serde_json::from_str::<Status>(&json).unwrap(), status);
        let nova = format!("\"{}\"", status.nova_name().to_lowercase());
        assert_eq!(serde_json::from_str::<Status>(&nova).unwrap(), status);
    }
}

#[test]
fn display_equals_as_str_equals_serde_for_every_event() {
    for event in Event::ALL {
        let json = serde_json::to_string(&event).unwrap();
        assert_eq!(json, format!("\"{event}\""));
        assert_eq!(serde_json::from_str::<Event>(&json).unwrap(), event);
    }
    assert_eq!(
        serde_json::to_string(&EventKind::Outcome).unwrap(),
        "\"outcome\""
    );
    assert_eq!(
        serde_json::from_str::<EventKind>("\"request\"").unwrap(),
        EventKind::Request
    );
}

#[test]
fn status_kinds_round_trip() {
    for kind in StatusKind::ALL {
        let json = serde_json::to_string(&kind).unwrap();
        assert_eq!(json, format!("\"{kind}\""));
        assert_eq!(serde_json::from_str::<StatusKind>(&json).unwrap(), kind);
    }
}

#[test]
fn serde_errors_name_the_input_and_the_valid_spellings() {
    let error = serde_json::from_str::<Status>("\"DELETING\"").unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("unknown status \"DELETING\"; expected one of: ACTIVE, BUILDING, DELETED"),
        "{error}"
    );
    let error = serde_json::from_str::<Status>("3").unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid type: integer `3`, expected a server status name at line 1 column 1"
    );
    assert!(serde_json::from_str::<Event>("null").is_err());
}

#[test]
fn nova_wire_writes_nova_spellings() {
    #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
    struct Server {
        #[serde(with = "server_lifecycle::nova::wire")]
        status: Status,
    }
    for status in Status::ALL {
        let json = serde_json::to_string(&Server { status }).unwrap();
        assert_eq!(json, format!("{{\"status\":\"{}\"}}", status.nova_name()));
        assert_eq!(
            serde_json::from_str::<Server>(&json).unwrap(),
            Server { status }
        );
    }
}

#[test]
fn reported_status_writes_unknown_strings_back_unchanged() {
    let list = r#"["ACTIVE","SHUTOFF","Hibernating","", "BUILD"]"#;
    let statuses: Vec<ReportedStatus> = serde_json::from_str(list).unwrap();
    assert_eq!(statuses[0].known(), Some(Status::Active));
    assert_eq!(statuses[1].known(), Some(Status::Stopped));
    assert_eq!(
        statuses[2],
        ReportedStatus::Unrecognised("Hibernating".to_owned())
    );
    assert_eq!(
        serde_json::to_string(&statuses).unwrap(),
        r#"["ACTIVE","STOPPED","Hibernating","","BUILDING"]"#
    );
}
