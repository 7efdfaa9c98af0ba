//! Audits of observed histories: is each step between two observations of a server a
//! transition of the model, explained only by statuses the polls missed, or impossible?
//!
//! The [`Auditor`] streams: it takes observations one at a time, keeps two bytes per
//! server and never allocates per observation. Its verdicts are small `Copy` values; the
//! events and the shortest explanation of a step are computed only when asked for.
//!
//! # What explains a step
//!
//! * A **direct** transition: one event of the table leads from the previous status to
//!   the new one.
//! * An **explained** step: a path of several events leads there, so the polls missed
//!   the statuses in between (transitional statuses are often shorter than a poll
//!   interval).
//! * An **impossible** step: no path at all, e.g. anything after `DELETED`, or a server
//!   going back to `BUILDING`.
//!
//! Losing and regaining contact (`contact_lost`, `contact_restored`) never explains a
//! step: `UNKNOWN` says nothing about the server itself. A step out of an observed
//! `UNKNOWN` is judged from the last status known before it.

use core::fmt;
use std::collections::HashMap;
use std::hash::Hash;

use crate::table::{Transition, TRANSITIONS};
use crate::{Event, EventSet, Status, StatusSet, Step};

/// Whether an event is an artefact of observing rather than something that happened to
/// the server.
const fn is_contact(event: Event) -> bool {
    matches!(event, Event::ContactLost | Event::ContactRestored)
}

/// `DIRECT[s]`: the statuses one real event leads to from `s` (contact changes left out).
static DIRECT: [StatusSet; Status::COUNT] = {
    let mut direct = [StatusSet::EMPTY; Status::COUNT];
    let mut i = 0;
    while i < TRANSITIONS.len() {
        let row = &TRANSITIONS[i];
        if !is_contact(row.event()) {
            let from = row.from().index();
            direct[from] = direct[from].union(row.to());
        }
        i += 1;
    }
    direct
};

/// `REACHABLE[s]`: every status some sequence of real events leads to from `s`, `s`
/// included (the reflexive-transitive closure of [`DIRECT`], by Warshall's algorithm).
static REACHABLE: [StatusSet; Status::COUNT] = {
    let mut reach = [StatusSet::EMPTY; Status::COUNT];
    let mut i = 0;
    while i < Status::COUNT {
        reach[i] = DIRECT[i].with(Status::ALL[i]);
        i += 1;
    }
    let mut k = 0;
    while k < Status::COUNT {
        let mut i = 0;
        while i < Status::COUNT {
            if reach[i].contains(Status::ALL[k]) {
                reach[i] = reach[i].union(reach[k]);
            }
            i += 1;
        }
        k += 1;
    }
    reach
};

/// The statuses in which contact can be lost (the server then shows `UNKNOWN`).
const CONTACT_LOST_FROM: StatusSet = {
    let mut set = StatusSet::EMPTY;
    let mut i = 0;
    while i < TRANSITIONS.len() {
        if matches!(TRANSITIONS[i].event(), Event::ContactLost) {
            set = set.with(TRANSITIONS[i].from());
        }
        i += 1;
    }
    set
};

/// `JUDGEMENT[basis][to]` for `to` other than `UNKNOWN`: the kind of a step.
static JUDGEMENT: [[StepKind; Status::COUNT]; Status::COUNT] = {
    let mut table = [[StepKind::Impossible; Status::COUNT]; Status::COUNT];
    let mut from = 0;
    while from < Status::COUNT {
        let mut to = 0;
        while to < Status::COUNT {
            let status = Status::ALL[to];
            table[from][to] = if from == to {
                StepKind::Unchanged
            } else if DIRECT[from].contains(status) {
                StepKind::Direct
            } else if REACHABLE[from].contains(status) {
                StepKind::Explained
            } else {
                StepKind::Impossible
            };
            to += 1;
        }
        from += 1;
    }
    table
};

/// Every status reachable from `from` by real events, `from` included: what a history may
/// show after `from`, however many polls were missed.
///
/// # Examples
///
/// ```
/// use server_lifecycle::{audit, Status};
///
/// assert!(audit::reachable(Status::Stopped).contains(Status::Paused));
/// assert!(!audit::reachable(Status::Active).contains(Status::Building));
/// assert_eq!(audit::reachable(Status::Deleted).len(), 1);
/// ```
#[must_use]
pub fn reachable(from: Status) -> StatusSet {
    REACHABLE[from.index()]
}

