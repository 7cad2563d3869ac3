//! The digest of a cache file's content, by which gpuplan recognises a file it wrote and no
//! one changed since.
//!
//! The digest is the SHA-256 of the compact JSON of every field but `digest`, in the order
//! the format declares them (regions sorted by code). It is computed over the values, not
//! the text: reformatting the file (indentation, `12` for `12.0`) leaves it unchanged,
//! changing a figure does not.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::cache::{LivePriceCache, RegionalLivePrices};

/// Everything the digest covers.
#[derive(Serialize)]
struct DigestedContent<'a> {
    format_version: u32,
    fetched_at: &'a str,
    fetched_on: &'a str,
    partition: &'a str,
    price_list_endpoint: &'a str,
    regions: &'a BTreeMap<String, RegionalLivePrices>,
}

/// The prefix naming the hash.
const ALGORITHM_PREFIX: &str = "sha256:";

/// `sha256:` and 64 hex digits.
pub(super) fn content_digest(cache: &LivePriceCache) -> String {
    // Naming every field makes a new field a compile error here until it is digested.
    let LivePriceCache {
        format_version,
        fetched_at,
        fetched_on,
        partition,
        price_list_endpoint,
        regions,
        digest: _,
    } = cache;
    let content = DigestedContent {
        format_version: *format_version,
        fetched_at,
        fetched_on,
        partition,
        price_list_endpoint,
        regions,
    };
    let bytes = serde_json::to_vec(&content).expect("the cache content serializes");
    let hash = Sha256::digest(&bytes);
    let mut text = String::with_capacity(ALGORITHM_PREFIX.len() + 64);
    text.push_str(ALGORITHM_PREFIX);
    for byte in hash.iter() {
        write!(text, "{byte:02x}").expect("writing to a String");
    }
    text
}
