"""Waiting for work: a PostgreSQL ``NOTIFY`` on a channel, or a short poll.

On PostgreSQL a ``Wakeup`` holds a connection of its own that ``LISTEN``s
to a channel; a transaction that ``NOTIFY``s it wakes the waiting worker
when it commits. On SQLite (no notifications), or while that connection is
down, waiting is sleeping for the poll interval. Either way the caller
looks at its queue after every wait: a notification is a hint to look now,
never the only way work is found (a worker that was busy, or a lease that
ran out, is found by the poll).
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from django.db import connection

log = logging.getLogger(__name__)
STOP_CHECK_SECONDS = 0.5  # a long wait still sees the worker's stop this often


class Wakeup:
    def __init__(self, channel: str):
        self.channel = channel
        self._listener: Any = None  # psycopg connection, PostgreSQL only

    def listen(self) -> None:
        """Start listening (before looking at the queue, so nothing falls in between)."""
        if connection.vendor != "postgresql" or self._listener is not None:
            return
        try:
            # A connection of its own, outside Django's: it only waits, and must
            # stay in autocommit with its LISTEN for the worker's whole life.
            listener = connection.get_new_connection(connection.get_connection_params())
            listener.autocommit = True
            listener.execute(f'LISTEN "{self.channel}"')
        except Exception as exc:  # the database is away: poll until it is back
            log.warning("cannot listen to %s (%s); polling", self.channel, exc)
            return
        self._listener = listener

    def wait(self, timeout: float, stopping: threading.Event) -> bool:
        """Wait up to ``timeout`` seconds for a notification; whether one came."""
        self.listen()
        if self._listener is None:
            stopping.wait(timeout)
            return False
        try:
            deadline = time.monotonic() + timeout
            while not stopping.is_set():
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                # In slices, so that a stop is seen within one; stop_after=1: back as
                # soon as one comes (several at once are read together).
                slice_ = min(left, STOP_CHECK_SECONDS)
                if any(True for _ in self._listener.notifies(timeout=slice_, stop_after=1)):
                    return True
            return False
        except Exception as exc:
            log.warning("listening to %s failed (%s); listening again", self.channel, exc)
            self.close()
            stopping.wait(timeout)
            return False

    def close(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            try:
                listener.close()
            except Exception:  # closing a connection that already broke
                log.debug("closing the listening connection", exc_info=True)
