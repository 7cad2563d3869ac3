//! EC2 spot prices: the observations the adapter reads from DescribeSpotPriceHistory, reduced
//! to the latest price of each availability zone, and per instance type the lowest and
//! highest of those.
//!
//! The China price lists carry no spot prices; DescribeSpotPriceHistory does, in CNY in the
//! China regions. The adapter asks for Linux/UNIX product descriptions only and passes every
//! record it gets; older records of a zone are dropped here.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::super::instance_name;
use super::error::SpotPriceError;

/// One record of DescribeSpotPriceHistory (Linux/UNIX).
#[derive(Clone, Debug, PartialEq)]
pub struct SpotPriceObservation {
    /// `cn-northwest-1`.
    pub region: String,
    /// The availability zone as the answer names it (`cn-northwest-1a`).
    pub zone: String,
    /// `g5.2xlarge`.
    pub instance_type: String,
    pub cny_per_hour: f64,
    /// When the price took effect, RFC 3339.
    pub timestamp: String,
}

/// The latest spot price of an instance type in one availability zone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpotZonePrice {
    pub instance_type: String,
    pub zone: String,
    pub cny_per_hour: f64,
    /// When the price took effect, RFC 3339 (`2026-11-20T03:15:00Z`).
    pub timestamp: String,
}

/// The spot prices of one instance type across the zones of a region.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SpotPriceRange {
    pub instance_type: String,
    pub lowest_cny_per_hour: f64,
    pub highest_cny_per_hour: f64,
    /// The latest price of each zone, by zone.
    pub zones: Vec<SpotZonePrice>,
    /// The most recent of the zones' timestamps.
    pub latest_timestamp: String,
}

fn parsed_timestamp(text: &str) -> Option<jiff::Timestamp> {
    text.parse().ok()
}

/// Checks an observation and writes it as a zone price (type lower-case, timestamp in the
/// `2026-11-20T03:15:00Z` form).
fn zone_price(
    index: usize,
    observation: &SpotPriceObservation,
) -> Result<(String, SpotZonePrice, jiff::Timestamp), SpotPriceError> {
    let instance_type = instance_name::ec2_name(&observation.instance_type);
    let zone = observation.zone.trim().to_string();
    let region = observation.region.trim().to_string();
    for (field, value) in [
        ("region", &region),
        ("zone", &zone),
        ("instance_type", &instance_type),
    ] {
        if value.is_empty() {
            return Err(SpotPriceError::EmptyField {
                index,
                instance_type: instance_type.clone(),
                zone: zone.clone(),
                field,
            });
        }
    }
    let price = observation.cny_per_hour;
    if !price.is_finite() || price <= 0.0 {
        return Err(SpotPriceError::InvalidPrice {
            index,
            instance_type,
            zone,
            price: price.to_string(),
        });
    }
    let Some(taken_effect) = parsed_timestamp(&observation.timestamp) else {
        return Err(SpotPriceError::InvalidTimestamp {
            index,
            instance_type,
            zone,
            timestamp: observation.timestamp.clone(),
        });
    };
    let price = SpotZonePrice {
        instance_type,
        zone,
        cny_per_hour: price,
        timestamp: taken_effect.to_string(),
    };
    Ok((region, price, taken_effect))
}

/// The latest price of each (region, type, zone): per region code, sorted by type then zone.
/// Two records of the same zone and time keep the lower price.
pub fn latest_spot_prices(
    observations: &[SpotPriceObservation],
) -> Result<BTreeMap<String, Vec<SpotZonePrice>>, SpotPriceError> {
    type ZoneKey = (String, String, String);
    let mut latest: BTreeMap<ZoneKey, (jiff::Timestamp, SpotZonePrice)> = BTreeMap::new();
    for (index, observation) in observations.iter().enumerate() {
        let (region, price, taken_effect) = zone_price(index, observation)?;
        let key = (region, price.instance_type.clone(), price.zone.clone());
        let replaces = latest.get(&key).is_none_or(|(kept_time, kept)| {
            taken_effect > *kept_time
                || (taken_effect == *kept_time && price.cny_per_hour < kept.cny_per_hour)
        });
        if replaces {
            latest.insert(key, (taken_effect, price));
        }
    }
    let mut per_region: BTreeMap<String, Vec<SpotZonePrice>> = BTreeMap::new();
    for ((region, _, _), (_, price)) in latest {
        per_region.entry(region).or_default().push(price);
    }
    Ok(per_region)
}

