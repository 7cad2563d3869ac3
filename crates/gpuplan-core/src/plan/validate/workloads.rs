//! `[workload.NAME]` tables: time zones, weekly windows and recorded traces.

use std::collections::BTreeMap;

use super::context::{Context, is_time_zone};
use crate::plan::file::{WindowFile, WorkloadFile};
use crate::plan::parse::pointer_segment;
use crate::plan::{ReadRelative, TrafficPattern, Window, Workload};
use crate::workload::clock::minutes_of_day;
use crate::workload::trace::parse_trace;

/// The time zone of a workload that names none.
pub const DEFAULT_TIME_ZONE: &str = "Asia/Shanghai";

pub(super) fn validate(
    context: &mut Context<'_>,
    read_relative: ReadRelative<'_>,
) -> BTreeMap<String, Workload> {
    let mut workloads = BTreeMap::new();
    for name in context.keys("/workload") {
        let pointer = format!("/workload/{}", pointer_segment(&name));
        let Some(file) = context.read::<WorkloadFile>(&pointer) else {
            continue;
        };
        if let Some(workload) = workload(context, &pointer, &name, file, read_relative) {
            workloads.insert(name, workload);
        }
    }
    workloads
}

fn workload(
    context: &mut Context<'_>,
    pointer: &str,
    name: &str,
    file: WorkloadFile,
    read_relative: ReadRelative<'_>,
) -> Option<Workload> {
    let timezone = file
        .timezone
        .clone()
        .unwrap_or_else(|| DEFAULT_TIME_ZONE.to_string());
    if !is_time_zone(&timezone) {
        context.error(
            &format!("{pointer}/timezone"),
            format!("`{timezone}` is not an IANA time zone"),
            "use a name such as `Asia/Shanghai` or `UTC`",
        );
        return None;
    }
    let windows = windows(context, pointer, &file.windows);
    let pattern = match &file.trace {
        Some(trace_file) => {
            if !file.windows.is_empty() || file.baseline_rps != 0.0 {
                context.warning(
                    &format!("{pointer}/trace"),
                    format!("workload `{name}` has a trace: its windows and baseline are ignored"),
                    "remove the windows and baseline_rps, or the trace",
                );
            }
            trace(context, pointer, trace_file, &timezone, read_relative)?
        }
        None => {
            if file.windows.is_empty() && file.baseline_rps == 0.0 {
                context.warning(
                    pointer,
                    format!("workload `{name}` never sends a request"),
                    "give baseline_rps, windows or a trace",
                );
            }
            TrafficPattern::Weekly {
                baseline_rps: file.baseline_rps,
                windows: windows?,
            }
        }
    };
    Some(Workload {
        name: name.to_string(),
        timezone,
        pattern,
    })
}

fn windows(context: &mut Context<'_>, pointer: &str, files: &[WindowFile]) -> Option<Vec<Window>> {
    let mut windows = Vec::new();
    let mut valid = true;
    for (index, file) in files.iter().enumerate() {
        let window_pointer = format!("{pointer}/window/{index}");
        let start = minutes_of_day(&file.start, false);
        let end = minutes_of_day(&file.end, true);
        if file.days.is_empty() {
            context.error(
                &format!("{window_pointer}/days"),
                "a window needs at least one day",
                "list its days, for example days = [\"thu\", \"fri\"]",
            );
            valid = false;
        }
        match (start, end) {
            (Some(start), Some(end)) if start == end => {
                context.error(
                    &format!("{window_pointer}/end"),
                    format!("the window opens and closes at {}", file.start),
                    "give an end time after the start (a window may run past midnight)",
                );
                valid = false;
            }
            (Some(start), Some(end)) => windows.push(Window {
                days: file.days.clone(),
                start_minute: start,
                end_minute: end,
                rps: file.rps,
            }),
            _ => valid = false, // the schema's pattern already reported it
        }
    }
    valid.then_some(windows)
}

fn trace(
    context: &mut Context<'_>,
    pointer: &str,
    file: &str,
    timezone: &str,
    read_relative: ReadRelative<'_>,
) -> Option<TrafficPattern> {
    let trace_pointer = format!("{pointer}/trace");
    let text = match read_relative(file) {
        Ok(text) => text,
        Err(reason) => {
            context.error(
                &trace_pointer,
                format!("cannot read trace `{file}`: {reason}"),
                "trace paths are relative to the plan file",
            );
            return None;
        }
    };
    let zone = jiff::tz::TimeZone::get(timezone).ok()?;
    match parse_trace(&text, &zone) {
        Ok(trace) => Some(TrafficPattern::Trace {
            file: file.to_string(),
            start_minute_of_week: trace.start_minute_of_week,
            rps_per_minute: trace.rps_per_minute,
        }),
        Err(errors) => {
            for error in errors {
                context.error(
                    &trace_pointer,
                    format!("trace `{file}`, {error}"),
                    "a trace is a CSV file with the header `timestamp,rps`, RFC 3339 timestamps in order",
                );
            }
            None
        }
    }
}
