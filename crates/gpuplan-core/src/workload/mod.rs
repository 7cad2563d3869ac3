//! Workload profiles as request rates over time, at minute resolution.
//!
//! A weekly profile (a baseline and windows in a time zone) or a recorded trace becomes a
//! series of requests per minute that the cost simulation walks. Times are local to the
//! profile's time zone; minute 0 of a week is Monday 00:00 local time ([`clock`]). Traces
//! are read by [`trace`].

pub mod clock;
pub mod trace;

use crate::plan::{TrafficPattern, Window, Workload};

pub use clock::{MINUTES_PER_DAY, MINUTES_PER_WEEK};

/// Requests per minute of one endpoint, minute by minute.
#[derive(Clone, Debug, PartialEq)]
pub struct DemandSeries {
    /// The local minute of the week the first entry falls on.
    pub start_minute_of_week: u32,
    pub requests_per_minute: Vec<f64>,
}

impl DemandSeries {
    pub fn total_requests(&self) -> f64 {
        self.requests_per_minute.iter().sum()
    }

    pub fn minutes(&self) -> usize {
        self.requests_per_minute.len()
    }

    /// The local minute of the week of entry `index`.
    pub fn minute_of_week(&self, index: usize) -> u32 {
        ((self.start_minute_of_week as usize + index) % MINUTES_PER_WEEK as usize) as u32
    }
}

/// Whether a weekly window covers a local minute of the week.
fn covers(window: &Window, minute_of_week: u32) -> bool {
    let length = if window.end_minute > window.start_minute {
        window.end_minute - window.start_minute
    } else {
        MINUTES_PER_DAY - window.start_minute + window.end_minute
    };
    window.days.iter().any(|day| {
        let start = clock::minute_of_week(*day, window.start_minute);
        (minute_of_week + MINUTES_PER_WEEK - start) % MINUTES_PER_WEEK < length
    })
}

/// The request rate (requests per second) of a weekly pattern at a local minute of the
/// week: the highest rate of the windows open then, or the baseline when none is. For a
/// trace, the rate of the first recorded minute that falls on that minute of the week.
pub fn rps_at(pattern: &TrafficPattern, minute_of_week: u32) -> f64 {
    match pattern {
        TrafficPattern::Weekly {
            baseline_rps,
            windows,
        } => windows
            .iter()
            .filter(|window| covers(window, minute_of_week))
            .map(|window| window.rps)
            .reduce(f64::max)
            .unwrap_or(*baseline_rps),
        TrafficPattern::Trace {
            start_minute_of_week,
            rps_per_minute,
            ..
        } => {
            let offset =
                (minute_of_week + MINUTES_PER_WEEK - start_minute_of_week) % MINUTES_PER_WEEK;
            rps_per_minute.get(offset as usize).copied().unwrap_or(0.0)
        }
    }
}

/// One week of a weekly pattern, requests per second for each minute from Monday 00:00.
pub fn weekly_rps(pattern: &TrafficPattern) -> Vec<f64> {
    (0..MINUTES_PER_WEEK)
        .map(|minute| rps_at(pattern, minute))
        .collect()
}

/// `minutes` minutes of demand starting at the local minute of the week `start`. A weekly
/// pattern repeats; a trace is used as recorded (its own start), and `minutes` is ignored.
pub fn demand(workload: &Workload, start_minute_of_week: u32, minutes: usize) -> DemandSeries {
    match &workload.pattern {
        TrafficPattern::Weekly { .. } => {
            let week = weekly_rps(&workload.pattern);
            let requests_per_minute = (0..minutes)
                .map(|index| {
                    let minute = (start_minute_of_week as usize + index) % week.len();
                    week[minute] * 60.0
                })
                .collect();
            DemandSeries {
                start_minute_of_week: start_minute_of_week % MINUTES_PER_WEEK,
                requests_per_minute,
            }
        }
        TrafficPattern::Trace {
            start_minute_of_week,
            rps_per_minute,
            ..
        } => DemandSeries {
            start_minute_of_week: *start_minute_of_week,
            requests_per_minute: rps_per_minute.iter().map(|rps| rps * 60.0).collect(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::file::Weekday;

    fn evenings() -> TrafficPattern {
        TrafficPattern::Weekly {
            baseline_rps: 0.5,
            windows: vec![
                Window {
                    days: vec![Weekday::Fri],
                    start_minute: 22 * 60,
                    end_minute: 2 * 60,
                    rps: 2.0,
                },
                Window {
                    days: vec![Weekday::Fri],
                    start_minute: 23 * 60,
                    end_minute: 23 * 60 + 30,
                    rps: 5.0,
                },
                Window {
                    days: vec![Weekday::Sun],
                    start_minute: 23 * 60,
                    end_minute: MINUTES_PER_DAY,
                    rps: 0.0,
                },
            ],
        }
    }

    #[test]
    fn windows_override_the_baseline_and_the_highest_wins() {
        let pattern = evenings();
        let friday =
            |hour: u32, minute: u32| clock::minute_of_week(Weekday::Fri, hour * 60 + minute);
        assert_eq!(rps_at(&pattern, friday(21, 59)), 0.5);
        assert_eq!(rps_at(&pattern, friday(22, 0)), 2.0);
        assert_eq!(rps_at(&pattern, friday(23, 10)), 5.0);
        assert_eq!(rps_at(&pattern, friday(23, 30)), 2.0);
        // Past midnight, into Saturday, and closed at 02:00.
        assert_eq!(
            rps_at(&pattern, clock::minute_of_week(Weekday::Sat, 60)),
            2.0
        );
        assert_eq!(
            rps_at(&pattern, clock::minute_of_week(Weekday::Sat, 120)),
            0.5
        );
        // A quiet window below the baseline still overrides it, up to the week's end.
        assert_eq!(rps_at(&pattern, MINUTES_PER_WEEK - 1), 0.0);
        assert_eq!(rps_at(&pattern, 0), 0.5);
    }

    #[test]
    fn weekly_demand_wraps_around_the_week() {
        let workload = Workload {
            name: "w".into(),
            timezone: "Asia/Shanghai".into(),
            pattern: evenings(),
        };
        let series = demand(&workload, MINUTES_PER_WEEK - 2, 4);
        assert_eq!(series.requests_per_minute, vec![0.0, 0.0, 30.0, 30.0]);
        assert_eq!(series.minute_of_week(2), 0);
        let week = demand(&workload, 0, MINUTES_PER_WEEK as usize);
        let expected = 0.5 * 60.0 * (MINUTES_PER_WEEK as f64 - 240.0 - 60.0)
            + 2.0 * 60.0 * 210.0
            + 5.0 * 60.0 * 30.0;
        assert!((week.total_requests() - expected).abs() < 1e-6);
    }

    #[test]
    fn a_trace_is_used_as_recorded() {
        let workload = Workload {
            name: "t".into(),
            timezone: "UTC".into(),
            pattern: TrafficPattern::Trace {
                file: "t.csv".into(),
                start_minute_of_week: 10,
                rps_per_minute: vec![1.0, 2.0],
            },
        };
        let series = demand(&workload, 0, 99);
        assert_eq!(series.requests_per_minute, vec![60.0, 120.0]);
        assert_eq!(series.start_minute_of_week, 10);
        assert_eq!(rps_at(&workload.pattern, 11), 2.0);
    }
}
