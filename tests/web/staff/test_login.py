"""Signing in and out of the staff console; only active staff get in."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.test import Client

from tests.web.staff.helpers import page

PASSWORD = "correct horse battery"


def test_it_shows_the_login_form_in_english_and_chinese(db):
    english = Client(HTTP_ACCEPT_LANGUAGE="en").get("/staff/login/")
    assert english.status_code == 200
    assert 'id="login-form"' in page(english)
    assert 'name="username"' in page(english) and 'name="password"' in page(english)
    chinese = Client(HTTP_ACCEPT_LANGUAGE="zh-hans").get("/staff/login/")
    assert chinese.status_code == 200
    assert '<html lang="zh-hans">' in page(chinese)


def test_it_signs_staff_in_and_goes_to_the_queue(roads_officer):
    client = Client()
    response = client.post("/staff/login/", {"username": "alice_roads", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200


def test_it_returns_to_the_page_asked_for(roads_officer):
    response = Client().post("/staff/login/", {
        "username": "alice_roads", "password": PASSWORD, "next": "/staff/field/"})
    assert response["Location"] == "/staff/field/"


def test_it_refuses_a_wrong_password(roads_officer):
    response = Client().post("/staff/login/", {"username": "alice_roads", "password": "nope"})
    assert response.status_code == 200
    assert 'data-testid="login-error"' in page(response)


def test_it_refuses_an_account_that_is_not_staff(city):
    User.objects.create_user("citizen", "c@example.org", PASSWORD)
    client = Client()
    response = client.post("/staff/login/", {"username": "citizen", "password": PASSWORD})
    assert response.status_code == 200
    assert "not a staff account" in page(response)
    assert "_auth_user_id" not in client.session


def test_it_refuses_an_inactive_account(roads_officer):
    roads_officer.is_active = False
    roads_officer.save()
    client = Client()
    response = client.post("/staff/login/", {"username": "alice_roads", "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_it_signs_out_with_a_post(client_for, roads_officer):
    client = client_for(roads_officer)
    assert client.get("/staff/logout/").status_code == 405  # a link cannot sign anyone out
    response = client.post("/staff/logout/")
    assert response["Location"] == "/staff/login/"
    assert client.get("/staff/").status_code == 302


def test_it_sends_anonymous_visitors_to_sign_in(city):
    for url in ("/staff/", "/staff/points.json", "/staff/field/", "/staff/new/",
                "/staff/cases/2026-000001/"):
        response = Client().get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/staff/login/?next="), url


def test_it_shows_a_forbidden_page_to_signed_in_non_staff(client_for, city):
    citizen = User.objects.create_user("someone", "s@example.org", PASSWORD)
    client = client_for(citizen)
    for url in ("/staff/", "/staff/points.json", "/staff/field/", "/staff/new/"):
        response = client.get(url)
        assert response.status_code == 403, url
        assert 'data-testid="forbidden"' in page(response)
