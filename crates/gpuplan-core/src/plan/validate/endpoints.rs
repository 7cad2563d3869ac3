//! `[[endpoint]]` entries: names, workloads, instance types, the model, autoscaling,
//! schedules and asynchronous mode.

use std::collections::{BTreeMap, HashMap};

use super::context::{Context, is_time_zone};
use crate::catalog::instance_name;
use crate::diagnostics::Location;
use crate::plan::file::{AutoscalingFile, EndpointFile, ModelFile, ScheduleFile};
use crate::plan::suggest::{closest, did_you_mean};
use crate::plan::{
    Asynchronous, Autoscaling, DEFAULT_COLD_START_SECONDS, DEFAULT_COOLDOWN_SECONDS, EndpointGroup,
    ModelSpec, SAGEMAKER_NAME_LIMIT, SPEC_HASH_SUFFIX_LENGTH, ScheduledCapacity, Tokens, Workload,
    resource_name,
};
use crate::workload::clock::minutes_of_day;

pub(super) fn validate(
    context: &mut Context<'_>,
    plan_name: Option<&str>,
    workloads: &BTreeMap<String, Workload>,
    workload_names: &[String],
) -> Vec<EndpointGroup> {
    let mut groups = Vec::new();
    // Every endpoint name, expanded from groups, and the entry that first used it.
    let mut taken: HashMap<String, String> = HashMap::new();
    for index in context.indices("/endpoint") {
        let pointer = format!("/endpoint/{index}");
        let Some(file) = context.read::<EndpointFile>(&pointer) else {
            continue;
        };
        let location = context.value_location(&pointer);
        if let Some(group) = group(
            context,
            &pointer,
            file,
            location,
            plan_name,
            workloads,
            workload_names,
        ) {
            let mut clash = false;
            for name in group.endpoint_names() {
                if let Some(first) = taken.get(&name) {
                    context.error(
                        &format!("{pointer}/name"),
                        format!("endpoint name `{name}` is already used by [[endpoint]] `{first}`"),
                        "endpoint names must be unique: a group of `count` endpoints is named NAME-01 ... NAME-NN",
                    );
                    clash = true;
                    break;
                }
            }
            if !clash {
                for name in group.endpoint_names() {
                    taken.insert(name, group.name.clone());
                }
                groups.push(group);
            }
        }
    }
    groups
}

