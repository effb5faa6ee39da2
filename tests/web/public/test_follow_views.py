"""/follow/: asking, the "check your inbox" page, confirming and leaving through the
links in the emails, and the limits on asking."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client

from cityloop.notify.follow import tokens
from cityloop.notify.follow.models import Mode, Subscription, Target
from cityloop.notify.models import Kind, Message
from tests.notify.helpers import send


def _confirm_link() -> str:
    message = Message.objects.filter(kind=Kind.FOLLOW_CONFIRM).order_by("-id").first()
    assert message is not None
    send(message)
    body = mail.outbox[-1].body
    line = next(line for line in body.splitlines() if "/follow/confirm/" in line)
    return line[line.index("/follow/"):]


def test_the_page_lists_districts_and_their_streets(client, city):
    html = client.get("/follow/").content.decode()
    assert '<optgroup label="East District">' in html
    assert 'value="east_s"' in html and "All of East District" in html


def test_following_an_area_asks_for_confirmation_then_follows(client, city):
    response = client.post("/follow/", {"what": "area", "area": "east", "email":
                                        "ann@example.org", "mode": "digest"})
    assert response.status_code == 302 and response["Location"] == "/follow/sent/"
    page = client.get("/follow/sent/").content.decode()
    assert "Check your inbox" in page and "East District" in page
    assert "ann@example.org" not in page
    subscription = Subscription.objects.get()
    assert (subscription.target, subscription.mode, subscription.confirmed_at) == (
        Target.AREA, Mode.DIGEST, None)

    link = _confirm_link()
    assert client.get(link).status_code == 200  # a scanner opening it changes nothing
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None
    page = client.post(link).content.decode()
    assert "You are following" in page and "one email a day" in page
    assert "Already confirmed" in client.post(link).content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None


def test_following_remembers_the_page_language(client, city):
    client.post("/follow/", {"what": "area", "area": "west", "email": "li@example.org",
                             "mode": "immediate"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert Subscription.objects.get().language == "zh-hans"


def test_following_a_report_from_its_page(client, make_case):
    case = make_case()
    html = client.get(f"/cases/{case.reference}/").content.decode()
    assert 'data-testid="case-follow-form"' in html
    assert f'href="/cases/{case.reference}/feed.atom"' in html
    response = client.post("/follow/", {"what": "case", "reference": case.reference,
                                        "email": "ann@example.org", "mode": "immediate"})
    assert response.status_code == 302
    assert Subscription.objects.get().case_id == case.pk


def test_following_around_a_point(client, city):
    response = client.post("/follow/", {"what": "radius", "lat": "29.54", "lon": "106.58",
                                        "radius": "1000", "email": "ann@example.org",
                                        "mode": "immediate"})
    assert response.status_code == 302
    subscription = Subscription.objects.get()
    assert (subscription.lat, subscription.lon, subscription.radius_m) == (29.54, 106.58, 1000)


@pytest.mark.parametrize(("data", "error"), [
    ({"what": "area", "area": "nowhere", "email": "a@example.org"}, "Choose an area"),
    ({"what": "area", "area": "east", "email": "not an address"}, "name@example.com"),
    ({"what": "radius", "lat": "10", "lon": "10", "email": "a@example.org"},
     "outside the city"),
    ({"what": "radius", "lat": "", "lon": "106.5", "email": "a@example.org"},
     "latitude and longitude"),
    ({"what": "case", "reference": "1999-1", "email": "a@example.org"}, "no report"),
], ids=["unknown-area", "bad-email", "outside", "no-lat", "unknown-report"])
def test_a_mistake_is_said_on_the_form(client, city, data, error):
    response = client.post("/follow/", {"mode": "immediate", **data})
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not Subscription.objects.exists()


def test_asking_too_often_for_one_address_is_refused(client, city):
    data = {"what": "area", "area": "east", "email": "victim@example.org", "mode": "immediate"}
    codes = [Client(REMOTE_ADDR=f"10.0.0.{n}").post("/follow/", data).status_code
             for n in range(6)]
    assert codes == [302] * 5 + [429]
    assert Message.objects.filter(kind=Kind.FOLLOW_CONFIRM).count() == 5


def test_a_bad_or_expired_link_gets_a_clear_page(client, city, monkeypatch):
    response = client.get("/follow/confirm/not-a-token/")
    assert response.status_code == 404 and "This link does not work" in response.content.decode()
    response = client.get("/follow/unsubscribe/not-a-token/")
    assert response.status_code == 404
    client.post("/follow/", {"what": "area", "area": "east", "email": "a@example.org",
                             "mode": "immediate"})
    link = _confirm_link()
    monkeypatch.setattr(tokens, "CONFIRM_VALID", timedelta(seconds=-1))
    response = client.get(link)
    assert response.status_code == 410 and "expired" in response.content.decode()


def test_unsubscribing_asks_on_get_and_acts_on_post(client, city):
    client.post("/follow/", {"what": "area", "area": "east", "email": "a@example.org",
                             "mode": "immediate"})
    subscription = Subscription.objects.get()
    link = f"/follow/unsubscribe/{tokens.unsubscribe_token(subscription.pk)}/"
    page = client.get(link).content.decode()
    assert "Stop the emails about East District?" in page
    assert Subscription.objects.exists()
    page = Client(enforce_csrf_checks=True).post(link).content.decode()
    assert "No more emails" in page and not Subscription.objects.exists()
    assert "No more emails" in client.get(link).content.decode()  # again: harmless


def test_a_mail_programs_one_click_post_unsubscribes_without_a_page(client, city):
    client.post("/follow/", {"what": "area", "area": "east", "email": "a@example.org",
                             "mode": "immediate"})
    subscription = Subscription.objects.get()
    link = f"/follow/unsubscribe/{tokens.unsubscribe_token(subscription.pk)}/"
    response = Client(enforce_csrf_checks=True).post(
        link, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    assert not Subscription.objects.exists()


def test_the_home_page_and_the_case_list_link_to_following(client, city):
    for url in ("/", "/stats/", "/stats/cases/"):
        html = client.get(url).content.decode()
        assert 'href="/follow/"' in html
        assert 'type="application/atom+xml" href="/cases/feed.atom"' in html
