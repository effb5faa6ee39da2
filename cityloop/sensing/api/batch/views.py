"""The ``$batch`` endpoint: read the batch, run it, answer in the format it came in."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from cityloop.sensing.access import Reader
from cityloop.sensing.api.auth import reader_of
from cityloop.sensing.api.batch import jsonformat, multipart
from cityloop.sensing.api.batch.items import Item, units
from cityloop.sensing.api.batch.run import Batch, run
from cityloop.sensing.api.errors import StaError, bad_request, error_response
from cityloop.sensing.api.read import json_response
from cityloop.sensing.api.serialize import Links
from cityloop.web import ratelimit

_NAME = "$batch"


@csrf_exempt
def batch(request: HttpRequest) -> HttpResponse:
    public_root = request.path[: len(request.path) - len(_NAME)]
    links = Links(request.build_absolute_uri(public_root))
    try:
        if request.method != "POST":
            raise StaError(405, _("$batch only answers POST."), {"Allow": "POST"})
        # The key is checked, and the batch counted, once, before anything runs.
        reader = reader_of(request)
        content_type = (request.content_type or "").lower()
        raw = _body(request)
        if content_type == "application/json":
            items = jsonformat.parse(raw)
        elif content_type == "multipart/mixed":
            items = multipart.parse(raw, request.META.get("CONTENT_TYPE", ""))
        else:
            raise StaError(415, _("Send a batch as application/json (OData 4.01 JSON batch) "
                                  "or multipart/mixed, not %(found)s.")
                           % {"found": content_type or _("no Content-Type")})
        grouped = units(items)
        _count_against_rate_limit(reader, items)
    except StaError as exc:
        return error_response(exc)
    except RecursionError:  # a body nested deeper than the JSON encoder can write back
        return error_response(bad_request(_("The body nests JSON too deeply.")))
    root_path = request.path_info[: len(request.path_info) - len(_NAME)]
    results = run(Batch(request, reader, links, root_path, public_root), grouped)
    if content_type == "application/json":
        return json_response(jsonformat.render(results))
    body, response_type = multipart.render(results)
    return HttpResponse(body, content_type=response_type)


def _body(request: HttpRequest) -> bytes:
    limit = settings.STA_MAX_BODY_BYTES
    raw = request.read(limit + 1)
    if len(raw) > limit:
        raise StaError(413, _("The body is larger than %(n)s bytes.") % {"n": limit})
    return raw


def _count_against_rate_limit(reader: Reader, items: list[Item]) -> None:
    """Each request of a batch counts against the key's rate limit, as it would sent alone
    (the first was counted with the batch): a batch is no way around the limit. Counted
    before anything runs, outside any transaction, as ``auth.admit`` requires; the
    requests over the limit are answered 429 and not run."""
    client = reader.client
    if client is None:
        return
    for position in range(1, len(items)):
        wait = ratelimit.api_key_retry_after(client)
        if not wait:
            continue
        for refused in items[position:]:
            refused.error = StaError(
                429,
                _("This API key has used its %(limit)d requests of this minute; "
                  "try again in %(seconds)d seconds.")
                % {"limit": client.requests_per_minute(), "seconds": wait},
                {"Retry-After": str(wait)},
            )
        return

