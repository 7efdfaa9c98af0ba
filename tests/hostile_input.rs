//! Hostile input never panics: every place a string, a number or a JSON document enters
//! the library answers with a value or a short, clear error.
//!
//! Property tests over arbitrary strings, arbitrary bytes and arbitrary JSON values, with a
//! fixed case count, plus fixed cases for the inputs a fuzzer is slow to build (1 MB
//! strings, invalid escapes, lone surrogates).

use proptest::prelude::*;
use serde_json::Value;
use server_lifecycle::nova::{self, Operation, PowerState, TaskState, VmState};
use server_lifecycle::{Event, EventKind, ParseError, ReportedStatus, Status, StatusKind};

/// Cases per property: enough to cover the near-miss strategies, small enough for CI.
const CASES: u32 = 512;

/// The most characters of the input a [`ParseError`] keeps (its documented contract).
const KEPT_INPUT_CHARS: usize = 64;

/// Every parser of the crate that takes a name, with its kind and valid spellings.
struct NameParser {
    what: &'static str,
    spellings: &'static [&'static str],
    /// More names that parse but are not listed in errors (Nova's action names for
    /// events).
    aliases: fn() -> Vec<&'static str>,
    /// Parses and returns the canonical spelling of the result.
    parse: fn(&str) -> Result<&'static str, ParseError>,
    /// The same through serde from a JSON value.
    from_json: fn(Value) -> Result<&'static str, serde_json::Error>,
    /// The value an integer code reads as, for types that also read integers.
    from_code: Option<fn(i64) -> Option<&'static str>>,
}

fn parsers() -> [NameParser; 6] {
    [
        NameParser {
            what: "status",
            spellings: Status::SPELLINGS,
            aliases: Vec::new,
            parse: |s| Status::parse(s).map(Status::as_str),
            from_json: |v| serde_json::from_value::<Status>(v).map(Status::as_str),
            from_code: None,
        },
        NameParser {
            what: "event",
            spellings: Event::NAMES,
            aliases: || Event::NOVA_ALIASES.iter().map(|(name, _)| *name).collect(),
            parse: |s| Event::parse(s).map(Event::as_str),
            from_json: |v| serde_json::from_value::<Event>(v).map(Event::as_str),
            from_code: None,
        },
        NameParser {
            what: "vm_state",
            spellings: VmState::NAMES,
            aliases: Vec::new,
            parse: |s| VmState::parse(s).map(VmState::as_str),
            from_json: |v| serde_json::from_value::<VmState>(v).map(VmState::as_str),
            from_code: None,
        },
        NameParser {
            what: "task_state",
            spellings: TaskState::NAMES,
            aliases: Vec::new,
            parse: |s| TaskState::parse(s).map(TaskState::as_str),
            from_json: |v| serde_json::from_value::<TaskState>(v).map(TaskState::as_str),
            from_code: None,
        },
        NameParser {
            what: "power_state",
            spellings: PowerState::NAMES,
            aliases: Vec::new,
            parse: |s| PowerState::parse(s).map(PowerState::as_str),
            from_json: |v| serde_json::from_value::<PowerState>(v).map(PowerState::as_str),
            from_code: Some(|code| PowerState::from_code(code).map(PowerState::as_str)),
        },
        NameParser {
            what: "operation",
            spellings: Operation::NAMES,
            aliases: Vec::new,
            parse: |s| Operation::parse(s).map(Operation::as_str),
            // Operations are not serde types: reading one from JSON goes through a string.
            from_json: |v| {
                serde_json::from_value::<String>(v).and_then(|s| {
                    Operation::parse(&s)
                        .map(Operation::as_str)
                        .map_err(serde::de::Error::custom)
                })
            },
            from_code: None,
        },
    ]
}

/// The oracle: a name is valid when it equals a spelling, ignoring ASCII case and `-`
/// versus `_` only.
fn is_spelling(spellings: &[&str], input: &str) -> bool {
    let fold = |text: &str| text.to_ascii_lowercase().replace('-', "_");
    spellings
        .iter()
        .any(|spelling| fold(spelling) == fold(input))
}

/// The longest a parse error's message may be for any input: the fixed words, the kept
/// input escaped (at most 10 bytes per char, `\u{10ffff}`) and the list of spellings.
fn message_bound(spellings: &[&str]) -> usize {
    let expected: usize = spellings.iter().map(|s| s.len() + 2).sum();
    64 + (KEPT_INPUT_CHARS + 3) * 10 + expected
}

