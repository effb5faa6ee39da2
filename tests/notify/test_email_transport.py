"""Email through a real SMTP conversation with an in-process fake server."""

from __future__ import annotations

import pytest

from cityloop.cases.contacts import ContactInfo
from cityloop.notify.models import (
    Delivery,
    Kind,
    Message,
    MessageStatus,
    NotificationChannel,
    Outcome,
)
from tests.notify.helpers import send


@pytest.fixture
def smtp(fake_smtp, settings):
    """Django sending through the fake server, as with CITYLOOP_SMTP_HOST set."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = fake_smtp.host
    settings.EMAIL_PORT = fake_smtp.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    return fake_smtp


def acknowledgement(make_case, email="mei@example.org", **contact) -> Message:
    case = make_case(contact=ContactInfo(email=email, **contact))
    return Message.objects.get(case=case, kind=Kind.ACKNOWLEDGEMENT)


def test_it_emails_the_reporter_through_the_smtp_server(smtp, make_case, settings):
    settings.DEFAULT_FROM_EMAIL = "Test City <noreply@city.example>"
    message = acknowledgement(make_case)
    assert send(message) == Outcome.OK
    assert message.status == MessageStatus.SENT
    mail, = smtp.to("mei@example.org")
    assert mail.mail_from == "noreply@city.example"
    assert message.case is not None
    assert mail.subject == f"We received your report {message.case.reference}"
    assert mail.message["X-CityLoop-Message"] == str(message.pk)
    assert message.case.tracking_token in mail.body


def test_it_emails_chinese_text_intact(smtp, make_case):
    message = acknowledgement(make_case, language="zh-hans")
    send(message)
    mail, = smtp.to("mei@example.org")
    assert "路面坑洼" in mail.body


def test_it_gives_up_on_an_address_the_server_refuses(smtp, make_case):
    smtp.refuse("mei@example.org", 550, "5.1.1 No such user")
    message = acknowledgement(make_case)
    assert send(message) == Outcome.PERMANENT
    assert message.status == MessageStatus.FAILED
    assert "recipient refused" in message.last_error
    assert smtp.messages == []


def test_it_retries_an_address_the_server_refuses_for_now(smtp, make_case):
    # Greylisting: "450 try again later" is the commonest answer to a first message.
    smtp.refuse("mei@example.org", 450, "4.7.1 Greylisted, try again later")
    message = acknowledgement(make_case)
    assert send(message) == Outcome.TRANSIENT
    assert message.status == MessageStatus.QUEUED
    assert message.next_attempt_at > message.created_at


def test_it_retries_when_the_mail_server_is_down(smtp, make_case):
    smtp.stop()
    message = acknowledgement(make_case)
    assert send(message) == Outcome.TRANSIENT
    assert message.status == MessageStatus.QUEUED
    assert "SMTP server unreachable" in message.last_error
    assert Delivery.objects.get(message=message).outcome == Outcome.TRANSIENT


def test_it_disables_a_department_address_the_server_refuses(smtp, city, make_case):
    desk = NotificationChannel.objects.create(
        name="East desk", kind="email", target="east-desk@city.example",
        department=city.departments["roads_east"],
    )
    smtp.refuse("east-desk@city.example")
    message = Message.objects.get(case=make_case(), channel=desk)
    assert send(message) == Outcome.PERMANENT
    desk.refresh_from_db()
    assert desk.enabled is False
    assert "east-desk@city.example" in desk.disabled_reason


def test_it_keeps_a_department_address_the_server_refuses_for_now(smtp, city, make_case):
    desk = NotificationChannel.objects.create(
        name="East desk", kind="email", target="east-desk@city.example",
        department=city.departments["roads_east"],
    )
    smtp.refuse("east-desk@city.example", 452, "4.2.2 Mailbox full")
    message = Message.objects.get(case=make_case(), channel=desk)
    assert send(message) == Outcome.TRANSIENT
    desk.refresh_from_db()
    assert desk.enabled is True
