//! `gpuplan catalog`: the instance-type listing as a table, markdown, CSV or JSON, in English
//! or Chinese.
//!
//! Every price shows where it comes from: in the table and markdown a reference (`[1]`) to a
//! numbered list of sources with their dates, in CSV and JSON the sources themselves. An
//! estimated figure carries a trailing `*`, explained in a legend (CSV and JSON give its basis
//! and rule instead). After a `catalog refresh`, the title says when the prices were fetched
//! and, when the refresh holds spot prices, a spot column gives the lowest and highest
//! latest zone price (CSV and JSON: every zone's price and time).

use comfy_table::{ContentArrangement, Table, presets};
use serde_json::json;

use super::sources::SourceIndex;
use super::{Format, Lang};
use crate::catalog::{
    CatalogListing, ListingRow, Offering, PriceOrigin, PriceQuote, RegionalListing, SpotQuote,
};
use crate::provenance::{Basis, Source};
use crate::region::Region;

/// Renders the listing; the text is ready for stdout and ends with a newline.
pub fn render(listing: &CatalogListing, format: Format, lang: Lang) -> String {
    match format {
        Format::Table => render_table(listing, lang),
        Format::Markdown => render_markdown(listing, lang),
        Format::Csv => render_csv(listing, lang),
        Format::Json => render_json(listing, lang),
    }
}

fn region_name(region: Region, lang: Lang) -> String {
    match lang {
        Lang::En => region.code().to_string(),
        Lang::Zh => format!("{}{}", region.chinese_name(), region.code()),
    }
}

fn offering_word(offering: &Offering, lang: Lang) -> &'static str {
    match (offering, lang) {
        (Offering::Offered { .. }, Lang::En) => "offered",
        (Offering::NotOffered { .. }, Lang::En) => "not offered",
        (Offering::Unknown, Lang::En) => "unknown",
        (Offering::Offered { .. }, Lang::Zh) => "提供",
        (Offering::NotOffered { .. }, Lang::Zh) => "不提供",
        (Offering::Unknown, Lang::Zh) => "未知",
    }
}

fn offering_source(offering: &Offering) -> Option<&Source> {
    match offering {
        Offering::Offered { source } | Offering::NotOffered { source } => Some(source),
        Offering::Unknown => None,
    }
}

fn basis_word(basis: Basis, lang: Lang) -> &'static str {
    match (basis, lang) {
        (Basis::Published, Lang::En) => "published",
        (Basis::Derived, Lang::En) => "derived",
        (Basis::UserSupplied, Lang::En) => "user_supplied",
        (Basis::Estimated, Lang::En) => "estimated",
        (Basis::Published, Lang::Zh) => "公布",
        (Basis::Derived, Lang::Zh) => "推导",
        (Basis::UserSupplied, Lang::Zh) => "用户提供",
        (Basis::Estimated, Lang::Zh) => "估算",
    }
}

fn memory(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value}")
    }
}

/// A price cell: `11.46 [1]`, `14.33* [1,2]`, or a dash when there is no price.
fn price_cell(
    quote: Option<&PriceQuote>,
    mark: &str,
    index: &mut SourceIndex,
    dash: &str,
) -> String {
    match quote {
        None => dash.to_string(),
        Some(quote) => {
            let marked = if quote.basis.needs_mark() { mark } else { "" };
            format!(
                "{:.2}{marked} {}",
                quote.cny_per_hour,
                index.references(&quote.sources)
            )
        }
    }
}

/// `3.90–5.00 [3]` (lowest–highest latest zone price), `3.90 [3]` when the zones agree, or a
/// dash.
fn spot_cell(quote: Option<&SpotQuote>, index: &mut SourceIndex, dash: &str) -> String {
    match quote {
        None => dash.to_string(),
        Some(quote) => format!(
            "{} {}",
            spot_range(quote),
            index.references([&quote.source])
        ),
    }
}

fn spot_range(quote: &SpotQuote) -> String {
    let lowest = format!("{:.2}", quote.lowest_cny_per_hour);
    let highest = format!("{:.2}", quote.highest_cny_per_hour);
    if lowest == highest {
        lowest
    } else {
        format!("{lowest}–{highest}")
    }
}

