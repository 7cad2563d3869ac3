//! `catalog refresh`, the pure part: GetProducts documents parsed into prices, spot
//! observations reduced, and the cache file written, read back and checked (digest, age).

use std::collections::BTreeMap;

use gpuplan_core::catalog::price_list::{
    CacheState, DEFAULT_MAX_AGE_DAYS, ListedPrice, LivePriceCache, LivePriceCacheError,
    PriceListError, SpotPriceObservation, latest_spot_prices, may_overwrite, parse_ec2_on_demand,
    parse_sagemaker_hosting, read_cache, render_cache,
};
use proptest::prelude::*;
use serde_json::Value;

const EC2_DOCUMENTS: &str = include_str!("data/price_list/ec2_cn-northwest-1.json");
const SAGEMAKER_DOCUMENTS: &str = include_str!("data/price_list/sagemaker_cn-northwest-1.json");

/// The documents of a test file as GetProducts returns them: one JSON string each.
fn documents(file: &str) -> Vec<String> {
    let values: Vec<Value> = serde_json::from_str(file).expect("a JSON array of documents");
    values.iter().map(Value::to_string).collect()
}

fn document_values(file: &str) -> Vec<Value> {
    serde_json::from_str(file).expect("a JSON array of documents")
}

/// The first document of the EC2 file (g5.2xlarge, Linux, shared) with one attribute set or
/// removed.
fn ec2_linux_with(attribute: &str, value: Option<&str>) -> String {
    let mut document = document_values(EC2_DOCUMENTS).remove(0);
    let attributes = document["product"]["attributes"]
        .as_object_mut()
        .expect("attributes");
    match value {
        Some(value) => {
            attributes.insert(attribute.to_string(), Value::from(value));
        }
        None => {
            attributes.remove(attribute);
        }
    }
    document.to_string()
}

fn prices_by_type(prices: &[ListedPrice]) -> BTreeMap<&str, f64> {
    prices
        .iter()
        .map(|price| (price.instance_type.as_str(), price.cny_per_hour))
        .collect()
}

#[test]
fn ec2_documents_give_plain_on_demand_linux_prices_only() {
    let prices = parse_ec2_on_demand(&documents(EC2_DOCUMENTS)).unwrap();
    assert_eq!(
        prices_by_type(&prices),
        BTreeMap::from([
            ("g4dn.xlarge", 4.1),
            ("g5.12xlarge", 42.5),
            ("g5.2xlarge", 9.1)
        ])
    );
    assert!(prices.iter().all(|price| price.region == "cn-northwest-1"));
    let g4dn = prices
        .iter()
        .find(|price| price.instance_type == "g4dn.xlarge")
        .unwrap();
    assert_eq!(
        g4dn.sku, "TESTG4DNXLLINUX1",
        "the newer of the two documents"
    );
    assert_eq!(g4dn.effective_date.as_deref(), Some("2024-11-01T00:00:00Z"));
}

#[test]
fn the_kept_price_does_not_depend_on_the_order_of_the_documents() {
    let forward = documents(EC2_DOCUMENTS);
    let mut backward = forward.clone();
    backward.reverse();
    assert_eq!(
        parse_ec2_on_demand(&forward).unwrap(),
        parse_ec2_on_demand(&backward).unwrap()
    );
}

#[test]
fn windows_dedicated_sql_reserved_and_capacity_block_variants_are_dropped() {
    let plain = ec2_linux_with("operatingSystem", Some("Linux"));
    assert_eq!(parse_ec2_on_demand(&[plain]).unwrap().len(), 1);
    for (attribute, value) in [
        ("operatingSystem", "Windows"),
        ("operatingSystem", "RHEL"),
        ("operatingSystem", "SUSE"),
        ("tenancy", "Dedicated"),
        ("tenancy", "Host"),
        ("preInstalledSw", "SQL Std"),
        ("preInstalledSw", "SQL Web"),
        ("capacitystatus", "UnusedCapacityReservation"),
        ("capacitystatus", "AllocatedCapacityReservation"),
        ("marketoption", "CapacityBlock"),
        ("locationType", "AWS Local Zone"),
    ] {
        let variant = ec2_linux_with(attribute, Some(value));
        assert_eq!(
            parse_ec2_on_demand(&[variant]).unwrap(),
            vec![],
            "{attribute} = {value} should be dropped"
        );
    }
    // A document without `marketoption` is taken as on-demand.
    let without_market = ec2_linux_with("marketoption", None);
    assert_eq!(parse_ec2_on_demand(&[without_market]).unwrap().len(), 1);
}

