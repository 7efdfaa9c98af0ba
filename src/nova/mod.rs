//! Nova's detailed layer: `vm_state` × `task_state` × `power_state`, the status each pair
//! shows, each operation's guard, and where operations end.
//!
//! Facts are from Nova's source at commit `00a030403f672b975364c855b7d25b40ef83e757`
//! (`tests/data/nova-facts.json`).
//!
//! ```
//! use server_lifecycle::nova::{status_of, Operation, TaskState, VmState};
//! use server_lifecycle::Status;
//!
//! // Nova accepts a hard reboot of a stopped server and sets rebooting_hard...
//! let task = Operation::RebootHard.check(VmState::Stopped, None, true)?;
//! assert_eq!(task, Some(TaskState::RebootingHard));
//! // ...which shows SHUTOFF (STOPPED), not HARD_REBOOT: only vm_state active maps it.
//! assert_eq!(status_of(VmState::Stopped, task), Status::Stopped);
//! # Ok::<(), server_lifecycle::nova::InvalidStateError>(())
//! ```

mod ends;
mod guard;
mod instance_actions;
#[cfg(feature = "serde")]
mod json;
mod microversion;
mod model;
mod operation;
mod operations_table;
#[cfg(feature = "serde")]
mod power_code;
mod reverse;
mod sets;
#[cfg(feature = "serde")]
mod shapes;
mod states;
mod status_map;
mod task_observation;
#[cfg(feature = "serde")]
pub mod wire;
mod write;

pub use ends::Context;
pub use guard::{Guard, InvalidStateError, Refusal};
pub use instance_actions::{
    events_with_actions, instance_action, recorded_action, InstanceActionRow, INSTANCE_ACTIONS,
};
#[cfg(feature = "serde")]
pub use json::{NovaFault, NovaServer, NovaServerBody, NovaServersBody};
pub use microversion::{Microversion, MicroversionError};
pub use model::{NovaState, NovaStep, StepCause, Visibility};
pub use operation::Operation;
#[cfg(feature = "serde")]
pub use power_code::power_state_code;
pub use reverse::{list_filter, matches_list_filter, pairs_showing};
pub use sets::{TaskStateSet, VmStateSet, VmStateSetIter};
#[cfg(feature = "serde")]
pub use shapes::{
    InstanceAction, JsonScalar, ServerJson, ServerRecord, ServerShape, ACCEPTED_SHAPES,
    OPENSTACKCLIENT_POWER_STATES,
};
pub use states::{PowerState, TaskState, VmState};
pub use status_map::{default_status, status_of, status_of_record, STATUS_OVERRIDES};
pub use task_observation::TaskObservation;
pub use write::{NovaWrite, NovaWriteError};

/// The Nova commit this model follows: every fact of the Nova layer and the transition
/// table is from Nova's source at this commit (`git rev-parse HEAD` of a Nova clone).
///
/// ```
/// use server_lifecycle::nova::NOVA_COMMIT;
///
/// assert_eq!(NOVA_COMMIT.len(), 40);
/// assert!(NOVA_COMMIT.chars().all(|c| c.is_ascii_hexdigit()));
/// ```
pub const NOVA_COMMIT: &str = "00a030403f672b975364c855b7d25b40ef83e757";
