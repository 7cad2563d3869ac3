//! `gpuplan plan PLAN`: the check findings, the changes the account needs (as Terraform
//! shows them), and their monthly cost; `-o FILE` saves the changes for `apply FILE`.

use std::error::Error;
use std::path::Path;

use gpuplan_core::check::CheckReport;
use gpuplan_core::deploy::cost_delta::{CostDelta, cost_delta};
use gpuplan_core::deploy::{
    Changeset, DeploymentQuery, SAVED_PLAN_FORMAT_VERSION, SAVED_PLAN_KIND, SavedOperation,
    SavedPlan, destroy_all, diff,
};
use gpuplan_core::plan::Plan;
use gpuplan_core::render::changeset::{render_changeset, render_cost_delta};
use gpuplan_core::render::check::render_check_summary;
use serde::Serialize;

use super::{Session, desired, observe};
use crate::account::Want;
use crate::cli::{AwsOptions, PlanArguments, PlanFormatArgument};
use crate::commands::CommandResult;
use crate::commands::check::judge;
use crate::exit::Exit;
use crate::input::load_plan;
use crate::prices::catalog_with_prices;

/// Version of `plan --format json`.
pub const PLAN_FORMAT_VERSION: u32 = 1;

/// Everything `plan` computed, kept for `apply`.
pub struct Planned {
    pub plan: Plan,
    pub session: Session,
    /// The live check (none for a destroy plan).
    pub check: Option<CheckReport>,
    pub operation: SavedOperation,
    pub query: DeploymentQuery,
    pub changeset: Changeset,
    pub cost: CostDelta,
    pub observed_at: String,
}

/// Reads the plan, checks it live, reads its resources and computes the changeset.
pub fn compute(path: &Path, aws: &AwsOptions) -> Result<Planned, Box<dyn Error>> {
    let catalog = catalog_with_prices()?;
    let plan = load_plan(path, &catalog)?;
    let desired = desired(&plan)?;
    let judged = judge(&plan, &catalog, aws, Want::Live)?;
    let Some((runtime, connection)) = judged.session else {
        return Err("the live check did not keep its connection".into());
    };
    let session = Session {
        runtime,
        connection,
    };
    let query = DeploymentQuery::for_desired(&desired);
    let observed_at = jiff::Timestamp::now().to_string();
    let observed = observe(&session, &query)?;
    let changeset = diff(&desired, &observed, plan.region);
    let cost = cost_delta(&plan, &catalog, &desired, &observed);
    Ok(Planned {
        plan,
        session,
        check: Some(judged.report),
        operation: SavedOperation::Apply,
        query,
        changeset,
        cost,
        observed_at,
    })
}

/// What `plan --destroy` shows and saves: everything the plan's tags mark, removed.
fn compute_destroy(path: &Path, aws: &AwsOptions) -> Result<Planned, Box<dyn Error>> {
    let catalog = catalog_with_prices()?;
    let plan = load_plan(path, &catalog)?;
    let session = super::connect(aws, plan.region)?;
    let query = DeploymentQuery::for_destroy(&plan.name);
    let observed_at = jiff::Timestamp::now().to_string();
    let observed = observe(&session, &query)?;
    let changeset = destroy_all(&plan.name, &observed, plan.region);
    let nothing = gpuplan_core::deploy::DesiredDeployment {
        plan: plan.name.clone(),
        endpoints: Vec::new(),
    };
    let cost = cost_delta(&plan, &catalog, &nothing, &observed);
    Ok(Planned {
        plan,
        session,
        check: None,
        operation: SavedOperation::Destroy,
        query,
        changeset,
        cost,
        observed_at,
    })
}

/// The text `plan` and `apply` show: findings, changes, cost.
pub fn render(planned: &Planned) -> String {
    let mut text = String::new();
    if let Some(check) = &planned.check {
        text.push_str(&render_check_summary(check));
        text.push('\n');
    }
    text.push_str(&render_changeset(&planned.changeset));
    if !planned.changeset.is_empty() {
        text.push('\n');
        text.push_str(&render_cost_delta(&planned.cost));
    }
    text
}

#[derive(Serialize)]
struct PlanDocument<'a> {
    format_version: u32,
    plan: &'a str,
    observed_at: &'a str,
    counts: gpuplan_core::deploy::ChangeCounts,
    changeset: &'a Changeset,
    cost_delta: &'a CostDelta,
    check: Option<&'a CheckReport>,
}

pub fn run(arguments: PlanArguments) -> CommandResult {
    let planned = if arguments.destroy {
        compute_destroy(&arguments.plan, &arguments.aws)?
    } else {
        compute(&arguments.plan, &arguments.aws)?
    };
    let changeset = &planned.changeset;
    match arguments.format {
        PlanFormatArgument::Table => print!("{}", render(&planned)),
        PlanFormatArgument::Json => {
            let document = PlanDocument {
                format_version: PLAN_FORMAT_VERSION,
                plan: &planned.plan.name,
                observed_at: &planned.observed_at,
                counts: changeset.counts(),
                changeset,
                cost_delta: &planned.cost,
                check: planned.check.as_ref(),
            };
            println!("{}", serde_json::to_string_pretty(&document)?);
        }
    }
    if let Some(out) = &arguments.out {
        let saved = SavedPlan {
            kind: SAVED_PLAN_KIND.to_string(),
            format_version: SAVED_PLAN_FORMAT_VERSION,
            gpuplan_version: env!("CARGO_PKG_VERSION").to_string(),
            observed_at: planned.observed_at.clone(),
            plan_file: arguments.plan.display().to_string(),
            operation: planned.operation,
            query: planned.query.clone(),
            changeset: changeset.clone(),
        };
        std::fs::write(out, saved.render())
            .map_err(|error| format!("cannot write the saved plan {}: {error}", out.display()))?;
        eprintln!(
            "gpuplan: saved the changes to {}; `gpuplan apply {}` makes exactly them, if the account has not changed",
            out.display(),
            out.display()
        );
    }
    if !changeset.conflicts.is_empty() {
        return Err(format!(
            "{} name conflict(s) with resources this plan does not manage (above): nothing can be applied until they are resolved",
            changeset.conflicts.len()
        )
        .into());
    }
    Ok(if arguments.detailed_exitcode && !changeset.is_empty() {
        Exit::Changes
    } else {
        Exit::Success
    })
}
