"""Who sees and does what: the persona tests of the staff console.

- alice_roads, officer of the roads bureau: roads' cases only;
- bob_water, officer of the water bureau: must never see or touch roads' cases;
- carol_roads, supervisor of roads: the whole roads tree, reassigns;
- dave_operator: sees every case, files cases, never works them.
"""

from __future__ import annotations

from cityloop.cases.models import Status
from tests.web.staff.helpers import act, actions_of, page


def test_an_officer_cannot_see_another_departments_case(client_for, roads_officer, water_case):
    case = water_case()
    client = client_for(roads_officer)
    assert client.get(f"/staff/cases/{case.reference}/").status_code == 404
    assert case.reference not in page(client.get("/staff/?filtered=1"))
    assert client.get("/staff/points.json?filtered=1").json()["points"] == []
    assert f'data-reference="{case.reference}"' not in page(
        client.get(f"/staff/?q={case.reference}"))


def test_an_officer_cannot_act_on_another_departments_case(client_for, roads_officer,
                                                           water_case):
    case = water_case()
    client = client_for(roads_officer)
    for action, data in (("assign", {"assign-assignee": roads_officer.pk}),
                         ("comment", {"comment-public_text": "hi"}),
                         ("resolve", {"resolve-public_text": "done"}),
                         ("note", {"note-note": "x"})):
        response = client.post(f"/staff/cases/{case.reference}/act/{action}/", data)
        assert response.status_code == 404, action
    assert actions_of(case) == ["create"]


def test_an_officer_cannot_see_the_units_of_their_bureau_without_supervising(
        client_for, roads_officer, east_case):
    case = east_case()  # with the roads east office, not the bureau alice works in
    assert client_for(roads_officer).get(f"/staff/cases/{case.reference}/").status_code == 404


def test_a_supervisor_works_the_cases_of_the_district_units(client_for, roads_supervisor,
                                                            roads_officer, east_case):
    case = east_case()
    client = client_for(roads_supervisor)
    assert client.get(f"/staff/cases/{case.reference}/").status_code == 200
    assert case.reference in page(client.get("/staff/"))
    act(case, "assign", roads_supervisor, assignee=roads_supervisor)
    response = client.post(f"/staff/cases/{case.reference}/act/resolve/",
                           {"resolve-public_text": "Patched"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.RESOLVED


def test_a_supervisor_cannot_see_other_bureaus(client_for, roads_supervisor, water_case):
    case = water_case()
    assert client_for(roads_supervisor).get(f"/staff/cases/{case.reference}/").status_code == 404


def test_an_operator_sees_every_case_but_cannot_work_them(client_for, operator, city_admin,
                                                          water_case, east_case):
    water, pothole = water_case(), east_case()
    client = client_for(operator)
    listing = page(client.get("/staff/"))
    assert water.reference in listing and pothole.reference in listing
    html = page(client.get(f"/staff/cases/{water.reference}/"))
    assert 'id="form-note"' in html and 'id="form-comment"' in html
    for form in ("form-assign", "form-resolve", "form-reject", "form-forward", "assign-me"):
        assert f'id="{form}"' not in html, form
    for action, data in (("assign", {"assign-assignee": operator.pk}),
                         ("resolve", {"resolve-public_text": "done"}),
                         ("reject", {"reject-reason": "invalid", "reject-public_text": "no"}),
                         ("start", {})):
        response = client.post(f"/staff/cases/{water.reference}/act/{action}/", data)
        assert response.status_code == 403, action
        assert "Operators file and annotate cases" in page(response)
    act(water, "resolve", city_admin, public_text="x")
    response = client.post(f"/staff/cases/{water.reference}/act/close/")
    assert response.status_code == 403
    assert actions_of(water) == ["create", "resolve"]


def test_an_admin_sees_and_works_everything(client_for, city_admin, water_case):
    case = water_case()
    response = client_for(city_admin).post(f"/staff/cases/{case.reference}/act/assign/",
                                           {"assign-assignee": city_admin.pk})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.assignee == city_admin
