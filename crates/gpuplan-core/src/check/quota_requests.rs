//! Which quota increases to file for a check's shortfalls, and for how much.
//!
//! Each shortfall of a quota the deployment needs becomes one request for the applied value
//! plus exactly the missing amount plus the plan's headroom (counted in instances and
//! converted to the quota's unit). A quota with a request still open is skipped: Service
//! Quotas refuses a second one, and the open one may already cover the need. Quotas that
//! cannot be adjusted, or whose code is not known, are reported, not filed.

use serde::Serialize;

use crate::check::observation::OpenQuotaRequest;
use crate::check::report::{CheckReport, QuotaPurpose};

/// What to do about one short quota.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum QuotaRequestAction {
    /// File RequestServiceQuotaIncrease for `desired_value`.
    File {
        service_code: String,
        quota_code: String,
        quota_name: String,
        applied: f64,
        missing: f64,
        headroom: f64,
        desired_value: f64,
    },
    /// A request is already open; nothing is filed.
    AlreadyRequested {
        service_code: String,
        quota_code: String,
        quota_name: String,
        applied: f64,
        missing: f64,
        open: OpenQuotaRequest,
        /// What would still be missing once the open request is granted in full.
        still_missing_after: f64,
    },
    /// The quota cannot be raised through Service Quotas.
    NotAdjustable {
        service_code: String,
        quota_name: String,
        missing: f64,
    },
}

impl QuotaRequestAction {
    pub fn quota_name(&self) -> &str {
        match self {
            QuotaRequestAction::File { quota_name, .. }
            | QuotaRequestAction::AlreadyRequested { quota_name, .. }
            | QuotaRequestAction::NotAdjustable { quota_name, .. } => quota_name,
        }
    }
}

/// The requests a live check's shortfalls call for, with `headroom_instances` extra
/// instances on each.
pub fn quota_requests(report: &CheckReport, headroom_instances: u32) -> Vec<QuotaRequestAction> {
    report
        .quotas
        .iter()
        .filter(|quota| quota.purpose == QuotaPurpose::Deployment)
        .filter_map(|quota| {
            let missing = quota.missing()?;
            let applied = quota.applied?;
            let quota_code = quota.quota_code.clone()?;
            if quota.adjustable == Some(false) {
                return Some(QuotaRequestAction::NotAdjustable {
                    service_code: quota.service_code.clone(),
                    quota_name: quota.quota_name.clone(),
                    missing,
                });
            }
            if let Some(open) = quota.open_requests.first() {
                return Some(QuotaRequestAction::AlreadyRequested {
                    service_code: quota.service_code.clone(),
                    quota_code,
                    quota_name: quota.quota_name.clone(),
                    applied,
                    missing,
                    open: open.clone(),
                    still_missing_after: (applied + missing - open.desired_value).max(0.0),
                });
            }
            let headroom = f64::from(headroom_instances) * quota.units_per_instance;
            Some(QuotaRequestAction::File {
                service_code: quota.service_code.clone(),
                quota_code,
                quota_name: quota.quota_name.clone(),
                applied,
                missing,
                headroom,
                desired_value: (applied + missing + headroom).ceil(),
            })
        })
        .collect()
}
