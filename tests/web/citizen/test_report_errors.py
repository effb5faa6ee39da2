"""A report with mistakes comes back with an error summary linking to each field,
and everything the citizen entered is still there."""

from __future__ import annotations

from cityloop.cases.models import Case
from tests.web.citizen.conftest import EN, ZH, jpeg


def test_it_lists_missing_required_answers_and_keeps_the_values(client, city, post_report):
    response = client.post("/report/", {
        "step": "submit", "service_code": "streetlight", "lat": "29.54", "lon": "106.58",
        "address": "Corner of Jiefang Road", "description": "The lamp is dark",
        "attribute[pole_number]": "L-1234", "name": "Mei", "email": "mei@example.org",
        "phone": "13800000000", "show_name": "1", "photos": [jpeg()],
    }, **EN)
    assert response.status_code == 400
    assert not Case.objects.exists()
    html = response.content.decode()
    assert "<title>Error:" in html
    assert 'data-testid="error-summary"' in html
    # The summary links to the first choice of the missing question.
    assert ('<a href="#attr-fault-0">Answer the question “What is wrong with the light?”.</a>'
            in html)
    assert 'id="attr-fault-error"' in html
    # Nothing lost.
    assert 'value="L-1234"' in html
    assert "The lamp is dark" in html
    assert 'value="Corner of Jiefang Road"' in html
    assert 'value="mei@example.org"' in html
    assert 'value="13800000000"' in html
    assert 'id="contact-show-name" name="show_name" value="1" checked' in html
    assert 'value="29.54"' in html and 'value="106.58"' in html
    assert 'checked data-testid="category-option-streetlight"' in html
    # Browsers cannot keep chosen files: the server keeps the photo for the form.
    assert html.count('data-testid="kept-photo"') == 1
    assert 'name="kept_photo"' in html


def test_it_asks_where_when_there_is_neither_pin_nor_address(client, city, post_report):
    response = post_report(lat="", lon="", address="")
    assert response.status_code == 400
    html = response.content.decode()
    assert '<a href="#address">Say where the problem is' in html
    assert 'data-testid="location-error"' in html


def test_it_explains_a_wrong_email_address(client, city, post_report):
    response = post_report(email="mei at example")
    assert response.status_code == 400
    html = response.content.decode()
    assert '<a href="#contact-email">Write the email address like name@example.com' in html
    assert 'value="mei at example"' in html


def test_it_refuses_a_too_long_description(client, city, post_report):
    response = post_report(description="x" * 4001)
    assert response.status_code == 400
    assert '<a href="#description">This is too long: at most 4000 characters.' in (
        response.content.decode())


def test_it_refuses_an_unknown_category(client, city, post_report):
    response = post_report(service_code="no_such_thing")
    assert response.status_code == 400
    assert '<a href="#category-unsure">Choose a kind of problem from the list.' in (
        response.content.decode())


def test_it_shows_the_errors_in_chinese(client, city, post_report):
    response = post_report(headers=ZH, lat="", lon="", address="")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'lang="zh-hans"' in html
    assert 'data-testid="error-summary"' in html
    assert "路面坑洼" in html
