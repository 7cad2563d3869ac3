//! End to end: the `gpuplan` binary as a user runs it, offline, on the example plans.

mod support;

use std::process::Output;

use support::{gpuplan_command, scratch, stderr, stdout};

/// Runs gpuplan from the repository root, with no AWS configuration in the environment.
fn gpuplan(arguments: &[&str]) -> Output {
    gpuplan_command(&scratch("cli"))
        .args(arguments)
        .output()
        .expect("the binary runs")
}

#[test]
fn check_blocks_the_blueprint_and_names_each_missing_piece_with_its_substitute() {
    let output = gpuplan(&["check", "plans/theater-g6.toml", "--offline"]);
    assert_eq!(output.status.code(), Some(3), "stderr: {}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("BLOCKED"), "{text}");
    for expected in [
        "ml.g6.4xlarge",
        "ml.g5.4xlarge",
        "ml.g6.12xlarge",
        "ml.g5.12xlarge",
        "bedrock",
        "anthropic.claude-3-5-sonnet",
        "Qwen2-VL",
        "amazon.nova-canvas",
        "SDXL",
        "plans/theater-g6.toml:",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    assert!(stderr(&output).contains("offline (--offline)"));
}

#[test]
fn check_passes_the_theater_moved_to_g5() {
    let output = gpuplan(&["check", "plans/theater-g5.toml", "--offline"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}{}",
        stdout(&output),
        stderr(&output)
    );
    let text = stdout(&output);
    assert!(text.contains("OK: nothing blocks"), "{text}");
    // 22 endpoints on ml.g5.2xlarge: 2 + 16 at max 2, 4 asynchronous at max 1.
    assert!(text.contains("ml.g5.2xlarge for endpoint usage"), "{text}");
    assert!(text.contains("40 instances"), "{text}");
}

#[test]
fn check_json_is_versioned_and_states_the_verdict() {
    let output = gpuplan(&[
        "check",
        "plans/blocked-doc-vlm.toml",
        "--offline",
        "--format",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(3));
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("valid JSON");
    assert_eq!(json["format_version"], 2);
    assert_eq!(json["blocked"], true);
    assert_eq!(json["region"], "cn-north-1");
    let kinds: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|finding| finding["severity"] == "blocking")
        .map(|finding| finding["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"service_unavailable"), "{kinds:?}");
    assert!(kinds.contains(&"instance_type_not_offered"), "{kinds:?}");
}

#[test]
fn an_invalid_plan_gets_every_error_with_line_and_column_and_exit_1() {
    let output = gpuplan(&["check", "tests/fixtures/four-errors.toml", "--offline"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).is_empty(), "no report for an invalid plan");
    let text = stderr(&output);
    let errors: Vec<&str> = text
        .lines()
        .filter(|line| {
            line.starts_with("tests/fixtures/four-errors.toml:") && line.contains(": error: ")
        })
        .collect();
    assert_eq!(errors.len(), 4, "{text}");
    for expected in [
        "target_invocation_per_instance",
        "us-east-1",
        "ml.g5.2xlarg",
        "-2",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
}

#[test]
fn cost_in_chinese_markdown_is_ready_for_a_proposal_with_estimates_marked() {
    let output = gpuplan(&[
        "cost",
        "plans/theater-g5.toml",
        "--format",
        "markdown",
        "--lang",
        "zh",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.starts_with("## theater-g5 月度成本估算"), "{text}");
    for expected in [
        "按计划",
        "常开",
        "自动扩缩容",
        "异步推理",
        "理想下限",
        "所用价格",
        "* 估算值",
        "| ---: |",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    // SageMaker hosting prices are not public for China: every hosting price is marked.
    assert!(text.contains("ml.g5.2xlarge |"), "{text}");
    assert!(!text.contains("NaN") && !text.contains("inf"), "{text}");
}

#[test]
fn cost_csv_has_one_row_per_group_and_strategy() {
    let output = gpuplan(&["cost", "plans/llm-serving.toml", "--format", "csv"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "group");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let groups: std::collections::BTreeSet<&str> =
        rows.iter().map(|row| row.get(0).unwrap()).collect();
    assert_eq!(
        groups.into_iter().collect::<Vec<_>>(),
        ["chat-qwen32b", "code-assist"]
    );
    assert!(
        rows.iter()
            .any(|row| row.get(3).unwrap() == "API: bailian/qwen-plus")
    );
}

#[test]
fn cost_json_is_versioned() {
    let output = gpuplan(&["cost", "plans/theater-g5.toml", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("valid JSON");
    assert_eq!(json["format_version"], 1);
    assert_eq!(json["currency"], "CNY");
    assert_eq!(json["groups"].as_array().unwrap().len(), 4);
}

#[test]
fn catalog_lists_a_region_with_prices_and_their_sources() {
    let output = gpuplan(&["catalog", "--region", "cn-north-1"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.contains("g5.2xlarge") && text.contains("A10G"),
        "{text}"
    );
    assert!(
        text.contains("2024-11-06"),
        "EC2 Beijing prices carry their date:\n{text}"
    );
}

#[test]
fn schema_is_json_schema_for_the_plan_file() {
    let output = gpuplan(&["schema"]);
    assert_eq!(output.status.code(), Some(0));
    let schema: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert!(
        schema["$schema"]
            .as_str()
            .unwrap()
            .contains("json-schema.org")
    );
    assert!(schema["properties"]["plan"].is_object());
}

#[test]
fn usage_errors_exit_1_and_help_exits_0() {
    assert_eq!(gpuplan(&["check"]).status.code(), Some(1));
    assert_eq!(gpuplan(&["frobnicate"]).status.code(), Some(1));
    assert_eq!(
        gpuplan(&["catalog", "--region", "us-east-1"]).status.code(),
        Some(1)
    );
    assert_eq!(gpuplan(&["--help"]).status.code(), Some(0));
    let missing = gpuplan(&["cost", "plans/no-such-plan.toml"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr(&missing).contains("plans/no-such-plan.toml"));
}

#[test]
fn output_option_writes_the_report_to_a_file() {
    let directory = std::env::temp_dir().join(format!("gpuplan-test-{}", std::process::id()));
    std::fs::create_dir_all(&directory).unwrap();
    let file = directory.join("cost.md");
    let output = gpuplan(&[
        "cost",
        "plans/theater-g5.toml",
        "-f",
        "markdown",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).is_empty());
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .starts_with("## Monthly cost of theater-g5")
    );
    std::fs::remove_dir_all(&directory).unwrap();
}

#[test]
fn catalog_apis_lists_the_ids_a_plan_can_name() {
    let output = gpuplan(&["catalog", "--apis", "--format", "csv"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.starts_with("id,"), "{text}");
    assert!(text.contains("bailian/qwen-vl-max,"), "{text}");
    assert!(
        text.contains("bedrock/anthropic.claude-3-5-haiku,"),
        "{text}"
    );
    assert_eq!(
        gpuplan(&["catalog", "--apis", "--region", "cn-north-1"])
            .status
            .code(),
        Some(1),
        "--apis lists every API, not a region's"
    );
}

#[test]
fn iam_policy_is_an_aws_cn_document_scoped_to_the_plan_without_credentials() {
    let output = gpuplan(&[
        "iam-policy",
        "plans/theater-g5.toml",
        "--account",
        "123456789012",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let policy: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    assert_eq!(policy["Version"], "2012-10-17");
    let text = stdout(&output);
    assert!(
        text.contains("arn:aws-cn:sagemaker:cn-northwest-1:123456789012:endpoint/theater-g5-*"),
        "{text}"
    );
    assert!(
        text.contains("arn:aws-cn:iam::123456789012:role/theater-sagemaker"),
        "{text}"
    );
    assert!(
        !text.contains("arn:aws:"),
        "no global-partition ARN: {text}"
    );
    let bad = gpuplan(&["iam-policy", "plans/theater-g5.toml", "--account", "12345"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(stderr(&bad).contains("12-digit"), "{}", stderr(&bad));
}

#[test]
fn plan_and_apply_need_the_live_account_and_say_so_without_credentials() {
    for command in ["plan", "apply", "destroy"] {
        let output = gpuplan(&[command, "plans/theater-g5.toml"]);
        assert_eq!(
            output.status.code(),
            Some(4),
            "{command}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains("credentials"),
            "{command}: {}",
            stderr(&output)
        );
    }
}
