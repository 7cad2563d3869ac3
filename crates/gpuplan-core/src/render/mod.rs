//! One result, several renderings: tables for people, markdown and CSV for documents, JSON
//! (with a `format_version`) for machines; English or Chinese.
//!
//! Renderers read report values and never compute figures of their own beyond formatting.
//! Every estimated or user-supplied figure carries a mark, explained in a legend.

pub mod catalog;
pub mod i18n;

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
