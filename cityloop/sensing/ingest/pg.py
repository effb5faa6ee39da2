"""Storing a batch on PostgreSQL: ``COPY … FROM STDIN`` and three set-based upserts.

Ids come first, from the table's own sequence, with one
``SELECT nextval(seq) FROM generate_series(1, n)``: every value is the
sequence's, so ids taken meanwhile by other workers (or by any other
insert) never collide, whatever the interleaving. Then the rows go in by
COPY in the text format, and the rollups, latest values and datastream time
ranges each by one statement over arrays (``unnest``), in datastream order so
that concurrent batches lock shared rows in the same order.

The observation table's foreign keys are deferred (Django creates them so);
they are made immediate for the COPY, so a datastream deleted meanwhile
fails the batch here, where ingest can retry it, rather than at a commit
that may belong to a caller's transaction.
"""

from __future__ import annotations

from typing import Any

from django.db import connection

from cityloop.sensing.ingest.batch import COLUMNS, NARROW_COLUMNS, Row, Summary, is_narrow

COPY = f"COPY sensing_observation (id, {', '.join(COLUMNS)}) FROM STDIN"
COPY_NARROW = f"COPY sensing_observation (id, {', '.join(NARROW_COLUMNS)}) FROM STDIN"
ROLLUPS = """
INSERT INTO sensing_rollup AS r (datastream_id, minute, count, total, minimum, maximum)
SELECT * FROM unnest(%s::bigint[], %s::timestamptz[], %s::integer[], %s::float8[],
                     %s::float8[], %s::float8[])
ON CONFLICT (datastream_id, minute) DO UPDATE SET
    count = r.count + excluded.count, total = r.total + excluded.total,
    minimum = LEAST(r.minimum, excluded.minimum), maximum = GREATEST(r.maximum, excluded.maximum)
"""
LATEST = """
INSERT INTO sensing_latestobservation AS l
    (datastream_id, observation_id, phenomenon_time, result_number, result_json)
SELECT * FROM unnest(%s::bigint[], %s::bigint[], %s::timestamptz[], %s::float8[], %s::jsonb[])
ON CONFLICT (datastream_id) DO UPDATE SET
    observation_id = excluded.observation_id, phenomenon_time = excluded.phenomenon_time,
    result_number = excluded.result_number, result_json = excluded.result_json
WHERE (l.phenomenon_time, l.observation_id) < (excluded.phenomenon_time, excluded.observation_id)
"""
# LEAST and GREATEST skip NULLs: a datastream's first batch sets its ranges.
RANGES = """
UPDATE sensing_datastream AS d SET
    phenomenon_time_start = LEAST(d.phenomenon_time_start, v.ps),
    phenomenon_time_end = GREATEST(d.phenomenon_time_end, v.pe),
    result_time_start = LEAST(d.result_time_start, v.rs),
    result_time_end = GREATEST(d.result_time_end, v.re)
FROM unnest(%s::bigint[], %s::timestamptz[], %s::timestamptz[], %s::timestamptz[],
            %s::timestamptz[]) AS v(id, ps, pe, rs, re)
WHERE d.id = v.id AND (d.phenomenon_time_start IS NULL OR d.phenomenon_time_start > v.ps
    OR d.phenomenon_time_end < v.pe
    OR (v.rs IS NOT NULL AND (d.result_time_start IS NULL OR d.result_time_start > v.rs
                              OR d.result_time_end < v.re)))
"""
_names: dict[str, Any] = {}


def _sequence_and_keys(cursor: Any) -> tuple[str, str]:
    """The id sequence and the foreign keys of sensing_observation (looked up once)."""
    if "sequence" not in _names:
        cursor.execute("SELECT pg_get_serial_sequence('sensing_observation', 'id')")
        _names["sequence"] = cursor.fetchone()[0]
        cursor.execute(
            "SELECT conname FROM pg_constraint WHERE contype = 'f' "
            "AND conrelid = 'sensing_observation'::regclass AND condeferrable ORDER BY conname"
        )
        _names["keys"] = ", ".join(f'"{name}"' for (name,) in cursor.fetchall())
    return _names["sequence"], _names["keys"]


