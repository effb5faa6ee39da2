from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from cityloop.warnings.models import MsgType
from cityloop.warnings.publish import draft_replacement, publish
from tests.warnings.helpers import draft, published


@pytest.mark.parametrize(("language", "headline", "heading"), [
    ("en", "Flood warning for the river bank", "Warnings in force"),
    ("zh-hans", "河岸洪水预警", "生效中的预警"),
])
def test_the_page_lists_current_and_past_warnings_in_the_language_asked(
        city, language, headline, heading):
    current = published(city.areas["west"])
    old = published(city.areas["east"], headline="Old heat warning", headline_i18n={},
                    valid_minutes=5,
                    onset=timezone.now() - timedelta(hours=3))
    old.expires = timezone.now() - timedelta(hours=1)
    old.save()
    hidden = draft(city.areas["west"], headline="A proposal nobody published")
    html = Client(HTTP_ACCEPT_LANGUAGE=language).get("/warnings/").content.decode()
    assert heading in html and headline in html
    assert f'data-identifier="{current.identifier}"' in html
    assert "Old heat warning" in html.split('data-testid="past-warnings"')[1]
    assert hidden.headline not in html
    assert 'id="warnings-map"' in html and '"features": [{"type": "Feature"' in html


def test_without_warnings_it_says_so(city):
    html = Client().get("/warnings/").content.decode()
    assert 'data-testid="no-current-warning"' in html and 'id="warnings-map"' not in html


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_detail_page_says_what_to_do(city, language):
    warning = published(city.areas["west"])
    html = Client(HTTP_ACCEPT_LANGUAGE=language).get(
        f"/warnings/{warning.identifier}/").content.decode()
    if language == "en":
        assert "Move to higher ground." in html and "West District" in html
    else:
        assert "请转移到高处。" in html and "西区" in html and "严重" in html
    assert f"/warnings/{warning.identifier}.cap" in html


def test_a_replaced_warning_points_to_the_newest(city):
    original = published(city.areas["west"])
    update = publish(draft_replacement(original, MsgType.UPDATE), by="t")
    html = Client().get(f"/warnings/{original.identifier}/").content.decode()
    assert 'data-testid="replaced"' in html and f"/warnings/{update.identifier}/" in html


def test_drafts_are_not_public(city):
    warning = draft(city.areas["west"])
    client = Client()
    assert client.get(f"/warnings/{warning.identifier}/").status_code == 404
    assert client.get(f"/warnings/{warning.identifier}.cap").status_code == 404
    assert client.get("/warnings/nothing-here.cap").status_code == 404


def test_the_cap_document_is_served_as_cap(city):
    warning = published(city.areas["west"])
    response = Client().get(f"/warnings/{warning.identifier}.cap")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/cap+xml; charset=utf-8"
    assert b"<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">" in response.content


def test_the_banner_shows_on_public_pages_while_an_actual_warning_is_in_force(city):
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert 'data-testid="warning-banner"' not in client.get("/").content.decode()
    published(city.areas["west"], status="exercise")
    assert 'data-testid="warning-banner"' not in client.get("/").content.decode()
    warning = published(city.areas["west"])
    for page in ("/", "/report/", "/stats/"):
        html = client.get(page).content.decode()
        banner = html.split('data-testid="warning-banner"')[1].split("</div>")[0]
        assert "河岸洪水预警" in banner and f"/warnings/{warning.identifier}/" in banner, page
    publish(draft_replacement(warning, MsgType.CANCEL), by="t")
    assert 'data-testid="warning-banner"' not in client.get("/").content.decode()
