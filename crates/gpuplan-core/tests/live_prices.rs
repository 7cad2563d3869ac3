//! A refresh cache laid over the embedded catalog: cached prices win, the embedded prices and
//! estimates fill the gaps with truthful rules and sources, spot prices appear, and every
//! rendering of `gpuplan catalog` shows them.

use std::collections::BTreeMap;

use gpuplan_core::catalog::price_list::{
    ListedPrice, LivePriceCache, SpotPriceObservation, latest_spot_prices,
};
use gpuplan_core::catalog::{Catalog, PriceOrigin};
use gpuplan_core::provenance::{Basis, Source};
use gpuplan_core::region::Region;
use gpuplan_core::render::catalog::{price_origin_line, render};
use gpuplan_core::render::{Format, Lang};

const FETCHED_ON: &str = "2026-11-24";

fn listed(region: &str, instance_type: &str, cny_per_hour: f64) -> ListedPrice {
    ListedPrice {
        region: region.into(),
        instance_type: instance_type.into(),
        cny_per_hour,
        sku: format!("TEST-{region}-{instance_type}"),
        effective_date: Some("2024-11-01T00:00:00Z".into()),
    }
}

fn spot(zone: &str, instance_type: &str, cny_per_hour: f64) -> SpotPriceObservation {
    SpotPriceObservation {
        region: "cn-northwest-1".into(),
        zone: zone.into(),
        instance_type: instance_type.into(),
        cny_per_hour,
        timestamp: "2026-11-20T03:15:00Z".into(),
    }
}

/// Beijing: EC2 g5.2xlarge and g5.4xlarge. Ningxia: EC2 g5.2xlarge and g5.12xlarge,
/// SageMaker ml.g5.2xlarge, spot g5.2xlarge in two zones.
fn cache_with(spot_observations: &[SpotPriceObservation]) -> LivePriceCache {
    let ec2 = [
        listed("cn-north-1", "g5.2xlarge", 11.0),
        listed("cn-north-1", "g5.4xlarge", 15.0),
        listed("cn-northwest-1", "g5.2xlarge", 9.1),
        listed("cn-northwest-1", "g5.12xlarge", 42.5),
    ];
    let sagemaker = [listed("cn-northwest-1", "ml.g5.2xlarge", 13.2)];
    LivePriceCache::assemble(
        format!("{FETCHED_ON}T02:30:00Z").parse().unwrap(),
        "https://api.pricing.cn-northwest-1.amazonaws.com.cn",
        &ec2,
        &sagemaker,
        &latest_spot_prices(spot_observations).unwrap(),
    )
    .unwrap()
}

fn refreshed() -> Catalog {
    Catalog::embedded().with_live_prices(&cache_with(&[
        spot("cn-northwest-1a", "g5.2xlarge", 3.9),
        spot("cn-northwest-1b", "g5.2xlarge", 5.0),
    ]))
}

fn price_list_source(service: &str, region: &str) -> Source {
    Source::new(
        format!("AWS Price List API GetProducts {service} {region} (gpuplan catalog refresh)"),
        FETCHED_ON,
    )
}

#[test]
fn cached_ec2_prices_win_and_say_where_they_come_from() {
    let catalog = refreshed();
    let embedded = Catalog::embedded()
        .ec2_on_demand(Region::CnNorth1, "g5.2xlarge")
        .unwrap();
    let beijing = catalog
        .ec2_on_demand(Region::CnNorth1, "g5.2xlarge")
        .unwrap();
    assert_ne!(beijing.cny_per_hour, embedded.cny_per_hour);
    assert_eq!(beijing.cny_per_hour, 11.0);
    assert_eq!(beijing.basis, Basis::Published);
    assert_eq!(
        beijing.sources,
        vec![price_list_source("AmazonEC2", "cn-north-1")]
    );
    assert_eq!(beijing.rule, None);
    let ningxia = catalog
        .ec2_on_demand(Region::CnNorthwest1, "ml.g5.2xlarge")
        .unwrap();
    assert_eq!(
        (ningxia.cny_per_hour, ningxia.basis),
        (9.1, Basis::Published)
    );
    assert_eq!(
        ningxia.sources,
        vec![price_list_source("AmazonEC2", "cn-northwest-1")]
    );
}

