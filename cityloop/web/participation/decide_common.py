"""What the survey and budget pages share: finding the published thing, the phase's dates,
and sending an unverified person to verify first."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.formats import number_format

from cityloop.participation.models import Process


def verify_redirect(request: HttpRequest) -> HttpResponseRedirect:
    """To the verify page, which brings the person back here once verified."""
    url = reverse("participate:verify")
    return HttpResponseRedirect(f"{url}?{urlencode({'next': request.get_full_path()})}")


def require_published(process: Process) -> None:
    """A process not yet (or no longer) public has no pages: 404, not a hint that it exists."""
    if not process.published:
        raise Http404


def phase_dates(process: Process, kind: str, now: datetime) -> dict[str, datetime | None]:
    """When the process's ``kind`` phase opens (if still ahead) or closed (if over)."""
    runs = [p for p in process.phases.all() if p.kind == kind]
    ahead = [p for p in runs if p.starts_at > now]
    over = [p for p in runs if p.ends_at <= now]
    return {"opens": min(p.starts_at for p in ahead) if ahead else None,
            "closed": max(p.ends_at for p in over) if over and not ahead else None}


def money(amount: Decimal) -> str:
    """An amount in whole units, grouped as the page's language groups digits."""
    return number_format(amount, decimal_pos=0, use_l10n=True, force_grouping=True)

