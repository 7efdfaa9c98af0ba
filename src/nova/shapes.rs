//! Every JSON shape a real tool prints about a server, read by one type: [`ServerJson`]
//! (feature `serde`).
//!
//! One JSON document (an object or an array) is classified by its keys, and every server
//! object in it is read into a [`NovaServer`], whatever the tool's spelling of the keys:
//!
//! | shape | keys |
//! |---|---|
//! | this project's observation line | `{"server": ID, "status": S, "task_state": T, "at": TIME}` |
//! | Nova's `GET /servers/{id}` body | `{"server": {...}}` |
//! | Nova's `GET /servers/detail` body | `{"servers": [...]}` |
//! | one server object: Nova's, `openstack server show -f json`, openstacksdk's `Server.to_dict()` | `id`, `status`, `OS-EXT-STS:*` or `vm_state`, `task_state`, `power_state` |
//! | `openstack server list -f json` (with or without `--long`) | an array of `{"ID", "Name", "Status", "Task State", "Power State", ...}` |
//! | Nova's `GET /servers/{id}/os-instance-actions` body | `{"instanceActions": [...]}`, or `{"instanceAction": {...}}` |
//! | `openstack server event list -f json` | an array of `{"Request ID", "Server ID", "Action", "Start Time", ...}` |
//!
//! The power state may be Nova's integer code (Nova, openstacksdk, and openstackclient
//! 5.5.0 and later, whose JSON formatter prints the raw value) or openstackclient's text
//! label (`Running`, `Shutdown`, ...: its `PowerStateColumn` in
//! `openstackclient/compute/v2/server.py`, printed as text by versions before 5.5.0).

use core::fmt;

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::json::{NovaFault, NovaServer};
use crate::nova::PowerState;
use crate::ReportedStatus;

/// openstackclient's text for each power state code (index = Nova's code), from
/// `PowerStateColumn.power_states` in `openstackclient/compute/v2/server.py`
/// (python-openstackclient 10.2.1; the same list since 2016). Codes 2 and 5 (unused by
/// Nova) show as the empty string, and anything past the list as `N/A`.
pub const OPENSTACKCLIENT_POWER_STATES: [&str; 8] = [
    "NOSTATE",
    "Running",
    "",
    "Paused",
    "Shutdown",
    "",
    "Crashed",
    "Suspended",
];

/// The shapes [`ServerJson`] accepts, named for error messages.
pub const ACCEPTED_SHAPES: &str = "this project's {\"server\": ID, \"status\": S} line; \
Nova's {\"server\": {...}}, {\"servers\": [...]} or {\"instanceActions\": [...]} body; \
one server object with \"id\" and \"status\" (openstack server show -f json, openstacksdk Server.to_dict()); \
or an array of server rows (openstack server list -f json) or of actions (openstack server event list -f json)";

/// The shape of one JSON document about servers, as [`ServerJson`] detected it.
///
/// # Examples
///
/// ```
/// use server_lifecycle::nova::{ServerJson, ServerShape};
///
/// let line: ServerJson = serde_json::from_str(r#"{"server": "web-1", "status": "ACTIVE"}"#)?;
/// assert_eq!(line.shape, ServerShape::Line);
/// assert_eq!(ServerShape::Line.as_str(), "line");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum ServerShape {
    /// This project's own line: `{"server": ID, "status": S, "task_state": T, "at": TIME}`.
    Line,
    /// Nova's `GET /servers/{id}` body: `{"server": {...}}`.
    NovaServerBody,
    /// Nova's `GET /servers/detail` body: `{"servers": [...]}`.
    NovaServersBody,
    /// One server object with Nova's keys (`OS-EXT-STS:vm_state`, ...): Nova's server
    /// object, or `openstack server show -f json`.
    ServerObject,
    /// One server object with openstacksdk's attribute names (`vm_state`, `task_state`,
    /// `power_state`): `Server.to_dict()`.
    SdkServer,
    /// An array of server objects or rows: `openstack server list -f json` (`"ID"`,
    /// `"Status"`, with `--long` also `"Task State"`, `"Power State"`).
    ServerList,
    /// Nova's `os-instance-actions` body: `{"instanceActions": [...]}` or
    /// `{"instanceAction": {...}}`.
    NovaActionsBody,
    /// An array of instance actions: `openstack server event list -f json`.
    ActionList,
}

