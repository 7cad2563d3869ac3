//! `gpuplan check PLAN`: feasibility in the plan's region, live when credentials resolve.

use gpuplan_core::catalog::Catalog;
use gpuplan_core::check::observation::ObservationRequest;
use gpuplan_core::check::{CheckMode, CheckReport, LiveConnection, check_live, check_offline};
use gpuplan_core::plan::Plan;
use gpuplan_core::render::check::render_check;
use gpuplan_core::render::github::github_annotations;
use gpuplan_core::render::{Format, Lang};

use crate::account::{self, Reading, Want};
use crate::cli::{AnnotationsArgument, AwsOptions, CheckArguments};
use crate::commands::CommandResult;
use crate::exit::Exit;
use crate::input::load_plan;
use crate::output::{append_file, write_report};
use crate::prices::catalog_with_prices;

pub fn run(arguments: CheckArguments) -> CommandResult {
    let catalog = catalog_with_prices()?;
    let plan = load_plan(&arguments.plan, &catalog)?;
    let want = if arguments.offline {
        Want::Catalog
    } else if arguments.live {
        Want::Live
    } else {
        Want::LiveIfPossible
    };
    let report = judge(&plan, &catalog, &arguments.aws, want)?.report;
    let lang: Lang = arguments.output.lang.into();
    let text = render_check(&report, arguments.output.format.into(), lang);
    write_report(&text, arguments.output.output.as_deref())?;
    if annotate(arguments.annotations) {
        eprint!("{}", github_annotations(&report, lang));
        if let Some(summary) = std::env::var_os("GITHUB_STEP_SUMMARY") {
            append_file(
                std::path::Path::new(&summary),
                &render_check(&report, Format::Markdown, lang),
            )?;
        }
    }
    Ok(if report.is_blocked() {
        Exit::Blocked
    } else {
        Exit::Success
    })
}

/// A check's report, with the live session it was read through.
pub struct Judged {
    pub report: CheckReport,
    pub session: Option<(tokio::runtime::Runtime, gpuplan_aws::Connection)>,
}

/// The report, live or from the catalog, with a notice on stderr saying which.
pub fn judge(
    plan: &Plan,
    catalog: &Catalog,
    options: &AwsOptions,
    want: Want,
) -> Result<Judged, account::AccountError> {
    let settings = account::settings(options, plan.region)?;
    let runtime = account::runtime()?;
    match account::reach(&runtime, &settings, want)? {
        Reading::Live(connection) => {
            eprintln!(
                "gpuplan: live: reading the account in {} ({})",
                plan.region,
                settings
                    .profile
                    .as_deref()
                    .map(|profile| format!("profile {profile}"))
                    .unwrap_or_else(|| "default credentials".to_string())
            );
            let request = ObservationRequest::for_plan(plan, catalog);
            let observation =
                runtime.block_on(gpuplan_aws::observe::observe_account(&connection, &request))?;
            eprintln!("gpuplan: live: {} API calls", connection.calls.total());
            let described = LiveConnection {
                profile: settings.profile.clone(),
                endpoint_url: settings.endpoint_url.clone(),
            };
            Ok(Judged {
                report: check_live(plan, catalog, &observation, &described),
                session: Some((runtime, connection)),
            })
        }
        Reading::Catalog { fallback_reason } => {
            match &fallback_reason {
                None => eprintln!(
                    "gpuplan: offline (--offline): checking against the embedded catalog assembled {}",
                    catalog.assembled_on()
                ),
                Some(reason) => eprintln!(
                    "gpuplan: {reason}: fell back to the embedded catalog assembled {} (--offline asks for it, --live requires the account)",
                    catalog.assembled_on()
                ),
            }
            let mut report = check_offline(plan, catalog);
            if let CheckMode::Offline {
                fallback_reason: reason,
                ..
            } = &mut report.mode
            {
                *reason = fallback_reason;
            }
            Ok(Judged {
                report,
                session: None,
            })
        }
    }
}

fn annotate(choice: AnnotationsArgument) -> bool {
    match choice {
        AnnotationsArgument::Github => true,
        AnnotationsArgument::None => false,
        AnnotationsArgument::Auto => {
            std::env::var("GITHUB_ACTIONS").is_ok_and(|value| value == "true")
        }
    }
}
