//! The vocabulary: statuses, events (with their class as data), sets of them, the cloud
//! settings that change paths, the name tables every parser uses, and the errors. Nothing
//! here knows the transition table.

mod error;
mod event;
mod name_enum;
pub(crate) mod names;
mod reported;
#[cfg(feature = "serde")]
mod serde_impls;
#[cfg(feature = "serde")]
pub(crate) use serde_impls::ParsedVisitor;
mod set;
mod settings;
mod status;

pub use error::{ParseError, TransitionError};
pub(crate) use event::with_events;
pub use event::{Event, EventClass, EventKind, Rarity};
pub(crate) use name_enum::{first_of, name_enum};
pub(crate) use names::NameTable;
pub use reported::ReportedStatus;
pub(crate) use set::bit_set;
pub use set::{EventSet, EventSetIter, StatusSet, StatusSetIter};
pub use settings::{CloudSettings, Timing};
pub(crate) use status::first_line;
pub use status::{Status, StatusKind};
