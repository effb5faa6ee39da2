"""No reporter's contact details or internal notes in any public output; sensitive
categories show no place, no photos and no description."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cityloop.cases import lifecycle
from cityloop.cases.actors import Actor
from cityloop.cases.models import Case, CaseMedia, MediaKind
from tests import citydata
from tests.open311.conftest import BASE, child, json_of, xml_of

PERSONAL = ["Wen", "Zhang-Secret", "wen.secret@example.org", "+86 138 0000 1234",
            "acct-private-77", "device-private-99"]
NOTE = "Caller is the landlord's cousin"


def _public_bodies(client, case):
    start = (timezone.now() - timedelta(hours=1)).isoformat()
    for fmt in ("json", "xml"):
        for ext in ("false", "true"):
            yield client.get(f"{BASE}/requests.{fmt}", {"extensions": ext}).content
            yield client.get(f"{BASE}/requests/{case.reference}.{fmt}",
                             {"extensions": ext}).content
        yield client.get(f"{BASE}/servicerequestupdates.{fmt}", {"start_date": start}).content
        yield client.get(f"{BASE}/tokens/{case.token}.{fmt}").content


@pytest.fixture
def reported(post, roads_officer):
    response = post(first_name="Wen", last_name="Zhang-Secret", email="wen.secret@example.org",
                    phone="+86 138 0000 1234", account_id="acct-private-77",
                    device_id="device-private-99")
    assert response.status_code == 200
    case = Case.objects.get()
    actor = Actor.staff(roads_officer)
    lifecycle.transition(case, "note", actor, note=NOTE)
    lifecycle.transition(case, "resolve", actor, public_text="Filled", note=NOTE)
    return case


def test_it_never_shows_contact_details_or_internal_notes(client, reported):
    for body in _public_bodies(client, reported):
        text = body.decode()
        assert reported.reference in text
        for secret in [*PERSONAL, NOTE]:
            assert secret not in text


@pytest.fixture
def noise(make_case):
    lat, lon = citydata.INSIDE_WEST_S
    case = make_case(service_code="noise", attributes={"source": "music_party"},
                     description="Flat 3B at 12 Heping Rd plays music all night",
                     lat=lat, lon=lon, address="12 Heping Rd, Flat 3B", address_id="HP-12-3B")
    CaseMedia.objects.create(case=case, kind=MediaKind.AFTER, public=True,
                             url="https://img.example/door.jpg", created_at=timezone.now())
    return case


def test_it_hides_the_place_and_description_of_sensitive_reports_in_json(client, noise):
    for ext in ("false", "true"):
        [request] = json_of(client.get(f"{BASE}/requests.json", {"extensions": ext}))
        for hidden in ("lat", "long", "address", "address_id", "media_url"):
            assert hidden not in request
        assert request["description"] == ""
        assert request["service_code"] == "noise"
        assert request["status"] == "open"
    assert request["extended_attributes"]["photos"] == []
    assert request["extended_attributes"]["area"] == "west_s"


def test_it_hides_the_place_and_description_of_sensitive_reports_in_xml(client, noise):
    for url in (f"{BASE}/requests.xml", f"{BASE}/requests/{noise.reference}.xml"):
        body = client.get(url, {"extensions": "true"}).content
        request = xml_of(body)[0]
        for hidden in ("lat", "long", "address", "address_id", "media_url"):
            assert request.find(hidden) is None
        assert child(request, "description").text is None
        for secret in ("Heping", "HP-12-3B", "door.jpg", str(noise.lat), str(noise.lon)):
            assert secret.encode() not in body


def test_it_shows_no_photos_of_sensitive_reports_in_updates(client, noise, roads_officer):
    photo = CaseMedia.objects.get(case=noise)
    lifecycle.transition(noise, "resolve", Actor.staff(roads_officer), public_text="Warned",
                         media_ids=[photo.pk])
    start = (timezone.now() - timedelta(hours=1)).isoformat()
    updates = json_of(client.get(f"{BASE}/servicerequestupdates.json", {"start_date": start}))
    assert [u["media_url"] for u in updates] == ["", ""]
    assert updates[1]["description"] == "Warned"
