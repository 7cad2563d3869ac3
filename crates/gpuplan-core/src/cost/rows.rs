//! The rows of one endpoint group: each strategy's monthly figures, with the risks it
//! carries and the weakest basis of what it was computed from.

use crate::catalog::{Catalog, PriceQuote};
use crate::cost::HOURS_PER_MONTH;
use crate::cost::report::{NotPricedReason, Risk, RowFigures, RowOutcome, Strategy, StrategyRow};
use crate::cost::scenarios::{Scenario, Timeline};
use crate::cost::simulate::{Outcome, Simulation, simulate};
use crate::plan::file::{Currency, SavingsPlanTerm};
use crate::plan::{EndpointGroup, Plan, UsageApi};
use crate::provenance::Basis;

/// A group's timeline and what a month is of it.
pub(super) struct GroupContext<'a> {
    pub plan: &'a Plan,
    pub catalog: &'a Catalog,
    pub group: &'a EndpointGroup,
    pub timeline: &'a Timeline,
}

impl GroupContext<'_> {
    /// Months per counted minute, as a factor on minute totals.
    fn month_factor(&self) -> f64 {
        HOURS_PER_MONTH * 60.0 / self.timeline.counted_minutes() as f64
    }

    pub fn requests_per_month(&self) -> f64 {
        let counted = &self.timeline.demand.requests_per_minute[self.timeline.warm_up_minutes..];
        counted.iter().sum::<f64>() * self.month_factor()
    }

    /// Instances needed to serve the peak at full load.
    fn needed_at_peak(&self) -> u32 {
        (self.timeline.peak_requests_per_minute() / self.group.requests_per_instance_minute())
            .ceil() as u32
    }

    pub fn run(&self, scenario: &Scenario) -> Outcome {
        simulate(&Simulation {
            demand: &self.timeline.demand.requests_per_minute,
            start_minute_of_week: self.timeline.demand.start_minute_of_week,
            warm_up_minutes: self.timeline.warm_up_minutes,
            requests_per_instance_minute: self.group.requests_per_instance_minute(),
            start_delay_minutes: scenario.start_delay_minutes,
            policy: scenario.policy.clone(),
            queued: scenario.queued,
            initial_instances: scenario.initial_instances,
        })
    }

    /// Billed instance-hours of one endpoint in a month.
    fn billed_hours(&self, outcome: &Outcome) -> f64 {
        outcome.billed_instance_minutes / 60.0 * self.month_factor()
    }

    fn no_hosting_price(&self, strategy: Strategy) -> StrategyRow {
        not_priced(
            strategy,
            None,
            NotPricedReason::NoPrice {
                instance_type: self.group.instance_type.clone(),
            },
        )
    }

    fn per_group(&self, per_endpoint: f64, figures: RowFigures) -> RowFigures {
        RowFigures {
            monthly_cny_per_endpoint: per_endpoint,
            monthly_cny: per_endpoint * f64::from(self.group.count),
            ..figures
        }
    }

    /// A row that runs SageMaker instances under a scenario.
    pub fn instance_row(
        &self,
        strategy: Strategy,
        scenario: &Scenario,
        outcome: &Outcome,
        price: Option<&PriceQuote>,
    ) -> StrategyRow {
        let Some(price) = price else {
            return self.no_hosting_price(strategy);
        };
        let hours = self.billed_hours(outcome);
        let figures = instance_figures(
            outcome,
            hours,
            price.basis,
            scenario.derived,
            self.operational_risks(scenario, outcome),
        );
        priced(
            strategy,
            None,
            self.per_group(hours * price.cny_per_hour, figures),
        )
    }

    /// Overload, under-provisioning and cold starts seen in a simulation.
    fn operational_risks(&self, scenario: &Scenario, outcome: &Outcome) -> Vec<Risk> {
        let mut risks = Vec::new();
        if outcome.overloaded_minutes > 0 {
            risks.push(Risk::Overloaded {
                minutes_per_month: outcome.overloaded_minutes as f64 * self.month_factor(),
            });
        }
        let needed = self.needed_at_peak();
        if !scenario.queued && outcome.peak_instances < needed {
            risks.push(Risk::UnderProvisioned {
                needed_instances: needed,
            });
        }
        if let Some((seconds, _)) = scenario.cold_start
            && outcome.cold_starts > 0
        {
            risks.push(Risk::ColdStarts {
                per_month: outcome.cold_starts as f64 * self.month_factor(),
                wait_seconds: seconds,
            });
        }
        risks
    }

    /// The planned strategy's usage with the instances that run at every minute under a
    /// Savings Plan rate, the rest on demand.
    pub fn savings_plan_row(
        &self,
        planned: &Scenario,
        outcome: &Outcome,
        price: Option<&PriceQuote>,
    ) -> StrategyRow {
        let strategy = Strategy::SavingsPlan;
        let Some(plan) = &self.plan.alternatives.savings_plan else {
            return not_priced(strategy, None, NotPricedReason::NoSavingsPlan);
        };
        let base = self.instance_row(strategy, planned, outcome, price);
        let (RowOutcome::Priced(figures), Some(price)) = (base.outcome, price) else {
            return self.no_hosting_price(strategy);
        };
        let hours = figures.instance_hours_per_endpoint.unwrap_or_default();
        let committed = f64::from(outcome.floor_instances) * outcome.counted_minutes as f64 / 60.0
            * self.month_factor();
        let per_endpoint =
            price.cny_per_hour * (committed * (1.0 - plan.discount) + (hours - committed));
        let mut risks = vec![
            Risk::Commitment {
                term: match plan.term {
                    SavingsPlanTerm::OneYear => "1yr".to_string(),
                    SavingsPlanTerm::ThreeYears => "3yr".to_string(),
                },
            },
            Risk::SavingsPlanUnconfirmedInChina,
        ];
        risks.extend(figures.risks.clone());
        let figures = RowFigures {
            basis: figures.basis.combine(Basis::UserSupplied),
            risks,
            ..figures
        };
        priced(strategy, None, self.per_group(per_endpoint, figures))
    }

    /// The planned strategy's usage on self-managed EC2 spot instances of the same type.
    pub fn spot_row(&self, outcome: &Outcome, ec2_price: Option<&PriceQuote>) -> StrategyRow {
        let strategy = Strategy::Spot;
        let Some(spot) = &self.plan.alternatives.spot else {
            return not_priced(strategy, None, NotPricedReason::NoSpotDiscount);
        };
        let Some(price) = ec2_price else {
            return not_priced(
                strategy,
                None,
                NotPricedReason::NoPrice {
                    instance_type: crate::catalog::instance_name::ec2_name(
                        &self.group.instance_type,
                    ),
                },
            );
        };
        let hours = self.billed_hours(outcome);
        let mut risks = vec![Risk::SpotInterruptions, Risk::SelfManaged];
        if outcome.overloaded_minutes > 0 {
            risks.push(Risk::Overloaded {
                minutes_per_month: outcome.overloaded_minutes as f64 * self.month_factor(),
            });
        }
        let figures = instance_figures(
            outcome,
            hours,
            price.basis.combine(Basis::UserSupplied),
            false,
            risks,
        );
        priced(
            strategy,
            None,
            self.per_group(hours * price.cny_per_hour * (1.0 - spot.discount), figures),
        )
    }

    /// A usage-based API serving the group's requests instead.
    pub fn api_row(&self, api: &UsageApi) -> StrategyRow {
        let strategy = Strategy::Api;
        let label = Some(api.name.clone());
        let per_request = match (
            api.per_request,
            api.input_per_million,
            api.output_per_million,
        ) {
            (Some(per_request), _, _) => per_request,
            (None, Some(input), Some(output)) => match self.group.tokens_per_request {
                Some(tokens) => {
                    (f64::from(tokens.input) * input + f64::from(tokens.output) * output) / 1e6
                }
                None => return not_priced(strategy, label, NotPricedReason::NoTokensPerRequest),
            },
            _ => return not_priced(strategy, label, NotPricedReason::NoTokensPerRequest),
        };
        let (to_cny, rate_basis) = match api.currency {
            Currency::Cny => (1.0, Basis::Published),
            Currency::Usd => match &self.plan.prices.usd_cny {
                Some(rate) => (rate.rate, Basis::UserSupplied),
                None => return not_priced(strategy, label, NotPricedReason::NoExchangeRate),
            },
        };
        let price_basis = if api.user_supplied {
            Basis::UserSupplied
        } else {
            Basis::Published
        };
        let mut risks = Vec::new();
        if api.cross_border {
            risks.push(Risk::CrossBorderData);
        }
        let provider_is_aws = self
            .catalog
            .api_price(&api.name)
            .is_some_and(|price| price.provider.starts_with("Amazon"));
        if !provider_is_aws {
            risks.push(Risk::ThirdPartyProvider);
        }
        let figures = RowFigures {
            monthly_cny_per_endpoint: 0.0,
            monthly_cny: 0.0,
            instance_hours_per_endpoint: None,
            utilisation: None,
            peak_instances_per_endpoint: None,
            basis: price_basis.combine(rate_basis),
            derived_settings: false,
            risks,
        };
        priced(
            strategy,
            label,
            self.per_group(self.requests_per_month() * per_request * to_cny, figures),
        )
    }

    /// Busy GPU time only: what the requests cost if nothing were ever idle.
    pub fn ideal_row(&self, price: Option<&PriceQuote>) -> StrategyRow {
        let strategy = Strategy::IdealLowerBound;
        let Some(price) = price else {
            return self.no_hosting_price(strategy);
        };
        let busy_hours = self.requests_per_month() * self.group.gpu_seconds_per_request / 3600.0;
        let figures = RowFigures {
            monthly_cny_per_endpoint: 0.0,
            monthly_cny: 0.0,
            instance_hours_per_endpoint: Some(busy_hours),
            utilisation: Some(1.0),
            peak_instances_per_endpoint: None,
            basis: price.basis,
            derived_settings: false,
            risks: Vec::new(),
        };
        priced(
            strategy,
            None,
            self.per_group(busy_hours * price.cny_per_hour, figures),
        )
    }
}

/// The figures of a row that runs instances, before its price is applied.
fn instance_figures(
    outcome: &Outcome,
    hours: f64,
    basis: Basis,
    derived_settings: bool,
    risks: Vec<Risk>,
) -> RowFigures {
    RowFigures {
        monthly_cny_per_endpoint: 0.0,
        monthly_cny: 0.0,
        instance_hours_per_endpoint: Some(hours),
        utilisation: utilisation(outcome),
        peak_instances_per_endpoint: Some(outcome.peak_instances),
        basis,
        derived_settings,
        risks,
    }
}

fn utilisation(outcome: &Outcome) -> Option<f64> {
    (outcome.billed_instance_minutes > 0.0)
        .then(|| outcome.busy_instance_minutes / outcome.billed_instance_minutes)
}

fn priced(strategy: Strategy, label: Option<String>, figures: RowFigures) -> StrategyRow {
    StrategyRow {
        strategy,
        label,
        outcome: RowOutcome::Priced(figures),
    }
}

fn not_priced(strategy: Strategy, label: Option<String>, reason: NotPricedReason) -> StrategyRow {
    StrategyRow {
        strategy,
        label,
        outcome: RowOutcome::NotPriced { reason },
    }
}