def _copy_text(ids: list[int], rows: list[Row]) -> str:
    """Rows in COPY's text format: tab-separated, ``\\N`` for NULL, backslashes doubled."""
    lines: list[str] = []
    append = lines.append
    for new_id, row in zip(ids, rows, strict=True):
        ds, start, end, result_time, number, text, quality, valid_start, valid_end = row[:9]
        params, foi = row[9], row[10]
        if (number is not None and end is None and result_time is None and quality is None
                and text is None and valid_start is None and params is None):
            # The common row: a number at an instant.
            append(f"{new_id}\t{ds}\t{start}+00\t\\N\t\\N\t{number!r}\t\\N\t\\N\t\\N\t\\N\t\\N\t"
                   f"{foi}\n")
            continue
        fields = [str(new_id), str(ds), start + "+00", _time(end), _time(result_time),
                  "\\N" if number is None else repr(number), _json(text), _json(quality),
                  _time(valid_start), _time(valid_end), _json(params), str(foi)]
        append("\t".join(fields) + "\n")
    return "".join(lines)


def _time(text: str | None) -> str:
    return "\\N" if text is None else text + "+00"


def _json(text: str | None) -> str:
    # json.dumps escapes tabs and newlines itself; only backslashes remain.
    return "\\N" if text is None else text.replace("\\", "\\\\")


def _reserve_ids(cursor: Any, sequence: str, count: int) -> list[int]:
    cursor.execute("SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [sequence, count])
    return [value for (value,) in cursor.fetchall()]


def _narrow_text(ids: list[int], rows: list[Row]) -> str:
    """Plain rows (``is_narrow``) in COPY's text format, ``NARROW_COLUMNS`` only."""
    return "".join([f"{new_id}\t{row[0]}\t{row[1]}+00\t{_number(row[4])}\t{row[10]}\n"
                    for new_id, row in zip(ids, rows, strict=True)])


def _number(number: float | None) -> str:
    return "\\N" if number is None else repr(number)


def _copy(cursor: Any, ids: list[int], rows: list[Row], plain: bool = False) -> None:
    chunk = 20_000  # about 1 MB of text at a time
    with cursor.copy(COPY_NARROW if plain else COPY) as copy:
        for at in range(0, len(rows), chunk):
            text = _narrow_text if plain else _copy_text
            copy.write(text(ids[at:at + chunk], rows[at:at + chunk]))


def store(rows: list[Row], summary: Summary, *, plain: bool = False) -> list[int]:
    """Insert the rows and apply the summary; the ids of the rows, in order.

    ``plain``: every row is ``is_narrow`` (the caller knows), so four columns are copied."""
    with connection.cursor() as wrapper:
        cursor = wrapper.cursor  # psycopg's own: COPY and arrays without Django's wrapping
        sequence, keys = _sequence_and_keys(cursor)
        ids = _reserve_ids(cursor, sequence, len(rows))
        if keys:
            cursor.execute(f"SET CONSTRAINTS {keys} IMMEDIATE")
        _copy(cursor, ids, rows, plain)
        if keys:
            cursor.execute(f"SET CONSTRAINTS {keys} DEFERRED")
        _upsert(cursor, summary, ids)
    return ids


def _upsert(cursor: Any, summary: Summary, ids: list[int]) -> None:
    """The batch's rollups, latest values and time ranges, each as one statement over arrays."""
    if summary.rollups:
        ds, minute, count, total, low, high = (list(c) for c in zip(*summary.rollups, strict=True))
        cursor.execute(ROLLUPS, [ds, [m + "+00" for m in minute], count, total, low, high])
    streams, index, start, number, text = (list(c) for c in zip(*summary.latest, strict=True))
    cursor.execute(LATEST, [streams, [ids[i] for i in index], [t + "+00" for t in start],
                            number, text])
    streams, *times = (list(c) for c in zip(*summary.ranges, strict=True))
    cursor.execute(RANGES, [streams, *([_time(t) if t else None for t in column]
                                       for column in times)])


def bulk_insert(rows: list[Row]) -> None:
    """The same rows by the same COPY as ``store`` and nothing else: the benchmark's
    baseline (plain rows, as ``store`` is told by ingest, are copied narrow here too)."""
    with connection.cursor() as wrapper:
        cursor = wrapper.cursor
        sequence, _keys = _sequence_and_keys(cursor)
        _copy(cursor, _reserve_ids(cursor, sequence, len(rows)), rows,
              all(is_narrow(row) for row in rows))
