"""Double opt-in: a pending subscription, its confirmation email, confirming, leaving."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from cityloop.notify.follow import subscriptions, tokens
from cityloop.notify.follow.models import Mode, Subscription
from cityloop.notify.follow.subscriptions import Confirmed, What
from cityloop.notify.models import Kind, Message
from tests.cases.helpers import act
from tests.notify.follow.helpers import following
from tests.notify.helpers import send


@pytest.fixture
def east(city):
    return city.areas["east"]


def test_it_records_a_pending_subscription_and_queues_only_the_confirmation(east):
    subscription = subscriptions.ask("Ann@Example.org", What.in_area(east), language="zh-hans",
                                     mode=Mode.DIGEST)
    assert subscription.confirmed_at is None
    assert (subscription.language, subscription.mode) == ("zh-hans", Mode.DIGEST)
    message, = Message.objects.filter(subscription=subscription)
    assert (message.kind, message.target, message.language) == (
        Kind.FOLLOW_CONFIRM, "Ann@Example.org", "zh-hans")


def test_the_confirmation_email_carries_a_link_that_confirms(east):
    subscription = subscriptions.ask("ann@example.org", What.in_area(east), language="en",
                                     mode=Mode.IMMEDIATE)
    send(Message.objects.get(subscription=subscription))
    email, = mail.outbox
    assert "East District" in email.subject and "confirm" in email.subject
    link = next(line for line in email.body.splitlines() if "/follow/confirm/" in line)
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert subscriptions.confirm(token)[0] == Confirmed.NOW
    assert subscriptions.confirm(token)[0] == Confirmed.ALREADY
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None


def test_a_pending_subscription_hears_nothing(make_case, roads_officer):
    case = make_case()
    subscriptions.ask("ann@example.org", What.report(case), language="en", mode="immediate")
    act(case, "assign", roads_officer, assignee=roads_officer)
    assert not Message.objects.filter(kind=Kind.FOLLOW_CHANGE).exists()


def test_asking_again_before_confirming_reuses_the_row_and_takes_the_latest_choice(east):
    first = subscriptions.ask("ann@example.org", What.in_area(east), language="en",
                              mode=Mode.IMMEDIATE)
    again = subscriptions.ask("ANN@example.org", What.in_area(east), language="zh-hans",
                              mode=Mode.DIGEST)
    assert again.pk == first.pk and Subscription.objects.count() == 1
    assert (again.language, again.mode) == ("zh-hans", Mode.DIGEST)
    assert Message.objects.filter(kind=Kind.FOLLOW_CONFIRM).count() == 2


def test_a_confirmed_subscription_is_not_changed_by_someone_asking_with_its_address(east):
    confirmed = following("ann@example.org", What.in_area(east))
    subscriptions.ask("ann@example.org", What.in_area(east), language="zh-hans",
                      mode=Mode.DIGEST)
    confirmed.refresh_from_db()
    assert (confirmed.language, confirmed.mode) == ("en", Mode.IMMEDIATE)


def test_an_expired_or_altered_link_is_refused(east, monkeypatch):
    subscription = subscriptions.ask("ann@example.org", What.in_area(east), language="en",
                                     mode=Mode.IMMEDIATE)
    token = tokens.confirm_token(subscription.pk)
    with pytest.raises(tokens.Invalid):
        subscriptions.confirm(token[:-2] + "xx")
    with pytest.raises(tokens.Invalid):  # an unsubscribe link is no confirmation
        subscriptions.confirm(tokens.unsubscribe_token(subscription.pk))
    monkeypatch.setattr(tokens, "CONFIRM_VALID", timedelta(seconds=-1))
    with pytest.raises(tokens.Expired):
        subscriptions.confirm(token)


def test_leaving_deletes_the_address_and_what_was_queued(east):
    subscription = subscriptions.ask("ann@example.org", What.in_area(east), language="en",
                                     mode=Mode.IMMEDIATE)
    token = tokens.unsubscribe_token(subscription.pk)
    assert subscriptions.unsubscribe(token) is True
    assert not Subscription.objects.exists()
    assert not Message.objects.filter(target="ann@example.org").exists()
    assert subscriptions.unsubscribe(token) is False  # twice is harmless


def test_unconfirmed_subscriptions_are_forgotten_after_a_week(east):
    now = timezone.now()
    subscriptions.ask("old@example.org", What.in_area(east), language="en", mode="immediate",
                      now=now - timedelta(days=8))
    subscriptions.ask("new@example.org", What.in_area(east), language="en", mode="immediate",
                      now=now - timedelta(days=1))
    assert subscriptions.forget_unconfirmed(now) == 1
    assert list(Subscription.objects.values_list("email", flat=True)) == ["new@example.org"]


def test_a_radius_is_kept_within_bounds_and_rounded():
    what = What.around(29.5412345678, 106.5812345678, 50_000)
    assert (what.lat, what.lon, what.radius_m) == (29.54123, 106.58123,
                                                   subscriptions.MAX_RADIUS_M)
    assert What.around(29.5, 106.5, 5).radius_m == subscriptions.MIN_RADIUS_M
