//! The IAM policy `gpuplan iam-policy` prints, for the example plans loaded through the real
//! loader: the partition and region of every ARN, the name and tag scoping of SageMaker
//! writes, the execution roles passed, the statements each feature adds, and the actions
//! against the list of what gpuplan calls.

use std::collections::BTreeSet;

use gpuplan_core::catalog::Catalog;
use gpuplan_core::iam_policy::{
    ACTIONS_AUTHORIZED_WITHIN_CALLS, ACTIONS_CALLED, ACTIONS_OF_OTHER_COMMANDS, IamPolicy,
    POLICY_LANGUAGE_VERSION, iam_policy, render_iam_policy,
};
use gpuplan_core::plan::{self, Plan};

/// cn-northwest-1; an asynchronous endpoint that scales to zero; no spot alternative.
const THEATER: &str = "plans/theater-g5.toml";
/// cn-north-1; a spot alternative; no asynchronous endpoint.
const LLM_SERVING: &str = "plans/llm-serving.toml";

const ACCOUNT: &str = "123456789012";

fn load(path: &str) -> Plan {
    let text = std::fs::read_to_string(format!("{}/../../{path}", env!("CARGO_MANIFEST_DIR")))
        .expect("the example plan");
    plan::load(path, &text, Catalog::embedded(), &|_| {
        Err("no files".to_string())
    })
    .expect("the example plan is valid")
    .plan
}

fn arns(policy: &IamPolicy) -> Vec<&str> {
    policy
        .resources()
        .into_iter()
        .filter(|resource| *resource != "*")
        .collect()
}

fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|value| value.to_string()).collect()
}

fn is_sagemaker_read(action: &str) -> bool {
    let operation = action.strip_prefix("sagemaker:").unwrap_or(action);
    operation.starts_with("List") || operation.starts_with("Describe")
}

#[test]
fn every_arn_is_in_the_china_partition_and_the_plans_region() {
    for (path, region) in [(THEATER, "cn-northwest-1"), (LLM_SERVING, "cn-north-1")] {
        let plan = load(path);
        for account in [None, Some(ACCOUNT)] {
            let policy = iam_policy(&plan, account);
            let arns = arns(&policy);
            assert!(!arns.is_empty());
            for arn in arns {
                assert!(arn.starts_with("arn:aws-cn:"), "{arn}");
                let parts: Vec<&str> = arn.splitn(6, ':').collect();
                let expected_region = if parts[2] == "iam" { "" } else { region };
                assert_eq!(parts[3], expected_region, "{arn}");
            }
            let rendered = render_iam_policy(&policy);
            assert!(!rendered.contains("arn:aws:"), "{rendered}");
        }
    }
}

#[test]
fn a_missing_account_is_a_wildcard_and_a_given_one_is_in_every_arn() {
    let plan = load(THEATER);
    let execution_roles: BTreeSet<&str> = plan
        .endpoints
        .iter()
        .map(|group| group.model.execution_role.as_str())
        .collect();
    for (account, expected) in [(None, "*"), (Some(ACCOUNT), ACCOUNT)] {
        let policy = iam_policy(&plan, account);
        // The execution roles are the plan's own ARNs, written with their account.
        for arn in arns(&policy)
            .into_iter()
            .filter(|arn| !execution_roles.contains(arn))
        {
            let parts: Vec<&str> = arn.splitn(6, ':').collect();
            // SSM's public parameters belong to no account.
            let expected = if parts[2] == "ssm" { "" } else { expected };
            assert_eq!(parts[4], expected, "{arn}");
        }
    }
    let policy = iam_policy(&plan, Some(ACCOUNT));
    assert_eq!(
        policy
            .statement("CreateAutoScalingServiceLinkedRole")
            .unwrap()
            .resource,
        strings(&[
            "arn:aws-cn:iam::123456789012:role/aws-service-role/sagemaker.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint"
        ])
    );
}

