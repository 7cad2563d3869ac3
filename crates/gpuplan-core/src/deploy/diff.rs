//! The diff: the plan's desired deployment against what the account holds, as a
//! [`Changeset`].
//!
//! The rules it encodes, each a pitfall of managing SageMaker endpoints by hand or with
//! Terraform:
//! - models and endpoint configs are immutable: a changed spec is a new version under a new
//!   name, and the old version is deleted only after the endpoint is InService on the new one;
//! - an update keeps the instance count the autoscaler set (`RetainAllVariantProperties`)
//!   unless the instance type changes;
//! - an instance-type change deregisters the scalable target (and with it the policies and
//!   scheduled actions) before the update and registers it again after;
//! - a resource that already exists under the name the plan wants (left by an interrupted
//!   apply) is used, not created again, so a re-run converges;
//! - a name held by a resource without the plan's tag is a [`Conflict`], never touched.

use std::collections::{BTreeMap, BTreeSet};

use super::changeset::{
    Action, CHANGESET_FORMAT_VERSION, Changeset, Conflict, EndpointChange, ResourceChange,
    ResourceKind, Step,
};
use super::definitions::Difference;
use super::desired::{DesiredDeployment, DesiredEndpoint, DesiredScaling};
use super::names;
use super::observed::{ObservedDeployment, ObservedEndpoint};
use crate::region::Region;

/// Compares the plan with the account. `observed` holds only the plan's resources (and the
/// foreign ones that block its names).
pub fn diff(
    desired: &DesiredDeployment,
    observed: &ObservedDeployment,
    region: Region,
) -> Changeset {
    let mut changes = Vec::new();
    let mut unchanged = Vec::new();
    let mut conflicts = Vec::new();
    let desired_keys: BTreeSet<&str> = desired.endpoints.iter().map(|e| e.key.as_str()).collect();
    for endpoint in &desired.endpoints {
        let blocking = conflicts_of(endpoint, observed);
        if !blocking.is_empty() {
            conflicts.extend(blocking);
            continue;
        }
        match endpoint_change(endpoint, observed) {
            Some(change) => changes.push(change),
            None => unchanged.push(endpoint.name.clone()),
        }
    }
    // Endpoints the plan no longer has.
    for endpoint in &observed.endpoints {
        if desired.endpoint(&endpoint.name).is_none() {
            changes.push(removal(endpoint, observed));
        }
    }
    // Models and configs of the plan that belong to no endpoint of the plan or the account.
    let observed_keys: BTreeSet<&str> = observed.endpoints.iter().filter_map(|e| e.key()).collect();
    let mut orphans: BTreeMap<String, Vec<(ResourceKind, String)>> = BTreeMap::new();
    for (kind, name, tags) in observed
        .endpoint_configs
        .iter()
        .map(|c| (ResourceKind::EndpointConfig, &c.name, &c.tags))
        .chain(
            observed
                .models
                .iter()
                .map(|m| (ResourceKind::Model, &m.name, &m.tags)),
        )
    {
        let key = tags
            .get(names::ENDPOINT_TAG)
            .map(String::as_str)
            .unwrap_or("");
        if !desired_keys.contains(key) && !observed_keys.contains(key) {
            orphans
                .entry(key.to_string())
                .or_default()
                .push((kind, name.clone()));
        }
    }
    for (key, resources) in orphans {
        let mut change = EndpointChange {
            endpoint: if key.is_empty() {
                "(untagged endpoint)".to_string()
            } else {
                format!("{}-{key}", desired.plan)
            },
            action: Action::Delete,
            reason: "left by an earlier apply: no endpoint of the plan uses it".to_string(),
            resources: Vec::new(),
            steps: Vec::new(),
        };
        for (kind, name) in resources {
            delete_version(&mut change, kind, &name, "not used by any endpoint");
        }
        changes.push(change);
    }
    Changeset {
        format_version: CHANGESET_FORMAT_VERSION,
        plan: desired.plan.clone(),
        region,
        observed_fingerprint: observed.fingerprint(),
        endpoints: changes,
        unchanged,
        conflicts,
    }
}

