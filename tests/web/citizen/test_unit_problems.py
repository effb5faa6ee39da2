"""problems: the domain's FieldProblems worded for a citizen and tied to the form's fields."""

from __future__ import annotations

from cityloop.cases.errors import FieldProblem
from cityloop.web.citizen import problems, questions
from tests.web.citizen.conftest import category


def test_it_ties_each_problem_to_its_field_in_form_order(city):
    qs = questions.for_category(category("streetlight"))
    shown = problems.for_citizen([
        FieldProblem("email", "invalid", "x is not a valid email address."),
        FieldProblem("attribute[fault]", "required", "fault is required."),
        FieldProblem("lat", "location_required", "Say where."),
        FieldProblem("long", "required", "Give both."),
    ], qs)
    assert [s.field for s in shown] == ["location", "attribute:fault", "email"]
    assert [s.anchor for s in shown] == ["address", "attr-fault-0", "contact-email"]
    assert shown[1].message == "Answer the question “What is wrong with the light?”."


def test_it_keeps_the_domains_words_for_a_place_outside_the_city():
    message = "This location (29.70000, 106.70000) is outside the area the city looks after."
    shown = problems.for_citizen([FieldProblem("lat", "outside_city", message)], [])
    assert shown[0].message == message


def test_it_names_every_bad_photo():
    shown = problems.for_citizen([
        FieldProblem("photos", "invalid_photo", "Photo 1: a.jpg is not an image."),
        FieldProblem("photos", "invalid_photo", "Photo 2: b.jpg is not an image."),
    ], [])
    assert problems.by_field(shown) == {"photos": ["Photo 1: a.jpg is not an image.",
                                                   "Photo 2: b.jpg is not an image."]}


def test_it_words_wrong_answers_by_their_input(city):
    qs = questions.for_category(category("pothole"))
    shown = problems.for_citizen([
        FieldProblem("attribute[depth_cm]", "invalid", "attribute[depth_cm] must be a number."),
    ], qs)
    assert shown[0].message == "“Roughly how deep is it, in centimetres?”: write a number, like 5."
    assert problems.attribute_errors(shown) == {"depth_cm": shown[0].message}


def test_it_puts_problems_it_cannot_place_at_the_top():
    shown = problems.for_citizen([FieldProblem("attribute[gone]", "unknown_attribute", "?"),
                                  FieldProblem("channel", "invalid", "Unknown channel.")], [])
    assert {s.anchor for s in shown} == {"error-summary"}
