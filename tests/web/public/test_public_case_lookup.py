"""Finding a report by its reference: /cases/?reference=REF, the home page's box, and the
references on public pages that lead to a report's page."""

from __future__ import annotations

import pytest

from cityloop.web.public.case_page import normalise
from tests.web.citizen.conftest import EN, ZH


@pytest.mark.parametrize(("typed", "meant"), [
    ("2026-000123", "2026-000123"),
    ("  2026-000123 ", "2026-000123"),
    ("2026 000123", "2026-000123"),
    ("2026000123", "2026-000123"),
    ("2026-123", "2026-000123"),
    ("2026 - 123", "2026-000123"),
    ("ab-12 x", "AB-12X"),
])
def test_references_are_read_as_people_type_them(typed, meant):
    assert normalise(typed) == meant


def test_a_reference_leads_to_its_page(client, public_cases):
    case = public_cases["open"]
    year, number = case.reference.split("-")
    for typed in (case.reference, f" {year} {int(number)} ", case.reference.lower()):
        response = client.get("/cases/", {"reference": typed}, **EN)
        assert response.status_code == 302, typed
        assert response["Location"] == f"/cases/{case.reference}/"


def test_an_unknown_reference_says_so_and_offers_the_box_again(client, city):
    response = client.get("/cases/", {"reference": "2026-999999"}, **EN)
    assert response.status_code == 404
    html = response.content.decode()
    assert "No report has the reference “2026-999999”." in html
    assert 'data-testid="lookup-form"' in html
    assert 'value="2026-999999"' in html
    zh = client.get("/cases/", {"reference": "<b>x</b>"}, **ZH).content.decode()
    assert "没有" in zh
    assert "<b>x</b>" not in zh  # escaped


def test_without_a_reference_it_is_the_lookup_page(client, city):
    response = client.get("/cases/", **EN)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="lookup-form"' in html
    assert "lookup-not-found" not in html
    assert client.get("/cases/", {"reference": "x" * 500}, **EN).status_code == 404


def test_the_home_page_has_the_box(client, city):
    html = client.get("/", **EN).content.decode()
    assert 'action="/cases/"' in html
    assert 'name="reference"' in html
    assert '<label for="lookup-reference">' in html


def test_references_on_public_pages_link_to_the_report(client, public_cases):
    case = public_cases["open"]
    listing = client.get("/stats/cases/", **EN).content.decode()
    assert f'href="/cases/{case.reference}/"' in listing
    home = client.get("/", **EN).content.decode()
    assert f'href="/cases/{case.reference}/"' in home
    stats = client.get("/stats/", **EN).content.decode()
    assert '"casePage": "/cases/"' in stats


def test_the_tracking_page_and_the_nearby_list_link_to_the_public_page(client, public_cases):
    case = public_cases["open"]
    track = client.get(f"/track/{case.tracking_token}/", **EN).content.decode()
    assert f'<a href="/cases/{case.reference}/">The public page of this report</a>' in track
    lat, lon = case.lat, case.lon
    nearby = client.get(f"/report/nearby?service_code=pothole&lat={lat + 0.0003}&lon={lon}",
                        **EN).json()["html"]
    # A new tab: following the link must not lose the report being written.
    assert f'href="/cases/{case.reference}/" target="_blank" rel="noopener"' in nearby
