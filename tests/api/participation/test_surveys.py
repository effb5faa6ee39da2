"""GET /api/v1/participation/surveys, /surveys/{id}/results and /surveys/{id}/points.geojson."""

from __future__ import annotations

import pytest

from cityloop.participation.models import MapEntry, Question, QuestionKind
from tests.api.participation.helpers import read
from tests.api.participation.scenario import PRIVATE_TEXTS, SURVEY_POINTS


def _questions(scenario):
    return {q.kind: q for q in Question.objects.filter(survey=scenario.survey)}


def test_it_lists_the_surveys_of_published_processes_with_their_questions(scenario):
    response, body = read("/surveys")
    assert response.status_code == 200
    assert [s["id"] for s in body["surveys"]] == [scenario.survey.pk]  # not the draft one
    survey = body["surveys"][0]
    assert (survey["title"], survey["responses"]) == ("Our streets", 3)
    kinds = [q["kind"] for q in survey["questions"]]
    assert kinds == ["single", "multiple", "scale", "text", "point", "area"]
    single = survey["questions"][0]
    assert single["required"] is True and single["scale"] is None
    assert single["choices"] == [{"key": "walk", "label": "On foot"},
                                 {"key": "bus", "label": "By bus"},
                                 {"key": "car", "label": "By car"}]
    assert survey["questions"][2]["scale"] == {"min": 1, "max": 5}


def test_in_chinese_the_survey_and_its_choices_are_translated(scenario):
    survey = read("/surveys", lang="zh-hans")[1]["surveys"][0]
    assert survey["title"] == "我们的街道"
    assert [c["label"] for c in survey["questions"][0]["choices"]] == ["步行", "公交", "开车"]
    results = read(f"/surveys/{scenario.survey.pk}/results", lang="zh-hans")[1]
    assert [c["label"] for c in results["questions"][0]["choices"]] == ["步行", "公交", "开车"]


def test_the_results_count_choices_scales_texts_and_map_answers(scenario):
    response, body = read(f"/surveys/{scenario.survey.pk}/results")
    assert response.status_code == 200
    assert body["survey"] == scenario.survey.pk and body["responses"] == 3
    single, multiple, scale, text, point, area = body["questions"]
    assert {c["key"]: c["count"] for c in single["choices"]} == {"walk": 2, "bus": 1, "car": 0}
    assert single["answered"] == 3
    assert {c["key"]: c["count"] for c in multiple["choices"]} == {"walk": 0, "bus": 2,
                                                                   "car": 1}
    assert scale["scale"]["mean"] == round((2 + 4 + 5) / 3, 2)
    assert [c["count"] for c in scale["scale"]["counts"]] == [0, 1, 0, 1, 1]
    assert (text["answered"], text["choices"], text["scale"]) == (2, [], None)
    assert (point["answered"], point["entries"]) == (2, 3)
    assert (area["answered"], area["entries"]) == (1, 1)
    assert not any(t in response.content.decode() for t in (*PRIVATE_TEXTS, "More lamps"))


def test_the_points_are_rounded_to_about_100_m_and_carry_no_comment(scenario):
    response, body = read(f"/surveys/{scenario.survey.pk}/points.geojson")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json; charset=utf-8"
    assert body["type"] == "FeatureCollection" and len(body["features"]) == 4
    questions = _questions(scenario)
    points = sorted(tuple(f["geometry"]["coordinates"]) for f in body["features"]
                    if f["properties"]["kind"] == "point")
    assert points == sorted((round(lon, 3), round(lat, 3)) for lat, lon in SURVEY_POINTS)
    for feature in body["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert round(lon, 3) == lon and round(lat, 3) == lat
        assert set(feature["properties"]) == {"survey", "question", "kind"}
        kind = feature["properties"]["kind"]
        assert feature["properties"]["question"] == questions[kind].pk
    stored = MapEntry.objects.filter(answer__question=questions[QuestionKind.AREA]).get()
    (area,) = [f for f in body["features"] if f["properties"]["kind"] == "area"]
    assert area["geometry"]["coordinates"] == [round(stored.lon, 3), round(stored.lat, 3)]
    assert not any(t in response.content.decode() for t in (*PRIVATE_TEXTS, "Too dark"))


def test_the_points_of_one_map_question(scenario):
    question = _questions(scenario)[QuestionKind.AREA]
    body = read(f"/surveys/{scenario.survey.pk}/points.geojson", question=question.pk)[1]
    assert [f["properties"]["question"] for f in body["features"]] == [question.pk]


@pytest.mark.parametrize("kind", [QuestionKind.TEXT, "unknown", "abc"])
def test_a_question_that_is_not_a_map_question_of_the_survey_is_a_400(scenario, kind):
    questions = _questions(scenario)
    value = questions[kind].pk if kind in questions else ("99999" if kind == "unknown" else kind)
    response, body = read(f"/surveys/{scenario.survey.pk}/points.geojson", question=value)
    assert response.status_code == 400
    assert body["error"]["message"] == ("question must be the id of a map question of this "
                                        "survey.")


@pytest.mark.parametrize("path", ["results", "points.geojson"])
def test_a_survey_of_an_unpublished_process_or_unknown_is_a_404(scenario, path):
    for survey_id in (scenario.hidden_survey.pk, 0, "two", 10**25):
        response, body = read(f"/surveys/{survey_id}/{path}")
        assert response.status_code == 404, survey_id
        assert response["Content-Type"] == "application/json; charset=utf-8"
        assert "no survey" in body["error"]["message"]
