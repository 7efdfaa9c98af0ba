//! [`Microversion`]: the compute API version a request is made with, where Nova's
//! behaviour depends on it.

use core::fmt;
use core::str::FromStr;

/// A compute API microversion, `MAJOR.MINOR` (the `OpenStack-API-Version: compute 2.95`
/// header), ordered as Nova orders them.
///
/// One behaviour of the model depends on it (seen in a running Nova 34.0.0): **from 2.95
/// an evacuated server is left stopped** at its destination, so an `ACTIVE` server's
/// evacuation ends `STOPPED`; at 2.94 and before it ends `ACTIVE`. A stopped server stays
/// stopped and a server in `ERROR` ends `ACTIVE` at every microversion. Plans and waiters
/// take the microversion with [`Plan::with_microversion`](crate::Plan::with_microversion)
/// and [`Waiter::at_microversion`](crate::Waiter::at_microversion); the default is
/// [`Microversion::LATEST`].
///
/// # Examples
///
/// ```
/// use server_lifecycle::nova::Microversion;
///
/// let old: Microversion = "2.94".parse()?;
/// assert!(!old.evacuate_stops_server());
/// assert!(Microversion::LATEST.evacuate_stops_server());
/// assert_eq!("latest".parse::<Microversion>()?, Microversion::LATEST);
/// assert_eq!(Microversion::LATEST.to_string(), "2.104");
/// assert!(old < Microversion::EVACUATE_STOPS_SERVER);
///
/// let error = "2,95".parse::<Microversion>().unwrap_err();
/// assert_eq!(
///     error.to_string(),
///     "invalid microversion \"2,95\": expected MAJOR.MINOR (such as 2.95) or latest"
/// );
/// # Ok::<(), server_lifecycle::nova::MicroversionError>(())
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Microversion {
    major: u8,
    minor: u16,
}

impl Microversion {
    /// The newest compute API microversion of Nova 34.0.0, the release the model is
    /// checked against: what `latest` means, and the default of plans and waiters.
    pub const LATEST: Microversion = Microversion::new(2, 104);

    /// 2.95: from this microversion Nova leaves an evacuated server stopped
    /// (`target_state=stopped`).
    pub const EVACUATE_STOPS_SERVER: Microversion = Microversion::new(2, 95);

    /// One microversion of each range in which the model's behaviour is the same: 2.94
    /// (an evacuated server keeps running) and 2.95 (it is left stopped).
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::Microversion;
    ///
    /// let behaviours = Microversion::DISTINCT_BEHAVIOURS.map(Microversion::evacuate_stops_server);
    /// assert_eq!(behaviours, [false, true]);
    /// ```
    pub const DISTINCT_BEHAVIOURS: [Microversion; 2] = [
        Microversion::new(2, 94),
        Microversion::EVACUATE_STOPS_SERVER,
    ];

    /// The microversion `major.minor`.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::Microversion;
    ///
    /// assert_eq!(Microversion::new(2, 95), Microversion::EVACUATE_STOPS_SERVER);
    /// ```
    #[must_use]
    pub const fn new(major: u8, minor: u16) -> Microversion {
        Microversion { major, minor }
    }

    /// The major version (2 for every compute microversion so far).
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::Microversion;
    ///
    /// assert_eq!(Microversion::LATEST.major(), 2);
    /// ```
    #[must_use]
    pub const fn major(self) -> u8 {
        self.major
    }

    /// The minor version.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::Microversion;
    ///
    /// assert_eq!(Microversion::EVACUATE_STOPS_SERVER.minor(), 95);
    /// ```
    #[must_use]
    pub const fn minor(self) -> u16 {
        self.minor
    }

    /// Whether an evacuation made with this microversion leaves the server stopped
    /// (2.95 and later).
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::Microversion;
    ///
    /// assert!(Microversion::new(2, 95).evacuate_stops_server());
    /// assert!(!Microversion::new(2, 94).evacuate_stops_server());
    /// ```
    #[must_use]
    pub const fn evacuate_stops_server(self) -> bool {
        self.major > Microversion::EVACUATE_STOPS_SERVER.major
            || (self.major == Microversion::EVACUATE_STOPS_SERVER.major
                && self.minor >= Microversion::EVACUATE_STOPS_SERVER.minor)
    }

    /// Reads `MAJOR.MINOR` (`2.95`), `compute 2.95` as Nova's
    /// `OpenStack-API-Version` header carries it, or `latest` (any case).
    ///
    /// # Errors
    ///
    /// [`MicroversionError`] naming the text, for anything else.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::Microversion;
    ///
    /// assert_eq!(Microversion::parse("compute 2.94")?, Microversion::new(2, 94));
    /// assert!(Microversion::parse("2.").is_err());
    /// # Ok::<(), server_lifecycle::nova::MicroversionError>(())
    /// ```
    pub fn parse(text: &str) -> Result<Microversion, MicroversionError> {
        let trimmed = text.trim();
        if trimmed.eq_ignore_ascii_case("latest") {
            return Ok(Microversion::LATEST);
        }
        let version = match trimmed.split_once(char::is_whitespace) {
            Some((service, version)) if service.eq_ignore_ascii_case("compute") => version.trim(),
            _ => trimmed,
        };
        let error = || MicroversionError {
            text: text.to_owned(),
        };
        let (major, minor) = version.split_once('.').ok_or_else(error)?;
        let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
        if !digits(major) || !digits(minor) {
            return Err(error());
        }
        Ok(Microversion::new(
            major.parse().map_err(|_| error())?,
            minor.parse().map_err(|_| error())?,
        ))
    }
}

impl Default for Microversion {
    /// [`Microversion::LATEST`].
    fn default() -> Microversion {
        Microversion::LATEST
    }
}

impl fmt::Display for Microversion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

impl FromStr for Microversion {
    type Err = MicroversionError;

    fn from_str(text: &str) -> Result<Microversion, MicroversionError> {
        Microversion::parse(text)
    }
}

/// A microversion that is not `MAJOR.MINOR` or `latest`.
///
/// # Examples
///
/// ```
/// use server_lifecycle::nova::Microversion;
///
/// let error = Microversion::parse("two").unwrap_err();
/// assert_eq!(error.text(), "two");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid microversion {text:?}: expected MAJOR.MINOR (such as 2.95) or latest")]
pub struct MicroversionError {
    text: String,
}

impl MicroversionError {
    /// The text that was not a microversion.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::Microversion;
    ///
    /// assert_eq!(Microversion::parse("v2.1").unwrap_err().text(), "v2.1");
    /// ```
    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Microversion {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Microversion {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Microversion, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Microversion::parse(&text).map_err(serde::de::Error::custom)
    }
}
