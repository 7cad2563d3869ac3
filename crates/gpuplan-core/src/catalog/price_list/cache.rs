//! The file `gpuplan catalog refresh` writes: the prices it fetched, when, and from where,
//! with a digest over its content so that a changed file is recognised.
//!
//! The format is ours, so it is read strictly (unknown fields are refused) and carries a
//! `format_version`. Regions are keyed by code and every list is sorted, so the same prices
//! always give the same text.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::digest;
use super::error::LivePriceCacheError;
use super::listed_price::ListedPrice;
use super::spot::SpotZonePrice;

/// The version of the cache format this gpuplan writes and reads.
pub const CACHE_FORMAT_VERSION: u32 = 1;

/// The partition every cached price belongs to.
pub const CACHE_PARTITION: &str = "aws-cn";

/// How many days a refresh is used without a warning.
pub const DEFAULT_MAX_AGE_DAYS: u32 = 30;

/// The refreshed prices, as stored in the cache file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LivePriceCache {
    pub format_version: u32,
    /// When the prices were fetched, RFC 3339 UTC (`2026-11-24T02:30:00Z`).
    pub fetched_at: String,
    /// The UTC date of `fetched_at` (`2026-11-24`): the date of every cached figure.
    pub fetched_on: String,
    /// `aws-cn`.
    pub partition: String,
    /// The Price List API endpoint that answered
    /// (`https://api.pricing.cn-northwest-1.amazonaws.com.cn`).
    pub price_list_endpoint: String,
    /// Region code to its prices.
    pub regions: BTreeMap<String, RegionalLivePrices>,
    /// `sha256:` and the hex SHA-256 of every other field (see `digest.rs`).
    pub digest: String,
}

/// The prices fetched for one region.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionalLivePrices {
    /// EC2 on-demand Linux prices, by type (`g5.2xlarge`).
    pub ec2_on_demand: Vec<CachedPrice>,
    /// SageMaker real-time hosting prices, by type (`ml.g5.2xlarge`).
    pub sagemaker_hosting: Vec<CachedPrice>,
    /// The latest EC2 spot price of each type and zone, by type then zone.
    pub ec2_spot: Vec<SpotZonePrice>,
}

/// One price list figure.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CachedPrice {
    pub instance_type: String,
    pub cny_per_hour: f64,
    /// The SKU of the product document it came from.
    pub sku: String,
    /// The `effectiveDate` of the offer term, if the document gave one.
    pub effective_date: Option<String>,
}

/// Which list a price goes to.
#[derive(Clone, Copy)]
enum PriceList {
    Ec2OnDemand,
    SagemakerHosting,
}

impl PriceList {
    fn name(self) -> &'static str {
        match self {
            PriceList::Ec2OnDemand => "EC2 on-demand",
            PriceList::SagemakerHosting => "SageMaker hosting",
        }
    }

    fn of(self, prices: &mut RegionalLivePrices) -> &mut Vec<CachedPrice> {
        match self {
            PriceList::Ec2OnDemand => &mut prices.ec2_on_demand,
            PriceList::SagemakerHosting => &mut prices.sagemaker_hosting,
        }
    }
}

fn usable_price(price: f64) -> bool {
    price.is_finite() && price > 0.0
}

impl LivePriceCache {
    /// The cache of one refresh: the parsed price lists (`parse_ec2_on_demand`,
    /// `parse_sagemaker_hosting`) and the latest spot prices per region
    /// (`latest_spot_prices`). `fetched_at` is kept to the second; `fetched_on` is its UTC
    /// date. Every region that any input names gets an entry.
    pub fn assemble(
        fetched_at: jiff::Timestamp,
        price_list_endpoint: &str,
        ec2_on_demand: &[ListedPrice],
        sagemaker_hosting: &[ListedPrice],
        ec2_spot: &BTreeMap<String, Vec<SpotZonePrice>>,
    ) -> Result<LivePriceCache, LivePriceCacheError> {
        let mut regions: BTreeMap<String, RegionalLivePrices> = BTreeMap::new();
        for (list, prices) in [
            (PriceList::Ec2OnDemand, ec2_on_demand),
            (PriceList::SagemakerHosting, sagemaker_hosting),
        ] {
            for price in prices {
                if !usable_price(price.cny_per_hour) {
                    return Err(LivePriceCacheError::InvalidPrice {
                        list: list.name(),
                        region: price.region.clone(),
                        instance_type: price.instance_type.clone(),
                        price: price.cny_per_hour.to_string(),
                    });
                }
                list.of(regions.entry(price.region.clone()).or_default())
                    .push(CachedPrice {
                        instance_type: price.instance_type.clone(),
                        cny_per_hour: price.cny_per_hour,
                        sku: price.sku.clone(),
                        effective_date: price.effective_date.clone(),
                    });
            }
        }
        for (region, zone_prices) in ec2_spot {
            for price in zone_prices {
                if !usable_price(price.cny_per_hour) {
                    return Err(LivePriceCacheError::InvalidPrice {
                        list: "EC2 spot",
                        region: region.clone(),
                        instance_type: price.instance_type.clone(),
                        price: price.cny_per_hour.to_string(),
                    });
                }
            }
            regions.entry(region.clone()).or_default().ec2_spot = zone_prices.clone();
        }
        for (region, prices) in &mut regions {
            for list in [PriceList::Ec2OnDemand, PriceList::SagemakerHosting] {
                let entries = list.of(prices);
                entries.sort_by(|left, right| left.instance_type.cmp(&right.instance_type));
                if let Some(pair) = entries
                    .windows(2)
                    .find(|pair| pair[0].instance_type == pair[1].instance_type)
                {
                    return Err(LivePriceCacheError::Duplicate {
                        list: list.name(),
                        region: region.clone(),
                        instance_type: pair[0].instance_type.clone(),
                    });
                }
            }
            prices.ec2_spot.sort_by(|left, right| {
                (&left.instance_type, &left.zone).cmp(&(&right.instance_type, &right.zone))
            });
        }

        let fetched_at = jiff::Timestamp::from_second(fetched_at.as_second())
            .expect("a timestamp truncated to its second is in range");
        let fetched_on = fetched_at.to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
        let mut cache = LivePriceCache {
            format_version: CACHE_FORMAT_VERSION,
            fetched_at: fetched_at.to_string(),
            fetched_on: fetched_on.to_string(),
            partition: CACHE_PARTITION.to_string(),
            price_list_endpoint: price_list_endpoint.to_string(),
            regions,
            digest: String::new(),
        };
        cache.digest = digest::content_digest(&cache);
        Ok(cache)
    }
}

/// The cache file's text: pretty JSON ending in a newline, with the digest computed over the
/// content (whatever `cache.digest` held).
pub fn render_cache(cache: &LivePriceCache) -> String {
    let digested = LivePriceCache {
        digest: digest::content_digest(cache),
        ..cache.clone()
    };
    let mut text = serde_json::to_string_pretty(&digested).expect("the cache serializes");
    text.push('\n');
    text
}
