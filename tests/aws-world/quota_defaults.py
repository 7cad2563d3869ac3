"""Default Service Quotas of a new account in the AWS China regions, for the test world.

What is real and what is invented:

* Quota codes: the ones in /work/shared/reference/service_quota_codes.csv (codes seen in the
  commercial partition; EC2 vCPU quotas and SageMaker "ml.X for endpoint usage") are used as
  given, in ``KNOWN_CODES``. Every other code here is INVENTED: ``invented_code()`` derives a
  deterministic "L-XXXXXXXX" from the service code and quota name (sha256), so it is stable
  across runs and never collides with a known one. Clients must resolve quotas by name.
* Quota names follow the real naming patterns ("ml.g5.2xlarge for endpoint usage", "Running
  On-Demand G and VT instances"); the list of SageMaker instance types is the set SageMaker
  offers in the China regions as far as the project's reference knows: no ml.g6, ml.g6e, ml.p4d,
  ml.p5, ml.inf2, ml.trn1 (gpuplan reads the presence of "ml.X for endpoint usage" as "SageMaker
  offers X here").
* Values: invented but shaped like a new China account: 0 for every ml.g5 endpoint quota and
  for EC2 GPU vCPU quotas, small numbers elsewhere. Fixtures override values by quota name.
"""

from __future__ import annotations

import hashlib

SERVICE_NAMES = {
    "sagemaker": "Amazon SageMaker",
    "ec2": "Amazon Elastic Compute Cloud (Amazon EC2)",
}

# Real codes (service_quota_codes.csv). Everything else is invented_code().
KNOWN_CODES = {
    ("ec2", "Running On-Demand G and VT instances"): "L-DB2E81BA",
    ("ec2", "All G and VT Spot Instance Requests"): "L-3819A6DF",
    ("ec2", "Running On-Demand P instances"): "L-417A185B",
    ("ec2", "All P4, P3 and P2 Spot Instance Requests"): "L-7212CCBC",
    ("ec2", "All P5 Spot Instance Requests"): "L-C4BD4855",
    ("ec2", "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances"): "L-1216C47A",
    ("ec2", "All Standard (A, C, D, H, I, M, R, T, Z) Spot Instance Requests"): "L-34B43A08",
    ("ec2", "Running On-Demand Inf instances"): "L-1945791B",
    # The reference notes a conflict (one source says L-2C49D5F8); L-2C3B7624 is its main value.
    ("ec2", "Running On-Demand Trn instances"): "L-2C3B7624",
    ("ec2", "All Inf Spot Instance Requests"): "L-B5D1601B",
    ("sagemaker", "ml.g5.xlarge for endpoint usage"): "L-1928E07B",
    ("sagemaker", "ml.g5.2xlarge for endpoint usage"): "L-9614C779",
    ("sagemaker", "ml.g5.4xlarge for endpoint usage"): "L-C1B9A48D",
    ("sagemaker", "ml.g5.8xlarge for endpoint usage"): "L-065D610E",
    ("sagemaker", "ml.g5.12xlarge for endpoint usage"): "L-65C4BD00",
    ("sagemaker", "ml.g5.16xlarge for endpoint usage"): "L-962705EA",
    ("sagemaker", "ml.g5.24xlarge for endpoint usage"): "L-6821867B",
    ("sagemaker", "ml.g5.48xlarge for endpoint usage"): "L-0100B823",
    ("sagemaker", "ml.g4dn.xlarge for endpoint usage"): "L-B67CFA0C",
    ("sagemaker", "ml.g4dn.2xlarge for endpoint usage"): "L-EA346344",
    ("sagemaker", "ml.g4dn.4xlarge for endpoint usage"): "L-31522FA6",
    ("sagemaker", "ml.g4dn.8xlarge for endpoint usage"): "L-7D28AD75",
    ("sagemaker", "ml.g4dn.12xlarge for endpoint usage"): "L-07BEB181",
    ("sagemaker", "ml.g4dn.16xlarge for endpoint usage"): "L-8679F6F3",
}
_KNOWN_CODE_SET = set(KNOWN_CODES.values())


def invented_code(service_code: str, quota_name: str) -> str:
    """A deterministic, INVENTED quota code (not an AWS code) for a quota the reference lacks."""
    salt = 0
    while True:
        digest = hashlib.sha256(f"{service_code}\0{quota_name}\0{salt}".encode()).hexdigest()
        code = "L-" + digest[:8].upper()
        if code not in _KNOWN_CODE_SET:
            return code
        salt += 1


