//! End to end, live: the `gpuplan` binary against the AWS China test world (moto and a
//! Price List server on loopback, seeded per test; see tests/aws-world/README.md).

mod support;

use serde_json::{Value, json};
use support::world::{World, china_fixture, scaled_plan};
use support::{gpuplan_command, scratch, stderr, stdout};

/// The China world with the endpoint quotas of the reference case: 20 ml.g5.2xlarge
/// (2 already held by another team's endpoint), enough ml.g5.12xlarge, no open requests.
fn twenty_quota_world() -> Value {
    let mut fixture = china_fixture();
    let sagemaker = &mut fixture["quota_values"]["cn-northwest-1"]["sagemaker"];
    sagemaker["ml.g5.2xlarge for endpoint usage"] = json!(20);
    sagemaker["ml.g5.12xlarge for endpoint usage"] = json!(4);
    fixture["quota_requests"] = json!([]);
    fixture
}

/// `gpuplan check PLAN --format json` against the world, one attempt per call.
fn live_check_json(world: &World, plan: &str) -> std::process::Output {
    world.gpuplan(&["check", plan, "--format", "json", "--max-attempts", "1"])
}

/// `gpuplan quota request PLAN --yes` against the world, one attempt per call.
fn quota_request_yes(world: &World, plan: &str) -> std::process::Output {
    world.gpuplan(&["quota", "request", plan, "--yes", "--max-attempts", "1"])
}

fn quota<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["quotas"]
        .as_array()
        .expect("quotas")
        .iter()
        .find(|quota| quota["quota_name"] == name)
        .unwrap_or_else(|| panic!("no quota {name} in {report:#}"))
}

fn json_report(output: &std::process::Output) -> Value {
    serde_json::from_str(&stdout(output)).unwrap_or_else(|error| {
        panic!(
            "not JSON ({error}):\n{}\n{}",
            stdout(output),
            stderr(output)
        )
    })
}

#[test]
fn the_theater_falls_short_by_exactly_the_missing_instances_and_one_request_covers_it() {
    let world = World::start("shortfall", &twenty_quota_world());
    let check = live_check_json(&world, "plans/theater-g5.toml");
    assert_eq!(check.status.code(), Some(3), "{}", stderr(&check));
    let report = json_report(&check);
    assert_eq!(report["mode"]["kind"], "live");
    assert_eq!(report["blocked"], true);
    let short = quota(&report, "ml.g5.2xlarge for endpoint usage");
    assert_eq!(short["peak_need"], 40.0);
    assert_eq!(short["applied"], 20.0);
    assert_eq!(short["in_use"], 2.0, "the other team's endpoint holds 2");
    assert_eq!(short["headroom"], 18.0);
    assert_eq!(short["status"], "shortfall");
    assert_eq!(short["missing"], 22.0);
    assert_eq!(short["quota_code"], "L-9614C779");
    let enough = quota(&report, "ml.g5.12xlarge for endpoint usage");
    assert_eq!(enough["status"], "sufficient");
    assert_eq!(enough["peak_need"], 4.0);

    world.reset_requests();
    let request = quota_request_yes(&world, "plans/theater-g5.toml");
    assert_eq!(request.status.code(), Some(0), "{}", stderr(&request));
    assert_eq!(world.calls("RequestServiceQuotaIncrease"), 1);
    let filed: Vec<Value> = world
        .quota_requests()
        .into_iter()
        .filter(|request| request["QuotaCode"] == "L-9614C779")
        .collect();
    assert_eq!(filed.len(), 1, "{filed:#?}");
    assert_eq!(filed[0]["DesiredValue"], 42.0, "20 applied + 22 missing");
    assert!(stdout(&request).contains("42"), "{}", stdout(&request));

    world.reset_requests();
    let again = quota_request_yes(&world, "plans/theater-g5.toml");
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert_eq!(
        world.calls("RequestServiceQuotaIncrease"),
        0,
        "nothing new to file"
    );
    assert!(
        stdout(&again).contains("skipped: request"),
        "{}",
        stdout(&again)
    );

    // The check now shows the open request beside the shortfall.
    let after = json_report(&live_check_json(&world, "plans/theater-g5.toml"));
    let open = &quota(&after, "ml.g5.2xlarge for endpoint usage")["open_requests"];
    assert_eq!(open[0]["desired_value"], 42.0, "{after:#}");
    assert_eq!(open[0]["status"], "PENDING");
}

