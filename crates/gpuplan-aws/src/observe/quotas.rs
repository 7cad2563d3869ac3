//! Applied Service Quotas (ListServiceQuotas, every page) and quota increase requests that
//! are still open (ListRequestedServiceQuotaChangeHistory, PENDING and CASE_OPENED).
//!
//! Quotas are listed whole rather than fetched by code because codes can differ by region:
//! the judgement matches them by name. Each service's pages follow one another; the
//! services, and the two request statuses, are read at once.

use aws_sdk_servicequotas::types::RequestStatus;
use futures::future::try_join_all;
use gpuplan_core::check::observation::{ObservedQuota, OpenQuotaRequest};

use crate::connection::Connection;
use crate::error::AwsCallError;

/// The largest page ListServiceQuotas serves.
const PAGE_SIZE: i32 = 100;

pub(super) async fn read_quotas(
    connection: &Connection,
    service_codes: &[&str],
) -> Result<Vec<ObservedQuota>, AwsCallError> {
    let lists = try_join_all(
        service_codes
            .iter()
            .map(|service_code| list_quotas(connection, service_code)),
    )
    .await?;
    Ok(lists.into_iter().flatten().collect())
}

async fn list_quotas(
    connection: &Connection,
    service_code: &str,
) -> Result<Vec<ObservedQuota>, AwsCallError> {
    let mut quotas = Vec::new();
    let mut token: Option<String> = None;
    loop {
        connection.calls.record("service-quotas:ListServiceQuotas");
        let page = connection
            .service_quotas
            .list_service_quotas()
            .service_code(service_code)
            .max_results(PAGE_SIZE)
            .set_next_token(token.take())
            .send()
            .await
            .map_err(|error| {
                AwsCallError::from_sdk("Service Quotas", "ListServiceQuotas", error)
            })?;
        quotas.extend(page.quotas().iter().filter_map(|quota| {
            Some(ObservedQuota {
                service_code: quota.service_code()?.to_string(),
                quota_code: quota.quota_code()?.to_string(),
                quota_name: quota.quota_name()?.to_string(),
                value: quota.value()?,
                adjustable: quota.adjustable(),
            })
        }));
        token = crate::pages::next_page(page.next_token());
        if token.is_none() {
            break;
        }
    }
    Ok(quotas)
}

pub(super) async fn read_open_requests(
    connection: &Connection,
    service_codes: &[&str],
) -> Result<Vec<OpenQuotaRequest>, AwsCallError> {
    let reads = service_codes.iter().flat_map(|service_code| {
        [RequestStatus::Pending, RequestStatus::CaseOpened]
            .into_iter()
            .map(move |status| open_requests(connection, service_code, status))
    });
    let lists = try_join_all(reads).await?;
    Ok(lists.into_iter().flatten().collect())
}

/// Requests of one service in one status, every page.
pub async fn open_requests(
    connection: &Connection,
    service_code: &str,
    status: RequestStatus,
) -> Result<Vec<OpenQuotaRequest>, AwsCallError> {
    let mut requests = Vec::new();
    let mut token: Option<String> = None;
    loop {
        connection
            .calls
            .record("service-quotas:ListRequestedServiceQuotaChangeHistory");
        let page = connection
            .service_quotas
            .list_requested_service_quota_change_history()
            .service_code(service_code)
            .status(status.clone())
            .max_results(PAGE_SIZE)
            .set_next_token(token.take())
            .send()
            .await
            .map_err(|error| {
                AwsCallError::from_sdk(
                    "Service Quotas",
                    "ListRequestedServiceQuotaChangeHistory",
                    error,
                )
            })?;
        requests.extend(page.requested_quotas().iter().filter_map(|request| {
            Some(OpenQuotaRequest {
                id: request.id()?.to_string(),
                service_code: request.service_code()?.to_string(),
                quota_code: request.quota_code()?.to_string(),
                quota_name: request.quota_name().unwrap_or_default().to_string(),
                desired_value: request.desired_value()?,
                status: request
                    .status()
                    .map(|status| status.as_str().to_string())
                    .unwrap_or_default(),
                created: request.created().map(|created| {
                    jiff::Timestamp::from_second(created.secs())
                        .map(|timestamp| timestamp.to_string())
                        .unwrap_or_else(|_| created.to_string())
                }),
            })
        }));
        token = crate::pages::next_page(page.next_token());
        if token.is_none() {
            break;
        }
    }
    Ok(requests)
}
