"""The cockpit's composer, as a duty officer uses it: template, preview, publish, drafts,
update and cancel; and who may not."""

import pytest
from django.test import Client

from cityloop.warnings.models import MsgType, Warning
from tests.warnings.helpers import draft, published


def _form(city, **extra):
    data = {
        "event": "Flood", "event__zh-hans": "洪水", "category": "Met", "severity": "Severe",
        "urgency": "Expected", "certainty": "Likely", "headline": "Flood warning for West",
        "headline__zh-hans": "西区洪水预警", "description": "The river is rising.",
        "description__zh-hans": "河水正在上涨。", "instruction": "Keep away.",
        "instruction__zh-hans": "远离河道。", "areas": [city.areas["west"].pk],
        "valid_minutes": "120", "status": "actual",
    }
    data.update(extra)
    return data


def test_a_template_fills_the_composer(city, officer_client, flood_template):
    html = officer_client.get("/ops/warnings/new?template=flood").content.decode()
    assert 'value="Flood warning"' in html and "洪水预警" in html and "远离河道。" in html
    assert 'value="180"' in html


def test_preview_shows_both_languages_and_saves_nothing(city, officer_client):
    response = officer_client.post("/ops/warnings/new", _form(city, action="preview"))
    html = response.content.decode()
    assert response.status_code == 200 and 'data-testid="warning-preview"' in html
    assert "Flood warning for West" in html and "西区洪水预警" in html
    assert not Warning.objects.exists()


def test_publishing_from_the_composer(city, officer_client, duty_officer, flood_template):
    response = officer_client.post("/ops/warnings/new?template=flood",
                                   _form(city, action="publish"))
    assert response.status_code == 302 and response["Location"] == "/ops/warnings/"
    warning = Warning.objects.get()
    assert warning.published_at is not None and warning.created_by == duty_officer
    assert warning.published_by == "staff dora_duty" and warning.template == flood_template
    assert warning.headline_i18n == {"zh-hans": "西区洪水预警"}
    assert list(warning.areas.all()) == [city.areas["west"]]
    assert "Flood warning for West" in Client().get("/warnings/").content.decode()


def test_no_area_is_an_error_on_the_page(city, officer_client):
    response = officer_client.post("/ops/warnings/new", _form(city, areas=[], action="publish"))
    assert response.status_code == 200
    assert 'data-testid="error-summary"' in response.content.decode()
    assert not Warning.objects.exists()


def test_a_draft_is_published_with_one_click(city, officer_client):
    officer_client.post("/ops/warnings/new", _form(city, action="draft"))
    saved = Warning.objects.get()
    assert saved.published_at is None
    html = officer_client.get("/ops/warnings/").content.decode()
    assert 'data-testid="warning-draft"' in html and "Flood warning for West" in html
    officer_client.post(f"/ops/warnings/{saved.pk}/publish")
    saved.refresh_from_db()
    assert saved.published_at is not None


def test_a_refused_publication_is_a_message_not_an_error(city, officer_client):
    empty = draft()  # no area
    response = officer_client.post(f"/ops/warnings/{empty.pk}/publish", follow=True)
    assert response.status_code == 200
    assert "Choose at least one area or draw a polygon." in response.content.decode()


def test_update_and_cancel_a_published_warning(city, officer_client):
    original = published(city.areas["west"])
    html = officer_client.get(f"/ops/warnings/{original.pk}/update").content.decode()
    assert original.headline in html
    officer_client.post(f"/ops/warnings/{original.pk}/update",
                        _form(city, severity="Extreme", action="publish"))
    update = Warning.objects.get(references=original)
    assert update.msg_type == MsgType.UPDATE and update.published_at is not None
    assert update.severity == "Extreme"
    original.refresh_from_db()
    assert original.replaced_at is not None
    officer_client.post(f"/ops/warnings/{update.pk}/cancel")
    cancel = Warning.objects.get(references=update)
    assert cancel.msg_type == MsgType.CANCEL and cancel.published_at is not None
    assert 'data-testid="warning-banner"' not in Client().get("/").content.decode()


def test_discarding_a_draft(city, officer_client):
    proposal = draft(city.areas["west"])
    officer_client.post(f"/ops/warnings/{proposal.pk}/discard")
    assert not Warning.objects.filter(pk=proposal.pk).exists()


@pytest.mark.parametrize("path", ["/ops/warnings/", "/ops/warnings/new"])
def test_staff_without_the_role_may_not(city, roads_officer, path):
    client = Client()
    client.force_login(roads_officer)
    assert client.get(path).status_code == 403
    assert Client().get(path).status_code == 302  # to the login page


def test_the_cockpit_links_the_composer_for_duty_officers(city, officer_client, roads_officer):
    assert 'data-testid="ops-warnings-link"' in officer_client.get("/ops/").content.decode()
    client = Client()
    client.force_login(roads_officer)
    assert 'data-testid="ops-warnings-link"' not in client.get("/ops/").content.decode()
