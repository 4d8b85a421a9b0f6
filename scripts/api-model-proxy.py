#!/usr/bin/env python3
"""scripts/api-model-proxy.py: checks every AWS request against the service's published API model.

The emulators (dynalite, moto) accept requests that AWS refuses: a ProvisionedThroughput of 0, an
unknown enum value, a name too long. This proxy sits on 127.0.0.1 in front of them (started by
`scripts/local-aws start --validate`, which the test harness uses), parses each request the way the
service would (by its protocol), and validates the parameters against the operation's input shape in
botocore's models (the ones moto brings): required members, types, enum values, min/max values,
lengths and counts, string patterns, tagged unions; plus the cross-field rules listed in RULES, which
the models cannot express. A valid request is forwarded unchanged and the answer streamed back; a
violation gets a 400 shaped like the service's own validation error, whose message starts with
MARKER, and is recorded (GET /__ddbr-api-model/refusals?since=N on any listener).

What it does not check (see docs/development.md): S3 and other streaming bodies (payload blobs),
S3 XML bodies, unsigned requests (no service in the credential scope), services without a model, and
rules that need the emulator's state (e.g. the current billing mode of a table for UpdateTable).

Usage: api-model-proxy.py --listen NAME=PORT=UPSTREAM ... [--ready-file FILE]
  e.g. --listen dynamodb=0=http://127.0.0.1:8000 --listen moto=0=http://127.0.0.1:5000
Port 0 picks a free port; the ports chosen are written to --ready-file as NAME=PORT lines.

Only python3's standard library, botocore and nothing else: CI installs it with `pip install 'moto[server]'`.
"""

import argparse
import base64
import binascii
import datetime
import http.client
import http.server
import json
import re
import signal
import socketserver
import sys
import threading
import time
import urllib.parse
import xml.etree.ElementTree as ET
from collections import Counter

from botocore.loaders import Loader
from botocore.model import ServiceModel
from botocore.validate import ParamValidator, ValidationErrors

MARKER = "[ddbr api-model]"
CONTROL = "/__ddbr-api-model/"

# signing name (credential scope) -> botocore service names to try, in order
SIGNING_NAMES = {
    "monitoring": ["cloudwatch"],
    "dynamodb": ["dynamodb", "dynamodbstreams"],
    "email": ["ses", "sesv2"],
    "states": ["stepfunctions"],
    "tagging": ["resourcegroupstaggingapi"],
    "execute-api": [],
}

HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade",
              "proxy-authorization", "proxy-authenticate"}


# --- validation ----------------------------------------------------------------------------------

class StrictErrors(ValidationErrors):
    """botocore's report, plus the constraints its validator leaves to the service."""

    def _format_error(self, error):
        error_type, name, additional = error
        name = self._get_name(name)
        if error_type == "invalid max range":
            return (f"Invalid value for parameter {name}, value: {additional['param']}, "
                    f"valid max value: {additional['max_allowed']}")
        if error_type == "invalid max length":
            return (f"Invalid length for parameter {name}, value: {additional['param']}, "
                    f"valid max length: {additional['max_allowed']}")
        if error_type == "invalid enum":
            return (f"Invalid value for parameter {name}, value: {additional['param']}, "
                    f"valid values: {', '.join(additional['valid_values'])}")
        if error_type == "invalid pattern":
            return (f"Invalid value for parameter {name}, value: {additional['param']}, "
                    f"must match pattern: {additional['pattern']}")
        if error_type == "unparsed":
            return f"Unknown parameter in request: {additional['param']} (not in the API model)"
        if error_type == "rule":
            return additional["message"]
        return super()._format_error(error)


_PATTERNS = {}


def _compiled(pattern):
    """The pattern as a Python regex, or None when Python cannot express it (e.g. \\p{L}): not checked."""
    if pattern not in _PATTERNS:
        try:
            _PATTERNS[pattern] = re.compile(pattern, re.DOTALL)
        except re.error:
            _PATTERNS[pattern] = None
    return _PATTERNS[pattern]


def _shorten(value, limit=120):
    text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= limit else text[:limit] + "..."