/// One line saying where a catalog's prices come from, for any command to print:
/// `prices: refreshed on 2026-11-24 ...` or `prices: embedded catalog of 2026-11-23`.
pub fn price_origin_line(origin: &PriceOrigin, lang: Lang) -> String {
    match (origin, lang) {
        (PriceOrigin::Embedded { assembled_on }, Lang::En) => {
            format!("prices: embedded catalog of {assembled_on}")
        }
        (PriceOrigin::Embedded { assembled_on }, Lang::Zh) => {
            format!("价格：内置目录（{assembled_on} 编制）")
        }
        (
            PriceOrigin::Refreshed {
                fetched_on,
                assembled_on,
                ..
            },
            Lang::En,
        ) => format!(
            "prices: refreshed on {fetched_on} from the AWS Price List API; types it lacks from \
             the embedded catalog of {assembled_on}"
        ),
        (
            PriceOrigin::Refreshed {
                fetched_on,
                assembled_on,
                ..
            },
            Lang::Zh,
        ) => format!(
            "价格：{fetched_on} 从 AWS Price List API 刷新；其中缺少的类型取自内置目录（{assembled_on} 编制）"
        ),
    }
}

fn offering_cell(regional: &RegionalListing, lang: Lang, index: &mut SourceIndex) -> String {
    let word = offering_word(&regional.offering, lang);
    match offering_source(&regional.offering) {
        Some(source) => format!("{word} {}", index.references([source])),
        None => word.to_string(),
    }
}

fn header(listing: &CatalogListing, lang: Lang) -> Vec<String> {
    let mut header: Vec<String> = match lang {
        Lang::En => [
            "Instance type",
            "Family",
            "vCPUs",
            "GPUs",
            "GPU model",
            "GPU memory (GiB)",
            "Memory (GiB)",
            "Specs",
        ],
        Lang::Zh => [
            "实例类型",
            "系列",
            "vCPU",
            "GPU 数",
            "GPU 型号",
            "GPU 显存 (GiB)",
            "内存 (GiB)",
            "规格来源",
        ],
    }
    .iter()
    .map(|label| label.to_string())
    .collect();
    let spot = listing.has_spot_prices();
    for &region in &listing.regions {
        let name = region_name(region, lang);
        match lang {
            Lang::En => {
                header.push(format!("{name} offering"));
                header.push(format!("{name} EC2 CNY/h"));
                if spot {
                    header.push(format!("{name} EC2 spot CNY/h"));
                }
                header.push(format!("{name} SageMaker ml. CNY/h"));
            }
            Lang::Zh => {
                header.push(format!("{name} 供应"));
                header.push(format!("{name} EC2 元/小时"));
                if spot {
                    header.push(format!("{name} EC2 竞价 元/小时"));
                }
                header.push(format!("{name} SageMaker ml. 元/小时"));
            }
        }
    }
    header
}

fn row_cells(
    row: &ListingRow,
    spot: bool,
    lang: Lang,
    mark: &str,
    index: &mut SourceIndex,
) -> Vec<String> {
    let mut cells = vec![
        row.instance_type.clone(),
        row.family.clone(),
        row.vcpus.to_string(),
        row.gpus.to_string(),
        row.gpu_model.clone(),
        row.gpu_memory_gib.to_string(),
        memory(row.memory_gib),
        index.references([&row.spec_source]),
    ];
    for regional in &row.regions {
        cells.push(offering_cell(regional, lang, index));
        cells.push(price_cell(
            regional.ec2_on_demand.as_ref(),
            mark,
            index,
            "—",
        ));
        if spot {
            cells.push(spot_cell(regional.ec2_spot.as_ref(), index, "—"));
        }
        cells.push(price_cell(
            regional.sagemaker_hosting.as_ref(),
            mark,
            index,
            "—",
        ));
    }
    cells
}

fn title(listing: &CatalogListing, lang: Lang) -> String {
    let refreshed = match &listing.price_origin {
        PriceOrigin::Refreshed { fetched_on, .. } => Some(fetched_on),
        PriceOrigin::Embedded { .. } => None,
    };
    match (lang, refreshed) {
        (Lang::En, None) => format!(
            "GPU and accelerator instance types in the AWS China regions (catalog assembled {})",
            listing.assembled_on
        ),
        (Lang::En, Some(fetched_on)) => format!(
            "GPU and accelerator instance types in the AWS China regions (catalog assembled {}, \
             prices refreshed {fetched_on})",
            listing.assembled_on
        ),
        (Lang::Zh, None) => format!(
            "AWS 中国区域 GPU 与加速器实例类型（目录整理于 {}）",
            listing.assembled_on
        ),
        (Lang::Zh, Some(fetched_on)) => format!(
            "AWS 中国区域 GPU 与加速器实例类型（目录整理于 {}，价格刷新于 {fetched_on}）",
            listing.assembled_on
        ),
    }
}

