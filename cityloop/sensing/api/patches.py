"""The two standard ways of describing a change to JSON: JSON Merge Patch (RFC 7396) and
JSON Patch (RFC 6902). SensorThings clients send either (OGC 18-088 §10.3; FROST-Server and
its Python client use JSON Patch with ``application/json-patch+json``)."""

from __future__ import annotations

import copy
from typing import Any

from django.utils.translation import gettext as _

from cityloop.sensing.api.errors import StaError, bad_request


def merge(target: Any, patch: Any) -> Any:
    """RFC 7396: objects merge key by key, null removes a key, anything else replaces."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge(result.get(key), value)
    return result


def _pointer(path: Any) -> list[str]:
    if not isinstance(path, str) or (path and not path.startswith("/")):
        raise bad_request(_("JSON Patch: %(path)s is not a JSON Pointer such as /name.")
                          % {"path": repr(str(path)[:60])})
    return [p.replace("~1", "/").replace("~0", "~") for p in path.split("/")[1:]]


def _parent(document: Any, parts: list[str], path: str) -> tuple[Any, str]:
    node = document
    for part in parts[:-1]:
        node = _child(node, part, path)
    return node, parts[-1]


def _child(node: Any, part: str, path: str) -> Any:
    if isinstance(node, dict) and part in node:
        return node[part]
    if isinstance(node, list) and part.isdigit() and int(part) < len(node):
        return node[int(part)]
    raise StaError(409, _("JSON Patch: %(path)s does not exist.") % {"path": path})


def _get(document: Any, path: str) -> Any:
    node = document
    for part in _pointer(path):
        node = _child(node, part, path)
    return node


def _remove(document: Any, path: str) -> Any:
    parts = _pointer(path)
    if not parts:
        raise bad_request(_("JSON Patch cannot remove the whole entity."))
    node, last = _parent(document, parts, path)
    value = _child(node, last, path)
    if isinstance(node, list):
        del node[int(last)]
    else:
        del node[last]
    return value


def _add(document: Any, path: str, value: Any) -> None:
    parts = _pointer(path)
    if not parts:
        raise bad_request(_("JSON Patch cannot replace the whole entity."))
    node, last = _parent(document, parts, path)
    if isinstance(node, dict):
        node[last] = copy.deepcopy(value)
    elif isinstance(node, list) and (last == "-" or (last.isdigit() and int(last) <= len(node))):
        node.insert(len(node) if last == "-" else int(last), copy.deepcopy(value))
    else:
        raise StaError(409, _("JSON Patch: %(path)s does not exist.") % {"path": path})


def apply(document: dict[str, Any], operations: Any) -> dict[str, Any]:
    """RFC 6902 on a copy of ``document``."""
    if not isinstance(operations, list):
        raise bad_request(_("A JSON Patch is an array of operations."))
    result = copy.deepcopy(document)
    for operation in operations:
        if not isinstance(operation, dict) or "path" not in operation:
            raise bad_request(_("Each JSON Patch operation needs an op and a path."))
        op, path = operation.get("op"), operation["path"]
        if op in {"add", "replace", "test"} and "value" not in operation:
            raise bad_request(_("JSON Patch: %(op)s needs a value.") % {"op": op})
        if op == "add":
            _add(result, path, operation["value"])
        elif op == "remove":
            _remove(result, path)
        elif op == "replace":
            _get(result, path)
            _remove(result, path)
            _add(result, path, operation["value"])
        elif op in {"move", "copy"}:
            value = _get(result, operation.get("from", ""))
            if op == "move":
                _remove(result, operation["from"])
            _add(result, path, value)
        elif op == "test":
            if _get(result, path) != operation["value"]:
                raise StaError(409, _("JSON Patch: the test of %(path)s failed.") % {"path": path})
        else:
            raise bad_request(_("JSON Patch: unknown operation %(op)s.") % {"op": repr(op)})
    return result
