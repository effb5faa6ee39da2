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

import json
import os
from datetime import datetime
from pathlib import Path

from django.conf import settings
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
        tables = lookups.load()
        precision = rules.count(rows.public_cases(tables), tables, k)
        data = {name: parts[name] for name in FILES if name != "catalog.json"}
        with writers.Files(data) as files:
            files.write_all(rows.stream(tables, precision, tally))
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
