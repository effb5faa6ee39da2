"""An independent client library (georeport) against the real server over HTTP.

The server runs in a thread (pytest-django's ``live_server``), so these
tests use a transactional database. georeport cannot POST, so reports are
posted with ``requests``, form-encoded, as a client app would.
"""

from __future__ import annotations

import pytest
import requests
from georeport import GeoReport

from cityloop.cases.models import Case
from tests import citydata

pytestmark = pytest.mark.usefixtures("transactional_db")


@pytest.fixture
def root(live_server, city):
    return f"{live_server.url}/open311/v2"


def _post(root, key, fmt="json", **fields):
    lat, lon = citydata.INSIDE_EAST_S
    data = {"api_key": key, "service_code": "pothole", "lat": str(lat), "long": str(lon),
            "description": "Pothole <by> the school & the bus stop", **fields}
    return requests.post(f"{root}/requests.{fmt}", data=data, timeout=10)


def test_it_creates_and_reads_back_a_request_in_json(root, key):
    response = _post(root, key, email="mei@example.org", **{"attribute[size]": "medium"})
    assert response.status_code == 200, response.text
    [created] = response.json()
    api = GeoReport(root, jurisdiction="testcity.example")
    request = api.get_service_request(created["service_request_id"])
    case = Case.objects.get()
    assert request["service_request_id"] == case.reference
    assert request["description"] == "Pothole <by> the school & the bus stop"
    assert (request["lat"], request["long"]) == (case.lat, case.lon)
    assert request["status"] == "open"
    listed = api.get_service_requests(service_code="pothole", status="open")
    assert [r["service_request_id"] for r in listed] == [case.reference]
    assert "mei@example.org" not in str(listed)


def test_it_creates_and_reads_back_requests_in_xml(root, key):
    response = _post(root, key, "xml")
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == "text/xml; charset=utf-8"
    assert _post(root, key, "xml", description="Second").status_code == 200
    api = GeoReport(root, output_format="xml")
    listed = api.get_service_requests(status="open,closed")
    first, second = Case.objects.order_by("created_at")
    assert [r["service_request_id"] for r in listed] == [second.reference, first.reference]
    assert listed[1]["description"] == "Pothole <by> the school & the bus stop"
    assert float(listed[1]["lat"]) == first.lat
    one = api.get_service_request(first.reference)
    assert one["service_code"] == "pothole"
    assert one["agency_responsible"] == "Roads East Office"


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_it_serves_the_service_list_and_definitions(root, fmt):
    api = GeoReport(root, output_format=fmt)
    services = api.get_service_list()
    pothole = next(s for s in services if s["service_code"] == "pothole")
    assert pothole["service_name"] == "Pothole"
    assert str(pothole["metadata"]).lower() == "true"
    definition = api.get_service_definition("pothole")
    assert definition["service_code"] == "pothole"
    attributes = definition["attributes"]
    if fmt == "xml":  # xmltodict keeps the element of each item
        attributes = attributes["attribute"]
    size = attributes[0]
    assert size["code"] == "size"
    values = size["values"] if fmt == "json" else size["values"]["value"]
    assert [v["key"] for v in values] == ["small", "medium", "large"]


def test_it_refuses_a_bad_post_over_http(root, key):
    response = _post(root, key, lat="200")
    assert response.status_code == 400
    assert response.json() == [{"code": 400, "description": "lat must be between -90 and 90."}]
    response = _post(root, "cl_wrong", "xml")
    assert response.status_code == 403
    assert b"<errors><error><code>403</code>" in response.content
    assert not Case.objects.exists()


def test_it_answers_an_unknown_request_with_404(root):
    api = GeoReport(root)
    with pytest.raises(requests.HTTPError) as raised:
        api.get_service_request("2026-999999")
    assert raised.value.response.status_code == 404
