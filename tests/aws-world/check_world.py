#!/usr/bin/env python3
"""Checks the test world end to end with boto3, the way the Rust harness uses it.

    .moto-venv/bin/python tests/aws-world/check_world.py [--fixture tests/aws-world/china.json]

Starts world.py as a subprocess (stdin a pipe, stdout a pipe, one JSON line read), exercises
every patched call (pagination, wildcard filters, error cases), the calls of gpuplan's apply
(SageMaker, Application Auto Scaling, CloudWatch, the latter also over rpc-v2-cbor as the Rust
SDK speaks it), failure injection, the pending_polls setting, the request log, injected
latency (two concurrent calls with --latency-ms 200 take ~200 ms, not 400), and shutdown on
stdin close and on SIGTERM. Prints one line per check and "N passed, N failed"; exits
non-zero on any failure. Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent

os.environ.update({
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_EC2_METADATA_DISABLED": "true",
    "NO_PROXY": "127.0.0.1,localhost",
    "no_proxy": "127.0.0.1,localhost",
})
for var in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ENDPOINT_URL", "HTTP_PROXY", "HTTPS_PROXY",
            "http_proxy", "https_proxy"):
    os.environ.pop(var, None)

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

PASSED: list[str] = []
FAILED: list[str] = []
NW, N = "cn-northwest-1", "cn-north-1"


def check(name: str, ok: bool, detail: object = "") -> bool:
    if ok:
        PASSED.append(name)
        print(f"ok    {name}")
    else:
        FAILED.append(name)
        print(f"FAIL  {name}: {detail}")
    return ok


def expect_error(name: str, code: str, fn, *args, **kwargs) -> None:
    try:
        fn(*args, **kwargs)
    except ClientError as e:
        got = e.response["Error"]["Code"]
        status = e.response["ResponseMetadata"]["HTTPStatusCode"]
        check(name, got == code and status == 400, f"got {got} HTTP {status}: {e}")
        return
    except Exception as e:  # noqa: BLE001
        check(name, False, f"unexpected {type(e).__name__}: {e}")
        return
    check(name, False, f"no error (expected {code})")


class World:
    """world.py as the Rust harness runs it: stdin and stdout pipes, one JSON line."""

    def __init__(self, fixture: Path, *extra: str):
        self.started = time.monotonic()
        self.proc = subprocess.Popen(
            [sys.executable, str(HERE / "world.py"), "--fixture", str(fixture), *extra],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=sys.stderr, cwd=REPO,
        )
        line = self.proc.stdout.readline()
        self.startup_s = time.monotonic() - self.started
        if not line:
            raise SystemExit(f"world.py exited with {self.proc.wait()} before printing its URLs")
        self.urls = json.loads(line)
        self.extra_stdout = None

    def client(self, service: str, region: str = NW, validate: bool = True):
        url = self.urls["pricing"] if service == "pricing" else self.urls["moto"]
        # validate=False: like the Rust SDK, which does not check ranges client-side.
        return boto3.client(service, region_name=region, endpoint_url=url,
                            # total_max_attempts: botocore's "max_attempts" counts retries, not attempts
                            config=Config(retries={"total_max_attempts": 1, "mode": "standard"},
                                          connect_timeout=5, read_timeout=30, parameter_validation=validate))

    def get(self, which: str, path: str):
        with urllib.request.urlopen(self.urls[which] + path, timeout=10) as r:
            return json.loads(r.read())

    def post(self, which: str, path: str, doc: object = None):
        data = json.dumps(doc).encode() if doc is not None else b""
        req = urllib.request.Request(self.urls[which] + path, data=data, method="POST")
        with urllib.request.urlopen(req, timeout=30) as r:
            return json.loads(r.read())

    def delete(self, which: str, path: str):
        req = urllib.request.Request(self.urls[which] + path, method="DELETE")
        with urllib.request.urlopen(req, timeout=30) as r:
            return json.loads(r.read())

    def close_stdin_and_wait(self, timeout: float = 10.0) -> tuple[int | None, float]:
        t = time.monotonic()
        self.proc.stdin.close()
        try:
            rc = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = None
        self.extra_stdout = self.proc.stdout.read()
        return rc, time.monotonic() - t

    def terminate_and_wait(self, timeout: float = 10.0) -> tuple[int | None, float]:
        t = time.monotonic()
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = None
        return rc, time.monotonic() - t


# ---------------------------------------------------------------------------------------------

def check_ec2(w: World) -> None:
    ec2 = w.client("ec2")
    ec2n = w.client("ec2", N)
    zones = {z["ZoneName"]: z["ZoneId"] for z in ec2.describe_availability_zones()["AvailabilityZones"]}
    check("ec2 zones cn-northwest-1 a/b/c = cnnw1-az1..3",
          zones == {"cn-northwest-1a": "cnnw1-az1", "cn-northwest-1b": "cnnw1-az2", "cn-northwest-1c": "cnnw1-az3"},
          zones)
    zones_n = {z["ZoneName"]: z["ZoneId"] for z in ec2n.describe_availability_zones()["AvailabilityZones"]}
    check("ec2 zones cn-north-1 a/b/d (d added by the fixture)",
          zones_n == {"cn-north-1a": "cnn1-az1", "cn-north-1b": "cnn1-az2", "cn-north-1d": "cnn1-az4"}, zones_n)

    def offerings(client, **kw):
        out, token = [], None
        while True:
            page = client.describe_instance_type_offerings(**kw, **({"NextToken": token} if token else {}))
            out += page["InstanceTypeOfferings"]
            token = page.get("NextToken")
            if not token:
                return out

    g5 = offerings(ec2, LocationType="availability-zone", Filters=[{"Name": "instance-type", "Values": ["g5.*"]}])
    by_zone: dict[str, set] = {}
    for o in g5:
        by_zone.setdefault(o["Location"], set()).add(o["InstanceType"])
    check("offerings g5.* wildcard per zone (c lacks the multi-GPU sizes)",
          len(by_zone.get("cn-northwest-1a", ())) == 8 and len(by_zone.get("cn-northwest-1b", ())) == 8
          and by_zone.get("cn-northwest-1c") == {"g5.xlarge", "g5.2xlarge", "g5.4xlarge", "g5.8xlarge", "g5.16xlarge"}
          and all(o["LocationType"] == "availability-zone" for o in g5), by_zone)
    q = offerings(ec2, LocationType="availability-zone", Filters=[{"Name": "instance-type", "Values": ["g5.?xlarge"]}])
    check("offerings '?' wildcard", {o["InstanceType"] for o in q} == {"g5.2xlarge", "g5.4xlarge", "g5.8xlarge"},
          {o["InstanceType"] for o in q})
    loc = offerings(ec2, LocationType="availability-zone",
                    Filters=[{"Name": "instance-type", "Values": ["g5.12xlarge", "g5.48xlarge"]},
                             {"Name": "location", "Values": ["cn-northwest-1c"]}])
    check("offerings exact types + location filter: none in cn-northwest-1c", loc == [], loc)
    ids = offerings(ec2, LocationType="availability-zone-id", Filters=[{"Name": "instance-type", "Values": ["g5.48xlarge"]}])
    check("offerings availability-zone-id", sorted(o["Location"] for o in ids) == ["cnnw1-az1", "cnnw1-az2"]
          and ids[0]["LocationType"] == "availability-zone-id", ids)
    reg = offerings(ec2)  # default LocationType region
    types = {o["InstanceType"] for o in reg}
    check("offerings region (default) has g5, no g4dn/g6/g6e/p5 in Ningxia",
          set(f"g5.{s}" for s in ("xlarge", "48xlarge")) <= types and not any(
              t.startswith(("g4dn.", "g6.", "g6e.", "p5.", "p4d.")) for t in types)
          and all(o["Location"] == NW for o in reg), sorted(types)[:10])
    for pat in ("g6.*", "g6e.*", "p5.*"):
        none = offerings(ec2n, LocationType="availability-zone", Filters=[{"Name": "instance-type", "Values": [pat]}])
        check(f"offerings {pat} empty in cn-north-1", none == [], none)
    g4 = offerings(ec2n, LocationType="availability-zone", Filters=[{"Name": "instance-type", "Values": ["g4dn.*"]}])
    check("offerings g4dn.* in cn-north-1 a/b/d", {o["Location"] for o in g4} == {"cn-north-1a", "cn-north-1b", "cn-north-1d"}
          and len(g4) == 18, len(g4))
    everything = offerings(ec2, LocationType="availability-zone")
    first = ec2.describe_instance_type_offerings(LocationType="availability-zone", MaxResults=5)
    paged = offerings(ec2, LocationType="availability-zone", MaxResults=7)
    check("offerings pagination: MaxResults=5 gives 5 and a NextToken",
          len(first["InstanceTypeOfferings"]) == 5 and first.get("NextToken"), first.get("NextToken"))
    check("offerings pagination: pages of 7 add up to the whole list", paged == everything and len(everything) > 50,
          (len(paged), len(everything)))
    pg = ec2.get_paginator("describe_instance_type_offerings")
    via = [o for p in pg.paginate(LocationType="availability-zone", PaginationConfig={"PageSize": 10})
           for o in p["InstanceTypeOfferings"]]
    check("offerings boto3 paginator", via == everything, len(via))
    expect_error("offerings MaxResults=2 rejected", "InvalidParameterValue",
                 w.client("ec2", validate=False).describe_instance_type_offerings, MaxResults=2)
    expect_error("offerings bad NextToken rejected", "InvalidNextToken",
                 ec2.describe_instance_type_offerings, NextToken="nonsense")
    use1 = w.client("ec2", "us-east-1").describe_instance_type_offerings(
        LocationType="availability-zone", Filters=[{"Name": "instance-type", "Values": ["m5.large"]}])
    check("offerings other regions keep moto's data", len(use1["InstanceTypeOfferings"]) >= 3, use1)

    # Spot price history
    now = dt.datetime.now(dt.timezone.utc)
    cur = ec2.describe_spot_price_history(InstanceTypes=["g5.2xlarge"], ProductDescriptions=["Linux/UNIX"],
                                          StartTime=now, EndTime=now)["SpotPriceHistory"]
    check("spot: StartTime=EndTime=now gives the current price per zone",
          sorted(p["AvailabilityZone"] for p in cur) == ["cn-northwest-1a", "cn-northwest-1b", "cn-northwest-1c"]
          and all(p["Timestamp"].isoformat().startswith("2026-11-30T12:00") for p in cur)
          and all(p["ProductDescription"] == "Linux/UNIX" for p in cur), cur)
    a = [p for p in cur if p["AvailabilityZone"] == "cn-northwest-1a"]
    check("spot: price string and zone id", a and a[0]["SpotPrice"] == "3.4386" and a[0].get("AvailabilityZoneId") == "cnnw1-az1", a)
    window = ec2.describe_spot_price_history(InstanceTypes=["g5.2xlarge"], AvailabilityZone="cn-northwest-1a",
                                             ProductDescriptions=["Linux/UNIX"],
                                             StartTime=dt.datetime(2026, 11, 29, tzinfo=dt.timezone.utc))["SpotPriceHistory"]
    check("spot: window includes the price in effect at StartTime, newest first",
          [p["Timestamp"].day for p in window] == [30, 29, 28], [p["Timestamp"] for p in window])
    allp = ec2.describe_spot_price_history(Filters=[{"Name": "instance-type", "Values": ["g5.*"]},
                                                    {"Name": "product-description", "Values": ["Windows"]}])
    check("spot: filters with wildcards (Windows only)", allp["SpotPriceHistory"] and all(
        p["ProductDescription"] == "Windows" and p["InstanceType"].startswith("g5.") for p in allp["SpotPriceHistory"]),
        allp["SpotPriceHistory"][:2])
    pages, token, n = 0, None, 0
    while True:
        r = ec2.describe_spot_price_history(MaxResults=5, **({"NextToken": token} if token else {}))
        pages, n, token = pages + 1, n + len(r["SpotPriceHistory"]), r.get("NextToken")
        if not token:
            break
    total = len(ec2.describe_spot_price_history()["SpotPriceHistory"])
    check("spot: pagination adds up", pages > 1 and n == total == 44, (pages, n, total))
    none = ec2n.describe_spot_price_history(InstanceTypes=["g6.xlarge"])["SpotPriceHistory"]
    check("spot: nothing for g6 in China", none == [], none)

    # Seeded and new instances
    res = ec2.describe_instances(Filters=[{"Name": "instance-state-name", "Values": ["running"]}])["Reservations"]
    inst = [i for r in res for i in r["Instances"]]
    kinds = sorted((i["InstanceType"], i.get("InstanceLifecycle", "on-demand"), i["Placement"]["AvailabilityZone"])
                   for i in inst)
    check("ec2: seeded instances (spot lifecycle, zones)",
          kinds == sorted([("g5.xlarge", "on-demand", "cn-northwest-1a"), ("g5.2xlarge", "spot", "cn-northwest-1b"),
                           ("g5.2xlarge", "spot", "cn-northwest-1b"), ("m5.large", "on-demand", "cn-northwest-1a"),
                           ("m5.large", "on-demand", "cn-northwest-1a")]), kinds)
    run = ec2.run_instances(ImageId="ami-12345678", MinCount=1, MaxCount=1, InstanceType="g5.4xlarge",
                            Placement={"AvailabilityZone": "cn-northwest-1c"})
    check("ec2: RunInstances with placement in a fixture zone", run["Instances"][0]["Placement"]["AvailabilityZone"]
          == "cn-northwest-1c", run["Instances"][0]["Placement"])
    it = ec2.describe_instance_types(InstanceTypes=["g5.2xlarge"])["InstanceTypes"][0]
    check("ec2: DescribeInstanceTypes g5.2xlarge 8 vCPU 1 A10G", it["VCpuInfo"]["DefaultVCpus"] == 8
          and it["GpuInfo"]["Gpus"][0]["Name"] == "A10G", it.get("GpuInfo"))


def check_sagemaker(w: World) -> None:
    sm = w.client("sagemaker")
    names = sorted(e["EndpointName"] for e in sm.list_endpoints()["Endpoints"])
    check("sagemaker: ListEndpoints shows the seeded endpoints", names == ["other-team-caption", "other-team-upscale-async"], names)
    ep = sm.describe_endpoint(EndpointName="other-team-caption")
    v = ep["ProductionVariants"][0]
    check("sagemaker: DescribeEndpoint counts", ep["EndpointStatus"] == "InService" and v["CurrentInstanceCount"] == 2
          and v["DesiredInstanceCount"] == 2 and ep["EndpointArn"].startswith("arn:aws-cn:sagemaker:cn-northwest-1:"), ep)
    cfg = sm.describe_endpoint_config(EndpointConfigName=ep["EndpointConfigName"])
    pv = cfg["ProductionVariants"][0]
    check("sagemaker: DescribeEndpointConfig type and count", pv["InstanceType"] == "ml.g5.2xlarge"
          and pv["InitialInstanceCount"] == 2, pv)
    tags = {t["Key"]: t["Value"] for t in sm.list_tags(ResourceArn=ep["EndpointArn"])["Tags"]}
    check("sagemaker: endpoint tags", tags == {"team": "other", "project": "captioning"}, tags)
    asy = sm.describe_endpoint_config(EndpointConfigName="other-team-upscale-async-config")
    check("sagemaker: async endpoint config", "AsyncInferenceConfig" in asy, asy.keys())
    n_names = [e["EndpointName"] for e in w.client("sagemaker", N).list_endpoints()["Endpoints"]]
    check("sagemaker: cn-north-1 endpoints", n_names == ["data-team-embeddings"], n_names)

    role = "arn:aws-cn:iam::123456789012:role/test"
    sm.create_model(ModelName="chk-model", ExecutionRoleArn=role, PrimaryContainer={"Image": "img"})
    for itype in ("ml.g5.2xlarge", "ml.g5.48xlarge", "ml.g4dn.xlarge", "ml.g6.xlarge"):
        name = "chk-" + itype.replace(".", "-")
        arn = sm.create_endpoint_config(EndpointConfigName=name, ProductionVariants=[{
            "VariantName": "AllTraffic", "ModelName": "chk-model", "InstanceType": itype,
            "InitialInstanceCount": 3 if itype == "ml.g5.2xlarge" else 1}])["EndpointConfigArn"]
        check(f"sagemaker: CreateEndpointConfig accepts {itype}", arn.endswith(name), arn)
    expect_error("sagemaker: duplicate endpoint config rejected", "ValidationException", sm.create_endpoint_config,
                 EndpointConfigName="chk-ml-g5-2xlarge", ProductionVariants=[{
                     "VariantName": "AllTraffic", "ModelName": "chk-model", "InstanceType": "ml.g5.xlarge",
                     "InitialInstanceCount": 1}])
    expect_error("sagemaker: CreateEndpoint over quota (4, 2 in use, +3)", "ResourceLimitExceeded", sm.create_endpoint,
                 EndpointName="chk-too-big", EndpointConfigName="chk-ml-g5-2xlarge")
    try:
        sm.create_endpoint(EndpointName="chk-too-big", EndpointConfigName="chk-ml-g5-2xlarge")
    except ClientError as e:
        msg = e.response["Error"]["Message"]
        check("sagemaker: quota error names the limit, usage and delta",
              "'ml.g5.2xlarge for endpoint usage' is 4 Instances" in msg and "utilization of 2" in msg
              and "delta of 3" in msg, msg)
    expect_error("sagemaker: CreateEndpoint ml.g5.48xlarge with quota 0", "ResourceLimitExceeded", sm.create_endpoint,
                 EndpointName="chk-48", EndpointConfigName="chk-ml-g5-48xlarge")
    expect_error("sagemaker: CreateEndpoint ml.g6.xlarge not offered in China", "ValidationException",
                 sm.create_endpoint, EndpointName="chk-g6", EndpointConfigName="chk-ml-g6-xlarge")
    sm.create_endpoint_config(EndpointConfigName="chk-two", ProductionVariants=[{
        "VariantName": "AllTraffic", "ModelName": "chk-model", "InstanceType": "ml.g5.2xlarge",
        "InitialInstanceCount": 2}])
    arn = sm.create_endpoint(EndpointName="chk-fits", EndpointConfigName="chk-two",
                             Tags=[{"Key": "gpuplan:test", "Value": "yes"}])["EndpointArn"]
    check("sagemaker: CreateEndpoint within quota", arn.endswith("endpoint/chk-fits"), arn)
    expect_error("sagemaker: duplicate endpoint rejected", "ValidationException", sm.create_endpoint,
                 EndpointName="chk-fits", EndpointConfigName="chk-two")
    sm.create_endpoint_config(EndpointConfigName="chk-one", ProductionVariants=[{
        "VariantName": "AllTraffic", "ModelName": "chk-model", "InstanceType": "ml.g5.2xlarge",
        "InitialInstanceCount": 1}])
    sm.update_endpoint(EndpointName="chk-fits", EndpointConfigName="chk-one")
    up = sm.describe_endpoint(EndpointName="chk-fits")
    check("sagemaker: UpdateEndpoint switches the config", up["EndpointConfigName"] == "chk-one"
          and up["ProductionVariants"][0]["CurrentInstanceCount"] == 1, up)
    expect_error("sagemaker: UpdateEndpoint unknown endpoint", "ValidationException", sm.update_endpoint,
                 EndpointName="nope", EndpointConfigName="chk-one")


def _all_quotas(sq, service, **kw):
    out, token, pages = [], None, 0
    while True:
        page = sq.list_service_quotas(ServiceCode=service, **kw, **({"NextToken": token} if token else {}))
        out += page["Quotas"]
        pages += 1
        token = page.get("NextToken")
        if not token:
            return out, pages


def check_quotas(w: World) -> None:
    sq = w.client("service-quotas")
    first = sq.list_service_quotas(ServiceCode="sagemaker")
    check("quotas: ListServiceQuotas default page is 100 with NextToken",
          len(first["Quotas"]) == 100 and first.get("NextToken"), len(first["Quotas"]))
    sm_q, pages = _all_quotas(sq, "sagemaker")
    names = {q["QuotaName"]: q for q in sm_q}
    check("quotas: > 250 sagemaker quotas over several pages", len(sm_q) > 250 and pages >= 3, (len(sm_q), pages))
    want = [f"ml.g5.{s} for endpoint usage" for s in ("xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge",
                                                      "16xlarge", "24xlarge", "48xlarge")]
    want += [f"ml.g4dn.{s} for endpoint usage" for s in ("xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge")]
    check("quotas: every ml.g5/ml.g4dn endpoint quota present", all(n in names for n in want),
          [n for n in want if n not in names])
    check("quotas: no ml.g6/ml.g6e/ml.p5/ml.p4d quotas", not any(
        n.startswith(("ml.g6.", "ml.g6e.", "ml.p5.", "ml.p4d.")) for n in names))
    q = names["ml.g5.2xlarge for endpoint usage"]
    check("quotas: real code, fixture value, China ARN, shape", q["QuotaCode"] == "L-9614C779" and q["Value"] == 4.0
          and q["QuotaArn"] == "arn:aws-cn:servicequotas:cn-northwest-1:123456789012:sagemaker/L-9614C779"
          and q["Unit"] == "None" and q["Adjustable"] is True and q["GlobalQuota"] is False
          and q["ServiceName"] == "Amazon SageMaker", q)
    check("quotas: default ml.g5.48xlarge endpoint value 0", names["ml.g5.48xlarge for endpoint usage"]["Value"] == 0.0)
    check("quotas: other realistic sagemaker quotas", all(n in names for n in (
        "ml.m5.large for training job usage", "ml.g5.xlarge for processing job usage", "Maximum number of endpoints")))
    ec2_q, _ = _all_quotas(sq, "ec2")
    e = {q["QuotaCode"]: q for q in ec2_q}
    check("quotas: ec2 G and VT L-DB2E81BA = 64 with usage metric",
          e.get("L-DB2E81BA", {}).get("QuotaName") == "Running On-Demand G and VT instances"
          and e["L-DB2E81BA"]["Value"] == 64.0 and e["L-DB2E81BA"]["UsageMetric"]["MetricDimensions"]["Class"] == "G/OnDemand",
          e.get("L-DB2E81BA"))
    check("quotas: ec2 spot and standard codes", {"L-3819A6DF", "L-1216C47A", "L-417A185B", "L-1945791B"} <= set(e))
    small, _ = _all_quotas(sq, "ec2", MaxResults=5)
    check("quotas: MaxResults=5 pagination adds up", small == ec2_q, (len(small), len(ec2_q)))
    n_q = {q["QuotaName"]: q for q in _all_quotas(w.client("service-quotas", N), "sagemaker")[0]}
    check("quotas: per-region values (cn-north-1)", n_q["ml.g5.2xlarge for endpoint usage"]["Value"] == 1.0
          and n_q["ml.g4dn.xlarge for endpoint usage"]["QuotaArn"].startswith("arn:aws-cn:servicequotas:cn-north-1:"))
    got = sq.get_service_quota(ServiceCode="ec2", QuotaCode="L-DB2E81BA")["Quota"]
    check("quotas: GetServiceQuota", got["Value"] == 64.0 and got["QuotaCode"] == "L-DB2E81BA", got)
    d = sq.get_aws_default_service_quota(ServiceCode="ec2", QuotaCode="L-DB2E81BA")["Quota"]
    check("quotas: GetAWSDefaultServiceQuota (default 0)", d["Value"] == 0.0, d)
    expect_error("quotas: GetServiceQuota unknown code", "NoSuchResourceException", sq.get_service_quota,
                 ServiceCode="sagemaker", QuotaCode="L-00000000")
    expect_error("quotas: unknown service code", "NoSuchResourceException", sq.list_service_quotas, ServiceCode="nosuch")
    expect_error("quotas: MaxResults 101", "ValidationException", sq.list_service_quotas, ServiceCode="ec2", MaxResults=101)
    expect_error("quotas: bad NextToken", "InvalidPaginationTokenException", sq.list_service_quotas,
                 ServiceCode="ec2", NextToken="QUJD")
    svc = [s["ServiceCode"] for s in sq.list_services()["Services"]]
    check("quotas: ListServices", svc == ["ec2", "sagemaker", "vpc"], svc)

    req = sq.request_service_quota_increase(ServiceCode="sagemaker", QuotaCode="L-1928E07B", DesiredValue=8)["RequestedQuota"]
    check("quotas: RequestServiceQuotaIncrease shape",
          req["Status"] == "PENDING" and req["CaseId"] == "" and req["DesiredValue"] == 8.0
          and req["QuotaName"] == "ml.g5.xlarge for endpoint usage" and req["ServiceName"] == "Amazon SageMaker"
          and isinstance(req["Created"], dt.datetime) and req["QuotaArn"].endswith("sagemaker/L-1928E07B")
          and req["Unit"] == "None" and req["GlobalQuota"] is False and len(req["Id"]) == 40
          and json.loads(req["Requester"])["accountId"] == "123456789012", req)
    expect_error("quotas: second open request -> ResourceAlreadyExists", "ResourceAlreadyExistsException",
                 sq.request_service_quota_increase, ServiceCode="sagemaker", QuotaCode="L-1928E07B", DesiredValue=9)
    expect_error("quotas: fixture PENDING request blocks ml.g5.12xlarge", "ResourceAlreadyExistsException",
                 sq.request_service_quota_increase, ServiceCode="sagemaker", QuotaCode="L-65C4BD00", DesiredValue=8)
    expect_error("quotas: DesiredValue <= current -> IllegalArgument", "IllegalArgumentException",
                 sq.request_service_quota_increase, ServiceCode="sagemaker", QuotaCode="L-9614C779", DesiredValue=4)
    expect_error("quotas: increase for unknown code", "NoSuchResourceException",
                 sq.request_service_quota_increase, ServiceCode="sagemaker", QuotaCode="L-00000000", DesiredValue=4)
    hist = sq.list_requested_service_quota_change_history(ServiceCode="sagemaker")["RequestedQuotas"]
    check("quotas: change history newest first (new, fixture PENDING, fixture APPROVED)",
          [h["QuotaCode"] for h in hist] == ["L-1928E07B", "L-65C4BD00", "L-9614C779"]
          and [h["Status"] for h in hist] == ["PENDING", "PENDING", "APPROVED"], [(h["QuotaCode"], h["Status"]) for h in hist])
    pend = sq.list_requested_service_quota_change_history(Status="PENDING")["RequestedQuotas"]
    check("quotas: history Status filter (all services)", len(pend) == 2 and all(h["Status"] == "PENDING" for h in pend), pend)
    one = sq.list_requested_service_quota_change_history(MaxResults=1)
    two = sq.list_requested_service_quota_change_history(MaxResults=1, NextToken=one["NextToken"])
    check("quotas: history pagination", len(one["RequestedQuotas"]) == 1 and len(two["RequestedQuotas"]) == 1
          and one["RequestedQuotas"][0]["Id"] != two["RequestedQuotas"][0]["Id"])
    by = sq.list_requested_service_quota_change_history_by_quota(ServiceCode="sagemaker", QuotaCode="L-65C4BD00")
    check("quotas: history by quota", [h["DesiredValue"] for h in by["RequestedQuotas"]] == [4.0], by)
    got = sq.get_requested_service_quota_change(RequestId=req["Id"])["RequestedQuota"]
    check("quotas: GetRequestedServiceQuotaChange", got["Id"] == req["Id"], got)
    ctl = w.post("moto", f"/gpuplan-world/quota-requests/{req['Id']}", {"status": "APPROVED"})
    after = sq.get_service_quota(ServiceCode="sagemaker", QuotaCode="L-1928E07B")["Quota"]["Value"]
    check("quotas: control approve raises the quota", ctl["Status"] == "APPROVED" and after == 8.0, (ctl, after))
    again = sq.request_service_quota_increase(ServiceCode="sagemaker", QuotaCode="L-1928E07B", DesiredValue=10)
    check("quotas: a new request is allowed once the last is closed", again["RequestedQuota"]["Status"] == "PENDING")


def check_autoscaling(w: World) -> None:
    aas = w.client("application-autoscaling")
    rid = "endpoint/other-team-caption/variant/AllTraffic"
    aas.register_scalable_target(ServiceNamespace="sagemaker", ResourceId=rid,
                                 ScalableDimension="sagemaker:variant:DesiredInstanceCount", MinCapacity=0, MaxCapacity=2)
    got = aas.describe_scalable_targets(ServiceNamespace="sagemaker")["ScalableTargets"]
    check("application-autoscaling answers", [t["ResourceId"] for t in got] == [rid], got)


def check_ssm(w: World) -> None:
    ssm = w.client("ssm")
    ids, token = [], None
    while True:
        r = ssm.get_parameters_by_path(Path="/aws/service/global-infrastructure/regions/cn-northwest-1/services",
                                       **({"NextToken": token} if token else {}))
        ids += [p["Value"] for p in r["Parameters"]]
        token = r.get("NextToken")
        if not token:
            break
    check("ssm: China services via public parameters", "sagemaker" in ids and "bedrock" not in ids and len(ids) > 100,
          len(ids))


def check_pricing(w: World) -> None:
    pr = w.client("pricing")
    svcs = pr.describe_services()["Services"]
    check("pricing: DescribeServices", sorted(s["ServiceCode"] for s in svcs) == ["AmazonEC2", "AmazonSageMaker"]
          and "instanceType" in next(s for s in svcs if s["ServiceCode"] == "AmazonEC2")["AttributeNames"], svcs)
    f = [{"Type": "TERM_MATCH", "Field": "instanceType", "Value": "g5.2xlarge"},
         {"Type": "TERM_MATCH", "Field": "regionCode", "Value": NW}]
    r = pr.get_products(ServiceCode="AmazonEC2", Filters=f, FormatVersion="aws_v1")
    check("pricing: PriceList items are JSON strings", r["FormatVersion"] == "aws_v1" and r["PriceList"]
          and all(isinstance(x, str) for x in r["PriceList"]), type(r["PriceList"][0]))
    docs = [json.loads(x) for x in r["PriceList"]]
    check("pricing: several variants per type to filter (7)", len(docs) == 7, len(docs))
    a = docs[0]["product"]["attributes"]
    check("pricing: China attributes", a["location"] == "China (Ningxia)" and a["usagetype"].startswith("CNW1-")
          and a["instanceFamily"] == "GPU instance", a)
    lin = [d for d in docs if d["product"]["attributes"]["operatingSystem"] == "Linux"
           and d["product"]["attributes"]["tenancy"] == "Shared" and d["product"]["attributes"]["preInstalledSw"] == "NA"
           and d["product"]["attributes"]["capacitystatus"] == "Used"]
    dim = next(iter(next(iter(lin[0]["terms"]["OnDemand"].values()))["priceDimensions"].values()))
    check("pricing: one Linux/Shared/NA/Used, priced in CNY, OnDemand only", len(lin) == 1
          and list(dim["pricePerUnit"]) == ["CNY"] and dim["unit"] == "Hrs"
          and list(lin[0]["terms"]) == ["OnDemand"] and lin[0]["product"]["attributes"]["usagetype"] == "CNW1-BoxUsage:g5.2xlarge",
          dim)
    bj = pr.get_products(ServiceCode="AmazonEC2", Filters=[
        {"Type": "TERM_MATCH", "Field": "instanceType", "Value": "g5.xlarge"},
        {"Type": "TERM_MATCH", "Field": "location", "Value": "China (Beijing)"},
        {"Type": "TERM_MATCH", "Field": "operatingSystem", "Value": "Linux"},
        {"Type": "TERM_MATCH", "Field": "tenancy", "Value": "Shared"},
        {"Type": "TERM_MATCH", "Field": "preInstalledSw", "Value": "NA"},
        {"Type": "TERM_MATCH", "Field": "capacitystatus", "Value": "Used"}])["PriceList"]
    price = json.loads(bj[0])["terms"]["OnDemand"].popitem()[1]["priceDimensions"].popitem()[1]["pricePerUnit"]["CNY"]
    check("pricing: cn-north-1 g5.xlarge = the reference 9.51389 CNY/h", len(bj) == 1 and float(price) == 9.51389, price)
    sm = pr.get_products(ServiceCode="AmazonSageMaker", Filters=[
        {"Type": "TERM_MATCH", "Field": "instanceName", "Value": "ml.g5.2xlarge"},
        {"Type": "TERM_MATCH", "Field": "component", "Value": "Hosting"},
        {"Type": "TERM_MATCH", "Field": "regionCode", "Value": N}])["PriceList"]
    sd = json.loads(sm[0])
    check("pricing: SageMaker hosting product", len(sm) == 1 and sd["product"]["productFamily"] == "ML Instance"
          and sd["product"]["attributes"]["usagetype"] == "CNN1-Host:ml.g5.2xlarge"
          and sd["product"]["attributes"]["instanceType"] == "ml.g5.2xlarge-Hosting", sd["product"])
    comps = {json.loads(x)["product"]["attributes"]["component"] for x in pr.get_products(
        ServiceCode="AmazonSageMaker", Filters=[{"Type": "TERM_MATCH", "Field": "instanceName", "Value": "ml.g5.2xlarge"},
                                                {"Type": "TERM_MATCH", "Field": "regionCode", "Value": N}])["PriceList"]}
    check("pricing: other SageMaker components to filter out", comps == {"Hosting", "Training", "Processing", "Notebook",
                                                                         "AsyncInf"}, comps)
    everything, token, pages = [], None, 0
    while True:
        p = pr.get_products(ServiceCode="AmazonEC2", MaxResults=50, **({"NextToken": token} if token else {}))
        everything += p["PriceList"]
        pages += 1
        token = p.get("NextToken")
        if not token:
            break
    one = pr.get_products(ServiceCode="AmazonEC2")
    check("pricing: default MaxResults 100 and pagination", len(one["PriceList"]) == 100 and one.get("NextToken")
          and len(everything) == len(set(everything)) == 206 and pages == 5, (len(everything), pages))
    via = [x for pg in pr.get_paginator("get_products").paginate(
        ServiceCode="AmazonSageMaker", Filters=[{"Type": "TERM_MATCH", "Field": "component", "Value": "Hosting"}])
        for x in pg["PriceList"]]
    check("pricing: boto3 paginator, Hosting products", len(via) == 2 * 18 + 2, len(via))
    noncpu = pr.get_products(ServiceCode="AmazonEC2", Filters=[
        {"Type": "TERM_MATCH", "Field": "productFamily", "Value": "Storage"}])["PriceList"]
    check("pricing: productFamily filter (EBS decoys)", len(noncpu) == 2, len(noncpu))
    vals = [v["Value"] for v in pr.get_attribute_values(ServiceCode="AmazonEC2", AttributeName="operatingSystem")["AttributeValues"]]
    check("pricing: GetAttributeValues", vals == ["Linux", "RHEL", "Windows"], vals)
    expect_error("pricing: unknown service code", "NotFoundException", pr.get_products, ServiceCode="AmazonNope")
    expect_error("pricing: bad NextToken", "InvalidNextTokenException", pr.get_products, ServiceCode="AmazonEC2",
                 NextToken="bm9wZQ==")
    expect_error("pricing: bad filter type", "InvalidParameterException", pr.get_products, ServiceCode="AmazonEC2",
                 Filters=[{"Type": "FUZZY", "Field": "instanceType", "Value": "g5.xlarge"}])


# ---------------------------------------------------------------------------------------------
# gpuplan apply: SageMaker, Application Auto Scaling, CloudWatch, failures, pending polls

ROLE = "arn:aws-cn:iam::123456789012:role/service-role/SageMakerExecutionRole"
ARN_PREFIX = "arn:aws-cn:sagemaker:cn-northwest-1:123456789012:"
NS, DIM = "sagemaker", "sagemaker:variant:DesiredInstanceCount"


def expect_error_msg(name: str, code: str, contains: str, fn, *args, **kwargs) -> ClientError | None:
    """Like expect_error, and the message must contain `contains`."""
    try:
        fn(*args, **kwargs)
    except ClientError as e:
        got = e.response["Error"]["Code"]
        status = e.response["ResponseMetadata"]["HTTPStatusCode"]
        msg = e.response["Error"].get("Message", "")
        check(name, got == code and status == 400 and contains in msg, f"got {got} HTTP {status}: {msg}")
        return e
    except Exception as e:  # noqa: BLE001
        check(name, False, f"unexpected {type(e).__name__}: {e}")
        return None
    check(name, False, f"no error (expected {code})")
    return None


def _tags(pairs) -> dict:
    return {t["Key"]: t["Value"] for t in pairs}


def _variant(model: str, itype: str, count: int, weight: float = 1.0) -> list[dict]:
    return [{"VariantName": "AllTraffic", "ModelName": model, "InstanceType": itype,
             "InitialInstanceCount": count, "InitialVariantWeight": weight}]


def _all(client, op: str, key: str, **kw) -> tuple[list, int]:
    out, token, pages = [], None, 0
    while True:
        page = getattr(client, op)(**kw, **({"NextToken": token} if token else {}))
        out += page[key]
        pages += 1
        token = page.get("NextToken")
        if not token:
            return out, pages


def cbor_cloudwatch(url: str, region: str = NW):
    """A boto3 CloudWatch client speaking smithy-rpc-v2-cbor only, as the Rust aws-sdk-cloudwatch
    1.x does (botocore itself prefers awsJson1_0 for CloudWatch): the same model with its
    protocols narrowed, loaded from a temporary data path."""
    import tempfile

    import botocore.session

    model = botocore.session.get_session().get_component("data_loader").load_service_model("cloudwatch", "service-2")
    model = json.loads(json.dumps(model))
    model["metadata"]["protocol"] = "smithy-rpc-v2-cbor"
    model["metadata"]["protocols"] = ["smithy-rpc-v2-cbor"]
    root = tempfile.mkdtemp(prefix="gpuplan-cbor-")
    path = Path(root) / "cloudwatch" / model["metadata"]["apiVersion"]
    path.mkdir(parents=True)
    (path / "service-2.json").write_text(json.dumps(model))
    session = botocore.session.get_session()
    session.get_component("data_loader").search_paths.insert(0, root)
    return boto3.Session(botocore_session=session).client(
        "cloudwatch", region_name=region, endpoint_url=url,
        config=Config(retries={"total_max_attempts": 1, "mode": "standard"}, parameter_validation=False))


def check_sagemaker_apply(w: World) -> None:
    sm = w.client("sagemaker")
    tags = [{"Key": "gpuplan:plan", "Value": "demo"}, {"Key": "team", "Value": "ml"}]
    m_arn = sm.create_model(ModelName="demo-model", ExecutionRoleArn=ROLE, PrimaryContainer={"Image": "img:1"},
                            Tags=tags)["ModelArn"]
    check("apply: CreateModel ARN arn:aws-cn:...:model/demo-model", m_arn == ARN_PREFIX + "model/demo-model", m_arn)
    expect_error_msg("apply: CreateModel existing name refused (AWS wording)", "ValidationException",
                     f'Cannot create already existing model "{ARN_PREFIX}model/demo-model".', sm.create_model,
                     ModelName="demo-model", ExecutionRoleArn=ROLE, PrimaryContainer={"Image": "img:2"})
    dm = sm.describe_model(ModelName="demo-model")
    check("apply: DescribeModel after a refused duplicate keeps the first (image, tags)",
          dm["PrimaryContainer"]["Image"] == "img:1" and _tags(sm.list_tags(ResourceArn=m_arn)["Tags"]) == _tags(tags),
          dm)
    expect_error_msg("apply: DescribeModel missing", "ValidationException",
                     f'Could not find model "{ARN_PREFIX}model/nope".', sm.describe_model, ModelName="nope")
    c1 = sm.create_endpoint_config(EndpointConfigName="demo-config-1", ProductionVariants=_variant(
        "demo-model", "ml.m5.large", 1, 0.8), Tags=tags)["EndpointConfigArn"]
    c2 = sm.create_endpoint_config(EndpointConfigName="demo-config-2", ProductionVariants=_variant(
        "demo-model", "ml.m5.xlarge", 2, 0.5), Tags=tags,
        AsyncInferenceConfig={"OutputConfig": {"S3OutputPath": "s3://demo-out/"}})["EndpointConfigArn"]
    expect_error_msg("apply: CreateEndpointConfig with a missing model", "ValidationException",
                     f'Could not find model "{ARN_PREFIX}model/ghost".', sm.create_endpoint_config,
                     EndpointConfigName="demo-ghost", ProductionVariants=_variant("ghost", "ml.g5.xlarge", 1))
    d2 = sm.describe_endpoint_config(EndpointConfigName="demo-config-2")
    check("apply: DescribeEndpointConfig async config and variant", d2.get("AsyncInferenceConfig", {}).get(
        "OutputConfig", {}).get("S3OutputPath") == "s3://demo-out/" and d2["ProductionVariants"][0]["InstanceType"]
        == "ml.m5.xlarge" and c2 == ARN_PREFIX + "endpoint-config/demo-config-2", d2)
    e_arn = sm.create_endpoint(EndpointName="demo", EndpointConfigName="demo-config-1", Tags=tags)["EndpointArn"]
    check("apply: CreateEndpoint ARN arn:aws-cn:sagemaker:cn-northwest-1:123456789012:endpoint/demo",
          e_arn == ARN_PREFIX + "endpoint/demo", e_arn)
    for other in ("demo", "DEMO"):
        expect_error_msg(f"apply: CreateEndpoint existing name {other!r} refused (names are case-insensitive)",
                         "ValidationException", "Cannot create already existing endpoint", sm.create_endpoint,
                         EndpointName=other, EndpointConfigName="demo-config-2")
    expect_error_msg("apply: CreateEndpoint with a missing config", "ValidationException",
                     f'Could not find endpoint configuration "{ARN_PREFIX}endpoint-config/nope".',
                     sm.create_endpoint, EndpointName="demo-x", EndpointConfigName="nope")
    ep = sm.describe_endpoint(EndpointName="demo")
    v = ep["ProductionVariants"][0]
    check("apply: DescribeEndpoint InService, counts from the config", ep["EndpointStatus"] == "InService"
          and v["CurrentInstanceCount"] == v["DesiredInstanceCount"] == 1 and v["CurrentWeight"] == 0.8, ep)

    # Tags round trip through the ARNs the list calls return.
    listed = {
        "model": [m["ModelArn"] for m in sm.list_models(NameContains="demo")["Models"]],
        "config": [c["EndpointConfigArn"] for c in sm.list_endpoint_configs(NameContains="demo")["EndpointConfigs"]],
        "endpoint": [e["EndpointArn"] for e in sm.list_endpoints(NameContains="demo")["Endpoints"]],
    }
    check("apply: List* NameContains=demo", listed == {"model": [m_arn], "config": [c2, c1], "endpoint": [e_arn]},
          listed)
    round_trip = {k: [_tags(sm.list_tags(ResourceArn=a)["Tags"]) for a in arns] for k, arns in listed.items()}
    check("apply: ListTags on every listed ARN gives the creation tags",
          all(t == _tags(tags) for ts in round_trip.values() for t in ts), round_trip)
    sm.create_model(ModelName="Demo-Mixed-Case", ExecutionRoleArn=ROLE, PrimaryContainer={"Image": "i"},
                    Tags=[{"Key": "k", "Value": "v"}])
    mixed = sm.describe_model(ModelName="Demo-Mixed-Case")["ModelArn"]
    check("apply: ARNs keep the name's case (AWS lowercases some); ListTags accepts the lowercased ARN too",
          mixed.endswith("model/Demo-Mixed-Case") and _tags(sm.list_tags(ResourceArn=mixed.lower())["Tags"]) == {"k": "v"},
          mixed)
    sm.delete_model(ModelName="Demo-Mixed-Case")
    expect_error("apply: ListTags of an unknown ARN is a ValidationException (moto: HTTP 500)", "ValidationException",
                 sm.list_tags, ResourceArn=ARN_PREFIX + "endpoint/nope")

    # Pagination: default page 10, newest first, NameContains.
    for i in range(12):
        sm.create_model(ModelName=f"pg-model-{i:02d}", ExecutionRoleArn=ROLE, PrimaryContainer={"Image": "i"})
    first = sm.list_models(NameContains="pg-model")
    allm, pages = _all(sm, "list_models", "Models", NameContains="pg-model", MaxResults=5)
    check("apply: ListModels default page 10, newest first, NextToken", len(first["Models"]) == 10
          and first.get("NextToken") and first["Models"][0]["ModelName"] == "pg-model-11", first["Models"][:2])
    check("apply: ListModels MaxResults=5 pages add up (12 in 3 pages)",
          sorted(m["ModelName"] for m in allm) == [f"pg-model-{i:02d}" for i in range(12)] and pages == 3, pages)
    asc = sm.list_models(NameContains="pg-model", SortBy="Name", SortOrder="Ascending", MaxResults=2)["Models"]
    check("apply: ListModels SortBy=Name Ascending", [m["ModelName"] for m in asc] == ["pg-model-00", "pg-model-01"], asc)
    via = [m for p in sm.get_paginator("list_models").paginate(NameContains="pg-model", PaginationConfig={"PageSize": 4})
           for m in p["Models"]]
    check("apply: ListModels boto3 paginator", len(via) == 12, len(via))
    expect_error("apply: ListModels MaxResults=101 rejected", "ValidationException",
                 w.client("sagemaker", validate=False).list_models, MaxResults=101)
    for i in range(12):
        sm.delete_model(ModelName=f"pg-model-{i:02d}")
    for i in range(3):
        sm.create_endpoint_config(EndpointConfigName=f"pg-config-{i}", ProductionVariants=_variant(
            "demo-model", "ml.m5.large", 1))
    cfgs, pages = _all(sm, "list_endpoint_configs", "EndpointConfigs", NameContains="pg-config", MaxResults=2)
    check("apply: ListEndpointConfigs NameContains + MaxResults=2", [c["EndpointConfigName"] for c in cfgs]
          == ["pg-config-2", "pg-config-1", "pg-config-0"] and pages == 2, cfgs)
    eps, pages = _all(sm, "list_endpoints", "Endpoints", MaxResults=1)
    n = len(sm.list_endpoints(MaxResults=100)["Endpoints"])
    check("apply: ListEndpoints MaxResults=1 pages through all", len(eps) == pages == n >= 3, (len(eps), pages, n))
    for i in range(3):
        sm.delete_endpoint_config(EndpointConfigName=f"pg-config-{i}")

    # UpdateEndpoint, RetainAllVariantProperties. demo: config 1 (ml.m5.large x1, weight 0.8).
    sm.create_endpoint_config(EndpointConfigName="demo-config-4", ProductionVariants=_variant(
        "demo-model", "ml.m5.large", 1, 0.3))
    sm.update_endpoint_weights_and_capacities(EndpointName="demo", DesiredWeightsAndCapacities=[
        {"VariantName": "AllTraffic", "DesiredInstanceCount": 3}])
    scaled = sm.describe_endpoint(EndpointName="demo")["ProductionVariants"][0]
    check("apply: UpdateEndpointWeightsAndCapacities sets the count, keeps the weight (moto nulled it)",
          scaled["DesiredInstanceCount"] == scaled["CurrentInstanceCount"] == 3 and scaled["DesiredWeight"] == 0.8, scaled)
    before = sm.describe_endpoint(EndpointName="demo")
    time.sleep(0.01)
    sm.update_endpoint(EndpointName="demo", EndpointConfigName="demo-config-2", RetainAllVariantProperties=True)
    kept = sm.describe_endpoint(EndpointName="demo")
    kv = kept["ProductionVariants"][0]
    check("apply: UpdateEndpoint Retain=true: new config, counts and weight kept (3, 0.8; the config says 2, 0.5)",
          kept["EndpointConfigName"] == "demo-config-2" and kv["CurrentInstanceCount"] == kv["DesiredInstanceCount"] == 3
          and kv["CurrentWeight"] == kv["DesiredWeight"] == 0.8 and kept["LastModifiedTime"] > before["LastModifiedTime"],
          kept)
    sm.update_endpoint(EndpointName="demo", EndpointConfigName="demo-config-4", RetainAllVariantProperties=True,
                       ExcludeRetainedVariantProperties=[{"VariantPropertyType": "DesiredWeight"}])
    ex = sm.describe_endpoint(EndpointName="demo")["ProductionVariants"][0]
    check("apply: UpdateEndpoint Retain=true, ExcludeRetainedVariantProperties=DesiredWeight: count 3 kept, weight 0.3",
          ex["DesiredInstanceCount"] == 3 and ex["DesiredWeight"] == 0.3, ex)
    sm.update_endpoint(EndpointName="demo", EndpointConfigName="demo-config-2")
    new = sm.describe_endpoint(EndpointName="demo")
    nv = new["ProductionVariants"][0]
    check("apply: UpdateEndpoint Retain=false (the default): counts and weight from the new config (2, 0.5)",
          new["EndpointConfigName"] == "demo-config-2" and nv["CurrentInstanceCount"] == nv["DesiredInstanceCount"] == 2
          and nv["DesiredWeight"] == 0.5, new)
    sm.update_endpoint(EndpointName="demo", EndpointConfigName="demo-config-1", RetainAllVariantProperties=False)
    back = sm.describe_endpoint(EndpointName="demo")["ProductionVariants"][0]
    check("apply: UpdateEndpoint Retain=false back to config 1 (1, 0.8)", back["DesiredInstanceCount"] == 1
          and back["DesiredWeight"] == 0.8, back)
    expect_error_msg("apply: UpdateEndpoint to a missing config", "ValidationException",
                     f'Could not find endpoint configuration "{ARN_PREFIX}endpoint-config/nope".',
                     sm.update_endpoint, EndpointName="demo", EndpointConfigName="nope")
    expect_error_msg("apply: UpdateEndpoint of a missing endpoint", "ValidationException",
                     f'Could not find endpoint "{ARN_PREFIX}endpoint/nope".', sm.update_endpoint,
                     EndpointName="nope", EndpointConfigName="demo-config-1")
    sm.create_endpoint_config(EndpointConfigName="demo-config-3", ProductionVariants=_variant(
        "demo-model", "ml.g5.8xlarge", 1))
    expect_error("apply: UpdateEndpoint over quota (ml.g5.8xlarge quota 0)", "ResourceLimitExceeded",
                 sm.update_endpoint, EndpointName="demo", EndpointConfigName="demo-config-3")

    # Deleting.
    sm.delete_endpoint(EndpointName="demo")
    expect_error_msg("apply: DescribeEndpoint after DeleteEndpoint: gone at once", "ValidationException",
                     f'Could not find endpoint "{ARN_PREFIX}endpoint/demo".', sm.describe_endpoint, EndpointName="demo")
    expect_error_msg("apply: DeleteEndpoint missing", "ValidationException", "Could not find endpoint",
                     sm.delete_endpoint, EndpointName="demo")
    for name in ("demo-config-1", "demo-config-2", "demo-config-3", "demo-config-4"):
        sm.delete_endpoint_config(EndpointConfigName=name)
    sm.delete_model(ModelName="demo-model")
    expect_error_msg("apply: DeleteEndpointConfig missing (AWS wording)", "ValidationException",
                     f'Could not find endpoint configuration "{ARN_PREFIX}endpoint-config/demo-config-1".',
                     sm.delete_endpoint_config, EndpointConfigName="demo-config-1")
    expect_error_msg("apply: DeleteModel missing (AWS wording)", "ValidationException",
                     f'Could not find model "{ARN_PREFIX}model/demo-model".', sm.delete_model, ModelName="demo-model")
    left = [m["ModelName"] for m in sm.list_models(NameContains="demo")["Models"]]
    check("apply: nothing of the plan is left", left == [] and sm.list_endpoints(NameContains="demo")["Endpoints"] == [],
          left)


def _fresh_endpoint(sm, name: str, count: int = 1) -> None:
    sm.create_model(ModelName=f"{name}-model", ExecutionRoleArn=ROLE, PrimaryContainer={"Image": "i"})
    sm.create_endpoint_config(EndpointConfigName=f"{name}-config", ProductionVariants=_variant(
        f"{name}-model", "ml.m5.large", count))
    sm.create_endpoint(EndpointName=name, EndpointConfigName=f"{name}-config")


def check_autoscaling_apply(w: World) -> None:
    aas, sm, cw = w.client("application-autoscaling"), w.client("sagemaker"), w.client("cloudwatch")
    _fresh_endpoint(sm, "scale")
    rid = "endpoint/scale/variant/AllTraffic"
    k = {"ServiceNamespace": NS, "ResourceId": rid, "ScalableDimension": DIM}
    tt = {"TargetValue": 5.0, "ScaleInCooldown": 300, "ScaleOutCooldown": 60,
          "PredefinedMetricSpecification": {"PredefinedMetricType": "SageMakerVariantInvocationsPerInstance"}}
    expect_error_msg("aas: PutScalingPolicy before RegisterScalableTarget (AWS: ObjectNotFoundException)",
                     "ObjectNotFoundException", "No scalable target registered for service namespace: sagemaker",
                     aas.put_scaling_policy, PolicyName="early", PolicyType="TargetTrackingScaling",
                     TargetTrackingScalingPolicyConfiguration=tt, **k)
    t_arn = aas.register_scalable_target(MinCapacity=1, MaxCapacity=2, Tags={"gpuplan:plan": "scale"}, **k)[
        "ScalableTargetARN"]
    again = aas.register_scalable_target(MinCapacity=0, MaxCapacity=2, Tags={"ignored": "yes"}, **k)["ScalableTargetARN"]
    check("aas: RegisterScalableTarget again updates it (same ARN)", again == t_arn
          and t_arn.startswith("arn:aws-cn:application-autoscaling:cn-northwest-1:123456789012:scalable-target/"), t_arn)
    check("aas: ListTagsForResource gives the tags of creation (not of the update)",
          aas.list_tags_for_resource(ResourceARN=t_arn)["Tags"] == {"gpuplan:plan": "scale"})
    aas.tag_resource(ResourceARN=t_arn, Tags={"extra": "1"})
    aas.untag_resource(ResourceARN=t_arn, TagKeys=["extra"])
    check("aas: TagResource/UntagResource", aas.list_tags_for_resource(ResourceARN=t_arn)["Tags"] == {"gpuplan:plan": "scale"})
    expect_error("aas: ListTagsForResource unknown ARN", "ResourceNotFoundException", aas.list_tags_for_resource,
                 ResourceARN=t_arn + "x")
    tgt = aas.describe_scalable_targets(ServiceNamespace=NS, ResourceIds=[rid])["ScalableTargets"]
    check("aas: DescribeScalableTargets min/max, service-linked RoleARN, SuspendedState",
          len(tgt) == 1 and tgt[0]["MinCapacity"] == 0 and tgt[0]["MaxCapacity"] == 2
          and tgt[0]["RoleARN"].endswith("AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint")
          and tgt[0]["SuspendedState"] == {"DynamicScalingInSuspended": False, "DynamicScalingOutSuspended": False,
                                           "ScheduledScalingSuspended": False}, tgt)
    tt_arn = aas.put_scaling_policy(PolicyName="scale-invocations", PolicyType="TargetTrackingScaling",
                                    TargetTrackingScalingPolicyConfiguration=tt, **k)
    step = {"AdjustmentType": "ChangeInCapacity", "Cooldown": 300, "MetricAggregationType": "Maximum",
            "StepAdjustments": [{"MetricIntervalLowerBound": 0.0, "ScalingAdjustment": 1}]}
    step_arn = aas.put_scaling_policy(PolicyName="scale-backlog", PolicyType="StepScaling",
                                      StepScalingPolicyConfiguration=step, **k)["PolicyARN"]
    tt_alarms = [a["AlarmName"] for a in tt_arn["Alarms"]]
    check("aas: target tracking makes AlarmHigh/AlarmLow (as AWS does for a SageMaker variant)",
          len(tt_alarms) == 2 and all(n.startswith(f"TargetTracking-{rid}-Alarm") for n in tt_alarms), tt_alarms)
    hi = cw.describe_alarms(AlarmNames=[n for n in tt_alarms if "AlarmHigh" in n])["MetricAlarms"]
    check("aas: the AlarmHigh watches InvocationsPerInstance of the variant",
          hi and hi[0]["MetricName"] == "InvocationsPerInstance" and hi[0]["Threshold"] == 5.0 and
          {d["Name"]: d["Value"] for d in hi[0]["Dimensions"]} == {"EndpointName": "scale", "VariantName": "AllTraffic"},
          hi)
    step_again = aas.put_scaling_policy(PolicyName="scale-backlog", PolicyType="StepScaling",
                                        StepScalingPolicyConfiguration=dict(step, Cooldown=120), **k)["PolicyARN"]
    check("aas: PutScalingPolicy on an existing policy keeps its ARN (moto made a new one)", step_again == step_arn,
          (step_arn, step_again))
    tt_again = aas.put_scaling_policy(PolicyName="scale-invocations", PolicyType="TargetTrackingScaling",
                                      TargetTrackingScalingPolicyConfiguration=dict(tt, TargetValue=7.0), **k)
    left = [a["AlarmName"] for a in cw.describe_alarms(AlarmNamePrefix=f"TargetTracking-{rid}")["MetricAlarms"]]
    check("aas: updating a target-tracking policy replaces its alarms (2, not 4)",
          len(left) == 2 and tt_again["PolicyARN"] == tt_arn["PolicyARN"], left)
    pols = aas.describe_scaling_policies(ServiceNamespace=NS, ResourceId=rid)["ScalingPolicies"]
    by_name = {p["PolicyName"]: p for p in pols}
    check("aas: DescribeScalingPolicies both, configs as given",
          set(by_name) == {"scale-invocations", "scale-backlog"}
          and by_name["scale-backlog"]["StepScalingPolicyConfiguration"]["Cooldown"] == 120
          and by_name["scale-invocations"]["TargetTrackingScalingPolicyConfiguration"]["TargetValue"] == 7.0, pols)
    only = aas.describe_scaling_policies(ServiceNamespace=NS, ResourceId=rid, PolicyNames=["scale-backlog"])
    check("aas: DescribeScalingPolicies PolicyNames filter (moto ignored it)",
          [p["PolicyName"] for p in only["ScalingPolicies"]] == ["scale-backlog"], only["ScalingPolicies"])
    aas.put_scheduled_action(ScheduledActionName="scale-night", Schedule="cron(0 22 * * ? *)", Timezone="Asia/Shanghai",
                             ScalableTargetAction={"MinCapacity": 0, "MaxCapacity": 0}, **k)
    aas.put_scheduled_action(ScheduledActionName="scale-morning", Schedule="cron(0 8 ? * MON-FRI *)",
                             Timezone="Asia/Shanghai", ScalableTargetAction={"MinCapacity": 1, "MaxCapacity": 2}, **k)
    acts, pages = _all(aas, "describe_scheduled_actions", "ScheduledActions", ServiceNamespace=NS, ResourceId=rid,
                       MaxResults=1)
    night = next((a for a in acts if a["ScheduledActionName"] == "scale-night"), {})
    check("aas: DescribeScheduledActions pages (MaxResults=1: 2 pages), cron, Timezone, min/max",
          pages == 2 and len(acts) == 2 and night.get("Schedule") == "cron(0 22 * * ? *)"
          and night.get("Timezone") == "Asia/Shanghai" and night.get("ScalableTargetAction") == {
              "MinCapacity": 0, "MaxCapacity": 0}, acts)
    expect_error_msg("aas: PutScheduledAction without a target", "ObjectNotFoundException",
                     "No scalable target registered", aas.put_scheduled_action, ScheduledActionName="x",
                     Schedule="cron(0 1 * * ? *)", ScalableTargetAction={"MinCapacity": 0, "MaxCapacity": 0},
                     ServiceNamespace=NS, ResourceId="endpoint/ghost/variant/AllTraffic", ScalableDimension=DIM)
    expect_error("aas: DeleteScheduledAction of a missing action (moto: success)", "ObjectNotFoundException",
                 aas.delete_scheduled_action, ScheduledActionName="nope", **k)
    aas.delete_scheduled_action(ScheduledActionName="scale-morning", **k)
    expect_error("aas: DeleteScalingPolicy missing (AWS: ObjectNotFoundException)", "ObjectNotFoundException",
                 aas.delete_scaling_policy, PolicyName="nope", **k)

    # The backlog alarm, as gpuplan creates it.
    cw.put_metric_alarm(AlarmName="scale-backlog", Namespace="AWS/SageMaker", MetricName="HasBacklogWithoutCapacity",
                        Dimensions=[{"Name": "EndpointName", "Value": "scale"}], Statistic="Average", Period=60,
                        EvaluationPeriods=2, Threshold=1.0, ComparisonOperator="GreaterThanOrEqualToThreshold",
                        TreatMissingData="missing", AlarmActions=[step_arn],
                        Tags=[{"Key": "gpuplan:plan", "Value": "scale"}])
    got = cw.describe_alarms(AlarmNamePrefix="scale-")["MetricAlarms"]
    check("cloudwatch: PutMetricAlarm / DescribeAlarms AlarmNamePrefix", [a["AlarmName"] for a in got] == ["scale-backlog"]
          and got[0]["AlarmActions"] == [step_arn] and got[0]["Dimensions"] == [{"Name": "EndpointName", "Value": "scale"}]
          and got[0]["Namespace"] == "AWS/SageMaker" and got[0]["AlarmArn"] ==
          "arn:aws-cn:cloudwatch:cn-northwest-1:123456789012:alarm:scale-backlog", got)
    alarm_arn = got[0]["AlarmArn"]
    check("cloudwatch: alarm tags", _tags(cw.list_tags_for_resource(ResourceARN=alarm_arn)["Tags"])
          == {"gpuplan:plan": "scale"})
    cw.put_metric_alarm(AlarmName="scale-backlog", Namespace="AWS/SageMaker", MetricName="HasBacklogWithoutCapacity",
                        Dimensions=[{"Name": "EndpointName", "Value": "scale"}], Statistic="Average", Period=60,
                        EvaluationPeriods=3, Threshold=1.0, ComparisonOperator="GreaterThanOrEqualToThreshold",
                        AlarmActions=[step_arn], Tags=[{"Key": "other", "Value": "x"}])
    check("cloudwatch: PutMetricAlarm on an existing alarm updates it and ignores Tags (as AWS documents)",
          cw.describe_alarms(AlarmNames=["scale-backlog"])["MetricAlarms"][0]["EvaluationPeriods"] == 3
          and _tags(cw.list_tags_for_resource(ResourceARN=alarm_arn)["Tags"]) == {"gpuplan:plan": "scale"})
    every = cw.describe_alarms()["MetricAlarms"]
    paged, pages = _all(cw, "describe_alarms", "MetricAlarms", MaxRecords=1)
    check("cloudwatch: DescribeAlarms MaxRecords/NextToken (3 alarms in 3 pages), sorted by name",
          [a["AlarmName"] for a in paged] == sorted(a["AlarmName"] for a in every) and pages == 3, pages)

    # Deregistering takes the target's policies and scheduled actions with it.
    aas.deregister_scalable_target(**k)
    pol_left = aas.describe_scaling_policies(ServiceNamespace=NS, ResourceId=rid)["ScalingPolicies"]
    act_left = aas.describe_scheduled_actions(ServiceNamespace=NS, ResourceId=rid)["ScheduledActions"]
    check("aas: DeregisterScalableTarget deletes its scaling policies and scheduled actions",
          pol_left == [] and act_left == [], (pol_left, act_left))
    after = {a["AlarmName"]: a for a in cw.describe_alarms()["MetricAlarms"]}
    check("aas: ... the target-tracking alarms go; the backlog alarm stays, without the step policy action",
          list(after) == ["scale-backlog"] and after["scale-backlog"]["AlarmActions"] == [], list(after))
    expect_error_msg("aas: DeregisterScalableTarget again (AWS: ObjectNotFoundException)", "ObjectNotFoundException",
                     "No scalable target found for service namespace: sagemaker", aas.deregister_scalable_target, **k)
    cw.delete_alarms(AlarmNames=["scale-backlog"])
    cw.delete_alarms(AlarmNames=["scale-backlog"])  # a missing name is no error, as on AWS
    cw.put_metric_alarm(AlarmName="scale-backlog", Namespace="AWS/SageMaker", MetricName="HasBacklogWithoutCapacity",
                        Statistic="Average", Period=60, EvaluationPeriods=2, Threshold=1.0,
                        ComparisonOperator="GreaterThanOrEqualToThreshold")
    check("cloudwatch: DeleteAlarms drops the tags too (moto kept them for the next alarm of that name)",
          cw.list_tags_for_resource(ResourceARN=alarm_arn)["Tags"] == [])
    cw.delete_alarms(AlarmNames=["scale-backlog"])
    check("cloudwatch: DeleteAlarms", cw.describe_alarms(AlarmNamePrefix="scale")["MetricAlarms"] == [])

    # DescribeScalableTargets pagination terminates (moto's second NextToken repeated).
    for i in range(3):
        _fresh_endpoint(sm, f"pgs{i}")
        aas.register_scalable_target(ServiceNamespace=NS, ResourceId=f"endpoint/pgs{i}/variant/AllTraffic",
                                     ScalableDimension=DIM, MinCapacity=1, MaxCapacity=1)
    ts, pages = _all(aas, "describe_scalable_targets", "ScalableTargets", ServiceNamespace=NS, MaxResults=1,
                     ResourceIds=[f"endpoint/pgs{i}/variant/AllTraffic" for i in range(3)])
    check("aas: DescribeScalableTargets MaxResults=1: 3 pages, then no NextToken",
          sorted(t["ResourceId"] for t in ts) == [f"endpoint/pgs{i}/variant/AllTraffic" for i in range(3)] and pages == 3,
          (len(ts), pages))
    for i in range(11):
        aas.put_scaling_policy(PolicyName=f"p{i:02d}", PolicyType="StepScaling", StepScalingPolicyConfiguration=step,
                               ServiceNamespace=NS, ResourceId="endpoint/pgs0/variant/AllTraffic", ScalableDimension=DIM)
    one = aas.describe_scaling_policies(ServiceNamespace=NS)
    ps, pages = _all(aas, "describe_scaling_policies", "ScalingPolicies", ServiceNamespace=NS)
    check("aas: DescribeScalingPolicies pages of 10 (AWS's default and maximum)",
          len(one["ScalingPolicies"]) == 10 and one.get("NextToken") and len(ps) == 11 and pages == 2, (len(ps), pages))
    expect_error("aas: DescribeScalingPolicies MaxResults=11 rejected", "ValidationException",
                 aas.describe_scaling_policies, ServiceNamespace=NS, MaxResults=11)
    for i in range(3):
        aas.deregister_scalable_target(ServiceNamespace=NS, ResourceId=f"endpoint/pgs{i}/variant/AllTraffic",
                                       ScalableDimension=DIM)
        sm.delete_endpoint(EndpointName=f"pgs{i}")
    sm.delete_endpoint(EndpointName="scale")


def check_cloudwatch_cbor(w: World) -> None:
    cb = cbor_cloudwatch(w.urls["moto"])
    w.post("moto", "/gpuplan-world/requests/reset")
    sent: list = []
    cb.meta.events.register("before-send", lambda request, **_: sent.append(request))
    cb.put_metric_alarm(AlarmName="cbor-backlog", Namespace="AWS/SageMaker", MetricName="HasBacklogWithoutCapacity",
                        Dimensions=[{"Name": "EndpointName", "Value": "cbor"}], Statistic="Average", Period=60,
                        EvaluationPeriods=2, Threshold=1.0, ComparisonOperator="GreaterThanOrEqualToThreshold",
                        AlarmActions=["arn:aws-cn:autoscaling:cn-northwest-1:123456789012:scalingPolicy:x"],
                        Tags=[{"Key": "gpuplan:plan", "Value": "cbor"}])
    req = sent[0]
    check("cbor: the client really speaks rpc-v2-cbor (path, headers)",
          req.url.endswith("/service/GraniteServiceVersion20100801/operation/PutMetricAlarm")
          and req.headers.get("smithy-protocol") == b"rpc-v2-cbor" and req.headers.get("Content-Type") == b"application/cbor",
          (req.url, dict(req.headers)))
    got = cb.describe_alarms(AlarmNamePrefix="cbor-")
    a = got["MetricAlarms"][0] if got["MetricAlarms"] else {}
    check("cbor: DescribeAlarms answered in CBOR, typed (double, integer, timestamp, lists)",
          a.get("AlarmName") == "cbor-backlog" and isinstance(a.get("Threshold"), float) and a.get("EvaluationPeriods") == 2
          and isinstance(a.get("StateUpdatedTimestamp"), dt.datetime) and a.get("Dimensions") == [
              {"Name": "EndpointName", "Value": "cbor"}], a)
    tags = cb.list_tags_for_resource(ResourceARN=a.get("AlarmArn", "x"))["Tags"]
    check("cbor: ListTagsForResource", _tags(tags) == {"gpuplan:plan": "cbor"}, tags)
    try:
        cb.describe_alarms(MaxRecords=0)
        check("cbor: an error comes back as CBOR with the query-compatible code", False, "no error")
    except ClientError as e:
        check("cbor: an error comes back as CBOR with the query-compatible code",
              e.response["Error"]["Code"] == "InvalidParameterValue"
              and e.response["ResponseMetadata"]["HTTPStatusCode"] == 400, e.response)
    cb.delete_alarms(AlarmNames=["cbor-backlog"])
    check("cbor: DeleteAlarms", cb.describe_alarms(AlarmNamePrefix="cbor-")["MetricAlarms"] == [])
    log = w.get("moto", "/gpuplan-world/requests")
    check("cbor: logged as cloudwatch (signing name monitoring), operation from the path, protocol cbor",
          [(e["service"], e["signing_name"], e["operation"], e["protocol"]) for e in log][:2]
          == [("cloudwatch", "monitoring", "PutMetricAlarm", "cbor"), ("cloudwatch", "monitoring", "DescribeAlarms", "cbor")],
          log[:2])
    raw = urllib.request.Request(
        w.urls["moto"] + "/service/GraniteServiceVersion20100801/operation/DescribeAlarms", data=b"\xa0", method="POST",
        headers={"Content-Type": "application/cbor", "smithy-protocol": "rpc-v2-cbor", "Accept": "application/cbor",
                 "x-amzn-query-mode": "true",
                 "Authorization": "AWS4-HMAC-SHA256 Credential=testing/20261201/cn-northwest-1/monitoring/aws4_request, "
                                  "SignedHeaders=host, Signature=0"})
    with urllib.request.urlopen(raw, timeout=10) as r:
        check("cbor: a raw request (as the Rust SDK sends it) gets application/cbor with smithy-protocol",
              r.status == 200 and r.headers.get("Content-Type") == "application/cbor"
              and r.headers.get("smithy-protocol") == "rpc-v2-cbor" and r.read()[:1] in (b"\xa1", b"\xa2", b"\xa3"),
              dict(r.headers))
    js = w.client("cloudwatch")
    check("cloudwatch: boto3's own protocol (awsJson1_0) works too", js.describe_alarms(AlarmNamePrefix="cbor-")[
        "MetricAlarms"] == [] and w.get("moto", "/gpuplan-world/requests")[-1]["protocol"] == "json")


def check_failures(w: World) -> None:
    sm, aas, ec2 = w.client("sagemaker"), w.client("application-autoscaling"), w.client("ec2")
    w.post("moto", "/gpuplan-world/requests/reset")
    rule = w.post("moto", "/gpuplan-world/failures", {"operation": "CreateEndpoint", "nth": 2, "code": "InternalFailure",
                                                       "message": "injected boom", "status": 400})
    check("failures: POST answers the rule with defaults (times 1) and counters",
          rule["id"] >= 1 and rule["times"] == 1 and rule["matched"] == 0 and rule["service"] is None, rule)
    sm.create_model(ModelName="fail-model", ExecutionRoleArn=ROLE, PrimaryContainer={"Image": "i"})
    sm.create_endpoint_config(EndpointConfigName="fail-config", ProductionVariants=_variant("fail-model", "ml.m5.large", 1))
    sm.create_endpoint(EndpointName="fail-1", EndpointConfigName="fail-config")
    err = None
    try:
        sm.create_endpoint(EndpointName="fail-2", EndpointConfigName="fail-config")
    except ClientError as e:
        err = e
    hdrs = err.response["ResponseMetadata"]["HTTPHeaders"] if err else {}
    check("failures: the 2nd CreateEndpoint fails with the rule's code, message, status (JSON 1.1 + X-Amzn-ErrorType)",
          err is not None and err.response["Error"]["Code"] == "InternalFailure"
          and err.response["Error"]["Message"] == "injected boom" and err.response["ResponseMetadata"]["HTTPStatusCode"] == 400
          and hdrs.get("x-amzn-errortype") == "InternalFailure" and hdrs.get("content-type") == "application/x-amz-json-1.1",
          err.response if err else None)
    expect_error("failures: ... and moto's state is untouched (no endpoint fail-2)", "ValidationException",
                 sm.describe_endpoint, EndpointName="fail-2")
    sm.create_endpoint(EndpointName="fail-2", EndpointConfigName="fail-config")
    listed = w.get("moto", "/gpuplan-world/failures")
    check("failures: GET lists the rule, matched 3, failed 1", [(r["id"], r["matched"], r["failed"]) for r in listed]
          == [(rule["id"], 3, 1)], listed)
    log = [e for e in w.get("moto", "/gpuplan-world/requests") if e["operation"] == "CreateEndpoint"]
    check("failures: the failed request is in the log with its status and the rule id",
          [(e["status"], e["injected"]) for e in log] == [(200, None), (400, rule["id"]), (200, None)], log)
    w.delete("moto", "/gpuplan-world/failures")
    check("failures: DELETE clears", w.get("moto", "/gpuplan-world/failures") == [])

    w.post("moto", "/gpuplan-world/failures", {"operation": "PutScalingPolicy", "service": "application-autoscaling",
                                               "times": 2})
    w.post("moto", "/gpuplan-world/failures", {"operation": "*", "service": "ec2", "code": "RequestLimitExceeded",
                                               "message": "Request limit exceeded.", "nth": 1})
    rid = "endpoint/fail-1/variant/AllTraffic"
    k = {"ServiceNamespace": NS, "ResourceId": rid, "ScalableDimension": DIM}
    aas.register_scalable_target(MinCapacity=1, MaxCapacity=1, **k)
    body = {"PolicyName": "p", "PolicyType": "StepScaling", "StepScalingPolicyConfiguration": {
        "AdjustmentType": "ChangeInCapacity", "StepAdjustments": [{"MetricIntervalLowerBound": 0.0, "ScalingAdjustment": 1}]}}
    codes = []
    for _ in range(3):
        try:
            aas.put_scaling_policy(**body, **k)
            codes.append("ok")
        except ClientError as e:
            codes.append(e.response["Error"]["Code"])
    pols = aas.describe_scaling_policies(ServiceNamespace=NS, ResourceId=rid)["ScalingPolicies"]
    check("failures: times=2 fails two in a row (default ValidationException), then passes; only then a policy exists",
          codes == ["ValidationException", "ValidationException", "ok"] and len(pols) == 1, (codes, len(pols)))
    expect_error("failures: EC2 gets its own error format (query XML), any operation with '*'", "RequestLimitExceeded",
                 ec2.describe_availability_zones)
    ec2.describe_availability_zones()  # nth 1 only: the next one passes
    cb = cbor_cloudwatch(w.urls["moto"])
    w.post("moto", "/gpuplan-world/failures", {"operation": "DescribeAlarms", "service": "cloudwatch",
                                               "code": "Throttling", "message": "Rate exceeded"})
    try:
        cb.describe_alarms()
        check("failures: CloudWatch over CBOR gets a CBOR error", False, "no error")
    except ClientError as e:
        check("failures: CloudWatch over CBOR gets a CBOR error", e.response["Error"]["Code"] == "Throttling"
              and e.response["Error"]["Message"] == "Rate exceeded", e.response)
    retrying = boto3.client("sagemaker", region_name=NW, endpoint_url=w.urls["moto"],
                            config=Config(retries={"total_max_attempts": 3, "mode": "standard"}))
    w.post("moto", "/gpuplan-world/failures", {"operation": "ListEndpoints", "status": 500, "code": "InternalFailure"})
    w.post("moto", "/gpuplan-world/requests/reset")
    names = [e["EndpointName"] for e in retrying.list_endpoints(NameContains="fail-")["Endpoints"]]
    statuses = [e["status"] for e in w.get("moto", "/gpuplan-world/requests")]
    check("failures: status 500 is retried by an SDK (the retry passes: 500 then 200)",
          sorted(names) == ["fail-1", "fail-2"] and statuses == [500, 200], statuses)
    for bad in ({"nth": 1}, {"operation": "X", "bogus": 1}, {"operation": "X", "nth": 0}, {"operation": "X", "status": 200}):
        try:
            w.post("moto", "/gpuplan-world/failures", bad)
            check(f"failures: bad rule {bad} refused", False, "accepted")
        except urllib.error.HTTPError as e:
            check(f"failures: bad rule {sorted(bad)} refused with 400", e.code == 400, e.code)
    w.post("moto", "/gpuplan-world/failures", {"operation": "DescribeEndpoint"})
    w.post("moto", "/gpuplan-world/reset")
    check("failures: /gpuplan-world/reset clears the rules", w.get("moto", "/gpuplan-world/failures") == [])


def check_pending_polls(w: World, fixture: Path) -> None:
    china = json.loads(fixture.read_text())
    slow = json.loads(json.dumps(china))
    slow["settings"]["pending_polls"] = 2
    w.post("moto", "/gpuplan-world/reset", slow)
    sm = w.client("sagemaker")
    seeded = sm.describe_endpoint(EndpointName="other-team-caption")["EndpointStatus"]
    _fresh_endpoint(sm, "slow")
    seen = [sm.describe_endpoint(EndpointName="slow")["EndpointStatus"] for _ in range(3)]
    check("pending: seeded endpoints are InService; CreateEndpoint then Creating, Creating, InService",
          seeded == "InService" and seen == ["Creating", "Creating", "InService"], (seeded, seen))
    _fresh_endpoint(sm, "slow2")
    listed = {e["EndpointName"]: e["EndpointStatus"] for e in sm.list_endpoints(NameContains="slow")["Endpoints"]}
    check("pending: ListEndpoints shows Creating meanwhile (ListEndpoints does not count as a poll)",
          listed == {"slow": "InService", "slow2": "Creating"}, listed)
    expect_error_msg("pending: UpdateEndpoint while Creating refused", "ValidationException",
                     f'Cannot update in-progress endpoint "{ARN_PREFIX}endpoint/slow2".', sm.update_endpoint,
                     EndpointName="slow2", EndpointConfigName="slow-config")
    expect_error_msg("pending: DeleteEndpoint while Creating refused (as on AWS)", "ValidationException",
                     "Cannot update in-progress endpoint", sm.delete_endpoint, EndpointName="slow2")
    sm.get_waiter("endpoint_in_service").wait(EndpointName="slow2", WaiterConfig={"Delay": 0, "MaxAttempts": 5})
    check("pending: boto3's endpoint_in_service waiter gets there", sm.describe_endpoint(
        EndpointName="slow2")["EndpointStatus"] == "InService")
    before = sm.describe_endpoint(EndpointName="slow")
    sm.update_endpoint(EndpointName="slow", EndpointConfigName="slow2-config")
    upd = [sm.describe_endpoint(EndpointName="slow") for _ in range(3)]
    check("pending: UpdateEndpoint then Updating, Updating, InService; new config at once, LastModifiedTime moves",
          [d["EndpointStatus"] for d in upd] == ["Updating", "Updating", "InService"]
          and all(d["EndpointConfigName"] == "slow2-config" for d in upd)
          and upd[2]["LastModifiedTime"] >= upd[0]["LastModifiedTime"] > before["LastModifiedTime"], upd)
    sm.update_endpoint_weights_and_capacities(EndpointName="slow", DesiredWeightsAndCapacities=[
        {"VariantName": "AllTraffic", "DesiredInstanceCount": 2}])
    expect_error("pending: UpdateEndpointWeightsAndCapacities puts it in Updating too; a second one is refused",
                 "ValidationException", sm.update_endpoint_weights_and_capacities, EndpointName="slow",
                 DesiredWeightsAndCapacities=[{"VariantName": "AllTraffic", "DesiredInstanceCount": 1}])
    for _ in range(2):
        sm.describe_endpoint(EndpointName="slow")
    sm.delete_endpoint(EndpointName="slow")
    expect_error("pending: DeleteEndpoint once InService: gone at once", "ValidationException", sm.describe_endpoint,
                 EndpointName="slow")
    for bad in ({"settings": {"pending_polls": -1}}, {"settings": {"pending_polls": "2"}}, {"settings": {"pendingpolls": 1}}):
        try:
            w.post("moto", "/gpuplan-world/reset", bad)
            check(f"pending: bad settings {bad} refused", False, "accepted")
        except urllib.error.HTTPError as e:
            check(f"pending: bad settings {json.dumps(bad['settings'])} refused with 400", e.code == 400, e.code)
    still = w.get("moto", "/gpuplan-world/fixture")
    names = sorted(e["EndpointName"] for e in sm.list_endpoints()["Endpoints"])
    check("pending: a refused fixture re-seeds the previous one (state since then is gone)",
          still.get("settings", {}).get("pending_polls") == 2 and names == ["other-team-caption", "other-team-upscale-async"],
          (still.get("settings"), names))
    w.post("moto", "/gpuplan-world/reset", china)


def check_request_log(w: World) -> None:
    w.post("moto", "/gpuplan-world/requests/reset")
    w.post("pricing", "/gpuplan-world/requests/reset")
    check("log: empty after reset", w.get("moto", "/gpuplan-world/requests") == [])
    w.client("ec2").describe_instance_type_offerings(LocationType="availability-zone")
    w.client("sagemaker").list_endpoints()
    sq = w.client("service-quotas")
    sq.list_service_quotas(ServiceCode="ec2")
    sq.request_service_quota_increase(ServiceCode="ec2", QuotaCode="L-3819A6DF", DesiredValue=64)
    try:
        sq.request_service_quota_increase(ServiceCode="ec2", QuotaCode="L-3819A6DF", DesiredValue=64)
    except ClientError:
        pass
    w.client("ssm").get_parameter(Name="/aws/service/global-infrastructure/regions/cn-northwest-1")
    w.client("pricing").describe_services()
    log = w.get("moto", "/gpuplan-world/requests")
    seen = [(e["service"], e["operation"]) for e in log]
    check("log: services and operations in order", seen == [
        ("ec2", "DescribeInstanceTypeOfferings"), ("sagemaker", "ListEndpoints"),
        ("service-quotas", "ListServiceQuotas"), ("service-quotas", "RequestServiceQuotaIncrease"),
        ("service-quotas", "RequestServiceQuotaIncrease"), ("ssm", "GetParameter")], seen)
    check("log: signing names, regions, status, start <= end",
          [e["signing_name"] for e in log][2] == "servicequotas" and all(e["region"] == NW for e in log)
          and [e["status"] for e in log] == [200, 200, 200, 200, 400, 200]
          and all(isinstance(e["start"], float) and e["start"] <= e["end"] for e in log), log[:2])
    check("log: count of a call", sum(1 for e in log if e["operation"] == "RequestServiceQuotaIncrease"
                                       and e["status"] == 200) == 1)
    plog = w.get("pricing", "/gpuplan-world/requests")
    check("log: pricing port", [(e["service"], e["operation"]) for e in plog] == [("pricing", "DescribeServices")], plog)
    one_url = boto3.client("pricing", region_name=NW, endpoint_url=w.urls["moto"],
                           config=Config(retries={"max_attempts": 1}))
    r = one_url.get_products(ServiceCode="AmazonEC2", MaxResults=1)
    last = w.get("moto", "/gpuplan-world/requests")[-1]
    check("pricing: also answered on the moto port (one --endpoint-url for all)", len(r["PriceList"]) == 1
          and (last["service"], last["operation"]) == ("pricing", "GetProducts"), last)


def check_reset(w: World) -> None:
    sm = w.client("sagemaker")
    w.post("moto", "/gpuplan-world/reset")
    log_after_reset = w.get("moto", "/gpuplan-world/requests")
    names = sorted(e["EndpointName"] for e in sm.list_endpoints()["Endpoints"])
    hist = w.client("service-quotas").list_requested_service_quota_change_history()["RequestedQuotas"]
    quota = w.client("service-quotas").get_service_quota(ServiceCode="sagemaker", QuotaCode="L-1928E07B")["Quota"]
    check("reset: back to the fixture (endpoints, requests, quota values, log)",
          names == ["other-team-caption", "other-team-upscale-async"] and len(hist) == 3 and quota["Value"] == 2.0
          and log_after_reset == [], (names, len(hist), quota["Value"], log_after_reset))
    custom = {"offerings": {NW: {"cn-northwest-1a": ["g5.xlarge"]}},
              "quota_values": {NW: {"sagemaker": {"ml.g5.xlarge for endpoint usage": 7}}}}
    w.post("moto", "/gpuplan-world/reset", custom)
    offers = w.client("ec2").describe_instance_type_offerings(LocationType="availability-zone")["InstanceTypeOfferings"]
    val = w.client("service-quotas").get_service_quota(ServiceCode="sagemaker", QuotaCode="L-1928E07B")["Quota"]["Value"]
    check("reset: with a fixture body replaces the world", offers == [{"InstanceType": "g5.xlarge",
          "LocationType": "availability-zone", "Location": "cn-northwest-1a"}] and val == 7.0
          and sm.list_endpoints()["Endpoints"] == [], (offers, val))
    zones_n = [z["ZoneName"] for z in w.client("ec2", N).describe_availability_zones()["AvailabilityZones"]]
    n_offers = w.client("ec2", N).describe_instance_type_offerings(LocationType="availability-zone")["InstanceTypeOfferings"]
    n_quota = w.client("service-quotas", N).get_service_quota(ServiceCode="sagemaker", QuotaCode="L-9614C779")["Quota"]
    check("reset: the previous fixture's zones and offerings are gone, default quotas stay",
          zones_n == ["cn-north-1a", "cn-north-1b"] and n_offers == [] and n_quota["Value"] == 0.0,
          (zones_n, len(n_offers), n_quota["Value"]))
    w.post("moto", "/moto-api/reset")
    val = w.client("service-quotas").get_service_quota(ServiceCode="sagemaker", QuotaCode="L-1928E07B")["Quota"]["Value"]
    check("reset: /moto-api/reset re-seeds the current fixture", val == 7.0, val)


def check_latency(fixture: Path) -> None:
    w = World(fixture, "--latency-ms", "200")
    try:
        sq = w.client("service-quotas")
        pr = w.client("pricing")
        sq.list_services()  # warm the connection pools
        pr.describe_services()
        w.post("moto", "/gpuplan-world/requests/reset")
        t = time.monotonic()
        sq.get_service_quota(ServiceCode="ec2", QuotaCode="L-DB2E81BA")
        single = time.monotonic() - t
        check("latency: one call takes >= 200 ms", 0.2 <= single < 0.6, f"{single * 1000:.0f} ms")
        clients = [w.client("sagemaker"), w.client("ec2")]
        barrier = threading.Barrier(2)
        errors: list[str] = []

        def call(i: int) -> None:
            barrier.wait()
            try:
                if i == 0:
                    clients[0].list_endpoints()
                else:
                    clients[1].describe_availability_zones()
            except Exception as e:  # noqa: BLE001
                errors.append(str(e))

        for c in clients:  # open connections first
            c.list_endpoints() if c.meta.service_model.service_name == "sagemaker" else c.describe_regions()
        w.post("moto", "/gpuplan-world/requests/reset")
        threads = [threading.Thread(target=call, args=(i,)) for i in range(2)]
        t = time.monotonic()
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        both = time.monotonic() - t
        check("latency: two concurrent calls overlap (~200 ms, not 400)", not errors and 0.2 <= both < 0.38,
              f"{both * 1000:.0f} ms {errors}")
        log = w.get("moto", "/gpuplan-world/requests")
        check("latency: the log shows the overlap", len(log) == 2 and log[0]["end"] > log[1]["start"]
              and log[1]["end"] > log[0]["start"], log)
        sq.list_services()  # one more, after both: a chain of 2
        summ = w.get("moto", "/gpuplan-world/requests/summary")
        check("latency: summary counts 3 calls, 2 in sequence", summ["count"] == 3 and summ["sequential_depth"] == 2
              and summ["by_operation"]["service-quotas:ListServices"] == 1, summ)
        t = time.monotonic()
        pts = [threading.Thread(target=pr.describe_services) for _ in range(3)]
        for th in pts:
            th.start()
        for th in pts:
            th.join()
        p3 = time.monotonic() - t
        check("latency: pricing server is threaded too (3 calls ~200 ms)", 0.2 <= p3 < 0.45, f"{p3 * 1000:.0f} ms")
        rc, took = w.terminate_and_wait()
        check("shutdown: SIGTERM exits 0 promptly", rc == 0 and took < 3, (rc, took))
    finally:
        if w.proc.poll() is None:
            w.proc.kill()


def main() -> int:
    ap = argparse.ArgumentParser(description="check the gpuplan AWS test world")
    ap.add_argument("--fixture", default=str(HERE / "china.json"))
    args = ap.parse_args()
    fixture = Path(args.fixture)
    w = World(fixture)
    print(f"world up in {w.startup_s:.2f}s: {w.urls}")
    check("startup: one JSON line with both loopback URLs", set(w.urls) == {"moto", "pricing"}
          and all(u.startswith("http://127.0.0.1:") for u in w.urls.values()), w.urls)
    try:
        steps = (check_ec2, check_sagemaker, check_quotas, check_autoscaling, check_ssm, check_pricing,
                 check_sagemaker_apply, check_autoscaling_apply, check_cloudwatch_cbor, check_failures,
                 lambda w: check_pending_polls(w, fixture), check_request_log, check_reset)
        for fn in steps:
            try:
                fn(w)
            except Exception as e:  # noqa: BLE001
                check(f"{getattr(fn, '__name__', 'step')} ran to the end", False, f"{type(e).__name__}: {e}")
        rc, took = w.close_stdin_and_wait()
        check("shutdown: closing stdin exits 0 promptly", rc == 0 and took < 3, (rc, took))
        check("stdout: nothing after the JSON line", w.extra_stdout == b"", w.extra_stdout[:200] if w.extra_stdout else "")
    finally:
        if w.proc.poll() is None:
            w.proc.kill()
    try:
        check_latency(fixture)
    except Exception as e:  # noqa: BLE001
        check("check_latency ran to the end", False, f"{type(e).__name__}: {e}")
    print(f"startup: {w.startup_s:.2f}s")
    print(f"{len(PASSED)} passed, {len(FAILED)} failed")
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
