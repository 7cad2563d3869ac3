//! What each strategy simulates for an endpoint group: the timeline of its workload, and
//! the policy, queueing and start delay of always-on, autoscaled, scheduled and
//! asynchronous serving, from the plan's settings or, where the plan gives none, from a
//! documented rule (marked as derived).

use crate::cost::report::Strategy;
use crate::cost::simulate::{BoundsChange, Policy, TargetTracking};
use crate::plan::{
    Autoscaling, DEFAULT_COLD_START_SECONDS, DEFAULT_COOLDOWN_SECONDS, EndpointGroup,
    ScheduledCapacity, TrafficPattern, Workload,
};
use crate::workload::clock::{minute_of_week, offset_difference_minutes, shift_minute_of_week};
use crate::workload::{DemandSeries, MINUTES_PER_WEEK, demand};

/// Seconds from launching a SageMaker instance to its serving (an assumption, stated).
pub const INSTANCE_START_SECONDS: u32 = 300;
/// Minutes of the previous week simulated before a weekly workload's counted week.
pub const WARM_UP_MINUTES: usize = 24 * 60;
/// The share of one instance's throughput gpuplan targets where the plan gives no policy.
pub const DERIVED_TARGET_SHARE: f64 = 0.7;

/// A workload's demand, as simulated.
#[derive(Clone, Debug)]
pub struct Timeline {
    pub demand: DemandSeries,
    pub warm_up_minutes: usize,
    /// Whether the workload is a recorded trace (not a weekly pattern).
    pub is_trace: bool,
}

impl Timeline {
    /// A weekly workload: one week from Monday 00:00 after a day of warm-up; a trace: as
    /// recorded.
    pub fn of(workload: &Workload) -> Timeline {
        match workload.pattern {
            TrafficPattern::Weekly { .. } => Timeline {
                demand: demand(
                    workload,
                    MINUTES_PER_WEEK - WARM_UP_MINUTES as u32,
                    WARM_UP_MINUTES + MINUTES_PER_WEEK as usize,
                ),
                warm_up_minutes: WARM_UP_MINUTES,
                is_trace: false,
            },
            TrafficPattern::Trace { .. } => Timeline {
                demand: demand(workload, 0, 0),
                warm_up_minutes: 0,
                is_trace: true,
            },
        }
    }

    /// The highest demand of a counted minute, requests per minute.
    pub fn peak_requests_per_minute(&self) -> f64 {
        self.demand.requests_per_minute[self.warm_up_minutes..]
            .iter()
            .copied()
            .fold(0.0, f64::max)
    }

    /// The counted minutes.
    pub fn counted_minutes(&self) -> usize {
        self.demand.minutes() - self.warm_up_minutes
    }
}

/// What one strategy simulates.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    pub policy: Policy,
    pub queued: bool,
    pub start_delay_minutes: u32,
    pub initial_instances: u32,
    /// gpuplan derived (part of) the policy: the plan does not configure this strategy.
    pub derived: bool,
    /// For asynchronous scenarios: the cold start and whether it is gpuplan's default.
    pub cold_start: Option<(u32, bool)>,
}

/// The strategy the plan configures for a group.
pub fn planned_strategy(group: &EndpointGroup) -> Strategy {
    if group.asynchronous.is_some() {
        Strategy::Asynchronous
    } else if !group.schedules.is_empty() {
        Strategy::Scheduled
    } else if group.autoscaling.is_some() {
        Strategy::Autoscaled
    } else {
        Strategy::AlwaysOn
    }
}

fn minutes(seconds: u32) -> u32 {
    seconds.div_ceil(60)
}

fn instance_start_minutes() -> u32 {
    minutes(INSTANCE_START_SECONDS)
}

/// Invocations per instance per minute gpuplan aims at without a policy.
fn derived_target(group: &EndpointGroup) -> f64 {
    group.requests_per_instance_minute() * DERIVED_TARGET_SHARE
}

/// Instances needed at a demand, at a target per instance.
fn needed(requests_per_minute: f64, per_instance: f64) -> u32 {
    ((requests_per_minute / per_instance).ceil() as u32).max(1)
}

/// `instance_count` at all times, serving from the start.
pub fn always_on(group: &EndpointGroup) -> Scenario {
    Scenario {
        policy: Policy::Fixed {
            instances: group.instance_count,
        },
        queued: false,
        start_delay_minutes: instance_start_minutes(),
        initial_instances: group.instance_count,
        derived: false,
        cold_start: None,
    }
}

