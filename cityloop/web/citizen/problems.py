"""The domain's ``FieldProblem``s, said for a citizen and tied to the form's fields.

``services.submit`` names fields as Open311 does (``lat``, ``long``,
``attribute[size]``) and words its messages for API clients too. On the
report form each problem must sit next to the field it is about, with a link
from the error summary at the top, in words a first-time user understands.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from cityloop.cases.errors import FieldProblem
from cityloop.cases.validation import MAX_DESCRIPTION
from cityloop.web.citizen.questions import Question

# The form's fields: the key templates look errors up by, and the element
# the error summary links to.
ANCHORS = {
    "location": "address",
    "category": "category-unsure",
    "description": "description",
    "photos": "photos",
    "name": "contact-name",
    "email": "contact-email",
    "phone": "contact-phone",
    "form": "error-summary",
}
FIELD_OF = {
    "lat": "location",
    "long": "location",
    "lon": "location",
    "address_string": "location",
    "address": "location",
    "service_code": "category",
    "description": "description",
    "photos": "photos",
    "name": "name",
    "email": "email",
    "phone": "phone",
}


@dataclass(frozen=True)
class ShownProblem:
    field: str  # "location", "category", ..., or "attribute:<code>"
    anchor: str  # the id of the element to link to
    message: str


def for_citizen(problems: list[FieldProblem], questions: list[Question]) -> list[ShownProblem]:
    """Each problem once, in the order of the form, in a citizen's words."""
    by_code = {q.code: q for q in questions}
    shown: list[ShownProblem] = []
    for problem in problems:
        item = _one(problem, by_code)
        # One message per place on the form (lat and long say the same
        # thing), except photos: each bad photo is named.
        if all(item.field != s.field or (item.field == "photos" and item.message != s.message)
               for s in shown):
            shown.append(item)
    order = ["location", "category", "description"]
    order += [f"attribute:{q.code}" for q in questions]
    order += ["photos", "name", "email", "phone", "form"]
    return sorted(shown, key=lambda s: order.index(s.field) if s.field in order else len(order))


def by_field(shown: list[ShownProblem]) -> dict[str, list[str]]:
    """Messages by form field (several only for photos)."""
    found: dict[str, list[str]] = {}
    for item in shown:
        found.setdefault(item.field, []).append(item.message)
    return found


def attribute_errors(shown: list[ShownProblem]) -> dict[str, str]:
    """Errors of questions, by the question's code (for ``questions.for_category``)."""
    return {s.field.split(":", 1)[1]: s.message for s in shown if s.field.startswith("attribute:")}


def _one(problem: FieldProblem, questions: dict[str, Question]) -> ShownProblem:
    if problem.field.startswith("attribute[") and problem.field.endswith("]"):
        code = problem.field[len("attribute["):-1]
        question = questions.get(code)
        if question is not None:
            return ShownProblem(f"attribute:{code}", question.anchor,
                                _question_message(problem, question))
        # A question of another category: nothing on the page to tie it to.
        return ShownProblem("form", ANCHORS["form"], problem.message)
    field = FIELD_OF.get(problem.field, "form")
    return ShownProblem(field, ANCHORS[field], _message(field, problem))


def _question_message(problem: FieldProblem, question: Question) -> str:
    label = question.label
    if problem.code == "required":
        return _("Answer the question “%(question)s”.") % {"question": label}
    if question.widget == "number":
        return _("“%(question)s”: write a number, like 5.") % {"question": label}
    if question.widget == "datetime":
        return _("“%(question)s”: choose a date and a time.") % {"question": label}
    if question.is_group:
        return _("“%(question)s”: choose from the list.") % {"question": label}
    if problem.code == "too_long":
        return _("“%(question)s”: the answer is too long.") % {"question": label}
    return problem.message


def _message(field: str, problem: FieldProblem) -> str:
    code = problem.code
    if field == "location":
        if code in ("location_required", "required"):
            return _("Say where the problem is: put a pin on the map, use your location, "
                     "or type an address or a landmark.")
        if code == "invalid":
            return _("The position of the pin could not be read. Put the pin on the map again.")
        if code == "too_long":
            return _("Shorten the address to at most 500 characters.")
        return problem.message  # outside the city: the domain says it well
    if field == "category" and code == "required":
        return _("Choose what kind of problem this is. If you are not sure, describe the "
                 "problem and choose one of the suggestions.")
    if field == "category":
        return _("Choose a kind of problem from the list.")
    if code == "too_long":
        limits = {"description": MAX_DESCRIPTION, "name": 200, "phone": 40}
        return _("This is too long: at most %(limit)d characters.") % {
            "limit": limits.get(field, MAX_DESCRIPTION)
        }
    if field == "email":
        return _("Write the email address like name@example.com, or leave it empty.")
    return problem.message
