"""A faster reader of PostgreSQL ``timestamptz`` values.

Django registers its own time-zone loader as a subclass of psycopg's
pure-Python ``TimestamptzLoader``, which bypasses psycopg's C parser: about
6 µs per value, 20 ms for a page of a thousand cases with three times
each. Parsing PostgreSQL's ISO text with ``datetime.fromisoformat`` (C) and
converting to the connection's time zone gives the same values several
times faster; anything ``fromisoformat`` does not read (``infinity``, BC
dates, another DateStyle) goes to Django's loader.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any


def use_fast_timestamp_loader(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor != "postgresql":
        return
    from django.db.backends.postgresql.psycopg_any import is_psycopg3

    if not is_psycopg3:
        return
    from psycopg.pq import Format

    adapters = connection.connection.adapters
    django_loader = adapters.get_loader(1184, Format.TEXT)  # timestamptz
    zone: tzinfo | None = getattr(django_loader, "timezone", None)

    class FastTimestamptzLoader(django_loader):  # type: ignore[misc, valid-type]
        # Django re-registers its loader when this attribute differs from
        # the connection's time zone, so it must say the same.
        timezone = zone

        def load(self, data: Any) -> Any:
            try:
                value = datetime.fromisoformat(bytes(data).decode())
            except ValueError:
                return super().load(data)
            if zone is None:
                return value.replace(tzinfo=None)
            return value.astimezone(zone)

    adapters.register_loader("timestamptz", FastTimestamptzLoader)