/// The kind of a step between two observations of one server.
///
/// # Examples
///
/// ```
/// use server_lifecycle::audit::StepKind;
///
/// assert_eq!(StepKind::Explained.as_str(), "explained");
/// assert!(!StepKind::Impossible.is_explained());
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum StepKind {
    /// Nothing to compare with: the first observation of the server, or the first known
    /// status after it was only ever seen `UNKNOWN`.
    First,
    /// The same status as before (repeated polls, or a round trip the polls missed).
    Unchanged,
    /// One event of the model leads there.
    Direct,
    /// Only a path of several events leads there: the polls missed the statuses between.
    Explained,
    /// Nothing in the model leads there.
    Impossible,
}

impl StepKind {
    /// The lowercase name used in reports.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(server_lifecycle::audit::StepKind::Direct.as_str(), "direct");
    /// ```
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            StepKind::First => "first",
            StepKind::Unchanged => "unchanged",
            StepKind::Direct => "direct",
            StepKind::Explained => "explained",
            StepKind::Impossible => "impossible",
        }
    }

    /// Everything but [`StepKind::Impossible`].
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(server_lifecycle::audit::StepKind::First.is_explained());
    /// ```
    #[must_use]
    pub const fn is_explained(self) -> bool {
        !matches!(self, StepKind::Impossible)
    }
}

impl fmt::Display for StepKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// The judgement of one step: from the previous observation of a server to this one.
///
/// Small and `Copy`. [`Verdict::events`] and [`Verdict::explanation`] compute the details
/// on demand, for reports.
///
/// # Examples
///
/// ```
/// use server_lifecycle::audit::{Auditor, StepKind};
/// use server_lifecycle::Status;
///
/// let mut auditor = Auditor::new();
/// auditor.observe(0, Status::Stopped);
/// let verdict = auditor.observe(0, Status::Paused);
/// assert_eq!(verdict.kind(), StepKind::Explained);
/// assert_eq!(
///     verdict.to_string(),
///     "STOPPED -> PAUSED: explained by missed statuses: STOPPED --start--> ACTIVE --pause--> PAUSED"
/// );
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Verdict {
    kind: StepKind,
    previous: Option<Status>,
    basis: Option<Status>,
    status: Status,
}

impl Verdict {
    /// The kind of step.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::audit::{Auditor, StepKind};
    /// use server_lifecycle::Status;
    ///
    /// let mut auditor = Auditor::new();
    /// assert_eq!(auditor.observe(7, Status::Building).kind(), StepKind::First);
    /// ```
    #[must_use]
    pub const fn kind(&self) -> StepKind {
        self.kind
    }

    /// Whether something in the model explains the step (every kind but impossible).
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::audit::Auditor;
    /// use server_lifecycle::Status;
    ///
    /// let mut auditor = Auditor::new();
    /// auditor.observe(0, Status::Deleted);
    /// assert!(!auditor.observe(0, Status::SoftDeleted).is_explained());
    /// ```
    #[must_use]
    pub const fn is_explained(&self) -> bool {
        self.kind.is_explained()
    }

    /// The previously observed status, `None` for the first observation.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::audit::Auditor;
    /// use server_lifecycle::Status;
    ///
    /// let mut auditor = Auditor::new();
    /// auditor.observe(0, Status::Active);
    /// assert_eq!(auditor.observe(0, Status::Reboot).previous(), Some(Status::Active));
    /// ```
    #[must_use]
    pub const fn previous(&self) -> Option<Status> {
        self.previous
    }

    /// The status the step is judged from: the previous one, or the last status known
    /// before an observed `UNKNOWN`.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::audit::{Auditor, StepKind};
    /// use server_lifecycle::Status;
    ///
    /// let mut auditor = Auditor::new();
    /// auditor.observe(0, Status::Stopped);
    /// auditor.observe(0, Status::Unknown);
    /// let back = auditor.observe(0, Status::Active);
    /// assert_eq!(back.basis(), Some(Status::Stopped));
    /// assert_eq!(back.kind(), StepKind::Direct);
    /// ```
    #[must_use]
    pub const fn basis(&self) -> Option<Status> {
        self.basis
    }

    /// The status observed now.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::audit::Auditor;
    /// use server_lifecycle::Status;
    ///
    /// let mut auditor = Auditor::new();
    /// assert_eq!(auditor.observe(0, Status::Active).status(), Status::Active);
    /// ```
    #[must_use]
    pub const fn status(&self) -> Status {
        self.status
    }

