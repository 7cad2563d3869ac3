//! Plan files that break a rule get an error naming the rule, at the line and column of the
//! value that breaks it; every error of a file comes back at once.

use gpuplan_core::catalog::Catalog;
use gpuplan_core::diagnostics::{Diagnostics, Severity};
use gpuplan_core::plan::{self, Loaded};

const MODEL: &str = r#"
[endpoint.model]
image = "123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/m:1"
execution_role = "arn:aws-cn:iam::123456789012:role/r"
"#;

fn plan_with(endpoint: &str, rest: &str) -> String {
    format!(
        r#"[plan]
name = "demo"
region = "cn-north-1"
services = ["sagemaker"]

[workload.steady]
baseline_rps = 1.0

[[endpoint]]
name = "chat"
workload = "steady"
instance_type = "ml.g5.xlarge"
gpu_seconds_per_request = 1.0
{endpoint}
{rest}"#
    )
}

fn load(text: &str) -> Result<Loaded, Diagnostics> {
    plan::load("demo.toml", text, Catalog::embedded(), &|name| {
        if name == "trace.csv" {
            Ok(
                "timestamp,rps\n2026-11-26T19:00:00+08:00,1.0\n2026-11-26T19:05:00+08:00,2.0\n"
                    .into(),
            )
        } else {
            Err(format!("no file {name}"))
        }
    })
}

fn errors(text: &str) -> Vec<(u32, String)> {
    match load(text) {
        Ok(_) => panic!("expected errors in:\n{text}"),
        Err(diagnostics) => diagnostics
            .items
            .iter()
            .filter(|diagnostic| diagnostic.severity == Severity::Error)
            .map(|diagnostic| {
                (
                    diagnostic
                        .location
                        .map(|location| location.line)
                        .unwrap_or(0),
                    diagnostic.message.clone(),
                )
            })
            .collect(),
    }
}

fn line_of(text: &str, needle: &str) -> u32 {
    text.lines()
        .position(|line| line.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} not in the plan")) as u32
        + 1
}

fn assert_one_error(text: &str, at: &str, message_part: &str) {
    let found = errors(text);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].0, line_of(text, at), "{found:#?}");
    assert!(found[0].1.contains(message_part), "{found:#?}");
}

#[test]
fn a_valid_plan_loads() {
    let text = plan_with(MODEL, "");
    let loaded = load(&text).unwrap_or_else(|diagnostics| panic!("{}", diagnostics.render(&text)));
    assert_eq!(loaded.plan.endpoints[0].instance_type, "ml.g5.xlarge");
    assert_eq!(loaded.plan.workload("steady").timezone, "Asia/Shanghai");
    assert_eq!(loaded.plan.resource_name("chat"), "demo-chat");
}

#[test]
fn instance_types_must_be_sagemaker_types_the_catalog_knows() {
    let text = plan_with(MODEL, "").replace("\"ml.g5.xlarge\"", "\"g5.xlarge\"");
    assert_one_error(&text, "instance_type", "not a SageMaker instance type");
    let text = plan_with(MODEL, "").replace("\"ml.g5.xlarge\"", "\"ml.g9.xlarge\"");
    assert_one_error(&text, "instance_type", "unknown instance type");
}

#[test]
fn autoscaling_bounds_are_checked() {
    let autoscaling =
        "[endpoint.autoscaling]\nmin = 3\nmax = 2\ntarget_invocations_per_instance = 10.0\n";
    let text = plan_with(&format!("{MODEL}{autoscaling}"), "");
    assert_one_error(&text, "min = 3", "greater than max");
    let zero = "[endpoint.autoscaling]\nmin = 0\nmax = 2\ntarget_invocations_per_instance = 10.0\n";
    let text = plan_with(&format!("{MODEL}{zero}"), "");
    assert_one_error(&text, "min = 0", "cannot scale to zero");
}

#[test]
fn scale_to_zero_needs_autoscaling_with_a_minimum_of_zero() {
    let text = plan_with(
        &format!("{MODEL}[endpoint.asynchronous]\nscale_to_zero = true\n"),
        "",
    );
    assert_one_error(&text, "scale_to_zero", "needs autoscaling");
    let text = plan_with(
        &format!(
            "{MODEL}[endpoint.autoscaling]\nmin = 0\nmax = 1\ntarget_invocations_per_instance = 5.0\n[endpoint.asynchronous]\nscale_to_zero = true\n"
        ),
        "",
    );
    assert!(load(&text).is_ok());
}