#[test]
fn sagemaker_writes_are_held_to_the_plans_prefix_and_tag() {
    let policy = iam_policy(&load(THEATER), None);
    let prefixes = strings(&[
        "arn:aws-cn:sagemaker:cn-northwest-1:*:endpoint/theater-g5-*",
        "arn:aws-cn:sagemaker:cn-northwest-1:*:endpoint-config/theater-g5-*",
        "arn:aws-cn:sagemaker:cn-northwest-1:*:model/theater-g5-*",
    ]);
    let plan_name = strings(&["theater-g5"]);

    let manage = policy.statement("ManagePlanEndpoints").unwrap();
    assert_eq!(manage.resource, prefixes);
    for action in [
        "sagemaker:UpdateEndpoint",
        "sagemaker:DeleteEndpoint",
        "sagemaker:DeleteEndpointConfig",
        "sagemaker:DeleteModel",
        "sagemaker:AddTags",
    ] {
        assert!(manage.allows(action), "{action}");
    }
    assert_eq!(
        manage.condition_values("StringEquals", "aws:ResourceTag/gpuplan:plan"),
        Some(&plan_name[..])
    );

    for sid in ["CreatePlanEndpoints", "TagPlanEndpointsOnCreation"] {
        let create = policy.statement(sid).unwrap();
        assert_eq!(create.resource, prefixes, "{sid}");
        assert_eq!(
            create.condition_values("StringEquals", "aws:RequestTag/gpuplan:plan"),
            Some(&plan_name[..]),
            "{sid}"
        );
    }
    let create = policy.statement("CreatePlanEndpoints").unwrap();
    for action in [
        "sagemaker:CreateModel",
        "sagemaker:CreateEndpointConfig",
        "sagemaker:CreateEndpoint",
    ] {
        assert!(create.allows(action), "{action}");
    }

    // Every SageMaker write, wherever it is granted, is on the plan's prefixes and under a
    // plan-tag condition.
    for statement in &policy.statement {
        let writes: Vec<&String> = statement
            .action
            .iter()
            .filter(|action| action.starts_with("sagemaker:") && !is_sagemaker_read(action))
            .collect();
        if writes.is_empty() {
            continue;
        }
        for resource in &statement.resource {
            assert!(
                resource.starts_with("arn:aws-cn:sagemaker:cn-northwest-1:*:")
                    && resource.ends_with("/theater-g5-*"),
                "{} grants {writes:?} on {resource}",
                statement.sid
            );
        }
        let tagged = statement
            .condition_values("StringEquals", "aws:ResourceTag/gpuplan:plan")
            .or_else(|| statement.condition_values("StringEquals", "aws:RequestTag/gpuplan:plan"));
        assert_eq!(tagged, Some(&plan_name[..]), "{}", statement.sid);
    }
}

#[test]
fn sagemaker_names_in_arns_are_lowercased_and_the_tag_keeps_the_plans_name() {
    let mut plan = load(THEATER);
    plan.name = "Theater-G5".to_string();
    let policy = iam_policy(&plan, None);
    let manage = policy.statement("ManagePlanEndpoints").unwrap();
    assert_eq!(
        manage.resource[0],
        "arn:aws-cn:sagemaker:cn-northwest-1:*:endpoint/theater-g5-*"
    );
    assert_eq!(
        manage.condition_values("StringEquals", "aws:ResourceTag/gpuplan:plan"),
        Some(&strings(&["Theater-G5"])[..])
    );
}

#[test]
fn check_describes_every_endpoint_of_the_region() {
    let policy = iam_policy(&load(LLM_SERVING), None);
    let describe = policy
        .statement("DescribeAccountEndpointsForCheck")
        .unwrap();
    assert_eq!(
        describe.action,
        strings(&[
            "sagemaker:DescribeEndpoint",
            "sagemaker:DescribeEndpointConfig"
        ])
    );
    assert_eq!(
        describe.resource,
        strings(&[
            "arn:aws-cn:sagemaker:cn-north-1:*:endpoint/*",
            "arn:aws-cn:sagemaker:cn-north-1:*:endpoint-config/*",
        ])
    );
    let parameters = policy.statement("ReadServiceAvailabilityForCheck").unwrap();
    assert_eq!(parameters.action, strings(&["ssm:GetParameters"]));
    assert_eq!(
        parameters.resource,
        strings(&["arn:aws-cn:ssm:cn-north-1::parameter/aws/service/global-infrastructure/*"])
    );
}

#[test]
fn pass_role_names_exactly_the_plans_distinct_execution_roles() {
    let plan = load(THEATER);
    let policy = iam_policy(&plan, None);
    let pass_role = policy.statement("PassExecutionRolesToSageMaker").unwrap();
    assert_eq!(pass_role.action, strings(&["iam:PassRole"]));
    assert_eq!(
        pass_role.resource,
        strings(&["arn:aws-cn:iam::123456789012:role/theater-sagemaker"])
    );
    assert_eq!(
        pass_role.condition_values("StringEquals", "iam:PassedToService"),
        Some(&strings(&["sagemaker.amazonaws.com"])[..])
    );

    let mut two_roles = plan.clone();
    two_roles.endpoints[2].model.execution_role =
        "arn:aws-cn:iam::123456789012:role/face-restore".to_string();
    let policy = iam_policy(&two_roles, None);
    assert_eq!(
        policy
            .statement("PassExecutionRolesToSageMaker")
            .unwrap()
            .resource,
        strings(&[
            "arn:aws-cn:iam::123456789012:role/face-restore",
            "arn:aws-cn:iam::123456789012:role/theater-sagemaker",
        ])
    );
    let passes_role = policy
        .statement
        .iter()
        .filter(|statement| statement.allows("iam:PassRole"))
        .count();
    assert_eq!(passes_role, 1);
}

