"""Telegram's updates in the core's words: commands, buttons, places, the largest photo."""

from __future__ import annotations

from typing import Any

from cityloop.notify.chat.telegram.client import BotApi
from cityloop.notify.chat.telegram.updates import parse
from tests.fakes.telegram import (
    FakeTelegram,
    button_update,
    message_update,
    photo_update,
    text_update,
)
from tests.notify.chat.helpers import jpeg


def incoming(update: dict[str, Any]) -> Any:
    parsed = parse(update, BotApi(token="t", base="http://127.0.0.1:9"))
    assert parsed is not None
    return parsed.incoming


def test_a_command_is_its_word_without_the_bot_s_name() -> None:
    found = incoming(text_update(1, 10, "/Start@JiangchengBot hello", "zh-hans"))
    assert (found.command, found.text, found.language, found.chat_id) == (
        "start", "", "zh-hans", "10")
    assert incoming(text_update(2, 10, "/")).command == "help"


def test_a_tapped_button_and_a_venue_are_read() -> None:
    tapped = incoming(button_update(3, 11, "c:2"))
    assert (tapped.choice, tapped.update_id) == ("c:2", 3)
    venue = incoming(message_update(4, 11, venue={
        "location": {"latitude": 29.5, "longitude": 106.5}, "title": "Park"}))
    assert venue.location == (29.5, 106.5)
    assert incoming(message_update(5, 11, location={"latitude": "x", "longitude": 1})
                    ).location is None


def test_the_largest_photo_and_an_image_sent_as_a_file_are_fetched(
        fake_telegram: FakeTelegram) -> None:
    fake_telegram.add_file("big", jpeg((120, 90)))
    api = BotApi()
    parsed = parse(photo_update(6, 12, "big"), api)
    assert parsed is not None and parsed.incoming.photo is not None
    asked = [c.params["file_id"] for c in fake_telegram.calls if c.method == "getFile"]
    assert asked == ["big"]  # not the thumbnail
    document = parse(message_update(7, 12, document={
        "file_id": "big", "mime_type": "image/jpeg", "file_name": "hole.jpg"}), api)
    assert document is not None and document.incoming.photo is not None
    pdf = parse(message_update(8, 12, document={"file_id": "x", "mime_type": "application/pdf"}),
                api)
    assert pdf is not None and pdf.incoming.photo is None and not pdf.incoming.photo_problem


def test_updates_the_bot_does_not_serve_are_none() -> None:
    api = BotApi(token="t", base="http://127.0.0.1:9")
    assert parse({"update_id": "1"}, api) is None
    assert parse({"update_id": 1, "channel_post": {}}, api) is None
    assert parse(message_update(9, -5, chat_type="supergroup", text="hi"), api) is None
