//! Benchmarks of the cost model: the minute-by-minute simulation over a year, a whole
//! offline `cost` run of the 24-endpoint theater plan, and a whole cost run of a plan
//! whose workload is a year-long trace.
//!
//! Run with `cargo bench -p gpuplan-core --bench cost`; the figures are in
//! docs/performance.md.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use gpuplan_core::catalog::Catalog;
use gpuplan_core::cost::simulate::{BoundsChange, Policy, Simulation, TargetTracking};
use gpuplan_core::cost::{self, simulate};
use gpuplan_core::plan::{self, Plan};
use gpuplan_core::render::cost::render_cost;
use gpuplan_core::render::{Format, Lang};
use gpuplan_core::workload::trace::parse_trace;
use gpuplan_core::workload::{MINUTES_PER_DAY, MINUTES_PER_WEEK};

/// Minutes in a (non-leap) year.
const MINUTES_PER_YEAR: usize = 365 * MINUTES_PER_DAY as usize;
/// Endpoints simulated: as many as the theater plan runs.
const ENDPOINTS: usize = 24;
/// Requests one instance serves per minute: the theater's stage-render, 6 GPU-seconds a
/// request.
const REQUESTS_PER_INSTANCE_MINUTE: f64 = 10.0;
/// The 24-endpoint theater plan, priced as a user prices it.
const THEATER: &str = include_str!("../../../plans/theater-g5.toml");

/// A small deterministic generator (xorshift64*), so every run simulates the same demand.
struct Noise(u64);

impl Noise {
    /// A number in [0, 1).
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1_u64 << 53) as f64
    }
}

/// Requests per second at a minute of the week (Monday 00:00 = 0), before scaling: quiet
/// nights, a daytime trickle, evening peaks every day (higher Thursday to Sunday, with an
/// interval rush at 20:15-20:45) and weekend matinees.
fn weekly_shape(minute_of_week: u32) -> f64 {
    let day = minute_of_week / MINUTES_PER_DAY;
    let minute = minute_of_week % MINUTES_PER_DAY;
    let hour = minute / 60;
    let show_day = day >= 3; // Thursday to Sunday
    let weekend = day >= 5;
    match hour {
        0..=6 => 0.005,
        7..=13 => 0.03,
        14..=16 if weekend => 0.15,
        14..=18 => 0.04,
        19..=21 if show_day && (20 * 60 + 15..20 * 60 + 45).contains(&minute) => 0.5,
        19..=21 if show_day => 0.25,
        19..=21 => 0.1,
        _ => 0.03,
    }
}

/// A year of demand, requests per minute, for endpoint `index`: the weekly shape scaled
/// (0.5x to 2.8x across the endpoints, a rush of 15 to 84 requests a minute) with ±30 %
/// minute-to-minute noise.
fn year_of_demand(index: usize) -> Vec<f64> {
    let scale = 0.5 + 0.1 * index as f64;
    let mut noise = Noise(0x9E37_79B9_7F4A_7C15 ^ (index as u64 + 1));
    (0..MINUTES_PER_YEAR)
        .map(|minute| {
            let rps = weekly_shape((minute % MINUTES_PER_WEEK as usize) as u32) * scale;
            rps * 60.0 * (0.7 + 0.6 * noise.next())
        })
        .collect()
}

fn tracking(min: u32, max: u32, schedule: Vec<BoundsChange>) -> TargetTracking {
    TargetTracking {
        min,
        max,
        target: 7.0,
        scale_in_cooldown_minutes: 10,
        scale_out_cooldown_minutes: 1,
        schedule,
    }
}

/// Thursday to Sunday: at least three instances from 18:40, back to one at 22:15.
fn evening_schedule() -> Vec<BoundsChange> {
    let mut schedule = Vec::new();
    for day in 3..7 {
        schedule.push(BoundsChange {
            minute_of_week: day * MINUTES_PER_DAY + 18 * 60 + 40,
            min: 3,
            max: 16,
        });
        schedule.push(BoundsChange {
            minute_of_week: day * MINUTES_PER_DAY + 22 * 60 + 15,
            min: 1,
            max: 16,
        });
    }
    schedule
}

