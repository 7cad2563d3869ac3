//! `gpuplan catalog --apis`: the usage-based model API prices of the embedded catalog, with
//! their currency, whether requests leave mainland China, and each price's source and date.

use crate::catalog::ApiPrice;
use crate::plan::file::Currency;
use crate::render::document::{Document, Table};
use crate::render::sources::SourceIndex;
use crate::render::{Format, Lang};

/// Version of the JSON shape of the API price listing.
pub const API_CATALOG_FORMAT_VERSION: u32 = 1;

/// Renders the API prices; `assembled_on` is the catalog's date.
pub fn render_api_prices(
    prices: &[ApiPrice],
    assembled_on: &str,
    format: Format,
    lang: Lang,
) -> String {
    match format {
        Format::Json => {
            let document = serde_json::json!({
                "format_version": API_CATALOG_FORMAT_VERSION,
                "catalog_assembled_on": assembled_on,
                "api_prices": prices,
            });
            serde_json::to_string_pretty(&document).expect("prices serialize") + "\n"
        }
        Format::Csv => table(prices, lang, None).to_csv(),
        Format::Table | Format::Markdown => {
            let mut sources = SourceIndex::default();
            let mut document = Document::new(match lang {
                Lang::En => format!(
                    "Usage-based model API prices (catalog assembled {assembled_on}); use an id as catalog_id in [[alternatives.api]]"
                ),
                Lang::Zh => format!(
                    "按量计费模型 API 价格（目录编制于 {assembled_on}）；在 [[alternatives.api]] 中以 catalog_id 引用"
                ),
            });
            document.table(table(prices, lang, Some(&mut sources)));
            document.notes(vec![lang
                .pick(
                    "Prices per million tokens in the currency shown; no currency is converted (give [prices.usd_cny] in a plan to compare USD prices).",
                    "价格为每百万 token，币种如表所示；不做币种换算（如需比较美元价格，请在计划文件中设置 [prices.usd_cny]）。",
                )
                .to_string()]);
            document.heading(lang.pick("Sources", "来源"));
            document.notes(sources.lines());
            if format == Format::Table {
                document.to_terminal()
            } else {
                document.to_markdown()
            }
        }
    }
}

fn table(prices: &[ApiPrice], lang: Lang, mut index: Option<&mut SourceIndex>) -> Table {
    let mut table = Table::new(vec![
        "id".to_string(),
        lang.pick("Provider", "服务商").to_string(),
        lang.pick("Currency", "币种").to_string(),
        lang.pick("Input / M tokens", "输入/百万 token").to_string(),
        lang.pick("Output / M tokens", "输出/百万 token")
            .to_string(),
        lang.pick("Leaves mainland China", "数据出境").to_string(),
        lang.pick("Source", "来源").to_string(),
        lang.pick("Note", "备注").to_string(),
    ])
    .numeric(&[3, 4]);
    for price in prices {
        let source = match index.as_deref_mut() {
            Some(index) => index.references([&price.source]),
            None => price.source.to_string(),
        };
        table.push(vec![
            price.id.clone(),
            price.provider.clone(),
            match price.currency {
                Currency::Cny => "CNY",
                Currency::Usd => "USD",
            }
            .to_string(),
            price.input_per_million.to_string(),
            price.output_per_million.to_string(),
            if price.cross_border {
                lang.pick("yes", "是")
            } else {
                lang.pick("no", "否")
            }
            .to_string(),
            source,
            price.note.clone().unwrap_or_default(),
        ]);
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    #[test]
    fn every_api_price_is_listed_with_its_currency_and_dated_source() {
        let catalog = Catalog::embedded();
        let text = render_api_prices(
            catalog.api_prices(),
            catalog.assembled_on(),
            Format::Markdown,
            Lang::En,
        );
        for price in catalog.api_prices() {
            assert!(text.contains(&price.id), "{}", price.id);
        }
        assert!(text.contains(
            "bedrock/anthropic.claude-3-5-sonnet | Amazon Bedrock (global regions) | USD"
        ));
        let csv = render_api_prices(
            catalog.api_prices(),
            catalog.assembled_on(),
            Format::Csv,
            Lang::En,
        );
        assert_eq!(csv.lines().count(), catalog.api_prices().len() + 1);
        let json: serde_json::Value = serde_json::from_str(&render_api_prices(
            catalog.api_prices(),
            catalog.assembled_on(),
            Format::Json,
            Lang::En,
        ))
        .unwrap();
        assert_eq!(json["format_version"], 1);
    }
}
