//! The cost model against figures computed by hand, on small plans whose traffic shape makes
//! every minute countable, and properties that hold for any weekly workload.

use gpuplan_core::catalog::Catalog;
use gpuplan_core::cost::{CostReport, Risk, RowFigures, RowOutcome, Strategy, estimate};
use gpuplan_core::plan::{self, Plan};
use gpuplan_core::provenance::Basis;
use proptest::prelude::*;

/// One endpoint on ml.g5.2xlarge at a quoted 10 CNY an hour. Traffic: Monday 10:00 to
/// 12:00 at 1 request a second (60 a minute), nothing else. One request takes 1.5 s, so one
/// instance serves 40 a minute; the policy targets 30.
fn monday_rush(autoscaling: &str) -> String {
    format!(
        r#"
[plan]
name = "small"
region = "cn-north-1"

[workload.rush]
timezone = "Asia/Shanghai"

[[workload.rush.window]]
days = ["mon"]
start = "10:00"
end = "12:00"
rps = 1.0

[[endpoint]]
name = "vision"
workload = "rush"
instance_type = "ml.g5.2xlarge"
instance_count = 1
gpu_seconds_per_request = 1.5
tokens_per_request = {{ input = 1000, output = 200 }}

[endpoint.model]
image = "123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/vision:1"
execution_role = "arn:aws-cn:iam::123456789012:role/vision"

{autoscaling}

[[alternatives.api]]
name = "custom-vl"
currency = "CNY"
input_per_million = 4.0
output_per_million = 12.0
source = "a quote for this test"
date = "2026-11-01"
replaces = ["vision"]

[[prices.override]]
instance_type = "ml.g5.2xlarge"
cny_per_hour = 10.0
source = "a quote for this test"
date = "2026-11-01"
"#
    )
}

const TRACKING: &str = r#"
[endpoint.autoscaling]
min = 1
max = 3
target_invocations_per_instance = 30.0
scale_in_cooldown = 300
scale_out_cooldown = 60
"#;

fn load(text: &str) -> Plan {
    match plan::load("small.toml", text, Catalog::embedded(), &|_| {
        Err("no files".into())
    }) {
        Ok(loaded) => loaded.plan,
        Err(diagnostics) => panic!("{}", diagnostics.render(text)),
    }
}

fn figures(report: &CostReport, strategy: Strategy) -> RowFigures {
    let row = report.groups[0]
        .rows
        .iter()
        .find(|row| row.strategy == strategy)
        .unwrap_or_else(|| panic!("no {strategy:?} row"));
    match &row.outcome {
        RowOutcome::Priced(figures) => figures.clone(),
        RowOutcome::NotPriced { reason } => panic!("{strategy:?} not priced: {reason:?}"),
    }
}

fn close(actual: f64, expected: f64) {
    assert!(
        (actual - expected).abs() < 1e-6,
        "expected {expected}, got {actual}"
    );
}

/// A month is 730 h; a week 168 h.
const WEEKS_PER_MONTH: f64 = 730.0 / 168.0;

#[test]
fn always_on_bills_every_hour_and_is_overloaded_at_the_rush() {
    let report = estimate(&load(&monday_rush(TRACKING)), Catalog::embedded());
    let always_on = figures(&report, Strategy::AlwaysOn);
    close(always_on.monthly_cny, 730.0 * 10.0);
    close(always_on.instance_hours_per_endpoint.unwrap(), 730.0);
    assert_eq!(always_on.peak_instances_per_endpoint, Some(1));
    assert_eq!(always_on.basis, Basis::UserSupplied);
    // Demand 60 a minute against 40 for the 120 minutes of the rush.
    assert!(always_on.risks.contains(&Risk::Overloaded {
        minutes_per_month: 120.0 * WEEKS_PER_MONTH
    }));
    assert!(always_on.risks.contains(&Risk::UnderProvisioned {
        needed_instances: 2
    }));
}

