//! Running a changeset from the command line: progress, Ctrl-C, the outcome and its exit
//! status.

use std::time::Duration;

use gpuplan_aws::deployment::{ApplyOptions, StopSignal, apply_changeset};
use gpuplan_core::deploy::{ApplyOutcome, Changeset, EndpointStatus};
use gpuplan_core::render::changeset::render_outcome;

use super::Session;
use super::progress::Progress;
use crate::cli;
use crate::exit::Exit;

pub fn options(arguments: &cli::ApplyOptions) -> Result<ApplyOptions, String> {
    if !(arguments.poll_interval.is_finite() && arguments.poll_interval >= 0.0) {
        return Err(format!(
            "--poll-interval {} is not a number of seconds",
            arguments.poll_interval
        ));
    }
    Ok(ApplyOptions {
        parallelism: arguments.parallelism as usize,
        poll_interval: Duration::from_secs_f64(arguments.poll_interval),
        wait_timeout: Duration::from_secs(arguments.wait_timeout * 60),
    })
}

/// Applies the changeset; the outcome goes to stdout, progress to stderr. `verb` is
/// `Apply` or `Destroy`.
pub fn run(session: &Session, changeset: &Changeset, options: &ApplyOptions, verb: &str) -> Exit {
    let stop = StopSignal::default();
    let progress = Progress::new(changeset.endpoints.len());
    let outcome: ApplyOutcome = session.runtime.block_on(async {
        let watcher = {
            let stop = stop.clone();
            tokio::spawn(async move {
                if tokio::signal::ctrl_c().await.is_ok() {
                    eprintln!(
                        "\ngpuplan: interrupted: finishing the calls in flight, starting no new one (Ctrl-C again to quit at once)"
                    );
                    stop.interrupt();
                    if tokio::signal::ctrl_c().await.is_ok() {
                        eprintln!("gpuplan: quit; run the same apply again to finish");
                        std::process::exit(Exit::Interrupted.code().into());
                    }
                }
            })
        };
        let outcome = apply_changeset(&session.connection, changeset, options, &progress, &stop).await;
        watcher.abort();
        outcome
    });
    progress.finish();
    print!("{}", render_outcome(changeset, &outcome, verb));
    if outcome.succeeded() {
        Exit::Success
    } else if stop.interrupted() {
        Exit::Interrupted
    } else if outcome
        .endpoints
        .iter()
        .any(|endpoint| matches!(endpoint.status, EndpointStatus::Failed { .. }))
    {
        Exit::Aws
    } else {
        Exit::Error
    }
}
