//! Feasibility of a plan in its region: services, hosted models, instance types, quotas.
//!
//! [`check_offline`] judges the plan against the embedded catalog. It reports services and
//! hosted models the region lacks with their substitutes, instance types the region does
//! not offer with the nearest offered type, and the peak capacity each Service Quota must
//! allow (instances per SageMaker instance type, vCPUs per EC2 quota for the spot
//! alternative), against the quota where it is known and as "unknown offline" where not.
//!
//! [`check_live`] judges the same plan against an [`observation::AccountObservation`] that
//! the AWS adapter read from the account: services from the SSM parameters, `ml.` types by
//! the presence of their endpoint quota, zones from EC2's offerings, quotas by name with
//! the headroom left by other endpoints, and open increase requests.
//! [`quota_requests::quota_requests`] turns the shortfalls into the requests to file.

mod capacity;
mod live;
pub mod observation;
pub mod quota_requests;
pub mod report;

pub use capacity::sagemaker_endpoint_quota_name;
pub use live::{LiveConnection, check_live};
pub use report::*;

use std::collections::BTreeMap;

use crate::catalog::{Catalog, Offering, ServiceAvailability};
use crate::diagnostics::Location;
use crate::plan::Plan;

/// Checks the plan against the embedded catalog alone.
pub fn check_offline(plan: &Plan, catalog: &Catalog) -> CheckReport {
    let mut findings = Vec::new();
    findings.extend(service_findings(plan, catalog));
    findings.extend(managed_model_findings(plan, catalog));
    findings.extend(instance_type_findings(plan, catalog));
    findings.sort_by_key(|finding| finding.severity);
    CheckReport {
        format_version: CHECK_FORMAT_VERSION,
        plan: plan.name.clone(),
        description: plan.description.clone(),
        plan_path: plan.path.clone(),
        region: plan.region,
        mode: CheckMode::Offline {
            catalog_assembled_on: catalog.assembled_on().to_string(),
            fallback_reason: None,
        },
        findings,
        quotas: capacity::quota_needs(plan, catalog, &|instance_type| {
            !matches!(
                catalog.offering(plan.region, instance_type),
                Offering::NotOffered { .. }
            )
        }),
    }
}

pub(crate) fn service_findings(plan: &Plan, catalog: &Catalog) -> Vec<Finding> {
    plan.services
        .iter()
        .filter_map(|service| {
            let id = service.value.as_str();
            let long_name = catalog
                .service(id)
                .map(|info| info.long_name.clone())
                .unwrap_or_else(|| id.to_string());
            let (severity, kind, source) = match catalog.service_availability(plan.region, id) {
                ServiceAvailability::Available { source } => (
                    FindingSeverity::Ok,
                    FindingKind::ServiceAvailable {
                        service: id.to_string(),
                        long_name,
                    },
                    source,
                ),
                ServiceAvailability::Unavailable { source } => (
                    FindingSeverity::Blocking,
                    FindingKind::ServiceUnavailable {
                        service: id.to_string(),
                        long_name,
                        substitute: catalog.service_substitute(id).cloned(),
                    },
                    source,
                ),
                // Validation refuses unknown service ids, so there is nothing to report.
                ServiceAvailability::UnknownService => return None,
            };
            Some(Finding {
                severity,
                kind,
                location: service.location,
                source: Some(source),
            })
        })
        .collect()
}

pub(crate) fn managed_model_findings(plan: &Plan, catalog: &Catalog) -> Vec<Finding> {
    plan.managed_models
        .iter()
        .filter_map(|managed| {
            let ServiceAvailability::Unavailable { source } =
                catalog.service_availability(plan.region, &managed.service)
            else {
                return None;
            };
            let substitute = catalog
                .model_substitute(&managed.service, &managed.model)
                .or_else(|| catalog.service_substitute(&managed.service))
                .cloned();
            Some(Finding {
                severity: FindingSeverity::Blocking,
                kind: FindingKind::ManagedModelUnavailable {
                    service: managed.service.clone(),
                    model: managed.model.clone(),
                    purpose: managed.purpose.clone(),
                    substitute,
                },
                location: managed.location,
                source: Some(source),
            })
        })
        .collect()
}

/// Instance type -> (the endpoint groups on it, where it is first written).
pub(crate) fn endpoints_by_instance_type(
    plan: &Plan,
) -> BTreeMap<&str, (Vec<String>, Option<Location>)> {
    let mut by_type: BTreeMap<&str, (Vec<String>, Option<Location>)> = BTreeMap::new();
    for group in &plan.endpoints {
        let entry = by_type
            .entry(group.instance_type.as_str())
            .or_insert_with(|| (Vec::new(), group.instance_type_location));
        entry.0.push(group.name.clone());
    }
    by_type
}

fn instance_type_findings(plan: &Plan, catalog: &Catalog) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (instance_type, (endpoints, location)) in endpoints_by_instance_type(plan) {
        match catalog.offering(plan.region, instance_type) {
            Offering::Offered { source } => {
                findings.push(Finding {
                    severity: FindingSeverity::Ok,
                    kind: FindingKind::InstanceTypeOffered {
                        instance_type: instance_type.to_string(),
                        endpoints,
                    },
                    location,
                    source: Some(source),
                });
                findings.push(Finding {
                    severity: FindingSeverity::Warning,
                    kind: FindingKind::ZoneOfferingsUnknownOffline {
                        instance_type: instance_type.to_string(),
                    },
                    location,
                    source: None,
                });
            }
            Offering::NotOffered { source } => findings.push(Finding {
                severity: FindingSeverity::Blocking,
                kind: FindingKind::InstanceTypeNotOffered {
                    instance_type: instance_type.to_string(),
                    endpoints,
                    nearest_offered: catalog.nearest_offered(plan.region, instance_type),
                },
                location,
                source: Some(source),
            }),
            Offering::Unknown => findings.push(Finding {
                severity: FindingSeverity::Warning,
                kind: FindingKind::InstanceTypeOfferingUnknown {
                    instance_type: instance_type.to_string(),
                    endpoints,
                },
                location,
                source: None,
            }),
        }
    }
    findings
}
