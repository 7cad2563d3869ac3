//! An endpoint the plan no longer has: everything of it, in dependency order.

use std::collections::BTreeMap;

use super::{delete_version, is_in_progress, resource};
use crate::deploy::changeset::{Action, EndpointChange, ResourceKind, Step};
use crate::deploy::names;
use crate::deploy::observed::{ObservedDeployment, ObservedEndpoint};

/// Everything of an endpoint the plan no longer has, in dependency order.
pub(super) fn removal(
    endpoint: &ObservedEndpoint,
    observed: &ObservedDeployment,
) -> EndpointChange {
    let mut change = EndpointChange {
        endpoint: endpoint.name.clone(),
        action: Action::Delete,
        reason: "no longer in the plan".to_string(),
        resources: Vec::new(),
        steps: Vec::new(),
    };
    let resource_id = names::scaling_resource_id(&endpoint.name);
    for scheduled in observed.scheduled_actions_of(&resource_id) {
        change.resources.push(resource(
            ResourceKind::ScheduledAction,
            &scheduled.name,
            Action::Delete,
            "its endpoint is removed",
        ));
        change.steps.push(Step::DeleteScheduledAction {
            resource_id: resource_id.clone(),
            name: scheduled.name.clone(),
        });
    }
    let alarm_name = names::backlog_alarm_name(&endpoint.name);
    if observed.alarms.iter().any(|alarm| alarm.name == alarm_name) {
        change.resources.push(resource(
            ResourceKind::Alarm,
            &alarm_name,
            Action::Delete,
            "its endpoint is removed",
        ));
        change.steps.push(Step::DeleteAlarm { name: alarm_name });
    }
    for policy in observed.policies_of(&resource_id) {
        change.resources.push(resource(
            ResourceKind::ScalingPolicy,
            &policy.name,
            Action::Delete,
            "its endpoint is removed",
        ));
        change.steps.push(Step::DeleteScalingPolicy {
            resource_id: resource_id.clone(),
            name: policy.name.clone(),
        });
    }
    if observed.scalable_target(&resource_id).is_some() {
        change.resources.push(resource(
            ResourceKind::ScalableTarget,
            &resource_id,
            Action::Delete,
            "its endpoint is removed",
        ));
        change.steps.push(Step::DeregisterScalableTarget {
            resource_id: resource_id.clone(),
        });
    }
    change.resources.push(resource(
        ResourceKind::Endpoint,
        &endpoint.name,
        Action::Delete,
        "no longer in the plan",
    ));
    if is_in_progress(&endpoint.status) {
        change.steps.push(Step::WaitInService {
            name: endpoint.name.clone(),
            config_name: endpoint.config_name.clone(),
        });
    }
    change.steps.push(Step::DeleteEndpoint {
        name: endpoint.name.clone(),
    });
    change.steps.push(Step::WaitDeleted {
        name: endpoint.name.clone(),
    });
    let key = endpoint.key().unwrap_or("");
    let belongs = |tags: &BTreeMap<String, String>, name: &str| {
        tags.get(names::ENDPOINT_TAG).is_some_and(|k| k == key) || name == endpoint.config_name
    };
    let configs: Vec<String> = observed
        .endpoint_configs
        .iter()
        .filter(|c| belongs(&c.tags, &c.name))
        .map(|c| c.name.clone())
        .collect();
    let models: Vec<String> = observed
        .models
        .iter()
        .filter(|m| m.tags.get(names::ENDPOINT_TAG).is_some_and(|k| k == key))
        .map(|m| m.name.clone())
        .collect();
    for name in configs {
        delete_version(
            &mut change,
            ResourceKind::EndpointConfig,
            &name,
            "its endpoint is removed",
        );
    }
    for name in models {
        delete_version(
            &mut change,
            ResourceKind::Model,
            &name,
            "its endpoint is removed",
        );
    }
    change
}
