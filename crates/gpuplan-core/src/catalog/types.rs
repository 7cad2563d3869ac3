//! The catalog's records. Each carries the [`Source`] it was read from.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::plan::file::Currency;
use crate::provenance::{Basis, Source};

/// Everything the embedded data files hold, after parsing. Regions are keyed by their code
/// (`cn-northwest-1`).
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct CatalogData {
    pub assembled_on: String,
    pub instance_types: Vec<GpuInstanceType>,
    /// Family offering evidence per region; a family without an entry is unknown there.
    pub offerings: BTreeMap<String, Vec<FamilyOffering>>,
    pub zones: BTreeMap<String, Vec<Zone>>,
    pub ec2_prices: Ec2PriceTable,
    pub sagemaker_hosting: SagemakerHostingRule,
    /// The universe of service ids (SSM global-infrastructure parameters).
    pub services: Vec<ServiceInfo>,
    pub services_source: Source,
    pub service_regions: BTreeMap<String, RegionServices>,
    /// Further documents that confirm a service's absence from the China regions.
    pub unavailable_cross_checks: Vec<UnavailableCrossCheck>,
    pub substitutes: Vec<Substitute>,
    pub quotas: QuotaTables,
    pub api_prices: Vec<ApiPrice>,
}

/// What kind of accelerator an instance type carries.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AcceleratorKind {
    /// NVIDIA GPUs.
    #[default]
    Gpu,
    /// AWS Inferentia or Trainium chips (the Neuron SDK): models compiled for them do not run
    /// on GPUs and the other way round.
    Neuron,
}

/// A GPU (or Inferentia/Trainium) instance type, by its EC2 name.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct GpuInstanceType {
    /// `g5.2xlarge`.
    pub name: String,
    /// `g5`.
    pub family: String,
    pub vcpus: u32,
    /// GPUs (or accelerator chips) per instance.
    pub gpus: u32,
    /// `A10G`, `T4`, `L4`, `Inferentia2`.
    pub gpu_model: String,
    /// Accelerator memory of the whole instance, GiB.
    pub gpu_memory_gib: u32,
    /// Host memory, GiB (`g3s.xlarge` has 30.5).
    pub memory_gib: f64,
    #[serde(default)]
    pub accelerator: AcceleratorKind,
    pub source: Source,
}

impl GpuInstanceType {
    pub fn gpu_memory_per_gpu_gib(&self) -> u32 {
        self.gpu_memory_gib / self.gpus.max(1)
    }
}

/// Whether a region offers an instance family.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Offering {
    Offered {
        source: Source,
    },
    NotOffered {
        source: Source,
    },
    /// The catalog has no evidence either way.
    Unknown,
}

/// The evidence that a region offers, or lacks, an instance family.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct FamilyOffering {
    /// `g5`.
    pub family: String,
    pub status: OfferingStatus,
    pub source: Source,
}

/// Offered or not, as a data-file value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OfferingStatus {
    Offered,
    NotOffered,
}

/// An availability zone, by its zone id. Zone names (`cn-northwest-1a`) are mapped to zone
/// ids per account, so the catalog does not list them.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct Zone {
    /// `cnnw1-az1`.
    pub id: String,
    pub source: Source,
}

/// An hourly price in CNY, with how it was obtained.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PriceQuote {
    pub cny_per_hour: f64,
    pub basis: Basis,
    /// Every source the figure rests on (a price list; for an estimate, also the rule's).
    pub sources: Vec<Source>,
    /// For an estimate, how it was computed, in words.
    pub rule: Option<String>,
}

/// Published EC2 on-demand prices per region (cn-north-1 only: no Ningxia price list is
/// public).
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
pub struct Ec2PriceTable {
    pub source: Source,
    /// Region code to prices.
    pub prices: BTreeMap<String, Vec<Ec2Price>>,
}

/// One EC2 on-demand Linux price.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct Ec2Price {
    /// `g5.2xlarge`.
    pub instance_type: String,
    pub cny_per_hour: f64,
}

