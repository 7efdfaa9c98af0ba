//! The machine: the only door to the graph of [`TRANSITIONS`](crate::table::TRANSITIONS).
//! Every view (plans, audits, renderings, the CLI) asks it instead of walking the table.
//!
//! Most of its answers are methods of [`Status`](crate::Status):
//!
//! * lookups, from tables computed at compile time: [`Status::next`](crate::Status::next),
//!   [`Status::accepts`](crate::Status::accepts),
//!   [`Status::allowed_requests`](crate::Status::allowed_requests),
//!   [`Status::possible_outcomes`](crate::Status::possible_outcomes);
//! * reachability, by all events or by a set of them:
//!   [`Status::successors_with`](crate::Status::successors_with),
//!   [`Status::reachable_with`](crate::Status::reachable_with);
//! * paths: [`Status::shortest_path_to`](crate::Status::shortest_path_to),
//!   [`Status::shortest_path_with`](crate::Status::shortest_path_with) and
//!   [`Status::likeliest_path_with`](crate::Status::likeliest_path_with), made of
//!   [`Step`]s.
//!
//! The queries about events as a whole are the functions of this module.
//!
//! # Examples
//!
//! ```
//! use server_lifecycle::{machine, Event, Status};
//!
//! assert!(machine::common_events().contains(Event::Delete));
//! assert!(Status::Stopped.reachable().contains(Status::Paused));
//! ```

mod events;
mod lookup;
mod path;
mod reach;

pub(crate) use events::class_events;
pub use events::{common_events, table_requests};
pub use path::Step;
pub(crate) use reach::reachable_table;