class StrictValidator(ParamValidator):
    """botocore's ParamValidator (required, types, min, unions) with max, enum and pattern added."""

    VALIDATED_METADATA_ATTRS = ParamValidator.VALIDATED_METADATA_ATTRS | {"max", "enum", "pattern"}

    def validate(self, params, shape):
        errors = StrictErrors()
        self._validate(params, shape, errors, name="")
        return errors

    def _validate(self, params, shape, errors, name):
        if shape.name == "AttributeValue" and "NULL" in shape.members:
            return _attribute_value(params, errors, name)
        return super()._validate(params, shape, errors, name)

    @staticmethod
    def _max(name, value, shape, errors, kind, shown):
        if "max" in shape.metadata and value > shape.metadata["max"]:
            errors.report(name, "invalid max " + kind, param=_shorten(shown), max_allowed=shape.metadata["max"])

    def _validate_string(self, param, shape, errors, name):
        if not isinstance(param, str):
            return super()._validate_string(param, shape, errors, name)
        super()._validate_string(param, shape, errors, name)
        self._max(name, len(param), shape, errors, "length", param)
        enum = shape.metadata.get("enum")
        if enum and param not in enum:
            errors.report(name, "invalid enum", param=_shorten(param), valid_values=enum)
        pattern = shape.metadata.get("pattern")
        if pattern:
            compiled = _compiled(pattern)
            # AWS matches the whole value (Coral validation), whether or not the model anchors it
            if compiled is not None and not compiled.fullmatch(param):
                errors.report(name, "invalid pattern", param=_shorten(param), pattern=pattern)

    def _validate_list(self, param, shape, errors, name):
        super()._validate_list(param, shape, errors, name)
        if isinstance(param, (list, tuple)):
            self._max(name, len(param), shape, errors, "length", f"list of {len(param)}")

    def _validate_map(self, param, shape, errors, name):
        if shape.value.name == "AttributeValue" and isinstance(param, dict) and not shape.key.metadata.get("enum"):
            # an item or a key: attribute names (strings within the key shape's length) to attribute values
            low, high = shape.key.metadata.get("min", 0), shape.key.metadata.get("max", 1 << 30)
            for key, value in param.items():
                if not isinstance(key, str) or not low <= len(key) <= high:
                    self._validate(key, shape.key, errors, f"{name} (key: {key})")
                _attribute_value(value, errors, f"{name}.{key}")
        else:
            super()._validate_map(param, shape, errors, name)
        if isinstance(param, dict):
            if "min" in shape.metadata and len(param) < shape.metadata["min"]:
                errors.report(name, "invalid length", param=f"map of {len(param)}", min_allowed=shape.metadata["min"])
            self._max(name, len(param), shape, errors, "length", f"map of {len(param)}")

    def _validate_integer(self, param, shape, errors, name):
        super()._validate_integer(param, shape, errors, name)
        if isinstance(param, int) and not isinstance(param, bool):
            self._max(name, param, shape, errors, "range", param)

    def _validate_long(self, param, shape, errors, name):
        super()._validate_long(param, shape, errors, name)
        if isinstance(param, int) and not isinstance(param, bool):
            self._max(name, param, shape, errors, "range", param)

    def _validate_double(self, param, shape, errors, name):
        super()._validate_double(param, shape, errors, name)
        if isinstance(param, (int, float)) and not isinstance(param, bool):
            self._max(name, param, shape, errors, "range", param)

    _validate_float = _validate_double

    def _validate_blob(self, param, shape, errors, name):
        super()._validate_blob(param, shape, errors, name)
        if isinstance(param, (bytes, bytearray)):
            if "min" in shape.metadata and len(param) < shape.metadata["min"]:
                errors.report(name, "invalid length", param=f"{len(param)} bytes", min_allowed=shape.metadata["min"])
            self._max(name, len(param), shape, errors, "length", f"{len(param)} bytes")


_AV_SCALARS = {"S": str, "N": str, "B": (str, bytes, bytearray), "NULL": bool, "BOOL": bool}
_AV_SETS = {"SS": str, "NS": str, "BS": (str, bytes, bytearray)}
_AV_MEMBERS = ["S", "N", "B", "SS", "NS", "BS", "M", "L", "NULL", "BOOL"]


def _attribute_value(value, errors, name):
    """DynamoDB's AttributeValue (a tagged union), checked by hand: the same rules as the model, about ten
    times faster than the generic walk, which matters for BatchWriteItem's 25 items."""
    if not isinstance(value, dict):
        errors.report(name, "invalid type", param=value, valid_types=[str(dict)])
        return
    if len(value) != 1:
        errors.report(name, "more than one input" if value else "empty input", members=_AV_MEMBERS)
    for key, v in value.items():
        where = f"{name}.{key}"
        if key in _AV_SCALARS:
            if not isinstance(v, _AV_SCALARS[key]):
                errors.report(where, "invalid type", param=v, valid_types=[str(_AV_SCALARS[key])])
        elif key in _AV_SETS:
            if not isinstance(v, list):
                errors.report(where, "invalid type", param=v, valid_types=[str(list)])
            else:
                for i, item in enumerate(v):
                    if not isinstance(item, _AV_SETS[key]):
                        errors.report(f"{where}[{i}]", "invalid type", param=item, valid_types=[str(_AV_SETS[key])])
        elif key == "M":
            if not isinstance(v, dict):
                errors.report(where, "invalid type", param=v, valid_types=[str(dict)])
            else:
                for k, item in v.items():
                    _attribute_value(item, errors, f"{where}.{k}")
        elif key == "L":
            if not isinstance(v, list):
                errors.report(where, "invalid type", param=v, valid_types=[str(list)])
            else:
                for i, item in enumerate(v):
                    _attribute_value(item, errors, f"{where}[{i}]")
        else:
            errors.report(name, "unknown field", unknown_param=key, valid_names=_AV_MEMBERS)


# --- cross-field rules the models cannot express -----------------------------------------------------
# Each rule takes the parsed parameters and returns a list of messages. Add one per documented rule
# (with the page that documents it), and a test in scripts/api-model-proxy-test.py.

