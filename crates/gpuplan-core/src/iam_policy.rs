//! The least-privilege IAM policy that `gpuplan plan`, `apply` and `destroy` of one plan
//! need, with the reads of `gpuplan check` they start from: what `gpuplan iam-policy PLAN`
//! prints.
//!
//! The document is built from the plan alone (no AWS call): its region and partition, its
//! name, its execution roles and which features it uses. Every ARN comes from
//! [`Region::arn_prefix`] and [`Region::code`] (`arn:aws-cn:sagemaker:cn-northwest-1:…`); an
//! account that is not given is `*`.
//!
//! How the policy is scoped, and why:
//!
//! - **SageMaker resources by name and tag.** Endpoints are named `{plan}-{endpoint}`, endpoint
//!   configs and models `{plan}-{endpoint}-{spec hash}`. `apply` and `destroy` must also delete
//!   what an earlier version of the plan created, so updates and deletions are scoped to the
//!   prefix `{plan}-*` (lowercased: SageMaker ARNs carry lowercased names) *and* to resources
//!   whose `gpuplan:plan` tag is the plan's name (`aws:ResourceTag`); creations must carry that
//!   tag (`aws:RequestTag`). A resource that only has a matching name is somebody else's.
//! - **What `check` reads is account-wide**, as docs/live-check.md says: it describes every
//!   endpoint in the account to see what other endpoints hold, so `DescribeEndpoint` and
//!   `DescribeEndpointConfig` are granted on `endpoint/*` and `endpoint-config/*` of the
//!   region (Application Auto Scaling also needs `DescribeEndpoint` on the caller's behalf).
//! - **Actions without resource-level permissions** (SageMaker `List*`, EC2 and Service Quotas
//!   reads, Application Auto Scaling, `cloudwatch:DescribeAlarms`) get `Resource: "*"`, held to
//!   the plan's region by the global `aws:RequestedRegion` key. No SageMaker write is ever
//!   granted on `*`.
//! - **Application Auto Scaling** scalable-target ARNs are opaque ids, so its actions use `*`.
//!   Its writes are held to SageMaker variants by `application-autoscaling:service-namespace`
//!   = `sagemaker` and `application-autoscaling:scalable-dimension` =
//!   `sagemaker:variant:DesiredInstanceCount`, the two condition keys the Service
//!   Authorization Reference defines for RegisterScalableTarget, DeregisterScalableTarget,
//!   PutScalingPolicy, DeleteScalingPolicy, PutScheduledAction and DeleteScheduledAction
//!   (<https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsapplicationautoscaling.html>,
//!   China: <https://docs.amazonaws.cn/service-authorization/latest/reference/list_application-autoscaling.html>).
//!   No key names the resource id, so these writes are not limited to the plan's endpoints.
//!   `TagResource` has neither key (only `aws:RequestTag` and `aws:TagKeys`) and is held by
//!   the plan tag instead. The Describe actions have no condition key at all.
//! - **`iam:PassRole`** only on the plan's distinct execution roles, and only to SageMaker.
//! - **No S3, ECR or KMS statement**: SageMaker reads the model data and pulls the image with
//!   the *execution role*, and writes asynchronous results to `output_path` with it too; the
//!   caller never touches them. The execution role needs those permissions, not this policy.
//!
//! The policy covers the plan as it is written now: the Application Auto Scaling statements
//! are there when an endpoint autoscales, the CloudWatch ones when an asynchronous endpoint
//! scales to zero (the only alarm gpuplan creates). The `apply` that removes a plan's last
//! such endpoint deletes what it left with the previous version's policy, not this one.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::deploy::names::{PLAN_TAG, SCALABLE_DIMENSION, SCALING_NAMESPACE, backlog_alarm_name};
use crate::plan::Plan;
use crate::region::Region;

/// The IAM policy language version every document is written in.
pub const POLICY_LANGUAGE_VERSION: &str = "2012-10-17";

