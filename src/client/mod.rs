//! The client side: what a caller of a cloud needs around one request. Plans (what to wait
//! for), assessments of one observation, audits of observed histories, and guarded writes
//! at status level. Reads the machine and the Nova layer; nothing below imports it.

mod assess;
pub mod audit;
mod blocking;
mod guarded;
mod observation;
mod plan;
mod starts;
mod verdict;
mod wait;

pub use assess::{Assessment, Progress};
pub use blocking::{wait, wait_with, Clock, Sleeper, WaitError, WaitOptions};
pub use guarded::{GuardedWrite, WriteError};
pub use observation::Observation;
pub use plan::Plan;
pub use verdict::{Check, FailReason, NovaVerdictDisplay, Seen, Verdict, Waiting};
pub use wait::{Sighting, Waiter};