#[test]
fn types_the_cache_lacks_keep_the_embedded_price() {
    let catalog = refreshed();
    for instance_type in ["g4dn.xlarge", "g5.48xlarge", "p3.2xlarge"] {
        assert_eq!(
            catalog.ec2_on_demand(Region::CnNorth1, instance_type),
            Catalog::embedded().ec2_on_demand(Region::CnNorth1, instance_type),
            "{instance_type}"
        );
    }
}

#[test]
fn a_ningxia_estimate_says_the_refresh_lacked_the_type_and_cites_its_beijing_price() {
    let catalog = refreshed();
    // Beijing price embedded.
    let g4dn = catalog
        .ec2_on_demand(Region::CnNorthwest1, "g4dn.2xlarge")
        .unwrap();
    let beijing = Catalog::embedded()
        .ec2_on_demand(Region::CnNorth1, "g4dn.2xlarge")
        .unwrap();
    assert_eq!(g4dn.basis, Basis::Estimated);
    assert_eq!(g4dn.cny_per_hour, beijing.cny_per_hour);
    assert_eq!(g4dn.sources, beijing.sources);
    let rule = g4dn.rule.unwrap();
    assert!(
        rule.contains(&format!(
            "fetched on {FETCHED_ON} has no cn-northwest-1 price"
        )),
        "{rule}"
    );
    // Beijing price refreshed.
    let g5 = catalog
        .ec2_on_demand(Region::CnNorthwest1, "g5.4xlarge")
        .unwrap();
    assert_eq!((g5.cny_per_hour, g5.basis), (15.0, Basis::Estimated));
    assert_eq!(
        g5.sources,
        vec![price_list_source("AmazonEC2", "cn-north-1")]
    );
}

#[test]
fn cached_sagemaker_prices_are_published() {
    let quote = refreshed()
        .sagemaker_hosting(Region::CnNorthwest1, "ml.g5.2xlarge")
        .unwrap();
    assert_eq!(quote.cny_per_hour, 13.2);
    assert_eq!(quote.basis, Basis::Published);
    assert_eq!(
        quote.sources,
        vec![price_list_source("AmazonSageMaker", "cn-northwest-1")]
    );
    assert_eq!(quote.rule, None);
}

#[test]
fn a_sagemaker_estimate_over_a_refreshed_ec2_price_says_so() {
    let catalog = refreshed();
    let quote = catalog
        .sagemaker_hosting(Region::CnNorthwest1, "ml.g5.12xlarge")
        .unwrap();
    let ratio = catalog
        .data()
        .sagemaker_hosting
        .ratios
        .iter()
        .find(|ratio| ratio.instance_type == "ml.g5.12xlarge")
        .unwrap()
        .ratio;
    assert_eq!(quote.basis, Basis::Estimated);
    assert!((quote.cny_per_hour - 42.5 * ratio).abs() < 1e-9);
    assert_eq!(
        quote.sources[0],
        price_list_source("AmazonEC2", "cn-northwest-1")
    );
    assert_eq!(
        quote.sources[1],
        catalog.data().sagemaker_hosting.source,
        "the ratio's source"
    );
    let rule = quote.rule.unwrap();
    assert!(
        rule.contains("has no real-time hosting price for ml.g5.12xlarge in cn-northwest-1"),
        "{rule}"
    );
    assert!(
        rule.contains(&format!("from the price list fetched on {FETCHED_ON}")),
        "{rule}"
    );
    assert!(!rule.contains("no public SageMaker"), "{rule}");

    // Beijing: the refresh has SageMaker prices for Ningxia only.
    let beijing = catalog
        .sagemaker_hosting(Region::CnNorth1, "ml.g4dn.xlarge")
        .unwrap();
    let rule = beijing.rule.unwrap();
    assert!(
        rule.contains(&format!(
            "no SageMaker hosting price for cn-north-1 was fetched on {FETCHED_ON}"
        )),
        "{rule}"
    );
    assert_eq!(
        beijing.sources,
        Catalog::embedded()
            .sagemaker_hosting(Region::CnNorth1, "ml.g4dn.xlarge")
            .unwrap()
            .sources
    );
}