/// Every IAM action gpuplan's commands call, one per API operation the adapter makes (the
/// IAM action of an operation has the operation's name). A test of the AWS adapter checks
/// that it calls nothing else; the policy grants nothing outside this list and
/// [`ACTIONS_AUTHORIZED_WITHIN_CALLS`].
pub const ACTIONS_CALLED: &[&str] = &[
    // check (docs/live-check.md, "Permissions")
    "ssm:GetParameters",
    "ec2:DescribeAvailabilityZones",
    "ec2:DescribeInstanceTypeOfferings",
    "ec2:DescribeInstances",
    "servicequotas:ListServiceQuotas",
    "servicequotas:ListRequestedServiceQuotaChangeHistory",
    "sagemaker:ListEndpoints",
    "sagemaker:DescribeEndpoint",
    "sagemaker:DescribeEndpointConfig",
    // plan: what the plan's resources look like now
    "sagemaker:ListEndpointConfigs",
    "sagemaker:ListModels",
    "sagemaker:ListTags",
    "sagemaker:DescribeModel",
    "application-autoscaling:DescribeScalableTargets",
    "application-autoscaling:DescribeScalingPolicies",
    "application-autoscaling:DescribeScheduledActions",
    "cloudwatch:DescribeAlarms",
    // apply and destroy
    "sagemaker:CreateModel",
    "sagemaker:CreateEndpointConfig",
    "sagemaker:CreateEndpoint",
    "sagemaker:AddTags",
    "sagemaker:UpdateEndpoint",
    "sagemaker:DeleteEndpoint",
    "sagemaker:DeleteEndpointConfig",
    "sagemaker:DeleteModel",
    "application-autoscaling:RegisterScalableTarget",
    "application-autoscaling:DeregisterScalableTarget",
    "application-autoscaling:PutScalingPolicy",
    "application-autoscaling:DeleteScalingPolicy",
    "application-autoscaling:PutScheduledAction",
    "application-autoscaling:DeleteScheduledAction",
    "application-autoscaling:TagResource",
    "cloudwatch:PutMetricAlarm",
    "cloudwatch:DeleteAlarms",
    "cloudwatch:TagResource",
    // quota request and catalog refresh: see ACTIONS_OF_OTHER_COMMANDS
    "servicequotas:RequestServiceQuotaIncrease",
    "pricing:GetProducts",
    "ec2:DescribeSpotPriceHistory",
];

/// Actions in [`ACTIONS_CALLED`] that only `gpuplan quota request` and `gpuplan catalog
/// refresh` call. They are not part of planning, applying or destroying, so the policy
/// does not grant them; docs/live-check.md lists them for those commands.
pub const ACTIONS_OF_OTHER_COMMANDS: &[&str] = &[
    "servicequotas:RequestServiceQuotaIncrease",
    "pricing:GetProducts",
    "ec2:DescribeSpotPriceHistory",
];

/// Actions AWS authorizes on the caller inside another call, which the adapter never calls
/// itself: `iam:PassRole` in CreateModel, `iam:CreateServiceLinkedRole` in the first
/// RegisterScalableTarget of the account, and
/// `sagemaker:UpdateEndpointWeightsAndCapacities`, which Application Auto Scaling requires
/// of whoever configures scaling of a SageMaker endpoint (Application Auto Scaling user
/// guide, "Permissions required for API actions on target services and CloudWatch":
/// <https://docs.aws.amazon.com/autoscaling/application/userguide/security_iam_id-based-policy-examples.html>).
pub const ACTIONS_AUTHORIZED_WITHIN_CALLS: &[&str] = &[
    "iam:PassRole",
    "iam:CreateServiceLinkedRole",
    "sagemaker:UpdateEndpointWeightsAndCapacities",
];

/// The service principal SageMaker assumes execution roles as. The China regions use the
/// same `sagemaker.amazonaws.com` (not a `.amazonaws.com.cn` name): the trust policies in the
/// China-region SageMaker guide name it, e.g.
/// <https://docs.amazonaws.cn/en_us/sagemaker/latest/dg/feature-store-feature-processor-iam-permissions.html>,
/// and the SageMaker guide's own PassRole example conditions on it
/// (<https://docs.aws.amazon.com/sagemaker/latest/dg/security_iam_id-based-policy-examples.html>).
const SAGEMAKER_PRINCIPAL: &str = "sagemaker.amazonaws.com";

