//! Judges a plan against what a live reading of the account found.
//!
//! Services come from the region's SSM public parameters; a SageMaker instance type is
//! offered when the account has its endpoint quota (SageMaker lists a quota for every type
//! it hosts in the region); zones come from EC2's per-zone offerings of the same type;
//! quotas are matched by name, and their headroom is the applied value minus what other
//! endpoints and instances already use. Whatever the reading lacks falls back to the
//! catalog, with the catalog named as the source.

use std::collections::BTreeSet;

use crate::catalog::{Catalog, Market, instance_name};
use crate::check::capacity::quota_needs;
use crate::check::observation::AccountObservation;
use crate::check::report::{
    CheckMode, CheckReport, Finding, FindingKind, FindingSeverity, QuotaCheck, QuotaStatus,
};
use crate::check::{
    CHECK_FORMAT_VERSION, endpoints_by_instance_type, managed_model_findings, service_findings,
};
use crate::diagnostics::Location;
use crate::plan::Plan;
use crate::provenance::Source;

/// How the live reading was made, for the report's header.
#[derive(Clone, Debug, Default)]
pub struct LiveConnection {
    pub profile: Option<String>,
    pub endpoint_url: Option<String>,
}

/// Checks the plan against a reading of the account.
pub fn check_live(
    plan: &Plan,
    catalog: &Catalog,
    observation: &AccountObservation,
    connection: &LiveConnection,
) -> CheckReport {
    let judge = LiveJudge {
        plan,
        catalog,
        observation,
    };
    let mut findings = Vec::new();
    findings.extend(judge.service_findings());
    findings.extend(judge.instance_type_findings());
    findings.sort_by_key(|finding| finding.severity);
    let quotas = quota_needs(plan, catalog, &|instance_type| judge.offered(instance_type))
        .into_iter()
        .map(|need| judge.quota(need))
        .collect();
    CheckReport {
        format_version: CHECK_FORMAT_VERSION,
        plan: plan.name.clone(),
        description: plan.description.clone(),
        plan_path: plan.path.clone(),
        region: plan.region,
        mode: CheckMode::Live {
            observed_at: observation.observed_at.clone(),
            profile: connection.profile.clone(),
            endpoint_url: connection.endpoint_url.clone(),
            api_calls: observation.api_calls.clone(),
        },
        findings,
        quotas,
    }
}

struct LiveJudge<'a> {
    plan: &'a Plan,
    catalog: &'a Catalog,
    observation: &'a AccountObservation,
}

