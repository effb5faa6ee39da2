"""Departments in tree order, for the admin's list: each bureau followed by its
units, each unit by its teams.

The order is computed by the database (one sort key per level of the tree)
rather than in Python, so the admin can still paginate and filter the list.
Deeper than ``DEPTH`` levels, units sort among their level-``DEPTH`` ancestors'
siblings; a city's tree is bureau, district office, street team.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Case, F, Q, Value, When
from django.db.models.expressions import Expression

DEPTH = 4


def _up(steps: int, field: str = "name") -> str:
    return "__".join(["parent"] * steps + [field])


def _depth_is(depth: int) -> Q:
    """The department is ``depth`` levels down (1: a bureau with no parent)."""
    q = Q(**{_up(depth - 1, "isnull"): False}) if depth > 1 else Q()
    if depth < DEPTH:
        q &= Q(**{_up(depth, "isnull"): True})
    return q


def level_key(level: int) -> Expression:
    """The name of the department's ancestor at ``level`` (1: its bureau), or ""."""
    whens = [When(_depth_is(depth), then=F(_up(depth - level)))
             for depth in range(level, DEPTH + 1)]
    return Case(*whens, default=Value(""))


def tree_ordering() -> list[Any]:  # OrderBy expressions, which the stubs do not admit
    # No field name here: the admin would mark that column as the one sorted by.
    return [level_key(level).asc() for level in range(1, DEPTH + 1)]