#[test]
fn target_tracking_over_the_rush_matches_the_hand_count() {
    // Above target (60 > 30) at 10:00, 10:01, 10:02: a second instance is billed from
    // 10:03 and serves from 10:08 (300 s start), so 8 minutes are overloaded. From 12:00 the
    // metric is 0 < 27; after 15 such minutes (12:00..=12:14) it scales in at 12:15. Two
    // instances are billed 10:03..=12:14, 132 minutes: 10 080 + 132 instance-minutes a week.
    let report = estimate(&load(&monday_rush(TRACKING)), Catalog::embedded());
    let autoscaled = figures(&report, Strategy::Autoscaled);
    close(
        autoscaled.instance_hours_per_endpoint.unwrap(),
        10_212.0 / 60.0 * WEEKS_PER_MONTH,
    );
    close(
        autoscaled.monthly_cny,
        10_212.0 / 60.0 * WEEKS_PER_MONTH * 10.0,
    );
    close(autoscaled.monthly_cny, 7_395.595_238_095_238);
    assert_eq!(autoscaled.peak_instances_per_endpoint, Some(2));
    assert_eq!(
        autoscaled.risks,
        vec![Risk::Overloaded {
            minutes_per_month: 8.0 * WEEKS_PER_MONTH
        }]
    );
    assert!(!autoscaled.derived_settings);
    // 7 200 requests a week, less the 8 × 20 an overloaded minute cannot serve, of 1.5 s
    // each, over 10 212 billed instance-minutes.
    close(
        autoscaled.utilisation.unwrap(),
        (7_200.0 - 8.0 * 20.0) * 1.5 / 60.0 / 10_212.0,
    );
    assert_eq!(report.groups[0].planned, Strategy::Autoscaled);
    let planned = report
        .totals
        .iter()
        .find(|total| total.strategy == Strategy::AsPlanned)
        .unwrap();
    close(planned.monthly_cny.unwrap(), autoscaled.monthly_cny);
}

#[test]
fn a_derived_hourly_schedule_runs_two_instances_from_five_minutes_before_the_rush() {
    // Hours 10 and 11 need ceil(60 / 30) = 2; raised at 09:55 (one start early): 125
    // minutes of a second instance, and none overloaded.
    let report = estimate(&load(&monday_rush(TRACKING)), Catalog::embedded());
    let scheduled = figures(&report, Strategy::Scheduled);
    close(
        scheduled.monthly_cny,
        10_205.0 / 60.0 * WEEKS_PER_MONTH * 10.0,
    );
    assert!(scheduled.derived_settings);
    assert!(scheduled.risks.is_empty(), "{:?}", scheduled.risks);
}

#[test]
fn per_token_and_ideal_rows_follow_the_requests() {
    let report = estimate(&load(&monday_rush(TRACKING)), Catalog::embedded());
    let requests = 7_200.0 * WEEKS_PER_MONTH;
    close(report.groups[0].requests_per_month_per_endpoint, requests);
    // (1 000 × 4 + 200 × 12) / 1 000 000 = 0.0064 CNY a request.
    let api = figures(&report, Strategy::Api);
    close(api.monthly_cny, requests * 0.0064);
    close(api.monthly_cny, 200.228_571_428_571_4);
    assert_eq!(api.basis, Basis::UserSupplied);
    let ideal = figures(&report, Strategy::IdealLowerBound);
    close(ideal.monthly_cny, requests * 1.5 / 3600.0 * 10.0);
}

#[test]
fn without_a_policy_the_plan_is_always_on_and_autoscaling_is_derived() {
    let report = estimate(&load(&monday_rush("")), Catalog::embedded());
    assert_eq!(report.groups[0].planned, Strategy::AlwaysOn);
    let autoscaled = figures(&report, Strategy::Autoscaled);
    assert!(autoscaled.derived_settings);
    // The derived policy covers the peak: ceil(60 / (0.7 × 40)) = 3 instances at most.
    assert!(autoscaled.peak_instances_per_endpoint.unwrap() <= 3);
    let planned = report
        .totals
        .iter()
        .find(|total| total.strategy == Strategy::AsPlanned)
        .unwrap();
    close(planned.monthly_cny.unwrap(), 7_300.0);
}

#[test]
fn unpriced_alternatives_say_why_and_totals_keep_the_planned_figure() {
    let report = estimate(&load(&monday_rush(TRACKING)), Catalog::embedded());
    let spot = report.groups[0]
        .rows
        .iter()
        .find(|row| row.strategy == Strategy::Spot)
        .unwrap();
    assert!(matches!(spot.outcome, RowOutcome::NotPriced { .. }));
    assert!(
        report
            .totals
            .iter()
            .all(|total| total.strategy != Strategy::Spot),
        "no spot total when no group has a spot price"
    );
}

