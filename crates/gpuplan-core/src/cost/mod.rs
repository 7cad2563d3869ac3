//! Monthly cost of a plan under each serving strategy, in CNY.
//!
//! For each endpoint group, [`estimate`] prices: always-on; autoscaled (the plan's
//! target-tracking policy simulated minute by minute over the workload, with min, max and
//! cooldowns); scheduled capacity; asynchronous with scale-to-zero (with its cold start);
//! a Savings Plan; self-managed EC2 spot; each usage-based API that could replace it; and
//! the ideal lower bound (busy GPU-seconds only). Prices come from the plan's overrides,
//! then the catalog; every figure carries the weakest [`crate::provenance::Basis`] of what
//! it was computed from, so estimates stay marked through to the totals.

pub mod report;

pub use report::*;

use crate::catalog::Catalog;
use crate::plan::Plan;

/// Hours in a billing month, as AWS price pages use.
pub const HOURS_PER_MONTH: f64 = 730.0;

/// Prices every strategy for every endpoint group of the plan.
pub fn estimate(plan: &Plan, catalog: &Catalog) -> CostReport {
    let _ = (plan, catalog);
    todo!("cost")
}
