#!/usr/bin/env python3
"""Builds the embedded China-region catalog of gpuplan-core.

A developer tool, never run by CI. It reads the facts gathered in shared/reference/ and the
SSM public parameters /aws/service/global-infrastructure shipped in moto 5.2.5 (PyPI), adds
the GPU specifications and seed-file facts listed below (each with the document it was read
from), and writes the JSON files of crates/gpuplan-core/src/catalog/data/. The generated JSON
is committed; data/README.md says which file came from which source.

Usage:
    python3 tools/build_catalog.py [--reference DIR] [--moto-resources DIR]

Defaults: --reference ../shared/reference (next to the repository), --moto-resources the
moto/ssm/resources folder of /tmp/motovenv (python3 -m venv /tmp/motovenv &&
/tmp/motovenv/bin/pip install moto==5.2.5).

Rules it keeps: every record carries a source (name, date); an estimate is never written
here (the Rust code derives estimates at run time and labels them); no currency conversion.
"""

import argparse
import csv
import gzip
import json
import re
import sys
from pathlib import Path

ASSEMBLED_ON = "2026-11-23"
READ_ON = "2026-11-23"

REPOSITORY = Path(__file__).resolve().parent.parent
DATA = REPOSITORY / "crates" / "gpuplan-core" / "src" / "catalog" / "data"

CHINA_REGIONS = ["cn-northwest-1", "cn-north-1"]

# --------------------------------------------------------------------------------------------
# Sources of GPU specifications that are not in shared/reference/gpu_instance_specs.csv.
# Each was read on READ_ON with the search tool of the session that built the catalog.
# --------------------------------------------------------------------------------------------
SPEC_SOURCES = {
    "batch": "AWS Batch User Guide, 'Run GPU jobs' table of GPU instance types "
    "(docs.aws.amazon.com/batch/latest/userguide/gpu-jobs.html, translated copies)",
    "batch_cn": "AWS Batch 用户指南 'GPU 作业' table (docs.amazonaws.cn/batch/latest/userguide/gpu-jobs.html)",
    "ec2_user_guide": "awsdocs/amazon-ec2-user-guide doc_source/accelerated-computing-instances.md "
    "@3a075fc9145f86ed4b2d39a52498524bc0b118b0 (hardware specifications table and family descriptions)",
    "sagemaker_sdk": "aws/sagemaker-python-sdk src/sagemaker/image_uri_config/instance_gpu_info.json "
    "@53cb6f82750af0c4acce672bbf8f5c389f41963c (Count, TotalGpuMemoryInMiB)",
    "karpenter_fake": "aws/karpenter-provider-aws pkg/fake/zz_generated.describe_instance_types.go "
    "@0252bd13c090517b4cde514241e2ae6074414474 (generated DescribeInstanceTypes output)",
    "torchx": "meta-pytorch/torchx torchx/specs/named_resources_aws.py "
    "@3297a6e2d0be496feaa688980e2b5ed5175f06ab (vCPUs, GPUs, host memory per type, "
    "'taken from aws.amazon.com/ec2/instance-types')",
    "neuron_inf1": "AWS Neuron documentation v2.9.1, 'AWS Inf1 Architecture' "
    "(awsdocs-neuron.readthedocs-hosted.com/en/v2.9.1/general/arch/neuron-hardware/inf1-arch.html)",
    "neuron_inf2": "AWS Neuron documentation, 'Inferentia2 Architecture': 32 GiB device memory per "
    "Inferentia2 chip (awsdocs-neuron.readthedocs-hosted.com/en/latest/general/arch/neuron-hardware/inferentia2.html)",
    "neuron_trn1": "AWS Neuron documentation v2.9.1, 'AWS Trn1/Trn1n Architecture' "
    "(awsdocs-neuron.readthedocs-hosted.com/en/v2.9.1/_sources/general/arch/neuron-hardware/trn1-arch.rst.txt)",
    "spark_rapids": "NVIDIA spark-rapids tools, Platform.scala PlatformInstanceTypes.EMR_BY_GPUS_CORES "
    "(public code: g6.12xlarge = 48 vCPUs, 192 GiB, 4 GPUs)",
    "l40s_third_party": "public code tables giving 'L40S 48GB' per g6e GPU (third-party, not an AWS document)",
    "t4g_third_party": "public code tables naming the g5g GPU 'NVIDIA T4g' (third-party, not an AWS document)",
    "silicon_fr": "silicon.fr, 'blocs de capacité EC2 pour ML' (P5: 192 vCPU, 2 TiB, 8 GPU H100-80)",
}


