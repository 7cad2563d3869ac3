//! Reading a plan's deployment from the account and applying a changeset to it.
//!
//! - [`observe`]: the plan's SageMaker models, endpoint configs and endpoints (by tag),
//!   their scalable targets, scaling policies, scheduled actions and alarms, as a
//!   [`gpuplan_core::deploy::ObservedDeployment`].
//! - [`apply`]: executes a [`gpuplan_core::deploy::Changeset`] step by step, endpoints
//!   concurrently, stopping cleanly on a failure or Ctrl-C.
//! - [`calls`]: one SDK call per changeset step.
//! - [`wait`]: waiting for an endpoint to be InService or gone.

pub mod apply;
mod calls;
pub mod observe;
pub(crate) mod sagemaker_lists;
mod scaling_reads;
mod wait;

pub use apply::{ApplyOptions, ApplyProgress, StopSignal, apply_changeset};
pub use observe::observe_deployment;

/// Whether an error says the resource does not exist (SageMaker answers
/// `ValidationException: Could not find ...`; Application Auto Scaling
/// `ObjectNotFoundException`).
pub(crate) fn is_not_found(error: &crate::AwsCallError) -> bool {
    error.code.as_deref() == Some("ObjectNotFoundException")
        || error.code.as_deref() == Some("ResourceNotFound")
        || (error.code.as_deref() == Some("ValidationException")
            && (error.detail.contains("Could not find") || error.detail.contains("does not exist")))
}
