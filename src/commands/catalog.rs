//! `gpuplan catalog [--region R]`: GPU instance types with specs, prices and sources.

use crate::cli::CatalogArguments;
use crate::commands::CommandResult;

pub fn run(arguments: CatalogArguments) -> CommandResult {
    let _ = arguments;
    todo!("render the catalog listing once the catalog lands")
}
