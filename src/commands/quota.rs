//! `gpuplan quota request PLAN`: files the quota increases a live check finds missing.
//!
//! It runs the live check, turns each shortfall of the deployment into one request for the
//! applied value plus the missing amount plus the plan's `quota_headroom`, shows the list,
//! asks (unless `--yes`), then files them one by one and says what was filed. A quota with
//! a request already open is skipped, so running it again files nothing.

use gpuplan_core::check::quota_requests::{QuotaRequestAction, quota_requests};
use gpuplan_core::render::quota::{FiledRequest, QuotaRequestOutcome, render_quota_requests};

use crate::account::{self, Want};
use crate::cli::{QuotaAction, QuotaArguments, QuotaRequestArguments};
use crate::commands::CommandResult;
use crate::commands::check::judge;
use crate::exit::Exit;
use crate::input::load_plan;
use crate::output::write_report;
use crate::prices::catalog_with_prices;
use crate::prompt::confirm;

pub fn run(arguments: QuotaArguments) -> CommandResult {
    match arguments.action {
        QuotaAction::Request(arguments) => request(arguments),
    }
}

fn request(arguments: QuotaRequestArguments) -> CommandResult {
    let catalog = catalog_with_prices()?;
    let plan = load_plan(&arguments.plan, &catalog)?;
    let judged = judge(&plan, &catalog, &arguments.aws, Want::Live)?;
    let report = judged.report;
    let actions = quota_requests(&report, plan.quota_headroom);
    let format = arguments.output.format.into();
    let lang = arguments.output.lang.into();
    let to_file: Vec<&QuotaRequestAction> = actions
        .iter()
        .filter(|action| matches!(action, QuotaRequestAction::File { .. }))
        .collect();
    let mut outcome = QuotaRequestOutcome {
        plan: plan.name.clone(),
        region: plan.region,
        headroom_instances: plan.quota_headroom,
        actions: actions.clone(),
        filed: Vec::new(),
        declined: false,
    };
    if to_file.is_empty() {
        eprintln!("gpuplan: no quota increase to file");
        write_report(
            &render_quota_requests(&outcome, format, lang),
            arguments.output.output.as_deref(),
        )?;
        return Ok(Exit::Success);
    }
    // Show what will be filed before asking.
    eprint!(
        "{}",
        render_quota_requests(&outcome, gpuplan_core::render::Format::Table, lang)
    );
    let count = to_file.len();
    if !arguments.yes
        && !confirm(
            &format!("File {count} quota increase request(s)?"),
            &format!(
                "{count} quota increase(s) to file and no terminal to ask on: pass --yes to file them"
            ),
        )?
    {
        outcome.declined = true;
        eprintln!("gpuplan: nothing filed");
        write_report(
            &render_quota_requests(&outcome, format, lang),
            arguments.output.output.as_deref(),
        )?;
        return Ok(Exit::Error);
    }
    let Some((runtime, connection)) = judged.session else {
        return Err("the live check did not keep its connection".into());
    };
    for action in to_file {
        let QuotaRequestAction::File {
            service_code,
            quota_code,
            quota_name,
            desired_value,
            ..
        } = action
        else {
            continue;
        };
        let filed = runtime.block_on(gpuplan_aws::quota_increase::request_increase(
            &connection,
            service_code,
            quota_code,
            *desired_value,
        ));
        match filed {
            Ok(request) => {
                eprintln!(
                    "gpuplan: filed {service_code} {quota_code} ({quota_name}) for {desired_value}: request {} {}",
                    request.id, request.status
                );
                outcome.filed.push(FiledRequest::Filed(request));
            }
            Err(error) => {
                // Say what was filed before this one, then stop.
                outcome.filed.push(FiledRequest::Failed {
                    quota_name: quota_name.clone(),
                    error: error.to_string(),
                });
                write_report(
                    &render_quota_requests(&outcome, format, lang),
                    arguments.output.output.as_deref(),
                )?;
                return Err(Box::new(account::AccountError::from(error)));
            }
        }
    }
    write_report(
        &render_quota_requests(&outcome, format, lang),
        arguments.output.output.as_deref(),
    )?;
    Ok(Exit::Success)
}
