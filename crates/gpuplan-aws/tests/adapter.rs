//! Adapter tests: exact request and response shapes against aws-smithy-mocks, with
//! pagination, throttling and errors, and the domain types the adapter returns.

use aws_sdk_ec2::operation::describe_availability_zones::DescribeAvailabilityZonesOutput;
use aws_sdk_ec2::operation::describe_instance_type_offerings::DescribeInstanceTypeOfferingsOutput;
use aws_sdk_ec2::types::{AvailabilityZone, InstanceType, InstanceTypeOffering};
use aws_sdk_sagemaker::operation::describe_endpoint::DescribeEndpointOutput;
use aws_sdk_sagemaker::operation::describe_endpoint_config::DescribeEndpointConfigOutput;
use aws_sdk_sagemaker::operation::list_endpoints::ListEndpointsOutput;
use aws_sdk_sagemaker::types::{
    EndpointStatus, EndpointSummary, ProductionVariant, ProductionVariantInstanceType,
    ProductionVariantSummary,
};
use aws_sdk_servicequotas::operation::list_requested_service_quota_change_history::ListRequestedServiceQuotaChangeHistoryOutput;
use aws_sdk_servicequotas::operation::list_service_quotas::ListServiceQuotasOutput;
use aws_sdk_servicequotas::operation::request_service_quota_increase::RequestServiceQuotaIncreaseOutput;
use aws_sdk_servicequotas::types::{RequestStatus, RequestedServiceQuotaChange, ServiceQuota};
use aws_sdk_ssm::operation::get_parameters::GetParametersOutput;
use aws_sdk_ssm::types::Parameter;
use aws_smithy_mocks::{Rule, RuleMode, mock, mock_client};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::http::StatusCode;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::retry::RetryConfig;
use gpuplan_aws::call_log::CallLog;
use gpuplan_aws::{Connection, ConnectionSettings, RetryMode};
use gpuplan_core::check::observation::ObservationRequest;
use gpuplan_core::region::Region;

fn settings() -> ConnectionSettings {
    ConnectionSettings {
        profile: None,
        region: Region::CnNorthwest1,
        endpoint_url: None,
        retry_mode: RetryMode::Standard,
        max_attempts: 1,
    }
}

/// Rules for each client; a client with no rules answers nothing (any call fails).
#[derive(Default)]
struct Rules {
    ec2: Vec<Rule>,
    sagemaker: Vec<Rule>,
    quotas: Vec<Rule>,
    ssm: Vec<Rule>,
    attempts: u32,
}

impl Rules {
    fn connection(&self) -> Connection {
        let attempts = self.attempts.max(1);
        let retry = move || RetryConfig::standard().with_max_attempts(attempts);
        Connection {
            settings: settings(),
            ec2: mock_client!(aws_sdk_ec2, RuleMode::MatchAny, &self.ec2, |config| config
                .retry_config(retry())),
            sagemaker: mock_client!(
                aws_sdk_sagemaker,
                RuleMode::MatchAny,
                &self.sagemaker,
                |config| config.retry_config(retry())
            ),
            service_quotas: mock_client!(
                aws_sdk_servicequotas,
                RuleMode::MatchAny,
                &self.quotas,
                |config| config.retry_config(retry())
            ),
            ssm: mock_client!(aws_sdk_ssm, RuleMode::MatchAny, &self.ssm, |config| config
                .retry_config(retry())),
            pricing: mock_client!(aws_sdk_pricing, RuleMode::MatchAny, &Vec::<Rule>::new()),
            autoscaling: mock_client!(
                aws_sdk_applicationautoscaling,
                RuleMode::MatchAny,
                &Vec::<Rule>::new()
            ),
            cloudwatch: mock_client!(aws_sdk_cloudwatch, RuleMode::MatchAny, &Vec::<Rule>::new()),
            calls: CallLog::default(),
        }
    }
}

fn quota(code: &str, name: &str, value: f64) -> ServiceQuota {
    ServiceQuota::builder()
        .service_code("sagemaker")
        .service_name("Amazon SageMaker")
        .quota_arn(format!(
            "arn:aws-cn:servicequotas:cn-northwest-1:123456789012:sagemaker/{code}"
        ))
        .quota_code(code)
        .quota_name(name)
        .value(value)
        .adjustable(true)
        .global_quota(false)
        .build()
}

