//! The `[plan]` table and `[[managed_model]]`: name, region, services, hosted models.

use super::context::Context;
use crate::plan::file::{ManagedModelFile, PlanSection};
use crate::plan::suggest::{closest, did_you_mean};
use crate::plan::{Located, ManagedModel};
use crate::region::{Region, RegionError};

/// The validated `[plan]` table.
pub(super) struct Section {
    pub name: String,
    pub description: String,
    pub region: Region,
    pub services: Vec<Located<String>>,
    pub managed_models: Vec<ManagedModel>,
    pub quota_headroom: u32,
}

pub(super) fn validate(context: &mut Context<'_>) -> Option<Section> {
    let managed_models = managed_models(context);
    let file: PlanSection = context.read("/plan")?;
    if file.name.ends_with('-') {
        context.error(
            "/plan/name",
            format!("plan name `{}` ends with a hyphen", file.name),
            "SageMaker names cannot end with `-`: end it with a letter or digit",
        );
    }
    let region = region(context, &file.region);
    let services = services(context, &file.services);
    if file.quota_headroom > MAXIMUM_QUOTA_HEADROOM {
        context.error(
            "/plan/quota_headroom",
            format!(
                "quota_headroom {} is more than {MAXIMUM_QUOTA_HEADROOM} instances",
                file.quota_headroom
            ),
            "it is the number of extra instances asked for beyond the shortfall; a few (0 to 5) is usual",
        );
    }
    Some(Section {
        name: file.name,
        description: file.description,
        region: region?,
        services,
        managed_models,
        quota_headroom: file.quota_headroom,
    })
}

/// The largest `quota_headroom` accepted: beyond it a typo is likelier than a need.
const MAXIMUM_QUOTA_HEADROOM: u32 = 1000;

fn region(context: &mut Context<'_>, written: &str) -> Option<Region> {
    match written.parse::<Region>() {
        Ok(region) => Some(region),
        Err(error @ RegionError::OutsideChina(_)) => {
            context.error(
                "/plan/region",
                error.to_string(),
                "use cn-northwest-1 (Ningxia) or cn-north-1 (Beijing); the China partition (aws-cn) has its own accounts, services and prices",
            );
            None
        }
        Err(error @ RegionError::Unknown(_)) => {
            let codes = Region::ALL.map(Region::code);
            let hint = did_you_mean(written, codes).unwrap_or_else(|| {
                "use cn-northwest-1 (Ningxia) or cn-north-1 (Beijing)".to_string()
            });
            context.error("/plan/region", error.to_string(), hint);
            None
        }
    }
}

fn services(context: &mut Context<'_>, written: &[String]) -> Vec<Located<String>> {
    let mut services: Vec<Located<String>> = Vec::new();
    for (index, id) in written.iter().enumerate() {
        let pointer = format!("/plan/services/{index}");
        let id = id.trim().to_ascii_lowercase();
        if context.catalog.service(&id).is_none() {
            let suggestion = closest(&id, context.catalog.service_ids()).map(str::to_string);
            context.error(
                &pointer,
                format!("`{id}` is not an AWS service id"),
                match suggestion {
                    Some(suggestion) => format!("did you mean `{suggestion}`? Service ids are those of the SSM parameters /aws/service/global-infrastructure/services"),
                    None => "use the service ids of the SSM parameters /aws/service/global-infrastructure/services (`sagemaker`, `lambda`, `s3`, ...)".to_string(),
                },
            );
            continue;
        }
        if services.iter().any(|service| service.value == id) {
            context.warning(
                &pointer,
                format!("service `{id}` is listed twice"),
                "remove one",
            );
            continue;
        }
        services.push(Located {
            value: id,
            location: context.value_location(&pointer),
        });
    }
    services
}

fn managed_models(context: &mut Context<'_>) -> Vec<ManagedModel> {
    let mut models = Vec::new();
    for index in context.indices("/managed_model") {
        let pointer = format!("/managed_model/{index}");
        let Some(file) = context.read::<ManagedModelFile>(&pointer) else {
            continue;
        };
        let service = file.service.trim().to_ascii_lowercase();
        if context.catalog.service(&service).is_none() {
            let suggestion = closest(&service, context.catalog.service_ids()).map(str::to_string);
            context.error(
                &format!("{pointer}/service"),
                format!("`{service}` is not an AWS service id"),
                suggestion
                    .map(|suggestion| format!("did you mean `{suggestion}`?"))
                    .unwrap_or_else(|| {
                        "name the service that hosts the model, for example `bedrock`".to_string()
                    }),
            );
            continue;
        }
        models.push(ManagedModel {
            service,
            model: file.model.trim().to_string(),
            purpose: file.purpose,
            location: context.value_location(&pointer),
        });
    }
    models
}
