//! Pass two: rules that need several fields or the catalog, and the build of the model.
//!
//! Each well-formed part of the document (the `[plan]` table, each workload, each
//! endpoint, each alternative and price) is read into its [`crate::plan::file`] struct and
//! checked; every rule runs and adds to one [`Diagnostics`], together with the structural
//! errors of [`super::parse`], so a plan with four mistakes gets four errors. The rules
//! live by section: [`plan_section`] (region, services, hosted models), [`workloads`]
//! (time zones, windows, traces), [`endpoints`] (names, instance types, autoscaling,
//! schedules, asynchronous mode, model locations) and [`alternatives`] (APIs, spot,
//! Savings Plan, exchange rate, price overrides). A [`Plan`] is built only when no error
//! was found.

mod alternatives;
mod context;
mod endpoints;
mod plan_section;
mod workloads;

use crate::catalog::Catalog;
use crate::diagnostics::Diagnostics;
use crate::plan::parse::Parsed;
use crate::plan::{Loaded, Plan, ReadRelative};

use context::Context;

/// Validates a parsed document into a [`Loaded`] plan, or every error found.
pub fn validate(
    parsed: Parsed,
    catalog: &Catalog,
    read_relative: ReadRelative<'_>,
) -> Result<Loaded, Diagnostics> {
    let Parsed {
        document,
        diagnostics,
    } = parsed;
    let mut context = Context::new(&document, catalog, diagnostics);

    let section = plan_section::validate(&mut context);
    let workloads = workloads::validate(&mut context, read_relative);
    // Every workload the file declares, valid or not: an endpoint naming an invalid one
    // gets no second error.
    let workload_names: Vec<String> = context.keys("/workload");
    // The name is checked against SageMaker's limits even when the rest of [plan] is not
    // valid, so that a long endpoint name is reported in the same run.
    let plan_name = section
        .as_ref()
        .map(|section| section.name.clone())
        .or_else(|| {
            document
                .get("/plan/name")
                .and_then(|name| name.as_str())
                .map(str::to_string)
        });
    let endpoints = endpoints::validate(
        &mut context,
        plan_name.as_deref(),
        &workloads,
        &workload_names,
    );
    let (alternatives, prices) = alternatives::validate(&mut context, &endpoints);

    let mut diagnostics = context.finish();
    diagnostics.sort();
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    let Some(section) = section else {
        // A missing [plan] table is a structural error, reported above.
        return Err(diagnostics);
    };
    let plan = Plan {
        name: section.name,
        description: section.description,
        region: section.region,
        path: diagnostics.path.clone(),
        services: section.services,
        managed_models: section.managed_models,
        workloads,
        endpoints,
        alternatives,
        prices,
        quota_headroom: section.quota_headroom,
    };
    Ok(Loaded {
        plan,
        warnings: diagnostics,
    })
}
