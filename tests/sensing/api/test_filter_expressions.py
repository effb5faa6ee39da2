"""$filter comparisons of two expressions that are not both plain properties (issue 12 §1):
JSON values against results, against each other and across navigation properties,
compared by JSON type as FROST-Server compares them."""

from __future__ import annotations

import pytest

from cityloop.sensing.models import Location, Observation
from tests.sensing.api.conftest import observe
from tests.sensing.api.helpers import matching, refusal


@pytest.fixture
def tagged(network):
    """Parameters on the river's observations: int equal to the result for 2 and 4,
    site equal to the river gauge's owner for the first two."""
    water = network.datastreams[0]
    for obs in Observation.objects.filter(datastream=water).order_by("phenomenon_time"):
        number = int(obs.result_number or 0)
        obs.parameters = {"int": number if number % 2 == 0 else number + 10,
                          "site": "water" if number <= 2 else "elsewhere",
                          "text": str(number)}
        obs.save()
    return network


def test_it_compares_a_result_with_itself(sta, network):
    assert sorted(matching(sta, "Observations", "result eq result", "result"),
                  key=str) == sorted([1, 2, 3, 4, 5, 10, 20, 30, "ok"], key=str)
    assert matching(sta, "Observations", "result ne result", "result") == []
    assert matching(sta, "Observations", "result gt result", "result") == []


def test_it_compares_parameters_with_the_result(sta, tagged):
    assert matching(sta, "Observations", "parameters/int eq result", "result") == [2, 4]
    assert matching(sta, "Observations", "result eq parameters/int", "result") == [2, 4]
    assert matching(sta, "Observations", "parameters/int gt result", "result") == [1, 3, 5]
    assert matching(sta, "Observations", "parameters/int ne result", "result") == [1, 3, 5]
    assert matching(sta, "Observations", "parameters/int sub 10 eq result", "result") == [
        1, 3, 5]


def test_a_number_never_equals_a_text(sta, tagged):
    # parameters/text is "1".."5", the results 1..5: FROST compares by JSON type.
    assert matching(sta, "Observations", "parameters/text eq result", "result") == []


def test_it_compares_parameters_with_a_property_across_navigation(sta, tagged):
    expression = "parameters/site eq Datastream/Thing/properties/owner"
    assert matching(sta, "Observations", expression, "result") == [1, 2]
    expression = "parameters/site ne Datastream/Thing/properties/owner"
    assert matching(sta, "Observations", expression, "result") == [3, 4, 5]


def test_it_compares_properties_through_a_to_many_path(sta, network):
    bridge = network.locations[0]
    bridge.properties = {"owner": "water"}
    bridge.save()
    Location.objects.filter(pk=network.locations[1].pk).update(properties={"owner": "nobody"})
    expression = "HistoricalLocations/Locations/properties/owner eq properties/owner"
    assert matching(sta, "Things", expression) == ["River gauge"]
    expression = "properties/depth gt Datastreams/Observations/result"
    assert matching(sta, "Things", expression) == ["River gauge"]


def test_json_values_compare_with_expressions(sta, network):
    assert matching(sta, "Things", "properties/depth eq length(name) sub 7") == ["River gauge"]
    assert matching(sta, "Things", "properties/owner eq tolower('WATER')") == ["River gauge"]
    # Against a text that is not JSON, a JSON value is read as its text (FROST's way).
    assert matching(sta, "Things", "properties/depth eq substring('x4', 1)") == ["River gauge"]
    assert matching(sta, "Things", "properties/public eq tolower('TRUE')") == [
        "River gauge", "Air station"]
    assert matching(sta, "Things", "properties/depth ne substring('x4', 1)") == ["Air station"]
    assert matching(sta, "Things", "properties/public eq Datastreams/Thing/properties/public",
                    ) == ["River gauge", "Air station"]


def test_what_cannot_be_compared_is_a_400(sta, network):
    assert "JSON" in refusal(sta, "Observations", "result eq phenomenonTime")
    assert "object" in refusal(sta, "Things", "properties eq Datastreams/properties")


def test_a_text_is_not_a_number_in_arithmetic(sta, network):
    observe(network.datastreams[2], 5, "late")
    assert matching(sta, "Things", "properties/owner add 1 gt 0") == []


def test_a_json_value_compares_with_a_constant_as_frost_does(sta, network):
    assert matching(sta, "Things", "properties/depth eq '4'") == ["River gauge"]
    assert matching(sta, "Things", "properties/depth eq 4") == ["River gauge"]
    assert matching(sta, "Things", "properties/depth eq '04'") == []
    river = network.things[0]
    river.properties = {**river.properties, "installed": "2024-05-01T08:00:00Z", "ratio": 1.5}
    river.save()
    assert matching(sta, "Things", "properties/ratio eq '1.5'") == ["River gauge"]
    assert matching(sta, "Things", "properties/public eq 'true'") == [
        "River gauge", "Air station"]
    assert matching(sta, "Things", "properties/installed eq 2024-05-01T08:00:00Z") == [
        "River gauge"]
    assert matching(sta, "Things", "properties/installed lt 2025-01-01T00:00:00Z") == [
        "River gauge"]
