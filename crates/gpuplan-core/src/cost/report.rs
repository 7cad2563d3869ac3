//! The result of a cost estimate: plain data that every renderer reads.

use serde::Serialize;

use crate::catalog::PriceQuote;
use crate::plan::ExchangeRate;
use crate::provenance::Basis;
use crate::region::Region;

/// Version of the JSON shape of [`CostReport`]; bumped on any incompatible change.
pub const COST_FORMAT_VERSION: u32 = 1;

/// Monthly cost of a plan under each strategy.
#[derive(Clone, Debug, Serialize)]
pub struct CostReport {
    pub format_version: u32,
    pub plan: String,
    /// The plan's own description (empty when it gives none).
    pub description: String,
    pub region: Region,
    /// Always `CNY`.
    pub currency: &'static str,
    pub hours_per_month: f64,
    /// The exchange rate used for USD prices, if the plan gave one.
    pub usd_cny: Option<ExchangeRate>,
    pub groups: Vec<GroupCost>,
    pub totals: Vec<StrategyTotal>,
    /// Every hourly price used, with its basis and sources.
    pub prices: Vec<PriceLine>,
    /// Every usage-based API price used, with its currency and source.
    pub api_prices: Vec<ApiPriceLine>,
    /// What the simulation assumed (stated in every rendering).
    pub assumptions: Vec<Assumption>,
}

/// The strategies for one endpoint group.
#[derive(Clone, Debug, Serialize)]
pub struct GroupCost {
    pub name: String,
    pub count: u32,
    pub instance_type: String,
    pub workload: String,
    /// Requests one endpoint of the group receives in a month.
    pub requests_per_month_per_endpoint: f64,
    /// The strategy the plan configures for this group.
    pub planned: Strategy,
    pub rows: Vec<StrategyRow>,
}

/// A way of serving (or replacing) an endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Strategy {
    /// Only in totals: each group under the strategy the plan configures for it.
    AsPlanned,
    AlwaysOn,
    Autoscaled,
    Scheduled,
    Asynchronous,
    SavingsPlan,
    Spot,
    /// A usage-based API; the row's label names it.
    Api,
    IdealLowerBound,
}

/// One strategy for one group.
#[derive(Clone, Debug, Serialize)]
pub struct StrategyRow {
    pub strategy: Strategy,
    /// The API's name for [`Strategy::Api`] rows.
    pub label: Option<String>,
    pub outcome: RowOutcome,
}

/// A priced row, or why it could not be priced.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum RowOutcome {
    Priced(RowFigures),
    NotPriced { reason: NotPricedReason },
}

/// The figures of a priced row.
#[derive(Clone, Debug, Serialize)]
pub struct RowFigures {
    pub monthly_cny_per_endpoint: f64,
    /// For the whole group (`count` endpoints).
    pub monthly_cny: f64,
    /// Billed instance-hours of one endpoint in a month (none for APIs).
    pub instance_hours_per_endpoint: Option<f64>,
    /// Busy share of the billed capacity, 0 to 1 (none for APIs).
    pub utilisation: Option<f64>,
    /// Most instances one endpoint runs at once (none for APIs).
    pub peak_instances_per_endpoint: Option<u32>,
    /// The weakest basis of the prices and settings used.
    pub basis: Basis,
    /// Whether gpuplan derived the policy or schedule this row simulates (the plan gave none).
    pub derived_settings: bool,
    pub risks: Vec<Risk>,
}

/// Why a row has no figure.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NotPricedReason {
    /// No hourly price for the instance type in the region (catalog or override).
    NoPrice { instance_type: String },
    /// A USD price and no `[prices] usd_cny` rate.
    NoExchangeRate,
    /// The plan gives no `[alternatives.spot]` discount.
    NoSpotDiscount,
    /// The plan gives no `[alternatives.savings_plan]`.
    NoSavingsPlan,
    /// A per-token API and no `tokens_per_request` on the endpoint.
    NoTokensPerRequest,
}

