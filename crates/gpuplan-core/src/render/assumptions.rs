//! The cost model's stated assumptions, in English and Chinese.

use crate::cost::Assumption;
use crate::render::Lang;
use crate::render::numbers::{percent, quantity};

/// One assumption as a sentence.
pub fn assumption_text(assumption: &Assumption, hours_per_month: f64, lang: Lang) -> String {
    match (assumption, lang) {
        (Assumption::HoursPerMonth { hours }, Lang::En) => format!("A month is {hours} hours."),
        (Assumption::HoursPerMonth { hours }, Lang::Zh) => format!("每月按 {hours} 小时计。"),
        (
            Assumption::Simulated {
                minutes,
                warm_up_minutes,
            },
            Lang::En,
        ) => format!(
            "Weekly traffic simulated minute by minute: {} minutes (Monday 00:00 to Sunday 24:00, after a {}-minute warm-up), times {:.4} for a month ({hours_per_month} h / 168 h).",
            quantity(*minutes as f64),
            quantity(*warm_up_minutes as f64),
            hours_per_month / 168.0
        ),
        (
            Assumption::Simulated {
                minutes,
                warm_up_minutes,
            },
            Lang::Zh,
        ) => format!(
            "按分钟模拟每周流量：预热 {} 分钟后统计 {} 分钟（周一 00:00 至周日 24:00），乘以 {:.4} 折算为月（{hours_per_month} 小时 / 168 小时）。",
            quantity(*warm_up_minutes as f64),
            quantity(*minutes as f64),
            hours_per_month / 168.0
        ),
        (Assumption::SimulatedTrace { workload, minutes }, Lang::En) => format!(
            "Workload {workload}: its trace simulated as recorded, {} minutes, scaled to a month.",
            quantity(*minutes as f64)
        ),
        (Assumption::SimulatedTrace { workload, minutes }, Lang::Zh) => format!(
            "负载 {workload}：按记录的流量轨迹模拟 {} 分钟，再折算为月。",
            quantity(*minutes as f64)
        ),
        (
            Assumption::TargetTrackingAlarms {
                scale_out_minutes,
                scale_in_minutes,
            },
            Lang::En,
        ) => format!(
            "Target tracking scales out after {scale_out_minutes} minutes above target and in after {scale_in_minutes} minutes below 90 % of it (Application Auto Scaling's alarms), to ceil(invocations / target) within min and max, respecting the cooldowns."
        ),
        (
            Assumption::TargetTrackingAlarms {
                scale_out_minutes,
                scale_in_minutes,
            },
            Lang::Zh,
        ) => format!(
            "目标跟踪：连续 {scale_out_minutes} 分钟高于目标值时扩容，连续 {scale_in_minutes} 分钟低于目标值的 90% 时缩容（Application Auto Scaling 告警规则），实例数为 ceil(调用数 / 目标值)，受最小、最大值和冷却时间约束。"
        ),
        (Assumption::InstanceStartSeconds { seconds }, Lang::En) => {
            format!("A new instance is billed at once and serves after {seconds} s (an assumption: measure yours).")
        }
        (Assumption::InstanceStartSeconds { seconds }, Lang::Zh) => {
            format!("新实例立即计费，{seconds} 秒后开始服务（假设值，请实测）。")
        }
        (
            Assumption::ColdStartSeconds {
                group,
                seconds,
                default_used,
            },
            Lang::En,
        ) => format!(
            "{group}: a start from zero takes {seconds} s{}.",
            if *default_used {
                " (gpuplan's default: measure yours)"
            } else {
                " (from the plan)"
            }
        ),
        (
            Assumption::ColdStartSeconds {
                group,
                seconds,
                default_used,
            },
            Lang::Zh,
        ) => format!(
            "{group}：从零启动需 {seconds} 秒{}。",
            if *default_used {
                "（gpuplan 默认值，请实测）"
            } else {
                "（取自计划文件）"
            }
        ),
        (Assumption::DerivedTarget { share_of_capacity }, Lang::En) => format!(
            "Where the plan configures no policy for a strategy, gpuplan derives one: a target of {} of one instance's throughput, cooldowns of 300 s, and a maximum that covers the peak. Such rows are marked \"policy derived by gpuplan\".",
            percent(*share_of_capacity)
        ),
        (Assumption::DerivedTarget { share_of_capacity }, Lang::Zh) => format!(
            "计划未配置某方案的策略时，由 gpuplan 推导：目标值为单实例吞吐的 {}，冷却时间 300 秒，最大实例数覆盖峰值；此类行标注“策略由 gpuplan 推导”。",
            percent(*share_of_capacity)
        ),
        (Assumption::SavingsPlanCoversFloor, Lang::En) => "The Savings Plan rate applies to the instances that run at every minute of the planned strategy; the rest is billed on demand.".to_string(),
        (Assumption::SavingsPlanCoversFloor, Lang::Zh) => "节省计划折扣仅适用于按计划方案中始终运行的实例，其余部分按需计费。".to_string(),
        (Assumption::TimeZoneOffsets { reference_date }, Lang::En) => format!(
            "Schedules written in another time zone than their workload are shifted by the zones' UTC offsets on {reference_date}."
        ),
        (Assumption::TimeZoneOffsets { reference_date }, Lang::Zh) => format!(
            "与负载时区不同的定时计划，按两个时区在 {reference_date} 的 UTC 偏移换算。"
        ),
    }
}
