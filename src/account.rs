//! Reaching the live account: settings from the command line, the decision between live
//! and the catalog, and the runtime the AWS calls run on.
//!
//! `check` goes live when credentials resolve and falls back to the embedded catalog, saying
//! so, when there are none; `--offline` skips AWS, `--live` makes missing credentials an
//! error. A profile that does not exist, or credentials that fail to load, are errors in
//! every mode but `--offline`: falling back would hide a mistake.

use gpuplan_aws::{ConnectError, Connection, ConnectionSettings, RetryMode};
use gpuplan_core::region::Region;

use crate::cli::{AwsOptions, RetryModeArgument};

/// Whether a command reads the account or the catalog.
pub enum Reading {
    Live(Connection),
    /// The catalog; with the reason when the command did not ask for it.
    Catalog {
        fallback_reason: Option<String>,
    },
}

/// What the user asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Want {
    /// `--offline`.
    Catalog,
    /// The default: live when credentials resolve.
    LiveIfPossible,
    /// `--live`, or a command that only works live.
    Live,
}

/// Why the account could not be reached.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error(
        "--region {given} disagrees with the plan's region {plan}: the plan decides where it runs; drop --region or change [plan] region"
    )]
    RegionMismatch { given: Region, plan: Region },
    #[error("{0}")]
    Connect(#[from] ConnectError),
    #[error("{0}")]
    Call(#[from] gpuplan_aws::AwsCallError),
    #[error("cannot start the async runtime: {0}")]
    Runtime(std::io::Error),
}

impl AccountError {
    /// Whether AWS itself failed (status 4) rather than the command line (status 1).
    pub fn is_aws(&self) -> bool {
        match self {
            AccountError::Call(_) => true,
            AccountError::Connect(error) => !error.is_configuration_mistake(),
            AccountError::RegionMismatch { .. } | AccountError::Runtime(_) => false,
        }
    }
}

/// The connection settings for `region` (the plan's), with the command line's overrides.
pub fn settings(options: &AwsOptions, region: Region) -> Result<ConnectionSettings, AccountError> {
    if let Some(given) = options.region
        && given != region
    {
        return Err(AccountError::RegionMismatch {
            given,
            plan: region,
        });
    }
    Ok(ConnectionSettings {
        profile: options.profile.clone(),
        region,
        endpoint_url: options.endpoint_url.clone(),
        retry_mode: match options.retry_mode {
            RetryModeArgument::Standard => RetryMode::Standard,
            RetryModeArgument::Adaptive => RetryMode::Adaptive,
        },
        max_attempts: options.max_attempts,
    })
}

/// Connects, or says why the catalog is used instead.
pub fn reach(
    runtime: &tokio::runtime::Runtime,
    settings: &ConnectionSettings,
    want: Want,
) -> Result<Reading, AccountError> {
    if want == Want::Catalog {
        return Ok(Reading::Catalog {
            fallback_reason: None,
        });
    }
    match runtime.block_on(gpuplan_aws::connect(settings)) {
        Ok(connection) => Ok(Reading::Live(connection)),
        Err(error) if error.is_missing_credentials() && want == Want::LiveIfPossible => {
            Ok(Reading::Catalog {
                fallback_reason: Some(error.to_string()),
            })
        }
        Err(error) => Err(error.into()),
    }
}

/// A runtime for one command's AWS calls.
pub fn runtime() -> Result<tokio::runtime::Runtime, AccountError> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(AccountError::Runtime)
}
