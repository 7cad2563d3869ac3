//! Tests of the embedded catalog against the facts it was built from.

use super::*;
use crate::plan::file::Currency;
use crate::provenance::Basis;
use crate::region::Region;

fn catalog() -> &'static Catalog {
    Catalog::embedded()
}

fn assert_sourced(source: &Source, what: &str) {
    assert!(!source.name.trim().is_empty(), "{what}: empty source name");
    assert!(!source.date.trim().is_empty(), "{what}: empty source date");
}

fn close(left: f64, right: f64) -> bool {
    (left - right).abs() < 1e-9
}

#[test]
fn every_record_has_a_source_name_and_date() {
    let data = catalog().data();
    assert!(!data.assembled_on.is_empty());
    for instance_type in &data.instance_types {
        assert_sourced(&instance_type.source, &instance_type.name);
    }
    for (region, families) in &data.offerings {
        for entry in families {
            assert_sourced(
                &entry.source,
                &format!("offering {region} {}", entry.family),
            );
        }
    }
    for (region, zones) in &data.zones {
        assert!(!zones.is_empty(), "{region} has no zones");
        for zone in zones {
            assert_sourced(&zone.source, &zone.id);
        }
    }
    assert_sourced(&data.ec2_prices.source, "EC2 prices");
    assert_sourced(&data.sagemaker_hosting.source, "hosting ratios");
    assert_sourced(
        &data.sagemaker_hosting.hosted_families_source,
        "hosted families",
    );
    assert_sourced(&data.services_source, "service universe");
    for (region, services) in &data.service_regions {
        assert_sourced(&services.source, region);
    }
    for check in &data.unavailable_cross_checks {
        assert_sourced(&check.source, &check.id_prefix);
    }
    for substitute in &data.substitutes {
        assert_sourced(&substitute.source, &substitute.service);
    }
    for entry in &data.quotas.sagemaker_endpoint {
        assert_sourced(&entry.quota.source, &entry.instance_type);
    }
    for entry in &data.quotas.ec2_vcpu {
        assert_sourced(&entry.quota.source, &entry.quota.quota_code);
    }
    for price in &data.api_prices {
        assert_sourced(&price.source, &price.id);
    }
    // Derived quotes carry their sources too.
    for region in Region::ALL {
        for instance_type in catalog().instance_types() {
            for quote in [
                catalog().ec2_on_demand(region, &instance_type.name),
                catalog().sagemaker_hosting(region, &instance_type.name),
            ]
            .into_iter()
            .flatten()
            {
                assert!(!quote.sources.is_empty());
                for source in &quote.sources {
                    assert_sourced(source, &instance_type.name);
                }
                if quote.basis == Basis::Estimated {
                    assert!(quote.rule.as_deref().is_some_and(|rule| !rule.is_empty()));
                }
            }
        }
    }
}

#[test]
fn instance_types_hold_the_reference_specifications() {
    let g5 = catalog()
        .instance_type("ml.g5.12xlarge")
        .expect("g5.12xlarge");
    assert_eq!((g5.vcpus, g5.gpus, g5.gpu_memory_gib), (48, 4, 96));
    assert_eq!(g5.gpu_model, "A10G");
    assert_eq!(g5.gpu_memory_per_gpu_gib(), 24);
    let g4dn = catalog().instance_type("g4dn.xlarge").expect("g4dn.xlarge");
    assert_eq!((g4dn.vcpus, g4dn.gpus, g4dn.gpu_memory_gib), (4, 1, 16));
    for family in [
        "g3", "g3s", "g4dn", "g5", "g5g", "g6", "g6e", "inf1", "inf2", "p2", "p3", "p4d", "p5",
        "trn1",
    ] {
        assert!(
            catalog()
                .instance_types()
                .iter()
                .any(|instance_type| instance_type.family == family),
            "no {family} type"
        );
    }
    assert!(catalog().instance_type("m5.large").is_none());
}

#[test]
fn beijing_lacks_the_newer_families() {
    for instance_type in [
        "g6.4xlarge",
        "ml.g6e.xlarge",
        "p4d.24xlarge",
        "p5.48xlarge",
        "ml.inf2.xlarge",
    ] {
        assert!(
            matches!(
                catalog().offering(Region::CnNorth1, instance_type),
                Offering::NotOffered { .. }
            ),
            "{instance_type} should not be offered in cn-north-1"
        );
    }
    let Offering::NotOffered { source } = catalog().offering(Region::CnNorth1, "g6.xlarge") else {
        panic!("g6 offered in Beijing");
    };
    assert!(source.name.contains("seeds/000"), "{}", source.name);
}