fn throttled() -> HttpResponse {
    HttpResponse::new(
        StatusCode::try_from(400).expect("a status"),
        SdkBody::from(r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#),
    )
}

fn request() -> ObservationRequest {
    ObservationRequest {
        plan_name: "theater-g5".to_string(),
        region: Region::CnNorthwest1,
        services: ["sagemaker".to_string(), "bedrock".to_string()].into(),
        instance_types: ["g5.2xlarge".to_string()].into(),
        ec2_capacity: false,
        ec2_instance_type_patterns: Default::default(),
    }
}

/// Rules for a small, quiet account: two pages of quotas, one open request, one endpoint
/// of another team, SSM knowing sagemaker but not bedrock, g5.2xlarge in two zones of three.
fn small_account() -> Rules {
    let first_page = mock!(aws_sdk_servicequotas::Client::list_service_quotas)
        .match_requests(|request| request.next_token().is_none())
        .then_output(|| {
            ListServiceQuotasOutput::builder()
                .quotas(quota(
                    "L-9614C779",
                    "ml.g5.2xlarge for endpoint usage",
                    20.0,
                ))
                .next_token("page-2")
                .build()
        });
    let second_page = mock!(aws_sdk_servicequotas::Client::list_service_quotas)
        .match_requests(|request| request.next_token() == Some("page-2"))
        .then_output(|| {
            ListServiceQuotasOutput::builder()
                .quotas(quota(
                    "L-65C4BD00",
                    "ml.g5.12xlarge for endpoint usage",
                    0.0,
                ))
                .build()
        });
    let pending = mock!(aws_sdk_servicequotas::Client::list_requested_service_quota_change_history)
        .match_requests(|request| request.status() == Some(&RequestStatus::Pending))
        .then_output(|| {
            ListRequestedServiceQuotaChangeHistoryOutput::builder()
                .requested_quotas(
                    RequestedServiceQuotaChange::builder()
                        .id("request-1")
                        .service_code("sagemaker")
                        .quota_code("L-65C4BD00")
                        .quota_name("ml.g5.12xlarge for endpoint usage")
                        .desired_value(4.0)
                        .status(RequestStatus::Pending)
                        .build(),
                )
                .build()
        });
    let case_opened =
        mock!(aws_sdk_servicequotas::Client::list_requested_service_quota_change_history)
            .match_requests(|request| request.status() == Some(&RequestStatus::CaseOpened))
            .then_output(|| ListRequestedServiceQuotaChangeHistoryOutput::builder().build());
    let endpoints = mock!(aws_sdk_sagemaker::Client::list_endpoints).then_output(|| {
        let summary = |name: &str, status: EndpointStatus| {
            EndpointSummary::builder()
                .endpoint_name(name)
                .endpoint_arn(format!(
                    "arn:aws-cn:sagemaker:cn-northwest-1:123456789012:endpoint/{name}"
                ))
                .endpoint_status(status)
                .creation_time(aws_smithy_types::DateTime::from_secs(1_700_000_000))
                .last_modified_time(aws_smithy_types::DateTime::from_secs(1_700_000_000))
                .build()
        };
        ListEndpointsOutput::builder()
            .endpoints(summary("other-team-caption", EndpointStatus::InService))
            .endpoints(summary("broken", EndpointStatus::Failed))
            .build()
    });
    let describe = mock!(aws_sdk_sagemaker::Client::describe_endpoint)
        .match_requests(|request| request.endpoint_name() == Some("other-team-caption"))
        .then_output(|| {
            DescribeEndpointOutput::builder()
                .endpoint_name("other-team-caption")
                .endpoint_config_name("other-team-caption-config")
                .endpoint_status(EndpointStatus::InService)
                .production_variants(
                    ProductionVariantSummary::builder()
                        .variant_name("AllTraffic")
                        .current_instance_count(2)
                        .desired_instance_count(2)
                        .build(),
                )
                .build()
        });
    let describe_config =
        mock!(aws_sdk_sagemaker::Client::describe_endpoint_config).then_output(|| {
            DescribeEndpointConfigOutput::builder()
                .endpoint_config_name("other-team-caption-config")
                .production_variants(
                    ProductionVariant::builder()
                        .variant_name("AllTraffic")
                        .instance_type(ProductionVariantInstanceType::MlG52Xlarge)
                        .initial_instance_count(1)
                        .build(),
                )
                .build()
        });
    let parameters = mock!(aws_sdk_ssm::Client::get_parameters).then_output(|| {
        GetParametersOutput::builder()
            .parameters(
                Parameter::builder()
                    .name("/aws/service/global-infrastructure/regions/cn-northwest-1/services/sagemaker")
                    .value("sagemaker")
                    .build(),
            )
            .invalid_parameters("/aws/service/global-infrastructure/regions/cn-northwest-1/services/bedrock")
            .build()
    });
    let zones = mock!(aws_sdk_ec2::Client::describe_availability_zones).then_output(|| {
        let zone = |name: &str, id: &str| {
            AvailabilityZone::builder()
                .zone_name(name)
                .zone_id(id)
                .build()
        };
        DescribeAvailabilityZonesOutput::builder()
            .availability_zones(zone("cn-northwest-1b", "cnnw1-az2"))
            .availability_zones(zone("cn-northwest-1a", "cnnw1-az1"))
            .availability_zones(zone("cn-northwest-1c", "cnnw1-az3"))
            .build()
    });
    let offerings = mock!(aws_sdk_ec2::Client::describe_instance_type_offerings)
        .match_requests(|request| {
            request.filters().iter().any(|filter| {
                filter.name() == Some("instance-type") && filter.values() == ["g5.2xlarge"]
            })
        })
        .then_output(|| {
            let offering = |zone: &str| {
                InstanceTypeOffering::builder()
                    .instance_type(InstanceType::G52xlarge)
                    .location(zone)
                    .build()
            };
            DescribeInstanceTypeOfferingsOutput::builder()
                .instance_type_offerings(offering("cn-northwest-1a"))
                .instance_type_offerings(offering("cn-northwest-1b"))
                .build()
        });
    Rules {
        ec2: vec![zones, offerings],
        sagemaker: vec![endpoints, describe, describe_config],
        quotas: vec![first_page, second_page, pending, case_opened],
        ssm: vec![parameters],
        attempts: 1,
    }
}

#[tokio::test]
async fn a_reading_gathers_every_page_and_names_the_instances_of_other_endpoints() {
    let connection = small_account().connection();
    let observation = gpuplan_aws::observe::observe_account(&connection, &request())
        .await
        .expect("the reading succeeds");

    let names: Vec<&str> = observation
        .quotas
        .iter()
        .map(|quota| quota.quota_name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "ml.g5.2xlarge for endpoint usage",
            "ml.g5.12xlarge for endpoint usage"
        ]
    );
    assert!(observation.services["sagemaker"]);
    assert!(!observation.services["bedrock"]);
    assert_eq!(
        observation.zone_offerings["g5.2xlarge"],
        ["cn-northwest-1a".to_string(), "cn-northwest-1b".to_string()].into()
    );
    assert_eq!(observation.zones.len(), 3);
    assert_eq!(observation.zones[0].name, "cn-northwest-1a");
    // The failed endpoint is not described; the other team's holds 2 ml.g5.2xlarge.
    assert_eq!(observation.endpoints.len(), 1);
    assert_eq!(
        observation.endpoints[0].variants[0]
            .instance_type
            .as_deref(),
        Some("ml.g5.2xlarge")
    );
    assert_eq!(observation.endpoints[0].variants[0].instances, 2);
    assert_eq!(observation.open_requests.len(), 1);
    assert_eq!(observation.open_requests[0].desired_value, 4.0);

    let calls: std::collections::BTreeMap<String, u32> = observation
        .api_calls
        .iter()
        .map(|count| (count.operation.clone(), count.calls))
        .collect();
    assert_eq!(calls["service-quotas:ListServiceQuotas"], 2, "two pages");
    assert_eq!(calls["sagemaker:DescribeEndpoint"], 1);
    assert_eq!(calls["ssm:GetParameters"], 1, "ten names fit one call");
    assert!(
        !calls.contains_key("ec2:DescribeInstances"),
        "EC2 capacity was not asked for"
    );
}

