//! gpuplan: plan, check, price and provision GPU inference deployments in the AWS China
//! regions.
//!
//! This binary is the command line around `gpuplan-core`: it parses arguments, reads
//! files, calls the pure core and writes the result. Data goes to stdout; diagnostics and
//! notices go to stderr. Exit statuses are documented in [`exit`] and the README.

mod account;
mod cli;
mod commands;
mod exit;
mod input;
mod output;
mod prices;
mod prompt;

use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, Command};
use crate::exit::Exit;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // --help and --version are not errors; everything else is a usage error (1).
            let status = if error.use_stderr() {
                Exit::Error
            } else {
                Exit::Success
            };
            let _ = error.print();
            return status.into();
        }
    };
    let result = match cli.command {
        Command::Check(arguments) => commands::check::run(arguments),
        Command::Cost(arguments) => commands::cost::run(arguments),
        Command::Catalog(arguments) => commands::catalog::run(arguments),
        Command::Quota(arguments) => commands::quota::run(arguments),
        Command::Plan(arguments) => commands::deploy::plan::run(arguments),
        Command::Apply(arguments) => commands::deploy::apply::run(arguments),
        Command::Destroy(arguments) => commands::deploy::destroy::run(arguments),
        Command::IamPolicy(arguments) => commands::iam_policy::run(arguments),
        Command::Schema(arguments) => commands::schema::run(arguments),
    };
    match result {
        Ok(status) => status.into(),
        Err(error) => {
            eprintln!("gpuplan: {error}");
            // AWS that could not be reached or refused a call has its own status.
            if error
                .downcast_ref::<account::AccountError>()
                .is_some_and(|error| error.is_aws())
            {
                Exit::Aws.into()
            } else {
                Exit::Error.into()
            }
        }
    }
}
