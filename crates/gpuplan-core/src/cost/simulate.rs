//! The minute-by-minute simulation of one endpoint serving a demand series.
//!
//! Each minute: scheduled actions change the scaling bounds; instances that finished
//! starting go into service; the instances in service serve what they can (real-time
//! endpoints drop the rest as overload; asynchronous ones queue it); every instance that
//! exists, starting or serving, is billed; then the scaling policy looks at the minute's
//! metric and may change the desired count for the next minute.
//!
//! Target tracking follows Application Auto Scaling's alarms for a SageMaker variant's
//! `InvocationsPerInstance`: scale out after [`SCALE_OUT_ALARM_MINUTES`] minutes above
//! target, scale in after [`SCALE_IN_ALARM_MINUTES`] minutes below 90 % of it, each to
//! `ceil(invocations / target)` within the bounds. A scale-out waits for the scale-out
//! cooldown of the previous one; a scale-in for the scale-in cooldown of the previous
//! scale-in (a scale-out ends that cooldown). New instances are billed at once and serve
//! after the start delay; removed instances stop billing at once. An asynchronous endpoint
//! at zero instances starts one as soon as a request is queued (the
//! `HasBacklogWithoutCapacity` step policy), after a one-minute alarm; its target tracking
//! sees the work waiting or arriving per instance (a backlog-per-instance policy).

/// Minutes above target before target tracking scales out (3 of 3 one-minute datapoints).
pub const SCALE_OUT_ALARM_MINUTES: u32 = 3;
/// Minutes below 90 % of target before target tracking scales in (15 of 15).
pub const SCALE_IN_ALARM_MINUTES: u32 = 15;
/// Share of the target below which the scale-in alarm counts a minute.
pub const SCALE_IN_THRESHOLD: f64 = 0.9;

/// A change of the scaling bounds at a local minute of the week (a scheduled action).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BoundsChange {
    pub minute_of_week: u32,
    pub min: u32,
    pub max: u32,
}

/// Target tracking on invocations per instance.
#[derive(Clone, Debug, PartialEq)]
pub struct TargetTracking {
    pub min: u32,
    pub max: u32,
    /// Invocations per instance per minute.
    pub target: f64,
    pub scale_in_cooldown_minutes: u32,
    pub scale_out_cooldown_minutes: u32,
    /// Scheduled actions, in the demand's local minutes of the week.
    pub schedule: Vec<BoundsChange>,
}

impl TargetTracking {
    /// The bounds in force at a minute of the week: those of the latest scheduled action
    /// at or before it (going round the week), or the policy's own.
    pub fn bounds_at(&self, minute_of_week: u32) -> (u32, u32) {
        let latest = self
            .schedule
            .iter()
            .filter(|change| change.minute_of_week <= minute_of_week)
            .max_by_key(|change| change.minute_of_week)
            .or_else(|| {
                self.schedule
                    .iter()
                    .max_by_key(|change| change.minute_of_week)
            });
        latest
            .map(|change| (change.min, change.max))
            .unwrap_or((self.min, self.max))
    }
}

/// How the instance count is decided.
#[derive(Clone, Debug, PartialEq)]
pub enum Policy {
    /// The same count all the time.
    Fixed { instances: u32 },
    /// Target tracking within bounds, optionally with scheduled bounds.
    TargetTracking(TargetTracking),
    /// A count for each minute of the week, set by the clock.
    Clock {
        instances_by_minute_of_week: Vec<u32>,
    },
}

/// One endpoint's simulation.
#[derive(Clone, Debug)]
pub struct Simulation<'a> {
    /// Requests arriving each minute.
    pub demand: &'a [f64],
    /// The local minute of the week of `demand[0]`.
    pub start_minute_of_week: u32,
    /// Leading minutes simulated but not counted (to reach a steady state).
    pub warm_up_minutes: usize,
    /// Requests one instance serves per minute.
    pub requests_per_instance_minute: f64,
    /// Minutes from launching an instance to its serving.
    pub start_delay_minutes: u32,
    pub policy: Policy,
    /// Asynchronous: requests that cannot be served wait in a queue.
    pub queued: bool,
    /// Instances at the first minute.
    pub initial_instances: u32,
}

