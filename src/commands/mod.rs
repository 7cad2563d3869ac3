//! One module per command: read inputs, call the core, render, write.

pub mod catalog;
pub mod catalog_refresh;
pub mod check;
pub mod cost;
pub mod deploy;
pub mod iam_policy;
pub mod quota;
pub mod schema;

/// What a command returns when it could not finish.
pub type CommandResult = Result<crate::exit::Exit, Box<dyn std::error::Error>>;
