//! gpuplan-core: the pure core of gpuplan.
//!
//! Plain data in, plain data out, no network and no AWS SDK: the plan file ([`plan`]), the
//! embedded China-region catalog ([`catalog`]), traffic profiles ([`workload`]), the cost
//! model ([`cost`]), feasibility checks ([`check`]) and their renderings ([`render`]). The
//! `gpuplan` binary adds the command line and, later, the AWS adapters on top.
//!
//! ```no_run
//! use gpuplan_core::{catalog::Catalog, cost, plan};
//!
//! let text = std::fs::read_to_string("plans/theater-g5.toml").unwrap();
//! let catalog = Catalog::embedded();
//! let loaded = plan::load("plans/theater-g5.toml", &text, catalog, &|_| Err("no traces".into()))
//!     .expect("a valid plan");
//! let report = cost::estimate(&loaded.plan, catalog);
//! println!("{} strategies priced", report.totals.len());
//! ```

pub mod catalog;
pub mod check;
pub mod cost;
pub mod deploy;
pub mod diagnostics;
pub mod iam_policy;
pub mod plan;
pub mod provenance;
pub mod region;
pub mod render;
pub mod workload;