#[test]
fn quotas_at_zero_too_low_and_enough_are_told_apart_with_zones_and_open_requests() {
    // china.json: ml.g5.2xlarge 4 (2 in use), ml.g5.12xlarge 0 with a request pending to 4,
    // ml.g5.xlarge 2; cn-northwest-1c offers no g5.12xlarge.
    let world = World::start("three-quotas", &china_fixture());
    let output = live_check_json(&world, "plans/theater-g5.toml");
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    let report = json_report(&output);
    let too_low = quota(&report, "ml.g5.2xlarge for endpoint usage");
    assert_eq!(too_low["missing"], 38.0, "40 needed, 4 applied, 2 in use");
    let zero = quota(&report, "ml.g5.12xlarge for endpoint usage");
    assert_eq!(zero["applied"], 0.0);
    assert_eq!(zero["missing"], 4.0);
    assert_eq!(zero["open_requests"][0]["desired_value"], 4.0);

    let zones = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|finding| {
            finding["kind"] == "zone_offerings" && finding["instance_type"] == "ml.g5.12xlarge"
        })
        .expect("a zone finding for ml.g5.12xlarge");
    assert_eq!(zones["severity"], "warning");
    assert_eq!(zones["not_offered_in"], json!(["cn-northwest-1c"]));

    // The table says the same for people, with the headroom and the open request.
    let table = world.gpuplan(&["check", "plans/theater-g5.toml", "--max-attempts", "1"]);
    let text = stdout(&table);
    for expected in [
        "live: the account as read at",
        "SHORT by 38",
        "PENDING to 4",
        "cn-northwest-1c",
        "other-team-caption (2)",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
}