/// Which estimates the listing holds, so that the legend explains only those.
struct Estimates {
    ningxia_ec2: bool,
    sagemaker: bool,
}

impl Estimates {
    fn of(listing: &CatalogListing) -> Estimates {
        let estimated = |quote: &Option<PriceQuote>| {
            quote
                .as_ref()
                .is_some_and(|quote| quote.basis == Basis::Estimated)
        };
        let regionals = || listing.rows.iter().flat_map(|row| &row.regions);
        Estimates {
            ningxia_ec2: regionals().any(|regional| {
                regional.region == Region::CnNorthwest1 && estimated(&regional.ec2_on_demand)
            }),
            sagemaker: regionals().any(|regional| estimated(&regional.sagemaker_hosting)),
        }
    }

    fn any(&self) -> bool {
        self.ningxia_ec2 || self.sagemaker
    }
}

/// The legend lines of a refreshed listing: the estimate rules, spot, and the refresh itself.
fn refreshed_legend(
    listing: &CatalogListing,
    lang: Lang,
    mark: &str,
    ratios: &str,
    lines: &mut Vec<String>,
) {
    let estimates = Estimates::of(listing);
    let PriceOrigin::Refreshed {
        fetched_at,
        price_list_endpoint,
        assembled_on,
        ..
    } = &listing.price_origin
    else {
        return;
    };
    let default = listing.default_hosting_ratio;
    match lang {
        Lang::En => {
            if estimates.any() {
                lines.push(format!(
                    "{mark} estimate: not a published price, computed by a stated rule for the \
                     types the refresh has no price for:"
                ));
            }
            if estimates.ningxia_ec2 {
                lines.push("  EC2 in cn-northwest-1: the cn-north-1 (Beijing) price.".to_string());
            }
            if estimates.sagemaker {
                lines.push(format!(
                    "  SageMaker ml.*: the EC2 price of the same size in the region x the \
                     us-east-1 hosting/EC2 price ratio of that size ({ratios}), else \
                     {default:.2} (the highest observed ratio, conservative)."
                ));
            }
            if estimates.any() {
                lines.push("  The csv and json formats give the rule of each figure.".to_string());
            }
            lines.push(format!(
                "Prices refreshed from the AWS Price List API ({price_list_endpoint}) at \
                 {fetched_at}; types it lacks keep the embedded catalog of {assembled_on}."
            ));
            if listing.has_spot_prices() {
                lines.push(
                    "EC2 spot: the latest DescribeSpotPriceHistory price of each availability \
                     zone, lowest–highest across the zones; spot capacity can be interrupted. \
                     The csv and json formats give each zone's price and time."
                        .to_string(),
                );
            }
            lines.push(
                "Prices: CNY per hour, Linux; no currency is converted. — : no price known."
                    .to_string(),
            );
        }
        Lang::Zh => {
            if estimates.any() {
                lines.push(format!(
                    "{mark} 估算值：并非公布价格，对刷新结果中没有价格的类型按下列规则计算："
                ));
            }
            if estimates.ningxia_ec2 {
                lines.push(
                    "  宁夏区域（cn-northwest-1）EC2：采用 cn-north-1（北京）价格。".to_string(),
                );
            }
            if estimates.sagemaker {
                lines.push(format!(
                    "  SageMaker ml.*：按同区域同规格 EC2 价格 × 该规格在 us-east-1 的托管/EC2 \
                     价格比（{ratios}）计算；无该规格比值时取 {default:.2}（观测到的最高比值，保守）。"
                ));
            }
            if estimates.any() {
                lines.push("  csv 与 json 格式给出每个数字的计算规则。".to_string());
            }
            lines.push(format!(
                "价格于 {fetched_at} 从 AWS Price List API（{price_list_endpoint}）刷新；\
                 其中缺少的类型沿用内置目录（{assembled_on} 编制）。"
            ));
            if listing.has_spot_prices() {
                lines.push(
                    "EC2 竞价：DescribeSpotPriceHistory 中各可用区的最新价格，列出各可用区的最低–最高价；\
                     竞价实例可能被中断。csv 与 json 格式给出每个可用区的价格与时间。"
                        .to_string(),
                );
            }
            lines.push("价格：元/小时，Linux；不做币种换算。— ：无已知价格。".to_string());
        }
    }
}