def quota_code(service_code: str, quota_name: str) -> str:
    return KNOWN_CODES.get((service_code, quota_name)) or invented_code(service_code, quota_name)


# SageMaker instance types offered in the China regions (per the project's reference).
SIZES = {
    "t2": ["medium", "large", "xlarge", "2xlarge"],
    "t3": ["medium", "large", "xlarge", "2xlarge"],
    "m4": ["xlarge", "2xlarge", "4xlarge", "10xlarge", "16xlarge"],
    "m5": ["large", "xlarge", "2xlarge", "4xlarge", "12xlarge", "24xlarge"],
    "m5d": ["large", "xlarge", "2xlarge", "4xlarge", "12xlarge", "24xlarge"],
    "c4": ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge"],
    "c5": ["large", "xlarge", "2xlarge", "4xlarge", "9xlarge", "18xlarge"],
    "c5d": ["large", "xlarge", "2xlarge", "4xlarge", "9xlarge", "18xlarge"],
    "r5": ["large", "xlarge", "2xlarge", "4xlarge", "12xlarge", "24xlarge"],
    "r5d": ["large", "xlarge", "2xlarge", "4xlarge", "12xlarge", "24xlarge"],
    "p2": ["xlarge", "8xlarge", "16xlarge"],
    "p3": ["2xlarge", "8xlarge", "16xlarge"],
    "g4dn": ["xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"],
    "g5": ["xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge", "48xlarge"],
    "inf1": ["xlarge", "2xlarge", "6xlarge", "24xlarge"],
}
GPU_FAMILIES = {"p2", "p3", "g4dn", "g5"}

# Which usages each family has a quota for.
USAGES = {
    "endpoint": set(SIZES),
    "training job": set(SIZES) - {"t2", "t3", "inf1"},
    "spot training job": set(SIZES) - {"t2", "t3", "inf1", "m5d", "c5d", "r5d"},
    "processing job": {"t3", "m4", "m5", "m5d", "c4", "c5", "c5d", "r5", "r5d", "p2", "p3", "g4dn", "g5"},
    "transform job": {"m4", "m5", "c4", "c5", "r5", "p2", "p3", "g4dn", "g5", "inf1"},
    "notebook instance": {"t2", "t3", "m4", "m5", "c4", "c5", "r5", "p2", "p3", "g4dn", "g5"},
}


def _size_rank(size: str) -> int:
    order = ["nano", "micro", "small", "medium", "large", "xlarge"]
    if size in order:
        return order.index(size)
    return 6 + int(size.replace("xlarge", ""))


def _default_instance_value(family: str, size: str, usage: str) -> float:
    rank = _size_rank(size)
    if family == "g5":
        return 0.0
    if family in GPU_FAMILIES or family == "inf1":
        if usage == "endpoint":
            return 1.0 if rank <= 8 else 0.0  # up to 2xlarge
        return 0.0
    # CPU families
    if rank <= 6:  # up to xlarge
        value = 4.0
    elif rank <= 10:  # up to 4xlarge
        value = 2.0
    else:
        value = 1.0
    if usage == "notebook instance":
        value = min(value, 2.0)
    return value


# Other SageMaker quotas: (name, value, adjustable, unit). Names follow SageMaker's quota
# list; codes are invented; values are plausible defaults.
SAGEMAKER_MISC = [
    ("Maximum number of endpoints", 50.0, True, "None"),
    ("Maximum number of endpoint configurations", 1000.0, True, "None"),
    ("Maximum number of models", 1000.0, True, "None"),
    ("Maximum number of instances per endpoint", 4.0, True, "None"),
    ("Number of instances across active endpoints", 4.0, True, "None"),
    ("Maximum number of production variants per endpoint", 10.0, False, "None"),
    ("Maximum number of serverless endpoints", 5.0, True, "None"),
    ("Maximum total concurrency that can be allocated across all serverless endpoints", 10.0, True, "None"),
    ("Maximum number of concurrent invocations per asynchronous endpoint", 1000.0, False, "None"),
    ("Number of instances across all training jobs", 4.0, True, "None"),
    ("Number of instances across all processing jobs", 4.0, True, "None"),
    ("Number of instances across all transform jobs", 4.0, True, "None"),
    ("Number of instances per training job", 20.0, True, "None"),
    ("Maximum number of concurrent training jobs", 10.0, True, "None"),
    ("Maximum number of concurrent processing jobs", 10.0, True, "None"),
    ("Maximum number of concurrent transform jobs", 10.0, True, "None"),
    ("Longest run time for a training job", 432000.0, True, "Seconds"),
    ("Maximum number of concurrent hyperparameter tuning jobs", 10.0, True, "None"),
    ("Total number of notebook instances", 8.0, True, "None"),
    ("Maximum number of running Studio apps per user profile", 4.0, True, "None"),
    ("Maximum number of model package groups", 1000.0, False, "None"),
    ("Maximum number of pipelines", 500.0, True, "None"),
]