def _pt_with_on_demand(mode, table_pt, gsis, where, gsi_name="GlobalSecondaryIndexes"):
    """DynamoDB: with PAY_PER_REQUEST no ProvisionedThroughput anywhere (table or index); with
    PROVISIONED the table and every new index need one. (CreateTable, API reference: "If you set
    BillingMode as PAY_PER_REQUEST, you cannot specify this property" / ValidationException "One or
    more parameter values were invalid: ProvisionedThroughput should not be specified for index: X
    when BillingMode is PAY_PER_REQUEST".)"""
    problems = []
    if mode == "PAY_PER_REQUEST":
        if table_pt is not None:
            problems.append(f"{where}: ProvisionedThroughput must not be specified when BillingMode is PAY_PER_REQUEST")
        for i, gsi in enumerate(gsis or []):
            if isinstance(gsi, dict) and gsi.get("ProvisionedThroughput") is not None:
                problems.append(f"{where}: {gsi_name}[{i}].ProvisionedThroughput must not be specified for index "
                                f"{gsi.get('IndexName')} when BillingMode is PAY_PER_REQUEST")
    return problems


def _rule_create_table(p):
    mode = p.get("BillingMode", "PROVISIONED")
    problems = _pt_with_on_demand(mode, p.get("ProvisionedThroughput"), p.get("GlobalSecondaryIndexes"), "CreateTable")
    if mode == "PROVISIONED":
        if p.get("ProvisionedThroughput") is None:
            problems.append("CreateTable: ProvisionedThroughput is required when BillingMode is PROVISIONED")
        for i, gsi in enumerate(p.get("GlobalSecondaryIndexes") or []):
            if gsi.get("ProvisionedThroughput") is None:
                problems.append(f"CreateTable: GlobalSecondaryIndexes[{i}].ProvisionedThroughput is required for "
                                f"index {gsi.get('IndexName')} when BillingMode is PROVISIONED")
        if p.get("OnDemandThroughput") is not None:
            problems.append("CreateTable: OnDemandThroughput must not be specified when BillingMode is PROVISIONED")
    return problems


def _rule_update_table(p):
    if p.get("BillingMode") != "PAY_PER_REQUEST":
        return []
    creates = [u.get("Create") for u in p.get("GlobalSecondaryIndexUpdates") or [] if u.get("Create")]
    updates = [u.get("Update") for u in p.get("GlobalSecondaryIndexUpdates") or [] if u.get("Update")]
    return (_pt_with_on_demand("PAY_PER_REQUEST", p.get("ProvisionedThroughput"), creates, "UpdateTable",
                               "GlobalSecondaryIndexUpdates[].Create")
            + _pt_with_on_demand("PAY_PER_REQUEST", None, updates, "UpdateTable", "GlobalSecondaryIndexUpdates[].Update"))


def _rule_restore(op):
    def rule(p):
        mode = p.get("BillingModeOverride")
        problems = _pt_with_on_demand(mode, p.get("ProvisionedThroughputOverride"), p.get("GlobalSecondaryIndexOverride"),
                                      op, "GlobalSecondaryIndexOverride")
        if mode == "PROVISIONED" and p.get("OnDemandThroughputOverride") is not None:
            problems.append(f"{op}: OnDemandThroughputOverride must not be specified when BillingModeOverride is PROVISIONED")
        return problems
    return rule


def _rule_import_table(p):
    t = p.get("TableCreationParameters") or {}
    mode = t.get("BillingMode", "PROVISIONED")
    problems = _pt_with_on_demand(mode, t.get("ProvisionedThroughput"), t.get("GlobalSecondaryIndexes"),
                                  "ImportTable TableCreationParameters")
    if mode == "PROVISIONED" and t and t.get("ProvisionedThroughput") is None:
        problems.append("ImportTable: TableCreationParameters.ProvisionedThroughput is required when BillingMode is PROVISIONED")
    return problems


RULES = {
    ("dynamodb", "CreateTable"): [_rule_create_table],
    ("dynamodb", "UpdateTable"): [_rule_update_table],
    ("dynamodb", "RestoreTableToPointInTime"): [_rule_restore("RestoreTableToPointInTime")],
    ("dynamodb", "RestoreTableFromBackup"): [_rule_restore("RestoreTableFromBackup")],
    ("dynamodb", "ImportTable"): [_rule_import_table],
}


# --- the service models ----------------------------------------------------------------------------

