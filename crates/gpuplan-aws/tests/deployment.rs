//! Deployment adapter tests: the changeset comes from the real core (a plan loaded with the
//! embedded catalog, `DesiredDeployment::of`, an `ObservedDeployment` written out as the
//! account would hold it, `diff`), is applied against aws-smithy-mocks clients, and the
//! ordering rules of SageMaker and Application Auto Scaling are pinned by the exact requests
//! the SDK sends. An interceptor on every client records each request, in order, with its
//! typed input, so the tests assert on order and on request fields alike; a request no
//! rule answers gets the mock client's HTTP 418 and fails the step.

use std::any::Any;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use aws_sdk_applicationautoscaling::operation::delete_scaling_policy::{
    DeleteScalingPolicyInput, DeleteScalingPolicyOutput,
};
use aws_sdk_applicationautoscaling::operation::delete_scheduled_action::{
    DeleteScheduledActionInput, DeleteScheduledActionOutput,
};
use aws_sdk_applicationautoscaling::operation::deregister_scalable_target::{
    DeregisterScalableTargetInput, DeregisterScalableTargetOutput,
};
use aws_sdk_applicationautoscaling::operation::describe_scalable_targets::{
    DescribeScalableTargetsInput, DescribeScalableTargetsOutput,
};
use aws_sdk_applicationautoscaling::operation::describe_scaling_policies::{
    DescribeScalingPoliciesInput, DescribeScalingPoliciesOutput,
};
use aws_sdk_applicationautoscaling::operation::describe_scheduled_actions::{
    DescribeScheduledActionsInput, DescribeScheduledActionsOutput,
};
use aws_sdk_applicationautoscaling::operation::put_scaling_policy::{
    PutScalingPolicyInput, PutScalingPolicyOutput,
};
use aws_sdk_applicationautoscaling::operation::put_scheduled_action::{
    PutScheduledActionInput, PutScheduledActionOutput,
};
use aws_sdk_applicationautoscaling::operation::register_scalable_target::{
    RegisterScalableTargetInput, RegisterScalableTargetOutput,
};
use aws_sdk_applicationautoscaling::types::{
    MetricType, PolicyType, PredefinedMetricSpecification, ScalableDimension, ScalableTarget,
    ScalingPolicy, ScheduledAction, ServiceNamespace, TargetTrackingScalingPolicyConfiguration,
};
use aws_sdk_cloudwatch::operation::delete_alarms::{
    DeleteAlarmsError, DeleteAlarmsInput, DeleteAlarmsOutput,
};
use aws_sdk_cloudwatch::operation::describe_alarms::{DescribeAlarmsInput, DescribeAlarmsOutput};
use aws_sdk_cloudwatch::operation::put_metric_alarm::{PutMetricAlarmInput, PutMetricAlarmOutput};
use aws_sdk_cloudwatch::types::{Dimension, MetricAlarm};
use aws_sdk_sagemaker::operation::create_endpoint::{CreateEndpointInput, CreateEndpointOutput};
use aws_sdk_sagemaker::operation::create_endpoint_config::{
    CreateEndpointConfigInput, CreateEndpointConfigOutput,
};
use aws_sdk_sagemaker::operation::create_model::{CreateModelInput, CreateModelOutput};
use aws_sdk_sagemaker::operation::delete_endpoint::{DeleteEndpointInput, DeleteEndpointOutput};
use aws_sdk_sagemaker::operation::delete_endpoint_config::{
    DeleteEndpointConfigInput, DeleteEndpointConfigOutput,
};
use aws_sdk_sagemaker::operation::delete_model::{DeleteModelInput, DeleteModelOutput};
use aws_sdk_sagemaker::operation::describe_endpoint::{
    DescribeEndpointInput, DescribeEndpointOutput,
};
use aws_sdk_sagemaker::operation::describe_endpoint_config::{
    DescribeEndpointConfigInput, DescribeEndpointConfigOutput,
};
use aws_sdk_sagemaker::operation::describe_model::{DescribeModelInput, DescribeModelOutput};
use aws_sdk_sagemaker::operation::list_endpoint_configs::{
    ListEndpointConfigsInput, ListEndpointConfigsOutput,
};
use aws_sdk_sagemaker::operation::list_endpoints::{ListEndpointsInput, ListEndpointsOutput};
use aws_sdk_sagemaker::operation::list_models::{ListModelsInput, ListModelsOutput};
use aws_sdk_sagemaker::operation::list_tags::{ListTagsInput, ListTagsOutput};
use aws_sdk_sagemaker::operation::update_endpoint::{UpdateEndpointInput, UpdateEndpointOutput};
use aws_sdk_sagemaker::types::{
    ContainerDefinition, EndpointConfigSummary, EndpointStatus as SageMakerStatus, EndpointSummary,
    ModelSummary, ProductionVariant, ProductionVariantInstanceType, ProductionVariantSummary, Tag,
};
use aws_smithy_mocks::{Rule, RuleMode, mock, mock_client};
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::{
    BeforeSerializationInterceptorContextRef, Input,
};
use aws_smithy_runtime_api::client::orchestrator::{HttpResponse, Metadata};
use aws_smithy_runtime_api::http::StatusCode;
use aws_smithy_types::DateTime;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::config_bag::ConfigBag;
use aws_smithy_types::error::ErrorMetadata;
use aws_smithy_types::retry::RetryConfig;
use gpuplan_aws::call_log::CallLog;
use gpuplan_aws::deployment::{ApplyOptions, ApplyProgress, StopSignal, apply_changeset};
use gpuplan_aws::{Connection, ConnectionSettings, RetryMode};
use gpuplan_core::catalog::Catalog;
use gpuplan_core::deploy::{
    self, ApplyOutcome, Changeset, DeploymentQuery, DesiredDeployment, EndpointOutcome,
    EndpointStatus, ForeignResource, ObservedAlarm, ObservedDeployment, ObservedEndpoint,
    ObservedEndpointConfig, ObservedModel, ObservedScalableTarget, ObservedScalingPolicy,
    ObservedScheduledAction, ObservedVariant, Step, names,
};
use gpuplan_core::plan;
use gpuplan_core::region::Region;

const REGION: Region = Region::CnNorthwest1;
const ACCOUNT_ARN: &str = "arn:aws-cn:sagemaker:cn-northwest-1:123456789012";

// ---------------------------------------------------------------------------------------
// Recording every request
// ---------------------------------------------------------------------------------------

/// One request as the SDK sent it: the operation, the name it acts on, the typed input.
#[derive(Clone)]
struct Sent {
    operation: String,
    name: String,
    input: Arc<dyn Any + Send + Sync>,
}

impl fmt::Debug for Sent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.operation, self.name)
    }
}

/// An interceptor put on every client: records each request before it is serialized.
#[derive(Clone, Debug, Default)]
struct Recorder(Arc<Mutex<Vec<Sent>>>);

macro_rules! identify {
    ($input:expr, $( $ty:ty => $operation:literal, |$typed:ident| $name:expr );+ $(;)?) => {
        $(
            if let Some($typed) = $input.downcast_ref::<$ty>() {
                return Some(Sent {
                    operation: $operation.to_string(),
                    name: $name,
                    input: Arc::new($typed.clone()),
                });
            }
        )+
    };
}

fn text(value: Option<&str>) -> String {
    value.unwrap_or_default().to_string()
}

