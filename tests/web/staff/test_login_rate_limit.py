"""Logins are rate limited per address and username, without checking the password."""

from __future__ import annotations

from unittest import mock

from django.test import Client

from tests.web.staff.helpers import page

PASSWORD = "correct horse battery"


def test_it_refuses_with_429_once_over_the_limit_even_with_the_right_password(
        roads_officer, settings):
    settings.LOGIN_ATTEMPTS_PER_15_MIN = 3
    client = Client()
    for _ in range(3):
        assert client.post("/staff/login/", {"username": "alice_roads",
                                             "password": "guess"}).status_code == 200
    with mock.patch("django.contrib.auth.forms.authenticate") as authenticate:
        response = client.post("/staff/login/", {"username": "alice_roads", "password": PASSWORD})
    assert response.status_code == 429
    assert not authenticate.called  # over the limit, the password is never checked
    assert "Too many sign-in attempts" in page(response)
    assert response["Retry-After"] == "900"
    assert "_auth_user_id" not in client.session


def test_it_counts_per_username_and_address(roads_officer, water_officer, settings):
    settings.LOGIN_ATTEMPTS_PER_15_MIN = 2
    for _ in range(3):
        Client().post("/staff/login/", {"username": "alice_roads", "password": "guess"})
    other_user = Client().post("/staff/login/", {"username": "bob_water", "password": PASSWORD})
    assert other_user.status_code == 302
    other_address = Client(REMOTE_ADDR="10.0.0.9").post(
        "/staff/login/", {"username": "alice_roads", "password": PASSWORD})
    assert other_address.status_code == 302


def test_it_treats_the_username_case_insensitively(roads_officer, settings):
    settings.LOGIN_ATTEMPTS_PER_15_MIN = 2
    for name in ("alice_roads", "ALICE_ROADS"):
        Client().post("/staff/login/", {"username": name, "password": "guess"})
    response = Client().post("/staff/login/", {"username": "Alice_Roads", "password": PASSWORD})
    assert response.status_code == 429


def test_it_starts_counting_afresh_after_a_successful_login(roads_officer, settings):
    settings.LOGIN_ATTEMPTS_PER_15_MIN = 2
    client = Client()
    client.post("/staff/login/", {"username": "alice_roads", "password": "guess"})
    assert client.post("/staff/login/", {"username": "alice_roads",
                                         "password": PASSWORD}).status_code == 302
    client.post("/staff/logout/")
    client.post("/staff/login/", {"username": "alice_roads", "password": "guess"})
    assert client.post("/staff/login/", {"username": "alice_roads",
                                         "password": PASSWORD}).status_code == 302