class Models:
    def __init__(self):
        self._loader = Loader()
        self._services = {}
        self._lock = threading.Lock()
        self._routes = {}

    def service(self, name):
        with self._lock:
            if name not in self._services:
                try:
                    self._services[name] = ServiceModel(self._loader.load_service_model(name, "service-2"), name)
                except Exception:  # noqa: BLE001 - no such model: not validated
                    self._services[name] = None
            return self._services[name]

    def candidates(self, signing_name):
        names = SIGNING_NAMES.get(signing_name, [signing_name])
        return [m for m in (self.service(n) for n in names) if m is not None]

    def rest_routes(self, model):
        """[(method, path regex, labels, required query (key, value|None) pairs, specificity, operation)]"""
        key = model.service_name
        with self._lock:
            if key in self._routes:
                return self._routes[key]
        routes = []
        for op_name in model.operation_names:
            op = model.operation_model(op_name)
            uri = op.http.get("requestUri", "/")
            path, _, query = uri.partition("?")
            regex, labels, pos, literal = "", [], 0, 0
            for m in re.finditer(r"\{([^}]+)\}", path):
                literal += len(path[pos:m.start()])
                regex += re.escape(path[pos:m.start()])
                label = m.group(1)
                if label.endswith("+"):
                    regex += "(.+)"
                    label = label[:-1]
                else:
                    regex += "([^/]+)"
                labels.append(label)
                pos = m.end()
            literal += len(path[pos:])
            tail = path[pos:]
            if tail.endswith("/") and len(tail) > 0:
                regex += re.escape(tail.rstrip("/")) + "/?"
            else:
                regex += re.escape(tail) + ("/?" if path == "/" else "")
            required = []
            for part in filter(None, query.split("&")):
                k, eq, v = part.partition("=")
                if k != "x-id":  # S3's operation marker: the Java SDK does not send it
                    required.append((k, v if eq else None))
            routes.append((op.http.get("method", "POST"), re.compile(regex + r"\Z"), labels, required,
                           (len(required), literal), op_name))
        routes.sort(key=lambda r: r[4], reverse=True)
        with self._lock:
            self._routes[key] = routes
        return routes


MODELS = Models()


# --- parsing requests, per protocol ------------------------------------------------------------------

class Unparsable(Exception):
    pass


def _timestamp(value):
    if isinstance(value, bool):
        raise Unparsable(f"timestamp expected, got {value!r}")
    if isinstance(value, (int, float)):
        return datetime.datetime.fromtimestamp(value, datetime.timezone.utc)
    try:
        return datetime.datetime.fromtimestamp(float(value), datetime.timezone.utc)
    except ValueError:
        pass
    text = value.strip()
    try:
        return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    try:
        from email.utils import parsedate_to_datetime
        return parsedate_to_datetime(text)
    except (TypeError, ValueError) as e:
        raise Unparsable(f"not a timestamp: {value!r}") from e


def _blob(value):
    if not isinstance(value, str):
        raise Unparsable(f"base64 string expected for a blob, got {type(value).__name__}")
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as e:
        raise Unparsable(f"not base64: {_shorten(value)}") from e


def from_json(shape, value):
    """JSON wire value -> botocore parameter; unknown members are kept, so the validator names them."""
    t = shape.type_name
    if value is None:
        return None
    if shape.name == "AttributeValue":
        return value  # checked as it is on the wire, B as base64 text (_attribute_value)
    if t == "structure":
        if shape.is_document_type or not isinstance(value, dict):
            return value
        out = {}
        by_wire = {m.serialization.get("name", n): n for n, m in shape.members.items()}
        for k, v in value.items():
            if v is None:
                continue
            name = by_wire.get(k)
            out[name or k] = from_json(shape.members[name], v) if name else v
        return out
    if t == "list":
        return [from_json(shape.member, v) for v in value] if isinstance(value, list) else value
    if t == "map":
        return {k: from_json(shape.value, v) for k, v in value.items()} if isinstance(value, dict) else value
    if t == "blob":
        return _blob(value)
    if t == "timestamp":
        return _timestamp(value)
    return value


def _scalar(shape, text):
    t = shape.type_name
    try:
        if t in ("integer", "long", "short", "byte"):
            return int(text)
        if t in ("double", "float"):
            return float(text)
    except ValueError as e:
        raise Unparsable(f"not a number: {text!r}") from e
    if t == "boolean":
        if text in ("true", "false"):
            return text == "true"
        raise Unparsable(f"not a boolean: {text!r}")
    if t == "timestamp":
        return _timestamp(text)
    if t == "blob":
        return _blob(text)
    if t == "string" and shape.serialization.get("jsonvalue"):
        try:
            return json.loads(base64.b64decode(text))
        except (ValueError, binascii.Error):
            return text
    return text


class QueryReader:
    """awsQuery / ec2 form parameters -> botocore parameters; remembers which keys it used."""

    def __init__(self, form, ec2=False):
        self.form = form
        self.ec2 = ec2
        self.used = set()
        self.prefixes = set()
        for key in form:
            parts = key.split(".")
            for i in range(1, len(parts)):
                self.prefixes.add(".".join(parts[:i]))

    def _name(self, shape, default):
        s = shape.serialization
        if self.ec2:
            if "queryName" in s:
                return s["queryName"]
            if "name" in s:
                return s["name"][0].upper() + s["name"][1:]
            return default
        return s.get("name", default)

    def _present(self, prefix):
        return prefix in self.form or prefix in self.prefixes

    def read(self, shape, prefix):
        t = shape.type_name
        if t == "structure":
            out = {}
            for name, member in shape.members.items():
                key = self._name(member, name)
                key = f"{prefix}.{key}" if prefix else key
                if self._present(key):
                    out[name] = self.read(member, key)
            return out
        if t == "list":
            if self.form.get(prefix) == "":
                self.used.add(prefix)
                return []
            if self.ec2:
                base = prefix
            elif shape.serialization.get("flattened"):
                base = prefix
                loc = shape.member.serialization.get("name")
                if loc:
                    base = ".".join(prefix.split(".")[:-1] + [loc])
            else:
                base = f"{prefix}.{shape.member.serialization.get('name', 'member')}"
            items, i = [], 1
            while self._present(f"{base}.{i}"):
                items.append(self.read(shape.member, f"{base}.{i}"))
                i += 1
            return items
        if t == "map":
            base = prefix if shape.serialization.get("flattened") else f"{prefix}.entry"
            kname = shape.key.serialization.get("name", "key")
            vname = shape.value.serialization.get("name", "value")
            out, i = {}, 1
            while f"{base}.{i}.{kname}" in self.form:
                k = self.read(shape.key, f"{base}.{i}.{kname}")
                out[k] = self.read(shape.value, f"{base}.{i}.{vname}") if self._present(f"{base}.{i}.{vname}") else None
                i += 1
            return out
        if prefix not in self.form:
            raise Unparsable(f"{prefix} has members where a {t} is expected")
        self.used.add(prefix)
        return _scalar(shape, self.form[prefix])


