//! The command line: commands, their arguments, and the options they share.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use gpuplan_core::region::Region;
use gpuplan_core::render::{Format, Lang};

/// Plan, check, price and provision GPU inference deployments in the AWS China regions
/// (cn-northwest-1 Ningxia, cn-north-1 Beijing).
#[derive(Debug, Parser)]
#[command(name = "gpuplan", version, about, long_about = None)]
#[command(
    after_help = "Exit status: 0 success, 1 usage or input error, 2 `plan --detailed-exitcode` found changes, 3 check found a blocker, 4 AWS could not be reached or refused a call, 130 interrupted."
)]
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
    /// GPU instance types of the China regions, with specs, prices and their sources;
    /// `catalog refresh` pulls today's prices from the AWS Price List API.
    Catalog(CatalogArguments),
    /// Service Quotas: `quota request PLAN` files the increases `check` found missing.
    Quota(QuotaArguments),
    /// Show what `apply` would change in the account: the check findings, the changes
    /// (Terraform-style) and their monthly cost; `-o FILE` saves them for `apply FILE`.
    Plan(PlanArguments),
    /// Make the plan's changes: from the plan file (after a `yes`), or from a saved plan.
    Apply(ApplyArguments),
    /// Remove everything the plan's tags mark (endpoints, configs, models, autoscaling,
    /// alarms), after a `yes`.
    Destroy(DestroyArguments),
    /// Print the least-privilege IAM policy that plan, apply and destroy of the plan need.
    IamPolicy(IamPolicyArguments),
    /// Print the JSON Schema of the plan file (for editor completion).
    Schema(SchemaArguments),
}

#[derive(Debug, Args)]
pub struct PlanArguments {
    /// The plan file (TOML).
    pub plan: PathBuf,
    /// Save the changes to this file, for `gpuplan apply FILE`.
    #[arg(long = "out", short = 'o', value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Exit 0 when there is nothing to change, 2 when there is, 1 on error.
    #[arg(long)]
    pub detailed_exitcode: bool,
    /// Plan the removal of everything the plan's tags mark instead (`-o` saves it for
    /// `apply FILE`).
    #[arg(long)]
    pub destroy: bool,
    /// Output format: the changes as text, or one JSON document.
    #[arg(long, short = 'f', value_enum, default_value_t = PlanFormatArgument::Table)]
    pub format: PlanFormatArgument,
    #[command(flatten)]
    pub aws: AwsOptions,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PlanFormatArgument {
    Table,
    Json,
}

/// How apply and destroy run.
#[derive(Debug, Args)]
pub struct ApplyOptions {
    /// Apply without asking (a saved plan never asks).
    #[arg(long)]
    pub auto_approve: bool,
    /// Endpoints changed at the same time.
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u32).range(1..=64), value_name = "N")]
    pub parallelism: u32,
    /// Seconds between two DescribeEndpoint calls while waiting for an endpoint.
    #[arg(long, default_value_t = 15.0, value_name = "SECONDS")]
    pub poll_interval: f64,
    /// Give up on an endpoint that is not ready after this many minutes.
    #[arg(long, default_value_t = 60, value_name = "MINUTES")]
    pub wait_timeout: u64,
}

#[derive(Debug, Args)]
pub struct ApplyArguments {
    /// The plan file (TOML), or a plan saved by `gpuplan plan -o FILE`.
    pub plan: PathBuf,
    /// Apply even though the check finds a blocker (a type not offered, a quota short).
    #[arg(long)]
    pub ignore_check: bool,
    #[command(flatten)]
    pub apply: ApplyOptions,
    #[command(flatten)]
    pub aws: AwsOptions,
}

#[derive(Debug, Args)]
pub struct DestroyArguments {
    /// The plan file (TOML): its name and region say what to remove.
    pub plan: PathBuf,
    #[command(flatten)]
    pub apply: ApplyOptions,
    #[command(flatten)]
    pub aws: AwsOptions,
}

