//! The errors: [`ParseError`] for names that mean nothing, [`TransitionError`] for
//! events the model refuses.

use crate::{Event, EventSet, Status};

/// At most this many characters of a bad input are kept in a [`ParseError`], so hostile
/// input cannot make an error message huge.
const KEPT_INPUT_CHARS: usize = 64;

/// A name that is not a valid spelling of what was asked for.
///
/// The message names the kind of value, the input (quoted and escaped, cut to 64
/// characters), the closest valid spellings when the input is a near miss (`did you
/// mean ...?`), and then every valid spelling.
///
/// # Examples
///
/// ```
/// use server_lifecycle::Status;
///
/// let error = Status::parse("DELETING").unwrap_err();
/// assert_eq!(error.input(), "DELETING");
/// assert_eq!(error.what(), "status");
/// assert!(error.to_string().starts_with(
///     r#"unknown status "DELETING"; expected one of: ACTIVE, BUILDING, DELETED"#
/// ));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} {input:?}; {}expected one of: {}", DidYouMean(suggestions), expected.join(", "))]
pub struct ParseError {
    what: &'static str,
    input: String,
    expected: &'static [&'static str],
    suggestions: Vec<&'static str>,
}

/// The longest input, in bytes, for which suggestions are computed (longer ones get none:
/// no name is that long, and the distance costs the product of the lengths).
const SUGGEST_UP_TO: usize = 2 * super::names::MAX_LEN;

/// Writes `did you mean A or B? ` for suggestions, nothing for none.
struct DidYouMean<'a>(&'a [&'static str]);

impl core::fmt::Display for DidYouMean<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self.0 {
            [] => Ok(()),
            [only] => write!(f, "did you mean {only}? "),
            [first @ .., last] => write!(f, "did you mean {} or {last}? ", first.join(", ")),
        }
    }
}

/// The spellings closest to `input` when it is a near miss: the edit distance (ignoring
/// ASCII case and `-` versus `_`, as parsing does) is at most 2, and less than half the
/// input's length; the nearest first, at most three.
fn suggestions(input: &str, spellings: &[&'static str]) -> Vec<&'static str> {
    if input.len() > SUGGEST_UP_TO || !input.is_ascii() {
        return Vec::new();
    }
    let fold = |byte: &u8| match byte.to_ascii_lowercase() {
        b'-' => b'_',
        other => other,
    };
    let typed: Vec<u8> = input.as_bytes().iter().map(fold).collect();
    let limit = 2.min(typed.len().saturating_sub(1) / 2);
    let mut near: Vec<(usize, &'static str)> = spellings
        .iter()
        .map(|spelling| {
            let name: Vec<u8> = spelling.as_bytes().iter().map(fold).collect();
            (edit_distance(&typed, &name), *spelling)
        })
        .filter(|(distance, _)| *distance <= limit)
        .collect();
    near.sort_by_key(|(distance, _)| *distance);
    near.into_iter()
        .take(3)
        .map(|(_, spelling)| spelling)
        .collect()
}

/// The Levenshtein distance between two byte strings (insertions, deletions and
/// substitutions each cost one).
fn edit_distance(a: &[u8], b: &[u8]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, &x) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &y) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(x != y);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

impl ParseError {
    /// An error for `input`, which is not a valid `what`; `expected` lists the valid
    /// spellings. Used by every parser in the crate; not public, so that every
    /// `ParseError` a caller sees comes from one of the crate's parsers.
    #[must_use]
    pub(crate) fn unknown(
        what: &'static str,
        input: &str,
        expected: &'static [&'static str],
    ) -> ParseError {
        let suggestions = suggestions(input, expected);
        let input = match input.char_indices().nth(KEPT_INPUT_CHARS) {
            Some((cut, _)) => format!("{}...", &input[..cut]),
            None => input.to_owned(),
        };
        ParseError {
            what,
            input,
            expected,
            suggestions,
        }
    }

    /// The kind of value that was being parsed, e.g. `"status"` or `"event"`.
    ///
    /// # Examples
    ///
    /// ```
    /// let error = server_lifecycle::Event::parse("x").unwrap_err();
    /// assert_eq!(error.what(), "event");
    /// ```
    #[must_use]
    pub fn what(&self) -> &'static str {
        self.what
    }

    /// The rejected input (its first 64 characters, followed by `...` when it was cut).
    ///
    /// # Examples
    ///
    /// ```
    /// let long = "X".repeat(100);
    /// let error = server_lifecycle::Status::parse(&long).unwrap_err();
    /// assert_eq!(error.input(), format!("{}...", "X".repeat(64)));
    /// ```
    #[must_use]
    pub fn input(&self) -> &str {
        &self.input
    }

    /// The valid spellings closest to the input, nearest first (at most three; none when
    /// the input is not a near miss).
    ///
    /// # Examples
    ///
    /// ```
    /// let error = server_lifecycle::Status::parse("shutof").unwrap_err();
    /// assert_eq!(error.suggestions(), ["SHUTOFF"]);
    /// assert!(error.to_string().starts_with(
    ///     r#"unknown status "shutof"; did you mean SHUTOFF? expected one of: ACTIVE,"#
    /// ));
    /// ```
    #[must_use]
    pub fn suggestions(&self) -> &[&'static str] {
        &self.suggestions
    }

    /// Every valid spelling.
    ///
    /// # Examples
    ///
    /// ```
    /// let error = server_lifecycle::Status::parse("x").unwrap_err();
    /// assert!(error.expected().contains(&"SHUTOFF"));
    /// ```
    #[must_use]
    pub fn expected(&self) -> &'static [&'static str] {
        self.expected
    }
}

