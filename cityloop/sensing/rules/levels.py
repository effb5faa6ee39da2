"""Warning levels and how a measured value maps to one.

The four colours of the Chinese (and WMO) early-warning scale, in rising
order: blue < yellow < orange < red. "Normal" is no level at all (None).

A rule gives a threshold per level it uses. A value *enters* a level when it
reaches that level's threshold, and *leaves* it only once it falls below
``threshold - hysteresis``: a reading that hovers around a threshold does not
open and close alerts every minute (no flapping). Rules on a falling value
(pipe pressure) say ``direction: below``; the same logic then runs on the
negated value and thresholds.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    BLUE = "blue", _("Blue")
    YELLOW = "yellow", _("Yellow")
    ORANGE = "orange", _("Orange")
    RED = "red", _("Red")


class Direction(models.TextChoices):
    ABOVE = "above", _("Alert when the value rises to a threshold")
    BELOW = "below", _("Alert when the value falls to a threshold")


ORDER: tuple[Level, ...] = (Level.BLUE, Level.YELLOW, Level.ORANGE, Level.RED)
RANK: dict[str, int] = {str(level): i + 1 for i, level in enumerate(ORDER)}

# A warning level's case priority: red is urgent, blue can wait.
PRIORITY: dict[str, str] = {
    Level.RED: "urgent",
    Level.ORANGE: "high",
    Level.YELLOW: "normal",
    Level.BLUE: "low",
}


def rank(level: str | None) -> int:
    """0 for normal, 1 for blue ... 4 for red."""
    return RANK.get(level or "", 0)


def as_level(value: str | None) -> Level | None:
    return Level(value) if value else None


def classify(
    value: float,
    thresholds: Mapping[str, float | None],
    *,
    direction: str = Direction.ABOVE,
    hysteresis: float = 0.0,
    previous: str | None = None,
) -> Level | None:
    """The level of ``value`` given the level held before (``previous``).

    A level at or below the previous one is kept while the value stays
    within ``hysteresis`` of its threshold; a higher level needs its full
    threshold.
    """
    sign = -1.0 if direction == Direction.BELOW else 1.0
    x = sign * value
    held = rank(previous)
    found: Level | None = None
    for level in ORDER:
        limit = thresholds.get(level)
        if limit is None:
            continue
        limit = sign * limit
        if x >= limit or (rank(level) <= held and x >= limit - hysteresis):
            found = level
    return found


def ordered_problems(thresholds: Mapping[str, float | None], direction: str) -> list[str]:
    """What is wrong with a set of thresholds (an empty list when nothing)."""
    given = [(level, thresholds.get(level)) for level in ORDER]
    used = [(level, limit) for level, limit in given if limit is not None]
    if not used:
        return [str(_("give a threshold for at least one level"))]
    problems = []
    for (low, a), (high, b) in itertools.pairwise(used):
        rising = b > a if direction == Direction.ABOVE else b < a
        if not rising:
            word = _("above") if direction == Direction.ABOVE else _("below")
            problems.append(
                str(_("the %(high)s threshold must be %(word)s the %(low)s threshold"))
                % {"high": high, "word": word, "low": low}
            )
    return problems
