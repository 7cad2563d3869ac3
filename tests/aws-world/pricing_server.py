"""A loopback AWS Price List API (service "pricing", JSON 1.1, X-Amz-Target AWSPriceListService.*).

Answers GetProducts, DescribeServices and GetAttributeValues from the products of prices.json.
PriceList items are JSON-encoded strings, exactly like the real API. Filters:

* TERM_MATCH and EQUALS: the field's value equals Value;
* CONTAINS: Value is a substring of the field's value;
* ANY_OF / NONE_OF: Value is a comma-separated list.

Field names are matched case-insensitively (attribute names, plus "ServiceCode", "productFamily"
and "sku"); values are matched exactly. A product without the field never matches (except
NONE_OF). MaxResults is 1..100 (default 100); NextToken is opaque.
"""

from __future__ import annotations

import base64
import hashlib
import json
import uuid
from typing import Any, Callable

FILTER_TYPES = ("TERM_MATCH", "EQUALS", "CONTAINS", "ANY_OF", "NONE_OF")


class PricingError(Exception):
    def __init__(self, kind: str, message: str, status: int = 400):
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.status = status


class PriceList:
    def __init__(self, doc: dict):
        self.format_version = doc.get("format_version", "aws_v1")
        self.products: list[tuple[dict, dict, str]] = []  # (fields lower-cased, original doc, json string)
        for item in doc["products"]:
            product = item["product"]
            fields = {k.lower(): str(v) for k, v in product.get("attributes", {}).items()}
            fields["servicecode"] = item["serviceCode"]
            if "productFamily" in product:
                fields["productfamily"] = product["productFamily"]
            fields["sku"] = product["sku"]
            self.products.append((fields, item, json.dumps(item, separators=(",", ":"), ensure_ascii=False)))
        self.services: dict[str, list[str]] = {}
        for _, item, _ in self.products:
            names = self.services.setdefault(item["serviceCode"], [])
            for k in item["product"].get("attributes", {}):
                if k not in names:
                    names.append(k)
        for names in self.services.values():
            names.sort()

    # ---------------------------------------------------------------------------------------
    def handle(self, operation: str, params: dict) -> dict:
        fn: Callable[[dict], dict] | None = {
            "GetProducts": self.get_products,
            "DescribeServices": self.describe_services,
            "GetAttributeValues": self.get_attribute_values,
        }.get(operation)
        if fn is None:
            raise PricingError("UnknownOperationException", f"Operation {operation} is not supported by this test world")
        return fn(params)

    def _format(self, params: dict) -> str:
        fmt = params.get("FormatVersion") or "aws_v1"
        if fmt != "aws_v1":
            raise PricingError("InvalidParameterException", f"Invalid FormatVersion: {fmt}")
        return fmt

    def _service(self, params: dict, required: bool = True) -> str | None:
        code = params.get("ServiceCode")
        if not code:
            if required:
                raise PricingError("InvalidParameterException", "ServiceCode is required")
            return None
        if code not in self.services:
            raise PricingError("NotFoundException", f"Service code {code} not found")
        return code

    @staticmethod
    def _page(items: list, params: dict, kind: str) -> tuple[list, str | None]:
        max_results = params.get("MaxResults")
        if max_results is None:
            max_results = 100
        if not isinstance(max_results, int) or not 1 <= max_results <= 100:
            raise PricingError("InvalidParameterException", f"MaxResults must be between 1 and 100, got {max_results}")
        token = params.get("NextToken")
        offset = 0
        if token:
            try:
                doc = json.loads(base64.b64decode(token.encode(), validate=True))
                if doc["k"] != kind:
                    raise ValueError
                offset = int(doc["o"])
            except Exception:
                raise PricingError("InvalidNextTokenException", "The pagination token is invalid. Try again without a pagination token.")
        page = items[offset:offset + max_results]
        nxt = None
        if offset + max_results < len(items):
            nxt = base64.b64encode(json.dumps({"o": offset + max_results, "k": kind}).encode()).decode()
        return page, nxt

    @staticmethod
    def _matches(fields: dict, filters: list[dict]) -> bool:
        for f in filters:
            kind = f["Type"]
            name = f["Field"].lower()
            value = f["Value"]
            have = fields.get(name)
            if kind == "NONE_OF":
                if have is not None and have in [v.strip() for v in value.split(",")]:
                    return False
                continue
            if have is None:
                return False
            if kind in ("TERM_MATCH", "EQUALS"):
                if have != value:
                    return False
            elif kind == "CONTAINS":
                if value not in have:
                    return False
            elif kind == "ANY_OF":
                if have not in [v.strip() for v in value.split(",")]:
                    return False
        return True

    def get_products(self, params: dict) -> dict:
        fmt = self._format(params)
        code = self._service(params)
        filters = params.get("Filters") or []
        for f in filters:
            if not isinstance(f, dict) or not all(k in f for k in ("Type", "Field", "Value")):
                raise PricingError("InvalidParameterException", "Each filter needs Type, Field and Value")
            if f["Type"] not in FILTER_TYPES:
                raise PricingError("InvalidParameterException", f"Invalid filter type {f['Type']}")
        matched = [s for fields, item, s in self.products if item["serviceCode"] == code and self._matches(fields, filters)]
        key = hashlib.sha256(json.dumps([code, filters], sort_keys=True).encode()).hexdigest()[:12]
        page, nxt = self._page(matched, params, "gp:" + key)
        out: dict[str, Any] = {"FormatVersion": fmt, "PriceList": page}
        if nxt:
            out["NextToken"] = nxt
        return out

    def describe_services(self, params: dict) -> dict:
        fmt = self._format(params)
        code = self._service(params, required=False)
        codes = [code] if code else sorted(self.services)
        services = [{"ServiceCode": c, "AttributeNames": self.services[c]} for c in codes]
        page, nxt = self._page(services, params, "ds")
        out: dict[str, Any] = {"Services": page, "FormatVersion": fmt}
        if nxt:
            out["NextToken"] = nxt
        return out

    def get_attribute_values(self, params: dict) -> dict:
        code = self._service(params)
        name = params.get("AttributeName")
        if not name:
            raise PricingError("InvalidParameterException", "AttributeName is required")
        values = sorted({
            item["product"]["attributes"][name]
            for _, item, _ in self.products
            if item["serviceCode"] == code and name in item["product"].get("attributes", {})
        })
        page, nxt = self._page([{"Value": v} for v in values], params, f"av:{code}:{name}")
        out: dict[str, Any] = {"AttributeValues": page}
        if nxt:
            out["NextToken"] = nxt
        return out


