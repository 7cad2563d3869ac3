//! `gpuplan cost PLAN`: monthly cost under each strategy.

use gpuplan_core::catalog::Catalog;
use gpuplan_core::cost::estimate;
use gpuplan_core::render::cost::render_cost;

use crate::cli::CostArguments;
use crate::commands::CommandResult;
use crate::exit::Exit;
use crate::input::load_plan;
use crate::output::write_report;
use crate::prices::catalog_with_prices;

pub fn run(arguments: CostArguments) -> CommandResult {
    let catalog = if arguments.offline {
        let embedded = Catalog::embedded();
        eprintln!(
            "gpuplan: offline (--offline): prices from the embedded catalog assembled {}",
            embedded.assembled_on()
        );
        embedded.clone()
    } else {
        catalog_with_prices()?
    };
    let plan = load_plan(&arguments.plan, &catalog)?;
    let report = estimate(&plan, &catalog);
    let text = render_cost(
        &report,
        arguments.output.format.into(),
        arguments.output.lang.into(),
    );
    write_report(&text, arguments.output.output.as_deref())?;
    Ok(Exit::Success)
}