#[test]
fn other_product_families_are_skipped_not_refused() {
    let values = document_values(EC2_DOCUMENTS);
    let storage = values
        .iter()
        .find(|document| document["product"]["productFamily"] == "Storage")
        .expect("a storage product")
        .to_string();
    assert_eq!(parse_ec2_on_demand(&[storage]).unwrap(), vec![]);
    let mut transfer = values[0].clone();
    transfer["product"]["productFamily"] = Value::from("Data Transfer");
    let mut no_family = values[0].clone();
    no_family["product"]
        .as_object_mut()
        .unwrap()
        .remove("productFamily");
    assert_eq!(
        parse_ec2_on_demand(&[transfer.to_string(), no_family.to_string()]).unwrap(),
        vec![]
    );
    // Each parser skips the other service's documents.
    assert_eq!(
        parse_sagemaker_hosting(&documents(EC2_DOCUMENTS)).unwrap(),
        vec![]
    );
    assert_eq!(
        parse_ec2_on_demand(&documents(SAGEMAKER_DOCUMENTS)).unwrap(),
        vec![]
    );
}

#[test]
fn a_broken_document_is_an_error_naming_its_index_and_what_is_missing() {
    let mut list = documents(EC2_DOCUMENTS);
    list.insert(2, "{\"product\": {\"productFamily\": ".to_string());
    let error = parse_ec2_on_demand(&list).unwrap_err();
    assert!(
        matches!(error, PriceListError::NotJson { index: 2, .. }),
        "{error}"
    );
    assert!(error.to_string().contains("document 2"), "{error}");

    let mut no_sku = document_values(EC2_DOCUMENTS).remove(0);
    no_sku["product"].as_object_mut().unwrap().remove("sku");
    let error = parse_ec2_on_demand(&[documents(EC2_DOCUMENTS)[0].clone(), no_sku.to_string()])
        .unwrap_err();
    assert!(
        matches!(error, PriceListError::NotAProductDocument { index: 1, .. }),
        "{error}"
    );
    assert!(error.to_string().contains("sku"), "{error}");

    for attribute in [
        "instanceType",
        "tenancy",
        "operatingSystem",
        "capacitystatus",
    ] {
        let list = vec![
            documents(EC2_DOCUMENTS)[0].clone(),
            ec2_linux_with(attribute, None),
        ];
        let error = parse_ec2_on_demand(&list).unwrap_err();
        assert_eq!(
            error,
            PriceListError::MissingAttribute {
                index: 1,
                sku: "TESTG52XLLINUX01".into(),
                attribute,
            }
        );
        assert!(error.to_string().contains(attribute), "{error}");
    }
}

#[test]
fn sagemaker_documents_give_real_time_hosting_prices_only() {
    let prices = parse_sagemaker_hosting(&documents(SAGEMAKER_DOCUMENTS)).unwrap();
    assert_eq!(
        prices_by_type(&prices),
        BTreeMap::from([
            ("ml.g4dn.xlarge", 6.0),
            ("ml.g5.2xlarge", 13.2),
            ("ml.g5.xlarge", 7.7)
        ])
    );
    let g5 = prices
        .iter()
        .find(|price| price.instance_type == "ml.g5.2xlarge")
        .unwrap();
    assert_eq!(
        g5.sku, "TESTSMG52XLHOST1",
        "not Training, Cluster or the Outpost"
    );
}

#[test]
fn sagemaker_reads_instance_type_only_without_instance_name() {
    let mut hosting = document_values(SAGEMAKER_DOCUMENTS).remove(0);
    let attributes = hosting["product"]["attributes"].as_object_mut().unwrap();
    attributes.remove("instanceName");
    attributes.insert("instanceType".into(), Value::from("ml.g5.4xlarge"));
    let prices = parse_sagemaker_hosting(&[hosting.to_string()]).unwrap();
    assert_eq!(prices[0].instance_type, "ml.g5.4xlarge");

    hosting["product"]["attributes"]
        .as_object_mut()
        .unwrap()
        .remove("instanceType");
    let list = vec![
        documents(SAGEMAKER_DOCUMENTS)[0].clone(),
        hosting.to_string(),
    ];
    let error = parse_sagemaker_hosting(&list).unwrap_err();
    assert!(
        matches!(
            error,
            PriceListError::MissingAttribute {
                index: 1,
                attribute: "instanceName",
                ..
            }
        ),
        "{error}"
    );
}

fn fetched_at() -> jiff::Timestamp {
    "2026-11-24T02:30:15.750Z".parse().unwrap()
}

