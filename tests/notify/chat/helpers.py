"""Talking to the Telegram webhook as Telegram does, for the chat tests."""

from __future__ import annotations

import io
import itertools
from typing import Any

from django.test import Client
from django.urls import reverse
from PIL import Image

from cityloop.cases.models import Case
from cityloop.notify.chat.models import Conversation
from tests.fakes.telegram import SECRET

_updates = itertools.count(1000)


def jpeg(size: tuple[int, int] = (64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (120, 90, 60)).save(out, format="JPEG")
    return out.getvalue()


def post(update: dict[str, Any], secret: str = SECRET) -> int:
    """Post ``update`` to the webhook; the status it answered."""
    response = Client().post(reverse("chat_telegram_webhook"), update,
                             content_type="application/json",
                             headers={"X-Telegram-Bot-Api-Secret-Token": secret})
    return response.status_code


def next_id() -> int:
    return next(_updates)


def conversation(chat_id: int) -> Conversation:
    return Conversation.objects.get(platform="telegram", chat_id=str(chat_id))


def filed_case(chat_id: int) -> Case:
    """The case the chat's conversation filed last."""
    case = conversation(chat_id).case
    assert case is not None, "no case was filed"
    return case


def tap(chat_id: int, label: str, buttons: list[tuple[str, str]]) -> str:
    """The callback data of the button labelled ``label``."""
    return next(data for text, data in buttons if text == label)
