//! Live `gpuplan apply` of the 24-endpoint theater (plans/theater-g5.toml) into an empty
//! account of the AWS China test world behind an injected 100 ms latency per request: wall
//! time with the default `--parallelism 8` and with `--parallelism 1`, and with endpoints
//! that report `Creating` for two polls before `InService` (`settings.pending_polls = 2`).
//! Before measuring, each configuration is run once and the calls it made are printed: by
//! operation, how many were writes, how many ran one after another, and what they would
//! cost one by one. Figures in docs/performance.md.
//!
//! Every iteration starts from an empty deployment: the world is reset (moto's state and
//! the request log cleared, the fixture seeded again) before it, outside the timing.
//!
//! Run with `cargo bench --bench apply` (it starts tests/aws-world/world.py itself).

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::{Duration, Instant};

use criterion::{BatchSize, Criterion, SamplingMode, criterion_group, criterion_main};
use serde_json::{Value, json};
use support::world::{World, china_fixture};

/// The latency world.py adds to every request.
const LATENCY_MILLISECONDS: u64 = 100;
const SAMPLES: usize = 10;
const PLAN: &str = "plans/theater-g5.toml";

/// china.json with enough `ml.g5` quota for the theater (40 `ml.g5.2xlarge` and 4
/// `ml.g5.12xlarge` at peak, 2 `ml.g5.2xlarge` used by another team), so the check passes.
fn apply_fixture() -> Value {
    let mut fixture = china_fixture();
    let sagemaker = &mut fixture["quota_values"]["cn-northwest-1"]["sagemaker"];
    sagemaker["ml.g5.2xlarge for endpoint usage"] = json!(60);
    sagemaker["ml.g5.12xlarge for endpoint usage"] = json!(6);
    fixture
}

fn is_write(operation: &str) -> bool {
    let name = operation.rsplit(':').next().unwrap_or(operation);
    [
        "Create",
        "Put",
        "Register",
        "Deregister",
        "Delete",
        "Update",
        "Tag",
        "Untag",
        "AddTags",
        "Request",
    ]
    .iter()
    .any(|prefix| name.starts_with(prefix))
}

fn seconds(value: &Value) -> f64 {
    value.as_f64().unwrap_or(0.0)
}

/// Runs the apply once on a fresh world and prints what it cost; returns its wall time.
fn apply_once_and_report(
    world: &World,
    label: &str,
    fixture: &str,
    arguments: &[&str],
) -> Duration {
    world.reset(fixture);
    let started = Instant::now();
    let output = world.gpuplan(arguments);
    let wall = started.elapsed();
    assert!(
        output.status.success(),
        "{label}: gpuplan apply failed ({:?}):\n{}\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let summary = world.summary();
    let requests = world.requests();
    let count = summary["count"].as_u64().unwrap_or(0);
    let by_operation = summary["by_operation"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    let writes: u64 = by_operation
        .iter()
        .filter(|(operation, _)| is_write(operation))
        .map(|(_, calls)| calls.as_u64().unwrap_or(0))
        .sum();
    let latency_sum = count as f64 * LATENCY_MILLISECONDS as f64 / 1000.0;
    let server_time: f64 = requests
        .iter()
        .map(|request| seconds(&request["end"]) - seconds(&request["start"]))
        .sum();
    let first_start = requests
        .iter()
        .map(|request| seconds(&request["start"]))
        .fold(f64::INFINITY, f64::min);
    let first_write = requests
        .iter()
        .filter(|request| request["operation"].as_str().is_some_and(is_write))
        .map(|request| seconds(&request["start"]))
        .fold(f64::INFINITY, f64::min);
    let pricing = world.pricing_summary()["count"].as_u64().unwrap_or(0);
    let wall_seconds = wall.as_secs_f64();
    eprintln!(
        "{label}: wall time {wall_seconds:.2} s; {count} AWS calls ({writes} writes, {} reads), \
         {} in sequence, {:.2} s from the first request to the last answer, first write at {:.2} s; \
         sum of call latencies {latency_sum:.1} s ({count} x {LATENCY_MILLISECONDS} ms), \
         {server_time:.1} s of server time (end - start, latency included); \
         latency sum / wall time = {:.1}, server time / wall time = {:.1}; \
         Price List calls {pricing}; by operation: {}",
        count - writes,
        summary["sequential_depth"],
        seconds(&summary["span_seconds"]),
        first_write - first_start,
        latency_sum / wall_seconds,
        server_time / wall_seconds,
        summary["by_operation"]
    );
    wall
}

fn apply(criterion: &mut Criterion) {
    let fixture = apply_fixture();
    let latency = LATENCY_MILLISECONDS.to_string();
    let world = World::start_with("bench-apply", &fixture, &["--latency-ms", &latency]);
    let mut pending = fixture.clone();
    pending["settings"]["pending_polls"] = json!(2);
    let fixture = fixture.to_string();
    let pending = pending.to_string();
    let base = ["apply", PLAN, "--auto-approve", "--poll-interval", "0.2"];
    let configurations: [(&str, &str, Vec<&str>); 3] = [
        ("parallelism_8", &fixture, base.to_vec()),
        (
            "parallelism_1",
            &fixture,
            [base.as_slice(), &["--parallelism", "1"]].concat(),
        ),
        ("parallelism_8_pending_polls_2", &pending, base.to_vec()),
    ];
    // The emulator's first requests are slow (imports, first tables): one apply, not reported.
    world.reset(&fixture);
    let warm_up = world.gpuplan(&base);
    assert!(warm_up.status.success(), "the warm-up apply failed");

    let mut group = criterion.benchmark_group("apply_24_endpoints_100ms_latency");
    group
        .sample_size(SAMPLES)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1));
    for (label, fixture, arguments) in &configurations {
        let wall = apply_once_and_report(&world, label, fixture, arguments);
        // Two applies per sample when an apply is short, one when it is long (parallelism 1).
        let per_sample = if wall < Duration::from_secs(10) {
            1.5
        } else {
            0.9
        };
        group.measurement_time(wall.mul_f64(per_sample * SAMPLES as f64));
        group.bench_function(*label, |bencher| {
            bencher.iter_batched(
                || world.reset(fixture),
                |()| {
                    let output = world.gpuplan(arguments);
                    assert!(output.status.success(), "{label}: gpuplan apply failed");
                },
                BatchSize::PerIteration,
            );
        });
    }
    group.finish();
}

criterion_group!(benches, apply);
criterion_main!(benches);
