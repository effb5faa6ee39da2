"""``cityloop chat-telegram set-webhook URL``: setWebhook with the secret."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.fakes.telegram import SECRET, FakeTelegram

URL = "https://city.example/chat/telegram/webhook/"


def test_set_webhook_tells_telegram_the_address_and_the_secret(
        fake_telegram: FakeTelegram) -> None:
    out = io.StringIO()
    call_command("chat_telegram", "set-webhook", URL, stdout=out)
    (call,) = [c for c in fake_telegram.calls if c.method == "setWebhook"]
    assert call.params == {"url": URL, "secret_token": SECRET,
                           "allowed_updates": ["message", "callback_query"]}
    assert URL in out.getvalue()


@pytest.mark.parametrize(("setting", "value", "url", "says"), [
    ("TELEGRAM_BOT_TOKEN", "", URL, "CITYLOOP_TELEGRAM_BOT_TOKEN is not set"),
    ("TELEGRAM_WEBHOOK_SECRET", "has spaces", URL, "CITYLOOP_TELEGRAM_WEBHOOK_SECRET must be"),
    ("TELEGRAM_TIMEOUT", 5, "http://city.example/hook", "only to HTTPS"),
])
def test_what_cannot_work_is_said_before_calling_telegram(
        fake_telegram: FakeTelegram, settings: object, setting: str, value: object, url: str,
        says: str) -> None:
    setattr(settings, setting, value)
    with pytest.raises(CommandError, match=says):
        call_command("chat_telegram", "set-webhook", url)
    assert fake_telegram.calls == []


def test_telegram_s_refusal_is_reported(fake_telegram: FakeTelegram) -> None:
    fake_telegram.failing["setWebhook"] = (400, "Bad Request: bad webhook: HTTPS required")
    with pytest.raises(CommandError, match="bad webhook"):
        call_command("chat_telegram", "set-webhook", URL)
