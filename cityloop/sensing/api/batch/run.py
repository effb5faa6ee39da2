"""Running a batch: each item through the API's own view, one unit at a time.

An item becomes a request built from the batch's own WSGI environment (its
host, scheme and script name) with the item's method, URL and body; Django's
URL resolver must find the SensorThings view for it, and ``views.answer``
answers it with the batch's reader — so the key's scopes, a department
limit and private Things apply to each item as to a request sent alone.
The item's own Authorization header, if any, is ignored: a batch cannot
raise its rights item by item.

A unit outside any atomicity group commits on its own, as a lone request
does. An atomicity group runs inside one ``transaction.atomic``: each item's
own transaction becomes a savepoint, and the first item that fails rolls the
whole group back. Side effects (MQTT publishes, rule evaluation) are queued
by ingest with ``transaction.on_commit``; Django drops those queued inside a
rolled-back block, so a failed group leaves neither rows nor effects.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote_to_bytes, urlsplit

from django.core.handlers.wsgi import WSGIRequest
from django.db import transaction
from django.http import HttpRequest
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from cityloop.sensing.access import Reader
from cityloop.sensing.api import views
from cityloop.sensing.api.batch.items import Item, Outcome
from cityloop.sensing.api.errors import StaError, bad_request, error_response
from cityloop.sensing.api.serialize import Links

_REFERENCE = re.compile(r"^\$([A-Za-z0-9_.:,;-]+)(?=/|\?|$)")
_CREATED = re.compile(r"^([A-Za-z]+)\((\d+)\)$")
# What an item's URL may start with besides the service root itself: FROST's own test
# suite and clients send "/v1.1/Things" whatever the path the service is mounted at.
_VERSION_PREFIX = "/v1.1/"
_FORWARDED_HEADERS = ("HTTP_ACCEPT_LANGUAGE",)


@dataclass
class Batch:
    request: HttpRequest  # the $batch request
    reader: Reader
    links: Links
    root_path: str  # the service root as routed: "/sta/v1.1/"
    public_root: str  # and as the client sees it, with the script name if any
    created: dict[str, tuple[str, int]] = field(default_factory=dict)  # id → (path, @iot.id)
    seen: set[str] = field(default_factory=set)  # ids and groups already run
    failed: set[str] = field(default_factory=set)


@dataclass
class UnitResult:
    items: list[Item]
    outcomes: list[Outcome]  # one per item run; a failed group stops at its failure
    failed: bool = False


class _GroupFailed(Exception):
    pass


def run(batch: Batch, units: list[list[Item]]) -> list[UnitResult]:
    return [_run_unit(batch, unit) for unit in units]


def _run_unit(batch: Batch, unit: list[Item]) -> UnitResult:
    group = unit[0].group
    if group is None:
        (item,) = unit
        outcome = _execute(batch, item)
        _remember(batch, item, outcome)
        return UnitResult(unit, [outcome], failed=outcome.status >= 400)
    result = UnitResult(unit, [])
    created_before = dict(batch.created)
    try:
        with transaction.atomic():
            for item in unit:
                outcome = _execute(batch, item)
                result.outcomes.append(outcome)
                _remember(batch, item, outcome)
                if outcome.status >= 400:
                    raise _GroupFailed
    except _GroupFailed:
        result.failed = True
        batch.created = created_before  # what the group created is gone
        names = {i.id for i in unit if i.id} | {group}
        batch.seen |= names  # requests after the failure were not run, but were sent
        batch.failed |= names
    batch.seen.add(group)
    return result


def _remember(batch: Batch, item: Item, outcome: Outcome) -> None:
    if not item.id:
        return
    batch.seen.add(item.id)
    if outcome.status >= 400:
        batch.failed.add(item.id)
        return
    location = outcome.headers.get("Location", "")
    root = batch.links.root + "/"
    if outcome.status == 201 and location.startswith(root):
        found = _CREATED.match(location[len(root):])
        if found:
            batch.created[item.id] = (found.group(0), int(found.group(2)))


def _execute(batch: Batch, item: Item) -> Outcome:
    try:
        if item.error is not None:
            raise item.error
        _check_dependencies(batch, item)
        path, query = _service_path(batch, item.url)
        inner = _inner_request(batch, item, path, query, _substitute_body(batch, item))
        response = views.answer(inner, _view_path(batch, path), batch.links, batch.reader)
    except StaError as exc:
        response = error_response(exc)
    return Outcome(item.id, response.status_code, dict(response.items()), response.content)


def _check_dependencies(batch: Batch, item: Item) -> None:
    for name in item.depends_on:
        if name not in batch.seen:
            raise bad_request(
                _("dependsOn names %(name)s, which is no earlier request or atomicity group "
                  "of this batch.") % {"name": repr(name[:60])})
        if name in batch.failed:
            raise StaError(424, _("Not run: the request or atomicity group %(name)s it "
                                  "depends on failed.") % {"name": repr(name[:60])})


def _service_path(batch: Batch, url: str) -> tuple[str, str]:
    """The item's URL as a path under the service root, and its query string.

    OData 4.01 §11.7.7.1: a URL relative to the batch's URL (``Things(1)``), an absolute
    path, or an absolute URL; ``$<id>`` as first segment stands for what an earlier
    request with that id created."""
    parts = urlsplit(url.strip())
    path = parts.path
    if (parts.scheme or parts.netloc) and (
            parts.netloc.lower() != batch.request.get_host().lower()):
        raise _outside(url)
    if path.startswith(batch.public_root):
        path = path[len(batch.public_root):]
    elif path.startswith(batch.root_path):
        path = path[len(batch.root_path):]
    elif path.startswith(_VERSION_PREFIX):
        path = path[len(_VERSION_PREFIX):]
    elif path.startswith("/") or parts.scheme or parts.netloc:
        raise _outside(url)
    reference = _REFERENCE.match(path)
    if reference and reference.group(1) != "batch":
        name = reference.group(1)
        if name not in batch.created:
            raise StaError(404, _("%(ref)s names no entity created by an earlier request of "
                                  "this batch.") % {"ref": repr("$" + name[:60])})
        path = batch.created[name][0] + path[reference.end():]
    return path, parts.query


def _outside(url: str) -> StaError:
    return StaError(404, _("%(url)s is not a resource of this SensorThings service.")
                    % {"url": repr(url[:100])})


def _substitute_body(batch: Batch, item: Item) -> bytes:
    """``"$<id>"`` in a JSON body (``{"Sensor": {"@iot.id": "$sensor1"}}``) becomes the
    @iot.id an earlier request of the batch created, as FROST-Server does."""
    if not item.body or not batch.created or "json" not in item.content_type.lower():
        return item.body
    try:
        data = _replace(json.loads(item.body), batch.created)
    except (ValueError, RecursionError):
        return item.body  # the view answers the client's bad JSON itself
    return json.dumps(data, ensure_ascii=False).encode()


def _replace(value: Any, created: dict[str, tuple[str, int]]) -> Any:
    if isinstance(value, str) and value.startswith("$") and value[1:] in created:
        return created[value[1:]][1]
    if isinstance(value, dict):
        return {k: _replace(v, created) for k, v in value.items()}
    if isinstance(value, list):
        return [_replace(v, created) for v in value]
    return value


def _inner_request(batch: Batch, item: Item, path: str, query: str, body: bytes
                   ) -> WSGIRequest:
    outer = batch.request.META
    environ: dict[str, Any] = {
        key: value for key, value in outer.items()
        if not key.startswith("HTTP_") and key not in {"CONTENT_TYPE", "CONTENT_LENGTH"}
    }
    environ.update({key: outer[key] for key in ("HTTP_HOST", *_FORWARDED_HEADERS)
                    if key in outer})
    full = batch.root_path + path
    environ.update({
        "REQUEST_METHOD": item.method,
        # WSGI carries the path as bytes in latin-1; the item's URL is percent-encoded
        "PATH_INFO": unquote_to_bytes(full).decode("latin-1"),
        "SCRIPT_NAME": "",
        "QUERY_STRING": query,
        "CONTENT_TYPE": item.content_type,
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
    })
    inner = WSGIRequest(environ)
    inner.user = getattr(batch.request, "user", None)  # type: ignore[assignment]
    return inner


def _view_path(batch: Batch, path: str) -> str:
    """The ``path`` argument of the SensorThings view, found by Django's URL resolver as
    for any request; anything else (``$batch`` itself, another app) is refused."""
    full = unquote_to_bytes(batch.root_path + path).decode("utf-8", "replace")
    try:
        match = resolve(full)
    except Resolver404:
        raise _outside(path) from None
    if match.func is not views.service:
        if path.split("?")[0].rstrip("/") == "$batch":
            raise bad_request(_("A batch request cannot contain another batch request."))
        raise _outside(path)
    return str(match.kwargs.get("path", ""))


