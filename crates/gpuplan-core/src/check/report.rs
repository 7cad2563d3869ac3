//! The result of a check: findings and quota needs, plain data for every renderer.

use serde::Serialize;

use crate::catalog::{QuotaUnit, Substitute};
use crate::check::observation::OpenQuotaRequest;
use crate::diagnostics::Location;
use crate::provenance::Source;
use crate::region::Region;

/// Version of the JSON shape of [`CheckReport`]; bumped on any incompatible change.
pub const CHECK_FORMAT_VERSION: u32 = 2;

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
            || self.quotas.iter().any(|quota| {
                quota.purpose == QuotaPurpose::Deployment
                    && matches!(quota.status, QuotaStatus::Shortfall { .. })
            })
    }
}

/// The source of truth a check used.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CheckMode {
    /// The catalog compiled into the binary, assembled on this date.
    Offline {
        catalog_assembled_on: String,
        /// Why the check did not go live when it was not asked to stay offline (no
        /// credentials found); `None` when `--offline` was given.
        fallback_reason: Option<String>,
    },
    /// The account itself, read through the AWS APIs.
    Live {
        /// When the reading started, RFC 3339.
        observed_at: String,
        /// The AWS profile used, when one was named.
        profile: Option<String>,
        /// The endpoint URL the calls went to, when it was overridden.
        endpoint_url: Option<String>,
        /// The API calls the check made, by operation.
        api_calls: Vec<ApiCallCount>,
    },
}

/// How often one API operation was called.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ApiCallCount {
    /// `sagemaker:ListEndpoints`.
    pub operation: String,
    pub calls: u32,
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
    /// Live: the zones whose EC2 offerings include the type's EC2 counterpart.
    ZoneOfferings {
        instance_type: String,
        ec2_instance_type: String,
        offered_in: Vec<String>,
        not_offered_in: Vec<String>,
    },
}

/// The peak capacity one quota must allow, and whether it does.
#[derive(Clone, Debug, Serialize)]
pub struct QuotaCheck {
    /// `sagemaker` or `ec2`.
    pub service_code: String,
    /// Offline, the code seen in the commercial partition when the catalog has one; live,
    /// the code the account's quota list gives for the quota's name.
    pub quota_code: Option<String>,
    pub quota_name: String,
    pub unit: QuotaUnit,
    /// Whether the deployment itself needs the quota, or only an alternative it compares.
    pub purpose: QuotaPurpose,
    /// Instances or vCPUs at the plan's peak (every endpoint at its maximum).
    pub peak_need: f64,
    /// What needs it: endpoint groups, or an alternative (`spot alternative: NAME`).
    pub needed_by: Vec<String>,
    /// Where the first endpoint group that needs it writes its instance type.
    pub location: Option<Location>,
    /// Units of the quota one instance takes (1 for instance quotas; the vCPUs of the
    /// largest instance type that needs it for vCPU quotas). Request headroom is counted
    /// in instances and converted with this.
    pub units_per_instance: f64,
    /// The applied quota value, when known.
    pub applied: Option<f64>,
    /// Whether the account may ask for more (live only).
    pub adjustable: Option<bool>,
    /// What other resources already use of it (live only): instances of endpoints the
    /// plan does not manage, or vCPUs of running EC2 instances.
    pub in_use: Option<f64>,
    /// Who uses it: endpoint names, or `EC2 g5.xlarge × 2`.
    pub in_use_by: Vec<String>,
    /// Instances of the plan's own endpoints already running (live only). They are part
    /// of the peak need, so they are not subtracted from the headroom.
    pub plan_running: Option<f64>,
    /// Applied minus in use: what is left for this plan (live only).
    pub headroom: Option<f64>,
    /// Increase requests for this quota that are still open (live only).
    pub open_requests: Vec<OpenQuotaRequest>,
    #[serde(flatten)]
    pub status: QuotaStatus,
    /// Where the quota's name and code come from.
    pub source: Option<Source>,
}

impl QuotaCheck {
    /// The amount missing, when the quota falls short.
    pub fn missing(&self) -> Option<f64> {
        match self.status {
            QuotaStatus::Shortfall { missing } => Some(missing),
            _ => None,
        }
    }
}

/// Why a plan needs a quota.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QuotaPurpose {
    /// The plan's endpoints need it: a shortfall blocks the deployment.
    Deployment,
    /// Only an alternative the plan compares needs it: a shortfall is a warning.
    Alternative,
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
    /// The account's quota list has no quota of this name (live).
    NotInAccount,
}
