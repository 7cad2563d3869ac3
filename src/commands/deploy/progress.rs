//! Progress of an apply on stderr: a bar of endpoints done (indicatif) on a terminal, one
//! line per finished endpoint and per wait otherwise (CI logs).

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

use gpuplan_aws::deployment::ApplyProgress;
use gpuplan_core::deploy::{EndpointOutcome, EndpointStatus, Step};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

pub struct Progress {
    bar: ProgressBar,
    /// The last status each endpoint was seen waiting in, so a log line is written once.
    waiting: Mutex<BTreeMap<String, String>>,
}

impl Progress {
    pub fn new(endpoints: usize) -> Progress {
        let bar =
            ProgressBar::with_draw_target(Some(endpoints as u64), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} endpoints  {wide_msg}",
            )
            .expect("a valid template"),
        );
        bar.enable_steady_tick(Duration::from_millis(200));
        Progress {
            bar,
            waiting: Mutex::new(BTreeMap::new()),
        }
    }

    fn line(&self, text: String) {
        if self.bar.is_hidden() {
            eprintln!("{text}");
        } else {
            self.bar.println(text);
        }
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl ApplyProgress for Progress {
    fn step_started(&self, endpoint: &str, step: &Step) {
        self.bar
            .set_message(format!("{endpoint}: {}", step.describe()));
    }

    fn waiting(&self, endpoint: &str, status: &str) {
        self.bar.set_message(format!("{endpoint}: {status}"));
        let mut waiting = self
            .waiting
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if waiting.get(endpoint).map(String::as_str) != Some(status) {
            waiting.insert(endpoint.to_string(), status.to_string());
            drop(waiting);
            if self.bar.is_hidden() {
                eprintln!("gpuplan: {endpoint}: {status}, waiting");
            }
        }
    }

    fn endpoint_finished(&self, outcome: &EndpointOutcome) {
        self.bar.inc(1);
        let text = match &outcome.status {
            EndpointStatus::Done => format!(
                "gpuplan: {} {}: done ({} step(s))",
                outcome.action.symbol(),
                outcome.endpoint,
                outcome.steps_done.len()
            ),
            EndpointStatus::Failed { step, error } => {
                format!("gpuplan: {}: FAILED at {step}: {error}", outcome.endpoint)
            }
            EndpointStatus::Stopped { next_step } => {
                format!("gpuplan: {}: stopped before {next_step}", outcome.endpoint)
            }
            EndpointStatus::NotStarted => return,
        };
        self.line(text);
    }
}