#[test]
fn the_theater_is_priced_with_every_hosting_figure_marked_as_an_estimate() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../plans/theater-g5.toml"
    ))
    .unwrap();
    let plan = match plan::load("theater-g5.toml", &text, Catalog::embedded(), &|_| {
        Err("no files".into())
    }) {
        Ok(loaded) => loaded.plan,
        Err(diagnostics) => panic!("{}", diagnostics.render(&text)),
    };
    assert_eq!(plan.endpoint_count(), 24);
    let report = estimate(&plan, Catalog::embedded());
    assert!(
        report
            .prices
            .iter()
            .all(|line| line.quote.basis == Basis::Estimated)
    );
    let planned_sum: f64 = report
        .groups
        .iter()
        .map(|group| {
            let row = group
                .rows
                .iter()
                .find(|row| row.strategy == group.planned)
                .unwrap();
            match &row.outcome {
                RowOutcome::Priced(figures) => figures.monthly_cny,
                RowOutcome::NotPriced { .. } => panic!("{} not priced", group.name),
            }
        })
        .sum();
    let as_planned = &report.totals[0];
    assert_eq!(as_planned.strategy, Strategy::AsPlanned);
    assert_eq!(as_planned.basis, Basis::Estimated);
    close(as_planned.monthly_cny.unwrap(), planned_sum);
}

fn weekly_plan(
    windows: &[(u8, u32, u32, f64)],
    min: u32,
    max: u32,
    target: f64,
    seconds: f64,
) -> String {
    let days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let mut text = String::from(
        "[plan]\nname = \"prop\"\nregion = \"cn-north-1\"\n[workload.w]\nbaseline_rps = 0.05\n",
    );
    for (day, start_hour, hours, rps) in windows {
        let end = (start_hour + hours).min(24);
        text.push_str(&format!(
            "[[workload.w.window]]\ndays = [\"{}\"]\nstart = \"{:02}:00\"\nend = \"{:02}:00\"\nrps = {rps:.3}\n",
            days[*day as usize % 7],
            start_hour,
            end
        ));
    }
    text.push_str(&format!(
        "[[endpoint]]\nname = \"e\"\nworkload = \"w\"\ninstance_type = \"ml.g5.xlarge\"\ninstance_count = {min}\ngpu_seconds_per_request = {seconds:.3}\n\
         [endpoint.model]\nimage = \"123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/m:1\"\nexecution_role = \"arn:aws-cn:iam::123456789012:role/r\"\n\
         [endpoint.autoscaling]\nmin = {min}\nmax = {max}\ntarget_invocations_per_instance = {target:.3}\n"
    ));
    text
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn every_strategy_stays_within_its_bounds_and_above_the_ideal(
        windows in prop::collection::vec((0u8..7, 0u32..23, 1u32..6, 0.0f64..3.0), 0..4),
        min in 1u32..3,
        extra in 0u32..4,
        target in 5.0f64..60.0,
        seconds in 0.2f64..4.0,
    ) {
        let max = min + extra;
        let text = weekly_plan(&windows, min, max, target, seconds);
        let report = estimate(&load(&text), Catalog::embedded());
        let group = &report.groups[0];
        let price = report.prices[0].quote.cny_per_hour;
        let ideal = figures(&report, Strategy::IdealLowerBound).monthly_cny;
        for strategy in [Strategy::AlwaysOn, Strategy::Autoscaled, Strategy::Scheduled, Strategy::Asynchronous] {
            let row = figures(&report, strategy);
            let utilisation = row.utilisation.unwrap_or(0.0);
            prop_assert!(utilisation <= 1.0 + 1e-9, "{strategy:?} utilisation {utilisation}");
            // Served work never exceeds the requests, so no row is below the ideal bound
            // unless it leaves requests unserved.
            let overloaded = row.risks.iter().any(|risk| matches!(risk, Risk::Overloaded { .. }));
            if !overloaded {
                prop_assert!(row.monthly_cny + 1e-6 >= ideal * 0.999_999, "{strategy:?} {} < ideal {ideal}", row.monthly_cny);
            }
        }
        let autoscaled = figures(&report, Strategy::Autoscaled);
        let hours = autoscaled.instance_hours_per_endpoint.unwrap();
        prop_assert!(hours >= 730.0 * f64::from(min) - 1e-6);
        prop_assert!(hours <= 730.0 * f64::from(max) + 1e-6);
        prop_assert!(autoscaled.peak_instances_per_endpoint.unwrap() <= max);
        prop_assert!((autoscaled.monthly_cny - hours * price).abs() < 1e-6);
        prop_assert_eq!(group.count, 1);
    }
}
