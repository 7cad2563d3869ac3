//! The monthly cost of a change: what the plan's endpoints cost as they run now and as the
//! plan wants them, by gpuplan's cost model (each endpoint's planned strategy simulated
//! over its workload), in CNY.
//!
//! "Now" is priced from what the account holds: each of the plan's endpoints with its
//! observed instance type and autoscaling bounds, under its group's workload; an endpoint
//! whose group is gone from the plan is priced always-on at its current instance count.
//! Every figure is an estimate of the cost model and says so, with the prices' sources.

use std::collections::BTreeMap;

use serde::Serialize;

use super::desired::DesiredDeployment;
use super::names;
use super::observed::ObservedDeployment;
use crate::catalog::Catalog;
use crate::cost::{self, CostReport, RowOutcome};
use crate::plan::{Autoscaling, EndpointGroup, Plan};
use crate::provenance::{Basis, Source};

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CostDelta {
    /// Monthly CNY of the plan's endpoints as they run now; `None` when one could not be
    /// priced.
    pub before_monthly_cny: Option<f64>,
    pub after_monthly_cny: Option<f64>,
    pub change_monthly_cny: Option<f64>,
    /// The endpoints whose cost changes.
    pub endpoints: Vec<EndpointCostChange>,
    /// The weakest basis of the figures: always at least [`Basis::Estimated`] (a
    /// simulation).
    pub basis: Basis,
    /// The hourly prices used, with their sources and dates.
    pub prices: Vec<PriceUsed>,
    pub method: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EndpointCostChange {
    pub endpoint: String,
    pub before_monthly_cny: Option<f64>,
    pub after_monthly_cny: Option<f64>,
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PriceUsed {
    pub instance_type: String,
    pub cny_per_hour: f64,
    pub basis: Basis,
    pub sources: Vec<Source>,
}

const METHOD: &str = "each endpoint's planned strategy (always-on, autoscaled, scheduled or asynchronous) simulated minute by minute over its workload, 730 hours a month";

/// The cost of going from `observed` to `desired`.
pub fn cost_delta(
    plan: &Plan,
    catalog: &Catalog,
    desired: &DesiredDeployment,
    observed: &ObservedDeployment,
) -> CostDelta {
    let groups: BTreeMap<&str, &EndpointGroup> = plan
        .endpoints
        .iter()
        .map(|group| (group.name.as_str(), group))
        .collect();
    // After: one synthetic group per desired endpoint, as the plan wants it.
    let mut after_groups = Vec::new();
    for endpoint in &desired.endpoints {
        let mut group = groups[endpoint.group.as_str()].clone();
        group.name = endpoint.name.clone();
        group.count = 1;
        after_groups.push(group);
    }
    // Before: the plan's endpoints in the account, as they run.
    let mut before_groups = Vec::new();
    let mut notes: BTreeMap<String, String> = BTreeMap::new();
    for endpoint in &observed.endpoints {
        let key = endpoint.key().unwrap_or("");
        let group_name = desired
            .endpoints
            .iter()
            .find(|wanted| wanted.key == key)
            .map(|wanted| wanted.group.as_str());
        // A member a group no longer counts (`face-restore-04` of a group cut to 3) is
        // priced with its group's settings.
        let former_group = group_name
            .is_none()
            .then(|| former_group_of(plan, key))
            .flatten();
        if former_group.is_some() {
            notes.insert(endpoint.name.clone(), "no longer in the plan".to_string());
        }
        let config = observed
            .endpoint_config(&endpoint.config_name)
            .and_then(|config| config.definition.as_ref());
        let Some(config) = config else {
            notes.insert(
                endpoint.name.clone(),
                "its endpoint config could not be read: not priced".to_string(),
            );
            continue;
        };
        let current_count = endpoint
            .variants
            .first()
            .and_then(|variant| {
                variant
                    .current_instance_count
                    .or(variant.desired_instance_count)
            })
            .unwrap_or(config.initial_instance_count);
        let target = observed.scalable_target(&names::scaling_resource_id(&endpoint.name));
        let mut group = match group_name
            .or(former_group)
            .and_then(|name| groups.get(name))
        {
            Some(group) => (*group).clone(),
            None => {
                let Some(any) = plan.endpoints.first() else {
                    notes.insert(
                        endpoint.name.clone(),
                        "not priced: the plan has no endpoint left to take a workload from"
                            .to_string(),
                    );
                    continue;
                };
                notes.insert(
                    endpoint.name.clone(),
                    "no longer in the plan: priced always-on at its current instance count"
                        .to_string(),
                );
                let mut group = any.clone();
                group.autoscaling = None;
                group.schedules.clear();
                group.asynchronous = None;
                group
            }
        };
        group.name = endpoint.name.clone();
        group.count = 1;
        group.instance_type = config.instance_type.clone();
        if group_name.is_none() && former_group.is_none() {
            group.instance_count = current_count.max(1);
        } else {
            match (target, group.autoscaling.as_mut()) {
                (Some(target), Some(autoscaling)) => {
                    autoscaling.min = target.definition.min_capacity;
                    autoscaling.max = target.definition.max_capacity;
                    group.instance_count =
                        current_count.clamp(autoscaling.min.max(1), autoscaling.max.max(1));
                }
                (Some(target), None) => {
                    group.autoscaling = Some(Autoscaling {
                        min: target.definition.min_capacity,
                        max: target.definition.max_capacity,
                        target_invocations_per_instance: observed_target(observed, &endpoint.name)
                            .unwrap_or(1.0),
                        scale_in_cooldown_seconds: crate::plan::DEFAULT_COOLDOWN_SECONDS,
                        scale_out_cooldown_seconds: crate::plan::DEFAULT_COOLDOWN_SECONDS,
                    });
                }
                (None, _) => {
                    group.autoscaling = None;
                    group.schedules.clear();
                    group.instance_count = current_count.max(1);
                }
            }
            if let (Some(autoscaling), Some(target_value)) = (
                group.autoscaling.as_mut(),
                observed_target(observed, &endpoint.name),
            ) {
                autoscaling.target_invocations_per_instance = target_value;
            }
        }
        before_groups.push(group);
    }
    let after = per_endpoint(plan, catalog, after_groups);
    let before = per_endpoint(plan, catalog, before_groups);
    let mut endpoints = Vec::new();
    let mut names_seen: Vec<&String> = after.costs.keys().chain(before.costs.keys()).collect();
    names_seen.extend(notes.keys());
    names_seen.sort();
    names_seen.dedup();
    for name in names_seen {
        // An endpoint absent from one side costs nothing there.
        let before_cost = match before.costs.get(name) {
            Some(cost) => *cost,
            None if notes.contains_key(name) => None,
            None => Some(0.0),
        };
        let after_cost = after.costs.get(name).copied().unwrap_or(Some(0.0));
        let changed = match (before_cost, after_cost) {
            (Some(a), Some(b)) => (a - b).abs() > 0.005,
            (None, None) => notes.contains_key(name),
            _ => true,
        };
        if changed {
            endpoints.push(EndpointCostChange {
                endpoint: name.clone(),
                before_monthly_cny: before_cost,
                after_monthly_cny: after_cost,
                note: notes.get(name).cloned(),
            });
        }
    }
    let sum = |side: &Priced| -> Option<f64> { side.costs.values().copied().sum::<Option<f64>>() };
    let before_total = if observed.endpoints.is_empty() {
        Some(0.0)
    } else {
        sum(&before)
    };
    let after_total = sum(&after);
    let mut prices: BTreeMap<String, PriceUsed> = BTreeMap::new();
    for line in after
        .report
        .iter()
        .chain(before.report.iter())
        .flat_map(|report| &report.prices)
    {
        prices
            .entry(line.instance_type.clone())
            .or_insert_with(|| PriceUsed {
                instance_type: line.instance_type.clone(),
                cny_per_hour: line.quote.cny_per_hour,
                basis: line.quote.basis,
                sources: line.quote.sources.clone(),
            });
    }
    CostDelta {
        before_monthly_cny: before_total,
        after_monthly_cny: after_total,
        change_monthly_cny: before_total
            .zip(after_total)
            .map(|(before, after)| after - before),
        endpoints,
        basis: Basis::Estimated.combine(before.basis).combine(after.basis),
        prices: prices.into_values().collect(),
        method: METHOD.to_string(),
    }
}

/// The group an endpoint name inside the plan was a member of: `NAME-NN` of group `NAME`.
fn former_group_of<'a>(plan: &'a Plan, key: &str) -> Option<&'a str> {
    plan.endpoints
        .iter()
        .map(|group| group.name.as_str())
        .find(|name| {
            key.strip_prefix(name)
                .and_then(|rest| rest.strip_prefix('-'))
                .is_some_and(|index| {
                    !index.is_empty() && index.bytes().all(|byte| byte.is_ascii_digit())
                })
        })
}

