"""The ``chat`` transport: the outbox's messages to a reporter's chat, and how it fails."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User

from cityloop import registry
from cityloop.cases.contacts import ContactInfo
from cityloop.cases.models import Case
from cityloop.notify.chat.models import Conversation
from cityloop.notify.models import Kind, Message, MessageStatus
from cityloop.worker.loop import Worker
from tests.fakes.telegram import FakeTelegram
from tests.notify.helpers import send
from tests.web.staff.helpers import act


def chat_message(case: Case, kind: str = Kind.ACKNOWLEDGEMENT) -> Message:
    return Message.objects.get(case=case, kind=kind, transport="chat")


def test_a_citizen_who_reported_by_chat_is_told_there_and_not_by_email(
        fake_telegram: FakeTelegram, make_case: Callable[..., Case]) -> None:
    case = make_case(channel="chat", contact=ContactInfo(chat="telegram:55", language="en"))
    assert list(Message.objects.filter(case=case, channel__isnull=True)
                .values_list("transport", "target")) == [("chat", "telegram:55")]
    assert send(chat_message(case)) == "ok"
    (call,) = fake_telegram.sent(55)
    assert case.reference in call.text and "/track/" in call.text
    assert call.params["reply_markup"] == {"remove_keyboard": True}


def test_the_resolution_asks_for_a_rating_in_the_chat_s_language(
        fake_telegram: FakeTelegram, make_case: Callable[..., Case], city_admin: User) -> None:
    Conversation.objects.create(platform="telegram", chat_id="56", language="zh-hans")
    case = make_case(channel="chat",
                     contact=ContactInfo(chat="telegram:56", language="zh-hans"))
    act(case, "resolve", city_admin, public_text="已修复。")
    assert send(chat_message(case, Kind.CASE_RESOLVED)) == "ok"
    call = fake_telegram.last(56)
    assert "已修复。" in call.text
    assert call.text.endswith(
        "问题处理得怎么样？请点 1（很差）到 5（很好）；评 1 或 2 分，诉求将重新办理。")
    # Asked once, by the buttons: not also as the email's "rate it at this link".
    assert "打分" not in call.text and "/track/" not in call.text
    assert [data for _label, data in call.buttons] == [
        f"r:{case.reference}:{n}" for n in range(1, 6)]


def test_a_chat_that_blocked_the_bot_fails_for_good(
        fake_telegram: FakeTelegram, make_case: Callable[..., Case]) -> None:
    fake_telegram.failing["sendMessage"] = (403, "Forbidden: bot was blocked by the user")
    case = make_case(channel="chat", contact=ContactInfo(chat="telegram:57"))
    message = chat_message(case)
    assert send(message) == "permanent"
    assert message.status == MessageStatus.FAILED
    assert "403 Forbidden: bot was blocked by the user" in message.last_error


def test_telegram_busy_or_away_is_retried_and_the_token_never_shown(
        fake_telegram: FakeTelegram, make_case: Callable[..., Case], settings: object) -> None:
    fake_telegram.failing["sendMessage"] = (429, "Too Many Requests: retry after 5")
    case = make_case(channel="chat", contact=ContactInfo(chat="telegram:58"))
    message = chat_message(case)
    assert send(message) == "transient"
    assert message.status == MessageStatus.QUEUED
    settings.TELEGRAM_API_URL = "http://127.0.0.1:9"  # type: ignore[attr-defined]
    assert send(message) == "transient"
    assert "unreachable" in message.last_error
    assert fake_telegram.token not in message.last_error


def test_a_chat_of_an_unknown_platform_fails_for_good(
        fake_telegram: FakeTelegram, make_case: Callable[..., Case]) -> None:
    case = make_case(channel="chat", contact=ContactInfo(chat="pager:1"))
    message = chat_message(case)
    assert send(message) == "permanent"
    assert "no chat platform 'pager'" in message.last_error


@pytest.mark.django_db(transaction=True)
def test_the_worker_delivers_to_the_chat(fake_telegram: FakeTelegram,
                                         make_case: Callable[..., Case], city_admin: User,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    # Only the outbox: the periodic jobs have their own tests.
    monkeypatch.setattr(registry.periodic_jobs, "_entries", {})
    case = make_case(channel="chat", contact=ContactInfo(chat="telegram:59", language="en"))
    act(case, "resolve", city_admin, public_text="Filled.")
    worker = Worker(threads=1, worker_id="chat-worker")
    try:
        worker.run_once()
    finally:
        worker.close()
    acknowledgement, resolution = fake_telegram.sent(59)
    assert acknowledgement.text.startswith("Thank you for your report")
    assert "Filled." in resolution.text and len(resolution.buttons) == 5
    assert set(Message.objects.filter(case=case, transport="chat")
               .values_list("status", flat=True)) == {MessageStatus.SENT}
