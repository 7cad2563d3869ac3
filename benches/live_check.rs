//! Live `gpuplan check` against the AWS China test world behind an injected 100 ms latency
//! per request: wall time of the 24-endpoint theater and of the same plan at 240 endpoints,
//! with the API calls made and how many of them ran one after another (round trips in
//! sequence). Figures in docs/performance.md.
//!
//! Run with `cargo bench --bench live_check` (it starts tests/aws-world/world.py itself).

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::json;
use support::world::{World, china_fixture, scaled_plan};

/// The latency world.py adds to every request.
const LATENCY_MILLISECONDS: u64 = 100;

fn live_check(criterion: &mut Criterion) {
    let mut fixture = china_fixture();
    fixture["quota_values"]["cn-northwest-1"]["sagemaker"]["ml.g5.2xlarge for endpoint usage"] =
        json!(20);
    let latency = LATENCY_MILLISECONDS.to_string();
    let world = World::start_with("bench", &fixture, &["--latency-ms", &latency]);
    let mut group = criterion.benchmark_group("live_check_100ms_latency");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20))
        .warm_up_time(Duration::from_secs(2));
    for (label, factor) in [("24_endpoints", 1), ("240_endpoints", 10)] {
        let plan = scaled_plan(&world, "plans/theater-g5.toml", factor);
        let plan = plan.to_str().expect("a UTF-8 path").to_string();
        let arguments = [
            "check",
            plan.as_str(),
            "--format",
            "json",
            "--max-attempts",
            "1",
        ];
        world.reset_requests();
        let output = world.gpuplan(&arguments);
        assert_eq!(
            output.status.code(),
            Some(3),
            "the theater falls short at 20"
        );
        let summary = world.summary();
        eprintln!(
            "{label}: {} API calls, {} in sequence, {:.2} s from the first request to the last answer; by operation: {}",
            summary["count"],
            summary["sequential_depth"],
            summary["span_seconds"].as_f64().unwrap_or(0.0),
            summary["by_operation"]
        );
        group.bench_function(label, |bencher| {
            bencher.iter(|| {
                let output = world.gpuplan(&arguments);
                assert_eq!(output.status.code(), Some(3));
            });
        });
    }
    group.finish();
}

criterion_group!(benches, live_check);
criterion_main!(benches);
