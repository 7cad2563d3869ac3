//! Waiting for an endpoint: InService on the expected config (a `Failed` status, or an
//! update SageMaker rolled back, is an error, so no update fails silently), or gone.

use std::time::{Duration, Instant};

use super::apply::{ApplyOptions, ApplyProgress, StopSignal};
use super::sagemaker_lists::describe_endpoint;
use crate::connection::Connection;
use crate::error::AwsCallError;

/// Why a wait ended without its state.
pub(super) enum WaitError {
    Call(AwsCallError),
    /// The endpoint reached a state it will not leave by itself.
    Failed(String),
    TimedOut(String),
    Interrupted,
}

pub(super) async fn in_service(
    connection: &Connection,
    name: &str,
    config_name: &str,
    options: &ApplyOptions,
    progress: &dyn ApplyProgress,
    stop: &StopSignal,
) -> Result<(), WaitError> {
    let started = Instant::now();
    loop {
        let state = describe_endpoint(connection, name)
            .await
            .map_err(WaitError::Call)?;
        let Some(state) = state else {
            return Err(WaitError::Failed(format!("{name} does not exist any more")));
        };
        match state.status.as_str() {
            "InService" if state.config_name == config_name => return Ok(()),
            "InService" => {
                return Err(WaitError::Failed(format!(
                    "the update did not take effect: {name} is InService on {} instead of {config_name} (SageMaker rolled it back: {})",
                    state.config_name,
                    state.failure_reason.as_deref().unwrap_or("no reason given")
                )));
            }
            "Failed" | "OutOfService" => {
                return Err(WaitError::Failed(format!(
                    "{name} is {}: {}",
                    state.status,
                    state.failure_reason.as_deref().unwrap_or("no reason given")
                )));
            }
            status => progress.waiting(name, status),
        }
        pause(started, name, options, stop).await?;
    }
}

pub(super) async fn deleted(
    connection: &Connection,
    name: &str,
    options: &ApplyOptions,
    progress: &dyn ApplyProgress,
    stop: &StopSignal,
) -> Result<(), WaitError> {
    let started = Instant::now();
    loop {
        match describe_endpoint(connection, name)
            .await
            .map_err(WaitError::Call)?
        {
            None => return Ok(()),
            Some(state) if state.status == "Failed" => {
                return Err(WaitError::Failed(format!(
                    "deleting {name} failed: {}",
                    state.failure_reason.as_deref().unwrap_or("no reason given")
                )));
            }
            Some(state) => progress.waiting(name, &state.status),
        }
        pause(started, name, options, stop).await?;
    }
}

/// Sleeps one poll interval in short slices, so Ctrl-C is noticed at once.
async fn pause(
    started: Instant,
    name: &str,
    options: &ApplyOptions,
    stop: &StopSignal,
) -> Result<(), WaitError> {
    if started.elapsed() >= options.wait_timeout {
        return Err(WaitError::TimedOut(format!(
            "{name} was still not ready after {} s",
            options.wait_timeout.as_secs()
        )));
    }
    let slice = Duration::from_millis(100).min(options.poll_interval);
    let until = Instant::now() + options.poll_interval;
    while Instant::now() < until {
        if stop.interrupted() {
            return Err(WaitError::Interrupted);
        }
        tokio::time::sleep(slice.max(Duration::from_millis(1))).await;
    }
    Ok(())
}