    /// The events that lead directly from the basis to the status (for a
    /// [`StepKind::Direct`] step; `contact_lost` for a step into `UNKNOWN`); empty for
    /// other kinds.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::audit::Auditor;
    /// use server_lifecycle::Status;
    ///
    /// let mut auditor = Auditor::new();
    /// auditor.observe(0, Status::Active);
    /// let stopped = auditor.observe(0, Status::Stopped);
    /// assert_eq!(stopped.events().to_string(), "stop, power_off");
    /// ```
    #[must_use]
    pub fn events(&self) -> EventSet {
        let Some(basis) = self.basis else {
            return EventSet::EMPTY;
        };
        match self.kind {
            StepKind::Direct if self.status == Status::Unknown => {
                EventSet::EMPTY.with(Event::ContactLost)
            }
            StepKind::Direct => TRANSITIONS
                .iter()
                .filter(|row| {
                    row.from() == basis
                        && !is_contact(row.event())
                        && row.to().contains(self.status)
                })
                .map(Transition::event)
                .collect(),
            _ => EventSet::EMPTY,
        }
    }

    /// A shortest sequence of real events from the basis to the status: one step for a
    /// direct transition, several for an explained one (the statuses between are the
    /// ones the polls missed); `None` for the other kinds.
    ///
    /// Among equally short paths it prefers paths without admin resets, then steps with
    /// a certain result, then the likeliest events (a task completing, then ordinary requests and periodic jobs,
    /// then failures and evacuations, then admin resets). Allocates: call it for
    /// reports, not per observation.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::audit::Auditor;
    /// use server_lifecycle::{Event, Status};
    ///
    /// let mut auditor = Auditor::new();
    /// auditor.observe(0, Status::Active);
    /// let verdict = auditor.observe(0, Status::VerifyResize);
    /// let path = verdict.explanation().unwrap();
    /// let events: Vec<Event> = path.iter().map(|step| step.event).collect();
    /// assert_eq!(events, [Event::Resize, Event::Complete]);
    /// ```
    #[must_use]
    pub fn explanation(&self) -> Option<Vec<Step>> {
        match (self.kind, self.basis) {
            (StepKind::Direct | StepKind::Explained, Some(basis))
                if self.status != Status::Unknown =>
            {
                shortest_explanation(basis, self.status)
            }
            (StepKind::Direct, Some(basis)) => Some(vec![Step {
                from: basis,
                event: Event::ContactLost,
                to: Status::Unknown,
            }]),
            _ => None,
        }
    }

    /// The statuses the polls missed, in order: the middle of [`Verdict::explanation`].
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::audit::Auditor;
    /// use server_lifecycle::Status;
    ///
    /// let mut auditor = Auditor::new();
    /// auditor.observe(0, Status::Active);
    /// let verdict = auditor.observe(0, Status::VerifyResize);
    /// assert_eq!(verdict.missed(), [Status::Resized]);
    /// ```
    #[must_use]
    pub fn missed(&self) -> Vec<Status> {
        match self.explanation() {
            Some(path) if path.len() > 1 => {
                path[..path.len() - 1].iter().map(|step| step.to).collect()
            }
            _ => Vec::new(),
        }
    }
}

impl fmt::Display for Verdict {
    /// One line: `PREVIOUS -> STATUS: kind` and the events, the explanation or why not.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.previous {
            Some(previous) => write!(f, "{previous} -> {}: ", self.status)?,
            None => write!(f, "{}: ", self.status)?,
        }
        match self.kind {
            StepKind::First if self.previous.is_some() => {
                f.write_str("first known status (only UNKNOWN before)")
            }
            StepKind::First => f.write_str("first observation"),
            StepKind::Unchanged => f.write_str("unchanged"),
            StepKind::Direct => {
                f.write_str("direct")?;
                if let Some(basis) = self.basis.filter(|basis| Some(*basis) != self.previous) {
                    write!(f, " from {basis}")?;
                }
                // The likeliest events first: a task completing, then ordinary requests
                // and periodic jobs, then failures, then admin resets.
                let events = self.events();
                let mut ordered: [Event; Event::COUNT] = [Event::Complete; Event::COUNT];
                let mut count = 0;
                for event in events {
                    ordered[count] = event;
                    count += 1;
                }
                let ordered = &mut ordered[..count];
                ordered.sort_by_key(|event| (rarity(*event), event.index()));
                for (i, event) in ordered.iter().enumerate() {
                    f.write_str(if i == 0 { " (" } else { ", " })?;
                    f.write_str(event.as_str())?;
                }
                if !events.is_empty() {
                    f.write_str(")")?;
                }
                Ok(())
            }
            StepKind::Explained => {
                f.write_str("explained by missed statuses: ")?;
                let path = self.explanation().unwrap_or_default();
                for (i, step) in path.iter().enumerate() {
                    if i == 0 {
                        write!(f, "{step}")?;
                    } else {
                        write!(f, " --{}--> {}", step.event, step.to)?;
                    }
                }
                Ok(())
            }
            StepKind::Impossible => {
                f.write_str("impossible: ")?;
                match self.basis {
                    Some(basis) if DIRECT[basis.index()].is_empty() => {
                        write!(f, "nothing leaves {basis}")
                    }
                    Some(basis) if self.status == Status::Unknown => {
                        write!(f, "contact cannot be lost in {basis}")
                    }
                    Some(basis) => write!(
                        f,
                        "no sequence of events leads from {basis} to {}",
                        self.status
                    ),
                    None => f.write_str("no basis"),
                }
            }
        }
    }
}

