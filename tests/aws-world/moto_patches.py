"""Patches to moto 5.2.5 that turn it into gpuplan's China test world.

Everything here depends on moto internals of exactly moto==5.2.5 (see requirements.txt):
class and attribute names below are checked at import time by ``apply()``.

What is patched, and why (the README has the user-facing version):

* EC2 DescribeInstanceTypeOfferings: stock moto has no offerings for the China regions, matches
  instance-type filters exactly and ignores MaxResults/NextToken. For the regions the fixture
  names, offerings come from the fixture, filters use EC2 wildcards (``*`` and ``?``, fnmatch),
  and results paginate as on EC2 (MaxResults 5..1000). The fixture's offerings are also written
  into moto's own offering table so RunInstances' placement check knows the zones.
* EC2 DescribeAvailabilityZones: zones named in the fixture but unknown to moto are added.
* EC2 DescribeSpotPriceHistory: stock moto answers a constant price for every offering; for
  fixture regions the fixture's price history is served with the real filters, time window
  semantics (the price in effect at StartTime is included) and pagination.
* Service Quotas: stock moto knows only service code ``vpc``. Implemented for ``sagemaker`` and
  ``ec2`` (and vpc from moto's list) per region: ListServiceQuotas, GetServiceQuota,
  ListAWSDefaultServiceQuotas, GetAWSDefaultServiceQuota, RequestServiceQuotaIncrease,
  GetRequestedServiceQuotaChange, ListRequestedServiceQuotaChangeHistory(+ByQuota), ListServices.
* SageMaker: CreateEndpointConfig accepts every instance type of the SageMaker API model
  (moto's allow-list rejects ml.g5 and others); CreateModel/CreateEndpointConfig/CreateEndpoint
  reject existing names as AWS does (moto silently overwrites and drops the tags; endpoint names
  compare case-insensitively); "Could not find ..." errors use AWS's wording with the ARN;
  UpdateEndpoint is implemented (moto: HTTP 500) with RetainAllVariantProperties and AWS's
  refusal while the endpoint is not InService; UpdateEndpointWeightsAndCapacities changes only
  the given fields; DeleteEndpoint is refused while Creating/Updating; ListModels,
  ListEndpointConfigs and ListEndpoints filter and page as AWS does (default 10, newest first);
  ListTags answers ValidationException for an unknown ARN (moto: HTTP 500) and matches names
  ignoring case; optionally CreateEndpoint/UpdateEndpoint enforce the "ml.X for endpoint usage"
  quotas of the world (setting ``enforce_endpoint_quotas``) and report Creating/Updating for a
  few DescribeEndpoint calls (setting ``pending_polls``).
* Application Auto Scaling: RegisterScalableTarget keeps Tags (ListTagsForResource,
  TagResource, UntagResource are new); DeregisterScalableTarget deletes the target's policies
  and scheduled actions; PutScalingPolicy and PutScheduledAction need a registered target;
  missing objects are ObjectNotFoundException; DescribeScalableTargets / DescribeScalingPolicies
  / DescribeScheduledActions page correctly (policies by 10) and filter exactly; a policy keeps
  its ARN when updated; target tracking on a SageMaker variant makes its AlarmHigh/AlarmLow.
* CloudWatch: DescribeAlarms combines its filters and pages; PutMetricAlarm on an existing alarm
  ignores Tags; DeleteAlarms drops the alarm's tags. (The rpc-v2-cbor protocol the Rust SDK
  speaks is bridged in world.py.)
"""

from __future__ import annotations

import base64
import copy
import datetime as dt
import fnmatch
import json
import threading
import time
import uuid
from typing import Any

import moto
from moto.applicationautoscaling import models as aas_models
from moto.applicationautoscaling import responses as aas_responses
from moto.applicationautoscaling.responses import ApplicationAutoScalingResponse
from moto.cloudwatch import exceptions as cw_exceptions
from moto.cloudwatch import models as cw_models
from moto.cloudwatch.responses import CloudWatchResponse
from moto.core.exceptions import JsonRESTError
from moto.core.responses import ActionResult
from moto.ec2.exceptions import EC2ClientError
from moto.ec2.models import availability_zones_and_regions as moto_azr
from moto.ec2.models import instance_types as moto_it
from moto.ec2.responses.instances import InstanceResponse
from moto.ec2.responses.spot_instances import SpotInstances
from moto.sagemaker import models as sm_models
from moto.sagemaker import utils as sm_utils
from moto.sagemaker.exceptions import SagemakerClientError, ValidationError
from moto.sagemaker.responses import SageMakerResponse
from moto.servicequotas.resources.default_quotas.vpc import VPC_DEFAULT_QUOTAS
from moto.servicequotas.responses import ServiceQuotasResponse

import quota_defaults

MOTO_VERSION = "5.2.5"
OPEN_STATUSES = ("PENDING", "CASE_OPENED")
# fixture "settings": name -> (type, default)
SETTINGS: dict[str, tuple[type, Any]] = {
    "enforce_endpoint_quotas": (bool, False),
    "pending_polls": (int, 0),
}
REQUEST_STATUSES = ("PENDING", "CASE_OPENED", "APPROVED", "DENIED", "CASE_CLOSED", "NOT_APPROVED", "INVALID_REQUEST")


def partition(region: str) -> str:
    return "aws-cn" if region.startswith("cn-") else "aws"


# --------------------------------------------------------------------------------------------
# pagination tokens: base64 of a small JSON document (matches Service Quotas' token pattern)

def make_token(offset: int, kind: str) -> str:
    return base64.b64encode(json.dumps({"o": offset, "k": kind}).encode()).decode()


def read_token(token: str | None, kind: str) -> int | None:
    """The offset in a token, 0 for no token, None for an invalid one."""
    if not token:
        return 0
    try:
        doc = json.loads(base64.b64decode(token.encode(), validate=True))
        if doc.get("k") != kind or not isinstance(doc.get("o"), int) or doc["o"] < 0:
            return None
        return doc["o"]
    except Exception:
        return None


