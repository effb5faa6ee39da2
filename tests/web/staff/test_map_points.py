"""The queue map: the same filtered queue as points, coloured by priority and overdue."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from cityloop.web.staff.queue import filters
from tests.web.staff.helpers import page


def test_it_returns_the_filtered_cases_as_points(client_for, city_admin, east_case, water_case):
    pothole = east_case(priority="urgent")
    water_case()
    response = client_for(city_admin).get("/staff/points.json?category=pothole")
    data = response.json()
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert [p["ref"] for p in data["points"]] == [pothole.reference]
    point = data["points"][0]
    assert point["priority"] == "urgent" and point["overdue"] is False
    assert point["lat"] == pothole.lat and point["lon"] == pothole.lon
    assert point["category"] == "Pothole"
    assert data["case_url"] == "/staff/cases/REF/"
    assert data["capped"] is False


def test_it_marks_overdue_cases(client_for, city_admin, east_case):
    east_case(now=timezone.now() - timedelta(days=10))
    data = client_for(city_admin).get("/staff/points.json").json()
    assert data["points"][0]["overdue"] is True


def test_it_leaves_out_cases_without_a_place(client_for, city_admin, roads_case):
    roads_case()
    assert client_for(city_admin).get("/staff/points.json").json()["points"] == []


def test_it_caps_the_points(client_for, city_admin, east_case, monkeypatch):
    monkeypatch.setattr(filters, "MAP_CAP", 2)
    monkeypatch.setattr(filters.points, "__defaults__", (2,))
    for _ in range(3):
        east_case()
    data = client_for(city_admin).get("/staff/points.json").json()
    assert len(data["points"]) == 2 and data["capped"] is True


def test_the_map_page_loads_leaflet_locally_with_a_legend(client_for, city_admin):
    html = page(client_for(city_admin).get("/staff/?view=map&category=pothole"))
    assert 'id="queue-map"' in html
    assert "/staff/points.json?filtered=1" in html and "category=pothole" in html
    assert "/static/vendor/leaflet/leaflet.js" in html
    assert "leaflet.markercluster.js" in html
    assert 'data-testid="map-legend"' in html and "Overdue" in html
    assert "unpkg.com" not in html and "cdn" not in html.lower()


def test_the_map_page_renders_in_chinese(client_for, city_admin):
    response = client_for(city_admin, "zh-hans").get("/staff/?view=map")
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in page(response)