impl LiveJudge<'_> {
    fn source(&self, what: &str) -> Source {
        Source::new(
            format!("{what}, {}", self.plan.region.code()),
            self.observation.observed_on(),
        )
    }

    fn services_source(&self) -> Source {
        self.source(&format!(
            "SSM public parameters /aws/service/global-infrastructure/regions/{}/services",
            self.plan.region.code()
        ))
    }

    fn quota_list_source(&self, service_code: &str) -> Source {
        self.source(&format!("Service Quotas ListServiceQuotas {service_code}"))
    }

    /// Service findings: the SSM parameters where read, the catalog where not.
    fn service_findings(&self) -> Vec<Finding> {
        let observed = |id: &str| self.observation.services.get(id).copied();
        let mut findings: Vec<Finding> = service_findings(self.plan, self.catalog)
            .into_iter()
            .map(|finding| self.reconsider_service(finding, observed))
            .collect();
        // Hosted models: unavailable when their service is.
        for mut finding in managed_model_findings(self.plan, self.catalog) {
            if let FindingKind::ManagedModelUnavailable { service, .. } = &finding.kind {
                match observed(service) {
                    Some(true) => continue,
                    Some(false) => finding.source = Some(self.services_source()),
                    None => {}
                }
            }
            findings.push(finding);
        }
        findings
    }

    fn reconsider_service(
        &self,
        finding: Finding,
        observed: impl Fn(&str) -> Option<bool>,
    ) -> Finding {
        let (service, long_name) = match &finding.kind {
            FindingKind::ServiceAvailable { service, long_name }
            | FindingKind::ServiceUnavailable {
                service, long_name, ..
            } => (service.clone(), long_name.clone()),
            _ => return finding,
        };
        let Some(available) = observed(&service) else {
            return finding;
        };
        let (severity, kind) = if available {
            (
                FindingSeverity::Ok,
                FindingKind::ServiceAvailable { service, long_name },
            )
        } else {
            let substitute = self.catalog.service_substitute(&service).cloned();
            (
                FindingSeverity::Blocking,
                FindingKind::ServiceUnavailable {
                    service,
                    long_name,
                    substitute,
                },
            )
        };
        Finding {
            severity,
            kind,
            location: finding.location,
            source: Some(self.services_source()),
        }
    }

    /// Whether SageMaker offers the type in the region: its endpoint quota exists. When
    /// the quota list was not read, the catalog decides.
    fn offered(&self, instance_type: &str) -> bool {
        if self.observation.quota_services_read.contains("sagemaker") {
            let name = super::sagemaker_endpoint_quota_name(instance_type);
            return self.observation.quota_named("sagemaker", &name).is_some();
        }
        !matches!(
            self.catalog.offering(self.plan.region, instance_type),
            crate::catalog::Offering::NotOffered { .. }
        )
    }

    fn instance_type_findings(&self) -> Vec<Finding> {
        let mut findings = Vec::new();
        for (instance_type, (endpoints, location)) in endpoints_by_instance_type(self.plan) {
            let source = Some(self.quota_list_source("sagemaker"));
            if !self.offered(instance_type) {
                let nearest = self
                    .catalog
                    .nearest_offered(self.plan.region, instance_type)
                    .filter(|nearest| self.offered(nearest));
                findings.push(Finding {
                    severity: FindingSeverity::Blocking,
                    kind: FindingKind::InstanceTypeNotOffered {
                        instance_type: instance_type.to_string(),
                        endpoints,
                        nearest_offered: nearest,
                    },
                    location,
                    source,
                });
                continue;
            }
            findings.push(Finding {
                severity: FindingSeverity::Ok,
                kind: FindingKind::InstanceTypeOffered {
                    instance_type: instance_type.to_string(),
                    endpoints,
                },
                location,
                source,
            });
            findings.push(self.zone_finding(instance_type, location));
        }
        findings
    }

    fn zone_finding(&self, instance_type: &str, location: Option<Location>) -> Finding {
        let ec2_type = instance_name::ec2_name(instance_type);
        let offering: BTreeSet<String> = self
            .observation
            .zone_offerings
            .get(&ec2_type)
            .cloned()
            .unwrap_or_default();
        let zones: BTreeSet<String> = self
            .observation
            .zones
            .iter()
            .map(|zone| zone.name.clone())
            .collect();
        let offered_in: Vec<String> = zones.intersection(&offering).cloned().collect();
        let not_offered_in: Vec<String> = zones.difference(&offering).cloned().collect();
        let severity = if not_offered_in.is_empty() {
            FindingSeverity::Ok
        } else {
            FindingSeverity::Warning
        };
        Finding {
            severity,
            kind: FindingKind::ZoneOfferings {
                instance_type: instance_type.to_string(),
                ec2_instance_type: ec2_type,
                offered_in,
                not_offered_in,
            },
            location,
            source: Some(self.source("EC2 DescribeInstanceTypeOfferings (availability-zone)")),
        }
    }

    /// Fills in the account's side of one quota need.
    fn quota(&self, need: QuotaCheck) -> QuotaCheck {
        if !self
            .observation
            .quota_services_read
            .contains(&need.service_code)
        {
            return need;
        }
        let source = Some(self.quota_list_source(&need.service_code));
        let Some(observed) = self
            .observation
            .quota_named(&need.service_code, &need.quota_name)
        else {
            return QuotaCheck {
                quota_code: None,
                status: QuotaStatus::NotInAccount,
                source,
                ..need
            };
        };
        let usage = if need.service_code == "sagemaker" {
            Some(self.endpoint_usage(&need))
        } else {
            self.ec2_usage(&need)
        };
        let (in_use, in_use_by, plan_running) = match usage {
            Some(usage) => (Some(usage.others), usage.others_by, Some(usage.plan)),
            None => (None, Vec::new(), None),
        };
        let headroom = observed.value - in_use.unwrap_or(0.0);
        let status = if need.peak_need <= headroom {
            QuotaStatus::Sufficient
        } else {
            QuotaStatus::Shortfall {
                missing: need.peak_need - headroom,
            }
        };
        let open_requests = self
            .observation
            .open_requests
            .iter()
            .filter(|request| {
                request.service_code == need.service_code
                    && request.quota_code == observed.quota_code
            })
            .cloned()
            .collect();
        QuotaCheck {
            quota_code: Some(observed.quota_code.clone()),
            quota_name: observed.quota_name.clone(),
            applied: Some(observed.value),
            adjustable: Some(observed.adjustable),
            in_use,
            in_use_by,
            plan_running,
            headroom: Some(headroom),
            open_requests,
            status,
            source,
            ..need
        }
    }

    /// Instances of the quota's type held by endpoints, split into the plan's own (tagged
    /// `gpuplan:plan` with the plan's name) and everyone else's.
    fn endpoint_usage(&self, need: &QuotaCheck) -> Usage {
        let mut usage = Usage::default();
        for endpoint in &self.observation.endpoints {
            let instances: u32 = endpoint
                .variants
                .iter()
                .filter(|variant| {
                    variant
                        .instance_type
                        .as_deref()
                        .is_some_and(|instance_type| {
                            super::sagemaker_endpoint_quota_name(instance_type)
                                .eq_ignore_ascii_case(&need.quota_name)
                        })
                })
                .map(|variant| variant.instances)
                .sum();
            if instances == 0 {
                continue;
            }
            if endpoint.plan_tag.as_deref() == Some(self.plan.name.as_str()) {
                usage.plan += f64::from(instances);
            } else {
                usage.others += f64::from(instances);
                usage
                    .others_by
                    .push(format!("{} ({instances})", endpoint.name));
            }
        }
        usage
    }

    /// vCPUs of running EC2 instances that count against the quota.
    fn ec2_usage(&self, need: &QuotaCheck) -> Option<Usage> {
        let instances = self.observation.ec2_instances.as_ref()?;
        let mut usage = Usage::default();
        for running in instances {
            let market = if running.spot {
                Market::Spot
            } else {
                Market::OnDemand
            };
            let counts = self
                .catalog
                .ec2_vcpu_quota(&running.instance_type, market)
                .is_some_and(|quota| quota.quota_name.eq_ignore_ascii_case(&need.quota_name));
            if counts {
                usage.others += f64::from(running.count * running.vcpus_each);
                usage.others_by.push(format!(
                    "EC2 {}{} × {}",
                    running.instance_type,
                    if running.spot { " spot" } else { "" },
                    running.count
                ));
            }
        }
        Some(usage)
    }
}

#[derive(Default)]
struct Usage {
    plan: f64,
    others: f64,
    others_by: Vec<String>,
}
