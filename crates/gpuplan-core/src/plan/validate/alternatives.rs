//! `[alternatives]` and `[prices]`: usage-based APIs, spot, Savings Plan, the exchange
//! rate and negotiated prices. Every figure given here needs its source and date.

use std::collections::BTreeMap;

use super::context::{Context, is_date};
use crate::catalog::instance_name;
use crate::plan::file::{
    ApiFile, Currency, ExchangeRateFile, PriceOverrideFile, SavingsPlanFile, SpotFile,
};
use crate::plan::suggest::did_you_mean;
use crate::plan::{
    Alternatives, EndpointGroup, ExchangeRate, PriceOverride, PriceSettings, SavingsPlan,
    SpotDiscount, UsageApi,
};
use crate::provenance::Source;

pub(super) fn validate(
    context: &mut Context<'_>,
    groups: &[EndpointGroup],
) -> (Alternatives, PriceSettings) {
    let usd_cny = exchange_rate(context);
    let spot = context
        .read::<SpotFile>("/alternatives/spot")
        .and_then(|file| {
            dated(context, "/alternatives/spot", &file.source, &file.date).map(|source| {
                SpotDiscount {
                    discount: file.discount,
                    source,
                }
            })
        });
    let savings_plan = context
        .read::<SavingsPlanFile>("/alternatives/savings_plan")
        .and_then(|file| {
            dated(
                context,
                "/alternatives/savings_plan",
                &file.source,
                &file.date,
            )
            .map(|source| SavingsPlan {
                discount: file.discount,
                term: file.term,
                source,
            })
        });
    let mut apis = Vec::new();
    for index in context.indices("/alternatives/api") {
        let pointer = format!("/alternatives/api/{index}");
        if let Some(file) = context.read::<ApiFile>(&pointer)
            && let Some(api) = api(context, &pointer, file)
        {
            if apis.iter().any(|known: &UsageApi| known.name == api.name) {
                context.error(
                    &pointer,
                    format!("API `{}` is listed twice", api.name),
                    "list each API once, with every endpoint it could replace",
                );
            } else {
                api_warnings(context, &pointer, &api, groups, usd_cny.is_some());
                apis.push(api);
            }
        }
    }
    let overrides = overrides(context);
    (
        Alternatives {
            spot,
            savings_plan,
            apis,
        },
        PriceSettings { usd_cny, overrides },
    )
}

/// A source with a checked `YYYY-MM-DD` date; `None` (and an error) otherwise.
fn dated(context: &mut Context<'_>, pointer: &str, source: &str, date: &str) -> Option<Source> {
    let mut valid = true;
    if source.trim().is_empty() {
        context.error(
            &format!("{pointer}/source"),
            "the source is empty",
            "say where the figure comes from: a quote, an agreement, an API call",
        );
        valid = false;
    }
    if !is_date(date) {
        context.error(
            &format!("{pointer}/date"),
            format!("`{date}` is not a date"),
            "write the date the figure is valid for as YYYY-MM-DD",
        );
        valid = false;
    }
    valid.then(|| Source::new(source.trim(), date))
}

fn exchange_rate(context: &mut Context<'_>) -> Option<ExchangeRate> {
    let pointer = "/prices/usd_cny";
    let file = context.read::<ExchangeRateFile>(pointer)?;
    let source = dated(context, pointer, &file.source, &file.date)?;
    Some(ExchangeRate {
        rate: file.rate,
        source,
    })
}

