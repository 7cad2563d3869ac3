//! Which services the region offers, from the SSM public parameters
//! `/aws/service/global-infrastructure/regions/REGION/services/SERVICE`.
//!
//! GetParameters takes ten names at a time and reports the names that do not exist as
//! invalid: one call per ten services the plan names, all at once, instead of paging
//! through the region's 160-odd services ten at a time.

use std::collections::BTreeMap;

use futures::future::try_join_all;
use gpuplan_core::check::observation::ObservationRequest;

use crate::connection::Connection;
use crate::error::AwsCallError;

/// GetParameters' limit on names per call.
const NAMES_PER_CALL: usize = 10;

pub(super) async fn read(
    connection: &Connection,
    request: &ObservationRequest,
) -> Result<BTreeMap<String, bool>, AwsCallError> {
    let prefix = format!(
        "/aws/service/global-infrastructure/regions/{}/services/",
        request.region.code()
    );
    let services: Vec<&String> = request.services.iter().collect();
    let answers = try_join_all(services.chunks(NAMES_PER_CALL).map(|chunk| {
        let names: Vec<String> = chunk.iter().map(|id| format!("{prefix}{id}")).collect();
        async move {
            connection.calls.record("ssm:GetParameters");
            connection
                .ssm
                .get_parameters()
                .set_names(Some(names))
                .send()
                .await
                .map_err(|error| AwsCallError::from_sdk("SSM", "GetParameters", error))
        }
    }))
    .await?;
    let mut present: BTreeMap<String, bool> = request
        .services
        .iter()
        .map(|id| (id.clone(), false))
        .collect();
    for answer in answers {
        for parameter in answer.parameters() {
            let id = parameter
                .name()
                .and_then(|name| name.strip_prefix(&prefix))
                .unwrap_or_default();
            if let Some(entry) = present.get_mut(id) {
                *entry = true;
            }
        }
    }
    Ok(present)
}
