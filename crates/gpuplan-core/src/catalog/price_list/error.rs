//! Why a price list answer, a spot price observation or a refreshed set of prices was refused.
//!
//! Every error names the document (its 0-based position in the `PriceList` array the adapter
//! passed) or the observation it is about, and what is wrong with it, so that a failed
//! `gpuplan catalog refresh` can say exactly which answer of AWS it could not read.

/// A GetProducts document that could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PriceListError {
    #[error("price list document {index} is not JSON: {reason}")]
    NotJson { index: usize, reason: String },
    #[error("price list document {index} is not a GetProducts product document: {reason}")]
    NotAProductDocument { index: usize, reason: String },
    #[error("price list document {index} (sku {sku}) lacks the attribute `{attribute}`")]
    MissingAttribute {
        index: usize,
        sku: String,
        attribute: &'static str,
    },
    #[error(
        "price list document {index} (sku {sku}): price dimension {dimension} gives `{price}` CNY, not a number of zero or more"
    )]
    InvalidPrice {
        index: usize,
        sku: String,
        dimension: String,
        price: String,
    },
    #[error(
        "price list document {index} (sku {sku}): effectiveDate `{effective_date}` is not an RFC 3339 timestamp"
    )]
    InvalidEffectiveDate {
        index: usize,
        sku: String,
        effective_date: String,
    },
}

/// A spot price observation that could not be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SpotPriceError {
    #[error("spot price observation {index} ({instance_type} in {zone}): `{field}` is empty")]
    EmptyField {
        index: usize,
        instance_type: String,
        zone: String,
        field: &'static str,
    },
    #[error(
        "spot price observation {index} ({instance_type} in {zone}): {price} CNY/h is not a price above zero"
    )]
    InvalidPrice {
        index: usize,
        instance_type: String,
        zone: String,
        price: String,
    },
    #[error(
        "spot price observation {index} ({instance_type} in {zone}): timestamp `{timestamp}` is not RFC 3339"
    )]
    InvalidTimestamp {
        index: usize,
        instance_type: String,
        zone: String,
        timestamp: String,
    },
}

/// Refreshed prices that cannot go into the cache file.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LivePriceCacheError {
    #[error(
        "the {list} price of {instance_type} in {region} is {price} CNY/h, not a price above zero"
    )]
    InvalidPrice {
        list: &'static str,
        region: String,
        instance_type: String,
        price: String,
    },
    #[error("the {list} list names {instance_type} twice for {region}: pass each type once")]
    Duplicate {
        list: &'static str,
        region: String,
        instance_type: String,
    },
}