def spec_source(*keys, note=""):
    name = "; ".join(SPEC_SOURCES[key] for key in keys)
    if note:
        name = f"{name}; {note}"
    return {"name": name, "date": READ_ON}


# (name, vCPUs, GPUs, GPU model, GPU memory of the instance in GiB, host memory GiB, source)
EXTRA_SPECS = [
    ("g3s.xlarge", 4, 1, "M60", 8, 30.5, spec_source("batch", "ec2_user_guide")),
    ("g3.4xlarge", 16, 1, "M60", 8, 122, spec_source("batch", "ec2_user_guide")),
    ("g3.8xlarge", 32, 2, "M60", 16, 244, spec_source("batch", "ec2_user_guide")),
    ("g3.16xlarge", 64, 4, "M60", 32, 488, spec_source("batch", "ec2_user_guide")),
    ("g5g.xlarge", 4, 1, "T4G", 16, 8, spec_source("batch", "t4g_third_party")),
    ("g5g.2xlarge", 8, 1, "T4G", 16, 16, spec_source("batch", "t4g_third_party")),
    ("g5g.4xlarge", 16, 1, "T4G", 16, 32, spec_source("batch", "t4g_third_party")),
    ("g5g.8xlarge", 32, 1, "T4G", 16, 64, spec_source("batch", "t4g_third_party")),
    ("g5g.16xlarge", 64, 2, "T4G", 32, 128, spec_source("batch", "t4g_third_party")),
    ("g5g.metal", 64, 2, "T4G", 32, 128, spec_source("batch", "t4g_third_party")),
    ("g6.xlarge", 4, 1, "L4", 24, 16, spec_source("batch")),
    ("g6.2xlarge", 8, 1, "L4", 24, 32, spec_source("batch")),
    ("g6.4xlarge", 16, 1, "L4", 24, 64, spec_source("batch")),
    ("g6.8xlarge", 32, 1, "L4", 24, 128, spec_source("batch")),
    ("g6.16xlarge", 64, 1, "L4", 24, 256, spec_source("batch")),
    (
        "g6.12xlarge", 48, 4, "L4", 96, 192,
        spec_source(
            "batch", "spark_rapids",
            note="GPU count 4 from the Batch table; 24 GiB per L4 as in its single-GPU g6 rows",
        ),
    ),
    ("g6e.xlarge", 4, 1, "L40S", 48, 32, spec_source("torchx", "l40s_third_party")),
    ("g6e.2xlarge", 8, 1, "L40S", 48, 64, spec_source("torchx", "l40s_third_party")),
    ("g6e.4xlarge", 16, 1, "L40S", 48, 128, spec_source("torchx", "l40s_third_party")),
    ("g6e.8xlarge", 32, 1, "L40S", 48, 256, spec_source("torchx", "l40s_third_party")),
    ("g6e.16xlarge", 64, 1, "L40S", 48, 512, spec_source("torchx", "l40s_third_party")),
    ("g6e.12xlarge", 48, 4, "L40S", 192, 384, spec_source("torchx", "l40s_third_party")),
    ("g6e.24xlarge", 96, 4, "L40S", 192, 768, spec_source("torchx", "l40s_third_party")),
    ("g6e.48xlarge", 192, 8, "L40S", 384, 1536, spec_source("torchx", "l40s_third_party")),
    ("p2.xlarge", 4, 1, "K80", 12, 61, spec_source("batch_cn", "ec2_user_guide")),
    ("p2.8xlarge", 32, 8, "K80", 96, 488, spec_source("batch_cn", "ec2_user_guide")),
    ("p2.16xlarge", 64, 16, "K80", 192, 732, spec_source("batch_cn", "ec2_user_guide")),
    ("p3.2xlarge", 8, 1, "V100", 16, 61, spec_source("batch_cn", "ec2_user_guide")),
    ("p3.8xlarge", 32, 4, "V100", 64, 244, spec_source("batch_cn", "ec2_user_guide", "karpenter_fake")),
    ("p3.16xlarge", 64, 8, "V100", 128, 488, spec_source("batch_cn", "ec2_user_guide")),
    ("p4d.24xlarge", 96, 8, "A100", 320, 1152, spec_source("ec2_user_guide", "sagemaker_sdk")),
    ("p5.48xlarge", 192, 8, "H100", 640, 2048, spec_source("torchx", "sagemaker_sdk", "silicon_fr")),
    ("inf1.xlarge", 4, 1, "Inferentia", 8, 8, spec_source("neuron_inf1")),
    ("inf1.2xlarge", 8, 1, "Inferentia", 8, 16, spec_source("neuron_inf1")),
    ("inf1.6xlarge", 24, 4, "Inferentia", 32, 48, spec_source("neuron_inf1")),
    ("inf1.24xlarge", 96, 16, "Inferentia", 128, 192, spec_source("neuron_inf1")),
    ("inf2.xlarge", 4, 1, "Inferentia2", 32, 16, spec_source("karpenter_fake", "neuron_inf2")),
    ("inf2.8xlarge", 32, 1, "Inferentia2", 32, 128, spec_source("torchx", "neuron_inf2")),
    ("inf2.24xlarge", 96, 6, "Inferentia2", 192, 384, spec_source("karpenter_fake", "neuron_inf2")),
    ("inf2.48xlarge", 192, 12, "Inferentia2", 384, 768, spec_source("torchx", "neuron_inf2")),
    ("trn1.2xlarge", 8, 1, "Trainium", 32, 32, spec_source("neuron_trn1", "karpenter_fake")),
    ("trn1.32xlarge", 128, 16, "Trainium", 512, 512, spec_source("neuron_trn1")),
]

