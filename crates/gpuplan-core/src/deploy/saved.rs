//! A saved plan (`gpuplan plan -o FILE`): the changeset with what it takes to apply it
//! later, and the rule that refuses it once the account has moved on.
//!
//! The file holds the changeset as computed (apply executes it, it is not recomputed), the
//! query that tells the plan's resources apart, and the fingerprint of what was observed.
//! Apply reads the account again: a different fingerprint, including anything created where
//! nothing existed at plan time, makes the saved plan stale.

use serde::{Deserialize, Serialize};

use super::DeploymentQuery;
use super::changeset::Changeset;

/// Version of the saved-plan file.
pub const SAVED_PLAN_FORMAT_VERSION: u32 = 1;
/// The `kind` a saved plan declares, so other JSON is refused with a clear message.
pub const SAVED_PLAN_KIND: &str = "gpuplan-saved-plan";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SavedPlan {
    pub kind: String,
    pub format_version: u32,
    /// The gpuplan version that wrote it.
    pub gpuplan_version: String,
    /// When the account was read (UTC, RFC 3339).
    pub observed_at: String,
    /// The plan file it was computed from, as named on the command line.
    pub plan_file: String,
    /// `destroy` or `apply`.
    pub operation: SavedOperation,
    pub query: DeploymentQuery,
    pub changeset: Changeset,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SavedOperation {
    Apply,
    Destroy,
}

/// Why a saved plan cannot be applied.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SavedPlanError {
    #[error("{path} is not a gpuplan saved plan: {detail}")]
    NotASavedPlan { path: String, detail: String },
    #[error(
        "{path} was written in saved-plan format {found}; this gpuplan reads format {SAVED_PLAN_FORMAT_VERSION}: run `gpuplan plan -o {path}` again"
    )]
    FormatVersion { path: String, found: u32 },
    #[error(
        "{path} is stale: the plan's resources in the account changed since it was saved at {observed_at} (fingerprint {saved}, now {now}); nothing was applied. Run `gpuplan plan {plan_file} -o {path}` again and review the new changes"
    )]
    Stale {
        path: String,
        plan_file: String,
        observed_at: String,
        saved: String,
        now: String,
    },
}

impl SavedPlan {
    /// Reads a saved plan, refusing other files with a message that names the file.
    pub fn parse(path: &str, text: &str) -> Result<SavedPlan, SavedPlanError> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|error| SavedPlanError::NotASavedPlan {
                path: path.to_string(),
                detail: format!("line {}, column {}: {error}", error.line(), error.column()),
            })?;
        if value.get("kind").and_then(|kind| kind.as_str()) != Some(SAVED_PLAN_KIND) {
            return Err(SavedPlanError::NotASavedPlan {
                path: path.to_string(),
                detail: format!("it has no \"kind\": \"{SAVED_PLAN_KIND}\""),
            });
        }
        let found = value
            .get("format_version")
            .and_then(|version| version.as_u64())
            .unwrap_or(0) as u32;
        if found != SAVED_PLAN_FORMAT_VERSION {
            return Err(SavedPlanError::FormatVersion {
                path: path.to_string(),
                found,
            });
        }
        serde_json::from_value(value).map_err(|error| SavedPlanError::NotASavedPlan {
            path: path.to_string(),
            detail: error.to_string(),
        })
    }

    /// Refuses the saved plan when the account's fingerprint differs from the saved one.
    pub fn check_fresh(&self, path: &str, fingerprint_now: &str) -> Result<(), SavedPlanError> {
        if self.changeset.observed_fingerprint == fingerprint_now {
            return Ok(());
        }
        Err(SavedPlanError::Stale {
            path: path.to_string(),
            plan_file: self.plan_file.clone(),
            observed_at: self.observed_at.clone(),
            saved: short(&self.changeset.observed_fingerprint),
            now: short(fingerprint_now),
        })
    }

    pub fn render(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("a saved plan serializes");
        text.push('\n');
        text
    }
}

/// `sha256:` and the first 12 hex digits: enough to tell fingerprints apart in a message.
fn short(fingerprint: &str) -> String {
    fingerprint.chars().take("sha256:".len() + 12).collect()
}
