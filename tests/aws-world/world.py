#!/usr/bin/env python3
"""gpuplan's AWS China test world: moto 5.2.5, patched, plus a Price List server, on loopback.

    .moto-venv/bin/python tests/aws-world/world.py --fixture tests/aws-world/china.json [--latency-ms N]

Prints exactly one JSON line on stdout once everything is seeded and answering:

    {"moto": "http://127.0.0.1:PORT", "pricing": "http://127.0.0.1:PORT2"}

and runs until its standard input is closed (or SIGTERM/SIGINT). See README.md.

Besides moto (patched by moto_patches.py) and the Price List server, this file holds what sits
in front of them: the request log, the injected latency, failure injection
(/gpuplan-world/failures), the control endpoints, and the CloudWatch rpc-v2-cbor bridge.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import fnmatch
import io
import json
import os
import re
import signal
import struct
import sys
import threading
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


T0 = time.monotonic()

import moto_patches  # noqa: E402  (imports moto)
from moto.core import DEFAULT_ACCOUNT_ID  # noqa: E402
from moto.moto_server.werkzeug_app import (  # noqa: E402
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)
from werkzeug.serving import WSGIRequestHandler, make_server  # noqa: E402

import pricing_server  # noqa: E402

WORLD = moto_patches.WORLD
ACCOUNT = DEFAULT_ACCOUNT_ID
SIGNING_TO_SERVICE = {"servicequotas": "service-quotas", "monitoring": "cloudwatch"}
CONTROL_PREFIX = "/gpuplan-world/"


# --------------------------------------------------------------------------------------------
# request log, latency and control endpoints: one WSGI middleware for both servers

class RequestLog:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.entries: list[dict] = []
        self.seq = 0

    def start(self, entry: dict) -> dict:
        with self.lock:
            self.seq += 1
            entry["seq"] = self.seq
            self.entries.append(entry)
        return entry

    def snapshot(self) -> list[dict]:
        with self.lock:
            return [dict(e) for e in self.entries]

    def reset(self) -> int:
        with self.lock:
            n = len(self.entries)
            self.entries = []
            return n

    def summary(self) -> dict:
        """Counts per service/operation and the sequential depth: the longest chain of requests
        each of which started after the previous one had been answered (the round trips a
        client waited for one after another; concurrent requests overlap and do not add up)."""
        done = [e for e in self.snapshot() if e["end"] is not None]
        by_op: dict[str, int] = {}
        for e in done:
            key = f"{e['service']}:{e['operation']}"
            by_op[key] = by_op.get(key, 0) + 1
        depth: list[int] = []
        ordered = sorted(done, key=lambda e: e["start"])
        for i, e in enumerate(ordered):
            prev = [depth[j] for j in range(i) if ordered[j]["end"] <= e["start"]]
            depth.append(1 + max(prev, default=0))
        span = (max(e["end"] for e in done) - min(e["start"] for e in done)) if done else 0.0
        return {"count": len(done), "by_operation": dict(sorted(by_op.items())),
                "sequential_depth": max(depth, default=0), "span_seconds": span}


def _read_body(environ: dict) -> bytes:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > 0:
        body = environ["wsgi.input"].read(length)
    elif environ.get("wsgi.input_terminated"):
        body = environ["wsgi.input"].read()
    else:
        body = b""
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))
    return body


def classify(environ: dict, body: bytes, default_service: str | None) -> dict:
    """service (from the SigV4 credential scope), region, operation (X-Amz-Target or Action)."""
    signing_name = region = None
    auth = environ.get("HTTP_AUTHORIZATION", "")
    if "Credential=" in auth:
        try:
            scope = auth.split("Credential=", 1)[1].split(",", 1)[0].strip()
            _, _, region, signing_name, _ = scope.split("/")
        except ValueError:
            pass
    service = SIGNING_TO_SERVICE.get(signing_name or "", signing_name) or default_service
    operation = None
    protocol = "rest"
    target = environ.get("HTTP_X_AMZ_TARGET")
    cbor = CBOR_PATH.match(environ.get("PATH_INFO", "")) if is_rpc_v2_cbor(environ) else None
    if cbor:
        operation, protocol = cbor.group(2), "cbor"
    elif target:
        operation, protocol = target.rsplit(".", 1)[-1], "json"
    else:
        query = urllib.parse.parse_qs(environ.get("QUERY_STRING", ""))
        if "Action" in query:
            operation = query["Action"][0]
        elif body and environ.get("CONTENT_TYPE", "").startswith("application/x-www-form-urlencoded"):
            form = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
            if "Action" in form:
                operation = form["Action"][0]
        if operation is not None:
            protocol = "ec2" if service == "ec2" else "query"
    if operation is None:
        operation = f"{environ.get('REQUEST_METHOD')} {environ.get('PATH_INFO')}"
    return {"service": service, "signing_name": signing_name, "region": region, "operation": operation,
            "protocol": protocol}


def _json_response(start_response: Callable, status: int, doc: Any) -> list[bytes]:
    body = json.dumps(doc, default=str).encode()
    reason = {200: "OK", 400: "Bad Request", 404: "Not Found"}.get(status, "Error")
    start_response(f"{status} {reason}", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


# --------------------------------------------------------------------------------------------
# failure injection: POST /gpuplan-world/failures

class FailureRules:
    """Rules that make chosen AWS requests fail before moto sees them (so moto's state is not
    touched). A rule counts the requests that match it from the moment it is installed; the
    requests numbered nth .. nth+times-1 fail with its error. Every matching rule counts a
    request; the earliest-installed rule whose window covers it fails it."""

    FIELDS = {"operation", "service", "region", "nth", "times", "code", "message", "status"}

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.rules: list[dict] = []
        self.next_id = 1

    def add(self, doc: Any) -> dict:
        if not isinstance(doc, dict):
            raise ValueError("the body must be a JSON object")
        unknown = set(doc) - self.FIELDS
        if unknown:
            raise ValueError(f"unknown fields {sorted(unknown)} (known: {sorted(self.FIELDS)})")
        op = doc.get("operation")
        if not isinstance(op, str) or not op:
            raise ValueError('"operation" (e.g. "CreateEndpoint", wildcards allowed) is required')
        for key in ("service", "region", "message"):
            if doc.get(key) is not None and not isinstance(doc[key], str):
                raise ValueError(f'"{key}" must be a string')
        ints = {"nth": (1, None), "times": (1, None), "status": (400, 599)}
        for key, (lo, hi) in ints.items():
            value = doc.get(key)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < lo
                                      or (hi is not None and value > hi)):
                raise ValueError(f'"{key}" must be an integer >= {lo}' + (f" and <= {hi}" if hi else ""))
        code = doc.get("code", "ValidationException")
        if not isinstance(code, str) or not code:
            raise ValueError('"code" must be a non-empty string')
        with self.lock:
            rule = {
                "id": self.next_id, "operation": op, "service": doc.get("service"), "region": doc.get("region"),
                "nth": doc.get("nth", 1), "times": doc.get("times", 1), "code": code,
                "message": doc.get("message") or f"Injected failure (gpuplan test world rule {self.next_id}).",
                "status": doc.get("status", 400), "matched": 0, "failed": 0,
            }
            self.next_id += 1
            self.rules.append(rule)
            return dict(rule)

    def check(self, entry: dict) -> dict | None:
        """Count a request against every rule it matches; the rule that fails it, if any."""
        hit = None
        with self.lock:
            for r in self.rules:
                if not fnmatch.fnmatchcase(entry["operation"] or "", r["operation"]):
                    continue
                if r["service"] is not None and r["service"] not in (entry["service"], entry["signing_name"]):
                    continue
                if r["region"] is not None and r["region"] != entry["region"]:
                    continue
                r["matched"] += 1
                if hit is None and r["nth"] <= r["matched"] < r["nth"] + r["times"]:
                    r["failed"] += 1
                    hit = dict(r)
        return hit

    def snapshot(self) -> list[dict]:
        with self.lock:
            return [dict(r) for r in self.rules]

    def remove(self, rule_id: int) -> bool:
        with self.lock:
            before = len(self.rules)
            self.rules = [r for r in self.rules if r["id"] != rule_id]
            return len(self.rules) != before

    def clear(self) -> int:
        with self.lock:
            n = len(self.rules)
            self.rules = []
            return n


def error_response(environ: dict, entry: dict, code: str, message: str, status: int) -> tuple[str, list, bytes]:
    """An AWS error in the request's own protocol: JSON 1.0/1.1 ({"__type", "message"} and
    X-Amzn-ErrorType), rpc-v2-cbor (the same map in CBOR), EC2 query (<Response><Errors>) or
    query (<ErrorResponse>). Query-compatible JSON/CBOR services (CloudWatch) also get
    x-amzn-query-error, as AWS sends it."""
    request_id = str(uuid.uuid4())
    fault = "Sender" if status < 500 else "Receiver"
    headers = [("x-amzn-RequestId", request_id)]
    proto = entry.get("protocol")
    if proto in ("json", "cbor", "rest"):
        doc = {"__type": code, "message": message}
        if proto == "cbor":
            body = cbor_encode(doc)
            headers += [("Content-Type", "application/cbor"), ("smithy-protocol", "rpc-v2-cbor")]
        else:
            ctype = environ.get("CONTENT_TYPE") or ""
            body = json.dumps(doc).encode()
            headers.append(("Content-Type", ctype if ctype.startswith("application/x-amz-json") else "application/json"))
        headers.append(("X-Amzn-ErrorType", code))
        if environ.get("HTTP_X_AMZN_QUERY_MODE", "").lower() == "true":
            headers.append(("x-amzn-query-error", f"{code};{fault}"))
    else:
        esc = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
        code_x = "".join(esc.get(c, c) for c in code)
        msg_x = "".join(esc.get(c, c) for c in message)
        if proto == "ec2":
            text = (f'<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>{code_x}</Code>'
                    f"<Message>{msg_x}</Message></Error></Errors><RequestID>{request_id}</RequestID></Response>")
        else:
            text = (f"<ErrorResponse><Error><Type>{fault}</Type><Code>{code_x}</Code><Message>{msg_x}</Message>"
                    f"</Error><RequestId>{request_id}</RequestId></ErrorResponse>")
        body = text.encode()
        headers.append(("Content-Type", "text/xml"))
    headers.append(("Content-Length", str(len(body))))
    reason = {400: "Bad Request", 403: "Forbidden", 404: "Not Found", 429: "Too Many Requests",
              500: "Internal Server Error", 503: "Service Unavailable"}.get(status, "Error")
    return f"{status} {reason}", headers, body


# --------------------------------------------------------------------------------------------
# CloudWatch over smithy-rpc-v2-cbor (what the Rust aws-sdk-cloudwatch 1.x speaks; moto 5.2.5
# answers it with a 404): requests are translated to awsJson1_0, which moto does answer, and the
# answers back to CBOR, typed by botocore's CloudWatch model (doubles as floats, timestamps as
# tag 1).

CBOR_PATH = re.compile(r"^/service/([^/]+)/operation/([^/]+)$")
# smithy service name in the path -> botocore service (the only rpc-v2-cbor service gpuplan uses)
CBOR_SERVICES = {"GraniteServiceVersion20100801": "cloudwatch"}


def is_rpc_v2_cbor(environ: dict) -> bool:
    return environ.get("HTTP_SMITHY_PROTOCOL", "").lower() == "rpc-v2-cbor"


class Epoch(float):
    """A timestamp, in epoch seconds, for cbor_encode (CBOR tag 1)."""


def _cbor_head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if n < 1 << (8 * size):
            return bytes([major << 5 | info]) + n.to_bytes(size, "big")
    raise ValueError(f"integer too large for CBOR: {n}")


def cbor_encode(value: Any) -> bytes:
    """Definite-length CBOR of a JSON-like value (floats as float64, Epoch as tag 1)."""
    if value is None:
        return b"\xf6"
    if value is True:
        return b"\xf5"
    if value is False:
        return b"\xf4"
    if isinstance(value, Epoch):
        return b"\xc1" + b"\xfb" + struct.pack(">d", float(value))
    if isinstance(value, float):
        return b"\xfb" + struct.pack(">d", value)
    if isinstance(value, int):
        return _cbor_head(0, value) if value >= 0 else _cbor_head(1, -1 - value)
    if isinstance(value, (bytes, bytearray)):
        return _cbor_head(2, len(value)) + bytes(value)
    if isinstance(value, str):
        data = value.encode("utf-8")
        return _cbor_head(3, len(data)) + data
    if isinstance(value, (list, tuple)):
        return _cbor_head(4, len(value)) + b"".join(cbor_encode(v) for v in value)
    if isinstance(value, dict):
        return _cbor_head(5, len(value)) + b"".join(cbor_encode(str(k)) + cbor_encode(v) for k, v in value.items())
    raise TypeError(f"cannot encode {type(value).__name__} as CBOR")


def cbor_decode(body: bytes) -> Any:
    """Any CBOR item (botocore's decoder: tag 1 becomes a datetime, byte strings bytes)."""
    from botocore.parsers import RpcV2CBORParser

    if not body:
        return {}
    parser = RpcV2CBORParser()
    return parser.parse_data_item(parser.get_peekable_stream_from_bytes(body))


def _to_json_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        value = value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
        return value.timestamp()
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(bytes(value)).decode()
    if isinstance(value, dict):
        return {k: _to_json_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_to_json_value(v) for v in value]
    return value


def _typed(value: Any, shape: Any) -> Any:
    """A JSON value (moto's awsJson answer) as the Python value cbor_encode should write for
    `shape`: Epoch for timestamps, bytes for blobs, float for doubles, int for integers."""
    if value is None or shape is None:
        return value
    kind = shape.type_name
    if kind == "structure":
        return {k: _typed(v, shape.members[k]) for k, v in value.items() if k in shape.members and v is not None}
    if kind == "list":
        return [_typed(v, shape.member) for v in value]
    if kind == "map":
        return {k: _typed(v, shape.value) for k, v in value.items()}
    if kind == "timestamp":
        if isinstance(value, (int, float)):
            return Epoch(value)
        from moto_patches import parse_time

        parsed = parse_time(value)
        return Epoch(parsed.timestamp()) if parsed else None
    if kind == "blob":
        return base64.b64decode(value) if isinstance(value, str) else bytes(value)
    if kind in ("double", "float"):
        return float(value)
    if kind in ("integer", "long", "short", "byte"):
        return int(value)
    if kind == "boolean":
        return bool(value)
    return value


_SERVICE_MODELS: dict[str, Any] = {}


def _service_model(name: str) -> Any:
    if name not in _SERVICE_MODELS:
        import botocore.session

        _SERVICE_MODELS[name] = botocore.session.get_session().get_service_model(name)
    return _SERVICE_MODELS[name]


def call_app(app: Callable, environ: dict) -> tuple[str, list, bytes]:
    """Run a WSGI app to completion: (status, headers, body)."""
    box: list = []

    def sr(status: str, headers: list, exc_info: Any = None) -> Callable:
        box[:] = [status, list(headers)]
        return lambda data: None

    result = app(environ, sr)
    try:
        body = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    return box[0], box[1], body


def cbor_bridge(app: Callable, environ: dict, body: bytes) -> tuple[str, list, bytes]:
    """Answer an rpc-v2-cbor request through moto's awsJson1_0 side."""
    match = CBOR_PATH.match(environ.get("PATH_INFO", ""))
    service = CBOR_SERVICES.get(match.group(1)) if match else None
    fake_entry = {"protocol": "cbor"}
    if service is None:
        return error_response(environ, fake_entry, "UnknownOperationException",
                              f"The test world does not bridge {environ.get('PATH_INFO')} (rpc-v2-cbor).", 404)
    try:
        params = cbor_decode(body)
    except Exception as e:  # noqa: BLE001
        return error_response(environ, fake_entry, "SerializationException", f"Bad CBOR request body: {e}", 400)
    if not isinstance(params, dict):
        params = {}
    model = _service_model(service)
    op_name = match.group(2)
    json_body = json.dumps(_to_json_value(params)).encode()
    sub = dict(environ)
    sub.update({
        "PATH_INFO": "/", "REQUEST_URI": "/", "RAW_URI": "/", "QUERY_STRING": "",
        "CONTENT_TYPE": f"application/x-amz-json-{model.metadata.get('jsonVersion', '1.0')}",
        "HTTP_X_AMZ_TARGET": f"{model.metadata['targetPrefix']}.{op_name}",
        "CONTENT_LENGTH": str(len(json_body)), "wsgi.input": io.BytesIO(json_body),
    })
    sub.pop("HTTP_SMITHY_PROTOCOL", None)
    status, headers, out = call_app(app, sub)
    code = int(status.split()[0])
    keep = [(k, v) for k, v in headers if k.lower() not in ("content-type", "content-length")]
    try:
        doc = json.loads(out) if out.strip() else {}
    except ValueError:
        doc = None
    if code >= 300 or not isinstance(doc, dict):
        if isinstance(doc, dict) and ("__type" in doc or "message" in doc or "Message" in doc):
            err = {"__type": doc.get("__type") or dict(headers).get("X-Amzn-ErrorType", "InternalFailure"),
                   "message": doc.get("message") or doc.get("Message") or ""}
        else:
            err = {"__type": "InternalFailure",
                   "message": f"moto answered HTTP {code}: {out[:200].decode('utf-8', 'replace')}"}
        data = cbor_encode(err)
    else:
        try:
            output = model.operation_model(op_name).output_shape
        except Exception:  # noqa: BLE001 - unknown operation: moto answered anyway
            output = None
        data = cbor_encode(_typed(doc, output) if output is not None else doc)
    keep += [("Content-Type", "application/cbor"), ("smithy-protocol", "rpc-v2-cbor"),
             ("Content-Length", str(len(data)))]
    return status, keep, data


class WorldMiddleware:
    def __init__(self, app: Callable, log: RequestLog, latency_s: float, default_service: str | None,
                 control: Callable[[str, str, bytes], tuple[int, Any]] | None = None,
                 pricing_app: Callable | None = None, failures: FailureRules | None = None) -> None:
        self.app = app
        self.pricing_app = pricing_app
        self.log = log
        self.latency_s = latency_s
        self.default_service = default_service
        self.control = control
        self.failures = failures

    def __call__(self, environ: dict, start_response: Callable) -> Any:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        if path.startswith(CONTROL_PREFIX) or (path == "/moto-api/reset" and method == "POST"):
            body = _read_body(environ)
            try:
                status, doc = self.handle_control(method, path, body)
            except Exception as e:  # control errors are the test's fault: say so plainly
                status, doc = 400, {"error": f"{type(e).__name__}: {e}"}
            return _json_response(start_response, status, doc)
        if path.startswith("/moto-api"):
            return self.app(environ, start_response)
        start = time.time()
        body = _read_body(environ)
        entry = classify(environ, body, self.default_service)
        app = self.app
        if self.pricing_app is not None and (
            entry["signing_name"] == "pricing"
            or environ.get("HTTP_X_AMZ_TARGET", "").startswith("AWSPriceListService.")
        ):
            app = self.pricing_app  # one URL for every service (--endpoint-url) works too
            entry["service"] = "pricing"
        entry.update({"start": start, "end": None, "status": None, "injected": None})
        self.log.start(entry)
        rule = self.failures.check(entry) if self.failures is not None else None  # in arrival order
        if self.latency_s:
            time.sleep(self.latency_s)
        if rule is not None:
            # Answered here: moto never sees the request, so its state is untouched.
            status, headers, data = error_response(environ, entry, rule["code"], rule["message"], rule["status"])
            entry["injected"] = rule["id"]
        elif entry["protocol"] == "cbor" and app is self.app:
            status, headers, data = cbor_bridge(app, environ, body)
        else:
            status, headers, data = call_app(app, environ)
        start_response(status, headers)
        entry["status"] = int(status.split()[0])
        entry["end"] = time.time()
        return [data]

    def handle_control(self, method: str, path: str, body: bytes) -> tuple[int, Any]:
        if path == CONTROL_PREFIX + "health":
            return 200, {"ok": True}
        if path == CONTROL_PREFIX + "requests" and method == "GET":
            return 200, self.log.snapshot()
        if path == CONTROL_PREFIX + "requests/summary" and method == "GET":
            return 200, self.log.summary()
        if path == CONTROL_PREFIX + "requests/reset" and method == "POST":
            return 200, {"cleared": self.log.reset()}
        if self.control is not None:
            return self.control(method, path, body)
        return 404, {"error": f"unknown control endpoint {method} {path}"}


# --------------------------------------------------------------------------------------------
# seeding

def seed_sagemaker(fixture: dict) -> None:
    from moto.sagemaker.models import sagemaker_backends

    for e in fixture.get("endpoints") or []:
        region = e["region"]
        backend = sagemaker_backends[ACCOUNT][region]
        part = moto_patches.partition(region)
        name = e["name"]
        tags = [{"Key": k, "Value": str(v)} for k, v in (e.get("tags") or {}).items()]
        variants = e.get("variants") or [{
            "name": e.get("variant_name", "AllTraffic"),
            "instance_type": e["instance_type"],
            "instance_count": e.get("instance_count", 1),
        }]
        model_name = e.get("model_name", f"{name}-model")
        config_name = e.get("config_name", f"{name}-config")
        image = e.get(
            "image",
            f"727897471807.dkr.ecr.{region}.amazonaws.com.cn/huggingface-pytorch-tgi-inference:"
            "2.1.1-tgi1.4.0-gpu-py310-cu121-ubuntu22.04",
        )
        status = e.get("status")
        if status is not None and status not in moto_patches.ENDPOINT_STATUSES:
            raise ValueError(f"endpoints: {name}: unknown status {status!r} "
                             f"(known: {', '.join(moto_patches.ENDPOINT_STATUSES)})")
        backend._gpuplan_seeding = True
        try:
            if model_name not in backend._models:
                backend.create_model(
                    model_name=model_name,
                    execution_role_arn=f"arn:{part}:iam::{ACCOUNT}:role/service-role/SageMakerExecutionRole",
                    primary_container={"Image": image, "Mode": "SingleModel"},
                    vpc_config=None, containers=None, tags=tags,
                )
            async_config = None
            if e.get("async"):
                async_config = {"OutputConfig": {"S3OutputPath": f"s3://{name}-async-output/"}}
            backend.create_endpoint_config(
                endpoint_config_name=config_name,
                production_variants=[
                    {
                        "VariantName": v.get("name", "AllTraffic"),
                        "ModelName": model_name,
                        "InitialInstanceCount": int(v.get("instance_count", 1)),
                        "InstanceType": v["instance_type"],
                        "InitialVariantWeight": float(v.get("weight", 1.0)),
                    }
                    for v in variants
                ],
                data_capture_config=None,
                async_inference_config=async_config,
                tags=tags,
                kms_key_id=None,
            )
            endpoint = backend.create_endpoint(endpoint_name=name, endpoint_config_name=config_name, tags=tags)
            if e.get("status"):
                endpoint.endpoint_status = e["status"]
        finally:
            backend._gpuplan_seeding = False


def seed_ec2(fixture: dict) -> None:
    from moto.ec2.models import ec2_backends

    for i in fixture.get("ec2_instances") or []:
        region = i["region"]
        backend = ec2_backends[ACCOUNT][region]
        itype = i["instance_type"]
        zone = i.get("zone")
        if zone is None:
            offered = sorted(z for z, ts in (WORLD.offerings.get(region) or {}).items() if itype in ts)
            zone = offered[0] if offered else f"{region}a"
        market = i.get("market", "on-demand")
        if market not in ("on-demand", "spot"):
            raise ValueError(f"ec2_instances: market must be on-demand or spot, got {market!r}")
        kwargs: dict[str, Any] = {
            "instance_type": itype,
            "region_name": region,
            "placement": zone,
            "is_instance_type_default": False,
            "tags": {"instance": dict(i.get("tags") or {})},
        }
        if market == "spot":
            kwargs["instance_market_options"] = {"MarketType": "spot"}
        reservation = backend.run_instances(i.get("image_id", "ami-0a1b2c3d4e5f60718"), int(i.get("count", 1)),
                                            None, [], **kwargs)
        if i.get("state") == "stopped":
            backend.stop_instances([inst.id for inst in reservation.instances])


def load_world(fixture: dict) -> None:
    WORLD.load(fixture, ACCOUNT)
    seed_sagemaker(fixture)
    seed_ec2(fixture)


def reset_world(fixture: dict) -> None:
    from moto.moto_api._internal.models import moto_api_backend

    moto_api_backend.reset()
    load_world(fixture)


# --------------------------------------------------------------------------------------------

class QuietMotoHandler(MotoRequestHandler):
    def log_request(self, *args: Any, **kwargs: Any) -> None:
        pass


class QuietHandler(WSGIRequestHandler):
    def log_request(self, *args: Any, **kwargs: Any) -> None:
        pass


def main() -> int:
    ap = argparse.ArgumentParser(description="gpuplan's AWS China test world (moto + Price List) on 127.0.0.1")
    ap.add_argument("--fixture", required=True, help="world fixture JSON (e.g. tests/aws-world/china.json)")
    ap.add_argument("--prices", default=str(HERE / "prices.json"), help="Price List products (default: prices.json)")
    ap.add_argument("--latency-ms", type=float, default=0.0, help="delay every AWS request by this many ms")
    ap.add_argument("--moto-port", type=int, default=0, help="port for moto (default: a free one)")
    ap.add_argument("--pricing-port", type=int, default=0, help="port for the Price List server (default: a free one)")
    ap.add_argument("--no-stdin", action="store_true", help="do not exit when stdin closes (stop with SIGTERM)")
    ap.add_argument("--verbose", action="store_true", help="log every request to stderr")
    args = ap.parse_args()

    fixture_path = Path(args.fixture)
    fixture = json.loads(fixture_path.read_text())
    prices = pricing_server.PriceList(json.loads(Path(args.prices).read_text()))
    moto_patches.apply()
    state = {"fixture": fixture}
    load_world(fixture)

    latency = max(args.latency_ms, 0.0) / 1000.0
    moto_log, pricing_log = RequestLog(), RequestLog()
    failures = FailureRules()  # installed on the moto port, applied to AWS requests on both ports

    def moto_control(method: str, path: str, body: bytes) -> tuple[int, Any]:
        if (path == CONTROL_PREFIX + "reset" or path == "/moto-api/reset") and method == "POST":
            doc = json.loads(body) if body.strip() else None
            previous = state["fixture"]
            try:
                reset_world(doc if doc is not None else previous)
            except Exception:
                reset_world(previous)  # a bad fixture body is refused; the previous world stays
                raise
            state["fixture"] = doc if doc is not None else previous
            moto_log.reset()
            failures.clear()
            return 200, {"status": "ok"}
        if path == CONTROL_PREFIX + "failures":
            if method == "GET":
                return 200, failures.snapshot()
            if method == "POST":
                return 200, failures.add(json.loads(body or b"null"))
            if method == "DELETE":
                return 200, {"cleared": failures.clear()}
        if path.startswith(CONTROL_PREFIX + "failures/") and method == "DELETE":
            rule_id = path.rsplit("/", 1)[1]
            if rule_id.isdigit() and failures.remove(int(rule_id)):
                return 200, {"deleted": int(rule_id)}
            return 404, {"error": f"no failure rule {rule_id}"}
        if path == CONTROL_PREFIX + "fixture" and method == "GET":
            return 200, state["fixture"]
        if path == CONTROL_PREFIX + "quota-requests" and method == "GET":
            with WORLD.lock:
                return 200, [dict(moto_patches.public_request(r), Region=r["_region"]) for r in WORLD.quota_requests]
        if path.startswith(CONTROL_PREFIX + "quota-requests/") and method == "POST":
            request_id = path.rsplit("/", 1)[1]
            doc = json.loads(body or b"{}")
            try:
                return 200, WORLD.set_request_status(request_id, doc["status"], doc.get("case_id"))
            except KeyError:
                return 404, {"error": f"no quota request {request_id}"}
        return 404, {"error": f"unknown control endpoint {method} {path}"}

    price_list_app = pricing_server.make_wsgi_app(prices)
    moto_app = WorldMiddleware(DomainDispatcherApplication(create_backend_app), moto_log, latency, None, moto_control,
                               pricing_app=price_list_app, failures=failures)
    pricing_app = WorldMiddleware(price_list_app, pricing_log, latency, "pricing", failures=failures)

    moto_handler = MotoRequestHandler if args.verbose else QuietMotoHandler
    pricing_handler = WSGIRequestHandler if args.verbose else QuietHandler
    moto_srv = make_server("127.0.0.1", args.moto_port, moto_app, threaded=True, request_handler=moto_handler)
    pricing_srv = make_server("127.0.0.1", args.pricing_port, pricing_app, threaded=True,
                              request_handler=pricing_handler)
    threads = [threading.Thread(target=s.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
               for s in (moto_srv, pricing_srv)]
    for t in threads:
        t.start()
    urls = {
        "moto": f"http://127.0.0.1:{moto_srv.server_address[1]}",
        "pricing": f"http://127.0.0.1:{pricing_srv.server_address[1]}",
    }
    for url in urls.values():  # answering, not just listening
        with urllib.request.urlopen(url + CONTROL_PREFIX + "health", timeout=10) as resp:
            assert resp.status == 200

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    if not args.no_stdin:
        def watch_stdin() -> None:
            try:  # raw reads: no buffered-reader lock held at interpreter shutdown
                while os.read(0, 65536):
                    pass
            except OSError:
                pass
            stop.set()

        threading.Thread(target=watch_stdin, daemon=True).start()

    sys.stdout.write(json.dumps(urls) + "\n")
    sys.stdout.flush()
    # Nothing else goes to stdout: moto's stray prints follow stderr from here on.
    os.dup2(2, 1)
    print(f"gpuplan aws world: ready in {time.monotonic() - T0:.2f}s at {urls['moto']} and {urls['pricing']}"
          f"{f', latency {args.latency_ms:g} ms' if latency else ''} (fixture {fixture_path.name})", file=sys.stderr)

    while not stop.wait(0.5):
        pass
    for s in (moto_srv, pricing_srv):
        s.shutdown()
        s.server_close()
    print("gpuplan aws world: stopped", file=sys.stderr)
    sys.stderr.flush()
    # Skip interpreter finalisation: request threads (daemons) may still hold locks.
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