#[test]
fn g5_is_offered_in_both_regions_and_g6_in_neither() {
    for region in Region::ALL {
        assert!(matches!(
            catalog().offering(region, "ml.g5.2xlarge"),
            Offering::Offered { .. }
        ));
        assert!(matches!(
            catalog().offering(region, "ml.g6.4xlarge"),
            Offering::NotOffered { .. }
        ));
    }
}

#[test]
fn ningxia_without_evidence_is_unknown() {
    assert_eq!(
        catalog().offering(Region::CnNorthwest1, "g4dn.xlarge"),
        Offering::Unknown
    );
    assert_eq!(
        catalog().offering(Region::CnNorth1, "x9.large"),
        Offering::Unknown
    );
}

#[test]
fn the_newest_families_are_not_offered_in_ningxia_by_a_labelled_inference() {
    for instance_type in [
        "p4d.24xlarge",
        "ml.g6e.xlarge",
        "p5.48xlarge",
        "inf2.xlarge",
        "trn1.2xlarge",
    ] {
        match catalog().offering(Region::CnNorthwest1, instance_type) {
            Offering::NotOffered { source } => {
                assert!(
                    source.name.starts_with("INFERRED"),
                    "{instance_type}: {}",
                    source.name
                )
            }
            other => panic!("{instance_type}: {other:?}"),
        }
    }
}

#[test]
fn nearest_offered_replaces_g6_with_g5_of_the_same_shape() {
    let catalog = catalog();
    assert_eq!(
        catalog
            .nearest_offered(Region::CnNorthwest1, "ml.g6.4xlarge")
            .as_deref(),
        Some("ml.g5.4xlarge")
    );
    assert_eq!(
        catalog
            .nearest_offered(Region::CnNorthwest1, "ml.g6.12xlarge")
            .as_deref(),
        Some("ml.g5.12xlarge")
    );
    assert_eq!(
        catalog
            .nearest_offered(Region::CnNorth1, "g6.xlarge")
            .as_deref(),
        Some("g5.xlarge")
    );
    // Eight 80 GiB H100s: nothing in Beijing has eight GPUs of that memory.
    assert_eq!(
        catalog.nearest_offered(Region::CnNorth1, "p5.48xlarge"),
        None
    );
    // Inferentia2 models do not move to GPUs.
    assert_eq!(
        catalog.nearest_offered(Region::CnNorth1, "ml.inf2.xlarge"),
        None
    );
}

#[test]
fn beijing_ec2_price_is_published_as_in_the_reference_file() {
    let quote = catalog()
        .ec2_on_demand(Region::CnNorth1, "g5.2xlarge")
        .expect("a price");
    assert_eq!(quote.basis, Basis::Published);
    assert!(
        close(quote.cny_per_hour, 11.462060),
        "{}",
        quote.cny_per_hour
    );
    assert!(quote.rule.is_none());
    assert_eq!(quote.sources[0].date, "2024-11-06");
    assert!(quote.sources[0].name.contains("karpenter"));
    assert!(
        catalog()
            .ec2_on_demand(Region::CnNorth1, "g6.xlarge")
            .is_none()
    );
}

#[test]
fn ningxia_ec2_price_is_the_beijing_price_marked_as_an_estimate() {
    let quote = catalog()
        .ec2_on_demand(Region::CnNorthwest1, "g5.2xlarge")
        .expect("an estimate");
    assert_eq!(quote.basis, Basis::Estimated);
    assert!(close(quote.cny_per_hour, 11.462060));
    let rule = quote.rule.expect("a rule");
    assert!(rule.contains("no public Ningxia price"), "{rule}");
    assert!(rule.contains("[[prices.override]]"), "{rule}");
}

#[test]
fn sagemaker_hosting_is_the_ec2_price_times_the_size_ratio() {
    let ec2 = catalog()
        .ec2_on_demand(Region::CnNorth1, "g5.2xlarge")
        .unwrap();
    let hosting = catalog()
        .sagemaker_hosting(Region::CnNorth1, "ml.g5.2xlarge")
        .expect("an estimate");
    assert_eq!(hosting.basis, Basis::Estimated);
    assert!(close(hosting.cny_per_hour, ec2.cny_per_hour * 1.25));
    assert_eq!(hosting.sources.len(), 2);
    assert!(
        hosting.sources[1]
            .name
            .contains("sagemaker_hosting_usd_us-east-1_approx.csv")
    );
    let rule = hosting.rule.unwrap();
    assert!(
        rule.contains("step 1") && rule.contains("step 2") && rule.contains("1.25"),
        "{rule}"
    );
}