impl ServerShape {
    /// A short name of the shape.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::ServerShape;
    ///
    /// assert_eq!(ServerShape::SdkServer.as_str(), "openstacksdk server");
    /// ```
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            ServerShape::Line => "line",
            ServerShape::NovaServerBody => "nova server body",
            ServerShape::NovaServersBody => "nova servers body",
            ServerShape::ServerObject => "server object",
            ServerShape::SdkServer => "openstacksdk server",
            ServerShape::ServerList => "server list",
            ServerShape::NovaActionsBody => "nova instance actions body",
            ServerShape::ActionList => "event list",
        }
    }
}

impl fmt::Display for ServerShape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A server id or a time as the JSON gave it: a string or a number.
///
/// # Examples
///
/// ```
/// use server_lifecycle::nova::JsonScalar;
///
/// let id: JsonScalar = serde_json::from_str("7")?;
/// assert_eq!(id, JsonScalar::Integer(7));
/// assert_eq!(id.to_string(), "7");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum JsonScalar {
    /// A string.
    Text(String),
    /// An integer.
    Integer(i128),
    /// A number with a fraction or an exponent.
    Float(f64),
}

impl fmt::Display for JsonScalar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JsonScalar::Text(text) => f.write_str(text),
            JsonScalar::Integer(number) => write!(f, "{number}"),
            JsonScalar::Float(number) => write!(f, "{number}"),
        }
    }
}

struct ScalarVisitor;

impl Visitor<'_> for ScalarVisitor {
    type Value = JsonScalar;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string or a number")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<JsonScalar, E> {
        Ok(JsonScalar::Text(value.to_owned()))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<JsonScalar, E> {
        Ok(JsonScalar::Text(value))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<JsonScalar, E> {
        Ok(JsonScalar::Integer(i128::from(value)))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<JsonScalar, E> {
        Ok(JsonScalar::Integer(i128::from(value)))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<JsonScalar, E> {
        Ok(JsonScalar::Float(value))
    }
}

impl<'de> Deserialize<'de> for JsonScalar {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ScalarVisitor)
    }
}

/// A power state as Nova's integer code or openstackclient's text; `None` for `null`,
/// openstackclient's blank (codes 2 and 5) and `N/A`.
struct PowerCode(Option<i64>);

impl<'de> Deserialize<'de> for PowerCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PowerVisitor;
        impl<'de> Visitor<'de> for PowerVisitor {
            type Value = PowerCode;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a power state: Nova's integer code or openstackclient's text")
            }
            fn visit_unit<E: de::Error>(self) -> Result<PowerCode, E> {
                Ok(PowerCode(None))
            }
            fn visit_none<E: de::Error>(self) -> Result<PowerCode, E> {
                Ok(PowerCode(None))
            }
            fn visit_some<D: Deserializer<'de>>(
                self,
                deserializer: D,
            ) -> Result<PowerCode, D::Error> {
                deserializer.deserialize_any(PowerVisitor)
            }
            fn visit_u64<E: de::Error>(self, code: u64) -> Result<PowerCode, E> {
                i64::try_from(code)
                    .map(|code| PowerCode(Some(code)))
                    .map_err(|_| E::custom(format!("power state code {code} is out of range")))
            }
            fn visit_i64<E: de::Error>(self, code: i64) -> Result<PowerCode, E> {
                Ok(PowerCode(Some(code)))
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<PowerCode, E> {
                power_code_of_text(text).map(PowerCode).ok_or_else(|| {
                    E::custom(format!(
                        "unknown power state \"{text}\"; expected Nova's integer code, \
                         openstackclient's NOSTATE, Running, Paused, Shutdown, Crashed, \
                         Suspended, or one of: {}",
                        PowerState::ALL.map(PowerState::as_str).join(", ")
                    ))
                })
            }
        }
        deserializer.deserialize_any(PowerVisitor)
    }
}

