//! [`ReportedStatus`]: a status as a live API reported it, known or not.

use core::fmt;
use core::str::FromStr;

use crate::Status;

/// A status string from a live API: a [`Status`] this crate knows, or any other string,
/// kept exactly as it came.
///
/// Clouds add statuses, and SDKs with closed enums have broken on exactly that: one odd
/// server made a whole server list fail to parse. Reading into `ReportedStatus` never
/// fails, and an unrecognised string is written back unchanged. A known status is written
/// back with its canonical name (use [`ReportedStatus::nova_name`] for Nova's spelling).
///
/// # Examples
///
/// ```
/// use server_lifecycle::{ReportedStatus, Status};
///
/// let known: ReportedStatus = "SHUTOFF".parse().unwrap();
/// assert_eq!(known.known(), Some(Status::Stopped));
///
/// let odd = ReportedStatus::from("HIBERNATING");
/// assert_eq!(odd.known(), None);
/// assert_eq!(odd.to_string(), "HIBERNATING");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ReportedStatus {
    /// A status this crate knows, in any spelling it accepts.
    Known(Status),
    /// Any other string, exactly as reported.
    Unrecognised(String),
}

impl ReportedStatus {
    /// The known status, if it is one.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{ReportedStatus, Status};
    ///
    /// assert_eq!(ReportedStatus::from("active").known(), Some(Status::Active));
    /// ```
    #[must_use]
    pub fn known(&self) -> Option<Status> {
        match self {
            ReportedStatus::Known(status) => Some(*status),
            ReportedStatus::Unrecognised(_) => None,
        }
    }

    /// The canonical name of a known status, or the unrecognised string as reported.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::ReportedStatus;
    ///
    /// assert_eq!(ReportedStatus::from("rescue").as_str(), "RESCUED");
    /// assert_eq!(ReportedStatus::from("Frozen").as_str(), "Frozen");
    /// ```
    #[must_use]
    pub fn as_str(&self) -> &str {
        match self {
            ReportedStatus::Known(status) => status.as_str(),
            ReportedStatus::Unrecognised(raw) => raw,
        }
    }

    /// Nova's spelling of a known status, or the unrecognised string as reported.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::ReportedStatus;
    ///
    /// assert_eq!(ReportedStatus::from("STOPPED").nova_name(), "SHUTOFF");
    /// assert_eq!(ReportedStatus::from("Frozen").nova_name(), "Frozen");
    /// ```
    #[must_use]
    pub fn nova_name(&self) -> &str {
        match self {
            ReportedStatus::Known(status) => status.nova_name(),
            ReportedStatus::Unrecognised(raw) => raw,
        }
    }
}

impl From<&str> for ReportedStatus {
    fn from(raw: &str) -> ReportedStatus {
        match Status::parse_known(raw) {
            Some(status) => ReportedStatus::Known(status),
            None => ReportedStatus::Unrecognised(raw.to_owned()),
        }
    }
}

impl From<String> for ReportedStatus {
    fn from(raw: String) -> ReportedStatus {
        match Status::parse_known(&raw) {
            Some(status) => ReportedStatus::Known(status),
            None => ReportedStatus::Unrecognised(raw),
        }
    }
}

impl From<Status> for ReportedStatus {
    fn from(status: Status) -> ReportedStatus {
        ReportedStatus::Known(status)
    }
}

impl FromStr for ReportedStatus {
    type Err = core::convert::Infallible;

    fn from_str(raw: &str) -> Result<ReportedStatus, Self::Err> {
        Ok(ReportedStatus::from(raw))
    }
}

impl fmt::Display for ReportedStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}
