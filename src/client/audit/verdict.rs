//! Verdicts: the kind of one step between two observations of a server, and what
//! explains it. The graph questions go to the machine; this file only judges.

use core::fmt;

use crate::machine::{class_events, reachable_table};
use crate::{Event, EventClass, EventSet, Status, StatusSet, Step};

/// The events that happen to the server itself: every event but the contact changes
/// ([`EventClass::Contact`]), which are artefacts of observing.
const REAL_EVENTS: EventSet = EventSet::FULL.difference(class_events(EventClass::Contact));

/// `POSSIBLE_AFTER[s]`: every status some sequence of real events leads to from `s`, `s`
/// included.
static POSSIBLE_AFTER: [StatusSet; Status::COUNT] = reachable_table(REAL_EVENTS);

/// `JUDGEMENT[basis][to]` for `to` other than `UNKNOWN`: the kind of a step.
static JUDGEMENT: [[StepKind; Status::COUNT]; Status::COUNT] = {
    let mut table = [[StepKind::Impossible; Status::COUNT]; Status::COUNT];
    let mut from = 0;
    while from < Status::COUNT {
        let direct = Status::ALL[from].successors_with(REAL_EVENTS);
        let mut to = 0;
        while to < Status::COUNT {
            let status = Status::ALL[to];
            table[from][to] = if from == to {
                StepKind::Unchanged
            } else if direct.contains(status) {
                StepKind::Direct
            } else if POSSIBLE_AFTER[from].contains(status) {
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

/// Every status reachable from `from` by real events (every event but the contact
/// changes), `from` included: what a history may show after `from`, however many polls
/// were missed. [`Status::reachable`] is the same over every event.
///
/// # Examples
///
/// ```
/// use server_lifecycle::{audit, Status};
///
/// assert!(audit::possible_after(Status::Stopped).contains(Status::Paused));
/// assert!(!audit::possible_after(Status::Active).contains(Status::Building));
/// assert_eq!(audit::possible_after(Status::Deleted).len(), 1);
/// ```
#[must_use]
pub fn possible_after(from: Status) -> StatusSet {
    POSSIBLE_AFTER[from.index()]
}

crate::vocabulary::name_enum! {
    /// The kind of a step between two observations of one server.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::audit::StepKind;
    ///
    /// assert_eq!(StepKind::Explained.as_str(), "explained");
    /// assert!(!StepKind::Impossible.is_explained());
    /// assert_eq!(StepKind::ALL.len(), 5);
    /// assert!(StepKind::ALL.iter().enumerate().all(|(i, kind)| kind.index() == i));
    /// assert_eq!(StepKind::Impossible.index(), 4);
    /// assert_eq!(StepKind::Direct.as_str(), "direct");
    /// ```
    pub enum StepKind {
        what: "step kind",
        path: "server_lifecycle::audit",
        expecting: "a step kind",
        rows: {
            /// Nothing to compare with: the first observation of the server, or the first known
            /// status after it was only ever seen `UNKNOWN`.
            First = "first",
            /// The same status as before (repeated polls, or a round trip the polls missed).
            Unchanged = "unchanged",
            /// One event of the model leads there.
            Direct = "direct",
            /// Only a path of several events leads there: the polls missed the statuses between.
            Explained = "explained",
            /// Nothing in the model leads there.
            Impossible = "impossible",
        }
    }
}

impl StepKind {
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

/// The judgement of one step: from the previous observation of a server to this one.
///
/// Small and `Copy`. [`StepVerdict::events`] and [`StepVerdict::explanation`] compute the details
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
pub struct StepVerdict {
    kind: StepKind,
    previous: Option<Status>,
    basis: Option<Status>,
    status: Status,
}

impl StepVerdict {
    /// The verdict on observing `status` after `previous` (the last observed status, maybe
    /// `UNKNOWN`), judged from `basis` (the last observed status other than `UNKNOWN`).
    #[inline]
    pub(super) fn judge(
        previous: Option<Status>,
        basis: Option<Status>,
        status: Status,
    ) -> StepVerdict {
        let kind = if status == Status::Unknown {
            match previous {
                None => StepKind::First,
                Some(Status::Unknown) => StepKind::Unchanged,
                Some(from) if from.accepts(Event::ContactLost) => StepKind::Direct,
                Some(_) => StepKind::Impossible,
            }
        } else {
            match basis {
                None => StepKind::First,
                Some(basis) => JUDGEMENT[basis.index()][status.index()],
            }
        };
        StepVerdict {
            kind,
            previous,
            basis,
            status,
        }
    }

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
            StepKind::Direct => REAL_EVENTS
                .iter()
                .filter(|event| {
                    basis
                        .next(*event)
                        .is_ok_and(|results| results.contains(self.status))
                })
                .collect(),
            _ => EventSet::EMPTY,
        }
    }

    /// A shortest sequence of real events from the basis to the status: one step for a
    /// direct transition, several for an explained one (the statuses between are the
    /// ones the polls missed); `None` for the other kinds.
    ///
    /// Among equally short paths, the likeliest ([`Status::likeliest_path_with`]).
    /// Allocates: call it for reports, not per observation.
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
                basis.likeliest_path_with(self.status, REAL_EVENTS)
            }
            (StepKind::Direct, Some(basis)) => Some(vec![Step {
                from: basis,
                event: Event::ContactLost,
                to: Status::Unknown,
            }]),
            _ => None,
        }
    }

    /// The statuses the polls missed, in order: the middle of [`StepVerdict::explanation`].
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

impl fmt::Display for StepVerdict {
    /// One line: `PREVIOUS -> STATUS: kind` and the events, the explanation or why not,
    /// naming statuses by the specification's names ([`Status::as_str`]);
    /// [`StepVerdict::nova_display`] writes the same line with Nova's.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f, Status::as_str)
    }
}

