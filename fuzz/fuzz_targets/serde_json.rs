#![no_main]
//! serde deserialisation of the model's types from arbitrary JSON text: never a panic,
//! and whatever is accepted is a JSON string that the type's own parser accepts.

use libfuzzer_sys::fuzz_target;
use serde::Deserialize;
use server_lifecycle::nova::{PowerState, TaskState, VmState};
use server_lifecycle::{Event, EventKind, ReportedStatus, Status, StatusKind};

/// The fields of a Nova server document that carry the model's types.
#[derive(Deserialize)]
#[allow(dead_code)]
struct Server {
    status: ReportedStatus,
    #[serde(rename = "OS-EXT-STS:vm_state")]
    vm_state: Option<VmState>,
    #[serde(rename = "OS-EXT-STS:task_state")]
    task_state: Option<TaskState>,
    #[serde(rename = "OS-EXT-STS:power_state")]
    power_state: Option<i64>,
}

/// A power state read through `nova::power_state_code` (integer code or name).
#[derive(Deserialize)]
#[allow(dead_code)]
struct Power {
    #[serde(with = "server_lifecycle::nova::power_state_code")]
    power_state: PowerState,
}

/// Reads `data` as `T`; when it succeeds, the document must be a JSON string that `parse`
/// accepts as the same value.
fn check<T: for<'de> Deserialize<'de> + PartialEq + core::fmt::Debug>(
    data: &[u8],
    parse: impl Fn(&str) -> Option<T>,
) {
    match serde_json::from_slice::<T>(data) {
        Ok(value) => {
            let inner: String = serde_json::from_slice(data).expect("only strings are accepted");
            assert_eq!(parse(&inner), Some(value));
        }
        Err(error) => {
            // serde_json quotes at most the value it saw; our own errors cut it to 64
            // characters. Anything the parser reports must stay short.
            let message = error.to_string();
            if message.starts_with("unknown ") {
                assert!(message.len() < 2048, "{}-byte message", message.len());
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    check::<Status>(data, Status::parse_known);
    check::<Event>(data, Event::parse_known);
    check::<VmState>(data, VmState::parse_known);
    check::<TaskState>(data, TaskState::parse_known);
    // Power states also read Nova's integer codes.
    match serde_json::from_slice::<PowerState>(data) {
        Ok(state) => match serde_json::from_slice::<serde_json::Value>(data).expect("JSON") {
            serde_json::Value::String(name) => assert_eq!(PowerState::parse_known(&name), Some(state)),
            serde_json::Value::Number(code) => {
                assert_eq!(code.as_i64().and_then(PowerState::from_code), Some(state));
            }
            other => panic!("{other} read as power state {state}"),
        },
        Err(error) => assert!(error.to_string().len() < 2048),
    }
    check::<StatusKind>(data, |s| StatusKind::ALL.into_iter().find(|k| k.as_str() == s));
    check::<EventKind>(data, |s| match s {
        "request" => Some(EventKind::Request),
        "outcome" => Some(EventKind::Outcome),
        _ => None,
    });
    if let Ok(reported) = serde_json::from_slice::<ReportedStatus>(data) {
        let inner: String = serde_json::from_slice(data).expect("only strings are accepted");
        assert_eq!(reported, ReportedStatus::from(inner));
    }
    let _ = serde_json::from_slice::<Vec<Option<Status>>>(data);
    let _ = serde_json::from_slice::<Server>(data);
    let _ = serde_json::from_slice::<Power>(data);
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) {
        let _ = serde_json::from_value::<Server>(value.clone());
        let _ = serde_json::from_value::<Status>(value);
    }
});
