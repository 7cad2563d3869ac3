//! An endpoint's autoscaling in the diff: brought in place from what is observed, added
//! whole, or removed whole (before an instance-type change or with the endpoint).

use std::collections::BTreeSet;

use super::resource;
use crate::deploy::changeset::{Action, EndpointChange, ResourceChange, ResourceKind, Step};
use crate::deploy::definitions::AlarmDefinition;
use crate::deploy::desired::{DesiredEndpoint, DesiredScaling, Named};
use crate::deploy::names;
use crate::deploy::observed::ObservedDeployment;

/// Brings the autoscaling of an endpoint in place from what is observed to what is wanted.
pub(super) fn scaling_changes(
    change: &mut EndpointChange,
    resource_id: &str,
    endpoint: &DesiredEndpoint,
    observed: &ObservedDeployment,
) {
    let target = observed.scalable_target(resource_id);
    let Some(wanted) = &endpoint.scaling else {
        if target.is_some() || observed.policies_of(resource_id).next().is_some() {
            remove_scaling(change, &endpoint.name, None, observed, Removal::NotInPlan);
        }
        return;
    };
    let Some(target) = target else {
        // Policies without a target cannot exist in AWS; anything left is replaced.
        add_scaling(
            change,
            resource_id,
            endpoint,
            Action::Create,
            "autoscaling the plan asks for",
        );
        return;
    };
    // Removals first: policies and actions the plan no longer has.
    let wanted_policies: BTreeSet<&str> = wanted.policies.iter().map(|p| p.name.as_str()).collect();
    let wanted_actions: BTreeSet<&str> = wanted
        .scheduled_actions
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    for policy in observed.policies_of(resource_id) {
        if !wanted_policies.contains(policy.name.as_str()) {
            change.resources.push(resource(
                ResourceKind::ScalingPolicy,
                &policy.name,
                Action::Delete,
                "not in the plan",
            ));
            change.steps.push(Step::DeleteScalingPolicy {
                resource_id: resource_id.to_string(),
                name: policy.name.clone(),
            });
        }
    }
    for action in observed.scheduled_actions_of(resource_id) {
        if !wanted_actions.contains(action.name.as_str()) {
            change.resources.push(resource(
                ResourceKind::ScheduledAction,
                &action.name,
                Action::Delete,
                "not in the plan",
            ));
            change.steps.push(Step::DeleteScheduledAction {
                resource_id: resource_id.to_string(),
                name: action.name.clone(),
            });
        }
    }
    let alarm_name = names::backlog_alarm_name(&endpoint.name);
    if wanted.alarm.is_none() && observed.alarms.iter().any(|alarm| alarm.name == alarm_name) {
        change.resources.push(resource(
            ResourceKind::Alarm,
            &alarm_name,
            Action::Delete,
            "not in the plan",
        ));
        change.steps.push(Step::DeleteAlarm { name: alarm_name });
    }
    let differences = target.definition.differences(&wanted.target);
    if !differences.is_empty() {
        change.resources.push(ResourceChange {
            differences,
            ..resource(
                ResourceKind::ScalableTarget,
                resource_id,
                Action::Update,
                "capacity bounds changed",
            )
        });
        change.steps.push(Step::RegisterScalableTarget {
            resource_id: resource_id.to_string(),
            definition: wanted.target,
            tags: endpoint.tags.clone(),
        });
    }
    let mut policy_put = false;
    for policy in &wanted.policies {
        let existing = observed
            .policies_of(resource_id)
            .find(|p| p.name == policy.name);
        let (action, differences) = match existing {
            None => (Action::Create, Vec::new()),
            Some(existing) => (
                Action::Update,
                existing.definition.differences(&policy.definition),
            ),
        };
        if action == Action::Update && differences.is_empty() {
            continue;
        }
        policy_put = true;
        change.resources.push(ResourceChange {
            differences,
            ..resource(
                ResourceKind::ScalingPolicy,
                &policy.name,
                action,
                if action == Action::Create {
                    "autoscaling the plan asks for"
                } else {
                    "policy settings changed"
                },
            )
        });
        change.steps.push(Step::PutScalingPolicy {
            resource_id: resource_id.to_string(),
            name: policy.name.clone(),
            definition: policy.definition.clone(),
        });
    }
    if let Some(alarm) = &wanted.alarm {
        let existing = observed.alarms.iter().find(|a| a.name == alarm.name);
        let (action, differences) = match existing {
            None => (Action::Create, Vec::new()),
            Some(existing) => (
                Action::Update,
                existing.definition.differences(&alarm.definition),
            ),
        };
        if action == Action::Create || !differences.is_empty() || policy_put {
            change.resources.push(ResourceChange {
                differences,
                ..resource(
                    ResourceKind::Alarm,
                    &alarm.name,
                    action,
                    "wakes the endpoint from zero instances",
                )
            });
            change.steps.push(put_alarm(resource_id, endpoint, alarm));
        }
    }
    for action in &wanted.scheduled_actions {
        let existing = observed
            .scheduled_actions_of(resource_id)
            .find(|a| a.name == action.name);
        let (kind, differences) = match existing {
            None => (Action::Create, Vec::new()),
            Some(existing) => (
                Action::Update,
                existing.definition.differences(&action.definition),
            ),
        };
        if kind == Action::Update && differences.is_empty() {
            continue;
        }
        change.resources.push(ResourceChange {
            differences,
            ..resource(
                ResourceKind::ScheduledAction,
                &action.name,
                kind,
                "schedule the plan asks for",
            )
        });
        change.steps.push(Step::PutScheduledAction {
            resource_id: resource_id.to_string(),
            name: action.name.clone(),
            definition: action.definition.clone(),
        });
    }
}

