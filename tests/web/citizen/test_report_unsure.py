""""I'm not sure": triage decides when it is confident; otherwise the form asks the citizen
to pick one of its top suggestions, offered as choices."""

from __future__ import annotations

import pytest

from cityloop.cases.models import Case
from tests.web.citizen.conftest import EN, latest_case


@pytest.fixture(autouse=True)
def _keyword_triage(settings):
    settings.TRIAGE_PROVIDER = "keywords"
    settings.TRIAGE_CONFIDENCE = 0.6


def test_it_lets_confident_triage_choose_the_category(client, city, post_report):
    response = post_report(service_code="", description="A deep pothole in the bus lane",
                           **{"attribute[size]": None})
    assert response.status_code == 302
    assert latest_case().category.service_code == "pothole"


def test_it_asks_the_citizen_to_choose_when_triage_is_not_confident(
        client, city, post_report, settings):
    settings.TRIAGE_CONFIDENCE = 0.95
    response = post_report(service_code="", description="pothole next to fresh graffiti",
                           **{"attribute[size]": None})
    assert response.status_code == 400
    assert not Case.objects.exists()
    html = response.content.decode()
    assert 'data-testid="error-summary"' in html
    assert "Choose what kind of problem this is" in html
    assert "We could not tell from your description" in html
    # The top suggestions are choices the citizen can click.
    assert 'type="radio" name="suggested_code" id="suggested-pothole" value="pothole"' in html
    assert 'id="suggested-graffiti"' in html
    assert "pothole next to fresh graffiti" in html  # kept


def test_it_accepts_the_suggestion_the_citizen_picked(client, city, post_report, settings):
    settings.TRIAGE_CONFIDENCE = 0.95
    response = post_report(service_code="", suggested_code="graffiti",
                           description="pothole next to fresh graffiti",
                           **{"attribute[size]": None})
    assert response.status_code == 302
    assert latest_case().category.service_code == "graffiti"


def test_it_asks_the_questions_of_the_category_triage_chose(client, city, post_report):
    response = post_report(service_code="", description="Standing water everywhere",
                           **{"attribute[size]": None})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="triage-notice"' in html
    assert "Flooding / standing water" in html
    assert "Is traffic blocked?" in html
    assert 'checked data-testid="category-option-flooding"' in html
    assert not Case.objects.exists()

    response = post_report(service_code="flooding", description="Standing water everywhere",
                           **{"attribute[size]": None, "attribute[traffic_blocked]": "yes"})
    assert response.status_code == 302
    assert latest_case().attributes == {"traffic_blocked": "yes"}


def test_it_suggests_categories_while_the_description_is_typed(client, city):
    response = client.post("/report/suggest", {"description": "the street light is out"}, **EN)
    assert response.status_code == 200
    data = response.json()
    assert data["suggestions"][0]["code"] == "streetlight"
    assert data["suggestions"][0]["name"] == "Street light fault"
    assert data["confident"] is True
    assert 'id="suggested-streetlight"' in data["html"]


def test_it_suggests_nothing_for_words_it_does_not_know(client, city):
    data = client.post("/report/suggest", {"description": "zzz qqq"}, **EN).json()
    assert data["suggestions"] == []
    assert data["confident"] is False
    assert "suggested_code" not in data["html"]


def test_it_takes_descriptions_only_by_post(client, city):
    # A description can name people: it must not end up in a URL (and logs).
    assert client.get("/report/suggest?description=pothole").status_code == 405
