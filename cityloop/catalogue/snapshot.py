"""An in-memory snapshot of the catalogue for the submission hot path.

Every report needs its category, the category's questions and the
department tree for routing. These change a few times a year, so each
process keeps them in memory and reloads only when ``CatalogueRevision``
says something changed (the same scheme as ``geo.index``).
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from dataclasses import dataclass, field

from cityloop.catalogue.models import (
    CatalogueRevision,
    Department,
    ServiceAttribute,
    ServiceCategory,
)
from cityloop.sharedcache import SharedCache


@dataclass
class Snapshot:
    categories: dict[str, ServiceCategory] = field(default_factory=dict)
    attributes: dict[int, list[ServiceAttribute]] = field(default_factory=dict)
    departments: dict[int, Department] = field(default_factory=dict)
    units: dict[int, list[Department]] = field(default_factory=dict)

    def tree_of(self, department_ids: set[int] | frozenset[int]) -> set[int]:
        """The departments and every active unit below them, however deep."""
        tree, todo = set(department_ids), list(department_ids)
        while todo:
            for unit in self.units.get(todo.pop(), []):
                if unit.pk not in tree:
                    tree.add(unit.pk)
                    todo.append(unit.pk)
        return tree


def _load() -> Snapshot:
    snap = Snapshot()
    snap.departments = {d.pk: d for d in Department.objects.all()}
    units: dict[int, list[Department]] = defaultdict(list)
    for dept in snap.departments.values():
        if dept.parent_id is not None and dept.active:
            units[dept.parent_id].append(dept)
    snap.units = dict(units)
    attributes: dict[int, list[ServiceAttribute]] = defaultdict(list)
    for attr in ServiceAttribute.objects.order_by("order", "code"):
        attributes[attr.category_id].append(attr)
    snap.attributes = dict(attributes)
    for category in ServiceCategory.objects.select_related("group"):
        category.department = snap.departments[category.department_id]
        snap.categories[category.service_code] = category
    return snap


_catalogue = SharedCache(CatalogueRevision, _load)


def current() -> Snapshot:
    return _catalogue.get()


def touch() -> None:
    _catalogue.touch()


def pinned() -> contextlib.AbstractContextManager[Snapshot]:
    """Within the block, ``current()`` answers the same snapshot without asking
    the database again (one revision check per submission)."""
    return _catalogue.pinned()


def category(code: str) -> ServiceCategory | None:
    return current().categories.get(code)
