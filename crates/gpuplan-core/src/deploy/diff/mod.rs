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

use super::ListedKind;
use super::changeset::{
    Action, CHANGESET_FORMAT_VERSION, Changeset, Conflict, EndpointChange, ResourceChange,
    ResourceKind, Step,
};
use super::definitions::Difference;
use super::desired::{DesiredDeployment, DesiredEndpoint};
use super::names;
use super::observed::ObservedDeployment;
use crate::region::Region;

mod removal;
mod scaling;
mod versions;

use removal::removal;
use scaling::{Removal, add_scaling, remove_scaling, scaling_changes};
use versions::{add_versions, delete_old_versions, delete_version};

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
        (ListedKind::Endpoint, endpoint.name.as_str()),
        (ListedKind::EndpointConfig, endpoint.config_name.as_str()),
        (ListedKind::Model, endpoint.model_name.as_str()),
    ];
    wanted
        .into_iter()
        .filter_map(|(kind, name)| {
            let foreign = observed
                .foreign
                .iter()
                .find(|resource| resource.kind == kind && resource.name == name)?;
            let label = kind.label();
            let owner = match &foreign.plan_tag {
                Some(other) => format!("it is tagged as plan `{other}`'s"),
                None => format!("it has no `{}` tag", names::PLAN_TAG),
            };
            Some(Conflict {
                kind: kind.into(),
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
        create_endpoint(&mut change, endpoint);
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
            &endpoint.name,
            endpoint.scaling.as_ref(),
            observed,
            Removal::UntilRecreated,
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
        create_endpoint(&mut change, endpoint);
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
                &endpoint.name,
                endpoint.scaling.as_ref(),
                observed,
                Removal::UntilRecreated,
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

/// Creates the endpoint on the wanted config and waits until it is InService.
fn create_endpoint(change: &mut EndpointChange, endpoint: &DesiredEndpoint) {
    change.steps.push(Step::CreateEndpoint {
        name: endpoint.name.clone(),
        config_name: endpoint.config_name.clone(),
        tags: endpoint.tags.clone(),
    });
    change.steps.push(wait_in_service(endpoint));
}

pub(super) fn wait_in_service(endpoint: &DesiredEndpoint) -> Step {
    Step::WaitInService {
        name: endpoint.name.clone(),
        config_name: endpoint.config_name.clone(),
    }
}

pub(super) fn resource(
    kind: ResourceKind,
    name: &str,
    action: Action,
    reason: &str,
) -> ResourceChange {
    ResourceChange {
        kind,
        name: name.to_string(),
        replaces: None,
        action,
        reason: reason.to_string(),
        differences: Vec::new(),
    }
}

/// Whether SageMaker is still working on the endpoint: it refuses updates and deletes then.
pub(super) fn is_in_progress(status: &str) -> bool {
    matches!(
        status,
        "Creating" | "Updating" | "SystemUpdating" | "RollingBack" | "UpdateRollbackFailed"
    )
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
