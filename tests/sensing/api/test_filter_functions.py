"""$filter functions (OGC 18-088 §9.3.3.5.2, table of built-in query functions).

The spec's examples use a Thing described 'Sensor Things'."""

from __future__ import annotations

import pytest

from tests.sensing.api.helpers import matching


@pytest.mark.parametrize("expression", [
    "substringof('Sensor Things', description)",
    "substringof('Things', description)",
    "endswith(description, 'Things')",
    "startswith(description, 'Sensor')",
    "length(description) eq 13",
    "indexof(description, 'Sensor') eq 1",
    "substring(description, 1) eq 'ensor Things'",
    "substring(description, 2, 4) eq 'nsor'",
    "tolower(description) eq 'sensor things'",
    "toupper(description) eq 'SENSOR THINGS'",
    "trim(description) eq 'Sensor Things'",
    "concat(concat(name, ', '), description) eq 'River gauge, Sensor Things'",
])
def test_it_has_the_string_functions_of_the_spec(sta, network, expression):
    assert matching(sta, "Things", expression) == ["River gauge"]


def test_string_functions_are_case_sensitive(sta, network):
    assert matching(sta, "Things", "substringof('sensor', description)") == []
    assert matching(sta, "Things", "startswith(description, 'sensor')") == []


def test_it_concatenates_json_values(sta, network):
    expression = ("concat(concat(unitOfMeasurement/symbol, ', '), unitOfMeasurement/name) "
                  "eq 'm, metre'")
    assert matching(sta, "Datastreams", expression) == ["Water level at the bridge"]


def test_it_trims(sta, network):
    thing = network.things[1]
    thing.description = "  padded  "
    thing.save()
    assert matching(sta, "Things", "trim(description) eq 'padded'") == ["Air station"]


@pytest.mark.parametrize(("expression", "expected"), [
    ("year(phenomenonTime) eq 2024", 9),
    ("month(phenomenonTime) eq 5", 9),
    ("day(phenomenonTime) eq 1", 9),
    ("hour(phenomenonTime) eq 8", 9),
    ("minute(phenomenonTime) eq 2", 2),
    ("second(phenomenonTime) eq 0", 9),
    ("fractionalseconds(phenomenonTime) eq 0", 9),
    ("date(phenomenonTime) eq 2024-05-01", 9),
    ("time(phenomenonTime) le time(2024-05-01T08:01:00Z)", 5),
    ("totaloffsetminutes(phenomenonTime) eq 0", 9),
    ("phenomenonTime lt now()", 9),
    ("phenomenonTime gt mindatetime()", 9),
    ("phenomenonTime lt maxdatetime()", 9),
    ("resultTime eq null", 9),
])
def test_it_has_the_date_functions_of_the_spec(sta, network, expression, expected):
    assert len(matching(sta, "Observations", expression, "result")) == expected


def test_it_reads_seconds_and_their_fractions(sta, network):
    obs = network.observations[0]
    obs.phenomenon_time = obs.phenomenon_time.replace(second=59, microsecond=250000)
    obs.save()
    assert matching(sta, "Observations", "second(phenomenonTime) eq 59", "result") == [1]
    assert matching(sta, "Observations", "fractionalseconds(phenomenonTime) eq 0.25",
                    "result") == [1]


@pytest.mark.parametrize(("expression", "expected"), [
    ("round(result div 4) eq 1", [2, 3, 4, 5]),  # 0.5, 0.75, 1.0, 1.25
    ("round(result div 4) eq 0", [1]),
    ("floor(result div 4) eq 1", [4, 5]),
    ("ceiling(result div 4) eq 1", [1, 2, 3, 4]),
])
def test_it_has_the_math_functions_of_the_spec(sta, network, expression, expected):
    assert matching(sta, "Observations", expression + " and result lt 10", "result") == expected


def test_it_rounds_halves_away_from_zero_on_every_database(sta, network):
    # 2.5 and 4.5 round up to 3 and 5 (PostgreSQL rounds a double's halves to even)
    assert matching(sta, "Observations", "round(result sub 0.5) eq 3 and result lt 10",
                    "result") == [3]
    assert matching(sta, "Observations", "round(result sub 0.5) eq 5 and result lt 10",
                    "result") == [5]