def make_wsgi_app(price_list: PriceList) -> Callable:
    def app(environ: dict, start_response: Callable) -> list[bytes]:
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        status, body = 200, b""
        try:
            if environ.get("REQUEST_METHOD") != "POST" or not target.startswith("AWSPriceListService."):
                raise PricingError("UnknownOperationException", "Expected a POST with X-Amz-Target AWSPriceListService.<Operation>")
            length = int(environ.get("CONTENT_LENGTH") or 0)
            raw = environ["wsgi.input"].read(length) if length else b"{}"
            try:
                params = json.loads(raw or b"{}")
            except ValueError:
                raise PricingError("SerializationException", "The request body is not valid JSON")
            result = price_list.handle(target.split(".", 1)[1], params)
            body = json.dumps(result, ensure_ascii=False).encode()
        except PricingError as e:
            status = e.status
            body = json.dumps({"__type": e.kind, "Message": e.message}).encode()
        headers = [
            ("Content-Type", "application/x-amz-json-1.1"),
            ("Content-Length", str(len(body))),
            ("x-amzn-RequestId", str(uuid.uuid4())),
        ]
        if status != 200:
            headers.append(("x-amzn-ErrorType", json.loads(body)["__type"]))
        start_response(f"{status} {'OK' if status == 200 else 'Bad Request'}", headers)
        return [body]

    return app