#[tokio::test]
async fn services_are_asked_ten_names_per_call() {
    let rules = small_account();
    let connection = rules.connection();
    let mut request = request();
    request.services = (0..14).map(|index| format!("service{index:02}")).collect();
    let observation = gpuplan_aws::observe::observe_account(&connection, &request)
        .await
        .expect("the reading succeeds");
    let calls = observation
        .api_calls
        .iter()
        .find(|count| count.operation == "ssm:GetParameters")
        .expect("SSM was called");
    assert_eq!(calls.calls, 2);
    assert!(observation.services.values().all(|present| !present));
}

#[tokio::test]
async fn throttling_is_retried_and_the_reading_completes() {
    let mut rules = small_account();
    rules.sagemaker[0] = mock!(aws_sdk_sagemaker::Client::list_endpoints)
        .sequence()
        .http_response(throttled)
        .times(2)
        .output(|| ListEndpointsOutput::builder().build())
        .build();
    rules.attempts = 3;
    let throttled_rule = rules.sagemaker[0].clone();
    let connection = rules.connection();
    let observation = gpuplan_aws::observe::observe_account(&connection, &request())
        .await
        .expect("the third attempt succeeds");
    assert_eq!(throttled_rule.num_calls(), 3);
    assert!(observation.endpoints.is_empty());
}

