//! The plan file as written: the TOML document's shape, one struct per table.
//!
//! These types are the single source of truth for the format: serde reads them (strictly,
//! unknown keys are errors), schemars turns them into the JSON Schema that `gpuplan schema`
//! prints, and the doc comments below become the schema's descriptions. Checks that need
//! more than one field, or the catalog, live in [`super::validate`].

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A gpuplan plan: one GPU inference deployment in one AWS China region.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanFile {
    /// What this deployment is and where it runs.
    pub plan: PlanSection,
    /// Hosted foundation models the architecture calls through a managed service (for
    /// example Amazon Bedrock). `check` reports those the region lacks, with a substitute.
    #[serde(default, rename = "managed_model")]
    pub managed_models: Vec<ManagedModelFile>,
    /// Named traffic profiles, referred to by endpoints.
    #[serde(default, rename = "workload")]
    pub workloads: BTreeMap<String, WorkloadFile>,
    /// SageMaker real-time or asynchronous endpoints, or groups of identical endpoints.
    #[serde(default, rename = "endpoint")]
    pub endpoints: Vec<EndpointFile>,
    /// Usage-based and discounted alternatives to compare with always-on GPUs.
    #[serde(default)]
    pub alternatives: AlternativesFile,
    /// Exchange rate and negotiated prices.
    #[serde(default)]
    pub prices: PricesFile,
}

/// The `[plan]` table.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanSection {
    /// Short name: lowercase letters, digits and hyphens, at most 40 characters. It prefixes
    /// and tags every resource gpuplan creates.
    #[schemars(length(min = 1, max = 40), regex(pattern = r"^[a-z][a-z0-9-]*$"))]
    pub name: String,
    /// One or two sentences for people.
    #[serde(default)]
    pub description: String,
    /// An AWS China region: `cn-northwest-1` (Ningxia) or `cn-north-1` (Beijing).
    pub region: String,
    /// The AWS services the architecture needs, as service ids of the SSM public parameters
    /// `/aws/service/global-infrastructure/services` (`sagemaker`, `lambda`, `sqs`, `s3`,
    /// `bedrock`, ...).
    #[serde(default)]
    pub services: Vec<String>,
    /// Extra instances to ask for on each quota increase `gpuplan quota request` files,
    /// beyond the exact shortfall at peak (for vCPU quotas, counted in instances of the
    /// largest type that needs the quota). Default 0.
    #[serde(default)]
    #[schemars(range(max = 1000))]
    pub quota_headroom: u32,
}

/// A hosted model called through a managed service, for example
/// `{ service = "bedrock", model = "anthropic.claude-3-5-sonnet" }`.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ManagedModelFile {
    /// The service id that hosts the model (`bedrock`).
    pub service: String,
    /// The model id, without version suffix (`anthropic.claude-3-5-sonnet`,
    /// `amazon.nova-canvas`).
    pub model: String,
    /// What the architecture uses it for.
    #[serde(default)]
    pub purpose: String,
}

/// A traffic profile: a weekly pattern of request rates, or a recorded trace.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkloadFile {
    /// IANA time zone the windows are written in. Default `Asia/Shanghai`.
    #[serde(default)]
    pub timezone: Option<String>,
    /// Requests per second each endpoint receives outside every window.
    #[serde(default)]
    #[schemars(range(min = 0.0))]
    pub baseline_rps: f64,
    /// Weekly time windows with their request rate.
    #[serde(default, rename = "window")]
    pub windows: Vec<WindowFile>,
    /// A CSV trace (`timestamp,rps`, RFC 3339 timestamps, one row per minute or coarser),
    /// relative to the plan file. When given, it replaces the windows and the baseline.
    #[serde(default)]
    pub trace: Option<String>,
}

/// A weekly window, for example Thursday to Sunday from 19:00 to 22:30.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WindowFile {
    /// Days of the week the window opens: `mon` ... `sun`.
    pub days: Vec<Weekday>,
    /// Local start time, `HH:MM`.
    #[schemars(regex(pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"))]
    pub start: String,
    /// Local end time, `HH:MM` (`24:00` for midnight); a window may run past midnight.
    #[schemars(regex(pattern = r"^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$"))]
    pub end: String,
    /// Requests per second each endpoint receives inside the window.
    #[schemars(range(min = 0.0))]
    pub rps: f64,
}

/// A day of the week.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Weekday {
    /// Monday is 0.
    pub fn index(self) -> u32 {
        self as u32
    }
}