/// What one endpoint did over the counted minutes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outcome {
    pub counted_minutes: usize,
    pub billed_instance_minutes: f64,
    /// Instance-minutes of work done (served requests over one instance's rate).
    pub busy_instance_minutes: f64,
    pub demand_requests: f64,
    pub served_requests: f64,
    /// Minutes with more demand than capacity (real-time) or with requests left queued
    /// while instances served (asynchronous).
    pub overloaded_minutes: usize,
    /// Most instances billed at once.
    pub peak_instances: u32,
    /// Fewest instances billed at once.
    pub floor_instances: u32,
    /// Starts from zero instances with requests waiting.
    pub cold_starts: usize,
}

/// The instances of an endpoint: those serving, and those starting with the minute they
/// will serve from.
#[derive(Debug, Default)]
struct Fleet {
    serving: u32,
    starting: Vec<(usize, u32)>,
}

impl Fleet {
    fn total(&self) -> u32 {
        self.serving + self.starting.iter().map(|(_, count)| count).sum::<u32>()
    }

    fn launch(&mut self, count: u32, ready_at: usize) {
        if count > 0 {
            self.starting.push((ready_at, count));
        }
    }

    /// Removes instances, those still starting first (the newest first).
    fn remove(&mut self, mut count: u32) {
        while count > 0 {
            match self.starting.last_mut() {
                Some((_, starting)) if *starting > count => {
                    *starting -= count;
                    count = 0;
                }
                Some((_, starting)) => {
                    count -= *starting;
                    self.starting.pop();
                }
                None => {
                    self.serving = self.serving.saturating_sub(count);
                    count = 0;
                }
            }
        }
    }

    fn set(&mut self, desired: u32, minute: usize, delay: u32) {
        let total = self.total();
        if desired > total {
            self.launch(desired - total, minute + delay as usize);
        } else if desired < total {
            self.remove(total - desired);
        }
    }

    fn promote(&mut self, minute: usize) {
        let ready: u32 = self
            .starting
            .iter()
            .filter(|(ready_at, _)| *ready_at <= minute)
            .map(|(_, count)| count)
            .sum();
        self.starting.retain(|(ready_at, _)| *ready_at > minute);
        self.serving += ready;
    }
}

