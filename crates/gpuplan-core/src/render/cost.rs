//! Renders a [`CostReport`]: totals per strategy, each endpoint group's strategies, the
//! prices used with their sources, and the assumptions.

use crate::cost::{CostReport, GroupCost, RowOutcome, Strategy, StrategyRow};
use crate::provenance::Basis;
use crate::render::assumptions::assumption_text;
use crate::render::document::{Document, Table};
use crate::render::i18n::{not_priced, risk, strategy_name};
use crate::render::numbers::{change, cny_marked, hourly, legend, percent, quantity};
use crate::render::sources::SourceIndex;
use crate::render::{Format, Lang};

/// The report in the requested format and language.
pub fn render_cost(report: &CostReport, format: Format, lang: Lang) -> String {
    match format {
        Format::Json => serde_json::to_string_pretty(report).expect("reports serialize") + "\n",
        Format::Table => layout(report, lang).to_terminal(),
        Format::Markdown => layout(report, lang).to_markdown(),
        Format::Csv => flat_table(report, lang).to_csv(),
    }
}

fn layout(report: &CostReport, lang: Lang) -> Document {
    let title = match lang {
        Lang::En => format!(
            "Monthly cost of {}: {} {}, CNY per month ({} h)",
            report.plan,
            report.region.code(),
            report.region.location_name(),
            report.hours_per_month
        ),
        Lang::Zh => format!(
            "{} 月度成本估算：{} {}，人民币/月（按 {} 小时计）",
            report.plan,
            report.region.code(),
            report.region.chinese_name(),
            report.hours_per_month
        ),
    };
    let mut document = Document::new(title);
    if !report.description.is_empty() {
        document.paragraph(report.description.clone());
    }
    document.heading(lang.pick("Totals by strategy", "各方案总成本"));
    document.table(totals_table(report, lang));
    document.heading(lang.pick("By endpoint group", "按端点组"));
    for group in &report.groups {
        document.paragraph(group_heading(group, lang));
        document.table(group_table(group, lang));
    }
    let mut sources = SourceIndex::default();
    document.heading(lang.pick("Prices used", "所用价格"));
    document.table(prices_table(report, lang, &mut sources));
    document.notes(estimate_rules(report, lang));
    if !report.api_prices.is_empty() {
        document.heading(lang.pick("Usage-based API prices", "按量 API 价格"));
        document.table(api_prices_table(report, lang, &mut sources));
    }
    document.heading(lang.pick("Assumptions", "假设"));
    document.notes(assumptions(report, lang));
    document.notes(legend(all_bases(report), lang));
    document.heading(lang.pick("Sources", "来源"));
    document.notes(sources.lines());
    document
}

fn all_bases(report: &CostReport) -> Vec<Basis> {
    let rows = report.groups.iter().flat_map(|group| group.rows.iter());
    rows.filter_map(|row| match &row.outcome {
        RowOutcome::Priced(figures) => Some(figures.basis),
        RowOutcome::NotPriced { .. } => None,
    })
    .chain(report.totals.iter().map(|total| total.basis))
    .chain(report.prices.iter().map(|line| line.quote.basis))
    .chain(report.api_prices.iter().map(|line| line.basis))
    .collect()
}

fn totals_table(report: &CostReport, lang: Lang) -> Table {
    let mut table = Table::new(vec![
        lang.pick("Strategy", "方案").to_string(),
        lang.pick("CNY / month", "元/月").to_string(),
        lang.pick("vs as planned", "相对按计划").to_string(),
        lang.pick("Groups kept as planned", "沿用计划的端点组")
            .to_string(),
    ])
    .numeric(&[1, 2]);
    let planned = report
        .totals
        .iter()
        .find(|total| total.strategy == Strategy::AsPlanned)
        .and_then(|total| total.monthly_cny);
    for total in &report.totals {
        let amount = match total.monthly_cny {
            Some(amount) => cny_marked(amount, total.basis),
            None => "—".to_string(),
        };
        let versus = match (total.strategy, total.monthly_cny, planned) {
            (Strategy::AsPlanned, _, _) => "—".to_string(),
            (_, Some(amount), Some(planned)) => change(amount, planned),
            _ => String::new(),
        };
        let mut kept = total.groups_kept_as_planned.join(", ");
        if !total.groups_not_priced.is_empty() {
            if !kept.is_empty() {
                kept.push_str("; ");
            }
            kept.push_str(&match lang {
                Lang::En => format!("not priced: {}", total.groups_not_priced.join(", ")),
                Lang::Zh => format!("无法计价：{}", total.groups_not_priced.join("、")),
            });
        }
        table.push(vec![
            strategy_name(total.strategy, total.label.as_deref(), lang),
            amount,
            versus,
            kept,
        ]);
    }
    table
}

