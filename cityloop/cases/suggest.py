"""The triage seam: category and priority suggestions, and possible duplicates.

``submit`` asks the provider named by ``CITYLOOP_TRIAGE`` for a suggestion
and the finder named by ``CITYLOOP_DUPLICATES`` for open cases the report
may repeat. The built-in ``keywords`` provider matches the catalogue's own
keywords; the triage app registers a trained classifier on the same
registry. Nothing here may raise for odd text: a suggestion is optional.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings

from cityloop.cases.models import OPEN_STATUSES, Case
from cityloop.catalogue import snapshot
from cityloop.catalogue.models import ServiceCategory
from cityloop.registry import duplicate_finders, triage_providers


@dataclass(frozen=True)
class Suggestion:
    category: str | None  # service code, or None when nothing is likely
    confidence: float
    top3: list[tuple[str, float]] = field(default_factory=list)
    priority: str | None = None
    provider: str = ""

    def as_json(self) -> dict[str, object]:
        return {
            "category": self.category,
            "confidence": round(self.confidence, 4),
            "top3": [[code, round(p, 4)] for code, p in self.top3],
            "priority": self.priority,
            "provider": self.provider,
        }


def suggest(text: str, language: str = "") -> Suggestion | None:
    provider = triage_providers.get(settings.TRIAGE_PROVIDER)
    result: Suggestion | None = provider(text, language)
    return result


def possible_duplicates(category: ServiceCategory, lat: float, lon: float, now: datetime,
                        *, text: str = "", exclude: Iterable[int] = ()) -> list[Case]:
    """Open cases that may report the same problem, best first (docs/extending.md):
    ``text`` is the new report's description, if any, so that finders that
    compare texts can; ``exclude`` the ids of cases never to return (the case
    itself, on its own page)."""
    finder = duplicate_finders.get(settings.DUPLICATE_FINDER)
    found: list[Case] = finder(category, lat, lon, now, text=text, exclude=tuple(exclude))
    return found


@triage_providers.register("none", "Suggest nothing; reports keep the category they came with.")
def no_suggestion(text: str, language: str) -> Suggestion | None:
    return None


@triage_providers.register(
    "keywords", "Match the report's words against each category's keywords (any language)."
)
def keyword_suggestion(text: str, language: str) -> Suggestion | None:
    lowered = text.lower()
    if not lowered.strip():
        return None
    scores: dict[str, float] = {}
    for code, category in snapshot.current().categories.items():
        if not category.active:
            continue
        keywords = category.keywords
        hits = sum(len(word) for word in keywords or [] if word and word.lower() in lowered)
        if hits:
            scores[code] = float(hits)
    if not scores:
        return Suggestion(None, 0.0, provider="keywords")
    total = sum(scores.values())
    ranked = sorted(((code, s / total) for code, s in scores.items()), key=lambda x: -x[1])
    return Suggestion(ranked[0][0], ranked[0][1], ranked[:3], provider="keywords")


DUPLICATE_RADIUS_M = 150.0
DUPLICATE_WINDOW = timedelta(days=14)


@duplicate_finders.register("none", "Never suggest duplicates.")
def no_duplicates(category: ServiceCategory, lat: float, lon: float, now: datetime,
                  text: str = "", exclude: Iterable[int] = ()) -> list[Case]:
    return []


@duplicate_finders.register(
    "nearby", "Open cases of the same category within 150 m reported in the last 14 days."
)
def nearby_open_cases(category: ServiceCategory, lat: float, lon: float, now: datetime,
                      text: str = "", exclude: Iterable[int] = ()) -> list[Case]:
    """By distance alone: ``text`` plays no part here."""
    dlat = DUPLICATE_RADIUS_M / 111_320.0
    dlon = dlat / max(math.cos(math.radians(lat)), 0.01)
    candidates = Case.objects.filter(
        category=category,
        status__in=OPEN_STATUSES,
        created_at__gte=now - DUPLICATE_WINDOW,
        lat__range=(lat - dlat, lat + dlat),
        lon__range=(lon - dlon, lon + dlon),
    ).exclude(pk__in=list(exclude)).order_by("-created_at")[:50]
    ranked = sorted(candidates, key=lambda c: distance_m(lat, lon, c.lat or 0.0, c.lon or 0.0))
    return [c for c in ranked if distance_m(lat, lon, c.lat or 0.0, c.lon or 0.0)
            <= DUPLICATE_RADIUS_M][:5]


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_000 * math.asin(min(1.0, math.sqrt(a)))
