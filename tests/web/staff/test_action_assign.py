"""Assigning: to me or a colleague of the handling departments; reassigning is for supervisors."""

from __future__ import annotations

from cityloop.cases.models import Status
from tests.web.staff.helpers import act, actions_of, page


def assign(client, case, user):
    return client.post(f"/staff/cases/{case.reference}/act/assign/",
                       {"assign-assignee": str(user.pk)})


def test_it_assigns_a_case_to_me(client_for, roads_officer, roads_case):
    case = roads_case()
    client = client_for(roads_officer)
    assert 'data-testid="assign-me"' in page(client.get(f"/staff/cases/{case.reference}/"))
    assert assign(client, case, roads_officer).status_code == 302
    case.refresh_from_db()
    assert (case.status, case.assignee) == (Status.ASSIGNED, roads_officer)


def test_it_assigns_to_a_colleague_of_the_department(client_for, roads_officer, roads_supervisor,
                                                    roads_case):
    case = roads_case()
    assign(client_for(roads_officer), case, roads_supervisor)
    case.refresh_from_db()
    assert case.assignee == roads_supervisor


def test_it_offers_only_colleagues_of_the_handling_departments(client_for, roads_officer,
                                                               water_officer, roads_case):
    case = roads_case()
    html = page(client_for(roads_officer).get(f"/staff/cases/{case.reference}/"))
    assert "Bob" not in html.split('id="id_assign-assignee"')[1].split("</select>")[0]
    response = assign(client_for(roads_officer), case, water_officer)
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.assignee is None


def test_an_officer_cannot_take_a_colleagues_case(client_for, roads_officer, roads_supervisor,
                                                 roads_case):
    case = roads_case()
    act(case, "assign", roads_supervisor, assignee=roads_supervisor)
    response = assign(client_for(roads_officer), case, roads_officer)
    assert response.status_code == 403
    assert "only a supervisor can reassign it" in page(response)
    case.refresh_from_db()
    assert case.assignee == roads_supervisor


def test_a_supervisor_reassigns(client_for, roads_officer, roads_supervisor, roads_case):
    case = roads_case()
    act(case, "assign", roads_officer, assignee=roads_officer)
    assert assign(client_for(roads_supervisor), case, roads_supervisor).status_code == 302
    case.refresh_from_db()
    assert case.assignee == roads_supervisor


def test_it_starts_work(client_for, roads_officer, roads_case):
    case = roads_case()
    response = client_for(roads_officer).post(f"/staff/cases/{case.reference}/act/start/")
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.assignee) == (Status.IN_PROGRESS, roads_officer)


def test_an_officer_cannot_start_a_colleagues_case(client_for, roads_officer, roads_supervisor,
                                                  roads_case):
    case = roads_case()
    act(case, "assign", roads_supervisor, assignee=roads_supervisor)
    response = client_for(roads_officer).post(f"/staff/cases/{case.reference}/act/start/")
    assert response.status_code == 403
    assert actions_of(case) == ["create", "assign"]
