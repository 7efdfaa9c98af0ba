#![no_main]
//! `nova::status_of_record` on arbitrary database strings: some status, never a panic.

use libfuzzer_sys::fuzz_target;
use server_lifecycle::nova::{self, TaskState, VmState};
use server_lifecycle::Status;
use server_lifecycle_fuzz::text;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let input = text(rest);
    let (vm_state, task_state) = match input.split_once('\u{0}') {
        Some((vm, task)) if flags & 2 == 0 => (vm, Some(task)),
        _ => (&*input, None),
    };
    let deleted = flags & 1 == 1;
    let status = nova::status_of_record(vm_state, task_state, deleted);
    let expected = if deleted {
        Status::Deleted
    } else {
        match VmState::parse_known(vm_state) {
            None => Status::Unknown,
            Some(vm) => nova::status_of(vm, task_state.and_then(TaskState::parse_known)),
        }
    };
    assert_eq!(status, expected);
});
