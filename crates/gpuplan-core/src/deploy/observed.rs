//! What the account holds of a plan, as plain data: the AWS adapter reads it, the diff
//! compares the plan with it.
//!
//! Only resources whose [`super::names::PLAN_TAG`] names the plan are the plan's. Resources
//! that have a name the plan would create but are not tagged as the plan's are kept apart
//! ([`ObservedDeployment::foreign`]): the plan must not touch them, and cannot create over
//! them. The [`ObservedDeployment::fingerprint`] identifies what was read, so a saved plan
//! can tell whether the account changed since.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::definitions::{
    AlarmDefinition, EndpointConfigDefinition, ModelDefinition, ScalableTargetDefinition,
    ScalingPolicyDefinition, ScheduledActionDefinition,
};
use super::names;

/// The plan's resources in the account.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ObservedDeployment {
    pub models: Vec<ObservedModel>,
    pub endpoint_configs: Vec<ObservedEndpointConfig>,
    pub endpoints: Vec<ObservedEndpoint>,
    pub scalable_targets: Vec<ObservedScalableTarget>,
    pub scaling_policies: Vec<ObservedScalingPolicy>,
    pub scheduled_actions: Vec<ObservedScheduledAction>,
    pub alarms: Vec<ObservedAlarm>,
    /// Resources with a name the plan uses that are not tagged as the plan's.
    pub foreign: Vec<ForeignResource>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ObservedModel {
    pub name: String,
    pub tags: BTreeMap<String, String>,
    /// `None` when the model could not be described (it vanished between list and describe).
    pub definition: Option<ModelDefinition>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ObservedEndpointConfig {
    pub name: String,
    pub tags: BTreeMap<String, String>,
    pub definition: Option<EndpointConfigDefinition>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ObservedEndpoint {
    pub name: String,
    pub tags: BTreeMap<String, String>,
    /// `InService`, `Creating`, `Updating`, `Failed`, ...
    pub status: String,
    pub config_name: String,
    pub failure_reason: Option<String>,
    pub variants: Vec<ObservedVariant>,
}

impl ObservedEndpoint {
    /// The endpoint's name inside the plan, from its tag.
    pub fn key(&self) -> Option<&str> {
        self.tags.get(names::ENDPOINT_TAG).map(String::as_str)
    }
}

/// A production variant's instance counts: volatile (the autoscaler moves them), so left
/// out of the fingerprint.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ObservedVariant {
    pub name: String,
    pub current_instance_count: Option<u32>,
    pub desired_instance_count: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ObservedScalableTarget {
    pub resource_id: String,
    pub definition: ScalableTargetDefinition,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ObservedScalingPolicy {
    pub name: String,
    pub resource_id: String,
    pub definition: ScalingPolicyDefinition,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ObservedScheduledAction {
    pub name: String,
    pub resource_id: String,
    pub definition: ScheduledActionDefinition,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ObservedAlarm {
    pub name: String,
    pub definition: AlarmDefinition,
}

/// A resource the plan would create under a name somebody else already uses.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForeignResource {
    pub kind: super::ListedKind,
    pub name: String,
    /// The plan tag it carries, if any (another plan's name).
    pub plan_tag: Option<String>,
}

/// The prefix of the fingerprint text.
const FINGERPRINT_PREFIX: &str = "sha256:";

impl ObservedDeployment {
    /// A digest of what was observed, without the volatile parts (status and instance
    /// counts), in a canonical order: equal for equal account state however it was listed.
    pub fn fingerprint(&self) -> String {
        let mut stable = self.clone();
        for endpoint in &mut stable.endpoints {
            endpoint.variants.clear();
            endpoint.status.clear();
            endpoint.failure_reason = None;
        }
        stable.sort();
        let bytes = serde_json::to_vec(&stable).expect("the observation serializes");
        let digest = Sha256::digest(&bytes);
        let mut text = String::from(FINGERPRINT_PREFIX);
        for byte in digest.iter() {
            write!(text, "{byte:02x}").expect("writing to a String");
        }
        text
    }

    /// Puts every list in name order.
    pub fn sort(&mut self) {
        self.models.sort_by(|a, b| a.name.cmp(&b.name));
        self.endpoint_configs.sort_by(|a, b| a.name.cmp(&b.name));
        self.endpoints.sort_by(|a, b| a.name.cmp(&b.name));
        self.scalable_targets
            .sort_by(|a, b| a.resource_id.cmp(&b.resource_id));
        self.scaling_policies
            .sort_by(|a, b| (&a.resource_id, &a.name).cmp(&(&b.resource_id, &b.name)));
        self.scheduled_actions
            .sort_by(|a, b| (&a.resource_id, &a.name).cmp(&(&b.resource_id, &b.name)));
        self.alarms.sort_by(|a, b| a.name.cmp(&b.name));
        self.foreign
            .sort_by(|a, b| (&a.kind, &a.name).cmp(&(&b.kind, &b.name)));
    }

    pub fn endpoint(&self, name: &str) -> Option<&ObservedEndpoint> {
        self.endpoints.iter().find(|endpoint| endpoint.name == name)
    }

    pub fn model(&self, name: &str) -> Option<&ObservedModel> {
        self.models.iter().find(|model| model.name == name)
    }

    pub fn endpoint_config(&self, name: &str) -> Option<&ObservedEndpointConfig> {
        self.endpoint_configs
            .iter()
            .find(|config| config.name == name)
    }

    pub fn scalable_target(&self, resource_id: &str) -> Option<&ObservedScalableTarget> {
        self.scalable_targets
            .iter()
            .find(|target| target.resource_id == resource_id)
    }

    pub fn policies_of<'a>(
        &'a self,
        resource_id: &'a str,
    ) -> impl Iterator<Item = &'a ObservedScalingPolicy> + 'a {
        self.scaling_policies
            .iter()
            .filter(move |policy| policy.resource_id == resource_id)
    }

    pub fn scheduled_actions_of<'a>(
        &'a self,
        resource_id: &'a str,
    ) -> impl Iterator<Item = &'a ObservedScheduledAction> + 'a {
        self.scheduled_actions
            .iter()
            .filter(move |action| action.resource_id == resource_id)
    }

    /// Whether nothing of the plan is in the account.
    pub fn is_empty(&self) -> bool {
        self.models.is_empty()
            && self.endpoint_configs.is_empty()
            && self.endpoints.is_empty()
            && self.scalable_targets.is_empty()
            && self.scaling_policies.is_empty()
            && self.scheduled_actions.is_empty()
            && self.alarms.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn endpoint(name: &str, status: &str, count: u32) -> ObservedEndpoint {
        ObservedEndpoint {
            name: name.into(),
            tags: BTreeMap::new(),
            status: status.into(),
            config_name: format!("{name}-0123abcd"),
            failure_reason: None,
            variants: vec![ObservedVariant {
                name: "AllTraffic".into(),
                current_instance_count: Some(count),
                desired_instance_count: Some(count),
            }],
        }
    }

    #[test]
    fn fingerprint_ignores_order_status_and_counts_but_not_configs() {
        let first = ObservedDeployment {
            endpoints: vec![endpoint("a", "InService", 1), endpoint("b", "InService", 1)],
            ..Default::default()
        };
        let second = ObservedDeployment {
            endpoints: vec![endpoint("b", "Updating", 2), endpoint("a", "InService", 3)],
            ..Default::default()
        };
        assert_eq!(first.fingerprint(), second.fingerprint());
        let mut changed = first.clone();
        changed.endpoints[0].config_name = "a-ffffffff".into();
        assert_ne!(first.fingerprint(), changed.fingerprint());
        assert_ne!(
            ObservedDeployment::default().fingerprint(),
            first.fingerprint(),
            "an empty account has a fingerprint of its own"
        );
    }
}