#[test]
fn an_empty_refresh_changes_no_price() {
    let empty = LivePriceCache::assemble(
        format!("{FETCHED_ON}T00:00:00Z").parse().unwrap(),
        "e",
        &[],
        &[],
        &BTreeMap::new(),
    )
    .unwrap();
    let catalog = Catalog::embedded().with_live_prices(&empty);
    let embedded = Catalog::embedded();
    let mut compared = 0;
    for region in Region::ALL {
        for instance_type in embedded.instance_types() {
            let name = &instance_type.name;
            assert_eq!(
                catalog.ec2_on_demand(region, name),
                embedded.ec2_on_demand(region, name)
            );
            assert_eq!(
                catalog.sagemaker_hosting(region, name),
                embedded.sagemaker_hosting(region, name)
            );
            compared += 1;
        }
    }
    assert!(compared > 20, "{compared}");
    assert!(!catalog.price_origin().is_embedded());
}

#[test]
fn the_catalog_says_where_its_prices_come_from() {
    let embedded = Catalog::embedded();
    assert_eq!(
        embedded.price_origin(),
        PriceOrigin::Embedded {
            assembled_on: embedded.assembled_on().to_string()
        }
    );
    assert_eq!(
        refreshed().price_origin(),
        PriceOrigin::Refreshed {
            fetched_on: FETCHED_ON.into(),
            fetched_at: format!("{FETCHED_ON}T02:30:00Z"),
            price_list_endpoint: "https://api.pricing.cn-northwest-1.amazonaws.com.cn".into(),
            regions: vec![Region::CnNorthwest1, Region::CnNorth1],
            assembled_on: embedded.assembled_on().to_string(),
        }
    );
    let line = price_origin_line(&refreshed().price_origin(), Lang::En);
    assert!(
        line.contains(&format!("refreshed on {FETCHED_ON}")),
        "{line}"
    );
    let line = price_origin_line(&embedded.price_origin(), Lang::Zh);
    assert!(line.contains(embedded.assembled_on()), "{line}");
}

#[test]
fn spot_quotes_span_the_zones_and_carry_their_source() {
    let catalog = refreshed();
    assert!(catalog.has_spot_prices());
    let quote = catalog
        .ec2_spot(Region::CnNorthwest1, "ml.g5.2xlarge")
        .unwrap();
    assert_eq!(
        (quote.lowest_cny_per_hour, quote.highest_cny_per_hour),
        (3.9, 5.0)
    );
    assert_eq!(quote.zones.len(), 2);
    assert_eq!(quote.latest_timestamp, "2026-11-20T03:15:00Z");
    assert_eq!(
        quote.source,
        Source::new(
            "EC2 DescribeSpotPriceHistory cn-northwest-1 (gpuplan catalog refresh)",
            FETCHED_ON
        )
    );
    assert_eq!(catalog.ec2_spot(Region::CnNorth1, "g5.2xlarge"), None);
    assert_eq!(catalog.ec2_spot(Region::CnNorthwest1, "g4dn.xlarge"), None);
    assert!(!Catalog::embedded().has_spot_prices());
    assert_eq!(
        Catalog::embedded().ec2_spot(Region::CnNorthwest1, "g5.2xlarge"),
        None
    );
}

const FORMATS: [Format; 4] = [Format::Table, Format::Markdown, Format::Csv, Format::Json];
const LANGS: [Lang; 2] = [Lang::En, Lang::Zh];

#[test]
fn every_format_shows_the_refresh_and_the_spot_prices() {
    let listing = refreshed().listing(None);
    for format in FORMATS {
        for lang in LANGS {
            let text = render(&listing, format, lang);
            assert!(text.ends_with('\n'), "{format:?} {lang:?}");
            assert!(
                text.contains(FETCHED_ON),
                "{format:?} {lang:?}: refresh date"
            );
            assert!(
                text.contains("DescribeSpotPriceHistory"),
                "{format:?} {lang:?}: spot source"
            );
            for row in &listing.rows {
                assert!(text.contains(&row.instance_type), "{format:?} {lang:?}");
            }
        }
    }
}

