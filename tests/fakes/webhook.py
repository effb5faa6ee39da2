"""A webhook receiver served in-process on a thread (``http.server``), for tests.

It records every POST (path, headers, raw body) and answers with the status
the test chose. It can hold requests until released, to play a receiver that
never answers (a timeout) or to keep a send in flight while a worker stops.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class ReceivedRequest:
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body)

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), "")


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_POST(self) -> None:
        fake = self.server.fake
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        headers = {name.lower(): value for name, value in self.headers.items()}
        fake.record(ReceivedRequest(self.path, headers, body))
        if fake.delay:
            time.sleep(fake.delay)
        if fake.holding:
            fake.released.wait(timeout=30)
        status = fake.status
        answer = f"status {status}".encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)
        except OSError:
            pass  # the client gave up waiting (the timeout test)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    fake: FakeWebhook

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass


class FakeWebhook:
    def __init__(self, host: str = "127.0.0.1") -> None:
        self.requests: list[ReceivedRequest] = []
        self.status = 200
        self.delay = 0.0
        self.holding = False
        self.released = threading.Event()
        self._arrived = threading.Condition()
        self._server = _Server((host, 0), _Handler)
        self._server.fake = self
        self.url = f"http://{host}:{self._server.server_address[1]}/hook"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def start(self) -> FakeWebhook:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.released.set()
        if self._thread.is_alive():
            self._server.shutdown()
        self._server.server_close()

    def answer(self, status: int) -> None:
        self.status = status

    def hold(self) -> None:
        """Keep every request waiting (no answer) until ``release``."""
        self.released.clear()
        self.holding = True

    def release(self) -> None:
        self.holding = False
        self.released.set()

    def record(self, request: ReceivedRequest) -> None:
        with self._arrived:
            self.requests.append(request)
            self._arrived.notify_all()

    def wait_for(self, count: int, timeout: float = 30) -> bool:
        """Block until ``count`` requests have arrived; False if they did not."""
        with self._arrived:
            return self._arrived.wait_for(lambda: len(self.requests) >= count, timeout)

    def delivery_ids(self) -> list[str]:
        with self._arrived:
            return [r.header("X-CityLoop-Delivery") for r in self.requests]
