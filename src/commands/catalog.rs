//! `gpuplan catalog [--region R]`: GPU instance types with specs, prices and sources.

use gpuplan_core::catalog::Catalog;
use gpuplan_core::render::catalog::render;

use crate::cli::CatalogArguments;
use crate::commands::CommandResult;
use crate::exit::Exit;
use crate::output::write_report;

pub fn run(arguments: CatalogArguments) -> CommandResult {
    let listing = Catalog::embedded().listing(arguments.region);
    let text = render(
        &listing,
        arguments.output.format.into(),
        arguments.output.lang.into(),
    );
    write_report(&text, arguments.output.output.as_deref())?;
    Ok(Exit::Success)
}
