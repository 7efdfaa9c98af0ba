//! A small JSON value and its pretty printer, so the library can render its JSON export
//! without a JSON dependency. The layout is the common one (two-space indent,
//! `"key": value`, `[]` and `{}` for empty containers), the same bytes `serde_json`'s
//! pretty printer writes for the same value.

use core::fmt::Write;

/// A JSON value built by the renderers.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Json {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A string.
    Str(String),
    /// An array.
    Array(Vec<Json>),
    /// An object, keys in the order given.
    Object(Vec<(&'static str, Json)>),
}

impl From<&str> for Json {
    fn from(text: &str) -> Json {
        Json::Str(text.to_owned())
    }
}

impl From<bool> for Json {
    fn from(value: bool) -> Json {
        Json::Bool(value)
    }
}

impl<T: Into<Json>> From<Option<T>> for Json {
    fn from(value: Option<T>) -> Json {
        value.map_or(Json::Null, Into::into)
    }
}

impl Json {
    /// An array of the items, each converted.
    pub(crate) fn array<T: Into<Json>>(items: impl IntoIterator<Item = T>) -> Json {
        Json::Array(items.into_iter().map(Into::into).collect())
    }

    /// The value, pretty-printed (no trailing newline).
    pub(crate) fn pretty(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, 0);
        out
    }

    fn write(&self, out: &mut String, indent: usize) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(value) => out.push_str(if *value { "true" } else { "false" }),
            Json::Int(value) => {
                let _ = write!(out, "{value}");
            }
            Json::Str(text) => write_string(out, text),
            Json::Array(items) => {
                write_container(out, indent, ('[', ']'), items, |out, item, indent| {
                    item.write(out, indent);
                });
            }
            Json::Object(fields) => {
                write_container(
                    out,
                    indent,
                    ('{', '}'),
                    fields,
                    |out, (key, value), indent| {
                        write_string(out, key);
                        out.push_str(": ");
                        value.write(out, indent);
                    },
                );
            }
        }
    }
}

/// Writes `[`/`{`, one item per line indented two more spaces, and the closing bracket;
/// `[]` or `{}` when there are no items.
fn write_container<T>(
    out: &mut String,
    indent: usize,
    (open, close): (char, char),
    items: &[T],
    mut write_item: impl FnMut(&mut String, &T, usize),
) {
    out.push(open);
    if !items.is_empty() {
        for (i, item) in items.iter().enumerate() {
            out.push_str(if i == 0 { "\n" } else { ",\n" });
            push_indent(out, indent + 1);
            write_item(out, item, indent + 1);
        }
        out.push('\n');
        push_indent(out, indent);
    }
    out.push(close);
}

fn push_indent(out: &mut String, level: usize) {
    for _ in 0..level {
        out.push_str("  ");
    }
}

/// Writes a JSON string literal: quotes, backslashes and control characters escaped.
fn write_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pretty_prints_nested_values() {
        let value = Json::Object(vec![
            ("a", Json::array(["x", "y"])),
            ("b", Json::Array(vec![])),
            ("c", Json::Object(vec![])),
            (
                "d",
                Json::Object(vec![("e", Json::Null), ("f", Json::Int(-3))]),
            ),
            ("g", Json::Bool(true)),
        ]);
        assert_eq!(
            value.pretty(),
            "{\n  \"a\": [\n    \"x\",\n    \"y\"\n  ],\n  \"b\": [],\n  \"c\": {},\n  \"d\": {\n    \"e\": null,\n    \"f\": -3\n  },\n  \"g\": true\n}"
        );
    }

    #[test]
    fn escapes_strings() {
        assert_eq!(
            Json::from("a\"b\\c\nd\u{1}é").pretty(),
            "\"a\\\"b\\\\c\\nd\\u0001é\""
        );
    }
}
