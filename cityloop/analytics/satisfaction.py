"""What reporters think of the work: their ratings of resolutions.

Ratings are read from the ``rate`` events of the audit chain, not from
``Case.rating``: a rating of 1 or 2 reopens the case, and its next
resolution clears ``Case.rating`` to await a new one, so the case row
forgets exactly the bad ratings a city must not forget. The events keep
every rating ever given, at the time it was given; the ``(action, at)``
index (``analytics/migrations``) finds a month's ratings without reading
the month's other events.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Avg, Count, IntegerField, Q, QuerySet
from django.db.models.expressions import Combinable
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast

from cityloop.analytics.periods import Period
from cityloop.cases.models import CaseEvent

GOOD_FROM = 4  # ratings of 4 and 5 count as satisfied


@dataclass(frozen=True)
class Satisfaction:
    ratings: int
    mean: float | None
    good_share: float | None  # share of ratings of 4 or 5
    distribution: tuple[int, ...]  # how many 1s, 2s, 3s, 4s and 5s

    def as_json(self) -> dict[str, object]:
        return {"ratings": self.ratings, "mean": self.mean, "good_share": self.good_share,
                "distribution": list(self.distribution)}


def rating_value() -> Combinable:
    """The rating recorded in a ``rate`` event's details, as a whole number."""
    return Cast(KeyTextTransform("rating", "data"), IntegerField())


def rating_events(period: Period) -> QuerySet[CaseEvent]:
    return CaseEvent.objects.filter(action="rate", at__gte=period.start, at__lt=period.end)


def satisfaction(events: QuerySet[CaseEvent]) -> Satisfaction:
    """Mean rating, share of 4–5 and the distribution over ``rate`` events."""
    per_star = {f"r{n}": Count("pk", filter=Q(_rating=n)) for n in range(1, 6)}
    row = events.order_by().annotate(_rating=rating_value()).aggregate(
        n=Count("pk"), mean=Avg("_rating"), **per_star
    )
    total = int(row["n"])
    good = sum(int(row[f"r{n}"]) for n in range(GOOD_FROM, 6))
    return Satisfaction(
        ratings=total,
        mean=float(row["mean"]) if total else None,
        good_share=good / total if total else None,
        distribution=tuple(int(row[f"r{n}"]) for n in range(1, 6)),
    )


def satisfaction_in(period: Period) -> Satisfaction:
    """Ratings given during ``period``."""
    return satisfaction(rating_events(period))
