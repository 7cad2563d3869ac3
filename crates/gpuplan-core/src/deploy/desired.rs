//! What the plan wants in the account: every endpoint with its model, endpoint config,
//! scalable target, policies, scheduled actions and alarm, fully named and tagged.
//!
//! The spec hash covers what makes a model and endpoint config (image, model data, role,
//! environment, instance type, initial count, asynchronous output): a change there means
//! new immutable resources under new names. Autoscaling settings are not in the hash: they
//! are updated in place.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::definitions::{
    AlarmDefinition, EndpointConfigDefinition, ModelDefinition, ScalableTargetDefinition,
    ScalingPolicyDefinition, ScheduledActionDefinition,
};
use super::names;
use crate::diagnostics::Location;
use crate::plan::file::Weekday;
use crate::plan::{EndpointGroup, Plan};

/// Hex digits of the spec hash in resource names and tags.
pub const SPEC_HASH_LENGTH: usize = 8;

/// The whole deployment the plan describes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DesiredDeployment {
    pub plan: String,
    pub endpoints: Vec<DesiredEndpoint>,
}

/// One endpoint and everything that belongs to it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DesiredEndpoint {
    /// The SageMaker endpoint name (`theater-g5-stage-render-03`).
    pub name: String,
    /// The endpoint's name inside the plan (`stage-render-03`), its [`names::ENDPOINT_TAG`].
    pub key: String,
    /// The `[[endpoint]]` entry it comes from.
    pub group: String,
    pub spec_hash: String,
    pub model_name: String,
    pub model: ModelDefinition,
    pub config_name: String,
    pub config: EndpointConfigDefinition,
    pub tags: BTreeMap<String, String>,
    pub scaling: Option<DesiredScaling>,
}

/// An endpoint's autoscaling.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DesiredScaling {
    pub resource_id: String,
    pub target: ScalableTargetDefinition,
    pub policies: Vec<Named<ScalingPolicyDefinition>>,
    pub scheduled_actions: Vec<Named<ScheduledActionDefinition>>,
    pub alarm: Option<Named<AlarmDefinition>>,
}

/// A definition with the name it goes by.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Named<T> {
    pub name: String,
    pub definition: T,
}

/// Why a valid plan cannot be deployed as written.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DeployabilityError {
    pub endpoint: String,
    pub message: String,
    pub help: String,
    pub location: Option<Location>,
}

/// The alarm that wakes an asynchronous endpoint at zero instances: one minute with a
/// backlog and no capacity, as AWS's asynchronous-inference guide sets it.
const BACKLOG_ALARM_PERIOD_SECONDS: u32 = 60;
const BACKLOG_ALARM_EVALUATION_PERIODS: u32 = 1;

impl DesiredDeployment {
    /// Everything the plan wants, or every reason it cannot be deployed.
    pub fn of(plan: &Plan) -> Result<DesiredDeployment, Vec<DeployabilityError>> {
        let mut endpoints = Vec::new();
        let mut errors = Vec::new();
        for group in &plan.endpoints {
            if let Some(asynchronous) = &group.asynchronous
                && asynchronous.output_path.is_none()
            {
                errors.push(DeployabilityError {
                    endpoint: group.name.clone(),
                    message: format!(
                        "asynchronous endpoint `{}` has no output_path: SageMaker needs an S3 location for the results",
                        group.name
                    ),
                    help: "add output_path = \"s3://BUCKET/PREFIX/\" to [endpoint.asynchronous]"
                        .to_string(),
                    location: group.location,
                });
                continue;
            }
            for key in group.endpoint_names() {
                endpoints.push(desired_endpoint(plan, group, key));
            }
        }
        if errors.is_empty() {
            Ok(DesiredDeployment {
                plan: plan.name.clone(),
                endpoints,
            })
        } else {
            Err(errors)
        }
    }

    pub fn endpoint(&self, name: &str) -> Option<&DesiredEndpoint> {
        self.endpoints.iter().find(|endpoint| endpoint.name == name)
    }
}

