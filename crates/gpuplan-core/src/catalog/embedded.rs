//! The data files compiled into the binary, and their assembly into [`CatalogData`].
//!
//! Each file under `catalog/data/` is read with `include_str!` and parsed once; the shapes
//! below mirror the files that `tools/build_catalog.py` writes (see `data/README.md`).

use std::collections::BTreeMap;

use serde::Deserialize;

use super::types::{
    ApiPrice, CatalogData, Ec2PriceTable, FamilyOffering, GpuInstanceType, QuotaTables,
    RegionServices, SagemakerHostingRule, ServiceInfo, Substitute, UnavailableCrossCheck, Zone,
};
use crate::provenance::Source;

const META: &str = include_str!("data/meta.json");
const INSTANCE_TYPES: &str = include_str!("data/instance_types.json");
const OFFERINGS: &str = include_str!("data/offerings.json");
const EC2_PRICES: &str = include_str!("data/ec2_prices.json");
const SAGEMAKER_HOSTING: &str = include_str!("data/sagemaker_hosting.json");
const SERVICES: &str = include_str!("data/services.json");
const ZONES: &str = include_str!("data/zones.json");
const SUBSTITUTES: &str = include_str!("data/substitutes.json");
const QUOTAS: &str = include_str!("data/quotas.json");
const API_PRICES: &str = include_str!("data/api_prices.json");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MetaFile {
    assembled_on: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ServicesFile {
    universe_source: Source,
    services: Vec<ServiceInfo>,
    regions: BTreeMap<String, RegionServices>,
    unavailable_cross_checks: Vec<UnavailableCrossCheck>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RegionZonesFile {
    zones: Vec<String>,
    source: Source,
}

fn parse<T: for<'de> Deserialize<'de>>(file: &str, text: &str) -> Result<T, String> {
    serde_json::from_str(text).map_err(|error| format!("catalog/data/{file}: {error}"))
}

/// Parses every embedded data file.
pub(super) fn load() -> Result<CatalogData, String> {
    let meta: MetaFile = parse("meta.json", META)?;
    let instance_types: Vec<GpuInstanceType> = parse("instance_types.json", INSTANCE_TYPES)?;
    let offerings: BTreeMap<String, Vec<FamilyOffering>> = parse("offerings.json", OFFERINGS)?;
    let ec2_prices: Ec2PriceTable = parse("ec2_prices.json", EC2_PRICES)?;
    let sagemaker_hosting: SagemakerHostingRule =
        parse("sagemaker_hosting.json", SAGEMAKER_HOSTING)?;
    let services: ServicesFile = parse("services.json", SERVICES)?;
    let zone_files: BTreeMap<String, RegionZonesFile> = parse("zones.json", ZONES)?;
    let substitutes: Vec<Substitute> = parse("substitutes.json", SUBSTITUTES)?;
    let quotas: QuotaTables = parse("quotas.json", QUOTAS)?;
    let api_prices: Vec<ApiPrice> = parse("api_prices.json", API_PRICES)?;

    let zones = zone_files
        .into_iter()
        .map(|(region, file)| {
            let zones = file
                .zones
                .into_iter()
                .map(|id| Zone {
                    id,
                    source: file.source.clone(),
                })
                .collect();
            (region, zones)
        })
        .collect();

    Ok(CatalogData {
        assembled_on: meta.assembled_on,
        instance_types,
        offerings,
        zones,
        ec2_prices,
        sagemaker_hosting,
        services: services.services,
        services_source: services.universe_source,
        service_regions: services.regions,
        unavailable_cross_checks: services.unavailable_cross_checks,
        substitutes,
        quotas,
        api_prices,
    })
}