fn observed_target(observed: &ObservedDeployment, endpoint_name: &str) -> Option<f64> {
    let resource_id = names::scaling_resource_id(endpoint_name);
    observed
        .policies_of(&resource_id)
        .find_map(|policy| match policy.definition {
            super::definitions::ScalingPolicyDefinition::TargetTracking {
                target_invocations_per_instance,
                ..
            } => Some(target_invocations_per_instance),
            _ => None,
        })
}

struct Priced {
    costs: BTreeMap<String, Option<f64>>,
    basis: Basis,
    report: Option<CostReport>,
}

/// The planned strategy's monthly cost of each (one-endpoint) group.
fn per_endpoint(plan: &Plan, catalog: &Catalog, groups: Vec<EndpointGroup>) -> Priced {
    if groups.is_empty() {
        return Priced {
            costs: BTreeMap::new(),
            basis: Basis::Published,
            report: None,
        };
    }
    let mut synthetic = plan.clone();
    synthetic.endpoints = groups;
    // Usage-based alternatives do not matter here, and would refer to the old group names.
    synthetic.alternatives.apis.clear();
    let report = cost::estimate(&synthetic, catalog);
    let mut basis = Basis::Published;
    let mut costs = BTreeMap::new();
    for group in &report.groups {
        let figure = group
            .rows
            .iter()
            .find(|row| row.strategy == group.planned)
            .and_then(|row| match &row.outcome {
                RowOutcome::Priced(figures) => {
                    basis = basis.combine(figures.basis);
                    Some(figures.monthly_cny_per_endpoint)
                }
                RowOutcome::NotPriced { .. } => None,
            });
        costs.insert(group.name.clone(), figure);
    }
    Priced {
        costs,
        basis,
        report: Some(report),
    }
}
