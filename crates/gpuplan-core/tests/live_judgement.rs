//! The live judgement, pure: a plan against an account reading built by hand. These pin the
//! rules the AWS adapter's data is judged by (headroom, whose instances count, what blocks,
//! what a quota request asks for) independently of any emulator.

use gpuplan_core::catalog::Catalog;
use gpuplan_core::check::observation::{
    AccountObservation, ObservationRequest, ObservedQuota, ObservedZone, OpenQuotaRequest,
    RunningEndpoint, RunningInstances, RunningVariant,
};
use gpuplan_core::check::quota_requests::{QuotaRequestAction, quota_requests};
use gpuplan_core::check::{
    CheckReport, FindingKind, FindingSeverity, LiveConnection, QuotaCheck, QuotaPurpose,
    QuotaStatus, check_live,
};
use gpuplan_core::plan::{self, Plan};

fn load(path: &str) -> Plan {
    let text = std::fs::read_to_string(format!("{}/../../{path}", env!("CARGO_MANIFEST_DIR")))
        .expect("the example plan");
    plan::load(path, &text, Catalog::embedded(), &|_| {
        Err("no files".to_string())
    })
    .expect("the example plan is valid")
    .plan
}

fn sagemaker_quota(instance_type: &str, code: &str, value: f64) -> ObservedQuota {
    ObservedQuota {
        service_code: "sagemaker".to_string(),
        quota_code: code.to_string(),
        quota_name: format!("{instance_type} for endpoint usage"),
        value,
        adjustable: true,
    }
}

fn endpoint(name: &str, instance_type: &str, instances: u32) -> RunningEndpoint {
    RunningEndpoint {
        name: name.to_string(),
        // gpuplan tags what it creates; other teams' endpoints carry no plan tag.
        plan_tag: name
            .starts_with("theater-g5-")
            .then(|| "theater-g5".to_string()),
        status: "InService".to_string(),
        variants: vec![RunningVariant {
            instance_type: Some(instance_type.to_string()),
            instances,
        }],
    }
}

/// Ningxia with three zones, g5.12xlarge missing from the third, every service of the
/// theater present, the quota list read.
fn reading(
    plan: &Plan,
    quotas: Vec<ObservedQuota>,
    endpoints: Vec<RunningEndpoint>,
) -> AccountObservation {
    let request = ObservationRequest::for_plan(plan, Catalog::embedded());
    let zones = ["a", "b", "c"]
        .iter()
        .enumerate()
        .map(|(index, letter)| ObservedZone {
            name: format!("cn-northwest-1{letter}"),
            id: format!("cnnw1-az{}", index + 1),
        })
        .collect();
    let mut zone_offerings = std::collections::BTreeMap::new();
    for instance_type in &request.instance_types {
        let zones: std::collections::BTreeSet<String> = if instance_type == "g5.12xlarge" {
            ["cn-northwest-1a", "cn-northwest-1b"]
                .map(String::from)
                .into()
        } else {
            ["cn-northwest-1a", "cn-northwest-1b", "cn-northwest-1c"]
                .map(String::from)
                .into()
        };
        zone_offerings.insert(instance_type.clone(), zones);
    }
    AccountObservation {
        observed_at: "2026-12-01T08:00:00Z".to_string(),
        services: request
            .services
            .iter()
            .map(|service| (service.clone(), service != "bedrock"))
            .collect(),
        zones,
        zone_offerings,
        quotas,
        quota_services_read: ["sagemaker".to_string()].into(),
        endpoints,
        ec2_instances: None,
        open_requests: Vec::new(),
        api_calls: Vec::new(),
    }
}

fn judge(plan: &Plan, observation: &AccountObservation) -> CheckReport {
    check_live(
        plan,
        Catalog::embedded(),
        observation,
        &LiveConnection::default(),
    )
}

fn quota<'a>(report: &'a CheckReport, name: &str) -> &'a QuotaCheck {
    report
        .quotas
        .iter()
        .find(|quota| quota.quota_name == name)
        .unwrap_or_else(|| panic!("no quota {name}"))
}

#[test]
fn headroom_is_the_applied_quota_less_what_other_endpoints_hold() {
    let plan = load("plans/theater-g5.toml");
    let report = judge(
        &plan,
        &reading(
            &plan,
            vec![
                sagemaker_quota("ml.g5.2xlarge", "L-9614C779", 20.0),
                sagemaker_quota("ml.g5.12xlarge", "L-65C4BD00", 4.0),
            ],
            vec![endpoint("other-team-caption", "ml.g5.2xlarge", 2)],
        ),
    );
    let short = quota(&report, "ml.g5.2xlarge for endpoint usage");
    assert_eq!(short.peak_need, 40.0);
    assert_eq!(short.in_use, Some(2.0));
    assert_eq!(short.headroom, Some(18.0));
    assert_eq!(short.status, QuotaStatus::Shortfall { missing: 22.0 });
    assert_eq!(short.quota_code.as_deref(), Some("L-9614C779"));
    assert_eq!(
        quota(&report, "ml.g5.12xlarge for endpoint usage").status,
        QuotaStatus::Sufficient
    );
    assert!(report.is_blocked());
}

