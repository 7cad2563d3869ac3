//! Renders a [`CheckReport`]: findings and quota needs, with the verdict first.

use serde::Serialize;

use crate::catalog::{QuotaUnit, Substitute};
use crate::check::{
    CheckMode, CheckReport, Finding, FindingKind, FindingSeverity, QuotaCheck, QuotaStatus,
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
        } => match lang {
            Lang::En => format!("offline: embedded catalog assembled {catalog_assembled_on}"),
            Lang::Zh => format!("离线：内置目录（{catalog_assembled_on} 编制）"),
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
        .filter(|quota| matches!(quota.status, QuotaStatus::Shortfall { .. }))
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
fn describe(finding: &Finding, report: &CheckReport, lang: Lang) -> (String, String, String) {
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
            format!(
                "family offered in {region} (endpoints: {})",
                endpoints(names)
            ),
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
            format!("{region} 提供该实例系列（端点：{}）", endpoints(names)),
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
            format!("not offered in {region} (endpoints: {})", endpoints(names)),
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
            format!("{region} 不提供（端点：{}）", endpoints(names)),
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
    }
}

fn quota_table(report: &CheckReport, lang: Lang, sources: &mut SourceIndex) -> Table {
    let mut table = Table::new(vec![
        lang.pick("Quota", "配额").to_string(),
        lang.pick("Code", "代码").to_string(),
        lang.pick("Peak need", "峰值需求").to_string(),
        lang.pick("Applied", "当前配额").to_string(),
        lang.pick("Status", "状态").to_string(),
        lang.pick("Needed by", "需求来源").to_string(),
        lang.pick("Source", "来源").to_string(),
    ])
    .numeric(&[2, 3]);
    for quota in &report.quotas {
        table.push(vec![
            format!("{} / {}", quota.service_code, quota.quota_name),
            quota.quota_code.clone().unwrap_or_else(|| "—".to_string()),
            need(quota, lang),
            quota
                .applied
                .map(quantity)
                .unwrap_or_else(|| lang.pick("unknown offline", "离线未知").to_string()),
            quota_status(&quota.status, lang),
            quota.needed_by.join(", "),
            quota
                .source
                .as_ref()
                .map(|source| sources.references([source]))
                .unwrap_or_default(),
        ]);
    }
    table
}

fn need(quota: &QuotaCheck, lang: Lang) -> String {
    let unit = match quota.unit {
        QuotaUnit::Instances => lang.pick("instances", "个实例"),
        QuotaUnit::Vcpus => "vCPUs",
    };
    format!("{} {unit}", quantity(quota.peak_need))
}

fn quota_status(status: &QuotaStatus, lang: Lang) -> String {
    match (status, lang) {
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
    if matches!(report.mode, CheckMode::Offline { .. }) {
        notes.push(
            lang.pick(
                "Offline, the account's applied quotas, running usage and per-zone offerings are not known; new accounts often start at 0 for GPU quotas. Run `gpuplan check` with credentials for the live answer.",
                "离线模式下无法得知账户的已生效配额、当前用量和各可用区的实例供应；新账户的 GPU 配额常为 0。请使用凭证运行 `gpuplan check` 获取实时结果。",
            )
            .to_string(),
        );
    }
    if report.quotas.iter().any(|quota| quota.quota_code.is_some()) {
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
