"""The admin is for the city's administrators; every other staff persona is
refused there (it applies no per-department rule) and keeps the staff console."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from cityloop.cases.models import Case

REFUSED = ["operator", "roads_officer", "roads_supervisor"]


@pytest.fixture
def water_case(make_case) -> Case:
    """A case of the water bureau: not the roads officer's to read."""
    return make_case(service_code="blocked_drain", description="Drain blocked on Jiefang Rd")


def _pages(case: Case) -> list[str]:
    return ["/admin/", "/admin/cases/case/", f"/admin/cases/case/{case.pk}/change/",
            "/admin/catalogue/servicecategory/"]


@pytest.mark.parametrize("persona", REFUSED)
def test_it_refuses_staff_who_are_not_city_administrators(request, client_for, persona,
                                                         water_case):
    client = client_for(request.getfixturevalue(persona))
    for path in _pages(water_case):
        response = client.get(path)
        html = response.content.decode()
        assert response.status_code == 403, path
        assert "The admin is for the city&#x27;s administrators." in html, path
        assert water_case.reference not in html and "Jiefang" not in html


@pytest.mark.parametrize("persona", REFUSED)
def test_it_leaves_them_the_staff_console(request, client_for, persona):
    response = client_for(request.getfixturevalue(persona)).get("/staff/")
    assert response.status_code == 200


def test_it_refuses_in_chinese_too(client_for, roads_officer, water_case):
    response = client_for(roads_officer, "zh-hans").get("/admin/cases/case/")
    assert response.status_code == 403
    assert "管理后台仅供城市管理员使用。" in response.content.decode()


def test_it_opens_everything_to_a_city_administrator(client_for, city_admin, water_case):
    client = client_for(city_admin)
    for path in _pages(water_case):
        assert client.get(path).status_code == 200, path
    assert water_case.reference in client.get("/admin/cases/case/").content.decode()
    assert client.get("/staff/").status_code == 200


def test_it_sends_strangers_to_the_staff_sign_in_and_back(client, city_admin):
    response = client.get("/admin/cases/case/")
    assert response.status_code == 302
    login = client.get(response["Location"], follow=True)
    assert "/staff/login/" in login.redirect_chain[-1][0]
    assert unquote(login.redirect_chain[-1][0]).endswith("next=/admin/cases/case/")
    signed_in = client.post(login.redirect_chain[-1][0], {
        "username": city_admin.username, "password": "correct horse battery"})
    assert signed_in.status_code == 302 and signed_in["Location"] == "/admin/cases/case/"
    assert client.get("/admin/cases/case/").status_code == 200


def test_an_officer_signing_in_for_the_admin_is_refused_there(client, roads_officer):
    client.post("/staff/login/?next=/admin/", {
        "username": roads_officer.username, "password": "correct horse battery"})
    assert client.get("/admin/").status_code == 403
    assert client.get("/staff/").status_code == 200