/// A SageMaker endpoint, or a group of `count` identical endpoints.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EndpointFile {
    /// Endpoint name (lowercase letters, digits, hyphens). A group of `count` endpoints is
    /// named `NAME-01` ... `NAME-NN`.
    #[schemars(length(min = 1, max = 50), regex(pattern = r"^[a-z][a-z0-9-]*$"))]
    pub name: String,
    /// How many identical endpoints this entry stands for. Default 1.
    #[serde(default = "one")]
    #[schemars(range(min = 1))]
    pub count: u32,
    /// The workload profile each endpoint of the group receives.
    pub workload: String,
    /// SageMaker instance type, `ml.FAMILY.SIZE` (`ml.g5.2xlarge`).
    pub instance_type: String,
    /// Instances per endpoint at creation, and always-on. Default 1.
    #[serde(default = "one")]
    #[schemars(range(min = 1))]
    pub instance_count: u32,
    /// Seconds of one instance's full capacity one request takes (measured on this instance
    /// type; below 1 when requests are batched).
    #[schemars(extend("exclusiveMinimum" = 0))]
    pub gpu_seconds_per_request: f64,
    /// Tokens per request, for comparing with per-token APIs (LLMs and VLMs).
    #[serde(default)]
    pub tokens_per_request: Option<TokensFile>,
    /// The model the endpoint serves.
    pub model: ModelFile,
    /// Target-tracking autoscaling on invocations per instance.
    #[serde(default)]
    pub autoscaling: Option<AutoscalingFile>,
    /// Scheduled capacity changes (they set the autoscaling minimum and maximum).
    #[serde(default, rename = "schedule")]
    pub schedules: Vec<ScheduleFile>,
    /// Asynchronous inference, optionally scaling to zero instances when idle.
    #[serde(default)]
    pub asynchronous: Option<AsynchronousFile>,
}

fn one() -> u32 {
    1
}

/// Input and output tokens of an average request.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TokensFile {
    /// Input (prompt) tokens of an average request, images included as the API counts them.
    #[schemars(range(min = 0))]
    pub input: u32,
    /// Output (generated) tokens of an average request.
    #[schemars(range(min = 0))]
    pub output: u32,
}

/// The SageMaker model behind an endpoint.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ModelFile {
    /// Container image URI (in China, an ECR image in `*.amazonaws.com.cn`).
    pub image: String,
    /// Model artifacts, `s3://bucket/key` (optional for images that download their model).
    #[serde(default)]
    pub data: Option<String>,
    /// IAM role SageMaker assumes, `arn:aws-cn:iam::ACCOUNT:role/NAME`.
    pub execution_role: String,
    /// Environment variables of the container.
    #[serde(default)]
    pub environment: BTreeMap<String, String>,
}

/// Target tracking on `SageMakerVariantInvocationsPerInstance`.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AutoscalingFile {
    /// Fewest instances per endpoint (at least 1 for real-time endpoints).
    #[schemars(range(min = 0))]
    pub min: u32,
    /// Most instances per endpoint.
    #[schemars(range(min = 1))]
    pub max: u32,
    /// Invocations per instance per minute the policy keeps the endpoint at.
    #[schemars(extend("exclusiveMinimum" = 0))]
    pub target_invocations_per_instance: f64,
    /// Seconds after a scaling activity before the policy scales in. Default 300.
    #[serde(default)]
    #[schemars(range(min = 0))]
    pub scale_in_cooldown: Option<u32>,
    /// Seconds after a scale-out before the policy scales out again. Default 300.
    #[serde(default)]
    #[schemars(range(min = 0))]
    pub scale_out_cooldown: Option<u32>,
}

/// A scheduled action that sets the autoscaling minimum and maximum, for example before
/// the evening shows.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScheduleFile {
    /// Action name, unique within the endpoint.
    #[schemars(regex(pattern = r"^[a-z][a-z0-9-]*$"))]
    pub name: String,
    /// Days it fires.
    pub days: Vec<Weekday>,
    /// Local time it fires, `HH:MM`.
    #[schemars(regex(pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"))]
    pub at: String,
    /// IANA time zone; default: the endpoint's workload time zone.
    #[serde(default)]
    pub timezone: Option<String>,
    /// New minimum capacity.
    #[schemars(range(min = 0))]
    pub min: u32,
    /// New maximum capacity.
    #[schemars(range(min = 1))]
    pub max: u32,
}

/// Asynchronous inference settings.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AsynchronousFile {
    /// Scale to zero instances when the queue is empty (autoscaling `min` becomes 0).
    #[serde(default)]
    pub scale_to_zero: bool,
    /// Seconds from the first queued request to an instance in service when scaled to
    /// zero. Default 600 (an assumption: measure it for your model and image).
    #[serde(default)]
    #[schemars(range(min = 0))]
    pub cold_start_seconds: Option<u32>,
    /// S3 location for results, `s3://bucket/prefix`.
    #[serde(default)]
    pub output_path: Option<String>,
}

