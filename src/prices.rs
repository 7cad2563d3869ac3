//! Where prices come from: the embedded catalog, or the embedded catalog overlaid with the
//! prices `gpuplan catalog refresh` cached.
//!
//! The cache lives at `GPUPLAN_CACHE_DIR/prices.json` (else `$XDG_CACHE_HOME/gpuplan`, else
//! `~/.cache/gpuplan`). A fresh cache is used and said so on stderr; a stale, hand-edited or
//! unreadable one is not used, with a warning; without one the embedded prices are used.

use std::path::PathBuf;

use gpuplan_core::catalog::Catalog;
use gpuplan_core::catalog::price_list::{CacheState, DEFAULT_MAX_AGE_DAYS, read_cache};

/// The file name of the price cache in the cache folder.
const CACHE_FILE_NAME: &str = "prices.json";

/// The default place of the price cache, when a home or cache folder is known.
pub fn default_cache_path() -> Option<PathBuf> {
    let folder = std::env::var_os("GPUPLAN_CACHE_DIR")
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("XDG_CACHE_HOME").map(|cache| PathBuf::from(cache).join("gpuplan"))
        })
        .or_else(|| {
            std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache").join("gpuplan"))
        })?;
    Some(folder.join(CACHE_FILE_NAME))
}

/// The catalog to use, with a notice on stderr saying where its prices come from.
pub fn catalog_with_prices() -> Result<Catalog, String> {
    let embedded = Catalog::embedded();
    let fallback = || {
        eprintln!(
            "gpuplan: prices: embedded catalog assembled {}",
            embedded.assembled_on()
        );
        Ok(embedded.clone())
    };
    let Some(path) = default_cache_path() else {
        return fallback();
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            eprintln!(
                "gpuplan: warning: no refreshed prices at {} (run `gpuplan catalog refresh` for today's price list)",
                path.display()
            );
            return fallback();
        }
        Err(error) => {
            eprintln!("gpuplan: warning: cannot read {}: {error}", path.display());
            return fallback();
        }
    };
    let today = jiff::Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .date();
    match read_cache(&text, today, DEFAULT_MAX_AGE_DAYS) {
        CacheState::Fresh(cache) => {
            eprintln!(
                "gpuplan: prices: refreshed on {} from {} ({}), over the embedded catalog assembled {}",
                cache.fetched_on,
                cache.price_list_endpoint,
                path.display(),
                embedded.assembled_on()
            );
            Ok(embedded.with_live_prices(&cache))
        }
        CacheState::Stale { cache, age_days } => {
            eprintln!(
                "gpuplan: warning: the prices in {} were fetched {age_days} days ago ({}), more than {DEFAULT_MAX_AGE_DAYS}: not used; run `gpuplan catalog refresh`",
                path.display(),
                cache.fetched_on
            );
            fallback()
        }
        CacheState::Edited => {
            eprintln!(
                "gpuplan: warning: {} was changed by hand (its digest no longer matches): not used, and `catalog refresh` will not overwrite it; move it away to refresh",
                path.display()
            );
            fallback()
        }
        CacheState::Unreadable(reason) => {
            eprintln!(
                "gpuplan: warning: {} is not a gpuplan price cache ({reason}): not used",
                path.display()
            );
            fallback()
        }
    }
}
