//! Paths: the shortest sequence of events from one status to another, and the likeliest
//! among the shortest.

use crate::table::{Transition, TRANSITIONS};
use crate::{Event, EventClass, EventSet, Status, StatusSet};

/// One step of a path: from a status, an event, to one of its results.
///
/// # Examples
///
/// ```
/// use server_lifecycle::{Event, Status};
///
/// let path = Status::Stopped.shortest_path_to(Status::Paused).unwrap();
/// assert_eq!(path[0].event, Event::Start);
/// assert_eq!(path[0].to, Status::Active);
/// assert_eq!(path[0].to_string(), "STOPPED --start--> ACTIVE");
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Step {
    /// The status before the event.
    pub from: Status,
    /// The event.
    pub event: Event,
    /// The status after it.
    pub to: Status,
}

impl core::fmt::Display for Step {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{} --{}--> {}", self.from, self.event, self.to)
    }
}

impl Status {
    /// A shortest sequence of steps from this status to `target`, or `None` when `target`
    /// cannot be reached; empty when `target` is this status.
    ///
    /// Searches first without the [`common_events`](super::common_events) (delete,
    /// the admin resets, lost and restored contact): restored contact leads anywhere and
    /// would make almost every path two steps long through `UNKNOWN`. Only when nothing
    /// else reaches `target` (`DELETED`, `SOFT_DELETED`, `UNKNOWN`, ...) does it search the
    /// whole table. Among equally short paths it prefers steps with a single certain
    /// result, then earlier rows of the table.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{Event, Status};
    ///
    /// let path = Status::VerifyResize.shortest_path_to(Status::Shelved).unwrap();
    /// let events: Vec<Event> = path.iter().map(|step| step.event).collect();
    /// assert_eq!(events, [Event::ConfirmResize, Event::Shelve]);
    ///
    /// let built: Vec<Event> = Status::Building
    ///     .shortest_path_to(Status::VerifyResize)
    ///     .unwrap()
    ///     .iter()
    ///     .map(|step| step.event)
    ///     .collect();
    /// assert_eq!(built, [Event::Complete, Event::Resize, Event::Complete]);
    ///
    /// assert_eq!(Status::Active.shortest_path_to(Status::Deleted).unwrap()[0].event, Event::Delete);
    /// assert_eq!(Status::Deleted.shortest_path_to(Status::Active), None);
    /// ```
    #[must_use]
    pub fn shortest_path_to(self, target: Status) -> Option<Vec<Step>> {
        let ordinary = EventSet::FULL.difference(super::common_events());
        self.shortest_path_with(target, ordinary)
            .or_else(|| self.shortest_path_with(target, EventSet::FULL))
    }

    /// A shortest sequence of steps from this status to `target` using only the given
    /// events, or `None` when they cannot reach it; empty when `target` is this status.
    /// Among equally short paths it prefers steps with a single certain result, then
    /// earlier rows of the table.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{Event, EventSet, Status};
    ///
    /// let stop_and_start = EventSet::of(&[Event::Stop, Event::Start]);
    /// assert_eq!(Status::Active.shortest_path_with(Status::Paused, stop_and_start), None);
    /// let path = Status::Active
    ///     .shortest_path_with(Status::Paused, EventSet::of(&[Event::Pause]))
    ///     .unwrap();
    /// assert_eq!(path.len(), 1);
    /// ```
    #[must_use]
    pub fn shortest_path_with(self, target: Status, events: EventSet) -> Option<Vec<Step>> {
        let mut came_from: [Option<Step>; Status::COUNT] = [None; Status::COUNT];
        let mut seen = StatusSet::EMPTY.with(self);
        let mut queue = [self; Status::COUNT];
        let (mut head, mut tail) = (0, 1);
        while head < tail {
            let from = queue[head];
            head += 1;
            if from == target {
                break;
            }
            let mut rows: Vec<&Transition> = TRANSITIONS
                .iter()
                .filter(|row| row.from() == from && events.contains(row.event()))
                .collect();
            rows.sort_by_key(|row| row.to().len() > 1);
            for row in rows {
                for to in row.to().difference(seen) {
                    seen = seen.with(to);
                    came_from[to.index()] = Some(Step {
                        from,
                        event: row.event(),
                        to,
                    });
                    queue[tail] = to;
                    tail += 1;
                }
            }
        }
        if !seen.contains(target) {
            return None;
        }
        let mut path = Vec::new();
        let mut at = target;
        while let Some(step) = came_from[at.index()] {
            path.push(step);
            at = step.from;
        }
        path.reverse();
        Some(path)
    }

