"""Times said relative to now: "just now", "3 hours ago", "due in 2 days".

Django's ``timesince`` says "0 minutes" for anything under a minute, which
reads as "0 minutes ago"; people say "just now". One unit is enough at a
glance ("2 days", not "2 days, 3 hours") on lists and cards.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.timesince import timesince, timeuntil
from django.utils.translation import gettext as _

JUST_NOW = timedelta(minutes=1)


def ago(moment: datetime | None, now: datetime | None = None) -> str:
    """``moment`` as "just now" or "<n units> ago"; "" without a moment."""
    if moment is None:
        return ""
    now = now or timezone.now()
    if now - moment < JUST_NOW:
        return _("just now")
    return _("%(ago)s ago") % {"ago": timesince(moment, now, depth=1)}


def reported(moment: datetime | None, now: datetime | None = None) -> str:
    """"Reported just now" / "Reported 2 hours ago"."""
    if moment is None:
        return ""
    return _("Reported %(ago)s") % {"ago": ago(moment, now)}


def sla(due_at: datetime | None, is_open: bool, now: datetime | None = None) -> str:
    """Where an open case stands against its deadline: "Due in 5 hours", "Overdue by 2 days"."""
    if due_at is None or not is_open:
        return ""
    now = now or timezone.now()
    if due_at < now:
        if now - due_at < JUST_NOW:
            return _("Overdue since just now")
        return _("Overdue by %(time)s") % {"time": timesince(due_at, now, depth=1)}
    if due_at - now < JUST_NOW:
        return _("Due now")
    return _("Due in %(time)s") % {"time": timeuntil(due_at, now, depth=1)}
