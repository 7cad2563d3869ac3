//! The embedded China-region catalog: facts compiled into the binary, each with its source.
//!
//! It answers the questions `check`, `cost` and `catalog` ask offline: which GPU instance
//! types exist and what they hold, which families each China region offers, what they cost
//! per hour in CNY (published where known, estimated by a documented rule where not),
//! which services each region has, what to use instead of a missing service or model,
//! which Service Quotas govern capacity, and what usage-based model APIs charge.
//!
//! The data lives in `catalog/data/*.json`, built from `shared/reference/` (see
//! `catalog/data/README.md` for how each file was made). Nothing here touches the network.

mod types;

pub use types::*;

use crate::region::Region;

/// The catalog, parsed once from the files compiled into the binary.
#[derive(Clone, Debug)]
pub struct Catalog {
    data: CatalogData,
}

impl Catalog {
    /// The catalog compiled into this binary.
    pub fn embedded() -> &'static Catalog {
        todo!("catalog: parse the embedded data files once")
    }

    /// The date the embedded data was assembled, `YYYY-MM-DD`.
    pub fn assembled_on(&self) -> &str {
        &self.data.assembled_on
    }

    /// GPU and accelerator instance types, EC2 names (`g5.2xlarge`), sorted by family and size.
    pub fn instance_types(&self) -> &[GpuInstanceType] {
        &self.data.instance_types
    }

    /// Looks up `g5.2xlarge` or `ml.g5.2xlarge`.
    pub fn instance_type(&self, name: &str) -> Option<&GpuInstanceType> {
        let _ = name;
        todo!()
    }

    /// Whether the region offers the instance type's family (EC2 and SageMaker alike).
    pub fn offering(&self, region: Region, instance_type: &str) -> Offering {
        let _ = (region, instance_type);
        todo!()
    }

    /// The availability zones of a region.
    pub fn zones(&self, region: Region) -> &[Zone] {
        let _ = region;
        todo!()
    }

    /// The offered type nearest to `instance_type` (which the region lacks): the same GPU
    /// count with at least the same memory per GPU, then the closest vCPU count. Keeps the
    /// `ml.` prefix of the input.
    pub fn nearest_offered(&self, region: Region, instance_type: &str) -> Option<String> {
        let _ = (region, instance_type);
        todo!()
    }

    /// EC2 on-demand Linux price of `g5.2xlarge` in the region.
    pub fn ec2_on_demand(&self, region: Region, instance_type: &str) -> Option<PriceQuote> {
        let _ = (region, instance_type);
        todo!()
    }

    /// SageMaker real-time hosting price of `ml.g5.2xlarge` in the region. Not public for
    /// China: always an estimate by the documented rule, never a silent number.
    pub fn sagemaker_hosting(&self, region: Region, instance_type: &str) -> Option<PriceQuote> {
        let _ = (region, instance_type);
        todo!()
    }

    /// A service id of the SSM global-infrastructure parameters (`sagemaker`).
    pub fn service(&self, id: &str) -> Option<&ServiceInfo> {
        let _ = id;
        todo!()
    }

    /// Every known service id, for suggestions.
    pub fn service_ids(&self) -> impl Iterator<Item = &str> {
        self.data.services.iter().map(|service| service.id.as_str())
    }

    pub fn service_availability(&self, region: Region, id: &str) -> ServiceAvailability {
        let _ = (region, id);
        todo!()
    }

    /// What to use in China instead of a service the region lacks.
    pub fn service_substitute(&self, service: &str) -> Option<&Substitute> {
        let _ = service;
        todo!()
    }

    /// What to use in China instead of a hosted model (`bedrock`, `anthropic.claude-3-5-sonnet`).
    pub fn model_substitute(&self, service: &str, model: &str) -> Option<&Substitute> {
        let _ = (service, model);
        todo!()
    }

    /// The SageMaker quota `ml.X for endpoint usage` of an instance type.
    pub fn sagemaker_endpoint_quota(&self, instance_type: &str) -> Option<&QuotaDefinition> {
        let _ = instance_type;
        todo!()
    }

    /// The EC2 vCPU quota that running `instance_type` counts against.
    pub fn ec2_vcpu_quota(&self, instance_type: &str, market: Market) -> Option<&QuotaDefinition> {
        let _ = (instance_type, market);
        todo!()
    }

    /// A usage-based API price (`bailian/qwen-vl-max`).
    pub fn api_price(&self, id: &str) -> Option<&ApiPrice> {
        let _ = id;
        todo!()
    }

    pub fn api_prices(&self) -> &[ApiPrice] {
        &self.data.api_prices
    }
}
