"""The staff login limit holds against look-alike names, many names, and the admin.

Django's login form reads the user name through NFKC, so ``ｐarks.officer``
(a fullwidth p) and ``parks.of\ufb01cer`` (an fi ligature) sign in as
``parks.officer``. Every spelling that reaches an account counts against it.
"""

from __future__ import annotations

from unittest import mock

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

PASSWORD = "correct horse battery"
LOOK_ALIKES = ["\uff50arks.officer", "parks.of\ufb01cer", "parks.o\ufb03cer"]


@pytest.fixture
def parks_officer(city: object) -> User:
    user = User.objects.create_user("parks.officer", "parks@city.example", PASSWORD,
                                    is_staff=True)
    user.groups.add(Group.objects.get(name="officer"))
    return user


def sign_in(client: Client, username: str, password: str = PASSWORD) -> int:
    return client.post("/staff/login/", {"username": username, "password": password}).status_code


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def lock_out(client: Client, limit: int) -> None:
    for _ in range(limit):
        assert sign_in(client, "parks.officer", "guess") == 200


@pytest.mark.parametrize("look_alike", LOOK_ALIKES)
def test_a_look_alike_name_does_not_get_past_the_lockout(parks_officer, settings, look_alike):
    settings.LOGIN_ATTEMPTS_PER_15_MIN = 3
    client = Client()
    lock_out(client, 3)
    with mock.patch("django.contrib.auth.forms.authenticate") as authenticate:
        assert sign_in(client, look_alike) == 429
    assert not authenticate.called
    assert not signed_in(client)


def test_the_look_alike_name_would_sign_in_without_the_lockout(parks_officer):
    # The reason the limit must follow the account: these names reach it.
    for look_alike in LOOK_ALIKES:
        client = Client()
        assert sign_in(client, look_alike) == 302
        assert signed_in(client)


def test_guesses_under_different_spellings_add_up_on_the_account(parks_officer, settings):
    settings.LOGIN_ATTEMPTS_PER_15_MIN = 4
    client = Client()
    for name in [*LOOK_ALIKES, "PARKS.OFFICER"]:
        assert sign_in(client, name, "guess") == 200
    assert sign_in(client, "parks.officer") == 429
    assert not signed_in(client)


def test_the_admin_login_is_locked_too(parks_officer, city_admin, settings):
    settings.LOGIN_ATTEMPTS_PER_15_MIN = 3
    client = Client()
    for _ in range(3):
        assert sign_in(client, "erin_admin", "guess") == 200
    with mock.patch("django.contrib.auth.forms.authenticate") as authenticate:
        admin_post = client.post("/admin/login/", {"username": "ｅrin_admin",
                                                   "password": PASSWORD, "next": "/admin/"})
        assert sign_in(client, "ｅrin_admin") == 429
    # The admin has no password check of its own: it sends people to the
    # rate-limited staff sign-in.
    assert admin_post.status_code == 302
    assert admin_post["Location"].startswith("/staff/login/")
    assert not authenticate.called
    assert not signed_in(client)
    assert client.get("/admin/").status_code == 302


def test_one_address_trying_many_names_is_stopped(parks_officer, water_officer, settings):
    settings.LOGIN_ATTEMPTS_PER_15_MIN = 3
    settings.LOGIN_ATTEMPTS_PER_ADDRESS = 5
    client = Client()
    for n in range(5):
        assert sign_in(client, f"someone{n}", "guess") == 200
    response = client.post("/staff/login/", {"username": "bob_water", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many sign-in attempts from your address" in response.content.decode()
    assert sign_in(Client(REMOTE_ADDR="10.0.0.9"), "bob_water") == 302


def test_another_user_still_signs_in_from_the_locked_out_address(
        parks_officer, water_officer, settings):
    settings.LOGIN_ATTEMPTS_PER_15_MIN = 3
    client = Client()
    lock_out(client, 3)
    assert sign_in(client, "parks.officer") == 429
    colleague = Client()
    assert sign_in(colleague, "bob_water") == 302
    assert signed_in(colleague)


def test_successful_logins_do_not_use_up_the_address_allowance(water_officer, settings):
    settings.LOGIN_ATTEMPTS_PER_ADDRESS = 3
    for _ in range(6):  # a shift starting in an office behind one address
        client = Client()
        assert sign_in(client, "bob_water") == 302
        client.post("/staff/logout/")


def test_a_name_with_a_nul_is_an_error_on_the_form_not_a_crash(parks_officer):
    response = Client().post("/staff/login/", {"username": "parks\x00officer",
                                               "password": PASSWORD})
    assert response.status_code == 200
    assert "Null characters are not allowed" in response.content.decode()
