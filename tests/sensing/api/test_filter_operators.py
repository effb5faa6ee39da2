"""$filter operators (OGC 18-088 §9.3.3.5.1): comparison, logical, arithmetic, grouping."""

from __future__ import annotations

import pytest

from tests.sensing.api.helpers import matching


def results(sta, expression):
    return matching(sta, "Observations", expression, "result")


@pytest.mark.parametrize(("expression", "expected"), [
    ("result eq 3", [3]),
    ("result ne 3", [1, 2, 4, 5, 10, 20, 30, "ok"]),  # a text is not 3 either
    ("result gt 5", [10, 20, 30]),
    ("result ge 5", [5, 10, 20, 30]),
    ("result lt 3", [1, 2]),
    ("result le 3", [1, 2, 3]),
    ("result lt 10.00", [1, 2, 3, 4, 5]),
])
def test_it_compares(sta, network, expression, expected):
    assert results(sta, expression) == expected


@pytest.mark.parametrize(("expression", "expected"), [
    ("result ge 2 and result le 4", [2, 3, 4]),
    ("result lt 2 or result gt 20", [1, 30]),
    ("not (result lt 20)", [20, 30, "ok"]),
    ("not result lt 20 and result ne 30", [20, "ok"]),
    ("result lt 2 or result gt 3 and result lt 5", [1, 4]),
    ("(result lt 2 or result gt 3) and result lt 5", [1, 4]),
])
def test_it_combines_conditions(sta, network, expression, expected):
    assert results(sta, expression) == expected


@pytest.mark.parametrize(("expression", "expected"), [
    ("result add 5 eq 8", [3]),
    ("result sub 5 gt 10", [20, 30]),
    ("(result sub 5) gt 10", [20, 30]),
    ("result mul 2 eq 8", [4]),
    ("result div 2 eq 2.5", [5]),
    ("result mod 2 eq 1", [1, 3, 5]),
    ("result eq 10 add 5 mul 2", [20]),
    ("-result lt -20", [30]),
])
def test_it_computes(sta, network, expression, expected):
    assert results(sta, expression) == expected


def test_it_compares_text_results(sta, network):
    assert results(sta, "result eq 'ok'") == ["ok"]
    assert results(sta, "result eq null") == []


def test_it_follows_navigation_properties(sta, network):
    assert results(sta, "Datastream/ObservedProperty/name eq 'PM2.5'") == [10, 20, 30]
    stream = network.datastreams[0].pk
    assert results(sta, f"Datastream/id eq '{stream}'") == [1, 2, 3, 4, 5]
    assert results(sta, f"Datastream/@iot.id eq {stream} and result gt 4") == [5]


def test_it_follows_to_many_navigation_properties_once_per_entity(sta, network):
    assert matching(sta, "Things", "Datastreams/Observations/result gt 1") == [
        "River gauge", "Air station"]
    assert matching(sta, "Things", "Locations/name eq 'Park'") == ["Air station"]
    assert matching(sta, "Datastreams", "Thing/Locations/name eq 'Bridge'") == [
        "Water level at the bridge"]


def test_it_reads_inside_json_properties(sta, network):
    assert matching(sta, "Things", "properties/owner eq 'water'") == ["River gauge"]
    assert matching(sta, "Things", "properties/depth gt 1") == ["River gauge"]
    assert matching(sta, "Things", "properties/missing eq null") == [
        "River gauge", "Air station"]
    assert matching(sta, "Datastreams", "unitOfMeasurement/symbol eq 'm'") == [
        "Water level at the bridge"]


def test_it_compares_times(sta, network):
    assert results(sta, "phenomenonTime ge 2024-05-01T08:02:00Z and "
                        "phenomenonTime le 2024-05-01T08:03:00Z") == [3, 4, 30]
    assert results(sta, "phenomenonTime gt 2024-05-01T16:03:00+08:00") == [5]
    assert results(sta, "phenomenonTime lt 2024-05-01") == []


def test_it_takes_an_unencoded_plus_in_an_offset(sta, network):
    # "+08:00" sent without URL-encoding arrives as " 08:00"
    assert results(sta, "phenomenonTime gt 2024-05-01T16:03:00 08:00") == [5]


def test_it_compares_intervals_with_instants(sta, network):
    obs = network.observations[0]
    obs.phenomenon_time_end = obs.phenomenon_time.replace(minute=30)
    obs.save()
    assert results(sta, "phenomenonTime lt 2024-05-01T08:10:00Z and result lt 10") == [2, 3, 4, 5]
    assert results(sta, "phenomenonTime ge 2024-05-01T08:00:00Z and result lt 2") == [1]


def test_it_filters_by_id(sta, network):
    first = network.things[0].pk
    assert matching(sta, "Things", f"id eq {first}") == ["River gauge"]
    assert matching(sta, "Things", f"@iot.id ne {first}") == ["Air station"]


def test_it_compares_with_durations_and_now(sta, network):
    assert results(sta, "phenomenonTime gt now() sub duration'P36500D'") == [
        1, 2, 3, 4, 5, 10, 20, 30, "ok"]
    assert results(sta, "phenomenonTime add duration'PT3M' le 2024-05-01T08:04:00Z and "
                        "result lt 10") == [1, 2]
