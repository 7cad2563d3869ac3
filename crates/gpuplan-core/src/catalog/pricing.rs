//! Hourly prices in CNY: EC2 on-demand (published for Beijing, estimated for Ningxia) and
//! SageMaker real-time hosting (estimated: no China price is public). A refresh's prices
//! (`price_list`) come first: they are published for every type they cover, and the rules
//! below fill in the types they lack.
//!
//! An estimate always says how it was made: its [`PriceQuote::rule`] names every step and its
//! [`PriceQuote::sources`] list every document a step rests on. No currency is converted here.

use super::instance_name;
use super::{Catalog, PriceQuote};
use crate::provenance::Basis;
use crate::region::Region;

/// How a Ningxia EC2 price is estimated.
pub const NINGXIA_EC2_RULE: &str = "no public Ningxia price: cn-north-1 (Beijing) price used; \
     refresh from the Pricing API or set [[prices.override]]";

/// The published EC2 price of the type in the region, if the catalog has one: the refreshed
/// price, else the embedded one.
fn published_ec2(catalog: &Catalog, region: Region, ec2_name: &str) -> Option<PriceQuote> {
    if let Some(quote) = catalog
        .live
        .as_ref()
        .and_then(|live| live.ec2_on_demand(region, ec2_name))
    {
        return Some(quote);
    }
    let table = &catalog.data.ec2_prices;
    let price = table
        .prices
        .get(region.code())?
        .iter()
        .find(|price| price.instance_type == ec2_name)?;
    Some(PriceQuote {
        cny_per_hour: price.cny_per_hour,
        basis: Basis::Published,
        sources: vec![table.source.clone()],
        rule: None,
    })
}

pub(super) fn ec2_on_demand(
    catalog: &Catalog,
    region: Region,
    instance_type: &str,
) -> Option<PriceQuote> {
    let name = instance_name::ec2_name(instance_type);
    if let Some(quote) = published_ec2(catalog, region, &name) {
        return Some(quote);
    }
    match region {
        Region::CnNorthwest1 => {
            let beijing = published_ec2(catalog, Region::CnNorth1, &name)?;
            let rule = match &catalog.live {
                Some(live) if live.has_ec2_prices(Region::CnNorthwest1) => format!(
                    "the price list fetched on {} has no cn-northwest-1 price for {name}: \
                     cn-north-1 (Beijing) price used; set [[prices.override]] for another",
                    live.fetched_on()
                ),
                _ => NINGXIA_EC2_RULE.to_string(),
            };
            Some(PriceQuote {
                basis: Basis::Estimated,
                rule: Some(rule),
                ..beijing
            })
        }
        Region::CnNorth1 => None,
    }
}

pub(super) fn sagemaker_hosting(
    catalog: &Catalog,
    region: Region,
    instance_type: &str,
) -> Option<PriceQuote> {
    let ec2_name = instance_name::ec2_name(instance_type);
    let sagemaker_name = instance_name::sagemaker_name(&ec2_name);
    let live = catalog.live.as_ref();
    if let Some(quote) = live.and_then(|live| live.sagemaker_hosting(region, &sagemaker_name)) {
        return Some(quote);
    }
    let rule = &catalog.data.sagemaker_hosting;
    let family = instance_name::family(&ec2_name);
    if !rule.hosted_families.iter().any(|hosted| hosted == family) {
        return None;
    }
    let ec2 = ec2_on_demand(catalog, region, &ec2_name)?;

    let step_one = match (&ec2.basis, &ec2.rule) {
        (Basis::Estimated, Some(ec2_rule)) => format!(
            "the EC2 on-demand price of {ec2_name} estimated for {region} ({:.4} CNY/h: {ec2_rule})",
            ec2.cny_per_hour
        ),
        _ => match live.filter(|live| live.ec2_on_demand(region, &ec2_name).is_some()) {
            Some(live) => format!(
                "the EC2 on-demand price of {ec2_name} in {region} ({:.4} CNY/h, published, \
                 from the price list fetched on {})",
                ec2.cny_per_hour,
                live.fetched_on()
            ),
            None => format!(
                "the EC2 on-demand price of {ec2_name} in {region} ({:.4} CNY/h, published)",
                ec2.cny_per_hour
            ),
        },
    };
    let own_ratio = rule
        .ratios
        .iter()
        .find(|ratio| ratio.instance_type == sagemaker_name);
    let (ratio, step_two) = match own_ratio {
        Some(own) => (
            own.ratio,
            format!(
                "x {:.2}, the us-east-1 {sagemaker_name} hosting/EC2 price ratio \
                 ({} / {} USD/h, approximate third-party constants)",
                own.ratio, own.hosting_usd_per_hour, own.ec2_usd_per_hour
            ),
        ),
        None => (
            rule.default_ratio,
            format!(
                "x {:.2}, {}, because no us-east-1 hosting/EC2 ratio is known for {sagemaker_name}",
                rule.default_ratio, rule.default_ratio_reason
            ),
        ),
    };

    let why = match live {
        Some(live) if live.has_sagemaker_prices(region) => format!(
            "the SageMaker price list fetched on {} has no real-time hosting price for \
             {sagemaker_name} in {region}",
            live.fetched_on()
        ),
        Some(live)
            if Region::ALL
                .iter()
                .any(|&other| live.has_sagemaker_prices(other)) =>
        {
            format!(
                "no SageMaker hosting price for {region} was fetched on {}",
                live.fetched_on()
            )
        }
        _ => "no public SageMaker hosting price for the China regions".to_string(),
    };

    let mut sources = ec2.sources.clone();
    sources.push(rule.source.clone());
    Some(PriceQuote {
        cny_per_hour: ec2.cny_per_hour * ratio,
        basis: Basis::Estimated,
        sources,
        rule: Some(format!("{why}: step 1, {step_one}; step 2, {step_two}")),
    })
}
