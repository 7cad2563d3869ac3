//! One SDK call for each write step of a changeset. Deleting what is already gone
//! succeeds ("not found" is the state the step wanted), so a re-run after an interruption
//! converges.

use std::collections::{BTreeMap, HashMap};

use aws_sdk_applicationautoscaling::types::{
    AdjustmentType, MetricAggregationType, MetricType, PolicyType, PredefinedMetricSpecification,
    ScalableDimension, ScalableTargetAction, ServiceNamespace, StepAdjustment,
    StepScalingPolicyConfiguration, TargetTrackingScalingPolicyConfiguration,
};
use aws_sdk_cloudwatch::types::{ComparisonOperator, Dimension, Statistic};
use aws_sdk_sagemaker::types::{
    AsyncInferenceConfig, AsyncInferenceOutputConfig, ContainerDefinition, ProductionVariant,
    ProductionVariantInstanceType, Tag,
};
use gpuplan_core::deploy::Step;
use gpuplan_core::deploy::definitions::ScalingPolicyDefinition;

use super::is_not_found;
use crate::connection::Connection;
use crate::error::AwsCallError;

const SCALING: &str = "Application Auto Scaling";

/// What one endpoint's steps learn along the way: the ARNs of the policies put, which
/// the alarm that triggers them needs.
#[derive(Default)]
pub(super) struct StepContext {
    pub policy_arns: BTreeMap<String, String>,
}

fn sagemaker_tags(tags: &BTreeMap<String, String>) -> Vec<Tag> {
    tags.iter()
        .map(|(key, value)| Tag::builder().key(key).value(value).build())
        .collect()
}

/// Tolerates "not found" for deletes.
fn gone_is_fine(result: Result<(), AwsCallError>) -> Result<(), AwsCallError> {
    match result {
        Err(error) if is_not_found(&error) => Ok(()),
        other => other,
    }
}