fn identify(input: &Input) -> Option<Sent> {
    identify!(input,
        CreateModelInput => "CreateModel", |i| text(i.model_name());
        CreateEndpointConfigInput => "CreateEndpointConfig", |i| text(i.endpoint_config_name());
        CreateEndpointInput => "CreateEndpoint", |i| text(i.endpoint_name());
        UpdateEndpointInput => "UpdateEndpoint", |i| text(i.endpoint_name());
        DescribeEndpointInput => "DescribeEndpoint", |i| text(i.endpoint_name());
        DeleteEndpointInput => "DeleteEndpoint", |i| text(i.endpoint_name());
        DeleteEndpointConfigInput => "DeleteEndpointConfig", |i| text(i.endpoint_config_name());
        DeleteModelInput => "DeleteModel", |i| text(i.model_name());
        DescribeEndpointConfigInput => "DescribeEndpointConfig", |i| text(i.endpoint_config_name());
        DescribeModelInput => "DescribeModel", |i| text(i.model_name());
        ListEndpointsInput => "ListEndpoints", |i| text(i.name_contains());
        ListEndpointConfigsInput => "ListEndpointConfigs", |i| text(i.name_contains());
        ListModelsInput => "ListModels", |i| text(i.name_contains());
        ListTagsInput => "ListTags", |i| text(i.resource_arn());
        RegisterScalableTargetInput => "RegisterScalableTarget", |i| text(i.resource_id());
        DeregisterScalableTargetInput => "DeregisterScalableTarget", |i| text(i.resource_id());
        PutScalingPolicyInput => "PutScalingPolicy", |i| text(i.policy_name());
        DeleteScalingPolicyInput => "DeleteScalingPolicy", |i| text(i.policy_name());
        PutScheduledActionInput => "PutScheduledAction", |i| text(i.scheduled_action_name());
        DeleteScheduledActionInput => "DeleteScheduledAction", |i| text(i.scheduled_action_name());
        DescribeScalableTargetsInput => "DescribeScalableTargets", |i| text(i.resource_ids().first().map(String::as_str));
        DescribeScalingPoliciesInput => "DescribeScalingPolicies", |i| text(i.policy_names().first().map(String::as_str));
        DescribeScheduledActionsInput => "DescribeScheduledActions", |i| text(i.resource_id());
        PutMetricAlarmInput => "PutMetricAlarm", |i| text(i.alarm_name());
        DeleteAlarmsInput => "DeleteAlarms", |i| i.alarm_names().join(",");
        DescribeAlarmsInput => "DescribeAlarms", |i| text(i.alarm_name_prefix());
    );
    None
}

impl Intercept for Recorder {
    fn name(&self) -> &'static str {
        "Recorder"
    }

    fn read_before_execution(
        &self,
        context: &BeforeSerializationInterceptorContextRef<'_>,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let sent = identify(context.input()).unwrap_or_else(|| Sent {
            operation: cfg
                .load::<Metadata>()
                .map(|metadata| metadata.name().to_string())
                .unwrap_or_else(|| "(unknown operation)".to_string()),
            name: String::new(),
            input: Arc::new(()),
        });
        self.0.lock().unwrap().push(sent);
        Ok(())
    }
}

impl Recorder {
    fn sent(&self) -> Vec<Sent> {
        self.0.lock().unwrap().clone()
    }

    /// `Operation name`, one a request, in order.
    fn lines(&self) -> Vec<String> {
        self.sent()
            .iter()
            .map(|sent| format!("{} {}", sent.operation, sent.name))
            .collect()
    }

    /// Positions of every request of `operation`.
    fn positions(&self, operation: &str) -> Vec<usize> {
        self.sent()
            .iter()
            .enumerate()
            .filter(|(_, sent)| sent.operation == operation)
            .map(|(index, _)| index)
            .collect()
    }

    /// The position of the one request of `operation` on `name`.
    fn position(&self, operation: &str, name: &str) -> usize {
        let found: Vec<usize> = self
            .sent()
            .iter()
            .enumerate()
            .filter(|(_, sent)| sent.operation == operation && sent.name == name)
            .map(|(index, _)| index)
            .collect();
        assert_eq!(
            found.len(),
            1,
            "expected exactly one {operation} {name}; requests sent:\n{:#?}",
            self.lines()
        );
        found[0]
    }

    fn count(&self, operation: &str) -> usize {
        self.positions(operation).len()
    }

    /// The typed inputs of every request of type `T`, in order.
    fn inputs<T: Clone + 'static>(&self) -> Vec<T> {
        self.sent()
            .iter()
            .filter_map(|sent| sent.input.downcast_ref::<T>().cloned())
            .collect()
    }
}

// ---------------------------------------------------------------------------------------
// Clients and connection
// ---------------------------------------------------------------------------------------

/// Rules for the three clients a deployment uses; the others answer nothing.
#[derive(Default)]
struct Rules {
    sagemaker: Vec<Rule>,
    autoscaling: Vec<Rule>,
    cloudwatch: Vec<Rule>,
}

impl Rules {
    fn connection(&self, recorder: &Recorder) -> Connection {
        let none = Vec::<Rule>::new();
        let retry = || RetryConfig::standard().with_max_attempts(1);
        Connection {
            settings: ConnectionSettings {
                profile: None,
                region: REGION,
                endpoint_url: None,
                retry_mode: RetryMode::Standard,
                max_attempts: 1,
            },
            ec2: mock_client!(aws_sdk_ec2, RuleMode::MatchAny, &none, |config| config
                .retry_config(retry())
                .interceptor(recorder.clone())),
            sagemaker: mock_client!(
                aws_sdk_sagemaker,
                RuleMode::MatchAny,
                &self.sagemaker,
                |config| config.retry_config(retry()).interceptor(recorder.clone())
            ),
            service_quotas: mock_client!(
                aws_sdk_servicequotas,
                RuleMode::MatchAny,
                &none,
                |config| config.retry_config(retry()).interceptor(recorder.clone())
            ),
            ssm: mock_client!(aws_sdk_ssm, RuleMode::MatchAny, &none, |config| config
                .retry_config(retry())
                .interceptor(recorder.clone())),
            pricing: mock_client!(aws_sdk_pricing, RuleMode::MatchAny, &none, |config| config
                .retry_config(retry())
                .interceptor(recorder.clone())),
            autoscaling: mock_client!(
                aws_sdk_applicationautoscaling,
                RuleMode::MatchAny,
                &self.autoscaling,
                |config| config.retry_config(retry()).interceptor(recorder.clone())
            ),
            cloudwatch: mock_client!(
                aws_sdk_cloudwatch,
                RuleMode::MatchAny,
                &self.cloudwatch,
                |config| config.retry_config(retry()).interceptor(recorder.clone())
            ),
            calls: CallLog::default(),
        }
    }
}

/// The ARN Application Auto Scaling gives a policy.
fn policy_arn_for(serial: usize, resource_id: &str, policy_name: &str) -> String {
    format!(
        "arn:aws-cn:autoscaling:cn-northwest-1:123456789012:scalingPolicy:7f3c{serial:04}-5b1e-4c1a-9d2e-0a1b2c3d4e5f:resource/sagemaker/{resource_id}:policyName/{policy_name}"
    )
}

/// Every write a deployment makes, answered with success. PutScalingPolicy answers a fresh
/// ARN per call and notes it in `policy_arns` (policy name → ARN returned). Rules put
/// before these (a failing CreateEndpoint, a "not found") take precedence.
fn successful_writes(rules: &mut Rules, policy_arns: &Arc<Mutex<BTreeMap<String, String>>>) {
    rules.sagemaker.extend([
        mock!(aws_sdk_sagemaker::Client::create_model).then_compute_output(|input| {
            CreateModelOutput::builder()
                .model_arn(format!("{ACCOUNT_ARN}:model/{}", text(input.model_name())))
                .build()
        }),
        mock!(aws_sdk_sagemaker::Client::create_endpoint_config).then_compute_output(|input| {
            CreateEndpointConfigOutput::builder()
                .endpoint_config_arn(format!(
                    "{ACCOUNT_ARN}:endpoint-config/{}",
                    text(input.endpoint_config_name())
                ))
                .build()
        }),
        mock!(aws_sdk_sagemaker::Client::create_endpoint).then_compute_output(|input| {
            CreateEndpointOutput::builder()
                .endpoint_arn(format!(
                    "{ACCOUNT_ARN}:endpoint/{}",
                    text(input.endpoint_name())
                ))
                .build()
        }),
        mock!(aws_sdk_sagemaker::Client::update_endpoint).then_compute_output(|input| {
            UpdateEndpointOutput::builder()
                .endpoint_arn(format!(
                    "{ACCOUNT_ARN}:endpoint/{}",
                    text(input.endpoint_name())
                ))
                .build()
        }),
        mock!(aws_sdk_sagemaker::Client::delete_endpoint)
            .then_output(|| DeleteEndpointOutput::builder().build()),
        mock!(aws_sdk_sagemaker::Client::delete_endpoint_config)
            .then_output(|| DeleteEndpointConfigOutput::builder().build()),
        mock!(aws_sdk_sagemaker::Client::delete_model)
            .then_output(|| DeleteModelOutput::builder().build()),
    ]);
    let serial = Arc::new(AtomicUsize::new(1));
    let arns = policy_arns.clone();
    rules.autoscaling.extend([
        mock!(aws_sdk_applicationautoscaling::Client::register_scalable_target)
            .then_output(|| RegisterScalableTargetOutput::builder().build()),
        mock!(aws_sdk_applicationautoscaling::Client::deregister_scalable_target)
            .then_output(|| DeregisterScalableTargetOutput::builder().build()),
        mock!(aws_sdk_applicationautoscaling::Client::put_scaling_policy).then_compute_output(
            move |input| {
                let name = text(input.policy_name());
                let arn = policy_arn_for(
                    serial.fetch_add(1, Ordering::SeqCst),
                    input.resource_id().unwrap_or_default(),
                    &name,
                );
                arns.lock().unwrap().insert(name, arn.clone());
                PutScalingPolicyOutput::builder()
                    .policy_arn(arn)
                    .build()
                    .expect("the ARN is set")
            },
        ),
        mock!(aws_sdk_applicationautoscaling::Client::delete_scaling_policy)
            .then_output(|| DeleteScalingPolicyOutput::builder().build()),
        mock!(aws_sdk_applicationautoscaling::Client::put_scheduled_action)
            .then_output(|| PutScheduledActionOutput::builder().build()),
        mock!(aws_sdk_applicationautoscaling::Client::delete_scheduled_action)
            .then_output(|| DeleteScheduledActionOutput::builder().build()),
    ]);
    rules.cloudwatch.extend([
        mock!(aws_sdk_cloudwatch::Client::put_metric_alarm)
            .then_output(|| PutMetricAlarmOutput::builder().build()),
        mock!(aws_sdk_cloudwatch::Client::delete_alarms)
            .then_output(|| DeleteAlarmsOutput::builder().build()),
    ]);
}