/// Per instance type, the lowest and highest of the zone prices (of one region), sorted by
/// type.
pub fn spot_price_ranges(zone_prices: &[SpotZonePrice]) -> Vec<SpotPriceRange> {
    let mut per_type: BTreeMap<&str, Vec<&SpotZonePrice>> = BTreeMap::new();
    for price in zone_prices {
        per_type
            .entry(&price.instance_type)
            .or_default()
            .push(price);
    }
    per_type
        .into_iter()
        .map(|(instance_type, prices)| {
            let mut zones: Vec<SpotZonePrice> = prices.into_iter().cloned().collect();
            zones.sort_by(|left, right| left.zone.cmp(&right.zone));
            let lowest = zones
                .iter()
                .map(|zone| zone.cny_per_hour)
                .fold(f64::INFINITY, f64::min);
            let highest = zones
                .iter()
                .map(|zone| zone.cny_per_hour)
                .fold(f64::NEG_INFINITY, f64::max);
            let latest_timestamp = zones
                .iter()
                .max_by_key(|zone| parsed_timestamp(&zone.timestamp))
                .map(|zone| zone.timestamp.clone())
                .unwrap_or_default();
            SpotPriceRange {
                instance_type: instance_type.to_string(),
                lowest_cny_per_hour: lowest,
                highest_cny_per_hour: highest,
                zones,
                latest_timestamp,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn observation(zone: &str, price: f64, timestamp: &str) -> SpotPriceObservation {
        SpotPriceObservation {
            region: "cn-northwest-1".into(),
            zone: zone.into(),
            instance_type: "g5.2xlarge".into(),
            cny_per_hour: price,
            timestamp: timestamp.into(),
        }
    }

    #[test]
    fn each_zone_keeps_its_latest_price() {
        let observations = [
            observation("cn-northwest-1a", 4.10, "2026-11-01T00:00:00Z"),
            observation("cn-northwest-1a", 3.90, "2026-11-20T08:00:00+08:00"),
            observation("cn-northwest-1b", 5.00, "2026-11-19T00:00:00Z"),
            observation("cn-northwest-1a", 4.50, "2026-10-01T00:00:00Z"),
        ];
        let latest = latest_spot_prices(&observations).unwrap();
        let ningxia = &latest["cn-northwest-1"];
        assert_eq!(ningxia.len(), 2);
        assert_eq!(ningxia[0].zone, "cn-northwest-1a");
        assert_eq!(ningxia[0].cny_per_hour, 3.90);
        assert_eq!(ningxia[0].timestamp, "2026-11-20T00:00:00Z");
        assert_eq!(ningxia[1].cny_per_hour, 5.00);
        let mut reversed = observations.to_vec();
        reversed.reverse();
        assert_eq!(latest_spot_prices(&reversed).unwrap(), latest);
    }

    #[test]
    fn ranges_span_the_zones_of_a_type() {
        let latest = latest_spot_prices(&[
            observation("cn-northwest-1c", 4.2, "2026-11-18T00:00:00Z"),
            observation("cn-northwest-1a", 3.9, "2026-11-20T00:00:00Z"),
            observation("cn-northwest-1b", 5.0, "2026-11-19T00:00:00Z"),
        ])
        .unwrap();
        let ranges = spot_price_ranges(&latest["cn-northwest-1"]);
        assert_eq!(ranges.len(), 1);
        let range = &ranges[0];
        assert_eq!(
            (range.lowest_cny_per_hour, range.highest_cny_per_hour),
            (3.9, 5.0)
        );
        assert_eq!(range.latest_timestamp, "2026-11-20T00:00:00Z");
        let zones: Vec<&str> = range.zones.iter().map(|zone| zone.zone.as_str()).collect();
        assert_eq!(
            zones,
            ["cn-northwest-1a", "cn-northwest-1b", "cn-northwest-1c"]
        );
    }

    #[test]
    fn bad_observations_are_refused_with_their_index() {
        let bad_time = [
            observation("cn-northwest-1a", 3.9, "2026-11-20T00:00:00Z"),
            observation("cn-northwest-1b", 3.9, "yesterday"),
        ];
        assert!(matches!(
            latest_spot_prices(&bad_time),
            Err(SpotPriceError::InvalidTimestamp { index: 1, .. })
        ));
        let free = [observation("cn-northwest-1a", 0.0, "2026-11-20T00:00:00Z")];
        assert!(matches!(
            latest_spot_prices(&free),
            Err(SpotPriceError::InvalidPrice { index: 0, .. })
        ));
        let no_zone = [observation(" ", 1.0, "2026-11-20T00:00:00Z")];
        let error = latest_spot_prices(&no_zone).unwrap_err();
        assert!(error.to_string().contains("`zone` is empty"), "{error}");
    }
}
