"""The demo city Jiangcheng (江城): its areas, catalogue, departments and mailboxes.

Everything here is idempotent: loading again updates what exists, so
``cityloop demo`` can be run on the same data directory as often as wanted.
Departments sit on three levels under the catalogue's city bureaux, as in a
Chinese city: bureau (局) → district office (区分局/管理所) → street unit
(街道), and routing sends each case down to the most local unit whose area
holds the point.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from cityloop.catalogue.loader import DEFAULT_CATALOGUE, load_file
from cityloop.catalogue.models import Department, ServiceCategory
from cityloop.geo.importer import import_areas
from cityloop.geo.models import Area, AreaLevel, Place
from cityloop.geo.places.importer import import_places
from cityloop.notify.models import Kind, NotificationChannel

DATA_DIR = Path(__file__).resolve().parent / "data"
AREA_FILES = (
    (AreaLevel.CITY, "city.geojson"),
    (AreaLevel.DISTRICT, "districts.geojson"),
    (AreaLevel.STREET, "streets.geojson"),
)
# The gazetteer: roads, landmarks and addresses with OpenStreetMap tags.
PLACE_FILES = ("roads.geojson", "landmarks.geojson", "addresses.geojson")
MAIL_DOMAIN = "jiangcheng.example"  # RFC 2606: .example never reaches anyone

# What each bureau's district office is called: (English, Chinese suffix).
OFFICE_NAMES: dict[str, tuple[str, str]] = {
    "roads": ("Roads Office", "道路管理所"),
    "lighting": ("Street Lighting Office", "路灯管理所"),
    "transport": ("Traffic Police Brigade", "交警大队"),
    "sanitation": ("Sanitation Office", "环境卫生管理所"),
    "water": ("Water Affairs Office", "水务管理所"),
    "parks": ("Parks and Greening Office", "园林绿化管理所"),
    "environment": ("Ecology and Environment Office", "生态环境分局"),
    "safety": ("Urban Management Office", "城市管理执法大队"),
    "animal": ("Animal Management Station", "动物管理站"),
    "service_centre": ("Citizen Service Centre", "市民服务中心"),
}
# Bureaux with a unit in every street: the street cleaning teams and the
# road maintenance teams are where most everyday work is done.
STREET_UNITS: dict[str, tuple[str, str]] = {
    "sanitation": ("Cleaning Team", "保洁队"),
    "roads": ("Road Maintenance Team", "道路养护队"),
}


@dataclass
class CitySummary:
    areas: dict[str, int]
    categories: int
    departments: dict[int, int]  # level -> how many
    channels: int
    places: int = 0


def build_city() -> CitySummary:
    """Load areas, catalogue, departments and channels; what the city now holds."""
    load_areas()
    load_places()
    load_file(DEFAULT_CATALOGUE)
    with transaction.atomic():
        build_departments()
        channels = build_channels()
    return CitySummary(
        areas={level: Area.objects.filter(level=level).count() for level in AreaLevel.values},
        categories=ServiceCategory.objects.count(),
        departments=department_levels(),
        channels=channels,
        places=Place.objects.count(),
    )


def load_areas() -> None:
    for level, name in AREA_FILES:
        import_areas(
            DATA_DIR / name,
            level=level,
            name_field="name",
            code_field="code",
            parent_field="parent",
            translations={"zh-hans": "name_zh"},
        )


def load_places() -> None:
    """The demo's gazetteer, after the areas it names places by. ``--replace``: a place
    dropped from the files goes from a demo loaded again."""
    files = [DATA_DIR / name for name in PLACE_FILES if (DATA_DIR / name).exists()]
    if files:
        import_places(files, replace=True)


def bureaux() -> list[Department]:
    """The catalogue's city bureaux: the departments its categories name."""
    return list(Department.objects.filter(parent=None).order_by("code"))


def build_departments() -> None:
    districts = list(Area.objects.filter(level=AreaLevel.DISTRICT).order_by("id"))
    for bureau in bureaux():
        en, zh = OFFICE_NAMES.get(bureau.code, ("Office", "办事处"))
        for district in districts:
            office = _department(
                f"{bureau.code}_{district.code}",
                f"{district.name} {en}",
                f"{_zh(district)}{zh}",
                bureau,
                district,
            )
            if bureau.code in STREET_UNITS:
                _street_units(bureau.code, office, district)


def _street_units(bureau: str, office: Department, district: Area) -> None:
    en, zh = STREET_UNITS[bureau]
    for street in Area.objects.filter(parent=district).order_by("id"):
        _department(f"{bureau}_{street.code}", f"{street.name} {en}", f"{_zh(street)}{zh}",
                    office, street)


def _zh(area: Area) -> str:
    return str(area.name_i18n.get("zh-hans") or area.name)


def _department(code: str, name: str, name_zh: str, parent: Department, area: Area) -> Department:
    dept, _ = Department.objects.update_or_create(
        code=code,
        defaults={
            "name": name,
            "name_i18n": {"zh-hans": name_zh},
            "parent": parent,
            "area": area,
            "active": True,
        },
    )
    return dept


def build_channels() -> int:
    """A mailbox per bureau, and one for the city operations centre.

    A bureau's channel hears about cases at bureau level: escalations from
    its district offices above all. The operations centre's channel has no
    department, so it hears about every new case in the city, which makes
    the demo's mail (the files under DATA_DIR/mail) easy to watch.
    """
    count = 0
    for bureau in bureaux():
        _channel(f"{bureau.name} mailbox", f"{bureau.code.replace('_', '-')}@{MAIL_DOMAIN}",
                 bureau, [Kind.NEW_CASE, Kind.CASE_REOPENED, Kind.CASE_OVERDUE,
                          Kind.CASE_ESCALATED])
        count += 1
    _channel("City Operations Centre", f"ops@{MAIL_DOMAIN}", None,
             [Kind.NEW_CASE, Kind.CASE_ESCALATED])
    return count + 1


def _channel(name: str, address: str, department: Department | None, events: list[Kind]) -> None:
    NotificationChannel.objects.update_or_create(
        kind="email",
        target=address,
        defaults={
            "name": name,
            "department": department,
            "events": [str(kind) for kind in events],
            "enabled": True,
        },
    )


def department_levels() -> dict[int, int]:
    parents: dict[int, int | None] = dict(Department.objects.values_list("id", "parent_id"))
    levels: dict[int, int] = {}
    for dept_id in parents:
        depth, node = 1, parents[dept_id]
        while node is not None and depth < 10:
            depth, node = depth + 1, parents.get(node)
        levels[depth] = levels.get(depth, 0) + 1
    return dict(sorted(levels.items()))
