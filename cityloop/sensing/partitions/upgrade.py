"""Turning the plain ``sensing_observation`` into a partitioned one, and back (migration 0004).

An upgrade must not stop a city for the length of a scan of its 500 million
rows, so the old table is not copied: it becomes a partition itself,
``sensing_observation_legacy``, covering everything before ``bound`` (two
periods after the current one, or after the newest observation if later).

1. ``prepare`` (autocommit, while ingest goes on): the (id, phenomenon_time)
   unique index and the BRIN index are built ``CONCURRENTLY`` on the old
   table; a CHECK (phenomenon_time < bound) is added ``NOT VALID`` (new rows
   are checked from then on), rows already at or after ``bound`` (devices
   with clocks in the future) are set aside, and the CHECK is validated,
   which scans the table without blocking writes.
2. ``swap`` (one short transaction): the old table is renamed, a partitioned
   table is made from it with ``LIKE`` (so columns added by other migrations
   come along), and the old table is attached FOR VALUES FROM (MINVALUE) TO
   (bound). PostgreSQL attaches its indexes, foreign keys and the validated
   CHECK as they are, so nothing is scanned or rebuilt under the lock. The
   id sequence goes on from where it was (``MARGIN`` further, so that ids a
   process reserved from the old sequence meanwhile cannot come again).

``unpartition`` (migrating back) copies every row into a plain table: slow on
a large table, but it leaves the schema exactly as 0003 made it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction

from cityloop.sensing.partitions import periods
from cityloop.sensing.partitions.catalog import DEFAULT, LEGACY, TABLE, is_partitioned, quote

MARGIN = 1_000_000  # ids skipped at the swap: more than any batch reserves at once
PK_INDEX = "sensing_observation_legacy_pk"
BRIN = "obs_time_brin"
LEGACY_BRIN = "sensing_observation_legacy_brin"
CHECK = "sensing_observation_legacy_range"
ASIDE = "sensing_observation_aside"  # rows at or after the bound, while the CHECK is validated


def partition_table(connection: Any, now: datetime, period: str) -> None:
    """Make ``sensing_observation`` partitioned, keeping its rows (PostgreSQL only)."""
    with connection.cursor() as cursor:
        if is_partitioned(cursor):
            return
        refuse_references(cursor, TABLE)
        bound = first_bound(now, period)
    prepare(connection, bound)
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        swap(cursor, bound)


def refuse_references(cursor: Any, table: str) -> None:
    """Partitioning keeps no unique key on id alone, so nothing may refer to observations."""
    cursor.execute("SELECT conname, conrelid::regclass::text FROM pg_constraint "
                   "WHERE contype = 'f' AND confrelid = to_regclass(%s)", [table])
    found = cursor.fetchall()
    if found:
        names = ", ".join(f"{name} on {owner}" for name, owner in found)
        raise RuntimeError(f"cannot partition {table}: foreign keys refer to it ({names}); "
                           "an observation is only unique with its phenomenon time")


def first_bound(now: datetime, period: str) -> datetime:
    """Two periods after the current one: a device's clock a little ahead still fits."""
    start = periods.floor(now, period)
    return periods.following(periods.following(start, period), period)


def prepare(connection: Any, bound: datetime) -> None:
    """Indexes built concurrently, future rows set aside, the bound's CHECK validated."""
    with connection.cursor() as cursor:
        _drop_invalid_indexes(cursor)
        cursor.execute(f"CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS {PK_INDEX} "
                       f"ON {TABLE} (id, phenomenon_time)")
        cursor.execute(f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {LEGACY_BRIN} "
                       f"ON {TABLE} USING brin (phenomenon_time)")
        cursor.execute(f"ALTER TABLE {TABLE} DROP CONSTRAINT IF EXISTS {CHECK}")
        cursor.execute(f"ALTER TABLE {TABLE} ADD CONSTRAINT {CHECK} "
                       "CHECK (phenomenon_time < %s) NOT VALID", [bound])
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        # Only datastreams whose newest time is past the bound can have such rows,
        # and the (datastream, phenomenon_time) index finds them.
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {ASIDE} (LIKE {TABLE})")
        cursor.execute(
            f"WITH moved AS (DELETE FROM {TABLE} WHERE datastream_id IN (SELECT id FROM "  # noqa: S608
            "sensing_datastream WHERE phenomenon_time_end >= %s) AND phenomenon_time >= %s "
            f"RETURNING *) INSERT INTO {ASIDE} SELECT * FROM moved", [bound, bound])
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {TABLE} VALIDATE CONSTRAINT {CHECK}")