/// An error as AWS's JSON protocols (SageMaker, Application Auto Scaling) send it.
fn aws_error(code: &str, message: &str) -> HttpResponse {
    let body = serde_json::json!({ "__type": code, "message": message }).to_string();
    HttpResponse::new(
        StatusCode::try_from(400).expect("a status"),
        SdkBody::from(body),
    )
}

fn describe_answer(
    name: &str,
    config_name: &str,
    status: SageMakerStatus,
    failure_reason: Option<&str>,
) -> DescribeEndpointOutput {
    DescribeEndpointOutput::builder()
        .endpoint_name(name)
        .endpoint_arn(format!("{ACCOUNT_ARN}:endpoint/{name}"))
        .endpoint_config_name(config_name)
        .endpoint_status(status)
        .set_failure_reason(failure_reason.map(str::to_string))
        .production_variants(
            ProductionVariantSummary::builder()
                .variant_name(names::VARIANT_NAME)
                .current_instance_count(1)
                .desired_instance_count(1)
                .build(),
        )
        .creation_time(DateTime::from_secs(1_790_000_000))
        .last_modified_time(DateTime::from_secs(1_790_000_600))
        .build()
}

/// DescribeEndpoint of `name`: each answer of `answers` once, in order, then nothing.
fn describe_sequence(name: &str, answers: Vec<(String, SageMakerStatus, Option<String>)>) -> Rule {
    let wanted = name.to_string();
    let mut sequence = mock!(aws_sdk_sagemaker::Client::describe_endpoint)
        .match_requests(move |input| input.endpoint_name() == Some(wanted.as_str()))
        .sequence();
    for (config_name, status, failure_reason) in answers {
        let name = name.to_string();
        sequence = sequence.output(move || {
            describe_answer(
                &name,
                &config_name,
                status.clone(),
                failure_reason.as_deref(),
            )
        });
    }
    sequence.build()
}

// ---------------------------------------------------------------------------------------
// Apply
// ---------------------------------------------------------------------------------------

/// Progress that notes the statuses reported while waiting.
#[derive(Default)]
struct Progress {
    waiting: Mutex<Vec<String>>,
}

impl ApplyProgress for Progress {
    fn step_started(&self, _endpoint: &str, _step: &Step) {}
    fn waiting(&self, endpoint: &str, status: &str) {
        self.waiting
            .lock()
            .unwrap()
            .push(format!("{endpoint} {status}"));
    }
    fn endpoint_finished(&self, _outcome: &EndpointOutcome) {}
}

fn options(parallelism: usize) -> ApplyOptions {
    ApplyOptions {
        parallelism,
        poll_interval: Duration::from_millis(1),
        wait_timeout: Duration::from_secs(5),
    }
}

async fn apply(
    rules: &Rules,
    changeset: &Changeset,
    parallelism: usize,
) -> (ApplyOutcome, Recorder, Progress) {
    let recorder = Recorder::default();
    let connection = rules.connection(&recorder);
    let progress = Progress::default();
    let outcome = apply_changeset(
        &connection,
        changeset,
        &options(parallelism),
        &progress,
        &StopSignal::default(),
    )
    .await;
    (outcome, recorder, progress)
}

// ---------------------------------------------------------------------------------------
// Plans, desired and observed deployments
// ---------------------------------------------------------------------------------------

const PLAN_NAME: &str = "studio";
const IMAGE_V1: &str = "727897471807.dkr.ecr.cn-northwest-1.amazonaws.com.cn/huggingface-pytorch-inference:2.1.0-transformers4.37.0-gpu-py310-cu118-ubuntu20.04";
const IMAGE_V2: &str = "727897471807.dkr.ecr.cn-northwest-1.amazonaws.com.cn/huggingface-pytorch-inference:2.3.0-transformers4.48.0-gpu-py311-cu121-ubuntu22.04";

/// A one-group plan: `count` endpoints `render`, optionally autoscaled (1 to 3 instances,
/// with a Friday-evening scheduled action).
fn studio_plan(instance_type: &str, image: &str, count: u32, autoscaled: bool) -> String {
    let scaling = if autoscaled {
        r#"
[endpoint.autoscaling]
min = 1
max = 3
target_invocations_per_instance = 10.0
scale_in_cooldown = 600
scale_out_cooldown = 60

[[endpoint.schedule]]
name = "evening-warm"
days = ["fri"]
at = "18:40"
min = 2
max = 3
"#
    } else {
        ""
    };
    format!(
        r#"[plan]
name = "{PLAN_NAME}"
region = "cn-northwest-1"
services = ["sagemaker", "application-autoscaling", "cloudwatch"]

[workload.steady]
timezone = "Asia/Shanghai"
baseline_rps = 0.5

[[endpoint]]
name = "render"
count = {count}
workload = "steady"
instance_type = "{instance_type}"
instance_count = 1
gpu_seconds_per_request = 2.0

[endpoint.model]
image = "{image}"
data = "s3://studio-models-cnw1/render/model.tar.gz"
execution_role = "arn:aws-cn:iam::123456789012:role/studio-sagemaker"
{scaling}"#
    )
}

fn desired_of(path: &str, text: &str) -> DesiredDeployment {
    let loaded = plan::load(path, text, Catalog::embedded(), &|name| {
        Err(format!("no file {name} in this test"))
    })
    .unwrap_or_else(|diagnostics| panic!("{}", diagnostics.render(text)));
    DesiredDeployment::of(&loaded.plan).expect("the plan is deployable")
}

fn theater_g5() -> DesiredDeployment {
    desired_of(
        "plans/theater-g5.toml",
        include_str!("../../../plans/theater-g5.toml"),
    )
}

/// What the account holds once `desired` has been applied: each endpoint InService on its
/// config, tagged as the plan's, with its model, config, scalable target, policies,
/// scheduled actions and alarm.
fn as_deployed(desired: &DesiredDeployment) -> ObservedDeployment {
    let mut observed = ObservedDeployment::default();
    for endpoint in &desired.endpoints {
        for tag in [names::PLAN_TAG, names::ENDPOINT_TAG, names::SPEC_HASH_TAG] {
            assert!(
                endpoint.tags.contains_key(tag),
                "{} lacks {tag}",
                endpoint.name
            );
        }
        observed.models.push(ObservedModel {
            name: endpoint.model_name.clone(),
            tags: endpoint.tags.clone(),
            definition: Some(endpoint.model.clone()),
        });
        observed.endpoint_configs.push(ObservedEndpointConfig {
            name: endpoint.config_name.clone(),
            tags: endpoint.tags.clone(),
            definition: Some(endpoint.config.clone()),
        });
        observed.endpoints.push(ObservedEndpoint {
            name: endpoint.name.clone(),
            tags: endpoint.tags.clone(),
            status: "InService".to_string(),
            config_name: endpoint.config_name.clone(),
            failure_reason: None,
            variants: vec![ObservedVariant {
                name: names::VARIANT_NAME.to_string(),
                current_instance_count: Some(2),
                desired_instance_count: Some(2),
            }],
        });
        if let Some(scaling) = &endpoint.scaling {
            observed.scalable_targets.push(ObservedScalableTarget {
                resource_id: scaling.resource_id.clone(),
                definition: scaling.target,
            });
            for policy in &scaling.policies {
                observed.scaling_policies.push(ObservedScalingPolicy {
                    name: policy.name.clone(),
                    resource_id: scaling.resource_id.clone(),
                    definition: policy.definition.clone(),
                });
            }
            for action in &scaling.scheduled_actions {
                observed.scheduled_actions.push(ObservedScheduledAction {
                    name: action.name.clone(),
                    resource_id: scaling.resource_id.clone(),
                    definition: action.definition.clone(),
                });
            }
            if let Some(alarm) = &scaling.alarm {
                observed.alarms.push(ObservedAlarm {
                    name: alarm.name.clone(),
                    definition: alarm.definition.clone(),
                });
            }
        }
    }
    observed.sort();
    observed
}