/// An event the model does not allow from a status.
///
/// # Examples
///
/// ```
/// use server_lifecycle::{Event, Status, TransitionError};
///
/// let error = Status::Stopped.next(Event::Reboot).unwrap_err();
/// assert!(matches!(error, TransitionError::RequestRefused { .. }));
/// assert!(error.to_string().starts_with(
///     "request reboot is not allowed in status STOPPED; allowed requests: reboot_hard, rebuild"
/// ));
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    /// A request the status does not accept (Nova answers such a request with 409
    /// Conflict).
    #[error("request {event} is not allowed in status {status}; allowed requests: {allowed}")]
    #[non_exhaustive]
    RequestRefused {
        /// The status the server is in.
        status: Status,
        /// The refused request.
        event: Event,
        /// The requests the status accepts (possibly none).
        allowed: EventSet,
    },
    /// An outcome that cannot happen in the status (e.g. `complete` when no task runs).
    #[error("outcome {event} cannot occur in status {status}; possible outcomes: {possible}")]
    #[non_exhaustive]
    OutcomeImpossible {
        /// The status the server is in.
        status: Status,
        /// The outcome that cannot occur there.
        event: Event,
        /// The outcomes that can occur there (possibly none).
        possible: EventSet,
    },
}

impl TransitionError {
    /// The status the event was tried from.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{Event, Status};
    ///
    /// let error = Status::Deleted.next(Event::Delete).unwrap_err();
    /// assert_eq!(error.status(), Status::Deleted);
    /// ```
    #[must_use]
    pub const fn status(&self) -> Status {
        match *self {
            TransitionError::RequestRefused { status, .. }
            | TransitionError::OutcomeImpossible { status, .. } => status,
        }
    }

    /// The event that was refused.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{Event, Status};
    ///
    /// let error = Status::Active.next(Event::Complete).unwrap_err();
    /// assert_eq!(error.event(), Event::Complete);
    /// ```
    #[must_use]
    pub const fn event(&self) -> Event {
        match *self {
            TransitionError::RequestRefused { event, .. }
            | TransitionError::OutcomeImpossible { event, .. } => event,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_insertions_deletions_and_substitutions() {
        assert_eq!(edit_distance(b"", b""), 0);
        assert_eq!(edit_distance(b"abc", b""), 3);
        assert_eq!(edit_distance(b"shutof", b"shutoff"), 1);
        assert_eq!(edit_distance(b"kitten", b"sitting"), 3);
        assert_eq!(edit_distance(b"flaw", b"lawn"), 2);
    }

    #[test]
    fn suggests_only_near_misses_nearest_first() {
        let names = &["reboot", "reboot_hard", "rebuild", "resume", "stop"];
        assert_eq!(suggestions("REBOT", names), ["reboot"]);
        assert_eq!(suggestions("reboot-hrd", names), ["reboot_hard"]);
        assert_eq!(suggestions("rebuil", names), ["rebuild"]);
        assert!(suggestions("hibernate", names).is_empty());
        // Short inputs are near everything: no suggestion below three characters' slack.
        assert!(suggestions("st", names).is_empty());
        assert!(suggestions(&"x".repeat(1000), names).is_empty());
    }
}
