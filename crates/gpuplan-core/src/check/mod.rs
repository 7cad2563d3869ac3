//! Feasibility of a plan in its region: services, hosted models, instance types, quotas.
//!
//! [`check_offline`] judges the plan against the embedded catalog. It reports services and
//! hosted models the region lacks with their substitutes, instance types the region does
//! not offer with the nearest offered type, and the peak capacity each Service Quota must
//! allow (instances per SageMaker instance type, vCPUs per EC2 quota), against the quota
//! where it is known and as "unknown offline" where it is not.

pub mod report;

pub use report::*;

use crate::catalog::Catalog;
use crate::plan::Plan;

/// Checks the plan against the embedded catalog alone.
pub fn check_offline(plan: &Plan, catalog: &Catalog) -> CheckReport {
    let _ = (plan, catalog);
    todo!("check")
}
