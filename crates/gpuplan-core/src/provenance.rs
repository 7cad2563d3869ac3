//! Where every figure comes from.
//!
//! gpuplan never prints a price, a quota or a fact about a region without saying where it
//! came from and how old it is. [`Source`] names the document and its date; [`Basis`] says
//! whether the number was published as it is, estimated by a documented rule, supplied by
//! the user, or derived (computed from other figures, such as a currency conversion).

use serde::{Deserialize, Serialize};

/// A document a fact was taken from, and the date that fact is valid for.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
pub struct Source {
    /// What the fact was read from: a file and commit, a page, an API call.
    pub name: String,
    /// The date the fact is valid for, ISO 8601 (`2024-11-06`), or as precise as the
    /// source allows (`2026-05`).
    pub date: String,
}

impl Source {
    pub fn new(name: impl Into<String>, date: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            date: date.into(),
        }
    }
}

impl std::fmt::Display for Source {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(formatter, "{} ({})", self.name, self.date)
    }
}

/// How much a number can be trusted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// Taken as it is from a published price list or document.
    Published,
    /// Computed only from published figures by exact arithmetic (a total, a conversion at a
    /// stated rate).
    Derived,
    /// Given by the user in the plan file (a negotiated price, a discount, a rate).
    UserSupplied,
    /// Estimated by a documented rule because no published figure is known.
    Estimated,
}

impl Basis {
    /// The weaker of two bases: a figure computed from an estimate is an estimate.
    pub fn combine(self, other: Basis) -> Basis {
        self.max(other)
    }

    /// Whether a figure with this basis must carry a visible mark in every rendering.
    pub fn needs_mark(self) -> bool {
        !matches!(self, Basis::Published | Basis::Derived)
    }
}