/// The code of a power state written as text: openstackclient's label (blank and `N/A`
/// say nothing: `Some(None)`) or Nova's name; `None` for any other text.
fn power_code_of_text(text: &str) -> Option<Option<i64>> {
    let text = text.trim();
    if text.is_empty() || text == "N/A" {
        return Some(None);
    }
    if let Some(code) = OPENSTACKCLIENT_POWER_STATES
        .iter()
        .position(|label| !label.is_empty() && label.eq_ignore_ascii_case(text))
    {
        return Some(i64::try_from(code).ok());
    }
    PowerState::parse_known(text).map(|state| Some(i64::from(state.code())))
}

/// Deserialises a field that may be `null` or a value into `None` / `Some(value)`.
struct Nullable<T>(Option<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<T>::deserialize(deserializer).map(Nullable)
    }
}

/// One recorded instance action: what `openstack server event list` shows, or one
/// entry of Nova's `instanceActions`.
///
/// # Examples
///
/// ```
/// use server_lifecycle::nova::ServerJson;
///
/// let body: ServerJson = serde_json::from_str(r#"{"instanceActions": [{"action": "resize",
///     "instance_uuid": "b48316c5", "request_id": "req-1", "start_time": "2026-08-21T10:00:00"}]}"#)?;
/// assert_eq!(body.actions[0].action, "resize");
/// assert_eq!(body.actions[0].server.as_deref(), Some("b48316c5"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct InstanceAction {
    /// The action's name as Nova records it (`nova/compute/instance_actions.py`).
    pub action: String,
    /// The server: `instance_uuid` (Nova) or `Server ID` (openstackclient).
    pub server: Option<String>,
    /// The request id: `request_id` or `Request ID`.
    pub request_id: Option<String>,
    /// When the action started: `start_time` or `Start Time`.
    pub start_time: Option<String>,
}

/// One server observation in a document: the server's id as given and its object.
///
/// # Examples
///
/// ```
/// use server_lifecycle::nova::{JsonScalar, ServerJson};
///
/// let line: ServerJson = serde_json::from_str(r#"{"server": 7, "status": "ACTIVE", "at": 12.5}"#)?;
/// let seen = &line.servers[0];
/// assert_eq!(seen.key, JsonScalar::Integer(7));
/// assert_eq!(seen.at, Some(JsonScalar::Float(12.5)));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ServerRecord {
    /// The server: the line's `server`, else the object's `id` (`ID`), else its name.
    pub key: JsonScalar,
    /// The line's `at`, when given (only this project's lines carry one).
    pub at: Option<JsonScalar>,
    /// The server object.
    pub server: NovaServer,
}

/// One JSON document about servers in any shape a real tool prints
/// ([`ACCEPTED_SHAPES`] lists them): its shape, its server observations and its recorded instance
/// actions. The one reader of server JSON: Nova bodies, openstackclient, openstacksdk and
/// this project's lines all come through here.
///
/// # Errors
///
/// Deserialising fails, naming the accepted shapes, for a document of no known shape,
/// a server object without `status` or without an id, or a float as server id.
///
/// # Examples
///
/// ```
/// use server_lifecycle::nova::{ServerJson, ServerShape};
/// use server_lifecycle::Status;
///
/// // openstack server list -f json --long
/// let rows: ServerJson = serde_json::from_str(r#"[
///     {"ID": "a1", "Name": "web-1", "Status": "SHUTOFF", "Task State": null, "Power State": "Shutdown"},
///     {"ID": "b2", "Name": "db-1", "Status": "ACTIVE", "Task State": "powering-off", "Power State": "Running"}
/// ]"#)?;
/// assert_eq!(rows.shape, ServerShape::ServerList);
/// assert_eq!(rows.servers[0].server.status.known(), Some(Status::Stopped));
/// assert_eq!(rows.servers[0].server.power_state, Some(4));
///
/// // openstacksdk's Server.to_dict()
/// let sdk: ServerJson = serde_json::from_str(
///     r#"{"id": "a1", "status": "ACTIVE", "vm_state": "active", "task_state": null, "power_state": 1}"#,
/// )?;
/// assert_eq!(sdk.shape, ServerShape::SdkServer);
///
/// let error = serde_json::from_str::<ServerJson>(r#"{"state": "ACTIVE"}"#).unwrap_err();
/// assert!(error.to_string().starts_with("no known shape; expected"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ServerJson {
    /// The detected shape.
    pub shape: ServerShape,
    /// The server observations, in document order.
    pub servers: Vec<ServerRecord>,
    /// The recorded instance actions, in document order.
    pub actions: Vec<InstanceAction>,
}

