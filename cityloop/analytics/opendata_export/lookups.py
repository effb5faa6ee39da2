"""The small tables a case row is published through: areas, categories, departments.

Read once per export (a city has tens of districts and categories, hundreds
of departments), so streaming a million cases needs no join per row.
"""

from __future__ import annotations

from dataclasses import dataclass

from shapely.geometry import shape

from cityloop.catalogue.models import Department, ServiceCategory
from cityloop.geo.models import Area, AreaLevel

# A district's centroid to about 1 m: it is the district that is published,
# not a place in it.
CENTROID_DECIMALS = 5


@dataclass(frozen=True)
class District:
    code: str
    name: str
    lon: float
    lat: float


@dataclass(frozen=True)
class Category:
    code: str
    name: str
    group: str


@dataclass(frozen=True)
class Lookups:
    districts: dict[int, District]  # any area's id → the district it lies in
    categories: dict[int, Category]  # public categories only
    bureaus: dict[int, str]  # a department's id → the name of its city bureau

    def district(self, area_id: int | None) -> District | None:
        return self.districts.get(area_id) if area_id is not None else None


def load() -> Lookups:
    return Lookups(_districts(), _categories(), _bureaus())


def _districts() -> dict[int, District]:
    areas = {a.pk: a for a in Area.objects.only("id", "code", "name", "level", "parent_id",
                                                 "geometry")}
    published: dict[int, District] = {}
    for area in areas.values():
        if area.level != AreaLevel.DISTRICT:
            continue
        centre = shape(area.geometry).centroid
        published[area.pk] = District(area.code, area.name, round(centre.x, CENTROID_DECIMALS),
                                      round(centre.y, CENTROID_DECIMALS))
    result: dict[int, District] = {}
    for area in areas.values():
        node: Area | None = area
        for _depth in range(10):  # a street's district is its parent; a city has none
            if node is None or node.pk in published:
                break
            node = areas.get(node.parent_id) if node.parent_id else None
        if node is not None and node.pk in published:
            result[area.pk] = published[node.pk]
    return result


def _categories() -> dict[int, Category]:
    rows = ServiceCategory.objects.filter(is_public=True).select_related("group")
    return {c.pk: Category(c.service_code, c.name, c.group.name)
            for c in rows.only("id", "service_code", "name", "group__name")}


def _bureaus() -> dict[int, str]:
    """A department's city bureau (the root of its tree): the '311 agency'.

    Units of a district office would say where a case is, finer than the
    district; the bureau says who answers for the service.
    """
    departments = {d.pk: d for d in Department.objects.only("id", "name", "parent_id")}
    result: dict[int, str] = {}
    for pk, department in departments.items():
        node = department
        for _depth in range(10):
            parent = departments.get(node.parent_id) if node.parent_id else None
            if parent is None:
                break
            node = parent
        result[pk] = node.name
    return result
