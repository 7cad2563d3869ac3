//! One product document of a Price List API GetProducts answer, and the hourly CNY prices of
//! its on-demand terms.
//!
//! GetProducts answers `PriceList`, an array of strings, each a JSON product document:
//! `{"product": {"productFamily", "attributes": {..}, "sku"}, "serviceCode", "terms":
//! {"OnDemand": {"SKU.OFFER": {"priceDimensions": {"SKU.OFFER.RATE": {"unit": "Hrs",
//! "pricePerUnit": {"CNY": "12.3"}, ..}}, "effectiveDate": ".."}}}, "version",
//! "publicationDate"}` (shape from the AWS CLI's `pricing get-products` example, see
//! `shared/reference/pricing_api/`). AWS owns this format and adds fields to it, so fields
//! this module does not read are ignored; the fields it reads are required.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::error::Category;

use super::error::PriceListError;
use crate::region::Region;

/// The currency of the China price lists.
const CNY: &str = "CNY";

/// The unit of an hourly price dimension.
const HOURS: &str = "Hrs";

/// The `locationType` of a region (others: `AWS Local Zone`, `AWS Outposts`, ...).
const REGION_LOCATION_TYPE: &str = "AWS Region";

/// The parts of a product document that the parsers read.
#[derive(Debug, Deserialize)]
pub(super) struct ProductDocument {
    pub product: Product,
    pub terms: Terms,
}

#[derive(Debug, Deserialize)]
pub(super) struct Product {
    /// `Compute Instance`, `ML Instance`, `Storage`. Some products have none.
    #[serde(rename = "productFamily")]
    pub product_family: Option<String>,
    pub attributes: BTreeMap<String, String>,
    pub sku: String,
}

#[derive(Debug, Deserialize)]
pub(super) struct Terms {
    /// China price lists carry on-demand terms only; `Reserved` is not read.
    #[serde(rename = "OnDemand", default)]
    pub on_demand: BTreeMap<String, OfferTerm>,
}

#[derive(Debug, Deserialize)]
pub(super) struct OfferTerm {
    #[serde(rename = "priceDimensions")]
    pub price_dimensions: BTreeMap<String, PriceDimension>,
    #[serde(rename = "effectiveDate")]
    pub effective_date: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(super) struct PriceDimension {
    pub unit: String,
    #[serde(rename = "pricePerUnit")]
    pub price_per_unit: BTreeMap<String, String>,
}

/// An hourly CNY price of one price dimension.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct HourlyPrice {
    pub cny_per_hour: f64,
    /// The `effectiveDate` of the offer term, as the document gives it (checked to be RFC 3339).
    pub effective_date: Option<String>,
}

/// Parses document `index` of a `PriceList`.
pub(super) fn read(index: usize, text: &str) -> Result<ProductDocument, PriceListError> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let document = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|error| classify(index, error.path().to_string(), error.into_inner()))?;
    deserializer
        .end()
        .map_err(|error| classify(index, String::new(), error))?;
    Ok(document)
}

fn classify(index: usize, path: String, error: serde_json::Error) -> PriceListError {
    match error.classify() {
        Category::Data => PriceListError::NotAProductDocument {
            index,
            reason: if path.is_empty() || path == "." {
                error.to_string()
            } else {
                format!("at {path}: {error}")
            },
        },
        Category::Io | Category::Syntax | Category::Eof => PriceListError::NotJson {
            index,
            reason: error.to_string(),
        },
    }
}

impl ProductDocument {
    pub fn sku(&self) -> &str {
        &self.product.sku
    }

    pub fn product_family(&self) -> Option<&str> {
        self.product.product_family.as_deref()
    }

    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.product.attributes.get(name).map(String::as_str)
    }

    /// The attribute, or an error naming the document and the attribute.
    pub fn required_attribute(
        &self,
        index: usize,
        name: &'static str,
    ) -> Result<&str, PriceListError> {
        self.attribute(name)
            .filter(|value| !value.trim().is_empty())
            .ok_or_else(|| PriceListError::MissingAttribute {
                index,
                sku: self.sku().to_string(),
                attribute: name,
            })
    }

    /// Whether the product is priced for a region (not a Local Zone, an Outpost, a Wavelength
    /// zone). Documents without a `locationType` are taken as regional.
    pub fn is_regional(&self) -> bool {
        self.attribute("locationType")
            .is_none_or(|location_type| location_type == REGION_LOCATION_TYPE)
    }

    /// `attributes.regionCode`; for documents without one, the China region whose price-list
    /// location name (`China (Ningxia)`) `attributes.location` gives.
    pub fn region_code(&self, index: usize) -> Result<String, PriceListError> {
        if let Some(code) = self.attribute("regionCode").filter(|code| !code.is_empty()) {
            return Ok(code.trim().to_string());
        }
        let location = self.attribute("location");
        Region::ALL
            .iter()
            .find(|region| Some(region.location_name()) == location)
            .map(|region| region.code().to_string())
            .ok_or_else(|| PriceListError::MissingAttribute {
                index,
                sku: self.sku().to_string(),
                attribute: "regionCode",
            })
    }

    /// Every hourly CNY price of the on-demand terms, zero prices left out (AWS lists some
    /// placeholder SKUs at 0). Empty when the product has no hourly CNY on-demand price.
    pub fn hourly_cny_prices(&self, index: usize) -> Result<Vec<HourlyPrice>, PriceListError> {
        let mut prices = Vec::new();
        for term in self.terms.on_demand.values() {
            if let Some(effective_date) = &term.effective_date
                && effective_date.parse::<jiff::Timestamp>().is_err()
            {
                return Err(PriceListError::InvalidEffectiveDate {
                    index,
                    sku: self.sku().to_string(),
                    effective_date: effective_date.clone(),
                });
            }
            for (dimension_code, dimension) in &term.price_dimensions {
                if !dimension.unit.eq_ignore_ascii_case(HOURS) {
                    continue;
                }
                let Some(text) = dimension.price_per_unit.get(CNY) else {
                    continue;
                };
                let cny_per_hour =
                    parse_price(text).ok_or_else(|| PriceListError::InvalidPrice {
                        index,
                        sku: self.sku().to_string(),
                        dimension: dimension_code.clone(),
                        price: text.clone(),
                    })?;
                if cny_per_hour > 0.0 {
                    prices.push(HourlyPrice {
                        cny_per_hour,
                        effective_date: term.effective_date.clone(),
                    });
                }
            }
        }
        Ok(prices)
    }
}

