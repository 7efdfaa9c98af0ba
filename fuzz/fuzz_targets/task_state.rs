#![no_main]
//! `nova::TaskState::parse`, `parse_known`, `FromStr` and `TryFrom` on any input.

use libfuzzer_sys::fuzz_target;
use server_lifecycle::nova::TaskState;
use server_lifecycle_fuzz::{check_name, text};

fuzz_target!(|data: &[u8]| {
    let input = text(data);
    check_name("task_state", TaskState::NAMES, |s| TaskState::parse(s).map(TaskState::as_str), &input);
    assert_eq!(TaskState::parse_known(&input), TaskState::parse(&input).ok());
    assert_eq!(input.parse::<TaskState>(), TaskState::try_from(&*input));
});
