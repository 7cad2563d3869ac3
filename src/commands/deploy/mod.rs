//! `plan`, `apply` and `destroy`: the operator's loop over a plan's deployment.
//!
//! Shared here: turning a plan into its desired deployment (with every reason it cannot be
//! deployed, file and line), reading the plan's resources from the account, asking for a
//! `yes`, and running a changeset with progress and Ctrl-C handling.

pub mod apply;
pub mod destroy;
pub mod execute;
pub mod plan;
mod progress;

use gpuplan_core::deploy::{DeploymentQuery, DesiredDeployment, ObservedDeployment};
use gpuplan_core::plan::Plan;

use crate::account::{self, AccountError, Reading, Want};
use crate::cli::AwsOptions;

/// A live session: the runtime the calls run on and the connection.
pub struct Session {
    pub runtime: tokio::runtime::Runtime,
    pub connection: gpuplan_aws::Connection,
}

/// Connects to the plan's region; these commands only work live.
pub fn connect(
    options: &AwsOptions,
    plan_region: gpuplan_core::region::Region,
) -> Result<Session, AccountError> {
    let settings = account::settings(options, plan_region)?;
    let runtime = account::runtime()?;
    match account::reach(&runtime, &settings, Want::Live)? {
        Reading::Live(connection) => Ok(Session {
            runtime,
            connection,
        }),
        Reading::Catalog { .. } => unreachable!("Want::Live never falls back to the catalog"),
    }
}

/// The plan's desired deployment, or its problems printed compiler-style.
pub fn desired(plan: &Plan) -> Result<DesiredDeployment, String> {
    DesiredDeployment::of(plan).map_err(|errors| {
        for error in &errors {
            let place = match &error.location {
                Some(location) => format!("{}:{}:{}", plan.path, location.line, location.column),
                None => plan.path.clone(),
            };
            eprintln!("{place}: error: {}\n  help: {}", error.message, error.help);
        }
        format!(
            "{} cannot be deployed as written ({} error(s) above); nothing was read or changed",
            plan.path,
            errors.len()
        )
    })
}

/// Reads what the account holds of the plan.
pub fn observe(
    session: &Session,
    query: &DeploymentQuery,
) -> Result<ObservedDeployment, AccountError> {
    eprintln!(
        "gpuplan: reading the resources tagged {}={} in {}",
        gpuplan_core::deploy::names::PLAN_TAG,
        query.plan_name,
        session.connection.region()
    );
    let before = session.connection.calls.total();
    let observed = session
        .runtime
        .block_on(gpuplan_aws::deployment::observe_deployment(
            &session.connection,
            query,
        ))?;
    eprintln!(
        "gpuplan: found {} endpoint(s), {} endpoint config(s), {} model(s), {} scalable target(s) of the plan ({} API calls)",
        observed.endpoints.len(),
        observed.endpoint_configs.len(),
        observed.models.len(),
        observed.scalable_targets.len(),
        session.connection.calls.total() - before
    );
    Ok(observed)
}

/// Asks for `yes` on the terminal; without a terminal, refuses and names the flag.
pub fn confirm(question: &str) -> Result<bool, String> {
    crate::prompt::confirm(
        question,
        &format!(
            "{question} There is no terminal to ask on: pass --auto-approve, or apply a saved plan"
        ),
    )
}
