//! [`power_state_code`]: serde for a [`PowerState`] as Nova's integer code.

/// Serialises a [`PowerState`](super::PowerState) as Nova's integer code, as
/// `OS-EXT-STS:power_state` carries it, instead of its name; reads either. Use it with
/// `#[serde(with = "server_lifecycle::nova::power_state_code")]`.
///
/// # Examples
///
/// ```
/// use server_lifecycle::nova::PowerState;
///
/// #[derive(serde::Serialize, serde::Deserialize)]
/// struct Server {
///     #[serde(rename = "OS-EXT-STS:power_state", with = "server_lifecycle::nova::power_state_code")]
///     power_state: PowerState,
/// }
///
/// let server: Server = serde_json::from_str(r#"{"OS-EXT-STS:power_state": 4}"#).unwrap();
/// assert_eq!(server.power_state, PowerState::Shutdown);
/// assert_eq!(serde_json::to_string(&server).unwrap(), r#"{"OS-EXT-STS:power_state":4}"#);
/// ```
pub mod power_state_code {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::nova::PowerState;

    /// Writes the power state's integer code.
    ///
    /// # Errors
    ///
    /// Whatever the serializer reports.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::{power_state_code, PowerState};
    ///
    /// let mut out = Vec::new();
    /// power_state_code::serialize(&PowerState::Crashed, &mut serde_json::Serializer::new(&mut out)).unwrap();
    /// assert_eq!(out, b"6");
    /// ```
    pub fn serialize<S: Serializer>(
        power_state: &PowerState,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_u8(power_state.code())
    }

    /// Reads an integer code or a name.
    ///
    /// # Errors
    ///
    /// A deserializer error naming the input and the valid codes or names.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::{power_state_code, PowerState};
    ///
    /// let mut json = serde_json::Deserializer::from_str("1");
    /// assert_eq!(power_state_code::deserialize(&mut json).unwrap(), PowerState::Running);
    /// ```
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<PowerState, D::Error> {
        PowerState::deserialize(deserializer)
    }
}
