//! What an apply did: per endpoint, done, failed at a step, interrupted, or not started.
//!
//! The adapter fills an [`ApplyOutcome`] while it executes a changeset; the binary renders
//! it so that after a failure or Ctrl-C the operator reads what was done and what was not,
//! and knows that running apply again converges.

use serde::Serialize;

use super::changeset::{Action, ChangeCounts, Changeset};

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ApplyOutcome {
    pub endpoints: Vec<EndpointOutcome>,
    /// Calls that changed the account.
    pub write_calls: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EndpointOutcome {
    pub endpoint: String,
    pub action: Action,
    #[serde(flatten)]
    pub status: EndpointStatus,
    /// Descriptions of the steps that completed, in order.
    pub steps_done: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum EndpointStatus {
    Done,
    Failed {
        step: String,
        error: String,
    },
    /// Stopped between steps by Ctrl-C or by another endpoint's failure.
    Stopped {
        next_step: String,
    },
    NotStarted,
}

impl ApplyOutcome {
    pub fn succeeded(&self) -> bool {
        self.endpoints
            .iter()
            .all(|endpoint| endpoint.status == EndpointStatus::Done)
    }

    /// The resource counts of the endpoints that completed.
    pub fn completed_counts(&self, changeset: &Changeset) -> ChangeCounts {
        let done: Vec<&str> = self
            .endpoints
            .iter()
            .filter(|endpoint| endpoint.status == EndpointStatus::Done)
            .map(|endpoint| endpoint.endpoint.as_str())
            .collect();
        let mut subset = changeset.clone();
        subset
            .endpoints
            .retain(|change| done.contains(&change.endpoint.as_str()));
        subset.counts()
    }
}
