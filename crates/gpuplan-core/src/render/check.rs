//! Renders a [`CheckReport`]: findings and quota needs, with the verdict first.

use serde::Serialize;

use crate::catalog::{QuotaUnit, Substitute};
use crate::check::{
    CheckMode, CheckReport, Finding, FindingKind, FindingSeverity, QuotaCheck, QuotaPurpose,
    QuotaStatus,
};
use crate::render::document::{Document, Table};
use crate::render::numbers::quantity;
use crate::render::sources::SourceIndex;
use crate::render::{Format, Lang};

/// The report in the requested format and language.
pub fn render_check(report: &CheckReport, format: Format, lang: Lang) -> String {
    match format {
        Format::Json => json(report),
        Format::Table => layout(report, lang).to_terminal(),
        Format::Markdown => layout(report, lang).to_markdown(),
        Format::Csv => findings_table(report, lang, None).to_csv(),
    }
}

/// The JSON document: the report, plus the verdict a pipeline reads.
#[derive(Serialize)]
struct CheckJson<'a> {
    #[serde(flatten)]
    report: &'a CheckReport,
    blocked: bool,
}

fn json(report: &CheckReport) -> String {
    let document = CheckJson {
        report,
        blocked: report.is_blocked(),
    };
    serde_json::to_string_pretty(&document).expect("reports serialize") + "\n"
}

fn layout(report: &CheckReport, lang: Lang) -> Document {
    let mut document = Document::new(title(report, lang));
    if !report.description.is_empty() {
        document.paragraph(report.description.clone());
    }
    document.paragraph(verdict(report, lang));
    let mut sources = SourceIndex::default();
    document.heading(lang.pick("Findings", "检查结果"));
    document.table(findings_table(report, lang, Some(&mut sources)));
    if !report.quotas.is_empty() {
        document.heading(lang.pick("Quotas at peak", "峰值配额需求"));
        document.table(quota_table(report, lang, &mut sources));
    }
    document.notes(notes(report, lang));
    if !sources.is_empty() {
        document.heading(lang.pick("Sources", "来源"));
        document.notes(sources.lines());
    }
    document
}

fn title(report: &CheckReport, lang: Lang) -> String {
    let mode = match &report.mode {
        CheckMode::Offline {
            catalog_assembled_on,
            ..
        } => match lang {
            Lang::En => format!("offline: embedded catalog assembled {catalog_assembled_on}"),
            Lang::Zh => format!("离线：内置目录（{catalog_assembled_on} 编制）"),
        },
        CheckMode::Live { observed_at, .. } => match lang {
            Lang::En => format!("live: the account as read at {observed_at}"),
            Lang::Zh => format!("在线：账户实时数据（{observed_at} 读取）"),
        },
    };
    match lang {
        Lang::En => format!(
            "gpuplan check: {} in {} {} ({mode})",
            report.plan,
            report.region.code(),
            report.region.location_name()
        ),
        Lang::Zh => format!(
            "gpuplan 可行性检查：{}，{} {}（{mode}）",
            report.plan,
            report.region.code(),
            report.region.chinese_name()
        ),
    }
}

fn count(report: &CheckReport, severity: FindingSeverity) -> usize {
    report
        .findings
        .iter()
        .filter(|finding| finding.severity == severity)
        .count()
}

fn verdict(report: &CheckReport, lang: Lang) -> String {
    let blocking = count(report, FindingSeverity::Blocking);
    let shortfalls = report
        .quotas
        .iter()
        .filter(|quota| {
            quota.purpose == QuotaPurpose::Deployment
                && matches!(quota.status, QuotaStatus::Shortfall { .. })
        })
        .count();
    let warnings = count(report, FindingSeverity::Warning);
    match (report.is_blocked(), lang) {
        (true, Lang::En) => format!(
            "BLOCKED: {blocking} blocking finding(s), {shortfalls} quota shortfall(s), {warnings} warning(s)."
        ),
        (true, Lang::Zh) => {
            format!("不可部署：{blocking} 项阻断问题，{shortfalls} 项配额不足，{warnings} 项警告。")
        }
        (false, Lang::En) => format!("OK: nothing blocks this plan ({warnings} warning(s))."),
        (false, Lang::Zh) => format!("通过：没有阻断问题（{warnings} 项警告）。"),
    }
}

fn severity_label(severity: FindingSeverity, lang: Lang) -> &'static str {
    match severity {
        FindingSeverity::Blocking => lang.pick("BLOCKING", "阻断"),
        FindingSeverity::Warning => lang.pick("warning", "警告"),
        FindingSeverity::Ok => lang.pick("ok", "通过"),
    }
}

