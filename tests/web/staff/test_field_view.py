"""The field view: my open assignments, nearest first when the phone knows where it is."""

from __future__ import annotations

import re
from datetime import timedelta

from django.utils import timezone

from cityloop.web.staff.field import assignments
from tests import citydata
from tests.web.staff.helpers import act, image_file, page


def listed(html: str) -> list[str]:
    return re.findall(r'data-testid="field-item" data-reference="([^"]+)"', html)


def test_it_lists_my_open_assignments_by_due_date(client_for, roads_supervisor, east_case,
                                                  make_case):
    now = timezone.now()
    west_lat, west_lon = citydata.INSIDE_WEST_N
    later = east_case()
    sooner = make_case(lat=west_lat, lon=west_lon, now=now - timedelta(days=1))
    not_mine = east_case()
    done = east_case()
    for case in (later, sooner, done):
        act(case, "assign", roads_supervisor, assignee=roads_supervisor)
    act(done, "resolve", roads_supervisor, public_text="ok")
    html = page(client_for(roads_supervisor).get("/staff/field/"))
    order = listed(html)
    assert order == [sooner.reference, later.reference]
    assert not_mine.reference not in order and done.reference not in order


def test_it_puts_the_nearest_first_given_a_position(client_for, roads_supervisor, east_case,
                                                    make_case):
    west_lat, west_lon = citydata.INSIDE_WEST_N
    east = east_case()
    west = make_case(lat=west_lat, lon=west_lon)
    for case in (east, west):
        act(case, "assign", roads_supervisor, assignee=roads_supervisor)
    lat, lon = citydata.INSIDE_WEST_S
    html = page(client_for(roads_supervisor).get(f"/staff/field/?lat={lat}&lon={lon}"))
    order = listed(html)
    assert order == [west.reference, east.reference]
    assert "Nearest first" in html and "4.4 km" in html


def test_it_links_to_the_phones_maps_app_and_openstreetmap(client_for, roads_supervisor,
                                                           east_case):
    case = east_case()
    act(case, "assign", roads_supervisor, assignee=roads_supervisor)
    html = page(client_for(roads_supervisor).get("/staff/field/"))
    assert 'href="geo:29.540000,106.580000"' in html
    assert "https://www.openstreetmap.org/?mlat=29.540000&amp;mlon=106.580000" in html


def test_it_resolves_with_an_after_photo_and_returns_to_the_list(client_for, roads_supervisor,
                                                                 east_case):
    case = east_case()
    act(case, "assign", roads_supervisor, assignee=roads_supervisor)
    client = client_for(roads_supervisor)
    html = page(client.get("/staff/field/"))
    assert 'name="resolve-photos"' in html and 'capture="environment"' in html
    response = client.post(f"/staff/cases/{case.reference}/act/resolve/", {
        "resolve-public_text": "Patched", "resolve-photos": [image_file()],
        "next": "/staff/field/?lat=29.5&lon=106.5"})
    assert response["Location"] == "/staff/field/?lat=29.5&lon=106.5"
    case.refresh_from_db()
    assert case.status == "resolved" and case.media.get().kind == "after"


def test_it_adds_photos_from_the_field(client_for, roads_supervisor, east_case):
    case = east_case()
    act(case, "assign", roads_supervisor, assignee=roads_supervisor)
    response = client_for(roads_supervisor).post(
        f"/staff/cases/{case.reference}/act/add_photos/",
        {"add_photos-photos": [image_file()], "next": "/staff/field/"})
    assert response["Location"] == "/staff/field/"
    assert case.media.count() == 1


def test_it_ignores_a_nonsense_position():
    assert assignments.parse_position("91", "0") is None
    assert assignments.parse_position("nan", "1") is None
    assert assignments.parse_position("", "") is None
    assert assignments.parse_position("29.5", "106.5") == (29.5, 106.5)


def test_it_renders_in_chinese_and_says_when_there_is_nothing(client_for, roads_officer):
    html = page(client_for(roads_officer, "zh-hans").get("/staff/field/"))
    assert '<html lang="zh-hans">' in html and 'data-testid="field-empty"' in html
