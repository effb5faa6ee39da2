"""The one view of the SensorThings API: every path under /sta/v1.1/ (OGC 18-088 §9, §10).

It works out the service root from the URL, checks the key sent and its
scopes (``auth``; what a department-limited key may write, ``departments``),
reads and checks the JSON body, and hands over to ``read`` or ``write``.
Every refusal is an ``StaError`` and answers in the spec's style; a request
the database cannot evaluate (a division by zero in a filter, a number out
of range) is a 400, never a 500.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.exceptions import FieldError
from django.db import DataError, IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from cityloop.sensing.access import Reader
from cityloop.sensing.api import departments, read, scope, write
from cityloop.sensing.api.auth import reader_of, writer
from cityloop.sensing.api.errors import StaError, bad_request, error_response
from cityloop.sensing.api.resource import resolve
from cityloop.sensing.api.serialize import Links
from cityloop.sensing.api.update import JSON_PATCH, MERGE_PATCH

JSON_TYPES = {"application/json", MERGE_PATCH, JSON_PATCH}
MAX_JSON_DEPTH = 32  # deep insert goes Things → Datastreams → Observations → …, never this far


@csrf_exempt
def service(request: HttpRequest, path: str = "") -> HttpResponse:
    links = Links(request.build_absolute_uri(request.path[: len(request.path) - len(path)]))
    try:
        # A key is checked and counted against its rate limit before the transaction.
        reader = reader_of(request)
    except StaError as exc:
        return error_response(exc)
    return answer(request, path, links, reader)


def answer(request: HttpRequest, path: str, links: Links, reader: Reader) -> HttpResponse:
    """The response to one request of a known reader: a request sent alone, or one
    request of a ``$batch`` (``sensing.api.batch``), which takes this same path with
    the batch's reader; inside an atomicity group the transaction is a savepoint."""
    try:
        # a failed statement must not spoil the connection
        with transaction.atomic(), scope.reading(reader):
            return _dispatch(request, path, links, reader)
    except StaError as exc:
        return error_response(exc)
    except (DataError, FieldError) as exc:
        return error_response(bad_request(
            _("The database could not evaluate this request: %(error)s")
            % {"error": str(exc).splitlines()[0][:200]}))
    except (RecursionError, OverflowError):
        # A backstop: the parsers bound sizes and ranges, but no input may end as a 500.
        return error_response(bad_request(
            _("The request is too large or its numbers out of range to be evaluated.")))
    except IntegrityError as exc:
        return error_response(StaError(
            409, _("This change conflicts with existing data: %(error)s")
            % {"error": str(exc).splitlines()[0][:200]}))


def _dispatch(request: HttpRequest, path: str, links: Links, reader: Reader) -> HttpResponse:
    method = request.method or "GET"
    if method == "OPTIONS":
        response = HttpResponse(status=204)
        # The methods of this resource: the root and properties are read-only, a
        # collection takes POST, an entity PATCH, PUT and DELETE.
        response["Allow"] = ", ".join((*write.ALLOWED[resolve(path).kind], "OPTIONS"))
        return response
    if method in {"GET", "HEAD"}:
        resource = resolve(path)
        write.check_method(resource, method)
        return read.get(resource, request.GET, links)
    if method not in {"POST", "PATCH", "PUT", "DELETE"}:
        raise StaError(405, _("%(method)s is not a method of this API.") % {"method": method[:20]},
                       {"Allow": "GET, HEAD, POST, PATCH, PUT, DELETE, OPTIONS"})
    client = writer(reader)
    resource = resolve(path)
    write.check_method(resource, method)
    with departments.writing(client):
        if method == "DELETE":
            return write.remove(resource)
        content_type, body = _body(request, method)
        if method == "POST":
            return write.post(resource, body, links)
        return write.patch(resource, body, content_type, links, replace=method == "PUT")


def _body(request: HttpRequest, method: str) -> tuple[str, Any]:
    content_type = (request.content_type or "").lower()
    allowed = JSON_TYPES if method == "PATCH" else {"application/json"}
    if content_type not in allowed:
        raise StaError(415, _("Send the body as %(types)s, not %(found)s.")
                       % {"types": " or ".join(sorted(allowed)),
                          "found": content_type or _("no Content-Type")})
    limit = settings.STA_MAX_BODY_BYTES
    raw = request.read(limit + 1)
    if len(raw) > limit:
        raise StaError(413, _("The body is larger than %(n)s bytes.") % {"n": limit})
    too_deep = False
    try:
        body = json.loads(raw.decode(request.encoding or "utf-8"))
    except (UnicodeDecodeError, LookupError):
        raise bad_request(_("The body is not UTF-8 text.")) from None
    except ValueError as exc:
        raise bad_request(_("The body is not valid JSON: %(error)s") % {"error": exc}) from None
    except RecursionError:  # the decoder recurses once per bracket
        too_deep = True
    if too_deep or _depth_over(body, MAX_JSON_DEPTH):
        raise bad_request(_("The body nests JSON more than %(n)s levels deep.")
                          % {"n": MAX_JSON_DEPTH})
    return content_type, body


def _depth_over(value: Any, limit: int) -> bool:
    """Whether ``value`` nests deeper than ``limit``, found without recursion (what reads
    the body afterwards, deep insert and JSON patch, recurses over it)."""
    level: list[Any] = [value]
    for _depth in range(limit + 1):
        level = [child for item in level
                 for child in (item.values() if isinstance(item, dict) else
                               item if isinstance(item, list) else ())]
        if not level:
            return False
    return True