/// A price list figure (`"12.3000000000"`): a finite number of zero or more.
fn parse_price(text: &str) -> Option<f64> {
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|price| price.is_finite() && *price >= 0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(attributes: &str, terms: &str) -> String {
        format!(
            r#"{{"product":{{"productFamily":"Compute Instance","attributes":{attributes},"sku":"SKU1"}},"serviceCode":"AmazonEC2","terms":{terms},"version":"v","publicationDate":"2024-11-06T01:00:11Z"}}"#
        )
    }

    fn on_demand(unit: &str, currency: &str, price: &str, date: &str) -> String {
        format!(
            r#"{{"OnDemand":{{"SKU1.JRTCKXETXF":{{"priceDimensions":{{"SKU1.JRTCKXETXF.6YS6EN2CT7":{{"unit":"{unit}","pricePerUnit":{{"{currency}":"{price}"}},"description":"d"}}}},"sku":"SKU1","effectiveDate":"{date}"}}}}}}"#
        )
    }

    #[test]
    fn reads_hourly_cny_prices_only() {
        let text = document(
            r#"{"regionCode":"cn-north-1"}"#,
            &on_demand("Hrs", "CNY", "7.4680000000", "2024-11-01T00:00:00Z"),
        );
        let parsed = read(0, &text).unwrap();
        assert_eq!(
            parsed.hourly_cny_prices(0).unwrap(),
            vec![HourlyPrice {
                cny_per_hour: 7.468,
                effective_date: Some("2024-11-01T00:00:00Z".into()),
            }]
        );
        for terms in [
            on_demand("GB-Mo", "CNY", "0.5", "2024-11-01T00:00:00Z"),
            on_demand("Hrs", "USD", "0.5", "2024-11-01T00:00:00Z"),
            on_demand("Hrs", "CNY", "0.0000000000", "2024-11-01T00:00:00Z"),
            "{}".to_string(),
        ] {
            let parsed = read(3, &document("{}", &terms)).unwrap();
            assert!(parsed.hourly_cny_prices(3).unwrap().is_empty(), "{terms}");
        }
    }

    #[test]
    fn bad_documents_are_errors_that_name_their_index() {
        let not_json = read(4, "{\"product\":").unwrap_err();
        assert!(matches!(not_json, PriceListError::NotJson { index: 4, .. }));
        let no_sku = read(
            5,
            r#"{"product":{"productFamily":"Compute Instance","attributes":{}},"terms":{}}"#,
        )
        .unwrap_err();
        let message = no_sku.to_string();
        assert!(message.contains("document 5"), "{message}");
        assert!(message.contains("sku"), "{message}");
        let no_terms = read(6, r#"{"product":{"attributes":{},"sku":"S"}}"#).unwrap_err();
        assert!(no_terms.to_string().contains("terms"), "{no_terms}");
        let bad_price = document(
            "{}",
            &on_demand("Hrs", "CNY", "twelve", "2024-11-01T00:00:00Z"),
        );
        let error = read(7, &bad_price)
            .unwrap()
            .hourly_cny_prices(7)
            .unwrap_err();
        assert!(matches!(
            error,
            PriceListError::InvalidPrice { index: 7, .. }
        ));
        let bad_date = document("{}", &on_demand("Hrs", "CNY", "1.0", "last week"));
        let error = read(8, &bad_date)
            .unwrap()
            .hourly_cny_prices(8)
            .unwrap_err();
        assert!(error.to_string().contains("last week"), "{error}");
    }

    #[test]
    fn the_region_comes_from_the_region_code_or_the_china_location_name() {
        let with_code = read(0, &document(r#"{"regionCode":"cn-northwest-1"}"#, "{}")).unwrap();
        assert_eq!(with_code.region_code(0).unwrap(), "cn-northwest-1");
        let with_location = read(0, &document(r#"{"location":"China (Beijing)"}"#, "{}")).unwrap();
        assert_eq!(with_location.region_code(0).unwrap(), "cn-north-1");
        let neither = read(9, &document(r#"{"location":"Mars"}"#, "{}")).unwrap();
        assert!(matches!(
            neither.region_code(9),
            Err(PriceListError::MissingAttribute {
                index: 9,
                attribute: "regionCode",
                ..
            })
        ));
    }
}
