"""/warnings/subscribe/: asking by email or text message, confirming, the browser's push
subscription, leaving by the link or one click, and the limits on asking."""

from __future__ import annotations

import json

import pytest
from django.core import mail

from cityloop.notify.channels.webpush import keys
from cityloop.notify.models import Kind, Message
from cityloop.warnings.subscriptions import optin
from cityloop.warnings.subscriptions.models import Channel, Subscription
from tests.fakes.fixtures import fake_sms  # noqa: F401
from tests.notify.helpers import send

PAGE = "/warnings/subscribe/"


def _sent_text() -> str:
    message = Message.objects.filter(kind=Kind.WARNING_CONFIRM).order_by("-id").first()
    assert message is not None
    assert send(message) == "ok", message.last_error
    return str(mail.outbox[-1].body)


def test_the_page_lists_the_city_its_districts_and_their_streets(client, city):
    keys.ensure_keys()
    html = client.get(PAGE).content.decode()
    assert 'value="testcity"' in html and "<summary>East District</summary>" in html
    assert 'value="east_s"' in html
    assert f'data-key="{keys.public_key()}"' in html
    assert 'cityloop/warnings-sw.js' in html


def test_the_page_is_in_chinese_for_a_chinese_visitor(client, city):
    html = client.get(PAGE, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "东区" in html and "预警" in html


def test_subscribing_by_email_asks_for_confirmation_then_subscribes(client, city):
    response = client.post(PAGE, {"areas": ["east", "west_n"], "channel": "email",
                                  "address": "Ann@Example.org", "language": "zh-hans"})
    assert response.status_code == 302 and response["Location"] == "/warnings/subscribe/sent/"
    page = client.get(response["Location"]).content.decode()
    assert "Check your inbox" in page and "ann@example.org" not in page.lower()
    subscription = Subscription.objects.get()
    assert (subscription.address, subscription.language, subscription.confirmed) == (
        "ann@example.org", "zh-hans", False)

    body = _sent_text()
    line = next(line for line in body.splitlines() if "/warnings/subscribe/confirm/" in line)
    link = line[line.index("/warnings/"):]
    assert client.get(link).status_code == 200  # a scanner opening it changes nothing
    subscription.refresh_from_db()
    assert not subscription.confirmed
    assert 'data-testid="confirm-done"' in client.post(link).content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed


def test_subscribing_by_text_message_takes_the_code(client, city, fake_sms):  # noqa: F811
    client.post(PAGE, {"areas": ["east"], "channel": "sms", "address": "+86 138 0000 0000",
                       "language": "en"})
    subscription = Subscription.objects.get()
    message = Message.objects.get(warning_subscription=subscription)
    assert send(message) == "ok"
    [text] = fake_sms.texts()
    code = optin.sms_code(subscription)
    assert text.to == "+8613800000000" and code in text.text
    wrong = client.post("/warnings/subscribe/sent/", {"code": "12345x"})
    assert wrong.status_code == 400
    page = client.post("/warnings/subscribe/sent/", {"code": code}).content.decode()
    assert 'data-testid="confirm-done"' in page
    subscription.refresh_from_db()
    assert subscription.confirmed


@pytest.mark.parametrize("fields, problem", [
    ({"channel": "email", "address": "ann@example.org"}, "Choose at least one area."),
    ({"areas": ["east"], "channel": "email", "address": "not-an-address"},
     "Write the email address like name@example.com."),
    ({"areas": ["east"], "channel": "sms", "address": "call me"},
     "Write the phone number with its country code"),
    ({"areas": ["nowhere"], "channel": "email", "address": "ann@example.org"},
     "Choose areas from the list."),
])
def test_a_bad_form_says_what_to_fix(client, city, fields, problem):
    response = client.post(PAGE, {"language": "en", **fields})
    assert response.status_code == 400
    assert problem in response.content.decode()
    assert not Subscription.objects.exists()


def test_a_browser_subscribes_to_push_with_its_permission(client, city):
    body = {"endpoint": "https://push.example/send/abc", "keys": {"p256dh": "BK", "auth": "au"},
            "areas": ["east"], "language": "zh-hans"}
    response = client.post("/warnings/subscribe/push/", json.dumps(body),
                           content_type="application/json")
    assert response.status_code == 201, response.content
    subscription = Subscription.objects.get()
    assert (subscription.channel, subscription.confirmed, subscription.push_keys) == (
        Channel.WEBPUSH, True, {"p256dh": "BK", "auth": "au"})
    bad = client.post("/warnings/subscribe/push/", "[]", content_type="application/json")
    assert bad.status_code == 400 and "error" in bad.json()


def test_leaving_by_the_link_or_by_one_click(client, city):
    first = optin.subscribe(optin.Ask(Channel.EMAIL, "a@example.org", (city.areas["east"],),
                                      "en"), confirmed=True)
    second = optin.subscribe(optin.Ask(Channel.EMAIL, "b@example.org", (city.areas["east"],),
                                       "en"), confirmed=True)
    link = optin.LINKS.unsubscribe_url(first.pk).split("8000", 1)[1]
    assert "East District" in client.get(link).content.decode()
    assert 'data-testid="unsubscribed"' in client.post(link).content.decode()
    one_click = optin.LINKS.unsubscribe_url(second.pk).split("8000", 1)[1]
    response = client.post(one_click, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and response.content == b"unsubscribed\n"
    assert not Subscription.objects.exists()
    assert client.get("/warnings/subscribe/unsubscribe/forged/").status_code == 404


def test_a_bad_or_old_confirmation_link_explains_itself(client, city):
    assert client.get("/warnings/subscribe/confirm/forged/").status_code == 404


def test_asking_too_often_for_one_address_is_refused(client, city):
    form = {"areas": ["east"], "channel": "email", "address": "ann@example.org",
            "language": "en"}
    for _ in range(3):
        assert client.post(PAGE, form).status_code == 302
    assert client.post(PAGE, form).status_code == 429
