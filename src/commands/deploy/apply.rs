//! `gpuplan apply PLAN.toml | SAVED.json`: makes the changes `plan` shows.
//!
//! From a plan file: plan, show, ask for `yes` (or `--auto-approve`), apply. From a saved
//! plan: read the account again, refuse if it changed since (the fingerprint), and apply
//! the saved changeset as it is, without asking.

use std::path::Path;

use gpuplan_core::deploy::{SavedOperation, SavedPlan};
use gpuplan_core::render::changeset::{render_changeset, summary_line};

use super::{Session, confirm, connect, execute, observe};
use crate::cli::ApplyArguments;
use crate::commands::CommandResult;
use crate::exit::Exit;

pub fn run(arguments: ApplyArguments) -> CommandResult {
    let options = execute::options(&arguments.apply)?;
    if is_saved_plan(&arguments.plan)? {
        return apply_saved(&arguments, &options);
    }
    let planned = super::plan::compute(&arguments.plan, &arguments.aws)?;
    print!("{}", super::plan::render(&planned));
    let changeset = &planned.changeset;
    if !changeset.conflicts.is_empty() {
        return Err(format!(
            "{} name conflict(s) with resources this plan does not manage (above): nothing was applied",
            changeset.conflicts.len()
        )
        .into());
    }
    if changeset.is_empty() {
        return Ok(Exit::Success);
    }
    if planned
        .check
        .as_ref()
        .is_some_and(|check| check.is_blocked())
        && !arguments.ignore_check
    {
        return Err(
            "the check found blockers (above): nothing was applied. Fix them (`gpuplan quota request` files quota increases), or pass --ignore-check to apply anyway"
                .into(),
        );
    }
    if !arguments.apply.auto_approve
        && !confirm(&format!(
            "Apply these changes to {}? {}",
            planned.plan.region,
            summary_line(changeset.counts())
        ))?
    {
        eprintln!("gpuplan: apply cancelled; nothing was changed");
        return Ok(Exit::Error);
    }
    Ok(execute::run(&planned.session, changeset, &options, "Apply"))
}

/// Whether the file is a saved plan (JSON) rather than a plan file (TOML).
fn is_saved_plan(path: &Path) -> Result<bool, String> {
    if path
        .extension()
        .is_some_and(|extension| extension == "toml")
    {
        return Ok(false);
    }
    let text = std::fs::read_to_string(path)
        .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    Ok(text.trim_start().starts_with('{'))
}

fn apply_saved(
    arguments: &ApplyArguments,
    options: &gpuplan_aws::deployment::ApplyOptions,
) -> CommandResult {
    let shown = arguments.plan.display().to_string();
    let text = std::fs::read_to_string(&arguments.plan)
        .map_err(|error| format!("cannot read {shown}: {error}"))?;
    let saved = SavedPlan::parse(&shown, &text)?;
    if !saved.changeset.conflicts.is_empty() {
        print!("{}", render_changeset(&saved.changeset));
        return Err(format!(
            "{shown} was saved with {} name conflict(s) (above): nothing was applied; resolve them and plan again",
            saved.changeset.conflicts.len()
        )
        .into());
    }
    let session: Session = connect(&arguments.aws, saved.changeset.region)?;
    let observed = observe(&session, &saved.query)?;
    saved.check_fresh(&shown, &observed.fingerprint())?;
    let verb = match saved.operation {
        SavedOperation::Apply => "Apply",
        SavedOperation::Destroy => "Destroy",
    };
    eprintln!(
        "gpuplan: {shown} is current (the account is as it was at {}): applying it as saved",
        saved.observed_at
    );
    print!("{}", render_changeset(&saved.changeset));
    if saved.changeset.is_empty() {
        return Ok(Exit::Success);
    }
    Ok(execute::run(&session, &saved.changeset, options, verb))
}