def _drop_invalid_indexes(cursor: Any) -> None:
    """What an interrupted CREATE INDEX CONCURRENTLY left behind, so it is built again."""
    cursor.execute("SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                   "WHERE NOT i.indisvalid AND c.relname IN (%s, %s)", [PK_INDEX, LEGACY_BRIN])
    for (name,) in cursor.fetchall():
        cursor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {quote(name)}")


def swap(cursor: Any, bound: datetime) -> None:
    cursor.execute(f"LOCK TABLE {TABLE} IN ACCESS EXCLUSIVE MODE")
    indexes = index_definitions(cursor, TABLE, skip=(PK_INDEX, LEGACY_BRIN))
    keys = foreign_keys(cursor, TABLE)
    next_id = drop_identity(cursor, TABLE)
    cursor.execute(f"ALTER TABLE {TABLE} RENAME TO {LEGACY}")
    for name, _definition in indexes:
        cursor.execute(f"ALTER INDEX {quote(name)} RENAME TO {quote(name[:50] + '_legacy')}")
    cursor.execute(f"ALTER TABLE {LEGACY} DROP CONSTRAINT {TABLE}_pkey")
    cursor.execute(f"ALTER TABLE {LEGACY} ADD CONSTRAINT {LEGACY}_pkey "
                   f"PRIMARY KEY USING INDEX {PK_INDEX}")
    cursor.execute(f"CREATE TABLE {TABLE} (LIKE {LEGACY} INCLUDING DEFAULTS INCLUDING "
                   "CONSTRAINTS INCLUDING STORAGE INCLUDING COMMENTS) "
                   "PARTITION BY RANGE (phenomenon_time)")
    cursor.execute(f"ALTER TABLE {TABLE} DROP CONSTRAINT {CHECK}")
    cursor.execute(f"ALTER TABLE {TABLE} ADD CONSTRAINT {TABLE}_pkey "
                   "PRIMARY KEY (id, phenomenon_time)")
    add_identity(cursor, TABLE, next_id)
    add_keys_and_indexes(cursor, TABLE, keys, indexes)
    # Its indexes, keys and CHECK match the parent's: attached as they are, no scan.
    cursor.execute(f"ALTER TABLE {TABLE} ATTACH PARTITION {LEGACY} "
                   "FOR VALUES FROM (MINVALUE) TO (%s)", [bound])
    cursor.execute(f"CREATE INDEX {BRIN} ON {TABLE} USING brin (phenomenon_time)")
    cursor.execute(f"CREATE TABLE {DEFAULT} PARTITION OF {TABLE} DEFAULT")
    cursor.execute(f"INSERT INTO {TABLE} SELECT * FROM {ASIDE}")  # noqa: S608
    cursor.execute(f"DROP TABLE {ASIDE}")


def index_definitions(cursor: Any, table: str, skip: tuple[str, ...] = ()
                      ) -> list[tuple[str, str]]:
    """(name, CREATE INDEX …) of the table's indexes that back no constraint."""
    cursor.execute(
        "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = to_regclass(%s) "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) "
        "ORDER BY c.relname", [table])
    return [(name, definition.replace(" ON ONLY ", " ON "))
            for name, definition in cursor.fetchall() if name not in skip]


def foreign_keys(cursor: Any, table: str) -> list[tuple[str, str]]:
    cursor.execute("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                   "WHERE contype = 'f' AND conrelid = to_regclass(%s) ORDER BY conname",
                   [table])
    return list(cursor.fetchall())


def drop_identity(cursor: Any, table: str) -> int:
    """The id the table's sequence would give next (plus ``MARGIN``), its identity dropped
    (which frees the sequence's name for the table that takes over)."""
    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
    sequence = cursor.fetchone()[0]
    cursor.execute(f"SELECT last_value FROM {sequence}")  # noqa: S608 (from the catalogue)
    next_id = int(cursor.fetchone()[0]) + MARGIN
    cursor.execute(f"ALTER TABLE {table} ALTER COLUMN id DROP IDENTITY IF EXISTS")
    cursor.execute(f"ALTER TABLE {table} ALTER COLUMN id DROP DEFAULT")
    return next_id


def add_identity(cursor: Any, table: str, start: int) -> None:
    cursor.execute(f"ALTER TABLE {table} ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY "
                   f"(START WITH {int(start)})")


def add_keys_and_indexes(cursor: Any, table: str, keys: list[tuple[str, str]],
                         indexes: list[tuple[str, str]]) -> None:
    for name, definition in keys:
        cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}")
    for _name, definition in indexes:
        cursor.execute(definition)


def unpartition(connection: Any) -> None:
    """Back to one plain table (migrating to 0003): every row is copied."""
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if not is_partitioned(cursor):
            return
        cursor.execute(f"LOCK TABLE {TABLE} IN ACCESS EXCLUSIVE MODE")
        indexes = index_definitions(cursor, TABLE, skip=(BRIN,))
        keys = foreign_keys(cursor, TABLE)
        next_id = drop_identity(cursor, TABLE)
        plain = f"{TABLE}_plain"
        cursor.execute(f"CREATE TABLE {plain} (LIKE {TABLE} INCLUDING DEFAULTS "
                       "INCLUDING CONSTRAINTS INCLUDING STORAGE INCLUDING COMMENTS)")
        cursor.execute(f"INSERT INTO {plain} SELECT * FROM {TABLE}")  # noqa: S608
        cursor.execute(f"DROP TABLE {TABLE} CASCADE")
        cursor.execute(f"ALTER TABLE {plain} RENAME TO {TABLE}")
        cursor.execute(f"ALTER TABLE {TABLE} ADD CONSTRAINT {TABLE}_pkey PRIMARY KEY (id)")
        add_identity(cursor, TABLE, next_id)
        add_keys_and_indexes(cursor, TABLE, keys, indexes)
