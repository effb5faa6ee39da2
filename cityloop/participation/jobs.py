"""The hourly job that forgets verification codes nobody typed back.

A pending code holds an address someone typed, perhaps not theirs: kept an
hour for the code to be used, then deleted, so nothing is kept of a person
who never took part.
"""

from __future__ import annotations

from datetime import datetime

from cityloop.participation import residents
from cityloop.participation.models import Verification
from cityloop.registry import PeriodicJob, periodic_jobs

RUN_SECONDS = 3600


def _run(now: datetime) -> str:
    count, _ = Verification.objects.filter(created_at__lt=now - residents.CODE_VALID).delete()
    return f"{count} unused participation codes forgotten"


periodic_jobs.register(
    "participation_codes",
    "Forget the participation verification codes (and the addresses they were sent to) "
    "not typed back within the hour.",
)(PeriodicJob(lambda: RUN_SECONDS, _run))