/// The findings; with an index, sources are numbered references, without it (CSV) the
/// sources themselves.
fn findings_table(report: &CheckReport, lang: Lang, mut index: Option<&mut SourceIndex>) -> Table {
    let mut table = Table::new(vec![
        lang.pick("Status", "状态").to_string(),
        lang.pick("Subject", "对象").to_string(),
        lang.pick("Finding", "说明").to_string(),
        lang.pick("Instead", "替代方案").to_string(),
        lang.pick("Where", "位置").to_string(),
        lang.pick("Source", "来源").to_string(),
    ]);
    for finding in &report.findings {
        let (subject, text, instead) = describe(finding, report, lang);
        let place = finding
            .location
            .map(|location| format!("{}:{}:{}", report.plan_path, location.line, location.column))
            .unwrap_or_default();
        let source = match (finding.source.as_ref(), index.as_deref_mut()) {
            (Some(source), Some(index)) => index.references([source]),
            (Some(source), None) => source.to_string(),
            (None, _) => String::new(),
        };
        table.push(vec![
            severity_label(finding.severity, lang).to_string(),
            subject,
            text,
            instead,
            place,
            source,
        ]);
    }
    table
}

fn substitute_text(substitute: &Option<Substitute>, lang: Lang) -> String {
    substitute
        .as_ref()
        .map(|substitute| {
            let mut text = lang
                .pick(&substitute.substitute_en, &substitute.substitute_zh)
                .to_string();
            if let Some(instance_type) = &substitute.suggested_instance_type {
                text.push_str(&match lang {
                    Lang::En => format!(" (e.g. on {instance_type})"),
                    Lang::Zh => format!("（例如 {instance_type}）"),
                });
            }
            text
        })
        .unwrap_or_default()
}

