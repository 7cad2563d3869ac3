//! The offered instance type nearest to one a region lacks (`ml.g6.4xlarge` → `ml.g5.4xlarge`
//! in Ningxia).
//!
//! A candidate must be offered in the region (evidence, not "unknown"), carry the same kind of
//! accelerator (a GPU model does not run on Inferentia and the other way round), the same
//! number of them, and at least the same memory per accelerator. Among candidates the closest
//! vCPU count wins, then the smaller memory per accelerator (the closest fit), then the name.
//! For a SageMaker name (`ml.` prefix) only families SageMaker hosts are candidates.

use super::instance_name;
use super::{Catalog, GpuInstanceType, Offering};
use crate::region::Region;

pub(super) fn nearest_offered(
    catalog: &Catalog,
    region: Region,
    instance_type: &str,
) -> Option<String> {
    let wanted = catalog.instance_type(instance_type)?;
    let sagemaker = instance_name::has_sagemaker_prefix(instance_type);
    let hosted = &catalog.data.sagemaker_hosting.hosted_families;
    let best = catalog
        .instance_types()
        .iter()
        .filter(|candidate| fits(wanted, candidate))
        .filter(|candidate| !sagemaker || hosted.contains(&candidate.family))
        .filter(|candidate| {
            matches!(
                catalog.offering(region, &candidate.name),
                Offering::Offered { .. }
            )
        })
        .min_by_key(|candidate| {
            (
                candidate.vcpus.abs_diff(wanted.vcpus),
                candidate.gpu_memory_per_gpu_gib(),
                candidate.name.clone(),
            )
        })?;
    Some(if sagemaker {
        instance_name::sagemaker_name(&best.name)
    } else {
        best.name.clone()
    })
}

/// Same accelerator kind and count, at least the same memory per accelerator.
fn fits(wanted: &GpuInstanceType, candidate: &GpuInstanceType) -> bool {
    candidate.accelerator == wanted.accelerator
        && candidate.gpus == wanted.gpus
        && candidate.gpu_memory_per_gpu_gib() >= wanted.gpu_memory_per_gpu_gib()
}
