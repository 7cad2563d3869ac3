//! A refresh cache laid over the embedded catalog: the refreshed figures as quotes with their
//! sources, and where a catalog's prices came from.
//!
//! Every refreshed figure is published (it is the price list's own number) and dated the day
//! it was fetched; its source names the API call and the region. Regions of the cache other
//! than the two China regions are ignored.

use std::collections::BTreeMap;

use serde::Serialize;

use super::cache::{CachedPrice, LivePriceCache};
use super::spot::{SpotPriceRange, SpotZonePrice, spot_price_ranges};
use crate::catalog::PriceQuote;
use crate::provenance::{Basis, Source};
use crate::region::Region;

/// Where a catalog's prices come from.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PriceOrigin {
    /// The catalog compiled into the binary, assembled on that date.
    Embedded { assembled_on: String },
    /// A `catalog refresh` cache over the embedded catalog: its figures where it has them,
    /// the embedded ones (of `assembled_on`) elsewhere.
    Refreshed {
        fetched_on: String,
        fetched_at: String,
        price_list_endpoint: String,
        /// The China regions the cache holds prices for.
        regions: Vec<Region>,
        assembled_on: String,
    },
}

impl PriceOrigin {
    pub fn is_embedded(&self) -> bool {
        matches!(self, PriceOrigin::Embedded { .. })
    }
}

/// The EC2 spot price of an instance type in a region: the latest price of each zone, and
/// the lowest and highest of them. Each bound is a published zone price.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SpotQuote {
    pub lowest_cny_per_hour: f64,
    pub highest_cny_per_hour: f64,
    /// By zone.
    pub zones: Vec<SpotZonePrice>,
    /// The most recent time a zone's price took effect.
    pub latest_timestamp: String,
    pub basis: Basis,
    /// DescribeSpotPriceHistory, dated the day it was called.
    pub source: Source,
}

/// The refreshed prices of one region, by instance type.
#[derive(Clone, Debug, Default, PartialEq)]
struct RegionalPrices {
    ec2_on_demand: BTreeMap<String, f64>,
    sagemaker_hosting: BTreeMap<String, f64>,
    ec2_spot: BTreeMap<String, SpotPriceRange>,
}

/// The figures of a refresh cache, as the catalog looks them up.
#[derive(Clone, Debug, PartialEq)]
pub(in crate::catalog) struct LivePrices {
    fetched_on: String,
    fetched_at: String,
    price_list_endpoint: String,
    regions: BTreeMap<Region, RegionalPrices>,
}

fn by_type(prices: &[CachedPrice]) -> BTreeMap<String, f64> {
    prices
        .iter()
        .map(|price| (price.instance_type.clone(), price.cny_per_hour))
        .collect()
}

/// `AWS Price List API GetProducts AmazonEC2 cn-northwest-1 (gpuplan catalog refresh)`.
fn price_list_source(service_code: &str, region: Region, fetched_on: &str) -> Source {
    Source::new(
        format!("AWS Price List API GetProducts {service_code} {region} (gpuplan catalog refresh)"),
        fetched_on,
    )
}

impl LivePrices {
    pub fn from_cache(cache: &LivePriceCache) -> LivePrices {
        let regions = cache
            .regions
            .iter()
            .filter_map(|(code, prices)| {
                let region = code.parse::<Region>().ok()?;
                let spot = spot_price_ranges(&prices.ec2_spot)
                    .into_iter()
                    .map(|range| (range.instance_type.clone(), range))
                    .collect();
                Some((
                    region,
                    RegionalPrices {
                        ec2_on_demand: by_type(&prices.ec2_on_demand),
                        sagemaker_hosting: by_type(&prices.sagemaker_hosting),
                        ec2_spot: spot,
                    },
                ))
            })
            .collect();
        LivePrices {
            fetched_on: cache.fetched_on.clone(),
            fetched_at: cache.fetched_at.clone(),
            price_list_endpoint: cache.price_list_endpoint.clone(),
            regions,
        }
    }

    /// The UTC date of the refresh.
    pub fn fetched_on(&self) -> &str {
        &self.fetched_on
    }

    pub fn origin(&self, assembled_on: &str) -> PriceOrigin {
        PriceOrigin::Refreshed {
            fetched_on: self.fetched_on.clone(),
            fetched_at: self.fetched_at.clone(),
            price_list_endpoint: self.price_list_endpoint.clone(),
            regions: self.regions.keys().copied().collect(),
            assembled_on: assembled_on.to_string(),
        }
    }

    /// Whether the refresh fetched any EC2 on-demand price for the region.
    pub fn has_ec2_prices(&self, region: Region) -> bool {
        self.regions
            .get(&region)
            .is_some_and(|prices| !prices.ec2_on_demand.is_empty())
    }

    /// Whether the refresh fetched any SageMaker hosting price for the region.
    pub fn has_sagemaker_prices(&self, region: Region) -> bool {
        self.regions
            .get(&region)
            .is_some_and(|prices| !prices.sagemaker_hosting.is_empty())
    }

    /// Whether the refresh fetched any spot price.
    pub fn has_spot_prices(&self) -> bool {
        self.regions
            .values()
            .any(|prices| !prices.ec2_spot.is_empty())
    }

    fn published(cny_per_hour: f64, source: Source) -> PriceQuote {
        PriceQuote {
            cny_per_hour,
            basis: Basis::Published,
            sources: vec![source],
            rule: None,
        }
    }

    /// The refreshed EC2 on-demand price of `g5.2xlarge`.
    pub fn ec2_on_demand(&self, region: Region, ec2_name: &str) -> Option<PriceQuote> {
        let price = *self.regions.get(&region)?.ec2_on_demand.get(ec2_name)?;
        Some(Self::published(
            price,
            price_list_source("AmazonEC2", region, &self.fetched_on),
        ))
    }

    /// The refreshed SageMaker hosting price of `ml.g5.2xlarge`.
    pub fn sagemaker_hosting(&self, region: Region, sagemaker_name: &str) -> Option<PriceQuote> {
        let price = *self
            .regions
            .get(&region)?
            .sagemaker_hosting
            .get(sagemaker_name)?;
        Some(Self::published(
            price,
            price_list_source("AmazonSageMaker", region, &self.fetched_on),
        ))
    }

    /// The refreshed spot prices of `g5.2xlarge`.
    pub fn ec2_spot(&self, region: Region, ec2_name: &str) -> Option<SpotQuote> {
        let range = self.regions.get(&region)?.ec2_spot.get(ec2_name)?;
        Some(SpotQuote {
            lowest_cny_per_hour: range.lowest_cny_per_hour,
            highest_cny_per_hour: range.highest_cny_per_hour,
            zones: range.zones.clone(),
            latest_timestamp: range.latest_timestamp.clone(),
            basis: Basis::Published,
            source: Source::new(
                format!("EC2 DescribeSpotPriceHistory {region} (gpuplan catalog refresh)"),
                &self.fetched_on,
            ),
        })
    }
}
