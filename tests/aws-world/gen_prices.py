#!/usr/bin/env python3
"""Generates prices.json, the Price List products the test world's pricing server answers with.

Run from anywhere with any python3 (standard library only):

    python3 tests/aws-world/gen_prices.py            # writes tests/aws-world/prices.json
    python3 tests/aws-world/gen_prices.py --check    # fails if prices.json is stale

Sources and inventions (also written into the file's ``_fixture_note``):
* cn-north-1 EC2 on-demand Linux/shared prices of g4dn and g5 (and the four non-GPU decoys) are
  the CNY figures of shared/reference/ec2_ondemand_cny_cn-north-1_karpenter_2024-11-06.csv,
  copied into BEIJING_LINUX and OTHER_SPECS below (so nothing here needs shared/).
* Everything else is INVENTED: cn-northwest-1 prices (Beijing x 0.88), Windows/RHEL/SQL Web
  uplifts, dedicated tenancy (x 1.10), SageMaker prices (EC2 x 1.30 hosting, other ratios per
  component), SKUs and term codes (deterministic hashes in the real format).
* Attribute names and value shapes follow the real Price List: EC2 instanceType, instanceFamily,
  vcpu, memory "16 GiB", gpu, gpuMemory, operatingSystem, tenancy, preInstalledSw,
  capacitystatus, marketoption, licenseModel, usagetype "CNW1-BoxUsage:g5.2xlarge", operation
  "RunInstances[:00xx]", regionCode, location "China (Ningxia)"; SageMaker productFamily
  "ML Instance" with instanceName "ml.g5.2xlarge" (clean), instanceType
  "ml.g5.2xlarge-Hosting" (suffixed per component), component "Hosting"/"Training"/...,
  vCpu (capital C), usagetype "CNW1-Host:ml.g5.2xlarge", operation "RunInstance". See
  README.md for what these were based on.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

# shared/reference/ec2_ondemand_cny_cn-north-1_karpenter_2024-11-06.csv (CNY/h, Linux, shared)
BEIJING_LINUX = {
    "g4dn.xlarge": 5.223, "g4dn.2xlarge": 7.468, "g4dn.4xlarge": 11.956, "g4dn.8xlarge": 21.609,
    "g4dn.12xlarge": 38.849, "g4dn.16xlarge": 43.218,
    "g5.xlarge": 9.51389, "g5.2xlarge": 11.46206, "g5.4xlarge": 15.3584, "g5.8xlarge": 23.15109,
    "g5.12xlarge": 53.64092, "g5.16xlarge": 38.73646, "g5.24xlarge": 77.01898, "g5.48xlarge": 154.03795,
}

# (vcpu, memory GiB, gpus, gpu memory GiB total, storage, network) — gpu_instance_specs.csv for
# vcpu/gpus/memory; storage and network from the EC2 instance type pages.
SPECS = {
    "g4dn.xlarge": (4, 16, 1, 16, "1 x 125 NVMe SSD", "Up to 25 Gigabit"),
    "g4dn.2xlarge": (8, 32, 1, 16, "1 x 225 NVMe SSD", "Up to 25 Gigabit"),
    "g4dn.4xlarge": (16, 64, 1, 16, "1 x 225 NVMe SSD", "Up to 25 Gigabit"),
    "g4dn.8xlarge": (32, 128, 1, 16, "1 x 900 NVMe SSD", "50 Gigabit"),
    "g4dn.12xlarge": (48, 192, 4, 64, "1 x 900 NVMe SSD", "50 Gigabit"),
    "g4dn.16xlarge": (64, 256, 1, 16, "1 x 900 NVMe SSD", "50 Gigabit"),
    "g5.xlarge": (4, 16, 1, 24, "1 x 250 NVMe SSD", "Up to 10 Gigabit"),
    "g5.2xlarge": (8, 32, 1, 24, "1 x 450 NVMe SSD", "Up to 10 Gigabit"),
    "g5.4xlarge": (16, 64, 1, 24, "1 x 600 NVMe SSD", "Up to 25 Gigabit"),
    "g5.8xlarge": (32, 128, 1, 24, "1 x 900 NVMe SSD", "25 Gigabit"),
    "g5.12xlarge": (48, 192, 4, 96, "1 x 3800 NVMe SSD", "40 Gigabit"),
    "g5.16xlarge": (64, 256, 1, 24, "1 x 1900 NVMe SSD", "25 Gigabit"),
    "g5.24xlarge": (96, 384, 4, 96, "1 x 3800 NVMe SSD", "50 Gigabit"),
    "g5.48xlarge": (192, 768, 8, 192, "2 x 3800 NVMe SSD", "100 Gigabit"),
}
OTHER_SPECS = {  # non-GPU decoys: (vcpu, memory, family, processor, Beijing CNY/h from the same CSV)
    "m5.large": (2, 8, "General purpose", "Intel Xeon Platinum 8175", 1.013),
    "m5.xlarge": (4, 16, "General purpose", "Intel Xeon Platinum 8175", 2.026),
    "c5.xlarge": (4, 8, "Compute optimized", "Intel Xeon Platinum 8124M", 1.479),
    "t3.medium": (2, 4, "General purpose", "Intel Skylake E5 2686 v5", 0.2629),
}

SIZE_FACTOR = {"xlarge": 8, "2xlarge": 16, "4xlarge": 32, "8xlarge": 64, "12xlarge": 96, "16xlarge": 128,
               "24xlarge": 192, "48xlarge": 384}

REGIONS = {
    "cn-north-1": ("China (Beijing)", "CNN1"),
    "cn-northwest-1": ("China (Ningxia)", "CNW1"),
}
NINGXIA_FACTOR = 0.88  # INVENTED: no public Ningxia figures
ONDEMAND_TERM = "JRTCKXETXF"
RATE_CODE = "6YS6EN2CT7"
VERSION = "20261120000000"
PUBLICATION = "2026-11-20T00:00:00Z"
EFFECTIVE = "2026-11-01T00:00:00Z"

# (operatingSystem, tenancy, preInstalledSw, capacitystatus, operation, usage kind, price fn)
EC2_VARIANTS = [
    ("Linux", "Shared", "NA", "Used", "RunInstances", "BoxUsage", lambda p, v: p),
    ("Linux", "Shared", "NA", "UnusedCapacityReservation", "RunInstances", "UnusedBox", lambda p, v: p),
    ("Linux", "Shared", "NA", "AllocatedCapacityReservation", "RunInstances", "Reservation", lambda p, v: 0.0),
    ("Linux", "Dedicated", "NA", "Used", "RunInstances", "DedicatedUsage", lambda p, v: p * 1.10),
    ("Windows", "Shared", "NA", "Used", "RunInstances:0002", "BoxUsage", lambda p, v: p + 0.33 * v),
    ("Linux", "Shared", "SQL Web", "Used", "RunInstances:0200", "BoxUsage", lambda p, v: p + 0.25 * v),
    ("RHEL", "Shared", "NA", "Used", "RunInstances:0010", "BoxUsage", lambda p, v: p + 0.43),
]
OS_LABEL = {"Linux": "Linux", "Windows": "Windows", "RHEL": "RHEL"}

# SageMaker components: (component, instanceType suffix, usage type kind, ratio to EC2 Linux)
SM_COMPONENTS = [
    ("Hosting", "Hosting", "Host", 1.30),
    ("Training", "Training", "Train", 1.27),
    ("Processing", "Processing", "Processing", 1.27),
    ("Notebook", "Notebook", "Notebk", 1.33),
    ("AsyncInf", "AsyncInf", "AsyncInf", 1.30),
]
SM_CPU = {  # ml.* CPU decoys: (vcpu, memory GiB, invented Beijing hosting CNY/h)
    "ml.m5.large": (2, 8, 0.98),
    "ml.m5.xlarge": (4, 16, 1.96),
    "ml.c5.xlarge": (4, 8, 1.74),
    "ml.t3.medium": (2, 4, 0.42),
}


def sku(*parts: str) -> str:
    digest = hashlib.sha256("|".join(parts).encode()).digest()
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    return "".join(alphabet[b % len(alphabet)] for b in digest[:16])


def price_str(value: float) -> str:
    return f"{value:.10f}"


def ondemand(sku_id: str, price: float, unit: str, description: str) -> dict:
    term = f"{sku_id}.{ONDEMAND_TERM}"
    rate = f"{term}.{RATE_CODE}"
    return {
        "OnDemand": {
            term: {
                "priceDimensions": {
                    rate: {
                        "unit": unit,
                        "endRange": "Inf",
                        "description": description,
                        "appliesTo": [],
                        "rateCode": rate,
                        "beginRange": "0",
                        "pricePerUnit": {"CNY": price_str(price)},
                    }
                },
                "sku": sku_id,
                "effectiveDate": EFFECTIVE,
                "offerTermCode": ONDEMAND_TERM,
                "termAttributes": {},
            }
        }
    }


def doc(service: str, family: str, attributes: dict, terms: dict, sku_id: str) -> dict:
    return {
        "product": {"productFamily": family, "attributes": attributes, "sku": sku_id},
        "serviceCode": service,
        "terms": terms,
        "version": VERSION,
        "publicationDate": PUBLICATION,
    }


def linux_price(region: str, itype: str) -> float:
    base = BEIJING_LINUX[itype]
    return base if region == "cn-north-1" else round(base * NINGXIA_FACTOR, 5)


def ec2_products() -> list[dict]:
    out = []
    for region, (location, prefix) in REGIONS.items():
        for itype, (vcpu, mem, gpus, gpumem, storage, network) in SPECS.items():
            family = itype.split(".")[0]
            amd = family == "g5"
            base = linux_price(region, itype)
            for os_, tenancy, sw, capstatus, operation, usage_kind, fn in EC2_VARIANTS:
                usagetype = f"{prefix}-{usage_kind}:{itype}"
                attrs = {
                    "servicecode": "AmazonEC2",
                    "location": location,
                    "locationType": "AWS Region",
                    "instanceType": itype,
                    "currentGeneration": "Yes",
                    "instanceFamily": "GPU instance",
                    "vcpu": str(vcpu),
                    "physicalProcessor": "AMD EPYC 7R32" if amd else "Intel Xeon Family",
                    "clockSpeed": "3.3 GHz" if amd else "2.5 GHz",
                    "memory": f"{mem} GiB",
                    "storage": storage,
                    "networkPerformance": network,
                    "processorArchitecture": "64-bit",
                    "tenancy": tenancy,
                    "operatingSystem": os_,
                    "licenseModel": "No License required",
                    "usagetype": usagetype,
                    "operation": operation,
                    "capacitystatus": capstatus,
                    "gpu": str(gpus),
                    "gpuMemory": f"{gpumem} GB",
                    "instancesku": sku("instancesku", region, itype, os_, sw),
                    "normalizationSizeFactor": str(SIZE_FACTOR[itype.split(".")[1]]),
                    "preInstalledSw": sw,
                    "processorFeatures": "AVX; AVX2; AMD Turbo" if amd else "Intel AVX; Intel AVX2; Intel AVX512; Intel Turbo",
                    "enhancedNetworkingSupported": "Yes",
                    "marketoption": "OnDemand",
                    "regionCode": region,
                    "servicename": "Amazon Elastic Compute Cloud",
                }
                sku_id = sku("ec2", region, itype, os_, tenancy, sw, capstatus, operation)
                price = round(fn(base, vcpu), 5)
                what = f"{OS_LABEL[os_]}{' with SQL Web' if sw != 'NA' else ''}"
                if capstatus == "AllocatedCapacityReservation":
                    desc = f"CNY 0.00 per Reservation {what} {itype} Instance Hour"
                elif capstatus == "UnusedCapacityReservation":
                    desc = f"CNY {price:.3f} per Unused Reservation {what} {itype} Instance Hour"
                else:
                    desc = f"CNY {price:.3f} per On Demand {what} {itype} {'Dedicated ' if tenancy == 'Dedicated' else ''}Instance Hour"
                out.append(doc("AmazonEC2", "Compute Instance", attrs, ondemand(sku_id, price, "Hrs", desc), sku_id))
        # Non-GPU decoys (Linux shared, used) and an EBS storage product.
        for itype, (vcpu, mem, fam, proc, base) in OTHER_SPECS.items():
            price = base if region == "cn-north-1" else round(base * NINGXIA_FACTOR, 5)
            attrs = {
                "servicecode": "AmazonEC2", "location": location, "locationType": "AWS Region",
                "instanceType": itype, "currentGeneration": "Yes", "instanceFamily": fam, "vcpu": str(vcpu),
                "physicalProcessor": proc, "memory": f"{mem} GiB", "storage": "EBS only",
                "networkPerformance": "Up to 10 Gigabit", "processorArchitecture": "64-bit", "tenancy": "Shared",
                "operatingSystem": "Linux", "licenseModel": "No License required",
                "usagetype": f"{prefix}-BoxUsage:{itype}", "operation": "RunInstances", "capacitystatus": "Used",
                "preInstalledSw": "NA", "marketoption": "OnDemand", "regionCode": region,
                "servicename": "Amazon Elastic Compute Cloud",
            }
            sku_id = sku("ec2", region, itype, "Linux", "Shared", "NA", "Used", "RunInstances")
            desc = f"CNY {price:.3f} per On Demand Linux {itype} Instance Hour"
            out.append(doc("AmazonEC2", "Compute Instance", attrs, ondemand(sku_id, price, "Hrs", desc), sku_id))
        attrs = {
            "servicecode": "AmazonEC2", "location": location, "locationType": "AWS Region",
            "storageMedia": "SSD-backed", "volumeType": "General Purpose", "maxVolumeSize": "16 TiB",
            "maxIopsvolume": "16000", "maxThroughputvolume": "1000 MiB/s", "usagetype": f"{prefix}-EBS:VolumeUsage.gp3",
            "operation": "", "volumeApiName": "gp3", "regionCode": region, "servicename": "Amazon Elastic Compute Cloud",
        }
        sku_id = sku("ebs", region, "gp3")
        out.append(doc("AmazonEC2", "Storage", attrs,
                       ondemand(sku_id, 0.5336 if region == "cn-north-1" else 0.4696, "GB-Mo",
                                f"CNY per GB-month of General Purpose (gp3) provisioned storage - {location}"),
                       sku_id))
    return out


def sagemaker_products() -> list[dict]:
    out = []
    for region, (location, prefix) in REGIONS.items():
        types = {f"ml.{t}": (spec[0], spec[1], spec[2], spec[3], linux_price(region, t)) for t, spec in SPECS.items()}
        for name, (vcpu, mem, beijing) in SM_CPU.items():
            hosting = beijing if region == "cn-north-1" else round(beijing * NINGXIA_FACTOR, 5)
            types[name] = (vcpu, mem, 0, 0, round(hosting / 1.30, 5))
        for name, (vcpu, mem, gpus, gpumem, ec2_price) in types.items():
            for component, suffix, usage_kind, ratio in SM_COMPONENTS:
                if component == "Notebook" and name.endswith(("12xlarge", "16xlarge", "24xlarge", "48xlarge")):
                    continue
                price = round(ec2_price * ratio, 5)
                attrs = {
                    "servicecode": "AmazonSageMaker",
                    "location": location,
                    "locationType": "AWS Region",
                    "instanceName": name,
                    "instanceType": f"{name}-{suffix}",
                    "component": component,
                    "computeType": "ML Instance",
                    "currentGeneration": "Yes",
                    "vCpu": str(vcpu),
                    "memory": f"{mem} GiB",
                    "gpu": str(gpus),
                    "gpuMemory": f"{gpumem} GB" if gpus else "NA",
                    "usagetype": f"{prefix}-{usage_kind}:{name}",
                    "operation": "RunInstance",
                    "regionCode": region,
                    "servicename": "Amazon SageMaker",
                }
                sku_id = sku("sagemaker", region, name, component)
                desc = f"CNY {price:.3f} per hour for {name} {component} in {location}"
                out.append(doc("AmazonSageMaker", "ML Instance", attrs, ondemand(sku_id, price, "Hrs", desc), sku_id))
        # A storage product in the same service, without instanceName.
        attrs = {
            "servicecode": "AmazonSageMaker", "location": location, "locationType": "AWS Region",
            "component": "Hosting", "volumeType": "General Purpose-Hosting",
            "usagetype": f"{prefix}-Host:VolumeUsage.gp2", "operation": "CreateVolume-Gp2",
            "regionCode": region, "servicename": "Amazon SageMaker",
        }
        sku_id = sku("sagemaker-ebs", region)
        out.append(doc("AmazonSageMaker", "Storage", attrs,
                       ondemand(sku_id, 0.9781 if region == "cn-north-1" else 0.8607, "GB-Mo",
                                f"CNY per GB-Mo of Endpoint ML storage in {location}"), sku_id))
    return out


NOTE = (
    "Test-world Price List products (AWS Price List API, FormatVersion aws_v1, China partition, CNY, "
    "OnDemand terms only), generated by tests/aws-world/gen_prices.py. REAL: cn-north-1 EC2 Linux/shared "
    "on-demand CNY prices of g4dn.*, g5.*, m5.large, m5.xlarge, c5.xlarge, t3.medium (shared/reference/ec2_ondemand_cny_cn-north-1_karpenter_2024-11-06.csv, "
    "Karpenter's table generated from the China Pricing API on 2024-11-06). INVENTED (no public figures): every "
    "cn-northwest-1 price (Beijing x 0.88), the Windows (+0.33 CNY/vCPU-h), RHEL (+0.43), SQL Web (+0.25 CNY/vCPU-h) "
    "and Dedicated (x1.10) variants, the capacity-reservation variants (Unused = on-demand, Allocated = 0), "
    "EBS prices, every SageMaker price (EC2 Linux price x 1.30 Hosting/AsyncInf, x 1.27 "
    "Training/Processing, x 1.33 Notebook; deliberately not gpuplan's own estimate ratio so a test can tell an API "
    "price from an estimate), SKUs, term codes, version and publication dates."
)


def build() -> dict:
    products = ec2_products() + sagemaker_products()
    skus = [p["product"]["sku"] for p in products]
    assert len(skus) == len(set(skus)), "duplicate SKUs"
    return {"_fixture_note": NOTE, "format_version": "aws_v1", "products": products}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(HERE / "prices.json"))
    ap.add_argument("--check", action="store_true", help="fail if the file differs from what would be generated")
    args = ap.parse_args()
    text = json.dumps(build(), indent=1, ensure_ascii=False) + "\n"
    out = Path(args.out)
    if args.check:
        if not out.exists() or out.read_text() != text:
            print(f"{out} is stale: run python3 {Path(__file__).name}", file=sys.stderr)
            return 1
        return 0
    out.write_text(text)
    print(f"wrote {out} ({len(json.loads(text)['products'])} products)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
