#![no_main]
//! `Event::parse`, `parse_known`, `FromStr` and `TryFrom` on any input.

use libfuzzer_sys::fuzz_target;
use server_lifecycle::Event;
use server_lifecycle_fuzz::{check_name, text};

fuzz_target!(|data: &[u8]| {
    let input = text(data);
    check_name("event", Event::NAMES, |s| Event::parse(s).map(Event::as_str), &input);
    assert_eq!(Event::parse_known(&input), Event::parse(&input).ok());
    assert_eq!(input.parse::<Event>(), Event::try_from(&*input));
});
