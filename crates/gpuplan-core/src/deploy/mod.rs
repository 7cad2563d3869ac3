//! Deploying a plan: the desired state, the observed state, and the changeset between them.
//!
//! `plan` reads the plan's resources from the account ([`ObservedDeployment`], filled by
//! the AWS adapter with the help of a [`DeploymentQuery`]), compares them with
//! [`DesiredDeployment::of`] the plan, and gets a [`Changeset`] from [`diff()`]: a value
//! that is rendered, saved (as a [`SavedPlan`]) and applied as it is. There is no state
//! file: tags ([`names`]) mark what is the plan's.

pub mod changeset;
pub mod cost_delta;
pub mod definitions;
pub mod desired;
mod diff;
pub mod names;
pub mod observed;
pub mod outcome;
pub mod saved;

use std::collections::{BTreeMap, BTreeSet};

pub use changeset::*;
pub use desired::{DeployabilityError, DesiredDeployment, DesiredEndpoint};
pub use diff::{destroy_all, diff};
pub use observed::*;
pub use outcome::*;
pub use saved::*;

/// What the adapter needs to tell the plan's resources from everybody else's.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DeploymentQuery {
    pub plan_name: String,
    /// Every name gpuplan gives starts with the plan's name and a hyphen: the `NameContains`
    /// filter of the SageMaker lists and the alarm name prefix.
    pub name_prefix: String,
    pub endpoint_names: BTreeSet<String>,
    pub config_names: BTreeSet<String>,
    pub model_names: BTreeSet<String>,
}

/// How a listed SageMaker resource relates to the plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ownership {
    /// Tagged as the plan's.
    Ours,
    /// Not the plan's, but has a name the plan wants: `plan_tag` is the plan it names, if any.
    Foreign { plan_tag: Option<String> },
    /// Not the plan's and not in its way.
    Unrelated,
}

/// The SageMaker resource kinds the adapter lists (and that can be foreign).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum ListedKind {
    Endpoint,
    EndpointConfig,
    Model,
}

impl From<ListedKind> for ResourceKind {
    fn from(kind: ListedKind) -> ResourceKind {
        match kind {
            ListedKind::Endpoint => ResourceKind::Endpoint,
            ListedKind::EndpointConfig => ResourceKind::EndpointConfig,
            ListedKind::Model => ResourceKind::Model,
        }
    }
}

impl ListedKind {
    pub fn label(self) -> &'static str {
        ResourceKind::from(self).label()
    }
}

impl DeploymentQuery {
    pub fn for_desired(desired: &DesiredDeployment) -> DeploymentQuery {
        DeploymentQuery {
            plan_name: desired.plan.clone(),
            name_prefix: format!("{}-", desired.plan),
            endpoint_names: desired.endpoints.iter().map(|e| e.name.clone()).collect(),
            config_names: desired
                .endpoints
                .iter()
                .map(|e| e.config_name.clone())
                .collect(),
            model_names: desired
                .endpoints
                .iter()
                .map(|e| e.model_name.clone())
                .collect(),
        }
    }

    /// For `destroy`: only what the tags mark; no name is wanted.
    pub fn for_destroy(plan_name: &str) -> DeploymentQuery {
        DeploymentQuery {
            plan_name: plan_name.to_string(),
            name_prefix: format!("{plan_name}-"),
            endpoint_names: BTreeSet::new(),
            config_names: BTreeSet::new(),
            model_names: BTreeSet::new(),
        }
    }

    /// Whether a listed name may be the plan's at all (SageMaker's `NameContains` matches
    /// anywhere in the name).
    pub fn may_be_ours(&self, name: &str) -> bool {
        name.starts_with(&self.name_prefix)
    }

    pub fn ownership(
        &self,
        kind: ListedKind,
        name: &str,
        tags: &BTreeMap<String, String>,
    ) -> Ownership {
        if names::is_managed_by(tags, &self.plan_name) {
            return Ownership::Ours;
        }
        let wanted = match kind {
            ListedKind::Endpoint => &self.endpoint_names,
            ListedKind::EndpointConfig => &self.config_names,
            ListedKind::Model => &self.model_names,
        };
        if wanted.contains(name) {
            Ownership::Foreign {
                plan_tag: tags.get(names::PLAN_TAG).cloned(),
            }
        } else {
            Ownership::Unrelated
        }
    }

    /// Whether an Application Auto Scaling resource id (or an alarm's `EndpointName`) is
    /// the plan's: it is on one of the plan's endpoints, or on a name the plan wants and
    /// nobody else holds.
    pub fn owns_endpoint_name(
        &self,
        endpoint_name: &str,
        own_endpoints: &BTreeSet<String>,
        foreign_endpoints: &BTreeSet<String>,
    ) -> bool {
        own_endpoints.contains(endpoint_name)
            || (self.endpoint_names.contains(endpoint_name)
                && !foreign_endpoints.contains(endpoint_name))
    }
}
