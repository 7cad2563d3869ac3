//! Renders what `gpuplan quota request` will file, skipped and filed.

use serde::Serialize;

use crate::check::observation::OpenQuotaRequest;
use crate::check::quota_requests::QuotaRequestAction;
use crate::region::Region;
use crate::render::document::{Document, Table};
use crate::render::numbers::quantity;
use crate::render::{Format, Lang};

/// Version of the JSON shape of [`QuotaRequestOutcome`].
pub const QUOTA_REQUEST_FORMAT_VERSION: u32 = 1;

/// The requests a plan's shortfalls call for, and what became of them.
#[derive(Clone, Debug, Serialize)]
pub struct QuotaRequestOutcome {
    pub plan: String,
    pub region: Region,
    pub headroom_instances: u32,
    pub actions: Vec<QuotaRequestAction>,
    /// The requests filed in this run, in order; the last may be the one that failed.
    pub filed: Vec<FiledRequest>,
    /// The user answered no at the prompt.
    pub declined: bool,
}

/// One RequestServiceQuotaIncrease call.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum FiledRequest {
    Filed(OpenQuotaRequest),
    Failed { quota_name: String, error: String },
}

#[derive(Serialize)]
struct OutcomeJson<'a> {
    format_version: u32,
    #[serde(flatten)]
    outcome: &'a QuotaRequestOutcome,
}

pub fn render_quota_requests(outcome: &QuotaRequestOutcome, format: Format, lang: Lang) -> String {
    match format {
        Format::Json => {
            serde_json::to_string_pretty(&OutcomeJson {
                format_version: QUOTA_REQUEST_FORMAT_VERSION,
                outcome,
            })
            .expect("outcomes serialize")
                + "\n"
        }
        Format::Csv => table(outcome, lang).to_csv(),
        Format::Table => layout(outcome, lang).to_terminal(),
        Format::Markdown => layout(outcome, lang).to_markdown(),
    }
}

fn layout(outcome: &QuotaRequestOutcome, lang: Lang) -> Document {
    let mut document = Document::new(match lang {
        Lang::En => format!(
            "gpuplan quota request: {} in {}",
            outcome.plan, outcome.region
        ),
        Lang::Zh => format!("gpuplan 配额申请：{}，{}", outcome.plan, outcome.region),
    });
    let filing = outcome
        .actions
        .iter()
        .filter(|action| matches!(action, QuotaRequestAction::File { .. }))
        .count();
    let filed = outcome
        .filed
        .iter()
        .filter(|filed| matches!(filed, FiledRequest::Filed(_)))
        .count();
    document.paragraph(match (lang, outcome.actions.is_empty()) {
        (Lang::En, true) => "No shortfall: nothing to request.".to_string(),
        (Lang::Zh, true) => "配额充足：无需申请。".to_string(),
        (Lang::En, false) => format!(
            "{filing} to file, {} skipped; {filed} filed in this run{}. Headroom: {} instance(s) beyond each shortfall (plan's quota_headroom).",
            outcome.actions.len() - filing,
            if outcome.declined { " (declined)" } else { "" },
            outcome.headroom_instances
        ),
        (Lang::Zh, false) => format!(
            "待提交 {filing} 项，跳过 {} 项；本次已提交 {filed} 项{}。余量：每项在缺口之外多申请 {} 个实例（计划的 quota_headroom）。",
            outcome.actions.len() - filing,
            if outcome.declined { "（已取消）" } else { "" },
            outcome.headroom_instances
        ),
    });
    if !outcome.actions.is_empty() {
        document.table(table(outcome, lang));
    }
    document
}

fn table(outcome: &QuotaRequestOutcome, lang: Lang) -> Table {
    let mut table = Table::new(vec![
        lang.pick("Quota", "配额").to_string(),
        lang.pick("Code", "代码").to_string(),
        lang.pick("Applied", "当前配额").to_string(),
        lang.pick("Missing", "缺口").to_string(),
        lang.pick("Extra (quota_headroom)", "额外余量（quota_headroom）")
            .to_string(),
        lang.pick("Request", "申请值").to_string(),
        lang.pick("Action", "处理").to_string(),
    ])
    .numeric(&[2, 3, 4, 5]);
    for action in &outcome.actions {
        let result = outcome.filed.iter().find_map(|filed| match filed {
            FiledRequest::Filed(request) if request.quota_name == action.quota_name() => {
                Some(match lang {
                    Lang::En => format!("filed: {} {}", request.id, request.status),
                    Lang::Zh => format!("已提交：{} {}", request.id, request.status),
                })
            }
            FiledRequest::Failed { quota_name, error } if quota_name == action.quota_name() => {
                Some(match lang {
                    Lang::En => format!("FAILED: {error}"),
                    Lang::Zh => format!("失败：{error}"),
                })
            }
            _ => None,
        });
        let row = match action {
            QuotaRequestAction::File {
                service_code,
                quota_code,
                quota_name,
                applied,
                missing,
                headroom,
                desired_value,
            } => vec![
                format!("{service_code} / {quota_name}"),
                quota_code.clone(),
                quantity(*applied),
                quantity(*missing),
                quantity(*headroom),
                quantity(*desired_value),
                result.unwrap_or_else(|| {
                    if outcome.declined {
                        lang.pick("not filed (declined)", "未提交（已取消）")
                            .to_string()
                    } else {
                        lang.pick("to file", "待提交").to_string()
                    }
                }),
            ],
            QuotaRequestAction::AlreadyRequested {
                service_code,
                quota_code,
                quota_name,
                applied,
                missing,
                open,
                still_missing_after,
            } => vec![
                format!("{service_code} / {quota_name}"),
                quota_code.clone(),
                quantity(*applied),
                quantity(*missing),
                String::new(),
                quantity(open.desired_value),
                match (lang, *still_missing_after > 0.0) {
                    (Lang::En, false) => format!("skipped: request {} is {}", open.id, open.status),
                    (Lang::En, true) => format!(
                        "skipped: request {} is {}; once granted, still {} short: run again then",
                        open.id,
                        open.status,
                        quantity(*still_missing_after)
                    ),
                    (Lang::Zh, false) => format!("跳过：申请 {} 状态为 {}", open.id, open.status),
                    (Lang::Zh, true) => format!(
                        "跳过：申请 {} 状态为 {}；批准后仍缺 {}，届时请再次运行",
                        open.id,
                        open.status,
                        quantity(*still_missing_after)
                    ),
                },
            ],
            QuotaRequestAction::NotAdjustable {
                service_code,
                quota_name,
                missing,
            } => vec![
                format!("{service_code} / {quota_name}"),
                String::new(),
                String::new(),
                quantity(*missing),
                String::new(),
                String::new(),
                lang.pick(
                    "not adjustable through Service Quotas: open a support case",
                    "无法通过 Service Quotas 调整：请提交支持工单",
                )
                .to_string(),
            ],
        };
        table.push(row);
    }
    table
}