# EC2 quotas: (name, value, adjustable, usage-metric class or None)
EC2_QUOTAS = [
    ("Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances", 5.0, True, "Standard/OnDemand"),
    ("Running On-Demand G and VT instances", 0.0, True, "G/OnDemand"),
    ("Running On-Demand P instances", 0.0, True, "P/OnDemand"),
    ("Running On-Demand Inf instances", 0.0, True, "Inf/OnDemand"),
    ("Running On-Demand Trn instances", 0.0, True, "Trn/OnDemand"),
    ("Running On-Demand F instances", 0.0, True, "F/OnDemand"),
    ("Running On-Demand X instances", 0.0, True, "X/OnDemand"),
    ("Running On-Demand High Memory instances", 0.0, True, "HighMem/OnDemand"),
    ("Running On-Demand DL instances", 0.0, True, "DL/OnDemand"),
    ("All Standard (A, C, D, H, I, M, R, T, Z) Spot Instance Requests", 5.0, True, "Standard/Spot"),
    ("All G and VT Spot Instance Requests", 0.0, True, "G/Spot"),
    ("All P4, P3 and P2 Spot Instance Requests", 0.0, True, "P/Spot"),
    ("All P5 Spot Instance Requests", 0.0, True, "P5/Spot"),
    ("All Inf Spot Instance Requests", 0.0, True, "Inf/Spot"),
    ("All Trn Spot Instance Requests", 0.0, True, "Trn/Spot"),
    ("All F Spot Instance Requests", 0.0, True, "F/Spot"),
    ("All X Spot Instance Requests", 0.0, True, "X/Spot"),
    ("All DL Spot Instance Requests", 0.0, True, "DL/Spot"),
    ("EC2-VPC Elastic IPs", 5.0, True, None),
    ("Running Dedicated g4dn Hosts", 0.0, True, None),
    ("Running Dedicated g5 Hosts", 0.0, True, None),
    ("Running Dedicated p3 Hosts", 0.0, True, None),
    ("Number of EC2 Fleets", 1000.0, False, None),
    ("AMIs", 50000.0, True, None),
]


def default_quotas(service_code: str) -> list[dict]:
    """Default quota records (without region/ARN): QuotaCode, QuotaName, Value, Unit, Adjustable,
    GlobalQuota and optionally UsageMetric. The caller adds ARNs and region overrides."""
    out: list[dict] = []
    if service_code == "sagemaker":
        for family, sizes in SIZES.items():
            for size in sizes:
                itype = f"ml.{family}.{size}"
                for usage, families in USAGES.items():
                    if family not in families:
                        continue
                    name = f"{itype} for {usage} usage"
                    out.append(_record("sagemaker", name, _default_instance_value(family, size, usage), True, "None"))
        for name, value, adjustable, unit in SAGEMAKER_MISC:
            out.append(_record("sagemaker", name, value, adjustable, unit))
    elif service_code == "ec2":
        for name, value, adjustable, metric_class in EC2_QUOTAS:
            rec = _record("ec2", name, value, adjustable, "None")
            if metric_class:
                rec["UsageMetric"] = {
                    "MetricNamespace": "AWS/Usage",
                    "MetricName": "ResourceCount",
                    "MetricDimensions": {
                        "Class": metric_class,
                        "Resource": "vCPU",
                        "Service": "EC2",
                        "Type": "Resource",
                    },
                    "MetricStatisticRecommendation": "Maximum",
                }
            out.append(rec)
    else:
        raise KeyError(service_code)
    codes = [q["QuotaCode"] for q in out]
    assert len(codes) == len(set(codes)), f"duplicate quota codes in {service_code}"
    return out


def _record(service_code: str, name: str, value: float, adjustable: bool, unit: str) -> dict:
    return {
        "ServiceCode": service_code,
        "ServiceName": SERVICE_NAMES[service_code],
        "QuotaCode": quota_code(service_code, name),
        "QuotaName": name,
        "Value": float(value),
        "Unit": unit,
        "Adjustable": adjustable,
        "GlobalQuota": False,
        "QuotaAppliedAtLevel": "ACCOUNT",
    }


if __name__ == "__main__":
    for sc in ("sagemaker", "ec2"):
        qs = default_quotas(sc)
        print(sc, len(qs))
