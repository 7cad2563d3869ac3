//! The embedded China-region catalog: facts compiled into the binary, each with its source.
//!
//! It answers the questions `check`, `cost` and `catalog` ask offline: which GPU instance
//! types exist and what they hold, which families each China region offers, what they cost
//! per hour in CNY (published where known, estimated by a documented rule where not),
//! which services each region has, what to use instead of a missing service or model,
//! which Service Quotas govern capacity, and what usage-based model APIs charge.
//!
//! The data lives in `catalog/data/*.json`, built from `shared/reference/` (see
//! `catalog/data/README.md` for how each file was made). `gpuplan catalog refresh` fetches
//! newer prices into a cache file ([`price_list`]) that [`Catalog::with_live_prices`] lays
//! over the embedded data. Nothing here touches the network, and nothing here converts
//! currencies.

mod embedded;
pub mod instance_name;
mod listing;
mod nearest;
pub mod price_list;
mod pricing;
mod quotas;
mod services;
mod types;

#[cfg(test)]
mod tests;

pub use listing::*;
pub use price_list::{LivePriceCache, PriceOrigin, SpotQuote};
pub use pricing::NINGXIA_EC2_RULE;
pub use types::*;

use std::sync::OnceLock;

use crate::provenance::Source;
use crate::region::Region;
use price_list::overlay::LivePrices;

/// The catalog, parsed once from the files compiled into the binary, with the prices of a
/// refresh laid over it when there is one.
#[derive(Clone, Debug)]
pub struct Catalog {
    data: CatalogData,
    /// The prices of a `catalog refresh` cache, which take precedence over the embedded ones.
    live: Option<LivePrices>,
}

