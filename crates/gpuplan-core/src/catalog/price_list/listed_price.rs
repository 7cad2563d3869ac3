//! A price read from a price list, and the choice of one price per region and instance type
//! when several documents give one.

use std::cmp::Ordering;

use super::document::{self, ProductDocument};
use super::error::PriceListError;

/// An hourly on-demand price of one instance type in one region, as a price list gives it.
#[derive(Clone, Debug, PartialEq)]
pub struct ListedPrice {
    /// `attributes.regionCode`: `cn-northwest-1`.
    pub region: String,
    /// `g5.2xlarge` (EC2) or `ml.g5.2xlarge` (SageMaker).
    pub instance_type: String,
    pub cny_per_hour: f64,
    /// `product.sku` of the document it came from.
    pub sku: String,
    /// `effectiveDate` of the offer term (RFC 3339).
    pub effective_date: Option<String>,
}

impl ListedPrice {
    fn effective_at(&self) -> Option<jiff::Timestamp> {
        self.effective_date.as_deref()?.parse().ok()
    }
}

/// Which of two prices of the same region and type to keep: the most recent effective date
/// (a dated price over an undated one), then the smaller SKU, then the lower price. Whatever
/// order the documents came in, the same price is kept.
fn preference(left: &ListedPrice, right: &ListedPrice) -> Ordering {
    left.effective_at()
        .cmp(&right.effective_at())
        .then_with(|| right.sku.cmp(&left.sku))
        .then_with(|| right.cny_per_hour.total_cmp(&left.cny_per_hour))
}

/// Reads every document and keeps the prices `listed_prices` finds in it, one per region and
/// type (see [`keep_one_per_type`]). `listed_prices` gets each document with its index.
pub(super) fn parse_price_list(
    documents: &[String],
    listed_prices: impl Fn(usize, &ProductDocument) -> Result<Vec<ListedPrice>, PriceListError>,
) -> Result<Vec<ListedPrice>, PriceListError> {
    let mut prices = Vec::new();
    for (index, text) in documents.iter().enumerate() {
        let document = document::read(index, text)?;
        prices.extend(listed_prices(index, &document)?);
    }
    Ok(keep_one_per_type(prices))
}

/// One price per (region, instance type), sorted by region then type.
pub(super) fn keep_one_per_type(mut prices: Vec<ListedPrice>) -> Vec<ListedPrice> {
    // Within a (region, type) run, the preferred price comes first.
    prices.sort_by(|left, right| {
        (&left.region, &left.instance_type)
            .cmp(&(&right.region, &right.instance_type))
            .then_with(|| preference(right, left))
    });
    prices.dedup_by(|later, kept| {
        later.region == kept.region && later.instance_type == kept.instance_type
    });
    prices
}

#[cfg(test)]
mod tests {
    use super::*;

    fn price(sku: &str, cny_per_hour: f64, effective_date: Option<&str>) -> ListedPrice {
        ListedPrice {
            region: "cn-north-1".into(),
            instance_type: "g5.xlarge".into(),
            cny_per_hour,
            sku: sku.into(),
            effective_date: effective_date.map(str::to_string),
        }
    }

    #[test]
    fn the_most_recent_price_is_kept_whatever_the_order() {
        let older = price("AAA", 9.0, Some("2024-01-01T00:00:00Z"));
        let newer = price("ZZZ", 8.0, Some("2024-11-01T00:00:00Z"));
        let undated = price("BBB", 7.0, None);
        let orders = [
            vec![older.clone(), newer.clone(), undated.clone()],
            vec![undated.clone(), newer.clone(), older.clone()],
            vec![newer.clone(), undated.clone(), older.clone()],
        ];
        for prices in orders {
            assert_eq!(keep_one_per_type(prices), vec![newer.clone()]);
        }
    }

    #[test]
    fn ties_are_broken_by_sku_then_price() {
        let date = Some("2024-11-01T00:00:00Z");
        let kept = keep_one_per_type(vec![price("SKU-B", 1.0, date), price("SKU-A", 2.0, date)]);
        assert_eq!(kept, vec![price("SKU-A", 2.0, date)]);
        let kept = keep_one_per_type(vec![price("SKU-A", 2.0, date), price("SKU-A", 1.5, date)]);
        assert_eq!(kept, vec![price("SKU-A", 1.5, date)]);
    }

    #[test]
    fn different_regions_and_types_are_all_kept_and_sorted() {
        let mut beijing = price("S1", 1.0, None);
        beijing.instance_type = "g5.2xlarge".into();
        let mut ningxia = price("S2", 1.0, None);
        ningxia.region = "cn-northwest-1".into();
        let small = price("S3", 1.0, None);
        let kept = keep_one_per_type(vec![ningxia.clone(), beijing.clone(), small.clone()]);
        assert_eq!(kept, vec![beijing, small, ningxia]);
    }
}
