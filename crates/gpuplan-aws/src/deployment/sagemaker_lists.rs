//! The SageMaker side of a deployment's observation: models, endpoint configs and
//! endpoints whose names may be the plan's (`NameContains`), their tags, and a describe of
//! each that is the plan's.

use std::collections::BTreeMap;

use aws_sdk_sagemaker::types::Tag;
use futures::stream::{self, StreamExt, TryStreamExt};
use gpuplan_core::deploy::definitions::{EndpointConfigDefinition, ModelDefinition};
use gpuplan_core::deploy::{DeploymentQuery, ListedKind, ObservedVariant};

use super::is_not_found;
use crate::connection::Connection;
use crate::error::AwsCallError;

/// Describes run this many at a time.
pub(super) const DESCRIBE_CONCURRENCY: usize = 16;
const PAGE_SIZE: i32 = 100;

/// A listed resource with its ARN.
pub(crate) struct Listed {
    pub name: String,
    pub arn: String,
}

/// Every resource of `kind` whose name starts with the plan's prefix.
pub(super) async fn list(
    connection: &Connection,
    kind: ListedKind,
    query: &DeploymentQuery,
) -> Result<Vec<Listed>, AwsCallError> {
    let mut listed = Vec::new();
    let mut token: Option<String> = None;
    let prefix = query.name_prefix.as_str();
    loop {
        let (page, next) = match kind {
            ListedKind::Endpoint => {
                connection.calls.record("sagemaker:ListEndpoints");
                let page = connection
                    .sagemaker
                    .list_endpoints()
                    .name_contains(prefix)
                    .max_results(PAGE_SIZE)
                    .set_next_token(token.take())
                    .send()
                    .await
                    .map_err(|error| AwsCallError::from_sdk("SageMaker", "ListEndpoints", error))?;
                let items: Vec<Listed> = page
                    .endpoints()
                    .iter()
                    .map(|item| Listed {
                        name: item.endpoint_name().unwrap_or_default().to_string(),
                        arn: item.endpoint_arn().unwrap_or_default().to_string(),
                    })
                    .collect();
                (items, crate::pages::next_page(page.next_token()))
            }
            ListedKind::EndpointConfig => {
                connection.calls.record("sagemaker:ListEndpointConfigs");
                let page = connection
                    .sagemaker
                    .list_endpoint_configs()
                    .name_contains(prefix)
                    .max_results(PAGE_SIZE)
                    .set_next_token(token.take())
                    .send()
                    .await
                    .map_err(|error| {
                        AwsCallError::from_sdk("SageMaker", "ListEndpointConfigs", error)
                    })?;
                let items: Vec<Listed> = page
                    .endpoint_configs()
                    .iter()
                    .map(|item| Listed {
                        name: item.endpoint_config_name().unwrap_or_default().to_string(),
                        arn: item.endpoint_config_arn().unwrap_or_default().to_string(),
                    })
                    .collect();
                (items, crate::pages::next_page(page.next_token()))
            }
            ListedKind::Model => {
                connection.calls.record("sagemaker:ListModels");
                let page = connection
                    .sagemaker
                    .list_models()
                    .name_contains(prefix)
                    .max_results(PAGE_SIZE)
                    .set_next_token(token.take())
                    .send()
                    .await
                    .map_err(|error| AwsCallError::from_sdk("SageMaker", "ListModels", error))?;
                let items: Vec<Listed> = page
                    .models()
                    .iter()
                    .map(|item| Listed {
                        name: item.model_name().unwrap_or_default().to_string(),
                        arn: item.model_arn().unwrap_or_default().to_string(),
                    })
                    .collect();
                (items, crate::pages::next_page(page.next_token()))
            }
        };
        listed.extend(
            page.into_iter()
                .filter(|item| query.may_be_ours(&item.name)),
        );
        token = next;
        if token.is_none() {
            break;
        }
    }
    Ok(listed)
}

/// The tags of each listed resource, concurrently.
pub(crate) async fn tags_of(
    connection: &Connection,
    listed: Vec<Listed>,
) -> Result<Vec<(String, BTreeMap<String, String>)>, AwsCallError> {
    stream::iter(listed)
        .map(|item| async move {
            let mut tags = BTreeMap::new();
            let mut token: Option<String> = None;
            loop {
                connection.calls.record("sagemaker:ListTags");
                let page = match connection
                    .sagemaker
                    .list_tags()
                    .resource_arn(&item.arn)
                    .set_next_token(token.take())
                    .send()
                    .await
                {
                    Ok(page) => page,
                    Err(error) => {
                        let error = AwsCallError::from_sdk("SageMaker", "ListTags", error);
                        if is_not_found(&error) {
                            break;
                        }
                        return Err(error);
                    }
                };
                tags.extend(page.tags().iter().map(|tag: &Tag| {
                    (
                        tag.key().unwrap_or_default().to_string(),
                        tag.value().unwrap_or_default().to_string(),
                    )
                }));
                token = crate::pages::next_page(page.next_token());
                if token.is_none() {
                    break;
                }
            }
            Ok((item.name, tags))
        })
        .buffer_unordered(DESCRIBE_CONCURRENCY)
        .try_collect()
        .await
}

