//! The auditors: they remember two bytes per server and judge each new observation
//! against them ([`StepVerdict`]).

use std::collections::HashMap;
use std::hash::Hash;

use super::verdict::StepVerdict;
use crate::Status;

/// No status observed yet.
const NONE: u8 = u8::MAX;

/// What the auditor remembers of one server: two bytes.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
struct ServerState {
    /// The last observed status (possibly `UNKNOWN`), or [`NONE`].
    seen: u8,
    /// The last observed status other than `UNKNOWN`, or [`NONE`].
    known: u8,
}

impl ServerState {
    const NEW: ServerState = ServerState {
        seen: NONE,
        known: NONE,
    };
}

const _: () = assert!(Status::COUNT < NONE as usize);

fn status_at(index: u8) -> Option<Status> {
    Status::ALL.get(usize::from(index)).copied()
}

/// Judges one step of a server and updates its state.
#[inline]
fn judge(state: &mut ServerState, status: Status) -> StepVerdict {
    let verdict = StepVerdict::judge(status_at(state.seen), status_at(state.known), status);
    let to = status.index() as u8;
    if status != Status::Unknown {
        state.known = to;
    }
    state.seen = to;
    verdict
}

/// A streaming auditor of the observed histories of many servers, keyed by small
/// integers (`0..n`, e.g. the caller's own interned ids). Memory is two bytes per server,
/// whatever the length of the histories; each observation costs a table lookup.
///
/// Feed each server's observations in time order; servers may be interleaved. Use
/// [`KeyedAuditor`] to key servers by name.
///
/// # Examples
///
/// ```
/// use server_lifecycle::audit::{Auditor, StepKind};
/// use server_lifecycle::Status;
///
/// let mut auditor = Auditor::new();
/// let history = [
///     (0, Status::Building),
///     (1, Status::Active),
///     (0, Status::Active),   // complete
///     (1, Status::Stopped),  // stop
///     (0, Status::Deleted),  // delete
///     (1, Status::Building), // nothing goes back to BUILDING
/// ];
/// let kinds: Vec<StepKind> = history
///     .iter()
///     .map(|&(server, status)| auditor.observe(server, status).kind())
///     .collect();
/// assert_eq!(
///     kinds,
///     [StepKind::First, StepKind::First, StepKind::Direct, StepKind::Direct,
///      StepKind::Direct, StepKind::Impossible]
/// );
/// ```
#[derive(Clone, Debug, Default)]
pub struct Auditor {
    servers: Vec<ServerState>,
}

impl Auditor {
    /// An auditor that has seen nothing.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(server_lifecycle::audit::Auditor::new().server_count(), 0);
    /// ```
    #[must_use]
    pub fn new() -> Auditor {
        Auditor::default()
    }

    /// An auditor with room for servers `0..servers` without reallocating.
    ///
    /// # Examples
    ///
    /// ```
    /// let auditor = server_lifecycle::audit::Auditor::with_capacity(1000);
    /// assert_eq!(auditor.server_count(), 0);
    /// ```
    #[must_use]
    pub fn with_capacity(servers: usize) -> Auditor {
        Auditor {
            servers: Vec::with_capacity(servers),
        }
    }

    /// Judges the step from server `server`'s previous observation to `status`, and
    /// remembers `status`.
    ///
    /// `server` indexes a dense table: use small integers (memory grows to the largest
    /// index seen, two bytes a slot).
    ///
    /// # Panics
    ///
    /// When the table for `server + 1` slots cannot be allocated (an index near
    /// `usize::MAX`); key servers by name with [`KeyedAuditor`] when ids are not dense.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::audit::{Auditor, StepKind};
    /// use server_lifecycle::Status;
    ///
    /// let mut auditor = Auditor::new();
    /// auditor.observe(3, Status::Active);
    /// assert_eq!(auditor.observe(3, Status::Active).kind(), StepKind::Unchanged);
    /// ```
    #[inline]
    pub fn observe(&mut self, server: usize, status: Status) -> StepVerdict {
        if server >= self.servers.len() {
            self.servers.resize(server + 1, ServerState::NEW);
        }
        judge(&mut self.servers[server], status)
    }

    /// The number of server slots (one more than the largest index seen).
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::audit::Auditor;
    /// use server_lifecycle::Status;
    ///
    /// let mut auditor = Auditor::new();
    /// auditor.observe(4, Status::Active);
    /// assert_eq!(auditor.server_count(), 5);
    /// ```
    #[must_use]
    pub fn server_count(&self) -> usize {
        self.servers.len()
    }

    /// The last status observed for `server`, if any.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::audit::Auditor;
    /// use server_lifecycle::Status;
    ///
    /// let mut auditor = Auditor::new();
    /// auditor.observe(0, Status::Paused);
    /// assert_eq!(auditor.last_status(0), Some(Status::Paused));
    /// assert_eq!(auditor.last_status(1), None);
    /// ```
    #[must_use]
    pub fn last_status(&self, server: usize) -> Option<Status> {
        self.servers
            .get(server)
            .and_then(|state| status_at(state.seen))
    }
}

