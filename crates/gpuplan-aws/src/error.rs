//! API failures, said the way AWS says them: `code: message`, with the operation.

use std::error::Error as StdError;
use std::fmt::Debug;

use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::display::DisplayErrorContext;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

/// One failed API call.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{service} {operation} failed: {detail}")]
pub struct AwsCallError {
    /// `SageMaker`, `Service Quotas`, ...
    pub service: &'static str,
    /// `ListEndpoints`.
    pub operation: &'static str,
    /// The AWS error code (`ThrottlingException`), when AWS answered with one.
    pub code: Option<String>,
    /// `code: message` for an error AWS returned, or what went wrong on the way
    /// (timeout, connection refused, credentials).
    pub detail: String,
}

impl AwsCallError {
    /// Describes an SDK error of `operation`.
    pub fn from_sdk<E, R>(
        service: &'static str,
        operation: &'static str,
        error: SdkError<E, R>,
    ) -> AwsCallError
    where
        E: ProvideErrorMetadata + StdError + Send + Sync + 'static,
        R: Debug + Send + Sync + 'static,
    {
        match &error {
            SdkError::ServiceError(context) => {
                let inner = context.err();
                let code = inner.code().map(str::to_string);
                let message = inner
                    .message()
                    .map(str::to_string)
                    .unwrap_or_else(|| "no message".to_string());
                let detail = match &code {
                    Some(code) => format!("{code}: {message}"),
                    None => format!("{}: {message}", DisplayErrorContext(inner)),
                };
                AwsCallError {
                    service,
                    operation,
                    code,
                    detail,
                }
            }
            _ => AwsCallError {
                service,
                operation,
                code: None,
                detail: DisplayErrorContext(&error).to_string(),
            },
        }
    }
}