/// Runs one write step (waits are handled by the caller).
pub(super) async fn run(
    connection: &Connection,
    step: &Step,
    context: &mut StepContext,
) -> Result<(), AwsCallError> {
    let sagemaker = &connection.sagemaker;
    let autoscaling = &connection.autoscaling;
    let record = |operation: &str| connection.calls.record(operation);
    match step {
        Step::CreateModel {
            name,
            definition,
            tags,
        } => {
            record("sagemaker:CreateModel");
            let container = ContainerDefinition::builder()
                .image(&definition.image)
                .set_model_data_url(definition.model_data_url.clone())
                .set_environment((!definition.environment.is_empty()).then(|| {
                    definition
                        .environment
                        .iter()
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect::<HashMap<_, _>>()
                }))
                .build();
            sagemaker
                .create_model()
                .model_name(name)
                .execution_role_arn(&definition.execution_role_arn)
                .primary_container(container)
                .set_tags(Some(sagemaker_tags(tags)))
                .send()
                .await
                .map_err(|error| AwsCallError::from_sdk("SageMaker", "CreateModel", error))?;
        }
        Step::CreateEndpointConfig {
            name,
            definition,
            tags,
        } => {
            record("sagemaker:CreateEndpointConfig");
            let variant = ProductionVariant::builder()
                .variant_name(&definition.variant_name)
                .model_name(&definition.model_name)
                .instance_type(ProductionVariantInstanceType::from(
                    definition.instance_type.as_str(),
                ))
                .initial_instance_count(definition.initial_instance_count as i32)
                .initial_variant_weight(1.0)
                .build();
            let asynchronous = definition.asynchronous_output_path.as_ref().map(|path| {
                AsyncInferenceConfig::builder()
                    .output_config(
                        AsyncInferenceOutputConfig::builder()
                            .s3_output_path(path)
                            .build(),
                    )
                    .build()
            });
            sagemaker
                .create_endpoint_config()
                .endpoint_config_name(name)
                .production_variants(variant)
                .set_async_inference_config(asynchronous)
                .set_tags(Some(sagemaker_tags(tags)))
                .send()
                .await
                .map_err(|error| {
                    AwsCallError::from_sdk("SageMaker", "CreateEndpointConfig", error)
                })?;
        }
        Step::CreateEndpoint {
            name,
            config_name,
            tags,
        } => {
            record("sagemaker:CreateEndpoint");
            sagemaker
                .create_endpoint()
                .endpoint_name(name)
                .endpoint_config_name(config_name)
                .set_tags(Some(sagemaker_tags(tags)))
                .send()
                .await
                .map_err(|error| AwsCallError::from_sdk("SageMaker", "CreateEndpoint", error))?;
        }
        Step::UpdateEndpoint {
            name,
            config_name,
            retain_variant_properties,
        } => {
            record("sagemaker:UpdateEndpoint");
            sagemaker
                .update_endpoint()
                .endpoint_name(name)
                .endpoint_config_name(config_name)
                .retain_all_variant_properties(*retain_variant_properties)
                .send()
                .await
                .map_err(|error| AwsCallError::from_sdk("SageMaker", "UpdateEndpoint", error))?;
        }
        Step::DeleteEndpoint { name } => {
            record("sagemaker:DeleteEndpoint");
            gone_is_fine(
                sagemaker
                    .delete_endpoint()
                    .endpoint_name(name)
                    .send()
                    .await
                    .map(|_| ())
                    .map_err(|error| AwsCallError::from_sdk("SageMaker", "DeleteEndpoint", error)),
            )?;
        }
        Step::DeleteEndpointConfig { name } => {
            record("sagemaker:DeleteEndpointConfig");
            gone_is_fine(
                sagemaker
                    .delete_endpoint_config()
                    .endpoint_config_name(name)
                    .send()
                    .await
                    .map(|_| ())
                    .map_err(|error| {
                        AwsCallError::from_sdk("SageMaker", "DeleteEndpointConfig", error)
                    }),
            )?;
        }
        Step::DeleteModel { name } => {
            record("sagemaker:DeleteModel");
            gone_is_fine(
                sagemaker
                    .delete_model()
                    .model_name(name)
                    .send()
                    .await
                    .map(|_| ())
                    .map_err(|error| AwsCallError::from_sdk("SageMaker", "DeleteModel", error)),
            )?;
        }
        Step::RegisterScalableTarget {
            resource_id,
            definition,
            tags,
        } => {
            record("application-autoscaling:RegisterScalableTarget");
            autoscaling
                .register_scalable_target()
                .service_namespace(ServiceNamespace::Sagemaker)
                .resource_id(resource_id)
                .scalable_dimension(ScalableDimension::SageMakerVariantDesiredInstanceCount)
                .min_capacity(definition.min_capacity as i32)
                .max_capacity(definition.max_capacity as i32)
                .set_tags((!tags.is_empty()).then(|| {
                    tags.iter()
                        .map(|(key, value)| (key.clone(), value.clone()))
                        .collect::<HashMap<_, _>>()
                }))
                .send()
                .await
                .map_err(|error| {
                    AwsCallError::from_sdk(SCALING, "RegisterScalableTarget", error)
                })?;
        }
        Step::DeregisterScalableTarget { resource_id } => {
            record("application-autoscaling:DeregisterScalableTarget");
            gone_is_fine(
                autoscaling
                    .deregister_scalable_target()
                    .service_namespace(ServiceNamespace::Sagemaker)
                    .resource_id(resource_id)
                    .scalable_dimension(ScalableDimension::SageMakerVariantDesiredInstanceCount)
                    .send()
                    .await
                    .map(|_| ())
                    .map_err(|error| {
                        AwsCallError::from_sdk(SCALING, "DeregisterScalableTarget", error)
                    }),
            )?;
        }
        Step::PutScalingPolicy {
            resource_id,
            name,
            definition,
        } => {
            record("application-autoscaling:PutScalingPolicy");
            let request = autoscaling
                .put_scaling_policy()
                .policy_name(name)
                .service_namespace(ServiceNamespace::Sagemaker)
                .resource_id(resource_id)
                .scalable_dimension(ScalableDimension::SageMakerVariantDesiredInstanceCount);
            let request = match definition {
                ScalingPolicyDefinition::TargetTracking {
                    target_invocations_per_instance,
                    scale_in_cooldown_seconds,
                    scale_out_cooldown_seconds,
                } => request
                    .policy_type(PolicyType::TargetTrackingScaling)
                    .target_tracking_scaling_policy_configuration(
                        TargetTrackingScalingPolicyConfiguration::builder()
                            .target_value(*target_invocations_per_instance)
                            .predefined_metric_specification(
                                PredefinedMetricSpecification::builder()
                                    .predefined_metric_type(
                                        MetricType::SageMakerVariantInvocationsPerInstance,
                                    )
                                    .build()
                                    .expect("the metric type is set"),
                            )
                            .scale_in_cooldown(*scale_in_cooldown_seconds as i32)
                            .scale_out_cooldown(*scale_out_cooldown_seconds as i32)
                            .build()
                            .expect("the target value is set"),
                    ),
                ScalingPolicyDefinition::Step {
                    adjustment,
                    cooldown_seconds,
                } => request
                    .policy_type(PolicyType::StepScaling)
                    .step_scaling_policy_configuration(
                        StepScalingPolicyConfiguration::builder()
                            .adjustment_type(AdjustmentType::ChangeInCapacity)
                            .metric_aggregation_type(MetricAggregationType::Maximum)
                            .cooldown(*cooldown_seconds as i32)
                            .step_adjustments(
                                StepAdjustment::builder()
                                    .metric_interval_lower_bound(0.0)
                                    .scaling_adjustment(*adjustment)
                                    .build()
                                    .expect("the adjustment is set"),
                            )
                            .build(),
                    ),
                ScalingPolicyDefinition::Other { policy_type } => {
                    return Err(AwsCallError {
                        service: SCALING,
                        operation: "PutScalingPolicy",
                        code: None,
                        detail: format!("gpuplan does not write {policy_type} policies"),
                    });
                }
            };
            let output = request
                .send()
                .await
                .map_err(|error| AwsCallError::from_sdk(SCALING, "PutScalingPolicy", error))?;
            context
                .policy_arns
                .insert(name.clone(), output.policy_arn().to_string());
        }
        Step::DeleteScalingPolicy { resource_id, name } => {
            record("application-autoscaling:DeleteScalingPolicy");
            gone_is_fine(
                autoscaling
                    .delete_scaling_policy()
                    .policy_name(name)
                    .service_namespace(ServiceNamespace::Sagemaker)
                    .resource_id(resource_id)
                    .scalable_dimension(ScalableDimension::SageMakerVariantDesiredInstanceCount)
                    .send()
                    .await
                    .map(|_| ())
                    .map_err(|error| AwsCallError::from_sdk(SCALING, "DeleteScalingPolicy", error)),
            )?;
        }
        Step::PutScheduledAction {
            resource_id,
            name,
            definition,
        } => {
            record("application-autoscaling:PutScheduledAction");
            autoscaling
                .put_scheduled_action()
                .service_namespace(ServiceNamespace::Sagemaker)
                .scheduled_action_name(name)
                .resource_id(resource_id)
                .scalable_dimension(ScalableDimension::SageMakerVariantDesiredInstanceCount)
                .schedule(&definition.schedule)
                .timezone(&definition.timezone)
                .scalable_target_action(
                    ScalableTargetAction::builder()
                        .min_capacity(definition.min_capacity as i32)
                        .max_capacity(definition.max_capacity as i32)
                        .build(),
                )
                .send()
                .await
                .map_err(|error| AwsCallError::from_sdk(SCALING, "PutScheduledAction", error))?;
        }
        Step::DeleteScheduledAction { resource_id, name } => {
            record("application-autoscaling:DeleteScheduledAction");
            gone_is_fine(
                autoscaling
                    .delete_scheduled_action()
                    .service_namespace(ServiceNamespace::Sagemaker)
                    .scheduled_action_name(name)
                    .resource_id(resource_id)
                    .scalable_dimension(ScalableDimension::SageMakerVariantDesiredInstanceCount)
                    .send()
                    .await
                    .map(|_| ())
                    .map_err(|error| {
                        AwsCallError::from_sdk(SCALING, "DeleteScheduledAction", error)
                    }),
            )?;
        }
        Step::PutAlarm {
            name,
            resource_id,
            definition,
            tags,
        } => {
            let policy_arn = match context.policy_arns.get(&definition.policy_name) {
                Some(arn) => arn.clone(),
                None => policy_arn(connection, resource_id, &definition.policy_name).await?,
            };
            record("cloudwatch:PutMetricAlarm");
            let mut request = connection
                .cloudwatch
                .put_metric_alarm()
                .alarm_name(name)
                .alarm_description("gpuplan: wakes an asynchronous endpoint that has queued requests and no instance")
                .metric_name(&definition.metric_name)
                .namespace(&definition.namespace)
                .dimensions(Dimension::builder().name("EndpointName").value(&definition.endpoint_name).build())
                .statistic(Statistic::from(definition.statistic.as_str()))
                .period(definition.period_seconds as i32)
                .evaluation_periods(definition.evaluation_periods as i32)
                .threshold(definition.threshold)
                .comparison_operator(ComparisonOperator::from(definition.comparison_operator.as_str()))
                .treat_missing_data("missing")
                .alarm_actions(policy_arn);
            for (key, value) in tags {
                request = request.tags(
                    aws_sdk_cloudwatch::types::Tag::builder()
                        .key(key)
                        .value(value)
                        .build(),
                );
            }
            request
                .send()
                .await
                .map_err(|error| AwsCallError::from_sdk("CloudWatch", "PutMetricAlarm", error))?;
        }
        Step::DeleteAlarm { name } => {
            record("cloudwatch:DeleteAlarms");
            gone_is_fine(
                connection
                    .cloudwatch
                    .delete_alarms()
                    .alarm_names(name)
                    .send()
                    .await
                    .map(|_| ())
                    .map_err(|error| AwsCallError::from_sdk("CloudWatch", "DeleteAlarms", error)),
            )?;
        }
        Step::WaitInService { .. } | Step::WaitDeleted { .. } => {
            unreachable!("waits are run by the apply loop")
        }
    }
    Ok(())
}

/// The ARN of an existing policy (for an alarm put without its policy in the same run).
async fn policy_arn(
    connection: &Connection,
    resource_id: &str,
    name: &str,
) -> Result<String, AwsCallError> {
    connection
        .calls
        .record("application-autoscaling:DescribeScalingPolicies");
    let page = connection
        .autoscaling
        .describe_scaling_policies()
        .service_namespace(ServiceNamespace::Sagemaker)
        .resource_id(resource_id)
        .policy_names(name)
        .send()
        .await
        .map_err(|error| AwsCallError::from_sdk(SCALING, "DescribeScalingPolicies", error))?;
    page.scaling_policies()
        .first()
        .map(|policy| policy.policy_arn().to_string())
        .ok_or_else(|| AwsCallError {
            service: SCALING,
            operation: "DescribeScalingPolicies",
            code: None,
            detail: format!("the scaling policy {name} of {resource_id} does not exist, so its alarm has nothing to trigger"),
        })
}
