//! The validated plan: what the rest of gpuplan works from.
//!
//! A [`Plan`] is only built by [`super::load`], after every check in [`super::validate`]
//! passed, so its invariants hold: the region is a China region, every endpoint's workload
//! exists, `min <= max`, instance types are known to the catalog, time zones resolve.
//! Each value that a finding may point at carries the [`Location`] it was written at.

use std::collections::BTreeMap;

use serde::Serialize;

use super::file::{Currency, SavingsPlanTerm, Weekday};
use crate::diagnostics::Location;
use crate::provenance::Source;
use crate::region::Region;

/// A deployment plan, validated.
#[derive(Clone, Debug, Serialize)]
pub struct Plan {
    pub name: String,
    pub description: String,
    pub region: Region,
    /// The file the plan was read from, as the user named it.
    pub path: String,
    pub services: Vec<Located<String>>,
    pub managed_models: Vec<ManagedModel>,
    pub workloads: BTreeMap<String, Workload>,
    pub endpoints: Vec<EndpointGroup>,
    pub alternatives: Alternatives,
    pub prices: PriceSettings,
    /// Extra instances `gpuplan quota request` asks for beyond each shortfall.
    pub quota_headroom: u32,
}

/// SageMaker's limit on the length of endpoint, endpoint config and model names.
pub const SAGEMAKER_NAME_LIMIT: usize = 63;

/// Characters gpuplan appends to an endpoint's name to name its endpoint configs and
/// models: a hyphen and an 8-character spec hash.
pub const SPEC_HASH_SUFFIX_LENGTH: usize = 9;

impl Plan {
    /// The SageMaker name of one of the plan's endpoints: the plan name, a hyphen, and the
    /// endpoint's name (`theater-g5-stage-render-03`).
    pub fn resource_name(&self, endpoint_name: &str) -> String {
        resource_name(&self.name, endpoint_name)
    }

    /// Number of endpoints, counting each member of a group.
    pub fn endpoint_count(&self) -> u32 {
        self.endpoints.iter().map(|group| group.count).sum()
    }

    pub fn workload(&self, name: &str) -> &Workload {
        &self.workloads[name]
    }
}

/// The SageMaker name of endpoint `endpoint_name` of plan `plan_name`.
pub fn resource_name(plan_name: &str, endpoint_name: &str) -> String {
    format!("{plan_name}-{endpoint_name}")
}

/// A value with the place in the plan file it was written.
#[derive(Clone, Debug, Serialize)]
pub struct Located<T> {
    pub value: T,
    pub location: Option<Location>,
}

/// A hosted model the architecture calls through a managed service.
#[derive(Clone, Debug, Serialize)]
pub struct ManagedModel {
    pub service: String,
    pub model: String,
    pub purpose: String,
    pub location: Option<Location>,
}

/// A traffic profile.
#[derive(Clone, Debug, Serialize)]
pub struct Workload {
    pub name: String,
    /// IANA time zone name, known to exist.
    pub timezone: String,
    pub pattern: TrafficPattern,
}

/// Where the request rate comes from.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TrafficPattern {
    /// A weekly pattern: the baseline, overridden by windows (the highest rate wins where
    /// windows overlap).
    Weekly {
        baseline_rps: f64,
        windows: Vec<Window>,
    },
    /// A recorded trace, already read: requests per second for each minute from the
    /// trace's first timestamp, and the local minute of the week that first minute falls on.
    Trace {
        file: String,
        start_minute_of_week: u32,
        rps_per_minute: Vec<f64>,
    },
}

/// A weekly window in local time. `end_minute` may be below `start_minute` when the window
/// runs past midnight.
#[derive(Clone, Debug, Serialize)]
pub struct Window {
    pub days: Vec<Weekday>,
    /// Minutes after local midnight, 0..1440.
    pub start_minute: u32,
    /// Minutes after local midnight, 1..=1440.
    pub end_minute: u32,
    pub rps: f64,
}

/// One endpoint, or `count` identical endpoints.
#[derive(Clone, Debug, Serialize)]
pub struct EndpointGroup {
    pub name: String,
    pub count: u32,
    pub workload: String,
    /// `ml.g5.2xlarge`.
    pub instance_type: String,
    pub instance_type_location: Option<Location>,
    pub instance_count: u32,
    pub gpu_seconds_per_request: f64,
    pub tokens_per_request: Option<Tokens>,
    pub model: ModelSpec,
    pub autoscaling: Option<Autoscaling>,
    pub schedules: Vec<ScheduledCapacity>,
    pub asynchronous: Option<Asynchronous>,
    pub location: Option<Location>,
}

