#![no_main]
//! `nova::Operation::parse`, `parse_known` and `FromStr` on any input.

use libfuzzer_sys::fuzz_target;
use server_lifecycle::nova::Operation;
use server_lifecycle_fuzz::{check_name, text};

fuzz_target!(|data: &[u8]| {
    let input = text(data);
    check_name("operation", Operation::NAMES, |s| Operation::parse(s).map(Operation::as_str), &input);
    assert_eq!(Operation::parse_known(&input), Operation::parse(&input).ok());
    assert_eq!(input.parse::<Operation>(), Operation::parse(&input));
});
