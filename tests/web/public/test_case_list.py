"""The public case list: the map's text alternative, filtered and paginated."""

from __future__ import annotations

import pytest

from cityloop.cases.models import CaseMedia, MediaKind
from tests.web.public.conftest import assert_nothing_personal


def _refs(response) -> set[str]:
    return {row["ref"] for row in response.context["rows"]}


def test_it_lists_public_cases_only(client, public_cases):
    response = client.get("/stats/cases/")
    assert _refs(response) == {public_cases["open"].reference,
                               public_cases["resolved"].reference}
    html = response.content.decode()
    assert public_cases["noise"].reference not in html
    assert 'data-testid="stats-case-list"' in html
    assert html.count('data-testid="stats-case-row"') == 2


def test_it_publishes_nothing_personal(client, public_cases):
    assert_nothing_personal(client.get("/stats/cases/").content.decode())


def test_it_filters_by_status_and_category(client, public_cases):
    assert _refs(client.get("/stats/cases/", {"status": "open"})) == {
        public_cases["open"].reference}
    assert _refs(client.get("/stats/cases/", {"status": "resolved"})) == {
        public_cases["resolved"].reference}
    assert _refs(client.get("/stats/cases/", {"category": "streetlight"})) == set()


def test_it_ignores_a_filter_on_a_sensitive_category(client, public_cases):
    response = client.get("/stats/cases/", {"category": "noise"})
    assert public_cases["noise"].reference not in response.content.decode()
    assert response.context["chosen"]["category"] == ""
    assert 'value="noise"' not in response.content.decode()


def test_it_shows_approved_and_after_photos_only(client, public_cases):
    case = public_cases["resolved"]
    for kind, public, name in ((MediaKind.BEFORE, False, "private"),
                               (MediaKind.BEFORE, True, "approved"),
                               (MediaKind.AFTER, False, "after")):
        CaseMedia.objects.create(case=case, kind=kind, public=public, created_at=case.created_at,
                                 url=f"https://img.example/{name}.jpg")
    html = client.get("/stats/cases/").content.decode()
    assert "https://img.example/approved.jpg" in html
    assert "https://img.example/after.jpg" in html
    assert "https://img.example/private.jpg" not in html
    assert "<img" not in html  # photos kept elsewhere are linked, never loaded by the page


def test_it_pages_through_many_cases(client, make_case, monkeypatch):
    from cityloop.web.public import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    made = [make_case() for _ in range(5)]
    first = client.get("/stats/cases/")
    assert len(first.context["rows"]) == 2
    html = first.content.decode()
    assert 'rel="next" href="?page=2"' in html and "Page 1 of 3" in html
    last = client.get("/stats/cases/", {"page": "3"})
    assert _refs(last) == {made[0].reference}
    assert client.get("/stats/cases/", {"page": "nonsense"}).status_code == 200


def test_it_keeps_the_filter_when_paging(client, make_case, monkeypatch):
    from cityloop.web.public import views

    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    make_case()
    make_case()
    html = client.get("/stats/cases/", {"status": "open"}).content.decode()
    assert 'href="?status=open&amp;page=2"' in html


@pytest.mark.parametrize(("language", "words"), [("en", "Public cases"), ("zh-hans", "路面坑洼")])
def test_it_speaks_the_reader_s_language(client, public_cases, language, words):
    html = client.get("/stats/cases/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f'<html lang="{language}">' in html and words in html


def test_it_shows_a_reporters_name_only_when_they_chose_so(client, public_cases):
    from cityloop.cases.models import CaseContact

    CaseContact.objects.filter(case=public_cases["open"]).update(show_name=True)
    CaseContact.objects.filter(case=public_cases["noise"]).update(show_name=True)
    html = client.get("/stats/cases/").content.decode()
    assert html.count("Liu Xiaoqing") == 1  # the open pothole's row; not the resolved one
    assert "liu.xq@example.org" not in html and "138 0000 1234" not in html
    # The map data and the statistics never carry names, whatever the choice.
    for address in ("/stats/cases.geojson", "/stats/"):
        assert "Liu Xiaoqing" not in client.get(address).content.decode()


def test_it_says_a_resident_reported_when_the_name_is_not_shown(client, public_cases):
    response = client.get("/stats/cases/", headers={"accept-language": "zh-hans"})
    assert [row["reporter"] for row in response.context["rows"]] == ["", ""]
    assert "Liu Xiaoqing" not in response.content.decode()


def test_it_names_the_sensor_or_hotspot_that_opened_a_case(client, make_case):
    from django.utils import timezone

    from cityloop.triage.hotspots.models import Hotspot

    incident = make_case(channel="hotspot", contact=None, description="Many potholes")
    now = timezone.now()
    Hotspot.objects.create(case=incident, category=incident.category, lat=incident.lat,
                           lon=incident.lon, radius_m=300, size=7, created_at=now,
                           last_report_at=now)
    html = client.get("/stats/cases/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    row = html[html.index(incident.reference):]
    row = row[:row.index("</tr>")]
    assert "Hotspot of 7 reports" in row and "a resident" not in row
