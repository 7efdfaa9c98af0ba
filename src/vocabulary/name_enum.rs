//! [`name_enum!`]: the one declaration pattern of every small enum of the crate (statuses,
//! events, their kinds and classes, Nova's vm_states, task_states, power_states and
//! operations).
//!
//! A declaration is one list of rows, `Variant = "name"` (optionally `| "alias"`), each
//! with its documentation. The macro generates, from that list alone:
//!
//! * the enum, deriving `Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash`
//!   (the order is the declaration order: a stable order for sorting and for maps, not a
//!   claim that one value is "more" than another);
//! * `ALL`, `COUNT`, `NAMES` (the names in `ALL` order) and `SPELLINGS` (the names, then
//!   the aliases);
//! * `as_str`, `index`, and the case-insensitive parsers `parse` (with a [`ParseError`]
//!   naming the input and every spelling) and `parse_known`, both reading one
//!   compile-time [`NameTable`];
//! * `Display` (padding honoured), `FromStr`, `TryFrom<&str>`;
//! * optionally (`aliases: PATH`), more names that parse, from a `&[(&str, Self)]` table
//!   declared beside the type (Nova's API action names for events), kept out of the
//!   names and spellings an error lists;
//! * with the `serde` feature, `Serialize` (the name) and, unless the declaration says
//!   `custom_deserialize`, `Deserialize` (any spelling, the parser's error message).
//!
//! Per-type facts (a status's kind, an event's class, a power state's code) are columns
//! that the type's own declaration macro adds on top, from the same rows.
//!
//! [`ParseError`]: crate::ParseError
//! [`NameTable`]: crate::vocabulary::NameTable

