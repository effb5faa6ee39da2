"""The survey's form: each question as the page draws it, and the posted fields as answers.

Every question posts as ``q<id>`` (the ``field`` a ``Refused`` names): a radio's
key, the ticked boxes' keys, a number, a text, or for a map question a hidden
input holding a JSON list of ``{"geometry": <GeoJSON>, "comment": "..."}``
written by participate-survey.js. The checking itself is the domain's
(``participation.surveys.respond``); here the fields are only read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict

from cityloop.participation.models import MAP_KINDS, Question, QuestionKind


def name_of(question: Question) -> str:
    return f"q{question.pk}"


def _map_value(raw: str) -> Any:
    """The drawings as a list; what cannot be read is passed on as it came, so that the
    domain refuses it with its own words ("draw your answer on the map")."""
    raw = raw.strip()
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def answers_from(questions: list[Question], data: QueryDict) -> dict[int, Any]:
    """The posted answers by question id, as ``surveys.respond`` takes them."""
    answers: dict[int, Any] = {}
    for question in questions:
        name = name_of(question)
        if question.kind == QuestionKind.MULTIPLE:
            answers[question.pk] = data.getlist(name)
        elif question.kind in MAP_KINDS:
            answers[question.pk] = _map_value(data.get(name, ""))
        else:
            answers[question.pk] = data.get(name, "")
    return answers


@dataclass
class Shown:
    """A question as the page shows it, with what was given (kept on a refusal)."""

    question: Question
    name: str
    kind: str
    text: str
    help: str
    choices: list[tuple[str, str]]
    scale: list[int]
    chosen: set[str] = field(default_factory=set)
    text_value: str = ""
    map_value: str = ""
    error: str = ""

    @property
    def is_map(self) -> bool:
        return self.kind in MAP_KINDS

    @property
    def describedby(self) -> str:
        ids = [f"{self.name}-help"] if self.help else []
        if self.error:
            ids.append(f"{self.name}-error")
        return " ".join(ids)


def shown(questions: list[Question], data: QueryDict | None = None,
          errors: dict[str, str] | None = None) -> list[Shown]:
    errors = errors or {}
    out = []
    for question in questions:
        name = name_of(question)
        item = Shown(question, name, question.kind, question.text_in(), question.help_in(),
                     question.choice_labels(),
                     list(range(question.scale_min, question.scale_max + 1))
                     if question.kind == QuestionKind.SCALE else [],
                     error=errors.get(name, ""))
        if data is not None:
            item.chosen = set(data.getlist(name))
            if question.kind == QuestionKind.TEXT:
                item.text_value = data.get(name, "")
            elif question.kind in MAP_KINDS:
                item.map_value = data.get(name, "")
        out.append(item)
    return out
