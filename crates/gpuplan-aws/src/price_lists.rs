//! The Price List API (GetProducts) and EC2 spot price history behind `catalog refresh`.
//!
//! The China partition's Price List API answers from cn-northwest-1 only (the connection's
//! pricing client is pinned there) for both China regions, in CNY. Each region's EC2 GPU
//! instances and SageMaker real-time hosting products are asked with TERM_MATCH filters
//! that the core's parsers apply again, every page in sequence, the lists at once. The
//! China price list has no spot prices: those come from EC2 DescribeSpotPriceHistory in each
//! region, for the catalog's instance types, with the current price per zone.

use aws_sdk_ec2::types::InstanceType;
use aws_sdk_pricing::types::{Filter, FilterType};
use futures::future::try_join_all;
use gpuplan_core::catalog::price_list::SpotPriceObservation;
use gpuplan_core::region::Region;

use crate::connection::Connection;
use crate::error::AwsCallError;

/// The largest page GetProducts serves.
const PAGE_SIZE: i32 = 100;

/// The `FormatVersion` of the product documents the core parses.
const FORMAT_VERSION: &str = "aws_v1";

/// The raw documents of one refresh.
#[derive(Clone, Debug, Default)]
pub struct FetchedPriceLists {
    /// `PriceList` strings of AmazonEC2, every page, every region.
    pub ec2_documents: Vec<String>,
    /// `PriceList` strings of AmazonSageMaker.
    pub sagemaker_documents: Vec<String>,
}

/// GetProducts of AmazonEC2 (GPU instances, Linux, shared, on demand) and AmazonSageMaker
/// (real-time hosting) for each region.
pub async fn fetch_price_lists(
    connection: &Connection,
    regions: &[Region],
) -> Result<FetchedPriceLists, AwsCallError> {
    let ec2 = try_join_all(regions.iter().map(|region| {
        get_products(
            connection,
            "AmazonEC2",
            vec![
                ("regionCode", region.code()),
                ("productFamily", "Compute Instance"),
                ("instanceFamily", "GPU instance"),
                ("operatingSystem", "Linux"),
                ("tenancy", "Shared"),
                ("preInstalledSw", "NA"),
                ("capacitystatus", "Used"),
            ],
        )
    }));
    let sagemaker = try_join_all(regions.iter().map(|region| {
        get_products(
            connection,
            "AmazonSageMaker",
            vec![("regionCode", region.code()), ("component", "Hosting")],
        )
    }));
    let (ec2, sagemaker) = tokio::try_join!(ec2, sagemaker)?;
    Ok(FetchedPriceLists {
        ec2_documents: ec2.into_iter().flatten().collect(),
        sagemaker_documents: sagemaker.into_iter().flatten().collect(),
    })
}

async fn get_products(
    connection: &Connection,
    service_code: &str,
    filters: Vec<(&str, &str)>,
) -> Result<Vec<String>, AwsCallError> {
    let filters: Vec<Filter> = filters
        .into_iter()
        .map(|(field, value)| {
            Filter::builder()
                .r#type(FilterType::TermMatch)
                .field(field)
                .value(value)
                .build()
                .expect("type, field and value are set")
        })
        .collect();
    let mut documents = Vec::new();
    let mut token: Option<String> = None;
    loop {
        connection.calls.record("pricing:GetProducts");
        let page = connection
            .pricing
            .get_products()
            .service_code(service_code)
            .format_version(FORMAT_VERSION)
            .set_filters(Some(filters.clone()))
            .max_results(PAGE_SIZE)
            .set_next_token(token.take())
            .send()
            .await
            .map_err(|error| AwsCallError::from_sdk("Price List", "GetProducts", error))?;
        documents.extend(page.price_list().iter().cloned());
        token = crate::pages::next_page(page.next_token());
        if token.is_none() {
            break;
        }
    }
    Ok(documents)
}

/// The current Linux/UNIX spot price of each instance type in each zone of the
/// connection's region (DescribeSpotPriceHistory with StartTime now, every page).
pub async fn fetch_spot_prices(
    connection: &Connection,
    instance_types: &[String],
) -> Result<Vec<SpotPriceObservation>, AwsCallError> {
    let region = connection.region().code().to_string();
    let types: Vec<InstanceType> = instance_types
        .iter()
        .map(|name| InstanceType::from(name.as_str()))
        .collect();
    let now = aws_smithy_types::DateTime::from_secs(jiff::Timestamp::now().as_second());
    let mut observations = Vec::new();
    let mut token: Option<String> = None;
    loop {
        connection.calls.record("ec2:DescribeSpotPriceHistory");
        let page = connection
            .ec2
            .describe_spot_price_history()
            .set_instance_types(Some(types.clone()))
            .product_descriptions("Linux/UNIX")
            .product_descriptions("Linux/UNIX (Amazon VPC)")
            .start_time(now)
            .set_next_token(token.take())
            .send()
            .await
            .map_err(|error| AwsCallError::from_sdk("EC2", "DescribeSpotPriceHistory", error))?;
        for record in page.spot_price_history() {
            let (Some(instance_type), Some(zone), Some(price), Some(timestamp)) = (
                record.instance_type(),
                record.availability_zone(),
                record
                    .spot_price()
                    .and_then(|price| price.parse::<f64>().ok()),
                record.timestamp(),
            ) else {
                continue;
            };
            observations.push(SpotPriceObservation {
                region: region.clone(),
                zone: zone.to_string(),
                instance_type: instance_type.as_str().to_string(),
                cny_per_hour: price,
                timestamp: jiff::Timestamp::from_second(timestamp.secs())
                    .map(|timestamp| timestamp.to_string())
                    .unwrap_or_else(|_| timestamp.to_string()),
            });
        }
        token = crate::pages::next_page(page.next_token());
        if token.is_none() {
            break;
        }
    }
    Ok(observations)
}
