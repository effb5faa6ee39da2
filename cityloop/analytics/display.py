"""Figures put into words for pages, in the active language (numbers localised).

Shared by the cockpit (``web.ops``) and the public statistics
(``web.public``) so that a rate or a duration reads the same everywhere.
A figure that cannot be computed (nothing resolved yet, no ratings) is
shown as an en dash, never as 0, which would be a claim.
"""

from __future__ import annotations

from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from cityloop.analytics.ranking import DepartmentRank

MISSING = "–"


def decimal_text(value: float, places: int) -> str:
    """Rounded, then localised (``number_format`` alone cuts digits off instead)."""
    return number_format(round(value, places), places)


def count_text(n: int) -> str:
    return number_format(n, force_grouping=True)


def hours_text(hours: float | None) -> str:
    """``12.5 h`` below two days, ``3.2 days`` from two days on."""
    if hours is None:
        return MISSING
    if hours < 48:
        return _("%(hours)s h") % {"hours": decimal_text(hours, 1)}
    return _("%(days)s days") % {"days": decimal_text(hours / 24, 1)}


def percent_text(share: float | None) -> str:
    if share is None:
        return MISSING
    return _("%(percent)s%%") % {"percent": decimal_text(share * 100, 0)}


def rating_text(mean: float | None) -> str:
    return MISSING if mean is None else _("%(mean)s / 5") % {"mean": decimal_text(mean, 1)}


def ranking_rows(rows: list[DepartmentRank]) -> list[dict[str, Any]]:
    """The ranking as JSON-ready rows, each with its figures in words under ``display``."""
    return [{
        **row.as_json(),
        "display": {
            "rank": str(row.rank) if row.rank is not None else MISSING,
            "received": count_text(row.received),
            "resolution_rate": percent_text(row.resolution_rate),
            "on_time_rate": percent_text(row.on_time_rate),
            "mean_rating": MISSING if row.mean_rating is None
            else decimal_text(row.mean_rating, 1),
            "reopen_rate": percent_text(row.reopen_rate),
            "median_hours": hours_text(row.median_hours),
            "score": MISSING if row.score is None else decimal_text(row.score, 1),
        },
    } for row in rows]
