"""A Telegram Update (https://core.telegram.org/bots/api#update) in the core's words.

Only private chats are served: a report in a group chat would put one person's
report, and the answers about it, in front of everyone in the group. A photo
is fetched now, before the conversation's row is locked (the download may take
a while), and re-encoded by ``cases.photos.reencode``, the check every web
upload goes through.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import translation
from django.utils.translation import gettext as _

from cityloop.cases import photos
from cityloop.notify.channels.base import TransportError
from cityloop.notify.chat.conversation import language_for
from cityloop.notify.chat.platforms import Incoming
from cityloop.notify.chat.telegram.client import BotApi, FileTooLarge

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Parsed:
    incoming: Incoming
    callback_id: str = ""  # a tapped button's query, answered so the app stops waiting


def parse(update: dict[str, Any], api: BotApi) -> Parsed | None:
    """The update as ``Incoming``; None for what the bot does not serve (an edited
    message, a group chat, a sticker...)."""
    update_id = update.get("update_id")
    if not isinstance(update_id, int):
        return None
    query = update.get("callback_query")
    if isinstance(query, dict):
        return _button(update_id, query)
    message = update.get("message")
    if not isinstance(message, dict) or _chat(message) is None:
        return None
    language = _language(message)
    chat_id = str(_chat(message))
    text = _text(message, "text")
    if text.startswith("/"):
        command = text[1:].split(maxsplit=1)[0].split("@")[0].lower() if text[1:] else "help"
        return Parsed(Incoming(chat_id, update_id, language, command=command))
    location = _location(message)
    file_id = _photo_file(message)
    if file_id:
        with translation.override(language_for(language)):
            photo, problem = _fetch(api, file_id)
        return Parsed(Incoming(chat_id, update_id, language, photo=photo,
                               photo_problem=problem))
    return Parsed(Incoming(chat_id, update_id, language, text=text, location=location))


def _chat(message: dict[str, Any]) -> int | None:
    chat = message.get("chat")
    if not isinstance(chat, dict) or chat.get("type") != "private":
        return None
    chat_id = chat.get("id")
    return chat_id if isinstance(chat_id, int) else None


def _button(update_id: int, query: dict[str, Any]) -> Parsed | None:
    message = query.get("message")
    if not isinstance(message, dict) or _chat(message) is None:
        return None
    return Parsed(Incoming(str(_chat(message)), update_id, _language(query),
                           choice=_text(query, "data")[:64]),
                  callback_id=str(query.get("id") or ""))


def _text(item: dict[str, Any], key: str) -> str:
    value = item.get(key)
    return value if isinstance(value, str) else ""


def _language(item: dict[str, Any]) -> str:
    """The language of the sender's app (``from.language_code``), "" when not given."""
    sender = item.get("from")
    return _text(sender, "language_code") if isinstance(sender, dict) else ""


def _location(message: dict[str, Any]) -> tuple[float, float] | None:
    where = message.get("location")
    if not isinstance(where, dict):
        venue = message.get("venue")
        where = venue.get("location") if isinstance(venue, dict) else None
    if not isinstance(where, dict):
        return None
    lat, lon = where.get("latitude"), where.get("longitude")
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in (lat, lon)):
        return None
    return float(lat), float(lon)  # type: ignore[arg-type]


def _photo_file(message: dict[str, Any]) -> str:
    """The file id of the largest size of a photo, or of an image sent as a file."""
    sizes = message.get("photo")
    if isinstance(sizes, list):
        usable = [s for s in sizes if isinstance(s, dict) and isinstance(s.get("file_id"), str)]
        if usable:
            largest = max(usable, key=lambda s: int(s.get("width") or 0)
                          * int(s.get("height") or 0))
            return str(largest["file_id"])
    document = message.get("document")
    if isinstance(document, dict) and str(document.get("mime_type", "")).startswith("image/"):
        return str(document.get("file_id") or "")
    return ""


def _fetch(api: BotApi, file_id: str) -> tuple[ContentFile[bytes] | None, str]:
    """The photo, re-encoded, or why it could not be taken."""
    try:
        data = api.download(file_id, settings.PHOTO_MAX_BYTES)
    except FileTooLarge:
        return None, _("the photo is larger than %(mb)d MB.") % {
            "mb": settings.PHOTO_MAX_BYTES // (1024 * 1024)}
    except TransportError as exc:
        log.warning("telegram photo %s: %s", file_id[:40], exc.message)
        return None, _("it could not be fetched from Telegram. Please send it again.")
    try:
        return photos.reencode(io.BytesIO(data), _("the photo")), ""
    except photos.PhotoRejected as exc:
        return None, exc.message
