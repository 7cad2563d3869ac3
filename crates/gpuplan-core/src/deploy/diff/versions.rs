//! The immutable versions of an endpoint: creating the model and endpoint config of the
//! wanted spec unless they exist, deleting the other versions once the endpoint is on it.

use std::collections::{BTreeMap, BTreeSet};

use super::resource;
use crate::deploy::changeset::{Action, EndpointChange, ResourceChange, ResourceKind, Step};
use crate::deploy::desired::DesiredEndpoint;
use crate::deploy::names;
use crate::deploy::observed::{ObservedDeployment, ObservedEndpoint};

/// Creates the model and endpoint config of the wanted version unless they exist.
pub(super) fn add_versions(
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
        show_version(
            change,
            ResourceKind::Model,
            &endpoint.model_name,
            replaces,
            &endpoint.spec_hash,
        );
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
        show_version(
            change,
            ResourceKind::EndpointConfig,
            &endpoint.config_name,
            replaces,
            &endpoint.spec_hash,
        );
        change.steps.push(Step::CreateEndpointConfig {
            name: endpoint.config_name.clone(),
            definition: endpoint.config.clone(),
            tags: endpoint.tags.clone(),
        });
    }
}

/// Lists a new version of an immutable resource: `-/+` when it replaces the one in use,
/// `+` otherwise.
fn show_version(
    change: &mut EndpointChange,
    kind: ResourceKind,
    name: &str,
    replaces: Option<String>,
    spec_hash: &str,
) {
    let action = if replaces.is_some() {
        Action::Replace
    } else {
        Action::Create
    };
    let reason = format!(
        "{}s are immutable: version {spec_hash} of the spec",
        kind.label()
    );
    change.resources.push(ResourceChange {
        replaces,
        ..resource(kind, name, action, &reason)
    });
}

/// Deletes the endpoint's models and configs other than the wanted version, after the
/// endpoint is on the wanted one. A version shown as replaced is not listed again.
pub(super) fn delete_old_versions(
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

pub(super) fn delete_version(
    change: &mut EndpointChange,
    kind: ResourceKind,
    name: &str,
    reason: &str,
) {
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
