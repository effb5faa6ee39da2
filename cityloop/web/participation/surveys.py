"""/participate/surveys/<id>/: a verified resident answers a map survey once; anyone
reads its results.

The results show counts only: free-text answers and map comments may name
people or give an address, so they are counted, never shown, and map answers
appear as a heat map of ~150 m cells (``survey_heat``), not as points.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from cityloop.analytics.display import count_text
from cityloop.participation import phases
from cityloop.participation import surveys as domain
from cityloop.participation.errors import Refused
from cityloop.participation.models import MAP_KINDS, QuestionKind, Response, Survey
from cityloop.web.participation import session
from cityloop.web.participation.decide_common import phase_dates, require_published, verify_redirect
from cityloop.web.participation.survey_forms import answers_from, shown
from cityloop.web.participation.survey_heat import heat_map
from cityloop.web.public.charts import bar_chart


def _survey(pk: int) -> Survey:
    survey = get_object_or_404(Survey.objects.select_related("process", "process__area"), pk=pk)
    require_published(survey.process)
    return survey


def _notice(request: HttpRequest, survey: Survey, message: str, *, status: int = 200,
            **extra: Any) -> HttpResponse:
    """The survey cannot be answered by this person now, and why."""
    return render(request, "web/participation/survey_notice.html",
                  {"survey": survey, "message": message, **extra}, status=status)


@require_http_methods(["GET", "POST"])
def survey(request: HttpRequest, pk: int) -> HttpResponseBase:
    survey = _survey(pk)
    process, now = survey.process, timezone.now()
    status = 400 if request.method == "POST" else 200
    try:
        phases.require(process, domain.RESPOND_PHASES, now)
    except Refused as refused:
        return _notice(request, survey, str(refused.message), status=status,
                       dates=phase_dates(process, domain.RESPOND_PHASES[0], now))
    resident = session.resident_of(request)
    if resident is None:
        return verify_redirect(request)
    try:
        phases.require_resident(process, resident)
    except Refused as refused:
        return _notice(request, survey, str(refused.message), status=status)
    if Response.objects.filter(survey=survey, resident=resident).exists():
        return _notice(request, survey, _("You have answered this survey already. Thank you!"),
                       status=status, answered=True)
    questions = list(survey.questions.all())
    if request.method != "POST":
        return _form(request, survey, shown(questions))
    try:
        domain.respond(survey, resident, answers_from(questions, request.POST), now=now)
    except Refused as refused:
        errors = {refused.field: str(refused.message)} if refused.field else {}
        general = [] if refused.field else [str(refused.message)]
        return _form(request, survey, shown(questions, request.POST, errors), general,
                     status=400)
    return redirect("participate:survey_thanks", pk=survey.pk)


def _form(request: HttpRequest, survey: Survey, items: list[Any], general: list[str] | None = None,
          *, status: int = 200) -> HttpResponse:
    return render(request, "web/participation/survey.html", {
        "survey": survey, "questions": items, "general": general or [],
        "problems": [(q.name, q.error) for q in items if q.error],
        "has_map": any(q.is_map for q in items),
    }, status=status)


@require_GET
def thanks(request: HttpRequest, pk: int) -> HttpResponseBase:
    survey = _survey(pk)
    resident = session.resident_of(request)
    if resident is None or not Response.objects.filter(survey=survey,
                                                       resident=resident).exists():
        return redirect("participate:survey", pk=survey.pk)
    return render(request, "web/participation/survey_thanks.html", {"survey": survey})


def _chart(result: domain.QuestionResult) -> Any:
    return bar_chart([(label, count, count_text(count)) for _key, label, count in result.counts])


def _cell_text(count: int) -> str:
    return ngettext("%(count)s answer in this square", "%(count)s answers in this square",
                    count) % {"count": count_text(count)}


@require_GET
def results(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(pk)
    counted = domain.results(survey)
    points: dict[int, list[tuple[float, float]]] = {}
    for lat, lon, question_id in domain.map_points(survey):
        points.setdefault(question_id, []).append((lat, lon))
    rows = []
    for result in counted.questions:
        kind = result.question.kind
        row: dict[str, Any] = {"result": result, "text": result.question.text_in(),
                               "id": f"survey-q{result.question.pk}"}
        if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.SCALE):
            row["chart"] = _chart(result) if result.answered else None
        elif kind in MAP_KINDS:
            heat = heat_map(points.get(result.question.pk, []))
            row["heat"] = heat
            row["cells"] = [c.as_json() | {"t": _cell_text(c.count)} for c in heat.cells]
        rows.append(row)
    return render(request, "web/participation/survey_results.html", {
        "survey": survey, "responses": counted.responses, "rows": rows,
        "has_map": any("heat" in r and r["heat"].cells for r in rows),
    })
