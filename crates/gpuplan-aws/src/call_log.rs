//! Counts the API calls a command makes, by operation (one per page of a paginated list).

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use gpuplan_core::check::ApiCallCount;

/// Shared by every call of one connection.
#[derive(Clone, Debug, Default)]
pub struct CallLog {
    counts: Arc<Mutex<BTreeMap<String, u32>>>,
}

impl CallLog {
    /// Records one call of `operation` (`sagemaker:ListEndpoints`).
    pub fn record(&self, operation: &str) {
        let mut counts = self
            .counts
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        *counts.entry(operation.to_string()).or_default() += 1;
    }

    /// The calls so far, by operation name.
    pub fn counts(&self) -> Vec<ApiCallCount> {
        let counts = self
            .counts
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        counts
            .iter()
            .map(|(operation, calls)| ApiCallCount {
                operation: operation.clone(),
                calls: *calls,
            })
            .collect()
    }

    /// The total number of calls so far.
    pub fn total(&self) -> u32 {
        self.counts().iter().map(|count| count.calls).sum()
    }
}
