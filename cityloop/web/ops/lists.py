"""The cockpit's two lists: the most overdue cases, and the sensor alerts still open.

Both are read for a ``Scope`` (see ``scope.py``) and put into words here,
in the active language, so that the page's script only copies them into
place; each item links to its case in the staff console, which checks the
person's rights again.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from cityloop.cases.models import OPEN_STATUSES, Case
from cityloop.sensing.rules.levels import Level
from cityloop.sensing.rules.models import Alert
from cityloop.sensing.rules.text import number, unit
from cityloop.web import relative
from cityloop.web.ops.scope import Scope
from cityloop.web.staff.source import thing_name

SHOWN = 8  # items per list: what a wall display shows without scrolling


def _case_url(reference: str) -> str:
    return reverse("staff:case", args=[reference])


def overdue(scope: Scope, now: datetime, limit: int = SHOWN) -> list[dict[str, Any]]:
    """The open cases past their deadline, the longest overdue first."""
    cases = (scope.cases(Case.objects.filter(status__in=OPEN_STATUSES, due_at__lt=now))
             .select_related("category", "area").order_by("due_at", "pk")
             .only("reference", "priority", "due_at", "category__name", "category__name_i18n",
                   "area__name", "area__name_i18n")[:limit])
    return [{
        "ref": case.reference,
        "url": _case_url(case.reference),
        "category": case.category.display_name,
        "area": case.area.display_name if case.area else "",
        "priority": case.priority,
        "late": relative.sla(case.due_at, True, now),
    } for case in cases]


def open_alerts(scope: Scope, now: datetime, limit: int = SHOWN) -> list[dict[str, Any]]:
    """Sensor alerts that have not ended, the highest level first, then the newest.

    A department scope shows the alerts whose case it handles; the whole
    city also sees alerts still below their rule's case level (no case yet).
    """
    alerts = Alert.objects.filter(ended_at__isnull=True).select_related(
        "rule", "datastream__thing", "case")
    if not scope.city_wide:
        alerts = alerts.filter(case__in=scope.cases().values("pk"))
    order = {level: i for i, level in enumerate(reversed(Level.values))}
    rows = sorted(alerts.order_by("-started_at", "-id")[:200],
                  key=lambda a: order.get(a.level, len(order)))[:limit]
    labels = dict(Level.choices)
    return [{
        "station": thing_name(alert.datastream.thing.name, alert.datastream.thing.properties),
        "rule": alert.rule.display_name,
        "level": alert.level,
        "level_label": str(labels.get(alert.level, alert.level)),
        "peak": (_("peak %(value)s %(unit)s") % {"value": number(alert.peak),
                                                  "unit": unit(alert.datastream)}).strip()
        if alert.peak is not None else "",
        "since": relative.ago(alert.started_at, now),
        "ref": alert.case.reference if alert.case else "",
        "url": _case_url(alert.case.reference) if alert.case else "",
    } for alert in rows]
