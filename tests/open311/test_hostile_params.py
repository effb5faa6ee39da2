"""Query parameters at the edges of the calendar and of reason are 400s in the
GeoReport error format, never a 500; hypothesis generates more of them."""

from __future__ import annotations

import pytest
from django.http import QueryDict
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cityloop.open311 import params
from cityloop.open311.errors import ApiError
from tests.open311.conftest import BASE, errors

EDGES = [
    {"start_date": "0001-01-01"},
    {"start_date": "0001-01-01T00:00:00Z"},
    {"start_date": "0001-01-01T00:00:00+14:00"},
    {"end_date": "0001-01-01"},
    {"end_date": "9999-12-31"},
    {"start_date": "9999-12-31"},
    {"start_date": "9999-12-31T23:59:59-12:00"},
    {"end_date": "9999-12-31T23:59:59-12:00"},
    {"start_date": "0001-01-01", "end_date": "9999-12-31"},
    {"start_date": "9999-12-31", "end_date": "0001-01-01"},
]


ZONES = ["Asia/Shanghai", "America/New_York", "UTC"]


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("query", EDGES)
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_dates_at_the_ends_of_the_calendar_are_answered(client, city, query, fmt, zone):
    with override_settings(TIME_ZONE=zone):
        response = client.get(f"{BASE}/requests.{fmt}", query)
    assert response.status_code in {200, 400}, response.content[:300]
    if response.status_code == 400:
        [(code, description)] = errors(response)[:1]
        assert code == 400 and description


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "America/New_York"])
def test_start_date_in_year_one_east_or_west_of_utc_is_a_400(client, city, zone):
    # Midnight of 0001-01-01 in Shanghai is still year 0 in UTC, as the database stores it.
    with override_settings(TIME_ZONE=zone):
        response = client.get(f"{BASE}/requests.json", {"start_date": "0001-01-01",
                                                         "end_date": "0001-01-02"})
    assert response.status_code in {200, 400}
    if zone == "Asia/Shanghai":
        assert response.status_code == 400
        assert "between the years 1 and 9999" in errors(response)[0][1]


_DATE_PARTS = st.sampled_from([
    "0001-01-01", "9999-12-31", "2026-02-29", "2024-02-29", "2026-13-01", "0000-01-01",
    "2026-05-01", "T", "00:00:00", "23:59:59.999999", "24:00:00", "Z", "+14:00", "-12:00",
    "+99:99", " ", "+", "-", "%2B", "99999-01-01",
])
DATES = st.one_of(st.lists(_DATE_PARTS, max_size=5).map("".join), st.text(max_size=40))
FIELDS = ["start_date", "end_date", "status", "service_code", "page", "page_size",
          "service_request_id", "lat", "long", "radius", "updated_after"]
VALUES = st.one_of(DATES, st.integers().map(str), st.floats().map(str),
                   st.sampled_from(["open", "closed", "open,closed", ",,", "-1", "0", "1e999"]))
QUERIES = st.dictionaries(st.sampled_from(FIELDS), VALUES, max_size=4)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(start=DATES, end=DATES, zone=st.sampled_from(ZONES))
def test_no_exception_escapes_the_period_parser(start, end, zone):
    query = QueryDict(mutable=True)
    query.update({"start_date": start, "end_date": end})
    found: list[str] = []
    with override_settings(TIME_ZONE=zone):
        period = params.period(query, found)
        for raw in (start, end):
            try:
                params.w3c_datetime("start_date", raw)
            except ApiError as exc:
                assert exc.descriptions
    assert found or period.start <= period.end


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(query=QUERIES, fmt=st.sampled_from(["json", "xml"]), zone=st.sampled_from(ZONES))
def test_no_query_answers_500(client, city, query, fmt, zone):
    with override_settings(TIME_ZONE=zone):
        response = client.get(f"{BASE}/requests.{fmt}", query)
    assert response.status_code in {200, 400}, (query, response.content[:300])