fn group(
    context: &mut Context<'_>,
    pointer: &str,
    file: EndpointFile,
    location: Option<Location>,
    plan_name: Option<&str>,
    workloads: &BTreeMap<String, Workload>,
    workload_names: &[String],
) -> Option<EndpointGroup> {
    let mut valid = true;
    if file.name.ends_with('-') {
        context.error(
            &format!("{pointer}/name"),
            format!("endpoint name `{}` ends with a hyphen", file.name),
            "SageMaker names cannot end with `-`: end it with a letter or digit",
        );
        valid = false;
    }
    if let Some(plan_name) = plan_name {
        valid &= name_fits(context, pointer, plan_name, &file);
    }
    let workload = workloads.get(&file.workload);
    if workload.is_none() && !workload_names.contains(&file.workload) {
        let known = context.keys("/workload");
        let hint = match closest(&file.workload, known.iter().map(String::as_str)) {
            Some(suggestion) => format!("did you mean `{suggestion}`?"),
            None if known.is_empty() => "define it in a [workload.NAME] table".to_string(),
            None => format!(
                "the workloads defined are: {}",
                known
                    .iter()
                    .map(|name| format!("`{name}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        context.error(
            &format!("{pointer}/workload"),
            format!("no workload named `{}`", file.workload),
            hint,
        );
        valid = false;
    }
    let instance_type = instance_type(context, pointer, &file.instance_type);
    let model = model(context, pointer, &file.model);
    let asynchronous = file.asynchronous.as_ref().map(|settings| Asynchronous {
        scale_to_zero: settings.scale_to_zero,
        cold_start_seconds: settings
            .cold_start_seconds
            .unwrap_or(DEFAULT_COLD_START_SECONDS),
        cold_start_is_default: settings.cold_start_seconds.is_none(),
        output_path: settings.output_path.clone(),
    });
    if let Some(output_path) = file
        .asynchronous
        .as_ref()
        .and_then(|settings| settings.output_path.as_deref())
        && !output_path.starts_with("s3://")
    {
        context.error(
            &format!("{pointer}/asynchronous/output_path"),
            format!("`{output_path}` is not an S3 location"),
            "write it as s3://bucket/prefix/",
        );
        valid = false;
    }
    let scales_to_zero = asynchronous
        .as_ref()
        .is_some_and(|settings| settings.scale_to_zero);
    let zero = ZeroAllowed::of(asynchronous.is_some(), scales_to_zero);
    let autoscaling = autoscaling(context, pointer, &file, zero);
    let schedules = schedules(
        context,
        pointer,
        &file.schedules,
        file.autoscaling.is_some(),
        zero,
        workload.map(|workload| workload.timezone.as_str()),
    );
    if scales_to_zero && file.autoscaling.is_none() {
        context.error(
            &format!("{pointer}/asynchronous/scale_to_zero"),
            "scale_to_zero needs autoscaling to bring instances back",
            "add [endpoint.autoscaling] with min = 0 and a max",
        );
        valid = false;
    }
    let (Some(instance_type), Some(model), Some(autoscaling), Some(schedules), true, Some(_)) = (
        instance_type,
        model,
        autoscaling,
        schedules,
        valid,
        workload,
    ) else {
        return None;
    };
    Some(EndpointGroup {
        name: file.name,
        count: file.count,
        workload: file.workload,
        instance_type,
        instance_type_location: context.value_location(&format!("{pointer}/instance_type")),
        instance_count: file.instance_count,
        gpu_seconds_per_request: file.gpu_seconds_per_request,
        tokens_per_request: file.tokens_per_request.map(|tokens| Tokens {
            input: tokens.input,
            output: tokens.output,
        }),
        model,
        autoscaling,
        schedules,
        asynchronous,
        location,
    })
}

/// The longest endpoint name, with the plan prefix and the spec-hash suffix of its
/// configs and models, must fit SageMaker's limit.
fn name_fits(
    context: &mut Context<'_>,
    pointer: &str,
    plan_name: &str,
    file: &EndpointFile,
) -> bool {
    let suffix = if file.count == 1 {
        0
    } else {
        1 + file.count.to_string().len().max(2)
    };
    let longest = resource_name(plan_name, &file.name).len() + suffix + SPEC_HASH_SUFFIX_LENGTH;
    if longest <= SAGEMAKER_NAME_LIMIT {
        return true;
    }
    context.error(
        &format!("{pointer}/name"),
        format!(
            "endpoint `{}` makes SageMaker names of {longest} characters (`{}`{}, and `-` with an 8-character hash for its configs and models); the limit is {SAGEMAKER_NAME_LIMIT}",
            file.name,
            resource_name(plan_name, &file.name),
            if suffix > 0 { " with its -NN number" } else { "" },
        ),
        format!(
            "shorten the endpoint name by {} characters, or the plan name",
            longest - SAGEMAKER_NAME_LIMIT
        ),
    );
    false
}

fn instance_type(context: &mut Context<'_>, pointer: &str, written: &str) -> Option<String> {
    let type_pointer = format!("{pointer}/instance_type");
    let catalog = context.catalog;
    let hosted = &catalog.data().sagemaker_hosting.hosted_families;
    let known = catalog.instance_type(written);
    if !instance_name::has_sagemaker_prefix(written) {
        let hint = match known {
            Some(_) => format!(
                "SageMaker instance types start with `ml.`: write `{}`",
                instance_name::sagemaker_name(written)
            ),
            None => {
                "SageMaker instance types look like `ml.g5.2xlarge`; `gpuplan catalog` lists them"
                    .to_string()
            }
        };
        context.error(
            &type_pointer,
            format!("`{written}` is not a SageMaker instance type"),
            hint,
        );
        return None;
    }
    let Some(known) = known else {
        let names: Vec<String> = catalog
            .instance_types()
            .iter()
            .filter(|candidate| hosted.contains(&candidate.family))
            .map(|candidate| instance_name::sagemaker_name(&candidate.name))
            .collect();
        let hint = did_you_mean(written, names.iter().map(String::as_str)).unwrap_or_else(|| {
            "`gpuplan catalog` lists the GPU instance types gpuplan knows".to_string()
        });
        context.error(
            &type_pointer,
            format!("unknown instance type `{written}`"),
            hint,
        );
        return None;
    };
    if !hosted.contains(&known.family) {
        context.error(
            &type_pointer,
            format!(
                "SageMaker does not host the {} family as `ml.` instances",
                known.family
            ),
            format!("choose a family SageMaker hosts: {}", hosted.join(", ")),
        );
        return None;
    }
    Some(instance_name::sagemaker_name(written))
}

fn model(context: &mut Context<'_>, pointer: &str, file: &ModelFile) -> Option<ModelSpec> {
    let mut valid = true;
    let role = file.execution_role.trim();
    if role.starts_with("arn:aws:") {
        context.error(
            &format!("{pointer}/model/execution_role"),
            "the execution role is an ARN of the commercial partition (arn:aws)",
            "roles in the China regions are arn:aws-cn:iam::ACCOUNT:role/NAME",
        );
        valid = false;
    } else if !is_role_arn(role) {
        context.error(
            &format!("{pointer}/model/execution_role"),
            format!("`{role}` is not an IAM role ARN"),
            "write it as arn:aws-cn:iam::123456789012:role/NAME",
        );
        valid = false;
    }
    let image = file.image.trim();
    let registry = image.split('/').next().unwrap_or_default();
    if registry.ends_with(".amazonaws.com") {
        context.error(
            &format!("{pointer}/model/image"),
            format!("the image registry `{registry}` is outside the China partition"),
            "SageMaker in China pulls from ECR in amazonaws.com.cn: push the image to ECR in the plan's region",
        );
        valid = false;
    }
    if let Some(data) = &file.data
        && !data.starts_with("s3://")
    {
        context.error(
            &format!("{pointer}/model/data"),
            format!("`{data}` is not an S3 location"),
            "write it as s3://bucket/key",
        );
        valid = false;
    }
    valid.then(|| ModelSpec {
        image: image.to_string(),
        data: file.data.clone(),
        execution_role: role.to_string(),
        environment: file.environment.clone(),
    })
}

/// `arn:aws-cn:iam::123456789012:role/NAME` (with an optional path).
fn is_role_arn(text: &str) -> bool {
    let Some(rest) = text.strip_prefix("arn:aws-cn:iam::") else {
        return false;
    };
    let Some((account, resource)) = rest.split_once(':') else {
        return false;
    };
    account.len() == 12
        && account.chars().all(|character| character.is_ascii_digit())
        && resource
            .strip_prefix("role/")
            .is_some_and(|name| !name.is_empty())
}

/// `Some(None)` for no autoscaling; `None` when it is invalid.
fn autoscaling(
    context: &mut Context<'_>,
    pointer: &str,
    file: &EndpointFile,
    zero: ZeroAllowed,
) -> Option<Option<Autoscaling>> {
    let Some(settings) = &file.autoscaling else {
        return Some(None);
    };
    let scaling_pointer = format!("{pointer}/autoscaling");
    let AutoscalingFile {
        min,
        max,
        target_invocations_per_instance,
        scale_in_cooldown,
        scale_out_cooldown,
    } = settings;
    let mut valid = bounds(context, &scaling_pointer, *min, *max, zero);
    if zero == ZeroAllowed::ScaleToZero && *min > 0 {
        context.error(
            &format!("{scaling_pointer}/min"),
            format!("scale_to_zero is set but the autoscaling minimum is {min}"),
            "set min = 0 to let the endpoint scale to zero instances",
        );
        valid = false;
    }
    let capacity = 60.0 / file.gpu_seconds_per_request;
    if *target_invocations_per_instance > capacity {
        context.warning(
            &format!("{scaling_pointer}/target_invocations_per_instance"),
            format!(
                "the target of {target_invocations_per_instance} invocations per instance per minute is more than one instance serves ({} at {} GPU-seconds a request): instances are overloaded before the policy scales out",
                crate::render::numbers::quantity(capacity),
                file.gpu_seconds_per_request
            ),
            "set the target below what one instance serves, typically 50-70 % of it",
        );
    }
    if valid && (file.instance_count < *min || file.instance_count > *max) {
        context.warning(
            &format!("{pointer}/instance_count"),
            format!(
                "instance_count {} is outside the autoscaling range {min}..={max}: Application Auto Scaling moves it into the range at once",
                file.instance_count
            ),
            "set instance_count within min..=max",
        );
    }
    valid.then_some(Some(Autoscaling {
        min: *min,
        max: *max,
        target_invocations_per_instance: *target_invocations_per_instance,
        scale_in_cooldown_seconds: scale_in_cooldown.unwrap_or(DEFAULT_COOLDOWN_SECONDS),
        scale_out_cooldown_seconds: scale_out_cooldown.unwrap_or(DEFAULT_COOLDOWN_SECONDS),
    }))
}

/// `min <= max`, and a minimum of 0 only where the endpoint may scale to zero.
fn bounds(context: &mut Context<'_>, pointer: &str, min: u32, max: u32, zero: ZeroAllowed) -> bool {
    let mut valid = true;
    if min > max {
        context.error(
            &format!("{pointer}/min"),
            format!("min ({min}) is greater than max ({max})"),
            "the minimum instance count must not exceed the maximum",
        );
        valid = false;
    }
    match (min, zero) {
        (0, ZeroAllowed::RealTime) => {
            context.error(
                &format!("{pointer}/min"),
                "a real-time endpoint cannot scale to zero instances",
                "set min = 1, or make the endpoint asynchronous with [endpoint.asynchronous] scale_to_zero = true",
            );
            valid = false;
        }
        (0, ZeroAllowed::AsynchronousWithoutScaleToZero) => {
            context.error(
                &format!("{pointer}/min"),
                "this asynchronous endpoint does not scale to zero, so its minimum cannot be 0",
                "set scale_to_zero = true in [endpoint.asynchronous], or min = 1",
            );
            valid = false;
        }
        _ => {}
    }
    valid
}

/// Whether an endpoint may run zero instances.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ZeroAllowed {
    RealTime,
    AsynchronousWithoutScaleToZero,
    ScaleToZero,
}

impl ZeroAllowed {
    fn of(asynchronous: bool, scales_to_zero: bool) -> Self {
        match (asynchronous, scales_to_zero) {
            (_, true) => ZeroAllowed::ScaleToZero,
            (true, false) => ZeroAllowed::AsynchronousWithoutScaleToZero,
            (false, false) => ZeroAllowed::RealTime,
        }
    }
}

fn schedules(
    context: &mut Context<'_>,
    pointer: &str,
    files: &[ScheduleFile],
    has_autoscaling: bool,
    zero: ZeroAllowed,
    workload_timezone: Option<&str>,
) -> Option<Vec<ScheduledCapacity>> {
    let mut schedules: Vec<ScheduledCapacity> = Vec::new();
    let mut valid = true;
    for (index, file) in files.iter().enumerate() {
        let schedule_pointer = format!("{pointer}/schedule/{index}");
        if !has_autoscaling {
            context.error(
                &schedule_pointer,
                format!("schedule `{}` needs autoscaling on the endpoint", file.name),
                "scheduled actions set the autoscaling min and max: add [endpoint.autoscaling]",
            );
            valid = false;
            continue;
        }
        if schedules.iter().any(|schedule| schedule.name == file.name) {
            context.error(
                &format!("{schedule_pointer}/name"),
                format!(
                    "schedule name `{}` is used twice on this endpoint",
                    file.name
                ),
                "give each scheduled action its own name",
            );
            valid = false;
        }
        if file.days.is_empty() {
            context.error(
                &format!("{schedule_pointer}/days"),
                "a schedule needs at least one day",
                "list its days, for example days = [\"thu\", \"fri\"]",
            );
            valid = false;
        }
        valid &= bounds(context, &schedule_pointer, file.min, file.max, zero);
        let timezone = file
            .timezone
            .clone()
            .or_else(|| workload_timezone.map(str::to_string));
        if let Some(zone) = &file.timezone
            && !is_time_zone(zone)
        {
            context.error(
                &format!("{schedule_pointer}/timezone"),
                format!("`{zone}` is not an IANA time zone"),
                "use a name such as `Asia/Shanghai` or `UTC`",
            );
            valid = false;
        }
        let (Some(at_minute), Some(timezone)) = (minutes_of_day(&file.at, false), timezone) else {
            valid = false;
            continue;
        };
        schedules.push(ScheduledCapacity {
            name: file.name.clone(),
            days: file.days.clone(),
            at_minute,
            timezone,
            min: file.min,
            max: file.max,
        });
    }
    valid.then_some(schedules)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_arns_must_be_in_the_china_partition() {
        assert!(is_role_arn("arn:aws-cn:iam::123456789012:role/theater"));
        assert!(is_role_arn(
            "arn:aws-cn:iam::123456789012:role/service-role/x"
        ));
        assert!(!is_role_arn("arn:aws:iam::123456789012:role/theater"));
        assert!(!is_role_arn("arn:aws-cn:iam::1234:role/theater"));
        assert!(!is_role_arn("arn:aws-cn:iam::123456789012:user/someone"));
    }
}
