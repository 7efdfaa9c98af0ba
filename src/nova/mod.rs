//! Nova's detailed layer: `vm_state` × `task_state` × `power_state`, the status each pair
//! shows, and (to come) each operation's guard.
//!
//! Facts are from Nova's source at commit `00a030403f672b975364c855b7d25b40ef83e757`
//! (`tests/data/nova-facts.json`).

mod states;
mod status_map;

pub use states::{PowerState, TaskState, VmState};
pub use status_map::{default_status, status_of, status_of_record, STATUS_OVERRIDES};
