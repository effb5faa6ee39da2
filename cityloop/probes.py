"""What /readyz and /metrics read from the database: each one small query.

Shared so that the readiness check and the Prometheus gauges agree on what
"outbox lag" or "heartbeat age" mean.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Count, Min, Q
from django.utils import timezone

from cityloop.cases.models import Case
from cityloop.notify.models import Message, MessageStatus
from cityloop.sensing.rules.models import RuleState, RuleWork
from cityloop.worker.heartbeat import newest_heartbeat

PENDING = (MessageStatus.QUEUED, MessageStatus.SENDING)


def seconds_since(moment: datetime | None, now: datetime) -> float | None:
    return None if moment is None else max(0.0, (now - moment).total_seconds())


def database_answers() -> None:
    """Raises the database's own error when it does not answer."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def pending_migrations() -> list[str]:
    """Migrations in the code that the database has not had (``cityloop migrate``)."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


@dataclass(frozen=True)
class Outbox:
    queued: int
    sending: int
    oldest_pending_age: float | None  # seconds since the oldest unsent message was queued
    lag: float | None  # seconds the oldest message due now has waited past its time


def outbox(now: datetime | None = None) -> Outbox:
    now = now or timezone.now()
    rows = (
        Message.objects.filter(status__in=PENDING).values("status")
        .annotate(n=Count("id"), oldest=Min("created_at"),
                  due=Min("next_attempt_at", filter=Q(next_attempt_at__lte=now)))
        .order_by()
    )
    by_status = {row["status"]: row for row in rows}
    queued, sending = by_status.get(MessageStatus.QUEUED), by_status.get(MessageStatus.SENDING)
    oldest = min((r["oldest"] for r in by_status.values()), default=None)
    return Outbox(
        queued=queued["n"] if queued else 0,
        sending=sending["n"] if sending else 0,
        oldest_pending_age=seconds_since(oldest, now),
        # Messages waiting for a retry later are not late: only queued ones now due count.
        lag=seconds_since(queued["due"], now) if queued else None,
    )


def heartbeat_age(now: datetime | None = None) -> float | None:
    """Seconds since any worker was last seen alive (None: no worker has run)."""
    return seconds_since(newest_heartbeat(), now or timezone.now())


def cases_by_status() -> dict[str, int]:
    rows = Case.objects.values_list("status").annotate(n=Count("id")).order_by()
    return dict(rows)


@dataclass(frozen=True)
class RuleQueue:
    datastreams: int  # waiting for their rules to be evaluated
    oldest_age: float | None  # seconds since the oldest of them received data


def rule_queue(now: datetime | None = None) -> RuleQueue:
    """The rule queue: how many datastreams wait for the worker, and for how long. A
    growing age means the workers do not keep up with ingest, or none is running."""
    found = RuleWork.objects.aggregate(n=Count("datastream_id"), oldest=Min("received_at"))
    return RuleQueue(found["n"], seconds_since(found["oldest"], now or timezone.now()))


def rule_evaluation_lag(now: datetime | None = None) -> float | None:
    """Seconds since the active rule evaluated longest ago was evaluated on its datastream.

    Every rule is evaluated after each ingest of its datastreams and by the
    worker's sweep (CITYLOOP_RULES_SWEEP_SECONDS): a lag well past the sweep
    interval means the worker is not keeping up, or not running.
    """
    oldest = RuleState.objects.filter(rule__active=True).aggregate(
        oldest=Min("last_evaluated"))["oldest"]
    return seconds_since(oldest, now or timezone.now())
