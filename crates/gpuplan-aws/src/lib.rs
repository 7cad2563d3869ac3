//! gpuplan's AWS adapter: the only code that talks to the AWS SDK.
//!
//! It turns one set of [`ConnectionSettings`] into one `SdkConfig` (aws-config's default
//! chain: environment, profiles, SSO, IMDS; the China partition follows from the region),
//! makes the few API calls a command needs, concurrently, and returns gpuplan-core's
//! domain types. "Not found" is data; an API failure is an [`AwsCallError`] that names the
//! service, the operation, the error code and AWS's message.
//!
//! - [`connection`]: settings, credentials, clients.
//! - [`observe`]: the live reading behind `gpuplan check`.
//! - [`quota_increase`]: filing quota increase requests.
//! - [`price_lists`]: the Price List API and spot price history behind `catalog refresh`.

pub mod call_log;
pub mod connection;
pub mod deployment;
pub mod error;
pub mod observe;
mod pages;
pub mod price_lists;
pub mod quota_increase;

pub use connection::{ConnectError, Connection, ConnectionSettings, RetryMode, connect};
pub use error::AwsCallError;
