"""Verifying a resident by a code, their page, and the way back to where they were."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cityloop.participation import residents
from cityloop.participation.models import Resident, Verification
from cityloop.web.participation.session import KEY
from tests.participation.fixtures import open_process
from tests.web.participation.helpers import signed_in

VERIFY = "/participate/verify/"


def ask_code(client: Client, address: str = "Ann@Example.org", next_: str = "") -> str:
    response = client.post(VERIFY, {"step": "send", "channel": "email", "address": address,
                                    "next": next_})
    assert response.status_code == 200, response.content.decode()
    return residents.code_of(Verification.objects.get())


def test_a_resident_verifies_by_email_and_goes_back(proposals_process):
    client = Client()
    back = reverse("participate:process", args=[proposals_process.slug])
    assert 'data-testid="address-form"' in client.get(VERIFY, {"next": back}).content.decode()
    code = ask_code(client, next_=back)
    page = client.get(VERIFY, {"next": back}).content.decode()
    assert "a***@example.org" in page and "Ann@Example.org" not in page
    response = client.post(VERIFY, {"step": "confirm", "code": code, "next": back})
    assert response.status_code == 302 and response["Location"] == back
    resident = Resident.objects.get()
    assert client.session[KEY] == resident.pk
    page = client.get(reverse("participate:me")).content.decode()
    assert "a***@example.org" in page and "ann@example.org" not in page.lower()


def test_a_wrong_code_is_refused_beside_the_field(db):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    code = ask_code(client)
    wrong = "000000" if code != "000000" else "111111"
    response = client.post(VERIFY, {"step": "confirm", "code": wrong})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="code-error"' in html and "That is not the code we sent" in html
    assert KEY not in client.session and not Resident.objects.exists()


def test_a_bad_address_is_refused_and_kept(db):
    response = Client().post(VERIFY, {"step": "send", "channel": "email",
                                      "address": "<b>not an email</b>"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="address-error"' in html and "Enter a valid email address" in html
    assert "&lt;b&gt;not an email&lt;/b&gt;" in html and "<b>not an email" not in html


def test_a_second_code_within_a_minute_is_refused_with_a_sentence(db):
    client = Client()
    ask_code(client)
    response = client.post(VERIFY, {"step": "send", "channel": "email",
                                    "address": "ann@example.org"})
    assert response.status_code == 400
    assert "Wait a minute" in response.content.decode()


def test_code_requests_are_rate_limited_per_address_of_the_client(db, monkeypatch):
    monkeypatch.setattr("cityloop.web.participation.verify.CODES_PER_HOUR", 2)
    client = Client()
    for n in range(2):
        client.post(VERIFY, {"step": "send", "channel": "email",
                             "address": f"r{n}@example.org"})
    response = client.post(VERIFY, {"step": "send", "channel": "email",
                                    "address": "r9@example.org"})
    assert response.status_code == 429
    assert "Too many requests" in response.content.decode()
    assert not Verification.objects.filter(address="r9@example.org").exists()


@pytest.mark.parametrize("next_", ["https://evil.example/", "//evil.example/x",
                                   "javascript:alert(1)", "/\\evil.example"])
def test_a_next_address_off_the_site_is_ignored(db, next_):
    client = Client()
    code = ask_code(client, next_=next_)
    response = client.post(VERIFY, {"step": "confirm", "code": code, "next": next_})
    assert response.status_code == 302
    assert response["Location"] == reverse("participate:index")


def test_pages_that_need_a_resident_send_to_verify_and_back(proposals_process):
    url = reverse("participate:proposal_new", args=[proposals_process.slug])
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next=%2Fparticipate%2F{proposals_process.slug}" \
                                   "%2Fpropose%2F"
    response = Client().get(reverse("participate:me"))
    assert response["Location"] == f"{VERIFY}?next=%2Fparticipate%2Fme%2F"


def test_a_resident_declares_their_street_and_is_forgotten(city, make_resident):
    resident = make_resident()
    client = signed_in(resident)
    street = city.areas["east_n"]
    response = client.post(reverse("participate:me"), {"street": street.pk})
    assert response.status_code == 200 and 'data-testid="street-saved"' in response.content.decode()
    resident.refresh_from_db()
    assert resident.area_id == street.pk
    response = client.post(reverse("participate:me"), {"street": city.areas["east"].pk})
    assert response.status_code == 400  # a district is not a street
    assert client.post(reverse("participate:me"), {"street": "x"}).status_code == 400
    client.post(reverse("participate:forget"))
    assert KEY not in client.session
    assert client.get(reverse("participate:me")).status_code == 302


def test_a_code_typed_without_asking_for_one_says_what_to_do(db):
    response = Client().post(VERIFY, {"step": "confirm", "code": "123456"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "No code is waiting on this device." in html and 'data-testid="address-form"' in html


def test_an_address_too_long_to_keep_is_refused_beside_the_field(db):
    response = Client().post(VERIFY, {"step": "send", "channel": "email",
                                      "address": "a" * 300 + "@example.org"})
    assert response.status_code == 400
    assert 'data-testid="address-error"' in response.content.decode()
    assert not Verification.objects.exists()


def test_a_resident_outside_the_scope_is_told_to_declare_a_street(city, make_resident):
    process = open_process("proposals", "proposals", slug="east-only", area=city.areas["east"],
                           residence_required=True)
    client = signed_in(make_resident(area=city.areas["west_n"]))
    response = client.get(reverse("participate:proposal_new", args=[process.slug]))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Only residents of East District" in html
    assert f'href="{reverse("participate:me")}"' in html
