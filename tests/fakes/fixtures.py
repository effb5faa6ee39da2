"""Pytest fixtures serving the fakes; import them into a conftest to use them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.fakes.imap import FakeIMAPServer
from tests.fakes.push import FakePushService
from tests.fakes.sms import FakeSmsGateway
from tests.fakes.smtp import FakeSMTPServer
from tests.fakes.telegram import SECRET, FakeTelegram
from tests.fakes.webhook import FakeWebhook


@pytest.fixture
def fake_smtp() -> Iterator[FakeSMTPServer]:
    server = FakeSMTPServer().start()
    yield server
    server.stop()


@pytest.fixture
def fake_imap() -> Iterator[FakeIMAPServer]:
    server = FakeIMAPServer().start()
    yield server
    server.stop()


@pytest.fixture
def fake_webhook() -> Iterator[FakeWebhook]:
    hook = FakeWebhook().start()
    yield hook
    hook.stop()


@pytest.fixture
def fake_sms(settings: Any) -> Iterator[FakeSmsGateway]:
    """The SMS gateway CityLoop is configured to use, for the length of a test."""
    gateway = FakeSmsGateway()
    gateway.start()
    settings.SMS_GATEWAY_URL = gateway.url
    settings.SMS_GATEWAY_TOKEN = "gateway-token"
    yield gateway
    gateway.stop()


@pytest.fixture
def fake_push() -> Iterator[FakePushService]:
    service = FakePushService()
    service.start()
    yield service
    service.stop()


@pytest.fixture
def fast_passwords(settings: Any) -> None:
    """Personas are created in every test; a cheap hasher keeps the suite fast."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def fake_telegram(settings: Any) -> Iterator[FakeTelegram]:
    """A fake Bot API, and the settings that point the city's bot at it."""
    fake = FakeTelegram().start()
    settings.TELEGRAM_BOT_TOKEN = fake.token
    settings.TELEGRAM_WEBHOOK_SECRET = SECRET
    settings.TELEGRAM_API_URL = fake.url
    settings.TELEGRAM_TIMEOUT = 5
    yield fake
    fake.stop()