impl Catalog {
    /// The catalog compiled into this binary.
    pub fn embedded() -> &'static Catalog {
        static EMBEDDED: OnceLock<Catalog> = OnceLock::new();
        EMBEDDED.get_or_init(|| match embedded::load() {
            Ok(data) => Catalog::from_data(data),
            // The files are compiled in and checked by the tests: a failure here is a build
            // defect, not a user error.
            Err(error) => panic!("the embedded catalog does not parse: {error}"),
        })
    }

    /// A catalog over other data (tests, or a refreshed catalog).
    pub fn from_data(data: CatalogData) -> Catalog {
        Catalog { data, live: None }
    }

    /// This catalog with the prices of a refresh cache laid over it: EC2 on-demand and
    /// SageMaker hosting prices of the cached regions come from the cache (published, dated
    /// the day they were fetched); types the cache lacks keep the embedded price or estimate,
    /// whose rule then says what the refresh lacked. Spot prices come only from a cache.
    /// A catalog that already had refreshed prices has them replaced.
    pub fn with_live_prices(&self, cache: &LivePriceCache) -> Catalog {
        Catalog {
            data: self.data.clone(),
            live: Some(LivePrices::from_cache(cache)),
        }
    }

    /// Where the prices come from: the embedded catalog, or a refresh over it.
    pub fn price_origin(&self) -> PriceOrigin {
        match &self.live {
            Some(live) => live.origin(&self.data.assembled_on),
            None => PriceOrigin::Embedded {
                assembled_on: self.data.assembled_on.clone(),
            },
        }
    }

    /// Everything the catalog holds.
    pub fn data(&self) -> &CatalogData {
        &self.data
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
        let name = instance_name::ec2_name(name);
        self.data
            .instance_types
            .iter()
            .find(|instance_type| instance_type.name == name)
    }

    /// Whether the region offers the instance type's family (EC2 and SageMaker alike).
    pub fn offering(&self, region: Region, instance_type: &str) -> Offering {
        let name = instance_name::ec2_name(instance_type);
        let family = instance_name::family(&name);
        let evidence = self
            .data
            .offerings
            .get(region.code())
            .and_then(|families| families.iter().find(|entry| entry.family == family));
        match evidence {
            Some(FamilyOffering {
                status: OfferingStatus::Offered,
                source,
                ..
            }) => Offering::Offered {
                source: source.clone(),
            },
            Some(FamilyOffering {
                status: OfferingStatus::NotOffered,
                source,
                ..
            }) => Offering::NotOffered {
                source: source.clone(),
            },
            None => Offering::Unknown,
        }
    }

    /// The availability zones of a region.
    pub fn zones(&self, region: Region) -> &[Zone] {
        self.data
            .zones
            .get(region.code())
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// The offered type nearest to `instance_type` (which the region lacks): the same GPU
    /// count with at least the same memory per GPU, then the closest vCPU count. Keeps the
    /// `ml.` prefix of the input.
    pub fn nearest_offered(&self, region: Region, instance_type: &str) -> Option<String> {
        nearest::nearest_offered(self, region, instance_type)
    }

    /// EC2 on-demand Linux price of `g5.2xlarge` in the region.
    pub fn ec2_on_demand(&self, region: Region, instance_type: &str) -> Option<PriceQuote> {
        pricing::ec2_on_demand(self, region, instance_type)
    }

    /// SageMaker real-time hosting price of `ml.g5.2xlarge` in the region: published when a
    /// refresh fetched it; otherwise (no China price is public) an estimate by the documented
    /// rule, never a silent number.
    pub fn sagemaker_hosting(&self, region: Region, instance_type: &str) -> Option<PriceQuote> {
        pricing::sagemaker_hosting(self, region, instance_type)
    }

    /// The EC2 spot price of `g5.2xlarge` across the region's zones, from a refresh; `None`
    /// without one (the catalog embeds no spot prices).
    pub fn ec2_spot(&self, region: Region, instance_type: &str) -> Option<SpotQuote> {
        let name = instance_name::ec2_name(instance_type);
        self.live.as_ref()?.ec2_spot(region, &name)
    }

    /// Whether the catalog holds any spot price.
    pub fn has_spot_prices(&self) -> bool {
        self.live.as_ref().is_some_and(LivePrices::has_spot_prices)
    }

    /// A service id of the SSM global-infrastructure parameters (`sagemaker`).
    pub fn service(&self, id: &str) -> Option<&ServiceInfo> {
        let id = id.trim().to_ascii_lowercase();
        self.data.services.iter().find(|service| service.id == id)
    }

    /// Where the universe of service ids comes from.
    pub fn services_source(&self) -> &Source {
        &self.data.services_source
    }

    /// Every known service id, for suggestions.
    pub fn service_ids(&self) -> impl Iterator<Item = &str> {
        self.data.services.iter().map(|service| service.id.as_str())
    }

    pub fn service_availability(&self, region: Region, id: &str) -> ServiceAvailability {
        services::availability(self, region, id)
    }

    /// What to use in China instead of a service the region lacks.
    pub fn service_substitute(&self, service: &str) -> Option<&Substitute> {
        services::service_substitute(self, service)
    }

    /// What to use in China instead of a hosted model (`bedrock`, `anthropic.claude-3-5-sonnet`).
    /// Matches model ids with or without a version suffix
    /// (`anthropic.claude-3-5-sonnet-20241022-v2:0`) or a cross-region prefix (`us.`); the
    /// most specific entry wins. `None` when no model-specific substitute is known: fall back
    /// to [`Catalog::service_substitute`].
    pub fn model_substitute(&self, service: &str, model: &str) -> Option<&Substitute> {
        services::model_substitute(self, service, model)
    }

    /// The SageMaker quota `ml.X for endpoint usage` of an instance type.
    pub fn sagemaker_endpoint_quota(&self, instance_type: &str) -> Option<&QuotaDefinition> {
        quotas::sagemaker_endpoint_quota(self, instance_type)
    }

    /// The EC2 vCPU quota that running `instance_type` counts against.
    pub fn ec2_vcpu_quota(&self, instance_type: &str, market: Market) -> Option<&QuotaDefinition> {
        quotas::ec2_vcpu_quota(self, instance_type, market)
    }

    /// A usage-based API price (`bailian/qwen-vl-max`).
    pub fn api_price(&self, id: &str) -> Option<&ApiPrice> {
        let id = id.trim();
        self.data
            .api_prices
            .iter()
            .find(|price| price.id.eq_ignore_ascii_case(id))
    }

    pub fn api_prices(&self) -> &[ApiPrice] {
        &self.data.api_prices
    }
}
