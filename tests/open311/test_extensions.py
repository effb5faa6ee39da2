"""extensions=true: the detailed status, the department, photos and the public timeline."""

from __future__ import annotations

from django.utils import timezone

from cityloop.cases import lifecycle
from cityloop.cases.actors import Actor
from cityloop.cases.models import CaseMedia, MediaKind
from tests.open311.conftest import BASE, child, children, json_of, xml_of
from tests.open311.test_get_requests import REQUEST_FIELDS

EXTENDED_FIELDS = [
    "reference", "channel", "detailed_status", "priority", "department", "area", "photos",
]
NOTE_FIELDS = ["datetime", "status", "detailed_status", "description", "action"]


def _worked(case, officer):
    actor = Actor.staff(officer)
    lifecycle.transition(case, "assign", actor, assignee=officer)
    lifecycle.transition(case, "note", actor, note="Check the contractor's invoice")
    lifecycle.transition(case, "comment", actor, public_text="Crew booked for Monday")
    CaseMedia.objects.create(case=case, kind=MediaKind.AFTER, url="https://img.example/after.jpg",
                             public=True, created_at=timezone.now())
    lifecycle.transition(case, "resolve", actor, public_text="Filled and sealed")
    return case


def test_it_adds_extended_attributes_and_notes_in_json(client, case, roads_officer):
    _worked(case, roads_officer)
    [request] = json_of(client.get(f"{BASE}/requests.json", {"extensions": "true"}))
    assert list(request) == [*REQUEST_FIELDS, "extended_attributes", "notes"]
    extended = request["extended_attributes"]
    assert list(extended) == EXTENDED_FIELDS
    assert extended == {
        "reference": case.reference,
        "channel": "web",
        "detailed_status": "resolved",
        "priority": "normal",
        "department": "roads_east",
        "area": "east_s",
        "photos": ["https://img.example/after.jpg"],
    }
    notes = request["notes"]
    assert [list(n) for n in notes] == [NOTE_FIELDS] * 4
    assert [(n["action"], n["status"], n["detailed_status"], n["description"]) for n in notes] == [
        ("create", "open", "new", ""),
        ("assign", "open", "assigned", ""),
        ("comment", "open", "assigned", "Crew booked for Monday"),
        ("resolve", "closed", "resolved", "Filled and sealed"),
    ]
    assert notes[0]["datetime"].endswith("+00:00")


def test_it_shows_the_rating_once_rated(client, case, roads_officer):
    _worked(case, roads_officer)
    lifecycle.transition(case, "rate", Actor.citizen(), rating=5)
    [request] = json_of(client.get(f"{BASE}/requests/{case.reference}.json",
                                   {"extensions": "true"}))
    assert request["extended_attributes"]["rating"] == 5
    assert request["extended_attributes"]["detailed_status"] == "closed"


def test_it_nests_extensions_as_elements_in_xml(client, case, roads_officer):
    _worked(case, roads_officer)
    root = xml_of(client.get(f"{BASE}/requests/{case.reference}.xml", {"extensions": "1"}))
    request = root[0]
    assert children(request) == [*REQUEST_FIELDS, "extended_attributes", "notes"]
    extended = child(request, "extended_attributes")
    assert children(extended) == EXTENDED_FIELDS
    assert extended.findtext("department") == "roads_east"
    assert [p.tag for p in child(extended, "photos")] == ["photo"]
    assert child(extended, "photos")[0].text == "https://img.example/after.jpg"
    notes = child(request, "notes")
    assert {n.tag for n in notes} == {"note"}
    assert [children(n) for n in notes] == [NOTE_FIELDS] * 4
    assert notes[3].findtext("description") == "Filled and sealed"


def test_it_gives_an_empty_area_for_a_case_without_a_place(client, make_case):
    make_case(lat=None, lon=None, address="Near the old bridge")
    [request] = json_of(client.get(f"{BASE}/requests.json", {"extensions": "true"}))
    assert request["extended_attributes"]["area"] is None
    assert request["lat"] is None
    root = xml_of(client.get(f"{BASE}/requests.xml", {"extensions": "true"}))
    assert child(root[0], "extended_attributes/area").text is None


def test_it_adds_nothing_without_extensions(client, case):
    for value in (None, "false", "0"):
        params = {"extensions": value} if value else {}
        [request] = json_of(client.get(f"{BASE}/requests.json", params))
        assert list(request) == REQUEST_FIELDS
