"""The worker's heartbeat: one row per running worker, its time refreshed by the loop."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from django.db.models import Max
from django.utils import timezone

from cityloop.worker.models import WorkerHeartbeat

BEAT_SECONDS = 10.0  # how often a worker refreshes its row; /readyz allows much more
FORGOTTEN_AFTER = timedelta(days=1)


class Heartbeat:
    """Refreshes one worker's row at most every ``BEAT_SECONDS``."""

    def __init__(self, worker_id: str):
        self.worker_id = worker_id
        self.started_at = timezone.now()
        self._last = -BEAT_SECONDS  # monotonic time of the last beat; the first is at once

    def beat(self) -> None:
        if time.monotonic() - self._last < BEAT_SECONDS:
            return
        now = timezone.now()
        if not WorkerHeartbeat.objects.filter(worker_id=self.worker_id).update(seen_at=now):
            WorkerHeartbeat.objects.create(worker_id=self.worker_id, started_at=self.started_at,
                                           seen_at=now)
            WorkerHeartbeat.objects.filter(seen_at__lt=now - FORGOTTEN_AFTER).delete()
        self._last = time.monotonic()

    def forget(self) -> None:
        """An orderly stop: this worker is no longer a sign that work gets done."""
        WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()


def newest_heartbeat() -> datetime | None:
    """When any worker was last seen alive (None: no worker has run)."""
    seen: datetime | None = WorkerHeartbeat.objects.aggregate(newest=Max("seen_at"))["newest"]
    return seen