fn api(context: &mut Context<'_>, pointer: &str, file: ApiFile) -> Option<UsageApi> {
    let mut valid = true;
    if file.replaces.is_empty() {
        context.error(
            &format!("{pointer}/replaces"),
            "the API replaces no endpoint",
            "list the endpoint names it could serve instead, for example replaces = [\"chat\"]",
        );
        valid = false;
    }
    let known_groups: Vec<&str> = context
        .indices("/endpoint")
        .into_iter()
        .filter_map(|index| {
            context
                .document
                .get(&format!("/endpoint/{index}/name"))
                .and_then(|value| value.as_str())
        })
        .collect();
    for (index, name) in file.replaces.iter().enumerate() {
        if !known_groups.contains(&name.as_str()) {
            let hint = did_you_mean(name, known_groups.iter().copied())
                .unwrap_or_else(|| "name an [[endpoint]] of this plan".to_string());
            context.error(
                &format!("{pointer}/replaces/{index}"),
                format!("no endpoint named `{name}`"),
                hint,
            );
            valid = false;
        }
    }
    let custom_fields = file.name.is_some()
        || file.currency.is_some()
        || file.input_per_million.is_some()
        || file.output_per_million.is_some()
        || file.per_request.is_some()
        || file.source.is_some()
        || file.date.is_some();
    let api = match &file.catalog_id {
        Some(id) => {
            if custom_fields {
                context.error(
                    pointer,
                    format!("API `{id}` is from the catalog and also gives its own price"),
                    "give either catalog_id, or name, currency, prices, source and date",
                );
                return None;
            }
            let Some(price) = context.catalog.api_price(id) else {
                let ids: Vec<&str> = context
                    .catalog
                    .api_prices()
                    .iter()
                    .map(|price| price.id.as_str())
                    .collect();
                let hint = did_you_mean(id, ids.iter().copied()).unwrap_or_else(|| {
                    format!(
                        "the catalog has: {}",
                        ids.iter()
                            .map(|id| format!("`{id}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                });
                context.error(
                    &format!("{pointer}/catalog_id"),
                    format!("no API `{id}` in the catalog"),
                    hint,
                );
                return None;
            };
            UsageApi {
                name: price.id.clone(),
                currency: price.currency,
                input_per_million: Some(price.input_per_million),
                output_per_million: Some(price.output_per_million),
                per_request: None,
                source: price.source.clone(),
                user_supplied: false,
                replaces: file.replaces.clone(),
                cross_border: file.cross_border.unwrap_or(price.cross_border),
            }
        }
        None => custom_api(context, pointer, &file)?,
    };
    valid.then_some(api)
}

/// What a valid API entry will not price, said once per entry.
fn api_warnings(
    context: &mut Context<'_>,
    pointer: &str,
    api: &UsageApi,
    groups: &[EndpointGroup],
    has_exchange_rate: bool,
) {
    if api.currency == Currency::Usd && !has_exchange_rate {
        context.warning(
            pointer,
            format!(
                "API `{}` is priced in USD and the plan gives no exchange rate: it is not priced",
                api.name
            ),
            "add [prices.usd_cny] with rate, source and date",
        );
    }
    if api.per_request.is_none() {
        for name in &api.replaces {
            if let Some(group) = groups.iter().find(|group| &group.name == name)
                && group.tokens_per_request.is_none()
            {
                context.warning(
                    pointer,
                    format!("API `{}` is priced per token and endpoint `{name}` gives no tokens_per_request: that row is not priced", api.name),
                    "add tokens_per_request = { input = N, output = N } to the endpoint",
                );
            }
        }
    }
}

fn custom_api(context: &mut Context<'_>, pointer: &str, file: &ApiFile) -> Option<UsageApi> {
    let mut missing = Vec::new();
    if file.name.is_none() {
        missing.push("name");
    }
    if file.currency.is_none() {
        missing.push("currency");
    }
    let per_token = file.input_per_million.is_some() || file.output_per_million.is_some();
    if per_token && (file.input_per_million.is_none() || file.output_per_million.is_none()) {
        missing.push(if file.input_per_million.is_none() {
            "input_per_million"
        } else {
            "output_per_million"
        });
    }
    if !per_token && file.per_request.is_none() {
        missing.push("input_per_million and output_per_million, or per_request");
    }
    if per_token && file.per_request.is_some() {
        context.error(
            &format!("{pointer}/per_request"),
            "an API is priced per token or per request, not both",
            "keep input_per_million and output_per_million, or per_request",
        );
        return None;
    }
    if file.source.is_none() {
        missing.push("source");
    }
    if file.date.is_none() {
        missing.push("date");
    }
    if !missing.is_empty() {
        context.error(
            pointer,
            format!("a custom API needs {}", missing.join(", ")),
            "give catalog_id for a catalog price (`gpuplan catalog --apis` lists them), or every field of a custom price",
        );
        return None;
    }
    let source = dated(
        context,
        pointer,
        file.source.as_deref().unwrap_or_default(),
        file.date.as_deref().unwrap_or_default(),
    )?;
    Some(UsageApi {
        name: file.name.clone().unwrap_or_default(),
        currency: file.currency.unwrap_or(Currency::Cny),
        input_per_million: file.input_per_million,
        output_per_million: file.output_per_million,
        per_request: file.per_request,
        source,
        user_supplied: true,
        replaces: file.replaces.clone(),
        cross_border: file.cross_border.unwrap_or(false),
    })
}

fn overrides(context: &mut Context<'_>) -> BTreeMap<String, PriceOverride> {
    let mut overrides = BTreeMap::new();
    for index in context.indices("/prices/override") {
        let pointer = format!("/prices/override/{index}");
        let Some(file) = context.read::<PriceOverrideFile>(&pointer) else {
            continue;
        };
        let written = file.instance_type.trim();
        if context.catalog.instance_type(written).is_none() {
            let names: Vec<String> = context
                .catalog
                .instance_types()
                .iter()
                .flat_map(|known| {
                    [
                        known.name.clone(),
                        instance_name::sagemaker_name(&known.name),
                    ]
                })
                .collect();
            let hint =
                did_you_mean(written, names.iter().map(String::as_str)).unwrap_or_else(|| {
                    "name an `ml.` type for SageMaker hosting or an EC2 type for spot".to_string()
                });
            context.error(
                &format!("{pointer}/instance_type"),
                format!("unknown instance type `{written}`"),
                hint,
            );
            continue;
        }
        let key = if instance_name::has_sagemaker_prefix(written) {
            instance_name::sagemaker_name(written)
        } else {
            instance_name::ec2_name(written)
        };
        let Some(source) = dated(context, &pointer, &file.source, &file.date) else {
            continue;
        };
        if overrides.contains_key(&key) {
            context.error(
                &format!("{pointer}/instance_type"),
                format!("a price for `{key}` is given twice"),
                "keep one [[prices.override]] per instance type",
            );
            continue;
        }
        overrides.insert(
            key,
            PriceOverride {
                cny_per_hour: file.cny_per_hour,
                source,
            },
        );
    }
    overrides
}
