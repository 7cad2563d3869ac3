//! `gpuplan cost PLAN`: monthly cost under each strategy.

use gpuplan_core::catalog::Catalog;
use gpuplan_core::cost::estimate;
use gpuplan_core::render::cost::render_cost;

use crate::cli::CostArguments;
use crate::commands::{CommandResult, announce_offline};
use crate::exit::Exit;
use crate::input::load_plan;
use crate::output::write_report;

pub fn run(arguments: CostArguments) -> CommandResult {
    let catalog = Catalog::embedded();
    let plan = load_plan(&arguments.plan, catalog)?;
    announce_offline(arguments.offline, catalog);
    let report = estimate(&plan, catalog);
    let text = render_cost(
        &report,
        arguments.output.format.into(),
        arguments.output.lang.into(),
    );
    write_report(&text, arguments.output.output.as_deref())?;
    Ok(Exit::Success)
}
