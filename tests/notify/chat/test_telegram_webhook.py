"""The webhook's door: the secret, what it refuses, what it ignores, and that Telegram
never sees a 500 nor gets an update processed twice."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cityloop.cases.models import Case
from cityloop.notify.chat import conversation as core
from cityloop.notify.chat.models import Conversation
from tests.fakes.telegram import FakeTelegram, message_update, text_update
from tests.notify.chat.helpers import conversation, next_id, post


def test_a_wrong_or_missing_secret_is_refused(fake_telegram: FakeTelegram, db: None) -> None:
    assert post(text_update(next_id(), 1, "/start"), secret="guess") == 403
    assert post(text_update(next_id(), 1, "/start"), secret="") == 403
    assert not Conversation.objects.exists() and fake_telegram.sent() == []


def test_without_a_token_or_secret_there_is_no_webhook(fake_telegram: FakeTelegram,
                                                       settings: object) -> None:
    settings.TELEGRAM_WEBHOOK_SECRET = ""  # type: ignore[attr-defined]
    assert post(text_update(next_id(), 1, "/start"), secret="") == 404


def test_only_post_is_taken(fake_telegram: FakeTelegram) -> None:
    assert Client().get(reverse("chat_telegram_webhook")).status_code == 405


@pytest.mark.parametrize("body", [b"not json", b"[]", b'{"message": {}}', b'{"update_id": "7"}'])
def test_a_body_that_is_no_update_is_answered_400(fake_telegram: FakeTelegram,
                                                   body: bytes) -> None:
    from tests.fakes.telegram import SECRET
    response = Client().post(reverse("chat_telegram_webhook"), body,
                             content_type="application/json",
                             headers={"X-Telegram-Bot-Api-Secret-Token": SECRET})
    assert response.status_code == 400
    assert response.json()["ok"] is False


def test_an_update_sent_twice_is_processed_once(fake_telegram: FakeTelegram, city: object
                                                ) -> None:
    update = text_update(next_id(), 5, "/start")
    assert post(update) == 200
    sent = len(fake_telegram.sent(5))
    assert post(update) == 200  # Telegram's retry: the same update_id
    assert len(fake_telegram.sent(5)) == sent
    assert conversation(5).last_update == update["update_id"]


def test_group_chats_and_other_updates_are_ignored(fake_telegram: FakeTelegram,
                                                  city: object) -> None:
    assert post(message_update(next_id(), -100, chat_type="group", text="/start")) == 200
    assert post({"update_id": next_id(), "edited_message": {"text": "x"}}) == 200
    assert post(message_update(next_id(), 6, sticker={"file_id": "s"})) == 200
    assert fake_telegram.sent(-100) == []
    assert not Conversation.objects.filter(chat_id="-100").exists()


def test_a_failure_is_logged_and_answered_never_a_500(
        fake_telegram: FakeTelegram, monkeypatch: pytest.MonkeyPatch, city: object) -> None:
    def broken(conversation: Conversation) -> None:
        raise RuntimeError("database on fire")

    monkeypatch.setattr(core, "_help", broken)
    update = text_update(next_id(), 8, "hello")
    assert post(update) == 200
    assert "something went wrong" in fake_telegram.last(8).text
    # Nothing was kept: the person's next try is processed afresh.
    assert not Conversation.objects.filter(chat_id="8").exists()


def test_telegram_refusing_a_reply_still_answers_200(fake_telegram: FakeTelegram,
                                                     city: object) -> None:
    fake_telegram.failing["sendMessage"] = (403, "Forbidden: bot was blocked by the user")
    assert post(text_update(next_id(), 9, "/start")) == 200
    assert conversation(9).step == "photo"  # the conversation went on all the same
    assert not Case.objects.exists()