NEURON_MODELS = {"Inferentia", "Inferentia2", "Trainium"}

# --------------------------------------------------------------------------------------------
# Seed files (shared/seeds/), Chinese feasibility reports with a validation date.
# --------------------------------------------------------------------------------------------
# Families newer than the China price lists: absent from cn-north-1's, and assumed absent
# from cn-northwest-1 (see build_prices_and_offerings).
NEWER_FAMILIES_ABSENT_FROM_CHINA = {"g6e", "p4d", "p5", "inf2", "trn1"}

SEED_000 = {
    "name": "shared/seeds/000_2ccdd99fee0a7ad9.txt (UCLA immersive theater, target cn-northwest-1, validated 2025-12-02)",
    "date": "2025-12-02",
}
SEED_002 = "shared/seeds/002_f1aa7534ca3eed76.txt (Bedrock latency-optimized inference, validated 2025-11-25)"
SEED_003 = "shared/seeds/003_78d27e8dba8eed31.txt (Amazon Nova customization, validated 2025-11-25)"
SEED_004 = "shared/seeds/004_d3492c93bd04aa33.txt (Bedrock cost optimization, validated 2025-11-25)"

SUBSTITUTES = [
    {
        "service": "bedrock",
        "model": None,
        "substitute_en": "Open models self-hosted on Amazon SageMaker AI endpoints (seed 000, plan A), "
        "or a mainland-China model API such as Alibaba Tongyi Qianwen (Qwen) or Baidu ERNIE (seeds 002, 004)",
        "substitute_zh": "将开源模型部署到 Amazon SageMaker AI 端点（种子000 方案A），"
        "或集成在中国可用的第三方大模型服务（如阿里云通义千问、百度文心一言）（种子002、004）",
        "suggested_instance_type": None,
        "source": {
            "name": f"{SEED_000['name']}; {SEED_002}; {SEED_004}",
            "date": "2025-12-02",
        },
    },
    {
        "service": "bedrock",
        "model": "anthropic.claude-3-5-sonnet",
        "substitute_en": "Qwen2-VL-7B-Instruct (or LLaVA-1.6) on a SageMaker endpoint for vision "
        "understanding such as sketch captions",
        "substitute_zh": "视觉理解：部署 Qwen2-VL-7B（或 LLaVA-1.6）到 SageMaker",
        "suggested_instance_type": "ml.g5.2xlarge",
        "source": SEED_000,
    },
    {
        "service": "bedrock",
        "model": "amazon.nova-canvas",
        "substitute_en": "SDXL (SDXL Turbo) self-hosted on a SageMaker endpoint",
        "substitute_zh": "图像生成：部署 SDXL Turbo（开源 Stable Diffusion XL）到 SageMaker",
        "suggested_instance_type": "ml.g5.2xlarge",
        "source": SEED_000,
    },
    {
        "service": "bedrock",
        "model": "stability.sd3-5-large",
        "substitute_en": "SD3.5-Large or SDXL self-hosted on a SageMaker endpoint",
        "substitute_zh": "图像生成：部署 SD3.5-Large 或 SDXL 到 SageMaker",
        "suggested_instance_type": "ml.g5.2xlarge",
        "source": SEED_000,
    },
    {
        "service": "bedrock",
        "model": "anthropic.claude-3-5-haiku",
        "substitute_en": "An open LLM (Llama, Mistral, Qwen) self-hosted on SageMaker, or a mainland-China "
        "model API (Alibaba Tongyi Qianwen, Baidu ERNIE)",
        "substitute_zh": "在 SageMaker 上部署开源 LLM（如 Llama、Mistral、Qwen），或使用阿里云通义千问、百度文心一言等第三方大模型服务",
        "suggested_instance_type": None,
        "source": {"name": SEED_002, "date": "2025-11-25"},
    },
    {
        "service": "bedrock",
        "model": "meta.llama3-1",
        "substitute_en": "The open Llama 3.1 weights (or Qwen) self-hosted on SageMaker, or a mainland-China "
        "model API (Alibaba Tongyi Qianwen, Baidu ERNIE)",
        "substitute_zh": "在 SageMaker 上部署开源 LLM（如 Llama、Qwen），或使用阿里云通义千问、百度文心一言等第三方大模型服务",
        "suggested_instance_type": None,
        "source": {"name": SEED_002, "date": "2025-11-25"},
    },
    {
        "service": "bedrock",
        "model": "amazon.nova",
        "substitute_en": "Open models (Llama, Qwen) fine-tuned and hosted on SageMaker (training jobs, "
        "HyperPod, endpoints)",
        "substitute_zh": "选择开源的大语言模型（如 Llama、Qwen 等），在 SageMaker 中进行微调和定制，并部署到 SageMaker 端点",
        "suggested_instance_type": None,
        "source": {"name": SEED_003, "date": "2025-11-25"},
    },
]