fn spot_observations() -> Vec<SpotPriceObservation> {
    let observation =
        |zone: &str, instance_type: &str, price: f64, timestamp: &str| SpotPriceObservation {
            region: "cn-northwest-1".into(),
            zone: zone.into(),
            instance_type: instance_type.into(),
            cny_per_hour: price,
            timestamp: timestamp.into(),
        };
    vec![
        observation("cn-northwest-1a", "g5.2xlarge", 3.9, "2026-11-20T03:15:00Z"),
        observation("cn-northwest-1a", "g5.2xlarge", 4.4, "2026-11-02T00:00:00Z"),
        observation("cn-northwest-1b", "g5.2xlarge", 5.0, "2026-11-19T00:00:00Z"),
        observation(
            "cn-northwest-1c",
            "g4dn.xlarge",
            1.7,
            "2026-11-21T00:00:00Z",
        ),
    ]
}

fn refreshed_cache() -> LivePriceCache {
    let ec2 = parse_ec2_on_demand(&documents(EC2_DOCUMENTS)).unwrap();
    let sagemaker = parse_sagemaker_hosting(&documents(SAGEMAKER_DOCUMENTS)).unwrap();
    let spot = latest_spot_prices(&spot_observations()).unwrap();
    LivePriceCache::assemble(
        fetched_at(),
        "https://api.pricing.cn-northwest-1.amazonaws.com.cn",
        &ec2,
        &sagemaker,
        &spot,
    )
    .unwrap()
}

fn date(text: &str) -> jiff::civil::Date {
    text.parse().unwrap()
}

#[test]
fn the_cache_records_when_where_and_what_was_fetched() {
    let cache = refreshed_cache();
    assert_eq!(cache.format_version, 1);
    assert_eq!(cache.fetched_at, "2026-11-24T02:30:15Z");
    assert_eq!(cache.fetched_on, "2026-11-24");
    assert_eq!(cache.partition, "aws-cn");
    assert_eq!(cache.regions.keys().collect::<Vec<_>>(), ["cn-northwest-1"]);
    let ningxia = &cache.regions["cn-northwest-1"];
    assert_eq!(ningxia.ec2_on_demand.len(), 3);
    assert_eq!(ningxia.sagemaker_hosting.len(), 3);
    let spot: Vec<(&str, &str, f64)> = ningxia
        .ec2_spot
        .iter()
        .map(|price| {
            (
                price.instance_type.as_str(),
                price.zone.as_str(),
                price.cny_per_hour,
            )
        })
        .collect();
    assert_eq!(
        spot,
        [
            ("g4dn.xlarge", "cn-northwest-1c", 1.7),
            ("g5.2xlarge", "cn-northwest-1a", 3.9),
            ("g5.2xlarge", "cn-northwest-1b", 5.0),
        ]
    );
    assert!(cache.digest.starts_with("sha256:"), "{}", cache.digest);
    assert_eq!(cache.digest.len(), "sha256:".len() + 64);
}

#[test]
fn a_written_cache_reads_back_fresh_and_renders_the_same_text() {
    let cache = refreshed_cache();
    let text = render_cache(&cache);
    assert!(text.ends_with("}\n"));
    assert!(text.contains("\n  \"digest\": \"sha256:"), "{text}");
    match read_cache(&text, date("2026-11-24"), DEFAULT_MAX_AGE_DAYS) {
        CacheState::Fresh(read) => {
            assert_eq!(read, cache);
            assert_eq!(render_cache(&read), text);
        }
        other => panic!("expected a fresh cache, got {other:?}"),
    }
    assert!(may_overwrite(&text));
}

#[test]
fn the_digest_is_recomputed_when_rendering() {
    let mut cache = refreshed_cache();
    let digest = cache.digest.clone();
    cache.digest = "sha256:stale".into();
    let text = render_cache(&cache);
    assert!(text.contains(&digest), "{text}");
    cache
        .regions
        .get_mut("cn-northwest-1")
        .unwrap()
        .ec2_on_demand[0]
        .cny_per_hour += 1.0;
    assert!(!render_cache(&cache).contains(&digest));
}

/// The cache text with one field of its JSON changed.
fn edited(text: &str, change: impl FnOnce(&mut Value)) -> String {
    let mut value: Value = serde_json::from_str(text).unwrap();
    change(&mut value);
    serde_json::to_string_pretty(&value).unwrap()
}

#[test]
fn a_changed_figure_makes_the_cache_edited_and_not_overwritable() {
    let text = render_cache(&refreshed_cache());
    let today = date("2026-11-24");
    let changes = [
        (
            "/regions/cn-northwest-1/ec2_on_demand/0/cny_per_hour",
            Value::from(4.2),
        ),
        (
            "/regions/cn-northwest-1/ec2_spot/1/zone",
            Value::from("cn-northwest-1b"),
        ),
        ("/fetched_on", Value::from("2026-12-24")),
        ("/digest", Value::from("sha256:0")),
    ];
    for (pointer, new_value) in changes {
        let changed = edited(&text, |value| {
            *value.pointer_mut(pointer).expect("a field of the cache") = new_value
        });
        assert_ne!(changed, text);
        assert_eq!(
            read_cache(&changed, today, DEFAULT_MAX_AGE_DAYS),
            CacheState::Edited,
            "{changed}"
        );
        assert!(!may_overwrite(&changed));
    }
}