fn tracking(policy: &Autoscaling, min: u32, schedule: Vec<BoundsChange>) -> TargetTracking {
    TargetTracking {
        min,
        max: policy.max,
        target: policy.target_invocations_per_instance,
        scale_in_cooldown_minutes: minutes(policy.scale_in_cooldown_seconds),
        scale_out_cooldown_minutes: minutes(policy.scale_out_cooldown_seconds),
        schedule,
    }
}

fn derived_tracking(group: &EndpointGroup, timeline: &Timeline, min: u32) -> TargetTracking {
    let target = derived_target(group);
    TargetTracking {
        min,
        max: needed(timeline.peak_requests_per_minute(), target).max(group.instance_count),
        target,
        scale_in_cooldown_minutes: minutes(DEFAULT_COOLDOWN_SECONDS),
        scale_out_cooldown_minutes: minutes(DEFAULT_COOLDOWN_SECONDS),
        schedule: Vec::new(),
    }
}

/// Real-time target tracking without schedules: the plan's policy (its minimum raised to
/// one if it scales to zero), or a derived one.
pub fn autoscaled(group: &EndpointGroup, timeline: &Timeline) -> Scenario {
    let (policy, derived) = match &group.autoscaling {
        Some(policy) => (
            tracking(policy, policy.min.max(1), Vec::new()),
            policy.min == 0,
        ),
        None => (derived_tracking(group, timeline, 1), true),
    };
    let initial = group
        .instance_count
        .clamp(policy.min, policy.max.max(policy.min));
    Scenario {
        policy: Policy::TargetTracking(policy),
        queued: false,
        start_delay_minutes: instance_start_minutes(),
        initial_instances: initial,
        derived,
        cold_start: None,
    }
}

/// The plan's scheduled actions as bounds changes in the workload's minutes of the week.
pub fn bounds_changes(
    schedules: &[ScheduledCapacity],
    workload_timezone: &str,
) -> Vec<BoundsChange> {
    let mut changes = Vec::new();
    for schedule in schedules {
        let shift = offset_difference_minutes(&schedule.timezone, workload_timezone).unwrap_or(0);
        for day in &schedule.days {
            changes.push(BoundsChange {
                minute_of_week: shift_minute_of_week(
                    minute_of_week(*day, schedule.at_minute),
                    shift,
                ),
                min: schedule.min,
                max: schedule.max,
            });
        }
    }
    changes.sort_by_key(|change| change.minute_of_week);
    changes
}

/// Real-time capacity that follows the clock: the plan's autoscaling with its schedules,
/// or, without schedules, a derived hourly schedule that runs what each hour of the week
/// needs at the target, raised one start delay early.
pub fn scheduled(group: &EndpointGroup, timeline: &Timeline, workload_timezone: &str) -> Scenario {
    if let (Some(policy), false) = (&group.autoscaling, group.schedules.is_empty()) {
        let schedule: Vec<BoundsChange> = bounds_changes(&group.schedules, workload_timezone)
            .into_iter()
            .map(|change| BoundsChange {
                min: change.min.max(1),
                max: change.max.max(1),
                ..change
            })
            .collect();
        let raised = policy.min == 0 || group.schedules.iter().any(|schedule| schedule.min == 0);
        let policy = tracking(policy, policy.min.max(1), schedule);
        let (min, max) = policy.bounds_at(timeline.demand.start_minute_of_week);
        return Scenario {
            initial_instances: group.instance_count.clamp(min, max.max(min)),
            policy: Policy::TargetTracking(policy),
            queued: false,
            start_delay_minutes: instance_start_minutes(),
            derived: raised,
            cold_start: None,
        };
    }
    let target = group
        .autoscaling
        .as_ref()
        .map(|policy| policy.target_invocations_per_instance)
        .unwrap_or_else(|| derived_target(group));
    let cap = group.autoscaling.as_ref().map(|policy| policy.max);
    let instances = hourly_schedule(timeline, target, instance_start_minutes(), cap);
    let initial = instances[timeline.demand.start_minute_of_week as usize];
    Scenario {
        policy: Policy::Clock {
            instances_by_minute_of_week: instances,
        },
        queued: false,
        start_delay_minutes: instance_start_minutes(),
        initial_instances: initial,
        derived: true,
        cold_start: None,
    }
}

