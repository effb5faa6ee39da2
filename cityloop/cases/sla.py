"""The SLA sweeps: what happens when a case misses its deadline (``clock``).

Each sweep changes cases only through ``lifecycle.transition``, so every
overdue mark, escalation and automatic closure is an event in the chain,
and its notifications are queued in the same transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from cityloop.cases import lifecycle
from cityloop.cases.actors import Actor
from cityloop.cases.errors import TransitionRefused
from cityloop.cases.models import OPEN_STATUSES, Case, Status
from cityloop.registry import PeriodicJob, periodic_jobs

log = logging.getLogger(__name__)
SWEEPER = "SLA"


def _run(cases: Iterable[Case], action: str, text: str, now: datetime) -> int:
    done = 0
    for case in cases:
        try:
            with transaction.atomic():
                lifecycle.transition(case, action, Actor.system(SWEEPER), note=text, now=now)
            done += 1
        except TransitionRefused as exc:
            # Another worker got there first, or the case changed meanwhile.
            log.info("%s of %s skipped: %s", action, case.reference, exc.message)
    return done


def _batch(queryset: QuerySet[Case], limit: int) -> list[Case]:
    return list(queryset.select_related("category", "department").order_by("due_at")[:limit])


def mark_overdue(now: datetime, limit: int = 500) -> int:
    """Mark open cases past their due time; the department's supervisors are told."""
    late = Case.objects.filter(status__in=OPEN_STATUSES, due_at__lte=now, overdue_at=None)
    return _run(_batch(late, limit), "mark_overdue", _("Past its due time."), now)


def escalate(now: datetime, limit: int = 500) -> int:
    """Escalate open cases at twice their SLA to the parent department."""
    late = Case.objects.filter(
        status__in=OPEN_STATUSES, escalate_at__lte=now, escalated_at=None
    ).exclude(overdue_at=None)
    text = _("Twice its due time has passed without a resolution.")
    return _run(_batch(late, limit), "escalate", text, now)


def auto_close(now: datetime, limit: int = 500) -> int:
    """Close resolved cases whose reporter did not rate within the feedback period."""
    days = settings.FEEDBACK_DAYS
    stale = Case.objects.filter(
        status=Status.RESOLVED, rating=None, resolved_at__lte=now - timedelta(days=days)
    )
    cases = list(stale.select_related("category").order_by("resolved_at")[:limit])
    text = _("Closed automatically: no rating within %(days)d days.") % {"days": days}
    done = 0
    for case in cases:
        try:
            with transaction.atomic():
                lifecycle.transition(
                    case, "close", Actor.system(SWEEPER), public_text=text, now=now,
                    reason="no_rating",
                )
            done += 1
        except TransitionRefused as exc:
            log.info("auto-close of %s skipped: %s", case.reference, exc.message)
    return done


# The worker runs these (worker.jobs); the cases app owns them and needs no worker.
def _sla_sweep(now: datetime) -> str:
    overdue = mark_overdue(now)
    escalated = escalate(now)
    return f"{overdue} marked overdue, {escalated} escalated"


def _auto_close(now: datetime) -> str:
    return f"{auto_close(now)} closed without rating"


periodic_jobs.register(
    "sla_sweep", "Mark overdue cases and escalate those at twice their SLA."
)(PeriodicJob(lambda: settings.SLA_SWEEP_SECONDS, _sla_sweep))
periodic_jobs.register(
    "auto_close", "Close resolved cases not rated within CITYLOOP_FEEDBACK_DAYS."
)(PeriodicJob(lambda: settings.AUTOCLOSE_SWEEP_SECONDS, _auto_close))
