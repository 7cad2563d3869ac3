//! Filing quota increase requests (RequestServiceQuotaIncrease), one per short quota.

use gpuplan_core::check::observation::OpenQuotaRequest;

use crate::connection::Connection;
use crate::error::AwsCallError;

/// Asks Service Quotas to raise `quota_code` of `service_code` to `desired_value` (the new
/// total, not an increment) and returns the request as filed.
pub async fn request_increase(
    connection: &Connection,
    service_code: &str,
    quota_code: &str,
    desired_value: f64,
) -> Result<OpenQuotaRequest, AwsCallError> {
    connection
        .calls
        .record("service-quotas:RequestServiceQuotaIncrease");
    let answer = connection
        .service_quotas
        .request_service_quota_increase()
        .service_code(service_code)
        .quota_code(quota_code)
        .desired_value(desired_value)
        .send()
        .await
        .map_err(|error| {
            AwsCallError::from_sdk("Service Quotas", "RequestServiceQuotaIncrease", error)
        })?;
    let requested = answer.requested_quota();
    Ok(OpenQuotaRequest {
        id: requested
            .and_then(|request| request.id())
            .unwrap_or_default()
            .to_string(),
        service_code: service_code.to_string(),
        quota_code: quota_code.to_string(),
        quota_name: requested
            .and_then(|request| request.quota_name())
            .unwrap_or_default()
            .to_string(),
        desired_value: requested
            .and_then(|request| request.desired_value())
            .unwrap_or(desired_value),
        status: requested
            .and_then(|request| request.status())
            .map(|status| status.as_str().to_string())
            .unwrap_or_default(),
        created: requested
            .and_then(|request| request.created())
            .map(|created| {
                jiff::Timestamp::from_second(created.secs())
                    .map(|timestamp| timestamp.to_string())
                    .unwrap_or_else(|_| created.to_string())
            }),
    })
}
