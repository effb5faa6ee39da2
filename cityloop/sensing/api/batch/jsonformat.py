"""The JSON batch format of OData 4.01 (OData JSON Format §19), which SensorThings 1.1
§12 allows beside multipart:

``{"requests": [{"id": "1", "method": "post", "url": "Things", "body": {...},
"atomicityGroup": "g1", "dependsOn": ["0"]}]}`` is answered by
``{"responses": [{"id": "1", "status": 201, "headers": {"location": "..."},
"body": {...}}]}``, one response per request, in order.

When a request of an atomicity group fails, nothing of the group remains: the
failed request answers its own error, every other request of the group 424
Failed Dependency (OData 4.01 §11.7.4). FROST-Server answers the requests run
before the failure with their success although they were rolled back; we do
not, so a client never reads a Location of an entity that does not exist.
FROST's responses also carry ``location`` beside ``headers``; so do ours, for
its clients.
"""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext as _

from cityloop.sensing.api.batch.items import Item, Outcome, check_count, check_method
from cityloop.sensing.api.batch.run import UnitResult
from cityloop.sensing.api.errors import StaError, bad_request


def parse(raw: bytes) -> list[Item]:
    try:
        document = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise bad_request(_("The body is not UTF-8 text.")) from None
    except ValueError as exc:
        raise bad_request(_("The body is not valid JSON: %(error)s") % {"error": exc}) from None
    except RecursionError:
        raise bad_request(_("The body nests JSON too deeply.")) from None
    if not isinstance(document, dict) or not isinstance(document.get("requests"), list):
        raise bad_request(_('A JSON batch is an object {"requests": [...]}.'))
    requests = document["requests"]
    check_count(len(requests))
    items = [_item(position, entry) for position, entry in enumerate(requests)]
    _check_ids(items)
    return items


def _item(position: int, entry: Any) -> Item:
    """A request of the batch. A request of the wrong shape makes the whole batch a 400
    (it cannot be answered by id); one the API cannot do (an unknown method) is
    answered in its own response."""
    if not isinstance(entry, dict):
        raise bad_request(_("Request %(n)d of the batch is not a JSON object.") % {"n": position})
    request_id, method, url = entry.get("id"), entry.get("method"), entry.get("url")
    group, depends = entry.get("atomicityGroup"), entry.get("dependsOn", [])
    headers = entry.get("headers", {})
    problem = None
    if not isinstance(request_id, str) or not request_id:
        problem = _('has no "id" string')
    elif not isinstance(method, str) or not isinstance(url, str):
        problem = _('needs "method" and "url" strings')
    elif "atomicityGroup" in entry and not (isinstance(group, str) and group):
        problem = _('has an "atomicityGroup" that is not a non-empty string')
    elif not isinstance(depends, list) or not all(isinstance(d, str) for d in depends):
        problem = _('has a "dependsOn" that is not a list of request ids')
    elif not isinstance(headers, dict) or not all(isinstance(v, str) for v in headers.values()):
        problem = _('has "headers" that are not an object of strings')
    if problem is not None:
        raise bad_request(_("Request %(n)d of the batch %(problem)s.")
                          % {"n": position, "problem": problem})
    assert isinstance(request_id, str) and isinstance(method, str) and isinstance(url, str)
    item = Item(request_id, method.upper(), url, group=group, depends_on=depends)
    lowered = {str(k).lower(): v for k, v in headers.items()}
    body = entry.get("body")
    if body is not None:
        item.content_type = lowered.get("content-type", "application/json")
        item.body = (body.encode() if isinstance(body, str) and "json" not in
                     item.content_type else json.dumps(body, ensure_ascii=False).encode())
    check_method(item)
    return item


def _check_ids(items: list[Item]) -> None:
    seen: set[str] = set()
    groups = {item.group for item in items if item.group is not None}
    for item in items:
        if item.id in seen or item.id in groups:
            raise bad_request(_("The id %(id)s is used twice in this batch (ids and atomicity "
                                "groups share one namespace).") % {"id": repr(item.id[:60])})
        seen.add(item.id)


def render(results: list[UnitResult]) -> dict[str, Any]:
    responses: list[dict[str, Any]] = []
    for result in results:
        if not result.failed or result.items[0].group is None:
            responses += [_response(outcome) for outcome in result.outcomes]
            continue
        failure = result.outcomes[-1]
        for item in result.items:
            if item.id == failure.id:
                responses.append(_response(failure))
            else:
                responses.append(_not_applied(item, failure.id))
    return {"responses": responses}


def _not_applied(item: Item, failed_id: str) -> dict[str, Any]:
    error = StaError(424, _("Not applied: request %(id)s of the same atomicity group failed, "
                            "so none of the group's changes were kept.")
                     % {"id": repr(failed_id[:60])})
    return {"id": item.id, "status": 424, "body": error.body()}


def _response(outcome: Outcome) -> dict[str, Any]:
    out: dict[str, Any] = {"id": outcome.id, "status": outcome.status}
    headers = {name.lower(): value for name, value in outcome.headers.items()
               if name.lower() in {"location", "allow", "retry-after", "www-authenticate"}}
    content_type = outcome.headers.get("Content-Type", "")
    if headers:
        out["headers"] = headers
    if "location" in headers:
        out["location"] = headers["location"]
    if outcome.body:
        if content_type.startswith("application/json"):
            out["body"] = json.loads(outcome.body)
        else:
            out.setdefault("headers", {})["content-type"] = content_type
            out["body"] = outcome.body.decode("utf-8", "replace")
    return out
