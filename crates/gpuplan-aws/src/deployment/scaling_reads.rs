//! The Application Auto Scaling and CloudWatch side of a deployment's observation: every
//! SageMaker scalable target, scaling policy and scheduled action (each list every page),
//! and the alarms named with the plan's prefix. The caller keeps those on the plan's
//! endpoints.

use aws_sdk_applicationautoscaling::types::{PolicyType, ServiceNamespace};
use gpuplan_core::deploy::definitions::{
    AlarmDefinition, ScalableTargetDefinition, ScalingPolicyDefinition, ScheduledActionDefinition,
};
use gpuplan_core::deploy::{
    ObservedAlarm, ObservedScalableTarget, ObservedScalingPolicy, ObservedScheduledAction,
};

use crate::connection::Connection;
use crate::error::AwsCallError;

const SERVICE: &str = "Application Auto Scaling";

pub(super) async fn scalable_targets(
    connection: &Connection,
) -> Result<Vec<ObservedScalableTarget>, AwsCallError> {
    let mut found = Vec::new();
    let mut token: Option<String> = None;
    loop {
        connection
            .calls
            .record("application-autoscaling:DescribeScalableTargets");
        let page = connection
            .autoscaling
            .describe_scalable_targets()
            .service_namespace(ServiceNamespace::Sagemaker)
            .set_next_token(token.take())
            .send()
            .await
            .map_err(|error| AwsCallError::from_sdk(SERVICE, "DescribeScalableTargets", error))?;
        found.extend(
            page.scalable_targets()
                .iter()
                .map(|target| ObservedScalableTarget {
                    resource_id: target.resource_id().to_string(),
                    definition: ScalableTargetDefinition {
                        min_capacity: target.min_capacity().max(0) as u32,
                        max_capacity: target.max_capacity().max(0) as u32,
                    },
                }),
        );
        token = crate::pages::next_page(page.next_token());
        if token.is_none() {
            return Ok(found);
        }
    }
}

pub(super) async fn scaling_policies(
    connection: &Connection,
) -> Result<Vec<ObservedScalingPolicy>, AwsCallError> {
    let mut found = Vec::new();
    let mut token: Option<String> = None;
    loop {
        connection
            .calls
            .record("application-autoscaling:DescribeScalingPolicies");
        let page = connection
            .autoscaling
            .describe_scaling_policies()
            .service_namespace(ServiceNamespace::Sagemaker)
            .set_next_token(token.take())
            .send()
            .await
            .map_err(|error| AwsCallError::from_sdk(SERVICE, "DescribeScalingPolicies", error))?;
        for policy in page.scaling_policies() {
            let definition = match (
                policy.policy_type(),
                policy.target_tracking_scaling_policy_configuration(),
                policy.step_scaling_policy_configuration(),
            ) {
                (PolicyType::TargetTrackingScaling, Some(tracking), _)
                    if tracking
                        .predefined_metric_specification()
                        .is_some_and(|metric| {
                            metric.predefined_metric_type().as_str()
                                == "SageMakerVariantInvocationsPerInstance"
                        }) =>
                {
                    ScalingPolicyDefinition::TargetTracking {
                        target_invocations_per_instance: tracking.target_value(),
                        scale_in_cooldown_seconds: tracking.scale_in_cooldown().unwrap_or(0).max(0)
                            as u32,
                        scale_out_cooldown_seconds: tracking
                            .scale_out_cooldown()
                            .unwrap_or(0)
                            .max(0) as u32,
                    }
                }
                (PolicyType::StepScaling, _, Some(step)) if step.step_adjustments().len() == 1 => {
                    ScalingPolicyDefinition::Step {
                        adjustment: step.step_adjustments()[0].scaling_adjustment(),
                        cooldown_seconds: step.cooldown().unwrap_or(0).max(0) as u32,
                    }
                }
                (other, _, _) => ScalingPolicyDefinition::Other {
                    policy_type: other.as_str().to_string(),
                },
            };
            found.push(ObservedScalingPolicy {
                name: policy.policy_name().to_string(),
                resource_id: policy.resource_id().to_string(),
                definition,
            });
        }
        token = crate::pages::next_page(page.next_token());
        if token.is_none() {
            return Ok(found);
        }
    }
}

