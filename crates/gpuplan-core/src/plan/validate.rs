//! Pass two: rules that need several fields or the catalog, and the build of the model.
//!
//! Every rule runs and adds to one [`Diagnostics`], so a plan with four mistakes gets four
//! errors. The rules: the region is a China region; instance types are `ml.` types the
//! catalog knows; workload names resolve; time zones exist; `min <= max`, schedules within
//! bounds; endpoint names are unique and fit SageMaker's 63-character limit with their
//! suffixes; APIs name catalog entries or give a complete custom price; overrides name
//! known instance types.

use crate::catalog::Catalog;
use crate::diagnostics::Diagnostics;
use crate::plan::parse::Document;
use crate::plan::{Loaded, ReadRelative};

/// Validates a parsed document into a [`Loaded`] plan.
pub fn validate(
    path: &str,
    text: &str,
    document: &Document,
    catalog: &Catalog,
    read_relative: ReadRelative<'_>,
) -> Result<Loaded, Diagnostics> {
    let _ = (path, text, document, catalog, read_relative);
    todo!("validate")
}