#[test]
fn the_plans_own_running_endpoints_are_part_of_the_peak_not_competition() {
    let plan = load("plans/theater-g5.toml");
    let own = plan.resource_name("stage-render-01");
    let report = judge(
        &plan,
        &reading(
            &plan,
            vec![
                sagemaker_quota("ml.g5.2xlarge", "L-9614C779", 40.0),
                sagemaker_quota("ml.g5.12xlarge", "L-65C4BD00", 4.0),
            ],
            vec![endpoint(&own, "ml.g5.2xlarge", 3)],
        ),
    );
    let quota = quota(&report, "ml.g5.2xlarge for endpoint usage");
    assert_eq!(quota.plan_running, Some(3.0));
    assert_eq!(quota.in_use, Some(0.0));
    assert_eq!(
        quota.status,
        QuotaStatus::Sufficient,
        "40 applied covers the 40 of the peak"
    );
    assert!(!report.is_blocked());
}

#[test]
fn an_endpoint_named_like_the_plans_but_not_tagged_as_its_own_is_competition() {
    let plan = load("plans/theater-g5.toml");
    let mut look_alike = endpoint(&plan.resource_name("stage-render-01"), "ml.g5.2xlarge", 3);
    look_alike.plan_tag = None;
    let report = judge(
        &plan,
        &reading(
            &plan,
            vec![
                sagemaker_quota("ml.g5.2xlarge", "L-9614C779", 40.0),
                sagemaker_quota("ml.g5.12xlarge", "L-65C4BD00", 4.0),
            ],
            vec![look_alike],
        ),
    );
    let quota = quota(&report, "ml.g5.2xlarge for endpoint usage");
    assert_eq!(quota.plan_running, Some(0.0));
    assert_eq!(quota.in_use, Some(3.0));
    assert!(
        report.is_blocked(),
        "40 applied, 3 held by others, 40 needed"
    );
}

#[test]
fn a_type_without_its_endpoint_quota_is_not_offered_and_gets_the_nearest_that_is() {
    let plan = load("plans/theater-g6.toml");
    let report = judge(
        &plan,
        &reading(
            &plan,
            vec![
                sagemaker_quota("ml.g5.4xlarge", "L-C1B9A48D", 0.0),
                sagemaker_quota("ml.g5.12xlarge", "L-65C4BD00", 0.0),
                sagemaker_quota("ml.g5.2xlarge", "L-9614C779", 0.0),
                sagemaker_quota("ml.g5.xlarge", "L-1928E07B", 0.0),
            ],
            Vec::new(),
        ),
    );
    let not_offered: Vec<(&str, Option<&str>)> = report
        .findings
        .iter()
        .filter_map(|finding| match &finding.kind {
            FindingKind::InstanceTypeNotOffered {
                instance_type,
                nearest_offered,
                ..
            } => Some((instance_type.as_str(), nearest_offered.as_deref())),
            _ => None,
        })
        .collect();
    assert!(!not_offered.is_empty());
    for (instance_type, nearest) in not_offered {
        assert!(instance_type.starts_with("ml.g6"), "{instance_type}");
        assert!(
            nearest.is_some_and(|nearest| nearest.starts_with("ml.g5")),
            "{instance_type}: {nearest:?}"
        );
    }
    // No quota check for types that cannot be had.
    assert!(
        report
            .quotas
            .iter()
            .all(|quota| !quota.quota_name.starts_with("ml.g6"))
    );
    // Bedrock, absent from the SSM parameters, blocks with its source.
    let bedrock = report
        .findings
        .iter()
        .find(|finding| matches!(&finding.kind, FindingKind::ServiceUnavailable { service, .. } if service == "bedrock"))
        .expect("bedrock is reported");
    assert_eq!(bedrock.severity, FindingSeverity::Blocking);
    assert!(
        bedrock
            .source
            .as_ref()
            .expect("a source")
            .name
            .contains("SSM public parameters")
    );
}

#[test]
fn a_zone_that_lacks_the_type_is_a_warning_that_names_it() {
    let plan = load("plans/theater-g5.toml");
    let report = judge(
        &plan,
        &reading(
            &plan,
            vec![sagemaker_quota("ml.g5.12xlarge", "L-65C4BD00", 4.0)],
            Vec::new(),
        ),
    );
    let finding = report
        .findings
        .iter()
        .find(|finding| matches!(&finding.kind, FindingKind::ZoneOfferings { instance_type, .. } if instance_type == "ml.g5.12xlarge"))
        .expect("a zone finding");
    assert_eq!(finding.severity, FindingSeverity::Warning);
    let FindingKind::ZoneOfferings { not_offered_in, .. } = &finding.kind else {
        unreachable!()
    };
    assert_eq!(not_offered_in, &["cn-northwest-1c".to_string()]);
}