fn simulate_all(demands: &[Vec<f64>], policy: &Policy, queued: bool, initial: u32) -> f64 {
    demands
        .iter()
        .map(|demand| {
            let outcome = simulate::simulate(&Simulation {
                demand,
                start_minute_of_week: 0,
                warm_up_minutes: 0,
                requests_per_instance_minute: REQUESTS_PER_INSTANCE_MINUTE,
                start_delay_minutes: if queued { 7 } else { 5 },
                policy: policy.clone(),
                queued,
                initial_instances: initial,
            });
            outcome.billed_instance_minutes
        })
        .sum()
}

/// 1. A year at minute resolution for 24 endpoints, each with its own demand series.
fn simulate_year(criterion: &mut Criterion) {
    let demands: Vec<Vec<f64>> = (0..ENDPOINTS).map(year_of_demand).collect();
    let autoscaled = Policy::TargetTracking(tracking(1, 16, Vec::new()));
    let scheduled = Policy::TargetTracking(tracking(1, 16, evening_schedule()));
    let asynchronous = Policy::TargetTracking(tracking(0, 16, Vec::new()));

    let mut group = criterion.benchmark_group("simulate_year_24_endpoints");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(8));
    group.bench_function("target_tracking", |bencher| {
        bencher.iter(|| simulate_all(black_box(&demands), &autoscaled, false, 1))
    });
    group.bench_function("scheduled", |bencher| {
        bencher.iter(|| simulate_all(black_box(&demands), &scheduled, false, 1))
    });
    group.bench_function("asynchronous", |bencher| {
        bencher.iter(|| simulate_all(black_box(&demands), &asynchronous, true, 0))
    });
    group.finish();
}

fn load(path: &str, text: &str, read_relative: plan::ReadRelative<'_>) -> Plan {
    match plan::load(path, text, Catalog::embedded(), read_relative) {
        Ok(loaded) => loaded.plan,
        Err(diagnostics) => panic!("{path} does not load:\n{}", diagnostics.render(text)),
    }
}

fn no_traces(_: &str) -> Result<String, String> {
    Err("this plan has no traces".to_string())
}

/// 2. A whole offline `cost` run of plans/theater-g5.toml (24 endpoints in 4 groups).
fn theater_plan(criterion: &mut Criterion) {
    let path = "plans/theater-g5.toml";
    let text = THEATER;
    let catalog = Catalog::embedded();
    let plan = load(path, text, &no_traces);
    assert_eq!(plan.endpoint_count(), 24);
    let report = cost::estimate(&plan, catalog);

    let mut group = criterion.benchmark_group("cost_theater_g5");
    group.sample_size(10);
    group.bench_function("load_estimate_render_markdown_zh", |bencher| {
        bencher.iter(|| {
            let plan = load(path, black_box(text), &no_traces);
            let report = cost::estimate(&plan, catalog);
            render_cost(&report, Format::Markdown, Lang::Zh)
        })
    });
    group.bench_function("load", |bencher| {
        bencher.iter(|| load(path, black_box(text), &no_traces))
    });
    group.bench_function("estimate", |bencher| {
        bencher.iter(|| cost::estimate(black_box(&plan), catalog))
    });
    group.bench_function("render_markdown_zh", |bencher| {
        bencher.iter(|| render_cost(black_box(&report), Format::Markdown, Lang::Zh))
    });
    group.finish();
}

/// A year of one row per minute from Monday 2026-01-05 00:00 Beijing time: the weekly
/// shape at 0.4x (the theater's levels: 0.1 requests per second during shows, 0.2 at the
/// rush) with ±30 % noise, requests per second to 4 decimals.
fn year_trace_csv() -> String {
    use std::fmt::Write;
    let start = jiff::civil::date(2026, 1, 5);
    let mut noise = Noise(0xD1B5_4A32_D192_ED03);
    let mut text = String::with_capacity(MINUTES_PER_YEAR * 34);
    text.push_str("timestamp,rps\n");
    for day in 0..365 {
        let date = start.checked_add(jiff::Span::new().days(day)).unwrap();
        for minute in 0..MINUTES_PER_DAY {
            let minute_of_week = ((day as u32 % 7) * MINUTES_PER_DAY) + minute;
            let rps = 0.4 * weekly_shape(minute_of_week) * (0.7 + 0.6 * noise.next());
            writeln!(
                text,
                "{date}T{:02}:{:02}:00+08:00,{rps:.4}",
                minute / 60,
                minute % 60
            )
            .unwrap();
        }
    }
    text
}

