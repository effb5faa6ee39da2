"""Storing a batch on SQLite: one prepared INSERT run by ``executemany``.

Called inside ingest's write transaction (BEGIN IMMEDIATE: this connection
holds the database's write lock), so no other writer can take rowids in
between and the batch's ids are the ``len(rows)`` rowids ending at
``last_insert_rowid()``. The raw sqlite3 cursor is used: Django's wrapper
adds nothing here but time per row.
"""

from __future__ import annotations

from typing import Any

from django.db import connection

from cityloop.sensing.ingest.batch import COLUMNS, NARROW_COLUMNS, Row, Summary, is_narrow, narrow

INSERT = (
    f"INSERT INTO sensing_observation ({', '.join(COLUMNS)}) "  # noqa: S608 - constant names
    f"VALUES ({', '.join('?' * len(COLUMNS))})"
)
INSERT_NARROW = (
    f"INSERT INTO sensing_observation ({', '.join(NARROW_COLUMNS)}) "  # noqa: S608
    f"VALUES ({', '.join('?' * len(NARROW_COLUMNS))})"
)
ROLLUPS = (
    "INSERT INTO sensing_rollup (datastream_id, minute, count, total, minimum, maximum) "
    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (datastream_id, minute) DO UPDATE SET "
    "count = count + excluded.count, total = total + excluded.total, "
    "minimum = MIN(minimum, excluded.minimum), maximum = MAX(maximum, excluded.maximum)"
)
# Only a newer observation (later phenomenon time, or the same time and a
# later id) replaces the latest one.
LATEST = (
    "INSERT INTO sensing_latestobservation "
    "(datastream_id, observation_id, phenomenon_time, result_number, result_json) "
    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (datastream_id) DO UPDATE SET "
    "observation_id = excluded.observation_id, phenomenon_time = excluded.phenomenon_time, "
    "result_number = excluded.result_number, result_json = excluded.result_json "
    "WHERE (phenomenon_time, observation_id) < (excluded.phenomenon_time, excluded.observation_id)"
)
# MIN/MAX of two values are NULL when one is; COALESCE keeps the other.
RANGES = (
    "UPDATE sensing_datastream SET "
    "phenomenon_time_start = MIN(COALESCE(phenomenon_time_start, ?2), ?2), "
    "phenomenon_time_end = MAX(COALESCE(phenomenon_time_end, ?3), ?3), "
    "result_time_start = MIN(COALESCE(result_time_start, ?4), COALESCE(?4, result_time_start)), "
    "result_time_end = MAX(COALESCE(result_time_end, ?5), COALESCE(?5, result_time_end)) "
    "WHERE id = ?1 AND (phenomenon_time_start IS NULL OR phenomenon_time_start > ?2 "
    "OR phenomenon_time_end < ?3 OR (?4 IS NOT NULL AND (result_time_start IS NULL "
    "OR result_time_start > ?4 OR result_time_end < ?5)))"
)


def store(rows: list[Row], summary: Summary, *, plain: bool = False) -> list[int]:
    """Insert the rows and apply the summary; the ids of the rows, in order.

    ``plain``: every row is ``is_narrow`` (the caller knows), so four columns are bound."""
    connection.ensure_connection()
    cursor = connection.connection.cursor()
    try:
        _insert(cursor, rows, plain)
        (last,) = cursor.execute("SELECT last_insert_rowid()").fetchone()
        first = last - len(rows) + 1
        cursor.executemany(ROLLUPS, summary.rollups)
        cursor.executemany(LATEST, [
            (ds, first + index, start, number, text)
            for ds, index, start, number, text in summary.latest
        ])
        cursor.executemany(RANGES, summary.ranges)
    finally:
        cursor.close()
    return list(range(first, last + 1))


def _insert(cursor: Any, rows: list[Row], plain: bool) -> None:
    if plain:
        cursor.executemany(INSERT_NARROW, narrow(rows))
    else:
        cursor.executemany(INSERT, rows)


def bulk_insert(rows: list[Row]) -> None:
    """The same rows by the same statement as ``store`` and nothing else: the benchmark's
    baseline (plain rows, as ``store`` is told by ingest, are inserted narrow here too)."""
    connection.ensure_connection()
    cursor = connection.connection.cursor()
    try:
        _insert(cursor, rows, all(is_narrow(row) for row in rows))
    finally:
        cursor.close()