#[tokio::test]
async fn throttling_beyond_the_attempts_names_the_operation_code_and_message() {
    let mut rules = small_account();
    rules.sagemaker[0] = mock!(aws_sdk_sagemaker::Client::list_endpoints)
        .sequence()
        .http_response(throttled)
        .repeatedly()
        .build();
    rules.attempts = 2;
    let connection = rules.connection();
    let error = gpuplan_aws::observe::observe_account(&connection, &request())
        .await
        .expect_err("throttled every time");
    assert_eq!(error.operation, "ListEndpoints");
    assert_eq!(error.code.as_deref(), Some("ThrottlingException"));
    assert_eq!(
        error.to_string(),
        "SageMaker ListEndpoints failed: ThrottlingException: Rate exceeded"
    );
}

#[tokio::test]
async fn access_denied_is_reported_as_aws_says_it() {
    let mut rules = small_account();
    let denied = || {
        HttpResponse::new(
            StatusCode::try_from(400).expect("a status"),
            SdkBody::from(
                r#"{"__type":"AccessDeniedException","message":"User: arn:aws-cn:iam::123456789012:user/ci is not authorized to perform: servicequotas:ListServiceQuotas"}"#,
            ),
        )
    };
    rules.quotas.insert(
        0,
        mock!(aws_sdk_servicequotas::Client::list_service_quotas).then_http_response(denied),
    );
    let connection = rules.connection();
    let error = gpuplan_aws::observe::observe_account(&connection, &request())
        .await
        .expect_err("denied");
    assert_eq!(
        error.to_string(),
        "Service Quotas ListServiceQuotas failed: AccessDeniedException: User: arn:aws-cn:iam::123456789012:user/ci is not authorized to perform: servicequotas:ListServiceQuotas"
    );
}

#[tokio::test]
async fn a_quota_increase_asks_for_the_new_total() {
    let rule = mock!(aws_sdk_servicequotas::Client::request_service_quota_increase)
        .match_requests(|request| {
            request.service_code() == Some("sagemaker")
                && request.quota_code() == Some("L-9614C779")
                && request.desired_value() == Some(42.0)
        })
        .then_output(|| {
            RequestServiceQuotaIncreaseOutput::builder()
                .requested_quota(
                    RequestedServiceQuotaChange::builder()
                        .id("request-2")
                        .service_code("sagemaker")
                        .quota_code("L-9614C779")
                        .quota_name("ml.g5.2xlarge for endpoint usage")
                        .desired_value(42.0)
                        .status(RequestStatus::Pending)
                        .created(aws_smithy_types::DateTime::from_secs(1_796_000_000))
                        .build(),
                )
                .build()
        });
    let rules = Rules {
        quotas: vec![rule.clone()],
        ..Rules::default()
    };
    let connection = rules.connection();
    let filed =
        gpuplan_aws::quota_increase::request_increase(&connection, "sagemaker", "L-9614C779", 42.0)
            .await
            .expect("filed");
    assert_eq!(rule.num_calls(), 1);
    assert_eq!(filed.id, "request-2");
    assert_eq!(filed.status, "PENDING");
    assert_eq!(filed.created.as_deref(), Some("2026-11-30T00:53:20Z"));
}