#[test]
fn backlog_alarms_are_only_granted_to_a_plan_that_scales_to_zero() {
    let theater = iam_policy(&load(THEATER), None);
    let alarms = theater.statement("ManageBacklogAlarms").unwrap();
    assert_eq!(
        alarms.action,
        strings(&[
            "cloudwatch:PutMetricAlarm",
            "cloudwatch:DeleteAlarms",
            "cloudwatch:TagResource",
        ])
    );
    assert_eq!(
        alarms.resource,
        strings(&[
            "arn:aws-cn:cloudwatch:cn-northwest-1:*:alarm:theater-g5-*-backlog-without-capacity"
        ])
    );
    assert!(theater.actions().contains("cloudwatch:DescribeAlarms"));

    let llm_serving = iam_policy(&load(LLM_SERVING), None);
    for statement in &llm_serving.statement {
        assert!(
            statement
                .action
                .iter()
                .all(|action| !action.starts_with("cloudwatch:")),
            "{}",
            statement.sid
        );
        assert!(
            statement
                .resource
                .iter()
                .all(|resource| !resource.contains(":cloudwatch:")),
            "{}",
            statement.sid
        );
    }
}

#[test]
fn instances_are_only_read_for_the_spot_alternative() {
    let llm_serving = iam_policy(&load(LLM_SERVING), None);
    assert!(
        llm_serving
            .statement("ReadAccountForCheck")
            .unwrap()
            .allows("ec2:DescribeInstances")
    );
    let theater = iam_policy(&load(THEATER), None);
    assert!(!theater.actions().contains("ec2:DescribeInstances"));
}

#[test]
fn auto_scaling_writes_are_held_to_sagemaker_variants() {
    let policy = iam_policy(&load(THEATER), None);
    let scaling = policy.statement("ManageSageMakerAutoScaling").unwrap();
    assert_eq!(scaling.resource, strings(&["*"]));
    assert_eq!(
        scaling.condition_values("StringEquals", "application-autoscaling:service-namespace"),
        Some(&strings(&["sagemaker"])[..])
    );
    assert_eq!(
        scaling.condition_values("StringEquals", "application-autoscaling:scalable-dimension"),
        Some(&strings(&["sagemaker:variant:DesiredInstanceCount"])[..])
    );
    let linked_role = policy
        .statement("CreateAutoScalingServiceLinkedRole")
        .unwrap();
    assert_eq!(
        linked_role.condition_values("StringEquals", "iam:AWSServiceName"),
        Some(&strings(&["sagemaker.application-autoscaling.amazonaws.com"])[..])
    );
    let tagging = policy.statement("TagPlanScalableTargets").unwrap();
    assert_eq!(
        tagging.condition_values("StringEquals", "aws:RequestTag/gpuplan:plan"),
        Some(&strings(&["theater-g5"])[..])
    );

    let mut fixed_capacity = load(LLM_SERVING);
    for group in &mut fixed_capacity.endpoints {
        group.autoscaling = None;
        group.schedules.clear();
    }
    let policy = iam_policy(&fixed_capacity, None);
    for statement in &policy.statement {
        for action in &statement.action {
            assert!(
                !action.starts_with("application-autoscaling:")
                    && action != "iam:CreateServiceLinkedRole"
                    && action != "sagemaker:UpdateEndpointWeightsAndCapacities",
                "{} still allows {action}",
                statement.sid
            );
        }
    }
}

