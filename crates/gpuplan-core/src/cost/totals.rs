//! The whole plan under each strategy: each group under that strategy where it applies,
//! under its planned strategy where it does not (and named), never silently left out.

use crate::cost::report::{GroupCost, RowOutcome, Strategy, StrategyTotal};
use crate::provenance::Basis;

/// One total per strategy that prices at least one group, the as-planned total first.
pub(super) fn totals(groups: &[GroupCost]) -> Vec<StrategyTotal> {
    let mut keys: Vec<(Strategy, Option<String>)> = vec![(Strategy::AsPlanned, None)];
    for group in groups {
        for row in &group.rows {
            let key = (row.strategy, row.label.clone());
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
    }
    // Strategies in their enum order; APIs in the order the plan lists them.
    keys.sort_by_key(|(strategy, _)| *strategy);
    keys.into_iter()
        .filter_map(|(strategy, label)| total(groups, strategy, label))
        .collect()
}

fn total(groups: &[GroupCost], strategy: Strategy, label: Option<String>) -> Option<StrategyTotal> {
    let mut sum = 0.0;
    let mut basis = Basis::Published;
    let mut kept = Vec::new();
    let mut not_priced = Vec::new();
    let mut priced_any = false;
    for group in groups {
        let wanted = if strategy == Strategy::AsPlanned {
            group.planned
        } else {
            strategy
        };
        let own = group.rows.iter().find(|row| {
            row.strategy == wanted && (strategy == Strategy::AsPlanned || row.label == label)
        });
        let planned = group
            .rows
            .iter()
            .find(|row| row.strategy == group.planned && row.label.is_none());
        match (own.map(|row| &row.outcome), planned.map(|row| &row.outcome)) {
            (Some(RowOutcome::Priced(figures)), _) => {
                sum += figures.monthly_cny;
                basis = basis.combine(figures.basis);
                priced_any = true;
            }
            (_, Some(RowOutcome::Priced(figures))) => {
                sum += figures.monthly_cny;
                basis = basis.combine(figures.basis);
                kept.push(group.name.clone());
            }
            _ => not_priced.push(group.name.clone()),
        }
    }
    (priced_any || strategy == Strategy::AsPlanned).then(|| StrategyTotal {
        strategy,
        label,
        monthly_cny: not_priced.is_empty().then_some(sum),
        basis,
        groups_kept_as_planned: kept,
        groups_not_priced: not_priced,
    })
}