pub(super) async fn describe_model(
    connection: &Connection,
    name: &str,
) -> Result<Option<ModelDefinition>, AwsCallError> {
    connection.calls.record("sagemaker:DescribeModel");
    let model = match connection
        .sagemaker
        .describe_model()
        .model_name(name)
        .send()
        .await
    {
        Ok(model) => model,
        Err(error) => {
            let error = AwsCallError::from_sdk("SageMaker", "DescribeModel", error);
            return if is_not_found(&error) {
                Ok(None)
            } else {
                Err(error)
            };
        }
    };
    let container = model
        .primary_container()
        .or_else(|| model.containers().first());
    Ok(Some(ModelDefinition {
        image: container
            .and_then(|container| container.image())
            .unwrap_or_default()
            .to_string(),
        model_data_url: container
            .and_then(|container| container.model_data_url())
            .map(str::to_string),
        execution_role_arn: model.execution_role_arn().unwrap_or_default().to_string(),
        environment: container
            .and_then(|container| container.environment())
            .map(|environment| {
                environment
                    .iter()
                    .map(|(key, value)| (key.clone(), value.clone()))
                    .collect()
            })
            .unwrap_or_default(),
    }))
}

pub(super) async fn describe_endpoint_config(
    connection: &Connection,
    name: &str,
) -> Result<Option<EndpointConfigDefinition>, AwsCallError> {
    connection.calls.record("sagemaker:DescribeEndpointConfig");
    let config = match connection
        .sagemaker
        .describe_endpoint_config()
        .endpoint_config_name(name)
        .send()
        .await
    {
        Ok(config) => config,
        Err(error) => {
            let error = AwsCallError::from_sdk("SageMaker", "DescribeEndpointConfig", error);
            return if is_not_found(&error) {
                Ok(None)
            } else {
                Err(error)
            };
        }
    };
    let Some(variant) = config.production_variants().first() else {
        return Ok(None);
    };
    Ok(Some(EndpointConfigDefinition {
        model_name: variant.model_name().unwrap_or_default().to_string(),
        variant_name: variant.variant_name().unwrap_or_default().to_string(),
        instance_type: variant
            .instance_type()
            .map(|instance_type| instance_type.as_str().to_string())
            .unwrap_or_default(),
        initial_instance_count: variant.initial_instance_count().unwrap_or(0).max(0) as u32,
        asynchronous_output_path: config
            .async_inference_config()
            .and_then(|asynchronous| asynchronous.output_config())
            .and_then(|output| output.s3_output_path())
            .map(str::to_string),
    }))
}

/// What DescribeEndpoint says of an endpoint; `None` when it does not exist.
#[derive(Clone, Debug)]
pub(crate) struct EndpointState {
    pub status: String,
    pub config_name: String,
    pub failure_reason: Option<String>,
    pub variants: Vec<ObservedVariant>,
}

pub(crate) async fn describe_endpoint(
    connection: &Connection,
    name: &str,
) -> Result<Option<EndpointState>, AwsCallError> {
    connection.calls.record("sagemaker:DescribeEndpoint");
    let endpoint = match connection
        .sagemaker
        .describe_endpoint()
        .endpoint_name(name)
        .send()
        .await
    {
        Ok(endpoint) => endpoint,
        Err(error) => {
            let error = AwsCallError::from_sdk("SageMaker", "DescribeEndpoint", error);
            return if is_not_found(&error) {
                Ok(None)
            } else {
                Err(error)
            };
        }
    };
    Ok(Some(EndpointState {
        status: endpoint
            .endpoint_status()
            .map(|status| status.as_str().to_string())
            .unwrap_or_default(),
        config_name: endpoint
            .endpoint_config_name()
            .unwrap_or_default()
            .to_string(),
        failure_reason: endpoint.failure_reason().map(str::to_string),
        variants: endpoint
            .production_variants()
            .iter()
            .map(|variant| ObservedVariant {
                name: variant.variant_name().unwrap_or_default().to_string(),
                current_instance_count: variant
                    .current_instance_count()
                    .map(|count| count.max(0) as u32),
                desired_instance_count: variant
                    .desired_instance_count()
                    .map(|count| count.max(0) as u32),
            })
            .collect(),
    }))
}
