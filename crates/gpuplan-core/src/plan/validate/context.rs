//! What every validation rule shares: the document, the catalog, and the diagnostics
//! being collected, with helpers that place a message at a JSON pointer's line and column.

use serde::de::DeserializeOwned;

use crate::catalog::Catalog;
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::plan::parse::Document;

pub(super) struct Context<'a> {
    pub document: &'a Document,
    pub catalog: &'a Catalog,
    diagnostics: Diagnostics,
}

impl<'a> Context<'a> {
    pub fn new(document: &'a Document, catalog: &'a Catalog, diagnostics: Diagnostics) -> Self {
        Self {
            document,
            catalog,
            diagnostics,
        }
    }

    pub fn finish(self) -> Diagnostics {
        self.diagnostics
    }

    /// Reads the well-formed value at `pointer` into its file struct. `None` when it is
    /// absent, or holds a part pruned for a structural error (already reported: TOML has
    /// no null, so a null in the tree is such a part).
    pub fn read<T: DeserializeOwned>(&mut self, pointer: &str) -> Option<T> {
        let value = self.document.get(pointer)?;
        if holds_null(value) {
            return None;
        }
        match serde_path_to_error::deserialize(value.clone()) {
            Ok(read) => Some(read),
            Err(error) => {
                // What the schema accepts and the types do not, such as `count = 1.0`: a
                // whole number written as a float.
                let inner = pointer_of(error.path());
                let at = format!("{pointer}{inner}");
                let field = inner.rsplit('/').next().unwrap_or_default();
                self.error(
                    &at,
                    format!("`{field}`: {}", error.inner()),
                    "write a whole number without a decimal point where one is expected; `gpuplan schema` gives every type",
                );
                None
            }
        }
    }

    /// Where the value at `pointer` is written.
    pub fn value_location(&self, pointer: &str) -> Option<Location> {
        self.document.positions.value(pointer)
    }

    /// Where the key of the value at `pointer` is written.
    pub fn key_location(&self, pointer: &str) -> Option<Location> {
        self.document.positions.key(pointer)
    }

    /// An error about the value at `pointer`.
    pub fn error(&mut self, pointer: &str, message: impl Into<String>, hint: impl Into<String>) {
        let location = self.value_location(pointer);
        self.diagnostics
            .push(Diagnostic::error(message, location).with_hint(hint));
    }

    /// A warning about the value at `pointer`.
    pub fn warning(&mut self, pointer: &str, message: impl Into<String>, hint: impl Into<String>) {
        let location = self.value_location(pointer);
        self.diagnostics
            .push(Diagnostic::warning(message, location).with_hint(hint));
    }

    /// The indices of an array's elements that are present and well formed.
    pub fn indices(&self, pointer: &str) -> Vec<usize> {
        self.document
            .get(pointer)
            .and_then(|value| value.as_array())
            .map(|items| {
                items
                    .iter()
                    .enumerate()
                    .filter(|(_, item)| !item.is_null())
                    .map(|(index, _)| index)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The keys of a table, in file order of their position.
    pub fn keys(&self, pointer: &str) -> Vec<String> {
        let mut keys: Vec<String> = self
            .document
            .get(pointer)
            .and_then(|value| value.as_object())
            .map(|object| object.keys().cloned().collect())
            .unwrap_or_default();
        keys.sort_by_key(|key| {
            self.key_location(&format!(
                "{pointer}/{}",
                crate::plan::parse::pointer_segment(key)
            ))
        });
        keys
    }
}

/// Whether a value holds a null anywhere.
fn holds_null(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::Null => true,
        serde_json::Value::Array(items) => items.iter().any(holds_null),
        serde_json::Value::Object(object) => object.values().any(holds_null),
        _ => false,
    }
}

/// The JSON pointer of a serde path, relative to where deserializing started.
fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    path.iter()
        .filter_map(|segment| match segment {
            Segment::Seq { index } => Some(format!("/{index}")),
            Segment::Map { key } => Some(format!("/{}", crate::plan::parse::pointer_segment(key))),
            Segment::Enum { .. } | Segment::Unknown => None,
        })
        .collect()
}

/// A `YYYY-MM-DD` date, checked to exist.
pub(super) fn is_date(text: &str) -> bool {
    text.len() == 10 && text.parse::<jiff::civil::Date>().is_ok()
}

/// Whether an IANA time zone name is known.
pub(super) fn is_time_zone(name: &str) -> bool {
    jiff::tz::TimeZone::get(name).is_ok()
}
