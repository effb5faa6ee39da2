"""The admin shows an API client's scopes as ticked boxes with what each allows, and saves
them (issue 9, item 2)."""

from __future__ import annotations

from cityloop.cases import apiclients
from cityloop.cases.models import ApiClient
from tests.admin.formdata import form_data


def test_it_shows_and_saves_the_scopes(city, city_admin, client_for):
    api_client, key = ApiClient.create("Neighbourhood app")
    url = f"/admin/cases/apiclient/{api_client.pk}/change/"
    client = client_for(city_admin)
    html = client.get(url).content.decode()
    for scope in ("open311", "sta:read", "sta:write", "warnings:publish", "api:read", "admin"):
        assert f'type="checkbox" name="scopes" value="{scope}"' in html
    assert "read private Things" in html  # what sta:read allows, beside its box
    data = form_data(html, "apiclient_form")
    assert data["scopes"] == "open311"
    data.update(scopes=["sta:write", "sta:read"], departments=[city.departments["water"].pk],
                rate_limit="30", _save="Save")
    assert client.post(url, data).status_code == 302
    api_client.refresh_from_db()
    assert api_client.scopes == ["sta:read", "sta:write"]
    assert api_client.department_codes() == frozenset({"water"})
    assert api_client.rate_limit == 30
    authenticated = apiclients.authenticate(key)  # as every process would
    assert authenticated is not None and authenticated.scopes == ["sta:read", "sta:write"]


def test_departments_need_sta_write(city, city_admin, client_for):
    api_client, _key = ApiClient.create("Neighbourhood app")
    url = f"/admin/cases/apiclient/{api_client.pk}/change/"
    client = client_for(city_admin)
    data = form_data(client.get(url).content.decode(), "apiclient_form")
    data.update(departments=[city.departments["water"].pk], _save="Save")
    answer = client.post(url, data)
    assert answer.status_code == 200 and "tick sta:write" in answer.content.decode()
    assert not api_client.departments.exists()


def test_the_scopes_are_explained_in_chinese(city, city_admin, client_for):
    api_client, _key = ApiClient.create("Neighbourhood app")
    html = client_for(city_admin, "zh-hans").get(
        f"/admin/cases/apiclient/{api_client.pk}/change/").content.decode()
    assert 'value="sta:read"' in html and "私有" in html