fn group_heading(group: &GroupCost, lang: Lang) -> String {
    match lang {
        Lang::En => format!(
            "{} ×{} on {}, workload {}: {} requests/month per endpoint",
            group.name,
            group.count,
            group.instance_type,
            group.workload,
            quantity(group.requests_per_month_per_endpoint)
        ),
        Lang::Zh => format!(
            "{} ×{}，{}，负载 {}：每个端点每月 {} 次请求",
            group.name,
            group.count,
            group.instance_type,
            group.workload,
            quantity(group.requests_per_month_per_endpoint)
        ),
    }
}

fn row_name(row: &StrategyRow, group: &GroupCost, lang: Lang) -> String {
    let name = strategy_name(row.strategy, row.label.as_deref(), lang);
    if row.strategy == group.planned {
        match lang {
            Lang::En => format!("{name} (planned)"),
            Lang::Zh => format!("{name}（计划）"),
        }
    } else {
        name
    }
}

fn group_table(group: &GroupCost, lang: Lang) -> Table {
    let mut table = Table::new(vec![
        lang.pick("Strategy", "方案").to_string(),
        lang.pick("CNY / month (group)", "元/月（整组）")
            .to_string(),
        lang.pick("per endpoint", "每端点").to_string(),
        lang.pick("instance-h / endpoint", "实例小时/端点")
            .to_string(),
        lang.pick("utilisation", "利用率").to_string(),
        lang.pick("peak instances", "峰值实例").to_string(),
        lang.pick("risks", "风险").to_string(),
    ])
    .numeric(&[1, 2, 3, 4, 5]);
    for row in &group.rows {
        let name = row_name(row, group, lang);
        match &row.outcome {
            RowOutcome::Priced(figures) => {
                let mut risks: Vec<String> =
                    figures.risks.iter().map(|item| risk(item, lang)).collect();
                if figures.derived_settings {
                    risks.push(
                        lang.pick(
                            "policy derived by gpuplan (none in plan)",
                            "策略由 gpuplan 推导（计划未给出）",
                        )
                        .to_string(),
                    );
                }
                table.push(vec![
                    name,
                    cny_marked(figures.monthly_cny, figures.basis),
                    cny_marked(figures.monthly_cny_per_endpoint, figures.basis),
                    figures
                        .instance_hours_per_endpoint
                        .map(quantity)
                        .unwrap_or_default(),
                    figures.utilisation.map(percent).unwrap_or_default(),
                    figures
                        .peak_instances_per_endpoint
                        .map(|peak| peak.to_string())
                        .unwrap_or_default(),
                    risks.join(lang.pick("; ", "；")),
                ]);
            }
            RowOutcome::NotPriced { reason } => table.push(vec![
                name,
                "—".to_string(),
                "—".to_string(),
                String::new(),
                String::new(),
                String::new(),
                not_priced(reason, lang),
            ]),
        }
    }
    table
}

fn prices_table(report: &CostReport, lang: Lang, sources: &mut SourceIndex) -> Table {
    let mut table = Table::new(vec![
        lang.pick("Instance type", "实例类型").to_string(),
        lang.pick("CNY / hour", "元/小时").to_string(),
        lang.pick("Basis", "依据").to_string(),
        lang.pick("Sources", "来源").to_string(),
    ])
    .numeric(&[1]);
    for line in &report.prices {
        let quote = &line.quote;
        table.push(vec![
            line.instance_type.clone(),
            format!(
                "{}{}",
                hourly(quote.cny_per_hour),
                crate::render::numbers::basis_mark(quote.basis)
            ),
            basis_name(quote.basis, lang).to_string(),
            sources.references(&quote.sources),
        ]);
    }
    table
}

/// How each estimated price was made, in the catalog's own words.
fn estimate_rules(report: &CostReport, lang: Lang) -> Vec<String> {
    report
        .prices
        .iter()
        .filter_map(|line| {
            let rule = line.quote.rule.as_ref()?;
            Some(match lang {
                Lang::En => format!("{}: {rule}", line.instance_type),
                Lang::Zh => format!("{} 估算方法：{rule}", line.instance_type),
            })
        })
        .collect()
}

