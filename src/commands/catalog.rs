//! `gpuplan catalog [--region R]`: GPU instance types with specs, prices and sources;
//! `gpuplan catalog --apis`: the usage-based model API prices.

use gpuplan_core::render::api_catalog::render_api_prices;
use gpuplan_core::render::catalog::render;

use crate::cli::{CatalogAction, CatalogArguments};
use crate::commands::CommandResult;
use crate::exit::Exit;
use crate::output::write_report;

pub fn run(arguments: CatalogArguments) -> CommandResult {
    if let Some(CatalogAction::Refresh(arguments)) = arguments.action {
        return crate::commands::catalog_refresh::run(arguments);
    }
    let priced = crate::prices::catalog_with_prices()?;
    let catalog = &priced;
    let format = arguments.output.format.into();
    let lang = arguments.output.lang.into();
    let text = if arguments.apis {
        render_api_prices(catalog.api_prices(), catalog.assembled_on(), format, lang)
    } else {
        render(&catalog.listing(arguments.region), format, lang)
    };
    write_report(&text, arguments.output.output.as_deref())?;
    Ok(Exit::Success)
}