/// Checks one parser on one input against the oracle and the error contract.
#[track_caller]
fn check_name(parser: &NameParser, input: &str) {
    match (parser.parse)(input) {
        Ok(canonical) => {
            assert!(
                is_spelling(parser.spellings, input) || is_spelling(&(parser.aliases)(), input),
                "{} accepted {input:?} as {canonical}",
                parser.what
            );
        }
        Err(error) => {
            assert!(
                !is_spelling(parser.spellings, input) && !is_spelling(&(parser.aliases)(), input),
                "{} refused the valid spelling {input:?}",
                parser.what
            );
            assert_eq!(error.what(), parser.what);
            assert_eq!(error.expected(), parser.spellings);
            let kept = error.input();
            if input.chars().count() <= KEPT_INPUT_CHARS {
                assert_eq!(kept, input);
            } else {
                let cut: String = input.chars().take(KEPT_INPUT_CHARS).collect();
                assert_eq!(kept, format!("{cut}..."));
            }
            let message = error.to_string();
            assert!(
                message.starts_with(&format!("unknown {} ", parser.what)),
                "{message}"
            );
            assert!(
                message.len() <= message_bound(parser.spellings),
                "a {}-byte input gave a {}-byte message",
                input.len(),
                message.len()
            );
        }
    }
}

/// A valid spelling with its ASCII letters' case flipped at random, and optionally one
/// character inserted: near misses that random strings almost never hit.
fn near_miss() -> impl Strategy<Value = String> {
    let all: Vec<&'static str> = parsers()
        .iter()
        .flat_map(|parser| parser.spellings.iter().copied())
        .collect();
    (
        proptest::sample::select(all),
        proptest::collection::vec(any::<bool>(), 32),
        proptest::option::of((any::<prop::sample::Index>(), any::<char>())),
    )
        .prop_map(|(spelling, flips, insert)| {
            let mut chars: Vec<char> = spelling
                .chars()
                .zip(flips.iter().cycle())
                .map(|(c, flip)| {
                    if *flip {
                        if c.is_ascii_lowercase() {
                            c.to_ascii_uppercase()
                        } else {
                            c.to_ascii_lowercase()
                        }
                    } else {
                        c
                    }
                })
                .collect();
            if let Some((at, c)) = insert {
                chars.insert(at.index(chars.len() + 1), c);
            }
            chars.into_iter().collect()
        })
}

/// A valid spelling with whitespace, quotes or NULs around it: a parser that trims or
/// strips quotes would accept it.
fn padded() -> impl Strategy<Value = String> {
    let all: Vec<&'static str> = parsers()
        .iter()
        .flat_map(|parser| parser.spellings.iter().copied())
        .collect();
    let pads = vec![
        "", " ", "\t", "\n", "\r\n", "\"", "'", "\u{0}", "\u{a0}", "_", "-",
    ];
    (
        proptest::sample::select(all),
        proptest::sample::select(pads.clone()),
        proptest::sample::select(pads),
    )
        .prop_map(|(spelling, before, after)| format!("{before}{spelling}{after}"))
}

/// Characters that look like ASCII letters once case-folded by Unicode rules (Kelvin sign,
/// long s, dotless i, ...): a parser that folds case with Unicode tables would accept them.
fn unicode_case_trap() -> impl Strategy<Value = String> {
    let traps = vec![
        "\u{212A}", "\u{17F}", "\u{131}", "\u{130}", "\u{FF21}", "\u{0}",
    ];
    (
        proptest::sample::select(vec!["ACTIVE", "STOPPED", "stop", "resize", "active"]),
        proptest::sample::select(traps),
        any::<prop::sample::Index>(),
    )
        .prop_map(|(word, trap, at)| {
            let at = at.index(word.len());
            format!("{}{}{}", &word[..at], trap, &word[at + 1..])
        })
}

/// Any string a caller might pass: arbitrary Unicode, near misses, case traps, long runs.
fn hostile_string() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        near_miss(),
        padded(),
        unicode_case_trap(),
        "[A-Za-z_ -]{0,40}",
        ("[A-Z]", 60usize..200).prop_map(|(c, n)| c.repeat(n)),
    ]
}

