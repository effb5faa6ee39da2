"""Answers as the survey page posts them, and what a page must never show."""

from __future__ import annotations

import json
from typing import Any

from cityloop.participation.models import Question, Survey
from tests import citydata

POINT = {"type": "Point", "coordinates": [106.523456, 29.581234]}  # West N Street
PARK = {"type": "Polygon", "coordinates": [[[106.57, 29.57], [106.58, 29.57], [106.58, 29.58],
                                            [106.57, 29.57]]]}
FREE_TEXT = "The underpass by my flat at 5 Elm Street is dark, call me on 138 0000 1234"
COMMENT = "Zhang's shop corner, no light"


def questions(survey: Survey) -> dict[str, Question]:
    return {q.kind: q for q in survey.questions.all()}


def field(question: Question) -> str:
    return f"q{question.pk}"


def drawings(*geometries: dict[str, Any], comment: str = "") -> str:
    return json.dumps([{"geometry": g, "comment": comment} for g in geometries])


def every_answer(survey: Survey, **changes: Any) -> dict[str, Any]:
    """A full response: a choice, two choices, a scale, a text, a point, an area;
    ``changes`` by kind replace one (None leaves it out)."""
    q = questions(survey)
    data: dict[str, Any] = {
        "single": "walk", "multiple": ["bus", "car"], "scale": "4", "text": FREE_TEXT,
        "point": drawings(POINT, comment=COMMENT), "area": drawings(PARK),
    }
    data.update(changes)
    return {field(q[kind]): value for kind, value in data.items() if value is not None}


def outside_point() -> dict[str, Any]:
    lat, lon = citydata.OUTSIDE
    return {"type": "Point", "coordinates": [lon, lat]}
