"""Double opt-in per channel, the confirmation messages, and leaving."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from cityloop.notify import links
from cityloop.notify.channels.webpush import keys
from cityloop.notify.models import Kind, Message
from cityloop.registry import periodic_jobs
from cityloop.warnings.publish import publish
from cityloop.warnings.subscriptions import optin, render
from cityloop.warnings.subscriptions.models import Channel, Subscription
from tests.fakes.fixtures import fake_push  # noqa: F401
from tests.fakes.push import FakeBrowser
from tests.notify.helpers import send
from tests.warnings.helpers import draft


def ask(channel: str, address: str, *areas, language: str = "en") -> Subscription:
    return optin.subscribe(optin.Ask(channel, address, areas, language))


def test_an_email_subscription_waits_for_its_link(city):
    subscription = ask(Channel.EMAIL, " Resident@Example.org ", city.areas["west_n"])
    assert subscription.address == "resident@example.org"
    assert subscription.confirmed_at is None
    message = Message.objects.get(warning_subscription=subscription)
    assert message.kind == Kind.WARNING_CONFIRM and message.transport == "email"
    outgoing = render.render_confirmation(message)
    link = re.search(r"http\S+/warnings/subscribe/confirm/(\S+)/", outgoing.text)
    assert link is not None
    outcome, confirmed = optin.confirm(link.group(1))
    assert outcome == optin.Confirmed.NOW and confirmed is not None and confirmed.confirmed
    assert optin.confirm(optin.LINKS.confirm_token(subscription.pk))[0] == \
        optin.Confirmed.ALREADY


def test_asking_again_adds_areas_to_the_same_pending_row(city):
    first = ask(Channel.EMAIL, "a@example.org", city.areas["west_n"])
    again = ask(Channel.EMAIL, "A@example.org", city.areas["east"], language="zh-hans")
    assert again.pk == first.pk
    assert {a.code for a in again.areas.all()} == {"west_n", "east"}
    assert again.language == "zh-hans"
    assert Message.objects.filter(warning_subscription=first).count() == 2


def test_a_form_cannot_change_a_confirmed_subscription(city):
    subscription = ask(Channel.EMAIL, "a@example.org", city.areas["west_n"])
    optin.confirm(optin.LINKS.confirm_token(subscription.pk))
    again = ask(Channel.EMAIL, "a@example.org", city.areas["east"], language="zh-hans")
    assert [a.code for a in again.areas.all()] == ["west_n"] and again.language == "en"


def test_a_text_message_subscription_is_confirmed_by_its_code(city):
    subscription = ask(Channel.SMS, "+86 138-0000-0000", city.areas["east"],
                       language="zh-hans")
    assert subscription.address == "+8613800000000"
    message = Message.objects.get(warning_subscription=subscription)
    outgoing = render.render_confirmation(message)
    code = optin.sms_code(subscription)
    assert code in outgoing.text and len(code) == 6
    assert optin.confirm_code(subscription.pk, "000000" if code != "000000" else "111111")[0] \
        == optin.Confirmed.WRONG
    assert optin.confirm_code(subscription.pk, f" {code} ")[0] == optin.Confirmed.NOW


def test_a_code_stops_working_after_an_hour_or_five_wrong_guesses(city):
    subscription = ask(Channel.SMS, "+8613800000001", city.areas["east"])
    code = optin.sms_code(subscription)
    later = timezone.now() + optin.CODE_VALID + timedelta(minutes=1)
    assert optin.confirm_code(subscription.pk, code, now=later)[0] == optin.Confirmed.EXPIRED
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(optin.CODE_TRIES):
        optin.confirm_code(subscription.pk, wrong)
    assert optin.confirm_code(subscription.pk, code)[0] == optin.Confirmed.EXPIRED


def test_push_and_staff_subscriptions_need_no_confirmation_message(city):
    push = optin.subscribe(optin.Ask(Channel.WEBPUSH, "https://push.example/abc",
                                     (city.areas["east"],), "en",
                                     push_keys={"p256dh": "k", "auth": "a"}))
    staff = optin.subscribe(optin.Ask(Channel.EMAIL, "leader@example.org",
                                      (city.areas["east"],), "en"), confirmed=True)
    assert push.confirmed and staff.confirmed
    assert not Message.objects.filter(warning_subscription__in=[push, staff]).exists()


def test_leaving_deletes_the_row_and_what_is_queued_for_it(city):
    subscription = ask(Channel.EMAIL, "a@example.org", city.areas["east"])
    token = optin.LINKS.unsubscribe_token(subscription.pk)
    assert optin.find(token) == subscription
    assert optin.unsubscribe(token) is True
    assert not Subscription.objects.filter(pk=subscription.pk).exists()
    assert not Message.objects.filter(warning_subscription_id=subscription.pk).exists()
    assert optin.unsubscribe(token) is False


def test_links_of_one_kind_are_no_use_as_another(city):
    subscription = ask(Channel.EMAIL, "a@example.org", city.areas["east"])
    with pytest.raises(links.Invalid):
        optin.confirm(optin.LINKS.unsubscribe_token(subscription.pk))
    with pytest.raises(links.Invalid):  # a follower's link is not a warning link
        optin.find(links.SignedLinks("cityloop.follow", "follow_confirm",
                                     "follow_unsubscribe").unsubscribe_token(subscription.pk))


def test_unconfirmed_subscriptions_are_forgotten_after_a_week(city):
    old = ask(Channel.EMAIL, "old@example.org", city.areas["east"])
    Subscription.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=8))
    fresh = ask(Channel.EMAIL, "new@example.org", city.areas["east"])
    assert optin.forget_unconfirmed(timezone.now()) == 1
    assert list(Subscription.objects.values_list("pk", flat=True)) == [fresh.pk]


def test_the_confirmation_text_is_in_the_subscribers_language(city):
    subscription = ask(Channel.EMAIL, "zh@example.org", city.areas["east"], language="zh-hans")
    outgoing = render.render_confirmation(Message.objects.get(warning_subscription=subscription))
    assert "确认" in outgoing.subject
    assert "/warnings/subscribe/confirm/" in outgoing.text


def test_a_browser_its_push_service_forgot_hears_no_more(city, fake_push):  # noqa: F811
    keys.ensure_keys()
    browser = FakeBrowser()
    subscription = optin.subscribe(optin.Ask(Channel.WEBPUSH, fake_push.url,
                                             (city.areas["east"],), "en",
                                             push_keys=browser.keys()))
    warning = publish(draft(city.areas["east"]), by="duty officer")
    fake_push.answer(410)
    message = Message.objects.get(warning=warning)
    assert send(message) == "permanent"
    subscription.refresh_from_db()
    assert not subscription.confirmed
    later = timezone.now() + timedelta(hours=1)
    assert "1 unconfirmed" in periodic_jobs.get("warning_subscriptions").run(later)
    assert not Subscription.objects.exists()


def test_a_pushed_warning_is_the_short_text_in_the_subscribers_language(city, fake_push):  # noqa: F811
    keys.ensure_keys()
    browser = FakeBrowser()
    optin.subscribe(optin.Ask(Channel.WEBPUSH, fake_push.url, (city.areas["east"],),
                              "zh-hans", push_keys=browser.keys()))
    warning = publish(draft(city.areas["east"]), by="duty officer")
    assert send(Message.objects.get(warning=warning)) == "ok"
    shown = browser.read(fake_push.requests[0])
    assert shown["title"] == "严重预警：河岸洪水预警"
    assert shown["body"] == "请转移到高处。" and shown["tag"] == warning.identifier
    assert shown["url"].endswith(f"/warnings/{warning.identifier}/")
