//! Recorded traffic traces: a CSV file of `timestamp,rps` rows read into one request rate
//! per minute.
//!
//! Timestamps are RFC 3339 with an offset (`2026-11-26T19:00:00+08:00`), strictly
//! increasing; each row's rate holds until the next row, and the last row's for one more
//! step of the same length as the step before it (one minute for a single row). Rows need
//! not be one minute apart: hourly samples are spread over their hour.

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::clock::minute_of_week_at;

/// The longest trace read: a leap year and a month, at one minute per entry.
pub const MAX_TRACE_MINUTES: usize = 400 * 24 * 60;

/// A trace read into minutes.
#[derive(Clone, Debug, PartialEq)]
pub struct Trace {
    /// The local minute of the week (in the workload's zone) of the first minute.
    pub start_minute_of_week: u32,
    /// Requests per second, minute by minute.
    pub rps_per_minute: Vec<f64>,
}

/// A problem in a trace file, with its 1-based line.
#[derive(Clone, Debug, PartialEq)]
pub struct TraceError {
    pub line: Option<u64>,
    pub message: String,
}

impl std::fmt::Display for TraceError {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(formatter, "line {line}: {}", self.message),
            None => formatter.write_str(&self.message),
        }
    }
}

/// Reads a trace. Every bad row is reported, up to twenty.
pub fn parse_trace(text: &str, zone: &TimeZone) -> Result<Trace, Vec<TraceError>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .trim(csv::Trim::All)
        .comment(Some(b'#'))
        .from_reader(text.as_bytes());
    let mut errors = Vec::new();
    match reader.headers() {
        Ok(headers) if headers.iter().collect::<Vec<_>>() == ["timestamp", "rps"] => {}
        Ok(headers) => errors.push(TraceError {
            line: Some(1),
            message: format!(
                "the header must be `timestamp,rps`, found `{}`",
                headers.iter().collect::<Vec<_>>().join(",")
            ),
        }),
        Err(error) => errors.push(TraceError {
            line: Some(1),
            message: error.to_string(),
        }),
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut rows: Vec<(Timestamp, f64)> = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                errors.push(TraceError {
                    line: error.position().map(|position| position.line()),
                    message: error.to_string(),
                });
                continue;
            }
        };
        let line = record.position().map(|position| position.line());
        let timestamp = record.get(0).unwrap_or_default();
        let rate = record.get(1).unwrap_or_default();
        let parsed_time = timestamp.parse::<Timestamp>();
        let parsed_rate = rate.parse::<f64>();
        match (parsed_time, parsed_rate) {
            (Ok(time), Ok(rate)) if rate.is_finite() && rate >= 0.0 => {
                if let Some((previous, _)) = rows.last()
                    && time <= *previous
                {
                    errors.push(TraceError {
                        line,
                        message: format!("{timestamp} is not after the row before it: sort the trace by time"),
                    });
                } else {
                    rows.push((time, rate));
                }
            }
            (Err(_), _) => errors.push(TraceError {
                line,
                message: format!(
                    "`{timestamp}` is not an RFC 3339 timestamp with an offset (2026-11-26T19:00:00+08:00)"
                ),
            }),
            (_, _) => errors.push(TraceError {
                line,
                message: format!("`{rate}` is not a rate of requests per second (a number, 0 or more)"),
            }),
        }
        if errors.len() >= 20 {
            break;
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if rows.is_empty() {
        return Err(vec![TraceError {
            line: None,
            message: "the trace has no rows".to_string(),
        }]);
    }
    spread(&rows, zone).map_err(|message| {
        vec![TraceError {
            line: None,
            message,
        }]
    })
}

/// Spreads rows over minutes: each row's rate holds until the next row.
fn spread(rows: &[(Timestamp, f64)], zone: &TimeZone) -> Result<Trace, String> {
    let start = rows[0].0;
    let minute_index = |time: Timestamp| -> i64 { (time.as_second() - start.as_second()) / 60 };
    let last_step = match rows {
        [.., before, last] => (minute_index(last.0) - minute_index(before.0)).max(1),
        _ => 1,
    };
    let total = minute_index(rows[rows.len() - 1].0) + last_step;
    if total as usize > MAX_TRACE_MINUTES {
        return Err(format!(
            "the trace spans {total} minutes; gpuplan reads at most {MAX_TRACE_MINUTES} (400 days)"
        ));
    }
    let mut rps_per_minute = vec![0.0; total as usize];
    for (index, (time, rate)) in rows.iter().enumerate() {
        let from = minute_index(*time) as usize;
        let until = rows
            .get(index + 1)
            .map(|(next, _)| minute_index(*next) as usize)
            .unwrap_or(total as usize);
        for slot in &mut rps_per_minute[from..until.max(from)] {
            *slot = *rate;
        }
    }
    Ok(Trace {
        start_minute_of_week: minute_of_week_at(start, zone),
        rps_per_minute,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shanghai() -> TimeZone {
        TimeZone::get("Asia/Shanghai").unwrap()
    }

    #[test]
    fn rows_are_spread_over_their_minutes() {
        let text = "timestamp,rps\n\
                    2026-11-26T19:00:00+08:00,1.0\n\
                    2026-11-26T19:02:00+08:00,0.5\n\
                    2026-11-26T19:03:00+08:00,2\n";
        let trace = parse_trace(text, &shanghai()).unwrap();
        assert_eq!(trace.rps_per_minute, vec![1.0, 1.0, 0.5, 2.0]);
        assert_eq!(trace.start_minute_of_week, 3 * 1440 + 19 * 60);
    }

    #[test]
    fn every_bad_row_is_reported_with_its_line() {
        let text = "timestamp,rps\n\
                    yesterday,1.0\n\
                    2026-11-26T19:02:00+08:00,-1\n\
                    2026-11-26T19:03:00+08:00,1\n\
                    2026-11-26T19:01:00+08:00,1\n";
        let errors = parse_trace(text, &shanghai()).unwrap_err();
        let lines: Vec<Option<u64>> = errors.iter().map(|error| error.line).collect();
        assert_eq!(lines, vec![Some(2), Some(3), Some(5)], "{errors:?}");
    }

    #[test]
    fn a_wrong_header_or_an_empty_trace_is_refused() {
        assert!(parse_trace("time,rate\n", &shanghai()).is_err());
        let errors = parse_trace("timestamp,rps\n", &shanghai()).unwrap_err();
        assert_eq!(errors[0].message, "the trace has no rows");
    }
}
