//! What a live check read from the account, as plain data.
//!
//! The AWS adapter fills an [`AccountObservation`] from a handful of API calls and knows
//! nothing of plans; [`super::check_live`] judges a plan against it. Keeping the two apart
//! keeps the judgement pure and testable without a network. What to read is said by an
//! [`ObservationRequest`], derived from the plan by [`ObservationRequest::for_plan`].

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::catalog::{Catalog, instance_name};
use crate::check::report::ApiCallCount;
use crate::plan::Plan;
use crate::region::Region;

/// What the adapter should read for one plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ObservationRequest {
    pub region: Region,
    /// The plan's name: endpoints named `PLAN-...` are asked for their tags, and those
    /// tagged `gpuplan:plan = PLAN` count as the plan's own.
    pub plan_name: String,
    /// Service ids whose SSM public parameter should be looked up (the plan's services
    /// and the services of its hosted models).
    pub services: BTreeSet<String>,
    /// EC2 instance type names (`g5.2xlarge`) whose per-zone offerings to read: the plan's
    /// SageMaker types without `ml.`.
    pub instance_types: BTreeSet<String>,
    /// Whether EC2 vCPU quotas and running EC2 instances matter (the plan compares a
    /// self-managed EC2 alternative).
    pub ec2_capacity: bool,
    /// EC2 `instance-type` filter patterns (`g*`, `vt*`) covering every family counted by
    /// the EC2 quotas the plan needs; empty when EC2 capacity does not matter.
    pub ec2_instance_type_patterns: BTreeSet<String>,
}

impl ObservationRequest {
    pub fn for_plan(plan: &Plan, catalog: &Catalog) -> ObservationRequest {
        let mut services: BTreeSet<String> = plan
            .services
            .iter()
            .map(|service| service.value.clone())
            .collect();
        services.extend(
            plan.managed_models
                .iter()
                .map(|managed| managed.service.clone()),
        );
        let instance_types: BTreeSet<String> = plan
            .endpoints
            .iter()
            .map(|group| instance_name::ec2_name(&group.instance_type))
            .collect();
        let ec2_capacity = plan.alternatives.spot.is_some();
        let ec2_instance_type_patterns = if ec2_capacity {
            ec2_patterns(&instance_types, catalog)
        } else {
            BTreeSet::new()
        };
        ObservationRequest {
            region: plan.region,
            plan_name: plan.name.clone(),
            services,
            instance_types,
            ec2_capacity,
            ec2_instance_type_patterns,
        }
    }
}

/// The family patterns of every EC2 vCPU quota that counts one of the types.
fn ec2_patterns(instance_types: &BTreeSet<String>, catalog: &Catalog) -> BTreeSet<String> {
    catalog
        .data()
        .quotas
        .ec2_vcpu
        .iter()
        .filter(|quota| {
            instance_types.iter().any(|name| {
                quota.family_patterns.iter().any(|pattern| {
                    instance_name::pattern_covers(pattern, instance_name::family(name))
                })
            })
        })
        .flat_map(|quota| quota.family_patterns.iter().cloned())
        .collect()
}

/// Everything a live check read, at one moment.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct AccountObservation {
    /// When the reading started, RFC 3339 (UTC).
    pub observed_at: String,
    /// Service id to whether the region's SSM public parameter lists it.
    pub services: BTreeMap<String, bool>,
    /// The region's availability zones.
    pub zones: Vec<ObservedZone>,
    /// EC2 instance type to the names of the zones that offer it. A type no zone offers
    /// is absent.
    pub zone_offerings: BTreeMap<String, BTreeSet<String>>,
    /// The applied Service Quotas of the services read (`sagemaker`, `ec2`).
    pub quotas: Vec<ObservedQuota>,
    /// Service codes whose quota list was read in full.
    pub quota_services_read: BTreeSet<String>,
    /// SageMaker endpoints in the region, with the instances they hold.
    pub endpoints: Vec<RunningEndpoint>,
    /// Running EC2 instances of the families that matter, when EC2 capacity was read.
    pub ec2_instances: Option<Vec<RunningInstances>>,
    /// Quota increase requests still open (pending, or with a support case open).
    pub open_requests: Vec<OpenQuotaRequest>,
    /// The API calls the reading made, by operation.
    pub api_calls: Vec<ApiCallCount>,
}

/// An availability zone: its name in this account and its id, the same in every account.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct ObservedZone {
    /// `cn-northwest-1a`.
    pub name: String,
    /// `cnnw1-az1`.
    pub id: String,
}

/// One applied Service Quota.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ObservedQuota {
    pub service_code: String,
    pub quota_code: String,
    /// `ml.g5.2xlarge for endpoint usage`.
    pub quota_name: String,
    pub value: f64,
    pub adjustable: bool,
}

/// A SageMaker endpoint and the instances its variants hold now.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RunningEndpoint {
    pub name: String,
    /// The endpoint's `gpuplan:plan` tag, read for endpoints named like the plan's.
    pub plan_tag: Option<String>,
    /// `InService`, `Creating`, `Updating`, ...
    pub status: String,
    pub variants: Vec<RunningVariant>,
}

/// One production variant of an endpoint.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RunningVariant {
    /// `ml.g5.2xlarge`; `None` for a serverless variant.
    pub instance_type: Option<String>,
    /// The current instance count (the desired count while it is not yet reported).
    pub instances: u32,
}

/// Running EC2 instances of one type and market.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RunningInstances {
    /// `g5.xlarge`.
    pub instance_type: String,
    pub spot: bool,
    pub count: u32,
    /// vCPUs of one instance, as the instance reports them.
    pub vcpus_each: u32,
}

/// A quota increase request that has not been decided yet.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OpenQuotaRequest {
    pub id: String,
    pub service_code: String,
    pub quota_code: String,
    pub quota_name: String,
    pub desired_value: f64,
    /// `PENDING` or `CASE_OPENED`.
    pub status: String,
    /// When it was filed, RFC 3339, when known.
    pub created: Option<String>,
}

impl AccountObservation {
    /// The quota of `service_code` whose name is `quota_name` (case and spacing aside):
    /// codes can differ by region, names do not.
    pub fn quota_named(&self, service_code: &str, quota_name: &str) -> Option<&ObservedQuota> {
        let wanted = normalise(quota_name);
        self.quotas.iter().find(|quota| {
            quota.service_code == service_code && normalise(&quota.quota_name) == wanted
        })
    }

    /// The date part of [`Self::observed_at`].
    pub fn observed_on(&self) -> &str {
        self.observed_at.get(..10).unwrap_or(&self.observed_at)
    }
}

fn normalise(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_lowercase()
}
