"""The Open311 GeoReport v2 endpoints (http://wiki.open311.org/GeoReport_v2), thin.

Each view parses its parameters (``params``), asks the domain or the read
queries, and hands plain data to ``render``. The ``endpoint`` decorator
does what every endpoint shares: the format in the URL (``.xml`` or
``.json``, else 404), the allowed methods (else 405), the language
(``locale`` parameter or Accept-Language), UTF-8 input, ``jurisdiction_id``,
and turning every ``ApiError`` into the spec's error list.

The POST endpoint is an API authenticated by its api_key, not by a browser
session, so it is exempt from CSRF. A key needs the ``open311`` scope and is
held to its rate limit, on reads that send one as on writes (docs/api-keys.md).
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from cityloop.catalogue import snapshot
from cityloop.open311 import catalog, params, queries, serialize
from cityloop.open311.create import admit, create
from cityloop.open311.errors import ApiError
from cityloop.open311.render import FORMATS, JSON, XML, error_response, respond

View = Callable[..., HttpResponse]


def endpoint(*methods: str) -> Callable[[View], View]:
    allowed = sorted(set(methods) | ({"HEAD"} if "GET" in methods else set()))

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def run(request: HttpRequest, fmt: str, **kwargs: Any) -> HttpResponse:
            fmt = fmt.lower()
            with _language(request, from_form=False):
                try:
                    _check(request, fmt, allowed)
                except ApiError as exc:
                    return _finish(error_response(exc, fmt), request)
                with _language(request, from_form=request.method == "POST"):
                    try:
                        response = view(request, fmt, **kwargs)
                    except ApiError as exc:
                        response = error_response(exc, fmt)
                    return _finish(response, request)

        return csrf_exempt(run)

    return decorate


def _language(request: HttpRequest, *, from_form: bool) -> contextlib.AbstractContextManager[Any]:
    """The ``locale`` asked for (a POST may send it among its fields), else Accept-Language."""
    try:
        lang = params.language(request.POST if from_form else request.GET)
    except (SuspiciousOperation, MultiPartParserError):  # answered by _check
        lang = None
    return translation.override(lang) if lang else contextlib.nullcontext()


def _check(request: HttpRequest, fmt: str, allowed: list[str]) -> None:
    """What every endpoint checks first: format, method, encoding, jurisdiction, and
    the api_key of a read that sends one (a POST's is checked by ``create``)."""
    if fmt not in FORMATS:
        raise ApiError.not_found(
            _("Unknown format %(format)s: use .xml or .json.") % {"format": fmt[:20]}
        )
    if request.method not in allowed:
        raise ApiError(
            405,
            [_("This resource answers only %(methods)s.") % {"methods": ", ".join(allowed)}],
            headers={"Allow": ", ".join(allowed)},
        )
    try:
        params.check_query_utf8(request)
        if request.method == "POST":
            params.check_body(request)
        params.check_jurisdiction(request)
    except (SuspiciousOperation, MultiPartParserError):
        # Too many fields, a body over DATA_UPLOAD_MAX_MEMORY_SIZE, a broken
        # multipart body: the client's fault, said in the spec's format.
        raise ApiError.bad_request(_("The request is malformed or too large.")) from None
    key = request.GET.get("api_key", "") if request.method in ("GET", "HEAD") else ""
    if key.strip():
        # Reads need no key; one sent anyway is held to its scope and rate limit like
        # a write's, so a client learns at once that its key does not work.
        admit(key)


def _finish(response: HttpResponse, request: HttpRequest) -> HttpResponse:
    response["Content-Language"] = translation.get_language() or ""
    if request.method in ("GET", "HEAD"):
        # Public data: browser apps of any origin may read it.
        response["Access-Control-Allow-Origin"] = "*"
    return response


@endpoint("GET")
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    return respond(fmt, "discovery", catalog.discovery())


@endpoint("GET")
def services(request: HttpRequest, fmt: str) -> HttpResponse:
    return respond(fmt, "services", catalog.services())


@endpoint("GET")
def service_definition(request: HttpRequest, fmt: str, code: str) -> HttpResponse:
    return respond(fmt, "service_definition", catalog.service_definition(code))


@endpoint("GET", "POST")
def service_requests(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return respond(fmt, "service_requests", create(request.POST, request.GET))
    errors: list[str] = []
    extended = params.flag(request.GET, "extensions", errors)
    references = params.comma_list(request.GET, "service_request_id")
    if references:
        # GeoReport v2: service_request_id "overrides all other arguments".
        if len(references) > settings.OPEN311_MAX_PAGE_SIZE:
            errors.append(_("Ask for at most %(max)d service_request_id values at once.")
                          % {"max": settings.OPEN311_MAX_PAGE_SIZE})
        if errors:
            raise ApiError.bad_request(*errors)
        known = [r for r in references if params.can_be_identifier(r)]
        rows = queries.case_rows(queries.by_references(known), 0, len(known), extended)
    else:
        query = _request_filter(request, errors)
        page = params.paging(request.GET, errors)
        if errors:
            raise ApiError.bad_request(*errors)
        rows = queries.case_rows(queries.filtered(query), page.offset, page.page_size,
                                 extended)
    return respond(fmt, "service_requests", serialize.requests(rows, extended))


def _request_filter(request: HttpRequest, errors: list[str]) -> queries.RequestFilter:
    period = params.period(request.GET, errors)
    return queries.RequestFilter(
        start=period.start,
        end=period.end,
        category_ids=params.category_ids(request.GET, snapshot.current(), errors),
        statuses=params.statuses(request.GET, errors),
    )


@endpoint("GET")
def service_request(request: HttpRequest, fmt: str, request_id: str) -> HttpResponse:
    errors: list[str] = []
    extended = params.flag(request.GET, "extensions", errors)
    if errors:
        raise ApiError.bad_request(*errors)
    rows = []
    if params.can_be_identifier(request_id):
        rows = queries.case_rows(queries.by_references([request_id]), 0, 1, extended)
    if not rows:
        raise ApiError.not_found(
            _("There is no service request %(id)s.") % {"id": params.show(request_id)}
        )
    return respond(fmt, "service_requests", serialize.requests(rows, extended))


@endpoint("GET")
def token(request: HttpRequest, fmt: str, token: str) -> HttpResponse:
    reference = queries.reference_of_token(token) if params.can_be_identifier(token) else None
    if reference is None:
        raise ApiError.not_found(
            _("There is no service request with token %(token)s.") % {"token": params.show(token)}
        )
    return respond(fmt, "service_requests", [{"service_request_id": reference, "token": token}])


@endpoint("GET")
def service_request_updates(request: HttpRequest, fmt: str) -> HttpResponse:
    """FixMyStreet's GET Service Request Updates: public updates, oldest first."""
    errors: list[str] = []
    period = params.period(request.GET, errors, start_required=True)
    page = params.paging(request.GET, errors)
    if errors:
        raise ApiError.bad_request(*errors)
    rows = queries.update_rows(period.start, period.end, page.offset, page.page_size)
    return respond(fmt, "service_requests_updates", serialize.updates(rows))


@csrf_exempt
def not_found(request: HttpRequest) -> HttpResponse:
    """Anything else under /open311/v2/: a 404 in the spec's format."""
    fmt = JSON if request.path.lower().endswith(".json") else XML
    with _language(request, from_form=False):
        error = ApiError.not_found(_("There is no such Open311 resource; see discovery.xml."))
        return _finish(error_response(error, fmt), request)
