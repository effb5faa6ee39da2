"""A report without a contact says so before it is sent, and the "me too" email
cannot pass for the report's own contact."""

from __future__ import annotations

from tests import citydata
from tests.web.citizen.conftest import EN, ZH


def _note(html: str) -> str:
    return html.split('id="no-contact-note"', 1)[1].split("</div>", 1)[0]


def test_the_empty_form_says_no_updates_will_be_sent(client, city):
    html = client.get("/report/", **EN).content.decode()
    note = html.split('id="no-contact-note"', 1)[1].split(">", 1)[0]
    assert "hidden" not in note
    assert "You have given no email or phone, so no updates will be sent to you." in html
    assert 'aria-describedby="no-contact-note" data-testid="submit-report"' in html
    assert "contact-note.js" in html
    zh = client.get("/report/", **ZH).content.decode()
    assert "You have given no email" not in zh and "不会" in _note(zh)


def test_a_form_sent_back_with_an_email_or_phone_hides_the_note(post_report, city):
    for contact in ({"email": "mei@example.org", "phone": ""},
                    {"email": "", "phone": "13800000000"}):
        response = post_report(lat="", lon="", address="", **contact)
        assert response.status_code == 400
        html = response.content.decode()
        assert 'data-testid="no-contact-note" hidden' in html, contact
        assert 'aria-describedby="no-contact-note"' not in html


def test_a_form_sent_back_without_a_contact_keeps_the_note(post_report, city):
    response = post_report(lat="", lon="", address="", email="", phone="")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="no-contact-note">' in html


def test_the_me_too_email_says_it_is_only_for_me_too(client, city, make_case):
    make_case()
    lat, lon = citydata.INSIDE_EAST_S
    html = client.get(f"/report/nearby?service_code=pothole&lat={lat + 0.0003}&lon={lon}",
                      **EN).json()["html"]
    assert "Email for a “me too” (optional)" in html
    assert "give your email in “Your contact details” further down" in html
    box = html.split('id="metoo-email"', 1)[1].split(">", 1)[0]
    assert 'autocomplete="off"' in box and 'aria-describedby="metoo-email-hint"' in box


def test_the_confirmation_says_no_email_was_given(post_report, client, city):
    response = post_report(email="", phone="", name="")
    assert response.status_code == 302
    html = client.get(response["Location"], **EN).content.decode()
    assert 'data-testid="confirmation-no-email"' in html
    assert "no confirmation or updates will be emailed" in html


def test_the_confirmation_with_an_email_says_it_was_sent(post_report, client, city):
    response = post_report()
    html = client.get(response["Location"], **EN).content.decode()
    assert 'data-testid="confirmation-email"' in html
    assert "confirmation-no-email" not in html
