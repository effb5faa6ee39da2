"""Property-based: no ``$filter`` or ``$orderby``, from the grammar's tokens or from random
text, escapes as a 500; each is answered 200 or 400 with the SensorThings error body."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cityloop.sensing.api.odata.parser import parse_filter
from cityloop.sensing.api.odata.syntax import ExprError

TOKENS = [
    "id", "name", "result", "phenomenonTime", "resultTime", "properties/public", "properties/x",
    "Datastreams/name", "Datastreams/Observations/result", "Thing/properties/public",
    "Locations/location", "location", "and", "or", "not", "eq", "ne", "gt", "ge", "lt", "le",
    "add", "sub", "mul", "div", "mod", "-", "(", ")", ",", "/", "'text'", "''", "'it''s'", "0",
    "1", "-1", "1.5", "1e308", "1e400", "99999999999999999999", "9223372036854775807", "true",
    "false", "null", "2024-05-01", "08:00:00", "2024-05-01T08:00:00Z", "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59Z", "duration'P1D'", "duration'PT25H'", "duration'P999999999D'",
    "duration'P'", "geography'POINT(1 2)'", "geography'POLYGON((0 0,1 0,1 1,0 0))'",
    "geography'LINESTRING(1)'", "hour(", "year(", "day(", "date(", "time(", "now()",
    "mindatetime()", "maxdatetime()", "substringof(", "length(", "substring(", "concat(",
    "round(", "floor(", "geo.distance(", "st_within(", "geo.intersects(", "tolower(",
    "fractionalseconds(", "totaloffsetminutes(", "$", "@iot.id",
    # expressions against expressions, JSON members, observedArea (issue 12)
    "parameters/int", "parameters", "resultQuality", "Datastream/Thing/properties/owner",
    "HistoricalLocations/Locations/properties/owner", "Thing/properties/depth",
    "unitOfMeasurement/symbol", "observedArea", "feature", "geo.length(", "st_contains(",
    "phenomenonTime sub 2024-05-01T08:00:00Z", "duration'-PT1S'",
]
GRAMMAR = st.lists(st.sampled_from(TOKENS), min_size=1, max_size=14).map(" ".join)
TEXT = st.text(max_size=60)
SETS = st.sampled_from(["Things", "Observations", "Datastreams", "Locations",
                        "FeaturesOfInterest", "HistoricalLocations"])
SLOW = settings(max_examples=200, deadline=None,
                suppress_health_check=[HealthCheck.too_slow,
                                       HealthCheck.function_scoped_fixture])


def _answered(sta, entity_set, option, expression):
    response = sta.get(entity_set, **{option: expression})
    assert response.status_code in {200, 400}, (expression, response.content[:300])
    if response.status_code == 400:
        body = response.json()
        assert body["code"] == 400 and body["type"] == "error" and body["message"]


@SLOW
@given(entity_set=SETS, expression=st.one_of(GRAMMAR, TEXT))
def test_no_filter_answers_500(sta, network, entity_set, expression):
    _answered(sta, entity_set, "$filter", expression)


@SLOW
@given(entity_set=SETS, expression=st.one_of(GRAMMAR, TEXT))
def test_no_orderby_answers_500(sta, network, entity_set, expression):
    _answered(sta, entity_set, "$orderby", expression)


@settings(max_examples=200, deadline=None)
@given(expression=st.one_of(GRAMMAR, TEXT, st.lists(st.sampled_from(TOKENS), max_size=600)
                            .map(" ".join)))
def test_the_parser_raises_nothing_but_expression_errors(expression):
    try:
        parse_filter(expression)
    except ExprError as exc:
        assert 0 <= exc.pos <= len(expression)
