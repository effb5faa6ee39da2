"""The warnings in force, kept in memory for the banner on every public page.

Publishing touches ``WarningRevision`` (publish.py), so every process
rebuilds its copy within ``CITYLOOP_CACHE_CHECK_SECONDS``; a warning that
expires leaves the answer at once, as expiry is checked on every read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from cityloop.sharedcache import SharedCache
from cityloop.warnings.models import MsgType, Status, Warning, WarningRevision


@dataclass(frozen=True)
class Current:
    id: int
    identifier: str
    status: str
    severity: str
    expires: datetime
    headline: str
    headline_i18n: dict[str, str]


def current_queryset(now: datetime | None = None):  # type: ignore[no-untyped-def]
    """Published, not replaced, not a cancel, not expired; the newest first."""
    return (Warning.objects.filter(published_at__isnull=False, replaced_at__isnull=True,
                                   expires__gt=now or timezone.now())
            .exclude(msg_type=MsgType.CANCEL).order_by("-published_at", "-id"))


def _build() -> list[Current]:
    rows = current_queryset().values_list("id", "identifier", "status", "severity", "expires",
                                          "headline", "headline_i18n")
    return [Current(*row) for row in rows]


_current = SharedCache(WarningRevision, _build)


def touch() -> None:
    _current.touch()


def in_force(now: datetime | None = None) -> list[Current]:
    """Every current warning (actual, exercise and draft), from this process's copy."""
    now = now or timezone.now()
    return [w for w in _current.get() if w.expires > now]


def banner(now: datetime | None = None) -> list[Current]:
    """The current actual warnings: what the banner on every public page shows."""
    return [w for w in in_force(now) if w.status == Status.ACTUAL]