# EC2 vCPU quotas: which families each counts (a pattern `g*` means every family whose
# leading letters are `g`; `p5` means every family whose letters and generation are `p5`).
EC2_QUOTA_SCOPES = {
    "L-DB2E81BA": ("on_demand", ["g*", "vt*"]),
    "L-3819A6DF": ("spot", ["g*", "vt*"]),
    "L-417A185B": ("on_demand", ["p*"]),
    "L-7212CCBC": ("spot", ["p2", "p3", "p4"]),
    "L-C4BD4855": ("spot", ["p5"]),
    "L-1945791B": ("on_demand", ["inf*"]),
    "L-B5D1601B": ("spot", ["inf*"]),
    "L-2C3B7624": ("on_demand", ["trn*"]),
}


def family_of(instance_type):
    return instance_type.split(".")[0]


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def write_json(name, value):
    path = DATA / name
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(value, handle, ensure_ascii=False, indent=1)
        handle.write("\n")
    print(f"wrote {path.relative_to(REPOSITORY)}")


def build_instance_types(reference):
    rows = read_csv(reference / "gpu_instance_specs.csv")
    first_source = rows[0]["source"]
    csv_source = {
        "name": "shared/reference/gpu_instance_specs.csv: " + first_source,
        "date": "2025-08-20",
    }
    types = []
    for row in rows:
        types.append(
            {
                "name": row["instance_type"],
                "family": family_of(row["instance_type"]),
                "vcpus": int(row["vcpu"]),
                "gpus": int(row["gpus"]),
                "gpu_model": row["gpu_model"],
                "gpu_memory_gib": int(row["gpu_mem_gib_total"]),
                "memory_gib": float(row["host_mem_gib"]),
                "accelerator": "gpu",
                "source": csv_source,
            }
        )
    for name, vcpus, gpus, model, gpu_memory, memory, source in EXTRA_SPECS:
        types.append(
            {
                "name": name,
                "family": family_of(name),
                "vcpus": vcpus,
                "gpus": gpus,
                "gpu_model": model,
                "gpu_memory_gib": gpu_memory,
                "memory_gib": float(memory),
                "accelerator": "neuron" if model in NEURON_MODELS else "gpu",
                "source": source,
            }
        )
    names = [entry["name"] for entry in types]
    assert len(names) == len(set(names)), "duplicate instance type"
    types.sort(key=lambda entry: (entry["family"], entry["vcpus"], entry["gpus"], entry["name"]))
    return types