/// The legend lines: what the mark means, units, zones and the numbered sources.
fn legend(
    listing: &CatalogListing,
    lang: Lang,
    mark: &str,
    index: &mut SourceIndex,
) -> Vec<String> {
    let ratios: Vec<String> = listing
        .hosting_ratios
        .iter()
        .map(|ratio| format!("{} {:.2}", ratio.instance_type, ratio.ratio))
        .collect();
    let ratios = ratios.join(", ");
    let default = listing.default_hosting_ratio;
    let mut lines = Vec::new();
    match (lang, listing.price_origin.is_embedded()) {
        (_, false) => refreshed_legend(listing, lang, mark, &ratios, &mut lines),
        (Lang::En, true) => {
            lines.push(format!(
                "{mark} estimate: not a published price, computed by a stated rule:"
            ));
            if listing.regions.contains(&Region::CnNorthwest1) {
                lines.push(format!(
                    "  EC2 in cn-northwest-1: {}.",
                    crate::catalog::NINGXIA_EC2_RULE
                ));
            }
            lines.push(format!(
                "  SageMaker ml.*: no public China price: the EC2 price of the same size in the \
                 region x the us-east-1 hosting/EC2 price ratio of that size ({ratios}), else \
                 {default:.2} (the highest observed ratio, conservative). The csv and json \
                 formats give the rule of each figure."
            ));
            lines.push(
                "Prices: CNY per hour, on-demand, Linux; no currency is converted. \
                 — : no price known."
                    .to_string(),
            );
        }
        (Lang::Zh, true) => {
            lines.push(format!("{mark} 估算值：并非公布价格，按下列规则计算："));
            if listing.regions.contains(&Region::CnNorthwest1) {
                lines.push(
                    "  宁夏区域（cn-northwest-1）EC2：宁夏无公开价格，采用 cn-north-1（北京）价格；\
                     请通过 Pricing API 刷新，或在计划文件的 [[prices.override]] 中设置。"
                        .to_string(),
                );
            }
            lines.push(format!(
                "  SageMaker ml.*：中国区无公开价格，按同区域同规格 EC2 价格 × 该规格在 us-east-1 \
                 的托管/EC2 价格比（{ratios}）计算；无该规格比值时取 {default:.2}（观测到的最高比值，\
                 保守）。csv 与 json 格式给出每个数字的计算规则。"
            ));
            lines.push("价格：元/小时，按需，Linux；不做币种换算。— ：无已知价格。".to_string());
        }
    }
    for zones in &listing.zones {
        let ids: Vec<&str> = zones.zones.iter().map(|zone| zone.id.as_str()).collect();
        let references = index.references(zones.zones.iter().map(|zone| &zone.source).take(1));
        let label = match lang {
            Lang::En => "Availability zones",
            Lang::Zh => "可用区",
        };
        lines.push(format!(
            "{label} {}: {} {references}",
            region_name(zones.region, lang),
            ids.join(", ")
        ));
    }
    lines.push(
        match lang {
            Lang::En => "Sources:",
            Lang::Zh => "来源：",
        }
        .to_string(),
    );
    lines.extend(index.lines());
    lines
}

fn render_table(listing: &CatalogListing, lang: Lang) -> String {
    let mut index = SourceIndex::default();
    let mut table = Table::new();
    table
        .load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(header(listing, lang));
    let spot = listing.has_spot_prices();
    for row in &listing.rows {
        table.add_row(row_cells(row, spot, lang, "*", &mut index));
    }
    let mut text = format!("{}\n{table}\n", title(listing, lang));
    for line in legend(listing, lang, "*", &mut index) {
        text.push_str(&line);
        text.push('\n');
    }
    text
}

fn markdown_cell(text: &str) -> String {
    text.replace('|', "\\|")
}

fn render_markdown(listing: &CatalogListing, lang: Lang) -> String {
    let mark = "\\*";
    let mut index = SourceIndex::default();
    let header = header(listing, lang);
    let mut text = format!("**{}**\n\n", title(listing, lang));
    text.push_str(&format!(
        "| {} |\n",
        header
            .iter()
            .map(|cell| markdown_cell(cell))
            .collect::<Vec<_>>()
            .join(" | ")
    ));
    text.push_str(&format!("|{}\n", "---|".repeat(header.len())));
    let spot = listing.has_spot_prices();
    for row in &listing.rows {
        let cells = row_cells(row, spot, lang, mark, &mut index);
        text.push_str(&format!(
            "| {} |\n",
            cells
                .iter()
                .map(|cell| markdown_cell(cell))
                .collect::<Vec<_>>()
                .join(" | ")
        ));
    }
    text.push('\n');
    for line in legend(listing, lang, mark, &mut index) {
        let line = line.trim_start().replace("ml.*", "ml.\\*");
        text.push_str(&format!("- {line}\n"));
    }
    text
}

