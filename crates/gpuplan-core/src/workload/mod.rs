//! Workload profiles as request rates over time, at minute resolution.
//!
//! A weekly profile (a baseline and windows in a time zone) or a recorded trace becomes a
//! series of requests per minute that the cost simulation walks. Times are local to the
//! profile's time zone; minute 0 of a week is Monday 00:00 local time.

use crate::plan::{TrafficPattern, Workload};

pub const MINUTES_PER_WEEK: usize = 7 * 24 * 60;

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
}

/// The request rate (requests per second) of a weekly pattern at a local minute of the week.
pub fn rps_at(pattern: &TrafficPattern, minute_of_week: u32) -> f64 {
    let _ = (pattern, minute_of_week);
    todo!()
}

/// `minutes` minutes of demand starting at the local minute of the week `start`. A weekly
/// pattern repeats; a trace is used as recorded (its own start), and `minutes` is ignored.
pub fn demand(workload: &Workload, start_minute_of_week: u32, minutes: usize) -> DemandSeries {
    let _ = (workload, start_minute_of_week, minutes);
    todo!()
}