/// `server`'s value: an id (this project's line) or a server object (Nova's body).
enum ServerField {
    Key(JsonScalar),
    Object(Box<Fields>),
}

impl<'de> Deserialize<'de> for ServerField {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FieldVisitor;
        impl<'de> Visitor<'de> for FieldVisitor {
            type Value = ServerField;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a server id (a string or an integer) or a server object")
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<ServerField, E> {
                ScalarVisitor.visit_str(value).map(ServerField::Key)
            }
            fn visit_u64<E: de::Error>(self, value: u64) -> Result<ServerField, E> {
                ScalarVisitor.visit_u64(value).map(ServerField::Key)
            }
            fn visit_i64<E: de::Error>(self, value: i64) -> Result<ServerField, E> {
                ScalarVisitor.visit_i64(value).map(ServerField::Key)
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<ServerField, E> {
                Err(E::custom("server must be a string or an integer"))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<ServerField, A::Error> {
                FieldsVisitor
                    .visit_map(map)
                    .map(|fields| ServerField::Object(Box::new(fields)))
            }
        }
        deserializer.deserialize_any(FieldVisitor)
    }
}

/// Every key of every shape, in every tool's spelling, as read from one JSON object.
#[derive(Default)]
struct Fields {
    id: Option<JsonScalar>,
    name: Option<String>,
    status: Option<ReportedStatus>,
    vm_state: Option<Option<String>>,
    task_state: Option<Option<String>>,
    power_state: Option<Option<i64>>,
    fault: Option<Option<NovaFault>>,
    at: Option<Option<JsonScalar>>,
    server: Option<ServerField>,
    servers: Option<Vec<Fields>>,
    actions: Option<Vec<Fields>>,
    action_body: Option<Box<Fields>>,
    action: Option<String>,
    server_id: Option<Option<String>>,
    request_id: Option<Option<String>>,
    start_time: Option<Option<String>>,
    /// A key only openstackclient's list columns have (`ID`, `Status`, ...).
    list_columns: bool,
    /// A key only openstacksdk's attribute names have (`vm_state`, ...).
    sdk_names: bool,
}

/// Stores `value` in `slot`, or fails naming the key given twice (in any spelling).
fn set<T, E: de::Error>(slot: &mut Option<T>, value: T, key: &str) -> Result<(), E> {
    if slot.is_some() {
        return Err(E::custom(format!("duplicate field `{key}`")));
    }
    *slot = Some(value);
    Ok(())
}

struct FieldsVisitor;

impl<'de> Visitor<'de> for FieldsVisitor {
    type Value = Fields;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Fields, A::Error> {
        let mut fields = Fields::default();
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            let key = key.as_ref();
            match key {
                "id" | "ID" => set(&mut fields.id, map.next_value()?, key)?,
                "name" | "Name" => {
                    let Nullable(name) = map.next_value()?;
                    if let Some(name) = name {
                        set(&mut fields.name, name, key)?;
                    }
                }
                "status" | "Status" => set(&mut fields.status, map.next_value()?, key)?,
                "OS-EXT-STS:vm_state" | "vm_state" => {
                    let Nullable(value) = map.next_value()?;
                    set(&mut fields.vm_state, value, key)?;
                }
                "OS-EXT-STS:task_state" | "task_state" | "Task State" => {
                    let Nullable(value) = map.next_value()?;
                    set(&mut fields.task_state, value, key)?;
                }
                "OS-EXT-STS:power_state" | "power_state" | "Power State" => {
                    let PowerCode(code) = map.next_value()?;
                    set(&mut fields.power_state, code, key)?;
                }
                "fault" => {
                    let Nullable(fault) = map.next_value()?;
                    set(&mut fields.fault, fault, key)?;
                }
                "at" => {
                    let Nullable(at) = map.next_value()?;
                    set(&mut fields.at, at, key)?;
                }
                "server" => set(&mut fields.server, map.next_value()?, key)?,
                "servers" => {
                    let ObjectList(list) = map.next_value()?;
                    set(&mut fields.servers, list, key)?;
                }
                "instanceActions" => {
                    let ObjectList(list) = map.next_value()?;
                    set(&mut fields.actions, list, key)?;
                }
                "instanceAction" => {
                    let Object(object) = map.next_value()?;
                    set(&mut fields.action_body, Box::new(object), key)?;
                }
                "action" | "Action" => set(&mut fields.action, map.next_value()?, key)?,
                "instance_uuid" | "Server ID" => {
                    let Nullable(value) = map.next_value()?;
                    set(&mut fields.server_id, value, key)?;
                }
                "request_id" | "Request ID" => {
                    let Nullable(value) = map.next_value()?;
                    set(&mut fields.request_id, value, key)?;
                }
                "start_time" | "Start Time" => {
                    let Nullable(value) = map.next_value()?;
                    set(&mut fields.start_time, value, key)?;
                }
                _ => {
                    map.next_value::<de::IgnoredAny>()?;
                    continue;
                }
            }
            match key {
                "ID" | "Name" | "Status" | "Task State" | "Power State" => {
                    fields.list_columns = true;
                }
                "vm_state" | "power_state" => fields.sdk_names = true,
                _ => {}
            }
        }
        Ok(fields)
    }
}

