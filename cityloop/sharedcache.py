"""In-process copies of data that every request reads and admins rarely change.

The area index, the catalogue and the notification channels are needed by
every report, and change a few times a year. Each process keeps a copy and
rebuilds it when a revision token in the database changes:

- a change made in this process (a model signal, an import) calls
  ``touch()``, which writes a new token and makes this process look again
  at once;
- a change made in another process is noticed at the next check, at most
  ``CITYLOOP_CACHE_CHECK_SECONDS`` later (2 s by default; the test suite
  checks on every use).

A random token, rather than a counter, stays right when the transaction
that changed the data is rolled back: the token rolls back with it and
differs from the one the rolled-back copy was built with.
"""

from __future__ import annotations

import contextlib
import contextvars
import math
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar

from django.conf import settings

T = TypeVar("T")


class SharedCache(Generic[T]):
    def __init__(self, revision: Any, build: Callable[[], T]):
        """``revision``: a model with a row ``id=1`` holding a UUID ``token``."""
        self._revision = revision
        self._build = build
        self._lock = threading.Lock()
        self._value: T | None = None
        self._token: uuid.UUID | None = None
        self._checked_at = -math.inf
        self._pinned: contextvars.ContextVar[T | None] = contextvars.ContextVar(
            f"pinned-{id(self)}", default=None
        )

    def get(self) -> T:
        held = self._pinned.get()
        if held is not None:
            return held
        now = time.monotonic()
        value = self._value
        if value is not None and now - self._checked_at < settings.SHARED_CACHE_CHECK_SECONDS:
            return value
        token = self._current_token()
        with self._lock:
            if self._value is None or token != self._token:
                self._value, self._token = self._build(), token
            self._checked_at = now
            return self._value

    def touch(self) -> None:
        """Say the data changed, here and (at their next check) everywhere."""
        self._revision.objects.update_or_create(id=1, defaults={"token": uuid.uuid4()})
        self._checked_at = -math.inf

    @contextlib.contextmanager
    def pinned(self) -> Iterator[T]:
        """Within the block ``get()`` answers the same copy without asking again."""
        value = self.get()
        marker = self._pinned.set(value)
        try:
            yield value
        finally:
            self._pinned.reset(marker)

    def _current_token(self) -> uuid.UUID:
        token = self._revision.objects.filter(id=1).values_list("token", flat=True).first()
        if token is None:  # data written before any token existed (a fresh database)
            self.touch()
            token = self._revision.objects.filter(id=1).values_list("token", flat=True).first()
        return token
