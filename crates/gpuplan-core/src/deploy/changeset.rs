//! The changeset: what `apply` will do, as a value.
//!
//! Computed once by [`super::diff()`], rendered by `render::changeset`, saved by `plan -o`,
//! and executed as it is by the AWS adapter: each [`EndpointChange`] carries its
//! [`ResourceChange`]s (what people read, with reasons) and its [`Step`]s (the calls, in the
//! order the SageMaker and Application Auto Scaling rules require).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::definitions::{
    AlarmDefinition, Difference, EndpointConfigDefinition, ModelDefinition,
    ScalableTargetDefinition, ScalingPolicyDefinition, ScheduledActionDefinition,
};
use crate::region::Region;

/// Version of the changeset's JSON (in `plan --format json` and saved plans).
pub const CHANGESET_FORMAT_VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Changeset {
    pub format_version: u32,
    pub plan: String,
    pub region: Region,
    /// [`super::ObservedDeployment::fingerprint`] of the account state it was computed from.
    pub observed_fingerprint: String,
    /// Changes, one entry per endpoint, in the plan's order, removals last.
    pub endpoints: Vec<EndpointChange>,
    /// Endpoints of the plan already as the plan wants them.
    pub unchanged: Vec<String>,
    /// Names the plan needs that somebody else's resources hold: nothing can be applied
    /// until they are resolved.
    pub conflicts: Vec<Conflict>,
}

/// Everything that changes for one endpoint.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EndpointChange {
    /// The SageMaker endpoint name.
    pub endpoint: String,
    pub action: Action,
    pub reason: String,
    pub resources: Vec<ResourceChange>,
    pub steps: Vec<Step>,
}

/// What happens to a resource, with Terraform's symbols.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Create,
    Update,
    Replace,
    Delete,
}

impl Action {
    pub fn symbol(self) -> &'static str {
        match self {
            Action::Create => "+",
            Action::Update => "~",
            Action::Replace => "-/+",
            Action::Delete => "-",
        }
    }
}

/// The kinds of resource gpuplan manages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResourceKind {
    Model,
    EndpointConfig,
    Endpoint,
    ScalableTarget,
    ScalingPolicy,
    ScheduledAction,
    Alarm,
}

impl ResourceKind {
    pub fn label(self) -> &'static str {
        match self {
            ResourceKind::Model => "model",
            ResourceKind::EndpointConfig => "endpoint config",
            ResourceKind::Endpoint => "endpoint",
            ResourceKind::ScalableTarget => "scalable target",
            ResourceKind::ScalingPolicy => "scaling policy",
            ResourceKind::ScheduledAction => "scheduled action",
            ResourceKind::Alarm => "alarm",
        }
    }
}

/// One resource's change.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResourceChange {
    pub kind: ResourceKind,
    pub name: String,
    /// The name it replaces, for a new version of an immutable resource.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub replaces: Option<String>,
    pub action: Action,
    pub reason: String,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub differences: Vec<Difference>,
}

/// A name the plan needs that is held by a resource the plan does not manage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    pub kind: ResourceKind,
    pub name: String,
    pub message: String,
}

/// One call (or wait) of apply, with everything it sends.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Step {
    CreateModel {
        name: String,
        definition: ModelDefinition,
        tags: BTreeMap<String, String>,
    },
    CreateEndpointConfig {
        name: String,
        definition: EndpointConfigDefinition,
        tags: BTreeMap<String, String>,
    },
    CreateEndpoint {
        name: String,
        config_name: String,
        tags: BTreeMap<String, String>,
    },
    /// `UpdateEndpoint`; `retain_variant_properties` keeps the instance count the
    /// autoscaler set (`RetainAllVariantProperties`).
    UpdateEndpoint {
        name: String,
        config_name: String,
        retain_variant_properties: bool,
    },
    /// Polls `DescribeEndpoint` until the endpoint is InService on `config_name`; a
    /// `Failed` status or a rolled-back update is an error.
    WaitInService {
        name: String,
        config_name: String,
    },
    DeleteEndpoint {
        name: String,
    },
    /// Polls until the endpoint is gone.
    WaitDeleted {
        name: String,
    },
    DeleteEndpointConfig {
        name: String,
    },
    DeleteModel {
        name: String,
    },
    /// Registers (or updates the bounds of) a scalable target; the tags apply only when
    /// it is new, as Application Auto Scaling does.
    RegisterScalableTarget {
        resource_id: String,
        definition: ScalableTargetDefinition,
        #[serde(default)]
        tags: BTreeMap<String, String>,
    },
    DeregisterScalableTarget {
        resource_id: String,
    },
    PutScalingPolicy {
        resource_id: String,
        name: String,
        definition: ScalingPolicyDefinition,
    },
    DeleteScalingPolicy {
        resource_id: String,
        name: String,
    },
    PutScheduledAction {
        resource_id: String,
        name: String,
        definition: ScheduledActionDefinition,
    },
    DeleteScheduledAction {
        resource_id: String,
        name: String,
    },
    /// `PutMetricAlarm`, with the ARN of the policy it triggers looked up at apply time.
    PutAlarm {
        name: String,
        resource_id: String,
        definition: AlarmDefinition,
        tags: BTreeMap<String, String>,
    },
    DeleteAlarm {
        name: String,
    },
}

