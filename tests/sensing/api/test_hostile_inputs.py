"""Inputs that used to answer 500 are a 400 with the SensorThings error body."""

from __future__ import annotations

import pytest

from tests.sensing.api.helpers import refusal

SETS = ["Things", "Locations", "HistoricalLocations", "Datastreams", "Sensors",
        "ObservedProperties", "Observations", "FeaturesOfInterest", "CreateObservations"]


@pytest.mark.parametrize("entity_set", SETS)
def test_a_deeply_nested_json_body_is_refused(writer, network, entity_set):
    response = writer.post(entity_set, "[" * 100_000)
    assert response.status_code == 400, response.content[:200]
    body = response.json()
    assert body["code"] == 400 and body["type"] == "error"


def test_a_deeply_nested_patch_body_is_refused(writer, network):
    deep = writer.client.patch(f"/sta/v1.1/Things({network.things[0].pk})",
                               '{"properties":' + "[" * 100_000, content_type="application/json",
                               HTTP_AUTHORIZATION=f"Bearer {writer.key}")
    assert deep.status_code == 400


@pytest.mark.parametrize("expression", [
    "hour(2024-05-01) eq 1",
    "year(08:00:00) eq 2024",
    "minute(2024-05-01) eq 0",
    "day(08:00:00) eq 1",
    "fractionalseconds(2024-05-01) eq 0",
    "date(08:00:00) eq 2024-05-01",
    "time(2024-05-01) eq 08:00:00",
])
def test_date_functions_on_the_wrong_kind_of_time_are_refused(sta, network, expression):
    assert refusal(sta, "Observations", expression)


def test_a_thousand_and_one_hundred_or_terms_are_refused(sta, network):
    expression = " or ".join(f"id eq {n}" for n in range(1100))
    assert "large" in refusal(sta, "Things", expression)


def test_three_thousand_add_terms_are_refused(sta, network):
    expression = "id eq " + " add ".join(["1"] * 3000)
    assert "large" in refusal(sta, "Things", expression)
    expression = "result eq " + " add ".join(["result"] * 3000)
    assert "large" in refusal(sta, "Observations", expression)


def test_a_filter_of_ordinary_size_still_works(sta, network):
    expression = " or ".join(f"id eq {n}" for n in range(60))
    assert sta.get("Things", **{"$filter": expression}).status_code == 200
    expression = "result lt " + " add ".join(["result"] * 60)
    assert sta.get("Observations", **{"$filter": expression}).status_code == 200


@pytest.mark.parametrize(("entity_set", "expression"), [
    ("Things", "id eq 99999999999999999999"),
    ("Things", "id eq -99999999999999999999"),
    ("Observations", "result eq 99999999999999999999"),
    ("Observations", "result gt 1e400"),
    ("Things", "properties/depth eq 123456789012345678901234567890"),
    ("Things", "id add 9223372036854775807 gt 0"),
    ("Observations", "result mul 99999999999999999999 gt 1"),
])
def test_integers_beyond_64_bits_are_refused(sta, network, entity_set, expression):
    response = sta.get(entity_set, **{"$filter": expression})
    assert response.status_code in {200, 400}, response.content
    if response.status_code == 400:
        assert response.json()["type"] == "error"


@pytest.mark.parametrize("expression", [
    "phenomenonTime gt 2024-05-01T00:00:00Z sub duration'P999999999D'",
    "phenomenonTime gt 2024-05-01T00:00:00Z add duration'P3000000D'",
    "phenomenonTime gt now() sub duration'P99999999999999999999D'",
    "phenomenonTime gt 0001-01-01T00:00:00Z sub duration'P1D'",
    "phenomenonTime gt 9999-12-31T00:00:00Z add duration'PT25H'",
    "phenomenonTime add duration'P999999999D' gt now()",
    "duration'P99999999999999999999999999D' eq duration'P1D'",
])
def test_durations_that_overflow_a_date_are_refused(sta, network, expression):
    assert refusal(sta, "Observations", expression)


@pytest.mark.parametrize(("entity_set", "expression"), [
    ("Observations", "parameters/int eq result"),
    ("Observations", "parameters/int add 'x' eq result"),
    ("Observations", "result gt parameters"),
    ("Observations", "resultQuality eq result"),
    ("Observations", "result eq true"),
    ("Observations", "parameters/a/b/c lt Datastream/unitOfMeasurement/symbol"),
    ("Observations", "parameters/x eq phenomenonTime"),
    ("Observations", "phenomenonTime sub resultTime gt duration'PT1S'"),
    ("Observations", "phenomenonTime sub 2024-05-01T08:00:00Z gt 'x'"),
    ("Observations", "phenomenonTime sub 2024-05-01 gt duration'P1D'"),
    ("Observations", "(phenomenonTime sub phenomenonTime) add 1 eq 1"),
    ("Things", "properties/owner eq Datastreams/Observations/result"),
    ("Things", "properties eq properties"),
    ("Things", "properties/public ge properties/public"),
    ("Things", "HistoricalLocations/Locations/properties/x eq properties/x"),
    ("Datastreams", "geo.intersects(observedArea, observedArea)"),
    ("Datastreams", "geo.length(observedArea) gt 0"),
    ("Datastreams", "st_contains(observedArea, geography'POINT(1 2)')"),
    ("Locations", "geo.length(location) eq properties/x"),
])
def test_new_expression_forms_answer_200_or_400(sta, network, entity_set, expression):
    response = sta.get(entity_set, **{"$filter": expression})
    assert response.status_code in {200, 400}, (expression, response.content[:300])
    if response.status_code == 400:
        assert response.json()["type"] == "error"


@pytest.mark.parametrize("path", [
    "Things({thing})/properties/a/b/c/$value",
    "Things({thing})/properties/owner/$value/x",
    "Things({thing})/properties/owner/$ref",
    "Things({thing})/properties/%20",
    "Things({thing})/properties/99999999999999999999",
    "Datastreams({stream})/unitOfMeasurement/symbol/symbol",
    "Observations({observation})/result/x",
    "Observations({observation})/parameters/x",
])
def test_paths_into_json_answer_404_or_400(sta, network, path):
    response = sta.get(path.format(thing=network.things[0].pk, stream=network.datastreams[0].pk,
                                   observation=network.observations[0].pk))
    assert response.status_code in {400, 404}, (path, response.content[:300])
    assert response.json()["type"] == "error"
