"""Already reported nearby: before a category is chosen, the open public cases around the
pin, whatever their kind; never a sensitive case, never a private sensor's readings."""

from __future__ import annotations

from cityloop.web.citizen import nearby
from tests import citydata
from tests.cases.helpers import act
from tests.web.citizen.conftest import EN
from tests.web.public.test_private_sensor_case import READING, STATION, sensor_case


def _listed(client, code=""):
    lat, lon = citydata.INSIDE_EAST_S
    return client.post("/report/nearby", {"service_code": code, "lat": str(lat + 0.0003),
                                          "lon": str(lon)}, **EN).json()


def test_without_a_category_it_lists_every_open_public_case_nearest_first(client, city,
                                                                           make_case):
    lat, _lon = citydata.INSIDE_EAST_S
    pothole = make_case(lat=lat + 0.0003)
    graffiti = make_case(service_code="graffiti", description="Tags on the bus shelter",
                         attributes={}, lat=lat + 0.0010)
    data = _listed(client)
    assert data["count"] == 2
    html = data["html"]
    assert "Already reported nearby" in html
    assert "marked on the map" in html
    assert html.index(pothole.reference) < html.index(graffiti.reference)
    assert f'href="/cases/{graffiti.reference}/"' in html
    assert "Graffiti" in html  # the kind is named when kinds are mixed
    # With the category chosen, only its cases: "is it the same problem?"
    assert _listed(client, "pothole")["count"] == 1


def test_it_leaves_out_sensitive_closed_and_far_cases(client, city, make_case, roads_officer):
    lat, _lon = citydata.INSIDE_EAST_S
    make_case(service_code="noise", attributes={"source": "construction"},
              description="Drilling at night at number 5")
    rejected = make_case()
    act(rejected, "reject", roads_officer, reason="invalid")
    make_case(lat=lat + 0.01)  # a kilometre away
    data = _listed(client)
    assert data["count"] == 0
    assert "number 5" not in data["html"]


def test_a_private_sensors_case_is_listed_without_its_readings(client, city, make_case):
    case = sensor_case(make_case, public=False)
    html = _listed(client)["html"]
    assert case.reference in html
    assert STATION not in html and READING not in html


def test_the_form_shown_again_lists_them_too(client, city, make_case):
    case = make_case()
    lat, lon = citydata.INSIDE_EAST_S
    found = nearby.open_nearby("", str(lat), str(lon), case.created_at)
    assert [c.reference for c in found] == [case.reference]
    assert nearby.open_nearby("", "", "", case.created_at) == []
    out_lat, out_lon = citydata.OUTSIDE
    assert nearby.open_nearby("", str(out_lat), str(out_lon), case.created_at) == []
