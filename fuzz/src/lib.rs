//! Oracles shared by the fuzz targets: what every parser must do for any input.

use server_lifecycle::ParseError;

/// The most characters of the input a `ParseError` keeps.
pub const KEPT_INPUT_CHARS: usize = 64;

/// Checks one name parser on one input: accepted exactly when the input equals a valid
/// spelling ignoring ASCII case; otherwise an error of the right kind that keeps at most
/// 64 characters of the input and stays short.
pub fn check_name(
    what: &str,
    spellings: &[&str],
    parse: impl Fn(&str) -> Result<&'static str, ParseError>,
    input: &str,
) {
    let valid = spellings.iter().any(|s| s.eq_ignore_ascii_case(input));
    match parse(input) {
        Ok(canonical) => {
            assert!(valid, "{what}: accepted {input:?} as {canonical}");
            assert!(spellings.contains(&canonical) || !canonical.is_empty());
        }
        Err(error) => {
            assert!(!valid, "{what}: refused the valid {input:?}");
            assert_eq!(error.what(), what);
            let kept = error.input();
            if input.chars().count() <= KEPT_INPUT_CHARS {
                assert_eq!(kept, input);
            } else {
                assert!(kept.ends_with("..."));
                assert_eq!(kept.chars().count(), KEPT_INPUT_CHARS + 3);
                assert!(input.starts_with(&kept[..kept.len() - 3]));
            }
            let message = error.to_string();
            let expected: usize = spellings.iter().map(|s| s.len() + 2).sum();
            assert!(message.starts_with(&format!("unknown {what} ")), "{message}");
            assert!(
                message.len() <= 64 + (KEPT_INPUT_CHARS + 3) * 10 + expected,
                "{}-byte message",
                message.len()
            );
        }
    }
}

/// The input as text: valid UTF-8 as is, anything else lossily (what a caller reading a
/// file with `from_utf8_lossy` passes on).
pub fn text(data: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(data)
}
