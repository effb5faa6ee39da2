"""What the partitions of ``sensing_observation`` are, read from PostgreSQL's catalogue."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

TABLE = "sensing_observation"
LEGACY = "sensing_observation_legacy"
DEFAULT = "sensing_observation_default"
_BOUNDS = re.compile(r"FROM \((MINVALUE|'[^']*')\) TO \((MAXVALUE|'[^']*')\)")


@dataclass(frozen=True)
class Partition:
    name: str
    start: datetime | None  # None: from the beginning of time (MINVALUE), or DEFAULT
    end: datetime | None  # None: to the end of time, or DEFAULT
    default: bool = False

    def older_than(self, moment: datetime) -> bool:
        """Every row it may hold is before ``moment``."""
        return not self.default and self.end is not None and self.end <= moment

    def may_hold_before(self, moment: datetime) -> bool:
        return self.default or self.start is None or self.start < moment


def is_partitioned(cursor: Any) -> bool:
    cursor.execute("SELECT EXISTS (SELECT 1 FROM pg_partitioned_table p JOIN pg_class c "
                   "ON c.oid = p.partrelid WHERE c.oid = to_regclass(%s))", [TABLE])
    return bool(cursor.fetchone()[0])


def partitions(cursor: Any) -> list[Partition]:
    """The partitions, the default last, the others by start."""
    cursor.execute(
        "SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i "
        "JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = to_regclass(%s)", [TABLE])
    out = [_partition(name, bound) for name, bound in cursor.fetchall()]
    return sorted(out, key=lambda p: (p.default, p.start is not None, p.start or datetime.min))


def _partition(name: str, bound: str) -> Partition:
    if bound == "DEFAULT":
        return Partition(name, None, None, default=True)
    found = _BOUNDS.search(bound)
    if found is None:
        raise ValueError(f"unexpected bound of partition {name}: {bound}")
    return Partition(name, _moment(found.group(1)), _moment(found.group(2)))


def _moment(text: str) -> datetime | None:
    if text in ("MINVALUE", "MAXVALUE"):
        return None
    return datetime.fromisoformat(text.strip("'"))


def overlaps(existing: list[Partition], start: datetime, end: datetime) -> bool:
    """Whether a partition other than the default already covers part of [start, end)."""
    return any(not p.default and (p.start is None or p.start < end)
               and (p.end is None or p.end > start) for p in existing)


def quote(name: str) -> str:
    """An identifier for SQL; the names here are CityLoop's own, never a user's."""
    return '"' + name.replace('"', '""') + '"'