#[test]
fn a_quota_with_a_pending_request_is_skipped_and_the_rest_are_filed() {
    let world = World::start("skip-pending", &china_fixture());
    let output = world.gpuplan(&[
        "quota",
        "request",
        "plans/theater-g5.toml",
        "--yes",
        "--format",
        "json",
        "--max-attempts",
        "1",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let outcome = json_report(&output);
    assert_eq!(outcome["format_version"], 1);
    let actions = outcome["actions"].as_array().expect("actions");
    let skipped = actions
        .iter()
        .find(|action| action["action"] == "already_requested")
        .expect("the pending ml.g5.12xlarge request is skipped");
    assert_eq!(skipped["quota_name"], "ml.g5.12xlarge for endpoint usage");
    let filed = actions
        .iter()
        .find(|action| action["action"] == "file")
        .expect("ml.g5.2xlarge is filed");
    assert_eq!(filed["desired_value"], 42.0, "4 applied + 38 missing");
    assert_eq!(world.calls("RequestServiceQuotaIncrease"), 1);
}

#[test]
fn the_plans_own_headroom_is_added_to_each_request() {
    let world = World::start("headroom", &twenty_quota_world());
    let text =
        std::fs::read_to_string(support::repository().join("plans/theater-g5.toml")).expect("plan");
    let with_headroom = text.replacen(
        "region = \"cn-northwest-1\"",
        "region = \"cn-northwest-1\"\nquota_headroom = 3",
        1,
    );
    let path = world.scratch.join("theater-headroom.toml");
    std::fs::write(&path, with_headroom).expect("written");
    let output = quota_request_yes(&world, path.to_str().expect("UTF-8"));
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let filed: Vec<Value> = world
        .quota_requests()
        .into_iter()
        .filter(|request| request["QuotaCode"] == "L-9614C779" && request["Status"] == "PENDING")
        .collect();
    assert_eq!(
        filed[0]["DesiredValue"], 45.0,
        "20 + 22 missing + 3 headroom"
    );
}

#[test]
fn without_yes_and_without_a_terminal_nothing_is_filed() {
    let world = World::start("no-yes", &twenty_quota_world());
    let output = world
        .command(&[
            "quota",
            "request",
            "plans/theater-g5.toml",
            "--max-attempts",
            "1",
        ])
        .stdin(std::process::Stdio::null())
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("pass --yes"),
        "{}",
        stderr(&output)
    );
    assert_eq!(world.calls("RequestServiceQuotaIncrease"), 0);
}

#[test]
fn the_g6_blueprint_is_blocked_live_because_sagemaker_has_no_g6_quota_here() {
    let world = World::start("g6", &china_fixture());
    let output = live_check_json(&world, "plans/theater-g6.toml");
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    let report = json_report(&output);
    let findings = report["findings"].as_array().expect("findings");
    let not_offered: Vec<&Value> = findings
        .iter()
        .filter(|finding| finding["kind"] == "instance_type_not_offered")
        .collect();
    assert!(!not_offered.is_empty(), "{report:#}");
    for finding in &not_offered {
        assert!(
            finding["instance_type"]
                .as_str()
                .expect("a type")
                .starts_with("ml.g6")
        );
        assert!(
            finding["nearest_offered"]
                .as_str()
                .expect("a substitute")
                .starts_with("ml.g5")
        );
        assert!(
            finding["source"]["name"]
                .as_str()
                .expect("a source")
                .contains("ListServiceQuotas")
        );
    }
    let bedrock = findings
        .iter()
        .find(|finding| finding["kind"] == "service_unavailable" && finding["service"] == "bedrock")
        .expect("bedrock is missing");
    assert!(
        bedrock["source"]["name"]
            .as_str()
            .expect("a source")
            .contains("SSM public parameters")
    );
}

#[test]
fn the_number_of_calls_does_not_grow_with_the_endpoints_of_the_plan() {
    let world = World::start("call-count", &twenty_quota_world());
    let small = live_check_json(&world, "plans/theater-g5.toml");
    let small_calls = world.requests().len();
    world.reset_requests();
    let large_plan = scaled_plan(&world, "plans/theater-g5.toml", 10);
    let large = live_check_json(&world, large_plan.to_str().expect("UTF-8"));
    let large_calls = world.requests().len();
    assert_eq!(json_report(&small)["mode"]["kind"], "live");
    let large_report = json_report(&large);
    assert_eq!(
        quota(&large_report, "ml.g5.2xlarge for endpoint usage")["peak_need"],
        400.0
    );
    assert_eq!(small_calls, large_calls, "24 and 240 endpoints, same calls");
    // The tool's own count agrees with what the server saw.
    let counted: u64 = large_report["mode"]["api_calls"]
        .as_array()
        .expect("api_calls")
        .iter()
        .map(|call| call["calls"].as_u64().expect("a count"))
        .sum();
    assert_eq!(counted as usize, large_calls);
}

#[test]
fn github_actions_get_annotations_on_the_plan_lines_and_a_job_summary() {
    let world = World::start("github", &twenty_quota_world());
    let summary = world.scratch.join("summary.md");
    let output = world
        .command(&[
            "check",
            "plans/theater-g5.toml",
            "--format",
            "json",
            "--max-attempts",
            "1",
        ])
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(3));
    json_report(&output); // stdout stays pure JSON
    let annotations = stderr(&output);
    let error = annotations
        .lines()
        .find(|line| line.starts_with("::error file=plans/theater-g5.toml,line="))
        .unwrap_or_else(|| panic!("no error annotation in:\n{annotations}"));
    assert!(
        error.contains("ml.g5.2xlarge for endpoint usage: SHORT by 22"),
        "{error}"
    );
    let summary = std::fs::read_to_string(&summary).expect("a job summary");
    assert!(
        summary.starts_with("## gpuplan check: theater-g5"),
        "{summary}"
    );
    assert!(
        summary.contains("| sagemaker / ml.g5.2xlarge for endpoint usage |"),
        "{summary}"
    );
}