/// The plan header and the recorded workload.
/// The theater plan with its endpoints' workload replaced by a year-long recorded trace,
/// and without its API alternatives (which name endpoints the 24-group variant renames).
fn theater_on_trace() -> toml::Table {
    let mut plan: toml::Table = toml::from_str(THEATER).expect("the theater plan is TOML");
    plan.remove("alternatives");
    let recorded: toml::Table = toml::from_str(
        r#"
[recorded]
timezone = "Asia/Shanghai"
trace = "year.csv"
"#,
    )
    .expect("the workload is TOML");
    plan.insert("workload".into(), recorded.into());
    for endpoint in endpoints_mut(&mut plan) {
        endpoint.insert("workload".into(), "recorded".into());
    }
    plan
}

fn endpoints_mut(plan: &mut toml::Table) -> impl Iterator<Item = &mut toml::Table> {
    plan["endpoint"]
        .as_array_mut()
        .expect("the theater has endpoints")
        .iter_mut()
        .map(|endpoint| endpoint.as_table_mut().expect("an endpoint is a table"))
}

/// The theater's grouping: sketch-caption x2, stage-render x16, face-restore x4,
/// stage-animate x2 (24 endpoints, 4 groups, each group simulated once).
fn trace_plan_four_groups() -> String {
    toml::to_string(&theater_on_trace()).expect("the plan serialises")
}

/// The worst case: the same 24 endpoints as 24 groups of one (each simulated on its own).
fn trace_plan_24_groups() -> String {
    let mut plan = theater_on_trace();
    let mut singles = Vec::new();
    for group in endpoints_mut(&mut plan) {
        let count = group["count"]
            .as_integer()
            .expect("count is a whole number");
        for _ in 0..count {
            let mut single = group.clone();
            single.insert(
                "name".into(),
                format!("endpoint-{:02}", singles.len()).into(),
            );
            single.insert("count".into(), 1.into());
            singles.push(toml::Value::Table(single));
        }
    }
    plan.insert("endpoint".into(), singles.into());
    toml::to_string(&plan).expect("the plan serialises")
}

/// 3. A whole cost run of a plan with a year-long trace (525,600 one-minute rows).
fn trace_plan(criterion: &mut Criterion) {
    let csv = year_trace_csv();
    let read_relative = |file: &str| -> Result<String, String> {
        assert_eq!(file, "year.csv");
        Ok(csv.clone())
    };
    let catalog = Catalog::embedded();
    let four = trace_plan_four_groups();
    let twenty_four = trace_plan_24_groups();
    let plan_four = load("theater-trace.toml", &four, &read_relative);
    let plan_twenty_four = load("theater-trace-24.toml", &twenty_four, &read_relative);
    assert_eq!(plan_four.endpoint_count(), 24);
    assert_eq!(plan_twenty_four.endpoint_count(), 24);
    assert_eq!(plan_twenty_four.endpoints.len(), 24);

    let mut group = criterion.benchmark_group("cost_trace_year");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("load_with_trace", |bencher| {
        bencher.iter(|| load("theater-trace.toml", black_box(&four), &read_relative))
    });
    // The part of the load that reads the CSV: 525,600 rows, each timestamp parsed.
    let zone = jiff::tz::TimeZone::get("Asia/Shanghai").unwrap();
    group.bench_function("parse_trace", |bencher| {
        bencher.iter(|| parse_trace(black_box(&csv), &zone).expect("the trace parses"))
    });
    group.bench_function("estimate_4_groups", |bencher| {
        bencher.iter(|| cost::estimate(black_box(&plan_four), catalog))
    });
    group.bench_function("estimate_24_groups", |bencher| {
        bencher.iter(|| cost::estimate(black_box(&plan_twenty_four), catalog))
    });
    group.finish();
}

criterion_group!(benches, simulate_year, theater_plan, trace_plan);
criterion_main!(benches);