def _xml_local(tag):
    return tag.rsplit("}", 1)[-1]


def from_xml(shape, node):
    t = shape.type_name
    if t == "structure":
        out = {}
        children = {}
        for child in node:
            children.setdefault(_xml_local(child.tag), []).append(child)
        for name, member in shape.members.items():
            if member.serialization.get("location"):
                continue
            key = member.serialization.get("name", name)
            if member.type_name == "list" and member.serialization.get("flattened"):
                nodes = children.get(key, [])
                if nodes:
                    out[name] = [from_xml(member.member, n) for n in nodes]
            elif key in children:
                out[name] = from_xml(member, children[key][0])
            if member.serialization.get("xmlAttribute"):
                for attr, val in node.attrib.items():
                    if _xml_local(attr) == key:
                        out[name] = val
        return out
    if t == "list":
        return [from_xml(shape.member, n) for n in node]
    if t == "map":
        out = {}
        kname = shape.key.serialization.get("name", "key")
        vname = shape.value.serialization.get("name", "value")
        for entry in node:
            k = entry.find(kname)
            v = entry.find(vname)
            if k is not None:
                out[k.text or ""] = from_xml(shape.value, v) if v is not None else None
        return out
    return _scalar(shape, node.text or "")


class Request:
    def __init__(self, method, path, headers, body):
        self.method = method
        self.path = path
        self.headers = headers  # http.client.HTTPMessage: case-insensitive
        self.body = body


def signing_service(headers):
    auth = headers.get("Authorization") or ""
    m = re.search(r"Credential=[^/,\s]+/\d{8}/[^/]+/([^/]+)/aws4_request", auth)
    if m:
        return m.group(1)
    return None


def identify(req):
    """(service model, operation name, protocol) or (None, reason, None) when not validated."""
    signing = signing_service(req.headers)
    if signing is None:
        return None, "unsigned request", None
    models = MODELS.candidates(signing)
    if not models:
        return None, f"no API model for service {signing}", None
    target = req.headers.get("X-Amz-Target")
    ctype = (req.headers.get("Content-Type") or "").split(";")[0].strip().lower()
    if req.headers.get("smithy-protocol"):
        return None, f"{signing}: protocol {req.headers.get('smithy-protocol')} is not parsed", None
    if target:
        prefix, _, op = target.rpartition(".")
        for model in models:
            if model.metadata.get("targetPrefix") == prefix:
                return model, op, "json"
        return None, f"{signing}: unknown X-Amz-Target prefix {prefix}", None
    if ctype == "application/x-www-form-urlencoded" and req.method == "POST":
        form = urllib.parse.parse_qs(req.body.decode("utf-8"), keep_blank_values=True)
        action = (form.get("Action") or [None])[0]
        if action:
            model = models[0]
            return model, action, "ec2" if model.metadata.get("protocol") == "ec2" else "query"
    model = models[0]
    protocol = model.metadata.get("protocol")
    if protocol in ("rest-json", "rest-xml"):
        url = urllib.parse.urlsplit(req.path)
        query = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        matches = []
        for method, regex, labels, required, specificity, op in MODELS.rest_routes(model):
            if method != req.method or not regex.match(url.path):
                continue
            if all(k in query and (v is None or v in query[k]) for k, v in required):
                matches.append((op, specificity))
        if matches:
            # same URI, told apart by required header or query members (S3 PutObject and CopyObject,
            # UploadPart and UploadPartCopy, DeleteObject and AbortMultipartUpload): the one whose required
            # members are all there, the most of them; then the most specific URI; then not deprecated
            # (GetBucketLifecycleConfiguration, not GetBucketLifecycle), then the shorter name (ListBuckets,
            # not ListDirectoryBuckets, which only S3 Express hosts answer)
            best, best_score = matches[0][0], None
            for op, specificity in matches:
                operation = model.operation_model(op)
                shape = operation.input_shape
                score = 0
                for n, m in (shape.members.items() if shape else []):
                    if n not in shape.required_members:
                        continue
                    loc, wire = m.serialization.get("location"), m.serialization.get("name", n)
                    if loc == "header":
                        score = score + 1 if wire in req.headers else -1000
                    elif loc == "querystring":
                        score = score + 1 if wire in query else -1000
                rank = (score, specificity, not operation.deprecated, -len(op))
                if best_score is None or rank > best_score:
                    best, best_score = op, rank
            return model, best, protocol
        return None, f"{signing}: no operation for {req.method} {url.path}", None
    return None, f"{signing}: cannot tell the operation ({protocol})", None