#[test]
fn the_table_has_a_spot_column_with_the_zone_range() {
    let listing = refreshed().listing(Some(Region::CnNorthwest1));
    let text = render(&listing, Format::Table, Lang::En);
    assert!(text.contains("cn-northwest-1 EC2 spot CNY/h"), "{text}");
    assert!(text.contains("prices refreshed 2026-11-24"), "{text}");
    let g5 = text
        .lines()
        .find(|line| line.contains(" g5.2xlarge "))
        .expect("a g5.2xlarge row");
    assert!(g5.contains("3.90–5.00 ["), "{g5}");
    assert!(g5.contains("9.10 ["), "{g5}");
    assert!(
        !g5.contains('*'),
        "every g5.2xlarge figure is published: {g5}"
    );
    assert!(
        text.contains(
            "EC2 DescribeSpotPriceHistory cn-northwest-1 (gpuplan catalog refresh) (2026-11-24)"
        ),
        "{text}"
    );
    assert!(
        text.contains("https://api.pricing.cn-northwest-1.amazonaws.com.cn"),
        "{text}"
    );
    let g4dn = text
        .lines()
        .find(|line| line.contains(" g4dn.xlarge "))
        .unwrap();
    assert!(g4dn.contains('*'), "estimates stay marked: {g4dn}");
}

#[test]
fn csv_and_json_give_every_zone() {
    let listing = refreshed().listing(None);
    let text = render(&listing, Format::Csv, Lang::En);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    assert_eq!(&header[header.len() - 4], "ec2_spot_lowest_cny_per_hour");
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let ningxia_g5 = records
        .iter()
        .find(|record| &record[0] == "cn-northwest-1" && &record[1] == "g5.2xlarge")
        .unwrap();
    assert_eq!(&ningxia_g5[header.len() - 4], "3.9000");
    assert_eq!(&ningxia_g5[header.len() - 3], "5.0000");
    assert!(
        ningxia_g5[header.len() - 2].contains("cn-northwest-1b 5.0000 (2026-11-20T03:15:00Z)"),
        "{ningxia_g5:?}"
    );
    assert_eq!(&ningxia_g5[12], "published");

    let value: serde_json::Value =
        serde_json::from_str(&render(&listing, Format::Json, Lang::En)).unwrap();
    assert_eq!(value["listing"]["price_origin"]["kind"], "refreshed");
    assert_eq!(value["listing"]["price_origin"]["fetched_on"], FETCHED_ON);
    let g5 = value["listing"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["instance_type"] == "g5.2xlarge")
        .unwrap();
    assert_eq!(g5["regions"][0]["ec2_spot"]["lowest_cny_per_hour"], 3.9);
    assert_eq!(
        g5["regions"][0]["ec2_spot"]["zones"][1]["zone"],
        "cn-northwest-1b"
    );
    assert!(
        g5["regions"][1].get("ec2_spot").is_none(),
        "no Beijing spot"
    );
}

#[test]
fn without_spot_prices_there_is_no_spot_column() {
    let listing = Catalog::embedded()
        .with_live_prices(&cache_with(&[]))
        .listing(None);
    assert!(!listing.has_spot_prices());
    for format in FORMATS {
        let text = render(&listing, format, Lang::En);
        assert!(!text.contains("spot"), "{format:?}");
    }
}

#[test]
fn the_embedded_listing_is_unchanged() {
    let listing = Catalog::embedded().listing(None);
    let json = render(&listing, Format::Json, Lang::En);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(value["listing"].get("price_origin").is_none());
    assert!(!json.contains("ec2_spot"));
    for format in FORMATS {
        for lang in LANGS {
            let text = render(&listing, format, lang);
            assert!(!text.to_lowercase().contains("spot"), "{format:?} {lang:?}");
            assert!(!text.contains("竞价"), "{format:?} {lang:?}");
            assert!(!text.contains("refreshed"), "{format:?} {lang:?}");
        }
    }
}
