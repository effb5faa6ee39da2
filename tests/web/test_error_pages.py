"""Error pages: in the site's layout, in the reader's language, saying nothing of what exists.

A case that is not the reader's (another department's, a wrong tracking
token) answers the same "page not found" as an address that never existed.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from django.test import Client, RequestFactory
from django.utils import translation
from django.views import defaults

LANGUAGES = [("en", "Back to the home page"), ("zh-hans", "返回首页")]


@pytest.fixture(autouse=True)
def _keep_language() -> Iterator[None]:
    """LocaleMiddleware leaves a request's language active in the thread: restore it."""
    with translation.override("en"):
        yield


def _html(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize(("language", "back"), LANGUAGES)
def test_an_unknown_address_answers_a_page_not_found(client, city, language, back):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE=language)
    html = _html(response)
    assert response.status_code == 404
    assert f'<html lang="{language}">' in html and 'data-testid="error-404"' in html
    assert back in html and 'href="#main"' in html  # the site's layout, skip link and all


@pytest.mark.parametrize(("language", "back"), LANGUAGES)
def test_a_wrong_tracking_token_answers_the_same_page(client, city, make_case, language, back):
    case = make_case()
    response = client.get(f"/track/{case.tracking_token}x/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    html = _html(response)
    assert 'data-testid="error-404"' in html and back in html
    assert case.reference not in html


@pytest.mark.parametrize(("language", "back"), LANGUAGES)
def test_another_departments_case_answers_the_same_page(client, water_officer, make_case,
                                                        language, back):
    pothole = make_case()  # the roads east office's
    client.force_login(water_officer)
    response = client.get(f"/staff/cases/{pothole.reference}/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    html = _html(response)
    assert 'data-testid="error-404"' in html and back in html
    assert "Deep pothole" not in html


@pytest.mark.parametrize(("language", "words"), [("en", "Not allowed"), ("zh-hans", "无权访问")])
def test_the_cockpit_refuses_someone_who_is_not_staff_in_their_language(client, city, language,
                                                                        words):
    client.force_login(User.objects.create_user("mei", "mei@example.org", "x"))
    response = client.get("/ops/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 403
    html = _html(response)
    assert f'<html lang="{language}">' in html and 'data-testid="error-403"' in html
    assert words in html


@pytest.mark.parametrize(("language", "back"), LANGUAGES)
def test_a_forged_form_is_refused_with_an_explanation(city, language, back):
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE=language)
    response = client.post("/report/", {"description": "forged"})
    assert response.status_code == 403
    html = _html(response)
    assert f'<html lang="{language}">' in html and 'data-testid="error-csrf"' in html
    assert back in html


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_server_error_page_needs_neither_request_nor_database(city, language):
    with translation.override(language):
        response = defaults.server_error(RequestFactory().get("/"))
    html = _html(response)
    assert response.status_code == 500
    assert f'<html lang="{language}">' in html and 'data-testid="error-500"' in html


def test_a_bad_request_page_is_in_the_layout(city):
    request = RequestFactory().get("/")
    request.user = User()
    response = defaults.bad_request(request, ValueError("bad"))
    assert response.status_code == 400
    assert 'data-testid="error-400"' in _html(response)
