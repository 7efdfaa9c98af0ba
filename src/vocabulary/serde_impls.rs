//! serde support (feature `serde`, on by default): canonical names out, every spelling in.

use core::fmt;

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::ser::{Serialize, Serializer};

use crate::{Event, EventKind, ReportedStatus, Status, StatusKind};

/// Deserialises a value parsed from a string with the type's own parser.
struct ParsedVisitor<T>(&'static str, fn(&str) -> Result<T, crate::ParseError>);

impl<T> Visitor<'_> for ParsedVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
        (self.1)(value).map_err(E::custom)
    }
}

macro_rules! serde_by_name {
    ($type:ty, $expecting:literal, $parse:path) => {
        impl Serialize for $type {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $type {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_str(ParsedVisitor($expecting, $parse))
            }
        }
    };
}

serde_by_name!(Status, "a server status name", Status::parse);
serde_by_name!(Event, "an event name", Event::parse);

fn parse_status_kind(name: &str) -> Result<StatusKind, crate::ParseError> {
    const NAMES: [&str; StatusKind::ALL.len()] = {
        let mut names = [""; StatusKind::ALL.len()];
        let mut i = 0;
        while i < names.len() {
            names[i] = StatusKind::ALL[i].as_str();
            i += 1;
        }
        names
    };
    StatusKind::ALL
        .into_iter()
        .find(|kind| kind.as_str() == name)
        .ok_or_else(|| crate::ParseError::new("status kind", name, &NAMES))
}

fn parse_event_kind(name: &str) -> Result<EventKind, crate::ParseError> {
    match name {
        "request" => Ok(EventKind::Request),
        "outcome" => Ok(EventKind::Outcome),
        _ => Err(crate::ParseError::new(
            "event kind",
            name,
            &["request", "outcome"],
        )),
    }
}

serde_by_name!(StatusKind, "a status kind", parse_status_kind);
serde_by_name!(EventKind, "an event kind", parse_event_kind);

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