/// The facts behind the SageMaker hosting estimate: the us-east-1 hosting/EC2 price ratios.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
pub struct SagemakerHostingRule {
    pub source: Source,
    pub ratios: Vec<HostingRatio>,
    /// The ratio used for sizes without one of their own.
    pub default_ratio: f64,
    pub default_ratio_reason: String,
    /// Families SageMaker hosts as `ml.` instance types.
    pub hosted_families: Vec<String>,
    pub hosted_families_source: Source,
}

/// The us-east-1 SageMaker hosting price of a size divided by its EC2 price.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct HostingRatio {
    /// `ml.g5.2xlarge`.
    pub instance_type: String,
    pub ratio: f64,
    pub hosting_usd_per_hour: f64,
    pub ec2_usd_per_hour: f64,
}

/// A service id of the SSM global-infrastructure parameters.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct ServiceInfo {
    /// `sagemaker`.
    pub id: String,
    /// `Amazon SageMaker AI`.
    pub long_name: String,
}

/// The service ids a region lists.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
pub struct RegionServices {
    pub available: Vec<String>,
    pub source: Source,
}

/// A document confirming that services whose id starts with `id_prefix` are absent.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct UnavailableCrossCheck {
    pub id_prefix: String,
    pub source: Source,
}

/// Whether a region has a service.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum ServiceAvailability {
    Available {
        source: Source,
    },
    Unavailable {
        source: Source,
    },
    /// Not a service id the catalog knows.
    UnknownService,
}

/// A substitute for a service or hosted model the China regions lack.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct Substitute {
    /// The service it replaces (`bedrock`).
    pub service: String,
    /// The hosted model it replaces, when it is model-specific (`anthropic.claude-3-5-sonnet`).
    pub model: Option<String>,
    /// What to use instead, in English.
    pub substitute_en: String,
    /// What to use instead, in Chinese.
    pub substitute_zh: String,
    /// A suggested SageMaker instance type for the substitute, if one applies.
    pub suggested_instance_type: Option<String>,
    pub source: Source,
}

/// On-demand or spot.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Market {
    OnDemand,
    Spot,
}

/// What a quota counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QuotaUnit {
    /// Instances of one type (SageMaker endpoint quotas).
    Instances,
    /// vCPUs summed over a set of families (EC2 on-demand and spot quotas).
    Vcpus,
}

/// A Service Quotas quota.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct QuotaDefinition {
    /// `sagemaker` or `ec2`.
    pub service_code: String,
    /// `L-9614C779`. Seen in the commercial partition; resolved by name at run time.
    pub quota_code: String,
    /// `ml.g5.2xlarge for endpoint usage`.
    pub quota_name: String,
    pub unit: QuotaUnit,
    pub source: Source,
}

/// The quota tables.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
pub struct QuotaTables {
    pub sagemaker_endpoint: Vec<SagemakerEndpointQuota>,
    pub ec2_vcpu: Vec<Ec2VcpuQuota>,
}

/// The SageMaker endpoint quota of one instance type.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct SagemakerEndpointQuota {
    /// `ml.g5.2xlarge`.
    pub instance_type: String,
    pub quota: QuotaDefinition,
}

/// An EC2 vCPU quota and the families it counts.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct Ec2VcpuQuota {
    pub market: Market,
    /// `g*` counts every family whose leading letters are `g` (g4dn, g5, g6e); `p5` counts
    /// the families whose letters and generation are `p5`.
    pub family_patterns: Vec<String>,
    pub quota: QuotaDefinition,
}

/// The price of a usage-based model API.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct ApiPrice {
    /// `bailian/qwen-vl-max`.
    pub id: String,
    /// `Alibaba Bailian (mainland China)`.
    pub provider: String,
    pub model: String,
    pub currency: Currency,
    pub input_per_million: f64,
    pub output_per_million: f64,
    /// Whether requests leave mainland China (Bedrock in a global region, international
    /// endpoints).
    pub cross_border: bool,
    pub source: Source,
    /// Caveats of the figure (tiered prices, third-party copy).
    pub note: Option<String>,
}
