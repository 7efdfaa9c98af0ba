#![no_main]
//! `ReportedStatus` never fails, keeps what it does not know and writes it back unchanged.

use libfuzzer_sys::fuzz_target;
use server_lifecycle::{ReportedStatus, Status};
use server_lifecycle_fuzz::text;

fuzz_target!(|data: &[u8]| {
    let input = text(data);
    let reported = ReportedStatus::from(&*input);
    assert_eq!(ReportedStatus::from(input.to_string()), reported);
    match Status::parse_known(&input) {
        Some(status) => {
            assert_eq!(reported.known(), Some(status));
            assert_eq!(reported.as_str(), status.as_str());
            assert_eq!(reported.nova_name(), status.nova_name());
        }
        None => {
            assert_eq!(reported.known(), None);
            assert_eq!(reported.as_str(), input);
            assert_eq!(reported.to_string(), input);
            assert_eq!(reported.nova_name(), input);
        }
    }
    let json = serde_json::to_string(&reported).expect("a string serialises");
    let back: ReportedStatus = serde_json::from_str(&json).expect("and reads back");
    assert_eq!(back.as_str(), reported.as_str());
});
