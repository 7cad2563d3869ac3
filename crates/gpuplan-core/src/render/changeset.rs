//! The changeset for people, like Terraform's plan: one block per endpoint, one line per
//! resource with `+`, `~`, `-/+` or `-`, the reason, the attributes that change, and the
//! summary `Plan: N to add, N to change, N to destroy.`; and the outcome of an apply.

use std::fmt::Write;

use crate::deploy::{
    Action, ApplyOutcome, ChangeCounts, Changeset, EndpointStatus, ResourceChange,
};

/// The summary line: `Plan: 3 to add, 1 to change, 0 to destroy.`
pub fn summary_line(counts: ChangeCounts) -> String {
    format!(
        "Plan: {} to add, {} to change, {} to destroy.",
        counts.add, counts.change, counts.destroy
    )
}

/// The changeset as text.
pub fn render_changeset(changeset: &Changeset) -> String {
    let mut text = String::new();
    for conflict in &changeset.conflicts {
        writeln!(text, "error: {}", conflict.message).unwrap();
    }
    if !changeset.conflicts.is_empty() {
        writeln!(text).unwrap();
    }
    if changeset.is_empty() {
        if changeset.conflicts.is_empty() {
            writeln!(
                text,
                "No changes. The account matches plan `{}` in {} ({} endpoint(s)).",
                changeset.plan,
                changeset.region,
                changeset.unchanged.len()
            )
            .unwrap();
        }
        return text;
    }
    writeln!(
        text,
        "gpuplan will make these changes to plan `{}` in {}:",
        changeset.plan, changeset.region
    )
    .unwrap();
    writeln!(
        text,
        "  + create   ~ update in place   -/+ replace   - destroy"
    )
    .unwrap();
    for change in &changeset.endpoints {
        writeln!(text).unwrap();
        writeln!(
            text,
            "{} endpoint {}: {}",
            padded_symbol(change.action),
            change.endpoint,
            change.reason
        )
        .unwrap();
        for resource in &change.resources {
            render_resource(&mut text, resource);
        }
    }
    writeln!(text).unwrap();
    if !changeset.unchanged.is_empty() {
        writeln!(
            text,
            "{} endpoint(s) already as planned.",
            changeset.unchanged.len()
        )
        .unwrap();
    }
    writeln!(text, "{}", summary_line(changeset.counts())).unwrap();
    text
}

fn padded_symbol(action: Action) -> String {
    format!("{:>3}", action.symbol())
}

fn render_resource(text: &mut String, resource: &ResourceChange) {
    let name = match &resource.replaces {
        Some(previous) => format!("{} (replaces {previous})", resource.name),
        None => resource.name.clone(),
    };
    writeln!(
        text,
        "    {} {:<16} {}",
        padded_symbol(resource.action),
        resource.kind.label(),
        name
    )
    .unwrap();
    writeln!(text, "          {}", resource.reason).unwrap();
    for difference in &resource.differences {
        writeln!(
            text,
            "          {}: {} -> {}",
            difference.attribute,
            difference.before.as_deref().unwrap_or("(none)"),
            difference.after.as_deref().unwrap_or("(none)")
        )
        .unwrap();
    }
}

/// What an apply did, for the terminal: the summary, then every endpoint that did not
/// complete, with what was done and what was not.
pub fn render_outcome(changeset: &Changeset, outcome: &ApplyOutcome, verb: &str) -> String {
    let mut text = String::new();
    let counts = outcome.completed_counts(changeset);
    if outcome.succeeded() {
        writeln!(
            text,
            "{verb} complete. Resources: {} added, {} changed, {} destroyed ({} write call(s)).",
            counts.add, counts.change, counts.destroy, outcome.write_calls
        )
        .unwrap();
        return text;
    }
    let done = outcome
        .endpoints
        .iter()
        .filter(|endpoint| endpoint.status == EndpointStatus::Done)
        .count();
    writeln!(
        text,
        "{verb} stopped: {done} of {} endpoint change(s) done. Resources so far: {} added, {} changed, {} destroyed ({} write call(s)).",
        outcome.endpoints.len(),
        counts.add,
        counts.change,
        counts.destroy,
        outcome.write_calls
    )
    .unwrap();
    for endpoint in &outcome.endpoints {
        match &endpoint.status {
            EndpointStatus::Done => {}
            EndpointStatus::Failed { step, error } => {
                writeln!(text, "  failed    {}: {step}: {error}", endpoint.endpoint).unwrap();
                if !endpoint.steps_done.is_empty() {
                    writeln!(
                        text,
                        "            done before: {}",
                        endpoint.steps_done.join(", ")
                    )
                    .unwrap();
                }
            }
            EndpointStatus::Stopped { next_step } => {
                writeln!(
                    text,
                    "  stopped   {}: done {}; not done from {next_step}",
                    endpoint.endpoint,
                    if endpoint.steps_done.is_empty() {
                        "nothing".to_string()
                    } else {
                        endpoint.steps_done.join(", ")
                    }
                )
                .unwrap();
            }
            EndpointStatus::NotStarted => {
                writeln!(text, "  not started {}", endpoint.endpoint).unwrap();
            }
        }
    }
    writeln!(
        text,
        "Nothing was rolled back. Run the same apply again: it reads the account and finishes what is left."
    )
    .unwrap();
    text
}

/// The monthly cost of the change, every figure an estimate of the cost model, with the
/// prices it used and their sources.
pub fn render_cost_delta(delta: &crate::deploy::cost_delta::CostDelta) -> String {
    use crate::render::numbers::{cny, hourly};
    let mut text = String::new();
    // Nothing running costs nothing: an exact zero, not an estimate.
    let figure = |amount: Option<f64>| match amount {
        Some(0.0) => "CNY 0".to_string(),
        Some(amount) => format!("CNY {}*", cny(amount)),
        None => "not priced".to_string(),
    };
    let change = match delta.change_monthly_cny {
        Some(amount) if amount >= 0.0 => format!("+CNY {}*", cny(amount)),
        Some(amount) => format!("-CNY {}*", cny(-amount)),
        None => "not priced".to_string(),
    };
    writeln!(
        text,
        "Monthly cost of the plan's endpoints: now {}, after apply {}, change {change}.",
        figure(delta.before_monthly_cny),
        figure(delta.after_monthly_cny)
    )
    .unwrap();
    for endpoint in &delta.endpoints {
        write!(
            text,
            "  {}: {} -> {}",
            endpoint.endpoint,
            figure(endpoint.before_monthly_cny),
            figure(endpoint.after_monthly_cny)
        )
        .unwrap();
        match &endpoint.note {
            Some(note) => writeln!(text, " ({note})").unwrap(),
            None => writeln!(text).unwrap(),
        }
    }
    writeln!(text, "* estimate: {}.", delta.method).unwrap();
    for price in &delta.prices {
        let sources: Vec<String> = price
            .sources
            .iter()
            .map(|source| format!("{} ({})", source.name, source.date))
            .collect();
        writeln!(
            text,
            "  {} at CNY {}/hour{}: {}",
            price.instance_type,
            hourly(price.cny_per_hour),
            crate::render::numbers::basis_mark(price.basis),
            sources.join("; ")
        )
        .unwrap();
    }
    text
}
