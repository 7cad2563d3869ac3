//! SageMaker endpoints in the region and the instances they hold: ListEndpoints (every
//! page), ListTags for those named like the plan's (their `gpuplan:plan` tag says whether
//! they are its own), then for each endpoint that can hold instances DescribeEndpoint
//! (current counts) and DescribeEndpointConfig (instance types, once per config),
//! concurrently.

use std::collections::BTreeMap;

use aws_sdk_sagemaker::types::EndpointStatus;
use futures::stream::{self, StreamExt, TryStreamExt};
use gpuplan_core::check::observation::{RunningEndpoint, RunningVariant};
use gpuplan_core::deploy::names::PLAN_TAG;

use crate::deployment::sagemaker_lists::{Listed, tags_of};

use super::DESCRIBE_CONCURRENCY;
use crate::connection::Connection;
use crate::error::AwsCallError;

const PAGE_SIZE: i32 = 100;

pub(super) async fn read(
    connection: &Connection,
    plan_name: &str,
) -> Result<Vec<RunningEndpoint>, AwsCallError> {
    let listed = list_endpoints(connection).await?;
    let prefix = format!("{plan_name}-");
    let named_like_the_plan: Vec<Listed> = listed
        .iter()
        .filter(|(name, _, _)| name.starts_with(&prefix))
        .map(|(name, _, arn)| Listed {
            name: name.clone(),
            arn: arn.clone(),
        })
        .collect();
    let plan_tags: BTreeMap<String, Option<String>> = tags_of(connection, named_like_the_plan)
        .await?
        .into_iter()
        .map(|(name, tags)| (name, tags.get(PLAN_TAG).cloned()))
        .collect();
    let names = listed.into_iter().map(|(name, status, _)| (name, status));
    let plan_tags = &plan_tags;
    let described: Vec<(
        String,
        String,
        aws_sdk_sagemaker::operation::describe_endpoint::DescribeEndpointOutput,
    )> = stream::iter(names)
        .map(|(name, status)| async move {
            connection.calls.record("sagemaker:DescribeEndpoint");
            let endpoint = connection
                .sagemaker
                .describe_endpoint()
                .endpoint_name(&name)
                .send()
                .await
                .map_err(|error| AwsCallError::from_sdk("SageMaker", "DescribeEndpoint", error))?;
            Ok::<_, AwsCallError>((name, status, endpoint))
        })
        .buffer_unordered(DESCRIBE_CONCURRENCY)
        .try_collect()
        .await?;
    let mut config_names: Vec<String> = described
        .iter()
        .filter_map(|(_, _, endpoint)| endpoint.endpoint_config_name().map(str::to_string))
        .collect();
    config_names.sort();
    config_names.dedup();
    let variant_types: BTreeMap<String, BTreeMap<String, Option<String>>> =
        stream::iter(config_names)
            .map(|config_name| async move {
                connection.calls.record("sagemaker:DescribeEndpointConfig");
                let config = connection
                    .sagemaker
                    .describe_endpoint_config()
                    .endpoint_config_name(&config_name)
                    .send()
                    .await
                    .map_err(|error| {
                        AwsCallError::from_sdk("SageMaker", "DescribeEndpointConfig", error)
                    })?;
                let types = config
                    .production_variants()
                    .iter()
                    .map(|variant| {
                        (
                            variant.variant_name().unwrap_or_default().to_string(),
                            variant
                                .instance_type()
                                .map(|instance_type| instance_type.as_str().to_string()),
                        )
                    })
                    .collect();
                Ok::<_, AwsCallError>((config_name, types))
            })
            .buffer_unordered(DESCRIBE_CONCURRENCY)
            .try_collect()
            .await?;
    let mut endpoints: Vec<RunningEndpoint> = described
        .into_iter()
        .map(|(name, status, endpoint)| {
            let types = endpoint
                .endpoint_config_name()
                .and_then(|config| variant_types.get(config));
            let variants = endpoint
                .production_variants()
                .iter()
                .map(|variant| RunningVariant {
                    instance_type: types
                        .and_then(|types| types.get(variant.variant_name().unwrap_or_default()))
                        .cloned()
                        .flatten(),
                    instances: variant
                        .current_instance_count()
                        .or(variant.desired_instance_count())
                        .unwrap_or(0)
                        .max(0) as u32,
                })
                .collect();
            RunningEndpoint {
                plan_tag: plan_tags.get(&name).cloned().flatten(),
                name,
                status,
                variants,
            }
        })
        .collect();
    endpoints.sort_by(|left, right| left.name.cmp(&right.name));
    Ok(endpoints)
}

/// Names, statuses and ARNs of the endpoints that can hold instances.
async fn list_endpoints(
    connection: &Connection,
) -> Result<Vec<(String, String, String)>, AwsCallError> {
    let mut endpoints = Vec::new();
    let mut token: Option<String> = None;
    loop {
        connection.calls.record("sagemaker:ListEndpoints");
        let page = connection
            .sagemaker
            .list_endpoints()
            .max_results(PAGE_SIZE)
            .set_next_token(token.take())
            .send()
            .await
            .map_err(|error| AwsCallError::from_sdk("SageMaker", "ListEndpoints", error))?;
        for endpoint in page.endpoints() {
            let status = endpoint.endpoint_status();
            if matches!(
                status,
                Some(
                    EndpointStatus::Failed
                        | EndpointStatus::OutOfService
                        | EndpointStatus::Deleting
                )
            ) {
                continue;
            }
            if let Some(name) = endpoint.endpoint_name() {
                endpoints.push((
                    name.to_string(),
                    status
                        .map(|status| status.as_str().to_string())
                        .unwrap_or_default(),
                    endpoint.endpoint_arn().unwrap_or_default().to_string(),
                ));
            }
        }
        token = crate::pages::next_page(page.next_token());
        if token.is_none() {
            break;
        }
    }
    Ok(endpoints)
}