fn conflicts_of(endpoint: &DesiredEndpoint, observed: &ObservedDeployment) -> Vec<Conflict> {
    let wanted = [
        (ResourceKind::Endpoint, endpoint.name.as_str(), "endpoint"),
        (
            ResourceKind::EndpointConfig,
            endpoint.config_name.as_str(),
            "endpoint config",
        ),
        (ResourceKind::Model, endpoint.model_name.as_str(), "model"),
    ];
    wanted
        .into_iter()
        .filter_map(|(kind, name, label)| {
            let foreign = observed
                .foreign
                .iter()
                .find(|resource| resource.kind == label && resource.name == name)?;
            let owner = match &foreign.plan_tag {
                Some(other) => format!("it is tagged as plan `{other}`'s"),
                None => format!("it has no `{}` tag", names::PLAN_TAG),
            };
            Some(Conflict {
                kind,
                name: name.to_string(),
                message: format!(
                    "a SageMaker {label} named `{name}` exists but is not managed by this plan ({owner}): gpuplan will not touch it; rename the plan or the endpoint, or remove that {label}"
                ),
            })
        })
        .collect()
}

/// What changes for an endpoint the plan wants; `None` when nothing does.
fn endpoint_change(
    endpoint: &DesiredEndpoint,
    observed: &ObservedDeployment,
) -> Option<EndpointChange> {
    let mut change = EndpointChange {
        endpoint: endpoint.name.clone(),
        action: Action::Update,
        reason: String::new(),
        resources: Vec::new(),
        steps: Vec::new(),
    };
    let resource_id = names::scaling_resource_id(&endpoint.name);
    let Some(current) = observed.endpoint(&endpoint.name) else {
        change.action = Action::Create;
        change.reason = "not in the account".to_string();
        add_versions(&mut change, endpoint, observed, None);
        change.resources.push(resource(
            ResourceKind::Endpoint,
            &endpoint.name,
            Action::Create,
            "new endpoint",
        ));
        change.steps.push(Step::CreateEndpoint {
            name: endpoint.name.clone(),
            config_name: endpoint.config_name.clone(),
            tags: endpoint.tags.clone(),
        });
        change.steps.push(wait_in_service(endpoint));
        // A scalable target left behind by an endpoint deleted by hand still counts.
        scaling_changes(&mut change, &resource_id, endpoint, observed);
        delete_old_versions(&mut change, endpoint, observed);
        return Some(change);
    };
    let current_config = observed
        .endpoint_config(&current.config_name)
        .and_then(|config| config.definition.as_ref());
    let switches_mode = current_config
        .is_some_and(|config| config.is_asynchronous() != endpoint.config.is_asynchronous());
    if current.status == "Failed" || switches_mode {
        change.action = Action::Replace;
        change.reason = if switches_mode {
            "SageMaker cannot switch an endpoint between real-time and asynchronous inference in place".to_string()
        } else {
            format!(
                "the endpoint is Failed ({}): a failed endpoint cannot be updated",
                current
                    .failure_reason
                    .as_deref()
                    .unwrap_or("no reason given")
            )
        };
        remove_scaling(
            &mut change,
            &resource_id,
            endpoint,
            observed,
            Action::Replace,
        );
        change.steps.push(Step::DeleteEndpoint {
            name: endpoint.name.clone(),
        });
        change.steps.push(Step::WaitDeleted {
            name: endpoint.name.clone(),
        });
        add_versions(&mut change, endpoint, observed, Some(current));
        change.resources.push(resource(
            ResourceKind::Endpoint,
            &endpoint.name,
            Action::Replace,
            &change.reason.clone(),
        ));
        change.steps.push(Step::CreateEndpoint {
            name: endpoint.name.clone(),
            config_name: endpoint.config_name.clone(),
            tags: endpoint.tags.clone(),
        });
        change.steps.push(wait_in_service(endpoint));
        add_scaling(
            &mut change,
            &resource_id,
            endpoint,
            Action::Create,
            "recreated with the endpoint",
        );
        delete_old_versions(&mut change, endpoint, observed);
        return Some(change);
    }
    if current.config_name != endpoint.config_name {
        let type_changes = current_config
            .is_none_or(|config| config.instance_type != endpoint.config.instance_type);
        let has_target = observed.scalable_target(&resource_id).is_some();
        let mut differences = Vec::new();
        if let Some(config) = current_config {
            differences.extend(config.differences(&endpoint.config));
        }
        if let Some(model) = observed
            .model(current_config.map(|c| c.model_name.as_str()).unwrap_or(""))
            .and_then(|model| model.definition.as_ref())
        {
            differences.extend(model.differences(&endpoint.model));
        }
        change.reason = if differences.is_empty() {
            format!("spec changed (hash {})", endpoint.spec_hash)
        } else {
            let attributes: Vec<&str> = differences.iter().map(|d| d.attribute.as_str()).collect();
            format!("{} changed", attributes.join(", "))
        };
        add_versions(&mut change, endpoint, observed, Some(current));
        let retain = has_target && !type_changes;
        let how = if retain {
            "updated in place; keeps the instance count the autoscaler set (RetainAllVariantProperties)"
        } else if type_changes && has_target {
            "updated in place to the new instance type; autoscaling is deregistered first and registered again once InService"
        } else {
            "updated in place"
        };
        let mut endpoint_differences = vec![Difference::new(
            "endpoint_config_name",
            &current.config_name,
            &endpoint.config_name,
        )];
        endpoint_differences.extend(differences);
        change.resources.push(ResourceChange {
            differences: endpoint_differences,
            ..resource(ResourceKind::Endpoint, &endpoint.name, Action::Update, how)
        });
        if is_in_progress(&current.status) {
            change.steps.push(Step::WaitInService {
                name: endpoint.name.clone(),
                config_name: current.config_name.clone(),
            });
        }
        if type_changes && has_target {
            remove_scaling(
                &mut change,
                &resource_id,
                endpoint,
                observed,
                Action::Replace,
            );
        }
        change.steps.push(Step::UpdateEndpoint {
            name: endpoint.name.clone(),
            config_name: endpoint.config_name.clone(),
            retain_variant_properties: retain,
        });
        change.steps.push(wait_in_service(endpoint));
        if type_changes && has_target {
            add_scaling(
                &mut change,
                &resource_id,
                endpoint,
                Action::Replace,
                "registered again after the instance-type change",
            );
        } else {
            scaling_changes(&mut change, &resource_id, endpoint, observed);
        }
        delete_old_versions(&mut change, endpoint, observed);
        return Some(change);
    }
    // Same endpoint config: only autoscaling and leftovers can differ.
    scaling_changes(&mut change, &resource_id, endpoint, observed);
    delete_old_versions(&mut change, endpoint, observed);
    if change.resources.is_empty() {
        return None;
    }
    // An endpoint still being created or updated (an interrupted apply) is waited for
    // before its autoscaling is touched.
    if is_in_progress(&current.status) {
        change.steps.insert(
            0,
            Step::WaitInService {
                name: endpoint.name.clone(),
                config_name: current.config_name.clone(),
            },
        );
    }
    let kinds: BTreeSet<&str> = change.resources.iter().map(|r| r.kind.label()).collect();
    change.reason = format!(
        "{} differ",
        kinds.into_iter().collect::<Vec<_>>().join(", ")
    );
    Some(change)
}

