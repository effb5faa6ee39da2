"""Home: what the city is working on (counts, recent public updates) and the report button,
with no personal data and nothing from sensitive categories."""

from __future__ import annotations

from cityloop.cases.contacts import ContactInfo
from tests.cases.helpers import act
from tests.web.citizen.conftest import EN, ZH


def test_it_renders_in_english(client, city):
    response = client.get("/", **EN)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="en"' in html
    assert 'data-testid="home-report" href="/report/"' in html
    assert 'data-testid="track-hint"' in html
    assert "What the city is working on" in html


def test_it_renders_in_chinese(client, city):
    html = client.get("/", **ZH).content.decode()
    assert 'lang="zh-hans"' in html
    assert 'data-testid="home-report"' in html


def test_it_counts_open_and_resolved_cases(client, city, make_case, roads_officer):
    make_case()
    make_case()
    act(make_case(), "resolve", roads_officer, public_text="Filled.")
    html = client.get("/", **EN).content.decode()
    assert '<span class="tile__value">2</span>\n      <span class="tile__label">open cases' in html
    assert ('<span class="tile__value">1</span>\n      <span class="tile__label">'
            "resolved this month") in html


def test_it_shows_recent_public_updates_without_personal_data(client, city, make_case,
                                                               roads_officer):
    case = make_case(contact=ContactInfo(name="Mei Lin", email="mei@example.org",
                                         phone="13800000000"))
    act(case, "comment", roads_officer, public_text="Crew on the way.", note="SECRET NOTE")
    from cityloop.web.citizen import tracking

    tracking.add_info(case, "My neighbour Mr Wang saw it too", [])
    html = client.get("/", **EN).content.decode()
    assert "Crew on the way." in html
    assert case.reference in html
    for private in ("Mei Lin", "mei@example.org", "13800000000", "SECRET NOTE", "Mr Wang",
                    case.tracking_token, roads_officer.username):
        assert private not in html


def test_it_never_shows_sensitive_categories(client, city, make_case, city_admin):
    noise = make_case(service_code="noise", attributes={"source": "construction"})
    act(noise, "comment", city_admin, public_text="Visited the flat at number 5.")
    html = client.get("/", **EN).content.decode()
    assert "number 5" not in html
    assert noise.reference not in html
    assert "Noise" not in html