/// The plan deployed as `before`, changed to `after`: the desired deployment after, the
/// account before, and the changeset between them.
fn change(before: &str, after: &str) -> (DesiredDeployment, DesiredDeployment, Changeset) {
    let old = desired_of("studio.toml", before);
    let new = desired_of("studio.toml", after);
    let changeset = deploy::diff(&new, &as_deployed(&old), REGION);
    assert!(changeset.conflicts.is_empty(), "{:#?}", changeset.conflicts);
    (old, new, changeset)
}

fn assert_before(recorder: &Recorder, earlier: usize, later: usize, what: &str) {
    assert!(
        earlier < later,
        "{what}: request {earlier} should come before request {later}; requests sent:\n{:#?}",
        recorder.lines()
    );
}

// ---------------------------------------------------------------------------------------
// 1. Instance-type change with autoscaling attached
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn an_instance_type_change_deregisters_autoscaling_first_and_registers_it_once_in_service() {
    let (old, new, changeset) = change(
        &studio_plan("ml.g5.2xlarge", IMAGE_V1, 1, true),
        &studio_plan("ml.g5.4xlarge", IMAGE_V1, 1, true),
    );
    let (old, new) = (&old.endpoints[0], &new.endpoints[0]);
    assert_ne!(old.config_name, new.config_name);
    let name = new.name.as_str();
    let resource_id = names::scaling_resource_id(name);
    let policy = names::target_tracking_policy_name(name);
    let scheduled = names::scheduled_action_name(name, "evening-warm");

    let mut rules = Rules::default();
    let describe = describe_sequence(
        name,
        vec![
            (old.config_name.clone(), SageMakerStatus::Updating, None),
            (old.config_name.clone(), SageMakerStatus::Updating, None),
            (new.config_name.clone(), SageMakerStatus::InService, None),
        ],
    );
    rules.sagemaker.push(describe.clone());
    successful_writes(&mut rules, &Default::default());
    let (outcome, recorder, progress) = apply(&rules, &changeset, 1).await;

    assert_eq!(
        outcome.endpoints[0].status,
        EndpointStatus::Done,
        "{outcome:#?}\n{:#?}",
        recorder.lines()
    );
    assert_eq!(
        describe.num_calls(),
        3,
        "polled until InService, not beyond"
    );
    assert_eq!(
        *progress.waiting.lock().unwrap(),
        [format!("{name} Updating"), format!("{name} Updating")]
    );

    // Autoscaling comes off before the update: scheduled action, policy, then the target.
    let update = recorder.position("UpdateEndpoint", name);
    let delete_action = recorder.position("DeleteScheduledAction", &scheduled);
    let delete_policy = recorder.position("DeleteScalingPolicy", &policy);
    let deregister = recorder.position("DeregisterScalableTarget", &resource_id);
    assert_before(
        &recorder,
        delete_action,
        deregister,
        "DeleteScheduledAction before DeregisterScalableTarget",
    );
    assert_before(
        &recorder,
        delete_policy,
        deregister,
        "DeleteScalingPolicy before DeregisterScalableTarget",
    );
    assert_before(
        &recorder,
        deregister,
        update,
        "DeregisterScalableTarget before UpdateEndpoint",
    );
    let deletes = recorder.inputs::<DeleteScalingPolicyInput>();
    assert_eq!(deletes[0].resource_id(), Some(resource_id.as_str()));
    assert_eq!(
        deletes[0].service_namespace(),
        Some(&ServiceNamespace::Sagemaker)
    );
    assert_eq!(
        deletes[0].scalable_dimension(),
        Some(&ScalableDimension::SageMakerVariantDesiredInstanceCount)
    );

    // The new version exists before the endpoint is pointed at it.
    let create_model = recorder.position("CreateModel", &new.model_name);
    let create_config = recorder.position("CreateEndpointConfig", &new.config_name);
    assert_before(
        &recorder,
        create_model,
        create_config,
        "CreateModel before CreateEndpointConfig",
    );
    assert_before(
        &recorder,
        create_config,
        update,
        "CreateEndpointConfig before UpdateEndpoint",
    );
    let config_request = &recorder.inputs::<CreateEndpointConfigInput>()[0];
    let variant = &config_request.production_variants()[0];
    assert_eq!(
        variant.instance_type(),
        Some(&ProductionVariantInstanceType::MlG54Xlarge)
    );
    assert_eq!(variant.model_name(), Some(new.model_name.as_str()));

    // The update drops the old variant properties: the instance type changes.
    let updates = recorder.inputs::<UpdateEndpointInput>();
    assert_eq!(updates.len(), 1);
    assert_eq!(updates[0].endpoint_name(), Some(name));
    assert_eq!(
        updates[0].endpoint_config_name(),
        Some(new.config_name.as_str())
    );
    assert_eq!(updates[0].retain_all_variant_properties(), Some(false));

    // Autoscaling goes back only after DescribeEndpoint said InService on the new config
    // (the third DescribeEndpoint, after two "Updating").
    let describes = recorder.positions("DescribeEndpoint");
    assert_eq!(describes.len(), 3, "{:#?}", recorder.lines());
    assert!(describes.iter().all(|&at| at > update));
    let in_service = describes[2];
    let register = recorder.position("RegisterScalableTarget", &resource_id);
    let put_policy = recorder.position("PutScalingPolicy", &policy);
    let put_action = recorder.position("PutScheduledAction", &scheduled);
    assert_before(
        &recorder,
        in_service,
        register,
        "InService before RegisterScalableTarget",
    );
    assert_before(
        &recorder,
        register,
        put_policy,
        "RegisterScalableTarget before PutScalingPolicy",
    );
    assert_before(
        &recorder,
        register,
        put_action,
        "RegisterScalableTarget before PutScheduledAction",
    );
    let registered = &recorder.inputs::<RegisterScalableTargetInput>()[0];
    assert_eq!(registered.min_capacity(), Some(1));
    assert_eq!(registered.max_capacity(), Some(3));
    let put = &recorder.inputs::<PutScalingPolicyInput>()[0];
    assert_eq!(put.policy_type(), Some(&PolicyType::TargetTrackingScaling));
    assert_eq!(
        put.target_tracking_scaling_policy_configuration()
            .map(|configuration| configuration.target_value()),
        Some(10.0)
    );

    // The old version goes last, once nothing uses it.
    let delete_config = recorder.position("DeleteEndpointConfig", &old.config_name);
    let delete_model = recorder.position("DeleteModel", &old.model_name);
    let last_two = recorder.sent().len() - 2;
    assert!(
        delete_config >= last_two && delete_model >= last_two,
        "the old config and model are deleted last: {:#?}",
        recorder.lines()
    );
    assert_before(
        &recorder,
        in_service,
        delete_config,
        "InService before DeleteEndpointConfig",
    );
    assert_before(
        &recorder,
        delete_config,
        delete_model,
        "the config that names the model goes first",
    );
    for operation in [
        "CreateEndpoint",
        "DeleteEndpoint",
        "DescribeScalingPolicies",
    ] {
        assert_eq!(
            recorder.count(operation),
            0,
            "{operation}: {:#?}",
            recorder.lines()
        );
    }
    assert_eq!(outcome.write_calls, recorder.sent().len() - 3);
}

