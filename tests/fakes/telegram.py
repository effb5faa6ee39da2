"""A fake of Telegram's Bot API served in-process on a thread (``http.server``), for tests.

It answers the methods CityLoop calls (``sendMessage``, ``answerCallbackQuery``,
``getFile``, ``setWebhook``) as Telegram does, ``{"ok": true, "result": ...}`` or
``{"ok": false, "error_code": ..., "description": ...}``, records each call, and
serves the files put in it (``add_file``) at ``/file/bot<token>/<file_path>``.
Updates themselves are what Telegram would post to the webhook: ``update``,
``photo_update`` and friends build them for the tests.
"""

from __future__ import annotations

import itertools
import json
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TOKEN = "123456:TEST-token"
SECRET = "test-secret_token-1"


@dataclass(frozen=True)
class Call:
    method: str
    params: dict[str, Any]

    @property
    def text(self) -> str:
        return str(self.params.get("text", ""))

    @property
    def buttons(self) -> list[tuple[str, str]]:
        """The inline buttons under a message: (label, callback data), row by row."""
        rows = (self.params.get("reply_markup") or {}).get("inline_keyboard") or []
        return [(b["text"], b["callback_data"]) for row in rows for b in row]

    @property
    def asks_location(self) -> bool:
        rows = (self.params.get("reply_markup") or {}).get("keyboard") or []
        return any(b.get("request_location") for row in rows for b in row)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def _reply(self, status: int, body: bytes, kind: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:
        fake = self.server.fake
        length = int(self.headers.get("Content-Length") or 0)
        params = json.loads(self.rfile.read(length) or b"{}")
        prefix, _sep, method = self.path.lstrip("/").partition("/")
        if prefix != f"bot{fake.token}":
            self._json(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
            return
        fake.record(Call(method, params))
        status, answer = fake.answer(method, params)
        self._json(status, answer)

    def do_GET(self) -> None:
        fake = self.server.fake
        prefix = f"/file/bot{fake.token}/"
        content = fake.files.get(self.path.removeprefix(prefix)) \
            if self.path.startswith(prefix) else None
        if content is None:
            self._reply(404, b"Not Found", "text/plain")
        else:
            self._reply(200, content, "image/jpeg")

    def _json(self, status: int, answer: dict[str, Any]) -> None:
        self._reply(status, json.dumps(answer).encode())

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    fake: FakeTelegram


class FakeTelegram:
    def __init__(self, token: str = TOKEN, host: str = "127.0.0.1") -> None:
        self.token = token
        self.calls: list[Call] = []
        self.files: dict[str, bytes] = {}  # file_path -> content
        self._file_ids: dict[str, str] = {}  # file_id -> file_path
        # A method -> (status, description) that Telegram answers it with instead.
        self.failing: dict[str, tuple[int, str]] = {}
        self._lock = threading.Lock()
        self._server = _Server((host, 0), _Handler)
        self._server.fake = self
        self.url = f"http://{host}:{self._server.server_address[1]}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._ids = itertools.count(1)

    def start(self) -> FakeTelegram:
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread.is_alive():
            self._server.shutdown()
        self._server.server_close()

    def add_file(self, file_id: str, content: bytes) -> None:
        path = f"photos/file_{len(self._file_ids)}.jpg"
        self._file_ids[file_id] = path
        self.files[path] = content

    def record(self, call: Call) -> None:
        with self._lock:
            self.calls.append(call)

    def answer(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if method in self.failing:
            status, description = self.failing[method]
            return status, {"ok": False, "error_code": status, "description": description}
        if method == "getFile":
            path = self._file_ids.get(str(params.get("file_id")))
            if path is None:
                return 400, {"ok": False, "error_code": 400,
                             "description": "Bad Request: invalid file_id"}
            return 200, {"ok": True, "result": {"file_id": params["file_id"], "file_path": path,
                                                "file_size": len(self.files[path])}}
        if method == "sendMessage":
            return 200, {"ok": True, "result": {"message_id": next(self._ids),
                                                "chat": {"id": params.get("chat_id")}}}
        return 200, {"ok": True, "result": True}

    def sent(self, chat_id: int | None = None) -> list[Call]:
        """The messages sent (to ``chat_id``), oldest first."""
        with self._lock:
            return [c for c in self.calls if c.method == "sendMessage"
                    and (chat_id is None or str(c.params.get("chat_id")) == str(chat_id))]

    def last(self, chat_id: int | None = None) -> Call:
        return self.sent(chat_id)[-1]

    def clear(self) -> None:
        with self._lock:
            self.calls.clear()


# --- updates, as Telegram posts them to the webhook -------------------------------------

def _person(chat_id: int, language: str) -> dict[str, Any]:
    return {"id": chat_id, "is_bot": False, "first_name": "Mei", "language_code": language}


def message_update(update_id: int, chat_id: int, language: str = "en", *,
                   chat_type: str = "private", **content: Any) -> dict[str, Any]:
    return {"update_id": update_id, "message": {
        "message_id": update_id, "date": 1_765_000_000, "from": _person(chat_id, language),
        "chat": {"id": chat_id, "type": chat_type}, **content}}


def text_update(update_id: int, chat_id: int, text: str, language: str = "en") -> dict[str, Any]:
    return message_update(update_id, chat_id, language, text=text)


def photo_update(update_id: int, chat_id: int, file_id: str, language: str = "en"
                 ) -> dict[str, Any]:
    """A photo in the sizes Telegram makes of it; the largest is ``file_id``."""
    sizes = [{"file_id": f"{file_id}-small", "file_unique_id": "s", "width": 90, "height": 68},
             {"file_id": file_id, "file_unique_id": "l", "width": 1280, "height": 960}]
    return message_update(update_id, chat_id, language, photo=sizes)


def location_update(update_id: int, chat_id: int, lat: float, lon: float,
                    language: str = "en") -> dict[str, Any]:
    return message_update(update_id, chat_id, language,
                          location={"latitude": lat, "longitude": lon})


def button_update(update_id: int, chat_id: int, data: str, language: str = "en"
                  ) -> dict[str, Any]:
    return {"update_id": update_id, "callback_query": {
        "id": f"q{update_id}", "from": _person(chat_id, language), "data": data,
        "chat_instance": "1",
        "message": {"message_id": 1, "date": 1_765_000_000,
                    "chat": {"id": chat_id, "type": "private"}}}}