def build_prices_and_offerings(reference, families):
    rows = read_csv(reference / "ec2_ondemand_cny_cn-north-1_karpenter_2024-11-06.csv")
    commits = {row["source_commit"] for row in rows}
    generated = {row["pricing_api_generated_at"] for row in rows}
    assert len(commits) == 1 and len(generated) == 1
    commit = commits.pop()
    generated_at = generated.pop()
    price_source = {
        "name": f"aws/karpenter-provider-aws pkg/providers/pricing/zz_generated.pricing_aws_cn.go @{commit} "
        f"(China price list from the Pricing API, generated {generated_at}; EC2 on-demand, Linux, shared "
        "tenancy), via shared/reference/ec2_ondemand_cny_cn-north-1_karpenter_2024-11-06.csv",
        "date": generated_at[:10],
    }
    priced_families = sorted({row["family"] for row in rows})
    prices = [
        {"instance_type": row["instance_type"], "cny_per_hour": float(row["ondemand_cny_per_hour"])}
        for row in rows
        if row["family"] in families
    ]
    prices.sort(key=lambda entry: entry["instance_type"])

    short = f"aws/karpenter-provider-aws zz_generated.pricing_aws_cn.go @{commit[:8]} (Pricing API, {generated_at[:10]})"
    seen = sorted(family for family in families if family in priced_families)
    beijing = []
    for family in sorted(families):
        if family in priced_families:
            beijing.append(
                {
                    "family": family,
                    "status": "offered",
                    "source": {
                        "name": f"{short}: the cn-north-1 price list has sizes of this family "
                        f"(GPU/accelerator families seen there: {', '.join(seen)})",
                        "date": price_source["date"],
                    },
                }
            )
        else:
            name = (
                f"{short}: no size of this family in the cn-north-1 price list "
                f"(GPU/accelerator families seen there: {', '.join(seen)})"
            )
            date = price_source["date"]
            if family == "g6":
                name = name.replace("this family", "g6") + "; " + SEED_000["name"] + ": EC2 G6 not available in the China regions, use G5"
                date = SEED_000["date"]
            beijing.append({"family": family, "status": "not_offered", "source": {"name": name, "date": date}})
    ningxia = [
        {
            "family": "g5",
            "status": "offered",
            "source": {
                "name": SEED_000["name"] + ": Amazon EC2 G5 instances listed as available (G5 replaces G6)",
                "date": SEED_000["date"],
            },
        },
        {
            "family": "g6",
            "status": "not_offered",
            "source": {
                "name": SEED_000["name"] + ": EC2 G6 instance types listed as unavailable in the China regions",
                "date": SEED_000["date"],
            },
        },
    ]
    # The newest families reached neither China region when the Beijing price list was
    # generated, and no Ningxia price list was found. Rather than "unknown" (which `check`
    # only warns about), they are marked not offered in Ningxia too, and the source says
    # that this is an inference a live check (DescribeInstanceTypeOfferings) confirms.
    for family in sorted(NEWER_FAMILIES_ABSENT_FROM_CHINA):
        if family not in families or family in priced_families:
            continue
        ningxia.append(
            {
                "family": family,
                "status": "not_offered",
                "source": {
                    "name": f"INFERRED, no Ningxia document found: {short} has no size of this family in "
                    f"the cn-north-1 price list (GPU/accelerator families seen there: {', '.join(seen)}), "
                    "and seed 000 finds the newer GPU families missing from the China regions; "
                    "Ningxia is assumed to match Beijing. A live check (DescribeInstanceTypeOfferings) confirms",
                    "date": price_source["date"],
                },
            }
        )
    offerings = {"cn-north-1": beijing, "cn-northwest-1": ningxia}
    return {"source": price_source, "prices": {"cn-north-1": prices}}, offerings


def build_sagemaker_ratios(reference):
    rows = read_csv(reference / "sagemaker_hosting_usd_us-east-1_approx.csv")
    ratios = []
    for row in rows:
        hosting = float(row["hosting_usd_per_hour"])
        ec2 = float(row["ec2_same_size_usd_per_hour"])
        ratio = float(row["ratio"])
        # The file states the ratio rounded to two decimals; check it against its own prices.
        assert abs(hosting / ec2 - ratio) < 0.01, row
        ratios.append(
            {
                "instance_type": row["instance_type"],
                "ratio": ratio,
                "hosting_usd_per_hour": hosting,
                "ec2_usd_per_hour": ec2,
            }
        )
    highest = max(entry["ratio"] for entry in ratios)
    return {
        "source": {
            "name": "shared/reference/sagemaker_hosting_usd_us-east-1_approx.csv: approximate us-east-1 "
            "SageMaker real-time hosting prices and their ratio to the same EC2 size, price constants "
            "repeated in public repositories' code 2025-2026 (third-party, not an AWS document)",
            "date": "2026",
        },
        "ratios": ratios,
        "default_ratio": highest,
        "default_ratio_reason": "the highest ratio observed in that file (conservative)",
        # Families SageMaker hosts as ml.* instance types, with the evidence: the quota codes
        # (ml.X for endpoint usage) and the SageMaker Python SDK's GPU table.
        "hosted_families": ["g4dn", "g5", "g6", "g6e", "inf1", "inf2", "p2", "p3", "p4d", "p5"],
        "hosted_families_source": {
            "name": "shared/reference/service_quota_codes.csv (ml.g4dn, ml.g5, ml.g6, ml.g6e, ml.p4d, ml.p5, "
            "ml.inf2 endpoint quotas); " + SPEC_SOURCES["sagemaker_sdk"] + " (ml.p2, ml.p3); "
            + SPEC_SOURCES["ec2_user_guide"] + " (Inf1 through SageMaker)",
            "date": READ_ON,
        },
    }


