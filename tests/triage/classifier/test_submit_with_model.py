"""``submit`` with the trained model: a confident prediction chooses the category of a
report that came without one; an unconfident one does not."""

from __future__ import annotations

import pytest

from cityloop.cases.errors import SubmissionRejected
from cityloop.cases.models import Case


@pytest.fixture(autouse=True)
def _threshold(settings):
    settings.TRIAGE_CONFIDENCE = 0.6


def test_it_takes_a_confident_prediction_as_the_category(active_model, make_case):
    case = make_case(service_code="", description="路灯坏了好几天了，晚上黑漆漆的",
                     attributes={"fault": "out"})
    assert case.category.service_code == "streetlight"
    assert case.department.code == "lighting"
    assert case.triage["provider"] == f"model:{active_model.version}"
    assert case.triage["category"] == "streetlight" and case.triage["confidence"] >= 0.6
    assert case.triage["top3"][0][0] == "streetlight"


def test_it_takes_the_priority_from_the_words(active_model, make_case):
    case = make_case(service_code="", description="Huge pothole by the school, kids nearly "
                                                  "fell in this morning")
    assert (case.category.service_code, case.priority) == ("pothole", "urgent")
    assert make_case(service_code="", description="pothole in the car park").priority == "normal"


@pytest.mark.parametrize("text", ["😡😡😡 !!!", "ถนนหน้าบ้านมีหลุมใหญ่มาก"])
def test_it_asks_for_a_category_when_the_prediction_is_not_confident(text, active_model,
                                                                     make_case):
    with pytest.raises(SubmissionRejected) as refused:
        make_case(service_code="", description=text)
    assert [p.code for p in refused.value.problems if p.field == "service_code"] == ["required"]
    assert not Case.objects.filter(description=text).exists()


def test_the_threshold_is_the_setting(active_model, make_case, settings):
    settings.TRIAGE_CONFIDENCE = 1.0
    with pytest.raises(SubmissionRejected):
        make_case(service_code="", description="the street light is out")


def test_it_records_the_prediction_when_the_reporter_chose_a_category(active_model,
                                                                      make_case):
    case = make_case(service_code="pothole", description="The street light is flickering")
    assert case.category.service_code == "pothole"  # the reporter's choice stands
    assert case.triage["category"] == "streetlight"
