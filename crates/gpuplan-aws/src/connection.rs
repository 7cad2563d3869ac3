//! From command-line settings to one SDK configuration, resolved credentials and the
//! clients every command shares.
//!
//! The region is the plan's (or `--region`); its partition decides the endpoints
//! (`amazonaws.com.cn`) through the SDK's own endpoint rules, so nothing here names a host.
//! The Price List API of the China partition is served from cn-northwest-1 only, whatever
//! the plan's region. Credentials are resolved once, up front, so that "no credentials"
//! is known before any call and a named profile that does not exist is an error naming it.

use std::time::Duration;

use aws_config::BehaviorVersion;
use aws_config::retry::RetryConfig;
use aws_credential_types::provider::ProvideCredentials;
use aws_credential_types::provider::error::CredentialsError;
use aws_runtime::env_config::file::EnvConfigFiles;
use aws_smithy_http_client::tls::{self, rustls_provider::CryptoMode};
use aws_types::SdkConfig;
use aws_types::os_shim_internal::{Env, Fs};
use aws_types::region::Region as SdkRegion;
use gpuplan_core::region::Region;

use crate::call_log::CallLog;

/// The region that serves the Price List API of the China partition.
pub const CHINA_PRICE_LIST_REGION: &str = "cn-northwest-1";

/// How to reach AWS, as the command line says it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConnectionSettings {
    /// `--profile`; `None` uses `AWS_PROFILE` or the default chain.
    pub profile: Option<String>,
    pub region: Region,
    /// `--endpoint-url`: every service at this URL (an emulator, a VPC endpoint).
    pub endpoint_url: Option<String>,
    pub retry_mode: RetryMode,
    /// Attempts per call, the first included.
    pub max_attempts: u32,
}

/// The SDK's retry strategies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetryMode {
    /// Exponential backoff with jitter, throttling retried.
    Standard,
    /// Standard, plus client-side rate limiting after throttling.
    Adaptive,
}

/// Why no connection could be made.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error(
        "the AWS profile `{profile}` does not exist in {files}: name one of the profiles defined there ({known}), or run `aws configure --profile {profile}`"
    )]
    ProfileNotFound {
        profile: String,
        files: String,
        known: String,
    },
    #[error("no AWS credentials were found ({detail})")]
    NoCredentials { detail: String },
    #[error("the AWS credentials could not be loaded: {detail}")]
    CredentialsFailed { detail: String },
    #[error("the AWS configuration files could not be read: {detail}")]
    ConfigurationFiles { detail: String },
}

impl ConnectError {
    /// Whether this means "there simply are no credentials here", which lets `check` and
    /// `cost` fall back to the catalog; every other failure is an error.
    pub fn is_missing_credentials(&self) -> bool {
        matches!(self, ConnectError::NoCredentials { .. })
    }

    /// Whether the user's own configuration is at fault (a profile that is not defined),
    /// rather than AWS or the credentials source.
    pub fn is_configuration_mistake(&self) -> bool {
        matches!(self, ConnectError::ProfileNotFound { .. })
    }
}

/// A resolved configuration and the clients built from it.
#[derive(Clone, Debug)]
pub struct Connection {
    pub settings: ConnectionSettings,
    pub ec2: aws_sdk_ec2::Client,
    pub sagemaker: aws_sdk_sagemaker::Client,
    pub service_quotas: aws_sdk_servicequotas::Client,
    pub ssm: aws_sdk_ssm::Client,
    pub pricing: aws_sdk_pricing::Client,
    pub autoscaling: aws_sdk_applicationautoscaling::Client,
    pub cloudwatch: aws_sdk_cloudwatch::Client,
    pub calls: CallLog,
}

/// Builds the configuration, checks the profile, resolves credentials and makes clients.
pub async fn connect(settings: &ConnectionSettings) -> Result<Connection, ConnectError> {
    if let Some(profile) = &settings.profile {
        ensure_profile_exists(profile).await?;
    }
    let config = load_config(settings).await;
    resolve_credentials(&config, settings.profile.as_deref()).await?;
    Ok(Connection::from_config(settings.clone(), &config))
}