#[derive(Debug, Args)]
pub struct IamPolicyArguments {
    /// The plan file (TOML).
    pub plan: PathBuf,
    /// The 12-digit account id to put in the ARNs (default `*`).
    #[arg(long, value_name = "ID", value_parser = parse_account)]
    pub account: Option<String>,
    /// Write the policy to this file instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

fn parse_account(text: &str) -> Result<String, String> {
    if text.len() == 12 && text.bytes().all(|byte| byte.is_ascii_digit()) {
        Ok(text.to_string())
    } else {
        Err(format!("`{text}` is not a 12-digit AWS account id"))
    }
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

/// How to reach AWS: the standard chain (environment, profiles, SSO, instance metadata),
/// with these overrides.
#[derive(Debug, Args)]
pub struct AwsOptions {
    /// AWS profile from ~/.aws/config or ~/.aws/credentials (default: AWS_PROFILE, then the
    /// default chain).
    #[arg(long, value_name = "NAME", help_heading = "AWS")]
    pub profile: Option<String>,
    /// Region to call. For a plan, it must be the plan's region (which is the default).
    #[arg(long, value_parser = parse_region, value_name = "REGION", help_heading = "AWS")]
    pub region: Option<Region>,
    /// Send every call to this URL (an emulator on loopback, a VPC endpoint).
    #[arg(long, value_name = "URL", help_heading = "AWS")]
    pub endpoint_url: Option<String>,
    /// Retry strategy for throttled and failed calls.
    #[arg(long, value_enum, default_value_t = RetryModeArgument::Standard, help_heading = "AWS")]
    pub retry_mode: RetryModeArgument,
    /// Attempts per call, the first included.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=20), value_name = "N", help_heading = "AWS")]
    pub max_attempts: u32,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum RetryModeArgument {
    Standard,
    Adaptive,
}

#[derive(Debug, Args)]
pub struct CheckArguments {
    /// The plan file (TOML).
    pub plan: PathBuf,
    /// Judge against the embedded catalog only, without calling AWS.
    #[arg(long, conflicts_with = "live")]
    pub offline: bool,
    /// Require the live account: fail instead of falling back to the catalog when no
    /// credentials are found.
    #[arg(long)]
    pub live: bool,
    /// Also write GitHub Actions annotations (stderr) and a job summary
    /// ($GITHUB_STEP_SUMMARY). `auto` does when GITHUB_ACTIONS=true.
    #[arg(long, value_enum, default_value_t = AnnotationsArgument::Auto)]
    pub annotations: AnnotationsArgument,
    #[command(flatten)]
    pub aws: AwsOptions,
    #[command(flatten)]
    pub output: OutputOptions,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum AnnotationsArgument {
    Auto,
    Github,
    None,
}

#[derive(Debug, Args)]
pub struct QuotaArguments {
    #[command(subcommand)]
    pub action: QuotaAction,
}

#[derive(Debug, Subcommand)]
pub enum QuotaAction {
    /// File a quota increase for each shortfall of the plan: the missing amount plus the
    /// plan's `quota_headroom`. Skips quotas with a request already open.
    Request(QuotaRequestArguments),
}

#[derive(Debug, Args)]
pub struct QuotaRequestArguments {
    /// The plan file (TOML).
    pub plan: PathBuf,
    /// File without asking (for CI).
    #[arg(long, short = 'y')]
    pub yes: bool,
    #[command(flatten)]
    pub aws: AwsOptions,
    #[command(flatten)]
    pub output: OutputOptions,
}

#[derive(Debug, Args)]
pub struct CostArguments {
    /// The plan file (TOML).
    pub plan: PathBuf,
    /// Price from the embedded catalog only, ignoring prices `catalog refresh` cached.
    #[arg(long)]
    pub offline: bool,
    #[command(flatten)]
    pub output: OutputOptions,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct CatalogArguments {
    #[command(subcommand)]
    pub action: Option<CatalogAction>,
    /// Only this region.
    #[arg(long, value_parser = parse_region, conflicts_with = "apis")]
    pub region: Option<Region>,
    /// List the usage-based model API prices (ids for `catalog_id` in a plan) instead.
    #[arg(long)]
    pub apis: bool,
    #[command(flatten)]
    pub output: OutputOptions,
}

#[derive(Debug, Subcommand)]
pub enum CatalogAction {
    /// Pull EC2 and SageMaker prices of the China regions from the AWS Price List API
    /// (GetProducts) and spot prices from EC2 (DescribeSpotPriceHistory) into a cache that
    /// `check`, `cost` and `catalog` then use.
    Refresh(CatalogRefreshArguments),
}

#[derive(Debug, Args)]
pub struct CatalogRefreshArguments {
    /// Write the cache here instead of the default place (GPUPLAN_CACHE_DIR, else
    /// $XDG_CACHE_HOME/gpuplan, else ~/.cache/gpuplan).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub aws: AwsOptions,
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
