"""The cases as open data: ``cases.csv``, ``cases.geojson``, ``cases.parquet``, ``catalog.json``.

NYC 311-style columns (``rows.COLUMNS``), de-identified by rule: public
categories only, no free text, contact, person or point, and the
quasi-identifiers generalised until every combination occurs at least
``CITYLOOP_OPENDATA_K`` times (``rules``). Two passes over the cases: a
``GROUP BY`` counting the combinations, then the rows streamed with
``iterator()`` into the three files at once (``writers``). Every file is
written beside its final name and moved into place when all four are done,
so a failed export leaves the previous one whole (docs/opendata.md).
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation

from cityloop.analytics.opendata_export import catalog, lookups, rows, rules, writers

FILES = ("cases.csv", "cases.geojson", "cases.parquet", "catalog.json")


def export(directory: Path, *, k: int | None = None, now: datetime | None = None
           ) -> dict[str, int]:
    """Write the four files into ``directory``; the published and suppressed row counts."""
    k = k or settings.OPENDATA_K
    now = now or timezone.now()
    directory.mkdir(parents=True, exist_ok=True)
    parts = {name: directory / f".{name}.part" for name in FILES}
    tally = rows.Tally()
    try:
        data = {name: parts[name] for name in FILES if name != "catalog.json"}
        with one_snapshot():
            tables = lookups.load()
            precision = rules.count(rows.public_cases(tables), tables, k)
            with writers.Files(data) as files:
                files.write_all(rows.stream(tables, precision, tally))
        smallest = tally.smallest()
        if smallest is not None and smallest < k:
            # Only if a case changed between the passes, which one_snapshot prevents.
            raise RuntimeError(f"a combination has {smallest} rows, fewer than k={k}: "
                               "nothing was published")
        with translation.override(settings.LANGUAGE_CODE):
            document = catalog.document(rows.COLUMNS, k=k, rows=tally.published,
                                        suppressed=tally.suppressed,
                                        sizes=writers.describe(data), now=now)
        with open(parts["catalog.json"], "w", encoding="utf-8") as out:
            json.dump(document, out, ensure_ascii=False, indent=2)
    except BaseException:
        for part in parts.values():
            part.unlink(missing_ok=True)
        raise
    for name, part in parts.items():
        os.replace(part, directory / name)
    return {"published": tally.published, "suppressed": tally.suppressed}


@contextlib.contextmanager
def one_snapshot() -> Iterator[None]:
    """Both passes read the same cases, whatever is changed meanwhile.

    A case forwarded to another bureau between the count and the rows would
    leave its first combination one row short of what was counted. One
    read-only transaction: on PostgreSQL at REPEATABLE READ (a snapshot for
    the whole transaction, not per statement); SQLite's read transaction is
    one snapshot already. Inside an outer transaction (tests) the isolation
    level is the outer one's.
    """
    outer = connection.in_atomic_block
    with transaction.atomic():
        if not outer and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield
