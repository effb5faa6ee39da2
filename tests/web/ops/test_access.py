"""Only staff see the cockpit and its data: signed out → log in; not staff → 403."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.shortcuts import resolve_url

ADDRESSES = ["/ops/", "/ops/feed.json", "/ops/events", "/ops/cases.geojson"]


@pytest.mark.parametrize("address", ADDRESSES)
def test_it_sends_visitors_to_log_in(client, city, address):
    response = client.get(address)
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == resolve_url(settings.LOGIN_URL)
    assert parse_qs(location.query)["next"] == [address]


@pytest.mark.parametrize("address", ADDRESSES)
def test_it_refuses_people_who_are_not_staff(client, citizen, address):
    client.force_login(citizen)
    assert client.get(address).status_code == 403


@pytest.mark.parametrize("persona", ["roads_officer", "roads_supervisor", "operator",
                                     "city_admin"])
def test_it_opens_for_every_member_of_staff(client, persona, request, fast_stream):
    client.force_login(request.getfixturevalue(persona))
    for address in ADDRESSES:
        response = client.get(address)
        assert response.status_code == 200, address
        if response.streaming:
            b"".join(response.streaming_content)


def test_it_refuses_a_deactivated_member_of_staff(client, roads_officer):
    client.force_login(roads_officer)
    roads_officer.is_active = False
    roads_officer.save()
    assert client.get("/ops/").status_code in (302, 403)


def test_it_answers_only_get(client, roads_officer):
    client.force_login(roads_officer)
    assert client.post("/ops/feed.json").status_code == 405
