//! Plan files: reading, validating and describing them.
//!
//! [`load`] turns the text of a plan file into a validated [`Plan`], or into every problem
//! found, each with its line and column ([`Diagnostics`]). It works in three passes:
//! [`parse`] reads the TOML keeping the position of every key and value and checks the
//! document against the JSON Schema of [`file::PlanFile`] (unknown keys, wrong types,
//! values out of range), pruning what fails; [`validate`] reads each well-formed part into
//! its typed [`file`] struct with serde, checks what needs more than one field or the
//! catalog (unknown regions, instance types, workloads, `min > max`) and builds the model.
//! Errors of both passes are reported together. [`schema`] prints the JSON Schema for
//! editors.

pub mod file;
pub mod model;
pub mod parse;
pub mod schema;
pub mod structure_errors;
pub mod suggest;
pub mod validate;

pub use model::*;

use crate::catalog::Catalog;
use crate::diagnostics::Diagnostics;

/// Reads a file the plan refers to (a workload trace), relative to the plan file.
/// The core does no I/O itself; the caller supplies this.
pub type ReadRelative<'a> = &'a dyn Fn(&str) -> Result<String, String>;

/// A plan that loaded, with the warnings found on the way.
#[derive(Clone, Debug)]
pub struct Loaded {
    pub plan: Plan,
    pub warnings: Diagnostics,
}

/// Parses and validates a plan file. `path` is the file's name as the user gave it (it
/// appears in every diagnostic); `text` its contents.
pub fn load(
    path: &str,
    text: &str,
    catalog: &Catalog,
    read_relative: ReadRelative<'_>,
) -> Result<Loaded, Diagnostics> {
    let parsed = parse::parse(path, text)?;
    validate::validate(parsed, catalog, read_relative)
}