def parse_params(model, op, protocol, req):
    """The request's parameters as botocore would have taken them, and the parts not checked."""
    shape = op.input_shape
    unchecked = []
    if shape is None:
        return {}, unchecked
    if protocol == "json":
        try:
            data = json.loads(req.body.decode("utf-8")) if req.body.strip() else {}
        except (UnicodeDecodeError, ValueError) as e:
            raise Unparsable(f"body is not JSON: {e}") from e
        return from_json(shape, data), unchecked
    if protocol in ("query", "ec2"):
        pairs = urllib.parse.parse_qsl(req.body.decode("utf-8"), keep_blank_values=True)
        form = dict(pairs)
        reader = QueryReader(form, ec2=protocol == "ec2")
        params = reader.read(shape, "")
        extra = sorted(set(form) - reader.used - {"Action", "Version"})
        return params, [("unparsed", k) for k in extra]
    # rest-json / rest-xml
    url = urllib.parse.urlsplit(req.path)
    query = urllib.parse.parse_qs(url.query, keep_blank_values=True)
    route = next(r for r in MODELS.rest_routes(model) if r[5] == op.name)
    m = route[1].match(url.path)
    labels = {name: urllib.parse.unquote(m.group(i + 1)) for i, name in enumerate(route[2])}
    params = {}
    payload = shape.serialization.get("payload")
    body_members = {}
    for name, member in shape.members.items():
        loc = member.serialization.get("location")
        wire = member.serialization.get("name", name)
        if loc == "uri":
            if wire in labels:
                params[name] = _scalar(member, labels[wire])
        elif loc == "querystring":
            if member.type_name == "list":
                if wire in query:
                    params[name] = [_scalar(member.member, v) for v in query[wire]]
            elif member.type_name == "map":
                modeled = {s.serialization.get("name", n) for n, s in shape.members.items()
                           if s.serialization.get("location") == "querystring"}
                extra = {k: v[0] for k, v in query.items() if k not in modeled}
                if extra:
                    params[name] = extra
            elif wire in query:
                params[name] = _scalar(member, query[wire][0])
        elif loc == "header":
            value = req.headers.get(wire)
            if value is not None:
                if member.type_name == "list":
                    params[name] = [_scalar(member.member, v.strip()) for v in value.split(",")]
                elif member.type_name == "timestamp":
                    params[name] = _timestamp(value)
                elif member.type_name == "string" and member.serialization.get("jsonvalue"):
                    params[name] = _scalar(member, value)
                else:
                    params[name] = _scalar(member, value)
        elif loc == "headers":
            prefix = wire.lower()
            found = {k[len(prefix):]: v for k, v in req.headers.items() if k.lower().startswith(prefix)}
            if found:
                params[name] = found
        elif loc in ("statusCode",):
            continue
        else:
            body_members[name] = member
    if payload:
        member = shape.members[payload]
        if member.type_name in ("blob", "string") or member.serialization.get("streaming") \
                or model.service_name == "s3":
            unchecked.append(("body", f"{payload} ({member.type_name} payload)"))
        elif req.body.strip():
            params[payload] = _body(protocol, member, req.body)
    elif body_members and req.body.strip():
        if model.service_name == "s3":
            unchecked.append(("body", "S3 XML body"))
        else:
            parsed = _body(protocol, shape, req.body)
            params.update({k: v for k, v in parsed.items() if k in body_members or k not in shape.members})
    return params, unchecked


def _body(protocol, shape, body):
    if protocol == "rest-json":
        try:
            return from_json(shape, json.loads(body.decode("utf-8")))
        except (UnicodeDecodeError, ValueError) as e:
            raise Unparsable(f"body is not JSON: {e}") from e
    try:
        return from_xml(shape, ET.fromstring(body))
    except ET.ParseError as e:
        raise Unparsable(f"body is not XML: {e}") from e


def check(req):
    """(service, operation, problems, note): problems is a list of messages; note says what was not checked."""
    model, op_name, protocol = identify(req)
    if model is None:
        return None, None, [], op_name
    try:
        op = model.operation_model(op_name)
    except Exception:  # noqa: BLE001 - botocore raises OperationNotFoundError
        return model.service_name, op_name, [f"{op_name} is not an operation of {model.service_name}"], None
    try:
        params, unchecked = parse_params(model, op, protocol, req)
    except Unparsable as e:
        return model.service_name, op_name, [f"request could not be read as {protocol}: {e}"], None
    errors = StrictValidator().validate(params, op.input_shape) if op.input_shape is not None else StrictErrors()
    for kind, what in unchecked:
        if kind == "unparsed":
            errors.report("", "unparsed", param=what)
    for rule in RULES.get((model.service_name, op_name), []):
        try:
            for message in rule(params):
                errors.report("", "rule", message=message)
        except (AttributeError, TypeError, KeyError):
            pass  # the model violation is reported above
    problems = errors.generate_report().splitlines() if errors.has_errors() else []
    note = ", ".join(what for kind, what in unchecked if kind == "body") or None
    return model.service_name, op_name, problems, note


