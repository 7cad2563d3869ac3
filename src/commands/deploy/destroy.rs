//! `gpuplan destroy PLAN`: removes everything the plan's tags mark, in dependency order
//! (scheduled actions, policies and alarms, scalable targets, endpoints, then their configs
//! and models), after a `yes`. Nothing without the plan's tag is read as the plan's.

use gpuplan_core::deploy::{DeploymentQuery, destroy_all};
use gpuplan_core::render::changeset::{render_changeset, summary_line};

use super::{confirm, connect, execute, observe};
use crate::cli::DestroyArguments;
use crate::commands::CommandResult;
use crate::exit::Exit;
use crate::input::load_plan;
use crate::prices::catalog_with_prices;

pub fn run(arguments: DestroyArguments) -> CommandResult {
    let options = execute::options(&arguments.apply)?;
    let catalog = catalog_with_prices()?;
    let plan = load_plan(&arguments.plan, &catalog)?;
    let session = connect(&arguments.aws, plan.region)?;
    let observed = observe(&session, &DeploymentQuery::for_destroy(&plan.name))?;
    let changeset = destroy_all(&plan.name, &observed, plan.region);
    if changeset.is_empty() {
        println!(
            "Nothing to destroy: no resource in {} carries the tag {}={}.",
            plan.region,
            gpuplan_core::deploy::names::PLAN_TAG,
            plan.name
        );
        return Ok(Exit::Success);
    }
    print!("{}", render_changeset(&changeset));
    if !arguments.apply.auto_approve
        && !confirm(&format!(
            "Destroy everything of plan `{}` in {}? {}",
            plan.name,
            plan.region,
            summary_line(changeset.counts())
        ))?
    {
        eprintln!("gpuplan: destroy cancelled; nothing was changed");
        return Ok(Exit::Error);
    }
    Ok(execute::run(&session, &changeset, &options, "Destroy"))
}