fn api_prices_table(report: &CostReport, lang: Lang, sources: &mut SourceIndex) -> Table {
    let mut table = Table::new(vec![
        lang.pick("API", "API").to_string(),
        lang.pick("Provider", "服务商").to_string(),
        lang.pick("Input / M tokens", "输入/百万 token").to_string(),
        lang.pick("Output / M tokens", "输出/百万 token")
            .to_string(),
        lang.pick("Per request", "每次请求").to_string(),
        lang.pick("Sources", "来源").to_string(),
        lang.pick("Note", "备注").to_string(),
    ])
    .numeric(&[2, 3, 4]);
    for line in &report.api_prices {
        let currency = match line.currency {
            crate::plan::file::Currency::Cny => "CNY",
            crate::plan::file::Currency::Usd => "USD",
        };
        let amount = |value: Option<f64>| {
            value
                .map(|value| {
                    format!(
                        "{value} {currency}{}",
                        crate::render::numbers::basis_mark(line.basis)
                    )
                })
                .unwrap_or_default()
        };
        table.push(vec![
            line.name.clone(),
            line.provider.clone(),
            amount(line.input_per_million),
            amount(line.output_per_million),
            amount(line.per_request),
            sources.references([&line.source]),
            line.note.clone().unwrap_or_default(),
        ]);
    }
    table
}

fn basis_name(basis: Basis, lang: Lang) -> &'static str {
    match basis {
        Basis::Published => lang.pick("published", "公开价格"),
        Basis::Derived => lang.pick("derived", "推算"),
        Basis::UserSupplied => lang.pick("user-supplied", "用户提供"),
        Basis::Estimated => lang.pick("estimate", "估算"),
    }
}

fn assumptions(report: &CostReport, lang: Lang) -> Vec<String> {
    let mut notes: Vec<String> = report
        .assumptions
        .iter()
        .map(|assumption| assumption_text(assumption, report.hours_per_month, lang))
        .collect();
    if let Some(rate) = &report.usd_cny {
        notes.push(match lang {
            Lang::En => format!(
                "USD prices converted at {} CNY per USD: {}",
                rate.rate, rate.source
            ),
            Lang::Zh => format!("美元价格按 1 美元 = {} 元换算：{}", rate.rate, rate.source),
        });
    }
    notes
}

/// One row per group and strategy, for spreadsheets.
fn flat_table(report: &CostReport, lang: Lang) -> Table {
    let mut table = Table::new(
        [
            ("group", "端点组"),
            ("endpoints", "端点数"),
            ("instance_type", "实例类型"),
            ("strategy", "方案"),
            ("planned", "计划方案"),
            ("monthly_cny", "月成本_元"),
            ("monthly_cny_per_endpoint", "每端点月成本_元"),
            ("instance_hours_per_endpoint", "每端点实例小时"),
            ("utilisation", "利用率"),
            ("peak_instances_per_endpoint", "每端点峰值实例"),
            ("basis", "依据"),
            ("risks_or_reason", "风险或未计价原因"),
        ]
        .iter()
        .map(|(english, chinese)| lang.pick(english, chinese).to_string())
        .collect(),
    );
    for group in &report.groups {
        for row in &group.rows {
            let mut cells = vec![
                group.name.clone(),
                group.count.to_string(),
                group.instance_type.clone(),
                strategy_name(row.strategy, row.label.as_deref(), lang),
                (row.strategy == group.planned).to_string(),
            ];
            match &row.outcome {
                RowOutcome::Priced(figures) => cells.extend([
                    format!("{:.2}", figures.monthly_cny),
                    format!("{:.2}", figures.monthly_cny_per_endpoint),
                    figures
                        .instance_hours_per_endpoint
                        .map(|hours| format!("{hours:.2}"))
                        .unwrap_or_default(),
                    figures
                        .utilisation
                        .map(|share| format!("{share:.4}"))
                        .unwrap_or_default(),
                    figures
                        .peak_instances_per_endpoint
                        .map(|peak| peak.to_string())
                        .unwrap_or_default(),
                    basis_name(figures.basis, lang).to_string(),
                    figures
                        .risks
                        .iter()
                        .map(|item| risk(item, lang))
                        .collect::<Vec<_>>()
                        .join("; "),
                ]),
                RowOutcome::NotPriced { reason } => cells.extend([
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    not_priced(reason, lang),
                ]),
            }
            table.push(cells);
        }
    }
    table
}
