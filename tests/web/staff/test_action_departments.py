"""Forwarding to another department and co-handling with one."""

from __future__ import annotations

from cityloop.cases.models import Status
from tests.web.staff.helpers import page


def post(client, case, action, data):
    return client.post(f"/staff/cases/{case.reference}/act/{action}/", data)


def test_a_supervisor_forwards_a_case_to_another_department(client_for, roads_supervisor,
                                                            east_case, city):
    case = east_case()
    water = city.departments["water"]
    response = post(client_for(roads_supervisor), case, "forward",
                    {"forward-department": str(water.pk), "forward-note": "It is a drain"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.department, case.status) == (water, Status.NEW)


def test_an_officer_forwards_within_their_own_tree_only(client_for, roads_officer, roads_case,
                                                        city):
    case = roads_case()
    client = client_for(roads_officer)
    outside = post(client, case, "forward",
                   {"forward-department": str(city.departments["water"].pk)})
    assert outside.status_code == 403
    assert "Only a supervisor can forward" in page(outside)
    inside = post(client, case, "forward",
                  {"forward-department": str(city.departments["roads_east"].pk)})
    assert inside.status_code == 302
    case.refresh_from_db()
    assert case.department == city.departments["roads_east"]


def test_it_adds_a_co_handling_department(client_for, roads_officer, roads_case, city):
    case = roads_case()
    water = city.departments["water"]
    response = post(client_for(roads_officer), case, "join", {"join-department": str(water.pk)})
    assert response.status_code == 302
    assert list(case.co_departments.all()) == [water]
    html = page(client_for(roads_officer).get(f"/staff/cases/{case.reference}/"))
    assert "(co-handling)" in html


def test_it_says_so_when_the_department_already_handles_it(client_for, roads_officer,
                                                           roads_case, city):
    case = roads_case()
    water = city.departments["water"]
    client = client_for(roads_officer)
    post(client, case, "join", {"join-department": str(water.pk)})
    again = post(client, case, "join", {"join-department": str(water.pk)})
    assert again.status_code == 409
    assert "already handles this case" in page(again)