/// The service principal of Application Auto Scaling's service-linked role for SageMaker,
/// the same in China: "Service principal used by the service-linked role" in
/// <https://docs.amazonaws.cn/en_us/autoscaling/application/userguide/services-that-can-integrate-sagemaker.md>.
const SCALING_SERVICE_PRINCIPAL: &str = "sagemaker.application-autoscaling.amazonaws.com";

/// The service-linked role Application Auto Scaling creates at the first
/// RegisterScalableTarget for SageMaker in an account.
const SCALING_SERVICE_LINKED_ROLE: &str =
    "AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint";

/// An IAM policy document. Serializes to exactly the JSON IAM takes.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct IamPolicy {
    /// Always [`POLICY_LANGUAGE_VERSION`].
    pub version: String,
    pub statement: Vec<PolicyStatement>,
}

/// One statement: what it allows, on what, and when.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PolicyStatement {
    /// Says what the statement is for (`ManagePlanEndpoints`); letters and digits only.
    pub sid: String,
    pub effect: Effect,
    pub action: Vec<String>,
    pub resource: Vec<String>,
    /// Condition operator (`StringEquals`) to condition key to the values it accepts.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub condition: BTreeMap<String, BTreeMap<String, Vec<String>>>,
}

/// A statement's effect. gpuplan's policy only allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Effect {
    Allow,
}

impl IamPolicy {
    /// The statement with this `Sid`.
    pub fn statement(&self, sid: &str) -> Option<&PolicyStatement> {
        self.statement.iter().find(|statement| statement.sid == sid)
    }

    /// Every action some statement allows.
    pub fn actions(&self) -> BTreeSet<&str> {
        self.statement
            .iter()
            .flat_map(|statement| statement.action.iter().map(String::as_str))
            .collect()
    }

    /// Every resource some statement names (`*` included).
    pub fn resources(&self) -> BTreeSet<&str> {
        self.statement
            .iter()
            .flat_map(|statement| statement.resource.iter().map(String::as_str))
            .collect()
    }
}

impl PolicyStatement {
    fn allow(sid: &str, actions: &[&str], resources: Vec<String>) -> PolicyStatement {
        PolicyStatement {
            sid: sid.to_string(),
            effect: Effect::Allow,
            action: actions.iter().map(|action| action.to_string()).collect(),
            resource: resources,
            condition: BTreeMap::new(),
        }
    }

    /// Adds the condition `operator: { key: values }`.
    fn when(mut self, operator: &str, key: &str, values: Vec<String>) -> PolicyStatement {
        self.condition
            .entry(operator.to_string())
            .or_default()
            .insert(key.to_string(), values);
        self
    }

    /// Holds a statement on `*` to the plan's region.
    fn in_region(self, region: Region) -> PolicyStatement {
        self.when(
            "StringEquals",
            "aws:RequestedRegion",
            vec![region.code().to_string()],
        )
    }

    pub fn allows(&self, action: &str) -> bool {
        self.action.iter().any(|allowed| allowed == action)
    }

    /// The values the statement's condition accepts for `key` under `operator`.
    pub fn condition_values(&self, operator: &str, key: &str) -> Option<&[String]> {
        self.condition
            .get(operator)
            .and_then(|keys| keys.get(key))
            .map(Vec::as_slice)
    }
}

