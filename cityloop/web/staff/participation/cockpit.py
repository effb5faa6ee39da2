"""The cockpit's tile of proposals waiting for an answer past their deadline.

Counted among the proposals the viewer may answer (``participation.policy``),
so a roads officer sees the roads bureau's overdue answers and a call-centre
operator the city's; it links to the answer queue, where the overdue come
first. Staff who answer no process get no tile. The wall display keeps its six
live case figures: its layout fills 1080 pixels exactly, and proposals change
by the day, not by the minute.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cityloop.participation import policy, proposals


def overdue_tile(user: Any, now: datetime) -> dict[str, Any] | None:
    if not policy.may_use(user):
        return None
    overdue = policy.answerable_proposals(user, proposals.overdue(now))
    count = overdue.count()
    oldest = overdue.values_list("answer_due_at", flat=True).first()
    note = ""
    if oldest is not None:
        days = (now - oldest).days
        note = ngettext("the oldest %(days)s day late", "the oldest %(days)s days late",
                        days) % {"days": number_format(days)}
    return {"key": "proposals_overdue", "url": reverse("staff:participation:queue"),
            "label": _("Proposals waiting for an answer past their deadline"),
            "display": number_format(count, force_grouping=True), "note": note,
            "count": count}
