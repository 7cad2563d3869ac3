//! End to end, `plan`, `apply` and `destroy`: the binary against the AWS China test world
//! (moto on loopback, tests/aws-world/README.md), as an operator runs them.

mod support;

use std::path::PathBuf;

use serde_json::{Value, json};
use support::world::{World, china_fixture};
use support::{stderr, stdout};

const THEATER: &str = "plans/theater-g5.toml";

/// The China world with quota for the whole theater at its peak, another team's endpoints
/// (`other-team-caption` from china.json) and an untagged endpoint whose name starts like
/// the plan's (`theater-g5-legacy`): neither may ever be read as the plan's.
fn deployable_world() -> Value {
    let mut fixture = china_fixture();
    // Endpoints report Creating or Updating twice before InService: apply must wait.
    fixture["settings"]["pending_polls"] = json!(2);
    let sagemaker = &mut fixture["quota_values"]["cn-northwest-1"]["sagemaker"];
    sagemaker["ml.g5.2xlarge for endpoint usage"] = json!(60);
    sagemaker["ml.g5.4xlarge for endpoint usage"] = json!(10);
    sagemaker["ml.g5.12xlarge for endpoint usage"] = json!(6);
    fixture["endpoints"]
        .as_array_mut()
        .expect("china.json has endpoints")
        .push(json!({
            "region": "cn-northwest-1", "name": "theater-g5-legacy",
            "instance_type": "ml.g5.2xlarge", "instance_count": 1, "tags": {"team": "stage"}
        }));
    fixture
}

/// Every call that changes the account, by operation, from the world's request log.
fn write_calls(world: &World) -> Vec<String> {
    world
        .requests()
        .iter()
        .filter_map(|request| request["operation"].as_str().map(str::to_string))
        .filter(|operation| {
            [
                "Create",
                "Update",
                "Delete",
                "Put",
                "Register",
                "Deregister",
                "Add",
            ]
            .iter()
            .any(|prefix| operation.starts_with(prefix))
        })
        .collect()
}

/// Asserts the exit status, showing both streams when it is not the one expected.
fn assert_exit(output: &std::process::Output, status: i32) {
    assert_eq!(
        output.status.code(),
        Some(status),
        "{}\n{}",
        stdout(output),
        stderr(output)
    );
}

fn count(calls: &[String], operation: &str) -> usize {
    calls.iter().filter(|call| *call == operation).count()
}

fn plan_json(world: &World, plan: &str) -> (Option<i32>, Value) {
    let output = world.gpuplan(&[
        "plan",
        plan,
        "--format",
        "json",
        "--detailed-exitcode",
        "--max-attempts",
        "1",
    ]);
    let document = serde_json::from_str(&stdout(&output)).unwrap_or_else(|error| {
        panic!(
            "plan printed no JSON ({error}):\n{}\n{}",
            stdout(&output),
            stderr(&output)
        )
    });
    (output.status.code(), document)
}

fn apply(world: &World, arguments: &[&str]) -> std::process::Output {
    let mut all = vec!["apply"];
    all.extend_from_slice(arguments);
    all.extend_from_slice(&["--poll-interval", "0.05", "--max-attempts", "1"]);
    world.gpuplan(&all)
}