/// Instances for each minute of the week: each hour runs what its busiest minute needs
/// (over every week of the timeline), from `lead` minutes before the hour; at least one.
fn hourly_schedule(timeline: &Timeline, target: f64, lead: u32, cap: Option<u32>) -> Vec<u32> {
    let hours = (MINUTES_PER_WEEK / 60) as usize;
    let mut need_by_hour = vec![1_u32; hours];
    for (index, requests) in timeline.demand.requests_per_minute.iter().enumerate() {
        let hour = timeline.demand.minute_of_week(index) as usize / 60;
        need_by_hour[hour] = need_by_hour[hour].max(needed(*requests, target));
    }
    if let Some(cap) = cap {
        for need in &mut need_by_hour {
            *need = (*need).min(cap.max(1));
        }
    }
    (0..MINUTES_PER_WEEK)
        .map(|minute| {
            let this_hour = need_by_hour[minute as usize / 60];
            let ahead = shift_minute_of_week(minute, lead as i32) as usize / 60;
            this_hour.max(need_by_hour[ahead])
        })
        .collect()
}

/// Asynchronous inference: the plan's settings, or derived ones that scale to zero with
/// gpuplan's default cold start.
pub fn asynchronous(
    group: &EndpointGroup,
    timeline: &Timeline,
    workload_timezone: &str,
) -> Scenario {
    match (&group.asynchronous, &group.autoscaling) {
        (Some(settings), Some(policy)) => {
            let schedule = bounds_changes(&group.schedules, workload_timezone);
            let policy = tracking(policy, policy.min, schedule);
            let (min, max) = policy.bounds_at(timeline.demand.start_minute_of_week);
            Scenario {
                initial_instances: if min == 0 {
                    0
                } else {
                    group.instance_count.clamp(min, max.max(min))
                },
                policy: Policy::TargetTracking(policy),
                queued: true,
                start_delay_minutes: cold_start_delay(settings.cold_start_seconds),
                derived: false,
                cold_start: Some((settings.cold_start_seconds, settings.cold_start_is_default)),
            }
        }
        (Some(settings), None) => Scenario {
            policy: Policy::Fixed {
                instances: group.instance_count,
            },
            queued: true,
            start_delay_minutes: cold_start_delay(settings.cold_start_seconds),
            initial_instances: group.instance_count,
            derived: false,
            cold_start: None,
        },
        (None, policy) => {
            let mut tracking = match policy {
                Some(policy) => tracking(policy, 0, Vec::new()),
                None => derived_tracking(group, timeline, 0),
            };
            tracking.min = 0;
            Scenario {
                policy: Policy::TargetTracking(tracking),
                queued: true,
                start_delay_minutes: cold_start_delay(DEFAULT_COLD_START_SECONDS),
                initial_instances: 0,
                derived: true,
                cold_start: Some((DEFAULT_COLD_START_SECONDS, true)),
            }
        }
    }
}

/// The cold start runs from the first queued request; the simulation spends the first of
/// its minutes on the alarm that starts the instance.
fn cold_start_delay(seconds: u32) -> u32 {
    minutes(seconds).saturating_sub(1)
}

/// The scenario of a strategy, for the strategies that run SageMaker instances.
pub fn scenario(
    strategy: Strategy,
    group: &EndpointGroup,
    timeline: &Timeline,
    workload_timezone: &str,
) -> Option<Scenario> {
    match strategy {
        Strategy::AlwaysOn => Some(always_on(group)),
        Strategy::Autoscaled => Some(autoscaled(group, timeline)),
        Strategy::Scheduled => Some(scheduled(group, timeline, workload_timezone)),
        Strategy::Asynchronous => Some(asynchronous(group, timeline, workload_timezone)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::file::Weekday;

    #[test]
    fn schedules_in_another_zone_are_shifted_into_the_workload_zone() {
        let schedule = ScheduledCapacity {
            name: "warm".into(),
            days: vec![Weekday::Mon],
            at_minute: 60,
            timezone: "UTC".into(),
            min: 2,
            max: 3,
        };
        let changes = bounds_changes(&[schedule], "Asia/Shanghai");
        assert_eq!(changes[0].minute_of_week, 60 + 480);
    }

    #[test]
    fn the_hourly_schedule_raises_capacity_one_start_delay_early() {
        let mut requests = vec![0.0; MINUTES_PER_WEEK as usize];
        // Monday 10:00-10:59 needs 3 instances at a target of 10.
        for slot in &mut requests[600..660] {
            *slot = 25.0;
        }
        let timeline = Timeline {
            demand: DemandSeries {
                start_minute_of_week: 0,
                requests_per_minute: requests,
            },
            warm_up_minutes: 0,
            is_trace: false,
        };
        let schedule = hourly_schedule(&timeline, 10.0, 5, None);
        assert_eq!(schedule[594], 1);
        assert_eq!(schedule[595], 3);
        assert_eq!(schedule[659], 3);
        assert_eq!(schedule[660], 1);
        assert_eq!(hourly_schedule(&timeline, 10.0, 5, Some(2))[600], 2);
    }
}