fn sources_text(sources: &[Source]) -> String {
    sources
        .iter()
        .map(|source| format!("{} ({})", source.name, source.date))
        .collect::<Vec<_>>()
        .join(" | ")
}

fn render_csv(listing: &CatalogListing, lang: Lang) -> String {
    let header: &[&str] = match lang {
        Lang::En => &[
            "region",
            "instance_type",
            "family",
            "vcpus",
            "gpus",
            "gpu_model",
            "gpu_memory_gib",
            "memory_gib",
            "spec_source",
            "offering",
            "offering_source",
            "ec2_cny_per_hour",
            "ec2_basis",
            "ec2_sources",
            "ec2_rule",
            "sagemaker_cny_per_hour",
            "sagemaker_basis",
            "sagemaker_sources",
            "sagemaker_rule",
        ],
        Lang::Zh => &[
            "区域",
            "实例类型",
            "系列",
            "vCPU",
            "GPU 数",
            "GPU 型号",
            "GPU 显存 GiB",
            "内存 GiB",
            "规格来源",
            "供应",
            "供应来源",
            "EC2 元/小时",
            "EC2 依据",
            "EC2 来源",
            "EC2 估算规则",
            "SageMaker 元/小时",
            "SageMaker 依据",
            "SageMaker 来源",
            "SageMaker 估算规则",
        ],
    };
    let spot = listing.has_spot_prices();
    let spot_header: &[&str] = match lang {
        Lang::En => &[
            "ec2_spot_lowest_cny_per_hour",
            "ec2_spot_highest_cny_per_hour",
            "ec2_spot_zones",
            "ec2_spot_source",
        ],
        Lang::Zh => &[
            "EC2 竞价最低 元/小时",
            "EC2 竞价最高 元/小时",
            "EC2 竞价各可用区",
            "EC2 竞价来源",
        ],
    };
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = header.iter().map(|cell| cell.to_string()).collect();
    if spot {
        header.extend(spot_header.iter().map(|cell| cell.to_string()));
    }
    let mut records: Vec<Vec<String>> = vec![header];
    for row in &listing.rows {
        for regional in &row.regions {
            let mut record = vec![
                regional.region.code().to_string(),
                row.instance_type.clone(),
                row.family.clone(),
                row.vcpus.to_string(),
                row.gpus.to_string(),
                row.gpu_model.clone(),
                row.gpu_memory_gib.to_string(),
                memory(row.memory_gib),
                sources_text(std::slice::from_ref(&row.spec_source)),
                offering_word(&regional.offering, lang).to_string(),
                offering_source(&regional.offering)
                    .map(|source| sources_text(std::slice::from_ref(source)))
                    .unwrap_or_default(),
            ];
            for quote in [&regional.ec2_on_demand, &regional.sagemaker_hosting] {
                match quote {
                    Some(quote) => {
                        record.push(format!("{:.4}", quote.cny_per_hour));
                        record.push(basis_word(quote.basis, lang).to_string());
                        record.push(sources_text(&quote.sources));
                        record.push(quote.rule.clone().unwrap_or_default());
                    }
                    None => record.extend(std::iter::repeat_n(String::new(), 4)),
                }
            }
            if spot {
                record.extend(spot_fields(regional.ec2_spot.as_ref()));
            }
            records.push(record);
        }
    }
    for record in records {
        // Writing to a Vec cannot fail.
        writer.write_record(&record).expect("writing CSV to memory");
    }
    let bytes = writer.into_inner().expect("flushing CSV to memory");
    String::from_utf8(bytes).expect("CSV of UTF-8 strings")
}

