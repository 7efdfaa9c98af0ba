//! [`StatusSet`] and [`EventSet`]: small `Copy` sets, so lookups never allocate.

use core::fmt;

use crate::{Event, Status};

/// Declares a bit set over one of the model's enums.
macro_rules! bit_set {
    (
        $(#[$doc:meta])*
        $set:ident, $iter:ident, $item:ident, $bits:ty, $example_a:expr, $example_b:expr
    ) => {
        bit_set! {
            $(#[$doc])*
            "server_lifecycle", $set, $iter, $item, $bits, $example_a, $example_b
        }
    };
    (
        $(#[$doc:meta])*
        $path:literal, $set:ident, $iter:ident, $item:ident, $bits:ty, $example_a:expr, $example_b:expr
    ) => {
        $(#[$doc])*
        #[derive(Copy, Clone, PartialEq, Eq, Hash, Default)]
        pub struct $set {
            bits: $bits,
        }

        impl $set {
            /// The empty set.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("assert!(", $path, "::", stringify!($set), "::EMPTY.is_empty());")]
            /// ```
            pub const EMPTY: $set = $set { bits: 0 };

            /// The set holding every member.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("use ", $path, "::{", stringify!($set), ", ", stringify!($item), "};")]
            ///
            #[doc = concat!("assert_eq!(", stringify!($set), "::FULL.len(), ", stringify!($item), "::COUNT);")]
            /// ```
            pub const FULL: $set = {
                let mut set = $set::EMPTY;
                let mut i = 0;
                while i < $item::COUNT {
                    set = set.with($item::ALL[i]);
                    i += 1;
                }
                set
            };

            /// This set with `item` added.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("use ", $path, "::{", stringify!($set), ", ", stringify!($item), "};")]
            ///
            #[doc = concat!("let set = ", stringify!($set), "::EMPTY.with(", stringify!($item), "::", stringify!($example_a), ");")]
            #[doc = concat!("assert!(set.contains(", stringify!($item), "::", stringify!($example_a), "));")]
            /// ```
            #[must_use]
            pub const fn with(self, item: $item) -> $set {
                $set { bits: self.bits | (1 << item.index()) }
            }

            /// This set with `item` removed.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("use ", $path, "::{", stringify!($set), ", ", stringify!($item), "};")]
            ///
            #[doc = concat!("let set = ", stringify!($set), "::FULL.without(", stringify!($item), "::", stringify!($example_a), ");")]
            #[doc = concat!("assert!(!set.contains(", stringify!($item), "::", stringify!($example_a), "));")]
            /// ```
            #[must_use]
            pub const fn without(self, item: $item) -> $set {
                $set { bits: self.bits & !(1 << item.index()) }
            }

            /// A set of the given members.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("use ", $path, "::{", stringify!($set), ", ", stringify!($item), "};")]
            ///
            #[doc = concat!("let set = ", stringify!($set), "::of(&[", stringify!($item), "::", stringify!($example_a), ", ", stringify!($item), "::", stringify!($example_b), "]);")]
            /// assert_eq!(set.len(), 2);
            /// ```
            #[must_use]
            pub const fn of(items: &[$item]) -> $set {
                let mut set = $set::EMPTY;
                let mut i = 0;
                while i < items.len() {
                    set = set.with(items[i]);
                    i += 1;
                }
                set
            }

            /// Whether `item` is in the set.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("use ", $path, "::{", stringify!($set), ", ", stringify!($item), "};")]
            ///
            #[doc = concat!("assert!(!", stringify!($set), "::EMPTY.contains(", stringify!($item), "::", stringify!($example_b), "));")]
            /// ```
            #[must_use]
            pub const fn contains(self, item: $item) -> bool {
                self.bits & (1 << item.index()) != 0
            }

            /// The number of members.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("assert_eq!(", $path, "::", stringify!($set), "::EMPTY.len(), 0);")]
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
            #[doc = concat!("assert!(!", $path, "::", stringify!($set), "::FULL.is_empty());")]
            /// ```
            #[must_use]
            pub const fn is_empty(self) -> bool {
                self.bits == 0
            }

            /// Members of either set.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("use ", $path, "::{", stringify!($set), ", ", stringify!($item), "};")]
            ///
            #[doc = concat!("let a = ", stringify!($set), "::EMPTY.with(", stringify!($item), "::", stringify!($example_a), ");")]
            #[doc = concat!("let b = ", stringify!($set), "::EMPTY.with(", stringify!($item), "::", stringify!($example_b), ");")]
            /// assert_eq!(a.union(b).len(), 2);
            /// ```
            #[must_use]
            pub const fn union(self, other: $set) -> $set {
                $set { bits: self.bits | other.bits }
            }

            /// Members of both sets.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("use ", $path, "::", stringify!($set), ";")]
            ///
            #[doc = concat!("assert!(", stringify!($set), "::FULL.intersection(", stringify!($set), "::EMPTY).is_empty());")]
            /// ```
            #[must_use]
            pub const fn intersection(self, other: $set) -> $set {
                $set { bits: self.bits & other.bits }
            }

            /// Members of `self` that are not in `other`.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("use ", $path, "::", stringify!($set), ";")]
            ///
            #[doc = concat!("assert!(", stringify!($set), "::FULL.difference(", stringify!($set), "::FULL).is_empty());")]
            /// ```
            #[must_use]
            pub const fn difference(self, other: $set) -> $set {
                $set { bits: self.bits & !other.bits }
            }

            /// Whether every member of `self` is in `other`.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("use ", $path, "::", stringify!($set), ";")]
            ///
            #[doc = concat!("assert!(", stringify!($set), "::EMPTY.is_subset(", stringify!($set), "::FULL));")]
            /// ```
            #[must_use]
            pub const fn is_subset(self, other: $set) -> bool {
                self.bits & !other.bits == 0
            }

            /// The only member, when the set has exactly one.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("use ", $path, "::{", stringify!($set), ", ", stringify!($item), "};")]
            ///
            #[doc = concat!("let one = ", stringify!($set), "::EMPTY.with(", stringify!($item), "::", stringify!($example_a), ");")]
            #[doc = concat!("assert_eq!(one.single(), Some(", stringify!($item), "::", stringify!($example_a), "));")]
            #[doc = concat!("assert_eq!(", stringify!($set), "::FULL.single(), None);")]
            /// ```
            #[must_use]
            pub const fn single(self) -> Option<$item> {
                if self.bits.count_ones() == 1 {
                    Some($item::ALL[self.bits.trailing_zeros() as usize])
                } else {
                    None
                }
            }

            /// The members, in the order of the enum's `ALL`.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("use ", $path, "::{", stringify!($set), ", ", stringify!($item), "};")]
            ///
            #[doc = concat!("let set = ", stringify!($set), "::of(&[", stringify!($item), "::", stringify!($example_b), ", ", stringify!($item), "::", stringify!($example_a), "]);")]
            /// let members: Vec<_> = set.iter().collect();
            #[doc = concat!("assert_eq!(members, [", stringify!($item), "::", stringify!($example_a), ", ", stringify!($item), "::", stringify!($example_b), "]);")]
            /// ```
            #[must_use]
            pub const fn iter(self) -> $iter {
                $iter { bits: self.bits }
            }
        }

        /// Iterator over the members of a set, in declaration order.
        #[derive(Clone, Debug)]
        pub struct $iter {
            bits: $bits,
        }

        impl Iterator for $iter {
            type Item = $item;

            fn next(&mut self) -> Option<$item> {
                if self.bits == 0 {
                    return None;
                }
                let index = self.bits.trailing_zeros() as usize;
                self.bits &= self.bits - 1;
                Some($item::ALL[index])
            }

            fn size_hint(&self) -> (usize, Option<usize>) {
                let len = self.bits.count_ones() as usize;
                (len, Some(len))
            }
        }

        impl ExactSizeIterator for $iter {}

        impl IntoIterator for $set {
            type Item = $item;
            type IntoIter = $iter;

            fn into_iter(self) -> $iter {
                self.iter()
            }
        }

        impl FromIterator<$item> for $set {
            fn from_iter<I: IntoIterator<Item = $item>>(items: I) -> $set {
                items.into_iter().fold($set::EMPTY, $set::with)
            }
        }

        impl fmt::Debug for $set {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_set().entries(self.iter()).finish()
            }
        }

        impl fmt::Display for $set {
            /// The members' names separated by `", "`, or `none` for the empty set.
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                if self.is_empty() {
                    return f.write_str("none");
                }
                for (i, item) in self.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    f.write_str(item.as_str())?;
                }
                Ok(())
            }
        }
    };
}

pub(crate) use bit_set;

bit_set! {
    /// A set of [`Status`]es, e.g. the possible results of an event.
    ///
    /// `Copy`, fixed size, never allocates. `Display` joins the canonical names.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{Status, StatusSet};
    ///
    /// let set = StatusSet::of(&[Status::Stopped, Status::Active]);
    /// assert_eq!(set.to_string(), "ACTIVE, STOPPED");
    /// ```
    StatusSet, StatusSetIter, Status, u32, Active, Stopped
}

bit_set! {
    /// A set of [`Event`]s, e.g. the requests allowed from a status.
    ///
    /// `Copy`, fixed size, never allocates. `Display` joins the names.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::{Event, EventSet};
    ///
    /// let set = EventSet::of(&[Event::Start, Event::Delete]);
    /// assert_eq!(set.to_string(), "start, delete");
    /// ```
    EventSet, EventSetIter, Event, u64, Reboot, Delete
}

// The bit sets must be wide enough for their enums.
const _: () = assert!(Status::COUNT <= 32);
const _: () = assert!(Event::COUNT <= 64);