def load_ssm(moto_resources):
    regions = json.load(gzip.open(moto_resources / "regions.json.gz"))
    services = json.load(gzip.open(moto_resources / "services.json.gz"))
    regions = regions["aws"]["service"]["global-infrastructure"]["regions"]
    services = services["aws"]["service"]["global-infrastructure"]["services"]
    return regions, services


def build_services_and_zones(reference, moto_resources):
    regions, services = load_ssm(moto_resources)
    moto_date = "2026-10-27"  # build date of the moto 5.2.5 wheel's files (zip entries)
    universe = []
    for service_id in sorted(services):
        long_name = services[service_id].get("longName", {}).get("Value") or service_id
        universe.append({"id": service_id, "long_name": long_name})

    botocore = json.load(open(reference / "botocore_aws-cn_services.json", encoding="utf-8"))
    regional = json.load(open(reference / "china_regional_services_2025-12-02.json", encoding="utf-8"))
    by_region = {}
    zones = {}
    for region in CHINA_REGIONS:
        region_services = sorted(regions[region]["services"])
        # The two views of the SSM tree must agree.
        via_services = sorted(sid for sid, entry in services.items() if region in entry.get("regions", {}))
        assert region_services == via_services, region
        by_region[region] = {
            "available": region_services,
            "source": {
                "name": f"SSM public parameters /aws/service/global-infrastructure/regions/{region}/services, "
                "as shipped in moto 5.2.5 (PyPI, moto/ssm/resources/regions.json.gz)",
                "date": moto_date,
            },
        }
        zones[region] = {
            "zones": sorted(regions[region]["availability-zones"]),
            "source": {
                "name": f"SSM public parameters /aws/service/global-infrastructure/regions/{region}/availability-zones, "
                "as shipped in moto 5.2.5 (PyPI, moto/ssm/resources/regions.json.gz); zone names "
                "(cn-north-1a) map to zone ids per account and are not listed",
                "date": moto_date,
            },
        }

    # Cross-check: Amazon Bedrock is absent from every view of the China regions.
    assert not any(key.startswith("bedrock") for key in botocore["services"]), "botocore lists bedrock"
    for region in CHINA_REGIONS:
        assert not any("Bedrock" in name for name in regional[region]["serviceNames"]), region
        # Note: the SSM tree lists bedrock-agentcore (an endpoint-less entry) in both China
        # regions; Amazon Bedrock itself (bedrock, bedrock-runtime) is absent.
        for service_id in ("bedrock", "bedrock-runtime"):
            assert service_id not in by_region[region]["available"], (region, service_id)
    cross_checks = [
        {
            "id_prefix": "bedrock",
            "source": {
                "name": "cross-checked: boto/botocore botocore/data/endpoints.json @0e6e2404b85dc336dd2889814e089bde7d1a4c55 "
                "(aws-cn partition, commit 2026-08-07) has no bedrock endpoint "
                "(shared/reference/botocore_aws-cn_services.json); the AWS Regional Services List snapshot "
                "of 2025-12-02 lists no Amazon Bedrock in cn-north-1 or cn-northwest-1 "
                "(shared/reference/china_regional_services_2025-12-02.json)",
                "date": "2026-08-07",
            },
        }
    ]
    services_data = {
        "universe_source": {
            "name": "SSM public parameters /aws/service/global-infrastructure/services, as shipped in "
            "moto 5.2.5 (PyPI, moto/ssm/resources/services.json.gz)",
            "date": moto_date,
        },
        "services": universe,
        "regions": by_region,
        "unavailable_cross_checks": cross_checks,
    }
    return services_data, zones


def build_quotas(reference):
    rows = read_csv(reference / "service_quota_codes.csv")
    sagemaker = []
    ec2 = []
    for row in rows:
        dates = re.findall(r"\d{4}-\d{2}-\d{2}", row["evidence_date"])
        years = re.findall(r"\b(20\d\d)\b", row["evidence_date"])
        date = max(dates) if dates else (max(years) if years else "undated")
        conflict = f" ({row['scope_notes']})" if "CONFLICT" in row["scope_notes"] else ""
        source = {
            "name": f"shared/reference/service_quota_codes.csv: {row['evidence_source']}{conflict}. Code seen in the "
            "commercial partition; resolve the quota by its name at run time in the China regions",
            "date": date,
        }
        unit = "instances" if row["service_code"] == "sagemaker" else "vcpus"
        quota = {
            "service_code": row["service_code"],
            "quota_code": row["quota_code"],
            "quota_name": row["quota_name"],
            "unit": unit,
            "source": source,
        }
        if row["service_code"] == "sagemaker":
            instance_type = row["quota_name"].removesuffix(" for endpoint usage")
            assert instance_type.startswith("ml."), row
            sagemaker.append({"instance_type": instance_type, "quota": quota})
        elif row["quota_code"] in EC2_QUOTA_SCOPES:
            market, patterns = EC2_QUOTA_SCOPES[row["quota_code"]]
            ec2.append({"market": market, "family_patterns": patterns, "quota": quota})
    assert len(ec2) == len(EC2_QUOTA_SCOPES)
    return {"sagemaker_endpoint": sagemaker, "ec2_vcpu": ec2}


