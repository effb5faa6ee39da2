"""A category's own questions (its Open311 service definition) as form fields.

Each ``ServiceAttribute`` becomes the input a person expects for it: a radio
group for one choice, checkboxes for several, a number field, a date-and-time
picker, a text box. Attributes that ask nothing (``variable=False``) are
information to read, shown as such. The answers a citizen already gave are
kept, so a form shown again after a mistake loses nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.http import QueryDict
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from cityloop.catalogue import snapshot
from cityloop.catalogue.models import Datatype, ServiceAttribute, ServiceCategory

# The HTML control for each Open311 datatype.
WIDGETS: dict[str, str] = {
    Datatype.STRING: "text",
    Datatype.NUMBER: "number",
    Datatype.DATETIME: "datetime",
    Datatype.TEXT: "textarea",
    Datatype.SINGLEVALUELIST: "radio",
    Datatype.MULTIVALUELIST: "checkbox",
}


@dataclass(frozen=True)
class Choice:
    key: str
    label: str
    id: str
    checked: bool


@dataclass
class Question:
    code: str
    label: str
    hint: str
    widget: str  # text, number, datetime, textarea, radio, checkbox, or info
    required: bool
    value: str = ""
    choices: list[Choice] = field(default_factory=list)
    error: str = ""

    @property
    def name(self) -> str:
        return f"attribute[{self.code}]"

    @property
    def id(self) -> str:
        return f"attr-{self.code}"

    @property
    def anchor(self) -> str:
        """The element an error message links to: the first control of the question."""
        return self.choices[0].id if self.choices else self.id

    @property
    def answered(self) -> bool:
        return bool(self.value) or any(c.checked for c in self.choices)

    @property
    def is_group(self) -> bool:
        return self.widget in ("radio", "checkbox")


def attributes_of(category: ServiceCategory) -> list[ServiceAttribute]:
    return list(snapshot.current().attributes.get(category.pk, []))


def raw_answers(post: QueryDict) -> dict[str, list[str]]:
    """Every ``attribute[code]`` in a submitted form, as lists of non-empty strings."""
    answers: dict[str, list[str]] = {}
    for key in post:
        if key.startswith("attribute[") and key.endswith("]"):
            values = [v.strip() for v in post.getlist(key) if v.strip()]
            answers[key[len("attribute["):-1]] = values
    return answers


def for_category(
    category: ServiceCategory,
    answers: Mapping[str, list[str]] | None = None,
    errors: Mapping[str, str] | None = None,
) -> list[Question]:
    """The category's questions, with the citizen's answers and any error filled in."""
    answers = answers or {}
    errors = errors or {}
    return [_question(a, answers.get(a.code, []), errors.get(a.code, ""))
            for a in attributes_of(category)]


def _question(attribute: ServiceAttribute, values: list[str], error: str) -> Question:
    widget = WIDGETS.get(attribute.datatype, "text") if attribute.variable else "info"
    question = Question(
        code=attribute.code,
        label=attribute.display_description,
        hint=attribute.display_datatype_description,
        widget=widget,
        required=attribute.required and attribute.variable,
        value=values[0] if values and not attribute.values else "",
        error=error,
    )
    if widget in ("radio", "checkbox"):
        question.choices = [
            Choice(key, attribute.value_name(key), f"{question.id}-{i}", key in values)
            for i, key in enumerate(attribute.value_keys())
        ]
    return question


def report_answers(category: ServiceCategory,
                   answers: Mapping[str, list[str]]) -> dict[str, object]:
    """The answers to pass to ``services.submit``: only this category's questions.

    Answers left over from another category (the citizen changed their mind)
    are dropped rather than refused. A browser's date-and-time field has no
    time zone: it is the city's local time.
    """
    report: dict[str, object] = {}
    for attribute in attributes_of(category):
        values = answers.get(attribute.code, [])
        if not attribute.variable or not values:
            continue
        if attribute.datatype == Datatype.MULTIVALUELIST:
            report[attribute.code] = values
        elif attribute.datatype == Datatype.DATETIME:
            report[attribute.code] = local_datetime(values[0])
        else:
            report[attribute.code] = values[0] if len(values) == 1 else values
    return report


def local_datetime(value: str) -> str:
    """``2026-03-01T14:30`` (a datetime-local field) as an ISO time in the city's zone."""
    try:
        parsed = parse_datetime(value)
    except ValueError:
        parsed = None
    if parsed is None:
        return value  # validation says what is wrong with it
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, timezone.get_default_timezone())
    return parsed.isoformat()
