"""/api/v1/participation/...: processes, proposals, budgets and surveys, read-only and public.

What they show is ``participation.opendata``'s (published processes only,
no resident anywhere, ballots only as counts). Titles and labels come in
``lang`` when given, else the request's language (Accept-Language, the
language cookie). Every refusal is JSON, ``{"error": {"code", "message"}}``
as the other /api/v1 addresses answer: 400 for a bad parameter, 404 for an
id that is not a published process, budget or survey (malformed ids
included), 409 for a budget's results before they are published; another
method gets Django's 405.

Public answers may be cached a minute and read by any origin, like the
other open data: supports and ballots move, so no longer than that.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from cityloop.participation import opendata
from cityloop.participation.models import MAP_KINDS, VISIBLE, Budget, Process, Survey

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_OFFSET = 1_000_000_000
MAX_ID = 2**63 - 1  # beyond a database integer: no such row, rather than an overflow
CACHE_SECONDS = 60
GEOJSON = "application/geo+json"
View = Callable[..., "dict[str, Any] | Answer"]


class Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


class Answer:
    """A body with a media type other than JSON's (the GeoJSON of survey points)."""

    def __init__(self, body: dict[str, Any], content_type: str) -> None:
        self.body, self.content_type = body, content_type


def endpoint(view: View) -> Callable[..., HttpResponse]:
    """A public GET address: its language, its errors in JSON, its cache and CORS headers."""

    @csrf_exempt  # read-only: another method gets 405, not the CSRF refusal of a form
    @require_safe
    @functools.wraps(view)
    def answer(request: HttpRequest, **ids: str) -> HttpResponse:
        language = get_language() or settings.LANGUAGE_CODE
        try:
            language = _language(request)
            with override(language):
                result = view(request, language, **ids)
                body, media = ((result.body, result.content_type) if isinstance(result, Answer)
                               else (result, "application/json"))
                response = _json(body, 200, media)
                response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
        except Refused as exc:
            response = _json({"error": {"code": exc.status, "message": exc.message}},
                             exc.status, "application/json")
        response["Content-Language"] = language
        response["Vary"] = "Accept-Language, Cookie"
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return answer


def _json(body: dict[str, Any], status: int, media: str) -> JsonResponse:
    return JsonResponse(body, status=status, content_type=f"{media}; charset=utf-8",
                        json_dumps_params={"ensure_ascii": False})


def _language(request: HttpRequest) -> str:
    """``lang=`` when given, else the request's (Accept-Language, the language cookie)."""
    if "lang" not in request.GET:
        return get_language() or settings.LANGUAGE_CODE
    raw = request.GET["lang"].strip().lower()
    known = [code for code, _name in settings.LANGUAGES]
    for code in known:
        if raw == code or code.split("-")[0] == raw:
            return code
    raise Refused(400, _("lang must be one of %(languages)s.") % {"languages": ", ".join(known)})


def _whole(request: HttpRequest, name: str, default: int, low: int, high: int) -> int:
    if name not in request.GET:
        return default
    raw = request.GET[name].strip()
    if not _digits(raw) or not low <= int(raw) <= high:
        raise Refused(400, _("%(name)s must be a whole number from %(low)d to %(high)d.")
                      % {"name": name, "low": low, "high": high})
    return int(raw)


def _digits(raw: str) -> bool:
    """Plain ASCII digits, few enough for int() (which refuses over 4,300 of them)."""
    return raw.isascii() and raw.isdigit() and len(raw) <= 20


def _id(raw: str) -> int | None:
    """The id in the address, or None for one no row can have (letters, 0, too large)."""
    if _digits(raw) and 0 < int(raw) <= MAX_ID:
        return int(raw)
    return None


def _process(raw: str) -> Process:
    pk = _id(raw)
    process = opendata.published_processes().filter(pk=pk).first() if pk else None
    if process is None:
        raise Refused(404, _("There is no published participation process %(id)s.")
                      % {"id": raw[:40]})
    return process


def _budget(raw: str) -> Budget:
    pk = _id(raw)
    budget = opendata.public_budgets().filter(pk=pk).first() if pk else None
    if budget is None:
        raise Refused(404, _("There is no participatory budget %(id)s in a published "
                             "process.") % {"id": raw[:40]})
    return budget


def _survey(raw: str) -> Survey:
    pk = _id(raw)
    survey = opendata.public_surveys().filter(pk=pk).first() if pk else None
    if survey is None:
        raise Refused(404, _("There is no survey %(id)s in a published process.")
                      % {"id": raw[:40]})
    return survey


@endpoint
def processes(request: HttpRequest, language: str) -> dict[str, Any]:
    found = list(opendata.published_processes())
    figures = opendata.counts(p.pk for p in found)
    now = timezone.now()
    return {"processes": [opendata.process_record(p, language, figures[p.pk], now)
                          for p in found]}


@endpoint
def proposals(request: HttpRequest, language: str, pk: str) -> dict[str, Any]:
    process = _process(pk)
    limit = _whole(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    offset = _whole(request, "offset", 0, 0, MAX_OFFSET)
    status = request.GET.get("status")
    if status is not None and status not in VISIBLE:
        raise Refused(400, _("status must be one of %(statuses)s.")
                      % {"statuses": ", ".join(VISIBLE)})
    found = opendata.visible_proposals(process, status)
    rows = opendata.proposal_rows(found)[offset:offset + limit]
    return {"process": process.pk, "total": found.count(), "limit": limit, "offset": offset,
            "proposals": [opendata.proposal_record(row) for row in rows]}


@endpoint
def budgets(request: HttpRequest, language: str) -> dict[str, Any]:
    return {"budgets": [opendata.budget_record(b, language) for b in opendata.public_budgets()]}


@endpoint
def budget_results(request: HttpRequest, language: str, pk: str) -> dict[str, Any]:
    results = opendata.budget_results(_budget(pk), language)
    if results is None:
        raise Refused(409, _("The results of this budget are published after the vote has "
                             "ended and the ballots are counted; come back then."))
    return results


@endpoint
def surveys(request: HttpRequest, language: str) -> dict[str, Any]:
    found = list(opendata.public_surveys())
    responses = opendata.response_counts(s.pk for s in found)
    return {"surveys": [opendata.survey_record(s, language, responses.get(s.pk, 0))
                        for s in found]}


@endpoint
def survey_results(request: HttpRequest, language: str, pk: str) -> dict[str, Any]:
    return opendata.survey_results(_survey(pk), language)


@endpoint
def survey_points(request: HttpRequest, language: str, pk: str) -> Answer:
    survey = _survey(pk)
    question = None
    if "question" in request.GET:
        maps = {q.pk for q in survey.questions.all() if q.kind in MAP_KINDS}
        question = _id(request.GET["question"].strip())
        if question not in maps:
            raise Refused(400, _("question must be the id of a map question of this survey."))
    features = list(opendata.survey_points(opendata.published_surveys().filter(pk=survey.pk),
                                           question))
    return Answer({"type": "FeatureCollection", "features": features}, GEOJSON)
