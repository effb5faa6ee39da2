"""Answering a survey once, every answer checked, and its results counted.

Answers arrive as ``{question_id: value}``: a choice's key, a list of keys, a
number on the scale, a text, or for a map question a list of
``{"geometry": <GeoJSON>, "comment": "..."}``. Everything is checked before
anything is written; the response and all its answers are one transaction.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import shapely
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cityloop.geo import index
from cityloop.participation import audit, phases
from cityloop.participation.errors import Refused
from cityloop.participation.models import (
    Answer,
    EventKind,
    MapEntry,
    PhaseKind,
    Question,
    QuestionKind,
    Resident,
    Response,
    Survey,
)

TEXT_MAX = 2000
COMMENT_MAX = 500
RESPOND_PHASES = (PhaseKind.CONSULTATION,)
GEOMETRY_TYPES = {QuestionKind.POINT: "Point", QuestionKind.LINE: "LineString",
                  QuestionKind.AREA: "Polygon"}


@dataclass
class _Checked:
    question: Question
    value: Any = None
    entries: list[tuple[dict[str, Any], float, float, str]] = field(default_factory=list)


def _problem(question: Question, message: Any) -> Refused:
    return Refused("bad_answer", _("%(question)s: %(problem)s")
                   % {"question": question.text_in(), "problem": message},
                   field=f"q{question.pk}")


def _empty(raw: Any) -> bool:
    return raw is None or raw == "" or raw == [] or raw == {}


def _check(question: Question, raw: Any) -> _Checked | None:
    if _empty(raw):
        if question.required:
            raise _problem(question, _("this question needs an answer."))
        return None
    keys = {key for key, _label in question.choice_labels()}
    if question.kind == QuestionKind.SINGLE:
        if not isinstance(raw, str) or raw not in keys:
            raise _problem(question, _("choose one of the answers given."))
        return _Checked(question, [raw])
    if question.kind == QuestionKind.MULTIPLE:
        chosen = [raw] if isinstance(raw, str) else raw
        if not isinstance(chosen, list) or not all(isinstance(c, str) and c in keys
                                                   for c in chosen):
            raise _problem(question, _("choose among the answers given."))
        return _Checked(question, sorted(set(chosen)))
    if question.kind == QuestionKind.SCALE:
        try:
            number = int(raw)
        except (TypeError, ValueError):
            number = question.scale_min - 1
        if not question.scale_min <= number <= question.scale_max:
            raise _problem(question, _("give a number from %(low)d to %(high)d.")
                           % {"low": question.scale_min, "high": question.scale_max})
        return _Checked(question, number)
    if question.kind == QuestionKind.TEXT:
        text = str(raw).strip()
        if len(text) > TEXT_MAX:
            raise _problem(question, _("keep it under %(n)d characters.") % {"n": TEXT_MAX})
        return _Checked(question, text) if text else _check(question, None)
    return _check_map(question, raw)


def _check_map(question: Question, raw: Any) -> _Checked | None:
    if not isinstance(raw, list):
        raise _problem(question, _("draw your answer on the map."))
    if len(raw) > question.max_features:
        raise _problem(question, _("draw at most %(n)d.") % {"n": question.max_features})
    checked = _Checked(question, None)
    for item in raw:
        geometry = item.get("geometry") if isinstance(item, dict) else None
        comment = str(item.get("comment", "") if isinstance(item, dict) else "").strip()
        if len(comment) > COMMENT_MAX:
            raise _problem(question, _("keep each comment under %(n)d characters.")
                           % {"n": COMMENT_MAX})
        shape = _shape(question, geometry)
        point = shape if shape.geom_type == "Point" else shape.representative_point()
        if not index.areas_at(point.y, point.x):
            raise _problem(question, _("that place is outside the city."))
        checked.entries.append((json.loads(shapely.to_geojson(shape)), point.y, point.x,
                                comment))
    return checked if checked.entries else _check(question, None)


def _shape(question: Question, geometry: Any) -> Any:
    wanted = GEOMETRY_TYPES[QuestionKind(question.kind)]
    if not isinstance(geometry, dict) or geometry.get("type") != wanted:
        raise _problem(question, _("answer as the question asks (%(shape)s).")
                       % {"shape": question.get_kind_display().lower()})
    try:
        shape = shapely.from_geojson(json.dumps(geometry))
    except (shapely.errors.GEOSException, ValueError, TypeError):
        shape = None
    if shape is None or shape.is_empty or not shape.is_valid:
        raise _problem(question, _("that drawing cannot be read; draw it again."))
    min_lon, min_lat, max_lon, max_lat = shape.bounds
    if min_lon < -180 or max_lon > 180 or min_lat < -90 or max_lat > 90:
        raise _problem(question, _("coordinates must be longitude, latitude in degrees."))
    return shape


def respond(survey: Survey, resident: Resident | None, answers: Mapping[Any, Any], *,
            now: datetime | None = None) -> Response:
    """Record one resident's answers; ``Refused`` for the first problem found, or a second
    response."""
    now = now or timezone.now()
    process = survey.process
    phases.require(process, RESPOND_PHASES, now)
    resident = phases.require_resident(process, resident)
    questions = list(survey.questions.all())
    known = {str(q.pk) for q in questions}
    unknown = [k for k in answers if str(k) not in known]
    if unknown:
        raise Refused("unknown_question", _("This survey has no question %(id)s.")
                      % {"id": unknown[0]})
    given = {str(k): v for k, v in answers.items()}
    checked = [c for q in questions if (c := _check(q, given.get(str(q.pk)))) is not None]
    if not checked:
        raise Refused("empty_response", _("Answer at least one question."))
    try:
        with transaction.atomic():
            response = Response.objects.create(survey=survey, resident=resident, created_at=now)
            for item in checked:
                answer = Answer.objects.create(response=response, question=item.question,
                                               value=item.value)
                MapEntry.objects.bulk_create(
                    MapEntry(answer=answer, geometry=geometry, lat=lat, lon=lon,
                             comment=comment) for geometry, lat, lon, comment in item.entries)
            audit.record(EventKind.RESPONDED, now, process=process, survey=survey.pk)
    except IntegrityError:
        raise Refused("already_responded", _("You have answered this survey already. "
                                             "Thank you!")) from None
    return response


@dataclass
class QuestionResult:
    question: Question
    answered: int
    counts: list[tuple[str, str, int]] = field(default_factory=list)  # key, label, count
    mean: float | None = None
    entries: int = 0


@dataclass
class SurveyResults:
    survey: Survey
    responses: int
    questions: list[QuestionResult]


def results(survey: Survey, language: str | None = None) -> SurveyResults:
    """Counts per question, recounted from the stored answers (free texts are not shown)."""
    questions = list(survey.questions.all())
    answers: dict[int, list[Any]] = {q.pk: [] for q in questions}
    for question_id, value in Answer.objects.filter(response__survey=survey).values_list(
            "question_id", "value"):
        answers[question_id].append(value)
    entries = Counter(MapEntry.objects.filter(answer__response__survey=survey)
                      .values_list("answer__question_id", flat=True))
    out = []
    for question in questions:
        given = answers[question.pk]
        result = QuestionResult(question, len(given), entries=entries.get(question.pk, 0))
        if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            tally = Counter(key for value in given for key in (value or []))
            result.counts = [(key, label, tally.get(key, 0))
                             for key, label in question.choice_labels(language)]
        elif question.kind == QuestionKind.SCALE:
            tally = Counter(int(v) for v in given if v is not None)
            result.counts = [(str(n), str(n), tally.get(n, 0))
                             for n in range(question.scale_min, question.scale_max + 1)]
            total = sum(tally.values())
            result.mean = round(sum(n * c for n, c in tally.items()) / total, 2) if total else None
        out.append(result)
    return SurveyResults(survey, survey.responses.count(), out)


def map_points(survey: Survey, question: Question | None = None) -> list[tuple[float, float, int]]:
    """Every map answer's point (lat, lon, question id), for the heat map and the GeoJSON."""
    rows = MapEntry.objects.filter(answer__response__survey=survey)
    if question is not None:
        rows = rows.filter(answer__question=question)
    return list(rows.values_list("lat", "lon", "answer__question_id"))
