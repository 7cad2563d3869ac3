//! `gpuplan check PLAN`: feasibility in the plan's region.

use gpuplan_core::catalog::Catalog;
use gpuplan_core::check::check_offline;
use gpuplan_core::render::check::render_check;

use crate::cli::CheckArguments;
use crate::commands::{CommandResult, announce_offline};
use crate::exit::Exit;
use crate::input::load_plan;
use crate::output::write_report;

pub fn run(arguments: CheckArguments) -> CommandResult {
    let catalog = Catalog::embedded();
    let plan = load_plan(&arguments.plan, catalog)?;
    announce_offline(arguments.offline, catalog);
    let report = check_offline(&plan, catalog);
    let text = render_check(
        &report,
        arguments.output.format.into(),
        arguments.output.lang.into(),
    );
    write_report(&text, arguments.output.output.as_deref())?;
    Ok(if report.is_blocked() {
        Exit::Blocked
    } else {
        Exit::Success
    })
}