/// Subject, finding and what to do instead, in words.
pub(super) fn describe(
    finding: &Finding,
    report: &CheckReport,
    lang: Lang,
) -> (String, String, String) {
    let region = report.region.code();
    let endpoints = |names: &[String]| names.join(", ");
    match (&finding.kind, lang) {
        (FindingKind::ServiceAvailable { service, long_name }, Lang::En) => (
            service.clone(),
            format!("{long_name} is offered in {region}"),
            String::new(),
        ),
        (FindingKind::ServiceAvailable { service, long_name }, Lang::Zh) => (
            service.clone(),
            format!("{region} 提供 {long_name}"),
            String::new(),
        ),
        (
            FindingKind::ServiceUnavailable {
                service,
                long_name,
                substitute,
            },
            Lang::En,
        ) => (
            service.clone(),
            format!("{long_name} is not offered in {region}"),
            substitute_text(substitute, lang),
        ),
        (
            FindingKind::ServiceUnavailable {
                service,
                long_name,
                substitute,
            },
            Lang::Zh,
        ) => (
            service.clone(),
            format!("{region} 不提供 {long_name}"),
            substitute_text(substitute, lang),
        ),
        (
            FindingKind::ManagedModelUnavailable {
                service,
                model,
                purpose,
                substitute,
            },
            Lang::En,
        ) => (
            format!("{service}: {model}"),
            if purpose.is_empty() {
                format!("hosted model not available in {region}")
            } else {
                format!("hosted model not available in {region} (purpose: {purpose})")
            },
            substitute_text(substitute, lang),
        ),
        (
            FindingKind::ManagedModelUnavailable {
                service,
                model,
                purpose,
                substitute,
            },
            Lang::Zh,
        ) => (
            format!("{service}: {model}"),
            if purpose.is_empty() {
                format!("{region} 无此托管模型")
            } else {
                format!("{region} 无此托管模型（用途：{purpose}）")
            },
            substitute_text(substitute, lang),
        ),
        (
            FindingKind::InstanceTypeOffered {
                instance_type,
                endpoints: names,
            },
            Lang::En,
        ) => (
            instance_type.clone(),
            if matches!(report.mode, CheckMode::Live { .. }) {
                format!(
                    "SageMaker offers it in {region}: its endpoint quota exists (endpoints: {})",
                    endpoints(names)
                )
            } else {
                format!(
                    "family offered in {region} (endpoints: {})",
                    endpoints(names)
                )
            },
            String::new(),
        ),
        (
            FindingKind::InstanceTypeOffered {
                instance_type,
                endpoints: names,
            },
            Lang::Zh,
        ) => (
            instance_type.clone(),
            if matches!(report.mode, CheckMode::Live { .. }) {
                format!(
                    "{region} 的 SageMaker 提供该类型：存在其端点配额（端点：{}）",
                    endpoints(names)
                )
            } else {
                format!("{region} 提供该实例系列（端点：{}）", endpoints(names))
            },
            String::new(),
        ),
        (
            FindingKind::InstanceTypeNotOffered {
                instance_type,
                endpoints: names,
                nearest_offered,
            },
            Lang::En,
        ) => (
            instance_type.clone(),
            if matches!(report.mode, CheckMode::Live { .. }) {
                format!(
                    "not offered by SageMaker in {region}: the account has no endpoint quota for it (endpoints: {})",
                    endpoints(names)
                )
            } else {
                format!("not offered in {region} (endpoints: {})", endpoints(names))
            },
            nearest_offered
                .as_ref()
                .map(|nearest| format!("{nearest} (nearest offered by GPU count and memory)"))
                .unwrap_or_else(|| "no offered type with as much GPU memory".to_string()),
        ),
        (
            FindingKind::InstanceTypeNotOffered {
                instance_type,
                endpoints: names,
                nearest_offered,
            },
            Lang::Zh,
        ) => (
            instance_type.clone(),
            if matches!(report.mode, CheckMode::Live { .. }) {
                format!(
                    "{region} 的 SageMaker 不提供：账户没有该类型的端点配额（端点：{}）",
                    endpoints(names)
                )
            } else {
                format!("{region} 不提供（端点：{}）", endpoints(names))
            },
            nearest_offered
                .as_ref()
                .map(|nearest| format!("{nearest}（按 GPU 数量与显存最接近）"))
                .unwrap_or_else(|| "没有显存相当的可用实例类型".to_string()),
        ),
        (
            FindingKind::InstanceTypeOfferingUnknown {
                instance_type,
                endpoints: names,
            },
            Lang::En,
        ) => (
            instance_type.clone(),
            format!(
                "whether {region} offers this family is not known offline (endpoints: {})",
                endpoints(names)
            ),
            "run check with credentials (DescribeInstanceTypeOfferings)".to_string(),
        ),
        (
            FindingKind::InstanceTypeOfferingUnknown {
                instance_type,
                endpoints: names,
            },
            Lang::Zh,
        ) => (
            instance_type.clone(),
            format!(
                "离线无法确认 {region} 是否提供该系列（端点：{}）",
                endpoints(names)
            ),
            "使用凭证在线检查（DescribeInstanceTypeOfferings）".to_string(),
        ),
        (FindingKind::ZoneOfferingsUnknownOffline { instance_type }, Lang::En) => (
            instance_type.clone(),
            "which availability zones offer it is not known offline".to_string(),
            "run check with credentials for per-zone offerings".to_string(),
        ),
        (FindingKind::ZoneOfferingsUnknownOffline { instance_type }, Lang::Zh) => (
            instance_type.clone(),
            "离线无法确认哪些可用区提供".to_string(),
            "使用凭证在线检查各可用区".to_string(),
        ),
        (
            FindingKind::ZoneOfferings {
                instance_type,
                ec2_instance_type,
                offered_in,
                not_offered_in,
            },
            Lang::En,
        ) => (
            instance_type.clone(),
            match (offered_in.is_empty(), not_offered_in.is_empty()) {
                (_, true) => format!(
                    "{ec2_instance_type} offered in every zone ({})",
                    offered_in.join(", ")
                ),
                (true, false) => format!("no zone offers {ec2_instance_type} to EC2"),
                (false, false) => format!(
                    "{ec2_instance_type} offered in {} but not in {}",
                    offered_in.join(", "),
                    not_offered_in.join(", ")
                ),
            },
            if not_offered_in.is_empty() {
                String::new()
            } else {
                "pin subnets (VPC config) to the zones that offer it; SageMaker capacity is separate from EC2's, so confirm with a test endpoint".to_string()
            },
        ),
        (
            FindingKind::ZoneOfferings {
                instance_type,
                ec2_instance_type,
                offered_in,
                not_offered_in,
            },
            Lang::Zh,
        ) => (
            instance_type.clone(),
            match (offered_in.is_empty(), not_offered_in.is_empty()) {
                (_, true) => format!(
                    "所有可用区均提供 {ec2_instance_type}（{}）",
                    offered_in.join("、")
                ),
                (true, false) => format!("没有可用区向 EC2 提供 {ec2_instance_type}"),
                (false, false) => format!(
                    "{} 提供 {ec2_instance_type}，{} 不提供",
                    offered_in.join("、"),
                    not_offered_in.join("、")
                ),
            },
            if not_offered_in.is_empty() {
                String::new()
            } else {
                "将子网（VPC 配置）限定在提供该类型的可用区；SageMaker 容量与 EC2 分开，请用测试端点确认".to_string()
            },
        ),
    }
}