def refusal(model_protocol, service, op, message, headers):
    """(status, headers, body) shaped like the service's own validation error."""
    text = f"{MARKER} {service} {op}: {message}"
    if model_protocol in ("json", "rest-json") or headers.get("X-Amz-Target"):
        body = json.dumps({"__type": "ValidationException", "message": text, "Message": text}).encode()
        ctype = "application/x-amz-json-1.0" if headers.get("X-Amz-Target") else "application/json"
        return 400, {"Content-Type": ctype, "x-amzn-ErrorType": "ValidationException"}, body
    esc = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if model_protocol == "ec2":
        body = (f"<Response><Errors><Error><Code>InvalidParameterValue</Code><Message>{esc}</Message></Error>"
                f"</Errors><RequestID>ddbr-api-model</RequestID></Response>")
    elif model_protocol == "rest-xml":
        body = f"<Error><Code>InvalidArgument</Code><Message>{esc}</Message><RequestId>ddbr-api-model</RequestId></Error>"
    else:
        body = (f"<ErrorResponse><Error><Type>Sender</Type><Code>ValidationError</Code><Message>{esc}</Message>"
                f"</Error><RequestId>ddbr-api-model</RequestId></ErrorResponse>")
    return 400, {"Content-Type": "text/xml"}, body.encode()


# --- the proxy -------------------------------------------------------------------------------------

class State:
    def __init__(self):
        self.lock = threading.Lock()
        self.refusals = []
        self.checked = Counter()
        self.unchecked = Counter()

    def refuse(self, listener, service, op, problems):
        with self.lock:
            self.refusals.append({"seq": len(self.refusals) + 1, "time": time.time(), "listener": listener,
                                  "service": service, "operation": op, "problems": problems})
        print(f"refused {service} {op}: " + " | ".join(problems), file=sys.stderr, flush=True)


STATE = State()