/// What a strategy risks, shown beside its cost.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Risk {
    /// Demand exceeded the running capacity for this many minutes a month (queueing,
    /// latency, throttling).
    Overloaded { minutes_per_month: f64 },
    /// Requests waited for an instance to start from zero.
    ColdStarts { per_month: f64, wait_seconds: u32 },
    /// EC2 spot capacity can be reclaimed with two minutes' notice.
    SpotInterruptions,
    /// The model server, scaling and health checks are the team's to run (not SageMaker).
    SelfManaged,
    /// Requests (prompts, images) leave mainland China.
    CrossBorderData,
    /// A provider outside AWS: a second contract, its own limits and terms.
    ThirdPartyProvider,
    /// A commitment billed whether used or not.
    Commitment { term: String },
    /// SageMaker Savings Plans are not confirmed for the China regions.
    SavingsPlanUnconfirmedInChina,
    /// The configured capacity is below what the peak needs.
    UnderProvisioned { needed_instances: u32 },
}

/// The whole plan under one strategy. Groups the strategy does not apply to keep their
/// planned strategy, and are named.
#[derive(Clone, Debug, Serialize)]
pub struct StrategyTotal {
    pub strategy: Strategy,
    pub label: Option<String>,
    /// `None` when a group has no price under this strategy nor as planned: a total that
    /// left it out would be wrong.
    pub monthly_cny: Option<f64>,
    pub basis: Basis,
    /// Groups priced under their planned strategy instead (the strategy does not apply).
    pub groups_kept_as_planned: Vec<String>,
    /// Groups with no price at all (the reason is on their rows).
    pub groups_not_priced: Vec<String>,
}

/// An hourly price used by the estimate.
#[derive(Clone, Debug, Serialize)]
pub struct PriceLine {
    /// `ml.g5.2xlarge` or `g5.2xlarge`.
    pub instance_type: String,
    pub quote: PriceQuote,
}

/// A usage-based API price used by the estimate.
#[derive(Clone, Debug, Serialize)]
pub struct ApiPriceLine {
    pub name: String,
    pub provider: String,
    pub currency: crate::plan::file::Currency,
    pub input_per_million: Option<f64>,
    pub output_per_million: Option<f64>,
    pub per_request: Option<f64>,
    pub basis: Basis,
    pub source: crate::provenance::Source,
    /// Caveats of the figure (a third-party copy, tiered prices).
    pub note: Option<String>,
}

/// A stated assumption of the simulation.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Assumption {
    /// A month is this many hours.
    HoursPerMonth { hours: f64 },
    /// Weekly workloads: one week simulated minute by minute after a warm-up, scaled to a
    /// month (`hours_per_month / 168`).
    Simulated {
        minutes: usize,
        warm_up_minutes: usize,
    },
    /// A recorded trace, simulated as recorded and scaled to a month.
    SimulatedTrace { workload: String, minutes: usize },
    /// Target tracking: scale out after this many minutes above target, in after this many
    /// below 90 % of it (Application Auto Scaling's alarms).
    TargetTrackingAlarms {
        scale_out_minutes: u32,
        scale_in_minutes: u32,
    },
    /// A new SageMaker instance takes this long to serve.
    InstanceStartSeconds { seconds: u32 },
    /// Time from a queued request to an in-service instance when scaled to zero.
    ColdStartSeconds {
        group: String,
        seconds: u32,
        default_used: bool,
    },
    /// Where the plan gives no policy, gpuplan's own targets this share of one instance's
    /// throughput.
    DerivedTarget { share_of_capacity: f64 },
    /// A Savings Plan covers the instances running at every minute; the rest is on demand.
    SavingsPlanCoversFloor,
    /// Schedules written in another time zone than their workload are shifted by the two
    /// zones' offsets on this date.
    TimeZoneOffsets { reference_date: String },
}
