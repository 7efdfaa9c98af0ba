//! [`VmStateSet`] and [`TaskStateSet`]: small `Copy` sets for guards and list filters, so a
//! guard check is a few bit operations and never allocates.

use core::fmt;

use super::{TaskState, VmState};

crate::vocabulary::bit_set! {
    /// A set of [`VmState`]s, e.g. the vm_states an operation's guard allows.
    ///
    /// `Copy`, fixed size, never allocates. `Display` joins Nova's spellings.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::{VmState, VmStateSet};
    ///
    /// let set = VmStateSet::of(&[VmState::Error, VmState::Active]);
    /// assert!(set.contains(VmState::Active));
    /// assert_eq!(set.to_string(), "active, error");
    /// ```
    "server_lifecycle::nova", VmStateSet, VmStateSetIter, VmState, u16, Active, Error
}

const _: () = assert!(VmState::COUNT <= 16);

/// A set of task_states that may include *idle* (no task, `None`): the members are
/// `Option<TaskState>`, as in Nova's `task_state=(None, ...)` guard arguments.
///
/// `Copy`, fixed size, never allocates. `Display` joins Nova's spellings and writes
/// `idle` for `None`.
///
/// # Examples
///
/// ```
/// use server_lifecycle::nova::{TaskState, TaskStateSet};
///
/// let set = TaskStateSet::IDLE.with(Some(TaskState::Rebooting));
/// assert!(set.contains(None));
/// assert!(set.contains(Some(TaskState::Rebooting)));
/// assert_eq!(set.to_string(), "idle, rebooting");
/// ```
#[derive(Copy, Clone, PartialEq, Eq, Hash, Default)]
pub struct TaskStateSet {
    /// Bit 0: idle; bit `i + 1`: `TaskState::ALL[i]`.
    bits: u64,
}

const _: () = assert!(TaskState::COUNT < 64);

/// The bit of a task_state in a [`TaskStateSet`].
const fn task_bit(task_state: Option<TaskState>) -> u64 {
    match task_state {
        None => 1,
        Some(task) => 1 << (task.index() + 1),
    }
}

impl TaskStateSet {
    /// The empty set.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(server_lifecycle::nova::TaskStateSet::EMPTY.is_empty());
    /// ```
    pub const EMPTY: TaskStateSet = TaskStateSet { bits: 0 };

    /// Only *idle*: Nova's default guard, `task_state=(None,)`.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::TaskStateSet;
    ///
    /// assert!(TaskStateSet::IDLE.contains(None));
    /// assert_eq!(TaskStateSet::IDLE.len(), 1);
    /// ```
    pub const IDLE: TaskStateSet = TaskStateSet { bits: 1 };

    /// Idle and every task_state.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::{TaskState, TaskStateSet};
    ///
    /// assert_eq!(TaskStateSet::FULL.len(), TaskState::COUNT + 1);
    /// ```
    pub const FULL: TaskStateSet = TaskStateSet {
        bits: (1 << (TaskState::COUNT + 1)) - 1,
    };

    /// A set of the given task_states (without idle).
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::{TaskState, TaskStateSet};
    ///
    /// let set = TaskStateSet::of(&[TaskState::Migrating]);
    /// assert!(!set.contains(None));
    /// assert!(set.contains(Some(TaskState::Migrating)));
    /// ```
    #[must_use]
    pub const fn of(members: &[TaskState]) -> TaskStateSet {
        let mut set = TaskStateSet::EMPTY;
        let mut i = 0;
        while i < members.len() {
            set = set.with(Some(members[i]));
            i += 1;
        }
        set
    }

    /// This set with `task_state` added (`None` adds idle).
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::TaskStateSet;
    ///
    /// assert_eq!(TaskStateSet::EMPTY.with(None), TaskStateSet::IDLE);
    /// ```
    #[must_use]
    pub const fn with(self, task_state: Option<TaskState>) -> TaskStateSet {
        TaskStateSet {
            bits: self.bits | task_bit(task_state),
        }
    }

    /// This set with `task_state` removed (`None` removes idle).
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::{TaskState, TaskStateSet};
    ///
    /// let set = TaskStateSet::FULL.without(Some(TaskState::Deleting));
    /// assert!(!set.contains(Some(TaskState::Deleting)));
    /// ```
    #[must_use]
    pub const fn without(self, task_state: Option<TaskState>) -> TaskStateSet {
        TaskStateSet {
            bits: self.bits & !task_bit(task_state),
        }
    }

    /// Whether `task_state` is in the set (`None` asks about idle).
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::{TaskState, TaskStateSet};
    ///
    /// assert!(!TaskStateSet::IDLE.contains(Some(TaskState::Pausing)));
    /// ```
    #[must_use]
    pub const fn contains(self, task_state: Option<TaskState>) -> bool {
        self.bits & task_bit(task_state) != 0
    }

    /// Members of either set.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::{TaskState, TaskStateSet};
    ///
    /// let set = TaskStateSet::IDLE.union(TaskStateSet::of(&[TaskState::Pausing]));
    /// assert_eq!(set.len(), 2);
    /// ```
    #[must_use]
    pub const fn union(self, other: TaskStateSet) -> TaskStateSet {
        TaskStateSet {
            bits: self.bits | other.bits,
        }
    }

    /// The number of members (idle counts as one).
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(server_lifecycle::nova::TaskStateSet::EMPTY.len(), 0);
    /// ```
    #[must_use]
    pub const fn len(self) -> usize {
        self.bits.count_ones() as usize
    }

    /// Whether the set has no member.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(!server_lifecycle::nova::TaskStateSet::IDLE.is_empty());
    /// ```
    #[must_use]
    pub const fn is_empty(self) -> bool {
        self.bits == 0
    }

    /// The members: idle (`None`) first, then task_states in Nova's declaration order.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::nova::{TaskState, TaskStateSet};
    ///
    /// let set = TaskStateSet::of(&[TaskState::Pausing]).with(None);
    /// assert_eq!(set.iter().collect::<Vec<_>>(), [None, Some(TaskState::Pausing)]);
    /// ```
    pub fn iter(self) -> impl Iterator<Item = Option<TaskState>> {
        core::iter::once(None)
            .chain(TaskState::ALL.into_iter().map(Some))
            .filter(move |task_state| self.contains(*task_state))
    }
}

impl FromIterator<Option<TaskState>> for TaskStateSet {
    fn from_iter<I: IntoIterator<Item = Option<TaskState>>>(members: I) -> TaskStateSet {
        members
            .into_iter()
            .fold(TaskStateSet::EMPTY, TaskStateSet::with)
    }
}

impl fmt::Debug for TaskStateSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl fmt::Display for TaskStateSet {
    /// Nova's spellings separated by `", "`, `idle` for no task, `none` for the empty set.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            return f.write_str("none");
        }
        for (i, task_state) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(task_state.map_or("idle", TaskState::as_str))?;
        }
        Ok(())
    }
}
