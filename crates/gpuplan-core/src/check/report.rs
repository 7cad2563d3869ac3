//! The result of a check: findings and quota needs, plain data for every renderer.

use serde::Serialize;

use crate::catalog::{QuotaUnit, Substitute};
use crate::diagnostics::Location;
use crate::provenance::Source;
use crate::region::Region;

/// Version of the JSON shape of [`CheckReport`]; bumped on any incompatible change.
pub const CHECK_FORMAT_VERSION: u32 = 1;

/// Whether a deployment is feasible in its region.
#[derive(Clone, Debug, Serialize)]
pub struct CheckReport {
    pub format_version: u32,
    pub plan: String,
    /// The plan's own description (empty when it gives none).
    pub description: String,
    pub plan_path: String,
    pub region: Region,
    /// What the check was judged against.
    pub mode: CheckMode,
    pub findings: Vec<Finding>,
    pub quotas: Vec<QuotaCheck>,
}

impl CheckReport {
    /// Whether anything stops the deployment.
    pub fn is_blocked(&self) -> bool {
        self.findings
            .iter()
            .any(|finding| finding.severity == FindingSeverity::Blocking)
            || self
                .quotas
                .iter()
                .any(|quota| matches!(quota.status, QuotaStatus::Shortfall { .. }))
    }
}

/// The source of truth a check used.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CheckMode {
    /// The catalog compiled into the binary, assembled on this date.
    Offline { catalog_assembled_on: String },
}

/// How much a finding matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingSeverity {
    /// The deployment cannot proceed as planned.
    Blocking,
    /// It can, but something is unknown or risky.
    Warning,
    /// Confirmed fine.
    Ok,
}

/// One fact about the plan's feasibility.
#[derive(Clone, Debug, Serialize)]
pub struct Finding {
    pub severity: FindingSeverity,
    #[serde(flatten)]
    pub kind: FindingKind,
    /// Where in the plan file the subject is written.
    pub location: Option<Location>,
    /// Where the fact comes from.
    pub source: Option<Source>,
}

/// What was found.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FindingKind {
    ServiceAvailable {
        service: String,
        long_name: String,
    },
    ServiceUnavailable {
        service: String,
        long_name: String,
        substitute: Option<Substitute>,
    },
    ManagedModelUnavailable {
        service: String,
        model: String,
        purpose: String,
        substitute: Option<Substitute>,
    },
    InstanceTypeOffered {
        instance_type: String,
        endpoints: Vec<String>,
    },
    InstanceTypeNotOffered {
        instance_type: String,
        endpoints: Vec<String>,
        nearest_offered: Option<String>,
    },
    InstanceTypeOfferingUnknown {
        instance_type: String,
        endpoints: Vec<String>,
    },
    /// Offline, which zones offer a type is not known; live checks read it per zone.
    ZoneOfferingsUnknownOffline {
        instance_type: String,
    },
}

/// The peak capacity one quota must allow, and whether it does.
#[derive(Clone, Debug, Serialize)]
pub struct QuotaCheck {
    /// `sagemaker` or `ec2`.
    pub service_code: String,
    /// The code seen in the commercial partition, when the catalog has one; live checks
    /// resolve the quota by name.
    pub quota_code: Option<String>,
    pub quota_name: String,
    pub unit: QuotaUnit,
    /// Instances or vCPUs at the plan's peak (every endpoint at its maximum).
    pub peak_need: f64,
    /// What needs it: endpoint groups, or an alternative (`spot alternative`).
    pub needed_by: Vec<String>,
    /// The applied quota value, when known.
    pub applied: Option<f64>,
    pub status: QuotaStatus,
    /// Where the quota's name and code come from, when the catalog has them.
    pub source: Option<Source>,
}

/// A quota against the need.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum QuotaStatus {
    Sufficient,
    Shortfall {
        missing: f64,
    },
    /// Offline the account's quota is not known (new accounts often start at 0).
    UnknownOffline,
}
