#!/usr/bin/env python3
"""Checks the test world end to end with boto3, the way the Rust harness uses it.

    .moto-venv/bin/python tests/aws-world/check_world.py [--fixture tests/aws-world/china.json]

Starts world.py as a subprocess (stdin a pipe, stdout a pipe, one JSON line read), exercises
every patched call (pagination, wildcard filters, error cases), the request log, injected
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
                            config=Config(retries={"max_attempts": 1, "mode": "standard"},
                                          connect_timeout=5, read_timeout=30, parameter_validation=validate))

    def get(self, which: str, path: str):
        with urllib.request.urlopen(self.urls[which] + path, timeout=10) as r:
            return json.loads(r.read())

    def post(self, which: str, path: str, doc: object = None):
        data = json.dumps(doc).encode() if doc is not None else b""
        req = urllib.request.Request(self.urls[which] + path, data=data, method="POST")
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
    check("application-autoscaling (stock moto) answers", [t["ResourceId"] for t in got] == [rid], got)


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
        for fn in (check_ec2, check_sagemaker, check_quotas, check_autoscaling, check_ssm, check_pricing, check_request_log, check_reset):
            try:
                fn(w)
            except Exception as e:  # noqa: BLE001
                check(f"{fn.__name__} ran to the end", False, f"{type(e).__name__}: {e}")
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