// ---------------------------------------------------------------------------------------
// 2. Same instance type, new image, autoscaling attached
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn an_image_change_keeps_the_autoscaled_instance_count_and_leaves_autoscaling_alone() {
    let (old, new, changeset) = change(
        &studio_plan("ml.g5.2xlarge", IMAGE_V1, 1, true),
        &studio_plan("ml.g5.2xlarge", IMAGE_V2, 1, true),
    );
    let (old, new) = (&old.endpoints[0], &new.endpoints[0]);
    let name = new.name.as_str();

    let mut rules = Rules::default();
    rules.sagemaker.push(describe_sequence(
        name,
        vec![
            (old.config_name.clone(), SageMakerStatus::Updating, None),
            (new.config_name.clone(), SageMakerStatus::InService, None),
        ],
    ));
    successful_writes(&mut rules, &Default::default());
    let (outcome, recorder, _) = apply(&rules, &changeset, 1).await;

    assert_eq!(
        outcome.endpoints[0].status,
        EndpointStatus::Done,
        "{outcome:#?}"
    );
    let updates = recorder.inputs::<UpdateEndpointInput>();
    assert_eq!(updates.len(), 1, "{:#?}", recorder.lines());
    assert_eq!(updates[0].retain_all_variant_properties(), Some(true));
    assert_eq!(
        updates[0].endpoint_config_name(),
        Some(new.config_name.as_str())
    );
    let model = &recorder.inputs::<CreateModelInput>()[0];
    assert_eq!(
        model
            .primary_container()
            .and_then(ContainerDefinition::image),
        Some(IMAGE_V2)
    );
    for operation in [
        "DeregisterScalableTarget",
        "RegisterScalableTarget",
        "PutScalingPolicy",
        "DeleteScalingPolicy",
        "PutScheduledAction",
        "DeleteScheduledAction",
        "PutMetricAlarm",
        "DeleteAlarms",
    ] {
        assert_eq!(
            recorder.count(operation),
            0,
            "autoscaling is untouched, yet {operation} was sent: {:#?}",
            recorder.lines()
        );
    }
    let in_service = recorder.positions("DescribeEndpoint")[1];
    assert_before(
        &recorder,
        in_service,
        recorder.position("DeleteEndpointConfig", &old.config_name),
        "InService before DeleteEndpointConfig",
    );
    assert_before(
        &recorder,
        in_service,
        recorder.position("DeleteModel", &old.model_name),
        "InService before DeleteModel",
    );
}

// ---------------------------------------------------------------------------------------
// 3. A rolled-back update
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn a_rolled_back_update_fails_and_keeps_the_old_version() {
    let (old, new, changeset) = change(
        &studio_plan("ml.g5.2xlarge", IMAGE_V1, 1, true),
        &studio_plan("ml.g5.4xlarge", IMAGE_V1, 1, true),
    );
    let (old, new) = (&old.endpoints[0], &new.endpoints[0]);
    let name = new.name.as_str();
    let reason = "The primary container for production variant AllTraffic did not pass the ping health check. Please check CloudWatch logs for this endpoint.";

    let mut rules = Rules::default();
    rules.sagemaker.push(describe_sequence(
        name,
        vec![
            (old.config_name.clone(), SageMakerStatus::Updating, None),
            (
                old.config_name.clone(),
                SageMakerStatus::InService,
                Some(reason.to_string()),
            ),
        ],
    ));
    successful_writes(&mut rules, &Default::default());
    let (outcome, recorder, _) = apply(&rules, &changeset, 1).await;

    let EndpointStatus::Failed { step, error } = &outcome.endpoints[0].status else {
        panic!("the rollback must fail the endpoint: {outcome:#?}");
    };
    assert_eq!(*step, format!("wait for {name} to be InService"));
    assert!(error.contains("rolled it back"), "{error}");
    assert!(error.contains(&old.config_name), "{error}");
    assert!(error.contains(&new.config_name), "{error}");
    assert!(error.contains(reason), "{error}");
    assert!(
        outcome.endpoints[0]
            .steps_done
            .contains(&format!("UpdateEndpoint {name} to {}", new.config_name)),
        "{outcome:#?}"
    );
    for operation in [
        "DeleteEndpointConfig",
        "DeleteModel",
        "RegisterScalableTarget",
        "PutScalingPolicy",
        "PutScheduledAction",
    ] {
        assert_eq!(
            recorder.count(operation),
            0,
            "nothing after the failed wait, yet {operation} was sent: {:#?}",
            recorder.lines()
        );
    }
    assert_eq!(
        recorder.sent().last().map(|sent| sent.operation.clone()),
        Some("DescribeEndpoint".to_string())
    );
}

// ---------------------------------------------------------------------------------------
// 4. A failing step stops further endpoints
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn a_failed_create_starts_no_further_endpoint() {
    let desired = desired_of(
        "studio.toml",
        &studio_plan("ml.g5.2xlarge", IMAGE_V1, 2, false),
    );
    let changeset = deploy::diff(&desired, &ObservedDeployment::default(), REGION);
    let (first, second) = (&desired.endpoints[0], &desired.endpoints[1]);
    assert_eq!(changeset.endpoints.len(), 2);
    assert_eq!(changeset.endpoints[0].endpoint, first.name);

    let mut rules = Rules::default();
    let wanted = first.name.clone();
    rules.sagemaker.push(
        mock!(aws_sdk_sagemaker::Client::create_endpoint)
            .match_requests(move |input| input.endpoint_name() == Some(wanted.as_str()))
            .then_http_response(|| {
                aws_error(
                    "ResourceLimitExceeded",
                    "The account-level service limit 'ml.g5.2xlarge for endpoint usage' is 0 Instances, with current utilization of 0 Instances and a request delta of 1 Instances. Please use AWS Service Quotas to request an increase for this quota.",
                )
            }),
    );
    successful_writes(&mut rules, &Default::default());
    let (outcome, recorder, _) = apply(&rules, &changeset, 1).await;

    assert_eq!(
        outcome.endpoints[0].status,
        EndpointStatus::Failed {
            step: format!("CreateEndpoint {}", first.name),
            error: "SageMaker CreateEndpoint failed: ResourceLimitExceeded: The account-level service limit 'ml.g5.2xlarge for endpoint usage' is 0 Instances, with current utilization of 0 Instances and a request delta of 1 Instances. Please use AWS Service Quotas to request an increase for this quota.".to_string(),
        }
    );
    assert_eq!(
        outcome.endpoints[0].steps_done,
        [
            format!("CreateModel {}", first.model_name),
            format!("CreateEndpointConfig {}", first.config_name),
        ]
    );
    assert_eq!(outcome.endpoints[1].endpoint, second.name);
    assert_eq!(outcome.endpoints[1].status, EndpointStatus::NotStarted);
    assert!(outcome.endpoints[1].steps_done.is_empty());
    assert!(!outcome.succeeded());
    assert_eq!(
        recorder.lines(),
        [
            format!("CreateModel {}", first.model_name),
            format!("CreateEndpointConfig {}", first.config_name),
            format!("CreateEndpoint {}", first.name),
        ],
        "nothing after the failure, nothing of {}",
        second.name
    );
    assert_eq!(outcome.write_calls, 3);
}

// ---------------------------------------------------------------------------------------
// 5. Deleting what is already gone
// ---------------------------------------------------------------------------------------

/// The plan's one autoscaled endpoint, destroyed.
fn destroy_studio() -> (DesiredDeployment, Changeset) {
    let desired = desired_of(
        "studio.toml",
        &studio_plan("ml.g5.2xlarge", IMAGE_V1, 1, true),
    );
    let changeset = deploy::destroy_all(PLAN_NAME, &as_deployed(&desired), REGION);
    (desired, changeset)
}

