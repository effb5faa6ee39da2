"""Reopening a finished case, and closing a resolved one."""

from __future__ import annotations

from cityloop.cases.models import Status
from tests.web.staff.helpers import act, page


def test_it_reopens_a_resolved_case_with_a_reason(client_for, roads_officer, roads_case):
    case = roads_case()
    act(case, "resolve", roads_officer, public_text="Done")
    client = client_for(roads_officer)
    assert 'id="form-reopen"' in page(client.get(f"/staff/cases/{case.reference}/"))
    response = client.post(f"/staff/cases/{case.reference}/act/reopen/",
                           {"reopen-reason": "Hole is back", "reopen-public_text": ""})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.REOPENED
    assert case.events.get(action="reopen").data["reason"] == "Hole is back"


def test_it_closes_a_resolved_case(client_for, roads_officer, roads_case):
    case = roads_case()
    act(case, "resolve", roads_officer, public_text="Done")
    response = client_for(roads_officer).post(f"/staff/cases/{case.reference}/act/close/")
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.CLOSED


def test_it_refuses_to_close_an_open_case_with_a_clear_message(client_for, roads_officer,
                                                                roads_case):
    case = roads_case()
    response = client_for(roads_officer).post(f"/staff/cases/{case.reference}/act/close/",
                                              {"close-note": "Please close"})
    assert response.status_code == 409
    html = page(response)
    assert "A case that is new cannot be given the action “close”." in html
    assert "Please close" in html  # the typed note is still in the form
    case.refresh_from_db()
    assert case.status == Status.NEW


def test_it_offers_only_the_actions_the_status_allows(client_for, roads_officer, roads_case):
    case = roads_case()
    html = page(client_for(roads_officer).get(f"/staff/cases/{case.reference}/"))
    assert 'id="form-resolve"' in html and 'id="form-reopen"' not in html
    assert 'id="form-close"' not in html


def test_it_refuses_to_reopen_an_open_case(client_for, roads_officer, roads_case):
    case = roads_case()
    response = client_for(roads_officer).post(f"/staff/cases/{case.reference}/act/reopen/",
                                              {"reopen-reason": "again"})
    assert response.status_code == 409
    assert "cannot be given the action “reopen”" in page(response)
