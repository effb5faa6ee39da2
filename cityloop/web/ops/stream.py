"""The cockpit's Server-Sent Events stream (HTML Living Standard, "Server-sent events").

Each message is ``data: {feed payload}`` every ``INTERVAL_SECONDS``; the
first also carries ``retry:``, the browser's reconnection delay. A stream
lasts at most ``MAX_SECONDS``: waitress serves each request on one thread
of a fixed pool, so an endless stream per open cockpit would starve the
site; the browser's EventSource reconnects by itself when a stream ends.

Between messages the database connection is closed: a sleeping stream
must not pin one of PostgreSQL's connections (``CONN_MAX_AGE`` would
otherwise keep it for the whole stream). Inside a test's transaction the
connection is left alone, since closing it would end the test's transaction.

The constants are read at every use, so tests patch them to run fast.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator

from django.db import connection
from django.utils import translation

from cityloop.analytics.departments import BUREAU
from cityloop.web.ops import feed
from cityloop.web.ops.feed import CITY
from cityloop.web.ops.scope import Scope

INTERVAL_SECONDS = 5.0
MAX_SECONDS = 90.0
RETRY_MILLISECONDS = 3000


def release_connection() -> None:
    if not connection.in_atomic_block:
        connection.close()


def message(payload: dict[str, object], *, retry: int | None = None) -> bytes:
    head = f"retry: {retry}\n" if retry is not None else ""
    return f"{head}data: {json.dumps(payload, separators=(',', ':'))}\n\n".encode()


def events(language: str, level: str = BUREAU, scope: Scope = CITY, *,
           clock: Callable[[], float] = time.monotonic,
           sleep: Callable[[float], None] = time.sleep,
           release: Callable[[], None] = release_connection) -> Iterator[bytes]:
    """Feed messages in ``language`` until ``MAX_SECONDS`` have passed."""
    started = clock()
    retry: int | None = RETRY_MILLISECONDS
    while True:
        try:
            with translation.override(language):
                payload = feed.build(level=level, scope=scope)
        finally:
            release()
        yield message(payload, retry=retry)
        retry = None
        if clock() - started + INTERVAL_SECONDS > MAX_SECONDS:
            return
        sleep(INTERVAL_SECONDS)
