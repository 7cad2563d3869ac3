//! One result, several renderings: tables for people, markdown and CSV for documents, JSON
//! (with a `format_version`) for machines; English or Chinese.
//!
//! Renderers read report values and never compute figures of their own beyond formatting.
//! Each report is first laid out as a [`document::Document`] (headings, tables, notes),
//! which then becomes a terminal table or markdown; CSV is one flat table per report, JSON
//! the report itself. Every estimated or user-supplied figure carries a mark
//! ([`numbers::basis_mark`]), explained in a legend.

pub mod api_catalog;
pub mod assumptions;
pub mod catalog;
pub mod changeset;
pub mod check;
pub mod cost;
pub mod document;
pub mod github;
pub mod i18n;
pub mod numbers;
pub mod quota;
pub mod sources;

use serde::Serialize;

/// Output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Table,
    Markdown,
    Csv,
    Json,
}

/// Language of headings, labels and notes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    En,
    Zh,
}

impl Lang {
    /// Picks the English or the Chinese text.
    pub fn pick<'a>(self, english: &'a str, chinese: &'a str) -> &'a str {
        match self {
            Lang::En => english,
            Lang::Zh => chinese,
        }
    }
}