/// One JSON object read into [`Fields`].
struct Object(Fields);

impl<'de> Deserialize<'de> for Object {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(FieldsVisitor).map(Object)
    }
}

/// An array of JSON objects.
struct ObjectList(Vec<Fields>);

impl<'de> Deserialize<'de> for ObjectList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::<Object>::deserialize(deserializer)
            .map(|objects| ObjectList(objects.into_iter().map(|Object(fields)| fields).collect()))
    }
}

impl Fields {
    /// The server object these fields describe; `status` is required.
    fn into_server<E: de::Error>(self) -> Result<NovaServer, E> {
        let status = self.status.ok_or_else(|| E::missing_field("status"))?;
        // openstacksdk (and `openstack server show`, built on it) write `null` for every
        // field Nova did not show. Nova shows the OS-EXT-STS fields together and never a
        // null vm_state, so a null vm_state says they were hidden: the null task_state
        // beside it is unobserved, not "no task".
        let task_state = match (&self.vm_state, self.task_state) {
            (Some(None), Some(None)) => None,
            (_, task_state) => task_state,
        };
        Ok(NovaServer {
            id: match self.id {
                Some(JsonScalar::Text(text)) => Some(text),
                Some(other) => Some(other.to_string()),
                None => None,
            },
            name: self.name,
            status,
            vm_state: self.vm_state,
            task_state,
            power_state: self.power_state.flatten(),
            fault: self.fault.flatten(),
        })
    }

    /// A server object with its id (else its name) as key.
    fn into_record<E: de::Error>(self) -> Result<ServerRecord, E> {
        let key = match (&self.id, &self.name) {
            (Some(JsonScalar::Float(_)), _) => {
                return Err(E::custom("server id must be a string or an integer"))
            }
            (Some(id), _) => id.clone(),
            (None, Some(name)) => JsonScalar::Text(name.clone()),
            (None, None) => {
                return Err(E::custom(
                    "a server object without \"id\" or \"name\" (this project's lines name the server in \"server\")",
                ))
            }
        };
        Ok(ServerRecord {
            key,
            at: None,
            server: self.into_server()?,
        })
    }

    /// An instance action; `action` is required.
    fn into_action<E: de::Error>(self) -> Result<InstanceAction, E> {
        Ok(InstanceAction {
            action: self.action.ok_or_else(|| E::missing_field("action"))?,
            server: self.server_id.flatten(),
            request_id: self.request_id.flatten(),
            start_time: self.start_time.flatten(),
        })
    }

