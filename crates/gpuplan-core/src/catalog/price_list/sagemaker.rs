//! SageMaker real-time hosting prices from AmazonSageMaker GetProducts documents.
//!
//! A product counts when its `productFamily` is `ML Instance` and its `attributes.component`
//! is `Hosting` (real-time endpoints; the same instance is also listed for `Training`,
//! `Notebook`, `Processing`, `Cluster` (HyperPod) and Studio components, at other prices).
//! The instance type is `attributes.instanceName` (`ml.g5.2xlarge`); `attributes.instanceType`
//! is read only when a document has no `instanceName`, because some hosting documents carry
//! a decorated `instanceType` (`ml.g7e.2xlarge-hosting`).
//!
//! What this is based on (no China SageMaker document was found in public): AWS's own
//! awslabs/llmeter (`llmeter/callbacks/cost/providers/sagemaker.py`,
//! `fetch_sm_hosting_od_price`) asks GetProducts for ServiceCode `AmazonSageMaker` with
//! `component` = `Hosting`, `instanceName` = the `ml.` type and `regionCode`, and reads the
//! `Hrs` dimension; public tests of other price tools show the `ML Instance` family, usage
//! types such as `USE1-Host:ml.g5.12xlarge`, the other component values, rows without a
//! component (`TrainingPlanUpfrontFee`, not an hourly price: skipped here) and the
//! `-hosting` decorated `instanceType`. Products outside a region (`locationType`
//! `AWS Outposts`) are skipped.

use super::super::instance_name;
use super::document::ProductDocument;
use super::error::PriceListError;
use super::listed_price::{ListedPrice, parse_price_list};

/// The product family of SageMaker instances.
const ML_INSTANCE_FAMILY: &str = "ML Instance";

/// The `component` of real-time hosting.
const HOSTING_COMPONENT: &str = "Hosting";

/// The real-time hosting price of every `ml.` instance type the documents give, one per
/// region and type (see [`ListedPrice`] for which one), sorted by region and type.
pub fn parse_sagemaker_hosting(documents: &[String]) -> Result<Vec<ListedPrice>, PriceListError> {
    parse_price_list(documents, listed_prices)
}

fn listed_prices(
    index: usize,
    document: &ProductDocument,
) -> Result<Vec<ListedPrice>, PriceListError> {
    if document.product_family() != Some(ML_INSTANCE_FAMILY)
        || document.attribute("component") != Some(HOSTING_COMPONENT)
        || !document.is_regional()
    {
        return Ok(Vec::new());
    }
    let name = match document.attribute("instanceName") {
        Some(name) if !name.trim().is_empty() => name,
        _ => document
            .required_attribute(index, "instanceType")
            .map_err(|_| PriceListError::MissingAttribute {
                index,
                sku: document.sku().to_string(),
                attribute: "instanceName",
            })?,
    };
    let instance_type = instance_name::sagemaker_name(name);
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
