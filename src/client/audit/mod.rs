//! Audits of observed histories: is each step between two observations of a server a
//! transition of the model, explained only by statuses the polls missed, or impossible?
//!
//! The [`Auditor`] streams: it takes observations one at a time, keeps two bytes per
//! server and never allocates per observation. Its verdicts are small `Copy` values; the
//! events and the shortest explanation of a step are computed only when asked for.
//!
//! # What explains a step
//!
//! * A **direct** transition: one event of the table leads from the previous status to
//!   the new one.
//! * An **explained** step: a path of several events leads there, so the polls missed
//!   the statuses in between (transitional statuses are often shorter than a poll
//!   interval).
//! * An **impossible** step: no path at all, e.g. anything after `DELETED`, or a server
//!   going back to `BUILDING`.
//!
//! Losing and regaining contact (`contact_lost`, `contact_restored`) never explains a
//! step: `UNKNOWN` says nothing about the server itself. A step out of an observed
//! `UNKNOWN` is judged from the last status known before it.

mod auditor;
mod verdict;

pub use auditor::{history, Auditor, KeyedAuditor};
pub use verdict::{possible_after, NovaDisplay, StepKind, StepVerdict};