/// Arbitrary JSON values, nested a little, with strings that are sometimes valid names.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        hostile_string().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::btree_map(hostile_string(), inner, 0..4)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    /// Every name parser answers every string with the oracle's verdict, and its errors
    /// keep at most 64 characters of the input.
    #[test]
    fn name_parsers_follow_the_oracle(input in hostile_string()) {
        for parser in &parsers() {
            check_name(parser, &input);
        }
    }

    /// Arbitrary bytes, read as lossy UTF-8 (what a caller reading a file might do), change
    /// nothing: no panic, the oracle's verdict.
    #[test]
    fn name_parsers_survive_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..96)) {
        let input = String::from_utf8_lossy(&bytes);
        for parser in &parsers() {
            check_name(parser, &input);
        }
    }

    /// `ReportedStatus` never fails: a known spelling becomes that status, anything else
    /// is kept byte for byte and written back unchanged, through `Display` and serde.
    #[test]
    fn reported_status_keeps_what_it_does_not_know(input in hostile_string()) {
        let reported = ReportedStatus::from(input.as_str());
        prop_assert_eq!(&ReportedStatus::from(input.clone()), &reported);
        prop_assert_eq!(&input.parse::<ReportedStatus>().unwrap(), &reported);
        match Status::parse_known(&input) {
            Some(status) => prop_assert_eq!(reported.known(), Some(status)),
            None => {
                prop_assert_eq!(&reported, &ReportedStatus::Unrecognised(input.clone()));
                prop_assert_eq!(reported.to_string(), input.clone());
                let json = serde_json::to_string(&reported).unwrap();
                let back: ReportedStatus = serde_json::from_str(&json).unwrap();
                prop_assert_eq!(back, reported);
            }
        }
    }

    /// Nova's integer power state codes: `from_code` knows exactly the codes of `ALL`, for
    /// every i64 (negative, huge, the unused slots 2 and 5).
    #[test]
    fn power_state_from_code_knows_exactly_its_codes(code in prop_oneof![any::<i64>(), -3i64..12]) {
        let expected = PowerState::ALL.into_iter().find(|state| i64::from(state.code()) == code);
        prop_assert_eq!(PowerState::from_code(code), expected);
    }

    /// A database record with arbitrary strings shows some status and never panics:
    /// deleted wins, an unknown vm_state shows UNKNOWN, an unknown task the default.
    #[test]
    fn status_of_record_accepts_any_strings(
        vm_state in hostile_string(),
        task_state in proptest::option::of(hostile_string()),
        deleted in any::<bool>(),
    ) {
        let status = nova::status_of_record(&vm_state, task_state.as_deref(), deleted);
        let expected = if deleted {
            Status::Deleted
        } else {
            match VmState::parse_known(&vm_state) {
                None => Status::Unknown,
                Some(vm) => nova::status_of(vm, task_state.as_deref().and_then(TaskState::parse_known)),
            }
        };
        prop_assert_eq!(status, expected);
    }

    /// serde from any JSON value: a string goes through the type's own parser (same
    /// verdict, same error text), anything else is a type error; never a panic.
    #[test]
    fn serde_accepts_only_strings_that_parse(
        value in prop_oneof![
            json_value(),
            hostile_string().prop_map(Value::String),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            (-2i64..9).prop_map(Value::from),
        ]
    ) {
        for parser in &parsers() {
            let result = (parser.from_json)(value.clone());
            match &value {
                Value::String(input) => match ((parser.parse)(input), result) {
                    (Ok(parsed), Ok(read)) => prop_assert_eq!(parsed, read),
                    (Err(parse_error), Err(json_error)) => {
                        prop_assert_eq!(json_error.to_string(), parse_error.to_string());
                    }
                    (parsed, read) => prop_assert!(false, "{:?} parsed as {:?} but read as {:?}", input, parsed, read.map_err(|e| e.to_string())),
                },
                Value::Number(number) if parser.from_code.is_some() && !number.is_f64() => {
                    let from_code = parser.from_code.unwrap();
                    let expected = number.as_i64().and_then(from_code);
                    match (expected, result) {
                        (Some(expected), Ok(read)) => prop_assert_eq!(expected, read),
                        (None, Err(error)) => prop_assert_eq!(
                            error.to_string(),
                            format!("unknown {} code {}; expected one of: 0, 1, 3, 4, 6, 7", parser.what, number)
                        ),
                        (expected, read) => prop_assert!(false, "{} read as {:?}, expected {:?}", number, read.map_err(|e| e.to_string()), expected),
                    }
                }
                _ => {
                    let error = result.expect_err("a non-string read as a name").to_string();
                    prop_assert!(error.starts_with("invalid type: "), "{}", error);
                }
            }
        }
        let reported = serde_json::from_value::<ReportedStatus>(value.clone());
        prop_assert_eq!(reported.is_ok(), value.is_string());
    }

    /// The same values as JSON text, and arbitrary bytes as JSON text: reading never
    /// panics, and whatever reads as a name is a JSON string holding a valid spelling.
    #[test]
    fn serde_survives_arbitrary_json_text(
        text in prop_oneof![
            json_value().prop_map(|value| value.to_string().into_bytes()),
            proptest::collection::vec(any::<u8>(), 0..64),
            "\"[ -~]{0,20}\"".prop_map(String::into_bytes),
            hostile_string().prop_map(|s| Value::String(s).to_string().into_bytes()),
        ]
    ) {
        if let Ok(status) = serde_json::from_slice::<Status>(&text) {
            let inner: String = serde_json::from_slice(&text).unwrap();
            prop_assert_eq!(Status::parse(&inner), Ok(status));
        }
        if let Ok(event) = serde_json::from_slice::<Event>(&text) {
            let inner: String = serde_json::from_slice(&text).unwrap();
            prop_assert_eq!(Event::parse(&inner), Ok(event));
        }
        let _ = serde_json::from_slice::<Vec<Option<VmState>>>(&text);
        let _ = serde_json::from_slice::<(TaskState, PowerState)>(&text);
        let _ = serde_json::from_slice::<(StatusKind, EventKind)>(&text);
        let reported = serde_json::from_slice::<ReportedStatus>(&text);
        if let Ok(reported) = reported {
            let inner: String = serde_json::from_slice(&text).unwrap();
            prop_assert_eq!(reported, ReportedStatus::from(inner));
        }
    }
}

