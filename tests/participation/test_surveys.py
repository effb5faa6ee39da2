import pytest

from cityloop.participation import surveys
from cityloop.participation.errors import Refused
from cityloop.participation.models import Answer, MapEntry, Question, Response
from tests.citydata import INSIDE_EAST_N, INSIDE_WEST_S, OUTSIDE


def q(survey, position):
    return Question.objects.get(survey=survey, position=position)


def point(lat_lon, comment=""):
    lat, lon = lat_lon
    return {"geometry": {"type": "Point", "coordinates": [lon, lat]}, "comment": comment}


def square(lat, lon, d=0.002):
    ring = [[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]
    return {"geometry": {"type": "Polygon", "coordinates": [ring]}, "comment": "a park here"}


def full(survey):
    return {q(survey, 1).pk: "walk", q(survey, 2).pk: ["bus", "walk"], q(survey, 3).pk: "4",
               q(survey, 4).pk: "More lights please",
               q(survey, 5).pk: [point(INSIDE_EAST_N, "dark underpass"), point(INSIDE_WEST_S)],
               q(survey, 6).pk: [square(*INSIDE_EAST_N)]}


def test_every_kind_of_answer_is_stored(survey, make_resident):
    response = surveys.respond(survey, make_resident(), full(survey))
    assert Answer.objects.filter(response=response).count() == 6
    assert Answer.objects.get(response=response, question=q(survey, 2)).value == ["bus", "walk"]
    assert Answer.objects.get(response=response, question=q(survey, 3)).value == 4
    entries = MapEntry.objects.filter(answer__response=response)
    assert entries.count() == 3
    assert {e.comment for e in entries} == {"dark underpass", "", "a park here"}
    assert round(entries.get(comment="dark underpass").lat, 2) == INSIDE_EAST_N[0]


@pytest.mark.parametrize("position, value, problem", [
    (1, None, "needs an answer"),
    (1, "plane", "choose one"),
    (2, ["walk", "boat"], "choose among"),
    (3, 9, "from 1 to 5"),
    (3, "many", "from 1 to 5"),
    (4, "x" * 2001, "under 2000"),
    (5, [point(OUTSIDE)], "outside the city"),
    (5, [point(INSIDE_EAST_N)] * 4, "at most 3"),
    (5, [{"geometry": {"type": "LineString", "coordinates": [[0, 0], [1, 1]]}}],
     "as the question asks"),
    (5, [{"geometry": {"type": "Point", "coordinates": ["a", "b"]}}], "cannot be read"),
    (5, "not a list", "draw your answer"),
])
def test_bad_answers_are_refused_whole(survey, make_resident, position, value, problem):
    with pytest.raises(Refused) as refused:
        surveys.respond(survey, make_resident(), {**full(survey), q(survey, position).pk: value})
    assert problem in str(refused.value.message)
    assert refused.value.field == f"q{q(survey, position).pk}"
    assert not Response.objects.exists() and not MapEntry.objects.exists()


def test_one_response_per_resident(survey, make_resident):
    resident = make_resident()
    surveys.respond(survey, resident, full(survey))
    with pytest.raises(Refused) as refused:
        surveys.respond(survey, resident, full(survey))
    assert refused.value.code == "already_responded"
    assert Response.objects.count() == 1


def test_unknown_questions_and_empty_responses_are_refused(survey, make_resident):
    with pytest.raises(Refused) as refused:
        surveys.respond(survey, make_resident(), {**full(survey), 999999: "x"})
    assert refused.value.code == "unknown_question"


def test_results_recount_the_stored_answers(survey, make_resident):
    surveys.respond(survey, make_resident(), full(survey))
    surveys.respond(survey, make_resident(), {**full(survey), q(survey, 1).pk: "bus",
                                              q(survey, 3).pk: 2})
    result = surveys.results(survey, "zh-hans")
    assert result.responses == 2
    first = result.questions[0]
    assert [(key, count) for key, _label, count in first.counts] == [
        ("walk", 1), ("bus", 1), ("car", 0)]
    assert first.counts[0][1] == "步行"
    assert result.questions[2].mean == 3.0
    assert result.questions[4].entries == 4
    assert len(surveys.map_points(survey, q(survey, 5))) == 4