/// The `[alternatives]` table.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AlternativesFile {
    /// Self-managed EC2 spot instances of the same GPU.
    #[serde(default)]
    pub spot: Option<SpotFile>,
    /// A Savings Plan commitment on the steady capacity.
    #[serde(default)]
    pub savings_plan: Option<SavingsPlanFile>,
    /// Usage-based model APIs (per token or per request).
    #[serde(default, rename = "api")]
    pub apis: Vec<ApiFile>,
}

/// EC2 spot: a discount off EC2 on-demand, with where it was read.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SpotFile {
    /// Fraction off the EC2 on-demand price, 0 to 1 (0.6 = 60 % off).
    #[schemars(range(min = 0.0, max = 1.0))]
    pub discount: f64,
    /// Where the figure comes from (for example a DescribeSpotPriceHistory average).
    pub source: String,
    /// The date of the figure, `YYYY-MM-DD`.
    pub date: String,
}

/// A Savings Plan: a discount on committed hourly usage.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SavingsPlanFile {
    /// Fraction off on-demand for committed usage, 0 to 1.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub discount: f64,
    /// Commitment term.
    pub term: SavingsPlanTerm,
    /// Where the rate comes from.
    pub source: String,
    /// The date of the figure, `YYYY-MM-DD`.
    pub date: String,
}

/// Savings Plan term.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum SavingsPlanTerm {
    #[serde(rename = "1yr")]
    OneYear,
    #[serde(rename = "3yr")]
    ThreeYears,
}

/// A usage-based API that could replace some endpoints: a model from the catalog
/// (`catalog_id`), or a custom price.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ApiFile {
    /// A per-token price in the embedded catalog (`gpuplan catalog --apis` lists them),
    /// for example `bailian/qwen-vl-max`.
    #[serde(default)]
    pub catalog_id: Option<String>,
    /// Display name of a custom API (required without `catalog_id`).
    #[serde(default)]
    pub name: Option<String>,
    /// Currency of a custom price.
    #[serde(default)]
    pub currency: Option<Currency>,
    /// Custom price per million input tokens.
    #[serde(default)]
    #[schemars(range(min = 0.0))]
    pub input_per_million: Option<f64>,
    /// Custom price per million output tokens.
    #[serde(default)]
    #[schemars(range(min = 0.0))]
    pub output_per_million: Option<f64>,
    /// Custom price per request (for image APIs).
    #[serde(default)]
    #[schemars(range(min = 0.0))]
    pub per_request: Option<f64>,
    /// Where a custom price comes from.
    #[serde(default)]
    pub source: Option<String>,
    /// Date of a custom price, `YYYY-MM-DD`.
    #[serde(default)]
    pub date: Option<String>,
    /// Endpoint names (or group names) this API could replace.
    pub replaces: Vec<String>,
    /// Whether calling it sends data out of mainland China (default: taken from the
    /// catalog; false for custom APIs).
    #[serde(default)]
    pub cross_border: Option<bool>,
}

/// A currency.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
pub enum Currency {
    #[serde(rename = "CNY")]
    Cny,
    #[serde(rename = "USD")]
    Usd,
}

/// The `[prices]` table.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PricesFile {
    /// CNY per USD, needed to compare any USD price. gpuplan has no built-in rate.
    #[serde(default)]
    pub usd_cny: Option<ExchangeRateFile>,
    /// Negotiated or quoted hourly prices that replace the catalog's.
    #[serde(default, rename = "override")]
    pub overrides: Vec<PriceOverrideFile>,
}

/// An exchange rate with its source.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExchangeRateFile {
    /// CNY for one USD.
    #[schemars(extend("exclusiveMinimum" = 0))]
    pub rate: f64,
    /// Where the rate comes from.
    pub source: String,
    /// The date of the rate, `YYYY-MM-DD`.
    pub date: String,
}

/// An hourly price that replaces the catalog's for one instance type.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PriceOverrideFile {
    /// `ml.g5.2xlarge` (SageMaker hosting) or `g5.2xlarge` (EC2 on-demand).
    pub instance_type: String,
    /// CNY per instance-hour.
    #[schemars(extend("exclusiveMinimum" = 0))]
    pub cny_per_hour: f64,
    /// Where the price comes from (a quote, an agreement).
    pub source: String,
    /// The date of the price, `YYYY-MM-DD`.
    pub date: String,
}