#[test]
fn a_one_megabyte_name_gets_a_short_error_from_every_parser() {
    for long in [
        "A".repeat(1 << 20),
        "é".repeat(1 << 19),
        "\u{0}".repeat(1 << 20),
    ] {
        for parser in &parsers() {
            check_name(parser, &long);
            let error = (parser.parse)(&long).unwrap_err();
            assert_eq!(error.input().chars().count(), KEPT_INPUT_CHARS + 3);
            assert!(error.to_string().len() <= message_bound(parser.spellings));
        }
    }
}

#[test]
fn a_one_megabyte_json_string_gets_a_short_error() {
    let json = format!("\"{}\"", "x".repeat(1 << 20));
    let error = serde_json::from_str::<Status>(&json)
        .unwrap_err()
        .to_string();
    assert!(error.starts_with(&format!(
        "unknown status \"{}...\"; expected one of: ACTIVE",
        "x".repeat(64)
    )));
    assert!(
        error.len() <= message_bound(Status::SPELLINGS) + 40,
        "{}",
        error.len()
    );
    let error = serde_json::from_str::<VmState>(&json)
        .unwrap_err()
        .to_string();
    assert!(
        error.len() <= message_bound(VmState::NAMES) + 40,
        "{}",
        error.len()
    );
}

#[test]
fn the_empty_string_is_no_name() {
    for parser in &parsers() {
        let error = (parser.parse)("").unwrap_err();
        assert!(
            error.to_string().starts_with(&format!(
                "unknown {} \"\"; expected one of: {}",
                parser.what, parser.spellings[0]
            )),
            "{error}"
        );
    }
    assert_eq!(
        ReportedStatus::from(""),
        ReportedStatus::Unrecognised(String::new())
    );
}

