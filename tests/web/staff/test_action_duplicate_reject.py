"""Closing a case as a duplicate (followers merge) or rejecting it with a reason."""

from __future__ import annotations

from cityloop.cases.contacts import ContactInfo
from cityloop.cases.models import RejectReason, Status
from tests.web.staff.helpers import page


def post(client, case, action, data):
    return client.post(f"/staff/cases/{case.reference}/act/{action}/", data)


def test_it_marks_a_duplicate_and_merges_the_followers(client_for, roads_officer, roads_case):
    original = roads_case(contact=ContactInfo(email="first@example.org"))
    duplicate = roads_case(contact=ContactInfo(email="second@example.org"))
    response = post(client_for(roads_officer), duplicate, "mark_duplicate",
                    {"mark_duplicate-original": original.reference})
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.duplicate_of) == (Status.DUPLICATE, original)
    assert sorted(original.contacts.values_list("email", flat=True)) == [
        "first@example.org", "second@example.org"]


def test_it_refuses_an_original_the_user_cannot_see(client_for, roads_officer, roads_case,
                                                    water_case):
    duplicate, hidden = roads_case(), water_case()
    response = post(client_for(roads_officer), duplicate, "mark_duplicate",
                    {"mark_duplicate-original": hidden.reference})
    assert response.status_code == 400
    assert "No other case with this reference that you can see." in page(response)
    duplicate.refresh_from_db()
    assert duplicate.status == Status.NEW


def test_it_rejects_with_a_reason_and_a_public_explanation(client_for, roads_officer, roads_case):
    case = roads_case()
    response = post(client_for(roads_officer), case, "reject", {
        "reject-reason": "not_our_responsibility",
        "reject-public_text": "This road belongs to the province."})
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.reject_reason) == (Status.REJECTED,
                                                 RejectReason.NOT_OUR_RESPONSIBILITY)
    assert case.events.get(action="reject").public_text == "This road belongs to the province."


def test_it_needs_the_reason_and_the_explanation(client_for, roads_officer, roads_case):
    case = roads_case()
    response = post(client_for(roads_officer), case, "reject", {"reject-public_text": "No."})
    assert response.status_code == 400
    assert "No." in page(response)  # what was typed is still there
    case.refresh_from_db()
    assert case.status == Status.NEW