#[test]
fn schedules_need_autoscaling_and_valid_bounds() {
    let schedule = "[[endpoint.schedule]]\nname = \"warm\"\ndays = [\"mon\"]\nat = \"08:00\"\nmin = 2\nmax = 2\n";
    let text = plan_with(&format!("{MODEL}{schedule}"), "");
    assert_one_error(&text, "[[endpoint.schedule]]", "needs autoscaling");
}

#[test]
fn workloads_and_time_zones_must_exist() {
    let text = plan_with(MODEL, "").replace("workload = \"steady\"", "workload = \"stedy\"");
    assert_one_error(&text, "workload = \"stedy\"", "no workload named `stedy`");
    let text = plan_with(MODEL, "").replace(
        "[workload.steady]\n",
        "[workload.steady]\ntimezone = \"Asia/Beijing\"\n",
    );
    assert_one_error(&text, "Asia/Beijing", "not an IANA time zone");
}

#[test]
fn windows_are_checked_and_traces_are_read() {
    let window = "[[workload.steady.window]]\ndays = [\"mon\"]\nstart = \"10:00\"\nend = \"10:00\"\nrps = 1.0\n";
    let text = plan_with(MODEL, window);
    assert_one_error(&text, "end = \"10:00\"", "opens and closes");
    let text = plan_with(MODEL, "").replace(
        "[workload.steady]\nbaseline_rps = 1.0\n",
        "[workload.steady]\ntrace = \"missing.csv\"\n",
    );
    assert_one_error(&text, "missing.csv", "cannot read trace");
    let text = plan_with(MODEL, "").replace(
        "[workload.steady]\nbaseline_rps = 1.0\n",
        "[workload.steady]\ntrace = \"trace.csv\"\n",
    );
    let loaded = load(&text).unwrap();
    match &loaded.plan.workload("steady").pattern {
        plan::TrafficPattern::Trace { rps_per_minute, .. } => {
            assert_eq!(
                rps_per_minute,
                &vec![1.0, 1.0, 1.0, 1.0, 1.0, 2.0, 2.0, 2.0, 2.0, 2.0]
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn roles_images_and_model_data_must_fit_the_china_partition() {
    let model = MODEL.replace("arn:aws-cn:iam", "arn:aws:iam");
    assert_one_error(
        &plan_with(&model, ""),
        "execution_role",
        "commercial partition",
    );
    let model = MODEL.replace("amazonaws.com.cn", "amazonaws.com");
    assert_one_error(
        &plan_with(&model, ""),
        "image =",
        "outside the China partition",
    );
    let model = format!("{MODEL}data = \"/models/m.tar.gz\"\n");
    assert_one_error(&plan_with(&model, ""), "data =", "not an S3 location");
}

#[test]
fn endpoint_names_are_unique_and_fit_sagemaker_limits() {
    let second = format!(
        "[[endpoint]]\nname = \"chat-01\"\nworkload = \"steady\"\ninstance_type = \"ml.g5.xlarge\"\ngpu_seconds_per_request = 1.0\n{MODEL}"
    );
    let text = plan_with(&format!("count = 2\n{MODEL}"), &second);
    assert_one_error(&text, "name = \"chat-01\"", "already used");
    let long = "x".repeat(50);
    let text = plan_with(MODEL, "").replace("name = \"chat\"", &format!("name = \"{long}\""));
    assert_one_error(&text, &long, "the limit is 63");
}

#[test]
fn apis_and_prices_need_known_ids_sources_and_dates() {
    let api =
        "[[alternatives.api]]\ncatalog_id = \"bailian/qwen-vl-maxx\"\nreplaces = [\"chat\"]\n";
    assert_one_error(
        &plan_with(MODEL, api),
        "qwen-vl-maxx",
        "no API `bailian/qwen-vl-maxx`",
    );
    let api = "[[alternatives.api]]\ncatalog_id = \"bailian/qwen-plus\"\nreplaces = [\"chta\"]\n";
    assert_one_error(&plan_with(MODEL, api), "chta", "no endpoint named `chta`");
    let custom = "[[alternatives.api]]\nname = \"mine\"\ncurrency = \"CNY\"\nper_request = 0.1\nreplaces = [\"chat\"]\n";
    assert_one_error(
        &plan_with(MODEL, custom),
        "[[alternatives.api]]",
        "needs source, date",
    );
    let price = "[[prices.override]]\ninstance_type = \"ml.g5.xlarge\"\ncny_per_hour = 9.0\nsource = \"quote\"\ndate = \"2026-13-01\"\n";
    assert_one_error(&plan_with(MODEL, price), "2026-13-01", "not a date");
}

#[test]
fn a_usd_api_without_a_rate_is_a_warning_not_an_error() {
    let api = "[[alternatives.api]]\ncatalog_id = \"bedrock/anthropic.claude-3-5-haiku\"\nreplaces = [\"chat\"]\n";
    let loaded = load(&plan_with(
        &format!("tokens_per_request = {{ input = 10, output = 10 }}\n{MODEL}"),
        api,
    ))
    .unwrap();
    assert_eq!(loaded.warnings.items.len(), 1);
    assert!(loaded.warnings.items[0].message.contains("USD"));
}

#[test]
fn structural_and_semantic_errors_come_back_together_in_file_order() {
    let text = plan_with(MODEL, "")
        .replace(
            "region = \"cn-north-1\"",
            "region = \"cn-nrth-1\"\ncolor = \"red\"",
        )
        .replace("services = [\"sagemaker\"]", "services = [\"sagemakr\"]")
        .replace(
            "gpu_seconds_per_request = 1.0",
            "gpu_seconds_per_request = 0",
        );
    let found = errors(&text);
    let lines: Vec<u32> = found.iter().map(|(line, _)| *line).collect();
    assert_eq!(
        lines,
        vec![
            line_of(&text, "cn-nrth-1"),
            line_of(&text, "color"),
            line_of(&text, "sagemakr"),
            line_of(&text, "gpu_seconds_per_request"),
        ],
        "{found:#?}"
    );
    let diagnostics = load(&text).unwrap_err();
    let rendered = diagnostics.render(&text);
    assert!(
        rendered.contains("did you mean `cn-north-1`?"),
        "{rendered}"
    );
    assert!(rendered.contains("did you mean `sagemaker`?"), "{rendered}");
    assert!(
        rendered.ends_with("demo.toml: 4 errors found; nothing was run\n"),
        "{rendered}"
    );
}

#[test]
fn a_bad_list_item_is_one_error_and_the_rest_still_resolves() {
    let window = "[[workload.steady.window]]\ndays = [\"thursday\"]\nstart = \"10:00\"\nend = \"11:00\"\nrps = 1.0\n";
    let text = plan_with(MODEL, window);
    assert_one_error(&text, "thursday", "not one of the allowed values");
    let rendered = load(&text).unwrap_err().render(&text);
    assert!(rendered.contains("did you mean `thu`?"), "{rendered}");
}

#[test]
fn a_whole_number_written_as_a_float_is_reported_at_its_key() {
    let text = plan_with(&format!("count = 2.0\n{MODEL}"), "");
    assert_one_error(&text, "count = 2.0", "`count`");
}

#[test]
fn an_asynchronous_endpoint_that_does_not_scale_to_zero_is_told_so() {
    let settings = "[endpoint.autoscaling]\nmin = 0\nmax = 1\ntarget_invocations_per_instance = 5.0\n[endpoint.asynchronous]\nscale_to_zero = false\n";
    let text = plan_with(&format!("{MODEL}{settings}"), "");
    assert_one_error(&text, "min = 0", "does not scale to zero");
}

#[test]
fn a_long_endpoint_name_is_reported_with_a_bad_region_in_one_run() {
    let long = "x".repeat(50);
    let text = plan_with(MODEL, "")
        .replace("name = \"chat\"", &format!("name = \"{long}\""))
        .replace("cn-north-1\"\nservices", "eu-west-1\"\nservices");
    let found = errors(&text);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(found[1].1.contains("the limit is 63"), "{found:#?}");
}

#[test]
fn an_api_listed_twice_is_one_error_without_repeated_warnings() {
    let api =
        "[[alternatives.api]]\ncatalog_id = \"bedrock/amazon.nova-pro\"\nreplaces = [\"chat\"]\n";
    let text = plan_with(MODEL, &format!("{api}{api}"));
    let diagnostics = load(&text).unwrap_err();
    assert_eq!(
        diagnostics.error_count(),
        1,
        "{}",
        diagnostics.render(&text)
    );
    let warnings = diagnostics
        .items
        .iter()
        .filter(|diagnostic| diagnostic.severity == Severity::Warning)
        .count();
    // USD without a rate, and no tokens_per_request: said once, for the first entry.
    assert_eq!(warnings, 2, "{}", diagnostics.render(&text));
}
