//! The errors: [`ParseError`] for names that mean nothing, [`TransitionError`] for
//! events the model refuses.

use crate::{Event, EventSet, Status};

/// At most this many characters of a bad input are kept in a [`ParseError`], so hostile
/// input cannot make an error message huge.
const KEPT_INPUT_CHARS: usize = 64;

/// A name that is not a valid spelling of what was asked for.
///
/// The message names the kind of value, the input (quoted and escaped, cut to 64
/// characters) and every valid spelling.
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
#[error("unknown {what} {input:?}; expected one of: {}", expected.join(", "))]
pub struct ParseError {
    what: &'static str,
    input: String,
    expected: &'static [&'static str],
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
        let input = match input.char_indices().nth(KEPT_INPUT_CHARS) {
            Some((cut, _)) => format!("{}...", &input[..cut]),
            None => input.to_owned(),
        };
        ParseError {
            what,
            input,
            expected,
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