#[test]
fn sagemaker_hosting_in_ningxia_names_both_estimation_steps() {
    let hosting = catalog()
        .sagemaker_hosting(Region::CnNorthwest1, "ml.g5.2xlarge")
        .expect("an estimate");
    assert_eq!(hosting.basis, Basis::Estimated);
    let rule = hosting.rule.unwrap();
    assert!(rule.contains("no public Ningxia price"), "{rule}");
    assert!(rule.contains("hosting/EC2 price ratio"), "{rule}");
    assert!(close(hosting.cny_per_hour, 11.462060 * 1.25));
}

#[test]
fn sagemaker_hosting_without_a_size_ratio_uses_the_highest_ratio() {
    let ec2 = catalog()
        .ec2_on_demand(Region::CnNorth1, "g4dn.2xlarge")
        .unwrap();
    let hosting = catalog()
        .sagemaker_hosting(Region::CnNorth1, "ml.g4dn.2xlarge")
        .unwrap();
    assert!(close(hosting.cny_per_hour, ec2.cny_per_hour * 1.40));
    assert!(hosting.rule.unwrap().contains("highest"));
    // g3 is not a SageMaker instance family: no hosting price at all.
    assert!(
        catalog()
            .sagemaker_hosting(Region::CnNorth1, "ml.g3.4xlarge")
            .is_none()
    );
}

#[test]
fn bedrock_is_unavailable_and_sagemaker_available_in_both_regions() {
    for region in Region::ALL {
        let ServiceAvailability::Unavailable { source } =
            catalog().service_availability(region, "bedrock")
        else {
            panic!("bedrock should be unavailable in {region}");
        };
        assert!(source.name.contains("botocore"), "{}", source.name);
        assert!(source.name.contains("2025-12-02"), "{}", source.name);
        assert!(matches!(
            catalog().service_availability(region, "sagemaker"),
            ServiceAvailability::Available { .. }
        ));
    }
    assert!(matches!(
        catalog().service_availability(Region::CnNorth1, "kendra"),
        ServiceAvailability::Unavailable { .. }
    ));
    assert_eq!(
        catalog().service("sagemaker").unwrap().long_name,
        "Amazon SageMaker AI"
    );
}

#[test]
fn unknown_service_ids_are_reported_as_unknown() {
    assert_eq!(
        catalog().service_availability(Region::CnNorthwest1, "not-a-service"),
        ServiceAvailability::UnknownService
    );
    assert!(
        catalog()
            .service_ids()
            .any(|id| id == "application-autoscaling")
    );
}

#[test]
fn substitutes_match_model_ids_with_version_suffixes() {
    let claude = catalog()
        .model_substitute("bedrock", "anthropic.claude-3-5-sonnet-20241022-v2:0")
        .expect("a substitute");
    assert!(claude.substitute_en.contains("Qwen2-VL-7B"));
    assert!(claude.substitute_zh.contains("Qwen2-VL-7B"));
    assert_eq!(
        claude.suggested_instance_type.as_deref(),
        Some("ml.g5.2xlarge")
    );
    assert_eq!(claude.source.date, "2025-12-02");

    let canvas = catalog()
        .model_substitute("bedrock", "amazon.nova-canvas-v1:0")
        .unwrap();
    assert_eq!(canvas.model.as_deref(), Some("amazon.nova-canvas"));
    let nova = catalog()
        .model_substitute("bedrock", "amazon.nova-pro-v1:0")
        .unwrap();
    assert_eq!(nova.model.as_deref(), Some("amazon.nova"));
    let llama = catalog()
        .model_substitute("bedrock", "us.meta.llama3-1-70b-instruct-v1:0")
        .unwrap();
    assert_eq!(llama.model.as_deref(), Some("meta.llama3-1"));
    assert!(
        catalog()
            .model_substitute("bedrock", "cohere.command-r")
            .is_none()
    );

    let bedrock = catalog().service_substitute("bedrock").unwrap();
    assert!(bedrock.model.is_none());
    assert!(bedrock.substitute_zh.contains("通义千问"));
}

#[test]
fn suggested_substitute_instances_are_offered_g5_sizes() {
    for substitute in &catalog().data().substitutes {
        if let Some(instance_type) = &substitute.suggested_instance_type {
            assert!(instance_type.starts_with("ml.g5."), "{instance_type}");
            for region in Region::ALL {
                assert!(matches!(
                    catalog().offering(region, instance_type),
                    Offering::Offered { .. }
                ));
            }
        }
    }
}

