//! The live reading behind `gpuplan check`: one [`AccountObservation`] from a few calls.
//!
//! Every independent read starts at once (`try_join!`): the SSM service parameters, the
//! zones and their offerings, the quota lists, the open quota requests, the endpoints and
//! the running EC2 instances. Paginated lists page in sequence, as tokens require; the only
//! calls that grow with anything are the DescribeEndpoint/DescribeEndpointConfig pairs,
//! one per endpoint already in the account (never per endpoint of the plan), made
//! concurrently with a bound.

mod endpoints;
mod instances;
mod quotas;
mod services;
mod zones;

use gpuplan_core::check::observation::{AccountObservation, ObservationRequest};

use crate::connection::Connection;
use crate::error::AwsCallError;

/// How many describe calls run at once.
pub const DESCRIBE_CONCURRENCY: usize = 16;

/// Reads everything `request` asks for.
pub async fn observe_account(
    connection: &Connection,
    request: &ObservationRequest,
) -> Result<AccountObservation, AwsCallError> {
    let observed_at = jiff::Timestamp::now()
        .round(jiff::Unit::Second)
        .unwrap_or_else(|_| jiff::Timestamp::now())
        .to_string();
    let mut quota_services = vec!["sagemaker"];
    if request.ec2_capacity {
        quota_services.push("ec2");
    }
    let (services, (zones, zone_offerings), quotas, open_requests, endpoints, ec2_instances) = tokio::try_join!(
        services::read(connection, request),
        zones::read(connection, request),
        quotas::read_quotas(connection, &quota_services),
        quotas::read_open_requests(connection, &quota_services),
        endpoints::read(connection, &request.plan_name),
        instances::read(connection, request),
    )?;
    Ok(AccountObservation {
        observed_at,
        services,
        zones,
        zone_offerings,
        quotas,
        quota_services_read: quota_services.iter().map(|code| code.to_string()).collect(),
        endpoints,
        ec2_instances,
        open_requests,
        api_calls: connection.calls.counts(),
    })
}
