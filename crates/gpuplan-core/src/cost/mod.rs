//! Monthly cost of a plan under each serving strategy, in CNY.
//!
//! For each endpoint group, [`estimate`] prices: always-on; autoscaled (the plan's
//! target-tracking policy simulated minute by minute over the workload, with min, max and
//! cooldowns); scheduled capacity; asynchronous with scale-to-zero (with its cold start);
//! a Savings Plan; self-managed EC2 spot; each usage-based API that could replace it; and
//! the ideal lower bound (busy GPU-seconds only). Prices come from the plan's overrides,
//! then the catalog ([`prices`]); the strategies' settings from the plan or a documented
//! rule ([`scenarios`]); the simulation is [`simulate`]; rows and totals are built in
//! [`rows`] and [`totals`]. Every figure carries the weakest [`crate::provenance::Basis`]
//! of what it was computed from, so estimates stay marked through to the totals.

mod prices;
pub mod report;
mod rows;
pub mod scenarios;
pub mod simulate;
mod totals;

pub use report::*;

use std::collections::BTreeMap;

use crate::catalog::Catalog;
use crate::plan::Plan;
use crate::provenance::Basis;
use crate::workload::MINUTES_PER_WEEK;
use crate::workload::clock::OFFSET_REFERENCE_DATE;

use prices::PriceBook;
use rows::GroupContext;
use scenarios::{
    DERIVED_TARGET_SHARE, INSTANCE_START_SECONDS, Timeline, planned_strategy, scenario,
};
use simulate::{SCALE_IN_ALARM_MINUTES, SCALE_OUT_ALARM_MINUTES};

/// Hours in a billing month, as AWS price pages use.
pub const HOURS_PER_MONTH: f64 = 730.0;

/// The strategies that run SageMaker instances, in report order.
const INSTANCE_STRATEGIES: [Strategy; 4] = [
    Strategy::AlwaysOn,
    Strategy::Autoscaled,
    Strategy::Scheduled,
    Strategy::Asynchronous,
];

/// Prices every strategy for every endpoint group of the plan.
pub fn estimate(plan: &Plan, catalog: &Catalog) -> CostReport {
    let mut book = PriceBook::new(plan, catalog);
    let timelines: BTreeMap<&str, Timeline> = plan
        .workloads
        .iter()
        .filter(|(name, _)| plan.endpoints.iter().any(|group| &group.workload == *name))
        .map(|(name, workload)| (name.as_str(), Timeline::of(workload)))
        .collect();
    let mut assumptions = vec![Assumption::HoursPerMonth {
        hours: HOURS_PER_MONTH,
    }];
    let mut groups = Vec::new();
    let mut any_derived = false;
    for group in &plan.endpoints {
        let workload = plan.workload(&group.workload);
        let timeline = &timelines[group.workload.as_str()];
        let context = GroupContext {
            plan,
            catalog,
            group,
            timeline,
        };
        let hosting = book.hosting(&group.instance_type);
        let planned = planned_strategy(group);
        let mut rows = Vec::new();
        let mut planned_run = None;
        for strategy in INSTANCE_STRATEGIES {
            let Some(settings) = scenario(strategy, group, timeline, &workload.timezone) else {
                continue;
            };
            let outcome = context.run(&settings);
            let row = context.instance_row(strategy, &settings, &outcome, hosting.as_ref());
            any_derived |= settings.derived;
            if let (Strategy::Asynchronous, Some((seconds, default_used))) =
                (strategy, settings.cold_start)
            {
                assumptions.push(Assumption::ColdStartSeconds {
                    group: group.name.clone(),
                    seconds,
                    default_used,
                });
            }
            if strategy == planned {
                planned_run = Some((settings, outcome));
            }
            rows.push(row);
        }
        let (planned_settings, planned_outcome) =
            planned_run.expect("the planned strategy is one of the instance strategies");
        rows.push(context.savings_plan_row(&planned_settings, &planned_outcome, hosting.as_ref()));
        let ec2 = plan
            .alternatives
            .spot
            .as_ref()
            .and_then(|_| book.ec2_on_demand(&group.instance_type));
        rows.push(context.spot_row(&planned_outcome, ec2.as_ref()));
        for api in &plan.alternatives.apis {
            if api.replaces.contains(&group.name) {
                rows.push(context.api_row(api));
            }
        }
        rows.push(context.ideal_row(hosting.as_ref()));
        groups.push(GroupCost {
            name: group.name.clone(),
            count: group.count,
            instance_type: group.instance_type.clone(),
            workload: group.workload.clone(),
            requests_per_month_per_endpoint: context.requests_per_month(),
            planned,
            rows,
        });
    }

    if timelines.values().any(|timeline| !timeline.is_trace) {
        assumptions.insert(
            1,
            Assumption::Simulated {
                minutes: MINUTES_PER_WEEK as usize,
                warm_up_minutes: scenarios::WARM_UP_MINUTES,
            },
        );
    }
    for (name, timeline) in &timelines {
        if timeline.is_trace {
            assumptions.push(Assumption::SimulatedTrace {
                workload: name.to_string(),
                minutes: timeline.counted_minutes(),
            });
        }
    }
    assumptions.push(Assumption::TargetTrackingAlarms {
        scale_out_minutes: SCALE_OUT_ALARM_MINUTES,
        scale_in_minutes: SCALE_IN_ALARM_MINUTES,
    });
    assumptions.push(Assumption::InstanceStartSeconds {
        seconds: INSTANCE_START_SECONDS,
    });
    if any_derived {
        assumptions.push(Assumption::DerivedTarget {
            share_of_capacity: DERIVED_TARGET_SHARE,
        });
    }
    if plan.alternatives.savings_plan.is_some() {
        assumptions.push(Assumption::SavingsPlanCoversFloor);
    }
    let shifted = plan.endpoints.iter().any(|group| {
        let zone = &plan.workload(&group.workload).timezone;
        group
            .schedules
            .iter()
            .any(|schedule| &schedule.timezone != zone)
    });
    if shifted {
        assumptions.push(Assumption::TimeZoneOffsets {
            reference_date: OFFSET_REFERENCE_DATE.to_string(),
        });
    }

    let totals = totals::totals(&groups);
    CostReport {
        format_version: COST_FORMAT_VERSION,
        plan: plan.name.clone(),
        description: plan.description.clone(),
        region: plan.region,
        currency: "CNY",
        hours_per_month: HOURS_PER_MONTH,
        usd_cny: plan.prices.usd_cny.clone(),
        groups,
        totals,
        prices: book.into_lines(),
        api_prices: api_price_lines(plan, catalog),
        assumptions,
    }
}

/// The APIs the plan compares, with their prices and sources.
fn api_price_lines(plan: &Plan, catalog: &Catalog) -> Vec<ApiPriceLine> {
    plan.alternatives
        .apis
        .iter()
        .map(|api| {
            let entry = catalog.api_price(&api.name).filter(|_| !api.user_supplied);
            ApiPriceLine {
                name: api.name.clone(),
                provider: entry
                    .map(|entry| entry.provider.clone())
                    .unwrap_or_else(|| "given in the plan".to_string()),
                currency: api.currency,
                input_per_million: api.input_per_million,
                output_per_million: api.output_per_million,
                per_request: api.per_request,
                basis: if api.user_supplied {
                    Basis::UserSupplied
                } else {
                    Basis::Published
                },
                source: api.source.clone(),
                note: entry.and_then(|entry| entry.note.clone()),
            }
        })
        .collect()
}
