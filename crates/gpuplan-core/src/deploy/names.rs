//! How gpuplan names and tags what it creates, so that the account itself is the state.
//!
//! Every SageMaker model, endpoint config and endpoint gpuplan creates carries three tags:
//! the plan's name ([`PLAN_TAG`]), the endpoint's name inside the plan ([`ENDPOINT_TAG`]) and
//! the spec hash of its model and endpoint config ([`SPEC_HASH_TAG`]). A resource is the
//! plan's only when its plan tag says so: a resource that merely has a matching name is
//! somebody else's. Models and endpoint configs are immutable, so their names carry the spec
//! hash; Application Auto Scaling objects and alarms are named after their endpoint.

use std::collections::BTreeMap;

/// Tag holding the plan's name.
pub const PLAN_TAG: &str = "gpuplan:plan";
/// Tag holding the endpoint's name inside the plan (`stage-render-03`).
pub const ENDPOINT_TAG: &str = "gpuplan:endpoint";
/// Tag holding the spec hash of the model and endpoint config.
pub const SPEC_HASH_TAG: &str = "gpuplan:spec-hash";

/// The one production variant gpuplan gives each endpoint.
pub const VARIANT_NAME: &str = "AllTraffic";
/// Application Auto Scaling's service namespace for SageMaker.
pub const SCALING_NAMESPACE: &str = "sagemaker";
/// The scalable dimension of a SageMaker variant.
pub const SCALABLE_DIMENSION: &str = "sagemaker:variant:DesiredInstanceCount";

/// Name of a model or endpoint config: the endpoint's SageMaker name and the spec hash.
pub fn versioned_name(endpoint_name: &str, spec_hash: &str) -> String {
    format!("{endpoint_name}-{spec_hash}")
}

/// Application Auto Scaling's resource id of an endpoint's variant.
pub fn scaling_resource_id(endpoint_name: &str) -> String {
    format!("endpoint/{endpoint_name}/variant/{VARIANT_NAME}")
}

/// The endpoint a scaling resource id belongs to, if it is one of a SageMaker variant.
pub fn endpoint_of_resource_id(resource_id: &str) -> Option<&str> {
    let rest = resource_id.strip_prefix("endpoint/")?;
    let (endpoint, variant) = rest.split_once("/variant/")?;
    (!endpoint.is_empty() && !variant.is_empty()).then_some(endpoint)
}

/// The target-tracking policy on invocations per instance.
pub fn target_tracking_policy_name(endpoint_name: &str) -> String {
    format!("{endpoint_name}-invocations")
}

/// The step policy that takes an asynchronous endpoint out of zero instances.
pub fn scale_from_zero_policy_name(endpoint_name: &str) -> String {
    format!("{endpoint_name}-scale-from-zero")
}

/// The CloudWatch alarm that fires the scale-from-zero policy.
pub fn backlog_alarm_name(endpoint_name: &str) -> String {
    format!("{endpoint_name}-backlog-without-capacity")
}

/// A scheduled action of an endpoint.
pub fn scheduled_action_name(endpoint_name: &str, schedule_name: &str) -> String {
    format!("{endpoint_name}-{schedule_name}")
}

/// The tags of a resource that belongs to `endpoint_key` of `plan_name`.
pub fn resource_tags(
    plan_name: &str,
    endpoint_key: &str,
    spec_hash: &str,
) -> BTreeMap<String, String> {
    BTreeMap::from([
        (PLAN_TAG.to_string(), plan_name.to_string()),
        (ENDPOINT_TAG.to_string(), endpoint_key.to_string()),
        (SPEC_HASH_TAG.to_string(), spec_hash.to_string()),
    ])
}

/// Whether tags mark a resource as the plan's.
pub fn is_managed_by(tags: &BTreeMap<String, String>, plan_name: &str) -> bool {
    tags.get(PLAN_TAG).is_some_and(|value| value == plan_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_ids_round_trip_to_their_endpoint() {
        let id = scaling_resource_id("theater-g5-stage-render-03");
        assert_eq!(id, "endpoint/theater-g5-stage-render-03/variant/AllTraffic");
        assert_eq!(
            endpoint_of_resource_id(&id),
            Some("theater-g5-stage-render-03")
        );
        assert_eq!(endpoint_of_resource_id("table/orders"), None);
        assert_eq!(endpoint_of_resource_id("endpoint//variant/x"), None);
    }

    #[test]
    fn only_the_plan_tag_makes_a_resource_ours() {
        let tags = resource_tags("theater-g5", "sketch-caption-01", "0123abcd");
        assert!(is_managed_by(&tags, "theater-g5"));
        assert!(!is_managed_by(&tags, "theater-g6"));
        assert!(!is_managed_by(&BTreeMap::new(), "theater-g5"));
    }
}
