"""What the history generator needs to know about the city, loaded once.

Looking departments, staff and area names up in memory keeps the database
for what matters: the cases and their events.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, tzinfo

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db.models import Q

from cityloop.cases.models import ApiClient
from cityloop.catalogue import snapshot
from cityloop.catalogue.models import Department, ServiceAttribute, ServiceCategory
from cityloop.demo.history.places import Hotspot, Places, load_hotspots
from cityloop.demo.history.texts import Texts
from cityloop.demo.staff import demo_client
from cityloop.geo.models import Area


@dataclass
class World:
    now: datetime
    tz: tzinfo
    texts: Texts
    places: Places
    hotspots: list[Hotspot]
    categories: dict[str, ServiceCategory]
    questions: dict[str, list[ServiceAttribute]]
    departments: dict[str, Department]
    bureau_of: dict[int, str]  # department id -> code of its city bureau
    staff: dict[int, list[User]]  # department id -> who works its cases
    operators: list[User]
    client: ApiClient
    addresses: dict[int, tuple[str, str]]  # area id -> (English, Chinese)

    @classmethod
    def load(cls, now: datetime, tz: tzinfo, rng: random.Random) -> World:
        catalogue = snapshot.current()
        categories = {code: c for code, c in catalogue.categories.items() if c.active}
        departments = {d.code: d for d in Department.objects.all()}
        by_id = {d.pk: d for d in departments.values()}
        return cls(
            now=now,
            tz=tz,
            texts=Texts.load(),
            places=Places(rng),
            hotspots=[h for h in load_hotspots() if set(h.categories) & set(categories)],
            categories=categories,
            questions={code: catalogue.attributes.get(c.pk, []) for code, c in categories.items()},
            departments=departments,
            bureau_of={pk: _bureau(d, by_id).code for pk, d in by_id.items()},
            staff=_staff(by_id),
            operators=list(get_user_model().objects.filter(groups__name="operator")
                           .order_by("username")),
            client=demo_client(),
            addresses=_addresses(),
        )

    def officer(self, department_id: int, rng: random.Random) -> User:
        return rng.choice(self.staff[department_id])

    def office(self, bureau: str, district: str) -> Department:
        """The district office of ``bureau`` in ``district`` (the bureau if it has none)."""
        return self.departments.get(f"{bureau}_{district}") or self.departments[bureau]


def _bureau(dept: Department, by_id: dict[int, Department]) -> Department:
    node = dept
    while node.parent_id is not None and node.parent_id in by_id:
        node = by_id[node.parent_id]
    return node


def _staff(by_id: dict[int, Department]) -> dict[int, list[User]]:
    """Who works each department's cases: its members, else the nearest above."""
    users = {u.pk: u for u in get_user_model().objects.filter(is_active=True, is_staff=True)}
    members: dict[int, list[User]] = defaultdict(list)
    through = Department.members.through.objects.order_by("id")
    for dept_id, user_id in through.values_list("department_id", "user_id"):
        if user_id in users:
            members[dept_id].append(users[user_id])
    fallback = list(get_user_model().objects.filter(Q(is_superuser=True)).order_by("id")[:1])
    out: dict[int, list[User]] = {}
    for pk, dept in by_id.items():
        node: Department | None = dept
        while node is not None and not members.get(node.pk):
            node = by_id.get(node.parent_id) if node.parent_id else None
        out[pk] = members[node.pk] if node is not None else fallback
    return out


def _addresses() -> dict[int, tuple[str, str]]:
    """Each street's address in both languages.

    "Gulou Street, Laocheng District" in English, "老城区鼓楼街道" in Chinese.
    """
    areas = {a.pk: a for a in Area.objects.all()}
    out = {}
    for pk, area in areas.items():
        parent = areas.get(area.parent_id) if area.parent_id else None
        if parent is None or parent.parent_id is None:
            continue  # the city itself, or a district: no street to name
        zh = f"{parent.name_i18n.get('zh-hans', parent.name)}{area.name_i18n.get('zh-hans', '')}"
        out[pk] = (f"{area.name}, {parent.name}", zh)
    return out