impl Step {
    /// Whether the step changes the account (waits only read).
    pub fn is_write(&self) -> bool {
        !matches!(self, Step::WaitInService { .. } | Step::WaitDeleted { .. })
    }

    /// A short description for progress and reports: `CreateEndpoint theater-g5-x`.
    pub fn describe(&self) -> String {
        match self {
            Step::CreateModel { name, .. } => format!("CreateModel {name}"),
            Step::CreateEndpointConfig { name, .. } => format!("CreateEndpointConfig {name}"),
            Step::CreateEndpoint { name, .. } => format!("CreateEndpoint {name}"),
            Step::UpdateEndpoint {
                name, config_name, ..
            } => format!("UpdateEndpoint {name} to {config_name}"),
            Step::WaitInService { name, .. } => format!("wait for {name} to be InService"),
            Step::DeleteEndpoint { name } => format!("DeleteEndpoint {name}"),
            Step::WaitDeleted { name } => format!("wait for {name} to be deleted"),
            Step::DeleteEndpointConfig { name } => format!("DeleteEndpointConfig {name}"),
            Step::DeleteModel { name } => format!("DeleteModel {name}"),
            Step::RegisterScalableTarget { resource_id, .. } => {
                format!("RegisterScalableTarget {resource_id}")
            }
            Step::DeregisterScalableTarget { resource_id } => {
                format!("DeregisterScalableTarget {resource_id}")
            }
            Step::PutScalingPolicy { name, .. } => format!("PutScalingPolicy {name}"),
            Step::DeleteScalingPolicy { name, .. } => format!("DeleteScalingPolicy {name}"),
            Step::PutScheduledAction { name, .. } => format!("PutScheduledAction {name}"),
            Step::DeleteScheduledAction { name, .. } => format!("DeleteScheduledAction {name}"),
            Step::PutAlarm { name, .. } => format!("PutMetricAlarm {name}"),
            Step::DeleteAlarm { name } => format!("DeleteAlarms {name}"),
        }
    }
}

/// Terraform's summary counts: a replacement is one to add and one to destroy.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeCounts {
    pub add: usize,
    pub change: usize,
    pub destroy: usize,
}

impl ChangeCounts {
    pub fn is_empty(&self) -> bool {
        self.add == 0 && self.change == 0 && self.destroy == 0
    }
}

impl Changeset {
    pub fn counts(&self) -> ChangeCounts {
        let mut counts = ChangeCounts::default();
        for resource in self.endpoints.iter().flat_map(|change| &change.resources) {
            match resource.action {
                Action::Create => counts.add += 1,
                Action::Update => counts.change += 1,
                Action::Replace => {
                    counts.add += 1;
                    counts.destroy += 1;
                }
                Action::Delete => counts.destroy += 1,
            }
        }
        counts
    }

    /// Whether applying it would change nothing.
    pub fn is_empty(&self) -> bool {
        self.endpoints.is_empty()
    }

    /// Number of calls that change the account.
    pub fn write_calls(&self) -> usize {
        self.endpoints
            .iter()
            .flat_map(|change| &change.steps)
            .filter(|step| step.is_write())
            .count()
    }
}