/// The changed endpoints of a plan document: name and action.
fn changes(document: &Value) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = document["changeset"]["endpoints"]
        .as_array()
        .expect("changeset endpoints")
        .iter()
        .map(|change| {
            (
                change["endpoint"].as_str().unwrap().to_string(),
                change["action"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    found.sort();
    found
}

/// The theater with 3 instance-type changes (both stage-animate endpoints and
/// stage-render-16, split off its group), the autoscaling of both sketch-caption endpoints
/// changed, and face-restore-04 removed.
fn changed_theater(world: &World) -> PathBuf {
    let mut text = std::fs::read_to_string(support::repository().join(THEATER)).unwrap();
    let replacements = [
        (
            "name = \"face-restore\"\ncount = 4",
            "name = \"face-restore\"\ncount = 3",
        ),
        (
            "min = 1\nmax = 2\ntarget_invocations_per_instance = 12.0",
            "min = 1\nmax = 3\ntarget_invocations_per_instance = 10.0",
        ),
        (
            "instance_type = \"ml.g5.12xlarge\"",
            "instance_type = \"ml.g5.4xlarge\"",
        ),
        (
            "name = \"stage-render\"\ncount = 16",
            "name = \"stage-render\"\ncount = 15",
        ),
    ];
    for (from, to) in replacements {
        assert!(text.contains(from), "the theater plan has `{from}`");
        text = text.replacen(from, to, 1);
    }
    let model = "[endpoint.model]\nimage = \"727897471807.dkr.ecr.cn-northwest-1.amazonaws.com.cn/huggingface-pytorch-inference:2.1.0-transformers4.37.0-gpu-py310-cu118-ubuntu20.04\"\ndata = \"s3://theater-models-cnw1/sdxl-controlnet/model.tar.gz\"\nexecution_role = \"arn:aws-cn:iam::123456789012:role/theater-sagemaker\"\n";
    text.push_str(&format!(
        "\n[[endpoint]]\nname = \"stage-render-16\"\nworkload = \"show-hours\"\ninstance_type = \"ml.g5.4xlarge\"\ninstance_count = 1\ngpu_seconds_per_request = 6.0\n\n{model}\n[endpoint.autoscaling]\nmin = 1\nmax = 2\ntarget_invocations_per_instance = 7.0\nscale_in_cooldown = 600\nscale_out_cooldown = 60\n\n[[endpoint.schedule]]\nname = \"evening-warm\"\ndays = [\"thu\", \"fri\", \"sat\", \"sun\"]\nat = \"18:40\"\nmin = 2\nmax = 2\n\n[[endpoint.schedule]]\nname = \"evening-cool\"\ndays = [\"thu\", \"fri\", \"sat\", \"sun\"]\nat = \"22:15\"\nmin = 1\nmax = 1\n"
    ));
    let path = world.scratch.join("theater-g5.toml");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn the_theater_applies_converges_changes_exactly_what_was_edited_and_destroys_only_its_own() {
    let world = World::start("deploy-loop", &deployable_world());

    // An empty account: 24 endpoints to create, exit 2 with --detailed-exitcode.
    let (status, document) = plan_json(&world, THEATER);
    assert_eq!(status, Some(2));
    assert_eq!(document["format_version"], 1);
    assert_eq!(changes(&document).len(), 24);
    assert!(
        changes(&document)
            .iter()
            .all(|(_, action)| action == "create")
    );

    world.reset_requests();
    let applied = apply(&world, &[THEATER, "--auto-approve"]);
    assert_exit(&applied, 0);
    assert!(
        stdout(&applied).contains("Apply complete. Resources: 160 added, 0 changed, 0 destroyed"),
        "{}",
        stdout(&applied)
    );
    let writes = write_calls(&world);
    assert_eq!(count(&writes, "CreateEndpoint"), 24);
    assert_eq!(count(&writes, "CreateModel"), 24);
    assert_eq!(count(&writes, "RegisterScalableTarget"), 24);
    // 24 target-tracking policies and 4 scale-from-zero step policies; 16 x 2 schedules.
    assert_eq!(count(&writes, "PutScalingPolicy"), 28);
    assert_eq!(count(&writes, "PutScheduledAction"), 32);
    assert_eq!(count(&writes, "PutMetricAlarm"), 4);

    // Applied: nothing to change, exit 0, and a second apply makes no write call.
    let (status, document) = plan_json(&world, THEATER);
    assert_eq!(status, Some(0), "{document:#}");
    assert!(changes(&document).is_empty());
    assert_eq!(
        document["changeset"]["unchanged"].as_array().unwrap().len(),
        24
    );
    world.reset_requests();
    let again = apply(&world, &[THEATER, "--auto-approve"]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert!(stdout(&again).contains("No changes."), "{}", stdout(&again));
    assert_eq!(write_calls(&world), Vec::<String>::new());

    // Three instance types, two autoscaling settings, one endpoint removed: exactly those.
    let changed = changed_theater(&world);
    let changed = changed.to_str().unwrap();
    let (status, document) = plan_json(&world, changed);
    assert_eq!(status, Some(2));
    let expected: Vec<(String, String)> = [
        ("theater-g5-face-restore-04", "delete"),
        ("theater-g5-sketch-caption-01", "update"),
        ("theater-g5-sketch-caption-02", "update"),
        ("theater-g5-stage-animate-01", "update"),
        ("theater-g5-stage-animate-02", "update"),
        ("theater-g5-stage-render-16", "update"),
    ]
    .iter()
    .map(|(name, action)| (name.to_string(), action.to_string()))
    .collect();
    assert_eq!(changes(&document), expected);
    let animate = document["changeset"]["endpoints"]
        .as_array()
        .unwrap()
        .iter()
        .find(|change| change["endpoint"] == "theater-g5-stage-animate-01")
        .unwrap();
    assert_eq!(animate["reason"], "instance_type changed");
    let steps: Vec<&str> = animate["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|step| step["step"].as_str().unwrap())
        .collect();
    let position = |name: &str| {
        steps
            .iter()
            .position(|step| *step == name)
            .unwrap_or_else(|| panic!("{name} in {steps:?}"))
    };
    assert!(
        position("deregister_scalable_target") < position("update_endpoint"),
        "{steps:?}"
    );
    assert!(
        position("wait_in_service") < position("register_scalable_target"),
        "{steps:?}"
    );
    assert!(
        position("register_scalable_target") < position("delete_endpoint_config"),
        "{steps:?}"
    );
    // The cost of the change is part of the plan, as an estimate.
    assert_eq!(document["cost_delta"]["basis"], "estimated");
    assert!(
        document["cost_delta"]["change_monthly_cny"]
            .as_f64()
            .unwrap()
            < 0.0,
        "smaller instances cost less: {:#}",
        document["cost_delta"]
    );

    world.reset_requests();
    let applied = apply(&world, &[changed, "--auto-approve"]);
    assert_exit(&applied, 0);
    let writes = write_calls(&world);
    assert_eq!(count(&writes, "UpdateEndpoint"), 3, "{writes:?}");
    assert_eq!(
        count(&writes, "DeregisterScalableTarget"),
        4,
        "3 type changes and the removed endpoint: {writes:?}"
    );
    assert_eq!(count(&writes, "DeleteEndpoint"), 1);
    assert_eq!(count(&writes, "CreateEndpoint"), 0);
    let (status, document) = plan_json(&world, changed);
    assert_eq!(status, Some(0), "{document:#}");

    // Destroy removes the plan's resources and nothing else.
    world.reset_requests();
    let destroyed = world.gpuplan(&[
        "destroy",
        changed,
        "--auto-approve",
        "--poll-interval",
        "0.05",
        "--max-attempts",
        "1",
    ]);
    assert_exit(&destroyed, 0);
    let writes = write_calls(&world);
    assert_eq!(count(&writes, "DeleteEndpoint"), 23);
    assert_eq!(count(&writes, "DeleteEndpointConfig"), 23);
    assert_eq!(count(&writes, "DeleteModel"), 23);
    let nothing = world.gpuplan(&["destroy", changed, "--auto-approve", "--max-attempts", "1"]);
    assert!(
        stdout(&nothing).contains("Nothing to destroy"),
        "{}",
        stdout(&nothing)
    );
    // The other team's endpoint and the untagged look-alike are still there, untouched.
    let check = world.gpuplan(&["check", THEATER, "--format", "json", "--max-attempts", "1"]);
    let report: Value = serde_json::from_str(&stdout(&check)).unwrap();
    let held: Vec<String> = report["quotas"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|quota| quota["in_use_by"].as_array().cloned().unwrap_or_default())
        .map(|holder| holder.to_string())
        .collect();
    assert!(
        held.iter()
            .any(|holder| holder.contains("other-team-caption")),
        "{held:?}"
    );
    assert!(
        held.iter()
            .any(|holder| holder.contains("theater-g5-legacy")),
        "{held:?}"
    );
}

#[test]
fn a_failure_mid_apply_says_what_was_done_and_the_next_apply_completes_without_orphans() {
    let world = World::start("deploy-failure", &deployable_world());
    world.inject_failure(&json!({
        "operation": "CreateEndpoint", "nth": 10,
        "code": "ResourceLimitExceeded",
        "message": "The account-level service limit 'ml.g5.2xlarge for endpoint usage' is exceeded (injected)"
    }));
    let failed = apply(&world, &[THEATER, "--auto-approve", "--parallelism", "4"]);
    assert_exit(&failed, 4);
    let report = stdout(&failed);
    assert!(report.contains("Apply stopped:"), "{report}");
    assert!(report.contains("CreateEndpoint"), "{report}");
    assert!(report.contains("ResourceLimitExceeded"), "{report}");
    assert!(report.contains("not started"), "{report}");
    assert!(report.contains("Run the same apply again"), "{report}");
    let first_creates = count(&write_calls(&world), "CreateEndpoint");
    assert!(
        first_creates < 24,
        "no endpoint starts after the failure: {first_creates}"
    );

    world.clear_failures();
    let (status, document) = plan_json(&world, THEATER);
    assert_eq!(status, Some(2));
    let remaining = changes(&document);
    assert!(
        remaining.iter().all(|(_, action)| action == "create"),
        "{remaining:?}"
    );
    assert_eq!(remaining.len(), 24 - (first_creates - 1));

    world.reset_requests();
    let completed = apply(&world, &[THEATER, "--auto-approve"]);
    assert_exit(&completed, 0);
    let writes = write_calls(&world);
    assert_eq!(count(&writes, "CreateEndpoint"), remaining.len());
    // The endpoint whose CreateEndpoint failed keeps the model and config made before.
    assert_eq!(
        count(&writes, "CreateModel"),
        remaining.len() - 1,
        "{writes:?}"
    );
    let (status, document) = plan_json(&world, THEATER);
    assert_eq!(
        status,
        Some(0),
        "converged, no orphan left to delete: {document:#}"
    );
}

#[test]
fn a_saved_plan_is_applied_as_saved_and_refused_once_the_account_moved() {
    let world = World::start("deploy-saved", &deployable_world());
    let saved = world.scratch.join("empty-account.json");
    let saved = saved.to_str().unwrap();
    let planned = world.gpuplan(&["plan", THEATER, "-o", saved, "--max-attempts", "1"]);
    assert_eq!(planned.status.code(), Some(0), "{}", stderr(&planned));
    let text = std::fs::read_to_string(saved).unwrap();
    let document: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(document["kind"], "gpuplan-saved-plan");
    assert!(
        document["changeset"]["observed_fingerprint"]
            .as_str()
            .unwrap()
            .starts_with("sha256:")
    );

    // The account changes after the plan was saved, though nothing existed then.
    let direct = apply(&world, &[THEATER, "--auto-approve"]);
    assert_eq!(direct.status.code(), Some(0), "{}", stderr(&direct));
    world.reset_requests();
    let stale = apply(&world, &[saved]);
    assert_eq!(stale.status.code(), Some(1), "{}", stderr(&stale));
    assert!(stderr(&stale).contains("is stale"), "{}", stderr(&stale));
    assert_eq!(write_calls(&world), Vec::<String>::new());

    // A fresh saved plan of a change applies without asking, as saved.
    let saved_current = world.scratch.join("current.json");
    let saved_current = saved_current.to_str().unwrap();
    let planned = world.gpuplan(&["plan", THEATER, "-o", saved_current, "--max-attempts", "1"]);
    assert_eq!(planned.status.code(), Some(0));
    let current = apply(&world, &[saved_current]);
    assert_eq!(current.status.code(), Some(0), "{}", stderr(&current));
    assert_eq!(
        write_calls(&world),
        Vec::<String>::new(),
        "no changes were saved, none made"
    );

    // A saved destroy: `plan --destroy -o`, then `apply FILE` removes exactly that.
    let saved_destroy = world.scratch.join("destroy.json");
    let saved_destroy = saved_destroy.to_str().unwrap();
    let planned = world.gpuplan(&[
        "plan",
        THEATER,
        "--destroy",
        "-o",
        saved_destroy,
        "--max-attempts",
        "1",
    ]);
    assert_eq!(planned.status.code(), Some(0), "{}", stderr(&planned));
    assert!(
        stdout(&planned).contains("to destroy."),
        "{}",
        stdout(&planned)
    );
    world.reset_requests();
    let destroyed = apply(&world, &[saved_destroy]);
    assert_eq!(destroyed.status.code(), Some(0), "{}", stderr(&destroyed));
    assert!(
        stdout(&destroyed).contains("Destroy complete."),
        "{}",
        stdout(&destroyed)
    );
    assert_eq!(count(&write_calls(&world), "DeleteEndpoint"), 24);
}

#[test]
fn a_name_held_by_a_resource_the_plan_does_not_manage_blocks_plan_and_apply() {
    let mut fixture = deployable_world();
    fixture["endpoints"].as_array_mut().unwrap().push(json!({
        "region": "cn-northwest-1", "name": "theater-g5-sketch-caption-01",
        "instance_type": "ml.g5.2xlarge", "instance_count": 1, "tags": {"team": "captions"}
    }));
    let world = World::start("deploy-conflict", &fixture);
    let planned = world.gpuplan(&["plan", THEATER, "--max-attempts", "1"]);
    assert_eq!(planned.status.code(), Some(1));
    assert!(
        stdout(&planned).contains("is not managed by this plan"),
        "{}",
        stdout(&planned)
    );
    world.reset_requests();
    let applied = apply(&world, &[THEATER, "--auto-approve"]);
    assert_eq!(applied.status.code(), Some(1));
    assert!(
        stderr(&applied).contains("nothing was applied"),
        "{}",
        stderr(&applied)
    );
    assert_eq!(write_calls(&world), Vec::<String>::new());
    // Saved anyway, the plan is refused as a whole when applied.
    let saved = world.scratch.join("conflicted.json");
    let saved = saved.to_str().unwrap();
    let planned = world.gpuplan(&["plan", THEATER, "-o", saved, "--max-attempts", "1"]);
    assert_eq!(planned.status.code(), Some(1));
    let refused = apply(&world, &[saved]);
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("name conflict"),
        "{}",
        stderr(&refused)
    );
    assert_eq!(write_calls(&world), Vec::<String>::new());
}

#[test]
fn apply_without_a_terminal_asks_for_auto_approve_and_changes_nothing() {
    let world = World::start("deploy-no-terminal", &deployable_world());
    let applied = apply(&world, &[THEATER]);
    assert_eq!(applied.status.code(), Some(1));
    assert!(
        stderr(&applied).contains("--auto-approve"),
        "{}",
        stderr(&applied)
    );
    assert_eq!(write_calls(&world), Vec::<String>::new());
}

#[test]
fn ctrl_c_stops_between_steps_says_what_was_left_and_a_rerun_converges() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;

    let world = World::start_with(
        "deploy-interrupt",
        &deployable_world(),
        &["--latency-ms", "150"],
    );
    let mut child = world
        .command(&[
            "apply",
            THEATER,
            "--auto-approve",
            "--parallelism",
            "2",
            "--poll-interval",
            "0.05",
            "--max-attempts",
            "1",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("apply starts");
    // Interrupt once the first endpoint is done: well inside the apply.
    let stderr_pipe = child.stderr.take().unwrap();
    let mut lines = BufReader::new(stderr_pipe).lines();
    let mut seen = Vec::new();
    for line in lines.by_ref() {
        let line = line.unwrap();
        let done = line.contains(": done (");
        seen.push(line);
        if done {
            break;
        }
    }
    let status = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
    seen.extend(lines.map(|line| line.unwrap()));
    let output = child.wait_with_output().unwrap();
    let report = stdout(&output);
    assert_eq!(
        output.status.code(),
        Some(130),
        "{report}\n{}",
        seen.join("\n")
    );
    assert!(
        seen.iter().any(|line| line.contains("interrupted")),
        "{}",
        seen.join("\n")
    );
    assert!(report.contains("Apply stopped:"), "{report}");
    assert!(report.contains("not started"), "{report}");
    assert!(report.contains("Run the same apply again"), "{report}");

    let completed = apply(&world, &[THEATER, "--auto-approve"]);
    assert_exit(&completed, 0);
    let (status, document) = plan_json(&world, THEATER);
    assert_eq!(status, Some(0), "converged: {document:#}");
}

#[test]
fn apply_refuses_a_plan_the_check_blocks_unless_told_to_ignore_it() {
    // china.json as it is: 4 ml.g5.2xlarge of quota, 2 held by another team.
    let world = World::start("deploy-blocked", &china_fixture());
    let refused = apply(&world, &[THEATER, "--auto-approve"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stdout(&refused).contains("SHORT by"),
        "the check is shown: {}",
        stdout(&refused)
    );
    assert!(
        stderr(&refused).contains("--ignore-check"),
        "{}",
        stderr(&refused)
    );
    assert_eq!(write_calls(&world), Vec::<String>::new());
    // Told to go ahead, the quota stops the third ml.g5.2xlarge endpoint, as AWS would.
    let forced = apply(
        &world,
        &[
            THEATER,
            "--auto-approve",
            "--ignore-check",
            "--parallelism",
            "1",
        ],
    );
    assert_eq!(forced.status.code(), Some(4), "{}", stdout(&forced));
    assert!(
        stdout(&forced).contains("ResourceLimitExceeded"),
        "{}",
        stdout(&forced)
    );
}

#[test]
fn every_call_plan_apply_and_destroy_make_is_allowed_by_the_printed_iam_policy() {
    let world = World::start("deploy-iam", &deployable_world());
    let changed = changed_theater(&world);
    let changed = changed.to_str().unwrap();
    for arguments in [
        vec!["apply", THEATER, "--auto-approve"],
        vec!["apply", changed, "--auto-approve"],
        vec!["destroy", changed, "--auto-approve"],
    ] {
        let mut arguments = arguments;
        arguments.extend_from_slice(&["--poll-interval", "0.05", "--max-attempts", "1"]);
        let output = world.gpuplan(&arguments);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{arguments:?}: {}",
            stderr(&output)
        );
    }
    let printed = world.gpuplan(&["iam-policy", changed]);
    let policy: Value = serde_json::from_str(&stdout(&printed)).expect("the policy is JSON");
    let allowed: Vec<String> = policy["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|statement| statement["Action"].as_array().cloned().unwrap_or_default())
        .map(|action| action.as_str().unwrap().to_string())
        .collect();
    let mut called: Vec<String> = world
        .requests()
        .iter()
        .map(|request| {
            let service = match request["service"].as_str().unwrap() {
                "service-quotas" => "servicequotas",
                other => other,
            };
            format!("{service}:{}", request["operation"].as_str().unwrap())
        })
        .collect();
    called.sort();
    called.dedup();
    assert!(called.len() > 20, "{called:?}");
    let missing: Vec<&String> = called
        .iter()
        .filter(|call| !allowed.contains(call))
        .collect();
    assert!(
        missing.is_empty(),
        "calls the policy does not allow: {missing:?}"
    );
}
