//! Running EC2 instances of the families the plan's EC2 quotas count (DescribeInstances
//! filtered by state and `instance-type` patterns, every page), summed per type and market.

use std::collections::BTreeMap;

use aws_sdk_ec2::types::{Filter, InstanceLifecycleType};
use gpuplan_core::check::observation::{ObservationRequest, RunningInstances};

use crate::connection::Connection;
use crate::error::AwsCallError;

pub(super) async fn read(
    connection: &Connection,
    request: &ObservationRequest,
) -> Result<Option<Vec<RunningInstances>>, AwsCallError> {
    if !request.ec2_capacity || request.ec2_instance_type_patterns.is_empty() {
        return Ok(None);
    }
    let patterns: Vec<String> = request
        .ec2_instance_type_patterns
        .iter()
        .map(|pattern| {
            if pattern.ends_with('*') {
                pattern.clone()
            } else {
                format!("{pattern}*")
            }
        })
        .collect();
    // (type, spot) -> (count, vCPUs each)
    let mut running: BTreeMap<(String, bool), (u32, u32)> = BTreeMap::new();
    let mut token: Option<String> = None;
    loop {
        connection.calls.record("ec2:DescribeInstances");
        let page = connection
            .ec2
            .describe_instances()
            .filters(
                Filter::builder()
                    .name("instance-state-name")
                    .values("pending")
                    .values("running")
                    .build(),
            )
            .filters(
                Filter::builder()
                    .name("instance-type")
                    .set_values(Some(patterns.clone()))
                    .build(),
            )
            .set_next_token(token.take())
            .send()
            .await
            .map_err(|error| AwsCallError::from_sdk("EC2", "DescribeInstances", error))?;
        for instance in page
            .reservations()
            .iter()
            .flat_map(|reservation| reservation.instances())
        {
            let Some(instance_type) = instance.instance_type() else {
                continue;
            };
            let spot = instance.instance_lifecycle() == Some(&InstanceLifecycleType::Spot);
            let vcpus = instance
                .cpu_options()
                .map(|cpu| cpu.core_count().unwrap_or(0) * cpu.threads_per_core().unwrap_or(1))
                .unwrap_or(0)
                .max(0) as u32;
            let entry = running
                .entry((instance_type.as_str().to_string(), spot))
                .or_insert((0, vcpus));
            entry.0 += 1;
            entry.1 = entry.1.max(vcpus);
        }
        token = crate::pages::next_page(page.next_token());
        if token.is_none() {
            break;
        }
    }
    Ok(Some(
        running
            .into_iter()
            .map(
                |((instance_type, spot), (count, vcpus_each))| RunningInstances {
                    instance_type,
                    spot,
                    count,
                    vcpus_each,
                },
            )
            .collect(),
    ))
}
