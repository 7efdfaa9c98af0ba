//! Serialise a [`Status`] with Nova's wire name (`SHUTOFF`, `BUILD`, `RESCUE`, `RESIZE`)
//! instead of the canonical one, for code that talks to Nova. Deserialising accepts every
//! spelling, as usual. Use it with `#[serde(with = "server_lifecycle::nova::wire")]`.
//!
//! # Examples
//!
//! ```
//! use server_lifecycle::Status;
//!
//! #[derive(serde::Serialize, serde::Deserialize)]
//! struct Server {
//!     #[serde(with = "server_lifecycle::nova::wire")]
//!     status: Status,
//! }
//!
//! let json = serde_json::to_string(&Server { status: Status::Stopped }).unwrap();
//! assert_eq!(json, r#"{"status":"SHUTOFF"}"#);
//! let back: Server = serde_json::from_str(r#"{"status":"stopped"}"#).unwrap();
//! assert_eq!(back.status, Status::Stopped);
//! ```

use serde::{Deserialize, Deserializer, Serializer};

use crate::Status;

/// Writes the status's Nova wire name.
///
/// # Errors
///
/// Whatever the serializer reports.
///
/// # Examples
///
/// ```
/// use server_lifecycle::nova::wire;
/// use server_lifecycle::Status;
///
/// let mut out = Vec::new();
/// wire::serialize(&Status::Building, &mut serde_json::Serializer::new(&mut out)).unwrap();
/// assert_eq!(out, br#""BUILD""#);
/// ```
pub fn serialize<S: Serializer>(status: &Status, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(status.nova_name())
}

/// Reads any spelling of a status.
///
/// # Errors
///
/// A deserializer error naming the input and the valid spellings.
///
/// # Examples
///
/// ```
/// use server_lifecycle::nova::wire;
/// use server_lifecycle::Status;
///
/// let mut de = serde_json::Deserializer::from_str(r#""RESCUE""#);
/// assert_eq!(wire::deserialize(&mut de).unwrap(), Status::Rescued);
/// ```
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Status, D::Error> {
    Status::deserialize(deserializer)
}