/// Runs the simulation.
pub fn simulate(simulation: &Simulation<'_>) -> Outcome {
    let rate = simulation.requests_per_instance_minute;
    let delay = simulation.start_delay_minutes;
    let mut fleet = Fleet {
        serving: simulation.initial_instances,
        starting: Vec::new(),
    };
    let mut outcome = Outcome {
        floor_instances: u32::MAX,
        ..Outcome::default()
    };
    let mut backlog = 0.0_f64;
    // Target-tracking state.
    let (mut min, mut max) = match &simulation.policy {
        Policy::TargetTracking(policy) => policy.bounds_at(simulation.start_minute_of_week),
        _ => (0, u32::MAX),
    };
    let mut above_target = 0_u32;
    let mut below_target = 0_u32;
    let mut scale_out_allowed_from = 0_usize;
    let mut scale_in_allowed_from = 0_usize;
    let schedule_at: Vec<Option<BoundsChange>> = match &simulation.policy {
        Policy::TargetTracking(policy) if !policy.schedule.is_empty() => {
            let mut table = vec![None; crate::workload::MINUTES_PER_WEEK as usize];
            for change in &policy.schedule {
                table[change.minute_of_week as usize] = Some(*change);
            }
            table
        }
        _ => Vec::new(),
    };

    for (minute, &arriving) in simulation.demand.iter().enumerate() {
        let minute_of_week = (simulation.start_minute_of_week as usize + minute)
            % crate::workload::MINUTES_PER_WEEK as usize;
        match &simulation.policy {
            Policy::Fixed { instances } => fleet.set(*instances, minute, delay),
            Policy::Clock {
                instances_by_minute_of_week,
            } => fleet.set(instances_by_minute_of_week[minute_of_week], minute, delay),
            Policy::TargetTracking(_) => {
                if let Some(Some(change)) = schedule_at.get(minute_of_week) {
                    min = change.min;
                    max = change.max;
                    let total = fleet.total();
                    fleet.set(total.clamp(min, max.max(min)), minute, delay);
                }
            }
        }
        fleet.promote(minute);

        let capacity = f64::from(fleet.serving) * rate;
        let (served, overloaded) = if simulation.queued {
            backlog += arriving;
            let served = backlog.min(capacity);
            backlog -= served;
            (served, backlog > 1e-9 && fleet.serving > 0)
        } else {
            (arriving.min(capacity), arriving > capacity + 1e-9)
        };
        let billed = fleet.total();

        if minute >= simulation.warm_up_minutes {
            outcome.counted_minutes += 1;
            outcome.billed_instance_minutes += f64::from(billed);
            outcome.busy_instance_minutes += if rate > 0.0 { served / rate } else { 0.0 };
            outcome.demand_requests += arriving;
            outcome.served_requests += served;
            outcome.overloaded_minutes += usize::from(overloaded);
            outcome.peak_instances = outcome.peak_instances.max(billed);
            outcome.floor_instances = outcome.floor_instances.min(billed);
        }

        let Policy::TargetTracking(policy) = &simulation.policy else {
            continue;
        };
        // The policy evaluates the minute that just ended; changes apply from the next.
        let next = minute + 1;
        if simulation.queued && billed == 0 && backlog > 1e-9 {
            // HasBacklogWithoutCapacity: one instance (or the minimum) from zero.
            fleet.set(min.max(1).min(max.max(1)), next, delay);
            if minute >= simulation.warm_up_minutes {
                outcome.cold_starts += 1;
            }
            scale_out_allowed_from = next + policy.scale_out_cooldown_minutes as usize;
            above_target = 0;
            below_target = 0;
            continue;
        }
        // Real-time: invocations per instance in service. Asynchronous: the work waiting
        // or arriving per instance, as a backlog-per-instance policy sees it.
        let (work, instances) = if simulation.queued {
            (arriving + backlog, billed)
        } else {
            (arriving, fleet.serving)
        };
        let metric = if instances == 0 {
            if work > 0.0 { f64::INFINITY } else { 0.0 }
        } else {
            work / f64::from(instances)
        };
        above_target = if metric > policy.target {
            above_target + 1
        } else {
            0
        };
        below_target = if metric < SCALE_IN_THRESHOLD * policy.target {
            below_target + 1
        } else {
            0
        };
        let wanted = ((work / policy.target).ceil() as u32).clamp(min, max.max(min));
        let total = fleet.total();
        if above_target >= SCALE_OUT_ALARM_MINUTES
            && wanted > total
            && next > scale_out_allowed_from
        {
            fleet.set(wanted, next, delay);
            scale_out_allowed_from = next + policy.scale_out_cooldown_minutes as usize;
            scale_in_allowed_from = 0;
        } else if below_target >= SCALE_IN_ALARM_MINUTES
            && wanted < total
            && next > scale_in_allowed_from
        {
            fleet.set(wanted, next, delay);
            scale_in_allowed_from = next + policy.scale_in_cooldown_minutes as usize;
        }
    }
    if outcome.floor_instances == u32::MAX {
        outcome.floor_instances = 0;
    }
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workload::MINUTES_PER_WEEK;

    /// Monday 10:00 to 12:00 at 60 requests a minute, nothing else.
    fn monday_rush() -> Vec<f64> {
        (0..MINUTES_PER_WEEK as usize)
            .map(|minute| {
                if (600..720).contains(&minute) {
                    60.0
                } else {
                    0.0
                }
            })
            .collect()
    }

    fn tracking(min: u32, max: u32) -> Policy {
        Policy::TargetTracking(TargetTracking {
            min,
            max,
            target: 30.0,
            scale_in_cooldown_minutes: 5,
            scale_out_cooldown_minutes: 1,
            schedule: Vec::new(),
        })
    }

    fn run(demand: &[f64], policy: Policy, queued: bool, initial: u32) -> Outcome {
        simulate(&Simulation {
            demand,
            start_minute_of_week: 0,
            warm_up_minutes: 0,
            requests_per_instance_minute: 40.0,
            start_delay_minutes: 5,
            policy,
            queued,
            initial_instances: initial,
        })
    }

    #[test]
    fn a_fixed_fleet_bills_every_minute_and_overloads_at_the_rush() {
        let demand = monday_rush();
        let outcome = run(&demand, Policy::Fixed { instances: 1 }, false, 1);
        assert_eq!(outcome.billed_instance_minutes, MINUTES_PER_WEEK as f64);
        assert_eq!(outcome.overloaded_minutes, 120);
        assert_eq!(outcome.served_requests, 120.0 * 40.0);
        assert_eq!(outcome.peak_instances, 1);
    }

    #[test]
    fn target_tracking_scales_out_after_three_minutes_and_in_after_fifteen() {
        // Hand-computed: above target (60 > 30) at minutes 600, 601, 602, so a second
        // instance is billed from 603 and serves from 608: 8 overloaded minutes (60 > 40).
        // Below 27 from 720; after 720..=734 it scales in, billed 2 through 734.
        let demand = monday_rush();
        let outcome = run(&demand, tracking(1, 3), false, 1);
        assert_eq!(outcome.overloaded_minutes, 8);
        assert_eq!(outcome.peak_instances, 2);
        assert_eq!(
            outcome.billed_instance_minutes,
            MINUTES_PER_WEEK as f64 + 132.0
        );
        assert_eq!(outcome.floor_instances, 1);
    }

    #[test]
    fn scheduled_bounds_raise_and_lower_the_fleet() {
        let demand = vec![0.0; 100];
        let policy = Policy::TargetTracking(TargetTracking {
            schedule: vec![
                BoundsChange {
                    minute_of_week: 10,
                    min: 3,
                    max: 3,
                },
                BoundsChange {
                    minute_of_week: 50,
                    min: 1,
                    max: 1,
                },
            ],
            ..match tracking(1, 1) {
                Policy::TargetTracking(policy) => policy,
                _ => unreachable!(),
            }
        });
        let outcome = run(&demand, policy, false, 1);
        // 1 instance for 0..10 and 50..100, 3 for 10..50.
        assert_eq!(outcome.billed_instance_minutes, 60.0 + 3.0 * 40.0);
        assert_eq!(outcome.peak_instances, 3);
    }

    #[test]
    fn an_asynchronous_endpoint_starts_from_zero_queues_and_drains() {
        let mut demand = vec![0.0; 200];
        demand[10] = 100.0;
        let outcome = run(&demand, tracking(0, 1), true, 0);
        // Queued at 10; an instance is billed from 11 and serves from 16; 40 a minute
        // drains the 100 in 16, 17, 18; the backlog stays (overloaded) at 16 and 17.
        assert_eq!(outcome.cold_starts, 1);
        assert_eq!(outcome.served_requests, 100.0);
        assert_eq!(outcome.overloaded_minutes, 2);
        // Waiting work per instance: 100 at 11..=15, 60 at 16, then 20 and 0, below 27
        // from 17: after 17..=31 it scales in at 32. Billed 11..=31.
        assert_eq!(outcome.billed_instance_minutes, 21.0);
        assert_eq!(outcome.floor_instances, 0);
    }

    #[test]
    fn the_clock_sets_the_count_each_minute() {
        let demand = vec![0.0; 20];
        let mut by_minute = vec![1; MINUTES_PER_WEEK as usize];
        for slot in &mut by_minute[5..10] {
            *slot = 2;
        }
        let outcome = run(
            &demand,
            Policy::Clock {
                instances_by_minute_of_week: by_minute,
            },
            false,
            1,
        );
        assert_eq!(outcome.billed_instance_minutes, 25.0);
    }

    #[test]
    fn warm_up_minutes_are_not_counted() {
        let demand = vec![1.0; 10];
        let outcome = simulate(&Simulation {
            demand: &demand,
            start_minute_of_week: 0,
            warm_up_minutes: 4,
            requests_per_instance_minute: 40.0,
            start_delay_minutes: 5,
            policy: Policy::Fixed { instances: 2 },
            queued: false,
            initial_instances: 2,
        });
        assert_eq!(outcome.counted_minutes, 6);
        assert_eq!(outcome.billed_instance_minutes, 12.0);
        assert_eq!(outcome.demand_requests, 6.0);
    }
}
