"""Every form of the console is protected against cross-site request forgery."""

from __future__ import annotations

from django.test import Client

from tests.web.staff.helpers import actions_of


def test_it_refuses_a_post_without_the_csrf_token(roads_officer, roads_case):
    case = roads_case()
    client = Client(enforce_csrf_checks=True)
    client.force_login(roads_officer)
    for url, data in ((f"/staff/cases/{case.reference}/act/comment/",
                       {"comment-public_text": "forged"}),
                      (f"/staff/cases/{case.reference}/contact/", {}),
                      ("/staff/bulk/", {"case": case.reference, "action": "assign",
                                        "assignee": "me"}),
                      ("/staff/views/", {"name": "x", "querystring": ""}),
                      ("/staff/logout/", {})):
        assert client.post(url, data).status_code == 403, url
    assert actions_of(case) == ["create"]


def test_it_accepts_the_token_from_the_page(roads_officer, roads_case):
    case = roads_case()
    client = Client(enforce_csrf_checks=True)
    client.force_login(roads_officer)
    client.get(f"/staff/cases/{case.reference}/")
    token = client.cookies["csrftoken"].value
    response = client.post(f"/staff/cases/{case.reference}/act/comment/",
                           {"comment-public_text": "real", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert actions_of(case) == ["create", "comment"]


def test_the_login_form_needs_the_token_too(roads_officer):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/staff/login/", {"username": "alice_roads",
                                             "password": "correct horse battery"})
    assert response.status_code == 403
