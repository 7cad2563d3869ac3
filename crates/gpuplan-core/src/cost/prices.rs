//! The hourly prices an estimate uses: the plan's overrides first, then the catalog. Each
//! price used is recorded once, with its basis and sources, for the report's "Prices used".

use crate::catalog::{Catalog, PriceQuote, instance_name};
use crate::cost::report::PriceLine;
use crate::plan::{Plan, PriceOverride};
use crate::provenance::Basis;
use crate::region::Region;

/// Looks prices up and remembers which were used.
pub(super) struct PriceBook<'a> {
    plan: &'a Plan,
    catalog: &'a Catalog,
    used: Vec<PriceLine>,
}

impl<'a> PriceBook<'a> {
    pub fn new(plan: &'a Plan, catalog: &'a Catalog) -> Self {
        Self {
            plan,
            catalog,
            used: Vec::new(),
        }
    }

    /// SageMaker real-time hosting, per instance-hour, of `ml.g5.2xlarge`.
    pub fn hosting(&mut self, instance_type: &str) -> Option<PriceQuote> {
        self.look_up(
            instance_name::sagemaker_name(instance_type),
            Catalog::sagemaker_hosting,
        )
    }

    /// EC2 on-demand Linux, per instance-hour, of the EC2 type behind `ml.g5.2xlarge`.
    pub fn ec2_on_demand(&mut self, instance_type: &str) -> Option<PriceQuote> {
        self.look_up(
            instance_name::ec2_name(instance_type),
            Catalog::ec2_on_demand,
        )
    }

    /// The plan's override of `name` if it has one, else the catalog's price; recorded.
    fn look_up(
        &mut self,
        name: String,
        from_catalog: impl Fn(&Catalog, Region, &str) -> Option<PriceQuote>,
    ) -> Option<PriceQuote> {
        let quote = match self.plan.prices.overrides.get(&name) {
            Some(given) => Some(user_supplied(given)),
            None => from_catalog(self.catalog, self.plan.region, &name),
        }?;
        self.record(&name, &quote);
        Some(quote)
    }

    fn record(&mut self, instance_type: &str, quote: &PriceQuote) {
        if !self
            .used
            .iter()
            .any(|line| line.instance_type == instance_type)
        {
            self.used.push(PriceLine {
                instance_type: instance_type.to_string(),
                quote: quote.clone(),
            });
        }
    }

    /// The prices used, SageMaker types first, each once.
    pub fn into_lines(mut self) -> Vec<PriceLine> {
        self.used.sort_by(|left, right| {
            (
                !instance_name::has_sagemaker_prefix(&left.instance_type),
                &left.instance_type,
            )
                .cmp(&(
                    !instance_name::has_sagemaker_prefix(&right.instance_type),
                    &right.instance_type,
                ))
        });
        self.used
    }
}

fn user_supplied(given: &PriceOverride) -> PriceQuote {
    PriceQuote {
        cny_per_hour: given.cny_per_hour,
        basis: Basis::UserSupplied,
        sources: vec![given.source.clone()],
        rule: None,
    }
}