#[test]
fn a_request_asks_for_applied_plus_missing_plus_headroom_and_skips_open_ones() {
    let mut plan = load("plans/theater-g5.toml");
    plan.quota_headroom = 2;
    let mut observation = reading(
        &plan,
        vec![
            sagemaker_quota("ml.g5.2xlarge", "L-9614C779", 20.0),
            sagemaker_quota("ml.g5.12xlarge", "L-65C4BD00", 0.0),
        ],
        vec![endpoint("other-team-caption", "ml.g5.2xlarge", 2)],
    );
    observation.open_requests.push(OpenQuotaRequest {
        id: "request-1".to_string(),
        service_code: "sagemaker".to_string(),
        quota_code: "L-65C4BD00".to_string(),
        quota_name: "ml.g5.12xlarge for endpoint usage".to_string(),
        desired_value: 3.0,
        status: "PENDING".to_string(),
        created: None,
    });
    let report = judge(&plan, &observation);
    let actions = quota_requests(&report, plan.quota_headroom);
    assert_eq!(actions.len(), 2);
    let filed = actions
        .iter()
        .find_map(|action| match action {
            QuotaRequestAction::File {
                quota_code,
                desired_value,
                ..
            } => Some((quota_code.as_str(), *desired_value)),
            _ => None,
        })
        .expect("one to file");
    assert_eq!(filed, ("L-9614C779", 44.0), "20 + 22 missing + 2 headroom");
    let skipped = actions
        .iter()
        .find_map(|action| match action {
            QuotaRequestAction::AlreadyRequested {
                still_missing_after,
                ..
            } => Some(*still_missing_after),
            _ => None,
        })
        .expect("the open one is skipped");
    assert_eq!(
        skipped, 1.0,
        "the pending request for 3 leaves 1 of the 4 missing"
    );
}

#[test]
fn a_quota_that_cannot_be_adjusted_is_reported_not_filed() {
    let plan = load("plans/theater-g5.toml");
    let mut quota = sagemaker_quota("ml.g5.2xlarge", "L-9614C779", 1.0);
    quota.adjustable = false;
    let report = judge(
        &plan,
        &reading(
            &plan,
            vec![quota, sagemaker_quota("ml.g5.12xlarge", "L-65C4BD00", 4.0)],
            Vec::new(),
        ),
    );
    let actions = quota_requests(&report, 0);
    assert!(
        matches!(actions.as_slice(), [QuotaRequestAction::NotAdjustable { missing, .. }] if *missing == 39.0)
    );
}

#[test]
fn a_shortfall_of_the_spot_alternative_warns_but_does_not_block() {
    let plan = load("plans/llm-serving.toml");
    assert!(plan.alternatives.spot.is_some());
    let request = ObservationRequest::for_plan(&plan, Catalog::embedded());
    assert!(request.ec2_capacity);
    assert!(request.ec2_instance_type_patterns.contains("g*"));
    let mut observation = reading(
        &plan,
        vec![
            sagemaker_quota("ml.g5.2xlarge", "L-9614C779", 10.0),
            sagemaker_quota("ml.g5.12xlarge", "L-65C4BD00", 10.0),
        ],
        Vec::new(),
    );
    observation.quota_services_read.insert("ec2".to_string());
    for (code, name, value) in [
        ("L-3819A6DF", "All G and VT Spot Instance Requests", 0.0),
        ("L-DB2E81BA", "Running On-Demand G and VT instances", 64.0),
    ] {
        observation.quotas.push(ObservedQuota {
            service_code: "ec2".to_string(),
            quota_code: code.to_string(),
            quota_name: name.to_string(),
            value,
            adjustable: true,
        });
    }
    observation.ec2_instances = Some(vec![RunningInstances {
        instance_type: "g5.xlarge".to_string(),
        spot: false,
        count: 2,
        vcpus_each: 4,
    }]);
    let report = judge(&plan, &observation);
    let spot = quota(&report, "All G and VT Spot Instance Requests");
    assert_eq!(spot.purpose, QuotaPurpose::Alternative);
    assert!(matches!(spot.status, QuotaStatus::Shortfall { .. }));
    let on_demand = quota(&report, "Running On-Demand G and VT instances");
    assert_eq!(
        on_demand.in_use,
        Some(8.0),
        "two running g5.xlarge, 4 vCPUs each"
    );
    assert_eq!(on_demand.headroom, Some(56.0));
    assert!(!report.is_blocked(), "only the alternative falls short");
    assert!(
        quota_requests(&report, 0).is_empty(),
        "alternatives are not requested"
    );
}
