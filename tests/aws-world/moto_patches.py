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
  (moto's allow-list rejects ml.g5 and others); CreateEndpointConfig/CreateEndpoint reject
  duplicate names as AWS does (moto silently overwrites); UpdateEndpoint is implemented (moto:
  HTTP 500); optionally CreateEndpoint/UpdateEndpoint enforce the "ml.X for endpoint usage"
  quotas of the world (setting ``enforce_endpoint_quotas``).
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
from moto.core.exceptions import JsonRESTError
from moto.core.responses import ActionResult
from moto.ec2.exceptions import EC2ClientError
from moto.ec2.models import availability_zones_and_regions as moto_azr
from moto.ec2.models import instance_types as moto_it
from moto.ec2.responses.instances import InstanceResponse
from moto.ec2.responses.spot_instances import SpotInstances
from moto.sagemaker import models as sm_models
from moto.sagemaker.exceptions import SagemakerClientError, ValidationError
from moto.sagemaker.responses import SageMakerResponse
from moto.servicequotas.resources.default_quotas.vpc import VPC_DEFAULT_QUOTAS
from moto.servicequotas.responses import ServiceQuotasResponse

import quota_defaults

MOTO_VERSION = "5.2.5"
OPEN_STATUSES = ("PENDING", "CASE_OPENED")
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
        # what load() changed in moto's own tables, to undo on the next load()
        self._added_zones: list[tuple[str, Any]] = []
        self._saved_offerings: dict[tuple[str, str], Any] = {}

    # -- loading ---------------------------------------------------------------------------
    def load(self, fixture: dict, account_id: str) -> None:
        with self.lock:
            self.fixture = fixture
            self.settings = dict(fixture.get("settings") or {})
            self._load_zones(fixture)
            self._load_offerings(fixture)
            self._load_spot_prices(fixture)
            self._load_quotas(fixture, account_id)
            self.quota_requests = []
            for req in fixture.get("quota_requests") or []:
                self._seed_quota_request(req, account_id)

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


def create_endpoint_config(self: Any, endpoint_config_name: str, *args: Any, **kwargs: Any) -> Any:
    if endpoint_config_name in self.endpoint_configs:
        arn = sm_models.FakeEndpointConfig.arn_formatter(endpoint_config_name, self.account_id, self.region_name)
        raise ValidationError(message=f'Cannot create already existing endpoint configuration "{arn}".')
    return _orig_create_endpoint_config(self, endpoint_config_name, *args, **kwargs)


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


def _check_endpoint_quota(backend: Any, config_name: str, exclude_endpoint: str | None = None) -> None:
    if not WORLD.settings.get("enforce_endpoint_quotas"):
        return
    region = backend.region_name
    if (region, "sagemaker") not in WORLD.quotas:
        return
    wanted: dict[str, int] = {}
    for v in _config_variants(backend, config_name):
        if v.get("InstanceType"):
            wanted[v["InstanceType"]] = wanted.get(v["InstanceType"], 0) + int(v.get("InitialInstanceCount") or 0)
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
    if endpoint_name in self.endpoints:
        arn = sm_models.FakeEndpoint.arn_formatter(endpoint_name, self.account_id, self.region_name)
        raise ValidationError(message=f'Cannot create already existing endpoint "{arn}".')
    if endpoint_config_name in self.endpoint_configs and not getattr(self, "_gpuplan_seeding", False):
        _check_endpoint_quota(self, endpoint_config_name)
    return _orig_create_endpoint(self, endpoint_name, endpoint_config_name, tags)


def update_endpoint(self: SageMakerResponse) -> ActionResult:
    backend = self.sagemaker_backend
    name = self._get_param("EndpointName")
    config_name = self._get_param("EndpointConfigName")
    endpoint = backend.endpoints.get(name)
    if endpoint is None:
        arn = sm_models.FakeEndpoint.arn_formatter(name, backend.account_id, backend.region_name)
        raise ValidationError(message=f"Could not find endpoint '{arn}'.")
    config = backend.endpoint_configs.get(config_name)
    if config is None:
        arn = sm_models.FakeEndpointConfig.arn_formatter(config_name, backend.account_id, backend.region_name)
        raise ValidationError(message=f"Could not find endpoint configuration '{arn}'.")
    _check_endpoint_quota(backend, config_name, exclude_endpoint=name)
    endpoint.endpoint_config_name = config_name
    endpoint.production_variants = endpoint._process_production_variants(config.production_variants)
    endpoint.data_capture_config = config.data_capture_config
    endpoint.last_modified_time = sm_models.utcnow()
    return ActionResult({"EndpointArn": endpoint.arn})


# --------------------------------------------------------------------------------------------

def apply() -> None:
    if moto.__version__ != MOTO_VERSION:
        raise RuntimeError(f"the test world is written against moto {MOTO_VERSION}, found {moto.__version__}")
    for owner, attr in [
        (InstanceResponse, "describe_instance_type_offerings"),
        (SpotInstances, "describe_spot_price_history"),
        (sm_models.FakeEndpointConfig, "validate_instance_type"),
        (sm_models.SageMakerModelBackend, "create_endpoint_config"),
        (sm_models.SageMakerModelBackend, "create_endpoint"),
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
    sm_models.FakeEndpointConfig.validate_instance_type = validate_instance_type
    sm_models.SageMakerModelBackend.create_endpoint_config = create_endpoint_config
    sm_models.SageMakerModelBackend.create_endpoint = create_endpoint
    SageMakerResponse.update_endpoint = update_endpoint