/// The policy that planning, applying and destroying `plan` need, in `account` (`*` when
/// not given).
pub fn iam_policy(plan: &Plan, account: Option<&str>) -> IamPolicy {
    let arns = Arns::of(plan, account);
    let region = plan.region;
    let plan_name = vec![plan.name.clone()];
    let autoscales = plan
        .endpoints
        .iter()
        .any(|group| group.autoscaling.is_some());
    let scales_to_zero = plan.endpoints.iter().any(|group| {
        group
            .asynchronous
            .as_ref()
            .is_some_and(|asynchronous| asynchronous.scale_to_zero)
    });
    let compares_spot = plan.alternatives.spot.is_some();

    let mut statements = vec![
        PolicyStatement::allow(
            "ReadServiceAvailabilityForCheck",
            &["ssm:GetParameters"],
            vec![arns.global_infrastructure_parameters()],
        ),
        PolicyStatement::allow(
            "ReadAccountForCheck",
            &account_reads(compares_spot),
            vec!["*".to_string()],
        )
        .in_region(region),
        PolicyStatement::allow(
            "ListSageMakerResources",
            &[
                "sagemaker:ListEndpoints",
                "sagemaker:ListEndpointConfigs",
                "sagemaker:ListModels",
            ],
            vec!["*".to_string()],
        )
        .in_region(region),
        PolicyStatement::allow(
            "DescribeAccountEndpointsForCheck",
            &[
                "sagemaker:DescribeEndpoint",
                "sagemaker:DescribeEndpointConfig",
            ],
            vec![
                arns.sagemaker("endpoint", "*"),
                arns.sagemaker("endpoint-config", "*"),
            ],
        ),
        PolicyStatement::allow(
            "DescribePlanModelsAndTags",
            &["sagemaker:DescribeModel", "sagemaker:ListTags"],
            arns.plan_sagemaker_resources(),
        ),
        // CreateEndpoint is authorized on the endpoint config it names as well as on the
        // new endpoint (Service Authorization Reference, and the SageMaker API permissions
        // reference: https://docs.aws.amazon.com/sagemaker/latest/dg/api-permissions-reference.html),
        // hence all three prefixes. `aws:RequestTag` is a request key: it holds for both.
        PolicyStatement::allow(
            "CreatePlanEndpoints",
            &[
                "sagemaker:CreateModel",
                "sagemaker:CreateEndpointConfig",
                "sagemaker:CreateEndpoint",
            ],
            arns.plan_sagemaker_resources(),
        )
        .when(
            "StringEquals",
            &format!("aws:RequestTag/{PLAN_TAG}"),
            plan_name.clone(),
        ),
        // Tags given to a Create call are authorized as sagemaker:AddTags on the new resource,
        // which has no tags yet: only the request's tags can be checked. (The reference also
        // lists sagemaker:TaggingAction for AddTags, but not which creations set it, so it is
        // not relied on.)
        PolicyStatement::allow(
            "TagPlanEndpointsOnCreation",
            &["sagemaker:AddTags"],
            arns.plan_sagemaker_resources(),
        )
        .when(
            "StringEquals",
            &format!("aws:RequestTag/{PLAN_TAG}"),
            plan_name.clone(),
        ),
        // UpdateEndpoint is authorized on the endpoint and on the endpoint config it switches
        // to, both the plan's and tagged. Retagging an existing resource may not move it to
        // another plan: a plan tag in the request, if any, must be this plan's.
        PolicyStatement::allow(
            "ManagePlanEndpoints",
            &[
                "sagemaker:UpdateEndpoint",
                "sagemaker:DeleteEndpoint",
                "sagemaker:DeleteEndpointConfig",
                "sagemaker:DeleteModel",
                "sagemaker:AddTags",
            ],
            arns.plan_sagemaker_resources(),
        )
        .when(
            "StringEquals",
            &format!("aws:ResourceTag/{PLAN_TAG}"),
            plan_name.clone(),
        )
        .when(
            "StringEqualsIfExists",
            &format!("aws:RequestTag/{PLAN_TAG}"),
            plan_name.clone(),
        ),
        PolicyStatement::allow(
            "PassExecutionRolesToSageMaker",
            &["iam:PassRole"],
            execution_roles(plan),
        )
        .when(
            "StringEquals",
            "iam:PassedToService",
            vec![SAGEMAKER_PRINCIPAL.to_string()],
        ),
    ];

    if autoscales {
        statements.extend(scaling_statements(&arns, region, &plan_name));
    }
    if scales_to_zero {
        statements.extend(backlog_alarm_statements(&arns, region));
    }

    IamPolicy {
        version: POLICY_LANGUAGE_VERSION.to_string(),
        statement: statements,
    }
}

/// The policy as pretty JSON, with a trailing newline.
pub fn render_iam_policy(policy: &IamPolicy) -> String {
    let mut text = serde_json::to_string_pretty(policy).expect("an IAM policy serializes");
    text.push('\n');
    text
}

