#![no_main]
//! `nova::VmState::parse`, `parse_known`, `FromStr` and `TryFrom` on any input.

use libfuzzer_sys::fuzz_target;
use server_lifecycle::nova::VmState;
use server_lifecycle_fuzz::{check_name, text};

fuzz_target!(|data: &[u8]| {
    let input = text(data);
    check_name("vm_state", VmState::NAMES, |s| VmState::parse(s).map(VmState::as_str), &input);
    assert_eq!(VmState::parse_known(&input), VmState::parse(&input).ok());
    assert_eq!(input.parse::<VmState>(), VmState::try_from(&*input));
});