class Pool:
    def __init__(self, upstream):
        url = urllib.parse.urlsplit(upstream)
        self.host, self.port = url.hostname, url.port or 80
        self.idle = []
        self.lock = threading.Lock()

    def get(self):
        with self.lock:
            if self.idle:
                return self.idle.pop(), True
        return http.client.HTTPConnection(self.host, self.port, timeout=600), False

    def put(self, conn):
        with self.lock:
            if len(self.idle) < 32:
                self.idle.append(conn)
                return
        conn.close()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "ddbr-api-model"
    # one write per answer where it fits, sent at once: without these, Nagle's algorithm and the client's
    # delayed ACK cost 40 ms a request
    disable_nagle_algorithm = True
    wbufsize = 1 << 16
    listener = "?"
    pool = None

    def log_message(self, fmt, *args):
        pass

    def handle_expect_100(self):
        # the S3 client waits for this before it sends the body: send it now, not with the answer
        self.send_response_only(100)
        self.end_headers()
        self.wfile.flush()
        return True

    def _read_body(self):
        """The request's body, or None when the client went away before sending all of it (a process killed
        mid-request, e.g. by a test's SIGINT): such a request never reaches AWS, so it is neither judged nor sent."""
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            chunks = []
            while True:
                line = self.rfile.readline()
                if not line:
                    return None
                size = int(line.split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunk = self.rfile.read(size)
                if len(chunk) < size:
                    return None
                chunks.append(chunk)
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        if not length:
            return b""
        body = self.rfile.read(length)
        return body if len(body) == length else None

    def _handle(self):
        body = self._read_body()
        if body is None:
            self.close_connection = True
            return
        if self.path.startswith(CONTROL):
            return self._control()
        req = Request(self.command, self.path, self.headers, body)
        try:
            service, op, problems, note = check(req)
        except Exception as e:  # noqa: BLE001 - a bug here must be loud, not a silent pass
            service, op, problems, note = "?", "?", [f"the validator failed on this request: {e!r}"], None
        with STATE.lock:
            if service is None:
                STATE.unchecked[note] += 1
            else:
                STATE.checked[f"{service} {op}"] += 1
                if note:
                    STATE.unchecked[f"{service} {op}: {note}"] += 1
        if problems:
            STATE.refuse(self.listener, service, op, problems)
            model = MODELS.service(service) if service and service != "?" else None
            protocol = "json" if self.headers.get("X-Amz-Target") else (
                model.metadata.get("protocol") if model else "json")
            if protocol in ("query", "ec2") or (self.headers.get("Content-Type") or "").startswith(
                    "application/x-www-form-urlencoded"):
                protocol = "ec2" if protocol == "ec2" else "query"
            status, headers, payload = refusal(protocol, service, op, "; ".join(problems), self.headers)
            return self._send(status, headers, payload)
        self._forward(body)

    def _forward(self, body):
        headers = [(k, v) for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP
                   and k.lower() != "content-length"]
        for attempt in range(2):
            conn, reused = self.pool.get()
            try:
                conn.putrequest(self.command, self.path, skip_host=True, skip_accept_encoding=True)
                for k, v in headers:
                    conn.putheader(k, v)
                if body or self.command in ("POST", "PUT", "PATCH"):
                    conn.putheader("Content-Length", str(len(body)))
                conn.endheaders(body if body else None)
                resp = conn.getresponse()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError) as e:
                conn.close()
                if reused and attempt == 0:
                    continue
                self._send(502, {"Content-Type": "text/plain"}, f"{MARKER} upstream failed: {e}".encode())
                return
            except OSError as e:
                conn.close()
                self._send(502, {"Content-Type": "text/plain"}, f"{MARKER} upstream failed: {e}".encode())
                return
            break
        self.send_response_only(resp.status, resp.reason)
        length = resp.getheader("Content-Length")
        no_body = self.command == "HEAD" or resp.status in (204, 304) or 100 <= resp.status < 200
        for k, v in resp.getheaders():
            if k.lower() not in HOP_BY_HOP and k.lower() != "content-length":
                self.send_header(k, v)
        chunked = length is None and not no_body
        if length is not None:
            self.send_header("Content-Length", length)
        elif chunked:
            self.send_header("Transfer-Encoding", "chunked")
        elif no_body:
            self.send_header("Content-Length", "0") if resp.status not in (204, 304) else None
        self.end_headers()
        try:
            if not no_body:
                while True:
                    data = resp.read1(65536) if hasattr(resp, "read1") else resp.read(65536)
                    if not data:
                        break
                    if chunked:
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
                    else:
                        self.wfile.write(data)
                if chunked:
                    self.wfile.write(b"0\r\n\r\n")
            else:
                resp.read()
            self.wfile.flush()
        finally:
            if resp.will_close or not resp.isclosed():
                conn.close()
            else:
                self.pool.put(conn)

    def _send(self, status, headers, body):
        self.send_response_only(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()

    def _control(self):
        url = urllib.parse.urlsplit(self.path)
        what = url.path[len(CONTROL):]
        query = urllib.parse.parse_qs(url.query)
        if what == "health":
            return self._send(200, {"Content-Type": "text/plain"}, b"ok\n")
        if what == "refusals":
            since = int((query.get("since") or ["0"])[0])
            with STATE.lock:
                out = {"count": len(STATE.refusals), "refusals": STATE.refusals[since:]}
            return self._send(200, {"Content-Type": "application/json"}, json.dumps(out).encode())
        if what == "front":
            upstream = (query.get("upstream") or [""])[0]
            if not re.fullmatch(r"http://127\.0\.0\.1:\d+", upstream):
                return self._send(400, {"Content-Type": "text/plain"}, b"upstream must be http://127.0.0.1:PORT\n")
            port = front(upstream, (query.get("name") or ["front"])[0])
            return self._send(200, {"Content-Type": "application/json"},
                              json.dumps({"endpoint": f"http://127.0.0.1:{port}"}).encode())
        if what == "stats":
            with STATE.lock:
                out = {"checked": dict(STATE.checked), "notChecked": dict(STATE.unchecked),
                       "refused": len(STATE.refusals)}
            return self._send(200, {"Content-Type": "application/json"}, json.dumps(out, indent=1).encode())
        return self._send(404, {"Content-Type": "text/plain"}, b"unknown control path\n")

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = do_OPTIONS = _handle


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128


FRONTS = {}
FRONTS_LOCK = threading.Lock()


def front(upstream, name, port=0):
    """A listener checking requests bound for upstream (an emulator, or a test's fake); its port."""
    with FRONTS_LOCK:
        if upstream in FRONTS:
            return FRONTS[upstream].server_address[1]
        handler = type(f"Handler_{name}", (Handler,), {"listener": name, "pool": Pool(upstream)})
        server = Server(("127.0.0.1", int(port)), handler)
        FRONTS[upstream] = server
        threading.Thread(target=server.serve_forever, name=name, daemon=True).start()
        print(f"api-model proxy {name}: listening at http://127.0.0.1:{server.server_address[1]} -> {upstream}",
              file=sys.stderr, flush=True)
        return server.server_address[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--listen", action="append", required=True, metavar="NAME=PORT=UPSTREAM")
    parser.add_argument("--ready-file")
    parser.add_argument("--check", metavar="FILE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    lines = []
    for spec in args.listen:
        name, port, upstream = spec.split("=", 2)
        lines.append(f"{name}={front(upstream, name, port)}")
    MODELS.service("dynamodb")  # warm the one used most
    if args.ready_file:
        with open(args.ready_file + ".tmp", "w") as f:
            f.write("\n".join(lines) + "\n")
        import os
        os.replace(args.ready_file + ".tmp", args.ready_file)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, lambda *_: done.set())
    while not done.wait(3600):
        pass
    with STATE.lock:
        per_service = Counter()
        for key, n in STATE.checked.items():
            per_service[key.split(" ")[0]] += n
        print(f"api-model proxy: {sum(STATE.checked.values())} requests checked ({dict(per_service.most_common())}), "
              f"{len(STATE.refusals)} refused; not checked: {dict(STATE.unchecked)}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