#[test]
fn without_credentials_check_says_it_fell_back_to_the_catalog() {
    let folder = scratch("no-credentials");
    let output = gpuplan_command(&folder)
        .args(["check", "plans/theater-g5.toml", "--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("no AWS credentials were found"),
        "{}",
        stderr(&output)
    );
    assert!(
        stderr(&output).contains("fell back to the embedded catalog"),
        "{}",
        stderr(&output)
    );
    let report = json_report(&output);
    assert_eq!(report["mode"]["kind"], "offline");
    assert!(
        report["mode"]["fallback_reason"]
            .as_str()
            .expect("a reason")
            .contains("no AWS credentials")
    );

    let required = gpuplan_command(&folder)
        .args(["check", "plans/theater-g5.toml", "--live"])
        .output()
        .expect("runs");
    assert_eq!(required.status.code(), Some(4), "{}", stderr(&required));
}

#[test]
fn a_profile_that_does_not_exist_is_named_in_the_error() {
    let folder = scratch("profile");
    std::fs::write(
        folder.join("aws-config"),
        "[profile ningxia-ops]\nregion = cn-northwest-1\n",
    )
    .expect("config");
    let output = gpuplan_command(&folder)
        .args([
            "check",
            "plans/theater-g5.toml",
            "--profile",
            "ningxia-prod",
        ])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(
        message.contains("the AWS profile `ningxia-prod` does not exist"),
        "{message}"
    );
    assert!(
        message.contains("ningxia-ops"),
        "the defined profiles are listed: {message}"
    );
}

#[test]
fn an_unreachable_endpoint_is_an_aws_error_naming_the_operation() {
    let folder = scratch("unreachable");
    let output = gpuplan_command(&folder)
        .args([
            "check",
            "plans/theater-g5.toml",
            "--endpoint-url",
            "http://127.0.0.1:9",
            "--max-attempts",
            "1",
        ])
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(4), "{}", stderr(&output));
    assert!(stderr(&output).contains(" failed: "), "{}", stderr(&output));
}

#[test]
fn catalog_refresh_caches_the_price_lists_and_cost_uses_them_until_the_file_is_edited() {
    let world = World::start("refresh", &china_fixture());
    let refresh = world.gpuplan(&["catalog", "refresh", "--max-attempts", "1"]);
    assert_eq!(refresh.status.code(), Some(0), "{}", stderr(&refresh));
    let cache_path = world.scratch.join("cache/prices.json");
    let cache: Value =
        serde_json::from_str(&std::fs::read_to_string(&cache_path).expect("the cache"))
            .expect("JSON");
    assert_eq!(cache["partition"], "aws-cn");
    let ningxia = &cache["regions"]["cn-northwest-1"];
    assert!(
        !ningxia["ec2_on_demand"]
            .as_array()
            .expect("EC2 prices")
            .is_empty()
    );
    assert!(
        !ningxia["sagemaker_hosting"]
            .as_array()
            .expect("hosting prices")
            .is_empty()
    );
    assert!(
        !ningxia["ec2_spot"]
            .as_array()
            .expect("spot prices")
            .is_empty()
    );
    let pricing_calls = get_products_calls(&world);
    assert!(
        pricing_calls >= 4,
        "both services, both regions: {pricing_calls}"
    );

    let cost = world.gpuplan(&["cost", "plans/theater-g5.toml", "--format", "json"]);
    assert_eq!(cost.status.code(), Some(0), "{}", stderr(&cost));
    assert!(
        stderr(&cost).contains("prices: refreshed on"),
        "{}",
        stderr(&cost)
    );
    assert!(
        stdout(&cost).contains("GetProducts"),
        "the cost report cites the price list"
    );

    // A hand edit: never used, never overwritten.
    let edited = std::fs::read_to_string(&cache_path)
        .expect("cache")
        .replacen("\"cny_per_hour\": ", "\"cny_per_hour\": 1", 1);
    std::fs::write(&cache_path, &edited).expect("edited");
    let cost = world.gpuplan(&["cost", "plans/theater-g5.toml", "--format", "json"]);
    assert!(
        stderr(&cost).contains("changed by hand"),
        "{}",
        stderr(&cost)
    );
    assert!(!stdout(&cost).contains("GetProducts"));
    let refused = world.gpuplan(&["catalog", "refresh", "--max-attempts", "1"]);
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("not overwritten"),
        "{}",
        stderr(&refused)
    );
    assert_eq!(std::fs::read_to_string(&cache_path).expect("cache"), edited);
}

/// GetProducts calls the Price List server received.
fn get_products_calls(world: &World) -> usize {
    world.pricing_summary()["by_operation"]
        .as_object()
        .map(|operations| {
            operations
                .iter()
                .filter(|(name, _)| name.ends_with("GetProducts"))
                .map(|(_, count)| count.as_u64().unwrap_or(0) as usize)
                .sum()
        })
        .unwrap_or(0)
}