impl EndpointGroup {
    /// Names of the endpoints this entry stands for: `NAME` alone, or `NAME-01` ... `NAME-NN`.
    pub fn endpoint_names(&self) -> Vec<String> {
        if self.count == 1 {
            return vec![self.name.clone()];
        }
        let width = self.count.to_string().len().max(2);
        (1..=self.count)
            .map(|index| format!("{}-{:0width$}", self.name, index))
            .collect()
    }

    /// Requests one instance can serve per minute at full load.
    pub fn requests_per_instance_minute(&self) -> f64 {
        60.0 / self.gpu_seconds_per_request
    }

    /// The most instances one endpoint of the group may run: the autoscaling or schedule
    /// maximum, or the fixed instance count.
    pub fn peak_instances_per_endpoint(&self) -> u32 {
        let schedule_max = self.schedules.iter().map(|schedule| schedule.max).max();
        let autoscaling_max = self.autoscaling.as_ref().map(|policy| policy.max);
        [Some(self.instance_count), schedule_max, autoscaling_max]
            .into_iter()
            .flatten()
            .max()
            .unwrap_or(self.instance_count)
    }
}

/// Tokens of an average request.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Tokens {
    pub input: u32,
    pub output: u32,
}

/// The SageMaker model behind an endpoint.
#[derive(Clone, Debug, Serialize)]
pub struct ModelSpec {
    pub image: String,
    pub data: Option<String>,
    pub execution_role: String,
    pub environment: BTreeMap<String, String>,
}

/// Target tracking on invocations per instance (per minute).
#[derive(Clone, Debug, Serialize)]
pub struct Autoscaling {
    pub min: u32,
    pub max: u32,
    pub target_invocations_per_instance: f64,
    pub scale_in_cooldown_seconds: u32,
    pub scale_out_cooldown_seconds: u32,
}

/// Default cooldowns of Application Auto Scaling target tracking for SageMaker variants.
pub const DEFAULT_COOLDOWN_SECONDS: u32 = 300;

/// A scheduled change of the autoscaling bounds, in the schedule's local time.
#[derive(Clone, Debug, Serialize)]
pub struct ScheduledCapacity {
    pub name: String,
    pub days: Vec<Weekday>,
    /// Minutes after local midnight.
    pub at_minute: u32,
    pub timezone: String,
    pub min: u32,
    pub max: u32,
}

/// Asynchronous inference.
#[derive(Clone, Debug, Serialize)]
pub struct Asynchronous {
    pub scale_to_zero: bool,
    pub cold_start_seconds: u32,
    /// Whether `cold_start_seconds` is gpuplan's default (the plan gave none).
    pub cold_start_is_default: bool,
    pub output_path: Option<String>,
}

/// Default time from a queued request to an in-service instance when scaled to zero: an
/// assumption, stated wherever it is used.
pub const DEFAULT_COLD_START_SECONDS: u32 = 600;

/// The alternatives to compare.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Alternatives {
    pub spot: Option<SpotDiscount>,
    pub savings_plan: Option<SavingsPlan>,
    pub apis: Vec<UsageApi>,
}

/// EC2 spot, as a discount off EC2 on-demand.
#[derive(Clone, Debug, Serialize)]
pub struct SpotDiscount {
    pub discount: f64,
    pub source: Source,
}

/// A Savings Plan commitment.
#[derive(Clone, Debug, Serialize)]
pub struct SavingsPlan {
    pub discount: f64,
    pub term: SavingsPlanTerm,
    pub source: Source,
}

/// A usage-based API price, resolved from the catalog or the plan.
#[derive(Clone, Debug, Serialize)]
pub struct UsageApi {
    /// `bailian/qwen-vl-max` for catalog entries, the given name for custom ones.
    pub name: String,
    pub currency: Currency,
    pub input_per_million: Option<f64>,
    pub output_per_million: Option<f64>,
    pub per_request: Option<f64>,
    pub source: Source,
    /// Whether this price was given in the plan rather than read from the catalog.
    pub user_supplied: bool,
    /// Endpoint group names it could replace.
    pub replaces: Vec<String>,
    pub cross_border: bool,
}

/// Exchange rate and overrides.
#[derive(Clone, Debug, Default, Serialize)]
pub struct PriceSettings {
    pub usd_cny: Option<ExchangeRate>,
    /// By instance type (`ml.g5.2xlarge` or `g5.2xlarge`).
    pub overrides: BTreeMap<String, PriceOverride>,
}

/// CNY per USD.
#[derive(Clone, Debug, Serialize)]
pub struct ExchangeRate {
    pub rate: f64,
    pub source: Source,
}

/// A user-supplied hourly price.
#[derive(Clone, Debug, Serialize)]
pub struct PriceOverride {
    pub cny_per_hour: f64,
    pub source: Source,
}
