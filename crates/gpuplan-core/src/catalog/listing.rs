//! What `gpuplan catalog [--region R]` shows: every instance type with its specifications and,
//! per region, whether it is offered and what it costs on EC2 (on-demand and, after a
//! refresh, spot) and on SageMaker, each figure with its basis and sources, and where the
//! prices come from. `render::catalog` turns it into text.

use serde::Serialize;

use super::{
    AcceleratorKind, Catalog, HostingRatio, Offering, PriceOrigin, PriceQuote, SpotQuote, Zone,
};
use crate::provenance::Source;
use crate::region::Region;

/// The catalog as a listing, for one region or both.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CatalogListing {
    /// The date the embedded data was assembled.
    pub assembled_on: String,
    /// Where the prices come from; left out of the JSON for the embedded catalog, whose
    /// `assembled_on` says it all.
    #[serde(skip_serializing_if = "PriceOrigin::is_embedded")]
    pub price_origin: PriceOrigin,
    pub regions: Vec<Region>,
    pub zones: Vec<RegionZones>,
    pub rows: Vec<ListingRow>,
    /// The us-east-1 hosting/EC2 ratios behind the SageMaker estimates.
    pub hosting_ratios: Vec<HostingRatio>,
    /// The ratio used for sizes without their own.
    pub default_hosting_ratio: f64,
}

/// The availability zones of a region.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RegionZones {
    pub region: Region,
    pub zones: Vec<Zone>,
}

/// One instance type.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ListingRow {
    /// `g5.2xlarge`.
    pub instance_type: String,
    pub family: String,
    pub vcpus: u32,
    pub gpus: u32,
    pub gpu_model: String,
    pub gpu_memory_gib: u32,
    pub memory_gib: f64,
    pub accelerator: AcceleratorKind,
    /// Where the specifications come from.
    pub spec_source: Source,
    /// One entry per region of the listing, in the listing's order.
    pub regions: Vec<RegionalListing>,
}

/// An instance type in one region.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RegionalListing {
    pub region: Region,
    pub offering: Offering,
    /// EC2 on-demand Linux price.
    pub ec2_on_demand: Option<PriceQuote>,
    /// SageMaker real-time hosting price of the `ml.` type (an estimate unless refreshed).
    pub sagemaker_hosting: Option<PriceQuote>,
    /// EC2 spot prices across the region's zones (refreshed catalogs only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ec2_spot: Option<SpotQuote>,
}

impl CatalogListing {
    /// Whether any row has a spot price.
    pub fn has_spot_prices(&self) -> bool {
        self.rows
            .iter()
            .flat_map(|row| &row.regions)
            .any(|regional| regional.ec2_spot.is_some())
    }
}

impl Catalog {
    /// The listing of `gpuplan catalog`: every instance type, for `region` or for both.
    pub fn listing(&self, region: Option<Region>) -> CatalogListing {
        let regions: Vec<Region> = match region {
            Some(region) => vec![region],
            None => Region::ALL.to_vec(),
        };
        let rows = self
            .instance_types()
            .iter()
            .map(|instance_type| ListingRow {
                instance_type: instance_type.name.clone(),
                family: instance_type.family.clone(),
                vcpus: instance_type.vcpus,
                gpus: instance_type.gpus,
                gpu_model: instance_type.gpu_model.clone(),
                gpu_memory_gib: instance_type.gpu_memory_gib,
                memory_gib: instance_type.memory_gib,
                accelerator: instance_type.accelerator,
                spec_source: instance_type.source.clone(),
                regions: regions
                    .iter()
                    .map(|&region| RegionalListing {
                        region,
                        offering: self.offering(region, &instance_type.name),
                        ec2_on_demand: self.ec2_on_demand(region, &instance_type.name),
                        sagemaker_hosting: self.sagemaker_hosting(region, &instance_type.name),
                        ec2_spot: self.ec2_spot(region, &instance_type.name),
                    })
                    .collect(),
            })
            .collect();
        CatalogListing {
            assembled_on: self.assembled_on().to_string(),
            price_origin: self.price_origin(),
            zones: regions
                .iter()
                .map(|&region| RegionZones {
                    region,
                    zones: self.zones(region).to_vec(),
                })
                .collect(),
            regions,
            rows,
            hosting_ratios: self.data.sagemaker_hosting.ratios.clone(),
            default_hosting_ratio: self.data.sagemaker_hosting.default_ratio,
        }
    }
}
