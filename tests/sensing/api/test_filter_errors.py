"""A bad $filter is a 400 saying what is wrong and where (OGC 18-088 §9.3.3.5)."""

from __future__ import annotations

import pytest

from tests.sensing.api.helpers import refusal


@pytest.mark.parametrize(("expression", "message"), [
    ("(result gt 1", "$filter: expected ')' at position 12."),
    ("result gt", "$filter: the expression ends where a value was expected at position 9."),
    ("name eq 'open", "$filter: the string starting here has no closing quote at position 8."),
    ("name eq 'a' 'b'", "$filter: unexpected \"'b'\" after the end of the expression "
                        "at position 12."),
    ("name eq 5", "$filter: cannot compare a text with a number at position 5."),
    ("colour eq 'red'", "$filter: Thing has no property or navigation property 'colour' "
                        "at position 0."),
    ("frobnicate(name) eq 1", "$filter: unknown function frobnicate at position 0."),
    ("length(name, name) eq 1", "$filter: length takes 1 arguments at position 0."),
    ("name", "$filter: expected a condition (true or false), found a text at position 0."),
    ("Datastreams eq 1", "$filter: Datastreams is an entity; name one of its properties, "
                         "such as Datastreams/id at position 0."),
    ("name/first eq 'x'", "$filter: name has no sub-properties at position 0."),
    ("year(name) eq 2020", "$filter: year expects a time here, found a text at position 5."),
    ("1 div 0 eq 1", "$filter: division by zero at position 2."),
    ("name gt null", "$filter: null can only be compared with eq or ne at position 5."),
    ("name eq 'x' #", "$filter: unexpected character '#' at position 12."),
])
def test_it_says_what_is_wrong_and_where(sta, network, expression, message):
    assert refusal(sta, "Things", expression) == message


def test_it_refuses_expressions_nested_too_deeply(sta, network):
    assert "nested too deeply" in refusal(sta, "Things", "(" * 150 + "id eq 1" + ")" * 150)


def test_it_answers_400_when_the_database_cannot_evaluate(sta, network):
    response = sta.get("Observations", **{"$filter": "result div (result sub result) eq 1"})
    assert response.status_code in {200, 400}  # SQLite gives null, PostgreSQL refuses
    if response.status_code == 400:
        assert response.json()["message"].startswith("The database could not evaluate")


def test_it_refuses_an_unknown_query_option(sta, network):
    response = sta.get("Things", **{"$fliter": "id eq 1"})
    assert response.status_code == 400
    assert response.json()["message"].startswith("Unknown query option $fliter")


def test_it_reports_errors_in_nested_options(sta, network):
    response = sta.get("Things", **{"$expand": "Datastreams($filter=name eq)"})
    assert response.status_code == 400
    assert response.json()["message"] == (
        "$expand=Datastreams: $filter: the expression ends where a value was expected "
        "at position 7.")
