//! How figures are written: CNY amounts, rates, shares, and the marks that say a figure is
//! estimated or user-supplied.

use crate::provenance::Basis;
use crate::render::Lang;

/// The mark after a figure: `*` estimated, `†` user-supplied, nothing otherwise.
pub fn basis_mark(basis: Basis) -> &'static str {
    match basis {
        Basis::Estimated => "*",
        Basis::UserSupplied => "†",
        Basis::Published | Basis::Derived => "",
    }
}

/// The legend lines for the marks that appear in a report.
pub fn legend(bases: impl IntoIterator<Item = Basis>, lang: Lang) -> Vec<String> {
    let mut present: Vec<Basis> = bases
        .into_iter()
        .filter(|basis| basis.needs_mark())
        .collect();
    present.sort();
    present.dedup();
    present
        .into_iter()
        .map(|basis| match basis {
            Basis::Estimated => lang
                .pick(
                    "* estimate: no published China price; computed by the rule shown under \"Prices used\". Confirm before quoting.",
                    "* 估算值：无公开的中国区价格，按“所用价格”中所列规则计算；报价前请确认。",
                )
                .to_string(),
            Basis::UserSupplied => lang
                .pick(
                    "† user-supplied: a price, discount or rate given in the plan file.",
                    "† 用户提供：计划文件中给出的价格、折扣或汇率。",
                )
                .to_string(),
            Basis::Published | Basis::Derived => unreachable!("filtered above"),
        })
        .collect()
}

/// A CNY amount with thousands separators: whole yuan from 100 up, two decimals below.
pub fn cny(amount: f64) -> String {
    if amount.abs() >= 100.0 {
        group_thousands(&format!("{:.0}", amount))
    } else {
        group_thousands(&format!("{:.2}", amount))
    }
}

/// A CNY amount with its basis mark.
pub fn cny_marked(amount: f64, basis: Basis) -> String {
    format!("{}{}", cny(amount), basis_mark(basis))
}

/// An hourly price, three decimals.
pub fn hourly(amount: f64) -> String {
    group_thousands(&format!("{:.3}", amount))
}

/// A share as a percentage, no decimals (`37%`).
pub fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

/// A signed change against a reference (`+21%`, `-48%`).
pub fn change(value: f64, reference: f64) -> String {
    if reference == 0.0 {
        return "—".to_string();
    }
    let ratio = (value - reference) / reference * 100.0;
    if ratio.abs() < 0.5 {
        "±0%".to_string()
    } else {
        format!("{:+.0}%", ratio)
    }
}

/// A count that may be fractional (requests, hours): whole numbers with separators.
pub fn quantity(value: f64) -> String {
    if value.abs() >= 100.0 || value.fract() == 0.0 {
        group_thousands(&format!("{:.0}", value))
    } else {
        format!("{:.1}", value)
    }
}

fn group_thousands(number: &str) -> String {
    let (sign, unsigned) = number
        .strip_prefix('-')
        .map(|rest| ("-", rest))
        .unwrap_or(("", number));
    let (whole, fraction) = unsigned
        .split_once('.')
        .map(|(whole, fraction)| (whole, Some(fraction)))
        .unwrap_or((unsigned, None));
    let mut grouped = String::new();
    for (index, digit) in whole.chars().enumerate() {
        if index > 0 && (whole.len() - index) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    match fraction {
        Some(fraction) => format!("{sign}{grouped}.{fraction}"),
        None => format!("{sign}{grouped}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_grouped_and_rounded_by_size() {
        assert_eq!(cny(1234567.4), "1,234,567");
        assert_eq!(cny(99.456), "99.46");
        assert_eq!(cny(-1500.0), "-1,500");
        assert_eq!(cny(100.0), "100");
        assert_eq!(hourly(18.6201), "18.620");
        assert_eq!(percent(0.374), "37%");
        assert_eq!(change(121.0, 100.0), "+21%");
        assert_eq!(change(52.0, 100.0), "-48%");
        assert_eq!(quantity(12345.6), "12,346");
        assert_eq!(quantity(3.25), "3.2");
    }

    #[test]
    fn marks_and_legend_follow_the_basis() {
        assert_eq!(cny_marked(1000.0, Basis::Estimated), "1,000*");
        assert_eq!(cny_marked(1000.0, Basis::UserSupplied), "1,000†");
        assert_eq!(cny_marked(1000.0, Basis::Published), "1,000");
        let legend = legend(
            [Basis::Published, Basis::Estimated, Basis::Estimated],
            Lang::Zh,
        );
        assert_eq!(legend.len(), 1);
        assert!(legend[0].starts_with("* 估算值"));
    }
}
