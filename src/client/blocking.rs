//! [`wait()`]: the blocking helper around a [`Waiter`]. It polls with the caller's
//! closure, sleeps with a backoff and gives up after a timeout. The clock and the
//! sleeper are injectable ([`wait_with`]), so tests run instantly. No async runtime: an
//! async caller drives the [`Waiter`] itself (see its docs).

use core::fmt;
use core::time::Duration;

use crate::client::verdict::Verdict;
use crate::client::wait::{Sighting, Waiter};

/// How [`wait()`] polls: the first interval, the backoff factor, the longest interval
/// and the overall timeout.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use server_lifecycle::WaitOptions;
///
/// let options = WaitOptions::default()
///     .interval(Duration::from_secs(1))
///     .backoff(2)
///     .max_interval(Duration::from_secs(10))
///     .timeout(Duration::from_secs(600));
/// assert_eq!(options.next_interval(Duration::from_secs(8)), Duration::from_secs(10));
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct WaitOptions {
    interval: Duration,
    backoff: u32,
    max_interval: Duration,
    timeout: Duration,
}

impl Default for WaitOptions {
    /// Poll after 2 s, doubling up to 30 s, for at most 30 minutes.
    fn default() -> WaitOptions {
        WaitOptions {
            interval: Duration::from_secs(2),
            backoff: 2,
            max_interval: Duration::from_secs(30),
            timeout: Duration::from_secs(1800),
        }
    }
}

impl WaitOptions {
    /// These options with the first interval between polls.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// let options = server_lifecycle::WaitOptions::default().interval(Duration::from_millis(500));
    /// assert_eq!(options.first_interval(), Duration::from_millis(500));
    /// ```
    #[must_use]
    pub const fn interval(self, interval: Duration) -> WaitOptions {
        WaitOptions { interval, ..self }
    }

    /// These options with each interval `factor` times the one before (1: no backoff).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// let options = server_lifecycle::WaitOptions::default().backoff(1);
    /// assert_eq!(options.next_interval(Duration::from_secs(3)), Duration::from_secs(3));
    /// ```
    #[must_use]
    pub const fn backoff(self, factor: u32) -> WaitOptions {
        WaitOptions {
            backoff: factor,
            ..self
        }
    }

    /// These options with the longest interval the backoff reaches.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// let options = server_lifecycle::WaitOptions::default().max_interval(Duration::from_secs(5));
    /// assert_eq!(options.next_interval(Duration::from_secs(4)), Duration::from_secs(5));
    /// ```
    #[must_use]
    pub const fn max_interval(self, max_interval: Duration) -> WaitOptions {
        WaitOptions {
            max_interval,
            ..self
        }
    }

    /// These options with the overall timeout.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// let options = server_lifecycle::WaitOptions::default().timeout(Duration::from_secs(60));
    /// assert_eq!(options.overall_timeout(), Duration::from_secs(60));
    /// ```
    #[must_use]
    pub const fn timeout(self, timeout: Duration) -> WaitOptions {
        WaitOptions { timeout, ..self }
    }

    /// The first interval.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// assert_eq!(server_lifecycle::WaitOptions::default().first_interval(), Duration::from_secs(2));
    /// ```
    #[must_use]
    pub const fn first_interval(&self) -> Duration {
        self.interval
    }

    /// The overall timeout.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// assert_eq!(server_lifecycle::WaitOptions::default().overall_timeout(), Duration::from_secs(1800));
    /// ```
    #[must_use]
    pub const fn overall_timeout(&self) -> Duration {
        self.timeout
    }

    /// The interval after `interval`: times the backoff factor, at most the longest
    /// interval (and never shorter than `interval` when that is already longer).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// let options = server_lifecycle::WaitOptions::default();
    /// assert_eq!(options.next_interval(Duration::from_secs(2)), Duration::from_secs(4));
    /// ```
    #[must_use]
    pub fn next_interval(&self, interval: Duration) -> Duration {
        let next = interval.saturating_mul(self.backoff.max(1));
        next.min(self.max_interval.max(interval))
    }
}

/// A clock for [`wait_with`]: the time elapsed since some fixed origin. Any
/// `FnMut() -> Duration` is one.
pub trait Clock {
    /// The time elapsed since the clock's origin.
    fn now(&mut self) -> Duration;
}

impl<F: FnMut() -> Duration> Clock for F {
    fn now(&mut self) -> Duration {
        self()
    }
}

/// A sleeper for [`wait_with`]. Any `FnMut(Duration)` is one.
pub trait Sleeper {
    /// Sleeps for `duration` (or pretends to).
    fn sleep(&mut self, duration: Duration);
}

impl<F: FnMut(Duration)> Sleeper for F {
    fn sleep(&mut self, duration: Duration) {
        self(duration);
    }
}