fn quota_table(report: &CheckReport, lang: Lang, sources: &mut SourceIndex) -> Table {
    let live = matches!(report.mode, CheckMode::Live { .. });
    let mut headers = vec![
        lang.pick("Quota", "配额").to_string(),
        lang.pick("Code", "代码").to_string(),
        lang.pick("Peak need", "峰值需求").to_string(),
        lang.pick("Applied", "当前配额").to_string(),
    ];
    if live {
        headers.push(lang.pick("In use by others", "其他资源占用").to_string());
        headers.push(lang.pick("Headroom", "可用余量").to_string());
    }
    headers.push(lang.pick("Status", "状态").to_string());
    if live {
        headers.push(lang.pick("Open request", "待处理申请").to_string());
    }
    headers.push(lang.pick("Needed by", "需求来源").to_string());
    headers.push(lang.pick("Source", "来源").to_string());
    let numeric: &[usize] = if live { &[2, 3, 4, 5] } else { &[2, 3] };
    let mut table = Table::new(headers).numeric(numeric);
    for quota in &report.quotas {
        let mut row = vec![
            format!("{} / {}", quota.service_code, quota.quota_name),
            quota.quota_code.clone().unwrap_or_else(|| "—".to_string()),
            need(quota, lang),
            quota.applied.map(quantity).unwrap_or_else(|| {
                if live {
                    "—".to_string()
                } else {
                    lang.pick("unknown offline", "离线未知").to_string()
                }
            }),
        ];
        if live {
            row.push(in_use(quota));
            row.push(
                quota
                    .headroom
                    .map(quantity)
                    .unwrap_or_else(|| "—".to_string()),
            );
        }
        row.push(quota_status(quota, lang));
        if live {
            row.push(open_requests(quota, lang));
        }
        row.push(quota.needed_by.join(", "));
        row.push(
            quota
                .source
                .as_ref()
                .map(|source| sources.references([source]))
                .unwrap_or_default(),
        );
        table.push(row);
    }
    table
}

fn in_use(quota: &QuotaCheck) -> String {
    match quota.in_use {
        None => "—".to_string(),
        Some(amount) if quota.in_use_by.is_empty() => quantity(amount),
        Some(amount) => format!("{} ({})", quantity(amount), quota.in_use_by.join(", ")),
    }
}