#[test]
fn quotas_are_found_by_instance_type_and_market() {
    let endpoint = catalog().sagemaker_endpoint_quota("ml.g5.2xlarge").unwrap();
    assert_eq!(endpoint.quota_code, "L-9614C779");
    assert_eq!(endpoint.unit, QuotaUnit::Instances);
    assert_eq!(
        catalog()
            .sagemaker_endpoint_quota("g5.2xlarge")
            .unwrap()
            .quota_code,
        "L-9614C779"
    );
    let on_demand = catalog()
        .ec2_vcpu_quota("g5.2xlarge", Market::OnDemand)
        .unwrap();
    assert_eq!(on_demand.quota_code, "L-DB2E81BA");
    assert_eq!(on_demand.unit, QuotaUnit::Vcpus);
    assert!(on_demand.source.name.contains("commercial partition"));
    let cases = [
        ("g5.2xlarge", Market::Spot, "L-3819A6DF"),
        ("p3.2xlarge", Market::OnDemand, "L-417A185B"),
        ("p4d.24xlarge", Market::Spot, "L-7212CCBC"),
        ("p5.48xlarge", Market::Spot, "L-C4BD4855"),
        ("inf2.xlarge", Market::OnDemand, "L-1945791B"),
        ("inf1.xlarge", Market::Spot, "L-B5D1601B"),
        ("trn1.2xlarge", Market::OnDemand, "L-2C3B7624"),
    ];
    for (instance_type, market, code) in cases {
        assert_eq!(
            catalog()
                .ec2_vcpu_quota(instance_type, market)
                .map(|quota| quota.quota_code.as_str()),
            Some(code),
            "{instance_type} {market:?}"
        );
    }
    assert!(
        catalog()
            .ec2_vcpu_quota("trn1.2xlarge", Market::Spot)
            .is_none()
    );
}

#[test]
fn api_prices_used_by_the_example_plans_exist_with_their_currency() {
    for id in [
        "bailian/qwen-vl-max",
        "bailian/qwen-vl-plus",
        "bailian/qwen-plus",
        "bailian/qwen-max",
        "bailian/qwen-turbo",
        "bailian/qwen-long",
        "bailian/qwen3-max",
    ] {
        let price = catalog().api_price(id).unwrap_or_else(|| panic!("{id}"));
        assert_eq!(price.currency, Currency::Cny, "{id}");
        assert!(!price.cross_border, "{id}");
    }
    for id in [
        "bedrock/anthropic.claude-3-5-haiku",
        "bedrock/anthropic.claude-3-5-sonnet",
        "bedrock/amazon.nova-pro",
        "bedrock/meta.llama3-1-70b-instruct",
        "dashscope-intl/qwen-max",
    ] {
        let price = catalog().api_price(id).unwrap_or_else(|| panic!("{id}"));
        assert_eq!(price.currency, Currency::Usd, "{id}");
        assert!(price.cross_border, "{id}");
    }
    let haiku = catalog()
        .api_price("bedrock/anthropic.claude-3-5-haiku")
        .unwrap();
    assert!(close(haiku.input_per_million, 0.8) && close(haiku.output_per_million, 4.0));
    // The official page is preferred; the third-party copy is kept under its own id.
    let max = catalog().api_price("bailian/qwen-max").unwrap();
    assert!(close(max.input_per_million, 20.0));
    assert!(max.note.as_deref().unwrap().contains("third-party"));
    let third = catalog()
        .api_price("bailian/qwen-max-2026-05-thirdparty")
        .unwrap();
    assert_eq!(third.source.date, "2026-05");
    assert!(
        catalog()
            .api_prices()
            .iter()
            .any(|price| price.id.starts_with("qianfan/"))
    );
}

#[test]
fn zones_come_from_the_ssm_parameters() {
    let ningxia: Vec<&str> = catalog()
        .zones(Region::CnNorthwest1)
        .iter()
        .map(|zone| zone.id.as_str())
        .collect();
    assert_eq!(ningxia, ["cnnw1-az1", "cnnw1-az2", "cnnw1-az3"]);
    assert!(!catalog().zones(Region::CnNorth1).is_empty());
}

#[test]
fn listing_covers_every_type_in_the_requested_regions() {
    let both = catalog().listing(None);
    assert_eq!(both.regions, Region::ALL.to_vec());
    assert_eq!(both.rows.len(), catalog().instance_types().len());
    assert!(both.rows.iter().all(|row| row.regions.len() == 2));
    let beijing = catalog().listing(Some(Region::CnNorth1));
    let g5 = beijing
        .rows
        .iter()
        .find(|row| row.instance_type == "g5.2xlarge")
        .unwrap();
    assert_eq!(g5.regions.len(), 1);
    assert_eq!(
        g5.regions[0].ec2_on_demand.as_ref().unwrap().basis,
        Basis::Published
    );
    assert_eq!(
        g5.regions[0].sagemaker_hosting.as_ref().unwrap().basis,
        Basis::Estimated
    );
}
