//! The settings of each kind of resource gpuplan manages, as both the plan wants them and
//! the account reports them.
//!
//! Desired and observed state use the same definitions, so the diff compares values and
//! names the attributes that differ ([`Difference`]). These are also what apply sends: a
//! saved plan carries them whole, so it is applied as it was shown.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A SageMaker model: one container.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModelDefinition {
    pub image: String,
    /// `s3://.../model.tar.gz`.
    pub model_data_url: Option<String>,
    pub execution_role_arn: String,
    pub environment: BTreeMap<String, String>,
}

/// A SageMaker endpoint config with its one production variant.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EndpointConfigDefinition {
    pub model_name: String,
    pub variant_name: String,
    pub instance_type: String,
    pub initial_instance_count: u32,
    /// Where asynchronous inference writes its results; `None` for a real-time endpoint.
    pub asynchronous_output_path: Option<String>,
}

impl EndpointConfigDefinition {
    pub fn is_asynchronous(&self) -> bool {
        self.asynchronous_output_path.is_some()
    }
}

/// The bounds of an endpoint variant's scalable target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScalableTargetDefinition {
    pub min_capacity: u32,
    pub max_capacity: u32,
}

/// A scaling policy on an endpoint variant.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ScalingPolicyDefinition {
    /// Target tracking on the predefined metric `SageMakerVariantInvocationsPerInstance`.
    TargetTracking {
        target_invocations_per_instance: f64,
        scale_in_cooldown_seconds: u32,
        scale_out_cooldown_seconds: u32,
    },
    /// A step policy adding `adjustment` instances when its alarm fires.
    Step {
        adjustment: i32,
        cooldown_seconds: u32,
    },
    /// A policy of another shape than gpuplan writes (observed only).
    Other { policy_type: String },
}

/// A scheduled change of a scalable target's bounds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduledActionDefinition {
    /// `cron(40 18 ? * THU,FRI,SAT,SUN *)`.
    pub schedule: String,
    /// IANA time zone the cron expression is read in.
    pub timezone: String,
    pub min_capacity: u32,
    pub max_capacity: u32,
}

/// The CloudWatch alarm that fires when an asynchronous endpoint has queued requests and no
/// instance (`HasBacklogWithoutCapacity`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AlarmDefinition {
    pub metric_name: String,
    pub namespace: String,
    /// The `EndpointName` dimension.
    pub endpoint_name: String,
    pub statistic: String,
    pub period_seconds: u32,
    pub evaluation_periods: u32,
    pub threshold: f64,
    pub comparison_operator: String,
    /// The scaling policy the alarm triggers, by name (its ARN is known only once it exists).
    pub policy_name: String,
}

/// One attribute whose observed value differs from the plan's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Difference {
    pub attribute: String,
    /// The value in the account, rendered; `None` when the attribute is not set there.
    pub before: Option<String>,
    pub after: Option<String>,
}

impl Difference {
    pub fn new(attribute: &str, before: impl ToString, after: impl ToString) -> Difference {
        Difference {
            attribute: attribute.to_string(),
            before: Some(before.to_string()),
            after: Some(after.to_string()),
        }
    }
}

/// Collects the attributes that differ between two values.
#[derive(Default)]
struct Differences(Vec<Difference>);

impl Differences {
    fn compare<T: PartialEq + std::fmt::Debug>(&mut self, attribute: &str, before: &T, after: &T) {
        if before != after {
            self.0.push(Difference {
                attribute: attribute.to_string(),
                before: Some(render_value(before)),
                after: Some(render_value(after)),
            });
        }
    }
}

/// `"text"` for strings, the debug form otherwise (`Some("x")` reads as `"x"`, `None` as
/// `(none)`).
fn render_value<T: std::fmt::Debug>(value: &T) -> String {
    let text = format!("{value:?}");
    if text == "None" {
        return "(none)".to_string();
    }
    match text
        .strip_prefix("Some(")
        .and_then(|inner| inner.strip_suffix(')'))
    {
        Some(inner) => inner.to_string(),
        None => text,
    }
}

impl ModelDefinition {
    pub fn differences(&self, wanted: &ModelDefinition) -> Vec<Difference> {
        let mut found = Differences::default();
        found.compare("image", &self.image, &wanted.image);
        found.compare(
            "model_data_url",
            &self.model_data_url,
            &wanted.model_data_url,
        );
        found.compare(
            "execution_role_arn",
            &self.execution_role_arn,
            &wanted.execution_role_arn,
        );
        found.compare("environment", &self.environment, &wanted.environment);
        found.0
    }
}

