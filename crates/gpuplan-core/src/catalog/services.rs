//! Services per region and what to use instead of a missing service or hosted model.
//!
//! Availability comes from the SSM global-infrastructure parameters; where further documents
//! confirm an absence (Amazon Bedrock: botocore's aws-cn endpoints, the Regional Services
//! List), the verdict cites them too. Substitutes come from the seed reports only.

use super::{Catalog, ServiceAvailability, Substitute};
use crate::provenance::Source;
use crate::region::Region;

/// Cross-region inference prefixes of Bedrock model ids (`us.anthropic.claude-...`).
const CROSS_REGION_PREFIXES: [&str; 8] = [
    "us.", "eu.", "apac.", "global.", "jp.", "au.", "ca.", "us-gov.",
];

pub(super) fn availability(catalog: &Catalog, region: Region, id: &str) -> ServiceAvailability {
    let Some(service) = catalog.service(id) else {
        return ServiceAvailability::UnknownService;
    };
    let Some(listed) = catalog.data.service_regions.get(region.code()) else {
        return ServiceAvailability::UnknownService;
    };
    if listed.available.contains(&service.id) {
        return ServiceAvailability::Available {
            source: listed.source.clone(),
        };
    }
    let mut source = listed.source.clone();
    for check in &catalog.data.unavailable_cross_checks {
        if service.id.starts_with(&check.id_prefix) {
            source = combine(&source, &check.source);
        }
    }
    ServiceAvailability::Unavailable { source }
}

/// One source naming both documents, dated by the later of the two.
fn combine(first: &Source, second: &Source) -> Source {
    Source {
        name: format!("{}; {}", first.name, second.name),
        date: first.date.clone().max(second.date.clone()),
    }
}

pub(super) fn service_substitute<'a>(
    catalog: &'a Catalog,
    service: &str,
) -> Option<&'a Substitute> {
    let service = service.trim().to_ascii_lowercase();
    catalog
        .data
        .substitutes
        .iter()
        .find(|substitute| substitute.model.is_none() && substitute.service == service)
}

/// `anthropic.claude-3-5-sonnet` for `us.anthropic.claude-3-5-sonnet-20241022-v2:0`.
fn without_cross_region_prefix(model: &str) -> &str {
    for prefix in CROSS_REGION_PREFIXES {
        if let Some(rest) = model.strip_prefix(prefix)
            && rest.contains('.')
        {
            return rest;
        }
    }
    model
}

/// Whether `model` is `key` itself or `key` with a suffix (`-20241022-v2:0`, `:0`).
fn names_model(model: &str, key: &str) -> bool {
    model == key
        || model
            .strip_prefix(key)
            .is_some_and(|rest| rest.starts_with('-') || rest.starts_with(':'))
}

pub(super) fn model_substitute<'a>(
    catalog: &'a Catalog,
    service: &str,
    model: &str,
) -> Option<&'a Substitute> {
    let service = service.trim().to_ascii_lowercase();
    let model = model.trim().to_ascii_lowercase();
    let model = without_cross_region_prefix(&model);
    catalog
        .data
        .substitutes
        .iter()
        .filter(|substitute| substitute.service == service)
        .filter_map(|substitute| {
            let key = substitute.model.as_deref()?;
            names_model(model, key).then_some((key.len(), substitute))
        })
        .max_by_key(|(specificity, _)| *specificity)
        .map(|(_, substitute)| substitute)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_names_match_with_suffixes_only_at_a_boundary() {
        assert!(names_model(
            "anthropic.claude-3-5-sonnet-20241022-v2:0",
            "anthropic.claude-3-5-sonnet"
        ));
        assert!(names_model("amazon.nova-canvas-v1:0", "amazon.nova"));
        assert!(!names_model("amazon.novaX", "amazon.nova"));
        assert_eq!(
            without_cross_region_prefix("us.meta.llama3-1-8b-instruct-v1:0"),
            "meta.llama3-1-8b-instruct-v1:0"
        );
        assert_eq!(
            without_cross_region_prefix("amazon.nova-pro-v1:0"),
            "amazon.nova-pro-v1:0"
        );
    }
}