fn wait_in_service(endpoint: &DesiredEndpoint) -> Step {
    Step::WaitInService {
        name: endpoint.name.clone(),
        config_name: endpoint.config_name.clone(),
    }
}

fn resource(kind: ResourceKind, name: &str, action: Action, reason: &str) -> ResourceChange {
    ResourceChange {
        kind,
        name: name.to_string(),
        replaces: None,
        action,
        reason: reason.to_string(),
        differences: Vec::new(),
    }
}

/// Creates the model and endpoint config of the wanted version unless they exist.
fn add_versions(
    change: &mut EndpointChange,
    endpoint: &DesiredEndpoint,
    observed: &ObservedDeployment,
    current: Option<&ObservedEndpoint>,
) {
    let current_config = current.and_then(|c| observed.endpoint_config(&c.config_name));
    let current_model_name = current_config
        .and_then(|config| config.definition.as_ref())
        .map(|definition| definition.model_name.clone());
    if observed.model(&endpoint.model_name).is_none() {
        let replaces = current_model_name.filter(|name| *name != endpoint.model_name);
        change.resources.push(ResourceChange {
            action: if replaces.is_some() {
                Action::Replace
            } else {
                Action::Create
            },
            replaces,
            ..resource(
                ResourceKind::Model,
                &endpoint.model_name,
                Action::Create,
                &format!(
                    "models are immutable: version {} of the spec",
                    endpoint.spec_hash
                ),
            )
        });
        change.steps.push(Step::CreateModel {
            name: endpoint.model_name.clone(),
            definition: endpoint.model.clone(),
            tags: endpoint.tags.clone(),
        });
    }
    if observed.endpoint_config(&endpoint.config_name).is_none() {
        let replaces = current
            .map(|c| c.config_name.clone())
            .filter(|name| *name != endpoint.config_name);
        change.resources.push(ResourceChange {
            action: if replaces.is_some() {
                Action::Replace
            } else {
                Action::Create
            },
            replaces,
            ..resource(
                ResourceKind::EndpointConfig,
                &endpoint.config_name,
                Action::Create,
                &format!(
                    "endpoint configs are immutable: version {} of the spec",
                    endpoint.spec_hash
                ),
            )
        });
        change.steps.push(Step::CreateEndpointConfig {
            name: endpoint.config_name.clone(),
            definition: endpoint.config.clone(),
            tags: endpoint.tags.clone(),
        });
    }
}

