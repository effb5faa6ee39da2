"""The department tree as the figures see it: bureaus and the units under them.

A city bureau (level 1) has district offices and street teams below it. The
ranking compares bureaus, each with the cases of all its units, or units on
their own. The roll-up happens in SQL: a ``CASE department_id WHEN IN (…)``
expression maps every unit to its bureau, so the database groups by bureau
directly, and a median per bureau is a median over the bureau's own cases
(not a median of its units' medians).
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import Case as CaseWhen
from django.db.models import F, IntegerField, Value, When
from django.db.models.expressions import Combinable

from cityloop.catalogue import snapshot
from cityloop.catalogue.models import Department

BUREAU = "bureau"
UNIT = "unit"
LEVELS = (BUREAU, UNIT)


def bureau_of(department_id: int, departments: Mapping[int, Department]) -> int:
    """The top-level department above ``department_id`` (itself when it is one)."""
    seen = {department_id}
    node = departments.get(department_id)
    while node is not None and node.parent_id is not None and node.parent_id not in seen:
        seen.add(node.parent_id)
        parent = departments.get(node.parent_id)
        if parent is None:
            break
        node = parent
    return node.pk if node is not None else department_id


def units_by_bureau(departments: Mapping[int, Department]) -> dict[int, list[int]]:
    """Every bureau with the ids of itself and every unit below it."""
    tree: dict[int, list[int]] = {}
    for pk in sorted(departments):
        tree.setdefault(bureau_of(pk, departments), []).append(pk)
    return tree


def department_key(field: str, level: str,
                   departments: Mapping[int, Department] | None = None) -> Combinable:
    """An expression grouping rows by unit (``field`` itself) or by its bureau."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}")
    if level == UNIT:
        return F(field)
    departments = departments if departments is not None else snapshot.current().departments
    whens = [
        When(**{f"{field}__in": ids}, then=Value(top))
        for top, ids in units_by_bureau(departments).items()
        if len(ids) > 1
    ]
    if not whens:
        return F(field)
    return CaseWhen(*whens, default=F(field), output_field=IntegerField())