#[test]
fn statements_on_every_resource_are_reads_or_scaling_and_held_to_the_region() {
    for (path, region) in [(THEATER, "cn-northwest-1"), (LLM_SERVING, "cn-north-1")] {
        let policy = iam_policy(&load(path), None);
        for statement in &policy.statement {
            for action in &statement.action {
                assert!(!action.contains('*'), "{}: {action}", statement.sid);
            }
            if !statement.resource.iter().any(|resource| resource == "*") {
                continue;
            }
            assert_eq!(statement.resource, strings(&["*"]), "{}", statement.sid);
            for action in &statement.action {
                assert!(
                    !action.starts_with("sagemaker:") || is_sagemaker_read(action),
                    "{} grants {action} on *",
                    statement.sid
                );
                assert!(!action.starts_with("iam:"), "{}: {action}", statement.sid);
            }
            assert_eq!(
                statement.condition_values("StringEquals", "aws:RequestedRegion"),
                Some(&strings(&[region])[..]),
                "{}",
                statement.sid
            );
        }
    }
}

#[test]
fn the_policy_grants_exactly_what_gpuplan_calls_and_what_aws_checks_within_the_calls() {
    let called: BTreeSet<&str> = ACTIONS_CALLED.iter().copied().collect();
    let within: BTreeSet<&str> = ACTIONS_AUTHORIZED_WITHIN_CALLS.iter().copied().collect();
    let other_commands: BTreeSet<&str> = ACTIONS_OF_OTHER_COMMANDS.iter().copied().collect();

    let mut granted = BTreeSet::new();
    for path in [THEATER, LLM_SERVING] {
        let policy = iam_policy(&load(path), None);
        for action in policy.actions() {
            assert!(
                (called.contains(action) || within.contains(action))
                    && !other_commands.contains(action),
                "{path}: {action} is neither called by gpuplan nor checked within a call"
            );
            granted.insert(action.to_string());
        }
    }
    // Between them, the two plans use every feature: every action is granted by one of them.
    for action in called.difference(&other_commands).chain(within.iter()) {
        assert!(granted.contains(*action), "{action} is never granted");
    }
}

#[test]
fn the_document_is_the_json_iam_takes() {
    let policy = iam_policy(&load(THEATER), Some(ACCOUNT));
    let rendered = render_iam_policy(&policy);
    assert!(rendered.ends_with("}\n"));
    let json: serde_json::Value = serde_json::from_str(&rendered).unwrap();
    let document = json.as_object().unwrap();
    // The key order of the parsed map depends on serde_json's features; IAM's does not.
    let mut keys: Vec<&String> = document.keys().collect();
    keys.sort();
    assert_eq!(keys, vec!["Statement", "Version"]);
    assert!(
        rendered.find("\"Version\"") < rendered.find("\"Statement\""),
        "Version comes first, as IAM writes it: {rendered}"
    );
    assert_eq!(json["Version"], POLICY_LANGUAGE_VERSION);
    assert_eq!(POLICY_LANGUAGE_VERSION, "2012-10-17");

    let mut sids = BTreeSet::new();
    for statement in json["Statement"].as_array().unwrap() {
        let statement = statement.as_object().unwrap();
        let sid = statement["Sid"].as_str().unwrap();
        assert!(
            !sid.is_empty()
                && sid
                    .chars()
                    .all(|character| character.is_ascii_alphanumeric()),
            "{sid}"
        );
        assert!(sids.insert(sid.to_string()), "Sid {sid} twice");
        assert_eq!(statement["Effect"], "Allow");
        assert!(!statement["Action"].as_array().unwrap().is_empty(), "{sid}");
        assert!(
            !statement["Resource"].as_array().unwrap().is_empty(),
            "{sid}"
        );
        let mut keys: Vec<&str> = statement.keys().map(String::as_str).collect();
        keys.sort_unstable();
        match statement.get("Condition") {
            Some(condition) => {
                let operators = condition.as_object().unwrap();
                assert!(!operators.is_empty(), "{sid}");
                for values in operators
                    .values()
                    .flat_map(|keys| keys.as_object().unwrap().values())
                {
                    assert!(!values.as_array().unwrap().is_empty(), "{sid}");
                }
                assert_eq!(keys, ["Action", "Condition", "Effect", "Resource", "Sid"]);
            }
            None => assert_eq!(keys, ["Action", "Effect", "Resource", "Sid"]),
        }
    }
    assert!(sids.contains("ReadAccountForCheck"));
    assert!(sids.contains("ListSageMakerResources"));
    assert!(sids.contains("ManagePlanEndpoints"));
}

#[test]
fn the_document_fits_a_managed_policy() {
    // IAM counts a managed policy's size without white space: at most 6,144 characters.
    let policy = iam_policy(&load(THEATER), Some(ACCOUNT));
    let size = render_iam_policy(&policy)
        .chars()
        .filter(|character| !character.is_whitespace())
        .count();
    assert!(size < 6144, "{size} characters");
}
