"""A survey's results: counts equal to a recount, the scale's mean, charts with a table,
free text counted but never shown, and map answers only as ~150 m squares."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from cityloop.participation import surveys
from cityloop.participation.models import Answer, Resident, Survey
from tests.web.participation_decide.helpers import (
    COMMENT,
    FREE_TEXT,
    POINT,
    drawings,
    every_answer,
    questions,
)

pytestmark = pytest.mark.django_db


def answer_as(survey: Survey, make_resident: Callable[..., Resident], *,
              given: list[dict[str, Any]]) -> list[Resident]:
    """Each of ``given`` (kind -> value, as ``respond`` takes them) answered by a new resident."""
    q = questions(survey)
    people = []
    for answers in given:
        person = make_resident()
        surveys.respond(survey, person, {q[kind].pk: value for kind, value in answers.items()})
        people.append(person)
    return people


def point(lon: float, lat: float) -> list[dict[str, Any]]:
    return [{"geometry": {"type": "Point", "coordinates": [lon, lat]}, "comment": COMMENT}]


@pytest.fixture
def answered(survey: Survey, make_resident: Callable[..., Resident]) -> list[Resident]:
    return answer_as(survey, make_resident, given=[
        {"single": "walk", "multiple": ["bus"], "scale": 2, "text": FREE_TEXT,
         "point": point(106.523456, 29.581234)},
        {"single": "walk", "multiple": ["bus", "car"], "scale": 5,
         "point": point(106.523401, 29.581299) + point(106.58, 29.54)},
        {"single": "bus", "scale": 5, "text": "Another long text answer about my street"},
    ])


def results_page(client: Client, survey: Survey, language: str = "en") -> str:
    response = client.get(f"/participate/surveys/{survey.pk}/results/",
                          HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def table_rows(body: str, table_id: str) -> dict[str, str]:
    table = re.search(rf'id="{table_id}".*?<table>(.*?)</table>', body, re.S)
    assert table is not None, table_id
    return dict(re.findall(r'<th scope="row">(.*?)</th><td class="num">(.*?)</td>',
                           table.group(1)))


def test_it_counts_what_a_recount_of_the_stored_answers_gives(
        client: Client, survey: Survey, answered: list[Resident]) -> None:
    body = results_page(client, survey)
    assert "3 residents have answered." in body
    q = questions(survey)
    for kind in ("single", "multiple"):
        recount = Counter(key for value in Answer.objects.filter(question=q[kind])
                          .values_list("value", flat=True) for key in value or [])
        shown = table_rows(body, f"survey-q{q[kind].pk}-chart")
        assert shown == {label: str(recount.get(key, 0))
                         for key, label in q[kind].choice_labels()}
    assert table_rows(body, f"survey-q{q['scale'].pk}-chart") == {
        "1": "0", "2": "1", "3": "0", "4": "0", "5": "2"}
    assert "Average: 4.0 on a scale from 1 to 5." in body
    assert 'role="img"' in body and "Show the figures as a table" in body


def test_it_counts_free_text_but_never_shows_it(client: Client, survey: Survey,
                                                answered: list[Resident]) -> None:
    body = results_page(client, survey)
    assert "2 written answers: not published" in body
    for secret in (FREE_TEXT, "Another long text answer", COMMENT, "5 Elm Street", "Zhang"):
        assert secret not in body
    for person in answered:
        assert person.address not in body


def test_map_answers_are_squares_never_the_points(client: Client, survey: Survey,
                                                  answered: list[Resident]) -> None:
    body = results_page(client, survey)
    q = questions(survey)
    script = re.search(rf'id="survey-q{q["point"].pk}-cells"[^>]*>(.*?)</script>', body, re.S)
    assert script is not None
    cells = json.loads(script.group(1))
    # The two points 10 m apart share a square; the third is in another.
    assert sorted(c["n"] for c in cells) == [1, 2]
    for cell in cells:
        south, _west, north, _east = cell["b"]
        assert 120 < (north - south) * 111_320 < 180
    for exact in ("106.523456", "29.581234", "106.523401", "29.581299"):
        assert exact not in body
    busiest = re.search(rf'data-testid="survey-q{q["point"].pk}-busiest">(.*?)</table>', body,
                        re.S)
    assert busiest is not None
    rows = re.findall(r'<th scope="row">(.*?)</th><td class="num">(\d+)</td>', busiest.group(1))
    assert [count for _where, count in rows] == ["2", "1"], "the busiest square first"
    assert rows[0][0].startswith("West N Street, ") and rows[1][0].startswith("East S Street, ")
    assert "3 places were marked." in body
    assert "1 answer" in body and "2 answers" in body  # the legend
    assert f'id="survey-q{q["area"].pk}-map"' not in body, "no map for a question unanswered"


@pytest.mark.parametrize(("language", "words"), [
    ("en", ["Results: Our streets", "On foot"]),
    ("zh-hans", ["我们的街道", "步行", "公交", 'lang="zh-hans"']),
])
def test_it_reads_in_both_languages(client: Client, survey: Survey, answered: list[Resident],
                                    language: str, words: list[str]) -> None:
    body = results_page(client, survey, language)
    for word in words:
        assert word in body


def test_a_survey_without_answers_says_so(client: Client, survey: Survey) -> None:
    body = results_page(client, survey)
    assert "0 residents have answered." in body
    assert "0 places were marked." in body
    assert body.count("No answers to this question yet.") == 3  # choice, choices, scale
    assert "decide-heat" not in body and "vendor/leaflet/leaflet.js" not in body


def test_the_results_page_answers_a_posted_answer_through_the_form(
        voter: Client, survey: Survey) -> None:
    assert voter.post(f"/participate/surveys/{survey.pk}/",
                      every_answer(survey, point=drawings(POINT))).status_code == 302
    assert "1 resident has answered." in results_page(voter, survey)