#[tokio::test]
async fn deleting_what_is_already_gone_succeeds() {
    let (desired, changeset) = destroy_studio();
    let endpoint = &desired.endpoints[0];
    let name = endpoint.name.clone();
    let resource_id = names::scaling_resource_id(&name);

    let mut rules = Rules::default();
    let config_arn = format!("{ACCOUNT_ARN}:endpoint-config/{}", endpoint.config_name);
    let model_arn = format!("{ACCOUNT_ARN}:model/{}", endpoint.model_name);
    let endpoint_arn = format!("{ACCOUNT_ARN}:endpoint/{name}");
    let gone_config =
        mock!(aws_sdk_sagemaker::Client::delete_endpoint_config).then_http_response(move || {
            aws_error(
                "ValidationException",
                &format!("Could not find endpoint configuration \"{config_arn}\"."),
            )
        });
    let gone_target = {
        let resource_id = resource_id.clone();
        mock!(aws_sdk_applicationautoscaling::Client::deregister_scalable_target)
            .then_http_response(move || {
                aws_error(
                    "ObjectNotFoundException",
                    &format!("No scalable target registered for service namespace: sagemaker, resource ID: {resource_id}, scalable dimension: sagemaker:variant:DesiredInstanceCount"),
                )
            })
    };
    rules.sagemaker.extend([
        gone_config.clone(),
        mock!(aws_sdk_sagemaker::Client::delete_model).then_http_response(move || {
            aws_error(
                "ValidationException",
                &format!("Could not find model \"{model_arn}\"."),
            )
        }),
        // Deleted: DescribeEndpoint no longer finds it.
        mock!(aws_sdk_sagemaker::Client::describe_endpoint).then_http_response(move || {
            aws_error(
                "ValidationException",
                &format!("Could not find endpoint \"{endpoint_arn}\"."),
            )
        }),
    ]);
    rules.autoscaling.extend([
        gone_target.clone(),
        // AWS deletes a target's policies with it: the policy is gone too.
        mock!(aws_sdk_applicationautoscaling::Client::delete_scaling_policy).then_http_response(
            || {
                aws_error(
                    "ObjectNotFoundException",
                    "No scaling policy found for service namespace: sagemaker",
                )
            },
        ),
    ]);
    successful_writes(&mut rules, &Default::default());
    let (outcome, recorder, _) = apply(&rules, &changeset, 1).await;

    assert_eq!(
        outcome.endpoints[0].status,
        EndpointStatus::Done,
        "{outcome:#?}\n{:#?}",
        recorder.lines()
    );
    assert_eq!(
        outcome.endpoints[0].steps_done.len(),
        changeset.endpoints[0].steps.len()
    );
    assert_eq!(gone_config.num_calls(), 1, "tried once, not retried");
    assert_eq!(gone_target.num_calls(), 1);
    assert_eq!(recorder.count("DescribeEndpoint"), 1);
    let deregister = recorder.position("DeregisterScalableTarget", &resource_id);
    let delete_endpoint = recorder.position("DeleteEndpoint", &name);
    let delete_config = recorder.position("DeleteEndpointConfig", &endpoint.config_name);
    assert_before(
        &recorder,
        deregister,
        delete_endpoint,
        "autoscaling off before the endpoint goes",
    );
    assert_before(
        &recorder,
        delete_endpoint,
        delete_config,
        "the endpoint goes before its config",
    );
}

#[tokio::test]
async fn a_delete_refused_for_another_reason_still_fails() {
    let (desired, changeset) = destroy_studio();
    let endpoint = &desired.endpoints[0];
    let endpoint_arn = format!("{ACCOUNT_ARN}:endpoint/{}", endpoint.name);

    let mut rules = Rules::default();
    rules.sagemaker.extend([
        mock!(aws_sdk_sagemaker::Client::delete_endpoint_config).then_http_response(|| {
            aws_error(
                "ValidationException",
                "Cannot delete endpoint configuration: it is in use by an endpoint that is Updating.",
            )
        }),
        mock!(aws_sdk_sagemaker::Client::describe_endpoint).then_http_response(move || {
            aws_error(
                "ValidationException",
                &format!("Could not find endpoint \"{endpoint_arn}\"."),
            )
        }),
    ]);
    successful_writes(&mut rules, &Default::default());
    let (outcome, recorder, _) = apply(&rules, &changeset, 1).await;

    let EndpointStatus::Failed { step, error } = &outcome.endpoints[0].status else {
        panic!("only \"not found\" counts as done: {outcome:#?}");
    };
    assert_eq!(
        *step,
        format!("DeleteEndpointConfig {}", endpoint.config_name)
    );
    assert!(
        error.contains("ValidationException: Cannot delete"),
        "{error}"
    );
    assert_eq!(recorder.count("DeleteModel"), 0, "{:#?}", recorder.lines());
}

/// DeleteAlarms declares `ResourceNotFound` ("The named resource does not exist.") in
/// CloudWatch's model, and the AWS provider for Terraform treats it as deleted; like every
/// other delete, an alarm already gone is the state the step wanted.
#[tokio::test]
async fn deleting_an_alarm_that_is_already_gone_succeeds() {
    let mut desired = theater_g5();
    desired
        .endpoints
        .retain(|endpoint| endpoint.name == "theater-g5-face-restore-01");
    let changeset = deploy::destroy_all("theater-g5", &as_deployed(&desired), REGION);
    let name = "theater-g5-face-restore-01";
    let alarm = names::backlog_alarm_name(name);
    assert!(
        changeset.endpoints[0].steps.contains(&Step::DeleteAlarm {
            name: alarm.clone()
        }),
        "{changeset:#?}"
    );

    let mut rules = Rules::default();
    rules.cloudwatch.push(
        mock!(aws_sdk_cloudwatch::Client::delete_alarms).then_error(|| {
            DeleteAlarmsError::ResourceNotFound(
                aws_sdk_cloudwatch::types::error::ResourceNotFound::builder()
                    .message("The named resource does not exist.")
                    .meta(
                        ErrorMetadata::builder()
                            .code("ResourceNotFound")
                            .message("The named resource does not exist.")
                            .build(),
                    )
                    .build(),
            )
        }),
    );
    rules.sagemaker.push(
        mock!(aws_sdk_sagemaker::Client::describe_endpoint).then_http_response(|| {
            aws_error(
                "ValidationException",
                "Could not find endpoint \"arn:aws-cn:sagemaker:cn-northwest-1:123456789012:endpoint/theater-g5-face-restore-01\".",
            )
        }),
    );
    successful_writes(&mut rules, &Default::default());
    let (outcome, recorder, _) = apply(&rules, &changeset, 1).await;

    assert_eq!(recorder.count("DeleteAlarms"), 1, "{:#?}", recorder.lines());
    assert_eq!(
        outcome.endpoints[0].status,
        EndpointStatus::Done,
        "an alarm already gone must count as deleted: {outcome:#?}"
    );
}

// ---------------------------------------------------------------------------------------
// 6. The alarm triggers the policy put in the same run
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn the_backlog_alarm_triggers_the_scale_from_zero_policy_put_in_the_same_run() {
    let mut desired = theater_g5();
    let name = "theater-g5-face-restore-01";
    desired.endpoints.retain(|endpoint| endpoint.name == name);
    let endpoint = desired.endpoints[0].clone();
    let changeset = deploy::diff(&desired, &ObservedDeployment::default(), REGION);
    let resource_id = names::scaling_resource_id(name);
    let from_zero = names::scale_from_zero_policy_name(name);
    let invocations = names::target_tracking_policy_name(name);
    let alarm = names::backlog_alarm_name(name);

    let mut rules = Rules::default();
    rules.sagemaker.push(describe_sequence(
        name,
        vec![
            (
                endpoint.config_name.clone(),
                SageMakerStatus::Creating,
                None,
            ),
            (
                endpoint.config_name.clone(),
                SageMakerStatus::InService,
                None,
            ),
        ],
    ));
    let returned = Arc::new(Mutex::new(BTreeMap::new()));
    successful_writes(&mut rules, &returned);
    let (outcome, recorder, _) = apply(&rules, &changeset, 2).await;

    assert_eq!(
        outcome.endpoints[0].status,
        EndpointStatus::Done,
        "{outcome:#?}\n{:#?}",
        recorder.lines()
    );
    let returned = returned.lock().unwrap().clone();
    assert_eq!(
        returned.keys().cloned().collect::<Vec<_>>(),
        [invocations.clone(), from_zero.clone()]
    );
    let alarms = recorder.inputs::<PutMetricAlarmInput>();
    assert_eq!(alarms.len(), 1, "{:#?}", recorder.lines());
    let put = &alarms[0];
    assert_eq!(put.alarm_name(), Some(alarm.as_str()));
    assert_eq!(put.alarm_actions(), [returned[&from_zero].clone()]);
    assert_ne!(returned[&from_zero], returned[&invocations]);
    assert_eq!(put.metric_name(), Some("HasBacklogWithoutCapacity"));
    assert_eq!(put.namespace(), Some("AWS/SageMaker"));
    assert_eq!(
        put.dimensions(),
        [Dimension::builder()
            .name("EndpointName")
            .value(name)
            .build()]
    );
    assert_eq!(put.threshold(), Some(1.0));
    assert_before(
        &recorder,
        recorder.position("PutScalingPolicy", &from_zero),
        recorder.position("PutMetricAlarm", &alarm),
        "the policy exists before the alarm that triggers it",
    );
    assert_eq!(
        recorder.count("DescribeScalingPolicies"),
        0,
        "the ARN is known from this run"
    );

    // The step policy adds one instance; the target may go down to zero.
    let step = recorder
        .inputs::<PutScalingPolicyInput>()
        .into_iter()
        .find(|input| input.policy_name() == Some(from_zero.as_str()))
        .expect("the scale-from-zero policy was put");
    assert_eq!(step.policy_type(), Some(&PolicyType::StepScaling));
    let adjustments = step
        .step_scaling_policy_configuration()
        .map(|configuration| configuration.step_adjustments().to_vec())
        .unwrap_or_default();
    assert_eq!(adjustments.len(), 1);
    assert_eq!(adjustments[0].scaling_adjustment(), 1);
    let registered = &recorder.inputs::<RegisterScalableTargetInput>()[0];
    assert_eq!(registered.resource_id(), Some(resource_id.as_str()));
    assert_eq!(
        (registered.min_capacity(), registered.max_capacity()),
        (Some(0), Some(1))
    );
    let config = &recorder.inputs::<CreateEndpointConfigInput>()[0];
    assert_eq!(
        config
            .async_inference_config()
            .and_then(|asynchronous| asynchronous.output_config())
            .and_then(|output| output.s3_output_path()),
        Some("s3://theater-async-cnw1/face-restore/")
    );
}

