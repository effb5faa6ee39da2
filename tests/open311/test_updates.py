"""servicerequestupdates (FixMyStreet's extension): public updates in a period."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from cityloop.cases import lifecycle
from cityloop.cases.actors import Actor
from cityloop.cases.models import CaseEvent, CaseMedia, MediaKind
from tests.open311.conftest import BASE, children, descriptions, json_of, xml_of

UPDATE_FIELDS = [
    "update_id", "service_request_id", "status", "updated_datetime", "description",
    "media_url", "external_status_code",
]


def _since(minutes=10):
    return (timezone.now() - timedelta(minutes=minutes)).isoformat()


def test_it_lists_public_updates_oldest_first_in_json(client, case, roads_officer):
    actor = Actor.staff(roads_officer)
    lifecycle.transition(case, "note", actor, note="Internal: contractor slow")
    lifecycle.transition(case, "comment", actor, public_text="Crew booked")
    photo = CaseMedia.objects.create(case=case, kind=MediaKind.AFTER, public=True,
                                     url="https://img.example/fixed.jpg",
                                     created_at=timezone.now())
    resolve = lifecycle.transition(case, "resolve", actor, public_text="Fixed",
                                   media_ids=[photo.pk])
    updates = json_of(client.get(f"{BASE}/servicerequestupdates.json",
                                 {"start_date": _since()}))
    assert [list(u) for u in updates] == [UPDATE_FIELDS] * 3
    assert [(u["status"], u["external_status_code"], u["description"]) for u in updates] == [
        ("open", "new", ""),
        ("open", "new", "Crew booked"),
        ("closed", "resolved", "Fixed"),
    ]
    assert updates[2]["update_id"] == str(resolve.pk)
    assert updates[2]["service_request_id"] == case.reference
    assert updates[2]["media_url"] == "https://img.example/fixed.jpg"
    assert updates[2]["updated_datetime"].endswith("+00:00")
    assert "Internal" not in str(updates)


def test_it_lists_updates_in_xml(client, case):
    root = xml_of(client.get(f"{BASE}/servicerequestupdates.xml", {"start_date": _since()}))
    assert root.tag == "service_requests_updates"
    [update] = root
    assert update.tag == "request_update"
    assert children(update) == UPDATE_FIELDS
    assert update.findtext("service_request_id") == case.reference


def test_it_keeps_to_the_period(client, make_case):
    now = timezone.now()
    old = make_case(now=now - timedelta(days=30))
    make_case(now=now)
    start = (now - timedelta(days=31)).isoformat()
    end = (now - timedelta(days=29)).isoformat()
    updates = json_of(client.get(f"{BASE}/servicerequestupdates.json",
                                 {"start_date": start, "end_date": end}))
    assert [u["service_request_id"] for u in updates] == [old.reference]


def test_it_pages_through_updates(client, make_case):
    for _ in range(3):
        make_case()
    ids = [str(pk) for pk in CaseEvent.objects.order_by("at", "id").values_list("pk", flat=True)]
    url = f"{BASE}/servicerequestupdates.json"
    first = json_of(client.get(url, {"start_date": _since(), "page_size": "2"}))
    second = json_of(client.get(url, {"start_date": _since(), "page_size": "2", "page": "2"}))
    assert [u["update_id"] for u in first + second] == ids


def test_it_needs_a_start_date_and_at_most_90_days(client, case):
    url = f"{BASE}/servicerequestupdates.xml"
    response = client.get(url)
    assert response.status_code == 400
    assert "start_date is required" in descriptions(response)
    response = client.get(url, {"start_date": "2026-01-01", "end_date": "2026-06-01"})
    assert response.status_code == 400
    assert "at most 90 days apart" in descriptions(response)
    response = client.get(url, {"start_date": "2026-01-01", "end_date": "2025-06-01"})
    assert "end_date is before start_date" in descriptions(response)
    response = client.get(url, {"start_date": "whenever"})
    assert "start_date is not a date and time in W3C format" in descriptions(response)