/// How unlikely an event is as the explanation of a missed status: a task completing is
/// the likeliest, then ordinary requests and periodic jobs, then failures and
/// evacuations (a host went down), then admin resets.
const fn rarity(event: Event) -> u32 {
    match event {
        Event::Complete => 0,
        Event::Fail | Event::Evacuate => 2,
        Event::ResetStateActive | Event::ResetStateError => 3,
        _ => 1,
    }
}

/// The cost of an explanation, compared in order: admin resets, uncertain results,
/// rarity of the events.
type Cost = (u32, u32, u32);

/// The cost of explaining a step by a row.
fn row_cost(row: &Transition) -> Cost {
    let reset = matches!(
        row.event(),
        Event::ResetStateActive | Event::ResetStateError
    );
    (
        u32::from(reset),
        u32::from(row.to().len() > 1),
        rarity(row.event()),
    )
}

/// A shortest path of real events (no contact changes) from `from` to `to`; among the
/// shortest, the one with the fewest admin resets, then the fewest uncertain steps, then
/// the likeliest events, then the earliest rows of the table.
fn shortest_explanation(from: Status, to: Status) -> Option<Vec<Step>> {
    if from == to || !REACHABLE[from.index()].contains(to) {
        return None;
    }
    // best[s]: the cheapest way found to reach `s` in the current number of steps.
    let mut best: [Option<(Cost, Step)>; Status::COUNT] = [None; Status::COUNT];
    let mut seen = StatusSet::EMPTY.with(from);
    let mut layer = StatusSet::EMPTY.with(from);
    let mut cost: [Cost; Status::COUNT] = [(0, 0, 0); Status::COUNT];
    while !seen.contains(to) {
        let mut next_layer = StatusSet::EMPTY;
        for row in TRANSITIONS
            .iter()
            .filter(|row| layer.contains(row.from()) && !is_contact(row.event()))
        {
            let (reset, uncertain, rare) = row_cost(row);
            let base = cost[row.from().index()];
            let total = (base.0 + reset, base.1 + uncertain, base.2 + rare);
            for next in row.to().difference(seen) {
                let better = match best[next.index()] {
                    Some((known, _)) => total < known,
                    None => true,
                };
                if better {
                    best[next.index()] = Some((
                        total,
                        Step {
                            from: row.from(),
                            event: row.event(),
                            to: next,
                        },
                    ));
                }
                next_layer = next_layer.with(next);
            }
        }
        if next_layer.is_empty() {
            return None;
        }
        for status in next_layer {
            if let Some((total, _)) = best[status.index()] {
                cost[status.index()] = total;
            }
        }
        seen = seen.union(next_layer);
        layer = next_layer;
    }
    let mut path = Vec::new();
    let mut at = to;
    while at != from {
        let (_, step) = best[at.index()]?;
        path.push(step);
        at = step.from;
    }
    path.reverse();
    Some(path)
}

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
fn judge(state: &mut ServerState, status: Status) -> Verdict {
    let previous = status_at(state.seen);
    let to = status.index() as u8;
    let verdict = if status == Status::Unknown {
        let basis = status_at(state.known);
        let kind = match previous {
            None => StepKind::First,
            Some(Status::Unknown) => StepKind::Unchanged,
            Some(from) if CONTACT_LOST_FROM.contains(from) => StepKind::Direct,
            Some(_) => StepKind::Impossible,
        };
        Verdict {
            kind,
            previous,
            basis,
            status,
        }
    } else {
        let basis = status_at(state.known);
        let kind = match basis {
            None => StepKind::First,
            Some(basis) => JUDGEMENT[basis.index()][status.index()],
        };
        state.known = to;
        Verdict {
            kind,
            previous,
            basis,
            status,
        }
    };
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
    pub fn observe(&mut self, server: usize, status: Status) -> Verdict {
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
    pub fn observe<Q>(&mut self, server: &Q, status: Status) -> Verdict
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
        self.auditor.observe(id, status)
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
pub fn history<I: IntoIterator<Item = Status>>(statuses: I) -> impl Iterator<Item = Verdict> {
    let mut state = ServerState::NEW;
    statuses
        .into_iter()
        .map(move |status| judge(&mut state, status))
}