/// What `check` reads that has no resource-level permissions.
fn account_reads(compares_spot: bool) -> Vec<&'static str> {
    let mut actions = vec![
        "ec2:DescribeAvailabilityZones",
        "ec2:DescribeInstanceTypeOfferings",
        "servicequotas:ListServiceQuotas",
        "servicequotas:ListRequestedServiceQuotaChangeHistory",
    ];
    if compares_spot {
        // The running G and VT instances that compete with the spot alternative's vCPU quota.
        actions.push("ec2:DescribeInstances");
    }
    actions
}

/// The plan's distinct execution roles, in order.
fn execution_roles(plan: &Plan) -> Vec<String> {
    plan.endpoints
        .iter()
        .map(|group| group.model.execution_role.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

fn scaling_statements(arns: &Arns, region: Region, plan_name: &[String]) -> Vec<PolicyStatement> {
    vec![
        PolicyStatement::allow(
            "DescribeAutoScaling",
            &[
                "application-autoscaling:DescribeScalableTargets",
                "application-autoscaling:DescribeScalingPolicies",
                "application-autoscaling:DescribeScheduledActions",
            ],
            vec!["*".to_string()],
        )
        .in_region(region),
        PolicyStatement::allow(
            "ManageSageMakerAutoScaling",
            &[
                "application-autoscaling:RegisterScalableTarget",
                "application-autoscaling:DeregisterScalableTarget",
                "application-autoscaling:PutScalingPolicy",
                "application-autoscaling:DeleteScalingPolicy",
                "application-autoscaling:PutScheduledAction",
                "application-autoscaling:DeleteScheduledAction",
            ],
            vec!["*".to_string()],
        )
        .in_region(region)
        .when(
            "StringEquals",
            "application-autoscaling:service-namespace",
            vec![SCALING_NAMESPACE.to_string()],
        )
        .when(
            "StringEquals",
            "application-autoscaling:scalable-dimension",
            vec![SCALABLE_DIMENSION.to_string()],
        ),
        PolicyStatement::allow(
            "TagPlanScalableTargets",
            &["application-autoscaling:TagResource"],
            vec!["*".to_string()],
        )
        .in_region(region)
        .when(
            "StringEquals",
            &format!("aws:RequestTag/{PLAN_TAG}"),
            plan_name.to_vec(),
        ),
        // Application Auto Scaling changes the variant's instance count itself, but only
        // for a caller who may: its guide lists this action for configuring SageMaker scaling.
        PolicyStatement::allow(
            "ResizePlanEndpointsThroughAutoScaling",
            &["sagemaker:UpdateEndpointWeightsAndCapacities"],
            vec![arns.plan_sagemaker("endpoint")],
        )
        .when(
            "StringEquals",
            &format!("aws:ResourceTag/{PLAN_TAG}"),
            plan_name.to_vec(),
        ),
        // Created once per account at the first RegisterScalableTarget for SageMaker; the
        // China guide gives the same role path and principal
        // (https://docs.amazonaws.cn/en_us/sagemaker/latest/dg/endpoint-auto-scaling-prerequisites.html).
        PolicyStatement::allow(
            "CreateAutoScalingServiceLinkedRole",
            &["iam:CreateServiceLinkedRole"],
            vec![arns.scaling_service_linked_role()],
        )
        .when(
            "StringEquals",
            "iam:AWSServiceName",
            vec![SCALING_SERVICE_PRINCIPAL.to_string()],
        ),
    ]
}

/// The alarms that wake asynchronous endpoints at zero instances. Alarm names keep their
/// case. Tags on PutMetricAlarm need cloudwatch:TagResource as well (CloudWatch API
/// reference, PutMetricAlarm `Tags`). No tag condition: PutMetricAlarm ignores the tags of an
/// alarm that exists, so the request's tags say nothing about whose alarm it is; the name
/// scope is the limit.
fn backlog_alarm_statements(arns: &Arns, region: Region) -> Vec<PolicyStatement> {
    vec![
        PolicyStatement::allow(
            "ManageBacklogAlarms",
            &[
                "cloudwatch:PutMetricAlarm",
                "cloudwatch:DeleteAlarms",
                "cloudwatch:TagResource",
            ],
            vec![arns.backlog_alarms()],
        ),
        PolicyStatement::allow(
            "DescribeAlarms",
            &["cloudwatch:DescribeAlarms"],
            vec!["*".to_string()],
        )
        .in_region(region),
    ]
}

/// The ARNs of the plan's partition, region and account.
struct Arns {
    /// `arn:aws-cn`.
    prefix: String,
    region: &'static str,
    /// The account id, or `*`.
    account: String,
    plan_name: String,
}

impl Arns {
    fn of(plan: &Plan, account: Option<&str>) -> Arns {
        Arns {
            prefix: plan.region.arn_prefix(),
            region: plan.region.code(),
            account: account.unwrap_or("*").to_string(),
            plan_name: plan.name.clone(),
        }
    }

    /// `arn:aws-cn:sagemaker:REGION:ACCOUNT:KIND/NAME`.
    fn sagemaker(&self, kind: &str, name: &str) -> String {
        format!(
            "{}:sagemaker:{}:{}:{kind}/{name}",
            self.prefix, self.region, self.account
        )
    }

    /// The plan's resources of one kind, with SageMaker's lowercased names.
    fn plan_sagemaker(&self, kind: &str) -> String {
        self.sagemaker(kind, &format!("{}-*", self.plan_name.to_lowercase()))
    }

    /// The plan's endpoints, endpoint configs and models.
    fn plan_sagemaker_resources(&self) -> Vec<String> {
        ["endpoint", "endpoint-config", "model"]
            .into_iter()
            .map(|kind| self.plan_sagemaker(kind))
            .collect()
    }

    /// SSM's public parameters on regions and services (they belong to no account).
    fn global_infrastructure_parameters(&self) -> String {
        format!(
            "{}:ssm:{}::parameter/aws/service/global-infrastructure/*",
            self.prefix, self.region
        )
    }

    fn scaling_service_linked_role(&self) -> String {
        format!(
            "{}:iam::{}:role/aws-service-role/{SCALING_SERVICE_PRINCIPAL}/{SCALING_SERVICE_LINKED_ROLE}",
            self.prefix, self.account
        )
    }

    /// `arn:aws-cn:cloudwatch:REGION:ACCOUNT:alarm:{plan}-*-backlog-without-capacity`: the
    /// backlog alarm of every endpoint named as the plan names its own.
    fn backlog_alarms(&self) -> String {
        format!(
            "{}:cloudwatch:{}:{}:alarm:{}",
            self.prefix,
            self.region,
            self.account,
            backlog_alarm_name(&format!("{}-*", self.plan_name))
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statement() -> PolicyStatement {
        PolicyStatement::allow("Example", &["sagemaker:ListModels"], vec!["*".into()])
    }

    #[test]
    fn a_statement_without_conditions_has_no_condition_key() {
        let json = serde_json::to_value(statement()).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "Sid": "Example",
                "Effect": "Allow",
                "Action": ["sagemaker:ListModels"],
                "Resource": ["*"],
            })
        );
    }

    #[test]
    fn conditions_group_keys_under_their_operator() {
        let conditioned = statement().in_region(Region::CnNorth1).when(
            "StringEquals",
            "aws:RequestTag/gpuplan:plan",
            vec!["p".into()],
        );
        let json = serde_json::to_value(&conditioned).unwrap();
        assert_eq!(
            json["Condition"],
            serde_json::json!({
                "StringEquals": {
                    "aws:RequestedRegion": ["cn-north-1"],
                    "aws:RequestTag/gpuplan:plan": ["p"],
                }
            })
        );
        assert_eq!(
            conditioned.condition_values("StringEquals", "aws:RequestedRegion"),
            Some(&["cn-north-1".to_string()][..])
        );
    }

    #[test]
    fn the_action_lists_have_no_duplicates_and_the_subsets_are_called_or_authorized() {
        let called: BTreeSet<&str> = ACTIONS_CALLED.iter().copied().collect();
        assert_eq!(called.len(), ACTIONS_CALLED.len());
        for action in ACTIONS_OF_OTHER_COMMANDS {
            assert!(called.contains(action), "{action}");
        }
        for action in ACTIONS_AUTHORIZED_WITHIN_CALLS {
            assert!(!called.contains(action), "{action}");
        }
    }
}
