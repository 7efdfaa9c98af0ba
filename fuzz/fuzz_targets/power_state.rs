#![no_main]
//! `nova::PowerState`: its names on any input, and `from_code` on any integer.

use libfuzzer_sys::fuzz_target;
use server_lifecycle::nova::PowerState;
use server_lifecycle_fuzz::{check_name, text};

fuzz_target!(|data: &[u8]| {
    let input = text(data);
    check_name(
        "power_state",
        PowerState::NAMES,
        |s| PowerState::parse(s).map(PowerState::as_str),
        &input,
    );
    assert_eq!(PowerState::parse_known(&input), PowerState::parse(&input).ok());
    // The first eight bytes as an integer code (negative and huge included).
    let mut bytes = [0u8; 8];
    for (slot, byte) in bytes.iter_mut().zip(data) {
        *slot = *byte;
    }
    let code = i64::from_le_bytes(bytes);
    let expected = PowerState::ALL
        .into_iter()
        .find(|state| i64::from(state.code()) == code);
    assert_eq!(PowerState::from_code(code), expected);
    if let Some(state) = PowerState::from_code(code) {
        assert_eq!(i64::from(state.code()), code);
    }
});
