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


def test_the_me_too_email_says_it_is_only_for_that_report(client, city, make_case):
    case = make_case()
    ref = case.reference
    lat, lon = citydata.INSIDE_EAST_S
    html = client.get(f"/report/nearby?service_code=pothole&lat={lat + 0.0003}&lon={lon}",
                      **EN).json()["html"]
    assert f"Email for updates on report {ref} (optional)" in html
    assert f"Only for news of {ref}. It is not the contact for a new report" in html
    # Inside that report's own group, folded under its "Me too".
    item = html.split(f'data-reference="{ref}"', 1)[1].split("</li>", 1)[0]
    assert f'role="group" aria-labelledby="nearby-{ref}-follow"' in item
    box = item.split(f'id="metoo-email-{ref}"', 1)[1].split(">", 1)[0]
    assert 'autocomplete="off"' in box and f'aria-describedby="metoo-email-{ref}-hint"' in box


def test_the_reports_own_contact_is_named_for_this_report(client, city):
    html = client.get("/report/", **EN).content.decode()
    assert "Your contact for this report (optional)" in html


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
