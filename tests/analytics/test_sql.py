"""Medians in the database: PostgreSQL's percentile_cont, SQLite's ORDER BY/OFFSET."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db.models import F

from cityloop.analytics.sql import HoursBetween, median, medians_by
from cityloop.cases.models import Case
from tests.analytics.scenario import at


@pytest.fixture
def cases(make_case):
    """Five cases due 10, 1, 3 (potholes), 2 and 4 (noise) days after creation."""
    made = []
    for days, code in ((10, "pothole"), (1, "pothole"), (3, "pothole"), (2, "noise"),
                       (4, "noise")):
        answers = {"source": "music_party"} if code == "noise" else {}
        case = make_case(service_code=code, attributes=answers, now=at(3, 1))
        Case.objects.filter(pk=case.pk).update(due_at=at(3, 1) + timedelta(days=days))
        made.append(case)
    return made


HOURS_TO_DUE = HoursBetween("created_at", "due_at")


def test_it_takes_the_middle_value_of_an_odd_count(cases):
    assert median(Case.objects.all(), HOURS_TO_DUE) == pytest.approx(72.0)


def test_it_takes_the_mean_of_the_two_middle_values_of_an_even_count(cases):
    qs = Case.objects.exclude(pk=cases[0].pk)  # 1, 2, 3, 4 days
    assert median(qs, HOURS_TO_DUE) == pytest.approx(60.0)


def test_it_has_no_median_of_nothing(city):
    assert median(Case.objects.all(), HOURS_TO_DUE) is None


def test_it_takes_a_median_per_group(cases):
    result = medians_by(Case.objects.all(), F("category__service_code"), HOURS_TO_DUE)
    assert result == {"pothole": pytest.approx(72.0), "noise": pytest.approx(72.0)}
    result = medians_by(Case.objects.exclude(pk=cases[2].pk), F("category__service_code"),
                        HOURS_TO_DUE)
    assert result["pothole"] == pytest.approx(132.0)  # 1 and 10 days


def test_it_measures_hours_to_the_second(make_case):
    case = make_case(now=at(3, 1))
    Case.objects.filter(pk=case.pk).update(due_at=at(3, 1) + timedelta(minutes=90, seconds=36))
    assert median(Case.objects.all(), HOURS_TO_DUE) == pytest.approx(1.51, abs=1e-6)