    fn is_action(&self) -> bool {
        self.action.is_some() && self.status.is_none()
    }

    /// The document these fields make, with its shape.
    fn into_document<E: de::Error>(mut self) -> Result<ServerJson, E> {
        let mut document = ServerJson {
            shape: ServerShape::Line,
            servers: Vec::new(),
            actions: Vec::new(),
        };
        if let Some(servers) = self.servers.take() {
            document.shape = ServerShape::NovaServersBody;
            for server in servers {
                document.servers.push(server.into_record()?);
            }
        } else if let Some(actions) = self.actions.take() {
            document.shape = ServerShape::NovaActionsBody;
            for action in actions {
                document.actions.push(action.into_action()?);
            }
        } else if let Some(action) = self.action_body.take() {
            document.shape = ServerShape::NovaActionsBody;
            document.actions.push(action.into_action()?);
        } else if let Some(server) = self.server.take() {
            match server {
                ServerField::Object(object) => {
                    document.shape = ServerShape::NovaServerBody;
                    document.servers.push(object.into_record()?);
                }
                ServerField::Key(key) => {
                    let at = self.at.take().flatten();
                    document.servers.push(ServerRecord {
                        key,
                        at,
                        server: self.into_server()?,
                    });
                }
            }
        } else if self.status.is_some() {
            document.shape = if self.list_columns {
                ServerShape::ServerList
            } else if self.sdk_names {
                ServerShape::SdkServer
            } else {
                ServerShape::ServerObject
            };
            document.servers.push(self.into_record()?);
        } else if self.is_action() {
            document.shape = ServerShape::ActionList;
            document.actions.push(self.into_action()?);
        } else {
            return Err(E::custom(format!(
                "no known shape; expected {ACCEPTED_SHAPES}"
            )));
        }
        Ok(document)
    }
}

/// Reads one array element into the document being built.
struct ElementSeed<'a>(&'a mut ServerJson);

impl<'de> DeserializeSeed<'de> for ElementSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ElementSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    /// Reads one element and checks it inside the map, so errors carry its position.
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        let fields = FieldsVisitor.visit_map(map)?;
        if fields.is_action() {
            self.0.actions.push(fields.into_action()?);
        } else if fields.status.is_some() {
            self.0.servers.push(fields.into_record()?);
        } else {
            return Err(de::Error::custom(
                "an array element with neither \"status\" (a server) nor \"action\" (an instance action)",
            ));
        }
        Ok(())
    }
}

struct DocumentVisitor;

impl<'de> Visitor<'de> for DocumentVisitor {
    type Value = ServerJson;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{ACCEPTED_SHAPES}")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<ServerJson, A::Error> {
        FieldsVisitor.visit_map(map)?.into_document()
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ServerJson, A::Error> {
        let mut document = ServerJson {
            shape: ServerShape::ServerList,
            servers: Vec::new(),
            actions: Vec::new(),
        };
        while seq.next_element_seed(ElementSeed(&mut document))?.is_some() {}
        if document.servers.is_empty() && !document.actions.is_empty() {
            document.shape = ServerShape::ActionList;
        }
        Ok(document)
    }
}

impl<'de> Deserialize<'de> for ServerJson {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(DocumentVisitor)
    }
}

impl<'de> Deserialize<'de> for NovaServer {
    /// Reads one server object in any tool's spelling of the keys: Nova's
    /// (`OS-EXT-STS:vm_state`), openstacksdk's (`vm_state`) or openstackclient's list
    /// columns (`Status`, `Task State`, `Power State`); the power state as an integer
    /// code or openstackclient's text.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        /// Reads the object and checks it inside the map, so errors carry its position.
        struct ServerVisitor;
        impl<'de> Visitor<'de> for ServerVisitor {
            type Value = NovaServer;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a server object")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<NovaServer, A::Error> {
                FieldsVisitor.visit_map(map)?.into_server()
            }
        }
        deserializer.deserialize_map(ServerVisitor)
    }
}
