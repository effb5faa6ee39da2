"""Signed webhooks to an in-process receiver: what it gets, and what its answers mean."""

from __future__ import annotations

import socket

import pytest

from cityloop.cases.contacts import ContactInfo
from cityloop.notify.channels.webhook.signing import verify
from cityloop.notify.models import Kind, Message, MessageStatus, NotificationChannel, Outcome
from tests.notify.helpers import send

SECRET = "s3cret-shared-with-the-city-data-hub"


@pytest.fixture
def hook_channel(city, fake_webhook):
    return NotificationChannel.objects.create(
        name="East roads integration", kind="webhook", target=fake_webhook.url, secret=SECRET,
        department=city.departments["roads_east"],
    )


@pytest.fixture
def new_case_message(hook_channel, make_case):
    case = make_case(contact=ContactInfo(name="Mei Lin", email="mei@example.org",
                                         phone="13800000000"))
    return Message.objects.get(case=case, channel=hook_channel)


def test_it_posts_the_case_and_the_event(fake_webhook, new_case_message):
    assert send(new_case_message) == Outcome.OK
    assert new_case_message.status == MessageStatus.SENT
    received, = fake_webhook.requests
    body = received.json
    case = new_case_message.case
    assert body["kind"] == Kind.NEW_CASE
    assert body["case"]["service_request_id"] == case.reference
    assert body["case"]["department"] == "roads_east"
    assert body["case"]["area"] == "east_s"
    assert (body["event"]["action"], body["event"]["seq"]) == ("create", 1)
    assert body["event"]["hash"] == case.events.get().hash
    assert received.header("X-CityLoop-Event") == Kind.NEW_CASE
    assert received.header("X-CityLoop-Delivery") == str(new_case_message.pk)
    assert received.header("Content-Type").startswith("application/json")


def test_it_sends_no_reporter_contact(fake_webhook, new_case_message):
    send(new_case_message)
    raw = fake_webhook.requests[0].body.decode()
    for private in ("Mei Lin", "mei@example.org", "13800000000",
                    new_case_message.case.tracking_token):
        assert private not in raw


def test_it_signs_the_body_so_the_receiver_can_check_it(fake_webhook, new_case_message):
    send(new_case_message)
    received = fake_webhook.requests[0]
    signature = received.header("X-CityLoop-Signature")
    assert verify(SECRET, received.body, signature)
    assert not verify("another secret", received.body, signature)
    assert not verify(SECRET, received.body + b" ", signature)


def test_it_sends_no_signature_without_a_secret(fake_webhook, hook_channel, new_case_message):
    NotificationChannel.objects.filter(pk=hook_channel.pk).update(secret="")
    assert send(new_case_message) == Outcome.OK
    assert fake_webhook.requests[0].header("X-CityLoop-Signature") == ""


def test_it_retries_when_the_receiver_has_trouble(fake_webhook, hook_channel, make_case):
    for status in (500, 502, 503, 429, 408, 301):
        fake_webhook.answer(status)
        message = Message.objects.get(case=make_case(), channel=hook_channel)
        assert send(message) == Outcome.TRANSIENT, status
        assert message.status == MessageStatus.QUEUED
        assert f"HTTP {status}" in message.last_error
    hook_channel.refresh_from_db()
    assert hook_channel.enabled


def test_it_disables_a_webhook_that_answers_for_good(fake_webhook, hook_channel, make_case):
    for status in (410, 404, 401):
        NotificationChannel.objects.filter(pk=hook_channel.pk).update(enabled=True)
        fake_webhook.answer(status)
        message = Message.objects.get(case=make_case(), channel=hook_channel)
        assert send(message) == Outcome.PERMANENT, status
        assert message.status == MessageStatus.FAILED
        hook_channel.refresh_from_db()
        assert hook_channel.enabled is False
        assert hook_channel.disabled_reason.startswith(f"HTTP {status}")


def test_it_retries_a_receiver_that_does_not_answer_in_time(fake_webhook, new_case_message,
                                                            settings):
    settings.WEBHOOK_TIMEOUT = 0.3
    fake_webhook.hold()
    assert send(new_case_message) == Outcome.TRANSIENT
    assert "Timeout" in new_case_message.last_error
    assert new_case_message.status == MessageStatus.QUEUED


def test_it_retries_a_receiver_that_is_down(hook_channel, new_case_message):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    hook_channel.target = f"http://127.0.0.1:{port}/hook"
    hook_channel.save()
    assert send(new_case_message) == Outcome.TRANSIENT
    assert "could not reach the URL" in new_case_message.last_error


def test_it_sends_queued_messages_to_the_channels_corrected_address(
        hook_channel, new_case_message, fake_webhook):
    Message.objects.filter(pk=new_case_message.pk).update(target="http://old.example/hook")
    assert send(new_case_message) == Outcome.OK  # to the channel's address now
    assert fake_webhook.delivery_ids() == [str(new_case_message.pk)]


def test_it_disables_a_webhook_whose_address_is_not_a_url(hook_channel, new_case_message):
    hook_channel.target = "hub.example/hook"
    hook_channel.save()
    assert send(new_case_message) == Outcome.PERMANENT
    hook_channel.refresh_from_db()
    assert hook_channel.enabled is False
    assert "invalid URL" in hook_channel.disabled_reason
