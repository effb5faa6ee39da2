"""Running the periodic jobs that the apps register on ``registry.periodic_jobs``
(the SLA sweeps in ``cases.sla``, sensor rules, vital signs, hotspots, …).

``run_due_jobs`` claims each due job with one conditional UPDATE on its
``JobRun`` row, so among any number of workers exactly one runs it per
interval.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.utils import timezone

from cityloop.registry import periodic_jobs
from cityloop.worker.models import JobRun

log = logging.getLogger(__name__)


def claim_job(name: str, interval: int, worker_id: str, now: datetime) -> bool:
    JobRun.objects.get_or_create(name=name, defaults={"next_run_at": now})
    claimed = JobRun.objects.filter(name=name, next_run_at__lte=now).update(
        next_run_at=now + timedelta(seconds=interval),
        last_started_at=now,
        last_worker=worker_id,
    )
    return claimed == 1


def run_due_jobs(worker_id: str, now: datetime | None = None) -> list[str]:
    """Run every job that is due; the names of those this worker ran."""
    ran = []
    for entry in periodic_jobs:
        job = entry.value
        moment = now or timezone.now()
        if not claim_job(entry.key, job.interval(), worker_id, moment):
            continue
        try:
            result = job.run(moment)
        except Exception as exc:  # one failing job must not stop the others
            log.exception("periodic job %s failed", entry.key)
            result = f"failed: {exc.__class__.__name__}: {exc}"
        JobRun.objects.filter(name=entry.key).update(
            last_finished_at=timezone.now(), last_result=result[:500]
        )
        ran.append(entry.key)
    return ran
