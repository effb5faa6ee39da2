"""GET requests: searching service requests by date, status, service and id, page by page."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from cityloop.cases import lifecycle
from cityloop.cases.actors import Actor
from cityloop.cases.models import CaseMedia, MediaKind
from tests.open311.conftest import BASE, child, children, descriptions, errors, json_of, xml_of

REQUEST_FIELDS = [
    "service_request_id", "status", "status_notes", "service_name", "service_code",
    "description", "agency_responsible", "service_notice", "requested_datetime",
    "updated_datetime", "expected_datetime", "address", "address_id", "zipcode", "lat", "long",
    "media_url",
]


def _get(client, fmt="json", **params):
    return client.get(f"{BASE}/requests.{fmt}", params)


def _ids(response):
    return [r["service_request_id"] for r in json_of(response)]


def test_it_lists_requests_in_json_with_the_specs_fields(client, make_case):
    case = make_case(address="Jiefangbei Rd 1", address_id="A-17")
    [request] = json_of(_get(client))
    assert list(request) == REQUEST_FIELDS
    assert request["service_request_id"] == case.reference
    assert request["status"] == "open"
    assert request["status_notes"] == ""
    assert request["service_name"] == "Pothole"
    assert request["service_code"] == "pothole"
    assert request["description"] == "Deep pothole in the bus lane"
    assert request["agency_responsible"] == "Roads East Office"
    assert request["service_notice"] == "We aim to resolve pothole reports within 72 hours."
    assert request["address"] == "Jiefangbei Rd 1"
    assert request["address_id"] == "A-17"
    assert request["zipcode"] == ""
    assert (request["lat"], request["long"]) == (case.lat, case.lon)
    assert request["media_url"] == ""


def test_it_lists_requests_in_xml_in_the_specs_element_order(client, make_case):
    case = make_case()
    root = xml_of(_get(client, "xml"))
    assert root.tag == "service_requests"
    [request] = root
    assert request.tag == "request"
    assert children(request) == REQUEST_FIELDS
    assert request.findtext("service_request_id") == case.reference
    assert float(child(request, "lat").text or "") == case.lat


@override_settings(TIME_ZONE="Asia/Shanghai")
def test_it_gives_every_datetime_with_its_offset_in_the_citys_time_zone(client, make_case):
    case = make_case(now=timezone.now().replace(microsecond=0))
    [request] = json_of(_get(client))
    local = timezone.localtime(case.created_at, timezone.get_default_timezone())
    assert request["requested_datetime"] == local.isoformat()
    assert request["requested_datetime"].endswith("+08:00")
    assert request["updated_datetime"].endswith("+08:00")
    due = timezone.localtime(case.due_at, timezone.get_default_timezone())
    assert request["expected_datetime"] == due.isoformat(timespec="seconds")


def test_it_lists_the_newest_first_and_only_the_last_90_days(client, make_case):
    now = timezone.now()
    old = make_case(now=now - timedelta(days=91))
    older = make_case(now=now - timedelta(days=2))
    newer = make_case(now=now - timedelta(days=1))
    assert _ids(_get(client)) == [newer.reference, older.reference]
    assert old.reference not in _ids(_get(client))


def test_it_searches_a_period(client, make_case):
    now = timezone.now()
    march = make_case(now=now - timedelta(days=200))
    make_case(now=now - timedelta(days=100))
    start = (now - timedelta(days=201)).isoformat()
    end = (now - timedelta(days=150)).isoformat()
    assert _ids(_get(client, start_date=start, end_date=end)) == [march.reference]
    # A date alone means the whole day, in the city's time zone.
    day = timezone.localdate(march.created_at).isoformat()
    assert _ids(_get(client, start_date=day, end_date=day)) == [march.reference]


def test_it_understands_a_utc_z_and_an_unencoded_plus(client, make_case):
    case = make_case()
    start = (case.created_at - timedelta(hours=1)).astimezone(UTC)
    z = start.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert _ids(_get(client, start_date=z)) == [case.reference]
    shifted = start.astimezone(timezone.get_fixed_timezone(480)).isoformat()
    raw = f"{BASE}/requests.json?start_date={shifted}"  # "+08:00" arrives as " 08:00"
    assert _ids(client.get(raw)) == [case.reference]


@pytest.mark.parametrize(("params", "expected"), [
    ({"start_date": "yesterday"}, "start_date is not a date and time in W3C format"),
    ({"end_date": "2026-02-30"}, "end_date is not a date and time in W3C format"),
    ({"start_date": "2026-01-01T25:00:00Z"}, "start_date is not a date and time"),
    ({"start_date": "0001-01-01T00:00:00+08:00"}, "start_date must be between the years 1"),
    ({"end_date": "0001-01-02"}, "between the years 1 and 9999"),
    ({"start_date": "2026-01-01", "end_date": "2025-12-01"}, "end_date is before start_date"),
    ({"start_date": "2026-01-01", "end_date": "2026-04-02"}, "at most 90 days apart"),
    ({"status": "pending"}, "status must be open or closed"),
    ({"status": "open,fixed"}, "got fixed"),
    ({"service_code": "pothole,unicorn"}, "unicorn is not a service of this city"),
    ({"page_size": "1001"}, "page_size may be at most 1000; got 1001"),
    ({"page_size": "99999999999999999999999"}, "page_size must be a whole number"),
    ({"page_size": "ten"}, "page_size must be a whole number from 1 to 1000"),
    ({"page_size": "0"}, "page_size must be at least 1"),
    ({"page": "0"}, "page must be at least 1"),
    ({"page": "-1"}, "page must be a whole number"),
    ({"page": "1.5"}, "page must be a whole number"),
    ({"page": "\x1f"}, "page must be a whole number"),  # str.strip() would drop it (fuzzing)
    ({"extensions": "maybe"}, "extensions must be true or false"),
])
def test_it_refuses_a_bad_search_clearly(client, case, params, expected):
    for fmt in ("json", "xml"):
        response = _get(client, fmt, **params)
        assert response.status_code == 400, response.content[:300]
        assert expected in descriptions(response)
        assert {code for code, _ in errors(response)} == {400}


def test_it_names_every_bad_parameter_at_once(client, case):
    response = _get(client, status="pending", page="zero", start_date="soon")
    assert len(errors(response)) == 3


def test_it_allows_exactly_90_days(client, case):
    response = _get(client, start_date="2026-01-01T00:00:00Z", end_date="2026-04-01T00:00:00Z")
    assert response.status_code == 200


def test_it_filters_by_status(client, make_case, roads_officer):
    still_open = make_case()
    resolved = make_case()
    lifecycle.transition(resolved, "resolve", Actor.staff(roads_officer), public_text="Filled")
    assert _ids(_get(client, status="open")) == [still_open.reference]
    assert _ids(_get(client, status="closed")) == [resolved.reference]
    assert len(_ids(_get(client, status="open,closed"))) == 2
    assert len(_ids(_get(client, status="OPEN,closed"))) == 2


def test_it_filters_by_service_codes(client, make_case):
    pothole = make_case()
    graffiti = make_case(service_code="graffiti")
    make_case(service_code="footpath")
    found = _ids(_get(client, service_code="pothole,graffiti"))
    assert found == [graffiti.reference, pothole.reference]


def test_it_looks_up_ids_ignoring_every_other_filter(client, make_case):
    first, second = make_case(), make_case()
    make_case()
    response = _get(client, service_request_id=f"{first.reference}, {second.reference},nope",
                    status="closed", service_code="graffiti", start_date="not a date")
    assert sorted(_ids(response)) == sorted([first.reference, second.reference])


def test_it_pages_through_results(client, make_case):
    now = timezone.now()
    cases = [make_case(now=now - timedelta(minutes=i)) for i in range(5)]
    newest_first = [c.reference for c in cases]
    assert _ids(_get(client, page_size="2")) == newest_first[:2]
    assert _ids(_get(client, page_size="2", page="2")) == newest_first[2:4]
    assert _ids(_get(client, page_size="2", page="3")) == newest_first[4:]
    assert _ids(_get(client, page_size="2", page="4")) == []
    assert _ids(_get(client, page="1000000")) == []


@override_settings(OPEN311_MAX_PAGE_SIZE=3)
def test_it_keeps_pages_within_the_citys_maximum(client, make_case):
    for _ in range(4):
        make_case()
    assert len(_ids(_get(client))) == 3
    response = _get(client, page_size="4")
    assert response.status_code == 400
    assert "page_size may be at most 3" in descriptions(response)


def test_it_shows_the_latest_public_update_as_status_notes(client, case, roads_officer):
    officer = Actor.staff(roads_officer)
    lifecycle.transition(case, "comment", officer, public_text="Crew booked for Monday")
    lifecycle.transition(case, "note", officer, note="Contractor is slow")
    lifecycle.transition(case, "resolve", officer, public_text="Filled and sealed")
    lifecycle.transition(case, "note", officer, note="Invoice pending")
    [request] = json_of(_get(client))
    assert request["status"] == "closed"
    assert request["status_notes"] == "Filled and sealed"


def test_it_links_the_first_public_photo(client, case):
    now = timezone.now()
    CaseMedia.objects.create(case=case, kind=MediaKind.BEFORE, url="https://img.example/p.jpg",
                             created_at=now)  # not approved: stays private
    CaseMedia.objects.create(case=case, kind=MediaKind.AFTER, url="https://img.example/a.jpg",
                             public=True, created_at=now + timedelta(seconds=1))
    CaseMedia.objects.create(case=case, kind=MediaKind.AFTER, url="https://img.example/b.jpg",
                             public=True, created_at=now + timedelta(seconds=2))
    [request] = json_of(_get(client))
    assert request["media_url"] == "https://img.example/a.jpg"


def test_it_escapes_markup_and_keeps_text_intact(client, make_case):
    text = '<script>alert("x")</script> & <b>ruts</b> ]]> 坑'
    make_case(description=text)
    response = _get(client, "xml")
    assert b"<script>" not in response.content
    assert xml_of(response)[0].findtext("description") == text
    assert json_of(_get(client))[0]["description"] == text


def test_it_accepts_a_jurisdiction_id(client, case):
    assert _ids(_get(client, jurisdiction_id="city.example")) == [case.reference]


@override_settings(OPEN311_JURISDICTION_ID="testcity.example")
def test_it_refuses_another_jurisdiction_when_one_is_configured(client, case):
    assert _get(client, jurisdiction_id="testcity.example").status_code == 200
    response = _get(client, jurisdiction_id="elsewhere.example")
    assert response.status_code == 400
    assert "testcity.example" in descriptions(response)
