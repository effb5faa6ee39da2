"""A small client of Telegram's Bot API (https://core.telegram.org/bots/api).

Every method is a POST of JSON to ``<api>/bot<token>/<method>``, answered with
``{"ok": true, "result": ...}`` or ``{"ok": false, "error_code": ..., "description":
...}``; files are fetched from ``<api>/file/bot<token>/<file_path>``. The token is
part of every address, so no error message here ever includes an address.
"""

from __future__ import annotations

from typing import Any

import requests
from django.conf import settings

from cityloop.notify.channels.base import TransportError

# Telegram's answers that a retry will not change: a bad request, a chat that
# blocked the bot or no longer exists, a wrong token. 429 and 5xx are retried.
PERMANENT = {400, 401, 403, 404}
MAX_TEXT = 4096  # characters in one message


class BotApi:
    def __init__(self, token: str = "", base: str = "", timeout: float = 0):
        self.token = token or settings.TELEGRAM_BOT_TOKEN
        self.base = (base or settings.TELEGRAM_API_URL).rstrip("/")
        self.timeout = timeout or settings.TELEGRAM_TIMEOUT

    def call(self, method: str, payload: dict[str, Any]) -> Any:
        """The method's ``result``; ``TransportError`` when Telegram says no or is away."""
        if not self.token:
            raise TransportError("CITYLOOP_TELEGRAM_BOT_TOKEN is not set", permanent=True)
        try:
            response = requests.post(f"{self.base}/bot{self.token}/{method}", json=payload,
                                     timeout=self.timeout, allow_redirects=False)
        except requests.RequestException as exc:
            raise TransportError(f"Telegram {method}: unreachable "
                                 f"({exc.__class__.__name__})") from None
        try:
            answer = response.json()
        except ValueError:
            answer = {}
        if response.status_code == 200 and isinstance(answer, dict) and answer.get("ok"):
            return answer.get("result")
        code = answer.get("error_code", response.status_code) if isinstance(answer, dict) \
            else response.status_code
        description = str(answer.get("description", "")) if isinstance(answer, dict) else ""
        raise TransportError(f"Telegram {method}: {code} {description[:200]}".strip(),
                             permanent=code in PERMANENT)

    def send_message(self, chat_id: str, text: str, markup: dict[str, Any]) -> None:
        self.call("sendMessage", {"chat_id": chat_id, "text": text[:MAX_TEXT],
                                  "reply_markup": markup})

    def answer_callback(self, callback_id: str) -> None:
        self.call("answerCallbackQuery", {"callback_query_id": callback_id})

    def download(self, file_id: str, limit: int) -> bytes:
        """A file sent to the bot (``getFile``, then the file itself), at most ``limit`` bytes."""
        found = self.call("getFile", {"file_id": file_id})
        path = found.get("file_path") if isinstance(found, dict) else None
        if not path:
            raise TransportError("Telegram getFile: no file_path", permanent=True)
        if int(found.get("file_size") or 0) > limit:
            raise FileTooLarge()
        try:
            with requests.get(f"{self.base}/file/bot{self.token}/{path}", stream=True,
                              timeout=self.timeout, allow_redirects=False) as response:
                if response.status_code != 200:
                    raise TransportError(f"Telegram file: {response.status_code}")
                data = bytearray()
                for chunk in response.iter_content(64 * 1024):
                    data += chunk
                    if len(data) > limit:
                        raise FileTooLarge()
        except requests.RequestException as exc:
            raise TransportError(f"Telegram file: unreachable ({exc.__class__.__name__})") \
                from None
        return bytes(data)

    def set_webhook(self, url: str, secret: str) -> None:
        self.call("setWebhook", {"url": url, "secret_token": secret,
                                 "allowed_updates": ["message", "callback_query"]})


class FileTooLarge(Exception):
    """A file larger than the photos CityLoop takes (``CITYLOOP_PHOTO_MAX_MB``)."""
