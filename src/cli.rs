//! The command line: commands, their arguments, and the options they share.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use gpuplan_core::region::Region;
use gpuplan_core::render::{Format, Lang};

/// Plan, check, price and provision GPU inference deployments in the AWS China regions
/// (cn-northwest-1 Ningxia, cn-north-1 Beijing).
#[derive(Debug, Parser)]
#[command(name = "gpuplan", version, about, long_about = None)]
#[command(after_help = "Exit status: 0 success, 1 usage or input error, 3 check found a blocker.")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Pre-flight: services, instance types and quotas the plan needs in its region.
    Check(CheckArguments),
    /// Monthly cost of the plan under each serving strategy, in CNY.
    Cost(CostArguments),
    /// GPU instance types of the China regions, with specs, prices and their sources.
    Catalog(CatalogArguments),
    /// Print the JSON Schema of the plan file (for editor completion).
    Schema(SchemaArguments),
}

/// Options of every command that renders a report.
#[derive(Debug, Args)]
pub struct OutputOptions {
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = FormatArgument::Table)]
    pub format: FormatArgument,
    /// Language of headings, labels and notes.
    #[arg(long, value_enum, default_value_t = LangArgument::En)]
    pub lang: LangArgument,
    /// Write the report to this file instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArguments {
    /// The plan file (TOML).
    pub plan: PathBuf,
    /// Judge against the embedded catalog only, without calling AWS.
    #[arg(long)]
    pub offline: bool,
    #[command(flatten)]
    pub output: OutputOptions,
}

#[derive(Debug, Args)]
pub struct CostArguments {
    /// The plan file (TOML).
    pub plan: PathBuf,
    /// Price from the embedded catalog only, without calling AWS.
    #[arg(long)]
    pub offline: bool,
    #[command(flatten)]
    pub output: OutputOptions,
}

#[derive(Debug, Args)]
pub struct CatalogArguments {
    /// Only this region.
    #[arg(long, value_parser = parse_region, conflicts_with = "apis")]
    pub region: Option<Region>,
    /// List the usage-based model API prices (ids for `catalog_id` in a plan) instead.
    #[arg(long)]
    pub apis: bool,
    #[command(flatten)]
    pub output: OutputOptions,
}

#[derive(Debug, Args)]
pub struct SchemaArguments {
    /// Write the schema to this file instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum FormatArgument {
    Table,
    Markdown,
    Csv,
    Json,
}

impl From<FormatArgument> for Format {
    fn from(argument: FormatArgument) -> Self {
        match argument {
            FormatArgument::Table => Format::Table,
            FormatArgument::Markdown => Format::Markdown,
            FormatArgument::Csv => Format::Csv,
            FormatArgument::Json => Format::Json,
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum LangArgument {
    En,
    Zh,
}

impl From<LangArgument> for Lang {
    fn from(argument: LangArgument) -> Self {
        match argument {
            LangArgument::En => Lang::En,
            LangArgument::Zh => Lang::Zh,
        }
    }
}

fn parse_region(text: &str) -> Result<Region, String> {
    text.parse::<Region>().map_err(|error| error.to_string())
}
