//! Reading the cache file back: whether it is gpuplan's own, unchanged, and recent enough;
//! and whether `catalog refresh` may write over it.
//!
//! A file whose digest does not match its content was changed by someone: gpuplan neither
//! uses its figures silently nor overwrites it. A file that is not a cache of this format
//! (not JSON, another `format_version`, unknown fields) may hold someone's work too, and is
//! not overwritten either; only an empty file is.

use super::cache::{CACHE_FORMAT_VERSION, CACHE_PARTITION, LivePriceCache};
use super::digest;

/// What a cache file holds.
#[derive(Clone, Debug, PartialEq)]
pub enum CacheState {
    /// Written by gpuplan, unchanged, fetched at most `max_age_days` ago (or dated in the
    /// future, which a clock set wrong explains).
    Fresh(LivePriceCache),
    /// Written by gpuplan, unchanged, but fetched more than `max_age_days` ago.
    Stale {
        cache: LivePriceCache,
        age_days: u32,
    },
    /// Its digest does not match its content: someone changed it.
    Edited,
    /// Not a cache file this gpuplan can read, and why.
    Unreadable(String),
}

/// The outcome of checking a file, before its age.
enum Verification {
    Unchanged(LivePriceCache),
    Edited,
    Unreadable(String),
}

fn verify(text: &str) -> Verification {
    let value: serde_json::Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(error) => return Verification::Unreadable(format!("not JSON: {error}")),
    };
    match value
        .get("format_version")
        .and_then(serde_json::Value::as_u64)
    {
        Some(version) if version == u64::from(CACHE_FORMAT_VERSION) => {}
        Some(version) => {
            return Verification::Unreadable(format!(
                "format_version {version}; this gpuplan reads format_version {CACHE_FORMAT_VERSION}"
            ));
        }
        None => {
            return Verification::Unreadable(
                "no format_version: not a gpuplan price cache".to_string(),
            );
        }
    }
    let cache: LivePriceCache = match serde_path_to_error::deserialize(value) {
        Ok(cache) => cache,
        Err(error) => return Verification::Unreadable(error.to_string()),
    };
    if digest::content_digest(&cache) != cache.digest {
        return Verification::Edited;
    }
    match problem(&cache) {
        Some(problem) => Verification::Unreadable(problem),
        None => Verification::Unchanged(cache),
    }
}

/// What is wrong with a cache whose digest matches (a file from a faulty writer).
fn problem(cache: &LivePriceCache) -> Option<String> {
    if cache.partition != CACHE_PARTITION {
        return Some(format!(
            "partition `{}`: gpuplan prices {CACHE_PARTITION} only",
            cache.partition
        ));
    }
    let Ok(fetched_at) = cache.fetched_at.parse::<jiff::Timestamp>() else {
        return Some(format!(
            "fetched_at `{}` is not an RFC 3339 timestamp",
            cache.fetched_at
        ));
    };
    let fetched_at_date = fetched_at.to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
    if cache.fetched_on != fetched_at_date.to_string() {
        return Some(format!(
            "fetched_on `{}` is not the UTC date of fetched_at `{}`",
            cache.fetched_on, cache.fetched_at
        ));
    }
    None
}

/// Reads a cache file. `today` is the current UTC date; a cache fetched more than
/// `max_age_days` before it is [`CacheState::Stale`] (see `DEFAULT_MAX_AGE_DAYS`).
pub fn read_cache(text: &str, today: jiff::civil::Date, max_age_days: u32) -> CacheState {
    let cache = match verify(text) {
        Verification::Unchanged(cache) => cache,
        Verification::Edited => return CacheState::Edited,
        Verification::Unreadable(reason) => return CacheState::Unreadable(reason),
    };
    let age_days = match cache.fetched_on.parse::<jiff::civil::Date>() {
        Ok(fetched_on) => fetched_on
            .until(today)
            .map(|span| span.get_days().max(0).unsigned_abs())
            .unwrap_or(0),
        // `problem` checked it is the date of `fetched_at`.
        Err(_) => 0,
    };
    if age_days > max_age_days {
        CacheState::Stale { cache, age_days }
    } else {
        CacheState::Fresh(cache)
    }
}

/// Whether `catalog refresh` may replace a file holding `existing_text`: only when it is
/// empty or an unchanged gpuplan cache, whatever its age.
pub fn may_overwrite(existing_text: &str) -> bool {
    existing_text.trim().is_empty() || matches!(verify(existing_text), Verification::Unchanged(_))
}