def parse_time(value: Any) -> dt.datetime | None:
    """A datetime (UTC) from an ISO-8601 string, epoch seconds or a datetime."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
    if isinstance(value, (int, float)):
        return dt.datetime.fromtimestamp(float(value), tz=dt.timezone.utc)
    text = str(value).strip()
    try:
        return dt.datetime.fromtimestamp(float(text), tz=dt.timezone.utc)
    except ValueError:
        pass
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    parsed = dt.datetime.fromisoformat(text)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.timezone.utc)


# --------------------------------------------------------------------------------------------
# the world's state (everything moto does not hold itself)

class World:
    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.fixture: dict = {}
        self.settings: dict = {}
        # region -> {zone_name: set(instance types)}
        self.offerings: dict[str, dict[str, set[str]]] = {}
        # region -> {zone_name: zone_id}
        self.zone_ids: dict[str, dict[str, str]] = {}
        # region -> list of spot price records
        self.spot_prices: dict[str, list[dict]] = {}
        # (region, service_code) -> list of quota records (current values), sorted by code
        self.quotas: dict[tuple[str, str], list[dict]] = {}
        # (region, service_code) -> list of default quota records
        self.default_quotas: dict[tuple[str, str], list[dict]] = {}
        # every quota increase request, oldest first
        self.quota_requests: list[dict] = []
        # endpoint ARN -> DescribeEndpoint calls left that still report Creating/Updating
        self.pending_polls: dict[str, int] = {}
        # what load() changed in moto's own tables, to undo on the next load()
        self._added_zones: list[tuple[str, Any]] = []
        self._saved_offerings: dict[tuple[str, str], Any] = {}

    # -- loading ---------------------------------------------------------------------------
    def load(self, fixture: dict, account_id: str) -> None:
        with self.lock:
            self.fixture = fixture
            self.settings = self._load_settings(fixture)
            self.pending_polls = {}
            self._load_zones(fixture)
            self._load_offerings(fixture)
            self._load_spot_prices(fixture)
            self._load_quotas(fixture, account_id)
            self.quota_requests = []
            for req in fixture.get("quota_requests") or []:
                self._seed_quota_request(req, account_id)

    @staticmethod
    def _load_settings(fixture: dict) -> dict:
        settings = dict(fixture.get("settings") or {})
        unknown = set(settings) - set(SETTINGS)
        if unknown:
            raise ValueError(f"settings: unknown {sorted(unknown)} (known: {sorted(SETTINGS)})")
        for name, (kind, default) in SETTINGS.items():
            value = settings.setdefault(name, default)
            if kind is int and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
                raise ValueError(f"settings.{name} must be a non-negative integer, got {value!r}")
            if kind is bool and not isinstance(value, bool):
                raise ValueError(f"settings.{name} must be true or false, got {value!r}")
        return settings

    def regions(self) -> list[str]:
        regs = {"cn-north-1", "cn-northwest-1"} | set(self.fixture.get("regions") or [])
        regs |= set((self.fixture.get("offerings") or {}).keys())
        regs |= set((self.fixture.get("quota_values") or {}).keys())
        return sorted(regs)

    def _load_zones(self, fixture: dict) -> None:
        self.zone_ids = {}
        for region, zone in self._added_zones:  # undo the previous fixture's zones
            moto_azr.RegionsAndZonesBackend.zones[region].remove(zone)
        self._added_zones = []
        extra = fixture.get("zones") or {}
        for region, zones in extra.items():
            known = {z.name: z for z in moto_azr.RegionsAndZonesBackend.zones.get(region, [])}
            for name, zone_id in zones.items():
                if name in known:
                    if known[name].zone_id != zone_id:
                        raise ValueError(f"fixture zone {name} has id {zone_id}, moto says {known[name].zone_id}")
                    continue
                zone = moto_azr.Zone(region_name=region, name=name, zone_id=zone_id)
                moto_azr.RegionsAndZonesBackend.zones.setdefault(region, []).append(zone)
                self._added_zones.append((region, zone))
        for region, zones in moto_azr.RegionsAndZonesBackend.zones.items():
            self.zone_ids[region] = {z.name: z.zone_id for z in zones}

    def _load_offerings(self, fixture: dict) -> None:
        self.offerings = {}
        for (loc_type, region), saved in self._saved_offerings.items():  # undo the previous fixture
            if saved is None:
                moto_it.INSTANCE_TYPE_OFFERINGS[loc_type].pop(region, None)
            else:
                moto_it.INSTANCE_TYPE_OFFERINGS[loc_type][region] = saved
        self._saved_offerings = {}
        for region, zones in (fixture.get("offerings") or {}).items():
            known = self.zone_ids.get(region, {})
            per_zone: dict[str, set[str]] = {}
            for zone, types in zones.items():
                if zone not in known:
                    raise ValueError(
                        f"fixture offerings name zone {zone!r}, unknown in {region} "
                        f"(known: {sorted(known)}; add it under \"zones\")"
                    )
                per_zone[zone] = set(types)
            self.offerings[region] = per_zone
            # Also feed moto's own table (RunInstances placement/type checks read it).
            az = [
                {"InstanceType": t, "Location": z, "LocationType": "availability-zone"}
                for z, ts in sorted(per_zone.items()) for t in sorted(ts)
            ]
            azid = [
                {"InstanceType": t, "Location": known[z], "LocationType": "availability-zone-id"}
                for z, ts in sorted(per_zone.items()) for t in sorted(ts)
            ]
            reg = [
                {"InstanceType": t, "Location": region, "LocationType": "region"}
                for t in sorted(set().union(*per_zone.values()) if per_zone else set())
            ]
            for loc_type, rows in (("availability-zone", az), ("availability-zone-id", azid), ("region", reg)):
                self._saved_offerings[(loc_type, region)] = moto_it.INSTANCE_TYPE_OFFERINGS[loc_type].get(region)
                moto_it.INSTANCE_TYPE_OFFERINGS[loc_type][region] = rows

    def _load_spot_prices(self, fixture: dict) -> None:
        self.spot_prices = {}
        for rec in fixture.get("spot_prices") or []:
            region = rec["region"]
            zone = rec["zone"]
            zone_id = self.zone_ids.get(region, {}).get(zone)
            if zone_id is None:
                raise ValueError(f"spot price for unknown zone {zone!r} in {region}")
            self.spot_prices.setdefault(region, []).append({
                "InstanceType": rec["instance_type"],
                "ProductDescription": rec.get("product_description", "Linux/UNIX"),
                "SpotPrice": str(rec["price"]),
                "AvailabilityZone": zone,
                "AvailabilityZoneId": zone_id,
                "Timestamp": parse_time(rec["timestamp"]),
            })

    def _load_quotas(self, fixture: dict, account_id: str) -> None:
        self.quotas = {}
        self.default_quotas = {}
        values = fixture.get("quota_values") or {}
        removed = fixture.get("removed_quotas") or {}
        extra = fixture.get("extra_quotas") or []
        for region in self.regions():
            for service in ("sagemaker", "ec2", "vpc"):
                if service == "vpc":
                    base = [
                        {
                            "ServiceCode": "vpc",
                            "ServiceName": "Amazon Virtual Private Cloud (Amazon VPC)",
                            "QuotaCode": q["QuotaCode"],
                            "QuotaName": q["QuotaName"],
                            "Value": float(q["Value"]),
                            "Unit": q.get("Unit", "None"),
                            "Adjustable": bool(q.get("Adjustable", True)),
                            "GlobalQuota": bool(q.get("GlobalQuota", False)),
                            "QuotaAppliedAtLevel": "ACCOUNT",
                        }
                        for q in VPC_DEFAULT_QUOTAS
                    ]
                else:
                    base = quota_defaults.default_quotas(service)
                drop = set((removed.get(region) or {}).get(service) or [])
                unknown_drop = drop - {q["QuotaName"] for q in base}
                if unknown_drop:
                    raise ValueError(f"removed_quotas: unknown {service} quotas in {region}: {sorted(unknown_drop)}")
                base = [q for q in base if q["QuotaName"] not in drop]
                for e in extra:
                    if e.get("region", region) != region or e["service_code"] != service:
                        continue
                    name = e["quota_name"]
                    base.append({
                        "ServiceCode": service,
                        "ServiceName": quota_defaults.SERVICE_NAMES.get(service, service),
                        "QuotaCode": e.get("quota_code") or quota_defaults.invented_code(service, name),
                        "QuotaName": name,
                        "Value": float(e.get("value", 0)),
                        "Unit": e.get("unit", "None"),
                        "Adjustable": bool(e.get("adjustable", True)),
                        "GlobalQuota": False,
                        "QuotaAppliedAtLevel": "ACCOUNT",
                    })
                for q in base:
                    q["QuotaArn"] = (
                        f"arn:{partition(region)}:servicequotas:{region}:{account_id}:{service}/{q['QuotaCode']}"
                    )
                base.sort(key=lambda q: q["QuotaCode"])
                defaults = copy.deepcopy(base)
                for q in defaults:
                    # The AWS default quota ARN has no account id.
                    q["QuotaArn"] = f"arn:{partition(region)}:servicequotas:{region}::{service}/{q['QuotaCode']}"
                current = copy.deepcopy(base)
                by_name = {q["QuotaName"]: q for q in current}
                for name, value in ((values.get(region) or {}).get(service) or {}).items():
                    if name not in by_name:
                        raise ValueError(f"quota_values: no {service} quota named {name!r} in {region}")
                    by_name[name]["Value"] = float(value)
                self.quotas[(region, service)] = current
                self.default_quotas[(region, service)] = defaults

    def _seed_quota_request(self, req: dict, account_id: str) -> None:
        region = req["region"]
        service = req["service_code"]
        quota = self.find_quota(region, service, name=req.get("quota_name"), code=req.get("quota_code"))
        if quota is None:
            raise ValueError(f"quota_requests: unknown quota {req}")
        status = req.get("status", "PENDING")
        if status not in REQUEST_STATUSES:
            raise ValueError(f"quota_requests: bad status {status!r}")
        created = parse_time(req.get("created")) or dt.datetime.now(dt.timezone.utc)
        updated = parse_time(req.get("last_updated")) or created
        record = self.new_request(region, quota, float(req["desired_value"]), account_id)
        record["Status"] = status
        record["CaseId"] = str(req.get("case_id", ""))
        record["Created"] = created.timestamp()
        record["LastUpdated"] = updated.timestamp()
        if req.get("id"):
            record["Id"] = req["id"]
        self.quota_requests.append(record)
        self.quota_requests.sort(key=lambda r: r["Created"])

    # -- quotas --------------------------------------------------------------------------
    def find_quota(self, region: str, service: str, name: str | None = None, code: str | None = None) -> dict | None:
        for q in self.quotas.get((region, service), []):
            if (name is not None and q["QuotaName"] == name) or (code is not None and q["QuotaCode"] == code):
                return q
        return None

    def new_request(self, region: str, quota: dict, desired: float, account_id: str) -> dict:
        now = time.time()
        return {
            "Id": uuid.uuid4().hex + uuid.uuid4().hex[:8],
            "CaseId": "",
            "ServiceCode": quota["ServiceCode"],
            "ServiceName": quota["ServiceName"],
            "QuotaCode": quota["QuotaCode"],
            "QuotaName": quota["QuotaName"],
            "DesiredValue": float(desired),
            "Status": "PENDING",
            "Created": now,
            "LastUpdated": now,
            "Requester": json.dumps({
                "accountId": account_id,
                "callerArn": f"arn:{partition(region)}:iam::{account_id}:root",
            }, separators=(",", ":")),
            "QuotaArn": quota["QuotaArn"],
            "GlobalQuota": quota["GlobalQuota"],
            "Unit": quota["Unit"],
            "QuotaRequestedAtLevel": "ACCOUNT",
            "_region": region,
        }

    def set_request_status(self, request_id: str, status: str, case_id: str | None = None) -> dict:
        """Control hook (POST /gpuplan-world/quota-requests/ID): move a request to a status;
        APPROVED also raises the quota to the desired value, as AWS does."""
        if status not in REQUEST_STATUSES:
            raise ValueError(f"bad status {status!r}")
        with self.lock:
            for r in self.quota_requests:
                if r["Id"] == request_id:
                    r["Status"] = status
                    r["LastUpdated"] = time.time()
                    if case_id is not None:
                        r["CaseId"] = case_id
                    if status == "APPROVED":
                        q = self.find_quota(r["_region"], r["ServiceCode"], code=r["QuotaCode"])
                        if q is not None:
                            q["Value"] = r["DesiredValue"]
                    return public_request(r)
        raise KeyError(request_id)


WORLD = World()


def public_request(r: dict) -> dict:
    return {k: v for k, v in r.items() if not k.startswith("_")}


# --------------------------------------------------------------------------------------------
# EC2

def _ec2_filters(filters: dict[str, list[str]] | None) -> dict[str, list[str]]:
    return {k: list(v) for k, v in (filters or {}).items()}


def _wild_match(value: str | None, patterns: list[str]) -> bool:
    return value is not None and any(fnmatch.fnmatchcase(value, p) for p in patterns)


_orig_describe_instance_type_offerings = InstanceResponse.describe_instance_type_offerings


def describe_instance_type_offerings(self: InstanceResponse) -> ActionResult:
    region = self.region
    if region not in WORLD.offerings:
        return _orig_describe_instance_type_offerings(self)
    location_type = self._get_param("LocationType") or "region"
    filters = _ec2_filters(self._filters_from_querystring())
    max_results = self._get_int_param("MaxResults")
    token = self._get_param("NextToken")
    if location_type not in ("region", "availability-zone", "availability-zone-id", "outpost"):
        raise EC2ClientError(
            "InvalidParameterValue",
            f"Value ( {location_type} ) for parameter locationType is invalid. "
            "Valid values: region, availability-zone, availability-zone-id, outpost",
        )
    if max_results is not None and not 5 <= max_results <= 1000:
        raise EC2ClientError(
            "InvalidParameterValue",
            f"Value ( {max_results} ) for parameter maxResults is invalid. Parameter must be between 5 and 1000.",
        )
    for name in filters:
        if name not in ("instance-type", "location"):
            raise EC2ClientError("InvalidParameterValue", f"The filter '{name}' is invalid")
    with WORLD.lock:
        per_zone = WORLD.offerings[region]
        ids = WORLD.zone_ids.get(region, {})
        if location_type == "region":
            rows = [(t, region) for t in sorted(set().union(*per_zone.values()) if per_zone else set())]
        elif location_type == "availability-zone":
            rows = [(t, z) for z in sorted(per_zone) for t in per_zone[z]]
        elif location_type == "availability-zone-id":
            rows = [(t, ids[z]) for z in sorted(per_zone) for t in per_zone[z]]
        else:
            rows = []
    rows.sort()
    out = []
    for itype, loc in rows:
        if "instance-type" in filters and not _wild_match(itype, filters["instance-type"]):
            continue
        if "location" in filters and not _wild_match(loc, filters["location"]):
            continue
        out.append({"InstanceType": itype, "LocationType": location_type, "Location": loc})
    offset = read_token(token, "dito")
    if offset is None:
        raise EC2ClientError("InvalidNextToken", f"The token '{token}' is invalid")
    page_size = max_results or 1000
    page = out[offset:offset + page_size]
    result: dict[str, Any] = {"InstanceTypeOfferings": page}
    if offset + page_size < len(out):
        result["NextToken"] = make_token(offset + page_size, "dito")
    return ActionResult(result)


_orig_describe_spot_price_history = SpotInstances.describe_spot_price_history


def describe_spot_price_history(self: SpotInstances) -> ActionResult:
    region = self.region
    if region not in WORLD.spot_prices and region not in WORLD.offerings:
        return _orig_describe_spot_price_history(self)
    instance_types = self._get_param("InstanceTypes", []) or []
    products = self._get_param("ProductDescriptions", []) or []
    zone = self._get_param("AvailabilityZone")
    zone_id = self._get_param("AvailabilityZoneId")
    start = parse_time(self._get_param("StartTime"))
    end = parse_time(self._get_param("EndTime"))
    max_results = self._get_int_param("MaxResults")
    token = self._get_param("NextToken")
    filters = _ec2_filters(self._filters_from_querystring())
    if zone and zone_id:
        raise EC2ClientError(
            "InvalidParameterCombination",
            "Either AvailabilityZone or AvailabilityZoneId can be specified, but not both",
        )
    if max_results is not None and not 0 <= max_results <= 1000:
        raise EC2ClientError(
            "InvalidParameterValue",
            f"Value ( {max_results} ) for parameter maxResults is invalid. Parameter must be between 0 and 1000.",
        )
    if start and end and start > end:
        raise EC2ClientError("InvalidParameterValue", "The end time must be after the start time.")
    valid_filters = ("availability-zone", "availability-zone-id", "instance-type", "product-description",
                     "spot-price", "timestamp")
    for name in filters:
        if name not in valid_filters:
            raise EC2ClientError("InvalidParameterValue", f"The filter '{name}' is invalid")

    def keep(rec: dict) -> bool:
        if instance_types and rec["InstanceType"] not in instance_types:
            return False
        if products and rec["ProductDescription"] not in products:
            return False
        if zone and rec["AvailabilityZone"] != zone:
            return False
        if zone_id and rec["AvailabilityZoneId"] != zone_id:
            return False
        fields = {
            "availability-zone": rec["AvailabilityZone"],
            "availability-zone-id": rec["AvailabilityZoneId"],
            "instance-type": rec["InstanceType"],
            "product-description": rec["ProductDescription"],
            "spot-price": rec["SpotPrice"],
            "timestamp": rec["Timestamp"].strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        }
        return all(_wild_match(fields[k], v) for k, v in filters.items())

    with WORLD.lock:
        records = [r for r in WORLD.spot_prices.get(region, []) if keep(r)]
    # Time window as on EC2: every price set inside [start, end], plus the one in effect at start.
    series: dict[tuple, list[dict]] = {}
    for r in records:
        series.setdefault((r["InstanceType"], r["AvailabilityZone"], r["ProductDescription"]), []).append(r)
    selected = []
    for recs in series.values():
        recs.sort(key=lambda r: r["Timestamp"])
        if end is not None:
            recs = [r for r in recs if r["Timestamp"] <= end]
        if start is None:
            selected.extend(recs)
            continue
        before = [r for r in recs if r["Timestamp"] < start]
        inside = [r for r in recs if r["Timestamp"] >= start]
        if before:
            selected.append(before[-1])
        selected.extend(inside)
    selected.sort(key=lambda r: (-r["Timestamp"].timestamp(), r["InstanceType"], r["AvailabilityZone"],
                                 r["ProductDescription"]))
    offset = read_token(token, "spot")
    if offset is None:
        raise EC2ClientError("InvalidNextToken", f"The token '{token}' is invalid")
    page_size = max_results or 1000
    page = selected[offset:offset + page_size]
    result: dict[str, Any] = {"SpotPriceHistory": [dict(r) for r in page]}
    if offset + page_size < len(selected):
        result["NextToken"] = make_token(offset + page_size, "spot")
    return ActionResult(result)


# --------------------------------------------------------------------------------------------
# Service Quotas

def _sq_json(fn):
    """Answer with the JSON 1.1 content type (moto's own handlers say text/html)."""
    def wrapper(self: ServiceQuotasResponse) -> tuple[int, dict, str]:
        return 200, {"Content-Type": "application/x-amz-json-1.1"}, fn(self)

    wrapper.__name__ = fn.__name__
    return wrapper


def _sq_error(kind: str, message: str) -> JsonRESTError:
    return JsonRESTError(kind, message)


def _sq_params(self: ServiceQuotasResponse) -> dict:
    try:
        return json.loads(self.body or "{}")
    except ValueError:
        raise _sq_error("IllegalArgumentException", "The request body is not valid JSON.")


def _sq_service(region: str, service: Any, required: bool = True) -> str | None:
    if service is None or service == "":
        if required:
            raise _sq_error("IllegalArgumentException", "ServiceCode is required.")
        return None
    if (region, service) not in WORLD.quotas:
        raise _sq_error(
            "NoSuchResourceException",
            f"The request failed because the specified service does not exist: {service}.",
        )
    return str(service)


def _sq_max_results(params: dict) -> int:
    value = params.get("MaxResults")
    if value is None:
        return 100
    if not isinstance(value, int) or not 1 <= value <= 100:
        raise _sq_error(
            "ValidationException",
            f"1 validation error detected: Value '{value}' at 'maxResults' failed to satisfy constraint: "
            "Member must have value less than or equal to 100",
        )
    return value


def _sq_page(items: list, params: dict, kind: str, key: str) -> str:
    max_results = _sq_max_results(params)
    offset = read_token(params.get("NextToken"), kind)
    if offset is None:
        raise _sq_error("InvalidPaginationTokenException", "Invalid pagination token.")
    page = items[offset:offset + max_results]
    out: dict[str, Any] = {key: page}
    if offset + max_results < len(items):
        out["NextToken"] = make_token(offset + max_results, kind)
    return json.dumps(out)


def _sq_quota(region: str, service: str, code: Any, defaults: bool = False) -> dict:
    table = WORLD.default_quotas if defaults else WORLD.quotas
    for q in table.get((region, service), []):
        if q["QuotaCode"] == code:
            return q
    raise _sq_error(
        "NoSuchResourceException",
        f"The request failed because the specified service quota does not exist: {service}/{code}.",
    )


@_sq_json
def sq_list_service_quotas(self: ServiceQuotasResponse) -> str:
    params = _sq_params(self)
    with WORLD.lock:
        service = _sq_service(self.region, params.get("ServiceCode"))
        quotas = WORLD.quotas[(self.region, service)]
        if params.get("QuotaCode"):
            quotas = [q for q in quotas if q["QuotaCode"] == params["QuotaCode"]]
        return _sq_page(copy.deepcopy(quotas), params, f"lsq:{service}", "Quotas")


@_sq_json
def sq_list_aws_default_service_quotas(self: ServiceQuotasResponse) -> str:
    params = _sq_params(self)
    with WORLD.lock:
        service = _sq_service(self.region, params.get("ServiceCode"))
        return _sq_page(copy.deepcopy(WORLD.default_quotas[(self.region, service)]), params,
                        f"ldq:{service}", "Quotas")


@_sq_json
def sq_get_service_quota(self: ServiceQuotasResponse) -> str:
    params = _sq_params(self)
    with WORLD.lock:
        service = _sq_service(self.region, params.get("ServiceCode"))
        return json.dumps({"Quota": copy.deepcopy(_sq_quota(self.region, service, params.get("QuotaCode")))})


@_sq_json
def sq_get_aws_default_service_quota(self: ServiceQuotasResponse) -> str:
    params = _sq_params(self)
    with WORLD.lock:
        service = _sq_service(self.region, params.get("ServiceCode"))
        return json.dumps({"Quota": copy.deepcopy(
            _sq_quota(self.region, service, params.get("QuotaCode"), defaults=True))})


@_sq_json
def sq_list_services(self: ServiceQuotasResponse) -> str:
    params = _sq_params(self)
    with WORLD.lock:
        codes = sorted(s for (r, s) in WORLD.quotas if r == self.region)
    services = [
        {"ServiceCode": c, "ServiceName": WORLD.quotas[(self.region, c)][0]["ServiceName"]
         if WORLD.quotas[(self.region, c)] else c}
        for c in codes
    ]
    return _sq_page(services, params, "ls", "Services")


@_sq_json
def sq_request_service_quota_increase(self: ServiceQuotasResponse) -> str:
    params = _sq_params(self)
    desired = params.get("DesiredValue")
    if not isinstance(desired, (int, float)) or isinstance(desired, bool):
        raise _sq_error("IllegalArgumentException", "DesiredValue is required and must be a number.")
    with WORLD.lock:
        service = _sq_service(self.region, params.get("ServiceCode"))
        quota = _sq_quota(self.region, service, params.get("QuotaCode"))
        if not quota["Adjustable"]:
            raise _sq_error("IllegalArgumentException", "The quota is not adjustable.")
        for r in WORLD.quota_requests:
            if (r["_region"] == self.region and r["ServiceCode"] == service
                    and r["QuotaCode"] == quota["QuotaCode"] and r["Status"] in OPEN_STATUSES):
                raise _sq_error("ResourceAlreadyExistsException",
                                "Only one open service quota increase request is allowed per quota.")
        if float(desired) <= float(quota["Value"]):
            raise _sq_error("IllegalArgumentException",
                            "You must provide a quota value greater than the current quota value")
        record = WORLD.new_request(self.region, quota, float(desired), self.current_account)
        WORLD.quota_requests.append(record)
        return json.dumps({"RequestedQuota": public_request(record)})


def _history(region: str, service: str | None, code: str | None, status: Any) -> list[dict]:
    if status is not None and status not in REQUEST_STATUSES:
        raise _sq_error(
            "ValidationException",
            f"1 validation error detected: Value '{status}' at 'status' failed to satisfy constraint: "
            f"Member must satisfy enum value set: [{', '.join(REQUEST_STATUSES)}]",
        )
    rows = [
        public_request(r) for r in WORLD.quota_requests
        if r["_region"] == region
        and (service is None or r["ServiceCode"] == service)
        and (code is None or r["QuotaCode"] == code)
        and (status is None or r["Status"] == status)
    ]
    rows.sort(key=lambda r: -r["Created"])  # newest first
    return rows


@_sq_json
def sq_list_requested_service_quota_change_history(self: ServiceQuotasResponse) -> str:
    params = _sq_params(self)
    with WORLD.lock:
        service = _sq_service(self.region, params.get("ServiceCode"), required=False)
        rows = _history(self.region, service, None, params.get("Status"))
        return _sq_page(rows, params, f"h:{service}:{params.get('Status')}", "RequestedQuotas")


@_sq_json
def sq_list_requested_service_quota_change_history_by_quota(self: ServiceQuotasResponse) -> str:
    params = _sq_params(self)
    with WORLD.lock:
        service = _sq_service(self.region, params.get("ServiceCode"))
        quota = _sq_quota(self.region, service, params.get("QuotaCode"))
        rows = _history(self.region, service, quota["QuotaCode"], params.get("Status"))
        return _sq_page(rows, params, f"hq:{service}:{quota['QuotaCode']}:{params.get('Status')}",
                        "RequestedQuotas")


@_sq_json
def sq_get_requested_service_quota_change(self: ServiceQuotasResponse) -> str:
    params = _sq_params(self)
    with WORLD.lock:
        for r in WORLD.quota_requests:
            if r["Id"] == params.get("RequestId") and r["_region"] == self.region:
                return json.dumps({"RequestedQuota": public_request(r)})
    raise _sq_error("NoSuchResourceException",
                    f"The request failed because the specified request does not exist: {params.get('RequestId')}.")


# --------------------------------------------------------------------------------------------
# SageMaker

_MOTO_VALIDATE_INSTANCE_TYPE = sm_models.FakeEndpointConfig.validate_instance_type
_SAGEMAKER_INSTANCE_TYPES: set[str] = set()


def _load_sagemaker_instance_types() -> None:
    import botocore.session

    model = botocore.session.get_session().get_service_model("sagemaker")
    _SAGEMAKER_INSTANCE_TYPES.update(model.shape_for("ProductionVariantInstanceType").enum)


def validate_instance_type(self: Any, instance_type: str) -> None:
    # Accept what the SageMaker API model accepts (moto's allow-list lacks ml.g5, ml.g6, ...).
    if instance_type in _SAGEMAKER_INSTANCE_TYPES:
        return
    _MOTO_VALIDATE_INSTANCE_TYPE(self, instance_type)


_orig_create_endpoint_config = sm_models.SageMakerModelBackend.create_endpoint_config
_orig_create_endpoint = sm_models.SageMakerModelBackend.create_endpoint
_orig_create_model = sm_models.SageMakerModelBackend.create_model
_orig_get_resource_from_arn = sm_models.SageMakerModelBackend._get_resource_from_arn

# Endpoint statuses during which AWS refuses UpdateEndpoint, UpdateEndpointWeightsAndCapacities
# and DeleteEndpoint with "Cannot update in-progress endpoint".
IN_PROGRESS_STATUSES = ("Creating", "Updating", "SystemUpdating", "RollingBack", "Deleting")
ENDPOINT_STATUSES = ("OutOfService", "Creating", "Updating", "SystemUpdating", "RollingBack", "InService",
                     "Deleting", "Failed", "UpdateRollbackFailed")


def _sm_arn(kind: str, name: str, backend: Any) -> str:
    return sm_utils.arn_formatter(kind, name, backend.account_id, backend.region_name)


def _sm_not_found(kind: str, name: str, backend: Any) -> ValidationError:
    """AWS's wording: 'Could not find endpoint "ARN".' (moto quotes with ' or uses the bare name)."""
    words = {"model": "model", "endpoint": "endpoint", "endpoint-config": "endpoint configuration"}[kind]
    return ValidationError(message=f'Could not find {words} "{_sm_arn(kind, name, backend)}".')


def _sm_in_progress(endpoint: Any) -> ValidationError:
    return ValidationError(message=f'Cannot update in-progress endpoint "{endpoint.arn}".')


def _sm_require_in_service(endpoint: Any) -> None:
    status = endpoint.endpoint_status
    if status in IN_PROGRESS_STATUSES:
        raise _sm_in_progress(endpoint)
    if status != "InService":
        # INVENTED wording: AWS refuses updates of a Failed/OutOfService endpoint too, words unknown.
        raise ValidationError(message=f'Cannot update endpoint "{endpoint.arn}" in status {status}.')


def _sm_start_pending(endpoint: Any, status: str) -> None:
    """The world's stand-in for AWS's provisioning time: after CreateEndpoint / UpdateEndpoint /
    UpdateEndpointWeightsAndCapacities the endpoint reports `status` ("Creating"/"Updating") for
    the next settings.pending_polls DescribeEndpoint calls, then InService (0: InService at once)."""
    polls = int(WORLD.settings.get("pending_polls") or 0)
    # Kept beside the endpoint, not on it: moto turns every attribute of a FakeEndpoint into a
    # DescribeEndpoint field.
    WORLD.pending_polls[endpoint.arn] = polls
    endpoint.endpoint_status = status if polls > 0 else "InService"


def create_model(self: Any, model_name: str, *args: Any, **kwargs: Any) -> Any:
    if model_name in self._models:
        # moto replaced the model silently (and dropped its tags); AWS refuses.
        raise ValidationError(message=f'Cannot create already existing model "{_sm_arn("model", model_name, self)}".')
    return _orig_create_model(self, model_name, *args, **kwargs)


def describe_model(self: Any, model_name: str) -> Any:
    model = self._models.get(model_name)
    if model is None:
        raise _sm_not_found("model", model_name, self)
    return model


def delete_model(self: Any, model_name: str) -> None:
    if model_name not in self._models:
        raise _sm_not_found("model", model_name, self)
    del self._models[model_name]


def validate_production_variants(self: Any, production_variants: list[dict[str, Any]]) -> None:
    for variant in production_variants:
        if variant.get("ModelName") not in self._models:
            raise _sm_not_found("model", str(variant.get("ModelName")), self)


def create_endpoint_config(self: Any, endpoint_config_name: str, *args: Any, **kwargs: Any) -> Any:
    if endpoint_config_name in self.endpoint_configs:
        arn = sm_models.FakeEndpointConfig.arn_formatter(endpoint_config_name, self.account_id, self.region_name)
        raise ValidationError(message=f'Cannot create already existing endpoint configuration "{arn}".')
    return _orig_create_endpoint_config(self, endpoint_config_name, *args, **kwargs)


def describe_endpoint_config(self: Any, endpoint_config_name: str) -> dict[str, Any]:
    config = self.endpoint_configs.get(endpoint_config_name)
    if config is None:
        raise _sm_not_found("endpoint-config", endpoint_config_name, self)
    return config.response_object


def delete_endpoint_config(self: Any, endpoint_config_name: str) -> None:
    # As on AWS, a config still used by an endpoint can be deleted (the endpoint keeps running).
    if endpoint_config_name not in self.endpoint_configs:
        raise _sm_not_found("endpoint-config", endpoint_config_name, self)
    del self.endpoint_configs[endpoint_config_name]


def _config_variants(backend: Any, config_name: str) -> list[dict]:
    config = backend.endpoint_configs.get(config_name)
    return list(config.production_variants) if config else []


def _endpoint_usage(backend: Any, exclude_endpoint: str | None = None) -> dict[str, int]:
    """Instances in use per ml.* type across the region's endpoints (the quota's utilisation)."""
    used: dict[str, int] = {}
    for name, ep in backend.endpoints.items():
        if name == exclude_endpoint:
            continue
        types = {v.get("VariantName"): v.get("InstanceType") for v in _config_variants(backend, ep.endpoint_config_name)}
        for v in ep.production_variants:
            itype = types.get(v.get("VariantName"))
            if itype:
                used[itype] = used.get(itype, 0) + int(v.get("CurrentInstanceCount") or 0)
    return used


def _wanted_instances(backend: Any, config_name: str, variants: list[dict] | None = None) -> dict[str, int]:
    """Instances per ml.* type an endpoint on this config would run: the config's
    InitialInstanceCount, or the DesiredInstanceCount of `variants` (endpoint variants) when given."""
    counts = {v.get("VariantName"): int(v.get("DesiredInstanceCount") or 0) for v in variants} if variants else None
    wanted: dict[str, int] = {}
    for v in _config_variants(backend, config_name):
        itype = v.get("InstanceType")
        if not itype:
            continue
        n = counts.get(v.get("VariantName"), 0) if counts is not None else int(v.get("InitialInstanceCount") or 0)
        wanted[itype] = wanted.get(itype, 0) + n
    return wanted


def _check_endpoint_quota(backend: Any, wanted: dict[str, int], exclude_endpoint: str | None = None) -> None:
    if not WORLD.settings.get("enforce_endpoint_quotas"):
        return
    region = backend.region_name
    if (region, "sagemaker") not in WORLD.quotas:
        return
    used = _endpoint_usage(backend, exclude_endpoint)
    with WORLD.lock:
        for itype, delta in sorted(wanted.items()):
            name = f"{itype} for endpoint usage"
            quota = WORLD.find_quota(region, "sagemaker", name=name)
            if quota is None:
                # INVENTED wording: the world's way of saying SageMaker does not offer the type here.
                raise ValidationError(message=f"The instance type {itype} is not supported in region {region}.")
            limit = int(quota["Value"])
            current = used.get(itype, 0)
            if current + delta > limit:
                raise SagemakerClientError(
                    "ResourceLimitExceeded",
                    f"The account-level service limit '{name}' is {limit} Instances, with current utilization "
                    f"of {current} Instances and a request delta of {delta} Instances. Please use AWS Service "
                    "Quotas to request an increase for this quota. If AWS Service Quotas is not available, "
                    "contact AWS support to request an increase for this quota.",
                )


def create_endpoint(self: Any, endpoint_name: str, endpoint_config_name: str, tags: Any) -> Any:
    seeding = getattr(self, "_gpuplan_seeding", False)
    with WORLD.lock:
        # Endpoint names are case-insensitive in CreateEndpoint (the API reference says so).
        clash = next((n for n in self.endpoints if n.lower() == endpoint_name.lower()), None)
        if clash is not None:
            arn = sm_models.FakeEndpoint.arn_formatter(endpoint_name, self.account_id, self.region_name)
            raise ValidationError(message=f'Cannot create already existing endpoint "{arn}".')
        if endpoint_config_name not in self.endpoint_configs:
            raise _sm_not_found("endpoint-config", endpoint_config_name, self)
        if not seeding:
            _check_endpoint_quota(self, _wanted_instances(self, endpoint_config_name))
        endpoint = _orig_create_endpoint(self, endpoint_name, endpoint_config_name, tags)
        if not seeding:
            _sm_start_pending(endpoint, "Creating")
        return endpoint


def describe_endpoint(self: Any, endpoint_name: str) -> dict[str, Any]:
    with WORLD.lock:
        endpoint = self.endpoints.get(endpoint_name)
        if endpoint is None:
            raise _sm_not_found("endpoint", endpoint_name, self)
        response = endpoint.response_object
        pending = WORLD.pending_polls.get(endpoint.arn, 0)
        if pending > 0:
            WORLD.pending_polls[endpoint.arn] = pending - 1
            if pending == 1:  # this poll still saw Creating/Updating; the next one sees InService
                endpoint.endpoint_status = "InService"
                endpoint.last_modified_time = sm_models.utcnow()
        return response


def delete_endpoint(self: Any, endpoint_name: str) -> None:
    with WORLD.lock:
        endpoint = self.endpoints.get(endpoint_name)
        if endpoint is None:
            raise _sm_not_found("endpoint", endpoint_name, self)
        if endpoint.endpoint_status in IN_PROGRESS_STATUSES:
            raise _sm_in_progress(endpoint)
        del self.endpoints[endpoint_name]  # gone at once (AWS: Deleting for a while, then gone)
        WORLD.pending_polls.pop(endpoint.arn, None)


def update_endpoint(self: SageMakerResponse) -> ActionResult:
    """UpdateEndpoint (moto: HTTP 500). AWS semantics: only an InService endpoint can be updated;
    with RetainAllVariantProperties=true each variant keeps its current instance counts and weight
    (minus ExcludeRetainedVariantProperties) and takes the new config's instance type; with false
    (the default) the new config's InitialInstanceCount/InitialVariantWeight apply."""
    backend = self.sagemaker_backend
    name = self._get_param("EndpointName")
    config_name = self._get_param("EndpointConfigName")
    retain = bool(self._get_param("RetainAllVariantProperties") or False)
    excluded = {e.get("VariantPropertyType") for e in self._get_param("ExcludeRetainedVariantProperties") or []}
    with WORLD.lock:
        endpoint = backend.endpoints.get(name)
        if endpoint is None:
            raise _sm_not_found("endpoint", name, backend)
        _sm_require_in_service(endpoint)
        config = backend.endpoint_configs.get(config_name)
        if config is None:
            raise _sm_not_found("endpoint-config", config_name, backend)
        variants = endpoint._process_production_variants(config.production_variants)
        if retain:
            before = {v.get("VariantName"): v for v in endpoint.production_variants}
            for v in variants:
                old = before.get(v["VariantName"])
                if old is None:
                    continue
                if "DesiredInstanceCount" not in excluded:
                    for key in ("CurrentInstanceCount", "DesiredInstanceCount"):
                        if key in old:
                            v[key] = old[key]
                if "DesiredWeight" not in excluded:
                    for key in ("CurrentWeight", "DesiredWeight"):
                        if key in old:
                            v[key] = old[key]
        _check_endpoint_quota(backend, _wanted_instances(backend, config_name, variants), exclude_endpoint=name)
        endpoint.endpoint_config_name = config_name
        endpoint.production_variants = variants
        if not (retain and "DataCaptureConfig" not in excluded):
            endpoint.data_capture_config = config.data_capture_config
        endpoint.last_modified_time = sm_models.utcnow()
        _sm_start_pending(endpoint, "Updating")
        return ActionResult({"EndpointArn": endpoint.arn})


def update_endpoint_weights_and_capacities(self: Any, endpoint_name: str,
                                           desired_weights_and_capacities: list[dict[str, Any]]) -> str:
    """moto's, with AWS's in-progress refusal, only the given fields changed (moto set an omitted
    DesiredWeight to null), the quota check, LastModifiedTime, and the pending polls ("Updating")."""
    with WORLD.lock:
        endpoint = self.endpoints.get(endpoint_name)
        if endpoint is None:
            raise _sm_not_found("endpoint", endpoint_name, self)
        _sm_require_in_service(endpoint)
        present = {v.get("VariantName") for v in endpoint.production_variants}
        seen: set[str] = set()
        for change in desired_weights_and_capacities:
            vname = change.get("VariantName")
            if vname in seen:
                raise ValidationError(message=f'The variant name "{vname}" was non-unique within the request.')
            if vname not in present:
                raise ValidationError(message=f'The variant name(s) "{vname}" is/are not present within endpoint '
                                              f'configuration "{endpoint.endpoint_config_name}".')
            seen.add(vname)
        variants = copy.deepcopy(endpoint.production_variants)
        for change in desired_weights_and_capacities:
            for v in variants:
                if v.get("VariantName") != change.get("VariantName"):
                    continue
                if change.get("DesiredWeight") is not None:
                    v["DesiredWeight"] = v["CurrentWeight"] = change["DesiredWeight"]
                if change.get("DesiredInstanceCount") is not None:
                    v["DesiredInstanceCount"] = v["CurrentInstanceCount"] = change["DesiredInstanceCount"]
        _check_endpoint_quota(self, _wanted_instances(self, endpoint.endpoint_config_name, variants),
                              exclude_endpoint=endpoint_name)
        endpoint.production_variants = variants
        endpoint.last_modified_time = sm_models.utcnow()
        _sm_start_pending(endpoint, "Updating")
        return endpoint.arn


def get_resource_from_arn(self: Any, arn: str) -> Any:
    """ListTags/AddTags/DeleteTags: moto answers HTTP 500 for an unknown name (and for an unknown
    resource type) and matches names case-sensitively. Here: the ARN must be this region's and
    account's; names match ignoring case (SageMaker names are case-insensitive, and AWS returns
    some SageMaker ARNs with the name lowercased); otherwise ValidationException."""
    prefix = f"arn:{partition(self.region_name)}:sagemaker:{self.region_name}:{self.account_id}:"
    resource = None
    if isinstance(arn, str) and arn.startswith(prefix) and "/" in arn[len(prefix):]:
        kind, name = arn[len(prefix):].split("/", 1)
        tables = {"model": self._models, "endpoint": self.endpoints, "endpoint-config": self.endpoint_configs}
        if kind in tables:
            table = tables[kind]
            resource = table.get(name) or next((r for n, r in table.items() if n.lower() == name.lower()), None)
        else:
            try:
                resource = _orig_get_resource_from_arn(self, arn)
            except Exception:  # noqa: BLE001 - moto raises AttributeError/KeyError/ValidationError here
                resource = None
    if resource is None:
        # Wording as quoted in a boto3 issue report (#4606); not verified further.
        raise ValidationError(message="Resource does not exist")
    return resource


# -- SageMaker list calls ------------------------------------------------------------------------
# moto's ListModels ignores NameContains, MaxResults and NextToken; its ListEndpoints and
# ListEndpointConfigs page by 100 and sort ascending. AWS: MaxResults 1..100, default 10; SortBy
# CreationTime, SortOrder Descending by default (the API reference).

def _sm_max_results(value: Any) -> int:
    if value is None:
        return 10
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 100:
        bound = "less than or equal to 100" if isinstance(value, int) and value > 100 else "greater than or equal to 1"
        raise ValidationError(message=f"1 validation error detected: Value '{value}' at 'maxResults' failed to "
                                      f"satisfy constraint: Member must have value {bound}")
    return value


def _sm_list(self: SageMakerResponse, rows: list[Any], kind: str, key: str, name_of: Any, summary: Any,
             sort_keys: tuple[str, ...] = ("Name", "CreationTime")) -> ActionResult:
    p = self._get_param
    sort_by = p("SortBy") or "CreationTime"
    sort_order = p("SortOrder") or "Descending"
    if sort_by not in sort_keys:
        raise ValidationError(message=f"1 validation error detected: Value '{sort_by}' at 'sortBy' failed to satisfy "
                                      f"constraint: Member must satisfy enum value set: [{', '.join(sort_keys)}]")
    if sort_order not in ("Ascending", "Descending"):
        raise ValidationError(message=f"1 validation error detected: Value '{sort_order}' at 'sortOrder' failed to "
                                      "satisfy constraint: Member must satisfy enum value set: [Ascending, Descending]")
    contains = p("NameContains")
    status = p("StatusEquals")
    if status is not None and status not in ENDPOINT_STATUSES:
        raise ValidationError(message=f"1 validation error detected: Value '{status}' at 'statusEquals' failed to "
                                      f"satisfy constraint: Member must satisfy enum value set: [{', '.join(ENDPOINT_STATUSES)}]")
    windows = [(p(name), attr, op) for name, attr, op in (
        ("CreationTimeBefore", "creation_time", "lt"), ("CreationTimeAfter", "creation_time", "ge"),
        ("LastModifiedTimeBefore", "last_modified_time", "lt"), ("LastModifiedTimeAfter", "last_modified_time", "ge"))]
    out = []
    for r in rows:
        if contains and contains not in name_of(r):
            continue
        if status is not None and getattr(r, "endpoint_status", None) != status:
            continue
        keep = True
        for bound, attr, op in windows:
            if bound is None or not hasattr(r, attr):
                continue
            t, b = parse_time(getattr(r, attr)), parse_time(bound)
            keep = keep and (t < b if op == "lt" else t >= b)
        if keep:
            out.append(r)
    order = {
        "Name": lambda r: (name_of(r), 0.0),
        "CreationTime": lambda r: (parse_time(r.creation_time).timestamp(), name_of(r)),
        "Status": lambda r: (getattr(r, "endpoint_status", ""), name_of(r)),
    }[sort_by]
    out.sort(key=order, reverse=sort_order == "Descending")
    max_results = _sm_max_results(p("MaxResults"))
    token_kind = f"sm:{kind}:{contains}:{status}:{sort_by}:{sort_order}"
    token = p("NextToken")
    offset = read_token(token, token_kind)
    if offset is None:
        # INVENTED wording.
        raise ValidationError(message=f"Invalid pagination token {token!r}.")
    page = out[offset:offset + max_results]
    result: dict[str, Any] = {key: [summary(r) for r in page]}
    if offset + max_results < len(out):
        result["NextToken"] = make_token(offset + max_results, token_kind)
    return ActionResult(result)


def sm_list_models(self: SageMakerResponse) -> ActionResult:
    return _sm_list(self, list(self.sagemaker_backend._models.values()), "model", "Models", lambda m: m.model_name,
                    lambda m: {"ModelName": m.model_name, "ModelArn": m.arn, "CreationTime": m.creation_time})


def sm_list_endpoint_configs(self: SageMakerResponse) -> ActionResult:
    return _sm_list(self, list(self.sagemaker_backend.endpoint_configs.values()), "config", "EndpointConfigs",
                    lambda c: c.endpoint_config_name, lambda c: c.summary())


def sm_list_endpoints(self: SageMakerResponse) -> ActionResult:
    return _sm_list(self, list(self.sagemaker_backend.endpoints.values()), "endpoint", "Endpoints",
                    lambda e: e.endpoint_name, lambda e: e.summary(), ("Name", "CreationTime", "Status"))


# --------------------------------------------------------------------------------------------
# Application Auto Scaling

_AAS_PAGE_LIMITS = {"targets": 50, "policies": 10, "scheduled": 50}  # max and default MaxResults (API reference)
_orig_register_scalable_target = aas_models.ApplicationAutoscalingBackend.register_scalable_target
_orig_put_scheduled_action = aas_models.ApplicationAutoscalingBackend.put_scheduled_action
_orig_build_target = aas_responses._build_target
_orig_create_alarms = aas_models.FakeApplicationAutoscalingPolicy.create_alarms


def _aas_params(self: ApplicationAutoScalingResponse) -> dict:
    try:
        return json.loads(self.body or "{}")
    except ValueError:
        raise JsonRESTError("ValidationException", "The request body is not valid JSON.")


def _aas_target(backend: Any, namespace: str, resource_id: str, dimension: str) -> Any:
    target = backend.targets.get(dimension, {}).get(resource_id)
    return target if target is not None and target.service_namespace == namespace else None


def _aas_no_target(namespace: str, resource_id: str, dimension: str) -> JsonRESTError:
    # AWS's wording (PutScalingPolicy / PutScheduledAction without a registered target).
    return JsonRESTError("ObjectNotFoundException",
                         f"No scalable target registered for service namespace: {namespace}, "
                         f"resource ID: {resource_id}, scalable dimension: {dimension}")


def _aas_tags(backend: Any) -> dict[str, dict[str, str]]:
    """Scalable target ARN -> tags (moto keeps none). On the backend, so moto's reset drops them."""
    if not hasattr(backend, "_gpuplan_tags"):
        backend._gpuplan_tags = {}
    return backend._gpuplan_tags


def _aas_page(items: list, params: dict, limit: int, kind: str) -> tuple[list, str | None]:
    value = params.get("MaxResults")
    if value is None:
        value = limit
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= limit:
        # Range from the API reference; what AWS answers outside it is not verified.
        raise JsonRESTError("ValidationException",
                            f"1 validation error detected: Value '{value}' at 'maxResults' failed to satisfy "
                            f"constraint: Member must have value between 1 and {limit}")
    offset = read_token(params.get("NextToken"), kind)
    if offset is None:
        raise JsonRESTError("InvalidNextTokenException", "Invalid token")  # INVENTED wording
    nxt = make_token(offset + value, kind) if offset + value < len(items) else None
    return items[offset:offset + value], nxt


def build_target(t: Any) -> dict[str, Any]:
    """moto's, with what AWS always returns: RoleARN (the service-linked role when none was
    given) and SuspendedState (all false)."""
    out = _orig_build_target(t)
    backend = t.applicationautoscaling_backend
    if not out.get("RoleARN") and t.service_namespace == "sagemaker":
        out["RoleARN"] = (f"arn:{partition(backend.region_name)}:iam::{backend.account_id}:role/aws-service-role/"
                          "sagemaker.application-autoscaling.amazonaws.com/"
                          "AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint")
    state = {"DynamicScalingInSuspended": False, "DynamicScalingOutSuspended": False,
             "ScheduledScalingSuspended": False}
    state.update(out.get("SuspendedState") or {})
    out["SuspendedState"] = state
    return {k: v for k, v in out.items() if v is not None}


def aas_register_scalable_target(self: ApplicationAutoScalingResponse) -> str:
    """moto's, plus Tags: stored when the call creates the target (AWS: tags given when updating
    an existing target are not applied; TagResource changes them)."""
    params = _aas_params(self)
    backend = self.applicationautoscaling_backend
    existed = _aas_target(backend, params.get("ServiceNamespace"), params.get("ResourceId"),
                          params.get("ScalableDimension")) is not None
    self._validate_params()
    target = backend.register_scalable_target(
        params.get("ServiceNamespace"), params.get("ResourceId"), params.get("ScalableDimension"),
        min_capacity=params.get("MinCapacity"), max_capacity=params.get("MaxCapacity"),
        role_arn=params.get("RoleARN"), suspended_state=params.get("SuspendedState"),
    )
    if not existed:
        _aas_tags(backend)[target.arn] = {str(k): str(v) for k, v in (params.get("Tags") or {}).items()}
    return json.dumps({"ScalableTargetARN": target.arn})


def aas_describe_scalable_targets(self: ApplicationAutoScalingResponse) -> str:
    """moto's paging is broken (the second page's NextToken repeats: a paginator never ends)."""
    self._validate_params()
    params = _aas_params(self)
    ids = params.get("ResourceIds") or []
    targets = self.applicationautoscaling_backend.describe_scalable_targets(
        params.get("ServiceNamespace"), ids, params.get("ScalableDimension"))
    page, nxt = _aas_page(list(targets), params, _AAS_PAGE_LIMITS["targets"],
                          f"aas-t:{params.get('ServiceNamespace')}:{','.join(ids)}:{params.get('ScalableDimension')}")
    out: dict[str, Any] = {"ScalableTargets": [aas_responses._build_target(t) for t in page]}
    if nxt:
        out["NextToken"] = nxt
    return json.dumps(out)


def aas_describe_scaling_policies(self: ApplicationAutoScalingResponse) -> str:
    """moto ignores PolicyNames and matches ResourceId as a substring; AWS pages by 10."""
    self._validate_params()
    params = _aas_params(self)
    names = params.get("PolicyNames") or []
    policies = [p for p in self.applicationautoscaling_backend.policies.values()
                if p.service_namespace == params.get("ServiceNamespace")
                and (not params.get("ResourceId") or p.resource_id == params["ResourceId"])
                and (not params.get("ScalableDimension") or p.scalable_dimension == params["ScalableDimension"])
                and (not names or p.policy_name in names)]
    page, nxt = _aas_page(policies, params, _AAS_PAGE_LIMITS["policies"],
                          f"aas-p:{params.get('ServiceNamespace')}:{params.get('ResourceId')}:{','.join(names)}")
    out: dict[str, Any] = {"ScalingPolicies": [aas_responses._build_policy(p) for p in page]}
    if nxt:
        out["NextToken"] = nxt
    return json.dumps(out)


def aas_describe_scheduled_actions(self: ApplicationAutoScalingResponse) -> str:
    """moto does not page ("Pagination is not yet implemented")."""
    params = _aas_params(self)
    names = params.get("ScheduledActionNames") or []
    actions = self.applicationautoscaling_backend.describe_scheduled_actions(
        scheduled_action_names=names, service_namespace=params.get("ServiceNamespace"),
        resource_id=params.get("ResourceId"), scalable_dimension=params.get("ScalableDimension"))
    page, nxt = _aas_page(list(actions), params, _AAS_PAGE_LIMITS["scheduled"],
                          f"aas-s:{params.get('ServiceNamespace')}:{params.get('ResourceId')}:{','.join(names)}")
    out: dict[str, Any] = {"ScheduledActions": [aas_responses._build_scheduled_action(a) for a in page]}
    if nxt:
        out["NextToken"] = nxt
    return json.dumps(out)


def _aas_find_arn(backend: Any, arn: Any) -> Any:
    for dims in backend.targets.values():
        for target in dims.values():
            if target.arn == arn:
                return target
    # INVENTED wording (the error code is AWS's).
    raise JsonRESTError("ResourceNotFoundException", f"No scalable target found for ARN: {arn}")


def aas_list_tags_for_resource(self: ApplicationAutoScalingResponse) -> str:
    params = _aas_params(self)
    target = _aas_find_arn(self.applicationautoscaling_backend, params.get("ResourceARN"))
    return json.dumps({"Tags": dict(_aas_tags(self.applicationautoscaling_backend).get(target.arn, {}))})


def aas_tag_resource(self: ApplicationAutoScalingResponse) -> str:
    params = _aas_params(self)
    target = _aas_find_arn(self.applicationautoscaling_backend, params.get("ResourceARN"))
    tags = _aas_tags(self.applicationautoscaling_backend).setdefault(target.arn, {})
    tags.update({str(k): str(v) for k, v in (params.get("Tags") or {}).items()})
    return json.dumps({})


def aas_untag_resource(self: ApplicationAutoScalingResponse) -> str:
    params = _aas_params(self)
    target = _aas_find_arn(self.applicationautoscaling_backend, params.get("ResourceARN"))
    tags = _aas_tags(self.applicationautoscaling_backend).setdefault(target.arn, {})
    for key in params.get("TagKeys") or []:
        tags.pop(key, None)
    return json.dumps({})


def _aas_drop_policy(backend: Any, key: str) -> None:
    """Delete a policy as AWS does: the alarms it made (target tracking) go with it; an alarm of
    the account's that names a step policy in its actions stays, without that action."""
    from moto.cloudwatch.models import cloudwatch_backends

    policy = backend.policies.pop(key)
    policy.delete_alarms(backend.account_id, backend.region_name)
    cloudwatch = cloudwatch_backends[backend.account_id][backend.region_name]
    for alarm in cloudwatch.alarms.values():
        for attr in ("alarm_actions", "ok_actions", "insufficient_data_actions"):
            actions = getattr(alarm, attr, None) or []
            if policy.policy_arn in actions:
                setattr(alarm, attr, [a for a in actions if a != policy.policy_arn])


def aas_deregister_scalable_target(self: Any, namespace: str, r_id: str, dimension: str) -> None:
    """AWS deletes the target's scaling policies and scheduled actions with it (moto kept them)."""
    if _aas_target(self, namespace, r_id, dimension) is None:
        # moto's wording; AWS's error code (moto: ValidationException).
        raise JsonRESTError("ObjectNotFoundException",
                            f"No scalable target found for service namespace: {namespace}, resource ID: {r_id}, "
                            f"scalable dimension: {dimension}")
    target = self.targets[dimension].pop(r_id)
    _aas_tags(self).pop(target.arn, None)
    for key, p in list(self.policies.items()):
        if (p.service_namespace, p.resource_id, p.scalable_dimension) == (namespace, r_id, dimension):
            _aas_drop_policy(self, key)
    self.scheduled_actions = [a for a in self.scheduled_actions
                              if (a.service_namespace, a.resource_id, a.scalable_dimension) != (namespace, r_id, dimension)]


def aas_put_scaling_policy(self: Any, policy_name: str, service_namespace: str, resource_id: str,
                           scalable_dimension: str, policy_body: dict[str, Any], policy_type: str | None) -> Any:
    """AWS needs a registered target (moto did not); updating a policy keeps its ARN (moto made a
    new one, which left an alarm's action pointing at nothing) and replaces its alarms (moto left
    the old target-tracking alarms behind)."""
    if _aas_target(self, service_namespace, resource_id, scalable_dimension) is None:
        raise _aas_no_target(service_namespace, resource_id, scalable_dimension)
    key = aas_models.FakeApplicationAutoscalingPolicy.formulate_key(
        service_namespace, resource_id, scalable_dimension, policy_name)
    old = self.policies.get(key)
    policy = aas_models.FakeApplicationAutoscalingPolicy(
        account_id=self.account_id, region_name=self.region_name, policy_name=policy_name,
        service_namespace=service_namespace, resource_id=resource_id, scalable_dimension=scalable_dimension,
        policy_type=policy_type or (old.policy_type if old else None),
        policy_body=policy_body or (old._policy_body if old else {}),
    )
    if old is not None:
        old.delete_alarms(self.account_id, self.region_name)
        policy.delete_alarms(self.account_id, self.region_name)
        policy._guid, policy.policy_arn, policy.creation_time = old._guid, old.policy_arn, old.creation_time
        policy.alarms = []
        policy.create_alarms()
    self.policies[key] = policy
    return policy


def aas_delete_scaling_policy(self: Any, policy_name: str, service_namespace: str, resource_id: str,
                              scalable_dimension: str) -> None:
    key = aas_models.FakeApplicationAutoscalingPolicy.formulate_key(
        service_namespace, resource_id, scalable_dimension, policy_name)
    if key not in self.policies:
        # moto's wording; AWS's error code (moto: ValidationException).
        raise JsonRESTError("ObjectNotFoundException",
                            f"No scaling policy found for service namespace: {service_namespace}, resource ID: "
                            f"{resource_id}, scalable dimension: {scalable_dimension}, policy name: {policy_name}")
    _aas_drop_policy(self, key)


def aas_put_scheduled_action(self: Any, service_namespace: str, schedule: str, timezone: str,
                             scheduled_action_name: str, resource_id: str, scalable_dimension: str,
                             *args: Any, **kwargs: Any) -> None:
    if _aas_target(self, service_namespace, resource_id, scalable_dimension) is None:
        raise _aas_no_target(service_namespace, resource_id, scalable_dimension)
    _orig_put_scheduled_action(self, service_namespace, schedule, timezone, scheduled_action_name, resource_id,
                               scalable_dimension, *args, **kwargs)


def aas_delete_scheduled_action(self: Any, service_namespace: str, scheduled_action_name: str, resource_id: str,
                                scalable_dimension: str) -> None:
    """moto succeeded for an action that does not exist; AWS: ObjectNotFoundException."""
    match = [a for a in self.scheduled_actions
             if (a.service_namespace, a.scheduled_action_name, a.resource_id, a.scalable_dimension)
             == (service_namespace, scheduled_action_name, resource_id, scalable_dimension)]
    if not match:
        # INVENTED wording (the error code is AWS's).
        raise JsonRESTError("ObjectNotFoundException",
                            f"No scheduled action found for service namespace: {service_namespace}, resource ID: "
                            f"{resource_id}, scalable dimension: {scalable_dimension}, scheduled action name: "
                            f"{scheduled_action_name}")
    self.scheduled_actions = [a for a in self.scheduled_actions if a not in match]


def aas_create_alarms(self: Any) -> None:
    """moto makes the target-tracking alarms for DynamoDB and ECS only; AWS makes an AlarmHigh and
    an AlarmLow for a SageMaker variant too. The shape follows moto's ECS ones and AWS's naming
    ("TargetTracking-<resource id>-AlarmHigh-<uuid>"); periods and the AlarmLow threshold (90% of
    the target) are modelled on what AWS creates, not copied from it."""
    _orig_create_alarms(self)
    if self.policy_type != "TargetTrackingScaling" or self.service_namespace != "sagemaker":
        return
    from moto.cloudwatch.models import cloudwatch_backends
    from moto.moto_api._internal import mock_random

    config = self.target_tracking_scaling_policy_configuration or {}
    target_value = float(config.get("TargetValue") or 0.0)
    predefined = (config.get("PredefinedMetricSpecification") or {}).get("PredefinedMetricType")
    custom = config.get("CustomizedMetricSpecification") or {}
    parts = self.resource_id.split("/")  # endpoint/NAME/variant/VARIANT
    if predefined == "SageMakerVariantInvocationsPerInstance" and len(parts) == 4:
        namespace, metric, statistic = "AWS/SageMaker", "InvocationsPerInstance", "Sum"
        dimensions = [{"Name": "EndpointName", "Value": parts[1]}, {"Name": "VariantName", "Value": parts[3]}]
    elif custom.get("MetricName"):
        namespace, metric = custom.get("Namespace"), custom["MetricName"]
        statistic = custom.get("Statistic") or "Average"
        dimensions = list(custom.get("Dimensions") or [])
    else:
        return
    cloudwatch = cloudwatch_backends[self.account_id][self.region_name]
    action = f"{self.policy_arn}:createdBy/{mock_random.uuid4()}"
    for suffix, operator, periods, threshold in (("AlarmHigh", "GreaterThanThreshold", 3, target_value),
                                                 ("AlarmLow", "LessThanThreshold", 15, target_value * 0.9)):
        self.alarms.append(cloudwatch.put_metric_alarm(
            name=f"TargetTracking-{self.resource_id}-{suffix}-{mock_random.uuid4()}",
            namespace=namespace, metric_name=metric, metric_data_queries=[], comparison_operator=operator,
            evaluation_periods=periods, period=60, threshold=threshold, statistic=statistic,
            description=f"DO NOT EDIT OR DELETE. For TargetTrackingScaling policy {action}",
            dimensions=dimensions, alarm_actions=[action],
        ))


# --------------------------------------------------------------------------------------------
# CloudWatch (alarms)

_orig_cw_put_metric_alarm = cw_models.CloudWatchBackend.put_metric_alarm


def cw_put_metric_alarm(self: Any, name: str, *args: Any, **kwargs: Any) -> Any:
    """AWS: "If you are using this operation to update an existing alarm, any tags you specify
    in this parameter are ignored" (moto merged them in)."""
    if name in self.alarms:
        kwargs["tags"] = None
    return _orig_cw_put_metric_alarm(self, name, *args, **kwargs)


def cw_delete_alarms(self: Any, alarm_names: list[str]) -> None:
    """moto's, which also kept the deleted alarms' tags (a new alarm of the same name inherited
    them). Names that do not exist are skipped, as on AWS (no error)."""
    for name in alarm_names:
        alarm = self.alarms.pop(name, None)
        if alarm is not None:
            self.tagger.delete_all_tags_for_resource(alarm.alarm_arn)


def cw_describe_alarms(self: CloudWatchResponse) -> ActionResult:
    """moto applies only the first of ActionPrefix / AlarmNamePrefix / AlarmNames / StateValue,
    ignores AlarmTypes (AWS: MetricAlarm only by default) and does not page. Here: all filters
    together, sorted by name, MaxRecords 1..100 (default 50) and NextToken."""
    p = self._get_param
    names = p("AlarmNames", []) or []
    prefix = p("AlarmNamePrefix")
    action_prefix = p("ActionPrefix")
    state = p("StateValue")
    types = p("AlarmTypes", []) or ["MetricAlarm"]
    if names and prefix:
        raise cw_exceptions.InvalidParameterCombination(
            "AlarmNames and AlarmNamePrefix cannot be specified together.")  # INVENTED wording
    alarms = sorted(self.cloudwatch_backend.alarms.values(), key=lambda a: a.name)
    alarms = [a for a in alarms
              if (not names or a.name in names)
              and (not prefix or a.name.startswith(prefix))
              and (not action_prefix or any(x.startswith(action_prefix) for x in a.alarm_actions or []))
              and (not state or a.state_value == state)]
    max_records = p("MaxRecords")
    if max_records is None:
        max_records = 50
    if isinstance(max_records, bool) or not isinstance(max_records, int) or not 1 <= max_records <= 100:
        raise cw_exceptions.InvalidParameterValue(
            f"The value {max_records} for parameter MaxRecords is not valid.")  # INVENTED wording
    kind = f"cw:{','.join(names)}:{prefix}:{action_prefix}:{state}:{','.join(types)}"
    offset = read_token(p("NextToken"), kind)
    if offset is None:
        raise cw_exceptions.InvalidParameterValue("The NextToken is not valid.")  # INVENTED wording
    metric = [a for a in alarms if a.rule is None] if "MetricAlarm" in types else []
    composite = [a for a in alarms if a.rule is not None] if "CompositeAlarm" in types else []
    both = metric + composite
    page = both[offset:offset + max_records]
    result: dict[str, Any] = {"MetricAlarms": [a for a in page if a.rule is None],
                              "CompositeAlarms": [a for a in page if a.rule is not None]}
    if offset + max_records < len(both):
        result["NextToken"] = make_token(offset + max_records, kind)
    return ActionResult(result)


# --------------------------------------------------------------------------------------------

def apply() -> None:
    if moto.__version__ != MOTO_VERSION:
        raise RuntimeError(f"the test world is written against moto {MOTO_VERSION}, found {moto.__version__}")
    sm_backend = sm_models.SageMakerModelBackend
    aas_backend = aas_models.ApplicationAutoscalingBackend
    for owner, attr in [
        (InstanceResponse, "describe_instance_type_offerings"),
        (SpotInstances, "describe_spot_price_history"),
        (sm_models.FakeEndpointConfig, "validate_instance_type"),
        (sm_models.FakeEndpoint, "_process_production_variants"),
        (sm_backend, "create_endpoint_config"),
        (sm_backend, "create_endpoint"),
        (sm_backend, "create_model"),
        (sm_backend, "describe_model"),
        (sm_backend, "delete_model"),
        (sm_backend, "describe_endpoint"),
        (sm_backend, "delete_endpoint"),
        (sm_backend, "describe_endpoint_config"),
        (sm_backend, "delete_endpoint_config"),
        (sm_backend, "validate_production_variants"),
        (sm_backend, "update_endpoint_weights_and_capacities"),
        (sm_backend, "_get_resource_from_arn"),
        (SageMakerResponse, "list_models"),
        (SageMakerResponse, "list_endpoints"),
        (SageMakerResponse, "list_endpoint_configs"),
        (aas_backend, "deregister_scalable_target"),
        (aas_backend, "put_scaling_policy"),
        (aas_backend, "delete_scaling_policy"),
        (aas_backend, "put_scheduled_action"),
        (aas_backend, "delete_scheduled_action"),
        (aas_models.FakeApplicationAutoscalingPolicy, "create_alarms"),
        (aas_responses, "_build_target"),
        (ApplicationAutoScalingResponse, "describe_scalable_targets"),
        (ApplicationAutoScalingResponse, "describe_scaling_policies"),
        (ApplicationAutoScalingResponse, "describe_scheduled_actions"),
        (ApplicationAutoScalingResponse, "register_scalable_target"),
        (cw_models.CloudWatchBackend, "put_metric_alarm"),
        (cw_models.CloudWatchBackend, "delete_alarms"),
        (CloudWatchResponse, "describe_alarms"),
        (moto_azr.RegionsAndZonesBackend, "zones"),
        (moto_it, "INSTANCE_TYPE_OFFERINGS"),
    ]:
        if not hasattr(owner, attr):
            raise RuntimeError(f"moto internals changed: {owner}.{attr} is missing")
    _load_sagemaker_instance_types()
    InstanceResponse.describe_instance_type_offerings = describe_instance_type_offerings
    SpotInstances.describe_spot_price_history = describe_spot_price_history
    ServiceQuotasResponse.list_service_quotas = sq_list_service_quotas
    ServiceQuotasResponse.list_aws_default_service_quotas = sq_list_aws_default_service_quotas
    ServiceQuotasResponse.get_service_quota = sq_get_service_quota
    ServiceQuotasResponse.get_aws_default_service_quota = sq_get_aws_default_service_quota
    ServiceQuotasResponse.list_services = sq_list_services
    ServiceQuotasResponse.request_service_quota_increase = sq_request_service_quota_increase
    ServiceQuotasResponse.list_requested_service_quota_change_history = sq_list_requested_service_quota_change_history
    ServiceQuotasResponse.list_requested_service_quota_change_history_by_quota = (
        sq_list_requested_service_quota_change_history_by_quota
    )
    ServiceQuotasResponse.get_requested_service_quota_change = sq_get_requested_service_quota_change
    # SageMaker
    sm_models.FakeEndpointConfig.validate_instance_type = validate_instance_type
    sm_backend.create_model = create_model
    sm_backend.describe_model = describe_model
    sm_backend.delete_model = delete_model
    sm_backend.validate_production_variants = validate_production_variants
    sm_backend.create_endpoint_config = create_endpoint_config
    sm_backend.describe_endpoint_config = describe_endpoint_config
    sm_backend.delete_endpoint_config = delete_endpoint_config
    sm_backend.create_endpoint = create_endpoint
    sm_backend.describe_endpoint = describe_endpoint
    sm_backend.delete_endpoint = delete_endpoint
    sm_backend.update_endpoint_weights_and_capacities = update_endpoint_weights_and_capacities
    sm_backend._get_resource_from_arn = get_resource_from_arn
    SageMakerResponse.update_endpoint = update_endpoint
    SageMakerResponse.list_models = sm_list_models
    SageMakerResponse.list_endpoints = sm_list_endpoints
    SageMakerResponse.list_endpoint_configs = sm_list_endpoint_configs
    # Application Auto Scaling
    aas_backend.deregister_scalable_target = aas_deregister_scalable_target
    aas_backend.put_scaling_policy = aas_put_scaling_policy
    aas_backend.delete_scaling_policy = aas_delete_scaling_policy
    aas_backend.put_scheduled_action = aas_put_scheduled_action
    aas_backend.delete_scheduled_action = aas_delete_scheduled_action
    aas_models.FakeApplicationAutoscalingPolicy.create_alarms = aas_create_alarms
    aas_responses._build_target = build_target
    ApplicationAutoScalingResponse.register_scalable_target = aas_register_scalable_target
    ApplicationAutoScalingResponse.describe_scalable_targets = aas_describe_scalable_targets
    ApplicationAutoScalingResponse.describe_scaling_policies = aas_describe_scaling_policies
    ApplicationAutoScalingResponse.describe_scheduled_actions = aas_describe_scheduled_actions
    ApplicationAutoScalingResponse.list_tags_for_resource = aas_list_tags_for_resource
    ApplicationAutoScalingResponse.tag_resource = aas_tag_resource
    ApplicationAutoScalingResponse.untag_resource = aas_untag_resource
    # CloudWatch
    cw_models.CloudWatchBackend.put_metric_alarm = cw_put_metric_alarm
    cw_models.CloudWatchBackend.delete_alarms = cw_delete_alarms
    CloudWatchResponse.describe_alarms = cw_describe_alarms
