"""The nightly job publishing the cases' open data into ``DATA_DIR/opendata/``.

It is claimed every hour and exports once a local day, at the first claim
after ``EXPORT_HOUR`` (a quiet hour: the export reads every case). A day's
export is known by the time of the catalogue already there, so a worker
restarted at noon does not export twice, and one that was down at night
catches up at its first hour.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from cityloop.analytics import opendata_export
from cityloop.registry import PeriodicJob, periodic_jobs

RUN_SECONDS = 3600
EXPORT_HOUR = 2


def directory() -> Path:
    return Path(settings.DATA_DIR) / "opendata"


def _due(now: datetime) -> bool:
    local = timezone.localtime(now)
    if local.hour < EXPORT_HOUR:
        return False
    start = local.replace(hour=EXPORT_HOUR, minute=0, second=0, microsecond=0)
    catalog = directory() / "catalog.json"
    return not catalog.exists() or catalog.stat().st_mtime < start.timestamp()


def _run(now: datetime) -> str:
    if not _due(now):
        return "today's open data is published already"
    counts = opendata_export.export(directory(), now=now)
    return (f"open data: {counts['published']} cases published, "
            f"{counts['suppressed']} left out for k={settings.OPENDATA_K}")


periodic_jobs.register(
    "opendata_export",
    "Publish the cases as de-identified open data in DATA_DIR/opendata once a night.",
)(PeriodicJob(lambda: RUN_SECONDS, _run))