fn put_alarm(
    resource_id: &str,
    endpoint: &DesiredEndpoint,
    alarm: &Named<AlarmDefinition>,
) -> Step {
    Step::PutAlarm {
        name: alarm.name.clone(),
        resource_id: resource_id.to_string(),
        definition: alarm.definition.clone(),
        tags: endpoint.tags.clone(),
    }
}

/// Registers the target and puts every policy, alarm and scheduled action, as `action`.
pub(super) fn add_scaling(
    change: &mut EndpointChange,
    resource_id: &str,
    endpoint: &DesiredEndpoint,
    action: Action,
    reason: &str,
) {
    let Some(DesiredScaling {
        target,
        policies,
        scheduled_actions,
        alarm,
        ..
    }) = &endpoint.scaling
    else {
        return;
    };
    push_unique(
        change,
        resource(ResourceKind::ScalableTarget, resource_id, action, reason),
    );
    change.steps.push(Step::RegisterScalableTarget {
        resource_id: resource_id.to_string(),
        definition: *target,
        tags: endpoint.tags.clone(),
    });
    for policy in policies {
        push_unique(
            change,
            resource(ResourceKind::ScalingPolicy, &policy.name, action, reason),
        );
        change.steps.push(Step::PutScalingPolicy {
            resource_id: resource_id.to_string(),
            name: policy.name.clone(),
            definition: policy.definition.clone(),
        });
    }
    if let Some(alarm) = alarm {
        push_unique(
            change,
            resource(
                ResourceKind::Alarm,
                &alarm.name,
                action,
                "wakes the endpoint from zero instances",
            ),
        );
        change.steps.push(put_alarm(resource_id, endpoint, alarm));
    }
    for scheduled in scheduled_actions {
        push_unique(
            change,
            resource(
                ResourceKind::ScheduledAction,
                &scheduled.name,
                action,
                reason,
            ),
        );
        change.steps.push(Step::PutScheduledAction {
            resource_id: resource_id.to_string(),
            name: scheduled.name.clone(),
            definition: scheduled.definition.clone(),
        });
    }
}

/// Adds a resource change unless the same resource is already listed (a replacement lists
/// the removal and the re-creation once, as `-/+`).
fn push_unique(change: &mut EndpointChange, new: ResourceChange) {
    if let Some(existing) = change
        .resources
        .iter_mut()
        .find(|r| r.kind == new.kind && r.name == new.name)
    {
        if existing.action == Action::Replace && new.action != Action::Replace {
            return;
        }
        *existing = new;
        return;
    }
    change.resources.push(new);
}

/// Why an endpoint's autoscaling is removed; it decides how each resource is shown.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Removal {
    /// Before an instance-type change or a replacement: what the plan keeps comes back
    /// afterwards (`-/+`), the rest goes (`-`).
    UntilRecreated,
    /// The plan has no autoscaling for the endpoint any more.
    NotInPlan,
    /// The endpoint itself is removed.
    WithEndpoint,
}

/// Removes an endpoint's autoscaling: scheduled actions, alarm and policies, then the
/// scalable target (AWS also deletes the policies with the target; gpuplan deletes them
/// explicitly first so nothing depends on that).
pub(super) fn remove_scaling(
    change: &mut EndpointChange,
    endpoint_name: &str,
    wanted: Option<&DesiredScaling>,
    observed: &ObservedDeployment,
    why: Removal,
) {
    let resource_id = names::scaling_resource_id(endpoint_name);
    let resource_id = resource_id.as_str();
    let kept = |kind: ResourceKind, name: &str| {
        why == Removal::UntilRecreated
            && wanted.is_some_and(|scaling| match kind {
                ResourceKind::ScalingPolicy => scaling.policies.iter().any(|p| p.name == name),
                ResourceKind::ScheduledAction => {
                    scaling.scheduled_actions.iter().any(|a| a.name == name)
                }
                ResourceKind::Alarm => scaling.alarm.as_ref().is_some_and(|a| a.name == name),
                _ => true,
            })
    };
    let show = |change: &mut EndpointChange, kind: ResourceKind, name: &str| {
        let (action, reason) = if kept(kind, name) {
            (
                Action::Replace,
                if kind == ResourceKind::ScalableTarget {
                    "deregistered before the instance type changes, registered again once InService"
                } else {
                    "removed with the scalable target, put back after the update"
                },
            )
        } else {
            (
                Action::Delete,
                match (why, kind) {
                    (Removal::WithEndpoint, _) => "its endpoint is removed",
                    (_, ResourceKind::ScalableTarget) => {
                        "the plan has no autoscaling for this endpoint"
                    }
                    _ => "not in the plan",
                },
            )
        };
        change.resources.push(resource(kind, name, action, reason));
    };
    for scheduled in observed.scheduled_actions_of(resource_id) {
        show(change, ResourceKind::ScheduledAction, &scheduled.name);
        change.steps.push(Step::DeleteScheduledAction {
            resource_id: resource_id.to_string(),
            name: scheduled.name.clone(),
        });
    }
    let alarm_name = names::backlog_alarm_name(endpoint_name);
    if observed.alarms.iter().any(|alarm| alarm.name == alarm_name) {
        show(change, ResourceKind::Alarm, &alarm_name);
        change.steps.push(Step::DeleteAlarm { name: alarm_name });
    }
    for policy in observed.policies_of(resource_id) {
        show(change, ResourceKind::ScalingPolicy, &policy.name);
        change.steps.push(Step::DeleteScalingPolicy {
            resource_id: resource_id.to_string(),
            name: policy.name.clone(),
        });
    }
    if observed.scalable_target(resource_id).is_some() {
        show(change, ResourceKind::ScalableTarget, resource_id);
        change.steps.push(Step::DeregisterScalableTarget {
            resource_id: resource_id.to_string(),
        });
    }
}
