"""A point outside the city: refused with a clear message next to the map, and the pin
check (/report/where) says so before the citizen writes everything."""

from __future__ import annotations

from cityloop.cases.models import Case
from tests import citydata
from tests.web.citizen.conftest import EN, ZH


def test_it_refuses_a_report_outside_the_city(client, city, post_report):
    lat, lon = citydata.OUTSIDE
    response = post_report(lat=str(lat), lon=str(lon))
    assert response.status_code == 400
    assert not Case.objects.exists()
    html = response.content.decode()
    assert 'data-testid="location-error"' in html
    assert "outside the area the city looks after" in html
    # Next to the map: inside the location fieldset, before the map.
    assert html.index('data-testid="location-error"') < html.index('id="report-map"')


def test_it_names_the_place_of_a_pin_inside_the_city(client, city):
    lat, lon = citydata.INSIDE_EAST_S
    data = client.get(f"/report/where?lat={lat}&lon={lon}", **EN).json()
    assert data["ok"] is True
    assert data["place"] == "East S Street, East District"


def test_it_names_the_place_in_chinese(client, city):
    lat, lon = citydata.INSIDE_WEST_S
    data = client.get(f"/report/where?lat={lat}&lon={lon}", **ZH).json()
    assert "西区" in data["place"]
    # Chinese names are joined with a full-width comma, as the place search does.
    assert "，" in data["place"] and ", " not in data["place"]


def test_it_warns_about_a_pin_outside_the_city(client, city):
    lat, lon = citydata.OUTSIDE
    response = client.get(f"/report/where?lat={lat}&lon={lon}", **EN)
    assert response.status_code == 200
    data = response.json()
    assert data["ok"] is False
    assert data["code"] == "outside_city"
    assert "outside the area the city looks after" in data["message"]


def test_it_refuses_a_position_that_is_not_a_number(client, city):
    response = client.get("/report/where?lat=north&lon=106.5", **EN)
    assert response.status_code == 400
    assert response.json()["ok"] is False