/// Deletes the endpoint's models and configs other than the wanted version, after the
/// endpoint is on the wanted one. A version shown as replaced is not listed again.
fn delete_old_versions(
    change: &mut EndpointChange,
    endpoint: &DesiredEndpoint,
    observed: &ObservedDeployment,
) {
    let shown: BTreeSet<(ResourceKind, String)> = change
        .resources
        .iter()
        .filter_map(|r| r.replaces.clone().map(|name| (r.kind, name)))
        .collect();
    let key_matches = |tags: &BTreeMap<String, String>| {
        tags.get(names::ENDPOINT_TAG)
            .is_some_and(|key| *key == endpoint.key)
    };
    let old_configs: Vec<String> = observed
        .endpoint_configs
        .iter()
        .filter(|config| key_matches(&config.tags) && config.name != endpoint.config_name)
        .map(|config| config.name.clone())
        .collect();
    let old_models: Vec<String> = observed
        .models
        .iter()
        .filter(|model| key_matches(&model.tags) && model.name != endpoint.model_name)
        .map(|model| model.name.clone())
        .collect();
    for name in old_configs {
        if shown.contains(&(ResourceKind::EndpointConfig, name.clone())) {
            change.steps.push(Step::DeleteEndpointConfig { name });
        } else {
            delete_version(
                change,
                ResourceKind::EndpointConfig,
                &name,
                "an older version, no longer used",
            );
        }
    }
    for name in old_models {
        if shown.contains(&(ResourceKind::Model, name.clone())) {
            change.steps.push(Step::DeleteModel { name });
        } else {
            delete_version(
                change,
                ResourceKind::Model,
                &name,
                "an older version, no longer used",
            );
        }
    }
}

fn delete_version(change: &mut EndpointChange, kind: ResourceKind, name: &str, reason: &str) {
    change
        .resources
        .push(resource(kind, name, Action::Delete, reason));
    change.steps.push(match kind {
        ResourceKind::Model => Step::DeleteModel {
            name: name.to_string(),
        },
        _ => Step::DeleteEndpointConfig {
            name: name.to_string(),
        },
    });
}

