//! Using gpuplan's core as a library: load a plan, check it, price it, and read the figures
//! yourself, without the command line.
//!
//! Run with: `cargo run --example price_a_plan -- plans/theater-g5.toml`

use gpuplan_core::catalog::Catalog;
use gpuplan_core::check::check_offline;
use gpuplan_core::cost::{RowOutcome, Strategy, estimate};
use gpuplan_core::plan;
use gpuplan_core::render::{Format, Lang, cost::render_cost};

fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "plans/theater-g5.toml".to_string());
    let text = std::fs::read_to_string(&path).expect("the plan file is readable");
    let catalog = Catalog::embedded();
    // The core does no I/O: the caller reads the files a plan refers to (workload traces).
    let directory = std::path::Path::new(&path).parent().unwrap().to_path_buf();
    let read_relative = move |relative: &str| {
        std::fs::read_to_string(directory.join(relative)).map_err(|error| error.to_string())
    };
    let loaded = match plan::load(&path, &text, catalog, &read_relative) {
        Ok(loaded) => loaded,
        Err(diagnostics) => {
            eprint!("{}", diagnostics.render(&text));
            std::process::exit(1);
        }
    };
    let plan = loaded.plan;

    let check = check_offline(&plan, catalog);
    println!(
        "{}: {} endpoints in {}, {}",
        plan.name,
        plan.endpoint_count(),
        plan.region,
        if check.is_blocked() {
            "blocked"
        } else {
            "feasible"
        }
    );

    let report = estimate(&plan, catalog);
    for total in &report.totals {
        println!(
            "  {:?}{}: {} CNY/month ({:?})",
            total.strategy,
            total
                .label
                .as_deref()
                .map(|label| format!(" {label}"))
                .unwrap_or_default(),
            total
                .monthly_cny
                .map(|amount| format!("{amount:.0}"))
                .unwrap_or_else(|| "not priced".to_string()),
            total.basis
        );
    }
    // The cheapest way to serve each group, from the same report.
    for group in &report.groups {
        let cheapest = group
            .rows
            .iter()
            .filter(|row| row.strategy != Strategy::IdealLowerBound)
            .filter_map(|row| match &row.outcome {
                RowOutcome::Priced(figures) => Some((row, figures.monthly_cny)),
                RowOutcome::NotPriced { .. } => None,
            })
            .min_by(|left, right| left.1.total_cmp(&right.1));
        if let Some((row, monthly)) = cheapest {
            println!(
                "  cheapest for {}: {:?} at {:.0} CNY/month",
                group.name, row.strategy, monthly
            );
        }
    }
    // Or render it the way `gpuplan cost --format markdown --lang zh` does.
    let _markdown = render_cost(&report, Format::Markdown, Lang::Zh);
}