pub(super) async fn scheduled_actions(
    connection: &Connection,
) -> Result<Vec<ObservedScheduledAction>, AwsCallError> {
    let mut found = Vec::new();
    let mut token: Option<String> = None;
    loop {
        connection
            .calls
            .record("application-autoscaling:DescribeScheduledActions");
        let page = connection
            .autoscaling
            .describe_scheduled_actions()
            .service_namespace(ServiceNamespace::Sagemaker)
            .set_next_token(token.take())
            .send()
            .await
            .map_err(|error| AwsCallError::from_sdk(SERVICE, "DescribeScheduledActions", error))?;
        found.extend(page.scheduled_actions().iter().map(|action| {
            let bounds = action.scalable_target_action();
            ObservedScheduledAction {
                name: action.scheduled_action_name().to_string(),
                resource_id: action.resource_id().to_string(),
                definition: ScheduledActionDefinition {
                    schedule: action.schedule().to_string(),
                    timezone: action.timezone().unwrap_or("UTC").to_string(),
                    min_capacity: bounds.and_then(|b| b.min_capacity()).unwrap_or(0).max(0) as u32,
                    max_capacity: bounds.and_then(|b| b.max_capacity()).unwrap_or(0).max(0) as u32,
                },
            }
        }));
        token = crate::pages::next_page(page.next_token());
        if token.is_none() {
            return Ok(found);
        }
    }
}

/// Alarms whose name starts with `prefix`.
pub(super) async fn alarms(
    connection: &Connection,
    prefix: &str,
) -> Result<Vec<ObservedAlarm>, AwsCallError> {
    let mut found = Vec::new();
    let mut token: Option<String> = None;
    loop {
        connection.calls.record("cloudwatch:DescribeAlarms");
        let page = connection
            .cloudwatch
            .describe_alarms()
            .alarm_name_prefix(prefix)
            .set_next_token(token.take())
            .send()
            .await
            .map_err(|error| AwsCallError::from_sdk("CloudWatch", "DescribeAlarms", error))?;
        for alarm in page.metric_alarms() {
            let endpoint_name = alarm
                .dimensions()
                .iter()
                .find(|dimension| dimension.name() == Some("EndpointName"))
                .and_then(|dimension| dimension.value())
                .unwrap_or_default()
                .to_string();
            let policy_name = alarm
                .alarm_actions()
                .iter()
                .find_map(|action| {
                    action
                        .split_once(":policyName/")
                        .map(|(_, name)| name.to_string())
                })
                .unwrap_or_default();
            found.push(ObservedAlarm {
                name: alarm.alarm_name().unwrap_or_default().to_string(),
                definition: AlarmDefinition {
                    metric_name: alarm.metric_name().unwrap_or_default().to_string(),
                    namespace: alarm.namespace().unwrap_or_default().to_string(),
                    endpoint_name,
                    statistic: alarm
                        .statistic()
                        .map(|s| s.as_str().to_string())
                        .unwrap_or_default(),
                    period_seconds: alarm.period().unwrap_or(0).max(0) as u32,
                    evaluation_periods: alarm.evaluation_periods().unwrap_or(0).max(0) as u32,
                    threshold: alarm.threshold().unwrap_or(0.0),
                    comparison_operator: alarm
                        .comparison_operator()
                        .map(|operator| operator.as_str().to_string())
                        .unwrap_or_default(),
                    policy_name,
                },
            });
        }
        token = crate::pages::next_page(page.next_token());
        if token.is_none() {
            return Ok(found);
        }
    }
}
