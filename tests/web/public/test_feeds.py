"""Atom feeds: the newest public reports, by area or around a point, and one report's
progress; a bad parameter is a plain 400, an unknown area a 404."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.test import Client

from cityloop.cases import lifecycle
from cityloop.cases.actors import Actor
from tests import citydata
from tests.web.public.conftest import assert_nothing_personal

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(client: Client, url: str) -> list[ET.Element]:
    response = client.get(url)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/atom+xml")
    assert_nothing_personal(response.content.decode())
    found = ET.fromstring(response.content).findall(f"{ATOM}entry")  # noqa: S314  (our own output)
    assert all(entry.find(f"{ATOM}updated") is not None for entry in found)  # RFC 4287 4.1.2
    return ET.fromstring(response.content).findall(f"{ATOM}entry")  # noqa: S314  (our own output)


def titles(found: list[ET.Element]) -> list[str]:
    return [e.findtext(f"{ATOM}title") or "" for e in found]


def test_the_feed_lists_public_reports_newest_first_without_sensitive_ones(client,
                                                                           public_cases):
    found = entries(client, "/cases/feed.atom")
    links = [e.find(f"{ATOM}link").get("href") for e in found]  # type: ignore[union-attr]
    assert links == [f"http://testserver/cases/{public_cases[k].reference}/"
                     for k in ("resolved", "open")]
    assert titles(found) == ["Pothole in West N Street", "Pothole in East S Street"]
    assert public_cases["noise"].reference not in client.get("/cases/feed.atom").content.decode()


def test_the_feed_follows_the_request_language(client, public_cases):
    found = entries(client, "/cases/feed.atom?area=east")
    zh = entries(Client(HTTP_ACCEPT_LANGUAGE="zh-hans"), "/cases/feed.atom?area=east")
    assert titles(found) != titles(zh) and "路面坑洼" in titles(zh)[0]


def test_an_area_filter_takes_the_areas_inside_it(client, public_cases):
    assert len(entries(client, "/cases/feed.atom?area=east")) == 1
    assert len(entries(client, "/cases/feed.atom?area=east_s")) == 1
    assert len(entries(client, "/cases/feed.atom?area=west_n")) == 1
    assert len(entries(client, "/cases/feed.atom?area=testcity")) == 2


def test_a_radius_filter_takes_the_reports_within_it(client, public_cases):
    lat, lon = citydata.INSIDE_EAST_S
    assert len(entries(client, f"/cases/feed.atom?lat={lat}&lon={lon}&radius=300")) == 1
    far = entries(client, f"/cases/feed.atom?lat={lat + 0.01}&lon={lon}&radius=300")
    assert far == []
    # Beyond the cap the answer is the cap's: 2 km does not reach West N (~7 km).
    assert len(entries(client, f"/cases/feed.atom?lat={lat}&lon={lon}&radius=99999")) == 1


@pytest.mark.parametrize(("query", "message"), [
    ("lat=abc&lon=106.5", "lat must be a number"),
    ("lat=29.5", "lat and lon go together"),
    ("lat=95&lon=106.5", "lat must be between"),
    ("lat=29.5&lon=106.5&radius=-4", "radius must be between"),
    ("lat=29.5&lon=nan", "lon must be between"),
    ("area=east&lat=29.5&lon=106.5", "either area or lat"),
])
def test_a_bad_parameter_is_a_plain_400_that_says_which(client, city, query, message):
    response = client.get(f"/cases/feed.atom?{query}")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert message in response.content.decode()


def test_an_unknown_area_is_a_404(client, city):
    response = client.get("/cases/feed.atom?area=atlantis")
    assert response.status_code == 404 and "atlantis" in response.content.decode()


def test_a_reports_feed_is_its_public_timeline(client, make_case):
    case = make_case(description="Pothole outside number 5, call Liu")
    lifecycle.transition(case, "comment", Actor.system("test"), public_text="Crew booked.")
    found = entries(client, f"/cases/{case.reference}/feed.atom")
    assert len(found) == 2 and "Crew booked." in (found[0].findtext(f"{ATOM}summary") or "")
    assert client.get("/cases/1999-000001/feed.atom").status_code == 404


def test_a_sensitive_reports_feed_has_status_only(client, public_cases):
    noise = public_cases["noise"]
    body = client.get(f"/cases/{noise.reference}/feed.atom").content.decode()
    assert "Resolved" in body
    assert "West S" not in body
    assert_nothing_personal(body)


def test_a_feed_answers_get_only(client, city):
    response = client.post("/cases/feed.atom")
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD"
