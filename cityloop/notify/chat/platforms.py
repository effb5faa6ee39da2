"""What the chat core says and hears, whatever the platform, and the platforms registered.

A platform package turns its own updates into ``Incoming`` and sends each
``Reply`` in its own format (Telegram's inline keyboards, LINE's quick replies).
It registers a class on ``chat_platforms``; the ``chat`` transport and the
conversation find it there by the key stored before the chat id
(``telegram:12345``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from django.core.files.base import ContentFile

from cityloop.registry import Registry


@dataclass(frozen=True)
class Button:
    label: str
    data: str  # what the platform hands back when the button is tapped (at most 64 bytes)


@dataclass(frozen=True)
class Reply:
    """One message to the person: text, and buttons under it (rows), or a button
    that shares their location (``ask_location``, its label)."""

    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    ask_location: str = ""


@dataclass(frozen=True)
class Incoming:
    """One update from a person, in the core's words. ``photo`` is already
    fetched and re-encoded (``cases.photos.reencode``), or ``photo_problem`` says
    why it could not be."""

    chat_id: str
    update_id: int  # increasing per chat: an update seen before is not processed again
    language: str = ""  # the person's app language as the platform gives it ("zh-hans", "en-GB")
    text: str = ""
    command: str = ""  # "start", "cancel", "language", "help": a text that began with "/"
    choice: str = ""  # the data of a tapped button
    location: tuple[float, float] | None = None  # (lat, lon) of a shared location
    photo: ContentFile[bytes] | None = None
    photo_problem: str = ""


class PlatformClient(Protocol):
    """A platform instance: sends one reply to one chat."""

    def send(self, chat_id: str, reply: Reply) -> None:
        """Return on success; raise ``TransportError(message, permanent=...)`` on failure."""


class ChatPlatform(Protocol):
    """What ``chat_platforms`` holds: a class, instantiated without arguments."""

    def __call__(self) -> PlatformClient: ...


def _platform_contract(key: str, value: object) -> list[str]:
    if not callable(value) or not callable(getattr(value, "send", None)):
        return ["a chat platform is a class with send(chat_id, reply)"]
    return []


chat_platforms: Registry[ChatPlatform] = Registry(
    "chat_platforms",
    "Chat platforms the chat channel talks through (notify.chat); one package each.",
    contract=_platform_contract,
    max_key=20,  # Conversation.platform
)


def split_address(address: str) -> tuple[str, str]:
    """``telegram:12345`` -> ("telegram", "12345"); ("", "") when it is not one."""
    platform, _sep, chat_id = address.partition(":")
    return (platform, chat_id) if platform and chat_id else ("", "")
