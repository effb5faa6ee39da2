"""The SLA clock: when a case is due, and when it escalates.

Its own module, below ``lifecycle``: intake starts the clock and the
actions (reopen, recategorise) restart it, while the sweeps that act on a
missed deadline (``sla``) go through ``lifecycle`` and so sit above it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from cityloop.cases.models import Case
from cityloop.catalogue.models import ServiceCategory


def start_clock(case: Case, category: ServiceCategory, start: datetime) -> None:
    """Set when ``case`` is due, and when it escalates (at twice the SLA)."""
    allowed = timedelta(hours=category.sla_hours)
    case.due_at = start + allowed
    case.escalate_at = start + 2 * allowed
    case.overdue_at = case.escalated_at = None
    case.escalated_to = None