    /// A shortest sequence of steps from this status to `target` using only the given
    /// events, and among the shortest the likeliest: the one with the fewest admin resets
    /// ([`EventClass::AdminReset`]), then the fewest steps with several possible results,
    /// then the least rare events ([`Event::rarity`]), then the earliest rows of the
    /// table. `None` when the events cannot reach `target`; empty when `target` is this
    /// status.
    ///
    /// This is how an audit explains a step whose middle the polls missed.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{Event, EventClass, EventSet, Status};
    ///
    /// let real = Event::ALL
    ///     .into_iter()
    ///     .filter(|event| event.class() != EventClass::Contact)
    ///     .collect::<EventSet>();
    /// let path = Status::Active.likeliest_path_with(Status::VerifyResize, real).unwrap();
    /// let events: Vec<Event> = path.iter().map(|step| step.event).collect();
    /// assert_eq!(events, [Event::Resize, Event::Complete]);
    /// assert_eq!(Status::Deleted.likeliest_path_with(Status::Active, real), None);
    /// ```
    #[must_use]
    pub fn likeliest_path_with(self, target: Status, events: EventSet) -> Option<Vec<Step>> {
        // best[s]: the cheapest way found to reach `s` in the current number of steps.
        let mut best: [Option<(PathCost, Step)>; Status::COUNT] = [None; Status::COUNT];
        let mut cost = [PathCost::ZERO; Status::COUNT];
        let mut seen = StatusSet::EMPTY.with(self);
        let mut layer = seen;
        while !seen.contains(target) {
            let mut next_layer = StatusSet::EMPTY;
            for row in TRANSITIONS
                .iter()
                .filter(|row| layer.contains(row.from()) && events.contains(row.event()))
            {
                let total = cost[row.from().index()].plus(PathCost::of(row));
                for next in row.to().difference(seen) {
                    let better = match best[next.index()] {
                        Some((known, _)) => total < known,
                        None => true,
                    };
                    if better {
                        let step = Step {
                            from: row.from(),
                            event: row.event(),
                            to: next,
                        };
                        best[next.index()] = Some((total, step));
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
        let mut at = target;
        while at != self {
            let (_, step) = best[at.index()]?;
            path.push(step);
            at = step.from;
        }
        path.reverse();
        Some(path)
    }
}

/// What a path costs, compared in order: admin resets, steps with several possible
/// results, then the sum of the events' rarities.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct PathCost {
    resets: u32,
    uncertain: u32,
    rarity: u32,
}

impl PathCost {
    const ZERO: PathCost = PathCost {
        resets: 0,
        uncertain: 0,
        rarity: 0,
    };

    /// The cost of one step along `row`.
    fn of(row: &Transition) -> PathCost {
        let event = row.event();
        PathCost {
            resets: u32::from(event.class() == EventClass::AdminReset),
            uncertain: u32::from(row.to().len() > 1),
            rarity: event.rarity() as u32,
        }
    }

    fn plus(self, other: PathCost) -> PathCost {
        PathCost {
            resets: self.resets + other.resets,
            uncertain: self.uncertain + other.uncertain,
            rarity: self.rarity + other.rarity,
        }
    }
}
