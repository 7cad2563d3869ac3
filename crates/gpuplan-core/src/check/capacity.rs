//! The peak capacity a plan asks of each Service Quota.
//!
//! SageMaker endpoint quotas count instances per instance type: the peak need is every
//! endpoint at its maximum (autoscaling or schedule maximum, or its fixed count). EC2
//! quotas count vCPUs over a set of families; they matter here only for the self-managed
//! spot alternative, which runs the same GPUs as EC2 spot instances.

use std::collections::BTreeMap;

use crate::catalog::{Catalog, Market, Offering, QuotaUnit};
use crate::check::report::{QuotaCheck, QuotaStatus};
use crate::plan::Plan;

/// One quota check per SageMaker instance type the region offers (or may offer), then one
/// per EC2 spot vCPU quota when the plan compares a spot alternative.
pub fn quota_checks(plan: &Plan, catalog: &Catalog) -> Vec<QuotaCheck> {
    let mut checks = sagemaker_endpoint_quotas(plan, catalog);
    if plan.alternatives.spot.is_some() {
        checks.extend(ec2_spot_vcpu_quotas(plan, catalog));
    }
    checks
}

fn sagemaker_endpoint_quotas(plan: &Plan, catalog: &Catalog) -> Vec<QuotaCheck> {
    let mut need_by_type: BTreeMap<&str, (u32, Vec<String>)> = BTreeMap::new();
    for group in &plan.endpoints {
        if matches!(
            catalog.offering(plan.region, &group.instance_type),
            Offering::NotOffered { .. }
        ) {
            // Blocked by the offering already; a quota for it cannot be granted.
            continue;
        }
        let entry = need_by_type
            .entry(group.instance_type.as_str())
            .or_default();
        entry.0 += group.count * group.peak_instances_per_endpoint();
        entry.1.push(group.name.clone());
    }
    need_by_type
        .into_iter()
        .map(|(instance_type, (peak_need, needed_by))| {
            let definition = catalog.sagemaker_endpoint_quota(instance_type);
            QuotaCheck {
                service_code: "sagemaker".to_string(),
                quota_code: definition.map(|quota| quota.quota_code.clone()),
                quota_name: definition
                    .map(|quota| quota.quota_name.clone())
                    .unwrap_or_else(|| format!("{instance_type} for endpoint usage")),
                unit: QuotaUnit::Instances,
                peak_need: f64::from(peak_need),
                needed_by,
                applied: None,
                status: QuotaStatus::UnknownOffline,
                source: definition.map(|quota| quota.source.clone()),
            }
        })
        .collect()
}

fn ec2_spot_vcpu_quotas(plan: &Plan, catalog: &Catalog) -> Vec<QuotaCheck> {
    let mut need_by_quota: BTreeMap<String, (f64, Vec<String>, QuotaCheck)> = BTreeMap::new();
    for group in &plan.endpoints {
        let ec2_type = group.instance_type.trim_start_matches("ml.");
        let (Some(instance), Some(definition)) = (
            catalog.instance_type(ec2_type),
            catalog.ec2_vcpu_quota(ec2_type, Market::Spot),
        ) else {
            continue;
        };
        let vcpus = f64::from(instance.vcpus * group.count * group.peak_instances_per_endpoint());
        let entry = need_by_quota
            .entry(definition.quota_name.clone())
            .or_insert_with(|| {
                (
                    0.0,
                    Vec::new(),
                    QuotaCheck {
                        service_code: definition.service_code.clone(),
                        quota_code: Some(definition.quota_code.clone()),
                        quota_name: definition.quota_name.clone(),
                        unit: definition.unit,
                        peak_need: 0.0,
                        needed_by: Vec::new(),
                        applied: None,
                        status: QuotaStatus::UnknownOffline,
                        source: Some(definition.source.clone()),
                    },
                )
            });
        entry.0 += vcpus;
        entry.1.push(format!("spot alternative: {}", group.name));
    }
    need_by_quota
        .into_values()
        .map(|(peak_need, needed_by, template)| QuotaCheck {
            peak_need,
            needed_by,
            ..template
        })
        .collect()
}
