//! The reference model of a cloud server's lifecycle: every status an OpenStack-style
//! compute API reports, the events that move a server between them, and which moves are
//! legal.
//!
//! ```
//! use server_lifecycle::{Event, Status};
//!
//! // Nova reports "SHUTOFF"; the specification calls it STOPPED. Both parse.
//! let status: Status = "SHUTOFF".parse()?;
//!
//! // What may I ask for?
//! assert!(status.accepts(Event::Start));
//!
//! // Where does it lead? Usually one status...
//! assert_eq!(status.next(Event::Start)?.single(), Some(Status::Active));
//!
//! // ...but never a pretended one: a confirmed resize ends ACTIVE or STOPPED
//! // depending on the power state, or ERROR if the confirm fails.
//! let confirmed = Status::VerifyResize.next(Event::ConfirmResize)?;
//! assert_eq!(confirmed.to_string(), "ACTIVE, ERROR, STOPPED");
//!
//! // Refusals say what is allowed instead.
//! let refused = Status::Deleted.next(Event::Restore).unwrap_err();
//! assert_eq!(
//!     refused.to_string(),
//!     "request restore is not allowed in status DELETED; allowed requests: none"
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Scope of this crate
//!
//! * **Statuses**: the 17 of the specification plus Nova's `MIGRATING`, `SHELVED` and
//!   `SHELVED_OFFLOADED` ([`Status`]); Nova's wire spellings `BUILD`, `RESCUE`, `RESIZE`
//!   and `SHUTOFF` parse as aliases. [`ReportedStatus`] keeps any status string a cloud
//!   invents.
//! * **Events**: requests a user or admin makes and outcomes the control plane reports
//!   ([`Event`]).
//! * **The transition table** ([`table::TRANSITIONS`]), declared once as data and derived
//!   from Nova's code (commit `00a030403f672b975364c855b7d25b40ef83e757`): Nova is the
//!   reference implementation, and where the specification is silent, Nova's code
//!   decides. Every lookup, diagram and document reads this one table.
//! * **The Nova layer** ([`nova`]): `vm_state` × `task_state` × `power_state`, the status
//!   map, every operation's guard, where operations end, and a model whose steps are
//!   proved (by `tests/refinement.rs`) to refine the transition table.
//! * **Guarded writes** ([`GuardedWrite`], [`nova::NovaWrite`]): the precondition and the new
//!   state of a conditional write, so a control plane applies the model atomically in its
//!   own store and tells a lost race from a refusal (`docs/embedding.md`).
//! * **Out of scope**: no HTTP client, no async, no persistence. The crate answers
//!   questions; the caller owns I/O (the blocking helper [`wait()`] only sleeps between
//!   the caller's polls, and takes an injected clock and sleeper in [`wait_with`]).
//!
//! # Features
//!
//! * `serde` (default): `Serialize`/`Deserialize` for the model's types (canonical names
//!   out, every spelling in) and the [`nova::wire`] module to write Nova's spellings instead.
#![forbid(unsafe_code)]
// On docs.rs, every item behind a feature says which one (docs.rs builds with --cfg docsrs).
#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs)]

// The layers, each importing only the ones before it (docs/architecture.md).
mod client;
pub mod machine;
pub mod nova;
pub mod render;
pub mod table;
mod vocabulary;

pub use client::audit;
pub use client::{wait, wait_with, Clock, Sleeper, WaitError, WaitOptions};
pub use client::{Assessment, GuardedWrite, Observation, Plan, Progress, WriteError};
pub use client::{Check, FailReason, NovaVerdictDisplay, Seen, Sighting, Verdict, Waiter, Waiting};
pub use machine::Step;
pub use nova::TaskObservation;
pub use vocabulary::{
    CloudSettings, Event, EventClass, EventKind, EventSet, EventSetIter, ParseError, Rarity,
    ReportedStatus, Status, StatusKind, StatusSet, StatusSetIter, Timing, TransitionError,
};

/// The README's Rust examples run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

/// The Rust examples of `docs/waiting.md` run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../docs/waiting.md")]
struct WaitingGuideDoctests;
