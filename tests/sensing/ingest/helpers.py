"""Observations to ingest, and what ingest left in the database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from cityloop.sensing.ingest.parse import ObservationIn
from cityloop.sensing.models import Datastream, Rollup

T0 = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)


def at(minutes: float = 0, seconds: float = 0) -> datetime:
    return T0 + timedelta(minutes=minutes, seconds=seconds)


def obs(stream: Datastream | int, when: datetime, result: Any, **fields: Any) -> ObservationIn:
    ds = stream if isinstance(stream, int) else stream.pk
    return ObservationIn(ds, when, fields.pop("end", None), result, **fields)


def rollups(stream: Datastream) -> dict[datetime, tuple[int, float, float, float]]:
    return {r.minute: (r.count, r.total, r.minimum, r.maximum)
            for r in Rollup.objects.filter(datastream=stream)}