/// Why [`wait()`] returned without a final verdict.
///
/// # Examples
///
/// ```
/// use server_lifecycle::{Sighting, Status, Verdict, WaitError, Waiting};
///
/// let error: WaitError<std::io::Error> = WaitError::TimedOut {
///     last: Some((Sighting::status(Status::Active), Verdict::KeepWaiting(Waiting::Indeterminate))),
///     polls: 3,
/// };
/// assert!(error.to_string().starts_with("timed out after 3 polls; last: keep waiting"));
/// ```
#[derive(Debug)]
pub enum WaitError<E> {
    /// The poll closure failed; its error, unchanged.
    Poll(E),
    /// The timeout passed before a final verdict.
    TimedOut {
        /// The last sighting and its verdict, if any poll ran.
        last: Option<(Sighting, Verdict)>,
        /// How many polls ran.
        polls: u32,
    },
}

impl<E: fmt::Display> fmt::Display for WaitError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WaitError::Poll(error) => write!(f, "poll failed: {error}"),
            WaitError::TimedOut { last, polls } => {
                write!(f, "timed out after {polls} polls")?;
                match last {
                    Some((_, verdict)) => write!(f, "; last: {verdict}"),
                    None => Ok(()),
                }
            }
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for WaitError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WaitError::Poll(error) => Some(error),
            WaitError::TimedOut { .. } => None,
        }
    }
}

/// Polls until `waiter` gives a final verdict, with the system clock and
/// `std::thread::sleep`. `poll` is the caller's: it returns a [`Sighting`] (use
/// [`Sighting::NOT_FOUND`] for a 404) or its own error, which ends the wait at once
/// (retry inside the closure if an error may be transient).
///
/// # Errors
///
/// [`WaitError::Poll`] with the closure's error; [`WaitError::TimedOut`] with the last
/// sighting and verdict when the timeout passes first.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use server_lifecycle::{wait, CloudSettings, Event, Sighting, Status, WaitOptions, Waiter};
///
/// let waiter = Waiter::new(Event::Reboot, Status::Active, CloudSettings::default())?;
/// let mut polls = vec![Status::Reboot, Status::Reboot, Status::Active].into_iter();
/// let options = WaitOptions::default().interval(Duration::from_millis(1));
/// let verdict = wait(waiter, || Ok::<_, std::io::Error>(Sighting::from(polls.next().unwrap_or(Status::Active))), options)?;
/// assert!(verdict.is_done());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn wait<E>(
    waiter: Waiter,
    poll: impl FnMut() -> Result<Sighting, E>,
    options: WaitOptions,
) -> Result<Verdict, WaitError<E>> {
    let start = std::time::Instant::now();
    wait_with(
        waiter,
        poll,
        options,
        move || start.elapsed(),
        std::thread::sleep,
    )
}

/// [`wait()`] with an injected clock and sleeper: a test runs instantly.
///
/// The first poll runs at once; after each verdict that is not final the helper sleeps
/// for the interval (cut to what is left of the timeout), and the interval grows by the
/// backoff up to the longest interval. When the timeout has passed after a poll that is
/// not final, it returns [`WaitError::TimedOut`].
///
/// # Errors
///
/// As [`wait()`].
///
/// # Examples
///
/// ```
/// use std::cell::Cell;
/// use std::time::Duration;
/// use server_lifecycle::{wait_with, CloudSettings, Event, Sighting, Status, WaitError, WaitOptions, Waiter};
///
/// let waiter = Waiter::new(Event::Stop, Status::Active, CloudSettings::default())?;
/// let now = Cell::new(Duration::ZERO);
/// let options = WaitOptions::default()
///     .interval(Duration::from_secs(1))
///     .max_interval(Duration::from_secs(4))
///     .timeout(Duration::from_secs(10));
/// let mut slept = Vec::new();
/// // The server never moves: a stop that hangs.
/// let result = wait_with(
///     waiter,
///     || Ok::<_, std::io::Error>(Sighting::status(Status::Active)),
///     options,
///     || now.get(),
///     |d: Duration| { slept.push(d.as_secs()); now.set(now.get() + d) },
/// );
/// let Err(WaitError::TimedOut { last: Some((seen, verdict)), polls }) = result else { panic!() };
/// assert_eq!(seen, Sighting::status(Status::Active));
/// assert!(!verdict.is_final());
/// assert_eq!(polls, 5);
/// assert_eq!(slept, [1, 2, 4, 3]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn wait_with<E>(
    mut waiter: Waiter,
    mut poll: impl FnMut() -> Result<Sighting, E>,
    options: WaitOptions,
    mut clock: impl Clock,
    mut sleeper: impl Sleeper,
) -> Result<Verdict, WaitError<E>> {
    let start = clock.now();
    let mut interval = options.interval;
    loop {
        let sighting = poll().map_err(WaitError::Poll)?;
        let verdict = waiter.observe(sighting);
        if verdict.is_final() {
            return Ok(verdict);
        }
        let last = Some((sighting, verdict));
        let elapsed = clock.now().saturating_sub(start);
        let Some(left) = options
            .timeout
            .checked_sub(elapsed)
            .filter(|left| !left.is_zero())
        else {
            return Err(WaitError::TimedOut {
                last,
                polls: waiter.polls(),
            });
        };
        sleeper.sleep(interval.min(left));
        interval = options.next_interval(interval);
    }
}
