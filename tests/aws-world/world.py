#!/usr/bin/env python3
"""gpuplan's AWS China test world: moto 5.2.5, patched, plus a Price List server, on loopback.

    .moto-venv/bin/python tests/aws-world/world.py --fixture tests/aws-world/china.json [--latency-ms N]

Prints exactly one JSON line on stdout once everything is seeded and answering:

    {"moto": "http://127.0.0.1:PORT", "pricing": "http://127.0.0.1:PORT2"}

and runs until its standard input is closed (or SIGTERM/SIGINT). See README.md.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import signal
import sys
import threading
import time
import urllib.parse
import urllib.request
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
SIGNING_TO_SERVICE = {"servicequotas": "service-quotas"}
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
    target = environ.get("HTTP_X_AMZ_TARGET")
    if target:
        operation = target.rsplit(".", 1)[-1]
    else:
        query = urllib.parse.parse_qs(environ.get("QUERY_STRING", ""))
        if "Action" in query:
            operation = query["Action"][0]
        elif body and environ.get("CONTENT_TYPE", "").startswith("application/x-www-form-urlencoded"):
            form = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
            if "Action" in form:
                operation = form["Action"][0]
    if operation is None:
        operation = f"{environ.get('REQUEST_METHOD')} {environ.get('PATH_INFO')}"
    return {"service": service, "signing_name": signing_name, "region": region, "operation": operation}


def _json_response(start_response: Callable, status: int, doc: Any) -> list[bytes]:
    body = json.dumps(doc, default=str).encode()
    reason = {200: "OK", 400: "Bad Request", 404: "Not Found"}.get(status, "Error")
    start_response(f"{status} {reason}", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


class WorldMiddleware:
    def __init__(self, app: Callable, log: RequestLog, latency_s: float, default_service: str | None,
                 control: Callable[[str, str, bytes], tuple[int, Any]] | None = None,
                 pricing_app: Callable | None = None) -> None:
        self.app = app
        self.pricing_app = pricing_app
        self.log = log
        self.latency_s = latency_s
        self.default_service = default_service
        self.control = control

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
        entry.update({"start": start, "end": None, "status": None})
        self.log.start(entry)
        if self.latency_s:
            time.sleep(self.latency_s)
        status_box: list[str] = []

        def sr(status: str, headers: list, exc_info: Any = None) -> Any:
            status_box.append(status)
            return start_response(status, headers, exc_info)

        app = self.app
        if self.pricing_app is not None and (
            entry["signing_name"] == "pricing"
            or environ.get("HTTP_X_AMZ_TARGET", "").startswith("AWSPriceListService.")
        ):
            app = self.pricing_app  # one URL for every service (--endpoint-url) works too
            entry["service"] = "pricing"
        result = app(environ, sr)
        try:
            chunks = [c for c in result]
        finally:
            if hasattr(result, "close"):
                result.close()
        entry["status"] = int(status_box[0].split()[0]) if status_box else None
        entry["end"] = time.time()
        return chunks

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

    def moto_control(method: str, path: str, body: bytes) -> tuple[int, Any]:
        if (path == CONTROL_PREFIX + "reset" or path == "/moto-api/reset") and method == "POST":
            doc = json.loads(body) if body.strip() else None
            if doc is not None:
                state["fixture"] = doc
            reset_world(state["fixture"])
            moto_log.reset()
            return 200, {"status": "ok"}
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
                               pricing_app=price_list_app)
    pricing_app = WorldMiddleware(price_list_app, pricing_log, latency, "pricing")

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
