//! `gpuplan catalog refresh`: today's China price lists and spot prices into the cache.
//!
//! It reads GetProducts (AmazonEC2, AmazonSageMaker) for each China region, or the one
//! `--region` names, and DescribeSpotPriceHistory in each region for the catalog's GPU
//! types; parses them in the core; and writes the cache with its date and digest. A file at
//! the destination that gpuplan did not write as it is (edited by hand, or something else)
//! is never overwritten.

use std::path::PathBuf;

use gpuplan_core::catalog::Catalog;
use gpuplan_core::catalog::price_list::{
    LivePriceCache, latest_spot_prices, may_overwrite, parse_ec2_on_demand,
    parse_sagemaker_hosting, render_cache,
};
use gpuplan_core::region::Region;

use crate::account::{self, AccountError, Reading, Want};
use crate::cli::CatalogRefreshArguments;
use crate::commands::CommandResult;
use crate::exit::Exit;
use crate::prices::default_cache_path;

/// The default Price List endpoint of the China partition, as the SDK resolves it.
const CHINA_PRICE_LIST_ENDPOINT: &str = "https://api.pricing.cn-northwest-1.amazonaws.com.cn";

pub fn run(arguments: CatalogRefreshArguments) -> CommandResult {
    let destination: PathBuf = match arguments.output.clone().or_else(default_cache_path) {
        Some(path) => path,
        None => {
            return Err(
                "no cache folder is known (HOME, XDG_CACHE_HOME and GPUPLAN_CACHE_DIR are unset): give --output FILE"
                    .into(),
            );
        }
    };
    if let Ok(existing) = std::fs::read_to_string(&destination)
        && !may_overwrite(&existing)
    {
        return Err(format!(
            "{} was not written by gpuplan as it is now (edited by hand, or another file): not overwritten; move it away or give --output",
            destination.display()
        )
        .into());
    }
    let regions: Vec<Region> = match arguments.aws.region {
        Some(region) => vec![region],
        None => Region::ALL.to_vec(),
    };
    let runtime = account::runtime()?;
    let catalog = Catalog::embedded();
    let instance_types: Vec<String> = catalog
        .instance_types()
        .iter()
        .map(|instance_type| instance_type.name.clone())
        .collect();
    let started = jiff::Timestamp::now();
    let mut spot = Vec::new();
    let mut price_lists = None;
    let mut calls = 0;
    for region in &regions {
        let settings = account::settings(&arguments.aws, *region)?;
        let Reading::Live(connection) = account::reach(&runtime, &settings, Want::Live)? else {
            unreachable!("Want::Live never falls back");
        };
        if price_lists.is_none() {
            eprintln!(
                "gpuplan: reading the China price lists (AmazonEC2, AmazonSageMaker) for {}",
                regions
                    .iter()
                    .map(|region| region.code())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            price_lists = Some(
                runtime
                    .block_on(gpuplan_aws::price_lists::fetch_price_lists(
                        &connection,
                        &regions,
                    ))
                    .map_err(AccountError::from)?,
            );
        }
        eprintln!("gpuplan: reading spot prices in {region}");
        spot.extend(
            runtime
                .block_on(gpuplan_aws::price_lists::fetch_spot_prices(
                    &connection,
                    &instance_types,
                ))
                .map_err(AccountError::from)?,
        );
        calls += connection.calls.total();
    }
    let price_lists = price_lists.unwrap_or_default();
    let ec2 = parse_ec2_on_demand(&price_lists.ec2_documents)
        .map_err(|error| format!("the AmazonEC2 price list: {error}"))?;
    let sagemaker = parse_sagemaker_hosting(&price_lists.sagemaker_documents)
        .map_err(|error| format!("the AmazonSageMaker price list: {error}"))?;
    let spot =
        latest_spot_prices(&spot).map_err(|error| format!("the spot price history: {error}"))?;
    let endpoint = std::env::var("AWS_ENDPOINT_URL_PRICING")
        .ok()
        .or_else(|| arguments.aws.endpoint_url.clone())
        .or_else(|| std::env::var("AWS_ENDPOINT_URL").ok())
        .unwrap_or_else(|| CHINA_PRICE_LIST_ENDPOINT.to_string());
    let cache = LivePriceCache::assemble(started, &endpoint, &ec2, &sagemaker, &spot)
        .map_err(|error| error.to_string())?;
    if let Some(folder) = destination.parent() {
        std::fs::create_dir_all(folder)
            .map_err(|error| format!("cannot create {}: {error}", folder.display()))?;
    }
    // Write beside the destination, then rename: a reader never sees half a file.
    let partial = destination.with_extension("json.partial");
    std::fs::write(&partial, render_cache(&cache))
        .and_then(|()| std::fs::rename(&partial, &destination))
        .map_err(|error| format!("cannot write {}: {error}", destination.display()))?;
    let spot_count: usize = spot.values().map(Vec::len).sum();
    eprintln!(
        "gpuplan: wrote {}: {} EC2 on-demand and {} SageMaker hosting prices, {} spot zone prices, fetched {} ({calls} API calls)",
        destination.display(),
        ec2.len(),
        sagemaker.len(),
        spot_count,
        cache.fetched_on
    );
    if ec2.is_empty() && sagemaker.is_empty() {
        eprintln!(
            "gpuplan: warning: the price lists had no matching product: the embedded prices stay in use for every type"
        );
    }
    Ok(Exit::Success)
}
