//! `gpuplan iam-policy PLAN`: the least-privilege IAM policy for plan, apply and destroy.

use gpuplan_core::iam_policy::{iam_policy, render_iam_policy};

use crate::cli::IamPolicyArguments;
use crate::commands::CommandResult;
use crate::exit::Exit;
use crate::input::load_plan;
use crate::output::write_report;
use crate::prices::catalog_with_prices;

pub fn run(arguments: IamPolicyArguments) -> CommandResult {
    let catalog = catalog_with_prices()?;
    let plan = load_plan(&arguments.plan, &catalog)?;
    let policy = iam_policy(&plan, arguments.account.as_deref());
    write_report(&render_iam_policy(&policy), arguments.output.as_deref())?;
    Ok(Exit::Success)
}
