"""Running CityLoop's own SMTP server (cityloop.mailin.smtp) on a thread, for its tests,
and talking to it as a mail server would: with smtplib, or line by line on a socket."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from cityloop.mailin.smtp import Envelope, SmtpServer


@contextmanager
def running(server: SmtpServer) -> Iterator[tuple[str, int]]:
    """``server`` listening on a free port of 127.0.0.1 in its own event loop."""
    loop = asyncio.new_event_loop()
    bound: list[tuple[str, int]] = []
    started = threading.Event()

    def serve() -> None:
        asyncio.set_event_loop(loop)
        bound.append(loop.run_until_complete(server.start("127.0.0.1", 0)))
        started.set()
        loop.run_forever()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    assert started.wait(10), "the SMTP server did not start"
    try:
        yield bound[0]
    finally:
        asyncio.run_coroutine_threadsafe(_stop(server), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()


async def _stop(server: SmtpServer) -> None:
    """Stop listening and end the sessions still open (a test's client may not QUIT)."""
    await server.stop()
    current = asyncio.current_task()
    sessions = [task for task in asyncio.all_tasks() if task is not current]
    for task in sessions:
        task.cancel()
    await asyncio.gather(*sessions, return_exceptions=True)


class Recorder:
    """An ``accept`` that keeps envelopes in memory (or fails, to test ``451``)."""

    def __init__(self) -> None:
        self.envelopes: list[Envelope] = []
        self.fail: Exception | None = None

    def __call__(self, envelope: Envelope) -> int:
        if self.fail is not None:
            raise self.fail
        self.envelopes.append(envelope)
        return len(self.envelopes)


class Conversation:
    """A raw SMTP conversation: send a line, read the server's (last) reply line."""

    def __init__(self, address: tuple[str, int]) -> None:
        self.sock = socket.create_connection(address, timeout=10)
        self.file = self.sock.makefile("rb")
        self.greeting = self.reply()

    def reply(self) -> str:
        while True:
            line = self.file.readline().decode()
            if line[3:4] != "-":
                return line.rstrip("\r\n")

    def say(self, line: str | bytes) -> str:
        self.send(line)
        return self.reply()

    def send(self, data: str | bytes) -> None:
        raw = data if isinstance(data, bytes) else data.encode()
        self.sock.sendall(raw if raw.endswith(b"\n") else raw + b"\r\n")

    def close(self) -> None:
        self.file.close()
        self.sock.close()


def make_server(accept: Callable[[Envelope], int], **kwargs: Any) -> SmtpServer:
    return SmtpServer(accept, max_bytes=kwargs.pop("max_bytes", 10_000), **kwargs)
