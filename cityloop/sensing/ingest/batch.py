"""One batch of accepted observations as rows, and what it adds to the summaries.

A row is what both databases store, in the column order of ``COLUMNS``
(without the id), with times as UTC text (``YYYY-MM-DD HH:MM:SS[.ffffff]``,
the form Django itself writes to SQLite, and which PostgreSQL reads with a
``+00`` after it) and JSON already encoded. Text times of one form compare
like the times themselves, so the minute of a time is its first 16
characters and the newest of a datastream is the greatest text.

``summarize`` folds the batch into one row per (datastream, minute) for the
rollups, the newest observation per datastream, and the time ranges per
datastream (OGC 18-088 §8.2.4: phenomenonTime and resultTime of a Datastream
span those of its Observations), so each is one upsert per batch.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

# Columns of sensing_observation that ingest writes, after the id.
COLUMNS = (
    "datastream_id", "phenomenon_time", "phenomenon_time_end", "result_time", "result_number",
    "result_json", "result_quality", "valid_time_start", "valid_time_end", "parameters",
    "feature_of_interest_id",
)
Row = tuple[int, str, "str | None", "str | None", "float | None", "str | None", "str | None",
            "str | None", "str | None", "str | None", int]
# The columns of a plain row (a number at an instant, nothing else: what nearly every
# sensor sends); the others are NULL. A batch of only such rows is inserted naming these
# four columns, which costs both databases markedly less per row than binding eleven.
NARROW_COLUMNS = ("datastream_id", "phenomenon_time", "result_number", "feature_of_interest_id")
NarrowRow = tuple[int, str, "float | None", int]


def is_narrow(row: Row) -> bool:
    """Whether every column of ``row`` outside ``NARROW_COLUMNS`` is NULL."""
    return (row[2] is None and row[3] is None and row[5] is None and row[6] is None
            and row[7] is None and row[8] is None and row[9] is None)


def narrow(rows: list[Row]) -> list[NarrowRow]:
    """Plain rows (``is_narrow``) cut to ``NARROW_COLUMNS``."""
    return [(row[0], row[1], row[4], row[10]) for row in rows]


def utc_text(moment: datetime) -> str:
    """``moment`` in UTC as text, without the offset: exactly ``str()`` of the naive UTC
    datetime, as Django writes it to SQLite (microseconds only when there are some)."""
    if moment.tzinfo is not UTC:
        moment = moment.astimezone(UTC)
    return moment.isoformat(" ")[:-6]


def utc_text_or_none(moment: datetime | None) -> str | None:
    return None if moment is None else utc_text(moment)


@dataclass
class Summary:
    # (datastream, minute text, count, total, minimum, maximum), sorted
    rollups: list[tuple[int, str, int, float, float, float]]
    # (datastream, row index, phenomenon time text, number, json text), sorted
    latest: list[tuple[int, int, str, float | None, str | None]]
    # (datastream, first start, last end, first result time, last result time), sorted
    ranges: list[tuple[int, str, str, str | None, str | None]]

    @property
    def datastream_ids(self) -> set[int]:
        return {entry[0] for entry in self.latest}


def summarize(rows: list[Row]) -> Summary:
    """Rollups, newest observation and time ranges of the batch, per datastream."""
    minutes: dict[tuple[int, str], list[Any]] = {}
    newest: dict[int, tuple[str, int]] = {}
    spans: dict[int, list[Any]] = {}
    index = -1
    for ds, start, end, result_time, number, *_rest in rows:
        index += 1
        if number is not None:
            key = (ds, start[:16])
            acc = minutes.get(key)
            if acc is None:
                minutes[key] = [1, number, number, number]
            else:
                acc[0] += 1
                acc[1] += number
                if number < acc[2]:
                    acc[2] = number
                elif number > acc[3]:
                    acc[3] = number
        last = newest.get(ds)
        if last is None or start >= last[0]:
            newest[ds] = (start, index)
        span = spans.get(ds)
        if span is None or end is not None or result_time is not None:
            _widen(spans, ds, start, end or start, result_time)
        elif start < span[0]:
            span[0] = start
        elif start > span[1]:
            span[1] = start
    rollups = sorted(
        (ds, minute + ":00", int(acc[0]), float(acc[1]), float(acc[2]), float(acc[3]))
        for (ds, minute), acc in minutes.items()
    )
    latest = sorted(
        (ds, index, start, rows[index][4], rows[index][5])
        for ds, (start, index) in newest.items()
    )
    ranges = sorted((ds, s[0], s[1], s[2], s[3]) for ds, s in spans.items())
    return Summary(rollups, latest, ranges)


def _widen(spans: dict[int, list[Any]], ds: int, start: str, end: str,
           result_time: str | None) -> None:
    span = spans.get(ds)
    if span is None:
        spans[ds] = [start, end, result_time, result_time]
        return
    if start < span[0]:
        span[0] = start
    if end > span[1]:
        span[1] = end
    if result_time is not None:
        if span[2] is None or result_time < span[2]:
            span[2] = result_time
        if span[3] is None or result_time > span[3]:
            span[3] = result_time
