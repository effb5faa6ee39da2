"""Telegram registered as a chat platform: a ``Reply`` as a ``sendMessage`` call."""

from __future__ import annotations

from typing import Any

from cityloop.notify.chat.platforms import Reply, chat_platforms
from cityloop.notify.chat.telegram.client import BotApi

KEY = "telegram"


def markup(reply: Reply) -> dict[str, Any]:
    """Buttons under the message (an inline keyboard, answered by ``callback_query``), a
    keyboard with one button that shares the location, or neither (and a location
    keyboard shown before is taken away)."""
    if reply.buttons:
        return {"inline_keyboard": [[{"text": b.label, "callback_data": b.data} for b in row]
                                    for row in reply.buttons]}
    if reply.ask_location:
        return {"keyboard": [[{"text": reply.ask_location, "request_location": True}]],
                "resize_keyboard": True, "one_time_keyboard": True}
    return {"remove_keyboard": True}


@chat_platforms.register(KEY, "Telegram's Bot API (docs/chat.md).")
class Telegram:
    def __init__(self) -> None:
        self.api = BotApi()

    def send(self, chat_id: str, reply: Reply) -> None:
        self.api.send_message(chat_id, reply.text, markup(reply))
