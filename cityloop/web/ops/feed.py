"""What the cockpit shows, as one JSON payload for the page, the event stream and polling.

The lists of overdue cases and open sensor alerts (``lists.py``) are read
fresh each time: two small index look-ups.

Figures are put into words here, in the active language, so the page's
script only copies text into place. The live counts (intake, open,
overdue, resolved in 24 h, per group) are cached per scope (whose cases,
see ``scope.py``), per language and per *change marker* (the latest
``Case.updated_at`` and the newest case): any change to any case makes a
fresh computation, and while nothing changes every open cockpit of the
same scope shares one result for up to ``KPI_CACHE_SECONDS``
(overdue counts move with the clock alone). The 30-day figures (median
time to resolve, satisfaction, the ranking) hardly move within a minute and
are refreshed at most every ``QUALITY_CACHE_SECONDS`` /
``RANKING_CACHE_SECONDS``, so a busy city's stream of changes does not
recompute them every few seconds.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cityloop.analytics.departments import BUREAU
from cityloop.analytics.display import (
    count_text,
    hours_text,
    percent_text,
    ranking_rows,
    rating_text,
)
from cityloop.analytics.kpis import RECENT_DAYS, CockpitKpis, live_counts, recent_quality
from cityloop.analytics.periods import Period
from cityloop.analytics.ranking import department_ranking
from cityloop.cases.models import Case
from cityloop.web.ops import lists
from cityloop.web.ops.scope import Scope
from cityloop.web.ops.scope import key as scope_key

CITY = Scope(None)

KPI_CACHE_SECONDS = 30
QUALITY_CACHE_SECONDS = 60
RANKING_CACHE_SECONDS = 60
TILES = ("intake_today", "open_now", "overdue_now", "resolved_24h",
         "median_hours_to_resolve", "satisfaction")


def change_marker() -> dict[str, Any]:
    """The latest change to any case, and the newest case: two index look-ups."""
    last = Case.objects.order_by("-updated_at").values_list("updated_at", flat=True).first()
    newest = Case.objects.order_by("-pk").values_list("pk", flat=True).first()
    return {"changed": last.isoformat() if last else "", "latest": newest or 0}


def tiles(kpis: CockpitKpis) -> dict[str, dict[str, Any]]:
    sat = kpis.satisfaction
    counts = {key: getattr(kpis, key) for key in TILES[:4]}
    out = {key: {"value": n, "display": count_text(n), "note": ""}
           for key, n in counts.items()}
    out["median_hours_to_resolve"] = {
        "value": kpis.median_hours_to_resolve,
        "display": hours_text(kpis.median_hours_to_resolve),
        "note": _("last %(days)d days") % {"days": RECENT_DAYS},
    }
    note = (_("%(percent)s rated 4 or 5, %(count)s ratings")
            % {"percent": percent_text(sat.good_share), "count": count_text(sat.ratings)}
            if sat.ratings else _("no ratings in %(days)d days") % {"days": RECENT_DAYS})
    out["satisfaction"] = {"value": sat.mean, "display": rating_text(sat.mean), "note": note}
    return out


def _kpis(now: datetime, marker: dict[str, Any], scope: Scope) -> CockpitKpis:
    language = translation.get_language()
    cases = None if scope.city_wide else scope.cases()
    live_key = f"ops:live:{scope_key(scope)}:{language}:{marker['changed']}:{marker['latest']}"
    live = cache.get(live_key)
    if live is None:
        live = live_counts(now, cases)
        cache.set(live_key, live, KPI_CACHE_SECONDS)
    quality_key = f"ops:quality:{scope_key(scope)}"
    quality = cache.get(quality_key)
    if quality is None:
        quality = recent_quality(now, cases)
        cache.set(quality_key, quality, QUALITY_CACHE_SECONDS)
    return CockpitKpis.of(now, live, quality)


def ranking(now: datetime, level: str = BUREAU) -> list[dict[str, Any]]:
    key = f"ops:ranking:{level}:{translation.get_language()}"
    rows = cache.get(key)
    if rows is None:
        rows = ranking_rows(department_ranking(Period.last_days(RECENT_DAYS, now), level))
        cache.set(key, rows, RANKING_CACHE_SECONDS)
    return rows


def build(now: datetime | None = None, level: str = BUREAU,
          scope: Scope = CITY) -> dict[str, Any]:
    """The cockpit's payload for ``scope``, in the active language; the ranking
    (always city-wide: it compares departments) by bureau or by unit."""
    now = now or timezone.now()
    marker = change_marker()
    kpis = _kpis(now, marker, scope)
    local = timezone.localtime(now)
    return {
        "at": local.isoformat(timespec="seconds"),
        "at_display": date_format(local, "H:i:s"),
        **marker,
        "tiles": tiles(kpis),
        "groups": [vars(g) for g in kpis.groups],
        "ranking": ranking(now, level),
        "overdue": lists.overdue(scope, now),
        "alerts": lists.open_alerts(scope, now),
    }
