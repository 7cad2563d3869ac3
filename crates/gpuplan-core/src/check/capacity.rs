//! The peak capacity a plan asks of each Service Quota.
//!
//! SageMaker endpoint quotas count instances per instance type: the peak need is every
//! endpoint at its maximum (autoscaling or schedule maximum, or its fixed count). EC2
//! quotas count vCPUs over a set of families; they matter here only for the self-managed
//! spot alternative, which runs the same GPUs as EC2 spot instances and falls back to
//! on-demand instances when spot capacity is reclaimed.
//!
//! The needs are the same offline and live; [`super::check_offline`] leaves the account's
//! side unknown and [`super::check_live`] fills it in.

use std::collections::BTreeMap;

use crate::catalog::{Catalog, Market, QuotaUnit};
use crate::check::report::{QuotaCheck, QuotaPurpose, QuotaStatus};
use crate::diagnostics::Location;
use crate::plan::Plan;

/// One quota need per SageMaker instance type that `offered` accepts, then one per EC2
/// vCPU quota (spot, and on-demand as its fallback) when the plan compares a spot
/// alternative. The account's side is left unknown.
pub fn quota_needs(
    plan: &Plan,
    catalog: &Catalog,
    offered: &dyn Fn(&str) -> bool,
) -> Vec<QuotaCheck> {
    let mut checks = sagemaker_endpoint_quotas(plan, catalog, offered);
    if plan.alternatives.spot.is_some() {
        checks.extend(ec2_vcpu_quotas(plan, catalog, Market::Spot));
        checks.extend(ec2_vcpu_quotas(plan, catalog, Market::OnDemand));
    }
    checks
}

fn unknown(
    service_code: &str,
    quota_code: Option<String>,
    quota_name: String,
    unit: QuotaUnit,
    purpose: QuotaPurpose,
) -> QuotaCheck {
    QuotaCheck {
        service_code: service_code.to_string(),
        quota_code,
        quota_name,
        unit,
        purpose,
        peak_need: 0.0,
        needed_by: Vec::new(),
        location: None,
        units_per_instance: 1.0,
        applied: None,
        adjustable: None,
        in_use: None,
        in_use_by: Vec::new(),
        plan_running: None,
        headroom: None,
        open_requests: Vec::new(),
        status: QuotaStatus::UnknownOffline,
        source: None,
    }
}

fn sagemaker_endpoint_quotas(
    plan: &Plan,
    catalog: &Catalog,
    offered: &dyn Fn(&str) -> bool,
) -> Vec<QuotaCheck> {
    let mut need_by_type: BTreeMap<&str, (u32, Vec<String>, Option<Location>)> = BTreeMap::new();
    for group in &plan.endpoints {
        if !offered(&group.instance_type) {
            // Blocked by the offering already; a quota for it cannot be granted.
            continue;
        }
        let entry = need_by_type
            .entry(group.instance_type.as_str())
            .or_insert_with(|| (0, Vec::new(), group.instance_type_location));
        entry.0 += group.count * group.peak_instances_per_endpoint();
        entry.1.push(group.name.clone());
    }
    need_by_type
        .into_iter()
        .map(|(instance_type, (peak_need, needed_by, location))| {
            let definition = catalog.sagemaker_endpoint_quota(instance_type);
            QuotaCheck {
                peak_need: f64::from(peak_need),
                needed_by,
                location,
                source: definition.map(|quota| quota.source.clone()),
                ..unknown(
                    "sagemaker",
                    definition.map(|quota| quota.quota_code.clone()),
                    definition
                        .map(|quota| quota.quota_name.clone())
                        .unwrap_or_else(|| sagemaker_endpoint_quota_name(instance_type)),
                    QuotaUnit::Instances,
                    QuotaPurpose::Deployment,
                )
            }
        })
        .collect()
}

/// The name SageMaker gives the endpoint quota of an instance type.
pub fn sagemaker_endpoint_quota_name(instance_type: &str) -> String {
    format!(
        "{} for endpoint usage",
        crate::catalog::instance_name::sagemaker_name(instance_type)
    )
}

fn ec2_vcpu_quotas(plan: &Plan, catalog: &Catalog, market: Market) -> Vec<QuotaCheck> {
    let label = match market {
        Market::Spot => "spot alternative",
        Market::OnDemand => "on-demand fallback of the spot alternative",
    };
    let mut by_quota: BTreeMap<String, QuotaCheck> = BTreeMap::new();
    for group in &plan.endpoints {
        let ec2_type = group.instance_type.trim_start_matches("ml.");
        let (Some(instance), Some(definition)) = (
            catalog.instance_type(ec2_type),
            catalog.ec2_vcpu_quota(ec2_type, market),
        ) else {
            continue;
        };
        let instances = group.count * group.peak_instances_per_endpoint();
        let check = by_quota
            .entry(definition.quota_name.clone())
            .or_insert_with(|| QuotaCheck {
                units_per_instance: 0.0,
                location: group.instance_type_location,
                source: Some(definition.source.clone()),
                ..unknown(
                    &definition.service_code,
                    Some(definition.quota_code.clone()),
                    definition.quota_name.clone(),
                    definition.unit,
                    QuotaPurpose::Alternative,
                )
            });
        check.peak_need += f64::from(instance.vcpus * instances);
        check.units_per_instance = check.units_per_instance.max(f64::from(instance.vcpus));
        check.needed_by.push(format!("{label}: {}", group.name));
    }
    by_quota.into_values().collect()
}