/// A [`StepVerdict`] written with Nova's spelling of every status
/// ([`Status::nova_name`]: `SHUTOFF` for `STOPPED`, `RESIZE` for `RESIZED`, ...): what
/// [`StepVerdict::nova_display`] returns. Otherwise the same line as the verdict's own
/// `Display`.
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
/// assert_eq!(stopped.nova_display().to_string(), "ACTIVE -> SHUTOFF: direct (stop, power_off)");
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct NovaDisplay(StepVerdict);

impl fmt::Display for NovaDisplay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.write(f, Status::nova_name)
    }
}

impl StepVerdict {
    /// The verdict's line with Nova's spelling of every status, e.g. `ACTIVE -> SHUTOFF:
    /// direct (stop, power_off)` where `Display` writes `ACTIVE -> STOPPED: ...`; the
    /// rest of the line is the same. For output that follows what `openstack server show`
    /// prints.
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
    /// assert_eq!(
    ///     verdict.nova_display().to_string(),
    ///     "ACTIVE -> VERIFY_RESIZE: explained by missed statuses: ACTIVE --resize--> RESIZE --complete--> VERIFY_RESIZE"
    /// );
    /// assert_eq!(
    ///     verdict.to_string(),
    ///     "ACTIVE -> VERIFY_RESIZE: explained by missed statuses: ACTIVE --resize--> RESIZED --complete--> VERIFY_RESIZE"
    /// );
    /// ```
    #[must_use]
    pub const fn nova_display(self) -> NovaDisplay {
        NovaDisplay(self)
    }

    /// Writes the verdict's line, naming each status with `name`.
    fn write(&self, f: &mut fmt::Formatter<'_>, name: fn(Status) -> &'static str) -> fmt::Result {
        let status = name(self.status);
        match self.previous {
            Some(previous) => write!(f, "{} -> {status}: ", name(previous))?,
            None => write!(f, "{status}: ")?,
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
                    write!(f, " from {}", name(basis))?;
                }
                // The likeliest events first (the least rare, `Event::rarity`).
                let events = self.events();
                let mut ordered: [Event; Event::COUNT] = [Event::Complete; Event::COUNT];
                let mut count = 0;
                for event in events {
                    ordered[count] = event;
                    count += 1;
                }
                let ordered = &mut ordered[..count];
                ordered.sort_by_key(|event| (event.rarity(), event.index()));
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
                        f.write_str(name(step.from))?;
                    }
                    write!(f, " --{}--> {}", step.event, name(step.to))?;
                }
                Ok(())
            }
            StepKind::Impossible => {
                f.write_str("impossible: ")?;
                match self.basis {
                    Some(basis) if basis.successors_with(REAL_EVENTS).is_empty() => {
                        write!(f, "nothing leaves {}", name(basis))
                    }
                    Some(basis) if self.status == Status::Unknown => {
                        write!(f, "contact cannot be lost in {}", name(basis))
                    }
                    Some(basis) => write!(
                        f,
                        "no sequence of events leads from {} to {status}",
                        name(basis)
                    ),
                    None => f.write_str("no basis"),
                }
            }
        }
    }
}
