"""Answering a map survey: every kind of question, each refusal next to its question with
what was given kept, once per resident, only when verified and while the survey is open."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from cityloop.participation.models import (
    Answer,
    MapEntry,
    Phase,
    PhaseKind,
    Resident,
    Response,
    Survey,
)
from tests.web.participation_decide.helpers import (
    COMMENT,
    FREE_TEXT,
    drawings,
    every_answer,
    field,
    outside_point,
    questions,
)

pytestmark = pytest.mark.django_db


def url(survey: Survey, tail: str = "") -> str:
    return f"/participate/surveys/{survey.pk}/{tail}"


def test_it_sends_an_unverified_person_to_verify_and_back(client: Client, survey: Survey) -> None:
    for response in (client.get(url(survey)), client.post(url(survey), every_answer(survey))):
        assert response.status_code == 302
        assert response["Location"] == (
            f"/participate/verify/?next=%2Fparticipate%2Fsurveys%2F{survey.pk}%2F")
    assert not Response.objects.exists()


@pytest.mark.parametrize(("language", "words"), [
    ("en", ["Our streets", "How do you get to work?", "On foot", "By bus", 'lang="en"']),
    ("zh-hans", ["我们的街道", "步行", "公交", 'lang="zh-hans"']),
])
def test_it_shows_the_questions_in_order_in_the_language(voter: Client, survey: Survey,
                                                        language: str, words: list[str]) -> None:
    response = voter.get(url(survey), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    body = response.content.decode()
    for word in words:
        assert word in body
    q = questions(survey)
    positions = [body.index(f'id="{field(q[kind])}"') for kind in
                 ("single", "multiple", "scale", "text", "point", "area")]
    assert positions == sorted(positions)
    assert f'type="radio" name="{field(q["single"])}"' in body
    assert f'type="checkbox" name="{field(q["multiple"])}"' in body
    assert f'name="{field(q["text"])}"' in body and "<textarea" in body
    assert f'data-kind="point" data-max="3" data-name="{field(q["point"])}"' in body
    assert f'type="hidden" name="{field(q["area"])}"' in body
    assert "cityloop/participate-survey.js" in body and "vendor/leaflet/leaflet.js" in body


def test_it_records_an_answer_to_every_kind_of_question(voter: Client, survey: Survey,
                                                        resident: Resident) -> None:
    response = voter.post(url(survey), every_answer(survey))
    assert response.status_code == 302
    assert response["Location"] == url(survey, "thanks/")
    stored = Response.objects.get(survey=survey, resident=resident)
    q = questions(survey)
    values = {a.question_id: a.value for a in Answer.objects.filter(response=stored)}
    assert values[q["single"].pk] == ["walk"]
    assert values[q["multiple"].pk] == ["bus", "car"]
    assert values[q["scale"].pk] == 4
    assert values[q["text"].pk] == FREE_TEXT
    entries = {e.answer.question_id: e for e in MapEntry.objects.select_related("answer")}
    assert entries[q["point"].pk].comment == COMMENT
    assert (round(entries[q["point"].pk].lat, 6), round(entries[q["point"].pk].lon, 6)) == (
        29.581234, 106.523456)
    assert entries[q["area"].pk].geometry["type"] == "Polygon"

    thanks = voter.get(response["Location"])
    assert thanks.status_code == 200
    assert "Thank you: your answers are in" in thanks.content.decode()
    assert url(survey, "results/") in thanks.content.decode()


def test_it_takes_a_partial_answer_leaving_out_what_is_not_required(
        voter: Client, survey: Survey) -> None:
    data = every_answer(survey, multiple=None, scale=None, text="", point="", area=None)
    assert voter.post(url(survey), data).status_code == 302
    assert MapEntry.objects.count() == 0


def refused(voter: Client, survey: Survey, data: dict[str, Any], kind: str) -> str:
    response = voter.post(url(survey), data)
    assert response.status_code == 400
    body = response.content.decode()
    name = field(questions(survey)[kind])
    assert f'data-testid="{name}-error"' in body, "the refusal is shown next to its question"
    assert f'href="#{name}"' in body, "the summary links to the question"
    assert not Response.objects.exists() and not MapEntry.objects.exists()
    return body


@pytest.mark.parametrize(("value", "words"), [
    ("{not json", "draw your answer on the map"),
    ('{"type": "Point", "coordinates": [106.52, 29.58]}', "draw your answer on the map"),
    (drawings({"type": "LineString", "coordinates": [[106.52, 29.58], [106.53, 29.58]]}),
     "Where do you feel unsafe?: answer as the question asks"),
    (drawings({"type": "Point", "coordinates": ["east", "north"]}), "cannot be read"),
    (drawings({"type": "Point", "coordinates": [29.58, 406.52]}),
     "coordinates must be longitude, latitude"),
    (drawings(*[{"type": "Point", "coordinates": [106.52, 29.58]}] * 4), "draw at most 3"),
])
def test_it_refuses_a_map_answer_it_cannot_read_and_keeps_the_rest(
        voter: Client, survey: Survey, value: str, words: str) -> None:
    body = refused(voter, survey, every_answer(survey, point=value), "point")
    assert words in body
    q = questions(survey)
    assert f'value="walk" data-testid="{field(q["single"])}-walk"' not in body  # re-rendered...
    assert f'value="walk" checked data-testid="{field(q["single"])}-walk"' in body  # ...ticked
    assert 'value="4" checked aria-describedby' in body
    assert "The underpass by my flat" in body, "the free text is kept"


def test_it_refuses_a_place_outside_the_city(voter: Client, survey: Survey) -> None:
    body = refused(voter, survey, every_answer(survey, point=drawings(outside_point())), "point")
    assert "that place is outside the city" in body


def test_it_keeps_the_drawings_when_another_question_is_refused(voter: Client,
                                                              survey: Survey) -> None:
    body = refused(voter, survey, every_answer(survey, single=None), "single")
    assert "this question needs an answer" in body
    assert "106.523456" in body, "the point drawn goes back in its hidden input"


def test_it_refuses_a_second_response(voter: Client, survey: Survey) -> None:
    assert voter.post(url(survey), every_answer(survey)).status_code == 302
    again = voter.post(url(survey), every_answer(survey, single="bus"))
    assert again.status_code == 400
    assert "You have answered this survey already" in again.content.decode()
    page = voter.get(url(survey))
    assert "You have answered this survey already" in page.content.decode()
    assert 'id="survey-form"' not in page.content.decode()
    assert Response.objects.count() == 1
    assert Answer.objects.filter(value=["bus"]).count() == 0


def _move_consultation(survey: Survey, days: int) -> None:
    Phase.objects.filter(process=survey.process, kind=PhaseKind.CONSULTATION).update(
        starts_at=timezone.now() + timedelta(days=days),
        ends_at=timezone.now() + timedelta(days=days + 7))


@pytest.mark.parametrize(("days", "words"), [(3, "The survey opens on"),
                                             (-20, "The survey closed on")])
def test_it_says_when_the_survey_opens_or_closed(voter: Client, survey: Survey, days: int,
                                                 words: str) -> None:
    _move_consultation(survey, days)
    page = voter.get(url(survey))
    assert page.status_code == 200
    assert words in page.content.decode()
    assert "This cannot be done now" in page.content.decode()
    assert voter.post(url(survey), every_answer(survey)).status_code == 400
    assert not Response.objects.exists()


def test_an_unpublished_survey_has_no_pages(voter: Client, survey: Survey) -> None:
    survey.process.published = False
    survey.process.save()
    for tail in ("", "thanks/", "results/"):
        assert voter.get(url(survey, tail)).status_code == 404


def test_the_thanks_page_is_only_for_who_answered(voter: Client, survey: Survey) -> None:
    assert voter.get(url(survey, "thanks/"))["Location"] == url(survey)


def test_a_resident_of_another_district_is_told_why(
        client: Client, survey: Survey, city: Any,
        make_resident: Callable[..., Resident],
        sign_in: Callable[[Client, Resident], Client]) -> None:
    process = survey.process
    process.area, process.residence_required = city.areas["east"], True
    process.save()
    sign_in(client, make_resident(area=city.areas["west_n"]))
    page = client.get(url(survey))
    assert "Only residents of East District take part" in page.content.decode()


def test_markup_in_the_city_s_texts_is_shown_as_text(voter: Client, survey: Survey) -> None:
    survey.title = '<script>alert("x")</script>'
    survey.save()
    q = questions(survey)["single"]
    q.choices = [{"key": "walk", "en": "<b>On foot</b>"}]
    q.save()
    body = voter.get(url(survey)).content.decode()
    assert '<script>alert("x")</script>' not in body and "&lt;b&gt;On foot&lt;/b&gt;" in body


@pytest.mark.parametrize("size", [3000, 3_000_000])
def test_too_long_a_text_is_refused_not_an_error(voter: Client, survey: Survey,
                                                 size: int) -> None:
    response = voter.post(url(survey), every_answer(survey, text="x" * size))
    assert response.status_code == 400
    if size < 1_000_000:
        assert "keep it under 2000 characters" in response.content.decode()
    assert not Response.objects.exists()