#[test]
fn wrong_json_types_are_type_errors_naming_what_was_expected() {
    let cases: [(&str, &str); 8] = [
        ("null", "invalid type: null, expected a server status name"),
        (
            "true",
            "invalid type: boolean `true`, expected a server status name",
        ),
        (
            "42",
            "invalid type: integer `42`, expected a server status name",
        ),
        (
            "-1.5",
            "invalid type: floating point `-1.5`, expected a server status name",
        ),
        (
            "[\"ACTIVE\"]",
            "invalid type: sequence, expected a server status name",
        ),
        (
            "{\"status\":\"ACTIVE\"}",
            "invalid type: map, expected a server status name",
        ),
        (
            "18446744073709551616",
            "invalid type: floating point `1.8446744073709552e+19`, expected a server status name",
        ),
        ("", "EOF while parsing a value"),
    ];
    for (json, expected) in cases {
        let error = serde_json::from_str::<Status>(json)
            .unwrap_err()
            .to_string();
        assert!(
            error.starts_with(expected),
            "{json}: {error} does not start with {expected}"
        );
    }
    // Power states also read Nova's integer codes, and only those.
    assert_eq!(
        serde_json::from_str::<PowerState>("4").unwrap(),
        PowerState::Shutdown
    );
    for (json, expected) in [
        (
            "2",
            "unknown power_state code 2; expected one of: 0, 1, 3, 4, 6, 7",
        ),
        (
            "-1",
            "unknown power_state code -1; expected one of: 0, 1, 3, 4, 6, 7",
        ),
        (
            "18446744073709551615",
            "unknown power_state code 18446744073709551615; expected one of: 0, 1, 3, 4, 6, 7",
        ),
        (
            "4.0",
            "invalid type: floating point `4.0`, expected a Nova power_state name or integer code",
        ),
    ] {
        let error = serde_json::from_str::<PowerState>(json)
            .unwrap_err()
            .to_string();
        assert!(error.starts_with(expected), "{json}: {error}");
    }
    let error = serde_json::from_str::<ReportedStatus>("null")
        .unwrap_err()
        .to_string();
    assert!(
        error.starts_with("invalid type: null, expected a status string"),
        "{error}"
    );
}

#[test]
fn broken_json_strings_are_syntax_errors_not_panics() {
    let cases = [
        r#""ACT"#,             // truncated
        r#""\x41CTIVE""#,      // invalid escape
        r#""\u00"#,            // truncated unicode escape
        r#""\ud800""#,         // lone high surrogate
        r#""\udc00ACTIVE""#,   // lone low surrogate
        "\"ACTIVE\u{0}\"",     // control character inside a string
        "\"\u{7f}\"",          // DEL is allowed by JSON, and is no status
        "\"ACTIVE\" trailing", // trailing characters
        "\u{feff}\"ACTIVE\"",  // byte order mark
    ];
    for json in cases {
        assert!(serde_json::from_str::<Status>(json).is_err(), "{json:?}");
        assert!(serde_json::from_str::<Event>(json).is_err(), "{json:?}");
        assert!(serde_json::from_str::<TaskState>(json).is_err(), "{json:?}");
    }
    // Invalid UTF-8 inside a string.
    let bytes = b"\"ACT\xffIVE\"";
    assert!(serde_json::from_slice::<Status>(bytes).is_err());
    assert!(serde_json::from_slice::<ReportedStatus>(bytes).is_err());
    // An escaped valid name is still that name.
    assert_eq!(
        serde_json::from_str::<Status>(r#""\u0041CTIVE""#).unwrap(),
        Status::Active
    );
}

#[test]
fn non_ascii_input_is_kept_escaped_in_the_message() {
    let error = Status::parse("ÀCTIVE\u{202E}\n").unwrap_err();
    assert_eq!(error.input(), "ÀCTIVE\u{202E}\n");
    assert!(
        error
            .to_string()
            .starts_with("unknown status \"ÀCTIVE\\u{202e}\\n\"; expected one of: ACTIVE"),
        "{error}"
    );
}

#[test]
fn power_state_codes_at_the_edges_are_none() {
    for code in [i64::MIN, -1, 2, 5, 8, 255, 256, i64::MAX] {
        assert_eq!(PowerState::from_code(code), None, "{code}");
    }
}

#[test]
fn struct_fields_keep_unknown_statuses_and_report_wrong_types() {
    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Server {
        status: ReportedStatus,
        #[serde(rename = "OS-EXT-STS:vm_state")]
        vm_state: VmState,
    }
    let ok: Server =
        serde_json::from_str(r#"{"status":"HIBERNATING","OS-EXT-STS:vm_state":"active"}"#).unwrap();
    assert_eq!(ok.status.as_str(), "HIBERNATING");
    let error = serde_json::from_str::<Server>(r#"{"status":"ACTIVE","OS-EXT-STS:vm_state":7}"#)
        .unwrap_err()
        .to_string();
    assert!(
        error.starts_with("invalid type: integer `7`, expected a Nova vm_state"),
        "{error}"
    );
}
