#![no_main]
//! `Status::parse`, `parse_known`, `FromStr` and `TryFrom` on any input.

use libfuzzer_sys::fuzz_target;
use server_lifecycle::Status;
use server_lifecycle_fuzz::{check_name, text};

fuzz_target!(|data: &[u8]| {
    let input = text(data);
    check_name("status", Status::SPELLINGS, |s| Status::parse(s).map(Status::as_str), &input);
    assert_eq!(Status::parse_known(&input), Status::parse(&input).ok());
    assert_eq!(input.parse::<Status>(), Status::try_from(&*input));
});
