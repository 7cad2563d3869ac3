//! Reading a plan file from disk, with the files it refers to, into a validated plan.
//!
//! Diagnostics go to stderr in compiler style; warnings do not stop the run.

use std::fmt;
use std::path::Path;

use gpuplan_core::catalog::Catalog;
use gpuplan_core::plan::{self, Plan};

/// Why a plan could not be used. The diagnostics are already printed when this is returned.
#[derive(Debug)]
pub enum InputError {
    Unreadable { path: String, reason: String },
    Invalid { path: String, errors: usize },
}

impl fmt::Display for InputError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Unreadable { path, reason } => {
                write!(formatter, "cannot read plan file {path}: {reason}")
            }
            InputError::Invalid { path, errors } => write!(
                formatter,
                "{path} has {errors} error{}; fix {} and run again",
                if *errors == 1 { "" } else { "s" },
                if *errors == 1 { "it" } else { "them" }
            ),
        }
    }
}

impl std::error::Error for InputError {}

/// Loads and validates the plan at `path`, printing its diagnostics to stderr.
pub fn load_plan(path: &Path, catalog: &Catalog) -> Result<Plan, InputError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|error| InputError::Unreadable {
        path: shown.clone(),
        reason: error.to_string(),
    })?;
    let directory = path.parent().unwrap_or_else(|| Path::new("."));
    let read_relative = |relative: &str| {
        std::fs::read_to_string(directory.join(relative)).map_err(|error| {
            format!(
                "cannot read {}: {error}",
                directory.join(relative).display()
            )
        })
    };
    match plan::load(&shown, &text, catalog, &read_relative) {
        Ok(loaded) => {
            if !loaded.warnings.items.is_empty() {
                eprint!("{}", loaded.warnings.render(&text));
            }
            Ok(loaded.plan)
        }
        Err(diagnostics) => {
            eprint!("{}", diagnostics.render(&text));
            Err(InputError::Invalid {
                path: shown,
                errors: diagnostics.error_count(),
            })
        }
    }
}
