//! Reads a plan's deployment: the SageMaker lists (filtered by name prefix, then by the
//! plan's tag), a describe of each resource that is the plan's, and the autoscaling and
//! alarms on the plan's endpoints. Lists run concurrently, describes 16 at a time.

use std::collections::{BTreeMap, BTreeSet};

use futures::stream::{self, StreamExt, TryStreamExt};
use gpuplan_core::deploy::names::backlog_alarm_name;
use gpuplan_core::deploy::{
    DeploymentQuery, ForeignResource, ListedKind, ObservedDeployment, ObservedEndpoint,
    ObservedEndpointConfig, ObservedModel, Ownership, names,
};

use super::sagemaker_lists::{
    DESCRIBE_CONCURRENCY, describe_endpoint, describe_endpoint_config, describe_model, list,
    tags_of,
};
use super::scaling_reads;
use crate::connection::Connection;
use crate::error::AwsCallError;

/// Everything in the account that is the plan's, and the foreign resources in its way.
pub async fn observe_deployment(
    connection: &Connection,
    query: &DeploymentQuery,
) -> Result<ObservedDeployment, AwsCallError> {
    let (endpoints, configs, models, targets, policies, actions, alarms) = tokio::try_join!(
        list(connection, ListedKind::Endpoint, query),
        list(connection, ListedKind::EndpointConfig, query),
        list(connection, ListedKind::Model, query),
        scaling_reads::scalable_targets(connection),
        scaling_reads::scaling_policies(connection),
        scaling_reads::scheduled_actions(connection),
        scaling_reads::alarms(connection, &query.name_prefix),
    )?;
    let (endpoint_tags, config_tags, model_tags) = tokio::try_join!(
        tags_of(connection, endpoints),
        tags_of(connection, configs),
        tags_of(connection, models),
    )?;
    let mut observed = ObservedDeployment::default();
    let own_endpoints = sort_out(
        query,
        ListedKind::Endpoint,
        endpoint_tags,
        &mut observed.foreign,
    );
    let own_configs = sort_out(
        query,
        ListedKind::EndpointConfig,
        config_tags,
        &mut observed.foreign,
    );
    let own_models = sort_out(query, ListedKind::Model, model_tags, &mut observed.foreign);

    let (endpoints, configs, models) = tokio::try_join!(
        stream::iter(own_endpoints)
            .map(|(name, tags)| async move {
                let state = describe_endpoint(connection, &name).await?;
                Ok::<_, AwsCallError>(state.map(|state| ObservedEndpoint {
                    name,
                    tags,
                    status: state.status,
                    config_name: state.config_name,
                    failure_reason: state.failure_reason,
                    variants: state.variants,
                }))
            })
            .buffer_unordered(DESCRIBE_CONCURRENCY)
            .try_collect::<Vec<_>>(),
        stream::iter(own_configs)
            .map(|(name, tags)| async move {
                let definition = describe_endpoint_config(connection, &name).await?;
                Ok::<_, AwsCallError>(ObservedEndpointConfig {
                    name,
                    tags,
                    definition,
                })
            })
            .buffer_unordered(DESCRIBE_CONCURRENCY)
            .try_collect::<Vec<_>>(),
        stream::iter(own_models)
            .map(|(name, tags)| async move {
                let definition = describe_model(connection, &name).await?;
                Ok::<_, AwsCallError>(ObservedModel {
                    name,
                    tags,
                    definition,
                })
            })
            .buffer_unordered(DESCRIBE_CONCURRENCY)
            .try_collect::<Vec<_>>(),
    )?;
    observed.endpoints = endpoints.into_iter().flatten().collect();
    observed.endpoint_configs = configs;
    observed.models = models;

    let own_names: BTreeSet<String> = observed.endpoints.iter().map(|e| e.name.clone()).collect();
    let foreign_names: BTreeSet<String> = observed
        .foreign
        .iter()
        .filter(|resource| resource.kind == ListedKind::Endpoint)
        .map(|resource| resource.name.clone())
        .collect();
    let ours = |endpoint_name: Option<&str>| {
        endpoint_name.is_some_and(|name| query.owns_endpoint_name(name, &own_names, &foreign_names))
    };
    observed.scalable_targets = targets
        .into_iter()
        .filter(|target| ours(names::endpoint_of_resource_id(&target.resource_id)))
        .collect();
    observed.scaling_policies = policies
        .into_iter()
        .filter(|policy| ours(names::endpoint_of_resource_id(&policy.resource_id)))
        .collect();
    observed.scheduled_actions = actions
        .into_iter()
        .filter(|action| ours(names::endpoint_of_resource_id(&action.resource_id)))
        .collect();
    observed.alarms = alarms
        .into_iter()
        .filter(|alarm| {
            ours(Some(alarm.definition.endpoint_name.as_str()))
                && alarm.name == backlog_alarm_name(&alarm.definition.endpoint_name)
        })
        .collect();
    observed.sort();
    Ok(observed)
}

/// Keeps the plan's resources, notes the foreign ones that hold a wanted name.
fn sort_out(
    query: &DeploymentQuery,
    kind: ListedKind,
    tagged: Vec<(String, BTreeMap<String, String>)>,
    foreign: &mut Vec<ForeignResource>,
) -> Vec<(String, BTreeMap<String, String>)> {
    let mut ours = Vec::new();
    for (name, tags) in tagged {
        match query.ownership(kind, &name, &tags) {
            Ownership::Ours => ours.push((name, tags)),
            Ownership::Foreign { plan_tag } => foreign.push(ForeignResource {
                kind,
                name,
                plan_tag,
            }),
            Ownership::Unrelated => {}
        }
    }
    ours
}