impl Connection {
    /// Clients over an already loaded configuration (also used by the adapter tests).
    pub fn from_config(settings: ConnectionSettings, config: &SdkConfig) -> Connection {
        let pricing_config = aws_sdk_pricing::config::Builder::from(config)
            .region(SdkRegion::new(CHINA_PRICE_LIST_REGION))
            .build();
        Connection {
            settings,
            ec2: aws_sdk_ec2::Client::new(config),
            sagemaker: aws_sdk_sagemaker::Client::new(config),
            service_quotas: aws_sdk_servicequotas::Client::new(config),
            ssm: aws_sdk_ssm::Client::new(config),
            pricing: aws_sdk_pricing::Client::from_conf(pricing_config),
            autoscaling: aws_sdk_applicationautoscaling::Client::new(config),
            cloudwatch: aws_sdk_cloudwatch::Client::new(config),
            calls: CallLog::default(),
        }
    }

    /// The plan's region.
    pub fn region(&self) -> Region {
        self.settings.region
    }
}

async fn load_config(settings: &ConnectionSettings) -> SdkConfig {
    let retry = match settings.retry_mode {
        RetryMode::Standard => RetryConfig::standard(),
        RetryMode::Adaptive => RetryConfig::adaptive(),
    }
    .with_max_attempts(settings.max_attempts.max(1))
    .with_initial_backoff(Duration::from_millis(200));
    let http_client = aws_smithy_http_client::Builder::new()
        .tls_provider(tls::Provider::Rustls(CryptoMode::Ring))
        .build_https();
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .region(SdkRegion::new(settings.region.code()))
        .retry_config(retry)
        .http_client(http_client);
    if let Some(profile) = &settings.profile {
        loader = loader.profile_name(profile);
    }
    if let Some(url) = &settings.endpoint_url {
        loader = loader.endpoint_url(url);
    }
    loader.load().await
}

async fn ensure_profile_exists(profile: &str) -> Result<(), ConnectError> {
    let profiles =
        aws_config::profile::load(&Fs::real(), &Env::real(), &EnvConfigFiles::default(), None)
            .await
            .map_err(|error| ConnectError::ConfigurationFiles {
                detail: error.to_string(),
            })?;
    if profiles.get_profile(profile).is_some() {
        return Ok(());
    }
    let mut known: Vec<&str> = profiles.profiles().collect();
    known.sort_unstable();
    Err(ConnectError::ProfileNotFound {
        profile: profile.to_string(),
        files: profile_file_names(),
        known: if known.is_empty() {
            "none are".to_string()
        } else {
            known.join(", ")
        },
    })
}

/// The files aws-config reads profiles from, as this environment names them.
fn profile_file_names() -> String {
    let config = std::env::var("AWS_CONFIG_FILE").unwrap_or_else(|_| "~/.aws/config".to_string());
    let credentials = std::env::var("AWS_SHARED_CREDENTIALS_FILE")
        .unwrap_or_else(|_| "~/.aws/credentials".to_string());
    format!("{config} and {credentials}")
}

async fn resolve_credentials(
    config: &SdkConfig,
    profile: Option<&str>,
) -> Result<(), ConnectError> {
    let Some(provider) = config.credentials_provider() else {
        return Err(ConnectError::NoCredentials {
            detail: "no credentials provider is configured".to_string(),
        });
    };
    match provider.provide_credentials().await {
        Ok(_) => Ok(()),
        Err(CredentialsError::CredentialsNotLoaded(_)) => Err(ConnectError::NoCredentials {
            detail: match profile {
                Some(profile) => format!("profile `{profile}` has none"),
                None => "looked in the environment, the shared config and credentials files, SSO, web identity, the container and the instance metadata service".to_string(),
            },
        }),
        Err(error) => Err(ConnectError::CredentialsFailed {
            detail: aws_smithy_types::error::display::DisplayErrorContext(&error).to_string(),
        }),
    }
}
