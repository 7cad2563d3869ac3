//! Executes a changeset: each endpoint's steps in order, endpoints concurrently (bounded),
//! waits polled with progress reported to the caller.
//!
//! A failed step stops that endpoint and starts no other (those already under way finish,
//! so none is left between its create and its autoscaling). Ctrl-C stops every endpoint at
//! its next step or poll. The [`ApplyOutcome`] says, per endpoint, what was done and what
//! was not.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use futures::stream::{self, StreamExt};
use gpuplan_core::deploy::{
    ApplyOutcome, Changeset, EndpointChange, EndpointOutcome, EndpointStatus, Step,
};

use super::calls::{self, StepContext};
use super::wait::{self, WaitError};
use crate::connection::Connection;

/// How apply runs.
#[derive(Clone, Debug)]
pub struct ApplyOptions {
    /// Endpoints changed at the same time.
    pub parallelism: usize,
    /// Time between two DescribeEndpoint calls while waiting.
    pub poll_interval: Duration,
    /// The longest wait for one endpoint.
    pub wait_timeout: Duration,
}

/// Default endpoints changed at once: SageMaker's control plane throttles bursts.
pub const DEFAULT_PARALLELISM: usize = 8;
/// SageMaker endpoints take minutes; AWS's own waiter polls every 30 s.
pub const DEFAULT_POLL_INTERVAL: Duration = Duration::from_secs(15);
pub const DEFAULT_WAIT_TIMEOUT: Duration = Duration::from_secs(60 * 60);

impl Default for ApplyOptions {
    fn default() -> Self {
        ApplyOptions {
            parallelism: DEFAULT_PARALLELISM,
            poll_interval: DEFAULT_POLL_INTERVAL,
            wait_timeout: DEFAULT_WAIT_TIMEOUT,
        }
    }
}

/// What the caller is told while apply runs (the binary draws progress bars with it).
pub trait ApplyProgress: Send + Sync {
    fn step_started(&self, endpoint: &str, step: &Step);
    fn waiting(&self, endpoint: &str, status: &str);
    fn endpoint_finished(&self, outcome: &EndpointOutcome);
}

/// Tells running endpoints to stop: after a failure (no new endpoint starts) or on
/// Ctrl-C (every endpoint stops at its next step).
#[derive(Clone, Debug, Default)]
pub struct StopSignal {
    failed: Arc<AtomicBool>,
    interrupted: Arc<AtomicBool>,
}

impl StopSignal {
    pub fn interrupt(&self) {
        self.interrupted.store(true, Ordering::SeqCst);
    }

    pub fn interrupted(&self) -> bool {
        self.interrupted.load(Ordering::SeqCst)
    }

    fn fail(&self) {
        self.failed.store(true, Ordering::SeqCst);
    }

    fn failed(&self) -> bool {
        self.failed.load(Ordering::SeqCst)
    }
}

/// Applies `changeset`, as it is.
pub async fn apply_changeset(
    connection: &Connection,
    changeset: &Changeset,
    options: &ApplyOptions,
    progress: &dyn ApplyProgress,
    stop: &StopSignal,
) -> ApplyOutcome {
    let writes = AtomicUsize::new(0);
    let writes = &writes;
    let mut outcomes: Vec<(usize, EndpointOutcome)> =
        stream::iter(changeset.endpoints.iter().enumerate())
            .map(|(index, change)| async move {
                let outcome =
                    apply_endpoint(connection, change, options, progress, stop, writes).await;
                progress.endpoint_finished(&outcome);
                (index, outcome)
            })
            .buffer_unordered(options.parallelism.max(1))
            .collect()
            .await;
    outcomes.sort_by_key(|(index, _)| *index);
    ApplyOutcome {
        endpoints: outcomes.into_iter().map(|(_, outcome)| outcome).collect(),
        write_calls: writes.load(Ordering::SeqCst),
    }
}

async fn apply_endpoint(
    connection: &Connection,
    change: &EndpointChange,
    options: &ApplyOptions,
    progress: &dyn ApplyProgress,
    stop: &StopSignal,
    writes: &AtomicUsize,
) -> EndpointOutcome {
    let mut outcome = EndpointOutcome {
        endpoint: change.endpoint.clone(),
        action: change.action,
        status: EndpointStatus::NotStarted,
        steps_done: Vec::new(),
    };
    if stop.failed() || stop.interrupted() {
        return outcome;
    }
    let mut context = StepContext::default();
    for step in &change.steps {
        if stop.interrupted() {
            outcome.status = EndpointStatus::Stopped {
                next_step: step.describe(),
            };
            return outcome;
        }
        progress.step_started(&change.endpoint, step);
        let result = match step {
            Step::WaitInService { name, config_name } => {
                wait::in_service(connection, name, config_name, options, progress, stop).await
            }
            Step::WaitDeleted { name } => {
                wait::deleted(connection, name, options, progress, stop).await
            }
            write => {
                writes.fetch_add(1, Ordering::SeqCst);
                calls::run(connection, write, &mut context)
                    .await
                    .map_err(WaitError::Call)
            }
        };
        match result {
            Ok(()) => outcome.steps_done.push(step.describe()),
            Err(WaitError::Interrupted) => {
                outcome.status = EndpointStatus::Stopped {
                    next_step: step.describe(),
                };
                return outcome;
            }
            Err(error) => {
                stop.fail();
                let error = match error {
                    WaitError::Call(error) => error.to_string(),
                    WaitError::Failed(detail) | WaitError::TimedOut(detail) => detail,
                    WaitError::Interrupted => unreachable!("handled above"),
                };
                outcome.status = EndpointStatus::Failed {
                    step: step.describe(),
                    error,
                };
                return outcome;
            }
        }
    }
    outcome.status = EndpointStatus::Done;
    outcome
}
