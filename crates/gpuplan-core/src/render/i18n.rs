//! Names of strategies, risks and reasons, in English and Chinese.
//!
//! Reports hold these as enum values; the words are chosen only here, when rendering.

use crate::cost::{NotPricedReason, Risk, Strategy};
use crate::render::Lang;
use crate::render::numbers::quantity;

/// The name of a strategy row; `label` names the API of an API row.
pub fn strategy_name(strategy: Strategy, label: Option<&str>, lang: Lang) -> String {
    let name = match strategy {
        Strategy::AsPlanned => lang.pick("As planned", "按计划"),
        Strategy::AlwaysOn => lang.pick("Always-on", "常开（全天运行）"),
        Strategy::Autoscaled => lang.pick("Autoscaled (target tracking)", "自动扩缩容（目标跟踪）"),
        Strategy::Scheduled => lang.pick("Scheduled capacity", "定时容量"),
        Strategy::Asynchronous => {
            lang.pick("Asynchronous, scale to zero", "异步推理（可缩容至零）")
        }
        Strategy::SavingsPlan => lang.pick("Savings Plan", "Savings Plans 节省计划"),
        Strategy::Spot => lang.pick("EC2 spot, self-managed", "EC2 竞价实例（自行管理）"),
        Strategy::IdealLowerBound => lang.pick(
            "Ideal lower bound (busy GPU time only)",
            "理想下限（仅计 GPU 忙碌时间）",
        ),
        Strategy::Api => {
            let api = label.unwrap_or("?");
            return match lang {
                Lang::En => format!("API: {api}"),
                Lang::Zh => format!("按量 API：{api}"),
            };
        }
    };
    name.to_string()
}

/// A risk in a few words.
pub fn risk(risk: &Risk, lang: Lang) -> String {
    match (risk, lang) {
        (Risk::Overloaded { minutes_per_month }, Lang::En) => {
            format!(
                "overloaded ~{} min/month (queueing, latency)",
                quantity(*minutes_per_month)
            )
        }
        (Risk::Overloaded { minutes_per_month }, Lang::Zh) => {
            format!(
                "每月约 {} 分钟超负荷（排队、延迟）",
                quantity(*minutes_per_month)
            )
        }
        (
            Risk::ColdStarts {
                per_month,
                wait_seconds,
            },
            Lang::En,
        ) => format!(
            "~{} cold starts/month, ~{} s wait each",
            quantity(*per_month),
            wait_seconds
        ),
        (
            Risk::ColdStarts {
                per_month,
                wait_seconds,
            },
            Lang::Zh,
        ) => format!(
            "每月约 {} 次冷启动，每次等待约 {} 秒",
            quantity(*per_month),
            wait_seconds
        ),
        (Risk::SpotInterruptions, Lang::En) => {
            "spot capacity reclaimed at 2 minutes' notice".into()
        }
        (Risk::SpotInterruptions, Lang::Zh) => "竞价实例可能被回收（提前 2 分钟通知）".into(),
        (Risk::SelfManaged, Lang::En) => {
            "serving, scaling and health checks are yours to run".into()
        }
        (Risk::SelfManaged, Lang::Zh) => "模型服务、扩缩容与健康检查需自行运维".into(),
        (Risk::CrossBorderData, Lang::En) => {
            "requests leave mainland China (cross-border data)".into()
        }
        (Risk::CrossBorderData, Lang::Zh) => "请求数据出境（跨境数据合规）".into(),
        (Risk::ThirdPartyProvider, Lang::En) => {
            "third-party provider: separate contract, limits, terms".into()
        }
        (Risk::ThirdPartyProvider, Lang::Zh) => "第三方服务商：另签合同，受其限额与条款约束".into(),
        (Risk::Commitment { term }, Lang::En) => {
            format!("{term} commitment, billed whether used or not")
        }
        (Risk::Commitment { term }, Lang::Zh) => format!("{term} 承诺期，无论使用与否均计费"),
        (Risk::SavingsPlanUnconfirmedInChina, Lang::En) => {
            "SageMaker Savings Plans not confirmed for China regions".into()
        }
        (Risk::SavingsPlanUnconfirmedInChina, Lang::Zh) => {
            "中国区尚未确认提供 SageMaker Savings Plans".into()
        }
        (Risk::UnderProvisioned { needed_instances }, Lang::En) => {
            format!("peak needs {needed_instances} instances: under-provisioned")
        }
        (Risk::UnderProvisioned { needed_instances }, Lang::Zh) => {
            format!("峰值需要 {needed_instances} 个实例：配置不足")
        }
    }
}

/// Why a row has no figure, and what to do.
pub fn not_priced(reason: &NotPricedReason, lang: Lang) -> String {
    match (reason, lang) {
        (NotPricedReason::NoPrice { instance_type }, Lang::En) => {
            format!("no price for {instance_type}: add [[prices.override]]")
        }
        (NotPricedReason::NoPrice { instance_type }, Lang::Zh) => {
            format!("无 {instance_type} 的价格：请添加 [[prices.override]]")
        }
        (NotPricedReason::NoExchangeRate, Lang::En) => {
            "USD price: set [prices.usd_cny] to compare".into()
        }
        (NotPricedReason::NoExchangeRate, Lang::Zh) => {
            "美元价格：需在 [prices.usd_cny] 中给出汇率".into()
        }
        (NotPricedReason::NoSpotDiscount, Lang::En) => {
            "no spot discount: set [alternatives.spot]".into()
        }
        (NotPricedReason::NoSpotDiscount, Lang::Zh) => {
            "未给出竞价折扣：请设置 [alternatives.spot]".into()
        }
        (NotPricedReason::NoSavingsPlan, Lang::En) => {
            "no Savings Plan rate: set [alternatives.savings_plan]".into()
        }
        (NotPricedReason::NoSavingsPlan, Lang::Zh) => {
            "未给出节省计划折扣：请设置 [alternatives.savings_plan]".into()
        }
        (NotPricedReason::NoTokensPerRequest, Lang::En) => {
            "per-token price: set tokens_per_request on the endpoint".into()
        }
        (NotPricedReason::NoTokensPerRequest, Lang::Zh) => {
            "按 token 计价：请为端点设置 tokens_per_request".into()
        }
    }
}
