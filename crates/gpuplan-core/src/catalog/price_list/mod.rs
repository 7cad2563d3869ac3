//! The pure part of `gpuplan catalog refresh`: AWS Price List API (GetProducts) answers and
//! EC2 spot price history turned into a cache file, the file read back, and its figures laid
//! over the embedded catalog.
//!
//! The flow, with the adapter's calls in brackets:
//!
//! 1. [GetProducts AmazonEC2 and AmazonSageMaker, every page] `parse_ec2_on_demand` and
//!    `parse_sagemaker_hosting` read the `PriceList` strings into [`ListedPrice`]s.
//! 2. [DescribeSpotPriceHistory per region, Linux/UNIX] [`SpotPriceObservation`]s reduce to
//!    the latest price per zone with [`latest_spot_prices`].
//! 3. [`LivePriceCache::assemble`] and [`render_cache`] give the file's text; before writing
//!    over an existing file, [`may_overwrite`] says whether that file is gpuplan's own.
//! 4. [`read_cache`] checks a file (digest, age) and
//!    [`Catalog::with_live_prices`](crate::catalog::Catalog::with_live_prices) lays it over
//!    the embedded catalog.
//!
//! Nothing here touches the network or converts currencies: the China price lists and spot
//! prices are in CNY.

mod cache;
mod cache_state;
mod digest;
mod document;
mod ec2;
mod error;
mod listed_price;
pub(super) mod overlay;
mod sagemaker;
mod spot;

pub use cache::{
    CACHE_FORMAT_VERSION, CACHE_PARTITION, CachedPrice, DEFAULT_MAX_AGE_DAYS, LivePriceCache,
    RegionalLivePrices, render_cache,
};
pub use cache_state::{CacheState, may_overwrite, read_cache};
pub use ec2::parse_ec2_on_demand;
pub use error::{LivePriceCacheError, PriceListError, SpotPriceError};
pub use listed_price::ListedPrice;
pub use overlay::{PriceOrigin, SpotQuote};
pub use sagemaker::parse_sagemaker_hosting;
pub use spot::{
    SpotPriceObservation, SpotPriceRange, SpotZonePrice, latest_spot_prices, spot_price_ranges,
};
