//! The catalog's records. Each carries the [`Source`] it was read from.

use serde::{Deserialize, Serialize};

use crate::plan::file::Currency;
use crate::provenance::{Basis, Source};

/// Everything the embedded data files hold, after parsing.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct CatalogData {
    pub assembled_on: String,
    pub instance_types: Vec<GpuInstanceType>,
    pub services: Vec<ServiceInfo>,
    pub api_prices: Vec<ApiPrice>,
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
    /// Host memory, GiB.
    pub memory_gib: u32,
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
    Offered { source: Source },
    NotOffered { source: Source },
    /// The catalog has no evidence either way.
    Unknown,
}

/// An availability zone.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct Zone {
    /// `cn-northwest-1a`.
    pub name: String,
    /// `cnnw1-az1`.
    pub id: String,
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

/// A service id of the SSM global-infrastructure parameters.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct ServiceInfo {
    /// `sagemaker`.
    pub id: String,
    /// `Amazon SageMaker AI`.
    pub long_name: String,
}

/// Whether a region has a service.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum ServiceAvailability {
    Available { source: Source },
    Unavailable { source: Source },
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
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
