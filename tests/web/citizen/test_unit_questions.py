"""questions: service-definition attributes as form fields, and answers for submit()."""

from __future__ import annotations

from django.http import QueryDict

from cityloop.web.citizen import questions
from tests.web.citizen.conftest import category


def test_it_picks_the_input_for_each_datatype(city):
    by_code = {q.code: q for q in questions.for_category(category("missed_collection"))}
    assert by_code["waste_type"].widget == "checkbox"
    assert by_code["waste_type"].required
    assert by_code["due_date"].widget == "datetime"
    pothole = {q.code: q for q in questions.for_category(category("pothole"))}
    assert pothole["size"].widget == "radio"
    assert pothole["depth_cm"].widget == "number"
    flooding = {q.code: q for q in questions.for_category(category("flooding"))}
    assert flooding["safety_notice"].widget == "info"
    assert not flooding["safety_notice"].required


def test_it_keeps_answers_and_errors(city):
    answers = {"waste_type": ["recycling", "bulky"]}
    qs = questions.for_category(category("missed_collection"), answers,
                                {"due_date": "Choose a date"})
    waste, due = qs
    assert [c.key for c in waste.choices if c.checked] == ["recycling", "bulky"]
    assert waste.answered and not due.answered
    assert due.error == "Choose a date"
    assert waste.anchor == "attr-waste_type-0"
    assert due.anchor == "attr-due_date"


def test_it_reads_answers_from_a_form():
    post = QueryDict(mutable=True)
    post.setlist("attribute[waste_type]", ["household", " ", "kitchen"])
    post["attribute[size]"] = ""
    post["description"] = "not an answer"
    assert questions.raw_answers(post) == {"waste_type": ["household", "kitchen"], "size": []}


def test_it_passes_only_this_categorys_answers(city):
    answers = {"size": ["large"], "depth_cm": ["7"], "waste_type": ["household"]}
    assert questions.report_answers(category("pothole"), answers) == {
        "size": "large", "depth_cm": "7"}


def test_it_reads_a_browser_datetime_as_city_time(settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    assert questions.local_datetime("2026-03-01T14:30") == "2026-03-01T14:30:00+08:00"
    assert questions.local_datetime("2026-03-01T14:30:00+00:00") == "2026-03-01T14:30:00+00:00"
    assert questions.local_datetime("yesterday") == "yesterday"
