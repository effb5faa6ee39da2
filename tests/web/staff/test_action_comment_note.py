"""Public updates and internal notes: clearly different, and each recorded as such."""

from __future__ import annotations

from cityloop.cases.models import CaseEvent
from tests.web.staff.helpers import page


def post(client, case, action, data):
    return client.post(f"/staff/cases/{case.reference}/act/{action}/", data)


def test_it_publishes_a_public_update(client_for, roads_officer, roads_case):
    case = roads_case()
    response = post(client_for(roads_officer), case, "comment",
                    {"comment-public_text": "Crew booked for Tuesday"})
    assert response.status_code == 302
    assert response["Location"] == f"/staff/cases/{case.reference}/"
    event = CaseEvent.objects.get(case=case, action="comment")
    assert (event.public_text, event.internal_note) == ("Crew booked for Tuesday", "")
    assert event.actor_user == roads_officer


def test_it_adds_an_internal_note(client_for, roads_officer, roads_case):
    case = roads_case()
    post(client_for(roads_officer), case, "note", {"note-note": "Needs a closure permit"})
    event = CaseEvent.objects.get(case=case, action="note")
    assert (event.public_text, event.internal_note) == ("", "Needs a closure permit")
    assert not event.is_public


def test_the_two_forms_are_clearly_different(client_for, roads_officer, roads_case):
    html = page(client_for(roads_officer).get(f"/staff/cases/{roads_case().reference}/"))
    assert 'id="form-comment"' in html and 'id="form-note"' in html
    assert "Public: the reporter is told" in html and "Staff only" in html
    assert 'id="id_comment-public_text"' in html and 'id="id_note-note"' in html


def test_it_refuses_an_empty_update_and_says_why(client_for, roads_officer, roads_case):
    case = roads_case()
    response = post(client_for(roads_officer), case, "comment", {"comment-public_text": "  "})
    assert response.status_code == 400
    assert 'data-testid="error-summary"' in page(response)
    assert not CaseEvent.objects.filter(case=case, action="comment").exists()


def test_it_lets_an_operator_annotate_any_case(client_for, operator, water_case):
    case = water_case()
    client = client_for(operator)
    assert post(client, case, "note", {"note-note": "Caller rang again"}).status_code == 302
    assert post(client, case, "comment", {"comment-public_text": "Thanks"}).status_code == 302
    assert CaseEvent.objects.filter(case=case, action__in=["note", "comment"]).count() == 2


def test_it_works_in_chinese(client_for, roads_officer, roads_case):
    case = roads_case()
    response = post(client_for(roads_officer, "zh-hans"), case, "note", {"note-note": "需要封路"})
    assert response.status_code == 302
    assert CaseEvent.objects.get(case=case, action="note").internal_note == "需要封路"
