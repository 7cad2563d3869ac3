//! The region's availability zones, and which of them offer the plan's instance types
//! (DescribeAvailabilityZones, DescribeInstanceTypeOfferings by availability zone with one
//! `instance-type` filter naming every type).

use std::collections::{BTreeMap, BTreeSet};

use aws_sdk_ec2::types::{Filter, LocationType};
use gpuplan_core::check::observation::{ObservationRequest, ObservedZone};

use crate::connection::Connection;
use crate::error::AwsCallError;

pub(super) type ZoneOfferings = BTreeMap<String, BTreeSet<String>>;

pub(super) async fn read(
    connection: &Connection,
    request: &ObservationRequest,
) -> Result<(Vec<ObservedZone>, ZoneOfferings), AwsCallError> {
    tokio::try_join!(
        availability_zones(connection),
        offerings(connection, request)
    )
}

async fn availability_zones(connection: &Connection) -> Result<Vec<ObservedZone>, AwsCallError> {
    connection.calls.record("ec2:DescribeAvailabilityZones");
    let answer = connection
        .ec2
        .describe_availability_zones()
        .filters(
            Filter::builder()
                .name("zone-type")
                .values("availability-zone")
                .build(),
        )
        .send()
        .await
        .map_err(|error| AwsCallError::from_sdk("EC2", "DescribeAvailabilityZones", error))?;
    let mut zones: Vec<ObservedZone> = answer
        .availability_zones()
        .iter()
        .filter_map(|zone| {
            Some(ObservedZone {
                name: zone.zone_name()?.to_string(),
                id: zone.zone_id().unwrap_or_default().to_string(),
            })
        })
        .collect();
    zones.sort();
    Ok(zones)
}

async fn offerings(
    connection: &Connection,
    request: &ObservationRequest,
) -> Result<ZoneOfferings, AwsCallError> {
    let mut offerings = ZoneOfferings::new();
    if request.instance_types.is_empty() {
        return Ok(offerings);
    }
    let filter = Filter::builder()
        .name("instance-type")
        .set_values(Some(request.instance_types.iter().cloned().collect()))
        .build();
    let mut token: Option<String> = None;
    loop {
        connection.calls.record("ec2:DescribeInstanceTypeOfferings");
        let page = connection
            .ec2
            .describe_instance_type_offerings()
            .location_type(LocationType::AvailabilityZone)
            .filters(filter.clone())
            .set_next_token(token.take())
            .send()
            .await
            .map_err(|error| {
                AwsCallError::from_sdk("EC2", "DescribeInstanceTypeOfferings", error)
            })?;
        for offering in page.instance_type_offerings() {
            if let (Some(instance_type), Some(zone)) =
                (offering.instance_type(), offering.location())
            {
                offerings
                    .entry(instance_type.as_str().to_string())
                    .or_default()
                    .insert(zone.to_string());
            }
        }
        token = crate::pages::next_page(page.next_token());
        if token.is_none() {
            break;
        }
    }
    Ok(offerings)
}
