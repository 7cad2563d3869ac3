//! The Service Quotas that govern capacity: SageMaker endpoint instances per instance type,
//! and the EC2 vCPU quotas per family group and market.
//!
//! The codes were seen in the commercial partition; that the China regions use the same codes
//! is unverified, so the live adapters resolve quotas by name and use these codes offline.

use super::instance_name;
use super::{Catalog, Market, QuotaDefinition};

pub(super) fn sagemaker_endpoint_quota<'a>(
    catalog: &'a Catalog,
    instance_type: &str,
) -> Option<&'a QuotaDefinition> {
    let name = instance_name::sagemaker_name(instance_type);
    catalog
        .data
        .quotas
        .sagemaker_endpoint
        .iter()
        .find(|entry| entry.instance_type == name)
        .map(|entry| &entry.quota)
}

pub(super) fn ec2_vcpu_quota<'a>(
    catalog: &'a Catalog,
    instance_type: &str,
    market: Market,
) -> Option<&'a QuotaDefinition> {
    let name = instance_name::ec2_name(instance_type);
    let family = instance_name::family(&name);
    catalog
        .data
        .quotas
        .ec2_vcpu
        .iter()
        .filter(|entry| entry.market == market)
        .find(|entry| {
            entry
                .family_patterns
                .iter()
                .any(|pattern| instance_name::pattern_covers(pattern, family))
        })
        .map(|entry| &entry.quota)
}
