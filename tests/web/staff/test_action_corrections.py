"""Changing category, location or priority: each with its reason recorded."""

from __future__ import annotations

from cityloop.cases.models import CaseEvent
from tests import citydata
from tests.web.staff.helpers import page


def post(client, case, action, data):
    return client.post(f"/staff/cases/{case.reference}/act/{action}/", data)


def test_it_changes_the_category_with_the_reason(client_for, roads_supervisor, east_case, city):
    case = east_case()
    response = post(client_for(roads_supervisor), case, "recategorise", {
        "recategorise-category": "footpath", "recategorise-note": "It is on the pavement"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.category.service_code == "footpath"
    event = CaseEvent.objects.get(case=case, action="recategorise")
    assert event.internal_note == "It is on the pavement"
    assert event.data["from_category"] == "pothole"


def test_it_needs_a_reason_to_change_the_category(client_for, roads_supervisor, east_case):
    case = east_case()
    response = post(client_for(roads_supervisor), case, "recategorise",
                    {"recategorise-category": "footpath"})
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.category.service_code == "pothole"


def test_it_moves_the_case_with_the_reason(client_for, roads_supervisor, east_case, city):
    case = east_case()
    lat, lon = citydata.INSIDE_WEST_N
    response = post(client_for(roads_supervisor), case, "relocate", {
        "relocate-lat": lat, "relocate-lon": lon, "relocate-note": "Caller gave the wrong side"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.lat, case.lon) == (lat, lon)
    assert case.department == city.departments["roads_west_n"]  # routed again
    assert case.address == ""  # kept: it had none


def test_it_refuses_a_place_outside_the_city(client_for, roads_supervisor, east_case):
    case = east_case()
    lat, lon = citydata.OUTSIDE
    response = post(client_for(roads_supervisor), case, "relocate", {
        "relocate-lat": lat, "relocate-lon": lon, "relocate-note": "moved"})
    assert response.status_code == 409
    assert "outside the area the city looks after" in page(response)


def test_it_changes_the_priority_with_the_reason(client_for, roads_officer, roads_case):
    case = roads_case()
    response = post(client_for(roads_officer), case, "set_priority",
                    {"set_priority-priority": "urgent", "set_priority-note": "School nearby"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.priority == "urgent"
    event = CaseEvent.objects.get(case=case, action="set_priority")
    assert event.internal_note == "School nearby"
    assert "School nearby" in page(client_for(roads_officer).get(f"/staff/cases/{case.reference}/"))


def test_it_needs_a_reason_to_change_the_priority(client_for, roads_officer, roads_case):
    case = roads_case()
    response = post(client_for(roads_officer), case, "set_priority",
                    {"set_priority-priority": "urgent"})
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.priority != "urgent"