impl EndpointConfigDefinition {
    /// Differences that matter to the endpoint (the model name always differs between
    /// versions and is left out).
    pub fn differences(&self, wanted: &EndpointConfigDefinition) -> Vec<Difference> {
        let mut found = Differences::default();
        found.compare("instance_type", &self.instance_type, &wanted.instance_type);
        found.compare(
            "initial_instance_count",
            &self.initial_instance_count,
            &wanted.initial_instance_count,
        );
        found.compare(
            "asynchronous_output_path",
            &self.asynchronous_output_path,
            &wanted.asynchronous_output_path,
        );
        found.compare("variant_name", &self.variant_name, &wanted.variant_name);
        found.0
    }
}

impl ScalableTargetDefinition {
    pub fn differences(&self, wanted: &ScalableTargetDefinition) -> Vec<Difference> {
        let mut found = Differences::default();
        found.compare("min_capacity", &self.min_capacity, &wanted.min_capacity);
        found.compare("max_capacity", &self.max_capacity, &wanted.max_capacity);
        found.0
    }
}

impl ScalingPolicyDefinition {
    pub fn differences(&self, wanted: &ScalingPolicyDefinition) -> Vec<Difference> {
        let mut found = Differences::default();
        match (self, wanted) {
            (
                ScalingPolicyDefinition::TargetTracking {
                    target_invocations_per_instance: target_before,
                    scale_in_cooldown_seconds: in_before,
                    scale_out_cooldown_seconds: out_before,
                },
                ScalingPolicyDefinition::TargetTracking {
                    target_invocations_per_instance: target_after,
                    scale_in_cooldown_seconds: in_after,
                    scale_out_cooldown_seconds: out_after,
                },
            ) => {
                found.compare(
                    "target_invocations_per_instance",
                    target_before,
                    target_after,
                );
                found.compare("scale_in_cooldown_seconds", in_before, in_after);
                found.compare("scale_out_cooldown_seconds", out_before, out_after);
            }
            (
                ScalingPolicyDefinition::Step {
                    adjustment: adjustment_before,
                    cooldown_seconds: cooldown_before,
                },
                ScalingPolicyDefinition::Step {
                    adjustment: adjustment_after,
                    cooldown_seconds: cooldown_after,
                },
            ) => {
                found.compare("adjustment", adjustment_before, adjustment_after);
                found.compare("cooldown_seconds", cooldown_before, cooldown_after);
            }
            _ => found.0.push(Difference::new(
                "policy_type",
                self.policy_type(),
                wanted.policy_type(),
            )),
        }
        found.0
    }

    /// Application Auto Scaling's name for the policy's type.
    pub fn policy_type(&self) -> &str {
        match self {
            ScalingPolicyDefinition::TargetTracking { .. } => "TargetTrackingScaling",
            ScalingPolicyDefinition::Step { .. } => "StepScaling",
            ScalingPolicyDefinition::Other { policy_type } => policy_type,
        }
    }
}

impl ScheduledActionDefinition {
    pub fn differences(&self, wanted: &ScheduledActionDefinition) -> Vec<Difference> {
        let mut found = Differences::default();
        found.compare("schedule", &self.schedule, &wanted.schedule);
        found.compare("timezone", &self.timezone, &wanted.timezone);
        found.compare("min_capacity", &self.min_capacity, &wanted.min_capacity);
        found.compare("max_capacity", &self.max_capacity, &wanted.max_capacity);
        found.0
    }
}

impl AlarmDefinition {
    pub fn differences(&self, wanted: &AlarmDefinition) -> Vec<Difference> {
        let mut found = Differences::default();
        found.compare("metric_name", &self.metric_name, &wanted.metric_name);
        found.compare("namespace", &self.namespace, &wanted.namespace);
        found.compare("endpoint_name", &self.endpoint_name, &wanted.endpoint_name);
        found.compare("statistic", &self.statistic, &wanted.statistic);
        found.compare(
            "period_seconds",
            &self.period_seconds,
            &wanted.period_seconds,
        );
        found.compare(
            "evaluation_periods",
            &self.evaluation_periods,
            &wanted.evaluation_periods,
        );
        found.compare("threshold", &self.threshold, &wanted.threshold);
        found.compare(
            "comparison_operator",
            &self.comparison_operator,
            &wanted.comparison_operator,
        );
        found.compare("policy_name", &self.policy_name, &wanted.policy_name);
        found.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_name_the_attribute_and_both_values() {
        let before = ScalableTargetDefinition {
            min_capacity: 1,
            max_capacity: 2,
        };
        let after = ScalableTargetDefinition {
            min_capacity: 1,
            max_capacity: 4,
        };
        assert_eq!(
            before.differences(&after),
            vec![Difference::new("max_capacity", 2, 4)]
        );
        assert!(after.differences(&after).is_empty());
    }

    #[test]
    fn optional_values_render_without_their_wrapper() {
        assert_eq!(render_value(&Some("s3://a/")), "\"s3://a/\"");
        assert_eq!(render_value(&None::<String>), "(none)");
    }
}