/// The spot columns of a CSV record; zones as `cn-northwest-1a 3.9000 (2026-11-20T03:15:00Z)`
/// separated by ` | `.
fn spot_fields(quote: Option<&SpotQuote>) -> Vec<String> {
    match quote {
        None => vec![String::new(); 4],
        Some(quote) => vec![
            format!("{:.4}", quote.lowest_cny_per_hour),
            format!("{:.4}", quote.highest_cny_per_hour),
            quote
                .zones
                .iter()
                .map(|zone| {
                    format!(
                        "{} {:.4} ({})",
                        zone.zone, zone.cny_per_hour, zone.timestamp
                    )
                })
                .collect::<Vec<_>>()
                .join(" | "),
            sources_text(std::slice::from_ref(&quote.source)),
        ],
    }
}

fn render_json(listing: &CatalogListing, lang: Lang) -> String {
    let document = json!({
        "format_version": 1,
        "kind": "catalog",
        "lang": lang,
        "listing": listing,
    });
    let mut text = serde_json::to_string_pretty(&document).expect("the listing serializes");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    const FORMATS: [Format; 4] = [Format::Table, Format::Markdown, Format::Csv, Format::Json];
    const LANGS: [Lang; 2] = [Lang::En, Lang::Zh];

    #[test]
    fn every_format_and_language_renders_every_type() {
        let listing = Catalog::embedded().listing(None);
        for format in FORMATS {
            for lang in LANGS {
                let text = render(&listing, format, lang);
                assert!(text.ends_with('\n'), "{format:?} {lang:?}");
                for row in &listing.rows {
                    assert!(text.contains(&row.instance_type), "{format:?} {lang:?}");
                }
                assert!(
                    text.contains("2024-11-06"),
                    "{format:?} {lang:?}: price date"
                );
            }
        }
    }

    #[test]
    fn markdown_marks_estimates_and_lists_dated_sources() {
        let listing = Catalog::embedded().listing(Some(Region::CnNorthwest1));
        let text = render(&listing, Format::Markdown, Lang::En);
        let g5 = text
            .lines()
            .find(|line| line.starts_with("| g5.2xlarge |"))
            .expect("a g5.2xlarge row");
        // Ningxia: both the EC2 and the SageMaker figure are estimates.
        assert_eq!(g5.matches("\\*").count(), 2, "{g5}");
        assert!(text.contains("- \\* estimate"), "{text}");
        assert!(text.contains("no public Ningxia price"));
        assert!(text.contains("- [1] "));
        let chinese = render(&listing, Format::Markdown, Lang::Zh);
        assert!(chinese.contains("\\* 估算值"));
        assert!(chinese.contains("宁夏"));
    }

    #[test]
    fn beijing_ec2_prices_carry_no_mark() {
        let listing = Catalog::embedded().listing(Some(Region::CnNorth1));
        let text = render(&listing, Format::Table, Lang::En);
        let g5 = text
            .lines()
            .find(|line| line.contains(" g5.2xlarge "))
            .expect("a g5.2xlarge row");
        assert!(g5.contains("11.46 ["), "{g5}");
        assert!(g5.contains("14.33* ["), "{g5}");
        assert!(text.contains("cnn1-az1"));
    }

    #[test]
    fn csv_has_one_record_per_type_and_region_with_basis_and_rule() {
        let listing = Catalog::embedded().listing(None);
        let text = render(&listing, Format::Csv, Lang::En);
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(records.len(), listing.rows.len() * 2);
        let ningxia_g5 = records
            .iter()
            .find(|record| &record[0] == "cn-northwest-1" && &record[1] == "g5.2xlarge")
            .unwrap();
        assert_eq!(&ningxia_g5[12], "estimated");
        assert!(ningxia_g5[14].contains("no public Ningxia price"));
        let chinese = render(&listing, Format::Csv, Lang::Zh);
        assert!(chinese.starts_with("区域,"));
        assert!(chinese.contains("估算"));
    }

    #[test]
    fn json_carries_the_format_version_and_every_quote() {
        let listing = Catalog::embedded().listing(None);
        let text = render(&listing, Format::Json, Lang::Zh);
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["format_version"], 1);
        assert_eq!(value["lang"], "zh");
        let rows = value["listing"]["rows"].as_array().unwrap();
        assert_eq!(rows.len(), listing.rows.len());
        let g5 = rows
            .iter()
            .find(|row| row["instance_type"] == "g5.2xlarge")
            .unwrap();
        assert_eq!(g5["regions"][1]["region"], "cn-north-1");
        assert_eq!(g5["regions"][1]["ec2_on_demand"]["basis"], "published");
        assert_eq!(g5["regions"][1]["offering"]["status"], "offered");
    }
}
