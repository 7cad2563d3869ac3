//! EC2 on-demand Linux prices from AmazonEC2 GetProducts documents.
//!
//! A product counts when it is a `Compute Instance` with the attributes of a plain on-demand
//! Linux instance: `operatingSystem` Linux (not Windows, RHEL, SUSE), `tenancy` Shared (not
//! Dedicated or Host), `preInstalledSw` NA (not SQL Server), `capacitystatus` Used (not the
//! UnusedCapacityReservation or AllocatedCapacityReservation variants), and `marketoption`
//! OnDemand where the document has that attribute (not CapacityBlock, listed at 0). These are
//! the GetProducts filters of Karpenter's pricing provider (aws/karpenter-provider-aws
//! `pkg/providers/pricing/pricing.go`, which asks for CNY in `cn-` regions), whose China
//! table is the source of the embedded Beijing prices. Bare-metal sizes are listed under
//! `Compute Instance (bare metal)` with Dedicated tenancy and are not read. Documents of other
//! product families (storage, data transfer, IP addresses) are skipped; a compute instance
//! without one of these attributes is an error.

use super::super::instance_name;
use super::document::ProductDocument;
use super::error::PriceListError;
use super::listed_price::{ListedPrice, parse_price_list};

/// The product family of shared-tenancy EC2 instances.
const INSTANCE_FAMILY: &str = "Compute Instance";

/// The attribute values of a plain on-demand Linux instance.
const REQUIRED_VALUES: [(&str, &str); 4] = [
    ("operatingSystem", "Linux"),
    ("tenancy", "Shared"),
    ("preInstalledSw", "NA"),
    ("capacitystatus", "Used"),
];

/// `marketoption` of an on-demand instance (others: `CapacityBlock`).
const ON_DEMAND_MARKET: &str = "OnDemand";

/// The on-demand Linux price of every instance type the documents give, one per region and
/// type (see [`ListedPrice`] for which one), sorted by region and type.
pub fn parse_ec2_on_demand(documents: &[String]) -> Result<Vec<ListedPrice>, PriceListError> {
    parse_price_list(documents, listed_prices)
}

fn listed_prices(
    index: usize,
    document: &ProductDocument,
) -> Result<Vec<ListedPrice>, PriceListError> {
    if document.product_family() != Some(INSTANCE_FAMILY) || !document.is_regional() {
        return Ok(Vec::new());
    }
    let instance_type =
        instance_name::ec2_name(document.required_attribute(index, "instanceType")?);
    for (attribute, wanted) in REQUIRED_VALUES {
        if document.required_attribute(index, attribute)? != wanted {
            return Ok(Vec::new());
        }
    }
    if document
        .attribute("marketoption")
        .is_some_and(|market| market != ON_DEMAND_MARKET)
    {
        return Ok(Vec::new());
    }
    let region = document.region_code(index)?;
    Ok(document
        .hourly_cny_prices(index)?
        .into_iter()
        .map(|price| ListedPrice {
            region: region.clone(),
            instance_type: instance_type.clone(),
            cny_per_hour: price.cny_per_hour,
            sku: document.sku().to_string(),
            effective_date: price.effective_date,
        })
        .collect())
}