fn desired_endpoint(plan: &Plan, group: &EndpointGroup, key: String) -> DesiredEndpoint {
    let name = plan.resource_name(&key);
    let model = ModelDefinition {
        image: group.model.image.clone(),
        model_data_url: group.model.data.clone(),
        execution_role_arn: group.model.execution_role.clone(),
        environment: group.model.environment.clone(),
    };
    let initial_instance_count = match &group.autoscaling {
        Some(policy) => group
            .instance_count
            .clamp(policy.min.max(1), policy.max.max(1)),
        None => group.instance_count,
    };
    let mut config = EndpointConfigDefinition {
        model_name: String::new(),
        variant_name: names::VARIANT_NAME.to_string(),
        instance_type: group.instance_type.clone(),
        initial_instance_count,
        asynchronous_output_path: group
            .asynchronous
            .as_ref()
            .and_then(|asynchronous| asynchronous.output_path.clone()),
    };
    let spec_hash = spec_hash(&model, &config);
    let versioned = names::versioned_name(&name, &spec_hash);
    config.model_name = versioned.clone();
    let scaling = group.autoscaling.as_ref().map(|policy| {
        let mut policies = vec![Named {
            name: names::target_tracking_policy_name(&name),
            definition: ScalingPolicyDefinition::TargetTracking {
                target_invocations_per_instance: policy.target_invocations_per_instance,
                scale_in_cooldown_seconds: policy.scale_in_cooldown_seconds,
                scale_out_cooldown_seconds: policy.scale_out_cooldown_seconds,
            },
        }];
        let mut alarm = None;
        let scales_to_zero = group
            .asynchronous
            .as_ref()
            .is_some_and(|asynchronous| asynchronous.scale_to_zero);
        if scales_to_zero && policy.min == 0 {
            let policy_name = names::scale_from_zero_policy_name(&name);
            policies.push(Named {
                name: policy_name.clone(),
                definition: ScalingPolicyDefinition::Step {
                    adjustment: 1,
                    cooldown_seconds: policy.scale_out_cooldown_seconds,
                },
            });
            alarm = Some(Named {
                name: names::backlog_alarm_name(&name),
                definition: AlarmDefinition {
                    metric_name: "HasBacklogWithoutCapacity".to_string(),
                    namespace: "AWS/SageMaker".to_string(),
                    endpoint_name: name.clone(),
                    statistic: "Average".to_string(),
                    period_seconds: BACKLOG_ALARM_PERIOD_SECONDS,
                    evaluation_periods: BACKLOG_ALARM_EVALUATION_PERIODS,
                    threshold: 1.0,
                    comparison_operator: "GreaterThanOrEqualToThreshold".to_string(),
                    policy_name,
                },
            });
        }
        let scheduled_actions = group
            .schedules
            .iter()
            .map(|schedule| Named {
                name: names::scheduled_action_name(&name, &schedule.name),
                definition: ScheduledActionDefinition {
                    schedule: weekly_cron(&schedule.days, schedule.at_minute),
                    timezone: schedule.timezone.clone(),
                    min_capacity: schedule.min,
                    max_capacity: schedule.max,
                },
            })
            .collect();
        DesiredScaling {
            resource_id: names::scaling_resource_id(&name),
            target: ScalableTargetDefinition {
                min_capacity: policy.min,
                max_capacity: policy.max,
            },
            policies,
            scheduled_actions,
            alarm,
        }
    });
    DesiredEndpoint {
        tags: names::resource_tags(&plan.name, &key, &spec_hash),
        model_name: versioned.clone(),
        config_name: versioned,
        name,
        key,
        group: group.name.clone(),
        spec_hash,
        model,
        config,
        scaling,
    }
}

/// The first [`SPEC_HASH_LENGTH`] hex digits of the SHA-256 of the model and endpoint
/// config definitions (the config without its model name, which derives from the hash).
pub fn spec_hash(model: &ModelDefinition, config: &EndpointConfigDefinition) -> String {
    let mut unnamed = config.clone();
    unnamed.model_name = String::new();
    let bytes = serde_json::to_vec(&(model, &unnamed)).expect("definitions serialize");
    let digest = Sha256::digest(&bytes);
    let mut text = String::with_capacity(SPEC_HASH_LENGTH);
    for byte in digest.iter().take(SPEC_HASH_LENGTH / 2) {
        write!(text, "{byte:02x}").expect("writing to a String");
    }
    text
}

/// Application Auto Scaling's cron for a weekly time: `cron(40 18 ? * THU,FRI,SAT,SUN *)`.
pub fn weekly_cron(days: &[Weekday], at_minute: u32) -> String {
    const DAY_NAMES: [&str; 7] = ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"];
    let day_list: Vec<&str> = days
        .iter()
        .map(|day| DAY_NAMES[day.index() as usize])
        .collect();
    format!(
        "cron({} {} ? * {} *)",
        at_minute % 60,
        at_minute / 60,
        day_list.join(",")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekly_cron_reads_hours_minutes_and_days() {
        assert_eq!(
            weekly_cron(&[Weekday::Thu, Weekday::Sun], 18 * 60 + 40),
            "cron(40 18 ? * THU,SUN *)"
        );
        assert_eq!(weekly_cron(&[Weekday::Mon], 5), "cron(5 0 ? * MON *)");
    }

    #[test]
    fn spec_hash_changes_with_the_instance_type_and_not_with_the_model_name() {
        let model = ModelDefinition {
            image: "image".into(),
            model_data_url: None,
            execution_role_arn: "arn:aws-cn:iam::1:role/r".into(),
            environment: BTreeMap::new(),
        };
        let config = EndpointConfigDefinition {
            model_name: "a".into(),
            variant_name: "AllTraffic".into(),
            instance_type: "ml.g5.2xlarge".into(),
            initial_instance_count: 1,
            asynchronous_output_path: None,
        };
        let hash = spec_hash(&model, &config);
        assert_eq!(hash.len(), SPEC_HASH_LENGTH);
        let renamed = EndpointConfigDefinition {
            model_name: "b".into(),
            ..config.clone()
        };
        assert_eq!(spec_hash(&model, &renamed), hash);
        let bigger = EndpointConfigDefinition {
            instance_type: "ml.g5.4xlarge".into(),
            ..config
        };
        assert_ne!(spec_hash(&model, &bigger), hash);
    }
}