def base_bedrock_model(model):
    """anthropic.claude-3-5-sonnet-20241022-v2:0 -> anthropic.claude-3-5-sonnet."""
    model = re.sub(r"-v\d+(:\d+)?$", "", model)
    model = re.sub(r"-\d{8}$", "", model)
    return model


def build_api_prices(reference):
    rows = read_csv(reference / "llm_token_prices.csv")
    prices = {}

    def add(entry):
        assert entry["id"] not in prices, entry["id"]
        prices[entry["id"]] = entry

    litellm = None
    for row in rows:
        if row["provider"] == "bedrock":
            base = base_bedrock_model(row["model"])
            identifier = f"bedrock/{base}"
            litellm = row["source"]
            date = row["data_date"][:10]
            region_scope = row["region_scope"]
            note = (
                f"Bedrock on-demand price of {row['model']} ({region_scope}). Amazon Bedrock is not offered in "
                "the China regions: requests leave mainland China"
            )
            entry = {
                "id": identifier,
                "provider": "Amazon Bedrock (global regions)",
                "model": row["model"],
                "currency": "USD",
                "input_per_million": float(row["input_per_1M"]),
                "output_per_million": float(row["output_per_1M"]),
                "cross_border": True,
                "source": {"name": f"shared/reference/llm_token_prices.csv: {row['source']}", "date": date},
                "note": note,
            }
            if identifier in prices:
                earlier = prices[identifier]
                same = (earlier["input_per_million"], earlier["output_per_million"]) == (
                    entry["input_per_million"],
                    entry["output_per_million"],
                )
                assert same, identifier
                entry["note"] += f"; {earlier['model']} has the same price"
                del prices[identifier]
            add(entry)
        elif row["provider"].startswith("dashscope"):
            model = row["model"].split("/", 1)[1]
            add(
                {
                    "id": f"dashscope-intl/{model}",
                    "provider": "Alibaba Cloud Model Studio, international (DashScope)",
                    "model": model,
                    "currency": "USD",
                    "input_per_million": float(row["input_per_1M"]),
                    "output_per_million": float(row["output_per_1M"]),
                    "cross_border": True,
                    "source": {"name": f"shared/reference/llm_token_prices.csv: {row['source']}", "date": row["data_date"][:10]},
                    "note": "international endpoint outside mainland China: requests cross the border",
                }
            )

    bailian_official = [row for row in rows if row["provider"].startswith("Alibaba Bailian") and "THIRD-PARTY" not in row["notes"]]
    bailian_third = [row for row in rows if row["provider"].startswith("Alibaba Bailian") and "THIRD-PARTY" in row["notes"]]

    def bailian_date(row):
        if "Dec 2024" in row["data_date"]:
            return "2024-12"
        if "late 2024" in row["data_date"]:
            return "2024"
        if row["data_date"].startswith("2026-05"):
            return "2026-05"
        raise ValueError(row["data_date"])

    def bailian_source(row):
        return {
            "name": f"shared/reference/llm_token_prices.csv: {row['source'].strip()} ({row['data_date'].strip()})",
            "date": bailian_date(row),
        }

    third_by_model = {}
    for row in bailian_third:
        model = row["model"].replace(" (legacy stable)", "").strip()
        third_by_model[model] = row

    for row in bailian_official:
        model = row["model"].strip()
        notes = ["official Alibaba Cloud help-center page (public copy); preferred over the third-party 2026-05 copy"]
        if "qwen-plus listed as lowest tier" in row["notes"] and model == "qwen-plus":
            notes.append("tiered price: the lowest tier is listed")
        if "batch" in row["unit_note"]:
            notes.append("one price for input and output; batch calls cost half")
        third = third_by_model.get(model)
        if third is not None:
            if (float(third["input_per_1M"]), float(third["output_per_1M"])) == (float(row["input_per_1M"]), float(row["output_per_1M"])):
                notes.append("a third-party 2026-05 copy gives the same price")
            else:
                notes.append(
                    f"a third-party 2026-05 copy gives {third['input_per_1M']}/{third['output_per_1M']} CNY: "
                    f"kept as bailian/{model}-2026-05-thirdparty; refresh before quoting"
                )
        add(
            {
                "id": f"bailian/{model}",
                "provider": "Alibaba Bailian (mainland China)",
                "model": model,
                "currency": "CNY",
                "input_per_million": float(row["input_per_1M"]),
                "output_per_million": float(row["output_per_1M"]),
                "cross_border": False,
                "source": bailian_source(row),
                "note": "; ".join(notes),
            }
        )

    official_models = {row["model"].strip() for row in bailian_official}
    for model, row in third_by_model.items():
        tier = ""
        match = re.match(r"^(\S+)\s+(\S+)$", model)
        if match:
            model, tier = match.group(1), match.group(2)
        if model in official_models:
            official = prices[f"bailian/{model}"]
            if (official["input_per_million"], official["output_per_million"]) == (float(row["input_per_1M"]), float(row["output_per_1M"])):
                continue
            identifier = f"bailian/{model}-2026-05-thirdparty"
        else:
            identifier = f"bailian/{model}"
        note = "THIRD-PARTY copy, unverified (claims the Alibaba help center as its source)"
        if tier:
            note += f"; tiered price: this is the {tier} input-length tier"
        elif "tiered" in row["notes"]:
            note += "; tiered price"
        add(
            {
                "id": identifier,
                "provider": "Alibaba Bailian (mainland China)",
                "model": model,
                "currency": "CNY",
                "input_per_million": float(row["input_per_1M"]),
                "output_per_million": float(row["output_per_1M"]),
                "cross_border": False,
                "source": bailian_source(row),
                "note": note,
            }
        )

    qianfan_ids = {
        "ERNIE-Bot-8k": ("qianfan/ernie-bot-8k", "pay-as-you-go list price"),
        "ERNIE-Bot (3.5)": ("qianfan/ernie-bot", "ERNIE-Bot (3.5), pay-as-you-go list price"),
        "ERNIE-4.0-8K series token pack": (
            "qianfan/ernie-4.0-8k-token-pack",
            "prepaid token pack, not the pay-as-you-go list price: 10M tokens for CNY 70 (list) valid 6 months, "
            "one blended price for input and output",
        ),
    }
    for row in rows:
        if not row["provider"].startswith("Baidu Qianfan"):
            continue
        if row["model"] not in qianfan_ids:
            # ERNIE-Bot 4.0 (model-evaluation use) and ERNIE-Bot-turbo (annotation use) are prices of
            # other Qianfan services, not inference list prices: left out.
            continue
        identifier, note = qianfan_ids[row["model"]]
        date = row["data_date"] if re.match(r"\d{4}-\d{2}-\d{2}$", row["data_date"]) else "undated"
        add(
            {
                "id": identifier,
                "provider": "Baidu Qianfan (mainland China)",
                "model": row["model"],
                "currency": "CNY",
                "input_per_million": float(row["input_per_1M"]),
                "output_per_million": float(row["output_per_1M"]),
                "cross_border": False,
                "source": {"name": f"shared/reference/llm_token_prices.csv: {row['source']}", "date": date},
                "note": note,
            }
        )
    return sorted(prices.values(), key=lambda entry: entry["id"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, default=REPOSITORY.parent / "shared" / "reference")
    parser.add_argument(
        "--moto-resources",
        type=Path,
        default=Path("/tmp/motovenv/lib/python3.11/site-packages/moto/ssm/resources"),
    )
    arguments = parser.parse_args()
    if not (arguments.reference / "gpu_instance_specs.csv").exists():
        sys.exit(f"no reference files in {arguments.reference} (use --reference)")
    DATA.mkdir(parents=True, exist_ok=True)

    instance_types = build_instance_types(arguments.reference)
    families = sorted({entry["family"] for entry in instance_types})
    ec2_prices, offerings = build_prices_and_offerings(arguments.reference, families)
    services, zones = build_services_and_zones(arguments.reference, arguments.moto_resources)

    write_json("meta.json", {"assembled_on": ASSEMBLED_ON})
    write_json("instance_types.json", instance_types)
    write_json("offerings.json", offerings)
    write_json("ec2_prices.json", ec2_prices)
    write_json("sagemaker_hosting.json", build_sagemaker_ratios(arguments.reference))
    write_json("services.json", services)
    write_json("zones.json", zones)
    write_json("substitutes.json", SUBSTITUTES)
    write_json("quotas.json", build_quotas(arguments.reference))
    write_json("api_prices.json", build_api_prices(arguments.reference))


if __name__ == "__main__":
    main()