#[tokio::test]
async fn an_alarm_put_without_its_policy_triggers_the_existing_policy() {
    let mut desired = theater_g5();
    let name = "theater-g5-face-restore-01";
    desired.endpoints.retain(|endpoint| endpoint.name == name);
    let mut observed = as_deployed(&desired);
    observed.alarms[0].definition.threshold = 5.0;
    let changeset = deploy::diff(&desired, &observed, REGION);
    let from_zero = names::scale_from_zero_policy_name(name);
    let resource_id = names::scaling_resource_id(name);
    let existing = policy_arn_for(42, &resource_id, &from_zero);

    let mut rules = Rules::default();
    let answer = existing.clone();
    let wanted_policy = from_zero.clone();
    let wanted_resource = resource_id.clone();
    rules.autoscaling.push(
        mock!(aws_sdk_applicationautoscaling::Client::describe_scaling_policies)
            .match_requests(move |input| {
                input.policy_names() == [wanted_policy.clone()]
                    && input.resource_id() == Some(wanted_resource.as_str())
                    && input.service_namespace() == Some(&ServiceNamespace::Sagemaker)
            })
            .then_output(move || {
                DescribeScalingPoliciesOutput::builder()
                    .scaling_policies(
                        ScalingPolicy::builder()
                            .policy_arn(&answer)
                            .policy_name("theater-g5-face-restore-01-scale-from-zero")
                            .service_namespace(ServiceNamespace::Sagemaker)
                            .resource_id("endpoint/theater-g5-face-restore-01/variant/AllTraffic")
                            .scalable_dimension(
                                ScalableDimension::SageMakerVariantDesiredInstanceCount,
                            )
                            .policy_type(PolicyType::StepScaling)
                            .creation_time(DateTime::from_secs(1_790_000_000))
                            .build()
                            .expect("a policy"),
                    )
                    .build()
            }),
    );
    successful_writes(&mut rules, &Default::default());
    let (outcome, recorder, _) = apply(&rules, &changeset, 1).await;

    assert_eq!(
        outcome.endpoints[0].status,
        EndpointStatus::Done,
        "{outcome:#?}\n{:#?}",
        recorder.lines()
    );
    assert_eq!(
        recorder.lines(),
        [
            format!("DescribeScalingPolicies {from_zero}"),
            format!("PutMetricAlarm {}", names::backlog_alarm_name(name)),
        ]
    );
    assert_eq!(
        recorder.inputs::<PutMetricAlarmInput>()[0].alarm_actions(),
        [existing]
    );
}

// ---------------------------------------------------------------------------------------
// 7. Observing a deployment
// ---------------------------------------------------------------------------------------

fn sagemaker_tags(tags: &BTreeMap<String, String>) -> Vec<Tag> {
    tags.iter()
        .map(|(key, value)| Tag::builder().key(key).value(value).build())
        .collect()
}

fn target(resource_id: &str, min: i32, max: i32) -> ScalableTarget {
    ScalableTarget::builder()
        .service_namespace(ServiceNamespace::Sagemaker)
        .resource_id(resource_id)
        .scalable_dimension(ScalableDimension::SageMakerVariantDesiredInstanceCount)
        .min_capacity(min)
        .max_capacity(max)
        .role_arn("arn:aws-cn:iam::123456789012:role/aws-service-role/sagemaker.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint")
        .creation_time(DateTime::from_secs(1_790_000_000))
        .build()
        .expect("a target")
}

fn tracking_policy(endpoint: &str, target_value: f64) -> ScalingPolicy {
    let resource_id = names::scaling_resource_id(endpoint);
    let name = names::target_tracking_policy_name(endpoint);
    ScalingPolicy::builder()
        .policy_arn(policy_arn_for(7, &resource_id, &name))
        .policy_name(&name)
        .service_namespace(ServiceNamespace::Sagemaker)
        .resource_id(&resource_id)
        .scalable_dimension(ScalableDimension::SageMakerVariantDesiredInstanceCount)
        .policy_type(PolicyType::TargetTrackingScaling)
        .target_tracking_scaling_policy_configuration(
            TargetTrackingScalingPolicyConfiguration::builder()
                .target_value(target_value)
                .predefined_metric_specification(
                    PredefinedMetricSpecification::builder()
                        .predefined_metric_type(MetricType::SageMakerVariantInvocationsPerInstance)
                        .build()
                        .expect("a metric"),
                )
                .scale_in_cooldown(600)
                .scale_out_cooldown(60)
                .build()
                .expect("a configuration"),
        )
        .creation_time(DateTime::from_secs(1_790_000_000))
        .build()
        .expect("a policy")
}

