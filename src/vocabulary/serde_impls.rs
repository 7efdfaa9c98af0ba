//! serde support (feature `serde`, on by default): canonical names out, every spelling in.

use core::fmt;

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::ser::{Serialize, Serializer};

use crate::ReportedStatus;

/// Deserialises a value parsed from a string with the type's own parser; what every
/// `name_enum!` type's `Deserialize` uses.
pub(crate) struct ParsedVisitor<T> {
    expecting: &'static str,
    parse: fn(&str) -> Result<T, crate::ParseError>,
}

impl<T> ParsedVisitor<T> {
    /// A visitor that expects `expecting` and parses with `parse`.
    pub(crate) const fn new(
        expecting: &'static str,
        parse: fn(&str) -> Result<T, crate::ParseError>,
    ) -> ParsedVisitor<T> {
        ParsedVisitor { expecting, parse }
    }
}

impl<T> Visitor<'_> for ParsedVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
        (self.parse)(value).map_err(E::custom)
    }
}

impl Serialize for ReportedStatus {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

struct ReportedVisitor;

impl Visitor<'_> for ReportedVisitor {
    type Value = ReportedStatus;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a status string")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<ReportedStatus, E> {
        Ok(ReportedStatus::from(value))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<ReportedStatus, E> {
        Ok(ReportedStatus::from(value))
    }
}

impl<'de> Deserialize<'de> for ReportedStatus {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_string(ReportedVisitor)
    }
}