/// A streaming auditor keyed by any hashable server id (a name, a UUID string, a
/// number). Memory is one map entry per server; use [`Auditor`] with interned integer ids
/// when speed matters most.
///
/// # Examples
///
/// ```
/// use server_lifecycle::audit::{KeyedAuditor, StepKind};
/// use server_lifecycle::Status;
///
/// let mut auditor: KeyedAuditor<String> = KeyedAuditor::new();
/// auditor.observe("web-1", Status::Active);
/// auditor.observe("db-1", Status::Deleted);
/// assert_eq!(auditor.observe("web-1", Status::Reboot).kind(), StepKind::Direct);
/// assert_eq!(auditor.observe("db-1", Status::Active).kind(), StepKind::Impossible);
/// assert_eq!(auditor.server_count(), 2);
/// ```
#[derive(Clone, Debug)]
pub struct KeyedAuditor<K> {
    ids: HashMap<K, usize>,
    auditor: Auditor,
}

impl<K: Hash + Eq> Default for KeyedAuditor<K> {
    fn default() -> Self {
        KeyedAuditor {
            ids: HashMap::new(),
            auditor: Auditor::new(),
        }
    }
}

impl<K: Hash + Eq> KeyedAuditor<K> {
    /// An auditor that has seen nothing.
    ///
    /// # Examples
    ///
    /// ```
    /// let auditor: server_lifecycle::audit::KeyedAuditor<u64> = Default::default();
    /// assert_eq!(auditor.server_count(), 0);
    /// ```
    #[must_use]
    pub fn new() -> KeyedAuditor<K> {
        KeyedAuditor::default()
    }

    /// Judges the step from `server`'s previous observation to `status`.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::audit::{KeyedAuditor, StepKind};
    /// use server_lifecycle::Status;
    ///
    /// let mut auditor: KeyedAuditor<u64> = KeyedAuditor::new();
    /// assert_eq!(auditor.observe(&42, Status::Building).kind(), StepKind::First);
    /// ```
    pub fn observe<Q>(&mut self, server: &Q, status: Status) -> StepVerdict
    where
        K: core::borrow::Borrow<Q>,
        Q: Hash + Eq + ToOwned<Owned = K> + ?Sized,
    {
        self.observe_with_id(server, status).1
    }

    /// Judges the step from `server`'s previous observation to `status`, and tells the
    /// dense id of `server` ([`KeyedAuditor::id`]): a caller keeping its own report per
    /// server indexes it with the id, and a new id (equal to the number of servers seen
    /// before) is a server seen for the first time.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::audit::{KeyedAuditor, StepKind};
    /// use server_lifecycle::Status;
    ///
    /// let mut auditor: KeyedAuditor<String> = KeyedAuditor::new();
    /// let (web, first) = auditor.observe_with_id("web-1", Status::Active);
    /// assert_eq!((web, first.kind()), (0, StepKind::First));
    /// assert_eq!(auditor.observe_with_id("db-1", Status::Active).0, 1);
    /// assert_eq!(auditor.observe_with_id("web-1", Status::Stopped).0, 0);
    /// ```
    pub fn observe_with_id<Q>(&mut self, server: &Q, status: Status) -> (usize, StepVerdict)
    where
        K: core::borrow::Borrow<Q>,
        Q: Hash + Eq + ToOwned<Owned = K> + ?Sized,
    {
        let id = match self.ids.get(server) {
            Some(id) => *id,
            None => {
                let id = self.ids.len();
                self.ids.insert(server.to_owned(), id);
                id
            }
        };
        (id, self.auditor.observe(id, status))
    }

    /// The dense id given to `server` (in order of first observation), if it was seen.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::audit::KeyedAuditor;
    /// use server_lifecycle::Status;
    ///
    /// let mut auditor: KeyedAuditor<String> = KeyedAuditor::new();
    /// auditor.observe("b", Status::Active);
    /// assert_eq!(auditor.id("b"), Some(0));
    /// assert_eq!(auditor.id("a"), None);
    /// ```
    #[must_use]
    pub fn id<Q>(&self, server: &Q) -> Option<usize>
    where
        K: core::borrow::Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.ids.get(server).copied()
    }

    /// The number of servers seen.
    ///
    /// # Examples
    ///
    /// ```
    /// let auditor: server_lifecycle::audit::KeyedAuditor<String> = Default::default();
    /// assert_eq!(auditor.server_count(), 0);
    /// ```
    #[must_use]
    pub fn server_count(&self) -> usize {
        self.ids.len()
    }
}

/// Audits one server's history of statuses, oldest first: one verdict per observation.
///
/// # Examples
///
/// ```
/// use server_lifecycle::audit::{self, StepKind};
/// use server_lifecycle::Status;
///
/// let history = [Status::Active, Status::Deleted, Status::SoftDeleted];
/// let verdicts: Vec<_> = audit::history(history).collect();
/// assert_eq!(verdicts[1].kind(), StepKind::Direct);
/// assert_eq!(verdicts[2].kind(), StepKind::Impossible);
/// assert_eq!(
///     verdicts[2].to_string(),
///     "DELETED -> SOFT_DELETED: impossible: nothing leaves DELETED"
/// );
/// ```
pub fn history<I: IntoIterator<Item = Status>>(statuses: I) -> impl Iterator<Item = StepVerdict> {
    let mut state = ServerState::NEW;
    statuses
        .into_iter()
        .map(move |status| judge(&mut state, status))
}