/// Declares a fieldless enum of names: see the [module docs](self).
macro_rules! name_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            what: $what:literal,
            path: $path:literal,
            expecting: $expecting:literal,
            $(custom_deserialize: $custom:tt,)?
            $(aliases: $aliases:path,)?
            rows: {
                $(
                    $(#[doc = $doc:literal])*
                    $variant:ident = $wire:literal $(| $alias:literal)*,
                )*
            }
        }
    ) => {
        $(#[$meta])*
        #[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $(
                $(#[doc = $doc])*
                $variant,
            )*
        }

        impl $name {
            /// Every value, in declaration order.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("use ", $path, "::", stringify!($name), ";")]
            ///
            #[doc = concat!("assert_eq!(", stringify!($name), "::ALL.len(), ", stringify!($name), "::COUNT);")]
            #[doc = concat!("assert_eq!(", stringify!($name), "::ALL[1].index(), 1);")]
            /// ```
            pub const ALL: [$name; $name::COUNT] = [$($name::$variant),*];

            /// The number of values.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("assert!(", $path, "::", stringify!($name), "::COUNT > 1);")]
            /// ```
            pub const COUNT: usize = [$($wire),*].len();

            /// Every name, in the order of `ALL`.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("use ", $path, "::", stringify!($name), ";")]
            ///
            #[doc = concat!("assert_eq!(", stringify!($name), "::NAMES[0], ", stringify!($name), "::ALL[0].as_str());")]
            /// ```
            pub const NAMES: &'static [&'static str] = &[$($wire),*];

            /// Every spelling that parses: the names, then the aliases. Parsing also
            /// ignores ASCII case.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("use ", $path, "::", stringify!($name), ";")]
            ///
            #[doc = concat!("assert!(", stringify!($name), "::SPELLINGS.len() >= ", stringify!($name), "::NAMES.len());")]
            /// ```
            pub const SPELLINGS: &'static [&'static str] = &[$($wire,)* $($($alias,)*)*];

            /// The name, e.g. for the CLI, the JSON export and the wire.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("use ", $path, "::", stringify!($name), ";")]
            ///
            #[doc = concat!("assert_eq!(", stringify!($name), "::ALL[0].as_str(), ", stringify!($name), "::NAMES[0]);")]
            /// ```
            #[must_use]
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $wire,)*
                }
            }

            /// The position of this value in `ALL`.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("use ", $path, "::", stringify!($name), ";")]
            ///
            #[doc = concat!("assert_eq!(", stringify!($name), "::ALL[0].index(), 0);")]
            /// ```
            #[must_use]
            pub const fn index(self) -> usize {
                self as usize
            }

            #[doc = concat!("Parses any spelling of a ", $what, ", ignoring ASCII case.")]
            ///
            /// # Errors
            ///
            /// [`ParseError`](crate::ParseError) naming the input and every valid
            /// spelling.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("use ", $path, "::", stringify!($name), ";")]
            ///
            #[doc = concat!("let first = ", stringify!($name), "::NAMES[0].to_ascii_uppercase();")]
            #[doc = concat!("assert_eq!(", stringify!($name), "::parse(&first)?, ", stringify!($name), "::ALL[0]);")]
            #[doc = concat!("let error = ", stringify!($name), "::parse(\"no such value\").unwrap_err();")]
            #[doc = concat!("assert_eq!(error.what(), \"", $what, "\");")]
            /// # Ok::<(), server_lifecycle::ParseError>(())
            /// ```
            #[inline]
            pub fn parse(name: &str) -> Result<$name, $crate::ParseError> {
                /// The error, out of line: building it (suggestions, a copy of the
                /// input) stays off the success path.
                #[cold]
                #[inline(never)]
                fn unknown(name: &str) -> $crate::ParseError {
                    $crate::ParseError::unknown($what, name, $name::SPELLINGS)
                }
                match Self::parse_known(name) {
                    Some(value) => Ok(value),
                    None => Err(unknown(name)),
                }
            }

            #[doc = concat!("Like [`", stringify!($name), "::parse`] but without building an error: `None` for an unknown name.")]
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("use ", $path, "::", stringify!($name), ";")]
            ///
            #[doc = concat!("assert_eq!(", stringify!($name), "::parse_known(\"\"), None);")]
            /// ```
            #[must_use]
            #[inline]
            pub fn parse_known(name: &str) -> Option<$name> {
                static NAME_TABLE: $crate::vocabulary::NameTable<
                    { [$($wire,)* $($($alias,)*)*].len() },
                > = $crate::vocabulary::NameTable::new(
                    [$($wire,)* $($($alias,)*)*],
                    [$($name::$variant as usize,)* $($($crate::vocabulary::first_of!($name::$variant as usize, $alias),)*)*],
                );
                NAME_TABLE
                    .find(name)
                    .or_else(|| $crate::vocabulary::name_enum!(@aliases $name, name $(, $aliases)?))
                    .map(|index| $name::ALL[index])
            }
        }

        impl ::core::fmt::Display for $name {
            /// Writes the name, honouring width and alignment flags.
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.pad(self.as_str())
            }
        }

        impl ::core::str::FromStr for $name {
            type Err = $crate::ParseError;

            #[inline]
            fn from_str(name: &str) -> Result<$name, $crate::ParseError> {
                $name::parse(name)
            }
        }

        impl TryFrom<&str> for $name {
            type Error = $crate::ParseError;

            #[inline]
            fn try_from(name: &str) -> Result<$name, $crate::ParseError> {
                $name::parse(name)
            }
        }

        #[cfg(feature = "serde")]
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        $crate::vocabulary::name_enum!(@deserialize $name, $expecting $(, $custom)?);
    };
    (@deserialize $name:ident, $expecting:literal) => {
        #[cfg(feature = "serde")]
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_str($crate::vocabulary::ParsedVisitor::new(
                    $expecting,
                    $name::parse,
                ))
            }
        }
    };
    (@deserialize $name:ident, $expecting:literal, $custom:tt) => {};
    (@aliases $name:ident, $input:ident) => {
        None
    };
    (@aliases $name:ident, $input:ident, $aliases:path) => {{
        /// The value index of an alias, out of line: only names that are not one of the
        /// type's own spellings get here, and the success path stays small.
        #[inline(never)]
        fn find_alias(name: &str) -> Option<usize> {
            const COUNT: usize = $aliases.len();
            static ALIAS_TABLE: $crate::vocabulary::NameTable<COUNT> = {
                let mut names = [""; COUNT];
                let mut values = [0usize; COUNT];
                let mut i = 0;
                while i < COUNT {
                    names[i] = $aliases[i].0;
                    values[i] = $aliases[i].1 as usize;
                    i += 1;
                }
                $crate::vocabulary::NameTable::new(names, values)
            };
            ALIAS_TABLE.find(name)
        }
        find_alias($input)
    }};
}
pub(crate) use name_enum;

/// The first argument; lets a repetition over the aliases name the variant.
macro_rules! first_of {
    ($first:expr, $ignored:literal) => {
        $first
    };
}
pub(crate) use first_of;
