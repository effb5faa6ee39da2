"""The hourly job that forgets warning subscriptions nobody confirmed within a week."""

from __future__ import annotations

from datetime import datetime

from cityloop.registry import PeriodicJob, periodic_jobs
from cityloop.warnings.subscriptions import optin

RUN_SECONDS = 3600


def _run(now: datetime) -> str:
    return f"{optin.forget_unconfirmed(now)} unconfirmed warning subscriptions forgotten"


periodic_jobs.register(
    "warning_subscriptions",
    "Forget warning subscriptions whose confirmation expired unused, and browsers whose "
    "push service forgot them.",
)(PeriodicJob(lambda: RUN_SECONDS, _run))
