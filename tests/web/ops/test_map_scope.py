"""Whose cases the cockpit map shows: the person's own, as in the staff console.

The tiles and the ranking are city-wide counts; the map and the new-case
list name and place cases, so an officer of one department never sees
where another department's cases are, nor hears of their new ones.
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from cityloop.cases import policy
from cityloop.cases.models import Case
from tests import citydata


def _refs(response) -> set[str]:
    return {f["properties"]["ref"] for f in response.json()["features"]}


@pytest.fixture
def drain(make_case):
    """A blocked drain: the water bureau's case."""
    lat, lon = citydata.INSIDE_WEST_S
    return make_case(service_code="blocked_drain", lat=lat, lon=lon)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_an_officer_maps_only_their_departments_cases(client, water_officer, drain, make_case,
                                                      language):
    pothole = make_case()  # the roads east office's
    assert policy.can_view(water_officer, drain)
    assert not policy.can_view(water_officer, pothole)
    client.force_login(water_officer)
    response = client.get("/ops/cases.geojson", HTTP_ACCEPT_LANGUAGE=language)
    assert _refs(response) == {drain.reference}
    assert pothole.reference not in response.content.decode()


def test_a_supervisor_maps_their_tree_and_nothing_else(client, roads_supervisor, drain,
                                                       make_case):
    pothole = make_case()
    client.force_login(roads_supervisor)
    assert _refs(client.get("/ops/cases.geojson")) == {pothole.reference}


@pytest.mark.parametrize("persona", ["operator", "city_admin"])
def test_operators_and_admins_map_every_case(client, request, persona, drain, make_case):
    pothole = make_case()
    client.force_login(request.getfixturevalue(persona))
    assert _refs(client.get("/ops/cases.geojson")) == {drain.reference, pothole.reference}


def test_a_new_case_of_another_department_is_never_announced(client, water_officer, drain,
                                                             make_case):
    client.force_login(water_officer)
    marker = client.get("/ops/feed.json").json()
    pothole = make_case()
    changes = client.get("/ops/cases.geojson",
                         {"since": marker["changed"], "after": marker["latest"]})
    assert pothole.reference not in changes.content.decode()


def test_a_case_forwarded_away_is_taken_off_the_map_without_a_word(client, city,
                                                                   roads_supervisor, make_case):
    pothole = make_case()
    client.force_login(roads_supervisor)
    marker = client.get("/ops/feed.json").json()
    Case.objects.filter(pk=pothole.pk).update(department=city.departments["water"],
                                              updated_at=timezone.now())
    changes = client.get("/ops/cases.geojson",
                         {"since": marker["changed"], "after": marker["latest"]}).json()
    assert changes["features"] == [{"type": "Feature", "geometry": None,
                                    "properties": {"ref": pothole.reference, "open": False}}]
