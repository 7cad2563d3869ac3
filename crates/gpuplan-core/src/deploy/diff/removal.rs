//! An endpoint the plan no longer has: everything of it, in dependency order.

use std::collections::BTreeMap;

use super::scaling::{Removal, remove_scaling};
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
    remove_scaling(
        &mut change,
        &endpoint.name,
        None,
        observed,
        Removal::WithEndpoint,
    );
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
