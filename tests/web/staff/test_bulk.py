"""Bulk actions: each selected case on its own, with a summary of what happened."""

from __future__ import annotations

from cityloop.cases.models import Status
from tests.web.staff.helpers import act, page


def bulk(client, refs, action, **choices):
    return client.post("/staff/bulk/", {"case": refs, "action": action,
                                        "back": "/staff/?filtered=1", **choices})


def test_the_queue_has_checkboxes_and_select_all(client_for, roads_officer, roads_case):
    case = roads_case()
    html = page(client_for(roads_officer).get("/staff/"))
    assert 'id="select-all"' in html
    assert f'name="case" value="{case.reference}"' in html
    assert 'id="bulk-action"' in html


def test_it_assigns_every_selected_case_to_me(client_for, roads_officer, roads_case):
    cases = [roads_case(), roads_case()]
    response = bulk(client_for(roads_officer), [c.reference for c in cases], "assign",
                    assignee="me")
    assert response.status_code == 200
    assert "2 done, 0 refused." in page(response)
    for case in cases:
        case.refresh_from_db()
        assert (case.status, case.assignee) == (Status.ASSIGNED, roads_officer)


def test_it_reports_refusals_case_by_case(client_for, roads_officer, roads_supervisor,
                                          roads_case, water_case):
    free, held, hidden = roads_case(), roads_case(), water_case()
    act(held, "assign", roads_supervisor, assignee=roads_supervisor)
    response = bulk(client_for(roads_officer), [free.reference, held.reference,
                                                hidden.reference], "assign", assignee="me")
    html = page(response)
    assert "1 done, 2 refused." in html
    refused = html.split('data-testid="bulk-refused"')[1]
    assert held.reference in refused and "only a supervisor can reassign it" in refused
    assert hidden.reference in refused and "No such case that you can see." in refused
    hidden.refresh_from_db()
    assert hidden.assignee is None and hidden.status == Status.NEW


def test_it_forwards_the_selected_cases(client_for, roads_supervisor, east_case, city):
    cases = [east_case(), east_case()]
    response = bulk(client_for(roads_supervisor), [c.reference for c in cases], "forward",
                    department="water")
    assert "2 done, 0 refused." in page(response)
    for case in cases:
        case.refresh_from_db()
        assert case.department == city.departments["water"]


def test_it_closes_the_selected_cases_as_duplicates(client_for, roads_officer, roads_case):
    original, first, second = roads_case(), roads_case(), roads_case()
    response = bulk(client_for(roads_officer), [first.reference, second.reference,
                                                original.reference], "mark_duplicate",
                    original=original.reference)
    html = page(response)
    assert "2 done, 1 refused." in html and "This is the original case." in html
    for case in (first, second):
        case.refresh_from_db()
        assert (case.status, case.duplicate_of) == (Status.DUPLICATE, original)


def test_a_refused_case_does_not_stop_the_others(client_for, roads_officer, roads_case):
    done, open_case = roads_case(), roads_case()
    act(done, "reject", roads_officer, reason="invalid")
    html = page(bulk(client_for(roads_officer), [done.reference, open_case.reference],
                     "assign", assignee="me"))
    assert "1 done, 1 refused." in html
    assert "cannot be given the action" in html


def test_it_needs_a_selection_and_an_action(client_for, roads_officer, roads_case):
    client = client_for(roads_officer)
    response = client.post("/staff/bulk/", {"action": "assign", "back": "/staff/"}, follow=True)
    assert "Select at least one case." in page(response)
    response = client.post("/staff/bulk/", {"case": [roads_case().reference], "action": "",
                                            "back": "/staff/"}, follow=True)
    assert "Choose what to do with the selected cases." in page(response)


def test_it_never_goes_back_to_another_site(client_for, roads_officer):
    response = client_for(roads_officer).post("/staff/bulk/", {
        "action": "assign", "back": "https://evil.example/"})
    assert response["Location"] == "/staff/"


def test_an_operator_gets_no_bulk_actions(client_for, operator, roads_case):
    case = roads_case()
    client = client_for(operator)
    assert 'id="bulk-action"' not in page(client.get("/staff/"))
    html = page(bulk(client, [case.reference], "assign", assignee="me"))
    assert "0 done, 1 refused." in html


def test_it_summarises_in_chinese(client_for, roads_officer, roads_case):
    response = bulk(client_for(roads_officer, "zh-hans"), [roads_case().reference], "assign",
                    assignee="me")
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in page(response)