/// Brings the autoscaling of an endpoint in place from what is observed to what is wanted.
fn scaling_changes(
    change: &mut EndpointChange,
    resource_id: &str,
    endpoint: &DesiredEndpoint,
    observed: &ObservedDeployment,
) {
    let target = observed.scalable_target(resource_id);
    let Some(wanted) = &endpoint.scaling else {
        if target.is_some() || observed.policies_of(resource_id).next().is_some() {
            remove_scaling(change, resource_id, endpoint, observed, Action::Delete);
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
    alarm: &super::desired::Named<super::definitions::AlarmDefinition>,
) -> Step {
    Step::PutAlarm {
        name: alarm.name.clone(),
        resource_id: resource_id.to_string(),
        definition: alarm.definition.clone(),
        tags: endpoint.tags.clone(),
    }
}

/// Registers the target and puts every policy, alarm and scheduled action, as `action`.
fn add_scaling(
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

/// Removes an endpoint's autoscaling: scheduled actions, policies and alarm, then the
/// scalable target (AWS also deletes the policies with the target; gpuplan deletes them
/// explicitly first so nothing depends on that). With [`Action::Replace`] the resources are
/// listed as replaced (they come back after the update).
fn remove_scaling(
    change: &mut EndpointChange,
    resource_id: &str,
    endpoint: &DesiredEndpoint,
    observed: &ObservedDeployment,
    action: Action,
) {
    let wanted = endpoint.scaling.as_ref();
    let listed = |name: &str, kind: ResourceKind| match (action, wanted) {
        (Action::Replace, Some(scaling)) => match kind {
            ResourceKind::ScalingPolicy => scaling.policies.iter().any(|p| p.name == name),
            ResourceKind::ScheduledAction => {
                scaling.scheduled_actions.iter().any(|a| a.name == name)
            }
            ResourceKind::Alarm => scaling.alarm.as_ref().is_some_and(|a| a.name == name),
            _ => true,
        },
        _ => false,
    };
    for scheduled in observed.scheduled_actions_of(resource_id) {
        let shown = if listed(&scheduled.name, ResourceKind::ScheduledAction) {
            Action::Replace
        } else {
            Action::Delete
        };
        change.resources.push(resource(
            ResourceKind::ScheduledAction,
            &scheduled.name,
            shown,
            removal_reason(shown),
        ));
        change.steps.push(Step::DeleteScheduledAction {
            resource_id: resource_id.to_string(),
            name: scheduled.name.clone(),
        });
    }
    let alarm_name = names::backlog_alarm_name(&endpoint.name);
    if observed.alarms.iter().any(|alarm| alarm.name == alarm_name) {
        let shown = if listed(&alarm_name, ResourceKind::Alarm) {
            Action::Replace
        } else {
            Action::Delete
        };
        change.resources.push(resource(
            ResourceKind::Alarm,
            &alarm_name,
            shown,
            removal_reason(shown),
        ));
        change.steps.push(Step::DeleteAlarm { name: alarm_name });
    }
    for policy in observed.policies_of(resource_id) {
        let shown = if listed(&policy.name, ResourceKind::ScalingPolicy) {
            Action::Replace
        } else {
            Action::Delete
        };
        change.resources.push(resource(
            ResourceKind::ScalingPolicy,
            &policy.name,
            shown,
            removal_reason(shown),
        ));
        change.steps.push(Step::DeleteScalingPolicy {
            resource_id: resource_id.to_string(),
            name: policy.name.clone(),
        });
    }
    if observed.scalable_target(resource_id).is_some() {
        let shown = if action == Action::Replace && wanted.is_some() {
            Action::Replace
        } else {
            Action::Delete
        };
        change.resources.push(resource(
            ResourceKind::ScalableTarget,
            resource_id,
            shown,
            if shown == Action::Replace {
                "deregistered before the instance type changes, registered again once InService"
            } else {
                "the plan has no autoscaling for this endpoint"
            },
        ));
        change.steps.push(Step::DeregisterScalableTarget {
            resource_id: resource_id.to_string(),
        });
    }
}

fn removal_reason(action: Action) -> &'static str {
    if action == Action::Replace {
        "removed with the scalable target, put back after the update"
    } else {
        "not in the plan"
    }
}

/// Whether SageMaker is still working on the endpoint: it refuses updates and deletes then.
fn is_in_progress(status: &str) -> bool {
    matches!(
        status,
        "Creating" | "Updating" | "SystemUpdating" | "RollingBack" | "UpdateRollbackFailed"
    )
}

/// Everything of an endpoint the plan no longer has, in dependency order.
fn removal(endpoint: &ObservedEndpoint, observed: &ObservedDeployment) -> EndpointChange {
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

/// Everything the plan's tags mark, for `destroy`: the diff against a plan with no
/// endpoints.
pub fn destroy_all(plan_name: &str, observed: &ObservedDeployment, region: Region) -> Changeset {
    let nothing = DesiredDeployment {
        plan: plan_name.to_string(),
        endpoints: Vec::new(),
    };
    diff(&nothing, observed, region)
}
