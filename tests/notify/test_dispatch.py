"""Delivering one message: a record before the attempt, the outcome after, retries with backoff."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cityloop.cases.contacts import ContactInfo
from cityloop.notify.channels.base import Outgoing, Transport, TransportError
from cityloop.notify.dispatch import backoff, deliver
from cityloop.notify.models import (
    Delivery,
    Kind,
    Message,
    MessageStatus,
    NotificationChannel,
    Outcome,
)
from cityloop.registry import Entry, notification_transports
from tests.notify.helpers import WORKER, claim, send


class FakeTransport(Transport):
    """Does what the test says; remembers what it saw when it was called."""

    kind = "fake"
    failure: TransportError | Exception | None = None
    seen: list[tuple[Outgoing, list[Delivery]]] = []

    def send(self, outgoing: Outgoing) -> None:
        pending = list(Delivery.objects.filter(message_id=outgoing.message_id,
                                               outcome=Outcome.PENDING))
        FakeTransport.seen.append((outgoing, pending))
        if FakeTransport.failure is not None:
            raise FakeTransport.failure


@pytest.fixture
def transport(monkeypatch):
    # Registered for this test only: the registry is documented and shared.
    monkeypatch.setitem(notification_transports._entries, "fake",
                        Entry("fake", "A test transport", FakeTransport))
    monkeypatch.setattr(FakeTransport, "failure", None)
    monkeypatch.setattr(FakeTransport, "seen", [])
    return FakeTransport


@pytest.fixture
def message(city, make_case):
    """A new-case message for the east roads office's (fake) channel."""
    NotificationChannel.objects.create(
        name="East desk", kind="fake", target="east-desk", department=city.departments[
            "roads_east"],
    )
    case = make_case(contact=None)
    return Message.objects.get(case=case, kind=Kind.NEW_CASE)


def test_it_records_the_delivery_before_calling_the_transport(transport, message):
    assert send(message) == Outcome.OK
    (outgoing, pending), = transport.seen
    assert outgoing.target == "east-desk"
    assert [(d.attempt, d.worker) for d in pending] == [(1, WORKER)]
    delivery = Delivery.objects.get(message=message)
    assert (delivery.outcome, delivery.error) == (Outcome.OK, "")
    assert delivery.finished_at is not None and delivery.duration_ms is not None


def test_it_marks_a_delivered_message_sent(transport, message):
    send(message)
    assert (message.status, message.attempts, message.claimed_by) == (MessageStatus.SENT, 1, "")
    assert message.sent_at is not None


def test_it_retries_a_transient_failure_later(transport, message):
    transport.failure = TransportError("connection reset")
    before = timezone.now()
    assert send(message) == Outcome.TRANSIENT
    assert (message.status, message.attempts, message.last_error) == (
        MessageStatus.QUEUED, 1, "connection reset")
    wait = message.next_attempt_at - before
    assert timedelta(seconds=24) <= wait <= timedelta(seconds=37)
    delivery = Delivery.objects.get(message=message)
    assert (delivery.outcome, delivery.error) == (Outcome.TRANSIENT, "connection reset")
    assert NotificationChannel.objects.get().enabled


def test_it_backs_off_exponentially_up_to_six_hours():
    for attempt, seconds in ((1, 30), (2, 60), (3, 120), (6, 960), (20, 6 * 3600)):
        wait = backoff(attempt).total_seconds()
        assert 0.8 * seconds <= wait <= 1.2 * seconds, attempt


def test_it_gives_up_after_the_last_attempt_without_blaming_the_channel(
        transport, message, settings):
    settings.NOTIFY_MAX_ATTEMPTS = 3
    transport.failure = TransportError("timed out")
    outcomes = [send(message) for _ in range(3)]
    assert outcomes == [Outcome.TRANSIENT, Outcome.TRANSIENT, Outcome.PERMANENT]
    assert (message.status, message.attempts) == (MessageStatus.FAILED, 3)
    assert list(Delivery.objects.filter(message=message).order_by("attempt")
                .values_list("attempt", flat=True)) == [1, 2, 3]
    assert NotificationChannel.objects.get().enabled


def test_it_disables_a_channel_that_fails_for_good_and_says_why(transport, message):
    transport.failure = TransportError("HTTP 410: gone", permanent=True)
    assert send(message) == Outcome.PERMANENT
    assert message.status == MessageStatus.FAILED
    desk = NotificationChannel.objects.get()
    assert (desk.enabled, desk.disabled_reason) == (False, "HTTP 410: gone")


def test_it_fails_a_citizens_message_for_good_without_touching_any_channel(
        transport, message, make_case):
    case = make_case(contact=ContactInfo(email="nobody@example.org"))
    ack = Message.objects.get(case=case, kind=Kind.ACKNOWLEDGEMENT)
    Message.objects.filter(pk=ack.pk).update(transport="fake")
    transport.failure = TransportError("recipient refused", permanent=True)
    assert send(ack) == Outcome.PERMANENT
    assert ack.status == MessageStatus.FAILED
    assert NotificationChannel.objects.get().enabled


def test_it_fails_a_message_for_an_unknown_transport_for_good(message):
    Message.objects.filter(pk=message.pk).update(transport="pigeon")
    assert send(message) == Outcome.PERMANENT
    assert "no 'pigeon'" in message.last_error


def test_it_retries_after_a_bug_in_a_transport(transport, message):
    transport.failure = ValueError("unexpected None")
    assert send(message) == Outcome.TRANSIENT
    assert message.status == MessageStatus.QUEUED
    assert message.last_error == "ValueError: unexpected None"


def test_it_leaves_a_message_another_worker_has_claimed(transport, message):
    claim(message, worker="other-worker")
    assert deliver(message.pk, WORKER) == Outcome.PENDING
    assert not Delivery.objects.exists()
    assert transport.seen == []
    message.refresh_from_db()
    assert (message.status, message.claimed_by) == (MessageStatus.SENDING, "other-worker")