#[test]
fn reformatting_the_file_is_not_an_edit() {
    let text = render_cache(&refreshed_cache());
    let compact = edited(&text, |_| {}).replace('\n', "").replace("  ", "");
    assert_ne!(compact, text);
    assert!(matches!(
        read_cache(&compact, date("2026-11-24"), DEFAULT_MAX_AGE_DAYS),
        CacheState::Fresh(_)
    ));
}

#[test]
fn an_old_cache_is_stale_with_its_age() {
    let text = render_cache(&refreshed_cache());
    assert!(matches!(
        read_cache(&text, date("2026-12-24"), 30),
        CacheState::Fresh(_)
    ));
    match read_cache(&text, date("2026-12-25"), 30) {
        CacheState::Stale { cache, age_days } => {
            assert_eq!(age_days, 31);
            assert_eq!(cache.fetched_on, "2026-11-24");
        }
        other => panic!("expected a stale cache, got {other:?}"),
    }
    assert!(matches!(
        read_cache(&text, date("2026-11-25"), 0),
        CacheState::Stale { age_days: 1, .. }
    ));
    // A cache dated after today (a clock set wrong) is not stale.
    assert!(matches!(
        read_cache(&text, date("2026-11-01"), 0),
        CacheState::Fresh(_)
    ));
    assert!(may_overwrite(&text), "a stale cache may be refreshed");
}

#[test]
fn files_that_are_not_a_cache_of_this_format_are_unreadable_and_kept() {
    let text = render_cache(&refreshed_cache());
    let today = date("2026-11-24");
    let unreadable = |candidate: &str, expected: &str| match read_cache(candidate, today, 30) {
        CacheState::Unreadable(reason) => {
            assert!(reason.contains(expected), "{reason} should name {expected}");
            assert!(!may_overwrite(candidate));
        }
        other => panic!("expected unreadable, got {other:?}"),
    };
    unreadable("prices: cheap", "not JSON");
    unreadable("{}", "format_version");
    unreadable(
        &edited(&text, |value| value["format_version"] = Value::from(2)),
        "format_version 2",
    );
    unreadable(
        &edited(&text, |value| value["note"] = Value::from("mine")),
        "note",
    );
    unreadable(
        &edited(&text, |value| {
            value["regions"]["cn-northwest-1"]
                .as_object_mut()
                .unwrap()
                .remove("ec2_spot");
        }),
        "ec2_spot",
    );
    assert!(may_overwrite(""));
    assert!(may_overwrite(" \n"));
}

#[test]
fn assembling_refuses_prices_that_cannot_be_written() {
    let price = |cny_per_hour: f64| ListedPrice {
        region: "cn-north-1".into(),
        instance_type: "g5.xlarge".into(),
        cny_per_hour,
        sku: "S".into(),
        effective_date: None,
    };
    let spot = BTreeMap::new();
    for bad in [f64::NAN, 0.0, -1.0, f64::INFINITY] {
        let error =
            LivePriceCache::assemble(fetched_at(), "e", &[price(bad)], &[], &spot).unwrap_err();
        assert!(
            matches!(error, LivePriceCacheError::InvalidPrice { .. }),
            "{error}"
        );
    }
    let error = LivePriceCache::assemble(fetched_at(), "e", &[], &[price(1.0), price(2.0)], &spot)
        .unwrap_err();
    assert!(
        matches!(error, LivePriceCacheError::Duplicate { .. }),
        "{error}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever the figures, a written cache reads back unchanged: no float drifts on the way.
    #[test]
    fn any_prices_round_trip_through_the_file(
        prices in proptest::collection::vec(0.0001f64..5000.0, 1..20),
        seconds in 1_700_000_000i64..1_900_000_000,
    ) {
        let listed: Vec<ListedPrice> = prices
            .iter()
            .enumerate()
            .map(|(position, &cny_per_hour)| ListedPrice {
                region: "cn-north-1".into(),
                instance_type: format!("g5.{position}xlarge"),
                cny_per_hour,
                sku: format!("SKU{position}"),
                effective_date: Some("2024-11-01T00:00:00Z".into()),
            })
            .collect();
        let fetched_at = jiff::Timestamp::from_second(seconds).unwrap();
        let cache = LivePriceCache::assemble(fetched_at, "e", &listed, &listed, &BTreeMap::new())
            .unwrap();
        let text = render_cache(&cache);
        let today: jiff::civil::Date = cache.fetched_on.parse().unwrap();
        prop_assert_eq!(read_cache(&text, today, 0), CacheState::Fresh(cache));
    }
}