#[tokio::test]
async fn observing_keeps_the_plans_endpoints_and_sets_foreign_ones_apart() {
    let desired = theater_g5();
    let query = DeploymentQuery::for_desired(&desired);
    let ours = desired
        .endpoint("theater-g5-sketch-caption-01")
        .expect("in the plan")
        .clone();
    let foreign = "theater-g5-sketch-caption-02";
    let unrelated = "theater-g5-x";
    let orphan = "theater-g5-stage-render-03";
    assert!(desired.endpoint(foreign).is_some());
    assert!(desired.endpoint(unrelated).is_none());

    let mut rules = Rules::default();
    let summary = |name: &str| {
        EndpointSummary::builder()
            .endpoint_name(name)
            .endpoint_arn(format!("{ACCOUNT_ARN}:endpoint/{name}"))
            .endpoint_status(SageMakerStatus::InService)
            .creation_time(DateTime::from_secs(1_790_000_000))
            .last_modified_time(DateTime::from_secs(1_790_000_000))
            .build()
    };
    let listed = vec![
        summary(&ours.name),
        summary(foreign),
        summary(unrelated),
        summary("old-theater-g5-sketch-caption-01"),
    ];
    let tags: BTreeMap<String, Vec<Tag>> = BTreeMap::from([
        (
            format!("{ACCOUNT_ARN}:endpoint/{}", ours.name),
            sagemaker_tags(&ours.tags),
        ),
        (
            format!("{ACCOUNT_ARN}:endpoint-config/{}", ours.config_name),
            sagemaker_tags(&ours.tags),
        ),
        (
            format!("{ACCOUNT_ARN}:model/{}", ours.model_name),
            sagemaker_tags(&ours.tags),
        ),
        (
            format!("{ACCOUNT_ARN}:endpoint/{foreign}"),
            vec![
                Tag::builder()
                    .key(names::PLAN_TAG)
                    .value("other-plan")
                    .build(),
                Tag::builder()
                    .key(names::ENDPOINT_TAG)
                    .value("sketch-caption-02")
                    .build(),
            ],
        ),
        (format!("{ACCOUNT_ARN}:endpoint/{unrelated}"), Vec::new()),
    ]);
    let (config_name, model_name) = (ours.config_name.clone(), ours.model_name.clone());
    let (config, model) = (ours.config.clone(), ours.model.clone());
    let (ours_name, ours_config) = (ours.name.clone(), ours.config_name.clone());
    rules.sagemaker.extend([
        mock!(aws_sdk_sagemaker::Client::list_endpoints)
            .match_requests(|input| input.name_contains() == Some("theater-g5-"))
            .then_output(move || {
                ListEndpointsOutput::builder()
                    .set_endpoints(Some(listed.clone()))
                    .build()
            }),
        mock!(aws_sdk_sagemaker::Client::list_endpoint_configs).then_output(move || {
            ListEndpointConfigsOutput::builder()
                .endpoint_configs(
                    EndpointConfigSummary::builder()
                        .endpoint_config_name(&config_name)
                        .endpoint_config_arn(format!("{ACCOUNT_ARN}:endpoint-config/{config_name}"))
                        .creation_time(DateTime::from_secs(1_790_000_000))
                        .build(),
                )
                .build()
        }),
        mock!(aws_sdk_sagemaker::Client::list_models).then_output(move || {
            ListModelsOutput::builder()
                .models(
                    ModelSummary::builder()
                        .model_name(&model_name)
                        .model_arn(format!("{ACCOUNT_ARN}:model/{model_name}"))
                        .creation_time(DateTime::from_secs(1_790_000_000))
                        .build(),
                )
                .build()
        }),
        mock!(aws_sdk_sagemaker::Client::list_tags).then_compute_output(move |input| {
            let arn = input.resource_arn().unwrap_or_default();
            ListTagsOutput::builder()
                .set_tags(Some(
                    tags.get(arn)
                        .unwrap_or_else(|| panic!("ListTags of an unexpected ARN {arn}"))
                        .clone(),
                ))
                .build()
        }),
        mock!(aws_sdk_sagemaker::Client::describe_endpoint)
            .match_requests({
                let ours_name = ours_name.clone();
                move |input| input.endpoint_name() == Some(ours_name.as_str())
            })
            .then_output(move || {
                describe_answer(&ours_name, &ours_config, SageMakerStatus::InService, None)
            }),
        mock!(aws_sdk_sagemaker::Client::describe_endpoint_config).then_output(move || {
            DescribeEndpointConfigOutput::builder()
                .endpoint_config_name("ignored")
                .production_variants(
                    ProductionVariant::builder()
                        .variant_name(&config.variant_name)
                        .model_name(&config.model_name)
                        .instance_type(ProductionVariantInstanceType::from(
                            config.instance_type.as_str(),
                        ))
                        .initial_instance_count(config.initial_instance_count as i32)
                        .build(),
                )
                .build()
        }),
        mock!(aws_sdk_sagemaker::Client::describe_model).then_output(move || {
            DescribeModelOutput::builder()
                .model_name("ignored")
                .execution_role_arn(&model.execution_role_arn)
                .primary_container(
                    ContainerDefinition::builder()
                        .image(&model.image)
                        .set_model_data_url(model.model_data_url.clone())
                        .set_environment(Some(model.environment.clone().into_iter().collect()))
                        .build(),
                )
                .build()
        }),
    ]);
    let scaling_of_ours = names::scaling_resource_id(&ours.name);
    let scaling_of_foreign = names::scaling_resource_id(foreign);
    let scaling_of_unrelated = names::scaling_resource_id(unrelated);
    let scaling_of_orphan = names::scaling_resource_id(orphan);
    let (a, b, c, d) = (
        scaling_of_ours.clone(),
        scaling_of_foreign.clone(),
        scaling_of_unrelated.clone(),
        scaling_of_orphan.clone(),
    );
    let ours_for_policies = ours.name.clone();
    rules.autoscaling.extend([
        mock!(aws_sdk_applicationautoscaling::Client::describe_scalable_targets).then_output(
            move || {
                DescribeScalableTargetsOutput::builder()
                    .scalable_targets(target(&a, 1, 2))
                    .scalable_targets(target(&b, 1, 8))
                    .scalable_targets(target(&c, 0, 1))
                    .scalable_targets(target(&d, 1, 2))
                    .build()
            },
        ),
        mock!(aws_sdk_applicationautoscaling::Client::describe_scaling_policies).then_output(
            move || {
                DescribeScalingPoliciesOutput::builder()
                    .scaling_policies(tracking_policy(&ours_for_policies, 12.0))
                    .scaling_policies(tracking_policy(foreign, 50.0))
                    .scaling_policies(tracking_policy(unrelated, 3.0))
                    .build()
            },
        ),
        mock!(aws_sdk_applicationautoscaling::Client::describe_scheduled_actions).then_output(
            move || {
                DescribeScheduledActionsOutput::builder()
                    .scheduled_actions(
                        ScheduledAction::builder()
                            .scheduled_action_name(format!("{foreign}-nightly"))
                            .scheduled_action_arn("arn:aws-cn:autoscaling:cn-northwest-1:123456789012:scheduledAction:1:resource/sagemaker/x")
                            .service_namespace(ServiceNamespace::Sagemaker)
                            .schedule("cron(0 2 * * ? *)")
                            .resource_id(names::scaling_resource_id(foreign))
                            .creation_time(DateTime::from_secs(1_790_000_000))
                            .build()
                            .expect("an action"),
                    )
                    .build()
            },
        ),
    ]);
    rules.cloudwatch.push(
        mock!(aws_sdk_cloudwatch::Client::describe_alarms)
            .match_requests(|input| input.alarm_name_prefix() == Some("theater-g5-"))
            .then_output(move || {
                DescribeAlarmsOutput::builder()
                    .metric_alarms(
                        MetricAlarm::builder()
                            .alarm_name(names::backlog_alarm_name(foreign))
                            .metric_name("HasBacklogWithoutCapacity")
                            .namespace("AWS/SageMaker")
                            .dimensions(
                                Dimension::builder()
                                    .name("EndpointName")
                                    .value(foreign)
                                    .build(),
                            )
                            .alarm_actions(policy_arn_for(
                                9,
                                &names::scaling_resource_id(foreign),
                                &names::scale_from_zero_policy_name(foreign),
                            ))
                            .build(),
                    )
                    .build()
            }),
    );
    let recorder = Recorder::default();
    let connection = rules.connection(&recorder);
    let observed = gpuplan_aws::deployment::observe_deployment(&connection, &query)
        .await
        .unwrap_or_else(|error| panic!("{error}\n{:#?}", recorder.lines()));

    let endpoints: Vec<&str> = observed.endpoints.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(endpoints, [ours.name.as_str()]);
    assert_eq!(observed.endpoints[0].config_name, ours.config_name);
    assert_eq!(observed.endpoints[0].tags, ours.tags);
    assert_eq!(
        observed.foreign,
        [ForeignResource {
            kind: gpuplan_core::deploy::ListedKind::Endpoint,
            name: foreign.to_string(),
            plan_tag: Some("other-plan".to_string()),
        }]
    );
    assert_eq!(
        recorder
            .sent()
            .iter()
            .filter(|sent| sent.operation == "DescribeEndpoint")
            .map(|sent| sent.name.clone())
            .collect::<Vec<_>>(),
        std::slice::from_ref(&ours.name),
        "only the plan's endpoint is described"
    );
    assert!(
        !recorder
            .lines()
            .iter()
            .any(|line| line.contains("old-theater-g5")),
        "a name that only contains the prefix is not even asked for its tags: {:#?}",
        recorder.lines()
    );
    let targets: Vec<&str> = observed
        .scalable_targets
        .iter()
        .map(|target| target.resource_id.as_str())
        .collect();
    assert_eq!(
        targets,
        [scaling_of_ours.as_str(), scaling_of_orphan.as_str()],
        "the plan's own, and one on a name the plan wants that nobody holds"
    );
    let policies: Vec<&str> = observed
        .scaling_policies
        .iter()
        .map(|policy| policy.resource_id.as_str())
        .collect();
    assert_eq!(policies, [scaling_of_ours.as_str()]);
    assert!(observed.scheduled_actions.is_empty(), "{observed:#?}");
    assert!(observed.alarms.is_empty(), "{observed:#?}");
    assert_eq!(observed.models.len(), 1);
    assert_eq!(observed.endpoint_configs.len(), 1);

    // Read back, the plan's endpoint is as the plan wants it; the foreign one is a conflict.
    let changeset = deploy::diff(&desired, &observed, REGION);
    assert!(
        changeset.unchanged.contains(&ours.name),
        "the observation reads back what apply writes: {:#?}",
        changeset
            .endpoints
            .iter()
            .find(|change| change.endpoint == ours.name)
    );
    assert_eq!(
        changeset
            .conflicts
            .iter()
            .map(|conflict| conflict.name.as_str())
            .collect::<Vec<_>>(),
        [foreign]
    );
}