fn open_requests(quota: &QuotaCheck, lang: Lang) -> String {
    quota
        .open_requests
        .iter()
        .map(|request| match lang {
            Lang::En => format!(
                "{} to {} ({})",
                request.status,
                quantity(request.desired_value),
                request.created.as_deref().unwrap_or("date unknown")
            ),
            Lang::Zh => format!(
                "{}：申请至 {}（{}）",
                request.status,
                quantity(request.desired_value),
                request.created.as_deref().unwrap_or("日期未知")
            ),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn need(quota: &QuotaCheck, lang: Lang) -> String {
    let unit = match quota.unit {
        QuotaUnit::Instances => lang.pick("instances", "个实例"),
        QuotaUnit::Vcpus => "vCPUs",
    };
    format!("{} {unit}", quantity(quota.peak_need))
}

pub(super) fn quota_status(quota: &QuotaCheck, lang: Lang) -> String {
    let status = quota_status_words(&quota.status, lang);
    match (quota.purpose, &quota.status, lang) {
        (QuotaPurpose::Alternative, QuotaStatus::Shortfall { .. }, Lang::En) => {
            format!("{status} (alternative only: not blocking)")
        }
        (QuotaPurpose::Alternative, QuotaStatus::Shortfall { .. }, Lang::Zh) => {
            format!("{status}（仅影响备选方案，不阻断）")
        }
        _ => status,
    }
}

fn quota_status_words(status: &QuotaStatus, lang: Lang) -> String {
    match (status, lang) {
        (QuotaStatus::NotInAccount, _) => lang
            .pick(
                "not in the account's quota list",
                "账户配额列表中没有此配额",
            )
            .to_string(),
        (QuotaStatus::Sufficient, _) => lang.pick("sufficient", "充足").to_string(),
        (QuotaStatus::Shortfall { missing }, Lang::En) => {
            format!("SHORT by {}", quantity(*missing))
        }
        (QuotaStatus::Shortfall { missing }, Lang::Zh) => format!("不足 {}", quantity(*missing)),
        (QuotaStatus::UnknownOffline, _) => lang
            .pick(
                "unknown offline: request it before deploying",
                "离线未知：部署前请先申请",
            )
            .to_string(),
    }
}

fn notes(report: &CheckReport, lang: Lang) -> Vec<String> {
    let mut notes = Vec::new();
    if let CheckMode::Offline {
        fallback_reason: Some(reason),
        ..
    } = &report.mode
    {
        notes.push(match lang {
            Lang::En => format!(
                "Fell back to the embedded catalog: {reason}. Give credentials (or --profile) for a live check, or --offline to ask for the catalog."
            ),
            Lang::Zh => format!(
                "已回退到内置目录：{reason}。提供凭证（或 --profile）进行在线检查，或用 --offline 明确使用目录。"
            ),
        });
    }
    if let CheckMode::Live {
        profile,
        endpoint_url,
        api_calls,
        ..
    } = &report.mode
    {
        let calls: u32 = api_calls.iter().map(|call| call.calls).sum();
        let profile = profile
            .as_deref()
            .unwrap_or(lang.pick("default chain", "默认凭证链"));
        notes.push(match (lang, endpoint_url) {
            (Lang::En, None) => {
                format!("Live: read the account with {calls} API calls (credentials: {profile}).")
            }
            (Lang::En, Some(url)) => format!(
                "Live: read the account with {calls} API calls at {url} (credentials: {profile})."
            ),
            (Lang::Zh, None) => {
                format!("在线：共调用 {calls} 次 API 读取账户（凭证：{profile}）。")
            }
            (Lang::Zh, Some(url)) => {
                format!("在线：在 {url} 共调用 {calls} 次 API 读取账户（凭证：{profile}）。")
            }
        });
        if report
            .quotas
            .iter()
            .any(|quota| quota.missing().is_some() && quota.purpose == QuotaPurpose::Deployment)
        {
            notes.push(
                lang.pick(
                    "Headroom is the applied quota minus what endpoints outside this plan already hold. `gpuplan quota request PLAN` files the increases for the shortfalls.",
                    "可用余量 = 已生效配额 − 本计划以外端点已占用的实例。`gpuplan quota request PLAN` 可为不足的配额提交提升申请。",
                )
                .to_string(),
            );
        }
    }
    if matches!(report.mode, CheckMode::Offline { .. }) {
        notes.push(
            lang.pick(
                "Offline, the account's applied quotas, running usage and per-zone offerings are not known; new accounts often start at 0 for GPU quotas. Run `gpuplan check` with credentials for the live answer.",
                "离线模式下无法得知账户的已生效配额、当前用量和各可用区的实例供应；新账户的 GPU 配额常为 0。请使用凭证运行 `gpuplan check` 获取实时结果。",
            )
            .to_string(),
        );
    }
    if matches!(report.mode, CheckMode::Offline { .. })
        && report.quotas.iter().any(|quota| quota.quota_code.is_some())
    {
        notes.push(
            lang.pick(
                "Quota codes were seen in the commercial partition; a live check resolves each quota by its name.",
                "配额代码取自 AWS 海外分区；在线检查会按配额名称解析。",
            )
            .to_string(),
        );
    }
    notes
}

/// The check in a few lines, for `plan`: the title and verdict, then only what needs
/// attention (findings that block or warn, quotas short at peak), each with its place.
pub fn render_check_summary(report: &CheckReport) -> String {
    let mut lines = vec![title(report, Lang::En), verdict(report, Lang::En)];
    for finding in &report.findings {
        if finding.severity == FindingSeverity::Ok {
            continue;
        }
        let (subject, text, instead) = describe(finding, report, Lang::En);
        let mut line = format!(
            "  {} {subject}: {text}",
            severity_label(finding.severity, Lang::En)
        );
        if !instead.is_empty() {
            line.push_str(&format!("; instead: {instead}"));
        }
        if let Some(location) = finding.location {
            line.push_str(&format!(
                " ({}:{}:{})",
                report.plan_path, location.line, location.column
            ));
        }
        lines.push(line);
    }
    for quota in &report.quotas {
        if let QuotaStatus::Shortfall { missing } = quota.status {
            lines.push(format!(
                "  {} quota {} / {}: peak need {}, headroom {}: SHORT by {}",
                if quota.purpose == QuotaPurpose::Deployment {
                    "BLOCKING"
                } else {
                    "warning"
                },
                quota.service_code,
                quota.quota_name,
                quantity(quota.peak_need),
                quota
                    .headroom
                    .map(quantity)
                    .unwrap_or_else(|| "unknown".to_string()),
                quantity(missing),
            ));
        }
    }
    lines.push(format!(
        "  (the whole report: gpuplan check {})",
        report.plan_path
    ));
    let mut text = lines.join("\n");
    text.push('\n');
    text
}
